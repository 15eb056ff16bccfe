/* sacheck.c: service-account field checks and the permission labels. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "sacheck.h"

const struct sa_permission sa_permissions[] = {
	{ "Accounts", "user_management" },
	{ "Alerts", "alerts_management" },
	{ "Applications", "application_management" },
	{ "Batch Query Priority", "batch_query_priority" },
	{ "Chart Embedding", "embedded_charts" },
	{ "Dashboards", "dashboard_management" },
	{ "Derived Metrics", "derived_metrics_management" },
	{ "Direct Data Ingestion", "ingestion" },
	{ "Events", "events_management" },
	{ "External Links", "external_links_management" },
	{ "Integrations", "monitored_application_service_management" },
	{ "Metrics", "metrics_management" },
	{ "Proxies", "agent_management" },
	{ "SAML IDP Admin", "saml_sso_management" },
	{ "Source Tags", "host_tag_management" },
};
const size_t sa_n_permissions = sizeof sa_permissions / sizeof sa_permissions[0];

const char *sa_permission_label(const char *id)
{
	for (size_t i = 0; id && i < sa_n_permissions; i++)
		if (strcmp(sa_permissions[i].id, id) == 0)
			return sa_permissions[i].label;
	return NULL;
}

/* The name without a typed "sa::". */
static const char *strip_prefix(const char *name)
{
	size_t p = strlen(SA_PREFIX);

	return name && strncasecmp(name, SA_PREFIX, p) == 0 ? name + p : name;
}

enum wft_status sa_check_name(const char *name, struct wft_error *err)
{
	size_t n;

	name = strip_prefix(name);
	n = name ? strlen(name) : 0;

	if (n == 0)
		return wft_error_set(err, WFT_ERR_INVALID,
		                     "The account needs a name after sa:: (letters, digits, . _ - @ +).");
	if (n > SA_ID_MAX - strlen(SA_PREFIX))
		return wft_error_set(err, WFT_ERR_INVALID,
		                     "The name is %zu characters long; at most %zu are allowed.",
		                     n, SA_ID_MAX - strlen(SA_PREFIX));
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (!isascii(c) || (!isalnum(c) && !strchr("._-@+", c))) {
			if (isascii(c) && isprint(c))
				return wft_error_set(err, WFT_ERR_INVALID,
				                     "'%c' cannot be used in an account name: only letters, "
				                     "digits and . _ - @ + are allowed.", c);
			return wft_error_set(err, WFT_ERR_INVALID,
			                     "Character %zu cannot be used in an account name: only "
			                     "letters, digits and . _ - @ + are allowed.", i + 1);
		}
	}
	return WFT_OK;
}

enum wft_status sa_identifier(const char *name, char *out, size_t outsz, struct wft_error *err)
{
	size_t p = strlen(SA_PREFIX), n;

	if (sa_check_name(name, err) != WFT_OK)
		return WFT_ERR_INVALID;
	name = strip_prefix(name);
	n = strlen(name);
	if (!out || outsz < p + n + 1)
		return wft_error_set(err, WFT_ERR_INVALID, "No room for the identifier.");
	memcpy(out, SA_PREFIX, p);
	for (size_t i = 0; i < n; i++)
		out[p + i] = (char)tolower((unsigned char)name[i]);
	out[p + n] = '\0';
	return WFT_OK;
}

/* Valid UTF-8 without control characters. */
static bool text_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned c = *p, need;
		if (c < 0x20 || c == 0x7f)
			return false;
		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) need = 1;
		else if (c >= 0xe0 && c <= 0xef) need = 2;
		else if (c >= 0xf0 && c <= 0xf4) need = 3;
		else return false;
		for (unsigned k = 1; k <= need; k++)
			if ((p[k] & 0xc0) != 0x80)
				return false;
		p += need + 1;
	}
	return true;
}

enum wft_status sa_check_token_name(const char *name, struct wft_error *err)
{
	size_t n = name ? strlen(name) : 0;

	if (n > SA_TOKEN_NAME_MAX)
		return wft_error_set(err, WFT_ERR_INVALID,
		                     "The token name is %zu bytes long; at most %d are allowed.",
		                     n, SA_TOKEN_NAME_MAX);
	if (n && !text_ok(name))
		return wft_error_set(err, WFT_ERR_INVALID,
		                     "Token names cannot hold control characters.");
	return WFT_OK;
}

enum wft_status sa_check_description(const char *text, struct wft_error *err)
{
	size_t n = text ? strlen(text) : 0;

	if (n > SA_DESCRIPTION_MAX)
		return wft_error_set(err, WFT_ERR_INVALID,
		                     "The description is %zu bytes long; at most %d are allowed.",
		                     n, SA_DESCRIPTION_MAX);
	if (n && !text_ok(text))
		return wft_error_set(err, WFT_ERR_INVALID,
		                     "The description cannot hold control characters.");
	return WFT_OK;
}
