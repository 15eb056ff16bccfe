/* savedquery.c: saved-search JSON (doc/api.md 5.6) from and to a query,
 * its facets and its sort, reading the SearchQuery lists (doc/api.md 3.1)
 * the web UI saves. The server-side mode's searches are serverquery.c. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "savedquery.h"

#define SQ_MAX_JSON ((size_t)1 << 20)
#define SQ_MAX_TERMS 256
#define DAY_MS ((wft_millis)86400000)

static const char *const sort_fields[VIEW_N_COLUMNS] = {
	"id", "name", "account", "accountType", "dateGenerated", "lastUsed",
};

void savedquery_init(struct savedquery *sq)
{
	memset(sq, 0, sizeof *sq);
	facets_init(&sq->facets);
	sq->sort = VIEW_COL_NAME;
}

void savedquery_clear(struct savedquery *sq)
{
	free(sq->query);
	facets_clear(&sq->facets);
	for (size_t i = 0; i < sq->n_ignored; i++)
		free(sq->ignored[i]);
	free(sq->ignored);
	savedquery_init(sq);
}

static void fmt_duration(wft_millis ms, char *buf, size_t size)
{
	if (ms % DAY_MS == 0)
		snprintf(buf, size, "%lldd", (long long)(ms / DAY_MS));
	else
		snprintf(buf, size, "%lldh", (long long)(ms / 3600000));
}

/* The web-UI terms (type, value) that a query's terms map onto. */
typedef int (*term_fn)(void *ud, const char *type, const char *value);

static int query_terms(const struct query *q, term_fn fn, void *ud)
{
	for (size_t i = 0; q && i < query_term_count(q); i++) {
		const char *v = query_term_value(q, i), *src = query_term_source(q, i);
		int rc = 0;
		if (query_term_negated(q, i))
			continue;
		switch (query_term_kind(q, i)) {
		case QT_WORD: rc = fn(ud, "freetext", v); break;
		case QT_NAME: rc = fn(ud, "name", v); break;
		case QT_ACCOUNT: rc = fn(ud, "account", v); break;
		case QT_TYPE:
			rc = fn(ud, "accountType", strcmp(v, "service") == 0 ? "SERVICE_ACCOUNT"
			                                                    : "USER_ACCOUNT");
			break;
		case QT_USED: case QT_UNUSED: case QT_NEVER:
			rc = fn(ud, "usage", src);
			break;
		default:
			break;
		}
		if (rc)
			return rc;
	}
	return 0;
}

static int facet_terms(const struct facets *f, term_fn fn, void *ud)
{
	char buf[64], d[32];
	int rc = 0;

	if (f->types & FACET_TYPE_SERVICE)
		rc = fn(ud, "accountType", "SERVICE_ACCOUNT");
	if (!rc && (f->types & FACET_TYPE_USER))
		rc = fn(ud, "accountType", "USER_ACCOUNT");
	if (!rc && (f->usage & FACET_USED_RECENTLY)) {
		fmt_duration(f->used_within, d, sizeof d);
		snprintf(buf, sizeof buf, "used:%s", d);
		rc = fn(ud, "usage", buf);
	}
	if (!rc && (f->usage & FACET_UNUSED)) {
		fmt_duration(f->unused_for, d, sizeof d);
		snprintf(buf, sizeof buf, "unused:%s", d);
		rc = fn(ud, "usage", buf);
	}
	if (!rc && (f->usage & FACET_NEVER_USED))
		rc = fn(ud, "usage", "never");
	for (size_t i = 0; !rc && i < f->n_accounts; i++)
		rc = fn(ud, "account", f->accounts[i]);
	return rc;
}

static int add_json_term(void *ud, const char *type, const char *value)
{
	struct json_object *t = json_object_new_object();

	if (!t)
		return -1;
	json_object_object_add(t, "type", json_object_new_string(type));
	json_object_object_add(t, "value", json_object_new_string(value));
	return json_object_array_add(ud, t);
}

enum wft_status savedquery_to_json(const struct savedquery *sq, char **out,
                                   struct wft_error *err)
{
	struct json_object *root = json_object_new_object(), *terms = json_object_new_array();
	struct query *q = NULL;
	struct query_error qe;
	int rc = 0;

