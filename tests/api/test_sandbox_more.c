/* test_sandbox_more.c: the sandbox's fault injection, search, saved
 * searches and CSP sign-in, against an in-process sandbox whose clock the
 * test moves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <ctype.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "sandbox_fixture.h"

#define ADMIN SBFIX_ADMIN_TOKEN
#define DAY (86400LL * 1000)
static struct sandbox *sb;
static _Atomic int64_t fake_now = 1700000000000LL;

static wft_millis test_clock(void *ud)
{
	(void)ud;
	return atomic_load(&fake_now);
}

static json_object *call(const char *method, const char *path, const char *body, long want)
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
	sbfix_resp_free(&r);
	return o;
}

static void expect(const char *method, const char *path, const char *body, long want)
{
	json_object_put(call(method, path, body, want));
}

static size_t list_len(json_object *o, const char *path)
{
	json_object *a = sbfix_path(o, path);
	assert_non_null(a);
	return json_object_array_length(a);
}

static int setup(void **state)
{
	struct sandbox_options o;

	(void)state;
	sandbox_options_init(&o);
	o.seed_tokens = 2000;
	o.clock = test_clock;
	o.csp_api_token = "csp-api-token-0123456789";
	o.csp_client = "my-app:s3cret:with:colons";
	o.access_ttl = 60;
	sb = sbfix_start_with(&o);
	return sb ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	sandbox_stop(sb);
	return 0;
}

/* ---------------------------------------------------------------- faults */

static void test_faults(void **state)
{
	struct sbfix_resp r;
	json_object *o;
	struct timespec t0, t1;

	(void)state;
	assert_int_equal(sbfix_faults(sb, "{\"fail_next\":2,\"status\":429,\"retry_after\":3}"), 0);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(sbfix_call(sb, "GET", "/api/v2/apitoken", NULL, ADMIN, &r), 0);
		assert_int_equal(r.status, 429);
		assert_string_equal(r.retry_after, "3");
		o = sbfix_json(&r);
		assert_string_equal(sbfix_str(o, "status.result"), "ERROR");
		assert_int_equal(sbfix_int(o, "status.code"), 429);
		json_object_put(o);
		sbfix_resp_free(&r);
	}
	expect("GET", "/api/v2/apitoken", NULL, 200);

	/* The control path is never faulted, and it reports the state. */
	assert_int_equal(sbfix_faults(sb, "{\"fail_next\":1}"), 0);
	assert_int_equal(sbfix_call(sb, "GET", "/_sandbox/faults", NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	o = sbfix_json(&r);
	assert_int_equal(sbfix_int(o, "response.fail_next"), 1);
	assert_int_equal(sbfix_int(o, "response.status"), 503);
	json_object_put(o);
	sbfix_resp_free(&r);
	expect("GET", "/api/v2/apitoken", NULL, 503);
	/* Faults apply before routing and auth: even a CSP path fails. */

	/* An injected failure's words match its status. */
	assert_int_equal(sbfix_faults(sb, "{\"fail_next\":1,\"status\":404}"), 0);
	assert_int_equal(sbfix_call(sb, "GET", "/api/v2/apitoken", NULL, ADMIN, &r), 0);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body, "Not found (injected fault)"));
	sbfix_resp_free(&r);

	assert_int_equal(sbfix_faults(sb, "{\"garbage_next\":1}"), 0);
	assert_int_equal(sbfix_call(sb, "GET", "/api/v2/apitoken", NULL, ADMIN, &r), 0);
	assert_int_equal(r.status, 200);
	assert_null(sbfix_json(&r));
	sbfix_resp_free(&r);

	assert_int_equal(sbfix_faults(sb, "{\"truncate_next\":1}"), 0);
	assert_int_equal(sbfix_call(sb, "GET", "/api/v2/apitoken", NULL, ADMIN, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(r.len > 10);
	assert_null(sbfix_json(&r));
	sbfix_resp_free(&r);

	assert_int_equal(sbfix_faults(sb, "{\"drop_next\":1}"), 0);
	assert_int_equal(sbfix_call(sb, "GET", "/api/v2/apitoken", NULL, ADMIN, &r), -1);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.curl_code, CURLE_GOT_NOTHING);
	sbfix_resp_free(&r);
	expect("GET", "/api/v2/apitoken", NULL, 200);

	assert_int_equal(sbfix_faults(sb, "{\"latency_ms\":150}"), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	expect("GET", "/api/v2/apitoken", NULL, 200);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 >= 150);
	assert_int_equal(sbfix_faults(sb, "{}"), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	expect("GET", "/api/v2/apitoken", NULL, 200);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 < 150);

	/* Bad fault bodies. */
	assert_int_equal(sbfix_faults(sb, "{\"status\":200,\"fail_next\":1}"), -1);
	assert_int_equal(sbfix_faults(sb, "{\"bogus\":1}"), -1);
	assert_int_equal(sbfix_faults(sb, "{\"latency_ms\":\"x\"}"), -1);
	assert_int_equal(sbfix_faults(sb, "[]"), -1);
	expect("GET", "/api/v2/apitoken", NULL, 200);
}

