/* test_model.c: account type names round-trip and classify. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model.h"

static void api_names_round_trip(void **state)
{
	(void)state;
	for (int t = WFT_ACCOUNT_USER; t <= WFT_ACCOUNT_CSP_AUTHORIZED_SERVICE; t++)
		assert_int_equal(wft_account_type_parse(wft_account_type_api_name(t)), t);
	assert_int_equal(wft_account_type_parse("service_account"), WFT_ACCOUNT_UNKNOWN);
	assert_int_equal(wft_account_type_parse(NULL), WFT_ACCOUNT_UNKNOWN);
}

static void service_types_are_service(void **state)
{
	(void)state;
	assert_true(wft_account_type_is_service(WFT_ACCOUNT_INACTIVE_SERVICE));
	assert_true(wft_account_type_is_service(WFT_ACCOUNT_CSP_SERVICE));
	assert_false(wft_account_type_is_service(WFT_ACCOUNT_CSP_USER));
	/* Only an onboarded instance gives the CSP_* types. */
	assert_true(wft_account_type_is_csp(WFT_ACCOUNT_CSP_USER));
	assert_true(wft_account_type_is_csp(WFT_ACCOUNT_CSP_AUTHORIZED_USER));
	assert_true(wft_account_type_is_csp(WFT_ACCOUNT_CSP_SERVICE));
	assert_true(wft_account_type_is_csp(WFT_ACCOUNT_CSP_AUTHORIZED_SERVICE));
	assert_false(wft_account_type_is_csp(WFT_ACCOUNT_USER));
	assert_false(wft_account_type_is_csp(WFT_ACCOUNT_SERVICE));
	assert_false(wft_account_type_is_csp(WFT_ACCOUNT_INACTIVE_SERVICE));
	assert_false(wft_account_type_is_csp(WFT_ACCOUNT_UNKNOWN));
	assert_string_equal(wft_account_type_label(WFT_ACCOUNT_SERVICE), "Service");
	assert_string_equal(wft_account_type_label(WFT_ACCOUNT_USER), "User");
}

/* Rename goes to the endpoint of the token's kind, never to the caller's
 * own-token endpoint because a type was not understood. */
static void rename_routes_by_type(void **state)
{
	(void)state;
	assert_int_equal(wft_rename_route(WFT_ACCOUNT_SERVICE, "sa::ci"),
	                 WFT_RENAME_SERVICE_ACCOUNT);
	assert_int_equal(wft_rename_route(WFT_ACCOUNT_CSP_SERVICE, "sa::ci"),
	                 WFT_RENAME_SERVICE_ACCOUNT);
	assert_int_equal(wft_rename_route(WFT_ACCOUNT_CSP_AUTHORIZED_SERVICE, "svc-7"),
	                 WFT_RENAME_SERVICE_ACCOUNT);
	assert_int_equal(wft_rename_route(WFT_ACCOUNT_INACTIVE_SERVICE, "sa::old"),
	                 WFT_RENAME_SERVICE_ACCOUNT);
	assert_int_equal(wft_rename_route(WFT_ACCOUNT_USER, "jo@example.com"), WFT_RENAME_OWN);
	assert_int_equal(wft_rename_route(WFT_ACCOUNT_CSP_USER, "jo@example.com"), WFT_RENAME_OWN);
	assert_int_equal(wft_rename_route(WFT_ACCOUNT_CSP_AUTHORIZED_USER, "jo@example.com"),
	                 WFT_RENAME_OWN);
	/* A service type without an account has no endpoint to go to. */
	assert_int_equal(wft_rename_route(WFT_ACCOUNT_SERVICE, ""), WFT_RENAME_UNKNOWN);
	assert_int_equal(wft_rename_route(WFT_ACCOUNT_SERVICE, NULL), WFT_RENAME_UNKNOWN);
	/* Unknown type: by the account's shape, or not at all. */
	assert_int_equal(wft_rename_route(WFT_ACCOUNT_UNKNOWN, "sa::robot"),
	                 WFT_RENAME_SERVICE_ACCOUNT);
	assert_int_equal(wft_rename_route(WFT_ACCOUNT_UNKNOWN, "jo@example.com"),
	                 WFT_RENAME_UNKNOWN);
	assert_int_equal(wft_rename_route(WFT_ACCOUNT_UNKNOWN, "sa::"), WFT_RENAME_UNKNOWN);
	assert_int_equal(wft_rename_route(WFT_ACCOUNT_UNKNOWN, NULL), WFT_RENAME_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(api_names_round_trip),
		cmocka_unit_test(service_types_are_service),
		cmocka_unit_test(rename_routes_by_type),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
