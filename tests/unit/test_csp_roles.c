/* test_csp_roles.c: the roles the VMware Cloud tab's dialogs offer: never
 * a high-privilege organisation role, each role once, the service id the
 * first one seen, and scopes made of the chosen roles only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "csp_roles.h"

static bool has(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

static void builtin_roles_never_hold_the_owner(void **state)
{
	struct csp_roles r;

	(void)state;
	csp_roles_init(&r);
	assert_true(has(r.org, r.n_org, "org_member"));
	assert_false(has(r.org, r.n_org, "org_owner"));
	assert_true(csp_roles_refused("org_owner"));
	assert_true(csp_roles_refused(""));
	assert_false(csp_roles_refused("developer"));
	assert_string_equal(r.service_id, "");
	csp_roles_free(&r);
}

static void learnt_roles_are_added_once_and_refused_ones_left_out(void **state)
{
	struct csp_role org[] = { { (char *)"org_owner", NULL }, { (char *)"org_member", NULL },
	                          { (char *)"custom_auditor", NULL } };
	struct csp_role svc[] = { { (char *)"aoa:admin", NULL }, { (char *)"aoa:special", NULL } };
	struct csp_role other[] = { { (char *)"other:role", NULL } };
	struct csp_service_scope services[] = { { (char *)"svc-1", svc, 2 },
	                                        { (char *)"svc-2", other, 1 } };
	struct csp_scopes s = { org, 3, services, 2, NULL, 0 };
	struct csp_roles r;
	size_t n_org;

	(void)state;
	csp_roles_init(&r);
	n_org = r.n_org;
	csp_roles_learn(&r, &s);
	csp_roles_learn(&r, &s);
	assert_int_equal(r.n_org, n_org + 1);
	assert_true(has(r.org, r.n_org, "custom_auditor"));
	assert_false(has(r.org, r.n_org, "org_owner"));
	assert_string_equal(r.service_id, "svc-1");
	assert_true(has(r.svc, r.n_svc, "aoa:special"));
	assert_false(has(r.svc, r.n_svc, "other:role"));
	csp_roles_free(&r);
}

static void scopes_hold_the_chosen_roles_only(void **state)
{
	struct csp_role svc[] = { { (char *)"aoa:viewer", NULL } };
	struct csp_service_scope services[] = { { (char *)"svc-1", svc, 1 } };
	struct csp_scopes seen = { NULL, 0, services, 1, NULL, 0 }, out;
	bool org_on[CSP_ROLES_MAX] = { false }, svc_on[CSP_ROLES_MAX] = { false };
	struct csp_roles r;
	char text[200];

	(void)state;
	csp_roles_init(&r);
	csp_roles_learn(&r, &seen);
	org_on[1] = true;                      /* developer */
	for (size_t i = 0; i < r.n_svc; i++)
		svc_on[i] = strcmp(r.svc[i], "aoa:viewer") == 0;
	assert_true(csp_roles_scopes(&r, org_on, svc_on, &out));
	assert_int_equal(out.n_org_roles, 1);
	assert_string_equal(out.org_roles[0].name, "developer");
	assert_int_equal(out.n_services, 1);
	assert_string_equal(out.services[0].service_id, "svc-1");
	assert_int_equal(out.services[0].n_roles, 1);
	assert_string_equal(out.services[0].roles[0].name, "aoa:viewer");
	csp_roles_text(&out, text, sizeof text);
	assert_string_equal(text, "developer, aoa:viewer");
	csp_roles_scopes_free(&out);
	/* No service role chosen: no service scope at all. */
	memset(svc_on, 0, sizeof svc_on);
	assert_true(csp_roles_scopes(&r, org_on, svc_on, &out));
	assert_int_equal(out.n_services, 0);
	csp_roles_scopes_free(&out);
	csp_roles_free(&r);
}

static void role_text_is_cut_not_overrun(void **state)
{
	struct csp_role org[] = { { (char *)"org_member", NULL }, { (char *)"developer", NULL } };
	struct csp_scopes s = { org, 2, NULL, 0, NULL, 0 };
	char small[12];

	(void)state;
	csp_roles_text(&s, small, sizeof small);
	assert_string_equal(small, "org_member");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(builtin_roles_never_hold_the_owner),
		cmocka_unit_test(learnt_roles_are_added_once_and_refused_ones_left_out),
		cmocka_unit_test(scopes_hold_the_chosen_roles_only),
		cmocka_unit_test(role_text_is_cut_not_overrun),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
