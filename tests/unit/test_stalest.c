/* test_stalest.c: which tokens are named as the stalest (at the 20-token
 * limit): ranked by last use, a never-used token by its generation, oldest
 * first, and a token alive in the last day never named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "apimodel.h"

#define DAY (24LL * 60 * 60 * 1000)
#define NOW (1717200000000LL)

static void ranks_by_last_sign_of_life(void **state)
{
	struct wft_token t[] = {
		{ .id = "a", .last_used = NOW - 10 * DAY, .date_generated = NOW - 400 * DAY },
		{ .id = "b", .last_used = 0, .date_generated = NOW - 2 * 60 * 60 * 1000 }, /* today */
		{ .id = "c", .last_used = 0, .date_generated = NOW - 90 * DAY },
		{ .id = "d", .last_used = NOW - 200 * DAY, .date_generated = NOW - 300 * DAY },
		{ .id = "e", .last_used = NOW - 60 * 1000, .date_generated = NOW - 900 * DAY },
		{ .id = "f", .last_used = 0, .date_generated = 0 },                       /* unknown */
	};
	size_t idx[3];
	(void)state;
	size_t k = wft_tokens_stalest(t, 6, NOW, idx, 3);
	assert_int_equal(k, 3);
	assert_string_equal(t[idx[0]].id, "f");   /* nothing known: the stalest */
	assert_string_equal(t[idx[1]].id, "d");   /* used 200 days ago */
	assert_string_equal(t[idx[2]].id, "c");   /* never used, generated 90 days ago */
	/* All of them: a (10 days) comes after; b and e (alive today) never. */
	size_t all[6];
	k = wft_tokens_stalest(t, 6, NOW, all, 6);
	assert_int_equal(k, 4);
	assert_string_equal(t[all[3]].id, "a");
	/* A token generated today, never used, is not stale. */
	assert_int_equal(wft_tokens_stalest(&t[1], 1, NOW, idx, 3), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ranks_by_last_sign_of_life),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