	*out = NULL;
	if (!root || !terms) {
		json_object_put(root);
		json_object_put(terms);
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	}
	json_object_object_add(root, "searchTerms", terms);
	if (sq->query && *sq->query) {
		if (query_parse(sq->query, &q, &qe)) {
			json_object_put(root);
			if (err)
				*err = qe.err;
			return WFT_ERR_INVALID;
		}
		rc = query_terms(q, add_json_term, terms);
		if (!rc)
			rc = add_json_term(terms, "query", sq->query);
		query_free(q);
	}
	if (!rc)
		rc = facet_terms(&sq->facets, add_json_term, terms);
	json_object_object_add(root, "sortField",
	                       json_object_new_string(sort_fields[(unsigned)sq->sort %
	                                                          VIEW_N_COLUMNS]));
	json_object_object_add(root, "sortOrder",
	                       json_object_new_string(sq->descending ? "descending" : "ascending"));
	if (!rc) {
		const char *s = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
		                                               JSON_C_TO_STRING_NOSLASHESCAPE);
		*out = s ? strdup(s) : NULL;
	}
	json_object_put(root);
	if (!*out)
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	return WFT_OK;
}

/* ---------------------------------------------------------------------- */

struct term_list {
	char **type, **value;
	bool *used;
	size_t n;
};

static int find_and_use(void *ud, const char *type, const char *value)
{
	struct term_list *l = ud;

	for (size_t i = 0; i < l->n; i++)
		if (!l->used[i] && strcmp(l->type[i], type) == 0 && strcmp(l->value[i], value) == 0) {
			l->used[i] = true;
			return 0;
		}
	return 0;
}

static enum wft_status add_ignored(struct savedquery *sq, const char *type, const char *value)
{
	char **ni = realloc(sq->ignored, (sq->n_ignored + 1) * sizeof *ni);
	size_t len = strlen(type) + strlen(value) + 2;
	char *s = malloc(len);

	if (ni)
		sq->ignored = ni;
	if (!ni || !s) {
		free(s);
		return WFT_ERR_NOMEM;
	}
	snprintf(s, len, "%s=%s", type, value);
	sq->ignored[sq->n_ignored++] = s;
	return WFT_OK;
}

/* One search word, quoted when it needs to be. */
static bool append_word(char **buf, size_t *len, size_t *cap, const char *prefix, const char *v)
{
	bool quote = !*v || strpbrk(v, " \t\r\n\"\\/") || v[0] == '-' ||
	             strchr(v, ':') || strcasecmp(v, "never") == 0;
	size_t need = *len + strlen(prefix) + 2 * strlen(v) + 5;

	if (need > *cap) {
		size_t ncap = need * 2;
		char *nb = realloc(*buf, ncap);
		if (!nb)
			return false;
		*buf = nb;
		*cap = ncap;
	}
	char *p = *buf + *len;
	if (*len)
		*p++ = ' ';
	p += sprintf(p, "%s", prefix);
	if (quote)
		*p++ = '"';
	for (const char *c = v; *c; c++) {
		if (quote && (*c == '"' || *c == '\\'))
			*p++ = '\\';
		*p++ = *c;
	}
	if (quote)
		*p++ = '"';
	*p = '\0';
	*len = (size_t)(p - *buf);
	return true;
}

static enum wft_status apply_usage(struct savedquery *sq, const char *v)
{
	wft_millis ms;

	if (strcmp(v, "never") == 0) {
		sq->facets.usage |= FACET_NEVER_USED;
		return WFT_OK;
	}
	if (strncmp(v, "used:", 5) == 0 && !query_parse_duration(v + 5, strlen(v + 5), &ms)) {
		sq->facets.usage |= FACET_USED_RECENTLY;
		sq->facets.used_within = ms;
		return WFT_OK;
	}
	if (strncmp(v, "unused:", 7) == 0 && !query_parse_duration(v + 7, strlen(v + 7), &ms)) {
		sq->facets.usage |= FACET_UNUSED;
		sq->facets.unused_for = ms;
		return WFT_OK;
	}
	return WFT_ERR_INVALID;
}

