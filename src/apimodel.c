/* apimodel.c: decoding answers into records with json-c. Every field is
 * type-checked; a missing or null optional field takes its default. */
#include <ctype.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apimodel.h"
#include "mask.h"
#include "timefmt.h"

#define MAX_FIELD 4096         /* an id, a name, a description */
#define MAX_QUERY 65536        /* a saved search's JSON string */
#define MAX_ITEMS 1000000      /* elements of one array */
#define MAX_DEPTH 32

struct dctx {
	const char *label;
	struct wft_error *err;
};

/* ---- clearing ---- */

static void free_str(char **s)
{
	free(*s);
	*s = NULL;
}

void wft_page_clear(struct wft_page *p)
{
	free(p->cursor);
	memset(p, 0, sizeof *p);
}

void wft_token_clear(struct wft_token *t)
{
	wft_free_secret(t->id);
	free(t->name);
	free(t->account);
	free(t->customer);
	memset(t, 0, sizeof *t);
}

void wft_token_list_clear(struct wft_token_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		wft_token_clear(&l->items[i]);
	free(l->items);
	wft_page_clear(&l->page);
	memset(l, 0, sizeof *l);
}

void wft_strv_clear(struct wft_strv *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->items[i]);
	free(v->items);
	memset(v, 0, sizeof *v);
}

void wft_role_clear(struct wft_role *r)
{
	free_str(&r->id);
	free_str(&r->name);
	free_str(&r->description);
	wft_strv_clear(&r->permissions);
}

void wft_role_list_clear(struct wft_role_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		wft_role_clear(&l->items[i]);
	free(l->items);
	wft_page_clear(&l->page);
	memset(l, 0, sizeof *l);
}

void wft_user_group_clear(struct wft_user_group *g)
{
	free_str(&g->id);
	free_str(&g->name);
	free_str(&g->description);
	g->user_count = 0;
}

void wft_group_list_clear(struct wft_group_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		wft_user_group_clear(&l->items[i]);
	free(l->items);
	wft_page_clear(&l->page);
	memset(l, 0, sizeof *l);
}

void wft_service_account_clear(struct wft_service_account *a)
{
	free(a->identifier);
	free(a->description);
	wft_strv_clear(&a->groups);
	for (size_t i = 0; i < a->n_roles; i++)
		wft_role_clear(&a->roles[i]);
	free(a->roles);
	for (size_t i = 0; i < a->n_user_groups; i++)
		wft_user_group_clear(&a->user_groups[i]);
	free(a->user_groups);
	for (size_t i = 0; i < a->n_tokens; i++)
		wft_token_clear(&a->tokens[i]);
	free(a->tokens);
	wft_strv_clear(&a->united_permissions);
	wft_strv_clear(&a->united_roles);
	memset(a, 0, sizeof *a);
}

void wft_account_list_clear(struct wft_account_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		wft_service_account_clear(&l->items[i]);
	free(l->items);
	wft_page_clear(&l->page);
	memset(l, 0, sizeof *l);
}

void wft_saved_search_clear(struct wft_saved_search *s)
{
	free(s->id);
	free(s->entity_type);
	free(s->name);
	free(s->query);
	free(s->user_id);
	free(s->creator_id);
	free(s->updater_id);
	memset(s, 0, sizeof *s);
}

void wft_saved_search_list_clear(struct wft_saved_search_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		wft_saved_search_clear(&l->items[i]);
	free(l->items);
	wft_page_clear(&l->page);
	memset(l, 0, sizeof *l);
}

void wft_facets_clear(struct wft_facets *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->items[i].name);
		wft_strv_clear(&f->items[i].values);
	}
	free(f->items);
	memset(f, 0, sizeof *f);
}

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

