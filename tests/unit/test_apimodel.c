/* test_apimodel.c: decoders on canned bodies (shapes of doc/api.md 2-3, unknown
 * fields, nulls, wrong types, garbage) and the mapping of errors to words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "apierror.h"
#include "apimodel.h"

#define DEC(fn, body, out, err) fn("GET /api/v2/x", body, strlen(body), out, err)

static void token_list_in_container(void **state)
{
	const char *body =
		"{\"status\":{\"result\":\"OK\",\"message\":\"\",\"code\":200},"
		"\"debugInfo\":[],\"response\":["
		"{\"tokenID\":\"a411c16b-3cf7-4f03-bf11-8ca05aab898d\",\"tokenName\":\"ci\","
		"\"account\":\"sa::ci\",\"accountType\":\"SERVICE_ACCOUNT\","
		"\"dateGenerated\":1700000000000,\"lastUsed\":null,\"future\":{\"x\":[1]}},"
		"{\"tokenID\":\"b2\",\"lastUsed\":1700000000123}]}";
	struct wft_token_list l;
	struct wft_error err;
	struct wft_token_rec rec;
	(void)state;

	assert_int_equal(DEC(wft_decode_token_list, body, &l, &err), WFT_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].id, "a411c16b-3cf7-4f03-bf11-8ca05aab898d");
	assert_string_equal(l.items[0].name, "ci");
	assert_int_equal(l.items[0].account_type, WFT_ACCOUNT_SERVICE);
	assert_int_equal(l.items[0].date_generated, 1700000000000LL);
	assert_int_equal(l.items[0].last_used, 0);
	assert_string_equal(l.items[1].name, "");
	assert_string_equal(l.items[1].account, "");
	assert_int_equal(l.items[1].account_type, WFT_ACCOUNT_UNKNOWN);
	assert_int_equal(l.items[1].last_used, 1700000000123LL);
	wft_token_view(&l.items[0], &rec);
	assert_string_equal(rec.account, "sa::ci");
	assert_int_equal(l.page.more_items, false);
	wft_token_list_clear(&l);
	assert_null(l.items);
}

static void paged_search_answer(void **state)
{
	const char *body =
		"{\"status\":{\"result\":\"OK\",\"code\":200},\"response\":{\"items\":["
		"{\"id\":\"5ee1c16b-3cf7-4f03-bf11-8ca05aab0001\",\"name\":\"x\","
		"\"account\":\"jane@example.com\",\"accountType\":\"USER_ACCOUNT\","
		"\"customer\":\"acme\",\"createdEpochMillis\":7}],"
		"\"offset\":100,\"limit\":100,\"totalItems\":301,\"moreItems\":true,"
		"\"cursor\":\"abc\",\"sort\":{\"field\":\"name\",\"ascending\":true}}}";
	struct wft_token_list l;
	struct wft_error err;
	(void)state;

	assert_int_equal(DEC(wft_decode_token_list, body, &l, &err), WFT_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].customer, "acme");
	assert_int_equal(l.items[0].created, 7);
	assert_int_equal(l.page.offset, 100);
	assert_int_equal(l.page.total_items, 301);
	assert_true(l.page.more_items);
	assert_string_equal(l.page.cursor, "abc");
	wft_token_list_clear(&l);
}

static void wrong_types_name_the_endpoint(void **state)
{
	struct wft_token_list l;
	struct wft_token t;
	struct wft_error err;
	(void)state;

	/* One record: its error names the field. */
	assert_int_equal(DEC(wft_decode_token,
	                     "{\"response\":{\"tokenID\":\"a\",\"tokenName\":5}}", &t, &err),
	                 WFT_ERR_PARSE);
	assert_string_equal(err.message, "GET /api/v2/x: field 'tokenName' is not a string");
	assert_null(t.id);
	assert_int_equal(DEC(wft_decode_token,
	                     "{\"response\":{\"tokenID\":\"a\",\"lastUsed\":\"yesterday\"}}",
	                     &t, &err), WFT_ERR_PARSE);
	assert_non_null(strstr(err.message, "'lastUsed' is not an integer"));
	assert_int_equal(DEC(wft_decode_token, "{\"response\":{\"tokenName\":\"n\"}}",
	                     &t, &err), WFT_ERR_PARSE);
	assert_non_null(strstr(err.message, "'id' is missing"));
	/* In a list, such records are left out and counted. */
	assert_int_equal(DEC(wft_decode_token_list,
	                     "{\"response\":[{\"tokenID\":\"a\",\"tokenName\":5},null,"
	                     "{\"tokenName\":\"n\"},{\"tokenID\":\"b\"}]}", &l, &err), WFT_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.skipped, 3);
	assert_string_equal(l.items[0].id, "b");
	wft_token_list_clear(&l);
	assert_int_equal(DEC(wft_decode_token_list, "{\"response\":\"no\"}", &l, &err),
	                 WFT_ERR_PARSE);
	assert_int_equal(DEC(wft_decode_token_list,
	                     "{\"response\":{\"items\":{}}}", &l, &err), WFT_ERR_PARSE);
	assert_non_null(strstr(err.message, "'items' is not a list"));
}

