/* api.c: the endpoints of the Operations for Applications API as thin
 * declarations over the call layer (call.h), which signs in, sends, retries
 * once after a 401 and checks; here each answer is decoded and handed back,
 * and a list is read to its end page after page. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "call.h"
#include "mask.h"
#include "outcome.h"

enum decode {
	DEC_NONE,
	DEC_TOKENS,
	DEC_TOKENS_NEW,     /* a generation: the list, and its last as token */
	DEC_TOKEN,
	DEC_ACCOUNT,
	DEC_ACCOUNTS,
	DEC_ROLES,
	DEC_GROUPS,
	DEC_SEARCH,
	DEC_SEARCHES,
	DEC_FACET,
	DEC_FACETS,
};

struct wft_api {
	struct call_client cl;
};

struct wft_api_call {
	struct call call;       /* first: the call layer's part */
	enum decode decode;
	wft_api_done_fn done;
	void *ud;
	/* A list read to its end, page after page (offset paging): */
	bool pages;
	char *url_base;         /* the URL without its ?offset=...&limit=... */
	long page_offset, page_limit;
	struct wft_api_result acc;   /* the items of the pages read so far */
};

static void on_answer(struct call *call, const struct wft_http_response *r, enum wft_status st,
                      const struct wft_error *err);
static void on_fail(struct call *call, const struct wft_error *err);
static void on_release(struct call *call);

static const struct call_ops api_call_ops = { on_answer, on_fail, on_release };

enum wft_status wft_api_new(struct wft_api **out, const char *endpoint,
                            struct wft_http *http, struct wft_auth *auth,
                            struct wft_error *err)
{
	struct wft_api *api;
	enum wft_status st;

	*out = NULL;
	if (!(api = calloc(1, sizeof *api)))
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	if ((st = call_client_init(&api->cl, endpoint, http, auth, &api_call_ops, err))) {
		free(api);
		return st;
	}
	*out = api;
	return WFT_OK;
}

static void on_release(struct call *call)
{
	struct wft_api_call *c = (struct wft_api_call *)call;

	free(c->url_base);
	wft_api_result_clear(&c->acc);
}

void wft_api_result_clear(struct wft_api_result *r)
{
	wft_token_list_clear(&r->tokens);
	wft_token_clear(&r->token);
	wft_service_account_clear(&r->account);
	wft_account_list_clear(&r->accounts);
	wft_role_list_clear(&r->roles);
	wft_group_list_clear(&r->groups);
	wft_saved_search_clear(&r->search);
	wft_saved_search_list_clear(&r->searches);
	wft_strv_clear(&r->facet_values);
	wft_page_clear(&r->facet_page);
	wft_facets_clear(&r->facets);
}

/* Runs the callback with res and ends the call. */
static void finish(struct wft_api_call *c, struct wft_api_result *res)
{
	c->done(c->ud, res);
	wft_api_result_clear(res);
	call_end(&c->call);
}

/* Runs the callback with an error and ends the call. */
static void on_fail(struct call *call, const struct wft_error *err)
{
	struct wft_api_call *c = (struct wft_api_call *)call;
	struct wft_api_result res;

	memset(&res, 0, sizeof res);
	res.err = *err;
	res.label = c->call.label;
	finish(c, &res);
}

static enum wft_status decode(struct wft_api_call *c, const struct wft_http_response *r,
                              struct wft_api_result *res)
{
	const char *b = r->body, *l = c->call.label;
	size_t n = r->body_len;
	struct wft_error *e = &res->err;
	enum wft_status st;

	switch (c->decode) {
	case DEC_NONE:
		return WFT_OK;
	case DEC_TOKENS:
		if (c->call.sink)
			return WFT_OK;
		return wft_decode_token_list(l, b, n, &res->tokens, e);
	case DEC_TOKENS_NEW:
		st = wft_decode_token_list(l, b, n, &res->tokens, e);
		if (st)
			return st;
		if (!res->tokens.n)
			return wft_error_set(e, WFT_ERR_PARSE, "%s: the answer lists no token", l);
		return wft_token_copy(&res->token, &res->tokens.items[res->tokens.n - 1]);
	case DEC_TOKEN:
		return wft_decode_token(l, b, n, &res->token, e);
	case DEC_ACCOUNT:
		return wft_decode_account(l, b, n, &res->account, e);
	case DEC_ACCOUNTS:
		return wft_decode_account_list(l, b, n, &res->accounts, e);
	case DEC_ROLES:
		return wft_decode_role_list(l, b, n, &res->roles, e);
	case DEC_GROUPS:
		return wft_decode_group_list(l, b, n, &res->groups, e);
	case DEC_SEARCH:
		return wft_decode_saved_search(l, b, n, &res->search, e);
	case DEC_SEARCHES:
		return wft_decode_saved_search_list(l, b, n, &res->searches, e);
	case DEC_FACET:
		return wft_decode_facet(l, b, n, &res->facet_values, &res->facet_page, e);
	case DEC_FACETS:
		return wft_decode_facets(l, b, n, &res->facets, e);
	}
	return WFT_OK;
}

