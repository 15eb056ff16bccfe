/* body.c: request body decoding. Everything here handles untrusted bytes. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/body.h"

#define BODY_MAX_DEPTH 16

static int fail(struct body_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct body_err *err, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return -1;
}

bool body_text_ok(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i], need, cp;
		if (c < 0x20 || c == 0x7f)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) { need = 1; cp = c & 0x1f; }
		else if (c >= 0xe0 && c <= 0xef) { need = 2; cp = c & 0x0f; }
		else if (c >= 0xf0 && c <= 0xf4) { need = 3; cp = c & 0x07; }
		else return false;
		if (i + need >= n)
			return false;
		for (unsigned k = 1; k <= need; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if ((need == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (need == 3 && (cp < 0x10000 || cp > 0x10ffff)))
			return false;
		i += need + 1;
	}
	return true;
}

int body_parse_json(const char *body, size_t len, json_object **out,
                    struct body_err *err)
{
	json_tokener *tok;
	json_object *o;
	enum json_tokener_error jerr;
	size_t i;

	*out = NULL;
	for (i = 0; i < len; i++)
		if (body[i] != ' ' && body[i] != '\t' && body[i] != '\r' && body[i] != '\n')
			break;
	if (i == len)
		return 0;
	if (len > BODY_MAX_BYTES)
		return fail(err, "Request body is too large");
	if (memchr(body, '\0', len))
		return fail(err, "Request body is not valid JSON: it contains a NUL byte");
	tok = json_tokener_new_ex(BODY_MAX_DEPTH);
	if (!tok)
		return fail(err, "Out of memory");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, body, (int)len);
	jerr = json_tokener_get_error(tok);
	if (jerr == json_tokener_continue) {
		json_object_put(o);
		o = NULL;
		json_tokener_free(tok);
		return fail(err, "Request body is not valid JSON: it ends too early");
	}
	if (jerr != json_tokener_success || !o) {
		const char *what = jerr == json_tokener_error_parse_utf8_string
			? "it is not valid UTF-8" : json_tokener_error_desc(jerr);
		json_object_put(o);
		json_tokener_free(tok);
		return fail(err, "Request body is not valid JSON: %s", what);
	}
	/* Strict mode stops at the end of the first value; anything after it
	 * but blanks is garbage. */
	for (i = json_tokener_get_parse_end(tok); i < len; i++) {
		if (body[i] != ' ' && body[i] != '\t' && body[i] != '\r' && body[i] != '\n') {
			json_object_put(o);
			json_tokener_free(tok);
			return fail(err, "Request body is not valid JSON: %s", "trailing characters");
		}
	}
	json_tokener_free(tok);
	*out = o;
	return 0;
}

int body_get_string(json_object *o, const char *key, size_t maxlen,
                    const char **out, struct body_err *err)
{
	json_object *v;

	*out = NULL;
	if (!o || !json_object_object_get_ex(o, key, &v) || !v)
		return 1;
	if (!json_object_is_type(v, json_type_string))
		return fail(err, "Field '%s' must be a string", key);
	if ((size_t)json_object_get_string_len(v) > maxlen)
		return fail(err, "Field '%s' is too long", key);
	*out = json_object_get_string(v);
	if (strlen(*out) != (size_t)json_object_get_string_len(v))
		return fail(err, "Field '%s' contains a NUL character", key);
	return 0;
}

int body_get_bool(json_object *o, const char *key, bool *out, struct body_err *err)
{
	json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) || !v)
		return 1;
	if (!json_object_is_type(v, json_type_boolean))
		return fail(err, "Field '%s' must be true or false", key);
	*out = json_object_get_boolean(v);
	return 0;
}

int body_get_int(json_object *o, const char *key, int64_t min, int64_t max,
                 int64_t *out, struct body_err *err)
{
	json_object *v;
	int64_t n;

	if (!o || !json_object_object_get_ex(o, key, &v) || !v)
		return 1;
	if (!json_object_is_type(v, json_type_int))
		return fail(err, "Field '%s' must be an integer", key);
	n = json_object_get_int64(v);
	if (n < min || n > max)
		return fail(err, "Field '%s' is out of range", key);
	*out = n;
	return 0;
}

