/* test_sacheck.c: what the service accepts in a service account's fields,
 * the identifier as the service stores it, and the permission boxes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sacheck.h"

static void valid_names_pass(void **state)
{
	struct wft_error err;
	static const char *const ok[] = { "ci-bot", "a", "Grafana.Reader_2", "ops@acme+x", "0" };
	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		assert_int_equal(sa_check_name(ok[i], &err), WFT_OK);
}

static void empty_name_is_refused(void **state)
{
	struct wft_error err;
	(void)state;
	assert_int_equal(sa_check_name("", &err), WFT_ERR_INVALID);
	assert_non_null(strstr(err.message, "needs a name"));
	assert_int_equal(sa_check_name(NULL, &err), WFT_ERR_INVALID);
	/* Only the prefix, typed: still no name. */
	assert_int_equal(sa_check_name("sa::", &err), WFT_ERR_INVALID);
	assert_non_null(strstr(err.message, "needs a name"));
}

static void name_length_limit(void **state)
{
	struct wft_error err;
	size_t max = SA_ID_MAX - strlen(SA_PREFIX);
	char *name = malloc(max + 2);
	(void)state;
	assert_non_null(name);
	memset(name, 'x', max);
	name[max] = '\0';
	assert_int_equal(sa_check_name(name, &err), WFT_OK);
	name[max] = 'x';
	name[max + 1] = '\0';
	assert_int_equal(sa_check_name(name, &err), WFT_ERR_INVALID);
	assert_non_null(strstr(err.message, "at most 252"));
	free(name);
}

static void refused_characters_are_named(void **state)
{
	struct wft_error err;
	(void)state;
	assert_int_equal(sa_check_name("ci bot", &err), WFT_ERR_INVALID);
	assert_non_null(strstr(err.message, "' '"));
	assert_int_equal(sa_check_name("ci/bot", &err), WFT_ERR_INVALID);
	assert_non_null(strstr(err.message, "'/'"));
	assert_int_equal(sa_check_name("a:b", &err), WFT_ERR_INVALID);
	/* Not printable: named by position, never echoed raw. */
	assert_int_equal(sa_check_name("ab\x1b[2J", &err), WFT_ERR_INVALID);
	assert_non_null(strstr(err.message, "Character 3"));
	assert_null(strchr(err.message, '\x1b'));
	assert_int_equal(sa_check_name("caf\xc3\xa9", &err), WFT_ERR_INVALID);
	assert_non_null(strstr(err.message, "Character 4"));
}

static void typed_prefix_is_the_prefix(void **state)
{
	struct wft_error err;
	char id[SA_ID_MAX + 1];
	(void)state;
	assert_int_equal(sa_check_name("sa::ci-bot", &err), WFT_OK);
	assert_int_equal(sa_check_name("SA::ci-bot", &err), WFT_OK);
	assert_int_equal(sa_identifier("sa::ci-bot", id, sizeof id, &err), WFT_OK);
	assert_string_equal(id, "sa::ci-bot");
	assert_int_equal(sa_identifier("Sa::Ci-Bot", id, sizeof id, &err), WFT_OK);
	assert_string_equal(id, "sa::ci-bot");
	/* A second prefix is a name with colons in it. */
	assert_int_equal(sa_identifier("sa::sa::x", id, sizeof id, &err), WFT_ERR_INVALID);
}

static void identifier_is_lower_case(void **state)
{
	struct wft_error err;
	char id[SA_ID_MAX + 1], small[8];
	(void)state;
	/* The service stores ids lower-cased: upper case is allowed and the
	 * identifier is written as it will be stored. */
	assert_int_equal(sa_check_name("CI-Bot", &err), WFT_OK);
	assert_int_equal(sa_identifier("CI-Bot", id, sizeof id, &err), WFT_OK);
	assert_string_equal(id, "sa::ci-bot");
	assert_int_equal(sa_identifier("GRAFANA@ACME.COM", id, sizeof id, &err), WFT_OK);
	assert_string_equal(id, "sa::grafana@acme.com");
	assert_int_equal(sa_identifier("bad name", id, sizeof id, &err), WFT_ERR_INVALID);
	assert_int_equal(sa_identifier("", id, sizeof id, &err), WFT_ERR_INVALID);
	/* Too small a buffer is an error, never a truncated id. */
	assert_int_equal(sa_identifier("longer-name", small, sizeof small, &err), WFT_ERR_INVALID);
	assert_int_equal(sa_identifier("abc", small, sizeof small, &err), WFT_OK);
	assert_string_equal(small, "sa::abc");
}