enum wft_status wft_token_copy(struct wft_token *dst, const struct wft_token *src)
{
	*dst = *src;
	dst->id = dup_or_empty(src->id);
	dst->name = dup_or_empty(src->name);
	dst->account = dup_or_empty(src->account);
	dst->customer = dup_or_empty(src->customer);
	if (!dst->id || !dst->name || !dst->account || !dst->customer) {
		wft_token_clear(dst);
		return WFT_ERR_NOMEM;
	}
	return WFT_OK;
}

void wft_token_view(const struct wft_token *t, struct wft_token_rec *out)
{
	out->id = t->id;
	out->name = t->name ? t->name : "";
	out->account = t->account ? t->account : "";
	out->account_type = t->account_type;
	out->date_generated = t->date_generated;
	out->last_used = t->last_used;
}

/* ---- field access ---- */

static enum wft_status bad(struct dctx *c, const char *field, const char *what)
{
	return wft_error_set(c->err, WFT_ERR_PARSE, "%s: field '%s' %s", c->label, field, what);
}

static enum wft_status nomem(struct dctx *c)
{
	return wft_error_set(c->err, WFT_ERR_NOMEM, "%s: out of memory", c->label);
}

static json_object *field(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v))
		return NULL;
	return v; /* NULL for a JSON null too */
}

/* A copy of the n bytes at s with each NUL byte (a \u0000 in the JSON)
 * turned into U+FFFD, so that the string can be handled as C text. */
static char *dup_nul_free(const char *s, size_t n)
{
	size_t nuls = 0, o = 0;
	char *out;

	for (size_t i = 0; i < n; i++)
		nuls += s[i] == '\0';
	if (!(out = malloc(n + 2 * nuls + 1)))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i]) {
			out[o++] = s[i];
		} else {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
		}
	}
	out[o] = '\0';
	return out;
}

/* A string field. Missing or null: an error when required, else "" (or
 * NULL when null_ok). */
static enum wft_status get_str(struct dctx *c, json_object *o, const char *key,
                               char **out, bool required, bool null_ok, size_t max)
{
	json_object *v = field(o, key);
	const char *s;
	size_t n;

	*out = NULL;
	if (!v) {
		if (required)
			return bad(c, key, "is missing");
		if (null_ok)
			return WFT_OK;
		*out = strdup("");
		return *out ? WFT_OK : nomem(c);
	}
	if (!json_object_is_type(v, json_type_string))
		return bad(c, key, "is not a string");
	s = json_object_get_string(v);
	n = (size_t)json_object_get_string_len(v);
	if (n > max)
		return bad(c, key, "is too long");
	if (required && n == 0)
		return bad(c, key, "is empty");
	*out = dup_nul_free(s, n);
	return *out ? WFT_OK : nomem(c);
}

static enum wft_status get_int(struct dctx *c, json_object *o, const char *key,
                               int64_t *out)
{
	json_object *v = field(o, key);

	*out = 0;
	if (!v)
		return WFT_OK;
	if (json_object_is_type(v, json_type_int)) {
		*out = json_object_get_int64(v);
		return WFT_OK;
	}
	if (json_object_is_type(v, json_type_double)) {
		double d = json_object_get_double(v);
		if (isfinite(d) && d == floor(d) && fabs(d) < 9.0e15) {
			*out = (int64_t)d;
			return WFT_OK;
		}
	}
	if (json_object_is_type(v, json_type_string)) {
		/* A number sent as a string of digits; "" is no number. */
		const char *s = json_object_get_string(v);
		size_t n = (size_t)json_object_get_string_len(v), i = s[0] == '-';
		int64_t acc = 0;
		if (n == 0)
			return WFT_OK;
		if (i < n && n - i <= 18) {
			for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
				acc = acc * 10 + (s[i] - '0');
			if (i == n && n > (size_t)(s[0] == '-')) {
				*out = s[0] == '-' ? -acc : acc;
				return WFT_OK;
			}
		}
	}
	return bad(c, key, "is not an integer");
}

static enum wft_status get_long(struct dctx *c, json_object *o, const char *key, long *out)
{
	int64_t v;
	enum wft_status st = get_int(c, o, key, &v);

