/* sacheck.h: what the service accepts in a service account's fields (checked
 * before any request), and the permission boxes of the web UI (doc/api.md 3.3). */
#ifndef WFT_SACHECK_H
#define WFT_SACHECK_H

#include <stddef.h>

#include "error.h"

#define SA_PREFIX "sa::"
#define SA_ID_MAX 256            /* whole identifier, prefix included, bytes */
#define SA_TOKEN_NAME_MAX 512    /* bytes */
#define SA_DESCRIPTION_MAX 4096  /* bytes */

/* name is what follows "sa::" (a typed or pasted "sa::", in any case, is
 * taken as the prefix). WFT_ERR_INVALID with a sentence for a person when
 * it is empty, too long, or holds a character other than letters, digits
 * and . _ - @ +. Upper case is allowed: the service stores ids lower-cased. */
enum wft_status sa_check_name(const char *name, struct wft_error *err);
/* The identifier the service will store for name: "sa::" and the name in
 * lower case, into out (outsz bytes, SA_ID_MAX + 1 is enough); the checks
 * of sa_check_name, and WFT_ERR_INVALID when out is too small. */
enum wft_status sa_identifier(const char *name, char *out, size_t outsz, struct wft_error *err);
/* A token name: at most SA_TOKEN_NAME_MAX bytes of valid UTF-8 without
 * control characters (empty is allowed). */
enum wft_status sa_check_token_name(const char *name, struct wft_error *err);
enum wft_status sa_check_description(const char *text, struct wft_error *err);

/* The permission check boxes, in the web UI's order. */
struct sa_permission {
	const char *label;       /* "Direct Data Ingestion" */
	const char *id;          /* "ingestion" */
};
extern const struct sa_permission sa_permissions[];
extern const size_t sa_n_permissions;
/* The label of a permission id, or NULL when the UI has no box for it. */
const char *sa_permission_label(const char *id);

#endif
