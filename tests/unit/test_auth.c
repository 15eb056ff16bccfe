/* test_auth.c: sign-in without a server: the refresh schedule, the CSP
 * answer decoder, and the checks on what is given. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "apierror.h"
#include "auth.h"
#include "mask.h"

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

/* The answer of a server that refuses a request with status and says why
 * in message (which may echo what it was sent). */
static enum wft_status refused(long status, const char *message, enum wft_api_op op,
                               struct wft_error *err)
{
	char body[1024];
	struct wft_http_response r = { .code = WFT_OK, .status = status, .body = body,
	                               .retry_after_s = -1, .label = "POST /x" };
	struct wft_api_ctx ctx = { .label = "POST /x", .op = op };

	r.body_len = (size_t)snprintf(body, sizeof body,
	                              "{\"status\":{\"result\":\"ERROR\",\"message\":\"%s\","
	                              "\"code\":%ld}}", message, status);
	return wft_apierror_check(&r, &ctx, err);
}

/* A secret the client sent, echoed back by the server, is masked in every
 * message whatever its length: short (2 characters), medium (12, below the
 * 24 at which any long word is masked) or cut by the length limit of a
 * service message. Once the sign-in is freed it is no longer noted. */
static void echoed_secrets_are_masked_whatever_their_length(void **state)
{
	static const char *const secrets[] = { "k9", "Ab3dE6gH9jK1", "p4ss-w0rd" };
	char pad[400];
	(void)state;

	memset(pad, 'x', 190);
	pad[190] = '\0';
	for (size_t i = 0; i < sizeof secrets / sizeof *secrets; i++) {
		const char *sec = secrets[i];
		struct wft_auth_params p = { .method = i == 0 ? WFT_AUTH_TOKEN : i == 1
		                             ? WFT_AUTH_CSP_API_TOKEN : WFT_AUTH_CSP_OAUTH,
		                             .token = sec, .csp_api_token = sec,
		                             .client_id = "app", .client_secret = sec };
		struct wft_auth *a;
		struct wft_error err;
		char msg[600], sm[WFT_SERVICE_MESSAGE_MAX + 1];
		int code;

		assert_int_equal(wft_auth_new(&a, &p, NULL, &err), WFT_OK);
		snprintf(msg, sizeof msg, "the token %s is not valid", sec);
		assert_int_equal(refused(400, msg, WFT_OP_READ, &err), WFT_ERR_HTTP);
		if (strstr(err.message, sec))
			fail_msg("secret %s shown: %s", sec, err.message);
		assert_non_null(strstr(err.message, "the token ****"));
		assert_int_equal(refused(401, msg, WFT_OP_SIGN_IN, &err), WFT_ERR_AUTH);
		assert_null(strstr(err.message, sec));
		assert_non_null(strstr(err.message, "****"));
		/* Where the service message is cut, the secret is not cut in half. */
		snprintf(msg, sizeof msg, "%s %s", pad, sec);
		char body[1024];
		size_t n = (size_t)snprintf(body, sizeof body, "{\"message\":\"%s\"}", msg);
		wft_apierror_service_message(body, n, sm, sizeof sm, &code);
		assert_null(strstr(sm, sec));
		assert_non_null(strstr(sm, "****"));
		assert_true(strncmp(sm, pad, 20) == 0);
		/* Every message, not only the server's. */
		wft_error_set(&err, WFT_ERR_INVALID, "cannot use %s here", sec);
		assert_null(strstr(err.message, sec));
		wft_auth_free(a);
		/* Freed: no longer a secret of this process. */
		wft_error_set(&err, WFT_ERR_INVALID, "cannot use %s here", sec);
		assert_non_null(strstr(err.message, sec));
	}
}

/* Notes are counted (two notes need two forgets), the longest match is
 * masked, and a small buffer is cut, never overrun. */
static void noted_secrets_are_forgotten_one_by_one(void **state)
{
	struct wft_error err;
	char out[64];
	(void)state;

	assert_true(wft_secret_note("s3"));
	assert_true(wft_secret_note("s3"));
	assert_true(wft_secret_note("longer-s3cret-value"));
	wft_secret_redact("a s3 b longer-s3cret-value c", 28, out, sizeof out);
	assert_string_equal(out, "a **** b ****-...-alue c");
	wft_secret_forget("s3");
	wft_error_set(&err, WFT_ERR_INVALID, "%s", "s3 longer-s3cret-value");
	assert_string_equal(err.message, "**** ****-...-alue");
	wft_secret_forget("s3");
	wft_secret_forget("longer-s3cret-value");
	wft_error_set(&err, WFT_ERR_INVALID, "%s", "s3 longer-s3cret-value");
	assert_string_equal(err.message, "s3 longer-s3cret-value");
	/* Small buffers are cut, never overrun. */
	assert_true(wft_secret_note("s3"));
	assert_int_equal(wft_secret_redact("s3s3", 4, out, 6), 5);
	assert_string_equal(out, "*****");
	wft_secret_forget("s3");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refresh_schedule),
		cmocka_unit_test(decode_answer),
		cmocka_unit_test(api_token_is_a_bearer_at_once),
		cmocka_unit_test(missing_or_bad_credentials),
		cmocka_unit_test(echoed_secrets_are_masked_whatever_their_length),
		cmocka_unit_test(noted_secrets_are_forgotten_one_by_one),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