	*out = (long)v;
	return st;
}

static enum wft_status get_bool(struct dctx *c, json_object *o, const char *key,
                                bool *out, bool dflt)
{
	json_object *v = field(o, key);

	*out = dflt;
	if (!v)
		return WFT_OK;
	if (json_object_is_type(v, json_type_string)) {
		/* "true" and "false" as strings mean what they say. */
		const char *s = json_object_get_string(v);
		if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0) {
			*out = s[0] == 't';
			return WFT_OK;
		}
	}
	if (!json_object_is_type(v, json_type_boolean))
		return bad(c, key, "is not true or false");
	*out = json_object_get_boolean(v);
	return WFT_OK;
}

static enum wft_status get_array(struct dctx *c, json_object *o, const char *key,
                                 json_object **out)
{
	json_object *v = field(o, key);

	*out = NULL;
	if (!v)
		return WFT_OK;
	if (!json_object_is_type(v, json_type_array))
		return bad(c, key, "is not a list");
	if (json_object_array_length(v) > MAX_ITEMS)
		return bad(c, key, "has too many elements");
	*out = v;
	return WFT_OK;
}

static enum wft_status get_strv(struct dctx *c, json_object *o, const char *key,
                                struct wft_strv *out)
{
	json_object *a;
	enum wft_status st = get_array(c, o, key, &a);
	size_t n;

	memset(out, 0, sizeof *out);
	if (st || !a)
		return st;
	n = json_object_array_length(a);
	out->items = calloc(n ? n : 1, sizeof *out->items);
	if (!out->items)
		return nomem(c);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(a, i);
		if (!e)
			continue; /* a null element carries nothing */
		if (!json_object_is_type(e, json_type_string) ||
		    (size_t)json_object_get_string_len(e) > MAX_FIELD)
			return bad(c, key, "holds something other than short strings");
		out->items[out->n] = dup_nul_free(json_object_get_string(e),
		                                  (size_t)json_object_get_string_len(e));
		if (!out->items[out->n])
			return nomem(c);
		out->n++;
	}
	return WFT_OK;
}

static enum wft_status need_object(struct dctx *c, json_object *o, const char *what)
{
	if (!o || !json_object_is_type(o, json_type_object))
		return wft_error_set(c->err, WFT_ERR_PARSE, "%s: %s is not an object",
		                     c->label, what);
	return WFT_OK;
}

/* ---- element decoders ---- */

/* A role, group or token given as a bare string, the write model's shape:
 * that string is its id. WFT_ERR_INVALID when o is not a string (decode it
 * as an object then). */
static enum wft_status bare_id(struct dctx *c, json_object *o, char **id, const char *what)
{
	size_t n;

	if (!o || !json_object_is_type(o, json_type_string))
		return WFT_ERR_INVALID;
	n = (size_t)json_object_get_string_len(o);
	if (n == 0 || n > MAX_FIELD)
		return wft_error_set(c->err, WFT_ERR_PARSE, "%s: %s is an empty or overlong id",
		                     c->label, what);
	*id = dup_nul_free(json_object_get_string(o), n);
	return *id ? WFT_OK : nomem(c);
}

static enum wft_status dec_token(struct dctx *c, json_object *o, void *outp)
{
	struct wft_token *t = outp;
	enum wft_status st;
	char *type = NULL;
	const char *idkey, *namekey;