void wft_api_set_dry_run(struct wft_api *api, bool on)
{
	api->cl.dry_run = on;
}

static enum wft_status page_take(struct wft_api_call *c, struct wft_api_result *res,
                                 size_t *got, bool *more);
static void page_finish(struct wft_api_call *c, struct wft_api_result *res);
static enum wft_status page_url(struct wft_api_call *c);
static enum wft_status page_body(struct wft_api_call *c);

/* Asks for the page after one of got items. */
static void page_next(struct wft_api_call *c, size_t got)
{
	struct wft_error e;

	wft_error_clear(&e);
	if (call_next_page(&c->call, &e) != WFT_OK) {
		call_fail(&c->call, &e);
		return;
	}
	c->page_offset += (long)got;
	if ((c->call.body ? page_body(c) : page_url(c)) != WFT_OK) {
		wft_error_set(&e, WFT_ERR_NOMEM, "out of memory");
		call_fail(&c->call, &e);
	} else if (call_send(&c->call, &e) != WFT_OK) {
		call_fail(&c->call, &e);
	}
}

static void on_answer(struct call *call, const struct wft_http_response *r, enum wft_status st,
                      const struct wft_error *err)
{
	struct wft_api_call *c = (struct wft_api_call *)call;
	struct wft_api_result res;

	memset(&res, 0, sizeof res);
	res.label = c->call.label;
	res.err = *err;
	if (st == WFT_OK && (st = decode(c, r, &res)) != WFT_OK && st != WFT_ERR_NOMEM) {
		/* The server said yes; only its answer is unreadable. A change was
		 * made: the caller must not report it as refused. */
		res.err.http_status = (int)r->status;
		res.err.body_unread = true;
	}
	if (st == WFT_OK && c->pages) {
		bool more = false;
		size_t got = 0;
		if ((st = page_take(c, &res, &got, &more)) != WFT_OK) {
			wft_error_set(&res.err, st, "%s: out of memory", c->call.label);
		} else if (more && got > 0) {
			/* Not the end yet: ask for the next page. */
			wft_api_result_clear(&res);
			page_next(c, got);
			return;
		} else {
			page_finish(c, &res);
		}
	}
	if (call_settle(&res.err, st, c->call.label)) {
		/* Keep only the error: nothing half-decoded reaches the caller. */
		struct wft_error keep = res.err;
		wft_api_result_clear(&res);
		memset(&res, 0, sizeof res);
		res.err = keep;
		res.label = c->call.label;
	}
	finish(c, &res);
}


/* ---- lists read to the end ---- */

/* Appends the items of list src (one page) to dst (the pages so far), and
 * keeps the page's paging fields. got: how many items the page held,
 * readable or not; more: whether the server said more follow. */
#define PAGE_APPEND(dst, src, got, more) do {                                         \
	if ((src).n) {                                                                \
		void *p_ = realloc((dst).items, ((dst).n + (src).n) * sizeof *(src).items); \
		if (!p_)                                                              \
			return WFT_ERR_NOMEM;                                         \
		(dst).items = p_;                                                     \
		memcpy((dst).items + (dst).n, (src).items, (src).n * sizeof *(src).items); \
		(dst).n += (src).n;                                                   \
	}                                                                             \
	*(got) = (src).n + (src).skipped;                                             \
	*(more) = (src).page.more_items;                                              \
	(dst).skipped += (src).skipped;                                               \
	free((src).items);                                                            \
	(src).items = NULL;                                                           \
	(src).n = (src).skipped = 0;                                                  \
	wft_page_clear(&(dst).page);                                                  \
	(dst).page = (src).page;                                                      \
	memset(&(src).page, 0, sizeof (src).page);                                    \
} while (0)

static enum wft_status page_take(struct wft_api_call *c, struct wft_api_result *res,
                                 size_t *got, bool *more)
{
	switch (c->decode) {
	case DEC_ROLES: PAGE_APPEND(c->acc.roles, res->roles, got, more); break;
	case DEC_GROUPS: PAGE_APPEND(c->acc.groups, res->groups, got, more); break;
	case DEC_SEARCHES: PAGE_APPEND(c->acc.searches, res->searches, got, more); break;
	case DEC_ACCOUNTS: PAGE_APPEND(c->acc.accounts, res->accounts, got, more); break;
	default: *got = 0; *more = false; break;
	}
	return WFT_OK;
}

