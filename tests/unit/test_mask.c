/* test_mask.c: token ids are shown by their last four characters only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mask.h"

static void masks_uuid_to_last_four(void **state)
{
	char out[WFT_MASK_SIZE];
	(void)state;
	assert_string_equal(wft_mask_id("a411c16b-3cf7-4f03-bf11-8ca05aab898d",
	                                out, sizeof out), "****-...-898d");
}

static void short_ids_show_nothing(void **state)
{
	char out[WFT_MASK_SIZE];
	(void)state;
	assert_string_equal(wft_mask_id("abc1234", out, sizeof out), "****");
	assert_string_equal(wft_mask_id("", out, sizeof out), "****");
	assert_string_equal(wft_mask_id(NULL, out, sizeof out), "****");
	assert_string_equal(wft_mask_id("abcd1234", out, sizeof out), "****-...-1234");
}

static void small_buffer_is_truncated_not_overrun(void **state)
{
	char out[6];
	(void)state;
	wft_mask_id("a411c16b-3cf7-4f03-bf11-8ca05aab898d", out, sizeof out);
	assert_int_equal(strlen(out), 5);
	assert_null(strstr(out, "898d"));
}

static void wipe_zeroes_memory(void **state)
{
	char buf[] = "secret-value";
	(void)state;
	wft_wipe(buf, sizeof buf);
	for (size_t i = 0; i < sizeof buf; i++)
		assert_int_equal(buf[i], 0);
}

static void secrets_are_recognised(void **state)
{
	(void)state;
	assert_true(wft_looks_secret("5a4d6d1e-7c3b-4f2a-9e1d-0000000ad001"));
	assert_true(wft_looks_secret("id:5A4D6D1E-7C3B-4F2A-9E1D-0000000AD001 -never"));
	assert_true(wft_looks_secret("x Zq8rTm2Lw9Pk4Hn7Vb3Cx6Jd5Fg1Ys0Ae2Q"));
	assert_false(wft_looks_secret(NULL));
	assert_false(wft_looks_secret(""));
	assert_false(wft_looks_secret("id:0001 name:ci-deploy unused:30d"));
	assert_false(wft_looks_secret("logistics-terraform-production-eu-west-1"));
	assert_false(wft_looks_secret("5a4d6d1e-7c3b-4f2a-9e1d-0000000ad0"));
	assert_false(wft_looks_secret("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(masks_uuid_to_last_four),
		cmocka_unit_test(short_ids_show_nothing),
		cmocka_unit_test(small_buffer_is_truncated_not_overrun),
		cmocka_unit_test(wipe_zeroes_memory),
		cmocka_unit_test(secrets_are_recognised),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