	if ((st = bare_id(c, o, &t->id, "a token")) != WFT_ERR_INVALID) {
		if (st == WFT_OK && !((t->name = strdup("")) && (t->account = strdup("")) &&
		                      (t->customer = strdup(""))))
			return nomem(c);
		return st;
	}
	if ((st = need_object(c, o, "a token")))
		return st;
	idkey = field(o, "tokenID") ? "tokenID" : "id";
	namekey = field(o, "tokenName") ? "tokenName" : "name";
	if ((st = get_str(c, o, idkey, &t->id, true, false, MAX_FIELD)) ||
	    (st = get_str(c, o, namekey, &t->name, false, false, MAX_FIELD)) ||
	    (st = get_str(c, o, "account", &t->account, false, false, MAX_FIELD)) ||
	    (st = get_str(c, o, "customer", &t->customer, false, false, MAX_FIELD)) ||
	    (st = get_str(c, o, "accountType", &type, false, true, MAX_FIELD)) ||
	    (st = get_int(c, o, "dateGenerated", &t->date_generated)) ||
	    (st = get_int(c, o, "lastUsed", &t->last_used)) ||
	    (st = get_int(c, o, "createdEpochMillis", &t->created))) {
		free(type);
		return st;
	}
	t->account_type = wft_account_type_parse(type);
	free(type);
	if (t->last_used < 0)
		t->last_used = 0;
	return WFT_OK;
}

static enum wft_status dec_role(struct dctx *c, json_object *o, void *outp)
{
	struct wft_role *r = outp;
	enum wft_status st;

	if ((st = bare_id(c, o, &r->id, "a role")) != WFT_ERR_INVALID) {
		if (st == WFT_OK && !((r->name = strdup("")) && (r->description = strdup(""))))
			return nomem(c);
		return st;
	}
	if ((st = need_object(c, o, "a role")))
		return st;
	if ((st = get_str(c, o, "id", &r->id, true, false, MAX_FIELD)) ||
	    (st = get_str(c, o, "name", &r->name, false, false, MAX_FIELD)) ||
	    (st = get_str(c, o, "description", &r->description, false, false, MAX_FIELD)) ||
	    (st = get_strv(c, o, "permissions", &r->permissions)))
		return st;
	return WFT_OK;
}

static enum wft_status dec_group(struct dctx *c, json_object *o, void *outp)
{
	struct wft_user_group *g = outp;
	enum wft_status st;

	if ((st = bare_id(c, o, &g->id, "a user group")) != WFT_ERR_INVALID) {
		if (st == WFT_OK && !((g->name = strdup("")) && (g->description = strdup(""))))
			return nomem(c);
		return st;
	}
	if ((st = need_object(c, o, "a user group")))
		return st;
	if ((st = get_str(c, o, "id", &g->id, true, false, MAX_FIELD)) ||
	    (st = get_str(c, o, "name", &g->name, false, false, MAX_FIELD)) ||
	    (st = get_str(c, o, "description", &g->description, false, false, MAX_FIELD)) ||
	    (st = get_long(c, o, "userCount", &g->user_count)))
		return st;
	return WFT_OK;
}

typedef enum wft_status (*dec_fn)(struct dctx *c, json_object *o, void *out);

/* Decodes a JSON array of objects into a new array of elements of size sz.
 * An element that cannot be read is left out and counted in *skipped. */
static enum wft_status dec_elems(struct dctx *c, json_object *a, size_t sz, dec_fn fn,
                                 void (*clear)(void *), void **items, size_t *n,
                                 size_t *skipped)
{
	size_t len = a ? json_object_array_length(a) : 0;
	char *arr;

	*items = NULL;
	*n = 0;
	if (len > MAX_ITEMS)
		return wft_error_set(c->err, WFT_ERR_PARSE, "%s: too many items", c->label);
	arr = calloc(len ? len : 1, sz);
	if (!arr)
		return nomem(c);
	*items = arr;
	for (size_t i = 0; i < len; i++) {
		enum wft_status st = fn(c, json_object_array_get_idx(a, i), arr + *n * sz);
		if (st) {
			clear(arr + *n * sz);
			memset(arr + *n * sz, 0, sz);
			if (st != WFT_ERR_PARSE)
				return st;
			wft_error_clear(c->err);
			(*skipped)++;
			continue;
		}
		(*n)++;
	}
	return WFT_OK;
}

