/* test_timefmt.c: relative and absolute times (the harness sets TZ=UTC). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "timefmt.h"

#define NOW 1717200000000LL /* 2024-06-01 00:00:00 UTC */
#define MIN 60000LL
#define DAY (24 * 60 * MIN)

static int setup(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	return 0;
}

static void relative_steps(void **state)
{
	char b[32];
	(void)state;
	assert_string_equal(timefmt_relative(0, NOW, b, sizeof b), "never");
	assert_string_equal(timefmt_relative(NOW - 5000, NOW, b, sizeof b), "just now");
	assert_string_equal(timefmt_relative(NOW + 60 * MIN, NOW, b, sizeof b), "just now");
	assert_string_equal(timefmt_relative(NOW - 3 * MIN, NOW, b, sizeof b), "3m ago");
	assert_string_equal(timefmt_relative(NOW - 59 * MIN - 59000, NOW, b, sizeof b), "59m ago");
	assert_string_equal(timefmt_relative(NOW - 60 * MIN, NOW, b, sizeof b), "1h ago");
	assert_string_equal(timefmt_relative(NOW - DAY + 1, NOW, b, sizeof b), "23h ago");
	assert_string_equal(timefmt_relative(NOW - 91 * DAY, NOW, b, sizeof b), "91d ago");
	assert_string_equal(timefmt_relative(NOW - 729 * DAY, NOW, b, sizeof b), "729d ago");
	assert_string_equal(timefmt_relative(NOW - 3 * 365 * DAY, NOW, b, sizeof b), "3y ago");
}

static void absolute_and_date(void **state)
{
	char b[64];
	(void)state;
	assert_string_equal(timefmt_date(NOW + 14 * 3600000LL, b, sizeof b), "2024-06-01");
	assert_string_equal(timefmt_date(0, b, sizeof b), "");
	assert_string_equal(timefmt_absolute(NOW + 5 * 3600000LL + 5 * MIN + 9000, b, sizeof b),
	                    "2024-06-01 05:05:09 UTC");
	assert_string_equal(timefmt_absolute(0, b, sizeof b), "never");
}

static void short_buffers_stay_terminated(void **state)
{
	char b[4];
	(void)state;
	timefmt_relative(NOW - 91 * DAY, NOW, b, sizeof b);
	assert_int_equal(strlen(b), 3);
	timefmt_date(NOW, b, sizeof b);
	assert_int_equal(strlen(b), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(relative_steps),
		cmocka_unit_test(absolute_and_date),
		cmocka_unit_test(short_buffers_stay_terminated),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
