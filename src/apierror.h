/* apierror.h: the service's verdict on an answer (doc/api.md 4): the
 * status and message it sent, mapped to a message for a person. */
#ifndef WFT_APIERROR_H
#define WFT_APIERROR_H

#include <stddef.h>

#include "error.h"
#include "http.h"

/* What the request meant to do; it decides how some statuses read. */
enum wft_api_op {
	WFT_OP_READ = 0,
	WFT_OP_WRITE,           /* rename, update, activate, delete ... */
	WFT_OP_GENERATE,        /* a new token: 400 may be the 20-token limit */
	WFT_OP_REVOKE,          /* a revoke (a 404 is read back, see outcome.h) */
	WFT_OP_CREATE_ACCOUNT,  /* 409 means the identifier exists */
	WFT_OP_SIGN_IN,         /* a CSP exchange */
};

struct wft_api_ctx {
	const char *label;       /* "GET /api/v2/apitoken/customertokens" */
	enum wft_api_op op;
	const char *permission;  /* named on 403; NULL = "Accounts" */
};

/* Longest service message kept. */
#define WFT_SERVICE_MESSAGE_MAX 200

/* Reads the service's own message and code from an error body: status.message
 * and status.code; else top-level message (or error) and code; else the raw
 * text. The message is cleaned for showing: control characters dropped, long
 * secret-looking words masked, length bounded. *code is 0 when none. */
void wft_apierror_service_message(const char *body, size_t len, char *out,
                                  size_t outsz, int *code);

/* WFT_OK when r is a 2xx answer whose envelope does not say ERROR; otherwise
 * fills err with the mapped message (and http_status) and returns its code.
 * Transport failures in r are passed through. */
enum wft_status wft_apierror_check(const struct wft_http_response *r,
                                   const struct wft_api_ctx *ctx,
                                   struct wft_error *err);

/* The mapping itself, for an HTTP status and the service's message. */
/* True when err is a refusal (400 or 403) that says the request does not
 * apply to an instance onboarded to VMware Cloud services (as the own-token
 * endpoints answer there). */
bool wft_apierror_is_csp_refusal(const struct wft_error *err);
enum wft_status wft_apierror_map(long status, const char *service_message,
                                 const struct wft_api_ctx *ctx,
                                 struct wft_error *err);

#endif
