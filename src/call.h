/* call.h: the call layer under the API clients (api.c, csp_api.c): a list
 * of calls in flight on one service, each signed in through auth, sent
 * through the HTTP engine, signed in again once after a 401, checked
 * (apierror) and handed to its client's answer hook; cancel, wait, the
 * --dry-run hook, URL building and request bodies from json-c.
 *
 * Ownership and order, the rules every client keeps:
 * - A client's call type holds a struct call as its FIRST member and is
 *   allocated by the client with calloc; the client fills method, label,
 *   url, body, noted, ctx, idempotent, read and sink, then call_start links
 *   it, and from then on the layer owns it: call_end frees it, after the
 *   client's release hook has freed the client's own members.
 * - call_start takes over url, body and noted also when it fails: the call
 *   is then freed at once (the release hook runs, answer and fail do not)
 *   and err says why.
 * - Once started, a call ends through exactly one run of answer or fail,
 *   and that hook must either end it with call_end (after handing its
 *   result to its caller), hand it to call_fail (answer only), or send it
 *   again with call_send (a next page, a next batch), after which a hook
 *   runs once more. answer runs from
 *   wft_http_poll (so from call_wait) or from wft_http_cancel; fail runs
 *   from call_cancel, from a sign-in that ends in error, or when a send
 *   after a sign-in cannot start. A hook never runs inside call_start.
 * - call_cancel: a request in flight ends at once through answer with
 *   WFT_ERR_CANCELLED (as the engine reports it); a call waiting for the
 *   sign-in is withdrawn from it and ends through fail with
 *   WFT_ERR_CANCELLED. A hook handed an error does not send again, so the
 *   call is gone when call_cancel returns and nothing of it runs later.
 *   call_client_clear cancels every call so.
 * - The body may hold a token id and is wiped when replaced or freed; a
 *   noted secret (mask.h) is forgotten and wiped with the call. What a hook
 *   receives (the response, err) is valid during the hook only.
 */
#ifndef WFT_CALL_H
#define WFT_CALL_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "apierror.h"
#include "auth.h"
#include "error.h"
#include "http.h"

/* Pages one list may take before the reading stops with an error (a server
 * that always says there is more would otherwise be read for ever). */
#define CALL_MAX_PAGES 10000
/* The longest identifier a URL path segment may carry. */
#define CALL_MAX_SEG 1024

struct call;

struct call_ops {
	/* The answer to a request (after the one sign-in again on a 401):
	 * st and err are what wft_apierror_check made of it, err.body_unread
	 * set when an error status came with a body that is no readable
	 * refusal. */
	void (*answer)(struct call *c, const struct wft_http_response *r, enum wft_status st,
	               const struct wft_error *err);
	/* The call ends with err and no answer (err->code is never WFT_OK). */
	void (*fail)(struct call *c, const struct wft_error *err);
	/* Frees the client's own members of c (not c itself); may be NULL. */
	void (*release)(struct call *c);
};

/* One service: its URL, its engine, its sign-in, the calls in flight. */
struct call_client {
	char *origin;               /* the service's URL without a trailing slash */
	struct wft_http *http;      /* borrowed */
	struct wft_auth *auth;      /* borrowed */
	const struct call_ops *ops;
	bool dry_run;               /* changes are shown, not sent */
	struct call *head;
	size_t n_calls;
	unsigned long serial;
};

struct call {
	struct call_client *cl;
	struct call *prev, *next;
	unsigned long serial;
	const char *method;         /* static text */
	const char *label;          /* static text, "GET /api/v2/apitoken" */
	char *url;                  /* owned */
	char *body;                 /* owned, wiped; may be NULL */
	size_t body_len;
	char *noted;                /* owned: a secret noted (mask.h) while the call lives */
	struct wft_api_ctx ctx;
	bool idempotent;
	bool read;                  /* a POST that changes nothing: sent under --dry-run */
	wft_http_sink_fn sink;      /* optional: a 2xx body, to sink(sink_ud, ...) */
	void *sink_ud;
	unsigned n_pages;           /* pages asked for after the first */
	/* The layer's own: */
	struct wft_http_req *req;
	bool waiting_auth;
	bool retried_401;           /* a client may clear it before a next request */
	unsigned gen;
};

/* Sets up cl for the service at url (checked with wft_http_check_url). */
enum wft_status call_client_init(struct call_client *cl, const char *url,
                                 struct wft_http *http, struct wft_auth *auth,
                                 const struct call_ops *ops, struct wft_error *err);
/* Cancels every call (each ends through its hook), frees the origin. */
void call_client_clear(struct call_client *cl);

/* Links c (filled by the client) into cl and sends it (signing in first if
 * need be). On failure fills err, frees c as call_end does, no hook runs. */
enum wft_status call_start(struct call_client *cl, struct call *c, struct wft_error *err);
/* Sends c again (a next page or batch); signs in first if need be. A
 * failure is returned and no hook runs for it: the caller ends the call. */
enum wft_status call_send(struct call *c, struct wft_error *err);
/* Before a next page: counts it and fails with err once the list has not
 * ended after CALL_MAX_PAGES pages. */
enum wft_status call_next_page(struct call *c, struct wft_error *err);
/* Ends c through the fail hook with err (without a code: WFT_ERR_NETWORK). */
void call_fail(struct call *c, const struct wft_error *err);
/* Unlinks c and frees it (release hook, url, body wiped, noted secret). */
void call_end(struct call *c);

void call_cancel(struct call_client *cl, struct call *c);
/* Runs the engine until c has finished (its hook has run). */
enum wft_status call_wait(struct call_client *cl, struct call *c, struct wft_error *err);
size_t call_pending(const struct call_client *cl);

/* The last word on an answer's err: with st WFT_OK, err is cleared to
 * success; otherwise err keeps its words (or, with none, "LABEL: out of
 * memory"). Returns true when the call failed and its result must hold
 * nothing but err. */
bool call_settle(struct wft_error *err, enum wft_status st, const char *label);

/* ---- URLs ---- */

struct call_path {
	const char *prefix;         /* fixed text after the origin; may be NULL */
	const char *path;           /* fixed text after prefix */
	const char *seg[2];         /* percent-encoded, each after a '/' */
	const char *mid;            /* fixed text between the two segments */
	const char *suffix;         /* fixed tail, "/activate" or "?offset=0&limit=100" */
	const char *query;          /* already encoded, after a '?' */
	const char *plain;          /* characters a segment keeps unencoded beyond
	                             * A-Z a-z 0-9 - . _ ~ (NULL = none) */
};

/* Fails with WFT_ERR_INVALID when a given segment is empty or longer than
 * CALL_MAX_SEG. */
enum wft_status call_check_segments(const char *const seg[2], const char *label,
                                    struct wft_error *err);
/* origin + the parts of p, as a new string; NULL when out of memory. */
char *call_url(const char *origin, const struct call_path *p);
/* Appends s percent-encoded (all but A-Z a-z 0-9 - . _ ~ and the
 * characters of plain) to the string in out (cap bytes); false when it
 * does not fit. */
bool call_append_encoded(char *out, size_t cap, const char *s, const char *plain);

/* ---- bodies ---- */

/* The JSON text of o as a new string; json-c's own buffer is wiped because
 * bodies may hold token ids. Puts o. NULL when o is NULL or out of memory. */
char *call_json_take(json_object *o);

#endif
