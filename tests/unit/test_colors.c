/* test_colors.c: the curses side of themes on real terminal descriptions
 * (screen to /dev/null): pairs shared by equal colours, depth chosen from
 * TERM, NO_COLOR and --no-color giving no colour at all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "colors.h"

static SCREEN *scr;
static FILE *out, *in;

static int open_term(const char *term)
{
	out = fopen("/dev/null", "w");
	in = fopen("/dev/null", "r");
	if (!out || !in)
		return -1;
	scr = newterm(term, out, in);
	return scr ? 0 : -1;
}

static void close_term(void)
{
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
}

static void load(struct theme *t, const char *name)
{
	struct theme_search s;
	struct wft_error err;

	theme_search_init(&s, NULL, NULL);
	assert_int_equal(theme_load_by_name(t, name, &s, &err), WFT_OK);
}

/* Equal resolved colours share a pair; different ones do not. */
static void check_pairs(const struct theme *t, int depth)
{
	struct theme_style st[THEME_N_ELEMENTS];
	int distinct = 0;

	theme_resolve(t, depth, st);
	for (int a = 0; a < THEME_N_ELEMENTS; a++) {
		int pa = PAIR_NUMBER(colors_attr(a));
		bool seen = false;
		if (st[a].fg == -1 && st[a].bg == -1)
			assert_int_equal(pa, 0);
		else
			assert_int_not_equal(pa, 0);
		for (int b = 0; b < a; b++) {
			int pb = PAIR_NUMBER(colors_attr(b));
			bool same = st[a].fg == st[b].fg && st[a].bg == st[b].bg;
			assert_int_equal(same, pa == pb);
			if (same)
				seen = true;
		}
		if (!seen && pa)
			distinct++;
		if (pa) {
			short fg, bg;
			assert_int_equal(pair_content((short)pa, &fg, &bg), OK);
			assert_int_equal(fg, st[a].fg);
			assert_int_equal(bg, st[a].bg);
		}
	}
	assert_true(distinct < THEME_N_ELEMENTS);
}

static void xterm_256_pairs_are_shared(void **state)
{
	struct theme t;
	(void)state;
	unsetenv("NO_COLOR");
	load(&t, "default");
	assert_int_equal(open_term("xterm-256color"), 0);
	assert_int_equal(colors_init(&t, false), 256);
	assert_false(colors_mono());
	check_pairs(&t, 256);
	assert_true(colors_attr(THEME_SELECTED_ROW) & A_BOLD);
	/* a live switch re-resolves at the same depth */
	load(&t, "solarized-dark");
	colors_apply_theme(&t);
	assert_int_equal(colors_depth(), 256);
	check_pairs(&t, 256);
	close_term();
}

static void xterm_has_8_colours(void **state)
{
	struct theme t;
	(void)state;
	unsetenv("NO_COLOR");
	load(&t, "light");
	assert_int_equal(open_term("xterm"), 0);
	assert_int_equal(colors_init(&t, false), 8);
	check_pairs(&t, 8);
	close_term();
}

static void no_colour_anywhere(const struct theme *t)
{
	for (int e = 0; e < THEME_N_ELEMENTS; e++)
		assert_int_equal(PAIR_NUMBER(colors_attr(e)), 0);
	assert_true(colors_mono());
	assert_true(colors_attr(THEME_SELECTED_ROW) & A_REVERSE);
	assert_true(colors_attr(THEME_HEADER) & A_REVERSE);
	(void)t;
}

static void vt100_is_mono(void **state)
{
	struct theme t;
	(void)state;
	unsetenv("NO_COLOR");
	load(&t, "default");
	assert_int_equal(open_term("vt100"), 0);
	assert_int_equal(colors_init(&t, false), 0);
	no_colour_anywhere(&t);
	close_term();
}

static void no_color_flag_and_env(void **state)
{
	struct theme t;
	(void)state;
	load(&t, "default");
	unsetenv("NO_COLOR");
	assert_int_equal(open_term("xterm-256color"), 0);
	assert_int_equal(colors_init(&t, true), 0);
	no_colour_anywhere(&t);
	close_term();

	setenv("NO_COLOR", "1", 1);
	assert_true(colors_no_color_env());
	assert_int_equal(open_term("xterm-256color"), 0);
	assert_int_equal(colors_init(&t, false), 0);
	no_colour_anywhere(&t);
	close_term();

	/* NO_COLOR set but empty does not count */
	setenv("NO_COLOR", "", 1);
	assert_false(colors_no_color_env());
	assert_int_equal(open_term("xterm-256color"), 0);
	assert_int_equal(colors_init(&t, false), 256);
	close_term();
	unsetenv("NO_COLOR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(xterm_256_pairs_are_shared),
		cmocka_unit_test(xterm_has_8_colours),
		cmocka_unit_test(vt100_is_mono),
		cmocka_unit_test(no_color_flag_and_env),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