int body_get_id_list(json_object *arr, const char *what, const char **out,
                     int max, struct body_err *err)
{
	size_t n;

	if (!json_object_is_type(arr, json_type_array))
		return fail(err, "Field '%s' must be a list", what);
	n = json_object_array_length(arr);
	if (n > (size_t)max)
		return fail(err, "Field '%s' has too many entries", what);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(arr, i), *id = e;
		if (e && json_object_is_type(e, json_type_object) &&
		    !json_object_object_get_ex(e, "id", &id))
			return fail(err, "An entry of '%s' has no id", what);
		if (!id || !json_object_is_type(id, json_type_string) ||
		    json_object_get_string_len(id) > 256 ||
		    !body_text_ok(json_object_get_string(id),
		                  (size_t)json_object_get_string_len(id)))
			return fail(err, "Entries of '%s' must be id strings", what);
		out[i] = json_object_get_string(id);
	}
	return (int)n;
}

static int need_object(json_object *o, struct body_err *err)
{
	if (!o)
		return fail(err, "A JSON body is required");
	if (!json_object_is_type(o, json_type_object))
		return fail(err, "Request body must be a JSON object");
	return 0;
}

int body_token(json_object *o, struct body_token *t, struct body_err *err)
{
	memset(t, 0, sizeof *t);
	if (need_object(o, err) < 0)
		return -1;
	if (body_get_string(o, "tokenID", 128, &t->token_id, err) < 0)
		return -1;
	if (!t->token_id && body_get_string(o, "id", 128, &t->token_id, err) < 0)
		return -1;
	if (body_get_string(o, "tokenName", BODY_MAX_NAME, &t->token_name, err) < 0)
		return -1;
	return 0;
}

static int id_list_field(json_object *o, const char *key, const char **out,
                         int *n, struct body_err *err)
{
	json_object *v;

	*n = -1;
	if (!json_object_object_get_ex(o, key, &v) || !v)
		return 0;
	*n = body_get_id_list(v, key, out, BODY_MAX_LIST, err);
	return *n < 0 ? -1 : 0;
}

int body_sa_write(json_object *o, struct body_sa_write *w, struct body_err *err)
{
	bool active;
	int r;

	memset(w, 0, sizeof *w);
	w->active = -1;
	if (need_object(o, err) < 0)
		return -1;
	if (body_get_string(o, "identifier", 256, &w->identifier, err) < 0)
		return -1;
	r = body_get_bool(o, "active", &active, err);
	if (r < 0)
		return -1;
	if (r == 0)
		w->active = active;
	if (body_get_string(o, "description", BODY_MAX_TEXT, &w->description, err) < 0)
		return -1;
	if (id_list_field(o, "groups", w->perms, &w->n_perms, err) < 0 ||
	    id_list_field(o, "roles", w->roles, &w->n_roles, err) < 0 ||
	    id_list_field(o, "userGroups", w->groups, &w->n_groups, err) < 0 ||
	    id_list_field(o, "tokens", w->tokens, &w->n_tokens, err) < 0)
		return -1;
	return 0;
}

static int parse_method(json_object *o, const char *key, enum body_match *m,
                        struct body_err *err)
{
	const char *s;
	int r = body_get_string(o, key, 32, &s, err);

	*m = MATCH_CONTAINS;
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (strcmp(s, "CONTAINS") == 0)
		*m = MATCH_CONTAINS;
	else if (strcmp(s, "STARTSWITH") == 0)
		*m = MATCH_STARTSWITH;
	else if (strcmp(s, "EXACT") == 0)
		*m = MATCH_EXACT;
	else if (strcmp(s, "TAGPATH") == 0)
		*m = MATCH_TAGPATH;
	else
		return fail(err, "Field '%s' must be one of CONTAINS, STARTSWITH, EXACT, TAGPATH",
		            key);
	return 0;
}

/* Refuses a member of o whose name is not in the NULL-terminated list. */
static int only_fields(json_object *o, const char *what, const char *const *known,
                       struct body_err *err)
{
	json_object_object_foreach(o, k, v) {
		const char *const *f = known;
		(void)v;
		while (*f && strcmp(*f, k) != 0)
			f++;
		if (!*f)
			return fail(err, "Unrecognized field '%.64s' in %s", body_text_ok(k, strlen(k))
			            ? k : "(unprintable)", what);
	}
	return 0;
}