static void test_faults_flag(void **state)
{
	struct sandbox_options o;
	struct wft_error err;
	struct sandbox *s2;
	struct sbfix_resp r;

	(void)state;
	sandbox_options_init(&o);
	o.faults = "fail_next=1,status=502";
	s2 = sbfix_start_with(&o);
	assert_non_null(s2);
	assert_int_equal(sbfix_call(s2, "GET", "/api/v2/apitoken", NULL, ADMIN, &r), 0);
	assert_int_equal(r.status, 502);
	sbfix_resp_free(&r);
	assert_int_equal(sbfix_call(s2, "GET", "/api/v2/apitoken", NULL, ADMIN, &r), 0);
	assert_int_equal(r.status, 200);
	sbfix_resp_free(&r);
	sandbox_stop(s2);

	sandbox_options_init(&o);
	o.faults = "nonsense=1";
	assert_null(sandbox_start(&o, &err));
	assert_non_null(strstr(err.message, "faults"));
	o.faults = NULL;
	o.listen = "127.0.0.1:notaport";
	assert_null(sandbox_start(&o, &err));
}

/* ---------------------------------------------------------------- search */

/* Runs a token search and checks every item against pred. */
static json_object *search(const char *body)
{
	return call("POST", "/api/v2/search/token", body, 200);
}

