/* test_sandbox_csp.c: the sandbox as an instance onboarded to VMware Cloud
 * services (--csp-onboarded). User accounts carry CSP_* account types; the
 * own-token endpoints (GET/POST /api/v2/apitoken, PUT/DELETE
 * /api/v2/apitoken/{id}) are refused with 403 and the ERROR envelope, in
 * words that name VMware Cloud services, and change nothing; the org's
 * token list holds service-account tokens and only a few legacy user
 * tokens. The same calls on an instance not onboarded are answered. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sandbox_fixture.h"

#define ADMIN SBFIX_ADMIN_TOKEN
#define CSP_TOKEN "csp-api-token-for-onboarded-tests-0123"

static struct sandbox *csp, *plain;

static int setup(void **state)
{
	struct sandbox_options o;
	(void)state;

	sandbox_options_init(&o);
	o.seed_tokens = 400;
	o.csp_onboarded = true;
	o.csp_api_token = CSP_TOKEN;
	csp = sbfix_start_with(&o);
	plain = sbfix_start(50);
	return csp && plain ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	sandbox_stop(csp);
	sandbox_stop(plain);
	return 0;
}

/* The number of tokens in the org (customertokens). */
static size_t org_tokens(struct sandbox *sb)
{
	struct sbfix_resp r;
	json_object *o;
	size_t n;

	assert_int_equal(sbfix_call(sb, "GET", "/api/v2/apitoken/customertokens", NULL, ADMIN, &r), 0);
	assert_int_equal(r.status, 200);
	o = sbfix_json(&r);
	assert_non_null(sbfix_path(o, "response"));
	n = json_object_array_length(sbfix_path(o, "response"));
	json_object_put(o);
	sbfix_resp_free(&r);
	return n;
}

/* Calls with bearer; asserts a 403 refusal in the ERROR envelope whose
 * message names VMware Cloud services. */
static void expect_refusal(const char *method, const char *path, const char *body,
                           const char *bearer)
{
	struct sbfix_resp r;
	json_object *o;

	assert_int_equal(sbfix_call(csp, method, path, body, bearer, &r), 0);
	if (r.status != 403)
		fprintf(stderr, "# %s %s -> %ld %s\n", method, path, r.status, r.body);
	assert_int_equal(r.status, 403);
	o = sbfix_json(&r);
	assert_non_null(o);
	assert_string_equal(sbfix_str(o, "status.result"), "ERROR");
	assert_int_equal(sbfix_int(o, "status.code"), 403);
	assert_null(sbfix_path(o, "response"));
	assert_non_null(strstr(sbfix_str(o, "status.message"), "VMware Cloud services"));
	/* The refusal never echoes a token id. */
	assert_null(strstr(r.body, ADMIN));
	json_object_put(o);
	sbfix_resp_free(&r);
}

static void own_token_endpoints_are_refused(void **state)
{
	char path[128], body[160];
	size_t before = org_tokens(csp);
	(void)state;

	snprintf(path, sizeof path, "/api/v2/apitoken/%s", ADMIN);
	snprintf(body, sizeof body, "{\"tokenID\":\"%s\",\"tokenName\":\"renamed\"}", ADMIN);
	expect_refusal("GET", "/api/v2/apitoken", NULL, ADMIN);
	expect_refusal("POST", "/api/v2/apitoken", NULL, ADMIN);
	expect_refusal("PUT", path, body, ADMIN);
	expect_refusal("DELETE", path, NULL, ADMIN);
	/* Nothing was generated, renamed or deleted. */
	assert_int_equal(org_tokens(csp), before);
	{
		struct sbfix_resp r;
		json_object *o;
		snprintf(path, sizeof path, "/api/v2/apitoken/customertokens/%s", ADMIN);
		assert_int_equal(sbfix_call(csp, "GET", path, NULL, ADMIN, &r), 0);
		assert_int_equal(r.status, 200);
		o = sbfix_json(&r);
		assert_string_equal(sbfix_str(o, "response.name"), "sandbox admin");
		assert_string_equal(sbfix_str(o, "response.accountType"), "CSP_AUTHORIZED_USER_ACCOUNT");
		json_object_put(o);
		sbfix_resp_free(&r);
	}
}