/* The last page is in: the whole list goes to the caller. */
static void page_finish(struct wft_api_call *c, struct wft_api_result *res)
{
	switch (c->decode) {
	case DEC_ROLES: res->roles = c->acc.roles; memset(&c->acc.roles, 0, sizeof c->acc.roles); break;
	case DEC_GROUPS: res->groups = c->acc.groups; memset(&c->acc.groups, 0, sizeof c->acc.groups); break;
	case DEC_SEARCHES:
		res->searches = c->acc.searches;
		memset(&c->acc.searches, 0, sizeof c->acc.searches);
		break;
	case DEC_ACCOUNTS:
		res->accounts = c->acc.accounts;
		memset(&c->acc.accounts, 0, sizeof c->acc.accounts);
		break;
	default: break;
	}
}

/* The URL of the page at c->page_offset. */
static enum wft_status page_url(struct wft_api_call *c)
{
	size_t n = strlen(c->url_base) + 64;
	char *u = malloc(n);

	if (!u)
		return WFT_ERR_NOMEM;
	snprintf(u, n, "%s?offset=%ld&limit=%ld", c->url_base, c->page_offset, c->page_limit);
	free(c->call.url);
	c->call.url = u;
	return WFT_OK;
}

/* A search (POST with a SortableSearchRequest) pages in its body: the
 * same request again, its offset moved to c->page_offset. */
static enum wft_status page_body(struct wft_api_call *c)
{
	json_object *o = json_tokener_parse(c->call.body), *off;
	const char *s;
	char *nb;

	if (!o || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return WFT_ERR_NOMEM;
	}
	off = json_object_new_int64(c->page_offset);
	if (!off || json_object_object_add(o, "offset", off) != 0) {
		json_object_put(off);
		json_object_put(o);
		return WFT_ERR_NOMEM;
	}
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	nb = s ? strdup(s) : NULL;
	if (s)
		wft_wipe((char *)s, strlen(s));
	json_object_put(o);
	if (!nb)
		return WFT_ERR_NOMEM;
	wft_wipe(c->call.body, c->call.body_len);
	free(c->call.body);
	c->call.body = nb;
	c->call.body_len = strlen(nb);
	return WFT_OK;
}

struct spec {
	const char *method;
	const char *label;
	const char *path;            /* fixed prefix */
	const char *seg[2];          /* escaped segments appended after path */
	const char *suffix;          /* fixed tail, e.g. "/activate" or "?offset=..." */
	enum wft_api_op op;
	const char *permission;
	bool idempotent;
	enum decode decode;
	char *body;                  /* taken over (wiped and freed by the call) */
	wft_http_sink_fn sink;
	/* Read the list to its end: pages of page_limit from page_offset;
	 * suffix is then the first page's ?offset=...&limit=... (or NULL). */
	bool pages;
	long page_offset, page_limit;
};

static struct wft_api_call *start(struct wft_api *api, struct spec *s, WFT_API_ARGS)
{
	struct wft_api_call *c;
	struct call_path p = { .path = s->path, .seg = { s->seg[0], s->seg[1] }, .plain = ":@" };

	/* The label names one {placeholder} per path segment the call needs. */
	for (int i = 0; i < 2; i++)
		if (i < (int)(strchr(s->label, '{') != NULL) + (int)(strstr(s->label, "}/{") != NULL) &&
		    !s->seg[i]) {
			wft_error_set(err, WFT_ERR_INVALID, "%s: an empty or overlong identifier",
			              s->label);
			goto fail;
		}
	if (call_check_segments(s->seg, s->label, err) != WFT_OK)
		goto fail;
	if (!done) {
		wft_error_set(err, WFT_ERR_INVALID, "a call needs a callback");
		goto fail;
	}
	if (!(c = calloc(1, sizeof *c))) {
		wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		goto fail;
	}
	if (s->pages)
		c->url_base = call_url(api->cl.origin, &p);
	p.suffix = s->suffix;
	c->call.url = call_url(api->cl.origin, &p);
	if (s->pages && !c->url_base) {
		free(c->call.url);
		c->call.url = NULL;   /* call_start then fails for want of memory */
	}
	c->pages = s->pages;
	c->page_offset = s->page_offset;
	c->page_limit = s->page_limit;
	c->call.method = s->method;
	c->call.label = s->label;
	c->call.body = s->body;
	c->call.body_len = s->body ? strlen(s->body) : 0;
	c->call.ctx = (struct wft_api_ctx){ s->label, s->op, s->permission };
	c->call.idempotent = s->idempotent;
	/* The searches are POSTs that change nothing. */
	c->call.read = strncmp(s->label, "POST /api/v2/search/", 20) == 0;
	c->call.sink = s->sink;
	c->call.sink_ud = ud;
	c->decode = s->decode;
	c->done = done;
	c->ud = ud;
	return call_start(&api->cl, &c->call, err) == WFT_OK ? c : NULL;
fail:
	if (s->body) {
		wft_wipe(s->body, strlen(s->body));
		free(s->body);
	}
	return NULL;
}

