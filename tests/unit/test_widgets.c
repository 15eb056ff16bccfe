/* test_widgets.c: the widget kit on a screen that goes to /dev/null (what
 * was drawn is read back from curses' own copy of the screen): text fitted
 * to a width, the titled box, the menu and the y/n question, the prompt
 * line, the table's header and rows in sight, and its selection kept in
 * sight. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "keys.h"
#include "widgets.h"

static SCREEN *scr;
static FILE *out, *in;
static const struct wg_style style = { A_NORMAL, A_NORMAL, A_BOLD, A_NORMAL, A_REVERSE, A_DIM };

static int setup(void **state)
{
	(void)state;
	setenv("LINES", "24", 1);
	setenv("COLUMNS", "80", 1);
	out = fopen("/dev/null", "w");
	in = fopen("/dev/null", "r");
	if (!out || !in)
		return -1;
	scr = newterm("xterm", out, in);
	return scr ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	return 0;
}

/* Row y from column x, n cells, as text (line drawing as curses keeps it). */
static const char *row(int y, int x, int n)
{
	static char buf[256];
	int k = mvinnstr(y, x, buf, n < (int)sizeof buf ? n : (int)sizeof buf - 1);
	buf[k > 0 ? k : 0] = '\0';
	return buf;
}

static void text_is_padded_and_cut(void **state)
{
	(void)state;
	erase();
	mvaddstr(0, 0, "xxxxxxxxxxxxxxxxxxxx");
	wg_text(0, 2, 8, "abc", A_NORMAL);
	assert_string_equal(row(0, 0, 12), "xxabc     xx");
	wg_text(1, 0, 5, "abcdefgh", A_NORMAL);
	/* four characters and the ellipsis: five columns */
	assert_int_equal(strncmp(row(1, 0, 4), "abcd", 4), 0);
	assert_int_not_equal(strncmp(row(1, 0, 5), "abcde", 5), 0);
	assert_string_equal(row(1, 5, 3), "   ");
	/* no width, nothing drawn */
	mvaddstr(2, 0, "keep");
	wg_text(2, 0, 0, "gone", A_NORMAL);
	assert_string_equal(row(2, 0, 4), "keep");
}

static void marked_text_gets_the_match_attribute(void **state)
{
	struct query_span sp = { 2, 4 };
	(void)state;
	erase();
	wg_text_marked(0, 0, 10, "abcdef", A_NORMAL, &sp, 1, A_UNDERLINE);
	assert_false(mvinch(0, 1) & A_UNDERLINE);
	assert_true(mvinch(0, 2) & A_UNDERLINE);
	assert_true(mvinch(0, 3) & A_UNDERLINE);
	assert_false(mvinch(0, 4) & A_UNDERLINE);
	assert_string_equal(row(0, 0, 6), "abcdef");
}

static void box_has_frame_and_title(void **state)
{
	(void)state;
	erase();
	wg_box(&style, 2, 4, 5, 20, "Title");
	assert_int_equal(mvinch(2, 4) & A_CHARTEXT, ACS_ULCORNER & A_CHARTEXT);
	assert_int_equal(mvinch(6, 23) & A_CHARTEXT, ACS_LRCORNER & A_CHARTEXT);
	assert_string_equal(row(2, 6, 7), " Title ");
	assert_true(mvinch(2, 7) & A_BOLD);
	/* a title longer than the box is cut inside the frame */
	erase();
	wg_box(&style, 0, 0, 3, 10, "A very long title");
	assert_int_equal(mvinch(0, 9) & A_CHARTEXT, ACS_URCORNER & A_CHARTEXT);
}

static void confirm_answers(void **state)
{
	(void)state;
	assert_int_equal(wg_confirm_key('y'), WG_YES);
	assert_int_equal(wg_confirm_key('Y'), WG_YES);
	assert_int_equal(wg_confirm_key('n'), WG_NO);
	assert_int_equal(wg_confirm_key(KEY_ESC), WG_NO);
	assert_int_equal(wg_confirm_key('\n'), WG_NO);
	assert_int_equal(wg_confirm_key('q'), WG_NO);
	assert_int_equal(wg_confirm_key('x'), WG_UNANSWERED);
	erase();
	wg_confirm_buttons(&style, 3, 2, "y Revoke");
	assert_string_equal(row(3, 2, 26), "y Revoke  n No (default)  ");
	assert_true(mvinch(3, 12) & A_REVERSE);
}

