/* session.h: the console's conversation with the service: sign-in, the
 * token list streamed into a token set, revoke and rename, all asynchronous
 * on the client's engine, which the loop waits in together with the keys.
 * Every request in flight, the session's own and the pages' (request.h),
 * is a tracked call of one list: one busy count, one way to cancel. */
#ifndef WFT_SESSION_H
#define WFT_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "auth.h"
#include "csp_api.h"
#include "error.h"
#include "http.h"
#include "model.h"
#include "outcome.h"
#include "tokenset.h"

struct session;
struct wft_api;
struct wft_api_call;
struct wft_api_result;

/* Who made a request: Esc cancels, and "one at a time" waits for, the
 * requests of one group only. */
enum request_group {
	REQ_ANY,                 /* for session_pending and session_cancel: every group */
	REQ_TOKENS,              /* the session's own: the token list, revokes, renames */
	REQ_ACCOUNTS,            /* the Service Accounts tab and the service-account dialog */
	REQ_SAVED_SEARCHES,      /* saved searches (saved_searches.c) */
	REQ_CSP,                 /* the VMware Cloud tab (csp_page.c and its parts) */
	REQ_ROTATION,            /* guided rotation (tokens_rotate.c) */
	REQ_TOKENS_REMOTE,       /* the tokens page's server-side search (tokens_remote.c) */
};

/* How a change ended, by the rule of outcome.h: when its own answer did
 * not say (not confirmed), the token was read back (GET customertokens/{id})
 * and settled says what that read found. */
struct session_change {
	enum wft_outcome outcome;      /* the class of the change's own answer */
	enum wft_settled settled;      /* DONE, NOT_DONE, or UNKNOWN: not confirmed */
	bool read_back;                /* settled by a read-back */
	bool was_404;                  /* the change itself was answered 404 */
	bool token_gone;               /* the read-back found no such token */
	const struct wft_error *err;   /* the change's error; NULL when it said yes */
	const char *read_name;         /* rename: the name read back, or NULL */
};

/* How far a load has come, after each piece of the answer. */
struct session_progress {
	size_t tokens;                 /* decoded so far */
	size_t bytes;                  /* of the answer's body, so far */
	long long total_bytes;         /* its Content-Length, or -1 when not sent */
	const struct tokenset *ts;     /* what arrived, still growing: read it
	                                * during the call only */
};

/* What finished work reports. Each hook runs from session_wait (or at
 * once from session_cancel, with WFT_ERR_CANCELLED); err is NULL or has
 * code WFT_OK on success. Strings are valid during the call only. */
