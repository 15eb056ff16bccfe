/* csp_api.c: the VMware Cloud services administration calls. One generic
 * call (sign in, send, sign in again once after a 401, check, decode, hand
 * back), which also sends a long id list batch after batch and follows a
 * list's nextLink to its end; the endpoints are thin declarations over it.
 * Secrets (a token value sent, an API token or a client secret received)
 * are noted (mask.h) while held and wiped when dropped. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apierror.h"
#include "call.h"
#include "csp_api.h"
#include "csp_dec.h"
#include "mask.h"
#include "outcome.h"


/* ---------------------------------------------------------------- records */

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

void csp_role_list_free(struct csp_role *roles, size_t n)
{
	for (size_t i = 0; roles && i < n; i++) {
		free(roles[i].name);
		free(roles[i].resource);
	}
	free(roles);
}

void csp_scopes_clear(struct csp_scopes *s)
{
	csp_role_list_free(s->org_roles, s->n_org_roles);
	for (size_t i = 0; s->services && i < s->n_services; i++) {
		free(s->services[i].service_id);
		csp_role_list_free(s->services[i].roles, s->services[i].n_roles);
	}
	free(s->services);
	free_strv(s->general, s->n_general);
	memset(s, 0, sizeof *s);
}

void csp_token_details_clear(struct csp_token_details *d)
{
	free(d->token_id);
	free(d->token_name);
	free(d->org_id);
	free(d->user_id);
	free(d->username);
	free_strv(d->scope, d->n_scope);
	csp_scopes_clear(&d->allowed);
	memset(d, 0, sizeof *d);
}

void csp_oauth_app_clear(struct csp_oauth_app *a)
{
	free(a->id);
	free(a->display_name);
	free(a->description);
	free(a->created_by);
	csp_scopes_clear(&a->allowed);
	free_strv(a->grant_types, a->n_grant_types);
	memset(a, 0, sizeof *a);
}

void csp_oauth_app_list_clear(struct csp_oauth_app_list *l)
{
	for (size_t i = 0; l->items && i < l->n; i++)
		csp_oauth_app_clear(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof *l);
}

void csp_api_token_free(char *api_token)
{
	if (!api_token)
		return;
	wft_secret_forget(api_token);
	wft_free_secret(api_token);
}

void csp_api_secret_clear(struct csp_app_secret *s)
{
	free(s->client_id);
	csp_api_token_free(s->client_secret);
	memset(s, 0, sizeof *s);
}

void csp_batch_clear(struct csp_batch *b)
{
	free_strv(b->successes, b->n_successes);
	for (size_t i = 0; b->failures && i < b->n_failures; i++) {
		free(b->failures[i].id);
		free(b->failures[i].message);
	}
	free(b->failures);
	free_strv(b->unconfirmed, b->n_unconfirmed);
	free_strv(b->unsent, b->n_unsent);
	memset(b, 0, sizeof *b);
}

void csp_api_result_clear(struct csp_api_result *r)
{
	csp_token_details_clear(&r->details);
	csp_api_token_free(r->api_token);
	r->api_token = NULL;
	csp_oauth_app_clear(&r->app);
	csp_oauth_app_list_clear(&r->apps);
	csp_api_secret_clear(&r->secret);
	csp_batch_clear(&r->batch);
}

wft_millis csp_api_time_ms(int64_t v)
{
	if (v > 0 && v < INT64_C(100000000000))
		return (wft_millis)v * 1000;
	return v < 0 ? 0 : (wft_millis)v;
}

enum wft_status csp_api_decode_details(const char *body, size_t len,
                                       struct csp_token_details *out, struct wft_error *err)
{
	struct csp_dec d = { "the token details", err };
	json_object *root;
	enum wft_status st;

	memset(out, 0, sizeof *out);
	if ((st = csp_dec_object(&d, body, len, &root)) == WFT_OK)
		st = csp_dec_details(&d, root, out);
	json_object_put(root);
	if (st)
		csp_token_details_clear(out);
	return st;
}

enum wft_status csp_api_decode_app(const char *body, size_t len, struct csp_oauth_app *out,
                                   struct wft_error *err)
{
	struct csp_dec d = { "the OAuth app", err };
	json_object *root;
	enum wft_status st;

	memset(out, 0, sizeof *out);
	if ((st = csp_dec_object(&d, body, len, &root)) == WFT_OK)
		st = csp_dec_app(&d, root, out);
	json_object_put(root);
	if (st)
		csp_oauth_app_clear(out);
	return st;
}

/* ------------------------------------------------------------- the engine */

enum decode {
	DEC_NONE,
	DEC_DETAILS,
	DEC_API_TOKEN,
	DEC_APP,
	DEC_APP_OPTIONAL,   /* an app when the answer holds one */
	DEC_APPS,           /* pages followed by nextLink */
	DEC_SECRET,
	DEC_BATCH_TOKENS,   /* {successes, failures[{id, message}]} */
	DEC_BATCH_DELETE,   /* {succeeded, failed} */
	DEC_BATCH_CLIENTS,  /* {failures} */
};