static void test_search_tokens(void **state)
{
	json_object *o, *all;
	char body[512];
	int64_t total, prev;
	size_t n;

	(void)state;
	all = call("GET", "/api/v2/apitoken/customertokens", NULL, 200);
	total = (int64_t)list_len(all, "response");
	assert_true(total >= 1800 && total <= 2200);

	/* Paging: pages of 700 cover everything exactly once. */
	{
		int64_t seen = 0;
		for (int off = 0;; off += 700) {
			snprintf(body, sizeof body, "{\"offset\":%d,\"limit\":700}", off);
			o = search(body);
			assert_int_equal(sbfix_int(o, "response.totalItems"), total);
			seen += (int64_t)list_len(o, "response.items");
			if (!sbfix_int(o, "response.moreItems")) {
				json_object_put(o);
				break;
			}
			json_object_put(o);
		}
		assert_int_equal(seen, total);
	}
	o = search("{\"limit\":5000}");
	assert_int_equal(sbfix_int(o, "response.limit"), 1000);
	assert_int_equal(list_len(o, "response.items"), 1000);
	json_object_put(o);
	expect("POST", "/api/v2/search/token", "{\"offset\":-1}", 400);
	expect("POST", "/api/v2/search/token", "{\"limit\":\"10\"}", 400);
	expect("POST", "/api/v2/search/token", "{\"query\":[{\"key\":\"nope\",\"value\":\"x\"}]}", 400);
	expect("POST", "/api/v2/search/token", "{\"query\":[{\"key\":\"name\"}]}", 400);
	expect("POST", "/api/v2/search/token", "{\"query\":[{\"key\":\"name\",\"value\":\"x\",\"matchingMethod\":\"REGEX\"}]}", 400);
	expect("POST", "/api/v2/search/token", "{\"query\":[{\"key\":\"name\",\"start\":1}]}", 400);
	expect("POST", "/api/v2/search/token", "{\"sort\":{\"field\":\"bogus\",\"ascending\":true}}", 400);
	expect("POST", "/api/v2/search/token", "{\"query\":{}}", 400);

	/* STARTSWITH on account, sorted by account descending. */
	o = search("{\"limit\":1000,\"query\":[{\"key\":\"account\",\"value\":\"SA::\",\"matchingMethod\":\"STARTSWITH\"}],"
	           "\"sort\":{\"field\":\"account\",\"ascending\":false}}");
	n = list_len(o, "response.items");
	assert_true(n > 100);
	for (size_t i = 0; i < n; i++) {
		char p[64], q[64];
		snprintf(p, sizeof p, "response.items.%zu.account", i);
		assert_memory_equal(sbfix_str(o, p), "sa::", 4);
		if (i) {
			snprintf(q, sizeof q, "response.items.%zu.account", i - 1);
			assert_true(strcasecmp(sbfix_str(o, q), sbfix_str(o, p)) >= 0);
		}
	}
	assert_string_equal(sbfix_str(o, "response.sort.field"), "account");
	json_object_put(o);

	/* Negated EXACT with values: neither user nor active-SA tokens remain. */
	o = search("{\"limit\":1000,\"query\":[{\"key\":\"accountType\",\"values\":[\"USER_ACCOUNT\",\"SERVICE_ACCOUNT\"],"
	           "\"matchingMethod\":\"EXACT\",\"negated\":true}]}");
	n = list_len(o, "response.items");
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		char p[64];
		snprintf(p, sizeof p, "response.items.%zu.accountType", i);
		assert_string_equal(sbfix_str(o, p), "INACTIVE_SERVICE_ACCOUNT");
	}
	json_object_put(o);

	/* Ranges on lastUsed; "unused for 30 days" = NOT(lastUsed >= now-30d)
	 * includes never-used tokens. */
	{
		int64_t now = atomic_load(&fake_now), used_recent, unused, never = 0;
		/* limit 1: the official model's minimum; only the count is read. */
		snprintf(body, sizeof body, "{\"limit\":1,\"query\":[{\"key\":\"lastUsed\",\"start\":%lld}]}",
		         (long long)(now - 30 * DAY));
		o = search(body);
		used_recent = sbfix_int(o, "response.totalItems");
		assert_true(list_len(o, "response.items") <= 1);
		json_object_put(o);
		snprintf(body, sizeof body, "{\"limit\":1000,\"query\":[{\"key\":\"lastUsed\",\"start\":%lld,\"negated\":true}],"
		         "\"sort\":{\"field\":\"lastUsed\",\"ascending\":true}}", (long long)(now - 30 * DAY));
		o = search(body);
		unused = sbfix_int(o, "response.totalItems");
		assert_int_equal(used_recent + unused, total);
		prev = -1;
		for (size_t i = 0; i < list_len(o, "response.items"); i++) {
			char p[64];
			long long lu;
			snprintf(p, sizeof p, "response.items.%zu.lastUsed", i);
			lu = sbfix_int(o, p);
			if (lu < 0) {
				never++;
				assert_int_equal(prev, -1); /* never-used sort first */
				continue;
			}
			assert_true(lu < now - 30 * DAY);
			assert_true(lu >= prev);
			prev = lu;
		}
		assert_true(never > 0);
		json_object_put(o);
		snprintf(body, sizeof body, "{\"query\":[{\"key\":\"lastUsed\",\"start\":%lld,\"end\":%lld}]}",
		         (long long)(now - 7 * DAY), (long long)now);
		o = search(body);
		assert_true(sbfix_int(o, "response.totalItems") <= used_recent);
		json_object_put(o);
	}

	/* CONTAINS is case-insensitive and works on CJK and emoji names. */
	o = search("{\"query\":[{\"key\":\"name\",\"value\":\"GRAFANA\"}]}");
	assert_true(sbfix_int(o, "response.totalItems") > 0);
	json_object_put(o);
	o = search("{\"query\":[{\"key\":\"freetext\",\"value\":\"\xe7\x9b\xa3\xe8\xa6\x96\"}]}");
	assert_true(sbfix_int(o, "response.totalItems") > 0);
	json_object_put(o);

	/* Facets. */
	o = call("POST", "/api/v2/search/token/accountType", "{}", 200);
	assert_int_equal(sbfix_int(o, "response.totalItems"), 3);
	assert_string_equal(sbfix_str(o, "response.items.0"), "INACTIVE_SERVICE_ACCOUNT");
	json_object_put(o);
	o = call("POST", "/api/v2/search/token/account",
	         "{\"facetQuery\":\"admin\",\"facetQueryMatchingMethod\":\"STARTSWITH\",\"limit\":5}", 200);
	assert_int_equal(sbfix_int(o, "response.totalItems"), 1);
	assert_string_equal(sbfix_str(o, "response.items.0"), SANDBOX_ADMIN_ID);
	json_object_put(o);
	o = call("POST", "/api/v2/search/token/facets", "{\"facets\":[\"accountType\",\"account\"],\"limit\":2}", 200);
	assert_int_equal(list_len(o, "response.facets.accountType"), 2);
	assert_int_equal(list_len(o, "response.facets.account"), 2);
	assert_int_equal(sbfix_int(o, "response.limit"), 2);
	json_object_put(o);
	expect("POST", "/api/v2/search/token/facets", "{}", 400);
	expect("POST", "/api/v2/search/token/bogus", "{}", 400);
	expect("POST", "/api/v2/search/token", NULL, 200);
	json_object_put(all);
}

