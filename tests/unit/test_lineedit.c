/* test_lineedit.c: the shell-like line editor. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <cmocka.h>

#include "lineedit.h"

static void type(struct lineedit *le, const char *s)
{
	assert_true(lineedit_insert(le, s, strlen(s)));
}

static void insert_and_move_by_character(void **state)
{
	struct lineedit le;
	(void)state;
	lineedit_init(&le);
	type(&le, "a\xe6\x97\xa5" "b"); /* a日b */
	assert_int_equal(lineedit_cursor_col(&le), 4);
	lineedit_left(&le);
	lineedit_left(&le); /* before 日 */
	assert_int_equal(le.cur, 1);
	assert_int_equal(lineedit_cursor_col(&le), 1);
	type(&le, "X");
	assert_string_equal(lineedit_text(&le), "aX\xe6\x97\xa5" "b");
	lineedit_right(&le); /* over the whole of 日 */
	assert_int_equal(le.cur, 5);
	lineedit_home(&le);
	assert_int_equal(le.cur, 0);
	lineedit_left(&le);
	assert_int_equal(le.cur, 0);
	lineedit_end(&le);
	assert_int_equal(le.cur, le.len);
	lineedit_right(&le);
	assert_int_equal(le.cur, le.len);
	lineedit_free(&le);
}

static void backspace_and_delete_whole_characters(void **state)
{
	struct lineedit le;
	(void)state;
	lineedit_init(&le);
	type(&le, "k\xf0\x9f\x94\x91z"); /* k🔑z */
	lineedit_left(&le);
	lineedit_backspace(&le);
	assert_string_equal(lineedit_text(&le), "kz");
	assert_int_equal(le.cur, 1);
	lineedit_set(&le, "k\xf0\x9f\x94\x91z");
	lineedit_home(&le);
	lineedit_right(&le);
	lineedit_delete(&le);
	assert_string_equal(lineedit_text(&le), "kz");
	lineedit_end(&le);
	lineedit_delete(&le);
	assert_string_equal(lineedit_text(&le), "kz");
	lineedit_home(&le);
	lineedit_backspace(&le);
	assert_string_equal(lineedit_text(&le), "kz");
	lineedit_free(&le);
}

static void kills_like_a_shell(void **state)
{
	struct lineedit le;
	(void)state;
	lineedit_init(&le);
	type(&le, "name:ci- unused:30d  ");
	lineedit_kill_word(&le);
	assert_string_equal(lineedit_text(&le), "name:ci- ");
	lineedit_kill_word(&le);
	assert_string_equal(lineedit_text(&le), "");
	lineedit_set(&le, "alpha beta");
	lineedit_left(&le);
	lineedit_left(&le);
	lineedit_kill_line(&le);
	assert_string_equal(lineedit_text(&le), "ta");
	assert_int_equal(le.cur, 0);
	lineedit_free(&le);
}

static void length_is_bounded(void **state)
{
	struct lineedit le;
	char big[LINEEDIT_MAX + 10];
	(void)state;
	lineedit_init(&le);
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_false(lineedit_insert(&le, big, strlen(big)));
	assert_int_equal(le.len, 0);
	lineedit_set(&le, big);
	assert_int_equal(le.len, LINEEDIT_MAX);
	assert_false(lineedit_insert(&le, "b", 1));
	/* A cut never leaves half a character. */
	memset(big, 0, sizeof big);
	for (size_t i = 0; i + 3 <= LINEEDIT_MAX + 2; i += 3)
		memcpy(big + i, "\xe6\x97\xa5", 3);
	lineedit_set(&le, big);
	assert_int_equal(le.len % 3, 0);
	assert_true(le.len <= LINEEDIT_MAX);
	lineedit_free(&le);
}

static void history_keeps_the_draft(void **state)
{
	struct lineedit le;
	(void)state;
	lineedit_init(&le);
	assert_false(lineedit_history_prev(&le));
	assert_int_equal(lineedit_history_add(&le, "first", NULL), WFT_OK);
	assert_int_equal(lineedit_history_add(&le, "second", NULL), WFT_OK);
	assert_int_equal(lineedit_history_add(&le, "second", NULL), WFT_OK);
	assert_int_equal(lineedit_history_add(&le, "", NULL), WFT_OK);
	assert_int_equal(le.nhist, 2);
	type(&le, "dra");
	assert_true(lineedit_history_prev(&le));
	assert_string_equal(lineedit_text(&le), "second");
	assert_true(lineedit_history_prev(&le));
	assert_string_equal(lineedit_text(&le), "first");
	assert_false(lineedit_history_prev(&le));
	assert_true(lineedit_history_next(&le));
	assert_string_equal(lineedit_text(&le), "second");
	assert_true(lineedit_history_next(&le));
	assert_string_equal(lineedit_text(&le), "dra");
	assert_int_equal(le.cur, 3);
	assert_false(lineedit_history_next(&le));
	lineedit_free(&le);
}

static void history_is_bounded(void **state)
{
	struct lineedit le;
	char line[16];
	(void)state;
	lineedit_init(&le);
	for (int i = 0; i < LINEEDIT_HISTORY + 5; i++) {
		snprintf(line, sizeof line, "q%d", i);
		assert_int_equal(lineedit_history_add(&le, line, NULL), WFT_OK);
	}
	assert_int_equal(le.nhist, LINEEDIT_HISTORY);
	assert_string_equal(le.hist[0], "q5");
	lineedit_free(&le);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(insert_and_move_by_character),
		cmocka_unit_test(backspace_and_delete_whole_characters),
		cmocka_unit_test(kills_like_a_shell),
		cmocka_unit_test(length_is_bounded),
		cmocka_unit_test(history_keeps_the_draft),
		cmocka_unit_test(history_is_bounded),
	};
	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
