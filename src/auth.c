/* auth.c: the bearer of every request, and the CSP exchanges that make one.
 * Secrets live in memory wiped before it is freed, never in a URL. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apierror.h"
#include "auth.h"
#include "mask.h"

#define MAX_WAITERS 64
#define MAX_ACCESS_TOKEN 16384

struct waiter {
	wft_auth_ready_fn cb;
	void *ud;
};

struct wft_auth {
	enum wft_auth_method method;
	struct wft_http *http;
	char *secret;          /* API token, CSP API token or client secret */
	char *client_id;
	char *org_id;
	char *csp_url;
	wft_clock_fn clock;
	void *clock_ud;

	char *header;          /* "Authorization: Bearer ..." or NULL */
	size_t header_len;
	unsigned gen;
	wft_millis refresh_at, expires_at;

	struct wft_http_req *inflight;
	struct waiter waiters[MAX_WAITERS];
	size_t n_waiters;
};

static const char *const method_names[] = { "token", "csp-api-token", "csp-oauth" };

const char *wft_auth_method_name(enum wft_auth_method m)
{
	return (unsigned)m < 3 ? method_names[m] : "";
}

bool wft_auth_method_parse(const char *s, enum wft_auth_method *out)
{
	for (unsigned i = 0; s && i < 3; i++)
		if (strcmp(s, method_names[i]) == 0) {
			*out = (enum wft_auth_method)i;
			return true;
		}
	return false;
}

long wft_auth_refresh_delay_s(long expires_in)
{
	long d = expires_in < 600 ? expires_in - 30 : expires_in - 180;

	/* Java SDK uses 60 s here, which for a token shorter-lived than a
	 * minute would always mean a 401 first. */
	if (d <= 0)
		d = expires_in / 2;
	return d;
}

static const char bearer_prefix[] = "Authorization: Bearer ";

static void drop_header(struct wft_auth *a)
{
	if (a->header) {
		wft_secret_forget(a->header + sizeof bearer_prefix - 1);
		wft_wipe(a->header, a->header_len);
		free(a->header);
	}
	a->header = NULL;
	a->header_len = 0;
	a->refresh_at = a->expires_at = 0;
}

/* The bearer is noted as a secret (mask.h) for as long as it is used. */
static enum wft_status set_bearer(struct wft_auth *a, const char *bearer, struct wft_error *err)
{
	size_t n = strlen(bearer);

	drop_header(a);
	if (!wft_secret_note(bearer))
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	a->header_len = sizeof bearer_prefix + n;
	a->header = malloc(a->header_len);
	if (!a->header) {
		wft_secret_forget(bearer);
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	}
	memcpy(a->header, bearer_prefix, sizeof bearer_prefix - 1);
	memcpy(a->header + sizeof bearer_prefix - 1, bearer, n + 1);
	a->gen++;
	return WFT_OK;
}

static char *dup_secret(const char *s)
{
	return s ? strdup(s) : NULL;
}

