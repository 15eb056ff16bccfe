/* test_http.c: the HTTP engine without a server: URL rules, refused and
 * silent sockets, retries with back-off, cancellation, the extra fd. */
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
#include <sys/socket.h>
#include <unistd.h>

#include "http.h"

struct result {
	int calls;
	enum wft_status code;
	long status;
	int attempts;
	char message[512];
};

struct notices {
	int n;
	char last[200];
};

static void on_done(void *ud, const struct wft_http_response *r)
{
	struct result *res = ud;

	res->calls++;
	res->code = r->code;
	res->status = r->status;
	res->attempts = r->attempts;
	snprintf(res->message, sizeof res->message, "%s", r->err.message);
}

static void on_retry(void *ud, const char *label, const char *message)
{
	struct notices *n = ud;

	(void)label;
	n->n++;
	snprintf(n->last, sizeof n->last, "%s", message);
}

/* A port on 127.0.0.1 where nothing listens (bound, then closed). */
static int closed_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t l = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &l), 0);
	close(fd);
	return ntohs(a.sin_port);
}

/* A socket that accepts connections in the kernel and never answers. */
static int silent_listener(int *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t l = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(fd, 8), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &l), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

static void url_rules(void **state)
{
	struct wft_error err;
	(void)state;

	assert_int_equal(wft_http_check_url("https://example.wavefront.com", &err), WFT_OK);
	assert_int_equal(wft_http_check_url("http://127.0.0.1:8080/", &err), WFT_OK);
	assert_int_equal(wft_http_check_url("http://127.9.8.7/", &err), WFT_OK);
	assert_int_equal(wft_http_check_url("http://localhost:1234", &err), WFT_OK);
	assert_int_equal(wft_http_check_url("http://[::1]:1234/api", &err), WFT_OK);

	assert_int_equal(wft_http_check_url("http://example.com/", &err), WFT_ERR_INVALID);
	assert_non_null(strstr(err.message, "https://example.com"));
	assert_int_equal(wft_http_check_url("http://128.0.0.1/", &err), WFT_ERR_INVALID);
	assert_int_equal(wft_http_check_url("http://[::2]/", &err), WFT_ERR_INVALID);
	assert_int_equal(wft_http_check_url("ftp://127.0.0.1/", &err), WFT_ERR_INVALID);
	assert_int_equal(wft_http_check_url("https://user:s3cret@example.com/", &err),
	                 WFT_ERR_INVALID);
	assert_null(strstr(err.message, "s3cret"));
	assert_int_equal(wft_http_check_url("", &err), WFT_ERR_INVALID);
	assert_int_equal(wft_http_check_url("https://", &err), WFT_ERR_INVALID);
	assert_string_equal(wft_http_user_agent(), "wftokens/" PACKAGE_VERSION);
}

static void start_refuses_remote_http(void **state)
{
	struct wft_http *h;
	struct wft_error err;
	struct result res = { 0 };
	struct wft_http_request rq = { .method = "GET", .url = "http://example.com/api/v2",
	                               .done = on_done, .ud = &res };
	(void)state;

	assert_int_equal(wft_http_new(&h, NULL, &err), WFT_OK);
	assert_null(wft_http_start(h, &rq, &err));
	assert_int_equal(err.code, WFT_ERR_INVALID);
	assert_int_equal(wft_http_pending(h), 0);
	wft_http_free(h);
	assert_int_equal(res.calls, 0);
}

static void refused_connection_is_retried_when_idempotent(void **state)
{
	struct notices n = { 0 };
	struct wft_http_options o = { .max_attempts = 3, .backoff_base_ms = 4,
	                              .backoff_max_ms = 10, .on_retry = on_retry,
	                              .on_retry_ud = &n };
	struct wft_http *h;
	struct wft_error err;
	struct result res = { 0 };
	char url[64];
	struct wft_http_request rq = { .method = "GET", .url = url, .label = "GET /x",
	                               .idempotent = true, .done = on_done, .ud = &res };
	struct wft_http_req *req;
	(void)state;

	snprintf(url, sizeof url, "http://127.0.0.1:%d/api/v2/x", closed_port());
	assert_int_equal(wft_http_new(&h, &o, &err), WFT_OK);
	req = wft_http_start(h, &rq, &err);
	assert_non_null(req);
	assert_int_equal(wft_http_wait(h, req, &err), WFT_OK);
	assert_int_equal(res.calls, 1);
	assert_int_equal(res.code, WFT_ERR_NETWORK);
	assert_int_equal(res.attempts, 3);
	assert_int_equal(n.n, 2);
	assert_non_null(strstr(n.last, "the connection failed, retrying in"));
	assert_non_null(strstr(res.message, "could not connect to 127.0.0.1"));
	assert_int_equal(wft_http_pending(h), 0);
	wft_http_free(h);
}

static void generation_is_never_retried(void **state)
{
	struct notices n = { 0 };
	struct wft_http_options o = { .max_attempts = 4, .backoff_base_ms = 1,
	                              .on_retry = on_retry, .on_retry_ud = &n };
	struct wft_http *h;
	struct wft_error err;
	struct result res = { 0 };
	char url[64];
	struct wft_http_request rq = { .method = "POST", .url = url,
	                               .done = on_done, .ud = &res };
	(void)state;

	snprintf(url, sizeof url, "http://127.0.0.1:%d/api/v2/apitoken", closed_port());
	assert_int_equal(wft_http_new(&h, &o, &err), WFT_OK);
	assert_non_null(wft_http_start(h, &rq, &err));
	assert_int_equal(wft_http_drain(h, &err), WFT_OK);
	assert_int_equal(res.calls, 1);
	assert_int_equal(res.attempts, 1);
	assert_int_equal(n.n, 0);
	wft_http_free(h);
}