/* A caller signed in through CSP (an access token) is refused the same way. */
static void refused_for_a_csp_access_token(void **state)
{
	struct sbfix_resp r;
	json_object *o;
	char form[128], *access;
	(void)state;

	snprintf(form, sizeof form, "api_token=%s", CSP_TOKEN);
	assert_int_equal(sbfix_request(sandbox_url(csp), "POST",
	                               "/csp/gateway/am/api/auth/api-tokens/authorize",
	                               "application/x-www-form-urlencoded", form, strlen(form),
	                               NULL, &r), 0);
	assert_int_equal(r.status, 200);
	o = sbfix_json(&r);
	access = strdup(sbfix_str(o, "access_token"));
	assert_true(strlen(access) > 20);
	json_object_put(o);
	sbfix_resp_free(&r);
	expect_refusal("GET", "/api/v2/apitoken", NULL, access);
	expect_refusal("POST", "/api/v2/apitoken", NULL, access);
	/* Service-account tokens are still managed here. */
	assert_int_equal(sbfix_call(csp, "GET", "/api/v2/account/serviceaccount", NULL, access, &r), 0);
	assert_int_equal(r.status, 200);
	sbfix_resp_free(&r);
	free(access);
}

/* Every token is a service account's, or one of a few legacy user tokens
 * whose account type is a CSP one; never USER_ACCOUNT. */
static void org_tokens_are_service_accounts_and_a_few_legacy(void **state)
{
	struct sbfix_resp r;
	json_object *o, *list;
	size_t n, users = 0, sas = 0;
	(void)state;

	assert_int_equal(sbfix_call(csp, "GET", "/api/v2/apitoken/customertokens", NULL, ADMIN, &r), 0);
	assert_int_equal(r.status, 200);
	o = sbfix_json(&r);
	list = sbfix_path(o, "response");
	n = json_object_array_length(list);
	assert_true(n >= 400);
	for (size_t i = 0; i < n; i++) {
		json_object *t = json_object_array_get_idx(list, i), *v;
		const char *type = json_object_object_get_ex(t, "accountType", &v)
		                   ? json_object_get_string(v) : "";
		const char *acc = json_object_object_get_ex(t, "account", &v)
		                  ? json_object_get_string(v) : "";
		if (strcmp(type, "SERVICE_ACCOUNT") == 0 || strcmp(type, "INACTIVE_SERVICE_ACCOUNT") == 0) {
			assert_memory_equal(acc, "sa::", 4);
			sas++;
		} else if (strcmp(type, "CSP_USER_ACCOUNT") == 0 ||
		           strcmp(type, "CSP_AUTHORIZED_USER_ACCOUNT") == 0) {
			assert_memory_not_equal(acc, "sa::", 4);
			users++;
		} else {
			fail_msg("token %zu has account type '%s'", i, type);
		}
	}
	/* The seed's legacy user tokens plus the administrator's. */
	assert_true(users >= 2);
	assert_true(users <= 4);
	assert_int_equal(users + sas, n);
	json_object_put(o);
	sbfix_resp_free(&r);

	/* The search and its facets speak the same account types. */
	assert_int_equal(sbfix_call(csp, "POST", "/api/v2/search/token/accountType",
	                            "{\"query\":[],\"limit\":100}", ADMIN, &r), 0);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "\"USER_ACCOUNT\""));
	assert_non_null(strstr(r.body, "\"CSP_USER_ACCOUNT\""));
	sbfix_resp_free(&r);
	assert_int_equal(sbfix_call(csp, "POST", "/api/v2/search/token",
	                            "{\"query\":[{\"key\":\"accountType\",\"value\":\"CSP_USER_ACCOUNT\","
	                            "\"matchingMethod\":\"EXACT\"}],\"limit\":100}", ADMIN, &r), 0);
	assert_int_equal(r.status, 200);
	o = sbfix_json(&r);
	assert_int_equal(json_object_array_length(sbfix_path(o, "response.items")), users - 1);
	json_object_put(o);
	sbfix_resp_free(&r);
}

/* Not onboarded: the same calls are answered, and users are USER_ACCOUNT. */
static void not_onboarded_answers(void **state)
{
	struct sbfix_resp r;
	json_object *o;
	(void)state;

	assert_int_equal(sbfix_call(plain, "GET", "/api/v2/apitoken", NULL, ADMIN, &r), 0);
	assert_int_equal(r.status, 200);
	o = sbfix_json(&r);
	assert_string_equal(sbfix_str(o, "response.0.accountType"), "USER_ACCOUNT");
	json_object_put(o);
	sbfix_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(own_token_endpoints_are_refused),
		cmocka_unit_test(refused_for_a_csp_access_token),
		cmocka_unit_test(org_tokens_are_service_accounts_and_a_few_legacy),
		cmocka_unit_test(not_onboarded_answers),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
