/* test_serverquery.c: the server-side mode's split of a search: which
 * terms the token search says (as the request body the client sends) and
 * which the console applies to each page itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "serverquery.h"

#define DAY ((wft_millis)86400000)
static const wft_millis now = 1000 * DAY;

/* The body of the request for page offset/limit of query s with facets f. */
static char *body_of(const char *s, const struct facets *f, enum view_column col, bool desc,
                     struct serverquery *sq)
{
	struct query *q = NULL;
	struct query_error qe;
	struct wft_search_request rq;
	struct wft_error err;
	char *b;

	assert_int_equal(query_parse(s, &q, &qe), WFT_OK);
	assert_int_equal(serverquery_build(sq, q, f, col, desc, now, &err), WFT_OK);
	serverquery_request(sq, 50, 25, &rq);
	b = wft_api_search_body(&rq, WFT_SEARCH_ENTITIES, NULL, 0);
	assert_non_null(b);
	query_free(q);
	return b;
}

static void server_terms(void **state)
{
	struct serverquery sq;
	char *b;
	(void)state;

	b = body_of("deploy -name:x id:ab12 type:service used:7d generated:<2d generated:>1y",
	            NULL, VIEW_COL_LAST_USED, true, &sq);
	assert_int_equal(sq.n_local, 0);
	assert_string_equal(b,
		"{\"query\":["
		"{\"key\":\"freetext\",\"matchingMethod\":\"CONTAINS\",\"negated\":false,\"value\":\"deploy\"},"
		"{\"key\":\"name\",\"matchingMethod\":\"CONTAINS\",\"negated\":true,\"value\":\"x\"},"
		"{\"key\":\"id\",\"matchingMethod\":\"CONTAINS\",\"negated\":false,\"value\":\"ab12\"},"
		"{\"key\":\"accountType\",\"matchingMethod\":\"EXACT\",\"negated\":false,\"values\":"
		"[\"SERVICE_ACCOUNT\",\"INACTIVE_SERVICE_ACCOUNT\",\"CSP_SERVICE_ACCOUNT\","
		"\"CSP_AUTHORIZED_SERVICE_ACCOUNT\"]},"
		"{\"key\":\"lastUsed\",\"matchingMethod\":\"EXACT\",\"negated\":false,\"start\":85795200000},"
		"{\"key\":\"dateGenerated\",\"matchingMethod\":\"EXACT\",\"negated\":false,\"start\":86227200001},"
		"{\"key\":\"dateGenerated\",\"matchingMethod\":\"EXACT\",\"negated\":false,\"end\":54863999999}],"
		"\"sort\":{\"field\":\"lastUsed\",\"ascending\":false},\"offset\":50,\"limit\":25}");
	free(b);
	serverquery_clear(&sq);
}

static void local_terms(void **state)
{
	static const struct { const char *term; bool local; } cases[] = {
		{ "/ci-[0-9]+/", true }, { "name:/x/", true }, { "a1f3", true }, { "AB", true },
		{ "\"0\"", true }, { "-beef", true }, { "-/x/", true }, { "never", false },
		{ "unused:30d", false }, { "-used:7d", false }, { "-generated:>1d", false },
		{ "-generated:<1d", false }, { "-never", false }, { "a1f3x", false }, { "beefs", false }, { "ci", false }, { "-ci", false },
		{ "id:a1f3", false }, { "name:a1f3", false }, { "-type:user", false },
		{ "used:1h", false },
	};
	(void)state;

	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		struct query *q = NULL;
		struct query_error qe;
		struct serverquery sq;
		struct wft_error err;
		assert_int_equal(query_parse(cases[k].term, &q, &qe), WFT_OK);
		if (serverquery_term_is_local(q, 0) != cases[k].local)
			fail_msg("%s: expected %s", cases[k].term, cases[k].local ? "local" : "server");
		assert_int_equal(serverquery_build(&sq, q, NULL, VIEW_COL_NAME, false, now, &err),
		                 WFT_OK);
		assert_int_equal(sq.n_local, cases[k].local ? 1 : 0);
		assert_int_equal(sq.n_terms, cases[k].local ? 0 : 1);
		assert_int_equal(sq.term_local[0], cases[k].local);
		serverquery_clear(&sq);
		query_free(q);
	}
}