static void clear_token_v(void *p) { wft_token_clear(p); }
static void clear_role_v(void *p) { wft_role_clear(p); }
static void clear_group_v(void *p) { wft_user_group_clear(p); }

static enum wft_status dec_account(struct dctx *c, json_object *o, void *outp)
{
	struct wft_service_account *a = outp;
	json_object *arr;
	enum wft_status st;

	if ((st = need_object(c, o, "a service account")))
		return st;
	if ((st = get_str(c, o, "identifier", &a->identifier, true, false, MAX_FIELD)) ||
	    (st = get_bool(c, o, "active", &a->active, true)) ||
	    (st = get_str(c, o, "description", &a->description, false, false, MAX_FIELD)) ||
	    (st = get_strv(c, o, "groups", &a->groups)) ||
	    (st = get_int(c, o, "lastUsed", &a->last_used)) ||
	    (st = get_strv(c, o, "unitedPermissions", &a->united_permissions)) ||
	    (st = get_strv(c, o, "unitedRoles", &a->united_roles)))
		return st;
	if ((st = get_array(c, o, "roles", &arr)) ||
	    (st = dec_elems(c, arr, sizeof *a->roles, dec_role, clear_role_v,
	                    (void **)&a->roles, &a->n_roles, &a->skipped)))
		return st;
	if ((st = get_array(c, o, "userGroups", &arr)) ||
	    (st = dec_elems(c, arr, sizeof *a->user_groups, dec_group, clear_group_v,
	                    (void **)&a->user_groups, &a->n_user_groups, &a->skipped)))
		return st;
	if ((st = get_array(c, o, "tokens", &arr)) ||
	    (st = dec_elems(c, arr, sizeof *a->tokens, dec_token, clear_token_v,
	                    (void **)&a->tokens, &a->n_tokens, &a->skipped)))
		return st;
	return WFT_OK;
}

static enum wft_status dec_saved_search(struct dctx *c, json_object *o, void *outp)
{
	struct wft_saved_search *s = outp;
	json_object *q;
	enum wft_status st;

	if ((st = need_object(c, o, "a saved search")))
		return st;
	if ((st = get_str(c, o, "id", &s->id, false, true, MAX_FIELD)) ||
	    (st = get_str(c, o, "entityType", &s->entity_type, false, false, MAX_FIELD)) ||
	    (st = get_str(c, o, "userId", &s->user_id, false, false, MAX_FIELD)) ||
	    (st = get_str(c, o, "creatorId", &s->creator_id, false, false, MAX_FIELD)) ||
	    (st = get_str(c, o, "updaterId", &s->updater_id, false, false, MAX_FIELD)) ||
	    (st = get_int(c, o, "createdEpochMillis", &s->created)) ||
	    (st = get_int(c, o, "updatedEpochMillis", &s->updated)))
		return st;
	q = field(o, "query");
	if (q && !json_object_is_type(q, json_type_object))
		return bad(c, "query", "is not an object");
	if (q) {
		json_object_object_foreach(q, key, val) {
			if (!json_object_is_type(val, json_type_string))
				return bad(c, "query", "holds a value that is not a string");
			if (strlen(key) > MAX_FIELD ||
			    (size_t)json_object_get_string_len(val) > MAX_QUERY)
				return bad(c, "query", "is too long");
			s->name = strdup(key);
			s->query = strdup(json_object_get_string(val));
			if (!s->name || !s->query)
				return nomem(c);
			break;
		}
	}
	if (!s->name)
		s->name = strdup("");
	if (!s->query)
		s->query = strdup("");
	return s->name && s->query ? WFT_OK : nomem(c);
}

/* ---- envelopes ---- */

/* Parses body and finds the payload: the container's "response", or the
 * body itself when it is not a container. *root must be put by the caller. */
