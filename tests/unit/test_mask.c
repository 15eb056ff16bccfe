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

/* Token ids in disguise: other separators, separators at odd places, split
 * across terms or field names, and id: terms longer than the 4 characters
 * the table shows. */
static void disguised_ids_are_recognised(void **state)
{
	static const char *const secret[] = {
		"/f89c5aca.8c44.4a78.8de2.b0ab6b89f8ac/",
		"id:f89c5aca-8c44-4a78 id:-8de2-b0ab6b89f8ac",
		"f89c5aca-8c4-44a78-8de2b0ab6b89f8a-c",
		"f89c5aca 8c44 4a78 8de2 b0ab6b89f8ac",
		"f89c5aca_8c44_4a78_8de2_b0ab6b89f8ac",
		"name:f89c5aca8c44 account:\"4a78 8de2 b0ab6b89f8ac\"",
		"F89C5ACA:8C44:4A78:8DE2:B0AB6B89F8AC",
		"f89c5aca8c444a788de2b0ab6b89f8ac",
		"id:8c44a", "ID:8de2b0ab", "-id:.8.d.e.2.b", "id:\"b0ab 6b89\"", "id:/^f89c5/",
		"type:service id:f89c5aca",
	};
	static const char *const plain[] = {
		"id:8415", "-id:f8ac", "id:****-...-898d", "id:/8415$/", "id:\"f8ac\" never",
		"paid:12345678", "used:7d unused:30d generated:<90d never",
		"2024-01-01 2024-02-02 2024-03-03 2024-04-04",
		"deadbeef cafe face fade bead deed added decade",
		"name:ci-deploy-2024 account:sa::backend-eu-west-1",
		"f89c5aca-8c44-4a78-8de2-b0ab6b89f8a", /* 31 hex digits */
		"f89c5aca-8c44 zz 4a78-8de2-b0ab6b89f8ac", /* a letter ends the run */
	};
	(void)state;

	for (size_t i = 0; i < sizeof secret / sizeof *secret; i++) {
		if (!wft_looks_secret(secret[i]))
			fail_msg("not recognised as a secret: %s", secret[i]);
	}
	for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
		if (wft_looks_secret(plain[i]))
			fail_msg("taken for a secret: %s", plain[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(masks_uuid_to_last_four),
		cmocka_unit_test(short_ids_show_nothing),
		cmocka_unit_test(small_buffer_is_truncated_not_overrun),
		cmocka_unit_test(wipe_zeroes_memory),
		cmocka_unit_test(secrets_are_recognised),
		cmocka_unit_test(disguised_ids_are_recognised),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
