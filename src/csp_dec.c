/* csp_dec.c: reading the answers of the VMware Cloud services API
 * (csp_dec.h) into the records of csp_api.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csp_dec.h"
#include "mask.h"

#define MAX_DEPTH 32
#define MAX_BODY ((size_t)64 << 20)


enum wft_status csp_dec_bad(struct csp_dec *d, const char *field, const char *why)
{
	return wft_error_set(d->err, WFT_ERR_PARSE, "%s: %s %s", d->what, field, why);
}

enum wft_status csp_dec_nomem(struct csp_dec *d)
{
	return wft_error_set(d->err, WFT_ERR_NOMEM, "out of memory");
}

json_object *csp_dec_field(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null))
		return NULL;
	return v;
}

/* A string field, copied; absent or null leaves *out NULL. */
enum wft_status csp_dec_str(struct csp_dec *d, json_object *o, const char *key, char **out)
{
	json_object *v = csp_dec_field(o, key);

	*out = NULL;
	if (!v)
		return WFT_OK;
	if (!json_object_is_type(v, json_type_string))
		return csp_dec_bad(d, key, "is not a string");
	if (!(*out = strdup(json_object_get_string(v))))
		return csp_dec_nomem(d);
	return WFT_OK;
}

/* A secret string field, copied, with json-c's copy wiped. */
enum wft_status csp_dec_secret(struct csp_dec *d, json_object *o, const char *key, char **out)
{
	json_object *v = csp_dec_field(o, key);
	char *s;

	*out = NULL;
	if (!v || !json_object_is_type(v, json_type_string) || !json_object_get_string_len(v))
		return csp_dec_bad(d, key, "is missing");
	s = (char *)json_object_get_string(v);
	*out = strdup(s);
	wft_wipe(s, (size_t)json_object_get_string_len(v));
	if (!*out)
		return csp_dec_nomem(d);
	wft_secret_note(*out);
	return WFT_OK;
}

static enum wft_status get_int(struct csp_dec *d, json_object *o, const char *key, int64_t *out)
{
	json_object *v = csp_dec_field(o, key);

	*out = 0;
	if (!v)
		return WFT_OK;
	if (json_object_is_type(v, json_type_int)) {
		*out = json_object_get_int64(v);
		return WFT_OK;
	}
	if (json_object_is_type(v, json_type_double)) {
		double x = json_object_get_double(v);
		if (x > -9.2e18 && x < 9.2e18) {
			*out = (int64_t)x;
			return WFT_OK;
		}
	}
	return csp_dec_bad(d, key, "is not a number");
}

static enum wft_status get_time(struct csp_dec *d, json_object *o, const char *key, wft_millis *out)
{
	int64_t v;
	enum wft_status st = get_int(d, o, key, &v);

	*out = st ? 0 : csp_api_time_ms(v);
	return st;
}

/* Reads one item of a list into item (zeroed). */
typedef enum wft_status (*item_fn)(struct csp_dec *d, const char *key, json_object *e,
                                   void *item);

/* The list member key of o, each entry read by fn into an array of items
 * of size item: *out (NULL when the list is absent or empty) and *n. */
static enum wft_status get_list(struct csp_dec *d, json_object *o, const char *key, size_t item,
                                item_fn fn, void **out, size_t *n)
{
	json_object *v = csp_dec_field(o, key);
	enum wft_status st;
	size_t len;
	char *items;

	*out = NULL;
	*n = 0;
	if (!v)
		return WFT_OK;
	if (!json_object_is_type(v, json_type_array))
		return csp_dec_bad(d, key, "is not a list");
	if (!(len = json_object_array_length(v)))
		return WFT_OK;
	if (!(items = calloc(len, item)))
		return csp_dec_nomem(d);
	*out = items;
	for (size_t i = 0; i < len; i++)
		if ((st = fn(d, key, json_object_array_get_idx(v, i), items + (*n)++ * item)))
			return st;
	return WFT_OK;
}

static enum wft_status str_item(struct csp_dec *d, const char *key, json_object *e, void *item)
{
	char **s = item;

	if (!json_object_is_type(e, json_type_string))
		return csp_dec_bad(d, key, "holds something that is not a string");
	if (!(*s = strdup(json_object_get_string(e))))
		return csp_dec_nomem(d);
	return WFT_OK;
}

