/* test_savedquery.c: saved searches round-trip every kind of query term,
 * facets and sort; the web UI's own searches read with unknown terms listed;
 * SearchQuery lists where the server can say it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "savedquery.h"

#define DAY ((wft_millis)86400000)

static void round_trip(const char *query, const struct facets *f, enum view_column col,
                       bool desc)
{
	struct savedquery a, b;
	struct wft_error err;
	char *json = NULL, *json2 = NULL;

	savedquery_init(&a);
	a.query = strdup(query);
	if (f)
		assert_int_equal(facets_copy(&a.facets, f), WFT_OK);
	a.sort = col;
	a.descending = desc;
	assert_int_equal(savedquery_to_json(&a, &json, &err), WFT_OK);
	assert_int_equal(savedquery_from_json(json, strlen(json), &b, &err), WFT_OK);
	assert_string_equal(b.query, query);
	assert_int_equal(b.sort, col);
	assert_int_equal(b.descending, desc);
	assert_int_equal(b.n_ignored, 0);
	assert_int_equal(b.facets.types, a.facets.types);
	assert_int_equal(b.facets.usage, a.facets.usage);
	if (a.facets.usage & FACET_USED_RECENTLY)
		assert_int_equal(b.facets.used_within, a.facets.used_within);
	if (a.facets.usage & FACET_UNUSED)
		assert_int_equal(b.facets.unused_for, a.facets.unused_for);
	assert_int_equal(b.facets.n_accounts, a.facets.n_accounts);
	for (size_t i = 0; i < a.facets.n_accounts; i++)
		assert_string_equal(b.facets.accounts[i], a.facets.accounts[i]);
	/* And the JSON is stable. */
	assert_int_equal(savedquery_to_json(&b, &json2, &err), WFT_OK);
	assert_string_equal(json, json2);
	free(json);
	free(json2);
	savedquery_clear(&a);
	savedquery_clear(&b);
}

static void every_query_kind_round_trips(void **state)
{
	static const char *const queries[] = {
		"", "ci", "\"a b\"", "name:ci", "name:\"x y\"", "account:sa::ci", "id:898d",
		"/^ci-/", "name:/De.+/", "account:/@example\\.com$/", "id:/^a4/",
		"type:service", "type:user", "used:7d", "unused:30d", "never", "generated:<90d",
		"generated:>1y", "-ci", "-name:x -type:user", "-never", "-/x/",
		"ci type:service unused:30d -name:\"keep me\" generated:>2w",
	};
	struct facets f;
	(void)state;

	for (size_t i = 0; i < sizeof queries / sizeof *queries; i++)
		round_trip(queries[i], NULL, (enum view_column)(i % VIEW_N_COLUMNS), i % 2);
	/* With facets that overlap the query's own terms. */
	facets_init(&f);
	f.types = FACET_TYPE_SERVICE | FACET_TYPE_USER;
	f.usage = FACET_USED_RECENTLY | FACET_UNUSED | FACET_NEVER_USED;
	f.used_within = 3 * DAY;
	f.unused_for = 45 * DAY;
	assert_int_equal(facets_add_account(&f, "sa::ci"), WFT_OK);
	assert_int_equal(facets_add_account(&f, "jo@example.com"), WFT_OK);
	round_trip("account:sa::ci type:service unused:30d never", &f, VIEW_COL_LAST_USED, true);
	round_trip("", &f, VIEW_COL_NAME, false);
	f.used_within = 5 * 3600000;
	round_trip("x", &f, VIEW_COL_ID, false);
	facets_clear(&f);
}

