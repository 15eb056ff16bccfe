/* test_auth.c: sign-in without a server: the refresh schedule, the CSP
 * answer decoder, and the checks on what is given. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "auth.h"

static void refresh_schedule(void **state)
{
	(void)state;
	assert_int_equal(wft_auth_refresh_delay_s(1799), 1799 - 180);
	assert_int_equal(wft_auth_refresh_delay_s(600), 420);
	assert_int_equal(wft_auth_refresh_delay_s(599), 569);
	assert_int_equal(wft_auth_refresh_delay_s(60), 30);
	assert_int_equal(wft_auth_refresh_delay_s(20), 10);
	assert_int_equal(wft_auth_refresh_delay_s(2), 1);
}

static void decode_answer(void **state)
{
	const char *ok = "{\"scope\":\"csp:org_member\",\"id_token\":null,\"token_type\":"
	                 "\"bearer\",\"expires_in\":1799,\"access_token\":\"eyJ.abc.def\","
	                 "\"refresh_token\":null}";
	char *access;
	long exp;
	struct wft_error err;
	(void)state;

	assert_int_equal(wft_auth_decode_token_answer(ok, strlen(ok), &access, &exp, &err), WFT_OK);
	assert_string_equal(access, "eyJ.abc.def");
	assert_int_equal(exp, 1799);
	free(access);
	assert_int_equal(wft_auth_decode_token_answer("{\"expires_in\":5}", 16, &access, &exp,
	                                              &err), WFT_ERR_PARSE);
	assert_null(access);
	assert_int_equal(wft_auth_decode_token_answer("{\"access_token\":\"a\",\"expires_in\":\"x\"}",
	                                              37, &access, &exp, &err), WFT_ERR_PARSE);
	assert_int_equal(wft_auth_decode_token_answer("nope", 4, &access, &exp, &err),
	                 WFT_ERR_PARSE);
	assert_int_equal(wft_auth_decode_token_answer("{\"access_token\":\"a\\nb\"}", 23, &access,
	                                              &exp, &err), WFT_ERR_PARSE);
	assert_int_equal(wft_auth_decode_token_answer("{\"access_token\":\"ab\"}", 21, &access,
	                                              &exp, &err), WFT_OK);
	assert_int_equal(exp, 1799);
	free(access);
}

static void api_token_is_a_bearer_at_once(void **state)
{
	struct wft_auth_params p = { .method = WFT_AUTH_TOKEN, .token = "tok-123" };
	struct wft_auth *a;
	struct wft_error err;
	bool ready = false;
	(void)state;

	assert_int_equal(wft_auth_new(&a, &p, NULL, &err), WFT_OK);
	assert_int_equal(wft_auth_acquire(a, NULL, NULL, &ready, &err), WFT_OK);
	assert_true(ready);
	assert_string_equal(wft_auth_header(a), "Authorization: Bearer tok-123");
	assert_false(wft_auth_invalidate(a, wft_auth_generation(a)));
	assert_non_null(wft_auth_header(a));
	wft_auth_free(a);
}

static void missing_or_bad_credentials(void **state)
{
	struct wft_auth *a;
	struct wft_error err;
	struct wft_auth_params p1 = { .method = WFT_AUTH_TOKEN, .token = "" };
	struct wft_auth_params p2 = { .method = WFT_AUTH_CSP_OAUTH, .client_id = "a:b",
	                              .client_secret = "s" };
	struct wft_auth_params p3 = { .method = WFT_AUTH_CSP_API_TOKEN, .csp_api_token = "x",
	                              .csp_url = "http://csp.example.com" };
	struct wft_auth_params p4 = { .method = WFT_AUTH_TOKEN, .token = "a\r\nX-Evil: 1" };
	enum wft_auth_method m;
	(void)state;

	assert_int_equal(wft_auth_new(&a, &p1, NULL, &err), WFT_ERR_AUTH);
	assert_int_equal(wft_auth_new(&a, &p2, NULL, &err), WFT_ERR_AUTH);
	assert_int_equal(wft_auth_new(&a, &p3, NULL, &err), WFT_ERR_INVALID);
	assert_int_equal(wft_auth_new(&a, &p4, NULL, &err), WFT_ERR_AUTH);
	assert_true(wft_auth_method_parse("csp-oauth", &m));
	assert_int_equal(m, WFT_AUTH_CSP_OAUTH);
	assert_false(wft_auth_method_parse("password", &m));
	assert_string_equal(wft_auth_method_name(WFT_AUTH_CSP_API_TOKEN), "csp-api-token");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refresh_schedule),
		cmocka_unit_test(decode_answer),
		cmocka_unit_test(api_token_is_a_bearer_at_once),
		cmocka_unit_test(missing_or_bad_credentials),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
