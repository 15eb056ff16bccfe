/* api.h: the typed endpoints the console uses (doc/api.md 2, 3), asynchronous over
 * the HTTP engine, signed in through auth, decoded into apimodel records. */
#ifndef WFT_API_H
#define WFT_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "apimodel.h"
#include "auth.h"
#include "error.h"
#include "http.h"

struct wft_api;
struct wft_api_call;   /* valid until its callback has run */

/* What a call hands back. Only the member its endpoint names is filled.
 * Everything is freed when the callback returns: move out what you keep
 * (copy the struct and zero the member). */
struct wft_api_result {
	struct wft_error err;               /* err.code == WFT_OK on success */
	const char *label;                  /* "GET /api/v2/apitoken" */
	struct wft_token_list tokens;       /* token lists and token search */
	struct wft_token token;             /* one token; a generation's new token */
	struct wft_service_account account;
	struct wft_account_list accounts;   /* list and search of service accounts */
	struct wft_role_list roles;
	struct wft_group_list groups;
	struct wft_saved_search search;
	struct wft_saved_search_list searches;
	struct wft_strv facet_values;       /* /search/X/{facet} */
	struct wft_page facet_page;
	struct wft_facets facets;           /* /search/X/facets */
};

typedef void (*wft_api_done_fn)(void *ud, struct wft_api_result *res);
/* Frees what a result holds (for a result moved out of its callback). */
void wft_api_result_clear(struct wft_api_result *r);

/* Shorthands over wft_outcome_of (outcome.h), which holds the rule: true
 * when a change that ended with err may have been carried out all the same
 * (done with an unreadable answer, or not confirmed: cancelled or cut off
 * once sent, a 404, an error status with an unreadable body). A change that
 * ends so is never shown as refused; it is read back. */
bool wft_api_maybe_done(const struct wft_error *err);
/* True when the server answered 2xx but its body could not be read: the
 * change was made. */
bool wft_api_done_unread(const struct wft_error *err);

/* Creates the client for endpoint ("https://acme.wavefront.com"); http and
 * auth are borrowed and must outlive it. */
/* --dry-run: from now on no change is sent (a read still is); each change
 * call ends with WFT_ERR_DRY_RUN, its message the request it would have
 * made, masked (http.h). */
void wft_api_set_dry_run(struct wft_api *api, bool on);

enum wft_status wft_api_new(struct wft_api **out, const char *endpoint,
                            struct wft_http *http, struct wft_auth *auth,
                            struct wft_error *err);
/* Cancels every call (their callbacks run with WFT_ERR_CANCELLED). */
void wft_api_free(struct wft_api *api);

/* Ends a call: its callback runs at once with WFT_ERR_CANCELLED. */
void wft_api_cancel(struct wft_api *api, struct wft_api_call *call);
/* Runs the engine until call has finished. */
enum wft_status wft_api_wait(struct wft_api *api, struct wft_api_call *call,
                             struct wft_error *err);
size_t wft_api_pending(const struct wft_api *api);

/* Every call below returns NULL and fills err when it cannot start (then
 * the callback never runs); otherwise the callback runs exactly once. */
#define WFT_API_ARGS wft_api_done_fn done, void *ud, struct wft_error *err

/* T1-T4 (doc/api.md 2): the caller's own tokens (original instances). */
struct wft_api_call *wft_api_my_tokens(struct wft_api *api, WFT_API_ARGS);
/* Fills tokens (the whole list) and token (the new one, the last). */
struct wft_api_call *wft_api_generate_my_token(struct wft_api *api, WFT_API_ARGS);
struct wft_api_call *wft_api_rename_my_token(struct wft_api *api, const char *id,
                                             const char *name, WFT_API_ARGS);
struct wft_api_call *wft_api_revoke_my_token(struct wft_api *api, const char *id,
                                             WFT_API_ARGS);
/* T5-T8: a service account's tokens. */
struct wft_api_call *wft_api_account_tokens(struct wft_api *api, const char *account,
                                            WFT_API_ARGS);
struct wft_api_call *wft_api_generate_account_token(struct wft_api *api, const char *account,
                                                    const char *name, WFT_API_ARGS);
struct wft_api_call *wft_api_rename_account_token(struct wft_api *api, const char *account,
                                                  const char *id, const char *name,
                                                  WFT_API_ARGS);
struct wft_api_call *wft_api_revoke_account_token(struct wft_api *api, const char *account,
                                                  const char *id, WFT_API_ARGS);
/* T9: every token of the org. With a sink, the raw body of a 2xx answer is
 * streamed to it chunk by chunk (for tokenset_decoder_feed) and tokens stays
 * empty; without one, the answer is decoded into tokens. */
struct wft_api_call *wft_api_customer_tokens(struct wft_api *api, wft_http_sink_fn sink,
                                             WFT_API_ARGS);
/* T10, T11 (revoke any token; a 404 settles nothing: read the token back). */
struct wft_api_call *wft_api_customer_token(struct wft_api *api, const char *id,
                                            WFT_API_ARGS);
struct wft_api_call *wft_api_revoke_token(struct wft_api *api, const char *id,
                                          WFT_API_ARGS);