static bool bad_secret(const char *s)
{
	if (!s || !*s)
		return true;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

enum wft_status wft_auth_new(struct wft_auth **out, const struct wft_auth_params *p,
                             struct wft_http *http, struct wft_error *err)
{
	struct wft_auth *a;
	const char *secret;
	enum wft_status st = WFT_OK;

	*out = NULL;
	switch (p->method) {
	case WFT_AUTH_TOKEN:
		secret = p->token;
		if (bad_secret(secret))
			return wft_error_set(err, WFT_ERR_AUTH, "no API token given (or it holds "
			                     "control characters)");
		break;
	case WFT_AUTH_CSP_API_TOKEN:
		secret = p->csp_api_token;
		if (bad_secret(secret))
			return wft_error_set(err, WFT_ERR_AUTH, "no CSP API token given");
		break;
	case WFT_AUTH_CSP_OAUTH:
		secret = p->client_secret;
		if (bad_secret(p->client_id) || strchr(p->client_id, ':'))
			return wft_error_set(err, WFT_ERR_AUTH, "no valid OAuth client id given");
		if (bad_secret(secret))
			return wft_error_set(err, WFT_ERR_AUTH, "no OAuth client secret given");
		break;
	default:
		return wft_error_set(err, WFT_ERR_INVALID, "unknown sign-in method");
	}
	if (p->method != WFT_AUTH_TOKEN &&
	    (st = wft_http_check_url(p->csp_url ? p->csp_url : WFT_CSP_DEFAULT_URL, err)))
		return st;
	a = calloc(1, sizeof *a);
	if (!a)
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	a->method = p->method;
	a->http = http;
	a->clock = p->clock ? p->clock : wft_clock_real;
	a->clock_ud = p->clock_ud;
	a->secret = dup_secret(secret);
	/* No message may show the secret (mask.h), whatever its length. */
	if (a->secret && !wft_secret_note(a->secret)) {
		wft_free_secret(a->secret);
		a->secret = NULL;
	}
	a->client_id = dup_secret(p->client_id);
	a->org_id = dup_secret(p->org_id && *p->org_id ? p->org_id : NULL);
	a->csp_url = strdup(p->csp_url ? p->csp_url : WFT_CSP_DEFAULT_URL);
	if (!a->secret || !a->csp_url || (p->client_id && !a->client_id) ||
	    (p->org_id && *p->org_id && !a->org_id)) {
		wft_auth_free(a);
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	}
	/* The URL is joined with paths that start with a slash. */
	for (size_t n = strlen(a->csp_url); n && a->csp_url[n - 1] == '/'; n--)
		a->csp_url[n - 1] = '\0';
	if (a->method == WFT_AUTH_TOKEN && (st = set_bearer(a, a->secret, err))) {
		wft_auth_free(a);
		return st;
	}
	*out = a;
	return WFT_OK;
}

static void tell_waiters(struct wft_auth *a, const struct wft_error *err)
{
	/* Waiters may add new ones from their callback: take the list first. */
	struct waiter w[MAX_WAITERS];
	size_t n = a->n_waiters;

	memcpy(w, a->waiters, n * sizeof *w);
	a->n_waiters = 0;
	for (size_t i = 0; i < n; i++)
		w[i].cb(w[i].ud, err);
}

void wft_auth_free(struct wft_auth *a)
{
	if (!a)
		return;
	if (a->inflight)
		wft_http_cancel(a->http, a->inflight);
	drop_header(a);
	wft_secret_forget(a->secret);
	wft_free_secret(a->secret);
	wft_free_secret(a->client_id);
	free(a->org_id);
	free(a->csp_url);
	free(a);
}

enum wft_auth_method wft_auth_method(const struct wft_auth *a)
{
	return a->method;
}

const char *wft_auth_header(const struct wft_auth *a)
{
	return a->header;
}

unsigned wft_auth_generation(const struct wft_auth *a)
{
	return a->gen;
}

wft_millis wft_auth_refresh_at(const struct wft_auth *a)
{
	return a->refresh_at;
}

wft_millis wft_auth_expires_at(const struct wft_auth *a)
{
	return a->expires_at;
}

bool wft_auth_invalidate(struct wft_auth *a, unsigned gen)
{
	if (a->method == WFT_AUTH_TOKEN)
		return false;
	if (gen == a->gen)
		drop_header(a);
	return true;
}

enum wft_status wft_auth_decode_token_answer(const char *body, size_t len, char **access,
                                             long *expires_in, struct wft_error *err)
{
	json_tokener *tok;
	json_object *root = NULL, *v;
	enum wft_status st = WFT_OK;
	const char *s;

	*access = NULL;
	*expires_in = 0;
	if (!body || !len || len > 1 << 20)
		return wft_error_set(err, WFT_ERR_PARSE, "sign-in: the answer is empty or too large");
	tok = json_tokener_new_ex(16);
	if (!tok)
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	root = json_tokener_parse_ex(tok, body, (int)len);
	json_tokener_free(tok);
	if (!root || !json_object_is_type(root, json_type_object)) {
		st = wft_error_set(err, WFT_ERR_PARSE, "sign-in: the answer is not a JSON object");
		goto out;
	}
	if (!json_object_object_get_ex(root, "access_token", &v) ||
	    !json_object_is_type(v, json_type_string)) {
		st = wft_error_set(err, WFT_ERR_PARSE, "sign-in: the answer holds no access_token");
		goto out;
	}
	s = json_object_get_string(v);
	if (bad_secret(s) || strlen(s) > MAX_ACCESS_TOKEN) {
		st = wft_error_set(err, WFT_ERR_PARSE, "sign-in: the access_token is not usable");
		goto out;
	}
	if (json_object_object_get_ex(root, "expires_in", &v) && v) {
		if (!json_object_is_type(v, json_type_int)) {
			st = wft_error_set(err, WFT_ERR_PARSE, "sign-in: expires_in is not an integer");
			goto out;
		}
		*expires_in = (long)json_object_get_int64(v);
	}
	if (*expires_in <= 0)
		*expires_in = 1799; /* the documented lifetime, when none is said */
	*access = strdup(s);
	if (!*access)
		st = wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
out:
	/* json-c's copy of the token: wipe it before the object goes. */
	if (root && json_object_object_get_ex(root, "access_token", &v) &&
	    json_object_is_type(v, json_type_string))
		wft_wipe((char *)json_object_get_string(v), (size_t)json_object_get_string_len(v));
	json_object_put(root);
	return st;
}

static void on_exchange_done(void *ud, const struct wft_http_response *r)
{
	struct wft_auth *a = ud;
	struct wft_api_ctx ctx = { .label = r->label, .op = WFT_OP_SIGN_IN };
	struct wft_error err;
	char *access = NULL;
	long expires_in = 0;
	enum wft_status st;

	a->inflight = NULL;
	wft_error_clear(&err);
	st = wft_apierror_check(r, &ctx, &err);
	if (st == WFT_OK)
		st = wft_auth_decode_token_answer(r->body, r->body_len, &access, &expires_in, &err);
	if (st == WFT_OK) {
		wft_millis now = a->clock(a->clock_ud);
		st = set_bearer(a, access, &err);
		a->refresh_at = now + (wft_millis)wft_auth_refresh_delay_s(expires_in) * 1000;
		a->expires_at = now + (wft_millis)expires_in * 1000;
	}
	wft_free_secret(access);
	if (st != WFT_OK && st != WFT_ERR_CANCELLED && strncmp(err.message, "sign-in", 7) != 0) {
		char m[sizeof err.message];
		snprintf(m, sizeof m, "%s", err.message);
		wft_error_set(&err, st == WFT_ERR_HTTP ? WFT_ERR_AUTH : st, "sign-in failed: %s", m);
		st = err.code;
	}
	tell_waiters(a, st == WFT_OK ? NULL : &err);
}

/* Percent-encodes s for a form body into out (wiped by the caller). */
static size_t form_escape(const char *s, char *out)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			out[o++] = (char)c;
		} else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	return o;
}