/* Parses the saved search's text into a JSON value; the value is the caller's to put. */
static enum wft_status parse_json_text(const char *json, size_t len, struct json_object **root,
                                       struct wft_error *err)
{
	struct json_tokener *tok;

	if (!(tok = json_tokener_new()))
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	*root = json_tokener_parse_ex(tok, json, (int)len);
	if (!*root || json_tokener_get_error(tok) != json_tokener_success ||
	    (size_t)json_tokener_get_parse_end(tok) != len) {
		json_object_put(*root);
		*root = NULL;
		json_tokener_free(tok);
		return wft_error_set(err, WFT_ERR_PARSE, "the saved search is not JSON");
	}
	json_tokener_free(tok);
	return WFT_OK;
}

/* Reads search term i (its type and value) into the list; the first "query" term is the query. */
static enum wft_status read_search_term(struct json_object *t, size_t i, struct term_list *l,
                                        const char **query, struct wft_error *err)
{
	struct json_object *ty, *va;

	if (!json_object_is_type(t, json_type_object) ||
	    !json_object_object_get_ex(t, "type", &ty) ||
	    !json_object_is_type(ty, json_type_string))
		return wft_error_set(err, WFT_ERR_PARSE, "search term %zu has no type", i + 1);
	if (!json_object_object_get_ex(t, "value", &va) ||
	    json_object_is_type(va, json_type_null))
		va = NULL;
	else if (!json_object_is_type(va, json_type_string) &&
	         !json_object_is_type(va, json_type_int) &&
	         !json_object_is_type(va, json_type_boolean))
		return wft_error_set(err, WFT_ERR_PARSE, "search term %zu has a bad value", i + 1);
	l->type[i] = (char *)json_object_get_string(ty);
	l->value[i] = (char *)(va ? json_object_get_string(va) : "");
	l->n++;
	if (strcmp(l->type[i], "query") == 0 && !*query) {
		*query = l->value[i];
		l->used[i] = true;
	}
	return WFT_OK;
}

/* Reads the "searchTerms" list (absent or null: no terms) into the term list. */
static enum wft_status read_search_terms(struct json_object *root, struct term_list *l,
                                         const char **query, struct wft_error *err)
{
	struct json_object *terms;
	enum wft_status st = WFT_OK;

	if (!json_object_object_get_ex(root, "searchTerms", &terms) ||
	    json_object_is_type(terms, json_type_null))
		return WFT_OK;
	if (!json_object_is_type(terms, json_type_array))
		return wft_error_set(err, WFT_ERR_PARSE, "searchTerms must be a list");
	size_t n = json_object_array_length(terms);
	if (n > SQ_MAX_TERMS)
		return wft_error_set(err, WFT_ERR_PARSE, "too many search terms");
	l->type = calloc(n + 1, sizeof *l->type);
	l->value = calloc(n + 1, sizeof *l->value);
	l->used = calloc(n + 1, sizeof *l->used);
	if (!l->type || !l->value || !l->used)
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n && !st; i++)
		st = read_search_term(json_object_array_get_idx(terms, i), i, l, query, err);
	return st;
}

/* Takes the query string as the saved search's query and marks the terms it produces itself. */
static enum wft_status apply_query_string(struct savedquery *sq, const char *query,
                                          struct term_list *l, struct wft_error *err)
{
	struct query *q;
	struct query_error qe;

	if (query_parse(query, &q, &qe)) {
		if (err)
			*err = qe.err;
		return WFT_ERR_INVALID;
	}
	/* What the query string produced itself is not a facet. */
	query_terms(q, find_and_use, l);
	query_free(q);
	if (!(sq->query = strdup(query)))
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	return WFT_OK;
}

/* Appends a freetext or name term to the query being built, or ignores it if that would not
 * parse. */