static void garbage_and_truncation(void **state)
{
	struct wft_token_list l;
	struct wft_service_account a;
	struct wft_error err;
	(void)state;

	assert_int_equal(DEC(wft_decode_token_list, "<html>oops</html>", &l, &err),
	                 WFT_ERR_PARSE);
	assert_non_null(strstr(err.message, "GET /api/v2/x: the answer is not JSON"));
	assert_int_equal(DEC(wft_decode_token_list, "{\"response\":[{\"tokenID\":\"a\"",
	                     &l, &err), WFT_ERR_PARSE);
	assert_string_equal(err.message, "GET /api/v2/x: the answer was cut short");
	assert_int_equal(DEC(wft_decode_token_list, "", &l, &err), WFT_ERR_PARSE);
	assert_int_equal(DEC(wft_decode_token_list, "[] x", &l, &err), WFT_ERR_PARSE);
	assert_non_null(strstr(err.message, "garbage"));
	assert_int_equal(DEC(wft_decode_account,
	                     "{\"status\":{\"result\":\"ERROR\",\"code\":500}}", &a, &err),
	                 WFT_ERR_PARSE);
	/* Deep nesting is refused, not recursed into. */
	{
		char deep[400];
		memset(deep, '[', sizeof deep - 1);
		deep[sizeof deep - 1] = '\0';
		assert_int_equal(DEC(wft_decode_token_list, deep, &l, &err), WFT_ERR_PARSE);
	}
}

static void service_account_read_model(void **state)
{
	const char *body =
		"{\"status\":{\"result\":\"OK\",\"code\":200},\"response\":{"
		"\"identifier\":\"sa::ci\",\"active\":false,\"description\":null,"
		"\"groups\":[\"ingestion\",null],\"roles\":[{\"id\":\"r1\",\"name\":\"Viewer\","
		"\"permissions\":[\"a\"]}],\"userGroups\":[{\"id\":\"g1\",\"name\":\"Service "
		"Accounts\",\"properties\":{\"nameEditable\":false},\"userCount\":3}],"
		"\"tokens\":[{\"tokenID\":\"t-1\",\"tokenName\":\"main\"}],"
		"\"unitedPermissions\":[\"ingestion\"],\"ingestionPolicy\":null}}";
	struct wft_service_account a;
	struct wft_error err;
	(void)state;

	assert_int_equal(DEC(wft_decode_account, body, &a, &err), WFT_OK);
	assert_string_equal(a.identifier, "sa::ci");
	assert_false(a.active);
	assert_string_equal(a.description, "");
	assert_int_equal(a.groups.n, 1);
	assert_string_equal(a.groups.items[0], "ingestion");
	assert_int_equal(a.n_roles, 1);
	assert_string_equal(a.roles[0].permissions.items[0], "a");
	assert_int_equal(a.n_user_groups, 1);
	assert_int_equal(a.user_groups[0].user_count, 3);
	assert_int_equal(a.n_tokens, 1);
	assert_string_equal(a.tokens[0].id, "t-1");
	assert_int_equal(a.united_roles.n, 0);
	wft_service_account_clear(&a);

	assert_int_equal(DEC(wft_decode_account,
	                     "{\"response\":{\"identifier\":\"sa::x\",\"active\":\"yes\"}}",
	                     &a, &err), WFT_ERR_PARSE);
	assert_non_null(strstr(err.message, "'active'"));
	/* An unreadable token of an account is left out, the account kept. */
	assert_int_equal(DEC(wft_decode_account,
	                     "{\"response\":{\"identifier\":\"sa::x\",\"tokens\":[{\"tokenID\":1},"
	                     "{\"tokenID\":\"t-2\"}]}}", &a, &err), WFT_OK);
	assert_int_equal(a.n_tokens, 1);
	assert_int_equal(a.skipped, 1);
	assert_string_equal(a.tokens[0].id, "t-2");
	wft_service_account_clear(&a);
}

