/* model.c: account types and the real clock. */
#include <string.h>
#include <time.h>

#include "model.h"

static const char *const api_names[] = {
	[WFT_ACCOUNT_UNKNOWN] = "",
	[WFT_ACCOUNT_USER] = "USER_ACCOUNT",
	[WFT_ACCOUNT_SERVICE] = "SERVICE_ACCOUNT",
	[WFT_ACCOUNT_INACTIVE_SERVICE] = "INACTIVE_SERVICE_ACCOUNT",
	[WFT_ACCOUNT_CSP_USER] = "CSP_USER_ACCOUNT",
	[WFT_ACCOUNT_CSP_AUTHORIZED_USER] = "CSP_AUTHORIZED_USER_ACCOUNT",
	[WFT_ACCOUNT_CSP_SERVICE] = "CSP_SERVICE_ACCOUNT",
	[WFT_ACCOUNT_CSP_AUTHORIZED_SERVICE] = "CSP_AUTHORIZED_SERVICE_ACCOUNT",
};

#define N_TYPES (sizeof api_names / sizeof api_names[0])

const char *wft_account_type_api_name(enum wft_account_type t)
{
	return (unsigned)t < N_TYPES ? api_names[t] : "";
}

enum wft_account_type wft_account_type_parse(const char *s)
{
	if (!s || !*s)
		return WFT_ACCOUNT_UNKNOWN;
	for (unsigned i = 1; i < N_TYPES; i++)
		if (strcmp(s, api_names[i]) == 0)
			return (enum wft_account_type)i;
	return WFT_ACCOUNT_UNKNOWN;
}

bool wft_account_type_is_csp(enum wft_account_type t)
{
	return t == WFT_ACCOUNT_CSP_USER || t == WFT_ACCOUNT_CSP_AUTHORIZED_USER ||
	       t == WFT_ACCOUNT_CSP_SERVICE || t == WFT_ACCOUNT_CSP_AUTHORIZED_SERVICE;
}

bool wft_account_type_is_service(enum wft_account_type t)
{
	return t == WFT_ACCOUNT_SERVICE || t == WFT_ACCOUNT_INACTIVE_SERVICE ||
	       t == WFT_ACCOUNT_CSP_SERVICE || t == WFT_ACCOUNT_CSP_AUTHORIZED_SERVICE;
}

const char *wft_account_type_label(enum wft_account_type t)
{
	if (t == WFT_ACCOUNT_UNKNOWN)
		return "?";
	/* A token of a deactivated service account does not sign in: say so. */
	if (t == WFT_ACCOUNT_INACTIVE_SERVICE)
		return "Inactive";
	return wft_account_type_is_service(t) ? "Service" : "User";
}

enum wft_rename_route wft_rename_route(enum wft_account_type t, const char *account)
{
	bool has_account = account && *account;

	if (wft_account_type_is_service(t))
		return has_account ? WFT_RENAME_SERVICE_ACCOUNT : WFT_RENAME_UNKNOWN;
	if (t != WFT_ACCOUNT_UNKNOWN && (unsigned)t < N_TYPES)
		return WFT_RENAME_OWN;
	if (has_account && strncmp(account, "sa::", 4) == 0 && account[4])
		return WFT_RENAME_SERVICE_ACCOUNT;
	return WFT_RENAME_UNKNOWN;
}

wft_millis wft_clock_real(void *ud)
{
	struct timespec ts;

	(void)ud;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (wft_millis)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