static int parse_term(json_object *q, struct body_term *t, struct body_err *err)
{
	json_object *vals;
	const char *v;
	int r;

	static const char *const known[] = {
		"key", "value", "values", "matchingMethod", "negated", "start", "end", NULL,
	};

	memset(t, 0, sizeof *t);
	if (!json_object_is_type(q, json_type_object))
		return fail(err, "Each search query must be an object");
	if (only_fields(q, "SearchQuery", known, err) < 0)
		return -1;
	r = body_get_string(q, "key", 64, &t->key, err);
	if (r < 0)
		return -1;
	if (r == 1 || !*t->key)
		return fail(err, "A search query has no 'key'");
	if (parse_method(q, "matchingMethod", &t->method, err) < 0)
		return -1;
	if (body_get_bool(q, "negated", &t->negated, err) < 0)
		return -1;
	r = body_get_int(q, "start", INT64_MIN, INT64_MAX, &t->start, err);
	if (r < 0)
		return -1;
	t->has_start = r == 0;
	r = body_get_int(q, "end", INT64_MIN, INT64_MAX, &t->end, err);
	if (r < 0)
		return -1;
	t->has_end = r == 0;
	if (json_object_object_get_ex(q, "values", &vals) && vals) {
		size_t n;
		if (!json_object_is_type(vals, json_type_array))
			return fail(err, "Field 'values' must be a list of strings");
		n = json_object_array_length(vals);
		if (n > BODY_MAX_VALUES)
			return fail(err, "Field 'values' has too many entries");
		for (size_t i = 0; i < n; i++) {
			json_object *e = json_object_array_get_idx(vals, i);
			if (!e || !json_object_is_type(e, json_type_string) ||
			    json_object_get_string_len(e) > BODY_MAX_TEXT)
				return fail(err, "Field 'values' must be a list of strings");
			t->values[t->n_values++] = json_object_get_string(e);
		}
	}
	if (t->n_values == 0) {
		r = body_get_string(q, "value", BODY_MAX_TEXT, &v, err);
		if (r < 0)
			return -1;
		if (r == 0)
			t->values[t->n_values++] = v;
	}
	if (t->n_values == 0 && !t->has_start && !t->has_end)
		return fail(err, "Search query on '%.64s' needs a value, values, start or end",
		            t->key);
	return 0;
}

int body_search(json_object *o, enum body_search_kind kind, struct body_search *s,
                struct body_err *err)
{
	static const char *const sortable[] = { "query", "sort", "offset", "limit", NULL };
	static const char *const facet[] = {
		"query", "facetQuery", "facetQueryMatchingMethod", "offset", "limit", NULL,
	};
	static const char *const facets[] = {
		"facets", "query", "facetQuery", "facetQueryMatchingMethod", "limit", NULL,
	};
	static const char *const sorting[] = { "field", "ascending", "default", NULL };
	json_object *v;
	int r;

	memset(s, 0, sizeof *s);
	s->limit = 100;
	if (!o)
		return 0;
	if (need_object(o, err) < 0)
		return -1;
	if (kind == BODY_SEARCH_SORTABLE
	    ? only_fields(o, "SortableSearchRequest", sortable, err) < 0
	    : kind == BODY_SEARCH_FACET
	    ? only_fields(o, "FacetSearchRequestContainer", facet, err) < 0
	    : only_fields(o, "FacetsSearchRequestContainer", facets, err) < 0)
		return -1;
	if (json_object_object_get_ex(o, "query", &v) && v) {
		size_t n;
		if (!json_object_is_type(v, json_type_array))
			return fail(err, "Field 'query' must be a list");
		n = json_object_array_length(v);
		if (n > BODY_MAX_TERMS)
			return fail(err, "Field 'query' has too many terms");
		for (size_t i = 0; i < n; i++)
			if (parse_term(json_object_array_get_idx(v, i), &s->terms[s->n_terms++], err) < 0)
				return -1;
	}
	if (json_object_object_get_ex(o, "sort", &v) && v) {
		if (!json_object_is_type(v, json_type_object))
			return fail(err, "Field 'sort' must be an object");
		if (only_fields(v, "Sorting", sorting, err) < 0)
			return -1;
		s->has_sort = true;
		s->sort_ascending = true;
		if (body_get_string(v, "field", 64, &s->sort_field, err) < 0 ||
		    body_get_bool(v, "ascending", &s->sort_ascending, err) < 0 ||
		    body_get_bool(v, "default", &s->sort_default, err) < 0)
			return -1;
		if (!s->sort_field && !s->sort_default)
			return fail(err, "Field 'sort' needs a 'field'");
	}
	if (body_get_int(o, "offset", 0, INT32_MAX, &s->offset, err) < 0)
		return -1;
	r = body_get_int(o, "limit", INT32_MIN, INT32_MAX, &s->limit, err);
	if (r < 0)
		return -1;
	if (s->limit < 1)
		return fail(err, "Field 'limit' must be at least 1");
	if (s->limit > 1000)
		s->limit = 1000;
	if (body_get_string(o, "facetQuery", BODY_MAX_TEXT, &s->facet_query, err) < 0 ||
	    parse_method(o, "facetQueryMatchingMethod", &s->facet_method, err) < 0)
		return -1;
	if (json_object_object_get_ex(o, "facets", &v) && v) {
		size_t n;
		if (!json_object_is_type(v, json_type_array))
			return fail(err, "Field 'facets' must be a list of strings");
		n = json_object_array_length(v);
		if (n > BODY_MAX_LIST)
			return fail(err, "Field 'facets' has too many entries");
		for (size_t i = 0; i < n; i++) {
			json_object *e = json_object_array_get_idx(v, i);
			if (!e || !json_object_is_type(e, json_type_string) ||
			    json_object_get_string_len(e) > 64)
				return fail(err, "Field 'facets' must be a list of strings");
			s->facets[s->n_facets++] = json_object_get_string(e);
		}
	}
	return 0;
}