/* Service accounts as production may send them: extra fields, nulls,
 * debugInfo, nested userGroups objects, userGroups as bare ids (the write
 * model's shape), "active":"true", a lastUsed as a string, a NUL in a token
 * name; and records that cannot be read at all, which are left out and
 * counted while the others show. */
static void account_list_tolerates_odd_records(void **state)
{
	const char *body =
		"{\"status\":{\"result\":\"OK\",\"message\":\"\",\"code\":200},\"response\":["
		"{\"identifier\":\"sa::nested\",\"active\":true,\"description\":null,"
		"\"debugInfo\":{\"trace\":[1,2]},\"ingestionPolicy\":null,\"groups\":null,"
		"\"userGroups\":[{\"id\":\"g1\",\"name\":\"Everyone\",\"properties\":"
		"{\"nameEditable\":false,\"permissionsEditable\":true},\"userCount\":null,"
		"\"roles\":[{\"id\":\"r\"}],\"createdEpochMillis\":1}],"
		"\"tokens\":[{\"tokenID\":\"t-1\",\"tokenName\":\"a\\u0000b\",\"accountType\":"
		"\"CSP_SERVICE_ACCOUNT\",\"dateGenerated\":null}],\"lastUsed\":null},"
		"{\"identifier\":\"sa::ids\",\"active\":\"true\",\"userGroups\":[\"g1\",\"g2\"],"
		"\"roles\":[\"r1\"],\"tokens\":[\"t-9\"],\"lastUsed\":\"1710000000000\"},"
		"{\"identifier\":\"sa::off\",\"active\":\"false\",\"lastUsed\":\"\"},"
		"{\"identifier\":7},"
		"{\"identifier\":\"sa::bad-active\",\"active\":\"maybe\"},"
		"\"sa::bare\""
		"]}";
	struct wft_account_list l;
	struct wft_error err;
	(void)state;

	assert_int_equal(DEC(wft_decode_account_list, body, &l, &err), WFT_OK);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.skipped, 3);
	assert_string_equal(l.items[0].identifier, "sa::nested");
	assert_int_equal(l.items[0].n_user_groups, 1);
	assert_string_equal(l.items[0].user_groups[0].name, "Everyone");
	assert_int_equal(l.items[0].user_groups[0].user_count, 0);
	assert_int_equal(l.items[0].n_tokens, 1);
	assert_string_equal(l.items[0].tokens[0].name, "a\xef\xbf\xbd" "b");
	assert_int_equal(l.items[0].tokens[0].account_type, WFT_ACCOUNT_CSP_SERVICE);
	assert_int_equal(l.items[0].skipped, 0);

	assert_string_equal(l.items[1].identifier, "sa::ids");
	assert_true(l.items[1].active);
	assert_int_equal(l.items[1].n_user_groups, 2);
	assert_string_equal(l.items[1].user_groups[0].id, "g1");
	assert_string_equal(l.items[1].user_groups[1].id, "g2");
	assert_string_equal(l.items[1].user_groups[1].name, "");
	assert_int_equal(l.items[1].n_roles, 1);
	assert_string_equal(l.items[1].roles[0].id, "r1");
	assert_int_equal(l.items[1].n_tokens, 1);
	assert_string_equal(l.items[1].tokens[0].id, "t-9");
	assert_string_equal(l.items[1].tokens[0].name, "");
	assert_int_equal(l.items[1].last_used, 1710000000000);

	assert_string_equal(l.items[2].identifier, "sa::off");
	assert_false(l.items[2].active);
	assert_int_equal(l.items[2].last_used, 0);
	wft_account_list_clear(&l);
}

/* Tokens in the production shape of UserApiToken: every account type of
 * the official enum, extra fields and nulls. */