static enum wft_status parse_payload(struct dctx *c, const char *body, size_t len,
                                     json_object **root, json_object **payload)
{
	json_tokener *tok;
	enum json_tokener_error je;
	size_t end;
	json_object *status;

	*root = *payload = NULL;
	if (!body || len == 0)
		return wft_error_set(c->err, WFT_ERR_PARSE, "%s: the answer is empty", c->label);
	if (len > (size_t)1 << 30)
		return wft_error_set(c->err, WFT_ERR_PARSE, "%s: the answer is too large", c->label);
	tok = json_tokener_new_ex(MAX_DEPTH);
	if (!tok)
		return nomem(c);
	*root = json_tokener_parse_ex(tok, body, (int)len);
	je = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (je == json_tokener_continue) {
		json_object_put(*root);
		*root = NULL;
		return wft_error_set(c->err, WFT_ERR_PARSE, "%s: the answer was cut short",
		                     c->label);
	}
	if (je != json_tokener_success || !*root) {
		json_object_put(*root);
		*root = NULL;
		return wft_error_set(c->err, WFT_ERR_PARSE, "%s: the answer is not JSON (%s)",
		                     c->label, json_tokener_error_desc(je));
	}
	for (; end < len; end++)
		if (!isspace((unsigned char)body[end]))
			return wft_error_set(c->err, WFT_ERR_PARSE,
			                     "%s: the answer has garbage after its JSON", c->label);
	if (json_object_is_type(*root, json_type_object) &&
	    json_object_object_get_ex(*root, "status", &status) &&
	    !json_object_object_get_ex(*root, "response", NULL))
		return wft_error_set(c->err, WFT_ERR_PARSE, "%s: the answer has no response",
		                     c->label);
	if (json_object_is_type(*root, json_type_object) &&
	    json_object_object_get_ex(*root, "response", payload)) {
		if (!*payload)
			return wft_error_set(c->err, WFT_ERR_PARSE, "%s: the response is null",
			                     c->label);
	} else {
		*payload = *root;
	}
	return WFT_OK;
}

static enum wft_status dec_page(struct dctx *c, json_object *o, struct wft_page *p)
{
	enum wft_status st;

	if ((st = get_long(c, o, "offset", &p->offset)) ||
	    (st = get_long(c, o, "limit", &p->limit)) ||
	    (st = get_long(c, o, "totalItems", &p->total_items)) ||
	    (st = get_bool(c, o, "moreItems", &p->more_items, false)) ||
	    (st = get_str(c, o, "cursor", &p->cursor, false, true, MAX_FIELD)))
		return st;
	return WFT_OK;
}

/* A list payload: a bare array, or a Paged object with items. */
static enum wft_status dec_list(struct dctx *c, const char *body, size_t len, size_t sz,
                                dec_fn fn, void (*clear)(void *), void **items,
                                size_t *n, size_t *skipped, struct wft_page *page)
{
	json_object *root, *payload, *arr = NULL;
	enum wft_status st = parse_payload(c, body, len, &root, &payload);

	if (st == WFT_OK) {
		if (json_object_is_type(payload, json_type_array)) {
			arr = payload;
		} else if (json_object_is_type(payload, json_type_object)) {
			st = get_array(c, payload, "items", &arr);
			if (st == WFT_OK)
				st = dec_page(c, payload, page);
		} else {
			st = wft_error_set(c->err, WFT_ERR_PARSE, "%s: the response is not a list",
			                   c->label);
		}
	}
	if (st == WFT_OK)
		st = dec_elems(c, arr, sz, fn, clear, items, n, skipped);
	json_object_put(root);
	return st;
}

static enum wft_status dec_one(struct dctx *c, const char *body, size_t len,
                               dec_fn fn, void *out)
{
	json_object *root, *payload;
	enum wft_status st = parse_payload(c, body, len, &root, &payload);

	if (st == WFT_OK)
		st = fn(c, payload, out);
	json_object_put(root);
	return st;
}

/* ---- public decoders ---- */