struct csp_api {
	struct call_client cl;
};

struct csp_api_call {
	struct call call;   /* first: the call layer's part */
	enum decode decode;
	csp_api_done_fn done;
	void *ud;
	/* Batches: ids[pos .. pos + batch_n) are in flight. */
	char **ids;
	size_t n_ids, pos, batch_n, batch_max;
	const char *ids_key;     /* "ids", "clientIdsToDelete" */
	json_object *extra;      /* more members of every batch's body */
	struct csp_batch batch;
	/* Pages: */
	struct csp_oauth_app_list apps;
};

static void on_answer(struct call *call, const struct wft_http_response *r, enum wft_status st,
                      const struct wft_error *err);
static void on_fail(struct call *call, const struct wft_error *err);
static void on_release(struct call *call);
static void batch_stop(struct csp_api_call *c, const struct wft_error *e);

static const struct call_ops csp_call_ops = { on_answer, on_fail, on_release };

enum wft_status csp_api_new(struct csp_api **out, const char *csp_url, struct wft_http *http,
                            struct wft_auth *auth, struct wft_error *err)
{
	struct csp_api *api;
	enum wft_status st;

	*out = NULL;
	if (!csp_url)
		csp_url = WFT_CSP_DEFAULT_URL;
	if (!(api = calloc(1, sizeof *api)))
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	if ((st = call_client_init(&api->cl, csp_url, http, auth, &csp_call_ops, err))) {
		free(api);
		return st;
	}
	*out = api;
	return WFT_OK;
}

void csp_api_set_dry_run(struct csp_api *api, bool on)
{
	api->cl.dry_run = on;
}

static void on_release(struct call *call)
{
	struct csp_api_call *c = (struct csp_api_call *)call;

	free_strv(c->ids, c->n_ids);
	json_object_put(c->extra);
	csp_batch_clear(&c->batch);
	csp_oauth_app_list_clear(&c->apps);
}

static void finish(struct csp_api_call *c, struct csp_api_result *res)
{
	c->done(c->ud, res);
	csp_api_result_clear(res);
	call_end(&c->call);
}

/* Ends a call with err before (or without) its request going out. A
 * batched call keeps what earlier batches got; the rest is unsent. */
static void on_fail(struct call *call, const struct wft_error *err)
{
	struct csp_api_call *c = (struct csp_api_call *)call;
	struct csp_api_result res;

	memset(&res, 0, sizeof res);
	res.err = *err;
	res.label = c->call.label;
	if (c->ids) {
		c->batch_n = 0;
		batch_stop(c, &res.err);
		res.batch = c->batch;
		memset(&c->batch, 0, sizeof c->batch);
	}
	finish(c, &res);
}

/* ---- batches ---- */

static bool strv_push(char ***v, size_t *n, const char *s)
{
	char **p = realloc(*v, (*n + 1) * sizeof *p);

	if (!p)
		return false;
	*v = p;
	if (!(p[*n] = strdup(s ? s : "")))
		return false;
	(*n)++;
	return true;
}

static bool failure_push(struct csp_batch *b, const char *id, const char *msg)
{
	struct csp_failure *p = realloc(b->failures, (b->n_failures + 1) * sizeof *p);
	char clean[WFT_SERVICE_MESSAGE_MAX + 1];

	if (!p)
		return false;
	b->failures = p;
	/* The server's words, cleaned as any service message is. */
	clean[0] = '\0';
	if (msg && *msg) {
		json_object *o = json_object_new_object();
		const char *txt;
		if (o && json_object_object_add(o, "message", json_object_new_string(msg)) == 0 &&
		    (txt = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN)))
			wft_apierror_service_message(txt, strlen(txt), clean, sizeof clean, NULL);
		json_object_put(o);
	}
	p[b->n_failures].id = strdup(id ? id : "");
	p[b->n_failures].message = strdup(clean);
	if (!p[b->n_failures].id || !p[b->n_failures].message) {
		free(p[b->n_failures].id);
		free(p[b->n_failures].message);
		return false;
	}
	b->n_failures++;
	return true;
}

static bool batch_has(const struct csp_api_call *c, const char *id)
{
	for (size_t i = c->pos; i < c->pos + c->batch_n; i++)
		if (strcmp(c->ids[i], id) == 0)
			return true;
	return false;
}

/* The body of the batch starting at c->pos. */
static enum wft_status batch_body(struct csp_api_call *c)
{
	json_object *o = c->extra ? json_object_get(c->extra) : json_object_new_object();
	json_object *arr = json_object_new_array();
	const char *s;

	c->batch_n = c->n_ids - c->pos < c->batch_max ? c->n_ids - c->pos : c->batch_max;
	if (!o || !arr) {
		json_object_put(o);
		json_object_put(arr);
		return WFT_ERR_NOMEM;
	}
	for (size_t i = 0; i < c->batch_n; i++)
		json_object_array_add(arr, json_object_new_string(c->ids[c->pos + i]));
	json_object_object_add(o, c->ids_key, arr);
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	if (c->call.body) {
		wft_wipe(c->call.body, c->call.body_len);
		free(c->call.body);
	}
	c->call.body = s ? strdup(s) : NULL;
	c->call.body_len = c->call.body ? strlen(c->call.body) : 0;
	json_object_object_del(o, c->ids_key);
	json_object_put(o);
	return c->call.body ? WFT_OK : WFT_ERR_NOMEM;
}

