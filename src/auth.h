/* auth.h: sign-in, three ways (doc/api.md 6): an API token as bearer, a CSP API
 * token or a CSP OAuth app exchanged for short-lived access tokens. */
#ifndef WFT_AUTH_H
#define WFT_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "http.h"
#include "model.h"

enum wft_auth_method {
	WFT_AUTH_TOKEN = 0,      /* Operations for Applications API token */
	WFT_AUTH_CSP_API_TOKEN,  /* VMware Cloud services API token */
	WFT_AUTH_CSP_OAUTH,      /* server-to-server app: client id and secret */
};

#define WFT_CSP_DEFAULT_URL "https://console.cloud.vmware.com"

/* "token", "csp-api-token", "csp-oauth". */
const char *wft_auth_method_name(enum wft_auth_method m);
/* Returns false for an unknown name. */
bool wft_auth_method_parse(const char *s, enum wft_auth_method *out);

struct wft_auth_params {
	enum wft_auth_method method;
	const char *token;          /* WFT_AUTH_TOKEN */
	const char *csp_api_token;  /* WFT_AUTH_CSP_API_TOKEN */
	const char *client_id;      /* WFT_AUTH_CSP_OAUTH */
	const char *client_secret;
	const char *org_id;         /* optional, OAuth */
	const char *csp_url;        /* NULL = WFT_CSP_DEFAULT_URL */
	wft_clock_fn clock;         /* NULL = wft_clock_real */
	void *clock_ud;
};

struct wft_auth;

/* Copies the secrets it needs (wiped on free). http is borrowed. */
enum wft_status wft_auth_new(struct wft_auth **out, const struct wft_auth_params *p,
                             struct wft_http *http, struct wft_error *err);
/* Cancels a sign-in in flight (waiters are told WFT_ERR_CANCELLED). */
void wft_auth_free(struct wft_auth *a);

enum wft_auth_method wft_auth_method(const struct wft_auth *a);

/* err is NULL when a bearer is now at hand. */
typedef void (*wft_auth_ready_fn)(void *ud, const struct wft_error *err);

/* Makes sure a bearer is at hand. Sets *ready and returns WFT_OK when one is
 * (no callback then); otherwise starts a sign-in, or joins the one in flight,
 * and cb runs once it ends. Access tokens due for refresh (doc/api.md 6.4)
 * count as not at hand. */
enum wft_status wft_auth_acquire(struct wft_auth *a, wft_auth_ready_fn cb, void *ud,
                                 bool *ready, struct wft_error *err);
/* Withdraws a waiter added by wft_auth_acquire (cb will not run). */
void wft_auth_forget(struct wft_auth *a, void *ud);

/* The header to send, "Authorization: Bearer ...". A secret: copy it only
 * into memory that is wiped. NULL when no bearer is at hand. */
const char *wft_auth_header(const struct wft_auth *a);
/* Bumped each time a new access token arrives. */
unsigned wft_auth_generation(const struct wft_auth *a);
/* After a 401 to a request sent with generation gen: drops that access
 * token so the next acquire signs in again. Returns true when trying again
 * makes sense (a CSP method, and no newer token failed already). */
bool wft_auth_invalidate(struct wft_auth *a, unsigned gen);

/* When the current access token is refreshed and when it expires (epoch ms
 * of the injected clock); 0 when there is none or for an API token. */
wft_millis wft_auth_refresh_at(const struct wft_auth *a);
wft_millis wft_auth_expires_at(const struct wft_auth *a);

/* Seconds after issue at which an access token of lifetime expires_in is
 * refreshed: expires_in - 30 below 10 min, else expires_in - 3 min; half the
 * lifetime when that is not positive. */
long wft_auth_refresh_delay_s(long expires_in);

/* Decodes CSP's token answer (doc/api.md 6.3). *access is a new secret string. */
enum wft_status wft_auth_decode_token_answer(const char *body, size_t len, char **access,
                                             long *expires_in, struct wft_error *err);

#endif