struct session_hooks {
	void *ud;
	/* The token set is handed over: whole on success (err NULL); on
	 * failure (err set, WFT_ERR_CANCELLED for a cancel) the rows that
	 * arrived before, possibly none. */
	void (*loaded)(void *ud, struct tokenset *ts, const struct wft_error *err);
	/* A load's answer is arriving (optional). */
	void (*progress)(void *ud, const struct session_progress *p);
	void (*revoked)(void *ud, const char *id, const struct session_change *ch);
	void (*renamed)(void *ud, const char *id, const char *name,
	                const struct session_change *ch);
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
/* Reads the signed-in user's own tokens (session_token_is_own), as every
 * load does; for the server-side mode, which loads no list. */
void session_load_own(struct session *s);
/* 1 when token id is one of the signed-in user's own, 0 when it is not,
 * -1 when that is not known (the list of one's own tokens was not read). */
int session_token_is_own(const struct session *s, const char *id);
/* True once the list of one's own tokens has been read. */
bool session_own_known(const struct session *s);
/* The i-th id of the user's own tokens (a secret), NULL past the last or
 * while they are not known. */
const char *session_own_at(const struct session *s, size_t i);
/* True once the instance's answers showed it is onboarded to VMware Cloud
 * services: the own-token list (GET /api/v2/apitoken) refused in those
 * words, or CSP_* account types among the org's tokens. There user API
 * tokens are managed in VMware Cloud services, not through this API. */
bool session_csp_onboarded(const struct session *s);
/* Whether a change answered err is read back to settle it (outcome.h):
 * its answer settles nothing (not confirmed), and it was not cancelled,
 * nor is the session closing (never a new request from a cancelled one).
 * The rule of every change: the tokens page's (here) and the
 * service-account dialog's. */
bool session_reads_back(const struct session *s, const struct wft_error *err);
/* Revokes one token (PUT customertokens/revoke; one's own token through
 * DELETE /api/v2/apitoken/{id}); an answer that does not settle it
 * (outcome.h) is followed by a read of the token. */
enum wft_status session_revoke(struct session *s, const char *id, struct wft_error *err);
/* Renames a token: the service-account endpoint (T7) for service-account
 * tokens, the caller's own endpoint (T3) otherwise; an answer that does not
 * settle it is followed by a read of the token. */
enum wft_status session_rename(struct session *s, const char *id, const char *account,
                               enum wft_account_type type, const char *name,
                               struct wft_error *err);
/* ---- tracked calls ---- */
/* Runs once with the answer (or WFT_ERR_CANCELLED); the call is freed after. */
typedef void (*session_call_fn)(void *ud, struct wft_api_result *res);
struct session_call;
/* A call of group that will run fn(ud, answer); NULL when out of memory
 * (or s is NULL). */
struct session_call *session_call_new(struct session *s, enum request_group group,
                                      session_call_fn fn, void *ud);
/* Tracks call, a wft_api_* call started with session_call_done and c as
 * its callback and data. When call is NULL (it could not start) c is
 * freed and false returned. */
bool session_call_go(struct session_call *c, struct wft_api_call *call);
/* The wft_api callback of every tracked call. */
void session_call_done(void *c, struct wft_api_result *res);
/* The same for a call of the VMware Cloud services client (csp_api.h):
 * started with session_csp_call_done and c as its callback and data. */
typedef void (*session_csp_call_fn)(void *ud, struct csp_api_result *res);
struct session_call *session_call_new_csp(struct session *s, enum request_group group,
                                          session_csp_call_fn fn, void *ud);
bool session_call_go_csp(struct session_call *c, struct csp_api_call *call);
void session_csp_call_done(void *c, struct csp_api_result *res);
/* Cancels every call of group (REQ_ANY: all): each runs at once with
 * WFT_ERR_CANCELLED (the session's own report through their hooks). */
void session_cancel(struct session *s, enum request_group group);
/* Calls of group (REQ_ANY: all) in flight; 0 for a NULL session. */
int session_pending(const struct session *s, enum request_group group);
/* Waits for the network, for fd (if >= 0) to be readable, or timeout_ms
 * (-1: until something happens); runs the hooks of finished work. */
enum wft_status session_wait(struct session *s, int fd, int timeout_ms, bool *fd_ready,
                             struct wft_error *err);
/* Runs until nothing is in flight. */
enum wft_status session_drain(struct session *s, struct wft_error *err);
/* The client, for calls the session does not make itself (the Service
 * Accounts tab's own requests run on the same engine and sign-in). */
struct wft_api *session_api(struct session *s);
/* The sign-in (for when its credential expires: `wftokens whoami`). */
const struct wft_auth *session_auth(const struct session *s);

/* The VMware Cloud services client (csp_api.h) on the same engine and
 * sign-in; NULL when signed in with an Operations for Applications API
 * token. Its calls count in session_pending when tracked (session_call_go_csp). */
struct csp_api *session_csp(struct session *s);
/* The organisation named at sign-in (--org-id), or NULL. */
const char *session_org_id(const struct session *s);
/* The OAuth app signed in with (its client id), or NULL. */
const char *session_client_id(const struct session *s);
/* The details of the CSP API token signed in with (its value stays in the
 * session); NULL with err filled when not signed in with one. */
struct csp_api_call *session_csp_details(struct session *s, csp_api_done_fn done, void *ud,
                                         struct wft_error *err);

#endif