static enum wft_status start_exchange(struct wft_auth *a, struct wft_error *err)
{
	char url[2048];
	const char *path;
	size_t slen = strlen(a->secret), blen;
	char *body;
	const char *headers[2] = { "Content-Type: application/x-www-form-urlencoded", NULL };
	struct wft_http_request rq = { .method = "POST", .url = url, .idempotent = true,
	                               .done = on_exchange_done, .ud = a, .headers = headers };
	enum wft_status st = WFT_OK;

	path = a->method == WFT_AUTH_CSP_API_TOKEN
	       ? "/csp/gateway/am/api/auth/api-tokens/authorize"
	       : "/csp/gateway/am/api/auth/authorize";
	if ((size_t)snprintf(url, sizeof url, "%s%s", a->csp_url, path) >= sizeof url)
		return wft_error_set(err, WFT_ERR_INVALID, "the CSP URL is too long");
	/* Worst case every byte escaped, plus the parameter names. */
	blen = 3 * (slen + (a->org_id ? strlen(a->org_id) : 0)) + 64;
	body = malloc(blen);
	if (!body)
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	if (a->method == WFT_AUTH_CSP_API_TOKEN) {
		memcpy(body, "api_token=", 10);
		form_escape(a->secret, body + 10);
	} else {
		strcpy(body, "grant_type=client_credentials");
		if (a->org_id) {
			strcat(body, "&orgId=");
			form_escape(a->org_id, body + strlen(body));
		}
		/* The app's id and secret as HTTP Basic credentials. */
		rq.basic_user = a->client_id;
		rq.basic_password = a->secret;
	}
	rq.body = body;
	rq.body_len = strlen(body);
	rq.label = a->method == WFT_AUTH_CSP_API_TOKEN
	           ? "POST /csp/gateway/am/api/auth/api-tokens/authorize"
	           : "POST /csp/gateway/am/api/auth/authorize";
	a->inflight = wft_http_start(a->http, &rq, err);
	if (!a->inflight)
		st = err && err->code ? err->code : WFT_ERR_NETWORK;
	wft_wipe(body, blen);
	free(body);
	return st;
}

enum wft_status wft_auth_acquire(struct wft_auth *a, wft_auth_ready_fn cb, void *ud,
                                 bool *ready, struct wft_error *err)
{
	enum wft_status st;

	*ready = false;
	if (a->header && (a->method == WFT_AUTH_TOKEN ||
	                  a->clock(a->clock_ud) < a->refresh_at)) {
		*ready = true;
		return WFT_OK;
	}
	if (a->n_waiters == MAX_WAITERS)
		return wft_error_set(err, WFT_ERR_LIMIT, "too many requests wait for sign-in");
	if (!a->inflight && (st = start_exchange(a, err)))
		return st;
	a->waiters[a->n_waiters].cb = cb;
	a->waiters[a->n_waiters].ud = ud;
	a->n_waiters++;
	return WFT_OK;
}

void wft_auth_forget(struct wft_auth *a, void *ud)
{
	for (size_t i = 0; i < a->n_waiters; i++)
		if (a->waiters[i].ud == ud) {
			memmove(&a->waiters[i], &a->waiters[i + 1],
			        (a->n_waiters - i - 1) * sizeof *a->waiters);
			a->n_waiters--;
			i--;
		}
}