static enum wft_status append_text_term(struct savedquery *sq, const char *t, const char *v,
                                        char **built, size_t *blen, size_t *bcap)
{
	struct query *q;
	size_t before = *blen;

	if (!append_word(built, blen, bcap, t[0] == 'n' ? "name:" : "", v))
		return WFT_ERR_NOMEM;
	if (query_parse(*built, &q, NULL) == WFT_OK) {
		query_free(q);
		return WFT_OK;
	}
	(*built)[before] = '\0';
	*blen = before;
	return add_ignored(sq, t, v);
}

/* Applies one search term the query string did not produce: a facet, a word of the query being
 * built (only without a query string), or an ignored term. */
static enum wft_status apply_search_term(struct savedquery *sq, const char *t, const char *v,
                                         bool have_query, char **built, size_t *blen,
                                         size_t *bcap)
{
	if (strcmp(t, "accountType") == 0) {
		enum wft_account_type at = wft_account_type_parse(v);
		if (at == WFT_ACCOUNT_UNKNOWN)
			return add_ignored(sq, t, v);
		sq->facets.types |= wft_account_type_is_service(at) ? FACET_TYPE_SERVICE
		                                                    : FACET_TYPE_USER;
		return WFT_OK;
	}
	if (strcmp(t, "usage") == 0)
		return apply_usage(sq, v) ? add_ignored(sq, t, v) : WFT_OK;
	if (strcmp(t, "account") == 0)
		return facets_add_account(&sq->facets, v);
	if (!have_query && (strcmp(t, "freetext") == 0 || strcmp(t, "name") == 0))
		return append_text_term(sq, t, v, built, blen, bcap);
	return add_ignored(sq, t, v);
}

/* Reads "sortField" (a server field or a column name) and "sortOrder". */
static enum wft_status read_sort(struct savedquery *sq, struct json_object *root)
{
	struct json_object *o;
	enum wft_status st = WFT_OK;

	if (json_object_object_get_ex(root, "sortField", &o) &&
	    json_object_is_type(o, json_type_string)) {
		int c = -1;
		for (int k = 0; k < VIEW_N_COLUMNS; k++)
			if (strcmp(json_object_get_string(o), sort_fields[k]) == 0)
				c = k;
		if (c < 0)
			c = view_column_parse(json_object_get_string(o));
		if (c >= 0)
			sq->sort = (enum view_column)c;
		else
			st = add_ignored(sq, "sortField", json_object_get_string(o));
	}
	if (!st && json_object_object_get_ex(root, "sortOrder", &o) &&
	    json_object_is_type(o, json_type_string))
		sq->descending = strcmp(json_object_get_string(o), "descending") == 0;
	return st;
}

enum wft_status savedquery_from_json(const char *json, size_t len, struct savedquery *sq,
                                     struct wft_error *err)
{
	struct json_object *root = NULL;
	struct term_list l = {0};
	enum wft_status st;
	const char *query = NULL;
	char *built = NULL;
	size_t blen = 0, bcap = 0;

	savedquery_init(sq);
	if (len > SQ_MAX_JSON || len > INT_MAX)
		return wft_error_set(err, WFT_ERR_INVALID, "the saved search is too large");
	if ((st = parse_json_text(json, len, &root, err)))
		return st;
	if (!json_object_is_type(root, json_type_object)) {
		st = wft_error_set(err, WFT_ERR_PARSE, "the saved search is not a JSON object");
		goto out;
	}
	st = read_search_terms(root, &l, &query, err);
	if (!st && query)
		st = apply_query_string(sq, query, &l, err);
	for (size_t i = 0; i < l.n && !st; i++) {
		if (l.used[i])
			continue;
		st = apply_search_term(sq, l.type[i], l.value[i], query != NULL, &built, &blen, &bcap);
		if (st)
			wft_error_set(err, st, "out of memory");
	}
	if (st)
		goto out;
	if (!query) {
		sq->query = built ? built : strdup("");
		built = NULL;
		if (!sq->query) {
			st = wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
			goto out;
		}
	}
	st = read_sort(sq, root);
out:
	free(built);
	free(l.type);
	free(l.value);
	free(l.used);
	json_object_put(root);
	if (st) {
		struct wft_error keep = err ? *err : (struct wft_error){0};
		savedquery_clear(sq);
		if (err)
			*err = keep;
	}
	return st;
}