bool wft_api_done_unread(const struct wft_error *err)
{
	return err && err->code != WFT_OK && wft_outcome_of(err) == WFT_OUTCOME_DONE_UNREAD;
}

bool wft_api_maybe_done(const struct wft_error *err)
{
	enum wft_outcome o = wft_outcome_of(err);

	return err && err->code != WFT_OK &&
	       (o == WFT_OUTCOME_DONE_UNREAD || o == WFT_OUTCOME_UNCONFIRMED);
}

void wft_api_cancel(struct wft_api *api, struct wft_api_call *c)
{
	call_cancel(&api->cl, c ? &c->call : NULL);
}

void wft_api_free(struct wft_api *api)
{
	if (!api)
		return;
	call_client_clear(&api->cl);
	free(api);
}

size_t wft_api_pending(const struct wft_api *api)
{
	return call_pending(&api->cl);
}

enum wft_status wft_api_wait(struct wft_api *api, struct wft_api_call *call,
                             struct wft_error *err)
{
	return call_wait(&api->cl, call ? &call->call : NULL, err);
}

/* ---- bodies ---- */

static bool add_str(json_object *o, const char *key, const char *v)
{
	json_object *s = json_object_new_string(v ? v : "");

	return s && json_object_object_add(o, key, s) == 0;
}