static void mixed_and_facets(void **state)
{
	struct serverquery sq;
	struct facets f;
	char *b;
	(void)state;

	facets_init(&f);
	f.types = FACET_TYPE_SERVICE | FACET_TYPE_USER;
	f.usage = FACET_USED_RECENTLY;
	assert_int_equal(facets_add_account(&f, "sa::b"), WFT_OK);
	assert_int_equal(facets_add_account(&f, "sa::a"), WFT_OK);
	b = body_of("ci /x/ beef", &f, VIEW_COL_NAME, false, &sq);
	assert_int_equal(sq.n_query_terms, 3);
	assert_int_equal(sq.n_local, 2);
	assert_false(sq.term_local[0]);
	assert_true(sq.term_local[1]);
	assert_true(sq.term_local[2]);
	assert_string_equal(b,
		"{\"query\":["
		"{\"key\":\"freetext\",\"matchingMethod\":\"CONTAINS\",\"negated\":false,\"value\":\"ci\"},"
		"{\"key\":\"accountType\",\"matchingMethod\":\"EXACT\",\"negated\":false,\"values\":"
		"[\"SERVICE_ACCOUNT\",\"INACTIVE_SERVICE_ACCOUNT\",\"CSP_SERVICE_ACCOUNT\","
		"\"CSP_AUTHORIZED_SERVICE_ACCOUNT\",\"USER_ACCOUNT\",\"CSP_USER_ACCOUNT\","
		"\"CSP_AUTHORIZED_USER_ACCOUNT\"]},"
		"{\"key\":\"lastUsed\",\"matchingMethod\":\"EXACT\",\"negated\":false,\"start\":85795200000},"
		"{\"key\":\"account\",\"matchingMethod\":\"EXACT\",\"negated\":false,\"values\":"
		"[\"sa::a\",\"sa::b\"]}],"
		"\"sort\":{\"field\":\"name\",\"ascending\":true},\"offset\":50,\"limit\":25}");
	free(b);
	serverquery_clear(&sq);

	facets_clear(&f);
}

/* The query string's term (or the usage filters f) as the one SearchQuery
 * the server gets. */
static void expect_one(const char *query, unsigned usage, const char *want)
{
	struct serverquery sq;
	struct facets f;
	char *b, *q;

	facets_init(&f);
	f.usage = usage;
	b = body_of(query, &f, VIEW_COL_NAME, false, &sq);
	q = strstr(b, "\"query\":[");
	assert_non_null(q);
	q[strcspn(q, "]")] = '\0';
	if (strcmp(q + 9, want) != 0)
		fail_msg("%s / usage %u: got %s", query, usage, q + 9);
	free(b);
	serverquery_clear(&sq);
	facets_clear(&f);
}

#define LU "{\"key\":\"lastUsed\",\"matchingMethod\":\"EXACT\","
#define DG "{\"key\":\"dateGenerated\",\"matchingMethod\":\"EXACT\","

/* Times: a negated range matches a token without the field, so "unused"
 * and "never" are the negation of a range of last uses. */
static void times_and_usage(void **state)
{
	(void)state;
	/* now is 86400000000; 30 days are 2592000000 ms, 7 days 604800000 */
	expect_one("unused:30d", 0, LU "\"negated\":true,\"start\":83808000001}");
	expect_one("-unused:30d", 0, LU "\"negated\":false,\"start\":83808000001}");
	expect_one("never", 0, LU "\"negated\":true,\"start\":1}");
	expect_one("-never", 0, LU "\"negated\":false,\"start\":1}");
	expect_one("-used:7d", 0, LU "\"negated\":true,\"start\":85795200000}");
	expect_one("-generated:>1d", 0, DG "\"negated\":true,\"end\":86313599999}");
	expect_one("", FACET_NEVER_USED, LU "\"negated\":true,\"start\":1}");
	expect_one("", FACET_UNUSED, LU "\"negated\":true,\"start\":83808000001}");
	expect_one("", FACET_UNUSED | FACET_NEVER_USED, LU "\"negated\":true,\"start\":83808000001}");
	expect_one("", FACET_USED_RECENTLY | FACET_NEVER_USED,
	           LU "\"negated\":true,\"start\":1,\"end\":85795199999}");
	expect_one("", FACET_USED_RECENTLY | FACET_UNUSED,
	           LU "\"negated\":true,\"start\":83808000001,\"end\":85795199999}");
	expect_one("", FACET_USED_RECENTLY | FACET_UNUSED | FACET_NEVER_USED,
	           LU "\"negated\":true,\"start\":83808000001,\"end\":85795199999}");
}

static void sort_fields(void **state)
{
	static const char *const want[VIEW_N_COLUMNS] = {
		"id", "name", "account", "accountType", "dateGenerated", "lastUsed",
	};
	(void)state;

	for (int c = 0; c < VIEW_N_COLUMNS; c++)
		assert_string_equal(serverquery_sort_field((enum view_column)c), want[c]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(server_terms),
		cmocka_unit_test(local_terms),
		cmocka_unit_test(mixed_and_facets),
		cmocka_unit_test(times_and_usage),
		cmocka_unit_test(sort_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
