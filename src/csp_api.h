/* csp_api.h: the VMware Cloud services (CSP) administration endpoints the
 * console uses (doc/csp.md): your API token's details, a new API token for
 * yourself, the organisation's token governance (deactivate, activate) and
 * the server-to-server OAuth apps. Asynchronous over the HTTP engine, signed
 * in through auth (the bearer is the CSP access token), decoded into the
 * records below. Paths are under CSP_API_BASE of the CSP URL. */
#ifndef WFT_CSP_API_H
#define WFT_CSP_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth.h"
#include "error.h"
#include "http.h"
#include "model.h"

#define CSP_API_BASE "/csp/gateway/am/api"
/* Most ids one deactivate, activate or delete request may carry; longer
 * lists are sent in batches of this size. */
#define CSP_API_BATCH_MAX 15
/* Most apps one "add to the organisation" request may carry. */
#define CSP_API_CLIENTS_BATCH_MAX 10

/* ---- records ---- */

struct csp_role {
	char *name;
	char *resource;                 /* NULL when none */
};

struct csp_service_scope {
	char *service_id;               /* serviceDefinitionId */
	struct csp_role *roles;
	size_t n_roles;
};

/* allowedScopes: the roles a token or an app may carry. */
struct csp_scopes {
	struct csp_role *org_roles;     /* organizationScopes.roles */
	size_t n_org_roles;
	struct csp_service_scope *services;  /* servicesScopes */
	size_t n_services;
	char **general;                 /* generalScopes */
	size_t n_general;
};

/* Times are epoch milliseconds (answers in seconds are converted, judged
 * by magnitude); 0 when the answer has none (last use: never used). */
struct csp_token_details {
	char *token_id, *token_name, *org_id, *user_id, *username;
	wft_millis created_at, expires_at, last_used_at;
	char **scope;                   /* "scope": a list, or one string split at spaces */
	size_t n_scope;
	struct csp_scopes allowed;
	bool deactivated;
};

struct csp_oauth_app {
	char *id, *display_name, *description, *created_by;
	long access_token_ttl;          /* seconds */
	struct csp_scopes allowed;
	char **grant_types;
	size_t n_grant_types;
	wft_millis created_at, last_used_at;
	int64_t secret_age;             /* as the server sends it (doc/csp.md) */
};

struct csp_oauth_app_list {
	struct csp_oauth_app *items;
	size_t n;
};

/* A client id and its secret, as a create or a regeneration hands them over
 * once. client_secret is noted as a secret (mask.h) while it is held: free
 * it with csp_api_secret_clear, which forgets and wipes it. */
struct csp_app_secret {
	char *client_id;
	char *client_secret;
};

struct csp_failure {
	char *id;
	char *message;                  /* the server's words, cleaned; may be "" */
};

/* The outcome of a batched change, id by id. successes and failures are
 * what the server answered. When a request fails as a whole the batching
 * stops: its ids go to failures (a clear refusal, the refusal's words as
 * message) or to unconfirmed (no answer, or one that cannot be read: the
 * server state is unknown), the ids of later batches to unsent, and the
 * call's err says why. */
struct csp_batch {
	char **successes;
	size_t n_successes;
	struct csp_failure *failures;
	size_t n_failures;
	char **unconfirmed;
	size_t n_unconfirmed;
	char **unsent;
	size_t n_unsent;
	unsigned requests;              /* how many requests were sent */
};

/* What a call hands back: only the member its endpoint names is filled.
 * Everything is freed when the callback returns: move out what you keep
 * (copy the member and zero it in res). */
struct csp_api_result {
	struct wft_error err;           /* err.code == WFT_OK on success */
	const char *label;              /* "POST /orgs/{orgId}/api-tokens/deactivate" */
	struct csp_token_details details;
	char *api_token;                /* a new CSP API token: a secret, noted;
	                                 * free with csp_api_token_free */
	struct csp_oauth_app app;
	struct csp_oauth_app_list apps;
	struct csp_app_secret secret;
	struct csp_batch batch;
};

void csp_role_list_free(struct csp_role *roles, size_t n);
void csp_scopes_clear(struct csp_scopes *s);
void csp_token_details_clear(struct csp_token_details *d);
void csp_oauth_app_clear(struct csp_oauth_app *a);
void csp_oauth_app_list_clear(struct csp_oauth_app_list *l);
void csp_api_secret_clear(struct csp_app_secret *s);
/* Forgets the note of a new API token and wipes and frees it. */
void csp_api_token_free(char *api_token);
void csp_batch_clear(struct csp_batch *b);
void csp_api_result_clear(struct csp_api_result *r);

/* A time from an answer in epoch ms: values below 10^11 are taken as
 * seconds (10^11 s is in the year 5138, 10^11 ms in 1973). 0 stays 0. */
wft_millis csp_api_time_ms(int64_t v);

/* ---- the client ---- */

struct csp_api;
struct csp_api_call;   /* valid until its callback has run */

typedef void (*csp_api_done_fn)(void *ud, struct csp_api_result *res);

/* csp_url is the CSP host ("https://console.cloud.vmware.com"), the one auth
 * signs in at; http and auth are borrowed and must outlive the client. */
enum wft_status csp_api_new(struct csp_api **out, const char *csp_url, struct wft_http *http,
                            struct wft_auth *auth, struct wft_error *err);
/* --dry-run: from now on no change is sent (a read and the details call
 * still are); each change ends with WFT_ERR_DRY_RUN, its message the
 * request it would have made. A batched change stops at its first batch:
 * that batch's ids are failures (that message), the rest unsent. */