/* Search (doc/api.md 3.1). */
enum wft_match {
	WFT_MATCH_CONTAINS = 0,
	WFT_MATCH_STARTSWITH,
	WFT_MATCH_EXACT,
	WFT_MATCH_TAGPATH,
};

struct wft_search_term {
	const char *key;                 /* "name", "account", "freetext" ... */
	const char *value;               /* or values */
	const char *const *values;
	size_t n_values;
	enum wft_match match;
	bool negated;
	bool has_start, has_end;         /* range on an integer field */
	int64_t start, end;
};

struct wft_search_request {
	const struct wft_search_term *terms;
	size_t n_terms;
	const char *sort_field;          /* NULL = the server's default */
	bool ascending;
	long offset;
	long limit;                      /* 0 = 100; at most 1000 */
	const char *facet_query;         /* facet searches only */
	enum wft_match facet_match;
};

/* Paging: if res->tokens.page.more_items, call again with offset + limit
 * (the request models have no cursor). A facet request sends no sort. */
struct wft_api_call *wft_api_search_tokens(struct wft_api *api,
                                           const struct wft_search_request *rq,
                                           WFT_API_ARGS);
struct wft_api_call *wft_api_search_token_facet(struct wft_api *api, const char *facet,
                                                const struct wft_search_request *rq,
                                                WFT_API_ARGS);
struct wft_api_call *wft_api_search_token_facets(struct wft_api *api,
                                                 const char *const *facets, size_t n,
                                                 const struct wft_search_request *rq,
                                                 WFT_API_ARGS);
/* A service-account search is read to its end from rq->offset, in pages of
 * rq->limit (the body sent again with offset moved on), and handed back
 * whole; a page that fails fails the call. */
struct wft_api_call *wft_api_search_accounts(struct wft_api *api,
                                             const struct wft_search_request *rq,
                                             WFT_API_ARGS);

/* Service accounts (doc/api.md 3.2). Update is the write half of a
 * read-modify-write: it PUTs the full writable set of a (as read with
 * wft_api_account and then edited), with roles, groups and tokens as ids. */
struct wft_api_call *wft_api_accounts(struct wft_api *api, WFT_API_ARGS);
struct wft_api_call *wft_api_account(struct wft_api *api, const char *id, WFT_API_ARGS);
struct wft_api_call *wft_api_create_account(struct wft_api *api,
                                            const struct wft_service_account *a,
                                            WFT_API_ARGS);
struct wft_api_call *wft_api_update_account(struct wft_api *api,
                                            const struct wft_service_account *a,
                                            WFT_API_ARGS);
struct wft_api_call *wft_api_activate_account(struct wft_api *api, const char *id,
                                              WFT_API_ARGS);
struct wft_api_call *wft_api_deactivate_account(struct wft_api *api, const char *id,
                                                WFT_API_ARGS);
struct wft_api_call *wft_api_delete_account(struct wft_api *api, const char *id,
                                            WFT_API_ARGS);
/* Pickers. Lists (roles, groups, saved searches, and the service accounts
 * above should they come paged) are read to their end: from offset, in
 * pages of limit (at most 1000), following moreItems, and handed back
 * whole in one callback; a page that fails fails the call. */
struct wft_api_call *wft_api_roles(struct wft_api *api, long offset, long limit,
                                   WFT_API_ARGS);
struct wft_api_call *wft_api_groups(struct wft_api *api, long offset, long limit,
                                    WFT_API_ARGS);

/* Saved searches of the token page (entity type TOKEN, doc/api.md 5.6). */
struct wft_api_call *wft_api_saved_searches(struct wft_api *api, long offset, long limit,
                                            WFT_API_ARGS);
struct wft_api_call *wft_api_saved_search(struct wft_api *api, const char *id,
                                          WFT_API_ARGS);
/* s->name and s->query are sent; entity_type defaults to TOKEN. */
struct wft_api_call *wft_api_create_saved_search(struct wft_api *api,
                                                 const struct wft_saved_search *s,
                                                 WFT_API_ARGS);
struct wft_api_call *wft_api_update_saved_search(struct wft_api *api,
                                                 const struct wft_saved_search *s,
                                                 WFT_API_ARGS);
struct wft_api_call *wft_api_delete_saved_search(struct wft_api *api, const char *id,
                                                 WFT_API_ARGS);

/* Request bodies, exposed for tests: a new JSON string (free it). */
enum wft_search_body {
	WFT_SEARCH_ENTITIES,  /* SortableSearchRequest: query, sort, offset, limit */
	WFT_SEARCH_FACET,     /* FacetSearchRequestContainer: query, facetQuery..., offset, limit */
	WFT_SEARCH_FACETS,    /* FacetsSearchRequestContainer: facets, query, facetQuery..., limit */
};
char *wft_api_search_body(const struct wft_search_request *rq, enum wft_search_body kind,
                          const char *const *facets, size_t n_facets);
char *wft_api_account_body(const struct wft_service_account *a);
char *wft_api_saved_search_body(const struct wft_saved_search *s);

#endif
