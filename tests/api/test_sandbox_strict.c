/* test_sandbox_strict.c: what the sandbox refuses, and how it holds up on
 * the wire: control characters in a path or query (decoded or raw), NUL
 * bytes in a request line, a flood of idle connections, a write with a
 * Content-Type other than JSON, and search bodies the official request
 * models do not allow. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sandbox_fixture.h"

static struct sandbox *sb;
#define ADMIN SBFIX_ADMIN_TOKEN

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Calls; asserts the HTTP status and, for an error, the ERROR envelope. */
static void expect(const char *method, const char *path, const char *body, long want)
{
	struct sbfix_resp r;
	json_object *o;

	assert_int_equal(sbfix_call(sb, method, path, body, ADMIN, &r), 0);
	if (r.status != want)
		fprintf(stderr, "# %s %s -> %ld %s\n", method, path, r.status, r.body);
	assert_int_equal(r.status, want);
	o = sbfix_json(&r);
	assert_non_null(o);
	assert_int_equal(sbfix_int(o, "status.code"), want);
	assert_string_equal(sbfix_str(o, "status.result"), want == 200 ? "OK" : "ERROR");
	json_object_put(o);
	sbfix_resp_free(&r);
}

static int connect_to(const char *addr)
{
	struct sockaddr_in in;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	memset(&in, 0, sizeof in);
	in.sin_family = AF_INET;
	in.sin_port = htons(sandbox_port(sb));
	inet_pton(AF_INET, addr, &in.sin_addr);
	if (connect(fd, (struct sockaddr *)&in, sizeof in) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Sends n raw bytes on a new connection and reads what comes back until the
 * server closes or wait_s passes. Returns the bytes read (NUL-terminated in
 * out) and the seconds until the answer was complete or the close. */
static size_t raw_exchange(const char *req, size_t n, char *out, size_t outsz,
                           double wait_s, double *took, bool *closed)
{
	int fd = connect_to("127.0.0.1");
	double t0 = now_s();
	size_t got = 0;

	assert_true(fd >= 0);
	assert_int_equal(send(fd, req, n, 0), (ssize_t)n);
	*closed = false;
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		double left = wait_s - (now_s() - t0);
		ssize_t k;
		const char *end, *cl;
		if (left <= 0)
			break;
		if (poll(&p, 1, (int)(left * 1000) + 1) <= 0)
			continue;
		k = recv(fd, out + got, outsz - 1 - got, 0);
		if (k <= 0) {
			*closed = true;
			break;
		}
		got += (size_t)k;
		out[got] = '\0';
		/* A whole answer: headers and Content-Length bytes of body. */
		end = strstr(out, "\r\n\r\n");
		cl = strstr(out, "Content-Length: ");
		if (end && cl && got >= (size_t)(end + 4 - out) + strtoul(cl + 16, NULL, 10))
			break;
		if (got + 1 >= outsz)
			break;
	}
	out[got] = '\0';
	*took = now_s() - t0;
	close(fd);
	return got;
}

static int setup(void **state)
{
	(void)state;
	sb = sbfix_start(40);
	return sb ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	sandbox_stop(sb);
	return 0;
}

static void make_victim(void)
{
	struct sbfix_resp r;

	assert_int_equal(sbfix_call(sb, "POST", "/api/v2/account/serviceaccount",
	                            "{\"identifier\":\"sa::victim\",\"active\":true}", ADMIN, &r), 0);
	assert_true(r.status == 200 || r.status == 409);
	sbfix_resp_free(&r);
	expect("GET", "/api/v2/account/serviceaccount/sa::victim", NULL, 200);
}

/* 13.15: "%00" in a path used to cut it short: deleting
 * "sa::victim%00.anything" deleted sa::victim. */
static void test_control_in_path_or_query(void **state)
{
	(void)state;
	make_victim();
	expect("DELETE", "/api/v2/account/sa::victim%00.anything", NULL, 400);
	expect("GET", "/api/v2/account/serviceaccount/sa::victim", NULL, 200);
	expect("DELETE", "/api/v2/account/sa::victim%0a", NULL, 400);
	expect("DELETE", "/api/v2/account/sa::victim%7F", NULL, 400);
	expect("GET", "/api/v2/account/serviceaccount/sa::victim", NULL, 200);
	expect("GET", "/api/v2/account/serviceaccount?offset=0%00&limit=5", NULL, 400);
	expect("GET", "/api/v2/account/serviceaccount?offset=0&limit=5%1b", NULL, 400);
	/* A plain escape is still fine. */
	expect("GET", "/api/v2/account/serviceaccount/sa%3A%3Avictim", NULL, 200);
	expect("GET", "/api/v2/account/serviceaccount?offset=0&limit=5", NULL, 200);
}

/* 13.16: a request line holding NUL bytes is answered 400 at once; one that
 * starts with them (which libmicrohttpd takes for blank lines and never
 * hands over) has its connection ended within about a second. */
static void test_nul_in_request_line(void **state)
{
	static const char del[] = "DELETE /api/v2/account/sa::victim\0.x HTTP/1.1\r\n"
		"Host: sandbox\r\nContent-Type: application/json\r\n"
		"Authorization: Bearer " ADMIN "\r\n\r\n";
	static const char get[] = "GET /api/v2/apitoken?x=1\0\0 HTTP/1.1\r\nHost: sandbox\r\n"
		"Authorization: Bearer " ADMIN "\r\n\r\n";
	char nuls[140], out[4096];
	double took;
	bool closed;
	(void)state;

	make_victim();
	raw_exchange(del, sizeof del - 1, out, sizeof out, 5, &took, &closed);
	assert_true(strncmp(out, "HTTP/1.1 400 ", 13) == 0);
	assert_non_null(strstr(out, "\"result\":\"ERROR\""));
	assert_true(took < 1.0);
	expect("GET", "/api/v2/account/serviceaccount/sa::victim", NULL, 200);

	raw_exchange(get, sizeof get - 1, out, sizeof out, 5, &took, &closed);
	assert_true(strncmp(out, "HTTP/1.1 400 ", 13) == 0);
	assert_non_null(strstr(out, "\"code\":400"));
	assert_true(took < 1.0);

	memset(nuls, 0, sizeof nuls);
	memcpy(nuls + 100, "\r\n\r\n", 4);
	raw_exchange(nuls, 104, out, sizeof out, 5, &took, &closed);
	assert_true(closed);
	/* libmicrohttpd counts timeouts in whole seconds: 1 s and a little. */
	if (took >= 1.5)
		fprintf(stderr, "# NUL line: connection ended after %.2f s\n", took);
	assert_true(took < 1.5);
}

/* 13.17: with many idle connections open, a new client is still answered
 * within 100 ms. WFT_IDLE_SOCKETS sets how many (default 1500). */
static void test_idle_flood(void **state)
{
	const char *env = getenv("WFT_IDLE_SOCKETS");
	unsigned want = env ? (unsigned)strtoul(env, NULL, 10) : 1500, opened = 0, seen;
	static const char partial[] = "GET /api/v2/apitoken HTTP/1.1\r\nHost: x\r\n";
	struct rlimit rl;
	struct sandbox *big;
	struct sandbox *keep = sb;
	struct sandbox_options o;
	struct sbfix_resp r;
	int *fds;
	double t0, took;
	(void)state;

	/* Both ends are in this process: two descriptors per connection. */
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < 2 * (rlim_t)want + 256) {
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > 2 * (rlim_t)want + 256
			? 2 * (rlim_t)want + 256 : rl.rlim_max;
		assert_int_equal(setrlimit(RLIMIT_NOFILE, &rl), 0);
	}
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < 2 * (rlim_t)want + 256)
		fail_msg("the open-file limit (hard %llu) is too low for %u idle sockets",
		         (unsigned long long)rl.rlim_max, want);
	/* A sandbox started under the raised limit (its connection limit
	 * follows the open-file limit). */
	sandbox_options_init(&o);
	big = sbfix_start_with(&o);
	assert_non_null(big);
	sb = big;

	fds = calloc(want, sizeof *fds);
	assert_non_null(fds);
	for (unsigned i = 0; i < want; i++) {
		/* Half send nothing, half stop after the request line. */
		fds[i] = connect_to("127.0.0.1");
		if (fds[i] < 0)
			break;
		if (i % 2)
			(void)send(fds[i], partial, sizeof partial - 1, 0);
		opened++;
	}
	assert_int_equal(opened, want);
	/* Wait until the server holds them all (it accepts in the background). */
	t0 = now_s();
	while ((seen = sandbox_connections(sb)) < want && now_s() - t0 < 0.9)
		usleep(5000);
	fprintf(stderr, "# %u idle connections open, server holds %u\n", opened, seen);
	assert_true(seen >= want);

	t0 = now_s();
	assert_int_equal(sbfix_call(sb, "GET", "/api/v2/apitoken", NULL, ADMIN, &r), 0);
	took = now_s() - t0;
	fprintf(stderr, "# new client answered in %.1f ms\n", took * 1000);
	assert_int_equal(r.status, 200);
	assert_true(took < 0.100);
	sbfix_resp_free(&r);

	for (unsigned i = 0; i < opened; i++)
		close(fds[i]);
	free(fds);
	sb = keep;
	sandbox_stop(big);
}

