/* test_sandbox.c: the sandbox's token, account and error answers, through
 * libcurl against an in-process sandbox on an ephemeral port. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sandbox_fixture.h"

static struct sandbox *sb;
#define ADMIN SBFIX_ADMIN_TOKEN

/* Calls and parses; asserts the HTTP status and the envelope's code. */
static json_object *call(const char *method, const char *path, const char *body,
                         const char *bearer, long want)
{
	struct sbfix_resp r;
	json_object *o;

	assert_int_equal(sbfix_call(sb, method, path, body, bearer, &r), 0);
	if (r.status != want)
		fprintf(stderr, "# %s %s -> %ld %s\n", method, path, r.status, r.body);
	assert_int_equal(r.status, want);
	o = sbfix_json(&r);
	assert_non_null(o);
	assert_int_equal(sbfix_int(o, "status.code"), want);
	assert_string_equal(sbfix_str(o, "status.result"), want == 200 ? "OK" : "ERROR");
	if (want != 200)
		assert_true(strlen(sbfix_str(o, "status.message")) > 0);
	sbfix_resp_free(&r);
	return o;
}

static void expect(const char *method, const char *path, const char *body,
                   const char *bearer, long want)
{
	json_object_put(call(method, path, body, bearer, want));
}

static size_t list_len(json_object *o, const char *path)
{
	json_object *a = sbfix_path(o, path);
	assert_non_null(a);
	assert_true(json_object_is_type(a, json_type_array));
	return json_object_array_length(a);
}

/* The tokenID of the last element of a token list answer. */
static void last_token(json_object *o, char out[64])
{
	size_t n = list_len(o, "response");
	char p[64];

	assert_true(n > 0);
	snprintf(p, sizeof p, "response.%zu.tokenID", n - 1);
	snprintf(out, 64, "%s", sbfix_str(o, p));
	assert_int_equal(strlen(out), 36);
}

static int setup(void **state)
{
	(void)state;
	sb = sbfix_start(0);
	return sb ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	sandbox_stop(sb);
	return 0;
}

static void test_auth(void **state)
{
	struct sbfix_resp r;
	const char *hdr[] = { "X-AUTH-TOKEN: " ADMIN, NULL };

	(void)state;
	expect("GET", "/api/v2/apitoken", NULL, NULL, 401);
	expect("GET", "/api/v2/apitoken", NULL, "00000000-0000-4000-8000-000000000000", 401);
	expect("GET", "/api/v2/apitoken", NULL, "", 401);
	assert_int_equal(sbfix_request(sandbox_url(sb), "GET", "/api/v2/apitoken", NULL, NULL, 0, hdr, &r), 0);
	assert_int_equal(r.status, 200);
	/* The 401 message must not echo the token it refused. */
	sbfix_resp_free(&r);
	assert_int_equal(sbfix_call(sb, "GET", "/api/v2/apitoken", NULL,
	                            "deadbeef-dead-4eef-8eef-deadbeefdead", &r), 0);
	assert_null(strstr(r.body, "deadbeef"));
	sbfix_resp_free(&r);
}