/* A list of ids or of {id, message} objects (or {id} with another words
 * key); adds each to successes or failures. Only ids of the batch count:
 * the server has no say over ids it was not sent. */
static enum wft_status batch_list(struct csp_dec *d, struct csp_api_call *c, json_object *root,
                                  const char *key, bool failures, size_t *named)
{
	json_object *v = csp_dec_field(root, key);
	size_t n;

	if (!v)
		return WFT_OK;
	if (!json_object_is_type(v, json_type_array))
		return csp_dec_bad(d, key, "is not a list");
	n = json_object_array_length(v);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(v, i), *x;
		const char *id = NULL, *msg = NULL;
		if (json_object_is_type(e, json_type_string)) {
			id = json_object_get_string(e);
		} else if (json_object_is_type(e, json_type_object)) {
			if ((x = csp_dec_field(e, "id")) && json_object_is_type(x, json_type_string))
				id = json_object_get_string(x);
			else if ((x = csp_dec_field(e, "clientId")) && json_object_is_type(x, json_type_string))
				id = json_object_get_string(x);
			if ((x = csp_dec_field(e, "message")) && json_object_is_type(x, json_type_string))
				msg = json_object_get_string(x);
			else if ((x = csp_dec_field(e, "reason")) && json_object_is_type(x, json_type_string))
				msg = json_object_get_string(x);
		}
		if (!id)
			return csp_dec_bad(d, key, "holds an entry without an id");
		if (!batch_has(c, id))
			continue;
		(*named)++;
		if (failures ? !failure_push(&c->batch, id, msg)
		             : !strv_push(&c->batch.successes, &c->batch.n_successes, id))
			return csp_dec_nomem(d);
	}
	return WFT_OK;
}

static bool id_listed(char **v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], id) == 0)
			return true;
	return false;
}

/* Reads a batch's 2xx answer into c->batch. An id of the batch that the
 * answer does not mention is unconfirmed, except for clients, where the
 * answer names only failures. */
static enum wft_status batch_take(struct csp_api_call *c, const struct wft_http_response *r,
                                  struct wft_error *err)
{
	struct csp_dec d = { c->call.label, err };
	json_object *root = NULL;
	enum wft_status st = WFT_OK;
	size_t named = 0, before_s = c->batch.n_successes, before_f = c->batch.n_failures;

	if (c->decode == DEC_BATCH_CLIENTS && r->body_len == 0) {
		root = json_object_new_object();
		if (!root)
			return csp_dec_nomem(&d);
	} else if ((st = csp_dec_object(&d, r->body, r->body_len, &root))) {
		return st;
	}
	switch (c->decode) {
	case DEC_BATCH_TOKENS:
		if (!(st = batch_list(&d, c, root, "successes", false, &named)))
			st = batch_list(&d, c, root, "failures", true, &named);
		break;
	case DEC_BATCH_DELETE:
		if (!(st = batch_list(&d, c, root, "succeeded", false, &named)))
			st = batch_list(&d, c, root, "failed", true, &named);
		break;
	default:
		st = batch_list(&d, c, root, "failures", true, &named);
		break;
	}
	json_object_put(root);
	if (st)
		return st;
	for (size_t i = c->pos; i < c->pos + c->batch_n; i++) {
		const char *id = c->ids[i];
		struct csp_batch *b = &c->batch;
		bool seen = id_listed(b->successes + before_s, b->n_successes - before_s, id);
		for (size_t k = before_f; !seen && k < b->n_failures; k++)
			seen = strcmp(b->failures[k].id, id) == 0;
		if (seen)
			continue;
		if (c->decode == DEC_BATCH_CLIENTS ? !strv_push(&b->successes, &b->n_successes, id)
		                                   : !strv_push(&b->unconfirmed, &b->n_unconfirmed, id))
			return csp_dec_nomem(&d);
	}
	return WFT_OK;
}

/* A batch failed as a whole: its ids are refused or unconfirmed, the rest
 * unsent. */
static void batch_stop(struct csp_api_call *c, const struct wft_error *e)
{
	enum wft_outcome o = wft_outcome_of(e);
	struct csp_batch *b = &c->batch;
	bool ok = true;

	for (size_t i = c->pos; ok && i < c->pos + c->batch_n; i++)
		ok = o == WFT_OUTCOME_REFUSED ? failure_push(b, c->ids[i], e->message)
		                              : strv_push(&b->unconfirmed, &b->n_unconfirmed, c->ids[i]);
	for (size_t i = c->pos + c->batch_n; ok && i < c->n_ids; i++)
		ok = strv_push(&b->unsent, &b->n_unsent, c->ids[i]);
	c->pos = c->n_ids;
}

