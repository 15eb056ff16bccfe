/* test_complete.c: Tab completion's common prefix. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "complete.h"

static void completes_one_and_extends_many(void **state)
{
	const char *fields[] = { "name:", "account:", "id:", "type:", "used:", "unused:",
	                         "generated:", "never" };
	const char *cols[] = { "id", "name", "account", "type", "generated", "lastused" };
	const char *accts[] = { "sa::billing-sync", "sa::billing-export", "alice@example.com" };
	const char *first;
	char out[64];
	(void)state;
	assert_int_equal(complete_word("acc", fields, 8, out, sizeof out, &first), 1);
	assert_string_equal(out, "account:");
	assert_int_equal(complete_word("u", fields, 8, out, sizeof out, &first), 2);
	assert_string_equal(out, "u");            /* used: and unused: share only "u" */
	assert_int_equal(complete_word("un", fields, 8, out, sizeof out, &first), 1);
	assert_string_equal(out, "unused:");
	assert_int_equal(complete_word("LA", cols, 6, out, sizeof out, &first), 1);
	assert_string_equal(out, "lastused");     /* the candidate's own spelling */
	assert_int_equal(complete_word("sa::b", accts, 3, out, sizeof out, &first), 2);
	assert_string_equal(out, "sa::billing-");
	assert_int_equal(complete_word("zz", accts, 3, out, sizeof out, &first), 0);
	assert_string_equal(out, "zz");
	assert_null(first);
	assert_int_equal(complete_word("", cols, 6, out, sizeof out, &first), 6);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(completes_one_and_extends_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