static void test_own_tokens(void **state)
{
	json_object *o;
	char id[64], body[256];
	size_t n;

	(void)state;
	o = call("GET", "/api/v2/apitoken", NULL, ADMIN, 200);
	n = list_len(o, "response");
	assert_true(n >= 1);
	assert_string_equal(sbfix_str(o, "response.0.tokenID"), ADMIN);
	assert_string_equal(sbfix_str(o, "response.0.account"), SANDBOX_ADMIN_ID);
	assert_string_equal(sbfix_str(o, "response.0.accountType"), "USER_ACCOUNT");
	/* The token that authenticated this very request shows as used. */
	assert_true(sbfix_int(o, "response.0.lastUsed") > 0);
	json_object_put(o);

	o = call("POST", "/api/v2/apitoken", NULL, ADMIN, 200);
	assert_int_equal(list_len(o, "response"), n + 1);
	last_token(o, id);
	assert_string_not_equal(id, ADMIN);
	assert_null(sbfix_path(o, "response.1.lastUsed")); /* never used: no key */
	json_object_put(o);

	snprintf(body, sizeof body, "{\"tokenID\":\"%s\",\"tokenName\":\"ci \xf0\x9f\x9a\x80 \xe6\xb8\xac\"}", id);
	{
		char path[128];
		snprintf(path, sizeof path, "/api/v2/apitoken/%s", id);
		o = call("PUT", path, body, ADMIN, 200);
		assert_string_equal(sbfix_str(o, "response.tokenName"), "ci \xf0\x9f\x9a\x80 \xe6\xb8\xac");
		assert_string_equal(sbfix_str(o, "response.tokenID"), id);
		json_object_put(o);
		expect("PUT", path, "{\"tokenID\":\"other\",\"tokenName\":\"x\"}", ADMIN, 400);
		expect("PUT", path, "{\"tokenID\":1}", ADMIN, 400);
		expect("PUT", path, "{}", ADMIN, 400);
		expect("PUT", path, NULL, ADMIN, 400);
		expect("PUT", "/api/v2/apitoken/00000000-0000-4000-8000-000000000000",
		       "{\"tokenName\":\"x\"}", ADMIN, 404);
		o = call("DELETE", path, NULL, ADMIN, 200);
		assert_int_equal(list_len(o, "response"), n);
		json_object_put(o);
		expect("DELETE", path, NULL, ADMIN, 404);
	}
}