/* ---- the answer ---- */

static enum wft_status next_page_url(struct csp_api_call *c, const char *next,
                                     struct wft_error *err)
{
	size_t n;
	char *u;

	if (next[0] == '/') {
		n = strlen(c->call.cl->origin) + strlen(next) + 1;
		if (!(u = malloc(n)))
			return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		snprintf(u, n, "%s%s", c->call.cl->origin, next);
	} else {
		size_t o = strlen(c->call.cl->origin);
		/* Only links to the same CSP host are followed: the bearer goes
		 * with every request. */
		if (strncmp(next, c->call.cl->origin, o) != 0 || (next[o] != '/' && next[o] != '?'))
			return wft_error_set(err, WFT_ERR_PARSE,
			                     "%s: the next page is on another host; not followed",
			                     c->call.label);
		if (!(u = strdup(next)))
			return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	}
	free(c->call.url);
	c->call.url = u;
	return WFT_OK;
}

/* The answer to one batch: the next batch goes out, or the call ends. */
static void answer_batch(struct csp_api_call *c, const struct wft_http_response *r,
                         enum wft_status st, struct csp_api_result *res)
{
	struct wft_error e;

	wft_error_clear(&e);
	if (st == WFT_OK && (st = batch_take(c, r, &res->err)) != WFT_OK) {
		/* A yes whose details cannot be read: the batch's ids are
		 * not confirmed either way. */
		res->err.http_status = (int)r->status;
		res->err.body_unread = true;
	}
	c->batch.requests++;
	if (st == WFT_OK) {
		c->pos += c->batch_n;
		c->call.retried_401 = false;
		if (c->pos < c->n_ids) {
			if (batch_body(c) != WFT_OK) {
				wft_error_set(&res->err, WFT_ERR_NOMEM, "out of memory");
				c->batch_n = 0;
				batch_stop(c, &res->err);
			} else if (call_send(&c->call, &e) != WFT_OK) {
				/* Not sent: the batch joins the unsent. */
				res->err = e;
				c->batch_n = 0;
				batch_stop(c, &res->err);
			} else {
				return;
			}
		}
	} else {
		batch_stop(c, &res->err);
	}
	if (res->err.code == WFT_OK)
		res->err.message[0] = '\0';
	res->batch = c->batch;
	memset(&c->batch, 0, sizeof c->batch);
	finish(c, res);
}

/* A page of apps: true when the next page went out (or the call ended);
 * false when this was the last, now in res->apps. */
static bool answer_page(struct csp_api_call *c, struct csp_dec *d,
                        const struct wft_http_response *r, enum wft_status *st,
                        struct csp_api_result *res)
{
	struct wft_error e;
	size_t got = 0;
	char *next = NULL;

	wft_error_clear(&e);
	*st = csp_dec_app_page(d, r->body, r->body_len, &c->apps, &got, &next);
	if (*st == WFT_OK && next && got > 0) {
		if (call_next_page(&c->call, &e) == WFT_OK &&
		    next_page_url(c, next, &e) == WFT_OK) {
			c->call.retried_401 = false;
			if (call_send(&c->call, &e) == WFT_OK)
				e.code = WFT_OK;
		}
		free(next);
		if (e.code != WFT_OK)
			call_fail(&c->call, &e);
		return true;
	}
	free(next);
	res->apps = c->apps;
	memset(&c->apps, 0, sizeof c->apps);
	return false;
}

static void on_answer(struct call *call, const struct wft_http_response *r, enum wft_status st,
                      const struct wft_error *err)
{
	struct csp_api_call *c = (struct csp_api_call *)call;
	struct csp_api_result res;
	struct csp_dec d = { c->call.label, &res.err };
	json_object *root = NULL;

	memset(&res, 0, sizeof res);
	res.label = c->call.label;
	res.err = *err;
	if (c->ids) {
		answer_batch(c, r, st, &res);
		return;
	}
	if (st == WFT_OK) {
		switch (c->decode) {
		case DEC_DETAILS:
			st = csp_api_decode_details(r->body, r->body_len, &res.details, &res.err);
			break;
		case DEC_API_TOKEN:
			if ((st = csp_dec_object(&d, r->body, r->body_len, &root)) == WFT_OK)
				st = csp_dec_secret(&d, root, "apiToken", &res.api_token);
			break;
		case DEC_SECRET:
			if ((st = csp_dec_object(&d, r->body, r->body_len, &root)) == WFT_OK &&
			    (st = csp_dec_str(&d, root, "clientId", &res.secret.client_id)) == WFT_OK)
				st = csp_dec_secret(&d, root, "clientSecret", &res.secret.client_secret);
			break;
		case DEC_APP_OPTIONAL:
			if (r->body_len == 0)
				break;
			/* fall through */
		case DEC_APP:
			st = csp_api_decode_app(r->body, r->body_len, &res.app, &res.err);
			break;
		case DEC_APPS:
			if (answer_page(c, &d, r, &st, &res))
				return;
			break;
		default:
			break;
		}
		json_object_put(root);
		if (st != WFT_OK && st != WFT_ERR_NOMEM) {
			/* The server said yes; only its answer is unreadable. */
			res.err.http_status = (int)r->status;
			res.err.body_unread = true;
		}
	}
	if (call_settle(&res.err, st, c->call.label)) {
		struct wft_error keep = res.err;
		csp_api_result_clear(&res);
		memset(&res, 0, sizeof res);
		res.err = keep;
		res.label = c->call.label;
	}
	finish(c, &res);
}

