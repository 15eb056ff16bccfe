/* csp_dec.h: reading the answers of the VMware Cloud services API into the
 * records of csp_api.h, for csp_api.c. Every function fills d->err and
 * returns its code when a field is missing, of the wrong type or out of
 * memory; what it fills is the caller's to free, also on failure. */
#ifndef WFT_CSP_DEC_H
#define WFT_CSP_DEC_H

#include <json-c/json.h>
#include <stddef.h>

#include "csp_api.h"
#include "error.h"

struct csp_dec {
	const char *what;               /* "the token details", named in errors */
	struct wft_error *err;
};

/* WFT_ERR_PARSE: "WHAT: FIELD WHY". */
enum wft_status csp_dec_bad(struct csp_dec *d, const char *field, const char *why);
enum wft_status csp_dec_nomem(struct csp_dec *d);
/* The member key of o; NULL when absent or null. */
json_object *csp_dec_field(json_object *o, const char *key);
/* A string member, copied; absent or null leaves *out NULL. */
enum wft_status csp_dec_str(struct csp_dec *d, json_object *o, const char *key, char **out);
/* A secret string member, which must be there: copied, noted (mask.h),
 * json-c's copy wiped. */
enum wft_status csp_dec_secret(struct csp_dec *d, json_object *o, const char *key, char **out);
/* Parses body (one JSON object, at most 64 MiB) into *root, which the
 * caller puts. */
enum wft_status csp_dec_object(struct csp_dec *d, const char *body, size_t len,
                               json_object **root);
enum wft_status csp_dec_details(struct csp_dec *d, json_object *o, struct csp_token_details *t);
enum wft_status csp_dec_app(struct csp_dec *d, json_object *o, struct csp_oauth_app *a);
/* One page of apps: appends its results to l (*got of them), and copies its
 * nextLink (NULL at the end). */
enum wft_status csp_dec_app_page(struct csp_dec *d, const char *body, size_t len,
                                 struct csp_oauth_app_list *l, size_t *got, char **next);

#endif
