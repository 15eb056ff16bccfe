/* apimodel.h: the records the client decodes from the service's answers
 * (tokens, service accounts, roles, groups, saved searches, pages, facets). */
#ifndef WFT_APIMODEL_H
#define WFT_APIMODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "model.h"

/* Paging of a search answer (doc/api.md 3.1); zero for unpaged lists. */
struct wft_page {
	long offset, limit, total_items;
	bool more_items;
	char *cursor;          /* NULL when absent */
};

/* One token: UserApiToken (tokenID, tokenName) and ApiTokenModel (id, name)
 * both decode into this. Owned strings; id is a secret, wiped on free. */
struct wft_token {
	char *id;
	char *name;            /* "" when absent */
	char *account;         /* "" when absent */
	char *customer;        /* "" when absent */
	enum wft_account_type account_type;
	wft_millis date_generated, last_used, created; /* 0 when absent/null */
};

struct wft_token_list {
	struct wft_token *items;
	size_t n;
	size_t skipped;        /* items of the answer that could not be read */
	struct wft_page page;
};

struct wft_strv {
	char **items;
	size_t n;
};

struct wft_role {
	char *id, *name, *description;
	struct wft_strv permissions;
};

struct wft_role_list {
	struct wft_role *items;
	size_t n;
	size_t skipped;        /* items of the answer that could not be read */
	struct wft_page page;
};

struct wft_user_group {
	char *id, *name, *description;
	long user_count;
};

struct wft_group_list {
	struct wft_user_group *items;
	size_t n;
	size_t skipped;        /* items of the answer that could not be read */
	struct wft_page page;
};

struct wft_service_account {
	char *identifier;
	bool active;
	char *description;                /* "" when absent */
	struct wft_strv groups;           /* permissions granted directly */
	struct wft_role *roles;
	size_t n_roles;
	struct wft_user_group *user_groups;
	size_t n_user_groups;
	struct wft_token *tokens;
	size_t n_tokens;
	wft_millis last_used;
	struct wft_strv united_permissions;
	struct wft_strv united_roles;
	size_t skipped;                   /* roles, groups, tokens not readable */
};

struct wft_account_list {
	struct wft_service_account *items;
	size_t n;
	size_t skipped;        /* items of the answer that could not be read */
	struct wft_page page;
};

/* A saved search; the query map's first entry is name -> query (doc/api.md 5.6). */
struct wft_saved_search {
	char *id;              /* NULL before creation */
	char *entity_type;     /* "TOKEN" */
	char *name;
	char *query;           /* the JSON string of the search */
	char *user_id, *creator_id, *updater_id;
	wft_millis created, updated;
};

struct wft_saved_search_list {
	struct wft_saved_search *items;
	size_t n;
	size_t skipped;        /* items of the answer that could not be read */
	struct wft_page page;
};

/* /search/token/facets: each facet name with its values. */
struct wft_facet {
	char *name;
	struct wft_strv values;
};

struct wft_facets {
	struct wft_facet *items;
	size_t n;
};

void wft_page_clear(struct wft_page *p);
void wft_token_clear(struct wft_token *t);

/* Staleness, for naming the tokens to revoke first. A token's last sign of
 * life is its last use, or, never used, its generation (unknown counts as
 * the oldest). wft_tokens_stalest writes to idx (room for max) the indexes
 * of t ranked stalest first, leaving out tokens alive within the last day
 * (one generated today is never stale), and returns how many it wrote. */
wft_millis wft_token_last_activity(const struct wft_token *t);
size_t wft_tokens_stalest(const struct wft_token *t, size_t n, wft_millis now, size_t *idx,
                          size_t max);
/* A token's last sign of life in words: "used 3 days ago", "never used,
 * generated 2 months ago". */
void wft_token_activity_text(const struct wft_token *t, wft_millis now, char *out, size_t outsz);
/* The (at most 3) stalest tokens of t, as "****-...-abcd (never used,
 * generated ...), ..." ("" when none is stale). */
void wft_tokens_stalest_text(const struct wft_token *t, size_t n, wft_millis now, char *out,
                             size_t outsz);
void wft_token_list_clear(struct wft_token_list *l);
void wft_strv_clear(struct wft_strv *v);
void wft_role_clear(struct wft_role *r);
void wft_role_list_clear(struct wft_role_list *l);
void wft_user_group_clear(struct wft_user_group *g);
void wft_group_list_clear(struct wft_group_list *l);
void wft_service_account_clear(struct wft_service_account *a);
void wft_account_list_clear(struct wft_account_list *l);
void wft_saved_search_clear(struct wft_saved_search *s);
void wft_saved_search_list_clear(struct wft_saved_search_list *l);
void wft_facets_clear(struct wft_facets *f);
/* Deep copy; WFT_ERR_NOMEM on failure (dst then cleared). */
enum wft_status wft_token_copy(struct wft_token *dst, const struct wft_token *src);

/* A borrowed view of t as model.h's record. */
void wft_token_view(const struct wft_token *t, struct wft_token_rec *out);

/* Decoders of whole answers (a ResponseContainer; a bare payload is taken
 * too). label names the endpoint in errors: "GET /api/v2/apitoken: field
 * 'tokenName' is not a string". Out-records are cleared first; on error
 * they are left empty. Lists take a JSON array or a Paged object.
 *
 * Lists are decoded per item: an item that cannot be read is left out and
 * counted in the list's skipped (and an account's roles, groups and tokens
 * in its skipped), so one odd record never hides the others. A field of
 * the wrong type is read where the reading is unambiguous: "true" and
 * "false" for a boolean, a string of digits for a number ("" for none),
 * a bare string for a role, group or token (its id: the write model's
 * shape). A NUL in a string becomes U+FFFD. */
enum wft_status wft_decode_token_list(const char *label, const char *body, size_t len,
                                      struct wft_token_list *out, struct wft_error *err);
enum wft_status wft_decode_token(const char *label, const char *body, size_t len,
                                 struct wft_token *out, struct wft_error *err);
enum wft_status wft_decode_account(const char *label, const char *body, size_t len,
                                   struct wft_service_account *out, struct wft_error *err);
enum wft_status wft_decode_account_list(const char *label, const char *body, size_t len,
                                        struct wft_account_list *out, struct wft_error *err);
enum wft_status wft_decode_role_list(const char *label, const char *body, size_t len,
                                     struct wft_role_list *out, struct wft_error *err);
enum wft_status wft_decode_group_list(const char *label, const char *body, size_t len,
                                      struct wft_group_list *out, struct wft_error *err);
enum wft_status wft_decode_saved_search(const char *label, const char *body, size_t len,
                                        struct wft_saved_search *out, struct wft_error *err);
enum wft_status wft_decode_saved_search_list(const char *label, const char *body, size_t len,
                                             struct wft_saved_search_list *out,
                                             struct wft_error *err);
/* /search/X/{facet}: a Paged list of strings. */
enum wft_status wft_decode_facet(const char *label, const char *body, size_t len,
                                 struct wft_strv *out, struct wft_page *page,
                                 struct wft_error *err);
enum wft_status wft_decode_facets(const char *label, const char *body, size_t len,
                                  struct wft_facets *out, struct wft_error *err);

#endif