static enum wft_status get_strv(struct csp_dec *d, json_object *o, const char *key, char ***out,
                                size_t *n)
{
	void *items;
	enum wft_status st = get_list(d, o, key, sizeof **out, str_item, &items, n);

	*out = items;
	return st;
}

static enum wft_status role_item(struct csp_dec *d, const char *key, json_object *e, void *item)
{
	struct csp_role *r = item;
	enum wft_status st;

	if (!json_object_is_type(e, json_type_object))
		return csp_dec_bad(d, key, "holds something that is not a role");
	if ((st = csp_dec_str(d, e, "name", &r->name)) ||
	    (st = csp_dec_str(d, e, "resource", &r->resource)))
		return st;
	if (!r->name)
		return csp_dec_bad(d, key, "holds a role without a name");
	return WFT_OK;
}

static enum wft_status get_roles(struct csp_dec *d, json_object *o, const char *key,
                                 struct csp_role **out, size_t *n)
{
	void *items;
	enum wft_status st = get_list(d, o, key, sizeof **out, role_item, &items, n);

	*out = items;
	return st;
}

static enum wft_status service_item(struct csp_dec *d, const char *key, json_object *e,
                                    void *item)
{
	struct csp_service_scope *ss = item;
	enum wft_status st;

	if (!json_object_is_type(e, json_type_object))
		return csp_dec_bad(d, key, "holds something that is not an object");
	if ((st = csp_dec_str(d, e, "serviceDefinitionId", &ss->service_id)))
		return st;
	return get_roles(d, e, "roles", &ss->roles, &ss->n_roles);
}

static enum wft_status get_scopes(struct csp_dec *d, json_object *o, const char *key,
                                  struct csp_scopes *s)
{
	json_object *v = csp_dec_field(o, key), *org;
	enum wft_status st;
	void *items;

	memset(s, 0, sizeof *s);
	if (!v)
		return WFT_OK;
	if (!json_object_is_type(v, json_type_object))
		return csp_dec_bad(d, key, "is not an object");
	if ((org = csp_dec_field(v, "organizationScopes"))) {
		if (!json_object_is_type(org, json_type_object))
			return csp_dec_bad(d, "organizationScopes", "is not an object");
		if ((st = get_roles(d, org, "roles", &s->org_roles, &s->n_org_roles)))
			return st;
	}
	if ((st = get_strv(d, v, "generalScopes", &s->general, &s->n_general)))
		return st;
	st = get_list(d, v, "servicesScopes", sizeof *s->services, service_item, &items,
	              &s->n_services);
	s->services = items;
	return st;
}

/* Parses body into an object; *root is put by the caller. */
enum wft_status csp_dec_object(struct csp_dec *d, const char *body, size_t len,
                                    json_object **root)
{
	json_tokener *tok;

	*root = NULL;
	if (!body || !len)
		return wft_error_set(d->err, WFT_ERR_PARSE, "%s: the answer is empty", d->what);
	if (len > MAX_BODY)
		return wft_error_set(d->err, WFT_ERR_PARSE, "%s: the answer is too large", d->what);
	if (!(tok = json_tokener_new_ex(MAX_DEPTH)))
		return csp_dec_nomem(d);
	*root = json_tokener_parse_ex(tok, body, (int)len);
	if (*root && json_tokener_get_parse_end(tok) < len) {
		/* Only white space may follow the value. */
		for (size_t i = json_tokener_get_parse_end(tok); i < len; i++)
			if (!strchr(" \t\r\n", body[i])) {
				json_object_put(*root);
				*root = NULL;
				break;
			}
	}
	json_tokener_free(tok);
	if (!*root || !json_object_is_type(*root, json_type_object))
		return wft_error_set(d->err, WFT_ERR_PARSE, "%s: the answer is not a JSON object",
		                     d->what);
	return WFT_OK;
}

enum wft_status csp_dec_details(struct csp_dec *d, json_object *o, struct csp_token_details *t)
{
	json_object *sc = csp_dec_field(o, "scope"), *v;
	enum wft_status st;