/* 14.1: the API consumes application/json; any other type of a write is
 * answered 415 with the ERROR envelope. */
static void test_content_type(void **state)
{
	static const char *const auth[] = { "Authorization: Bearer " ADMIN, NULL };
	const char *url = sandbox_url(sb);
	struct sbfix_resp r;
	json_object *o;
	(void)state;

	/* libcurl's type for an empty POST. */
	assert_int_equal(sbfix_request(url, "POST", "/api/v2/apitoken",
	                               "application/x-www-form-urlencoded", "", 0, auth, &r), 0);
	assert_int_equal(r.status, 415);
	o = sbfix_json(&r);
	assert_int_equal(sbfix_int(o, "status.code"), 415);
	assert_string_equal(sbfix_str(o, "status.result"), "ERROR");
	json_object_put(o);
	sbfix_resp_free(&r);

	assert_int_equal(sbfix_request(url, "POST", "/api/v2/account/serviceaccount/sa::victim/deactivate",
	                               "text/plain", "", 0, auth, &r), 0);
	assert_int_equal(r.status, 415);
	sbfix_resp_free(&r);
	assert_int_equal(sbfix_request(url, "PUT", "/api/v2/account/serviceaccount/sa::victim",
	                               "application/xml", "<a/>", 4, auth, &r), 0);
	assert_int_equal(r.status, 415);
	sbfix_resp_free(&r);
	/* A body with no type at all. */
	assert_int_equal(sbfix_request(url, "POST", "/api/v2/search/token", "", "{}", 2,
	                               auth, &r), 0);
	assert_int_equal(r.status, 415);
	sbfix_resp_free(&r);
	/* The server state did not change: sa::victim is still active. */
	assert_int_equal(sbfix_call(sb, "GET", "/api/v2/account/serviceaccount/sa::victim", NULL,
	                            ADMIN, &r), 0);
	o = sbfix_json(&r);
	assert_int_equal(sbfix_int(o, "response.active"), 1);
	json_object_put(o);
	sbfix_resp_free(&r);

	/* JSON with a charset, and an empty write with no type, are fine. */
	assert_int_equal(sbfix_request(url, "POST", "/api/v2/search/token",
	                               "application/json; charset=UTF-8", "{}", 2, auth, &r), 0);
	assert_int_equal(r.status, 200);
	sbfix_resp_free(&r);
	assert_int_equal(sbfix_request(url, "POST", "/api/v2/account/serviceaccount/sa::victim/activate",
	                               "", "", 0, auth, &r), 0);
	assert_int_equal(r.status, 200);
	sbfix_resp_free(&r);
}