static json_object *token_body(const char *id, const char *name)
{
	json_object *o = json_object_new_object();

	if (o && ((id && !add_str(o, "tokenID", id)) || (name && !add_str(o, "tokenName", name)))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* A token body's JSON, with the id's copy inside json-c wiped. */
static char *token_json(const char *id, const char *name)
{
	json_object *o = token_body(id, name), *v;

	if (o && id && json_object_object_get_ex(o, "tokenID", &v))
	{
		char *out = call_json_take(json_object_get(o));
		wft_wipe((char *)json_object_get_string(v), (size_t)json_object_get_string_len(v));
		json_object_put(o);
		return out;
	}
	return call_json_take(o);
}

static const char *match_name(enum wft_match m)
{
	switch (m) {
	case WFT_MATCH_STARTSWITH: return "STARTSWITH";
	case WFT_MATCH_EXACT: return "EXACT";
	case WFT_MATCH_TAGPATH: return "TAGPATH";
	default: return "CONTAINS";
	}
}

static json_object *strv_json(const char *const *v, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; a && i < n; i++) {
		json_object *s = json_object_new_string(v[i] ? v[i] : "");
		if (!s || json_object_array_add(a, s)) {
			json_object_put(s);
			json_object_put(a);
			return NULL;
		}
	}
	return a;
}

char *wft_api_search_body(const struct wft_search_request *rq, enum wft_search_body kind,
                          const char *const *facets, size_t n_facets)
{
	json_object *o = json_object_new_object(), *q = json_object_new_array();
	long limit = rq->limit > 0 ? rq->limit : 100;
	bool ok = o && q;

	if (limit > 1000)
		limit = 1000;
	for (size_t i = 0; ok && i < rq->n_terms; i++) {
		const struct wft_search_term *t = &rq->terms[i];
		json_object *e = json_object_new_object();
		ok = e && json_object_array_add(q, e) == 0;
		if (!ok) {
			json_object_put(e);
			break;
		}
		ok = add_str(e, "key", t->key) &&
		     add_str(e, "matchingMethod", match_name(t->match)) &&
		     json_object_object_add(e, "negated", json_object_new_boolean(t->negated)) == 0;
		if (ok && t->values) {
			json_object *vs = strv_json(t->values, t->n_values);
			ok = vs && json_object_object_add(e, "values", vs) == 0;
		} else if (ok && t->value) {
			ok = add_str(e, "value", t->value);
		}
		if (ok && t->has_start)
			ok = json_object_object_add(e, "start", json_object_new_int64(t->start)) == 0;
		if (ok && t->has_end)
			ok = json_object_object_add(e, "end", json_object_new_int64(t->end)) == 0;
	}
	if (ok)
		ok = json_object_object_add(o, "query", q) == 0;
	else
		json_object_put(q);
	/* Only SortableSearchRequest (an entity search) has a sort. */
	if (ok && rq->sort_field && kind == WFT_SEARCH_ENTITIES) {
		json_object *s = json_object_new_object();
		ok = s && add_str(s, "field", rq->sort_field) &&
		     json_object_object_add(s, "ascending", json_object_new_boolean(rq->ascending)) == 0;
		ok = ok && json_object_object_add(o, "sort", s) == 0;
	}
	if (ok && rq->facet_query && kind != WFT_SEARCH_ENTITIES)
		ok = add_str(o, "facetQuery", rq->facet_query) &&
		     add_str(o, "facetQueryMatchingMethod", match_name(rq->facet_match));
	if (ok && kind == WFT_SEARCH_FACETS) {
		json_object *f = strv_json(facets, facets ? n_facets : 0);
		ok = f && json_object_object_add(o, "facets", f) == 0;
	}
	/* Pages are read by offset: the official request models have offset
	 * and limit and no cursor (FacetsSearchRequestContainer has neither
	 * offset nor sort). */
	if (ok && kind != WFT_SEARCH_FACETS)
		ok = json_object_object_add(o, "offset",
		                            json_object_new_int64(rq->offset < 0 ? 0 : rq->offset)) == 0;
	if (ok)
		ok = json_object_object_add(o, "limit", json_object_new_int64(limit)) == 0;
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return call_json_take(o);
}

char *wft_api_account_body(const struct wft_service_account *a)
{
	json_object *o = json_object_new_object(), *arr;
	bool ok = o && add_str(o, "identifier", a->identifier) &&
	          json_object_object_add(o, "active", json_object_new_boolean(a->active)) == 0 &&
	          add_str(o, "description", a->description);

	if (ok) {
		arr = strv_json((const char *const *)a->groups.items, a->groups.n);
		ok = arr && json_object_object_add(o, "groups", arr) == 0;
	}
	if (ok) {
		arr = json_object_new_array();
		for (size_t i = 0; arr && i < a->n_roles; i++)
			json_object_array_add(arr, json_object_new_string(a->roles[i].id ? a->roles[i].id : ""));
		ok = arr && json_object_object_add(o, "roles", arr) == 0;
	}
	if (ok) {
		arr = json_object_new_array();
		for (size_t i = 0; arr && i < a->n_user_groups; i++)
			json_object_array_add(arr, json_object_new_string(
				a->user_groups[i].id ? a->user_groups[i].id : ""));
		ok = arr && json_object_object_add(o, "userGroups", arr) == 0;
	}
	if (ok) {
		arr = json_object_new_array();
		for (size_t i = 0; arr && i < a->n_tokens; i++)
			json_object_array_add(arr, json_object_new_string(
				a->tokens[i].id ? a->tokens[i].id : ""));
		ok = arr && json_object_object_add(o, "tokens", arr) == 0;
		/* Token ids are secrets: wipe json-c's copies after serialising. */
		if (ok) {
			char *out = call_json_take(json_object_get(o));
			for (size_t i = 0; i < json_object_array_length(arr); i++) {
				json_object *s = json_object_array_get_idx(arr, i);
				wft_wipe((char *)json_object_get_string(s),
				         (size_t)json_object_get_string_len(s));
			}
			json_object_put(o);
			return out;
		}
	}
	json_object_put(o);
	return NULL;
}

char *wft_api_saved_search_body(const struct wft_saved_search *s)
{
	json_object *o = json_object_new_object(), *q = json_object_new_object();
	bool ok = o && q && add_str(q, s->name, s->query) &&
	          json_object_object_add(o, "query", q) == 0;

	if (!ok)
		json_object_put(q);
	ok = ok && add_str(o, "entityType",
	                   s->entity_type && *s->entity_type ? s->entity_type : "TOKEN");
	if (ok && s->id)
		ok = add_str(o, "id", s->id);
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return call_json_take(o);
}

/* ---- endpoints ---- */

#define GO(...) do { struct spec s_ = { __VA_ARGS__ }; return start(api, &s_, done, ud, err); } while (0)

static char *need_body(char *b, struct wft_error *err)
{
	if (!b)
		wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	return b;
}

struct wft_api_call *wft_api_my_tokens(struct wft_api *api, WFT_API_ARGS)
{
	GO(.method = "GET", .label = "GET /api/v2/apitoken", .path = "/api/v2/apitoken",
	   .idempotent = true, .decode = DEC_TOKENS);
}

struct wft_api_call *wft_api_generate_my_token(struct wft_api *api, WFT_API_ARGS)
{
	GO(.method = "POST", .label = "POST /api/v2/apitoken", .path = "/api/v2/apitoken",
	   .op = WFT_OP_GENERATE, .permission = "API Tokens", .decode = DEC_TOKENS_NEW);
}

struct wft_api_call *wft_api_rename_my_token(struct wft_api *api, const char *id,
                                             const char *name, WFT_API_ARGS)
{
	char *b = need_body(token_json(id, name), err);

	if (!b)
		return NULL;
	GO(.method = "PUT", .label = "PUT /api/v2/apitoken/{id}", .path = "/api/v2/apitoken",
	   .seg = { id }, .op = WFT_OP_WRITE, .idempotent = true, .decode = DEC_TOKEN, .body = b);
}

struct wft_api_call *wft_api_revoke_my_token(struct wft_api *api, const char *id,
                                             WFT_API_ARGS)
{
	GO(.method = "DELETE", .label = "DELETE /api/v2/apitoken/{id}", .path = "/api/v2/apitoken",
	   .seg = { id }, .op = WFT_OP_REVOKE, .decode = DEC_TOKENS);
}

struct wft_api_call *wft_api_account_tokens(struct wft_api *api, const char *account,
                                            WFT_API_ARGS)
{
	GO(.method = "GET", .label = "GET /api/v2/apitoken/serviceaccount/{id}",
	   .path = "/api/v2/apitoken/serviceaccount", .seg = { account }, .idempotent = true,
	   .decode = DEC_TOKENS);
}

struct wft_api_call *wft_api_generate_account_token(struct wft_api *api, const char *account,
                                                    const char *name, WFT_API_ARGS)
{
	char *b = need_body(token_json(NULL, name), err);

	if (!b)
		return NULL;
	GO(.method = "POST", .label = "POST /api/v2/apitoken/serviceaccount/{id}",
	   .path = "/api/v2/apitoken/serviceaccount", .seg = { account },
	   .op = WFT_OP_GENERATE, .decode = DEC_TOKENS_NEW, .body = b);
}

struct wft_api_call *wft_api_rename_account_token(struct wft_api *api, const char *account,
                                                  const char *id, const char *name,
                                                  WFT_API_ARGS)
{
	char *b = need_body(token_json(id, name), err);

	if (!b)
		return NULL;
	GO(.method = "PUT", .label = "PUT /api/v2/apitoken/serviceaccount/{id}/{token}",
	   .path = "/api/v2/apitoken/serviceaccount", .seg = { account, id },
	   .op = WFT_OP_WRITE, .idempotent = true, .decode = DEC_TOKEN, .body = b);
}

struct wft_api_call *wft_api_revoke_account_token(struct wft_api *api, const char *account,
                                                  const char *id, WFT_API_ARGS)
{
	GO(.method = "DELETE", .label = "DELETE /api/v2/apitoken/serviceaccount/{id}/{token}",
	   .path = "/api/v2/apitoken/serviceaccount", .seg = { account, id },
	   .op = WFT_OP_REVOKE, .decode = DEC_TOKENS);
}

struct wft_api_call *wft_api_customer_tokens(struct wft_api *api, wft_http_sink_fn sink,
                                             WFT_API_ARGS)
{
	GO(.method = "GET", .label = "GET /api/v2/apitoken/customertokens",
	   .path = "/api/v2/apitoken/customertokens", .idempotent = true,
	   .decode = DEC_TOKENS, .sink = sink);
}

struct wft_api_call *wft_api_customer_token(struct wft_api *api, const char *id,
                                            WFT_API_ARGS)
{
	GO(.method = "GET", .label = "GET /api/v2/apitoken/customertokens/{id}",
	   .path = "/api/v2/apitoken/customertokens", .seg = { id }, .idempotent = true,
	   .decode = DEC_TOKEN);
}

struct wft_api_call *wft_api_revoke_token(struct wft_api *api, const char *id,
                                          WFT_API_ARGS)
{
	char *b;

	if (!id || !*id) {
		wft_error_set(err, WFT_ERR_INVALID, "no token to revoke");
		return NULL;
	}
	if (!(b = need_body(token_json(id, NULL), err)))
		return NULL;
	GO(.method = "PUT", .label = "PUT /api/v2/apitoken/customertokens/revoke",
	   .path = "/api/v2/apitoken/customertokens/revoke", .op = WFT_OP_REVOKE,
	   .decode = DEC_NONE, .body = b);
}

struct wft_api_call *wft_api_search_tokens(struct wft_api *api,
                                           const struct wft_search_request *rq,
                                           WFT_API_ARGS)
{
	char *b = need_body(wft_api_search_body(rq, WFT_SEARCH_ENTITIES, NULL, 0), err);

	if (!b)
		return NULL;
	GO(.method = "POST", .label = "POST /api/v2/search/token", .path = "/api/v2/search/token",
	   .idempotent = true, .decode = DEC_TOKENS, .body = b);
}

struct wft_api_call *wft_api_search_token_facet(struct wft_api *api, const char *facet,
                                                const struct wft_search_request *rq,
                                                WFT_API_ARGS)
{
	char *b = need_body(wft_api_search_body(rq, WFT_SEARCH_FACET, NULL, 0), err);

	if (!b)
		return NULL;
	GO(.method = "POST", .label = "POST /api/v2/search/token/{facet}",
	   .path = "/api/v2/search/token", .seg = { facet }, .idempotent = true,
	   .decode = DEC_FACET, .body = b);
}

struct wft_api_call *wft_api_search_token_facets(struct wft_api *api,
                                                 const char *const *facets, size_t n,
                                                 const struct wft_search_request *rq,
                                                 WFT_API_ARGS)
{
	static const char *const none[1] = { NULL };
	char *b = need_body(wft_api_search_body(rq, WFT_SEARCH_FACETS, facets ? facets : none, n),
	                    err);

	if (!b)
		return NULL;
	GO(.method = "POST", .label = "POST /api/v2/search/token/facets",
	   .path = "/api/v2/search/token/facets", .idempotent = true, .decode = DEC_FACETS,
	   .body = b);
}

struct wft_api_call *wft_api_search_accounts(struct wft_api *api,
                                             const struct wft_search_request *rq,
                                             WFT_API_ARGS)
{
	char *b = need_body(wft_api_search_body(rq, WFT_SEARCH_ENTITIES, NULL, 0), err);

	if (!b)
		return NULL;
	/* Read to its end: the next page is the same body at offset + got. */
	GO(.method = "POST", .label = "POST /api/v2/search/serviceaccount",
	   .path = "/api/v2/search/serviceaccount", .idempotent = true,
	   .decode = DEC_ACCOUNTS, .body = b, .pages = true,
	   .page_offset = rq->offset < 0 ? 0 : rq->offset,
	   .page_limit = rq->limit <= 0 ? 100 : rq->limit > 1000 ? 1000 : rq->limit);
}

struct wft_api_call *wft_api_accounts(struct wft_api *api, WFT_API_ARGS)
{
	/* Documented as not paged; an answer that is a page all the same is
	 * followed to its end. */
	GO(.method = "GET", .label = "GET /api/v2/account/serviceaccount",
	   .path = "/api/v2/account/serviceaccount", .idempotent = true, .decode = DEC_ACCOUNTS,
	   .pages = true, .page_offset = 0, .page_limit = 1000);
}

struct wft_api_call *wft_api_account(struct wft_api *api, const char *id, WFT_API_ARGS)
{
	GO(.method = "GET", .label = "GET /api/v2/account/serviceaccount/{id}",
	   .path = "/api/v2/account/serviceaccount", .seg = { id }, .idempotent = true,
	   .decode = DEC_ACCOUNT);
}

static bool valid_sa(const struct wft_service_account *a, struct wft_error *err)
{
	if (!a->identifier || strncmp(a->identifier, "sa::", 4) != 0 || !a->identifier[4]) {
		wft_error_set(err, WFT_ERR_INVALID,
		              "a service account identifier starts with sa:: and has a name");
		return false;
	}
	return true;
}

struct wft_api_call *wft_api_create_account(struct wft_api *api,
                                            const struct wft_service_account *a,
                                            WFT_API_ARGS)
{
	char *b;

	if (!valid_sa(a, err) || !(b = need_body(wft_api_account_body(a), err)))
		return NULL;
	GO(.method = "POST", .label = "POST /api/v2/account/serviceaccount",
	   .path = "/api/v2/account/serviceaccount", .op = WFT_OP_CREATE_ACCOUNT,
	   .decode = DEC_ACCOUNT, .body = b);
}

struct wft_api_call *wft_api_update_account(struct wft_api *api,
                                            const struct wft_service_account *a,
                                            WFT_API_ARGS)
{
	char *b;

	if (!valid_sa(a, err) || !(b = need_body(wft_api_account_body(a), err)))
		return NULL;
	GO(.method = "PUT", .label = "PUT /api/v2/account/serviceaccount/{id}",
	   .path = "/api/v2/account/serviceaccount", .seg = { a->identifier },
	   .op = WFT_OP_WRITE, .idempotent = true, .decode = DEC_ACCOUNT, .body = b);
}

struct wft_api_call *wft_api_activate_account(struct wft_api *api, const char *id,
                                              WFT_API_ARGS)
{
	GO(.method = "POST", .label = "POST /api/v2/account/serviceaccount/{id}/activate",
	   .path = "/api/v2/account/serviceaccount", .seg = { id }, .suffix = "/activate",
	   .op = WFT_OP_WRITE, .idempotent = true, .decode = DEC_ACCOUNT);
}

struct wft_api_call *wft_api_deactivate_account(struct wft_api *api, const char *id,
                                                WFT_API_ARGS)
{
	GO(.method = "POST", .label = "POST /api/v2/account/serviceaccount/{id}/deactivate",
	   .path = "/api/v2/account/serviceaccount", .seg = { id }, .suffix = "/deactivate",
	   .op = WFT_OP_WRITE, .idempotent = true, .decode = DEC_ACCOUNT);
}

struct wft_api_call *wft_api_delete_account(struct wft_api *api, const char *id,
                                            WFT_API_ARGS)
{
	GO(.method = "DELETE", .label = "DELETE /api/v2/account/{id}", .path = "/api/v2/account",
	   .seg = { id }, .op = WFT_OP_WRITE, .decode = DEC_NONE);
}

static long page_limit(long limit)
{
	return limit <= 0 ? 100 : limit > 1000 ? 1000 : limit;
}

static void paging_suffix(char *out, size_t n, long offset, long limit)
{
	snprintf(out, n, "?offset=%ld&limit=%ld", offset < 0 ? 0 : offset, page_limit(limit));
}

struct wft_api_call *wft_api_roles(struct wft_api *api, long offset, long limit,
                                   WFT_API_ARGS)
{
	char q[64];

	paging_suffix(q, sizeof q, offset, limit);
	GO(.method = "GET", .label = "GET /api/v2/role", .path = "/api/v2/role", .suffix = q,
	   .idempotent = true, .decode = DEC_ROLES, .pages = true,
	   .page_offset = offset < 0 ? 0 : offset, .page_limit = page_limit(limit));
}

struct wft_api_call *wft_api_groups(struct wft_api *api, long offset, long limit,
                                    WFT_API_ARGS)
{
	char q[64];

	paging_suffix(q, sizeof q, offset, limit);
	GO(.method = "GET", .label = "GET /api/v2/usergroup", .path = "/api/v2/usergroup",
	   .suffix = q, .idempotent = true, .decode = DEC_GROUPS, .pages = true,
	   .page_offset = offset < 0 ? 0 : offset, .page_limit = page_limit(limit));
}

struct wft_api_call *wft_api_saved_searches(struct wft_api *api, long offset, long limit,
                                            WFT_API_ARGS)
{
	char q[64];

	paging_suffix(q, sizeof q, offset, limit);
	GO(.method = "GET", .label = "GET /api/v2/savedsearch/type/TOKEN",
	   .path = "/api/v2/savedsearch/type/TOKEN", .suffix = q, .idempotent = true,
	   .decode = DEC_SEARCHES, .pages = true,
	   .page_offset = offset < 0 ? 0 : offset, .page_limit = page_limit(limit));
}

struct wft_api_call *wft_api_saved_search(struct wft_api *api, const char *id,
                                          WFT_API_ARGS)
{
	GO(.method = "GET", .label = "GET /api/v2/savedsearch/{id}",
	   .path = "/api/v2/savedsearch", .seg = { id }, .idempotent = true,
	   .decode = DEC_SEARCH);
}

struct wft_api_call *wft_api_create_saved_search(struct wft_api *api,
                                                 const struct wft_saved_search *s,
                                                 WFT_API_ARGS)
{
	char *b;

	if (!s->name || !*s->name) {
		wft_error_set(err, WFT_ERR_INVALID, "a saved search needs a name");
		return NULL;
	}
	if (!(b = need_body(wft_api_saved_search_body(s), err)))
		return NULL;
	GO(.method = "POST", .label = "POST /api/v2/savedsearch", .path = "/api/v2/savedsearch",
	   .op = WFT_OP_WRITE, .decode = DEC_SEARCH, .body = b);
}

struct wft_api_call *wft_api_update_saved_search(struct wft_api *api,
                                                 const struct wft_saved_search *s,
                                                 WFT_API_ARGS)
{
	char *b;

	if (!s->id || !*s->id || !s->name || !*s->name) {
		wft_error_set(err, WFT_ERR_INVALID, "a saved search to update needs an id and a name");
		return NULL;
	}
	if (!(b = need_body(wft_api_saved_search_body(s), err)))
		return NULL;
	GO(.method = "PUT", .label = "PUT /api/v2/savedsearch/{id}", .path = "/api/v2/savedsearch",
	   .seg = { s->id }, .op = WFT_OP_WRITE, .idempotent = true, .decode = DEC_SEARCH,
	   .body = b);
}

struct wft_api_call *wft_api_delete_saved_search(struct wft_api *api, const char *id,
                                                 WFT_API_ARGS)
{
	GO(.method = "DELETE", .label = "DELETE /api/v2/savedsearch/{id}",
	   .path = "/api/v2/savedsearch", .seg = { id }, .op = WFT_OP_WRITE,
	   .decode = DEC_NONE);
}
