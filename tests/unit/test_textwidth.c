/* test_textwidth.c: columns of UTF-8 text, safe rendering, truncation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <cmocka.h>

#include "textwidth.h"

static int setup(void **state)
{
	(void)state;
	return setlocale(LC_ALL, "C.UTF-8") ? 0 : -1;
}

static void ascii_width(void **state)
{
	(void)state;
	assert_int_equal(tw_width("ci-deploy"), 9);
	assert_int_equal(tw_width(""), 0);
	assert_int_equal(tw_width(NULL), 0);
}

static void wide_characters(void **state)
{
	(void)state;
	assert_int_equal(tw_width("\xe6\x97\xa5\xe6\x9c\xac"), 4);     /* 日本 */
	assert_int_equal(tw_width("\xf0\x9f\x94\x91"), 2);             /* 🔑 */
	assert_int_equal(tw_width("e\xcc\x81"), 1);                   /* e + combining acute */
	assert_int_equal(tw_width("caf\xc3\xa9"), 4);                 /* café */
}

static void invalid_bytes_are_replaced(void **state)
{
	char out[64];
	uint32_t cp;
	(void)state;
	assert_int_equal(tw_decode("\xff", 1, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(tw_decode("\xc0\xaf", 2, &cp), 2); /* overlong '/' */
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(tw_decode("\xed\xa0\x80", 3, &cp), 3); /* surrogate */
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(tw_decode("\xe6\x97", 2, &cp), 2); /* cut short */
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(tw_decode("\xe6" "a", 2, &cp), 1); /* bad continuation */
	tw_fit("a\xff" "b\x1b[31m", 20, 0, out, sizeof out);
	/* The escape is not passed to the terminal. */
	assert_null(strchr(out, '\x1b'));
	assert_string_equal(out, "a" TW_REPLACEMENT "b" TW_REPLACEMENT "[31m");
	assert_int_equal(tw_width("a\xff" "b"), 3);
}

static void fit_pads_and_truncates(void **state)
{
	char out[64];
	(void)state;
	assert_int_equal(tw_fit("abc", 5, 1, out, sizeof out), 5);
	assert_string_equal(out, "abc  ");
	assert_int_equal(tw_fit("abcdef", 5, 1, out, sizeof out), 5);
	assert_string_equal(out, "abcd" TW_ELLIPSIS);
	assert_int_equal(tw_fit("abcde", 5, 0, out, sizeof out), 5);
	assert_string_equal(out, "abcde");
	assert_int_equal(tw_fit("abc", 0, 1, out, sizeof out), 0);
	assert_string_equal(out, "");
}

static void truncation_never_splits_a_wide_character(void **state)
{
	char out[64];
	(void)state;
	/* 日本語 is 6 columns; in 4 there is room for 日 and the ellipsis,
	 * and one space of padding where 本 would not fit. */
	assert_int_equal(tw_fit("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 4, 1, out, sizeof out), 4);
	assert_string_equal(out, "\xe6\x97\xa5" TW_ELLIPSIS " ");
	assert_int_equal(tw_fit("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 4, 0, out, sizeof out), 3);
	assert_int_equal(tw_fit("k\xf0\x9f\x94\x91\xf0\x9f\x94\x91", 4, 1, out, sizeof out), 4);
	assert_string_equal(out, "k\xf0\x9f\x94\x91" TW_ELLIPSIS);
	assert_int_equal(tw_width(out), 4);
}

static void small_output_buffer_is_not_overrun(void **state)
{
	char out[4];
	(void)state;
	tw_fit("\xe6\x97\xa5\xe6\x9c\xac", 10, 1, out, sizeof out);
	assert_true(strlen(out) < sizeof out);
	assert_string_equal(out, "\xe6\x97\xa5");
}

static void iterator_gives_source_offsets(void **state)
{
	const char *s = "a\xe6\x97\xa5" "b";
	struct tw_char c;
	size_t pos = 0;
	(void)state;
	assert_true(tw_next(s, strlen(s), &pos, &c));
	assert_int_equal(c.src_off, 0);
	assert_true(tw_next(s, strlen(s), &pos, &c));
	assert_int_equal(c.src_off, 1);
	assert_int_equal(c.src_len, 3);
	assert_int_equal(c.width, 2);
	assert_true(tw_next(s, strlen(s), &pos, &c));
	assert_string_equal(c.bytes, "b");
	assert_false(tw_next(s, strlen(s), &pos, &c));
}

/* LANG=C: the terminal cannot show UTF-8, so every non-ASCII character is
 * one '?' and the ellipsis is '~': the columns the console counts are the
 * columns the terminal draws. */
static void ascii_locale_draws_question_marks(void **state)
{
	char out[64];
	(void)state;

	assert_non_null(setlocale(LC_CTYPE, "C"));
	assert_int_equal(tw_width("\xe6\xbc\xa2\xe5\xad\x97 \xf0\x9f\x9a\x80x"), 5);
	assert_int_equal(tw_fit("\xe6\xbc\xa2\xe5\xad\x97 name", 10, 1, out, sizeof out), 10);
	assert_string_equal(out, "?? name   ");
	assert_int_equal(tw_fit("zw\xe2\x80\x8bjoin\xe2\x80\xae" "ers", 6, 0, out, sizeof out), 6);
	assert_string_equal(out, "zw?jo~");
	assert_int_equal(tw_fit("a\x1b[1m\xff", 8, 0, out, sizeof out), 6);
	assert_string_equal(out, "a?[1m?");
	assert_string_equal(tw_ellipsis(), "~");
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	assert_string_equal(tw_ellipsis(), TW_ELLIPSIS);
	assert_int_equal(tw_width("\xe6\xbc\xa2"), 2);
	/* A right-to-left override is shown as U+FFFD, not obeyed. */
	assert_int_equal(tw_fit("a\xe2\x80\xae" "bc\xe2\x81\xa6", 8, 0, out, sizeof out), 5);
	assert_string_equal(out, "a" TW_REPLACEMENT "bc" TW_REPLACEMENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ascii_width),
		cmocka_unit_test(wide_characters),
		cmocka_unit_test(invalid_bytes_are_replaced),
		cmocka_unit_test(fit_pads_and_truncates),
		cmocka_unit_test(truncation_never_splits_a_wide_character),
		cmocka_unit_test(small_output_buffer_is_not_overrun),
		cmocka_unit_test(iterator_gives_source_offsets),
		cmocka_unit_test(ascii_locale_draws_question_marks),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