/* 14.3: search bodies are the official models, no more: unknown fields,
 * limit < 1 and an unknown matching method are refused with 400. */
static void test_search_bodies(void **state)
{
	(void)state;
	expect("POST", "/api/v2/search/token", "{\"offset\":0,\"limit\":5}", 200);
	expect("POST", "/api/v2/search/token", "{\"cursor\":\"abc\",\"limit\":5}", 400);
	expect("POST", "/api/v2/search/token", "{\"limit\":0}", 400);
	expect("POST", "/api/v2/search/token", "{\"limit\":-3}", 400);
	expect("POST", "/api/v2/search/token",
	       "{\"query\":[{\"key\":\"name\",\"value\":\"a\",\"matchingMethod\":\"FUZZY\"}]}", 400);
	expect("POST", "/api/v2/search/token",
	       "{\"query\":[{\"key\":\"name\",\"value\":\"a\",\"matchingMethod\":\"contains\"}]}", 400);
	expect("POST", "/api/v2/search/token",
	       "{\"query\":[{\"key\":\"name\",\"value\":\"a\",\"match\":\"EXACT\"}]}", 400);
	expect("POST", "/api/v2/search/token", "{\"sort\":{\"field\":\"name\",\"order\":\"up\"}}", 400);
	expect("POST", "/api/v2/search/token",
	       "{\"query\":[{\"key\":\"account\",\"value\":\"sa::victim\",\"matchingMethod\":\"TAGPATH\"}]}",
	       200);
	/* A facet request has no sort; a facets request has no offset. */
	expect("POST", "/api/v2/search/token/accountType", "{\"offset\":0,\"limit\":5}", 200);
	expect("POST", "/api/v2/search/token/accountType",
	       "{\"sort\":{\"field\":\"name\",\"ascending\":true}}", 400);
	expect("POST", "/api/v2/search/token/facets", "{\"facets\":[\"accountType\"],\"limit\":5}", 200);
	expect("POST", "/api/v2/search/token/facets",
	       "{\"facets\":[\"accountType\"],\"offset\":0}", 400);
	expect("POST", "/api/v2/search/token/facets",
	       "{\"facets\":[\"accountType\"],\"facetQueryMatchingMethod\":\"LIKE\"}", 400);
	expect("POST", "/api/v2/search/serviceaccount", "{\"limit\":0}", 400);
	expect("POST", "/api/v2/search/serviceaccount", "{\"limit\":1,\"page\":2}", 400);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_control_in_path_or_query),
		cmocka_unit_test(test_nul_in_request_line),
		cmocka_unit_test(test_content_type),
		cmocka_unit_test(test_search_bodies),
		cmocka_unit_test(test_idle_flood),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