static void token_list_every_account_type(void **state)
{
	static const char *const types[] = {
		"USER_ACCOUNT", "SERVICE_ACCOUNT", "INACTIVE_SERVICE_ACCOUNT", "CSP_USER_ACCOUNT",
		"CSP_AUTHORIZED_USER_ACCOUNT", "CSP_SERVICE_ACCOUNT", "CSP_AUTHORIZED_SERVICE_ACCOUNT",
	};
	char body[512];
	struct wft_token_list l;
	struct wft_error err;
	(void)state;

	for (size_t k = 0; k < sizeof types / sizeof *types; k++) {
		snprintf(body, sizeof body,
		         "{\"status\":{\"result\":\"OK\",\"code\":200},\"response\":[{\"tokenID\":"
		         "\"t\",\"tokenName\":null,\"account\":\"x\",\"accountType\":\"%s\","
		         "\"customer\":\"acme\",\"dateGenerated\":1,\"lastUsed\":null,"
		         "\"debugInfo\":null,\"something\":{\"new\":[]}}],\"debugInfo\":[]}",
		         types[k]);
		assert_int_equal(DEC(wft_decode_token_list, body, &l, &err), WFT_OK);
		assert_int_equal(l.n, 1);
		assert_int_equal(l.skipped, 0);
		assert_string_equal(wft_account_type_api_name(l.items[0].account_type), types[k]);
		assert_string_equal(l.items[0].name, "");
		wft_token_list_clear(&l);
	}
}

/* One saved search that cannot be read hides none of the others. */
static void saved_search_list_skips_bad_ones(void **state)
{
	const char *body =
		"{\"response\":{\"items\":["
		"{\"id\":\"A\",\"entityType\":\"TOKEN\",\"query\":{\"One\":\"{}\"}},"
		"{\"id\":\"B\",\"query\":{\"Two\":{\"not\":\"a string\"}}},"
		"{\"id\":5,\"query\":{\"Three\":\"{}\"}},"
		"{\"id\":\"C\",\"query\":{\"Four\":\"{}\"},\"createdEpochMillis\":\"12\","
		"\"creatorId\":null,\"debugInfo\":{}}"
		"],\"offset\":0,\"limit\":100,\"moreItems\":false}}";
	struct wft_saved_search_list l;
	struct wft_error err;
	(void)state;

	assert_int_equal(DEC(wft_decode_saved_search_list, body, &l, &err), WFT_OK);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.skipped, 2);
	assert_string_equal(l.items[0].name, "One");
	assert_string_equal(l.items[1].name, "Four");
	assert_int_equal(l.items[1].created, 12);
	wft_saved_search_list_clear(&l);
}

static void saved_searches_and_facets(void **state)
{
	const char *list =
		"{\"response\":{\"items\":[{\"id\":\"WQyBfuhh\",\"entityType\":\"TOKEN\","
		"\"query\":{\"Stale CI\":\"{\\\"searchTerms\\\":[]}\"},\"userId\":\"jane\"}],"
		"\"moreItems\":false}}";
	const char *facets =
		"{\"response\":{\"facets\":{\"accountType\":[\"USER_ACCOUNT\",\"SERVICE_ACCOUNT\"],"
		"\"account\":[]},\"limit\":100}}";
	const char *facet = "{\"response\":{\"items\":[\"sa::a\",\"sa::b\"],\"moreItems\":true}}";
	struct wft_saved_search_list l;
	struct wft_facets f;
	struct wft_strv v;
	struct wft_page p;
	struct wft_error err;
	(void)state;

	assert_int_equal(DEC(wft_decode_saved_search_list, list, &l, &err), WFT_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].name, "Stale CI");
	assert_string_equal(l.items[0].query, "{\"searchTerms\":[]}");
	assert_string_equal(l.items[0].entity_type, "TOKEN");
	wft_saved_search_list_clear(&l);

	assert_int_equal(DEC(wft_decode_facets, facets, &f, &err), WFT_OK);
	assert_int_equal(f.n, 2);
	assert_string_equal(f.items[0].name, "accountType");
	assert_int_equal(f.items[0].values.n, 2);
	assert_int_equal(f.items[1].values.n, 0);
	wft_facets_clear(&f);

	assert_int_equal(wft_decode_facet("POST /x", facet, strlen(facet), &v, &p, &err), WFT_OK);
	assert_int_equal(v.n, 2);
	assert_true(p.more_items);
	wft_strv_clear(&v);
	wft_page_clear(&p);
}