static void menu_moves_chooses_and_closes(void **state)
{
	struct wg_menu m = { 3, 0, "abc" };
	(void)state;
	assert_int_equal(wg_menu_key(&m, KEYF(KEY_UP)), WG_MENU_STAYS);
	assert_int_equal(m.sel, 0);
	wg_menu_key(&m, 'j');
	wg_menu_key(&m, KEYF(KEY_DOWN));
	wg_menu_key(&m, KEYF(KEY_DOWN));
	assert_int_equal(m.sel, 2);
	wg_menu_key(&m, 'k');
	assert_int_equal(wg_menu_key(&m, '\n'), WG_MENU_CHOSEN);
	assert_int_equal(m.sel, 1);
	assert_int_equal(wg_menu_key(&m, 'c'), WG_MENU_CHOSEN);
	assert_int_equal(m.sel, 2);
	assert_int_equal(wg_menu_key(&m, 'z'), WG_MENU_STAYS);
	assert_int_equal(wg_menu_key(&m, KEY_ESC), WG_MENU_CLOSED);
	assert_int_equal(wg_menu_key(&m, 'q'), WG_MENU_CLOSED);
	m.hotkeys = NULL;
	assert_int_equal(wg_menu_key(&m, 'a'), WG_MENU_STAYS);
}

static void menu_draws_items_and_hint(void **state)
{
	static const char *const items[] = { "first", "second" };
	struct wg_menu m = { 2, 1, NULL };
	(void)state;
	erase();
	/* h = 2 items + 4 + hint = 7 rows, centred in 24: from row 8 */
	wg_menu_draw(&style, &m, "Pick", items, 20, "Esc closes", 24, 80);
	assert_string_equal(row(8, 32, 6), " Pick ");
	assert_string_equal(row(10, 32, 5), "first");
	assert_string_equal(row(11, 32, 6), "second");
	assert_true(mvinch(11, 32) & A_REVERSE);
	assert_false(mvinch(10, 32) & A_REVERSE);
	/* a blank row between the items and the hint */
	assert_string_equal(row(12, 32, 10), "          ");
	assert_string_equal(row(13, 32, 10), "Esc closes");
}

static void prompt_puts_the_cursor_after_the_text(void **state)
{
	struct lineedit le;
	int y, x;
	(void)state;
	lineedit_init(&le);
	lineedit_set(&le, "hello");
	erase();
	wg_prompt(23, 80, "Save as: ", &le, A_NORMAL);
	getyx(stdscr, y, x);
	assert_int_equal(y, 23);
	assert_int_equal(x, 14);
	assert_string_equal(row(23, 0, 14), "Save as: hello");
	lineedit_free(&le);
}

static void table_header_and_follow(void **state)
{
	char h[32];
	size_t top = 0;
	(void)state;
	wg_header_text("Name", true, false, h, sizeof h);
	assert_string_equal(h, "Name ^");
	wg_header_text("Name", true, true, h, sizeof h);
	assert_string_equal(h, "Name v");
	wg_header_text("Name", false, true, h, sizeof h);
	assert_string_equal(h, "Name");
	/* down past the window: the window follows */
	assert_int_equal(wg_table_follow(12, 20, &top, 5), 12);
	assert_int_equal(top, 8);
	/* back above it */
	assert_int_equal(wg_table_follow(3, 20, &top, 5), 3);
	assert_int_equal(top, 3);
	/* a selection past the end comes back to the last row */
	assert_int_equal(wg_table_follow(30, 20, &top, 5), 19);
	assert_int_equal(top, 15);
	assert_int_equal(wg_table_follow(4, 0, &top, 5), 0);
	assert_int_equal(top, 0);
}

/* The header: every title in its column, the sorted one marked, the rest
 * of the row blanked. */
static void table_header_draws_titles_and_the_sort_mark(void **state)
{
	static const char *const titles[] = { "Id", "Name", "Used" };
	static const int x[] = { 1, 6, 14 }, w[] = { 4, 7, 6 };
	struct wg_columns c = { 3, titles, x, w, 1, true };
	(void)state;
	erase();
	mvaddstr(3, 0, "xxxxxxxxxxxxxxxxxxxxxxxxx");
	wg_table_header(3, 0, 22, &c, A_NORMAL);
	assert_string_equal(row(3, 0, 25), " Id   Name v  Used    xxx");
	c.sorted = -1;
	wg_table_header(3, 0, 22, &c, A_NORMAL);
	assert_string_equal(row(3, 0, 25), " Id   Name    Used    xxx");
}

/* The rows in sight, drawn by the caller's function from the first row in
 * sight down; the selection followed and brought back inside the table. */