/* ---- starting a call ---- */

struct spec {
	const char *method;
	const char *label;
	const char *path;          /* after CSP_API_BASE, before the segments */
	const char *seg[2];        /* escaped, each after a '/' */
	const char *mid;           /* fixed text between the two segments */
	const char *suffix;        /* fixed tail, e.g. "/secret" */
	const char *query;         /* already escaped, after '?' */
	enum wft_api_op op;
	const char *permission;
	bool idempotent;
	enum decode decode;
	char *body;                /* taken over */
	char *noted;               /* a noted secret, taken over */
	/* Batches of ids: */
	const char *const *ids;
	size_t n_ids, batch_max;
	const char *ids_key;
	json_object *extra;        /* taken over */
};


static void spec_drop(struct spec *s)
{
	if (s->body) {
		wft_wipe(s->body, strlen(s->body));
		free(s->body);
	}
	if (s->noted) {
		wft_secret_forget(s->noted);
		wft_free_secret(s->noted);
	}
	json_object_put(s->extra);
}

/* Why s cannot start, in err; WFT_OK when it can. */
static enum wft_status spec_check(const struct spec *s, bool has_done, struct wft_error *err)
{
	if ((strstr(s->label, "{orgId}") && !s->seg[0]) ||
	    (strstr(s->label, "{id}") && !s->seg[1]))
		return wft_error_set(err, WFT_ERR_INVALID, "%s: an identifier is missing", s->label);
	if (call_check_segments(s->seg, s->label, err) != WFT_OK)
		return err->code;
	if (!has_done)
		return wft_error_set(err, WFT_ERR_INVALID, "a call needs a callback");
	if (s->ids && !s->n_ids)
		return wft_error_set(err, WFT_ERR_INVALID, "%s: no ids given", s->label);
	for (size_t i = 0; s->ids && i < s->n_ids; i++)
		if (!s->ids[i] || !*s->ids[i] || strlen(s->ids[i]) > CALL_MAX_SEG)
			return wft_error_set(err, WFT_ERR_INVALID, "%s: an empty or overlong id",
			                     s->label);
	return WFT_OK;
}

/* Copies the batch's ids into c and takes its extra members over. */
static enum wft_status take_ids(struct csp_api_call *c, struct spec *s)
{
	if (!(c->ids = calloc(s->n_ids, sizeof *c->ids)))
		return WFT_ERR_NOMEM;
	for (; c->n_ids < s->n_ids; c->n_ids++)
		if (!(c->ids[c->n_ids] = strdup(s->ids[c->n_ids])))
			return WFT_ERR_NOMEM;
	c->batch_max = s->batch_max;
	c->ids_key = s->ids_key;
	c->extra = s->extra;
	s->extra = NULL;
	return batch_body(c);
}

static struct csp_api_call *start(struct csp_api *api, struct spec *s, CSP_API_ARGS)
{
	struct csp_api_call *c;
	struct call_path p = { .prefix = CSP_API_BASE, .path = s->path,
	                       .seg = { s->seg[0], s->seg[1] }, .mid = s->mid,
	                       .suffix = s->suffix, .query = s->query };

	if (spec_check(s, done != NULL, err) != WFT_OK) {
		spec_drop(s);
		return NULL;
	}
	if (!(c = calloc(1, sizeof *c))) {
		spec_drop(s);
		wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		return NULL;
	}
	c->call.method = s->method;
	c->call.label = s->label;
	c->call.body = s->body;
	c->call.body_len = s->body ? strlen(s->body) : 0;
	s->body = NULL;
	c->call.noted = s->noted;
	s->noted = NULL;
	c->call.ctx = (struct wft_api_ctx){ s->label, s->op, s->permission };
	c->call.idempotent = s->idempotent;
	/* The details call is a POST that changes nothing. */
	c->call.read = strcmp(s->label, "POST /auth/api-tokens/details") == 0;
	c->decode = s->decode;
	c->done = done;
	c->ud = ud;
	c->call.url = call_url(api->cl.origin, &p);
	if (c->call.url && s->ids && take_ids(c, s) != WFT_OK) {
		free(c->call.url);
		c->call.url = NULL;   /* call_start then fails for want of memory */
	}
	json_object_put(s->extra);
	s->extra = NULL;
	return call_start(&api->cl, &c->call, err) == WFT_OK ? c : NULL;
}

void csp_api_cancel(struct csp_api *api, struct csp_api_call *c)
{
	/* With nothing of it in flight, a batch is unsent. */
	call_cancel(&api->cl, c ? &c->call : NULL);
}