static void roles_and_groups(void **state)
{
	struct wft_role_list r;
	struct wft_group_list g;
	struct wft_error err;
	(void)state;

	assert_int_equal(DEC(wft_decode_role_list,
	                     "{\"response\":{\"items\":[{\"id\":\"r\",\"name\":\"Admins\"}]}}",
	                     &r, &err), WFT_OK);
	assert_string_equal(r.items[0].name, "Admins");
	wft_role_list_clear(&r);
	assert_int_equal(DEC(wft_decode_group_list,
	                     "{\"response\":{\"items\":[{\"id\":\"g\",\"userCount\":2.0}]}}",
	                     &g, &err), WFT_OK);
	assert_int_equal(g.items[0].user_count, 2);
	wft_group_list_clear(&g);
}

static void service_message_reading(void **state)
{
	char m[WFT_SERVICE_MESSAGE_MAX + 1];
	int code;
	const char *e1 = "{\"status\":{\"result\":\"ERROR\",\"message\":\"Invalid x\",\"code\":400}}";
	const char *e2 = "{\"message\":\"invalid_grant: bad\",\"moduleCode\":340}";
	const char *e3 = "Service Unavailable\nmore";
	const char *e4 = "{\"status\":{\"message\":\"Token a411c16b-3cf7-4f03-bf11-8ca05aab898d "
	                 "not found\",\"code\":404}}";
	const char *e5 = "{\"error\":\"denied\",\"code\":403}";
	(void)state;

	wft_apierror_service_message(e1, strlen(e1), m, sizeof m, &code);
	assert_string_equal(m, "Invalid x");
	assert_int_equal(code, 400);
	wft_apierror_service_message(e2, strlen(e2), m, sizeof m, &code);
	assert_string_equal(m, "invalid_grant: bad");
	wft_apierror_service_message(e3, strlen(e3), m, sizeof m, &code);
	assert_string_equal(m, "Service Unavailable");
	assert_int_equal(code, 0);
	wft_apierror_service_message(e4, strlen(e4), m, sizeof m, &code);
	assert_null(strstr(m, "a411c16b"));
	assert_non_null(strstr(m, "898d not found"));
	wft_apierror_service_message(e5, strlen(e5), m, sizeof m, &code);
	assert_string_equal(m, "denied");
	assert_int_equal(code, 403);
	wft_apierror_service_message("<html>x</html>", 14, m, sizeof m, &code);
	assert_string_equal(m, "");
}

static enum wft_status map(long status, const char *body, enum wft_api_op op,
                           const char *perm, struct wft_error *err)
{
	struct wft_http_response r = { .code = WFT_OK, .status = status, .body = body,
	                               .body_len = strlen(body), .retry_after_s = -1 };
	struct wft_api_ctx ctx = { .label = "PUT /api/v2/apitoken/customertokens/revoke",
	                           .op = op, .permission = perm };
	return wft_apierror_check(&r, &ctx, err);
}

static void status_mapping(void **state)
{
	struct wft_error err;
	const char *limit = "{\"status\":{\"result\":\"ERROR\",\"message\":\"Account sa::ci already "
	                    "has the maximum of 20 API tokens; revoke one first\",\"code\":400}}";
	(void)state;

	assert_int_equal(map(200, "{\"status\":{\"result\":\"OK\"},\"response\":[]}",
	                     WFT_OP_READ, NULL, &err), WFT_OK);
	assert_int_equal(map(200, "{\"status\":{\"result\":\"ERROR\",\"code\":403,"
	                     "\"message\":\"no\"}}", WFT_OP_READ, NULL, &err), WFT_ERR_HTTP);
	assert_int_equal(err.http_status, 403);

	assert_int_equal(map(401, "", WFT_OP_READ, NULL, &err), WFT_ERR_AUTH);
	assert_string_equal(err.message,
	                    "not signed in (401): the token was revoked or has expired");
	assert_int_equal(err.http_status, 401);
	assert_int_equal(map(403, "{}", WFT_OP_READ, NULL, &err), WFT_ERR_HTTP);
	assert_string_equal(err.message,
	                    "permission denied (403): this needs the Accounts permission");
	map(403, "{}", WFT_OP_GENERATE, "API Tokens", &err);
	assert_string_equal(err.message,
	                    "permission denied (403): this needs the API Tokens permission");
	map(404, "{\"status\":{\"message\":\"unknown token\",\"code\":404}}", WFT_OP_REVOKE,
	    NULL, &err);
	assert_string_equal(err.message, "not found (404): unknown token");
	map(404, "{\"status\":{\"message\":\"no such account\",\"code\":404}}", WFT_OP_READ,
	    NULL, &err);
	assert_string_equal(err.message, "not found (404): no such account");
	assert_int_equal(map(400, limit, WFT_OP_GENERATE, NULL, &err), WFT_ERR_LIMIT);
	assert_string_equal(err.message, "this account already has the maximum of 20 API "
	                    "tokens; revoke one first");
	assert_int_equal(map(400, "{\"status\":{\"message\":\"bad json\"}}", WFT_OP_WRITE,
	                     NULL, &err), WFT_ERR_HTTP);
	assert_string_equal(err.message, "the server refused the request (400): bad json");
	map(409, "{}", WFT_OP_CREATE_ACCOUNT, NULL, &err);
	assert_string_equal(err.message, "a service account with this identifier exists");
	map(429, "{\"status\":{\"message\":\"slow down\"}}", WFT_OP_GENERATE, NULL, &err);
	assert_string_equal(err.message, "the server is busy (429): slow down; try again later");
	map(503, "Service Unavailable", WFT_OP_READ, NULL, &err);
	assert_string_equal(err.message, "the server failed (503): Service Unavailable");
	assert_int_equal(map(400, "{\"moduleCode\":340,\"message\":\"invalid_grant: x\"}",
	                     WFT_OP_SIGN_IN, NULL, &err), WFT_ERR_AUTH);
	assert_string_equal(err.message, "sign-in failed (400): invalid_grant: x");
	map(418, "", WFT_OP_READ, NULL, &err);
	assert_non_null(strstr(err.message, "unexpected answer (418)"));
}

