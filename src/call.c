/* call.c: the call layer under the API clients (call.h): the calls in
 * flight, sign-in, send, one sign-in again after a 401, the check of the
 * answer, cancel and wait; URLs and request bodies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "mask.h"
#include "outcome.h"

enum wft_status call_client_init(struct call_client *cl, const char *url,
                                 struct wft_http *http, struct wft_auth *auth,
                                 const struct call_ops *ops, struct wft_error *err)
{
	enum wft_status st;

	memset(cl, 0, sizeof *cl);
	if ((st = wft_http_check_url(url, err)))
		return st;
	if (!(cl->origin = strdup(url)))
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	for (size_t n = strlen(cl->origin); n && cl->origin[n - 1] == '/'; n--)
		cl->origin[n - 1] = '\0';
	cl->http = http;
	cl->auth = auth;
	cl->ops = ops;
	return WFT_OK;
}

void call_client_clear(struct call_client *cl)
{
	while (cl->head)
		call_cancel(cl, cl->head);
	free(cl->origin);
	cl->origin = NULL;
}

void call_end(struct call *c)
{
	struct call_client *cl = c->cl;

	if (c->prev)
		c->prev->next = c->next;
	else if (cl->head == c)
		cl->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	cl->n_calls--;
	if (cl->ops->release)
		cl->ops->release(c);
	free(c->url);
	if (c->body) {
		wft_wipe(c->body, c->body_len);
		free(c->body);
	}
	if (c->noted) {
		wft_secret_forget(c->noted);
		wft_free_secret(c->noted);
	}
	free(c);
}

void call_fail(struct call *c, const struct wft_error *err)
{
	struct wft_error e = *err;

	if (e.code == WFT_OK)
		e.code = WFT_ERR_NETWORK;
	c->cl->ops->fail(c, &e);
}

/* The engine hands its sink the request's ud, which is the call; the
 * client's sink gets the client's ud. */
static bool call_sink(void *ud, const char *data, size_t len, struct wft_error *err)
{
	struct call *c = ud;

	return c->sink(c->sink_ud, data, len, err);
}

static void on_http_done(void *ud, const struct wft_http_response *r);

static enum wft_status call_send_now(struct call *c, struct wft_error *err)
{
	struct call_client *cl = c->cl;
	const char *headers[3] = { wft_auth_header(cl->auth), NULL, NULL };
	bool write = strcmp(c->method, "GET") != 0;
	struct wft_http_request rq = {
		.method = c->method, .url = c->url, .label = c->label, .headers = headers,
		.body = c->body, .body_len = c->body_len, .idempotent = c->idempotent,
		.sink = c->sink ? call_sink : NULL, .done = on_http_done, .ud = c,
		/* The one --dry-run hook: every call but a read is a change. */
		.dry_run = cl->dry_run && write && !c->read,
	};

	/* Every write names its type, with or without a body. */
	if (write)
		headers[1] = "Content-Type: application/json";
	c->gen = wft_auth_generation(cl->auth);
	c->req = wft_http_start(cl->http, &rq, err);
	if (!c->req)
		return err && err->code ? err->code : WFT_ERR_NETWORK;
	return WFT_OK;
}

static void on_auth_ready(void *ud, const struct wft_error *err)
{
	struct call *c = ud;
	struct wft_error e;

	c->waiting_auth = false;
	wft_error_clear(&e);
	if (err)
		call_fail(c, err);
	else if (call_send_now(c, &e) != WFT_OK)
		call_fail(c, &e);
}

enum wft_status call_send(struct call *c, struct wft_error *err)
{
	bool ready;
	enum wft_status st;

	c->waiting_auth = true;
	st = wft_auth_acquire(c->cl->auth, on_auth_ready, c, &ready, err);
	if (st != WFT_OK || ready)
		c->waiting_auth = false;
	if (st != WFT_OK)
		return st;
	return ready ? call_send_now(c, err) : WFT_OK;
}

static void on_http_done(void *ud, const struct wft_http_response *r)
{
	struct call *c = ud;
	struct wft_error e;
	enum wft_status st;

	c->req = NULL;
	wft_error_clear(&e);
	if (r->code == WFT_OK && r->status == 401 && !c->retried_401 &&
	    wft_auth_invalidate(c->cl->auth, c->gen)) {
		/* The access token may have expired early: sign in again, once. */
		c->retried_401 = true;
		if (call_send(c, &e) != WFT_OK)
			call_fail(c, &e);
		return;
	}
	st = wft_apierror_check(r, &c->ctx, &e);
	if (st != WFT_OK && r->code == WFT_OK && (r->status < 200 || r->status >= 300))
		/* An error status: a refusal only if the body says so readably. */
		e.body_unread = !wft_outcome_refusal_readable(r->body, r->body_len);
	c->cl->ops->answer(c, r, st, &e);
}