static void test_search_service_accounts(void **state)
{
	json_object *o;
	size_t n;

	(void)state;
	o = call("POST", "/api/v2/search/serviceaccount",
	         "{\"limit\":50,\"query\":[{\"key\":\"active\",\"value\":\"false\",\"matchingMethod\":\"EXACT\"}],"
	         "\"sort\":{\"field\":\"identifier\",\"ascending\":true}}", 200);
	n = list_len(o, "response.items");
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		char p[64];
		snprintf(p, sizeof p, "response.items.%zu.active", i);
		assert_int_equal(sbfix_int(o, p), 0);
		snprintf(p, sizeof p, "response.items.%zu.identifier", i);
		assert_memory_equal(sbfix_str(o, p), "sa::", 4);
	}
	json_object_put(o);
	o = call("POST", "/api/v2/search/serviceaccount/facets", "{\"facets\":[\"active\"]}", 200);
	assert_int_equal(list_len(o, "response.facets.active"), 2);
	json_object_put(o);
	o = call("POST", "/api/v2/search/serviceaccount/identifier",
	         "{\"facetQuery\":\"sa::\",\"facetQueryMatchingMethod\":\"STARTSWITH\",\"limit\":3}", 200);
	assert_int_equal(list_len(o, "response.items"), 3);
	assert_int_equal(sbfix_int(o, "response.moreItems"), 1);
	json_object_put(o);
	expect("POST", "/api/v2/search/serviceaccount", "{\"query\":[{\"key\":\"name\",\"value\":\"x\"}]}", 400);
}