static void test_service_accounts(void **state)
{
	json_object *o;
	char tok[64], path[256];

	(void)state;
	o = call("POST", "/api/v2/account/serviceaccount",
	         "{\"identifier\":\"sa::CI-Test\",\"description\":\"pipeline\",\"groups\":[\"ingestion\"]}",
	         ADMIN, 200);
	assert_string_equal(sbfix_str(o, "response.identifier"), "sa::ci-test");
	assert_int_equal(sbfix_int(o, "response.active"), 1);
	assert_string_equal(sbfix_str(o, "response.userGroups.0.name"), "Service Accounts");
	assert_string_equal(sbfix_str(o, "response.groups.0"), "ingestion");
	assert_int_equal(list_len(o, "response.tokens"), 0);
	json_object_put(o);
	expect("POST", "/api/v2/account/serviceaccount", "{\"identifier\":\"sa::ci-test\"}", ADMIN, 409);
	expect("POST", "/api/v2/account/serviceaccount", "{\"identifier\":\"ci-test\"}", ADMIN, 400);
	expect("POST", "/api/v2/account/serviceaccount", "{\"description\":\"x\"}", ADMIN, 400);
	expect("POST", "/api/v2/account/serviceaccount", "{\"identifier\":\"sa::x\",\"active\":\"yes\"}", ADMIN, 400);
	expect("POST", "/api/v2/account/serviceaccount",
	       "{\"identifier\":\"sa::x\",\"groups\":[\"token_management\"]}", ADMIN, 400);
	expect("POST", "/api/v2/account/serviceaccount",
	       "{\"identifier\":\"sa::x\",\"roles\":[\"no-such-role\"]}", ADMIN, 400);
	expect("GET", "/api/v2/account/serviceaccount/sa::nobody", NULL, ADMIN, 404);
	expect("GET", "/api/v2/account/serviceaccount/nobody", NULL, ADMIN, 400);

	o = call("GET", "/api/v2/account/serviceaccount/sa::ci-test", NULL, ADMIN, 200);
	assert_string_equal(sbfix_str(o, "response.description"), "pipeline");
	json_object_put(o);
	o = call("PUT", "/api/v2/account/serviceaccount/sa::ci-test",
	         "{\"identifier\":\"sa::ci-test\",\"description\":\"new\",\"roles\":[\"5f0c1d2e-8a3b-4c5d-9e6f-0a1b2c3d4e03\"]}",
	         ADMIN, 200);
	assert_string_equal(sbfix_str(o, "response.description"), "new");
	assert_string_equal(sbfix_str(o, "response.roles.0.name"), "Dashboard editors");
	assert_true(list_len(o, "response.unitedPermissions") >= 4);
	json_object_put(o);
	expect("PUT", "/api/v2/account/serviceaccount/sa::ci-test",
	       "{\"identifier\":\"sa::other\"}", ADMIN, 400);
	expect("PUT", "/api/v2/account/serviceaccount/sa::ghost", "{}", ADMIN, 404);

	o = call("GET", "/api/v2/account/serviceaccount", NULL, ADMIN, 200);
	assert_true(list_len(o, "response") >= 1);
	json_object_put(o);

	/* Tokens of the account (T5-T8). */
	o = call("POST", "/api/v2/apitoken/serviceaccount/sa::ci-test", "{\"tokenName\":\"deploy\"}", ADMIN, 200);
	assert_int_equal(list_len(o, "response"), 1);
	assert_string_equal(sbfix_str(o, "response.0.tokenName"), "deploy");
	assert_string_equal(sbfix_str(o, "response.0.accountType"), "SERVICE_ACCOUNT");
	last_token(o, tok);
	json_object_put(o);
	o = call("POST", "/api/v2/apitoken/serviceaccount/sa::ci-test", NULL, ADMIN, 200);
	assert_int_equal(list_len(o, "response"), 2);
	json_object_put(o);
	expect("POST", "/api/v2/apitoken/serviceaccount/sa::ci-test", "{\"tokenName\":7}", ADMIN, 400);
	expect("POST", "/api/v2/apitoken/serviceaccount/sa::ci-test", "[1]", ADMIN, 400);
	expect("POST", "/api/v2/apitoken/serviceaccount/sa::ghost", NULL, ADMIN, 404);
	expect("POST", "/api/v2/apitoken/serviceaccount/ghost", NULL, ADMIN, 400);
	o = call("GET", "/api/v2/apitoken/serviceaccount/sa::ci-test", NULL, ADMIN, 200);
	assert_int_equal(list_len(o, "response"), 2);
	assert_string_equal(sbfix_str(o, "response.0.tokenID"), tok);
	json_object_put(o);
	expect("GET", "/api/v2/apitoken/serviceaccount/sa::ghost", NULL, ADMIN, 404);

	snprintf(path, sizeof path, "/api/v2/apitoken/serviceaccount/sa::ci-test/%s", tok);
	o = call("PUT", path, "{\"tokenName\":\"deploy prod\"}", ADMIN, 200);
	assert_string_equal(sbfix_str(o, "response.tokenName"), "deploy prod");
	json_object_put(o);
	expect("PUT", "/api/v2/apitoken/serviceaccount/sa::ci-test/00000000-0000-4000-8000-000000000000",
	       "{\"tokenName\":\"x\"}", ADMIN, 404);

	/* The account's own token works, and the account has no Accounts permission. */
	expect("GET", "/api/v2/apitoken", NULL, tok, 200);
	expect("GET", "/api/v2/apitoken/customertokens", NULL, tok, 403);
	expect("POST", "/api/v2/apitoken", NULL, tok, 403);

	/* Deactivation stops its tokens; activation brings them back. */
	o = call("POST", "/api/v2/account/serviceaccount/sa::ci-test/deactivate", NULL, ADMIN, 200);
	assert_int_equal(sbfix_int(o, "response.active"), 0);
	assert_string_equal(sbfix_str(o, "response.tokens.0.accountType"), "INACTIVE_SERVICE_ACCOUNT");
	json_object_put(o);
	expect("GET", "/api/v2/apitoken", NULL, tok, 401);
	expect("POST", "/api/v2/account/serviceaccount/sa::ci-test/activate", NULL, ADMIN, 200);
	expect("GET", "/api/v2/apitoken", NULL, tok, 200);
	expect("POST", "/api/v2/account/serviceaccount/sa::ghost/activate", NULL, ADMIN, 404);
	expect("POST", "/api/v2/account/serviceaccount/sa::ghost/deactivate", NULL, ADMIN, 404);

	o = call("DELETE", path, NULL, ADMIN, 200);
	assert_int_equal(list_len(o, "response"), 1);
	json_object_put(o);
	expect("DELETE", path, NULL, ADMIN, 404);
	expect("GET", "/api/v2/apitoken", NULL, tok, 401);

	o = call("DELETE", "/api/v2/account/sa::ci-test", NULL, ADMIN, 200);
	assert_string_equal(sbfix_str(o, "response.identifier"), "sa::ci-test");
	json_object_put(o);
	expect("DELETE", "/api/v2/account/sa::ci-test", NULL, ADMIN, 404);
	expect("GET", "/api/v2/account/serviceaccount/sa::ci-test", NULL, ADMIN, 404);
	expect("DELETE", "/api/v2/account/" SANDBOX_ADMIN_ID, NULL, ADMIN, 400);
}