void csp_api_free(struct csp_api *api)
{
	if (!api)
		return;
	call_client_clear(&api->cl);
	free(api);
}

size_t csp_api_pending(const struct csp_api *api)
{
	return call_pending(&api->cl);
}

enum wft_status csp_api_wait(struct csp_api *api, struct csp_api_call *call,
                             struct wft_error *err)
{
	return call_wait(&api->cl, call ? &call->call : NULL, err);
}


/* ------------------------------------------------------------------ bodies */

static bool add(json_object *o, const char *key, json_object *v)
{
	if (!v)
		return false;
	if (json_object_object_add(o, key, v) != 0) {
		json_object_put(v);
		return false;
	}
	return true;
}

static bool push(json_object *a, json_object *v)
{
	if (!v)
		return false;
	if (json_object_array_add(a, v) != 0) {
		json_object_put(v);
		return false;
	}
	return true;
}

static json_object *roles_json(const struct csp_role *roles, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; a && i < n; i++) {
		json_object *r = json_object_new_object();
		if (!push(a, r) || !add(r, "name", json_object_new_string(roles[i].name ? roles[i].name : "")) ||
		    (roles[i].resource && !add(r, "resource", json_object_new_string(roles[i].resource)))) {
			json_object_put(a);
			return NULL;
		}
	}
	return a;
}