	if ((st = csp_dec_str(d, o, "tokenId", &t->token_id)) ||
	    (st = csp_dec_str(d, o, "tokenName", &t->token_name)) ||
	    (st = csp_dec_str(d, o, "orgId", &t->org_id)) ||
	    (st = csp_dec_str(d, o, "userId", &t->user_id)) ||
	    (st = csp_dec_str(d, o, "username", &t->username)) ||
	    (st = get_time(d, o, "createdAt", &t->created_at)) ||
	    (st = get_time(d, o, "expiresAt", &t->expires_at)) ||
	    (st = get_time(d, o, "lastUsedAt", &t->last_used_at)) ||
	    (st = get_scopes(d, o, "allowedScopes", &t->allowed)))
		return st;
	if (sc && json_object_is_type(sc, json_type_string)) {
		/* One string of space-separated scopes. */
		const char *s = json_object_get_string(sc);
		size_t cap = 0;
		for (const char *p = s; *p; p++)
			cap += *p == ' ';
		if (!(t->scope = calloc(cap + 1, sizeof *t->scope)))
			return csp_dec_nomem(d);
		while (*s) {
			size_t n = strcspn(s, " ");
			if (n && !(t->scope[t->n_scope++] = strndup(s, n)))
				return csp_dec_nomem(d);
			s += n;
			while (*s == ' ')
				s++;
		}
	} else if ((st = get_strv(d, o, "scope", &t->scope, &t->n_scope))) {
		return st;
	}
	if ((v = csp_dec_field(o, "deactivated"))) {
		if (!json_object_is_type(v, json_type_boolean))
			return csp_dec_bad(d, "deactivated", "is not true or false");
		t->deactivated = json_object_get_boolean(v);
	}
	if (!t->token_id)
		return csp_dec_bad(d, "tokenId", "is missing");
	return WFT_OK;
}

enum wft_status csp_dec_app(struct csp_dec *d, json_object *o, struct csp_oauth_app *a)
{
	enum wft_status st;
	int64_t ttl;

	if (!json_object_is_type(o, json_type_object))
		return csp_dec_bad(d, "an app", "is not an object");
	if ((st = csp_dec_str(d, o, "id", &a->id)) ||
	    (st = csp_dec_str(d, o, "displayName", &a->display_name)) ||
	    (st = csp_dec_str(d, o, "description", &a->description)) ||
	    (st = csp_dec_str(d, o, "createdBy", &a->created_by)) ||
	    (st = get_int(d, o, "accessTokenTTL", &ttl)) ||
	    (st = get_scopes(d, o, "allowedScopes", &a->allowed)) ||
	    (st = get_strv(d, o, "grantTypes", &a->grant_types, &a->n_grant_types)) ||
	    (st = get_time(d, o, "createdAt", &a->created_at)) ||
	    (st = get_time(d, o, "lastUsedAt", &a->last_used_at)) ||
	    (st = get_int(d, o, "secretAge", &a->secret_age)))
		return st;
	if (!a->id || !*a->id)
		return csp_dec_bad(d, "id", "is missing");
	a->access_token_ttl = ttl < 0 || ttl > 100000000 ? 0 : (long)ttl;
	return WFT_OK;
}

/* One page of apps: appends its results to l, and copies its nextLink
 * (NULL at the end). */
enum wft_status csp_dec_app_page(struct csp_dec *d, const char *body, size_t len,
                                    struct csp_oauth_app_list *l, size_t *got, char **next)
{
	json_object *root, *res;
	enum wft_status st;
	size_t n;

	*got = 0;
	*next = NULL;
	if ((st = csp_dec_object(d, body, len, &root)))
		return st;
	res = csp_dec_field(root, "results");
	if (res && !json_object_is_type(res, json_type_array)) {
		st = csp_dec_bad(d, "results", "is not a list");
		goto out;
	}
	n = res ? json_object_array_length(res) : 0;
	if (n) {
		struct csp_oauth_app *p = realloc(l->items, (l->n + n) * sizeof *p);
		if (!p) {
			st = csp_dec_nomem(d);
			goto out;
		}
		l->items = p;
		for (size_t i = 0; i < n; i++) {
			memset(&l->items[l->n], 0, sizeof l->items[l->n]);
			st = csp_dec_app(d, json_object_array_get_idx(res, i), &l->items[l->n]);
			l->n++;
			if (st)
				goto out;
		}
	}
	*got = n;
	st = csp_dec_str(d, root, "nextLink", next);
	if (st == WFT_OK && *next && !**next) {
		free(*next);
		*next = NULL;
	}
out:
	json_object_put(root);
	return st;
}