static void cancel_during_backoff(void **state)
{
	struct wft_http_options o = { .max_attempts = 4, .backoff_base_ms = 5000,
	                              .backoff_max_ms = 5000 };
	struct wft_http *h;
	struct wft_error err;
	struct result res = { 0 };
	char url[64];
	struct wft_http_request rq = { .method = "GET", .url = url, .label = "GET /y",
	                               .idempotent = true, .done = on_done, .ud = &res };
	struct wft_http_req *req;
	int spins = 0;
	(void)state;

	snprintf(url, sizeof url, "http://127.0.0.1:%d/", closed_port());
	assert_int_equal(wft_http_new(&h, &o, &err), WFT_OK);
	req = wft_http_start(h, &rq, &err);
	assert_non_null(req);
	/* Poll until the first attempt failed and the back-off timer runs. */
	while (wft_http_timeout_ms(h) < 0 && spins++ < 200)
		assert_int_equal(wft_http_poll(h, -1, 10, NULL, &err), WFT_OK);
	assert_true(wft_http_timeout_ms(h) > 1000);
	assert_true(wft_http_timeout_ms(h) <= 5000);
	assert_int_equal(res.calls, 0);
	wft_http_cancel(h, req);
	assert_int_equal(res.calls, 1);
	assert_int_equal(res.code, WFT_ERR_CANCELLED);
	assert_int_equal(wft_http_pending(h), 0);
	assert_int_equal(wft_http_timeout_ms(h), -1);
	wft_http_free(h);
}

static void silent_server_times_out(void **state)
{
	struct wft_http_options o = { .timeout_ms = 300 };
	struct wft_http *h;
	struct wft_error err;
	struct result res = { 0 };
	char url[64];
	struct wft_http_request rq = { .method = "GET", .url = url,
	                               .done = on_done, .ud = &res };
	int port, fd = silent_listener(&port);
	(void)state;

	snprintf(url, sizeof url, "http://127.0.0.1:%d/", port);
	assert_int_equal(wft_http_new(&h, &o, &err), WFT_OK);
	assert_non_null(wft_http_start(h, &rq, &err));
	assert_int_equal(wft_http_drain(h, &err), WFT_OK);
	assert_int_equal(res.code, WFT_ERR_NETWORK);
	assert_string_equal(res.message, "the server did not answer within 0.3 s");
	wft_http_free(h);
	close(fd);
}

static void free_cancels_pending(void **state)
{
	struct wft_http *h;
	struct wft_error err;
	struct result a = { 0 }, b = { 0 };
	char url[64];
	struct wft_http_request ra = { .method = "GET", .url = url, .done = on_done, .ud = &a };
	struct wft_http_request rb = { .method = "DELETE", .url = url, .done = on_done, .ud = &b };
	int port, fd = silent_listener(&port);
	(void)state;

	snprintf(url, sizeof url, "http://127.0.0.1:%d/", port);
	assert_int_equal(wft_http_new(&h, NULL, &err), WFT_OK);
	assert_non_null(wft_http_start(h, &ra, &err));
	assert_non_null(wft_http_start(h, &rb, &err));
	assert_int_equal(wft_http_pending(h), 2);
	assert_int_equal(wft_http_poll(h, -1, 20, NULL, &err), WFT_OK);
	wft_http_free(h);
	assert_int_equal(a.calls, 1);
	assert_int_equal(b.calls, 1);
	assert_int_equal(a.code, WFT_ERR_CANCELLED);
	close(fd);
}

static void extra_fd_wakes_poll(void **state)
{
	struct wft_http *h;
	struct wft_error err;
	int p[2];
	bool ready = true;
	(void)state;

	assert_int_equal(pipe(p), 0);
	assert_int_equal(wft_http_new(&h, NULL, &err), WFT_OK);
	assert_int_equal(wft_http_poll(h, p[0], 10, &ready, &err), WFT_OK);
	assert_false(ready);
	assert_int_equal(write(p[1], "k", 1), 1);
	assert_int_equal(wft_http_poll(h, p[0], 5000, &ready, &err), WFT_OK);
	assert_true(ready);
	wft_http_free(h);
	close(p[0]);
	close(p[1]);
}

static void unreadable_cacert_is_refused(void **state)
{
	struct wft_http_options o = { .cacert = "/nonexistent/ca.pem" };
	struct wft_http *h;
	struct wft_error err;
	(void)state;

	assert_int_equal(wft_http_new(&h, &o, &err), WFT_ERR_INVALID);
	assert_null(h);
	assert_non_null(strstr(err.message, "/nonexistent/ca.pem"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(url_rules),
		cmocka_unit_test(start_refuses_remote_http),
		cmocka_unit_test(refused_connection_is_retried_when_idempotent),
		cmocka_unit_test(generation_is_never_retried),
		cmocka_unit_test(cancel_during_backoff),
		cmocka_unit_test(silent_server_times_out),
		cmocka_unit_test(free_cancels_pending),
		cmocka_unit_test(extra_fd_wakes_poll),
		cmocka_unit_test(unreadable_cacert_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