static void test_token_limit(void **state)
{
	json_object *o;
	char tok[64];

	(void)state;
	expect("POST", "/api/v2/account/serviceaccount", "{\"identifier\":\"sa::full\"}", ADMIN, 200);
	for (int i = 0; i < 20; i++)
		expect("POST", "/api/v2/apitoken/serviceaccount/sa::full", "{}", ADMIN, 200);
	o = call("POST", "/api/v2/apitoken/serviceaccount/sa::full", "{}", ADMIN, 400);
	assert_non_null(strstr(sbfix_str(o, "status.message"), "maximum of 20"));
	json_object_put(o);
	o = call("GET", "/api/v2/apitoken/serviceaccount/sa::full", NULL, ADMIN, 200);
	assert_int_equal(list_len(o, "response"), 20);
	last_token(o, tok);
	json_object_put(o);
	/* Revoking one makes room for one. */
	{
		char body[128];
		snprintf(body, sizeof body, "{\"tokenID\":\"%s\"}", tok);
		expect("PUT", "/api/v2/apitoken/customertokens/revoke", body, ADMIN, 200);
	}
	expect("POST", "/api/v2/apitoken/serviceaccount/sa::full", "{}", ADMIN, 200);
	expect("POST", "/api/v2/apitoken/serviceaccount/sa::full", "{}", ADMIN, 400);

	/* The limit holds for the caller's own tokens too. */
	o = call("GET", "/api/v2/apitoken", NULL, ADMIN, 200);
	for (size_t n = list_len(o, "response"); n < 20; n++)
		expect("POST", "/api/v2/apitoken", NULL, ADMIN, 200);
	json_object_put(o);
	o = call("POST", "/api/v2/apitoken", NULL, ADMIN, 400);
	assert_non_null(strstr(sbfix_str(o, "status.message"), "20"));
	json_object_put(o);
	/* And for tokens given at creation. */
	{
		char body[4096] = "{\"identifier\":\"sa::many\",\"tokens\":[";
		for (int i = 0; i < 21; i++)
			snprintf(body + strlen(body), sizeof body - strlen(body), "%s\"%08d-0000-4000-8000-000000000000\"",
			         i ? "," : "", i);
		strcat(body, "]}");
		expect("POST", "/api/v2/account/serviceaccount", body, ADMIN, 400);
		expect("GET", "/api/v2/account/serviceaccount/sa::many", NULL, ADMIN, 404);
	}
	expect("DELETE", "/api/v2/account/sa::full", NULL, ADMIN, 200);
	/* Clean the admin's extra tokens away for the other tests. */
	o = call("GET", "/api/v2/apitoken", NULL, ADMIN, 200);
	for (size_t i = 1; i < list_len(o, "response"); i++) {
		char p[64], path[128];
		snprintf(p, sizeof p, "response.%zu.tokenID", i);
		snprintf(path, sizeof path, "/api/v2/apitoken/%s", sbfix_str(o, p));
		expect("DELETE", path, NULL, ADMIN, 200);
	}
	json_object_put(o);
}