enum wft_status wft_decode_token_list(const char *label, const char *body, size_t len,
                                      struct wft_token_list *out, struct wft_error *err)
{
	struct dctx c = { label, err };
	enum wft_status st;

	memset(out, 0, sizeof *out);
	st = dec_list(&c, body, len, sizeof *out->items, dec_token, clear_token_v,
	              (void **)&out->items, &out->n, &out->skipped, &out->page);
	if (st)
		wft_token_list_clear(out);
	return st;
}

enum wft_status wft_decode_token(const char *label, const char *body, size_t len,
                                 struct wft_token *out, struct wft_error *err)
{
	struct dctx c = { label, err };
	enum wft_status st;

	memset(out, 0, sizeof *out);
	st = dec_one(&c, body, len, dec_token, out);
	if (st)
		wft_token_clear(out);
	return st;
}

enum wft_status wft_decode_account(const char *label, const char *body, size_t len,
                                   struct wft_service_account *out, struct wft_error *err)
{
	struct dctx c = { label, err };
	enum wft_status st;

	memset(out, 0, sizeof *out);
	st = dec_one(&c, body, len, dec_account, out);
	if (st)
		wft_service_account_clear(out);
	return st;
}

static void clear_account_v(void *p) { wft_service_account_clear(p); }
static void clear_ss_v(void *p) { wft_saved_search_clear(p); }

enum wft_status wft_decode_account_list(const char *label, const char *body, size_t len,
                                        struct wft_account_list *out, struct wft_error *err)
{
	struct dctx c = { label, err };
	enum wft_status st;

	memset(out, 0, sizeof *out);
	st = dec_list(&c, body, len, sizeof *out->items, dec_account, clear_account_v,
	              (void **)&out->items, &out->n, &out->skipped, &out->page);
	if (st)
		wft_account_list_clear(out);
	return st;
}

enum wft_status wft_decode_role_list(const char *label, const char *body, size_t len,
                                     struct wft_role_list *out, struct wft_error *err)
{
	struct dctx c = { label, err };
	enum wft_status st;

	memset(out, 0, sizeof *out);
	st = dec_list(&c, body, len, sizeof *out->items, dec_role, clear_role_v,
	              (void **)&out->items, &out->n, &out->skipped, &out->page);
	if (st)
		wft_role_list_clear(out);
	return st;
}

enum wft_status wft_decode_group_list(const char *label, const char *body, size_t len,
                                      struct wft_group_list *out, struct wft_error *err)
{
	struct dctx c = { label, err };
	enum wft_status st;

	memset(out, 0, sizeof *out);
	st = dec_list(&c, body, len, sizeof *out->items, dec_group, clear_group_v,
	              (void **)&out->items, &out->n, &out->skipped, &out->page);
	if (st)
		wft_group_list_clear(out);
	return st;
}

enum wft_status wft_decode_saved_search(const char *label, const char *body, size_t len,
                                        struct wft_saved_search *out, struct wft_error *err)
{
	struct dctx c = { label, err };
	enum wft_status st;

	memset(out, 0, sizeof *out);
	st = dec_one(&c, body, len, dec_saved_search, out);
	if (st)
		wft_saved_search_clear(out);
	return st;
}

enum wft_status wft_decode_saved_search_list(const char *label, const char *body, size_t len,
                                             struct wft_saved_search_list *out,
                                             struct wft_error *err)
{
	struct dctx c = { label, err };
	enum wft_status st;

	memset(out, 0, sizeof *out);
	st = dec_list(&c, body, len, sizeof *out->items, dec_saved_search, clear_ss_v,
	              (void **)&out->items, &out->n, &out->skipped, &out->page);
	if (st)
		wft_saved_search_list_clear(out);
	return st;
}

enum wft_status wft_decode_facet(const char *label, const char *body, size_t len,
                                 struct wft_strv *out, struct wft_page *page,
                                 struct wft_error *err)
{
	struct dctx c = { label, err };
	json_object *root, *payload;
	enum wft_status st;