static void token_names(void **state)
{
	struct wft_error err;
	char *name = malloc(SA_TOKEN_NAME_MAX + 2);
	(void)state;
	assert_non_null(name);
	assert_int_equal(sa_check_token_name("", &err), WFT_OK);
	assert_int_equal(sa_check_token_name(NULL, &err), WFT_OK);
	assert_int_equal(sa_check_token_name("deploy (prod) \xe6\x9c\xac\xe7\x95\xaa", &err), WFT_OK);
	memset(name, 'n', SA_TOKEN_NAME_MAX);
	name[SA_TOKEN_NAME_MAX] = '\0';
	assert_int_equal(sa_check_token_name(name, &err), WFT_OK);
	name[SA_TOKEN_NAME_MAX] = 'n';
	name[SA_TOKEN_NAME_MAX + 1] = '\0';
	assert_int_equal(sa_check_token_name(name, &err), WFT_ERR_INVALID);
	assert_non_null(strstr(err.message, "at most 512"));
	free(name);
	assert_int_equal(sa_check_token_name("a\tb", &err), WFT_ERR_INVALID);
	assert_int_equal(sa_check_token_name("a\x7f", &err), WFT_ERR_INVALID);
	assert_int_equal(sa_check_token_name("bad \xc3(", &err), WFT_ERR_INVALID);
	assert_int_equal(sa_check_token_name("overlong \xc0\xaf", &err), WFT_ERR_INVALID);
	assert_int_equal(sa_check_token_name("cut \xe6\x9c", &err), WFT_ERR_INVALID);
}

static void descriptions(void **state)
{
	struct wft_error err;
	char *text = malloc(SA_DESCRIPTION_MAX + 2);
	(void)state;
	assert_non_null(text);
	assert_int_equal(sa_check_description("", &err), WFT_OK);
	assert_int_equal(sa_check_description("Legacy integration \xe2\x80\x94 ask first", &err), WFT_OK);
	memset(text, 'd', SA_DESCRIPTION_MAX);
	text[SA_DESCRIPTION_MAX] = '\0';
	assert_int_equal(sa_check_description(text, &err), WFT_OK);
	text[SA_DESCRIPTION_MAX] = 'd';
	text[SA_DESCRIPTION_MAX + 1] = '\0';
	assert_int_equal(sa_check_description(text, &err), WFT_ERR_INVALID);
	free(text);
	assert_int_equal(sa_check_description("two\nlines", &err), WFT_ERR_INVALID);
	assert_non_null(strstr(err.message, "control characters"));
}

/* doc/api.md 3.3: every id a service account can hold, once, with its label.
 * token_management is left out (doc/api.md 2: service accounts cannot hold
 * API Tokens) and so is log_management (for creating users only). */
static void permissions_table(void **state)
{
	static const struct { const char *id, *label; } want[] = {
		{ "agent_management", "Proxies" },
		{ "alerts_management", "Alerts" },
		{ "application_management", "Applications" },
		{ "batch_query_priority", "Batch Query Priority" },
		{ "dashboard_management", "Dashboards" },
		{ "derived_metrics_management", "Derived Metrics" },
		{ "embedded_charts", "Chart Embedding" },
		{ "events_management", "Events" },
		{ "external_links_management", "External Links" },
		{ "host_tag_management", "Source Tags" },
		{ "ingestion", "Direct Data Ingestion" },
		{ "metrics_management", "Metrics" },
		{ "monitored_application_service_management", "Integrations" },
		{ "saml_sso_management", "SAML IDP Admin" },
		{ "user_management", "Accounts" },
	};
	size_t n = sizeof want / sizeof want[0];
	(void)state;
	assert_int_equal(sa_n_permissions, n);
	for (size_t i = 0; i < n; i++) {
		size_t seen = 0;
		for (size_t k = 0; k < sa_n_permissions; k++)
			if (strcmp(sa_permissions[k].id, want[i].id) == 0) {
				seen++;
				assert_string_equal(sa_permissions[k].label, want[i].label);
			}
		assert_int_equal(seen, 1);
		assert_string_equal(sa_permission_label(want[i].id), want[i].label);
	}
	/* In the web UI's order: by label. */
	for (size_t k = 1; k < sa_n_permissions; k++)
		assert_true(strcmp(sa_permissions[k - 1].label, sa_permissions[k].label) < 0);
	assert_null(sa_permission_label("token_management"));
	assert_null(sa_permission_label("log_management"));
	assert_null(sa_permission_label("no_such_permission"));
	assert_null(sa_permission_label(""));
	assert_null(sa_permission_label(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_names_pass),
		cmocka_unit_test(empty_name_is_refused),
		cmocka_unit_test(name_length_limit),
		cmocka_unit_test(refused_characters_are_named),
		cmocka_unit_test(typed_prefix_is_the_prefix),
		cmocka_unit_test(identifier_is_lower_case),
		cmocka_unit_test(token_names),
		cmocka_unit_test(descriptions),
		cmocka_unit_test(permissions_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
