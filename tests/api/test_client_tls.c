/* test_client_tls.c: the client over TLS to the sandbox, with a test CA made
 * by openssl at test time: verified with --cacert, refused without it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <unistd.h>

#include "api.h"
#include "sandbox_fixture.h"

static char dir[64] = "/tmp/wft-tls-XXXXXX";
static char ca[128], cert[128], key[128];
static struct sandbox *sb;


static int setup(void **state)
{
	struct sandbox_options o;
	char cmd[2048];
	(void)state;

	if (!mkdtemp(dir))
		return -1;
	snprintf(ca, sizeof ca, "%s/ca.pem", dir);
	snprintf(cert, sizeof cert, "%s/cert.pem", dir);
	snprintf(key, sizeof key, "%s/key.pem", dir);
	snprintf(cmd, sizeof cmd, "cd %s && openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=wft-test-ca "
	       "-keyout ca.key -out ca.pem 2>/dev/null && "
	       "openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout key.pem "
	       "-out req.pem 2>/dev/null && "
	       "printf 'subjectAltName=IP:127.0.0.1\\n' > ext && "
	       "openssl x509 -req -in req.pem -CA ca.pem -CAkey ca.key -CAcreateserial "
	       "-days 1 -extfile ext -out cert.pem 2>/dev/null", dir);
	if (system(cmd) != 0)
		return -1;
	sandbox_options_init(&o);
	o.tls_cert = cert;
	o.tls_key = key;
	sb = sbfix_start_with(&o);
	return sb ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];

	sandbox_stop(sb);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int calls;
static struct wft_error got;

static void done(void *ud, struct wft_api_result *res)
{
	(void)ud;
	calls++;
	got = res->err;
}

static void run(const char *cacert)
{
	struct wft_http_options ho = { .cacert = cacert, .timeout_ms = 3000,
	                               .max_attempts = 1 };
	struct wft_auth_params ap = { .method = WFT_AUTH_TOKEN, .token = SBFIX_ADMIN_TOKEN };
	struct wft_http *h;
	struct wft_auth *a;
	struct wft_api *api;
	struct wft_error err;
	struct wft_api_call *c;

	calls = 0;
	assert_int_equal(wft_http_new(&h, &ho, &err), WFT_OK);
	assert_int_equal(wft_auth_new(&a, &ap, h, &err), WFT_OK);
	assert_int_equal(wft_api_new(&api, sandbox_url(sb), h, a, &err), WFT_OK);
	c = wft_api_my_tokens(api, done, NULL, &err);
	assert_non_null(c);
	assert_int_equal(wft_api_wait(api, c, &err), WFT_OK);
	assert_int_equal(calls, 1);
	wft_api_free(api);
	wft_auth_free(a);
	wft_http_free(h);
}

static void verified_with_the_ca(void **state)
{
	(void)state;
	assert_int_equal(strncmp(sandbox_url(sb), "https://", 8), 0);
	run(ca);
	if (got.code != WFT_OK)
		fail_msg("%s", got.message);
}

static void refused_without_the_ca(void **state)
{
	(void)state;
	run(NULL);
	assert_int_equal(got.code, WFT_ERR_NETWORK);
	assert_non_null(strstr(got.message, "TLS with 127.0.0.1 failed"));
	assert_non_null(strstr(got.message, "--cacert FILE"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(verified_with_the_ca),
		cmocka_unit_test(refused_without_the_ca),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