	memset(out, 0, sizeof *out);
	memset(page, 0, sizeof *page);
	st = parse_payload(&c, body, len, &root, &payload);
	if (st == WFT_OK)
		st = need_object(&c, payload, "the response");
	if (st == WFT_OK)
		st = get_strv(&c, payload, "items", out);
	if (st == WFT_OK)
		st = dec_page(&c, payload, page);
	json_object_put(root);
	if (st) {
		wft_strv_clear(out);
		wft_page_clear(page);
	}
	return st;
}

enum wft_status wft_decode_facets(const char *label, const char *body, size_t len,
                                  struct wft_facets *out, struct wft_error *err)
{
	struct dctx c = { label, err };
	json_object *root, *payload, *facets = NULL;
	enum wft_status st;

	memset(out, 0, sizeof *out);
	st = parse_payload(&c, body, len, &root, &payload);
	if (st == WFT_OK)
		st = need_object(&c, payload, "the response");
	if (st == WFT_OK) {
		facets = field(payload, "facets");
		if (facets && !json_object_is_type(facets, json_type_object))
			st = bad(&c, "facets", "is not an object");
	}
	if (st == WFT_OK && facets) {
		size_t n = (size_t)json_object_object_length(facets);
		out->items = calloc(n ? n : 1, sizeof *out->items);
		if (!out->items)
			st = nomem(&c);
		else {
			json_object_object_foreach(facets, key, val) {
				struct wft_facet *f = &out->items[out->n];
				(void)val;
				f->name = strdup(key);
				if (!f->name) {
					st = nomem(&c);
					break;
				}
				out->n++;
				if ((st = get_strv(&c, facets, key, &f->values)))
					break;
			}
		}
	}
	json_object_put(root);
	if (st)
		wft_facets_clear(out);
	return st;
}

wft_millis wft_token_last_activity(const struct wft_token *t)
{
	return t->last_used > 0 ? t->last_used : t->date_generated > 0 ? t->date_generated : 0;
}

size_t wft_tokens_stalest(const struct wft_token *t, size_t n, wft_millis now, size_t *idx,
                          size_t max)
{
	const wft_millis day = 24LL * 60 * 60 * 1000;
	size_t k = 0;

	/* An insertion into a short ranked list: max is a handful. */
	for (size_t i = 0; i < n && max; i++) {
		wft_millis a = wft_token_last_activity(&t[i]);
		if (a > 0 && now - a < day)
			continue;
		size_t at = k;
		while (at > 0 && wft_token_last_activity(&t[idx[at - 1]]) > a)
			at--;
		if (at >= max)
			continue;
		if (k < max)
			k++;
		memmove(idx + at + 1, idx + at, (k - 1 - at) * sizeof *idx);
		idx[at] = i;
	}
	return k;
}

void wft_token_activity_text(const struct wft_token *p, wft_millis now, char *out, size_t outsz)
{
	char rel[32];

	if (!p->last_used)
		snprintf(out, outsz, "never used, generated %s",
		         p->date_generated ? timefmt_relative(p->date_generated, now, rel, sizeof rel)
		                           : "at an unknown date");
	else
		snprintf(out, outsz, "used %s", timefmt_relative(p->last_used, now, rel, sizeof rel));
}

void wft_tokens_stalest_text(const struct wft_token *t, size_t n, wft_millis now, char *out,
                             size_t outsz)
{
	size_t idx[3], k = wft_tokens_stalest(t, n, now, idx, 3), o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < k; i++) {
		const struct wft_token *p = &t[idx[i]];
		char m[WFT_MASK_SIZE], gen[96];
		wft_token_activity_text(p, now, gen, sizeof gen);
		int w = snprintf(out + o, outsz - o, "%s%s (%s)", i ? ", " : "",
		                 wft_mask_id(p->id, m, sizeof m), gen);
		if (w < 0 || (size_t)w >= outsz - o)
			break;
		o += (size_t)w;
	}
}
