/* test_savedlist.c: the server's saved searches and the merge of a
 * listing: what the server confirmed after a listing was asked for is
 * neither dropped nor reverted by it, and a deleted id never comes back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "savedlist.h"

#define SS(i, n, q) { .id = (char *)(i), .entity_type = (char *)"TOKEN", .name = (char *)(n), \
                      .query = (char *)(q) }

static const char *name_of(const struct savedlist *l, const char *id)
{
	size_t i = savedlist_find(l, id);
	return i == (size_t)-1 ? NULL : l->items[i].name;
}

static void listing_replaces_listed_entries(void **state)
{
	struct savedlist l;
	struct wft_error err;
	struct wft_saved_search a[] = { SS("1", "One", "{}"), SS("2", "Two", "{}") };
	struct wft_saved_search b[] = { SS("2", "Two renamed", "{}"), SS("3", "Three", "{}") };
	(void)state;
	savedlist_init(&l);
	assert_int_equal(savedlist_merge(&l, a, 2, savedlist_mark(&l), &err), WFT_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].name, "One");
	/* A newer listing is the truth for what it was asked after. */
	assert_int_equal(savedlist_merge(&l, b, 2, savedlist_mark(&l), &err), WFT_OK);
	assert_int_equal(l.n, 2);
	assert_null(name_of(&l, "1"));
	assert_string_equal(name_of(&l, "2"), "Two renamed");
	assert_string_equal(l.items[1].name, "Three");
	savedlist_free(&l);
}

static void save_after_listing_asked_is_kept(void **state)
{
	struct savedlist l;
	struct wft_error err;
	struct wft_saved_search old[] = { SS("1", "One", "{}") };
	unsigned long mark;
	(void)state;
	savedlist_init(&l);
	/* Start-up: the listing is asked for, then a save is answered first. */
	mark = savedlist_mark(&l);
	assert_int_equal(savedlist_confirm(&l, "9", "Just saved", "{\"q\":1}", &err), WFT_OK);
	assert_int_equal(savedlist_merge(&l, old, 1, mark, &err), WFT_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].name, "One");
	assert_string_equal(l.items[1].name, "Just saved");
	assert_string_equal(l.items[1].query, "{\"q\":1}");
	/* A listing asked for after the save and lacking it: deleted elsewhere. */
	assert_int_equal(savedlist_merge(&l, old, 1, savedlist_mark(&l), &err), WFT_OK);
	assert_int_equal(l.n, 1);
	assert_null(name_of(&l, "9"));
	savedlist_free(&l);
}

static void rename_after_listing_asked_is_not_reverted(void **state)
{
	struct savedlist l;
	struct wft_error err;
	struct wft_saved_search a[] = { SS("1", "Old", "{}") };
	unsigned long mark;
	(void)state;
	savedlist_init(&l);
	assert_int_equal(savedlist_merge(&l, a, 1, savedlist_mark(&l), &err), WFT_OK);
	mark = savedlist_mark(&l);
	assert_int_equal(savedlist_confirm(&l, "1", "New", "{}", &err), WFT_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(savedlist_merge(&l, a, 1, mark, &err), WFT_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(name_of(&l, "1"), "New");
	savedlist_free(&l);
}

static void deleted_ids_never_come_back(void **state)
{
	struct savedlist l;
	struct wft_error err;
	struct wft_saved_search a[] = { SS("1", "One", "{}"), SS("2", "Two", "{}") };
	unsigned long mark;
	(void)state;
	savedlist_init(&l);
	assert_int_equal(savedlist_merge(&l, a, 2, savedlist_mark(&l), &err), WFT_OK);
	mark = savedlist_mark(&l);
	assert_int_equal(savedlist_remove(&l, "1", &err), WFT_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(savedlist_merge(&l, a, 2, mark, &err), WFT_OK);
	assert_int_equal(l.n, 1);
	assert_null(name_of(&l, "1"));
	assert_string_equal(name_of(&l, "2"), "Two");
	/* Removing what is not there is harmless. */
	assert_int_equal(savedlist_remove(&l, "1", &err), WFT_OK);
	assert_int_equal(savedlist_remove(&l, "nope", &err), WFT_OK);
	assert_int_equal(l.n, 1);
	savedlist_free(&l);
}

static void unusable_and_foreign_items_are_skipped(void **state)
{
	struct savedlist l;
	struct wft_error err;
	struct wft_saved_search a[] = {
		SS("1", "One", "{}"), SS(NULL, "No id", "{}"), SS("3", "", "{}"), SS("4", NULL, "{}"),
		{ .id = (char *)"5", .entity_type = (char *)"ALERT", .name = (char *)"Alerts" },
		{ .id = (char *)"6", .name = (char *)"No type", .query = NULL },
		SS("1", "One again", "{}"),
	};
	(void)state;
	savedlist_init(&l);
	assert_int_equal(savedlist_merge(&l, a, sizeof a / sizeof a[0], 0, &err), WFT_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(name_of(&l, "1"), "One");
	assert_string_equal(name_of(&l, "6"), "No type");
	assert_string_equal(l.items[1].query, "");
	assert_int_equal(savedlist_confirm(&l, "", "x", "{}", &err), WFT_ERR_INVALID);
	assert_int_equal(savedlist_confirm(&l, "7", NULL, "{}", &err), WFT_ERR_INVALID);
	savedlist_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(listing_replaces_listed_entries),
		cmocka_unit_test(save_after_listing_asked_is_kept),
		cmocka_unit_test(rename_after_listing_asked_is_not_reverted),
		cmocka_unit_test(deleted_ids_never_come_back),
		cmocka_unit_test(unusable_and_foreign_items_are_skipped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