static json_object *scopes_json(const struct csp_scopes *s)
{
	json_object *o = json_object_new_object(), *org = json_object_new_object();
	json_object *svcs = json_object_new_array(), *gen = json_object_new_array();
	bool ok = o && org && svcs && gen;

	if (!ok) {
		json_object_put(org);
		json_object_put(svcs);
		json_object_put(gen);
		json_object_put(o);
		return NULL;
	}
	ok = add(org, "roles", roles_json(s ? s->org_roles : NULL, s ? s->n_org_roles : 0));
	ok = add(o, "organizationScopes", org) && ok;
	for (size_t i = 0; ok && s && i < s->n_services; i++) {
		json_object *e = json_object_new_object();
		ok = push(svcs, e) &&
		     add(e, "serviceDefinitionId",
		         json_object_new_string(s->services[i].service_id ? s->services[i].service_id : "")) &&
		     add(e, "roles", roles_json(s->services[i].roles, s->services[i].n_roles));
	}
	ok = add(o, "servicesScopes", svcs) && ok;
	for (size_t i = 0; ok && s && i < s->n_general; i++)
		ok = push(gen, json_object_new_string(s->general[i] ? s->general[i] : ""));
	ok = add(o, "generalScopes", gen) && ok;
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

char *csp_api_token_request_body(const struct csp_token_request *rq)
{
	json_object *o = json_object_new_object();
	bool ok = o && add(o, "tokenName", json_object_new_string(rq->name ? rq->name : "")) &&
	          add(o, "allowedScopes", scopes_json(rq->scopes)) &&
	          add(o, "refreshTokenTTL", json_object_new_int64(rq->ttl_s)) &&
	          add(o, "notifyBeforeExpiry", json_object_new_boolean(rq->notify_before_expiry));

	if (ok && rq->id_token)
		ok = add(o, "idToken", json_object_new_string(rq->id_token));
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return call_json_take(o);
}

char *csp_api_app_request_body(const struct csp_app_request *rq, bool create)
{
	json_object *o = json_object_new_object();
	bool ok = o != NULL;

	if (ok && (create || rq->display_name))
		ok = add(o, "displayName", json_object_new_string(rq->display_name ? rq->display_name : ""));
	if (ok && (create || rq->description))
		ok = add(o, "description", json_object_new_string(rq->description ? rq->description : ""));
	if (ok && create) {
		json_object *g = json_object_new_array();
		ok = add(o, "grantTypes", g) && push(g, json_object_new_string("client_credentials"));
	}
	if (ok && (create || rq->access_token_ttl > 0))
		ok = add(o, "accessTokenTTL", json_object_new_int64(rq->access_token_ttl));
	if (ok && create)
		ok = add(o, "allowedScopes", scopes_json(rq->scopes));
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return call_json_take(o);
}

/* --------------------------------------------------------------- endpoints */

#define GO(...) do { struct spec s_ = { __VA_ARGS__ }; return start(api, &s_, done, ud, err); } while (0)

static bool need(void *p, struct wft_error *err)
{
	if (!p)
		wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	return p != NULL;
}

struct csp_api_call *csp_api_token_details(struct csp_api *api, const char *token_value,
                                           CSP_API_ARGS)
{
	json_object *o;
	char *b, *noted;

	if (!token_value || !*token_value || strlen(token_value) > 4096) {
		wft_error_set(err, WFT_ERR_INVALID, "no API token to look up");
		return NULL;
	}
	if (!need(noted = strdup(token_value), err))
		return NULL;
	if (!wft_secret_note(noted)) {
		wft_free_secret(noted);
		wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		return NULL;
	}
	o = json_object_new_object();
	if (o && add(o, "tokenValue", json_object_new_string(token_value))) {
		json_object *v = NULL;
		const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
		b = s ? strdup(s) : NULL;
		if (s)
			wft_wipe((char *)s, strlen(s));
		if (json_object_object_get_ex(o, "tokenValue", &v))
			wft_wipe((char *)json_object_get_string(v), (size_t)json_object_get_string_len(v));
	} else {
		b = NULL;
	}
	json_object_put(o);
	if (!need(b, err)) {
		wft_secret_forget(noted);
		wft_free_secret(noted);
		return NULL;
	}
	GO(.method = "POST", .label = "POST /auth/api-tokens/details",
	   .path = "/auth/api-tokens/details", .idempotent = true, .decode = DEC_DETAILS,
	   .body = b, .noted = noted);
}

struct csp_api_call *csp_api_generate_token(struct csp_api *api,
                                            const struct csp_token_request *rq,
                                            CSP_API_ARGS)
{
	char *b;

	if (!rq || !rq->name || !*rq->name) {
		wft_error_set(err, WFT_ERR_INVALID, "a new API token needs a name");
		return NULL;
	}
	if (rq->ttl_s <= 0) {
		wft_error_set(err, WFT_ERR_INVALID, "a new API token needs a time to live");
		return NULL;
	}
	if (!need(b = csp_api_token_request_body(rq), err))
		return NULL;
	GO(.method = "POST", .label = "POST /loggedin/user/api-tokens",
	   .path = "/loggedin/user/api-tokens", .op = WFT_OP_GENERATE,
	   .permission = "organization member", .decode = DEC_API_TOKEN, .body = b);
}

static struct csp_api_call *org_tokens(struct csp_api *api, const char *org_id,
                                       const char *const *ids, size_t n, bool deactivate,
                                       CSP_API_ARGS)
{
	if (!ids || !n) {
		wft_error_set(err, WFT_ERR_INVALID, "no token ids given");
		return NULL;
	}
	if (deactivate)
		GO(.method = "POST", .label = "POST /orgs/{orgId}/api-tokens/deactivate",
		   .path = "/orgs", .seg = { org_id }, .suffix = "/api-tokens/deactivate",
		   .op = WFT_OP_WRITE, .permission = "Organization Owner", .idempotent = true,
		   .decode = DEC_BATCH_TOKENS, .ids = ids, .n_ids = n,
		   .batch_max = CSP_API_BATCH_MAX, .ids_key = "ids");
	GO(.method = "POST", .label = "POST /orgs/{orgId}/api-tokens/activate",
	   .path = "/orgs", .seg = { org_id }, .suffix = "/api-tokens/activate",
	   .op = WFT_OP_WRITE, .permission = "Organization Owner", .idempotent = true,
	   .decode = DEC_BATCH_TOKENS, .ids = ids, .n_ids = n,
	   .batch_max = CSP_API_BATCH_MAX, .ids_key = "ids");
}

struct csp_api_call *csp_api_deactivate_tokens(struct csp_api *api, const char *org_id,
                                               const char *const *ids, size_t n,
                                               CSP_API_ARGS)
{
	return org_tokens(api, org_id, ids, n, true, done, ud, err);
}

struct csp_api_call *csp_api_activate_tokens(struct csp_api *api, const char *org_id,
                                             const char *const *ids, size_t n,
                                             CSP_API_ARGS)
{
	return org_tokens(api, org_id, ids, n, false, done, ud, err);
}

struct csp_api_call *csp_api_oauth_apps(struct csp_api *api, const char *org_id,
                                        const char *search, long page_limit, CSP_API_ARGS)
{
	char q[3 * 256 + 96];

	if (page_limit <= 0)
		page_limit = 100;
	if (page_limit > 1000)
		page_limit = 1000;
	snprintf(q, sizeof q, "pageStart=1&pageLimit=%ld", page_limit);
	if (search && *search) {
		if (strlen(search) > 256) {
			wft_error_set(err, WFT_ERR_INVALID, "the search term is too long");
			return NULL;
		}
		strcat(q, "&searchTerm=");
		call_append_encoded(q, sizeof q, search, NULL);
	}
	GO(.method = "GET", .label = "GET /orgs/{orgId}/oauth-apps", .path = "/orgs",
	   .seg = { org_id }, .suffix = "/oauth-apps", .query = q, .idempotent = true,
	   .permission = "Organization Owner or Developer", .decode = DEC_APPS);
}

struct csp_api_call *csp_api_oauth_app(struct csp_api *api, const char *org_id,
                                       const char *app_id, CSP_API_ARGS)
{
	GO(.method = "GET", .label = "GET /orgs/{orgId}/oauth-apps/{id}", .path = "/orgs",
	   .seg = { org_id, app_id }, .mid = "/oauth-apps", .idempotent = true,
	   .permission = "Organization Owner or Developer", .decode = DEC_APP);
}

struct csp_api_call *csp_api_create_oauth_app(struct csp_api *api, const char *org_id,
                                              const struct csp_app_request *rq,
                                              CSP_API_ARGS)
{
	char *b;

	if (!rq || !rq->display_name || !*rq->display_name) {
		wft_error_set(err, WFT_ERR_INVALID, "an OAuth app needs a name");
		return NULL;
	}
	if (rq->access_token_ttl <= 0) {
		wft_error_set(err, WFT_ERR_INVALID, "an OAuth app needs an access-token time to live");
		return NULL;
	}
	if (!need(b = csp_api_app_request_body(rq, true), err))
		return NULL;
	GO(.method = "POST", .label = "POST /orgs/{orgId}/oauth-apps", .path = "/orgs",
	   .seg = { org_id }, .suffix = "/oauth-apps", .op = WFT_OP_GENERATE,
	   .permission = "Organization Owner or Developer", .decode = DEC_SECRET, .body = b);
}

struct csp_api_call *csp_api_modify_oauth_app(struct csp_api *api, const char *org_id,
                                              const char *app_id,
                                              const struct csp_app_request *rq,
                                              CSP_API_ARGS)
{
	char *b;

	if (!rq) {
		wft_error_set(err, WFT_ERR_INVALID, "nothing to change");
		return NULL;
	}
	if (!need(b = csp_api_app_request_body(rq, false), err))
		return NULL;
	GO(.method = "PATCH", .label = "PATCH /orgs/{orgId}/oauth-apps/{id}", .path = "/orgs",
	   .seg = { org_id, app_id }, .mid = "/oauth-apps", .op = WFT_OP_WRITE, .idempotent = true,
	   .permission = "Organization Owner or Developer", .decode = DEC_APP_OPTIONAL, .body = b);
}

struct csp_api_call *csp_api_regenerate_secret(struct csp_api *api, const char *org_id,
                                               const char *app_id, CSP_API_ARGS)
{
	char *b = strdup("{}");

	if (!need(b, err))
		return NULL;
	GO(.method = "PUT", .label = "PUT /orgs/{orgId}/oauth-apps/{id}/secret", .path = "/orgs",
	   .seg = { org_id, app_id }, .mid = "/oauth-apps", .suffix = "/secret", .op = WFT_OP_GENERATE,
	   .permission = "Organization Owner or Developer", .decode = DEC_SECRET, .body = b);
}

struct csp_api_call *csp_api_delete_oauth_apps(struct csp_api *api, const char *org_id,
                                               const char *const *ids, size_t n,
                                               CSP_API_ARGS)
{
	if (!ids || !n) {
		wft_error_set(err, WFT_ERR_INVALID, "no OAuth apps given");
		return NULL;
	}
	GO(.method = "DELETE", .label = "DELETE /orgs/{orgId}/oauth-apps", .path = "/orgs",
	   .seg = { org_id }, .suffix = "/oauth-apps", .op = WFT_OP_WRITE,
	   .permission = "Organization Owner or Developer", .decode = DEC_BATCH_DELETE,
	   .ids = ids, .n_ids = n, .batch_max = CSP_API_BATCH_MAX, .ids_key = "clientIdsToDelete");
}

struct csp_api_call *csp_api_add_clients(struct csp_api *api, const char *org_id,
                                         const struct csp_clients_request *rq,
                                         CSP_API_ARGS)
{
	json_object *extra, *org, *svc;
	bool ok;

	if (!rq || !rq->ids || !rq->n_ids) {
		wft_error_set(err, WFT_ERR_INVALID, "no OAuth apps given");
		return NULL;
	}
	extra = json_object_new_object();
	ok = extra && add(extra, "organizationRoles", org = json_object_new_array()) &&
	     add(extra, "serviceRoles", svc = json_object_new_array());
	for (size_t i = 0; ok && i < rq->n_org_roles; i++) {
		json_object *r = json_object_new_object();
		ok = push(org, r) &&
		     add(r, "name", json_object_new_string(rq->org_roles[i] ? rq->org_roles[i] : ""));
	}
	for (size_t i = 0; ok && i < rq->n_service_roles; i++) {
		const struct csp_service_roles *sr = &rq->service_roles[i];
		json_object *e = json_object_new_object(), *names = NULL;
		ok = push(svc, e) &&
		     add(e, "serviceDefinitionId",
		         json_object_new_string(sr->service_id ? sr->service_id : "")) &&
		     add(e, "serviceRoleNames", names = json_object_new_array());
		for (size_t k = 0; ok && k < sr->n_role_names; k++)
			ok = push(names, json_object_new_string(sr->role_names[k] ? sr->role_names[k] : ""));
	}
	if (!ok) {
		json_object_put(extra);
		wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		return NULL;
	}
	GO(.method = "POST", .label = "POST /orgs/{orgId}/clients", .path = "/orgs",
	   .seg = { org_id }, .suffix = "/clients", .op = WFT_OP_WRITE,
	   .permission = "Organization Owner", .decode = DEC_BATCH_CLIENTS,
	   .ids = rq->ids, .n_ids = rq->n_ids, .batch_max = CSP_API_CLIENTS_BATCH_MAX,
	   .ids_key = "ids", .extra = extra);
}
