/* body.h: decoding of request bodies (JSON and url-encoded forms) into plain
 * structs with checked types and bounded lengths; strings are borrowed. */
#ifndef WFT_SANDBOX_BODY_H
#define WFT_SANDBOX_BODY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#define BODY_MAX_BYTES (1024 * 1024)   /* larger bodies answer 413 */
#define BODY_MAX_TERMS 64
#define BODY_MAX_VALUES 32
#define BODY_MAX_LIST 64
#define BODY_MAX_NAME 512              /* token and search names, in bytes */
#define BODY_MAX_TEXT 4096             /* descriptions, search values */

/* A message for the person who sent the body; never holds a secret. */
struct body_err {
	char msg[200];
};

/* Parses JSON (strict, valid UTF-8, no NUL, depth-limited). An empty or
 * all-blank body gives *out = NULL and success. */
int body_parse_json(const char *body, size_t len, json_object **out,
                    struct body_err *err);

/* Field readers: 0 = found and valid, 1 = absent (or null), -1 = bad type
 * or too long (err filled). */
int body_get_string(json_object *o, const char *key, size_t maxlen,
                    const char **out, struct body_err *err);
int body_get_bool(json_object *o, const char *key, bool *out, struct body_err *err);
int body_get_int(json_object *o, const char *key, int64_t min, int64_t max,
                 int64_t *out, struct body_err *err);
/* A list of ids: strings, or objects carrying an "id" string (as read
 * models return them). Returns the count, or -1. */
int body_get_id_list(json_object *arr, const char *what, const char **out,
                     int max, struct body_err *err);

/* PUT rename bodies (T3, T7) and the revoke body (T11). */
struct body_token {
	const char *token_id;   /* tokenID, or its synonym id */
	const char *token_name; /* NULL when absent */
};
int body_token(json_object *o, struct body_token *t, struct body_err *err);

/* ServiceAccountWrite; a count of -1 means the field was absent. */
struct body_sa_write {
	const char *identifier;
	int active;                 /* -1 absent, else 0/1 */
	const char *description;    /* NULL when absent */
	const char *perms[BODY_MAX_LIST];  int n_perms;
	const char *roles[BODY_MAX_LIST];  int n_roles;
	const char *groups[BODY_MAX_LIST]; int n_groups;
	const char *tokens[BODY_MAX_LIST]; int n_tokens;
};
int body_sa_write(json_object *o, struct body_sa_write *w, struct body_err *err);

/* The official SearchQuery matchingMethod enum. TAGPATH matches a value
 * and everything under it in a dotted hierarchy ("a.b" matches "a.b" and
 * "a.b.c"). */
enum body_match { MATCH_CONTAINS, MATCH_STARTSWITH, MATCH_EXACT, MATCH_TAGPATH };

struct body_term {
	const char *key;
	const char *values[BODY_MAX_VALUES];
	unsigned n_values;
	enum body_match method;
	bool negated;
	bool has_start, has_end;
	int64_t start, end;
};

/* SortableSearchRequest, FacetSearchRequestContainer and
 * FacetsSearchRequestContainer in one. */
struct body_search {
	struct body_term terms[BODY_MAX_TERMS];
	unsigned n_terms;
	bool has_sort, sort_ascending, sort_default;
	const char *sort_field;
	int64_t offset, limit;      /* limit already clamped to 0..1000 */
	const char *facet_query;
	enum body_match facet_method;
	const char *facets[BODY_MAX_LIST];
	unsigned n_facets;
};
/* Which request model a body must be. Each names its own fields, and a
 * field it does not have is refused, as production refuses an unknown
 * field (a "cursor", or a "sort" in a facet request, is not ignored). */
enum body_search_kind {
	BODY_SEARCH_SORTABLE,   /* SortableSearchRequest: query, sort, offset, limit */
	BODY_SEARCH_FACET,      /* FacetSearchRequestContainer: query, facetQuery,
	                         * facetQueryMatchingMethod, offset, limit */
	BODY_SEARCH_FACETS,     /* FacetsSearchRequestContainer: facets, query,
	                         * facetQuery, facetQueryMatchingMethod, limit */
};
/* An absent body (o == NULL) is an empty search. A present limit must be
 * at least 1. */
int body_search(json_object *o, enum body_search_kind kind, struct body_search *s,
                struct body_err *err);

/* SavedSearch: entityType and the query map (kept as JSON text). */
struct body_saved {
	const char *entity_type;
	char *query_json;           /* owned: free() it */
};
int body_saved(json_object *o, struct body_saved *s, struct body_err *err);

/* A JSON array of strings (POST account/deleteAccounts). */
int body_string_list(json_object *o, const char **out, int max, struct body_err *err);

/* Looks up key in an application/x-www-form-urlencoded body and decodes
 * it into out. 1 = found, 0 = absent, -1 = malformed or too long. */
int body_form_get(const char *body, size_t len, const char *key,
                  char *out, size_t outsz);

/* Decodes standard base64 (for Basic auth); -1 if malformed or too long. */
int body_base64_decode(const char *in, char *out, size_t outsz);

/* True if s (n bytes) is valid UTF-8 with no NUL or control character. */
bool body_text_ok(const char *s, size_t n);

#endif
