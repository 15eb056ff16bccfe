/* test_viewexport.c: the console's :export: the format by the file's
 * extension, the view described in words (query, filters, sort; ids in it
 * masked), and a file: 0600, refused when it exists unless overwrite,
 * never through a link, removed again when the name is bad. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "tmpdir.h"
#include "viewexport.h"

#define NOW ((wft_millis)1710000000000) /* 2024-03-09T16:00:00Z */

static wft_millis fixed_clock(void *ud)
{
	(void)ud;
	return NOW;
}

static struct view *two_tokens(void)
{
	static const struct wft_token_rec recs[] = {
		{ "a411c16b-3cf7-4f03-bf11-8ca05aab898d", "deploy", "sa::ci", WFT_ACCOUNT_SERVICE,
		  NOW - 86400000, 0 },
		{ "b5d2e7aa-0000-4f03-bf11-000000001111", "laptop", "jo@example.com", WFT_ACCOUNT_USER,
		  NOW - 86400000, 0 },
	};
	struct tokenset *ts = tokenset_new();
	struct wft_error err;
	struct view *v;

	for (size_t i = 0; i < 2; i++)
		assert_int_equal(tokenset_add(ts, &recs[i], &err), WFT_OK);
	assert_non_null(v = view_new(ts, fixed_clock, NULL));
	return v;
}

static void format_by_extension(void **state)
{
	(void)state;
	assert_int_equal(viewexport_format_of("a.csv"), LISTWRITE_CSV);
	assert_int_equal(viewexport_format_of("~/x/a.JSON"), LISTWRITE_JSON);
	assert_int_equal(viewexport_format_of("a.ndjson"), LISTWRITE_NDJSON);
	assert_int_equal(viewexport_format_of("a.txt"), -1);
	assert_int_equal(viewexport_format_of("dir.csv/a"), -1);
	assert_int_equal(viewexport_format_of("csv"), -1);
}

static void described_in_words(void **state)
{
	struct view *v = two_tokens();
	struct facets f;
	struct query_error qe;
	struct wft_error err;
	char s[512];
	(void)state;
	viewexport_describe(v, s, sizeof s);
	assert_string_equal(s, "all tokens; sorted by name");
	facets_init(&f);
	f.types = FACET_TYPE_SERVICE;
	assert_int_equal(view_set_facets(v, &f, &err), WFT_OK);
	view_set_sort(v, VIEW_COL_LAST_USED, true);
	viewexport_describe(v, s, sizeof s);
	assert_string_equal(s, "type service; sorted by lastused desc");
	assert_int_equal(view_set_query(v, "id:a411c16b-3cf7-4f03-bf11-8ca05aab898d", &qe), WFT_OK);
	viewexport_describe(v, s, sizeof s);
	assert_null(strstr(s, "a411c16b"));
	assert_non_null(strstr(s, "; type service; sorted by lastused desc"));
	facets_clear(&f);
	view_free(v);
}

static void file_0600_no_overwrite_no_link(void **state)
{
	struct view *v = two_tokens();
	struct wft_error err;
	struct stat st;
	char path[128], link[128];
	size_t rows;
	(void)state;
	snprintf(path, sizeof path, "%s/v.csv", tmpdir);
	assert_int_equal(viewexport_write(path, NULL, false, v, NOW, &rows, &err), WFT_OK);
	assert_int_equal(rows, 2);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_not_equal(viewexport_write(path, NULL, false, v, NOW, &rows, &err), WFT_OK);
	assert_non_null(strstr(err.message, "already exists"));
	assert_int_equal(rows, 0);
	chmod(path, 0644);
	assert_int_equal(viewexport_write(path, NULL, true, v, NOW, &rows, &err), WFT_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(link, sizeof link, "%s/l.csv", tmpdir);
	assert_int_equal(symlink(path, link), 0);
	assert_int_not_equal(viewexport_write(link, NULL, true, v, NOW, &rows, &err), WFT_OK);
	assert_non_null(strstr(err.message, "not a plain file"));
	snprintf(path, sizeof path, "%s/v.txt", tmpdir);
	assert_int_not_equal(viewexport_write(path, NULL, false, v, NOW, &rows, &err), WFT_OK);
	assert_int_not_equal(access(path, F_OK), 0);
	view_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_by_extension),
		cmocka_unit_test(described_in_words),
		cmocka_unit_test(file_0600_no_overwrite_no_link),
	};
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