static char rows_drawn[64];

static void draw_row_probe(void *ctx, int y, size_t r, bool selected)
{
	size_t n = strlen(rows_drawn);
	(void)ctx;
	snprintf(rows_drawn + n, sizeof rows_drawn - n, "%s%d:%zu%s", n ? " " : "", y, r,
	         selected ? "*" : "");
}

static void table_rows_draws_the_rows_in_sight(void **state)
{
	size_t top = 0;
	(void)state;
	rows_drawn[0] = '\0';
	assert_int_equal(wg_table_rows(5, 3, 10, 4, &top, draw_row_probe, NULL), 4);
	assert_int_equal(top, 2);
	assert_string_equal(rows_drawn, "5:2 6:3 7:4*");
	rows_drawn[0] = '\0';
	assert_int_equal(wg_table_rows(5, 3, 2, 7, &top, draw_row_probe, NULL), 1);
	assert_int_equal(top, 1);
	assert_string_equal(rows_drawn, "5:1*");
	rows_drawn[0] = '\0';
	assert_int_equal(wg_table_rows(5, 3, 0, 0, &top, draw_row_probe, NULL), 0);
	assert_string_equal(rows_drawn, "");
}

/* Items for the row model: names, shown when they hold the filter, in
 * alphabetical order. */
static const char *const items[] = { "delta", "alpha", "charlie", "bravo", "alpine" };
static const char *row_filter = "";

static bool keep_item(size_t i, void *ctx)
{
	(void)ctx;
	return strstr(items[i], row_filter) != NULL;
}

static int cmp_item(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	return strcmp(items[*(const size_t *)a], items[*(const size_t *)b]);
}

static const char *key_item(size_t i, void *ctx)
{
	(void)ctx;
	return items[i];
}

static void rows_filter_sort_and_keep_the_selection(void **state)
{
	const struct wg_rows_model m = { keep_item, cmp_item, key_item };
	struct wg_rows r = { 0 };
	char key[32];
	(void)state;
	row_filter = "";
	assert_true(wg_rows_build(&r, 5, &m, NULL, NULL));
	assert_int_equal(r.n, 5);
	assert_string_equal(items[wg_rows_item(&r, 0)], "alpha");
	assert_string_equal(items[wg_rows_item(&r, 4)], "delta");
	assert_int_equal(wg_rows_item(&r, 5), (size_t)-1);
	r.sel = 3;   /* charlie */
	wg_rows_selected_key(&r, &m, NULL, key, sizeof key);
	assert_string_equal(key, "charlie");
	/* filtered: charlie stays selected, now on another row */
	row_filter = "a";
	assert_true(wg_rows_build(&r, 5, &m, NULL, key));
	assert_int_equal(r.n, 5);   /* every name holds an a */
	row_filter = "ha";
	assert_true(wg_rows_build(&r, 5, &m, NULL, key));
	assert_int_equal(r.n, 2);       /* alpha, charlie */
	assert_string_equal(items[wg_rows_item(&r, r.sel)], "charlie");
	/* the selected item filtered out: the first row */
	row_filter = "alp";
	assert_true(wg_rows_build(&r, 5, &m, NULL, key));
	assert_int_equal(r.sel, 0);
	assert_string_equal(items[wg_rows_item(&r, 0)], "alpha");
	assert_string_equal(items[wg_rows_item(&r, 1)], "alpine");
	/* no keep function: every item */
	const struct wg_rows_model all = { NULL, cmp_item, key_item };
	assert_true(wg_rows_build(&r, 5, &all, NULL, "bravo"));
	assert_int_equal(r.n, 5);
	assert_int_equal(r.sel, 2);   /* alpha, alpine, bravo */
	wg_rows_free(&r);
	assert_null(r.idx);
	assert_int_equal(r.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_is_padded_and_cut),
		cmocka_unit_test(marked_text_gets_the_match_attribute),
		cmocka_unit_test(box_has_frame_and_title),
		cmocka_unit_test(confirm_answers),
		cmocka_unit_test(menu_moves_chooses_and_closes),
		cmocka_unit_test(menu_draws_items_and_hint),
		cmocka_unit_test(prompt_puts_the_cursor_after_the_text),
		cmocka_unit_test(table_header_and_follow),
		cmocka_unit_test(table_header_draws_titles_and_the_sort_mark),
		cmocka_unit_test(table_rows_draws_the_rows_in_sight),
		cmocka_unit_test(rows_filter_sort_and_keep_the_selection),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