int body_saved(json_object *o, struct body_saved *s, struct body_err *err)
{
	json_object *q;
	const char *txt;
	int r;

	memset(s, 0, sizeof *s);
	if (need_object(o, err) < 0)
		return -1;
	r = body_get_string(o, "entityType", 64, &s->entity_type, err);
	if (r < 0)
		return -1;
	if (r == 1)
		return fail(err, "Field 'entityType' is required");
	if (!json_object_object_get_ex(o, "query", &q) || !q)
		return fail(err, "Field 'query' is required");
	if (!json_object_is_type(q, json_type_object))
		return fail(err, "Field 'query' must be an object of strings");
	if (json_object_object_length(q) == 0 || json_object_object_length(q) > 16)
		return fail(err, "Field 'query' must hold 1 to 16 entries");
	{
		json_object_object_foreach(q, k, v) {
			if (strlen(k) > BODY_MAX_NAME || !body_text_ok(k, strlen(k)))
				return fail(err, "A saved search name is too long or has control characters");
			if (!v || !json_object_is_type(v, json_type_string))
				return fail(err, "Values of 'query' must be strings");
		}
	}
	txt = json_object_to_json_string_ext(q, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!txt || !(s->query_json = strdup(txt)))
		return fail(err, "Out of memory");
	return 0;
}

int body_string_list(json_object *o, const char **out, int max, struct body_err *err)
{
	if (!o)
		return fail(err, "A JSON list of account ids is required");
	return body_get_id_list(o, "body", out, max, err);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* Decodes one form component into out; -1 if malformed or too long. */
static int form_decode(const char *s, size_t n, char *out, size_t outsz)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+')
			c = ' ';
		else if (c == '%') {
			int hi, lo;
			if (i + 2 >= n)
				return -1;
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		if (c == '\0' || o + 1 >= outsz)
			return -1;
		out[o++] = c;
	}
	if (outsz == 0)
		return -1;
	out[o] = '\0';
	return 0;
}

int body_form_get(const char *body, size_t len, const char *key,
                  char *out, size_t outsz)
{
	size_t klen = strlen(key), i = 0;

	while (i < len) {
		const char *amp = memchr(body + i, '&', len - i);
		size_t end = amp ? (size_t)(amp - body) : len;
		const char *eq = memchr(body + i, '=', end - i);
		if (eq) {
			size_t nlen = (size_t)(eq - (body + i));
			char name[64];
			if (nlen < sizeof name &&
			    form_decode(body + i, nlen, name, sizeof name) == 0 &&
			    strlen(name) == klen && memcmp(name, key, klen) == 0)
				return form_decode(eq + 1, end - (size_t)(eq + 1 - body), out, outsz) == 0
					? 1 : -1;
		}
		i = end + 1;
	}
	return 0;
}

int body_base64_decode(const char *in, char *out, size_t outsz)
{
	unsigned acc = 0, bits = 0;
	size_t o = 0;

	for (; *in && *in != '='; in++) {
		const char *tab = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
		const char *p = strchr(tab, *in);
		if (!p)
			return -1;
		acc = (acc << 6) | (unsigned)(p - tab);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o + 1 >= outsz)
				return -1;
			out[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	while (*in == '=')
		in++;
	if (*in || outsz == 0)
		return -1;
	out[o] = '\0';
	return memchr(out, '\0', o) ? -1 : 0;
}
