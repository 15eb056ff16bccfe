/* test_call.c: the call layer under the API clients (src/call.c): URLs,
 * bodies, the last word on an error, and calls through a real engine to a
 * one-process loopback server (forked): what is sent (bearer, Content-Type,
 * encoded path), the hooks and the order they run in, one sign-in again
 * after a 401, --dry-run, cancel,
 * pages sent again, the sink, and what the layer frees. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "call.h"

/* ---- a client with hooks that record ---- */

struct seen {
	int answers, fails, releases, sunk;
	long told;                     /* the length a sink was told first, -1: none */
	enum wft_status st;
	long status;
	bool body_unread;
	char message[512];
	char body[256];
	int pages_left;             /* answers that send the call again */
};

struct tcall {
	struct call call;
	struct seen *seen;
};

static void t_answer(struct call *call, const struct wft_http_response *r, enum wft_status st,
                     const struct wft_error *err)
{
	struct tcall *c = (struct tcall *)call;
	struct wft_error e;

	c->seen->answers++;
	c->seen->st = st;
	c->seen->status = r->status;
	c->seen->body_unread = err->body_unread;
	snprintf(c->seen->message, sizeof c->seen->message, "%s", err->message);
	snprintf(c->seen->body, sizeof c->seen->body, "%s", r->body ? r->body : "");
	if (st == WFT_OK && c->seen->pages_left > 0) {
		c->seen->pages_left--;
		wft_error_clear(&e);
		if (call_next_page(call, &e) == WFT_OK && call_send(call, &e) == WFT_OK)
			return;
		call_fail(call, &e);
		return;
	}
	call_end(call);
}

static void t_fail(struct call *call, const struct wft_error *err)
{
	struct tcall *c = (struct tcall *)call;

	c->seen->fails++;
	c->seen->st = err->code;
	snprintf(c->seen->message, sizeof c->seen->message, "%s", err->message);
	call_end(call);
}

static void t_release(struct call *call)
{
	((struct tcall *)call)->seen->releases++;
}

static const struct call_ops t_ops = { t_answer, t_fail, t_release };

struct fixture {
	struct wft_http *http;
	struct wft_auth *auth;
	struct call_client cl;
};

/* With csp, the client signs in at url with a CSP API token; otherwise
 * its bearer is an API token. */
static void fixture_open_as(struct fixture *f, const char *url, bool csp)
{
	struct wft_auth_params p = { .method = WFT_AUTH_TOKEN,
	                             .token = "a0b1c2d3-e4f5-4a6b-8c7d-9e8f7a6b5c4d" };
	struct wft_auth_params pc = { .method = WFT_AUTH_CSP_API_TOKEN,
	                              .csp_api_token = "csp-refresh-token", .csp_url = url };
	struct wft_http_options o = { .max_attempts = 1, .timeout_ms = 5000 };
	struct wft_error err;

	assert_int_equal(wft_http_new(&f->http, &o, &err), WFT_OK);
	assert_int_equal(wft_auth_new(&f->auth, csp ? &pc : &p, f->http, &err), WFT_OK);
	assert_int_equal(call_client_init(&f->cl, url, f->http, f->auth, &t_ops, &err), WFT_OK);
}

static void fixture_open(struct fixture *f, const char *url)
{
	fixture_open_as(f, url, false);
}

static void fixture_close(struct fixture *f)
{
	call_client_clear(&f->cl);
	wft_auth_free(f->auth);
	wft_http_free(f->http);
}

static struct tcall *tcall_new(struct fixture *f, const char *method, const char *path,
                               const char *body, struct seen *seen)
{
	struct tcall *c = calloc(1, sizeof *c);
	struct call_path p = { .path = path };

	assert_non_null(c);
	c->call.method = method;
	c->call.label = method;
	c->call.url = call_url(f->cl.origin, &p);
	c->call.body = body ? strdup(body) : NULL;
	c->call.body_len = body ? strlen(body) : 0;
	c->call.ctx.label = method;
	c->seen = seen;
	return c;
}

/* ---- a loopback server in a child process ---- */

struct server {
	pid_t pid;
	int port;
	int requests_fd;            /* the requests as the child read them */
};

/* Reads one request (head and Content-Length body) from fd into buf. */
static size_t read_request(int fd, char *buf, size_t cap)
{
	size_t n = 0;
	char *end;
	long clen = 0;

	while (n + 1 < cap) {
		ssize_t r = read(fd, buf + n, cap - 1 - n);
		if (r <= 0)
			break;
		n += (size_t)r;
		buf[n] = '\0';
		if ((end = strstr(buf, "\r\n\r\n"))) {
			const char *cl = strstr(buf, "Content-Length: ");
			clen = cl ? strtol(cl + 16, NULL, 10) : 0;
			if (n >= (size_t)(end + 4 - buf) + (size_t)clen)
				break;
		}
	}
	buf[n] = '\0';
	return n;
}