static void test_saved_searches(void **state)
{
	json_object *o;
	char id[16], path[64];
	const char *body = "{\"entityType\":\"TOKEN\",\"query\":{\"Old CI\":"
		"\"{\\\"searchTerms\\\":[{\\\"type\\\":\\\"freetext\\\",\\\"value\\\":\\\"ci\\\"}]}\"}}";

	(void)state;
	o = call("POST", "/api/v2/savedsearch", body, 200);
	snprintf(id, sizeof id, "%s", sbfix_str(o, "response.id"));
	assert_int_equal(strlen(id), 8);
	for (int i = 0; i < 8; i++)
		assert_true(isalnum((unsigned char)id[i]) || id[i] == '_');
	assert_string_equal(sbfix_str(o, "response.entityType"), "TOKEN");
	assert_non_null(strstr(sbfix_str(o, "response.query.Old CI"), "searchTerms"));
	assert_string_equal(sbfix_str(o, "response.userId"), SANDBOX_ADMIN_ID);
	json_object_put(o);

	snprintf(path, sizeof path, "/api/v2/savedsearch/%s", id);
	o = call("GET", path, NULL, 200);
	assert_string_equal(sbfix_str(o, "response.id"), id);
	json_object_put(o);
	o = call("GET", "/api/v2/savedsearch/type/TOKEN", NULL, 200);
	assert_true(sbfix_int(o, "response.totalItems") >= 1);
	json_object_put(o);
	o = call("GET", "/api/v2/savedsearch/type/ALERT", NULL, 200);
	assert_int_equal(sbfix_int(o, "response.totalItems"), 0);
	json_object_put(o);
	expect("GET", "/api/v2/savedsearch/type/NOPE", NULL, 400);
	o = call("GET", "/api/v2/savedsearch?limit=1", NULL, 200);
	assert_int_equal(list_len(o, "response.items"), 1);
	json_object_put(o);

	o = call("PUT", path, "{\"entityType\":\"TOKEN\",\"query\":{\"Renamed\":\"{}\"}}", 200);
	assert_string_equal(sbfix_str(o, "response.query.Renamed"), "{}");
	json_object_put(o);
	expect("PUT", path, "{\"entityType\":\"TOKEN\",\"query\":{\"x\":1}}", 400);
	expect("PUT", path, "{\"entityType\":\"TOKEN\",\"query\":{}}", 400);
	expect("PUT", path, "{\"query\":{\"x\":\"y\"}}", 400);
	expect("POST", "/api/v2/savedsearch", "{\"entityType\":\"BOGUS\",\"query\":{\"x\":\"y\"}}", 400);
	expect("PUT", "/api/v2/savedsearch/zzzzzzzz", "{\"entityType\":\"TOKEN\",\"query\":{\"x\":\"y\"}}", 404);
	o = call("DELETE", path, NULL, 200);
	assert_string_equal(sbfix_str(o, "response.id"), id);
	json_object_put(o);
	expect("DELETE", path, NULL, 404);
	expect("GET", path, NULL, 404);
}

/* ------------------------------------------------------------------- CSP */

static json_object *csp(const char *path, const char *form, const char *const *headers, long want)
{
	struct sbfix_resp r;
	json_object *o;

	assert_int_equal(sbfix_request(sandbox_url(sb), "POST", path, "application/x-www-form-urlencoded",
	                               form, strlen(form), headers, &r), 0);
	assert_int_equal(r.status, want);
	o = sbfix_json(&r);
	assert_non_null(o);
	sbfix_resp_free(&r);
	return o;
}

