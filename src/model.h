/* model.h: the plain records the service talks about (doc/api.md 2, 3) that
 * several modules share, and the clock that time-dependent code is given. */
#ifndef WFT_MODEL_H
#define WFT_MODEL_H

#include <stdbool.h>
#include <stdint.h>

/* Epoch milliseconds, the unit of every time field of the API. */
typedef int64_t wft_millis;

/* The clock is injected so that "unused for 30 days" is testable. */
typedef wft_millis (*wft_clock_fn)(void *ud);
wft_millis wft_clock_real(void *ud);

enum wft_account_type {
	WFT_ACCOUNT_UNKNOWN = 0,
	WFT_ACCOUNT_USER,                     /* USER_ACCOUNT */
	WFT_ACCOUNT_SERVICE,                  /* SERVICE_ACCOUNT */
	WFT_ACCOUNT_INACTIVE_SERVICE,         /* INACTIVE_SERVICE_ACCOUNT */
	WFT_ACCOUNT_CSP_USER,                 /* CSP_USER_ACCOUNT */
	WFT_ACCOUNT_CSP_AUTHORIZED_USER,      /* CSP_AUTHORIZED_USER_ACCOUNT */
	WFT_ACCOUNT_CSP_SERVICE,              /* CSP_SERVICE_ACCOUNT */
	WFT_ACCOUNT_CSP_AUTHORIZED_SERVICE,   /* CSP_AUTHORIZED_SERVICE_ACCOUNT */
};

/* The API's spelling ("SERVICE_ACCOUNT"); "" for UNKNOWN. */
const char *wft_account_type_api_name(enum wft_account_type t);
/* Parses the API's spelling; WFT_ACCOUNT_UNKNOWN for anything else. */
enum wft_account_type wft_account_type_parse(const char *s);
/* True for the CSP_* types, which only an instance onboarded to VMware
 * Cloud services gives. */
bool wft_account_type_is_csp(enum wft_account_type t);
/* True for every kind of service account, active or not. */
bool wft_account_type_is_service(enum wft_account_type t);
/* What the table shows: "Service", "Inactive" (a deactivated service
 * account's token) or "User". */
const char *wft_account_type_label(enum wft_account_type t);

/* Which endpoint renames a token: a service account's (T7, by account),
 * the caller's own (T3, user tokens), or none that can be told. A type
 * this client does not know is never taken for a user type: its token goes
 * to T7 only when its account is plainly a service account ("sa::..."). */
enum wft_rename_route {
	WFT_RENAME_UNKNOWN = 0,
	WFT_RENAME_SERVICE_ACCOUNT,
	WFT_RENAME_OWN,
};
enum wft_rename_route wft_rename_route(enum wft_account_type t, const char *account);

/* One token as the org-wide list and the token search return it
 * (ApiTokenModel). Strings are borrowed; times are 0 when absent
 * (a lastUsed of 0 means "never used"). */
struct wft_token_rec {
	const char *id;
	const char *name;
	const char *account;
	enum wft_account_type account_type;
	wft_millis date_generated;
	wft_millis last_used;
};

/* The service's limit of tokens per account. */
#define WFT_MAX_TOKENS_PER_ACCOUNT 20

#endif