static void test_customer_tokens(void **state)
{
	json_object *o;
	char tok[64], path[128], body[256];
	size_t n;

	(void)state;
	o = call("POST", "/api/v2/account/serviceaccount",
	         "{\"identifier\":\"sa::rev\",\"tokens\":[\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\"]}", ADMIN, 200);
	assert_string_equal(sbfix_str(o, "response.tokens.0.tokenID"), "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
	json_object_put(o);
	expect("POST", "/api/v2/account/serviceaccount",
	       "{\"identifier\":\"sa::rev2\",\"tokens\":[\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\"]}", ADMIN, 400);
	o = call("POST", "/api/v2/apitoken/serviceaccount/sa::rev", "{\"tokenName\":\"x\"}", ADMIN, 200);
	last_token(o, tok);
	json_object_put(o);

	o = call("GET", "/api/v2/apitoken/customertokens", NULL, ADMIN, 200);
	n = list_len(o, "response");
	assert_true(n >= 3);
	{
		bool found = false;
		for (size_t i = 0; i < n; i++) {
			char p[64];
			snprintf(p, sizeof p, "response.%zu.id", i);
			if (strcmp(sbfix_str(o, p), tok) == 0) {
				snprintf(p, sizeof p, "response.%zu.account", i);
				assert_string_equal(sbfix_str(o, p), "sa::rev");
				snprintf(p, sizeof p, "response.%zu.customer", i);
				assert_string_equal(sbfix_str(o, p), SANDBOX_CUSTOMER);
				found = true;
			}
		}
		assert_true(found);
	}
	json_object_put(o);

	snprintf(path, sizeof path, "/api/v2/apitoken/customertokens/%s", tok);
	o = call("GET", path, NULL, ADMIN, 200);
	assert_string_equal(sbfix_str(o, "response.id"), tok);
	assert_string_equal(sbfix_str(o, "response.name"), "x");
	assert_true(sbfix_int(o, "response.createdEpochMillis") > 0);
	json_object_put(o);
	expect("GET", "/api/v2/apitoken/customertokens/nope", NULL, ADMIN, 404);

	snprintf(body, sizeof body, "{\"tokenID\":\"%s\"}", tok);
	o = call("PUT", "/api/v2/apitoken/customertokens/revoke", body, ADMIN, 200);
	assert_string_equal(sbfix_str(o, "response.tokenID"), tok);
	json_object_put(o);
	expect("PUT", "/api/v2/apitoken/customertokens/revoke", body, ADMIN, 404);
	expect("GET", path, NULL, ADMIN, 404);
	expect("PUT", "/api/v2/apitoken/customertokens/revoke",
	       "{\"id\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\"}", ADMIN, 200);
	expect("PUT", "/api/v2/apitoken/customertokens/revoke", "{}", ADMIN, 400);
	expect("PUT", "/api/v2/apitoken/customertokens/revoke", NULL, ADMIN, 400);
	expect("GET", "/api/v2/apitoken/customertokens", NULL, NULL, 401);

	o = call("POST", "/api/v2/account/deleteAccounts", "[\"sa::rev\",\"sa::absent\"]", ADMIN, 200);
	assert_int_equal(list_len(o, "response"), 1);
	assert_string_equal(sbfix_str(o, "response.0"), "sa::rev");
	json_object_put(o);
	expect("POST", "/api/v2/account/deleteAccounts", "{\"a\":1}", ADMIN, 400);
}

static void test_roles_and_groups(void **state)
{
	json_object *o;

	(void)state;
	o = call("GET", "/api/v2/role", NULL, ADMIN, 200);
	assert_true(list_len(o, "response.items") >= 3);
	assert_true(sbfix_int(o, "response.totalItems") >= 3);
	json_object_put(o);
	o = call("GET", "/api/v2/usergroup?offset=1&limit=2", NULL, ADMIN, 200);
	assert_int_equal(list_len(o, "response.items"), 2);
	assert_int_equal(sbfix_int(o, "response.offset"), 1);
	assert_int_equal(sbfix_int(o, "response.moreItems"), 1);
	assert_string_equal(sbfix_str(o, "response.items.0.name"), "Service Accounts");
	json_object_put(o);
	expect("GET", "/api/v2/role?limit=-1", NULL, ADMIN, 400);
	expect("GET", "/api/v2/role?offset=x", NULL, ADMIN, 400);
}

static void test_bad_requests(void **state)
{
	struct sbfix_resp r;
	char *big;
	json_object *o;

	(void)state;
	expect("GET", "/api/v2/nothing", NULL, ADMIN, 404);
	expect("GET", "/", NULL, NULL, 404);
	expect("GET", "/api/v2/apitoken//x", NULL, ADMIN, 404);
	expect("PATCH", "/api/v2/apitoken", NULL, ADMIN, 405);
	expect("DELETE", "/api/v2/apitoken/customertokens", NULL, ADMIN, 405);
	expect("POST", "/api/v2/account/serviceaccount", "{\"identifier\":", ADMIN, 400);
	expect("POST", "/api/v2/account/serviceaccount", "{\"identifier\":\"sa::a\"} x", ADMIN, 400);
	expect("POST", "/api/v2/account/serviceaccount", "{'identifier':'sa::a'}", ADMIN, 400);
	expect("POST", "/api/v2/account/serviceaccount", "\"sa::a\"", ADMIN, 400);
	expect("POST", "/api/v2/account/serviceaccount", "{\"identifier\":\"sa::\xff\xfe\"}", ADMIN, 400);
	expect("POST", "/api/v2/account/serviceaccount", "{\"identifier\":[]}", ADMIN, 400);
	expect("POST", "/api/v2/apitoken/serviceaccount/sa::x", "{\"tokenName\":\"\xc3\x28\"}", ADMIN, 404);
	/* A NUL inside the body. */
	assert_int_equal(sbfix_request(sandbox_url(sb), "POST", "/api/v2/account/serviceaccount",
	                               NULL, "{\"identifier\":\"sa::a\0\"}", 22,
	                               (const char *[]){ "Authorization: Bearer " ADMIN, NULL }, &r), 0);
	assert_int_equal(r.status, 400);
	sbfix_resp_free(&r);
	/* Deep nesting is refused, not recursed into. */
	{
		char deep[4096];
		memset(deep, '[', 2000);
		deep[2000] = '\0';
		expect("POST", "/api/v2/account/serviceaccount", deep, ADMIN, 400);
	}
	/* Over 1 MiB: 413, with the envelope. */
	big = malloc(1536 * 1024 + 1);
	assert_non_null(big);
	memset(big, ' ', 1536 * 1024);
	big[0] = '{';
	big[1536 * 1024 - 1] = '}';
	big[1536 * 1024] = '\0';
	assert_int_equal(sbfix_call(sb, "POST", "/api/v2/account/serviceaccount", big, ADMIN, &r), 0);
	assert_int_equal(r.status, 413);
	o = sbfix_json(&r);
	assert_int_equal(sbfix_int(o, "status.code"), 413);
	json_object_put(o);
	sbfix_resp_free(&r);
	free(big);
	/* The server still answers afterwards. */
	expect("GET", "/api/v2/apitoken", NULL, ADMIN, 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auth),
		cmocka_unit_test(test_own_tokens),
		cmocka_unit_test(test_service_accounts),
		cmocka_unit_test(test_token_limit),
		cmocka_unit_test(test_customer_tokens),
		cmocka_unit_test(test_roles_and_groups),
		cmocka_unit_test(test_bad_requests),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