/* An instance onboarded to VMware Cloud services refuses the own-token
 * endpoints: the refusal keeps the server's words and is recognised as
 * such; an ordinary 403 is not. */
static void vmware_cloud_refusal(void **state)
{
	struct wft_error err;
	const char *body = "{\"status\":{\"result\":\"ERROR\",\"message\":\"This instance is "
	                   "onboarded to VMware Cloud services: user API tokens are managed in "
	                   "VMware Cloud services\",\"code\":403}}";
	(void)state;

	assert_int_equal(map(403, body, WFT_OP_READ, NULL, &err), WFT_ERR_HTTP);
	assert_int_equal(err.http_status, 403);
	assert_true(wft_apierror_is_csp_refusal(&err));
	assert_non_null(strstr(err.message, "onboarded to VMware Cloud services (403)"));
	assert_non_null(strstr(err.message, "user API tokens are managed in VMware Cloud services"));
	map(400, "{\"status\":{\"message\":\"Not supported for VMware Cloud services "
	    "onboarded customers\"}}", WFT_OP_WRITE, NULL, &err);
	assert_true(wft_apierror_is_csp_refusal(&err));
	map(403, "{}", WFT_OP_READ, NULL, &err);
	assert_false(wft_apierror_is_csp_refusal(&err));
	map(404, "{\"status\":{\"message\":\"VMware Cloud services\"}}", WFT_OP_READ, NULL, &err);
	assert_false(wft_apierror_is_csp_refusal(&err));
	assert_false(wft_apierror_is_csp_refusal(NULL));
}

static void transport_errors_pass_through(void **state)
{
	struct wft_http_response r = { .code = WFT_ERR_NETWORK, .body = "" };
	struct wft_api_ctx ctx = { .label = "GET /x" };
	struct wft_error err;
	(void)state;

	wft_error_set(&r.err, WFT_ERR_NETWORK, "the server did not answer within 2 s");
	assert_int_equal(wft_apierror_check(&r, &ctx, &err), WFT_ERR_NETWORK);
	assert_string_equal(err.message, "the server did not answer within 2 s");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(token_list_in_container),
		cmocka_unit_test(paged_search_answer),
		cmocka_unit_test(wrong_types_name_the_endpoint),
		cmocka_unit_test(garbage_and_truncation),
		cmocka_unit_test(service_account_read_model),
		cmocka_unit_test(account_list_tolerates_odd_records),
		cmocka_unit_test(token_list_every_account_type),
		cmocka_unit_test(saved_search_list_skips_bad_ones),
		cmocka_unit_test(saved_searches_and_facets),
		cmocka_unit_test(roles_and_groups),
		cmocka_unit_test(service_message_reading),
		cmocka_unit_test(status_mapping),
		cmocka_unit_test(transport_errors_pass_through),
		cmocka_unit_test(vmware_cloud_refusal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
