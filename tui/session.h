/* session.h: the console's conversation with the service: sign-in, the
 * token list streamed into a token set, revoke and rename, all asynchronous
 * on the client's engine, which the loop waits in together with the keys. */
#ifndef WFT_SESSION_H
#define WFT_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "auth.h"
#include "error.h"
#include "http.h"
#include "model.h"
#include "tokenset.h"

struct session;
struct wft_api;

/* What finished work reports. Each hook runs from session_wait (or at
 * once from session_cancel, with WFT_ERR_CANCELLED); err is NULL or has
 * code WFT_OK on success. Strings are valid during the call only. */
struct session_hooks {
	void *ud;
	/* The whole token set is handed over on success (NULL on failure). */
	void (*loaded)(void *ud, struct tokenset *ts, const struct wft_error *err);
	/* A 404 (someone revoked it first) arrives as an error with
	 * http_status 404: the token is gone either way. */
	void (*revoked)(void *ud, const char *id, const struct wft_error *err);
	void (*renamed)(void *ud, const char *id, const char *name,
	                const struct wft_error *err);
	/* A request is being retried ("the server is busy (429), retrying in 3 s"). */
	void (*retrying)(void *ud, const char *message);
};

struct session_params {
	const char *endpoint;                 /* "https://acme.wavefront.com" */
	const struct wft_auth_params *auth;   /* secrets are copied */
	const struct wft_http_options *http;  /* NULL = defaults */
};

enum wft_status session_new(struct session **out, const struct session_params *p,
                            const struct session_hooks *hooks, struct wft_error *err);
/* Cancels what is in flight without running hooks, then frees. */
void session_free(struct session *s);

/* Loads every token of the organisation (GET customertokens, streamed into
 * the token set decoder). A load already running is replaced. */
enum wft_status session_load(struct session *s, struct wft_error *err);
bool session_loading(const struct session *s);
/* Revokes one token (PUT customertokens/revoke). */
enum wft_status session_revoke(struct session *s, const char *id, struct wft_error *err);
/* Renames a token: the service-account endpoint (T7) for service-account
 * tokens, the caller's own endpoint (T3) otherwise. */
enum wft_status session_rename(struct session *s, const char *id, const char *account,
                               enum wft_account_type type, const char *name,
                               struct wft_error *err);
/* Cancels everything in flight: each hook runs at once with WFT_ERR_CANCELLED. */
void session_cancel(struct session *s);
/* Requests in flight. */
int session_pending(const struct session *s);
/* Waits for the network, for fd (if >= 0) to be readable, or timeout_ms
 * (-1: until something happens); runs the hooks of finished work. */
enum wft_status session_wait(struct session *s, int fd, int timeout_ms, bool *fd_ready,
                             struct wft_error *err);
/* Runs until nothing is in flight. */
enum wft_status session_drain(struct session *s, struct wft_error *err);
/* The client, for calls the session does not make itself (the Service
 * Accounts tab's own requests run on the same engine and sign-in). */
struct wft_api *session_api(struct session *s);

#endif
