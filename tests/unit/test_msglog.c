/* test_msglog.c: the message log keeps messages in order, drops the oldest
 * past its capacity and counts them, and folds a repeated message; the
 * wrapping that shows long messages whole. */
#include <setjmp.h>
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <locale.h>
#include <cmocka.h>

#include "msglog.h"
#include "textwidth.h"

static void keeps_order_and_drops_oldest(void **state)
{
	struct msglog *log = msglog_new(3);
	struct wft_error err;
	char text[16];
	(void)state;
	assert_non_null(log);
	for (int i = 0; i < 5; i++) {
		snprintf(text, sizeof text, "m%d", i);
		assert_int_equal(msglog_add(log, 1000 + i, 0, text, &err), WFT_OK);
	}
	assert_int_equal(msglog_count(log), 3);
	assert_int_equal(msglog_dropped(log), 2);
	assert_string_equal(msglog_get(log, 0)->text, "m2");
	assert_string_equal(msglog_get(log, 2)->text, "m4");
	assert_int_equal(msglog_get(log, 2)->when_ms, 1004);
	assert_null(msglog_get(log, 3));
	msglog_free(log);
}

static void folds_a_repeat_but_keeps_the_cause(void **state)
{
	struct msglog *log = msglog_new(4);
	struct wft_error err;
	(void)state;
	msglog_add(log, 1, 2, "Could not revoke: connection refused", &err);
	msglog_add(log, 2, 1, "Reloaded", &err);
	msglog_add(log, 3, 1, "Reloaded", &err);
	msglog_add(log, 4, 2, "Reloaded", &err);   /* another kind is another message */
	assert_int_equal(msglog_count(log), 3);
	assert_string_equal(msglog_get(log, 0)->text, "Could not revoke: connection refused");
	assert_int_equal(msglog_get(log, 1)->when_ms, 3);
	assert_int_equal(msglog_get(log, 2)->kind, 2);
	msglog_free(log);
}

static void wraps_at_spaces_and_never_loses_text(void **state)
{
	const char *s = "Could not revoke ****-...-8415: the server answered 503";
	size_t len = strlen(s), pos = 0, next, total = 0;
	char joined[128] = "";
	int lines = 0;
	(void)state;
	while (pos < len) {
		size_t n = tw_wrap(s + pos, len - pos, 20, &next);
		assert_true(n > 0);
		assert_true(tw_width_n(s + pos, n) <= 20);
		if (*joined)
			strcat(joined, " ");
		strncat(joined, s + pos, n);
		total += n;
		pos += next;
		lines++;
	}
	assert_string_equal(joined, s);
	assert_int_equal(lines, tw_wrap_lines(s, 20));
	assert_int_equal(lines, 3);
	/* A word longer than the width is cut between characters. */
	assert_int_equal(tw_wrap("abcdefghij", 10, 4, &next), 4);
	assert_int_equal(next, 4);
	/* Wide characters count two columns and are never split. */
	assert_int_equal(tw_wrap("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 9, 3, &next), 3);
	assert_int_equal(tw_wrap_lines("", 10), 0);
	(void)total;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keeps_order_and_drops_oldest),
		cmocka_unit_test(folds_a_repeat_but_keeps_the_cause),
		cmocka_unit_test(wraps_at_spaces_and_never_loses_text),
	};
	if (!setlocale(LC_ALL, "C.UTF-8"))
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
