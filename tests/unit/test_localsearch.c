/* test_localsearch.c: the local saved-search store: the API's record
 * format, create/rename/delete through the file, another run's changes
 * kept, a failed write changes nothing, a corrupt file set aside. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "localsearch.h"
#include "statefile.h"
#include "tmpdir.h"

static char path[128];

static int setup(void **state)
{
	if (tmpdir_setup(state) != 0)
		return -1;
	snprintf(path, sizeof path, "%s/wftokens/saved-searches.json", tmpdir);
	return 0;
}

static int fresh(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

#define Q1 "{\"searchTerms\":[{\"type\":\"query\",\"value\":\"ci-\"}],\"sortField\":\"name\",\"sortOrder\":\"ascending\"}"

static void create_rename_delete(void **state)
{
	struct localsearch ls, again;
	struct wft_error err;
	char *id = NULL, *id2 = NULL;
	(void)state;
	localsearch_init(&ls);
	assert_int_equal(localsearch_load(&ls, path, 0, &err), WFT_OK);
	assert_int_equal(ls.list.n, 0);
	assert_int_equal(localsearch_create(&ls, "Stale CI", Q1, 1000, &id, &err), WFT_OK);
	assert_string_equal(id, "local-1");
	assert_true(localsearch_is_local_id(id));
	assert_int_equal(localsearch_create(&ls, "Other", "{}", 2000, &id2, &err), WFT_OK);
	assert_string_equal(id2, "local-2");
	assert_int_equal(ls.list.n, 2);
	/* Another run sees them, with the query string as saved. */
	localsearch_init(&again);
	assert_int_equal(localsearch_load(&again, path, 0, &err), WFT_OK);
	assert_int_equal(again.list.n, 2);
	const struct wft_saved_search *s = localsearch_find(&again, "local-1");
	assert_non_null(s);
	assert_string_equal(s->name, "Stale CI");
	assert_string_equal(s->query, Q1);
	assert_string_equal(s->entity_type, "TOKEN");
	assert_int_equal(s->created, 1000);
	assert_int_equal(localsearch_rename(&ls, id, "Stale CI tokens", 3000, &err), WFT_OK);
	assert_string_equal(localsearch_find(&ls, id)->name, "Stale CI tokens");
	assert_int_equal(localsearch_find(&ls, id)->updated, 3000);
	assert_int_equal(localsearch_delete(&ls, id2, 4000, &err), WFT_OK);
	assert_int_equal(ls.list.n, 1);
	assert_null(localsearch_find(&ls, id2));
	assert_int_equal(localsearch_delete(&ls, id2, 4000, &err), WFT_ERR_INVALID);
	assert_non_null(strstr(err.message, "gone"));
	assert_int_equal(localsearch_create(&ls, "", Q1, 0, NULL, &err), WFT_ERR_INVALID);
	free(id);
	free(id2);
	localsearch_free(&ls);
	localsearch_free(&again);
}

static void another_runs_changes_are_kept(void **state)
{
	struct localsearch a, b;
	struct wft_error err;
	(void)state;
	localsearch_init(&a);
	localsearch_init(&b);
	assert_int_equal(localsearch_load(&a, path, 0, &err), WFT_OK);
	assert_int_equal(localsearch_load(&b, path, 0, &err), WFT_OK);
	assert_int_equal(localsearch_create(&a, "from a", "{}", 0, NULL, &err), WFT_OK);
	assert_int_equal(localsearch_create(&b, "from b", "{}", 0, NULL, &err), WFT_OK);
	assert_int_equal(b.list.n, 2);
	assert_string_equal(b.list.items[1].id, "local-2");
	localsearch_free(&a);
	localsearch_free(&b);
}