enum wft_status call_start(struct call_client *cl, struct call *c, struct wft_error *err)
{
	c->cl = cl;
	c->serial = ++cl->serial;
	c->next = cl->head;
	if (cl->head)
		cl->head->prev = c;
	cl->head = c;
	cl->n_calls++;
	if (!c->url) {
		call_end(c);
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	}
	if (call_send(c, err) != WFT_OK) {
		enum wft_status st = err && err->code ? err->code : WFT_ERR_NETWORK;
		call_end(c);
		return st;
	}
	return WFT_OK;
}

enum wft_status call_next_page(struct call *c, struct wft_error *err)
{
	if (++c->n_pages >= CALL_MAX_PAGES)
		return wft_error_set(err, WFT_ERR_PARSE, "%s: the list did not end after %u pages",
		                     c->label, c->n_pages);
	return WFT_OK;
}

void call_cancel(struct call_client *cl, struct call *c)
{
	struct wft_error err;

	if (!c)
		return;
	if (c->req) {
		wft_http_cancel(cl->http, c->req);   /* on_http_done reports it */
		return;
	}
	if (c->waiting_auth)
		wft_auth_forget(cl->auth, c);
	wft_error_set(&err, WFT_ERR_CANCELLED, "%s was cancelled", c->label);
	call_fail(c, &err);
}

size_t call_pending(const struct call_client *cl)
{
	return cl->n_calls;
}

enum wft_status call_wait(struct call_client *cl, struct call *c, struct wft_error *err)
{
	unsigned long serial;

	if (!c)
		return WFT_OK;
	serial = c->serial;
	for (;;) {
		bool live = false;
		for (struct call *p = cl->head; p; p = p->next)
			if (p->serial == serial)
				live = true;
		if (!live)
			return WFT_OK;
		enum wft_status st = wft_http_poll(cl->http, -1, 1000, NULL, err);
		if (st)
			return st;
	}
}

bool call_settle(struct wft_error *err, enum wft_status st, const char *label)
{
	if (st == WFT_OK) {
		err->code = WFT_OK;
		err->message[0] = '\0';
		return false;
	}
	if (err->code == WFT_OK)
		wft_error_set(err, st, "%s: out of memory", label);
	return true;
}

/* ---- URLs ---- */

enum wft_status call_check_segments(const char *const seg[2], const char *label,
                                    struct wft_error *err)
{
	for (int i = 0; i < 2; i++)
		if (seg[i] && (!*seg[i] || strlen(seg[i]) > CALL_MAX_SEG))
			return wft_error_set(err, WFT_ERR_INVALID, "%s: an empty or overlong identifier",
			                     label);
	return WFT_OK;
}

bool call_append_encoded(char *out, size_t cap, const char *s, const char *plain)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = strlen(out);

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (o + 4 >= cap)
			return false;
		if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    strchr("-._~", ch) || (plain && strchr(plain, ch))) {
			out[o++] = (char)ch;
		} else {
			out[o++] = '%';
			out[o++] = hex[ch >> 4];
			out[o++] = hex[ch & 15];
		}
	}
	out[o] = '\0';
	return true;
}

/* Appends fixed text t (if any) to out. */
static void append_text(char *out, size_t cap, const char *t)
{
	if (t)
		strncat(out, t, cap - strlen(out) - 1);
}

static void append_segment(char *out, size_t cap, const char *seg, const char *plain)
{
	if (seg) {
		append_text(out, cap, "/");
		call_append_encoded(out, cap, seg, plain);
	}
}

char *call_url(const char *origin, const struct call_path *p)
{
	size_t cap = strlen(origin) + 3 * 2 * CALL_MAX_SEG + 128;
	const char *fixed[] = { p->prefix, p->path, p->mid, p->suffix, p->query };
	char *u;

	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		cap += fixed[i] ? strlen(fixed[i]) : 0;
	if (!(u = malloc(cap)))
		return NULL;
	snprintf(u, cap, "%s", origin);
	append_text(u, cap, p->prefix);
	append_text(u, cap, p->path);
	append_segment(u, cap, p->seg[0], p->plain);
	append_text(u, cap, p->mid);
	append_segment(u, cap, p->seg[1], p->plain);
	append_text(u, cap, p->suffix);
	if (p->query) {
		append_text(u, cap, "?");
		append_text(u, cap, p->query);
	}
	return u;
}

/* ---- bodies ---- */

char *call_json_take(json_object *o)
{
	const char *s;
	char *out = NULL;

	if (!o)
		return NULL;
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	if (s) {
		out = strdup(s);
		wft_wipe((char *)s, strlen(s));
	}
	json_object_put(o);
	return out;
}