static void json_shape(void **state)
{
	struct savedquery a;
	struct wft_error err;
	char *json;
	(void)state;

	savedquery_init(&a);
	a.query = strdup("ci -x type:service");
	a.facets.usage = FACET_UNUSED;
	a.sort = VIEW_COL_LAST_USED;
	a.descending = true;
	assert_int_equal(savedquery_to_json(&a, &json, &err), WFT_OK);
	assert_string_equal(json,
		"{\"searchTerms\":[{\"type\":\"freetext\",\"value\":\"ci\"},"
		"{\"type\":\"accountType\",\"value\":\"SERVICE_ACCOUNT\"},"
		"{\"type\":\"query\",\"value\":\"ci -x type:service\"},"
		"{\"type\":\"usage\",\"value\":\"unused:30d\"}],"
		"\"sortField\":\"lastUsed\",\"sortOrder\":\"descending\"}");
	free(json);
	savedquery_clear(&a);
	/* A query that does not parse is refused. */
	a.query = strdup("/unclosed");
	assert_int_equal(savedquery_to_json(&a, &json, &err), WFT_ERR_INVALID);
	assert_null(json);
	savedquery_clear(&a);
}

static void reads_web_ui_searches(void **state)
{
	struct savedquery sq;
	struct wft_error err;
	const char *web =
		"{\"searchTerms\":[{\"type\":\"freetext\",\"value\":\"deploy bot\"},"
		"{\"type\":\"name\",\"value\":\"ci\"},{\"type\":\"tagContains\",\"value\":\"CLS\"},"
		"{\"type\":\"accountType\",\"value\":\"USER_ACCOUNT\"},"
		"{\"type\":\"usage\",\"value\":\"used:7d\"},{\"type\":\"usage\",\"value\":\"soon\"},"
		"{\"type\":\"account\",\"value\":\"sa::x\"},{\"type\":\"status\",\"value\":null}],"
		"\"sortOrder\":\"ascending\",\"sortField\":null,\"pageNum\":1}";
	(void)state;

	assert_int_equal(savedquery_from_json(web, strlen(web), &sq, &err), WFT_OK);
	assert_string_equal(sq.query, "\"deploy bot\" name:ci");
	assert_int_equal(sq.facets.types, FACET_TYPE_USER);
	assert_int_equal(sq.facets.usage, FACET_USED_RECENTLY);
	assert_int_equal(sq.facets.used_within, 7 * DAY);
	assert_int_equal(sq.facets.n_accounts, 1);
	assert_int_equal(sq.sort, VIEW_COL_NAME);
	assert_false(sq.descending);
	assert_int_equal(sq.n_ignored, 3);
	assert_string_equal(sq.ignored[0], "tagContains=CLS");
	assert_string_equal(sq.ignored[1], "usage=soon");
	assert_string_equal(sq.ignored[2], "status=");
	savedquery_clear(&sq);

	/* The swagger example; words that would read as syntax are quoted. */
	const char *ex = "{\"searchTerms\":[{\"type\":\"freetext\",\"value\":\"foo\"},"
	                 "{\"type\":\"freetext\",\"value\":\"-x\"},"
	                 "{\"type\":\"freetext\",\"value\":\"never\"},"
	                 "{\"type\":\"freetext\",\"value\":\"a\\\"b\"}]}";
	assert_int_equal(savedquery_from_json(ex, strlen(ex), &sq, &err), WFT_OK);
	assert_string_equal(sq.query, "foo \"-x\" \"never\" \"a\\\"b\"");
	savedquery_clear(&sq);
}

static void refuses_bad_json(void **state)
{
	struct savedquery sq;
	struct wft_error err;
	static const char *const bad[] = {
		"", "nope", "[1]", "{\"searchTerms\":5}", "{\"searchTerms\":[5]}",
		"{\"searchTerms\":[{\"value\":\"x\"}]}", "{\"searchTerms\":[{\"type\":\"a\",\"value\":{}}]}",
		"{\"searchTerms\":[{\"type\":\"query\",\"value\":\"/x\"}]}", "{} x",
	};
	(void)state;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_not_equal(savedquery_from_json(bad[i], strlen(bad[i]), &sq, &err), WFT_OK);
		assert_null(sq.query);
		assert_true(err.message[0] != '\0');
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_query_kind_round_trips),
		cmocka_unit_test(json_shape),
		cmocka_unit_test(reads_web_ui_searches),
		cmocka_unit_test(refuses_bad_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