static void file_format_is_the_apis(void **state)
{
	struct localsearch ls;
	struct wft_error err;
	char *buf;
	size_t len;
	json_object *o, *items, *rec, *q, *v;
	(void)state;
	localsearch_init(&ls);
	assert_int_equal(localsearch_load(&ls, path, 0, &err), WFT_OK);
	assert_int_equal(localsearch_create(&ls, "Mine", Q1, 5, NULL, &err), WFT_OK);
	assert_int_equal(statefile_read(path, STATEFILE_MAX, &buf, &len, &err), WFT_OK);
	assert_non_null(o = json_tokener_parse(buf));
	assert_true(json_object_object_get_ex(o, "items", &items));
	assert_int_equal(json_object_array_length(items), 1);
	rec = json_object_array_get_idx(items, 0);
	assert_true(json_object_object_get_ex(rec, "entityType", &v));
	assert_string_equal(json_object_get_string(v), "TOKEN");
	assert_true(json_object_object_get_ex(rec, "query", &q));
	assert_true(json_object_object_get_ex(q, "Mine", &v));
	assert_string_equal(json_object_get_string(v), Q1);
	json_object_put(o);
	free(buf);
	localsearch_free(&ls);
}

static void failed_write_changes_nothing(void **state)
{
	struct localsearch ls;
	struct wft_error err;
	struct rlimit old, small;
	char *big, *before, *after;
	size_t n = 1 << 16, lb, la;
	(void)state;
	localsearch_init(&ls);
	assert_int_equal(localsearch_load(&ls, path, 0, &err), WFT_OK);
	assert_int_equal(localsearch_create(&ls, "kept", "{}", 0, NULL, &err), WFT_OK);
	assert_int_equal(statefile_read(path, STATEFILE_MAX, &before, &lb, &err), WFT_OK);
	assert_non_null(big = malloc(n + 1));
	memset(big, 'q', n);
	big[n] = '\0';
	getrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_IGN);
	small = old;
	small.rlim_cur = 2048;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	assert_int_equal(localsearch_create(&ls, "too big", big, 0, NULL, &err), WFT_ERR_IO);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_DFL);
	free(big);
	assert_int_equal(ls.list.n, 1);
	assert_int_equal(statefile_read(path, STATEFILE_MAX, &after, &la, &err), WFT_OK);
	assert_int_equal(la, lb);
	assert_memory_equal(before, after, la);
	free(before);
	free(after);
	localsearch_free(&ls);
}

static void corrupt_file_is_set_aside(void **state)
{
	struct localsearch ls;
	struct wft_error err;
	static const char *const bad[] = {
		"not json",
		"{\"items\":[{\"id\":\"local-1\",\"query\":{\"a\":5}}]}",
		"{\"items\":[{\"id\":\"WQyBfuhh\",\"query\":{\"a\":\"{}\"}}]}",
		"{\"items\":[{\"id\":\"local-1\",\"query\":{}}]}",
		"{\"items\":[{\"id\":\"local-1\",\"query\":{\"a\":\"{}\"}},{\"id\":\"local-1\",\"query\":{\"b\":\"{}\"}}]}",
	};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char aside[200];
		unlink(path);
		assert_int_equal(statefile_write(path, bad[i], strlen(bad[i]), &err), WFT_OK);
		localsearch_init(&ls);
		assert_int_equal(localsearch_load(&ls, path, (wft_millis)(i + 1) * 1000, &err),
		                 WFT_ERR_PARSE);
		snprintf(aside, sizeof aside, "%s.corrupt-1970010" "1T00000%zuZ", path, i + 1);
		assert_non_null(strstr(err.message, aside));
		assert_int_equal(access(aside, F_OK), 0);
		assert_int_equal(ls.list.n, 0);
		/* Saving works on, in a new file. */
		assert_int_equal(localsearch_create(&ls, "new", "{}", 0, NULL, &err), WFT_OK);
		localsearch_free(&ls);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(create_rename_delete, fresh),
		cmocka_unit_test_setup(another_runs_changes_are_kept, fresh),
		cmocka_unit_test_setup(file_format_is_the_apis, fresh),
		cmocka_unit_test_setup(failed_write_changes_nothing, fresh),
		cmocka_unit_test_setup(corrupt_file_is_set_aside, fresh),
	};
	return cmocka_run_group_tests(tests, setup, tmpdir_teardown);
}