/* Serves n connections, the i-th answered with replies[i] (the last one
 * again when there are fewer); writes each request to the pipe. */
static void server_start_with(struct server *s, int n, const char *const *replies, int n_replies)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t l = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), pfd[2];

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(fd, 8), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &l), 0);
	assert_int_equal(pipe(pfd), 0);
	s->port = ntohs(a.sin_port);
	if ((s->pid = fork()) == 0) {
		static char buf[16384];
		close(pfd[0]);
		for (int i = 0; i < n; i++) {
			int c = accept(fd, NULL, NULL);
			size_t got = c < 0 ? 0 : read_request(c, buf, sizeof buf);
			const char *reply = replies[i < n_replies ? i : n_replies - 1];
			if (write(pfd[1], buf, got) < 0 || write(pfd[1], "\n=====\n", 7) < 0 ||
			    write(c, reply, strlen(reply)) < 0)
				_exit(1);
			close(c);
		}
		_exit(0);
	}
	close(fd);
	close(pfd[1]);
	s->requests_fd = pfd[0];
}

static void server_start(struct server *s, int n, const char *reply)
{
	server_start_with(s, n, &reply, 1);
}

/* Waits for the child; the requests it read, in buf. */
static void server_stop(struct server *s, char *buf, size_t cap)
{
	size_t n = 0;
	ssize_t r;
	int status;

	while (n + 1 < cap && (r = read(s->requests_fd, buf + n, cap - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = '\0';
	close(s->requests_fd);
	assert_int_equal(waitpid(s->pid, &status, 0), s->pid);
}

static void server_url(const struct server *s, char *url, size_t cap)
{
	snprintf(url, cap, "http://127.0.0.1:%d///", s->port);
}

#define REPLY(status, body) "HTTP/1.1 " status "\r\nConnection: close\r\n" \
	"Content-Type: application/json\r\nContent-Length: " #body "\r\n\r\n"

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* Whether the request that starts with first holds text. */
static bool request_has(const char *reqs, const char *first, const char *text)
{
	const char *start = strstr(reqs, first), *end, *hit;

	assert_non_null(start);
	end = strstr(start, "\n=====\n");
	hit = strstr(start, text);
	return hit && (!end || hit < end);
}

/* ---- tests ---- */

static void urls_are_built_and_encoded(void **state)
{
	struct call_path p = { .prefix = "/base", .path = "/orgs", .seg = { "a b/c", "sa::x@y" },
	                       .mid = "/apps", .suffix = "/secret", .query = "q=1" };
	struct wft_error err;
	char small[10] = "ab";
	char *u;
	(void)state;

	u = call_url("https://h.example", &p);
	assert_string_equal(u, "https://h.example/base/orgs/a%20b%2Fc/apps/sa%3A%3Ax%40y/secret?q=1");
	free(u);
	p.plain = ":@";
	u = call_url("https://h.example", &p);
	assert_string_equal(u, "https://h.example/base/orgs/a%20b%2Fc/apps/sa::x@y/secret?q=1");
	free(u);
	assert_true(call_append_encoded(small, sizeof small, "-._~", NULL));
	assert_string_equal(small, "ab-._~");
	small[2] = '\0';
	assert_false(call_append_encoded(small, sizeof small, "????", NULL));

	const char *ok[2] = { "x", NULL }, *empty[2] = { "x", "" };
	char longer[CALL_MAX_SEG + 2];
	memset(longer, 'a', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	const char *too_long[2] = { longer, NULL };
	assert_int_equal(call_check_segments(ok, "GET /x/{id}", &err), WFT_OK);
	assert_int_equal(call_check_segments(empty, "GET /x/{id}", &err), WFT_ERR_INVALID);
	assert_string_equal(err.message, "GET /x/{id}: an empty or overlong identifier");
	assert_int_equal(call_check_segments(too_long, "GET /x", &err), WFT_ERR_INVALID);
}

static void json_is_taken_and_errors_settled(void **state)
{
	json_object *o = json_object_new_object();
	struct wft_error err;
	char *s;
	(void)state;

	assert_null(call_json_take(NULL));
	json_object_object_add(o, "tokenID", json_object_new_string("x"));
	s = call_json_take(o);
	assert_string_equal(s, "{\"tokenID\":\"x\"}");
	free(s);

	wft_error_set(&err, WFT_ERR_PARSE, "old words");
	assert_false(call_settle(&err, WFT_OK, "GET /x"));
	assert_int_equal(err.code, WFT_OK);
	assert_string_equal(err.message, "");
	assert_true(call_settle(&err, WFT_ERR_NOMEM, "GET /x"));
	assert_int_equal(err.code, WFT_ERR_NOMEM);
	assert_string_equal(err.message, "GET /x: out of memory");
	wft_error_set(&err, WFT_ERR_PARSE, "unreadable");
	assert_true(call_settle(&err, WFT_ERR_PARSE, "GET /x"));
	assert_string_equal(err.message, "unreadable");
}

static void client_url_is_checked_and_trimmed(void **state)
{
	struct call_client cl;
	struct wft_error err;
	(void)state;

	assert_int_equal(call_client_init(&cl, "http://example.com", NULL, NULL, &t_ops, &err),
	                 WFT_ERR_INVALID);
	assert_int_equal(call_client_init(&cl, "https://h.example//", NULL, NULL, &t_ops, &err),
	                 WFT_OK);
	assert_string_equal(cl.origin, "https://h.example");
	call_client_clear(&cl);
}

static void a_call_that_cannot_start_runs_no_hook(void **state)
{
	struct fixture f;
	struct seen seen = { 0 };
	struct wft_error err;
	struct tcall *c;
	(void)state;

	fixture_open(&f, "http://127.0.0.1:9");
	c = tcall_new(&f, "POST", "/x", "{\"tokenID\":\"s\"}", &seen);
	free(c->call.url);
	c->call.url = NULL;
	assert_int_equal(call_start(&f.cl, &c->call, &err), WFT_ERR_NOMEM);
	assert_int_equal(seen.releases, 1);     /* freed, body too (ASan says) */
	assert_int_equal(seen.answers + seen.fails, 0);
	assert_int_equal(call_pending(&f.cl), 0);
	fixture_close(&f);
}

static void what_is_sent_and_answered(void **state)
{
	struct server s;
	struct fixture f;
	struct seen seen = { 0 };
	struct wft_error err;
	struct tcall *c;
	char url[64], reqs[16384];
	(void)state;

	server_start(&s, 3, REPLY("200 OK", 11) "{\"ok\":true}");
	server_url(&s, url, sizeof url);
	fixture_open(&f, url);
	/* Every write names its type, with a body or without; a read does not. */
	c = tcall_new(&f, "POST", "/api/v2/x", "{\"a\":1}", &seen);
	assert_int_equal(call_start(&f.cl, &c->call, &err), WFT_OK);
	assert_int_equal(call_pending(&f.cl), 1);
	assert_int_equal(call_wait(&f.cl, &c->call, &err), WFT_OK);
	assert_int_equal(call_pending(&f.cl), 0);
	c = tcall_new(&f, "DELETE", "/api/v2/y", NULL, &seen);
	assert_int_equal(call_start(&f.cl, &c->call, &err), WFT_OK);
	assert_int_equal(call_wait(&f.cl, &c->call, &err), WFT_OK);
	c = tcall_new(&f, "GET", "/api/v2/z", NULL, &seen);
	assert_int_equal(call_start(&f.cl, &c->call, &err), WFT_OK);
	assert_int_equal(call_wait(&f.cl, &c->call, &err), WFT_OK);
	fixture_close(&f);
	server_stop(&s, reqs, sizeof reqs);

	assert_int_equal(seen.answers, 3);
	assert_int_equal(seen.releases, 3);
	assert_int_equal(seen.st, WFT_OK);
	assert_int_equal(seen.status, 200);
	assert_string_equal(seen.body, "{\"ok\":true}");
	assert_non_null(strstr(reqs, "POST /api/v2/x HTTP/1.1"));
	assert_non_null(strstr(reqs, "DELETE /api/v2/y HTTP/1.1"));
	assert_non_null(strstr(reqs, "GET /api/v2/z HTTP/1.1"));
	assert_int_equal(count(reqs, "Authorization: Bearer a0b1c2d3-e4f5-4a6b-8c7d-9e8f7a6b5c4d"), 3);
	assert_int_equal(count(reqs, "Content-Type: application/json"), 2);
	assert_true(request_has(reqs, "POST /api/v2/x", "Content-Type: application/json"));
	assert_true(request_has(reqs, "DELETE /api/v2/y", "Content-Type: application/json"));
	assert_false(request_has(reqs, "GET /api/v2/z", "Content-Type"));
}

static bool t_sink(void *ud, const char *data, size_t len, struct wft_error *err)
{
	struct seen *seen = ud;

	(void)err;
	/* The engine tells the length first, when the answer says it. */
	if (!data)
		seen->told = (long)len;
	else
		seen->sunk += (int)len;
	return true;
}

/* One call to a server that answers every connection with reply (as many
 * connections as the call takes pages); what was sent, in reqs. */
static void one_call(const char *reply, const char *path, struct seen *seen, struct seen *sunk,
                     char *reqs, size_t cap)
{
	struct server s;
	struct fixture f;
	struct wft_error err;
	struct tcall *c;
	char url[64];

	server_start(&s, seen->pages_left + 1, reply);
	server_url(&s, url, sizeof url);
	fixture_open(&f, url);
	c = tcall_new(&f, "GET", path, NULL, seen);
	if (sunk) {
		c->call.sink = t_sink;
		c->call.sink_ud = sunk;
	}
	assert_int_equal(call_start(&f.cl, &c->call, &err), WFT_OK);
	assert_int_equal(call_wait(&f.cl, &c->call, &err), WFT_OK);
	fixture_close(&f);
	server_stop(&s, reqs, cap);
}

static void an_unreadable_error_is_marked(void **state)
{
	struct seen seen = { 0 };
	char reqs[4096];
	(void)state;

	one_call(REPLY("500 Internal Server Error", 5) "oops!", "/api/v2/x", &seen, NULL,
	         reqs, sizeof reqs);
	assert_int_equal(seen.answers, 1);
	assert_int_not_equal(seen.st, WFT_OK);
	assert_int_equal(seen.status, 500);
	assert_true(seen.body_unread);
}

static void pages_send_the_call_again(void **state)
{
	struct seen seen = { .pages_left = 2 };
	char reqs[16384];
	(void)state;

	one_call(REPLY("200 OK", 2) "{}", "/api/v2/list", &seen, NULL, reqs, sizeof reqs);
	assert_int_equal(seen.answers, 3);
	assert_int_equal(seen.releases, 1);
	assert_int_equal(count(reqs, "GET /api/v2/list HTTP/1.1"), 3);
}

static void a_sink_gets_the_body_with_its_own_ud(void **state)
{
	struct seen seen = { 0 }, sunk = { .told = -1 };
	char reqs[4096];
	(void)state;

	one_call(REPLY("200 OK", 11) "{\"ok\":true}", "/api/v2/all", &seen, &sunk,
	         reqs, sizeof reqs);
	assert_int_equal(sunk.told, 11);
	assert_int_equal(sunk.sunk, 11);
	assert_int_equal(seen.sunk, 0);
	assert_int_equal(seen.answers, 1);
	assert_string_equal(seen.body, "");
}

#define SIGNED_IN(tok) REPLY("200 OK", 60) "{\"access_token\":\"" tok "\",\"expires_in\":1799}"
#define REFUSED REPLY("401 Unauthorized", 2) "{}"

/* Calls one GET through a CSP sign-in, the server answering in order. */
static void signed_in_call(const char *const *replies, int n, struct seen *seen, char *reqs,
                           size_t cap)
{
	struct server s;
	struct fixture f;
	struct wft_error err;
	struct tcall *c;
	char url[64];

	server_start_with(&s, n, replies, n);
	server_url(&s, url, sizeof url);
	fixture_open_as(&f, url, true);
	c = tcall_new(&f, "GET", "/api/v2/x", NULL, seen);
	assert_int_equal(call_start(&f.cl, &c->call, &err), WFT_OK);
	assert_int_equal(call_wait(&f.cl, &c->call, &err), WFT_OK);
	fixture_close(&f);
	server_stop(&s, reqs, cap);
}

static void a_401_signs_in_again_once(void **state)
{
	const char *again[] = { SIGNED_IN("access-token-number-one"), REFUSED,
	                        SIGNED_IN("access-token-number-two"), REPLY("200 OK", 2) "{}" };
	const char *twice[] = { SIGNED_IN("access-token-number-one"), REFUSED,
	                        SIGNED_IN("access-token-number-two"), REFUSED };
	struct seen seen = { 0 };
	char reqs[16384];
	(void)state;

	signed_in_call(again, 4, &seen, reqs, sizeof reqs);
	assert_int_equal(seen.answers, 1);
	assert_int_equal(seen.st, WFT_OK);
	assert_int_equal(count(reqs, "api-tokens/authorize"), 2);
	assert_true(request_has(reqs, "GET /api/v2/x", "Bearer access-token-number-one"));
	assert_true(request_has(strstr(reqs, "Bearer access-token-number-one"), "GET /api/v2/x",
	                        "Bearer access-token-number-two"));

	memset(&seen, 0, sizeof seen);
	signed_in_call(twice, 4, &seen, reqs, sizeof reqs);
	assert_int_equal(seen.answers, 1);
	assert_int_not_equal(seen.st, WFT_OK);
	assert_int_equal(seen.status, 401);
	assert_int_equal(count(reqs, "GET /api/v2/x"), 2);
}

static void dry_run_holds_back_changes_only(void **state)
{
	struct fixture f;
	struct seen seen = { 0 };
	struct wft_error err;
	struct tcall *c;
	char url[64];
	int fd;
	(void)state;

	/* A port where nothing listens: a read that goes out fails there. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	{
		struct sockaddr_in a = { .sin_family = AF_INET };
		socklen_t l = sizeof a;
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
		assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &l), 0);
		snprintf(url, sizeof url, "http://127.0.0.1:%d", ntohs(a.sin_port));
	}
	close(fd);
	fixture_open(&f, url);
	f.cl.dry_run = true;
	c = tcall_new(&f, "PUT", "/api/v2/t", "{\"tokenID\":\"a0b1c2d3-e4f5-4a6b-8c7d-9e8f7a6b5c4d\"}",
	              &seen);
	assert_int_equal(call_start(&f.cl, &c->call, &err), WFT_OK);
	assert_int_equal(call_wait(&f.cl, &c->call, &err), WFT_OK);
	assert_int_equal(seen.st, WFT_ERR_DRY_RUN);
	assert_non_null(strstr(seen.message, "PUT /api/v2/t"));
	assert_null(strstr(seen.message, "a0b1c2d3-e4f5-4a6b-8c7d-9e8f7a6b5c4d"));
	/* A POST that reads is sent (and fails to connect). */
	c = tcall_new(&f, "POST", "/api/v2/search/token", "{}", &seen);
	c->call.read = true;
	assert_int_equal(call_start(&f.cl, &c->call, &err), WFT_OK);
	assert_int_equal(call_wait(&f.cl, &c->call, &err), WFT_OK);
	assert_int_not_equal(seen.st, WFT_ERR_DRY_RUN);
	assert_int_not_equal(seen.st, WFT_OK);
	assert_int_equal(seen.answers, 2);
	fixture_close(&f);
}

static void cancel_and_clear_end_every_call_once(void **state)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t l = sizeof a;
	struct fixture f;
	struct seen seen = { 0 };
	struct wft_error err;
	struct tcall *c1, *c2, *c3;
	char url[64];
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	(void)state;

	/* Accepts in the kernel, never answers. */
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(fd, 8), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &l), 0);
	snprintf(url, sizeof url, "http://127.0.0.1:%d", ntohs(a.sin_port));
	fixture_open(&f, url);
	c1 = tcall_new(&f, "GET", "/a", NULL, &seen);
	c2 = tcall_new(&f, "GET", "/b", NULL, &seen);
	c3 = tcall_new(&f, "GET", "/c", NULL, &seen);
	assert_int_equal(call_start(&f.cl, &c1->call, &err), WFT_OK);
	assert_int_equal(call_start(&f.cl, &c2->call, &err), WFT_OK);
	assert_int_equal(call_start(&f.cl, &c3->call, &err), WFT_OK);
	assert_int_equal(call_pending(&f.cl), 3);
	wft_http_poll(f.http, -1, 50, NULL, &err);
	call_cancel(&f.cl, &c2->call);
	assert_int_equal(seen.answers, 1);
	assert_int_equal(seen.st, WFT_ERR_CANCELLED);
	assert_int_equal(call_pending(&f.cl), 2);
	call_cancel(&f.cl, NULL);
	fixture_close(&f);   /* the other two end too, once each */
	assert_int_equal(seen.answers + seen.fails, 3);
	assert_int_equal(seen.releases, 3);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(urls_are_built_and_encoded),
		cmocka_unit_test(json_is_taken_and_errors_settled),
		cmocka_unit_test(client_url_is_checked_and_trimmed),
		cmocka_unit_test(a_call_that_cannot_start_runs_no_hook),
		cmocka_unit_test(what_is_sent_and_answered),
		cmocka_unit_test(an_unreadable_error_is_marked),
		cmocka_unit_test(pages_send_the_call_again),
		cmocka_unit_test(a_sink_gets_the_body_with_its_own_ud),
		cmocka_unit_test(a_401_signs_in_again_once),
		cmocka_unit_test(dry_run_holds_back_changes_only),
		cmocka_unit_test(cancel_and_clear_end_every_call_once),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