void csp_api_set_dry_run(struct csp_api *api, bool on);
/* Cancels every call (their callbacks run with WFT_ERR_CANCELLED). */
void csp_api_free(struct csp_api *api);
void csp_api_cancel(struct csp_api *api, struct csp_api_call *call);
/* Runs the engine until call has finished. */
enum wft_status csp_api_wait(struct csp_api *api, struct csp_api_call *call,
                             struct wft_error *err);
size_t csp_api_pending(const struct csp_api *api);

/* Every call returns NULL and fills err when it cannot start (then the
 * callback never runs); otherwise the callback runs exactly once. */
#define CSP_API_ARGS csp_api_done_fn done, void *ud, struct wft_error *err

/* POST /auth/api-tokens/details {"tokenValue"}: fills details. The token
 * value is a secret: it is noted for the call's life and wiped. */
struct csp_api_call *csp_api_token_details(struct csp_api *api, const char *token_value,
                                           CSP_API_ARGS);

struct csp_token_request {
	const char *name;                 /* tokenName */
	const struct csp_scopes *scopes;  /* allowedScopes (roles by name) */
	long ttl_s;                       /* refreshTokenTTL, seconds; > 0 */
	const char *id_token;             /* idToken; NULL = not sent */
	bool notify_before_expiry;
};
/* POST /loggedin/user/api-tokens: fills api_token (shown once). */
struct csp_api_call *csp_api_generate_token(struct csp_api *api,
                                            const struct csp_token_request *rq,
                                            CSP_API_ARGS);

/* POST /orgs/{orgId}/api-tokens/deactivate or /activate, in batches of
 * CSP_API_BATCH_MAX, one after the other: fills batch. */
struct csp_api_call *csp_api_deactivate_tokens(struct csp_api *api, const char *org_id,
                                               const char *const *ids, size_t n,
                                               CSP_API_ARGS);
struct csp_api_call *csp_api_activate_tokens(struct csp_api *api, const char *org_id,
                                             const char *const *ids, size_t n,
                                             CSP_API_ARGS);

/* GET /orgs/{orgId}/oauth-apps, read to its end by following nextLink:
 * fills apps. page_limit 0 = 100; search NULL or "" = every app. */
struct csp_api_call *csp_api_oauth_apps(struct csp_api *api, const char *org_id,
                                        const char *search, long page_limit, CSP_API_ARGS);
/* GET /orgs/{orgId}/oauth-apps/{id}: fills app. */
struct csp_api_call *csp_api_oauth_app(struct csp_api *api, const char *org_id,
                                       const char *app_id, CSP_API_ARGS);

struct csp_app_request {
	const char *display_name;
	const char *description;
	long access_token_ttl;            /* seconds; 0 = not sent (modify) */
	const struct csp_scopes *scopes;  /* create only; NULL = none */
};
/* POST /orgs/{orgId}/oauth-apps with grantTypes ["client_credentials"]:
 * fills secret (shown once). */
struct csp_api_call *csp_api_create_oauth_app(struct csp_api *api, const char *org_id,
                                              const struct csp_app_request *rq,
                                              CSP_API_ARGS);
/* PATCH /orgs/{orgId}/oauth-apps/{id}, sending only what rq sets (NULL
 * strings and a 0 TTL are left as they are): fills app when the answer
 * holds one. */
struct csp_api_call *csp_api_modify_oauth_app(struct csp_api *api, const char *org_id,
                                              const char *app_id,
                                              const struct csp_app_request *rq,
                                              CSP_API_ARGS);
/* PUT /orgs/{orgId}/oauth-apps/{id}/secret {}: fills secret. The old
 * secret stops working: scripts that use it break. */
struct csp_api_call *csp_api_regenerate_secret(struct csp_api *api, const char *org_id,
                                               const char *app_id, CSP_API_ARGS);
/* DELETE /orgs/{orgId}/oauth-apps {"clientIdsToDelete"}, in batches of
 * CSP_API_BATCH_MAX: fills batch. */
struct csp_api_call *csp_api_delete_oauth_apps(struct csp_api *api, const char *org_id,
                                               const char *const *ids, size_t n,
                                               CSP_API_ARGS);

struct csp_service_roles {
	const char *service_id;           /* serviceDefinitionId */
	const char *const *role_names;    /* serviceRoleNames */
	size_t n_role_names;
};
struct csp_clients_request {
	const char *const *ids;           /* app (client) ids */
	size_t n_ids;
	const char *const *org_roles;     /* organizationRoles[{name}] */
	size_t n_org_roles;
	const struct csp_service_roles *service_roles;
	size_t n_service_roles;
};
/* POST /orgs/{orgId}/clients, in batches of CSP_API_CLIENTS_BATCH_MAX:
 * fills batch (an id the answer does not name among its failures is a
 * success). */
struct csp_api_call *csp_api_add_clients(struct csp_api *api, const char *org_id,
                                         const struct csp_clients_request *rq,
                                         CSP_API_ARGS);

/* Request bodies, exposed for tests: a new JSON string (free it). */
char *csp_api_token_request_body(const struct csp_token_request *rq);
char *csp_api_app_request_body(const struct csp_app_request *rq, bool create);

/* Decoders, exposed for tests and fuzzing. */
enum wft_status csp_api_decode_details(const char *body, size_t len,
                                       struct csp_token_details *out, struct wft_error *err);
enum wft_status csp_api_decode_app(const char *body, size_t len, struct csp_oauth_app *out,
                                   struct wft_error *err);

#endif
