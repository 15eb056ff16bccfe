/* test_uuid.c: random UUIDs have the version 4 shape and differ. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "uuid.h"

static void random_ids_are_version_4_and_differ(void **state)
{
	char a[WFT_UUID_SIZE], b[WFT_UUID_SIZE];
	(void)state;

	assert_int_equal(wft_uuid_random(a), 0);
	assert_int_equal(wft_uuid_random(b), 0);
	assert_true(wft_uuid_valid(a));
	assert_int_equal(a[14], '4');
	assert_non_null(strchr("89ab", a[19]));
	assert_string_not_equal(a, b);
}

static void format_sets_version_and_variant(void **state)
{
	unsigned char ff[16], zero[16];
	char out[WFT_UUID_SIZE];
	(void)state;

	memset(ff, 0xff, sizeof ff);
	memset(zero, 0, sizeof zero);
	wft_uuid_format(ff, out);
	assert_string_equal(out, "ffffffff-ffff-4fff-bfff-ffffffffffff");
	wft_uuid_format(zero, out);
	assert_string_equal(out, "00000000-0000-4000-8000-000000000000");
}

static void validity(void **state)
{
	(void)state;
	assert_true(wft_uuid_valid("a411c16b-3cf7-4f03-bf11-8ca05aab898d"));
	assert_true(wft_uuid_valid("A411C16B-3CF7-4F03-BF11-8CA05AAB898D"));
	assert_false(wft_uuid_valid("a411c16b-3cf7-4f03-bf11-8ca05aab898"));
	assert_false(wft_uuid_valid("a411c16b-3cf7-4f03-bf11-8ca05aab898dd"));
	assert_false(wft_uuid_valid("a411c16b_3cf7-4f03-bf11-8ca05aab898d"));
	assert_false(wft_uuid_valid("g411c16b-3cf7-4f03-bf11-8ca05aab898d"));
	assert_false(wft_uuid_valid(""));
	assert_false(wft_uuid_valid(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_ids_are_version_4_and_differ),
		cmocka_unit_test(format_sets_version_and_variant),
		cmocka_unit_test(validity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