static void test_csp(void **state)
{
	const char *basic_ok[] = { "Authorization: Basic bXktYXBwOnMzY3JldDp3aXRoOmNvbG9ucw==", NULL }; /* my-app:s3cret:with:colons */
	const char *basic_bad[] = { "Authorization: Basic bXktYXBwOndyb25n", NULL };                    /* my-app:wrong */
	struct sbfix_resp r;
	json_object *o;
	char access[2048];

	(void)state;
	o = csp("/csp/gateway/am/api/auth/api-tokens/authorize", "api_token=csp-api-token-0123456789", NULL, 200);
	assert_string_equal(sbfix_str(o, "token_type"), "bearer");
	assert_int_equal(sbfix_int(o, "expires_in"), 60);
	assert_true(json_object_is_type(sbfix_path(o, "refresh_token"), json_type_null));
	snprintf(access, sizeof access, "%s", sbfix_str(o, "access_token"));
	assert_non_null(strchr(access, '.'));
	json_object_put(o);

	/* Accepted as a bearer until it expires, then 401. */
	assert_int_equal(sbfix_call(sb, "GET", "/api/v2/apitoken/customertokens", NULL, access, &r), 0);
	assert_int_equal(r.status, 200);
	sbfix_resp_free(&r);
	atomic_fetch_add(&fake_now, 59 * 1000);
	assert_int_equal(sbfix_call(sb, "GET", "/api/v2/apitoken", NULL, access, &r), 0);
	assert_int_equal(r.status, 200);
	sbfix_resp_free(&r);
	atomic_fetch_add(&fake_now, 2 * 1000);
	assert_int_equal(sbfix_call(sb, "GET", "/api/v2/apitoken", NULL, access, &r), 0);
	assert_int_equal(r.status, 401);
	o = sbfix_json(&r);
	assert_non_null(strstr(sbfix_str(o, "status.message"), "expired"));
	json_object_put(o);
	sbfix_resp_free(&r);

	/* The legacy field name. */
	json_object_put(csp("/csp/gateway/am/api/auth/api-tokens/authorize",
	                    "grant_type=api_token&refresh_token=csp-api-token-0123456789", NULL, 200));
	o = csp("/csp/gateway/am/api/auth/api-tokens/authorize", "api_token=wrong", NULL, 400);
	assert_non_null(strstr(sbfix_str(o, "message"), "invalid_grant"));
	assert_true(sbfix_int(o, "moduleCode") > 0);
	json_object_put(o);
	json_object_put(csp("/csp/gateway/am/api/auth/api-tokens/authorize", "", NULL, 400));
	json_object_put(csp("/csp/gateway/am/api/auth/api-tokens/authorize", "api_token=%zz", NULL, 400));

	/* Client credentials. */
	o = csp("/csp/gateway/am/api/auth/authorize", "grant_type=client_credentials&orgId=abc", basic_ok, 200);
	snprintf(access, sizeof access, "%s", sbfix_str(o, "access_token"));
	json_object_put(o);
	assert_int_equal(sbfix_call(sb, "GET", "/api/v2/apitoken", NULL, access, &r), 0);
	assert_int_equal(r.status, 200);
	sbfix_resp_free(&r);
	json_object_put(csp("/csp/gateway/am/api/auth/authorize", "grant_type=client_credentials", basic_bad, 400));
	json_object_put(csp("/csp/gateway/am/api/auth/authorize", "grant_type=client_credentials", NULL, 400));
	json_object_put(csp("/csp/gateway/am/api/auth/authorize", "grant_type=password", basic_ok, 400));
	json_object_put(csp("/csp/gateway/am/api/auth/token",
	                    "grant_type=client_credentials&client_id=my-app&client_secret=s3cret%3Awith%3Acolons",
	                    NULL, 200));
	assert_int_equal(sbfix_call(sb, "GET", "/csp/gateway/am/api/auth/authorize", NULL, NULL, &r), 0);
	assert_int_equal(r.status, 405);
	sbfix_resp_free(&r);
	/* An access token that was never issued. */
	assert_int_equal(sbfix_call(sb, "GET", "/api/v2/apitoken", NULL, "a.b.c", &r), 0);
	assert_int_equal(r.status, 401);
	sbfix_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_faults_flag),
		cmocka_unit_test(test_search_tokens),
		cmocka_unit_test(test_search_service_accounts),
		cmocka_unit_test(test_saved_searches),
		cmocka_unit_test(test_csp),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
