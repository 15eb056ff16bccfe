/* apierror.c: reading error bodies robustly and mapping statuses to words. */
#include <ctype.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apierror.h"
#include "mask.h"

/* Copies text into out, dropping control characters and masking the
 * secrets this process sends (whatever their length: a server may echo one
 * back) and words that look like secrets (long runs of letters and digits
 * with a digit in them: token UUIDs, CSP tokens), so a service message is
 * safe to show. The secrets are masked before the text is cut to length,
 * so none is shown in part. */
static void clean_message(const char *raw, size_t rawlen, char *out, size_t outsz)
{
	size_t o = 0, i = 0, len, cap = rawlen * WFT_REDACT_GROWTH + WFT_MASK_SIZE;
	char *s;

	if (!outsz)
		return;
	out[0] = '\0';
	if (!(s = malloc(cap)))
		return;
	len = wft_secret_redact(raw, rawlen, s, cap);
	while (i < len && o + 1 < outsz && o < WFT_SERVICE_MESSAGE_MAX) {
		size_t j = i;
		bool digit = false;
		while (j < len && (isalnum((unsigned char)s[j]) || s[j] == '-' || s[j] == '_')) {
			if (isdigit((unsigned char)s[j]))
				digit = true;
			j++;
		}
		if (j - i >= 24 && digit) {
			char word[128], masked[WFT_MASK_SIZE];
			size_t wl = j - i < sizeof word - 1 ? j - i : sizeof word - 1;
			memcpy(word, s + j - wl, wl);
			word[wl] = '\0';
			wft_mask_id(word, masked, sizeof masked);
			wft_wipe(word, sizeof word);
			for (const char *m = masked; *m && o + 1 < outsz; m++)
				out[o++] = *m;
			i = j;
			continue;
		}
		if (j > i) {
			while (i < j && o + 1 < outsz)
				out[o++] = s[i++];
			continue;
		}
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			if (o && out[o - 1] != ' ')
				out[o++] = ' ';
		} else {
			out[o++] = s[i];
		}
		i++;
	}
	while (o && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	wft_wipe(s, len);
	free(s);
}

static const char *str_of(json_object *o, const char *key)
{
	json_object *v;

	if (json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	return NULL;
}

static int int_of(json_object *o, const char *key)
{
	json_object *v;

	if (json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_int))
		return json_object_get_int(v);
	return 0;
}

void wft_apierror_service_message(const char *body, size_t len, char *out,
                                  size_t outsz, int *code)
{
	json_tokener *tok;
	json_object *root = NULL, *status;
	const char *msg = NULL;

	if (code)
		*code = 0;
	if (outsz)
		out[0] = '\0';
	if (!body || !len)
		return;
	tok = json_tokener_new_ex(16);
	if (tok) {
		root = json_tokener_parse_ex(tok, body, (int)(len > 1 << 20 ? 1 << 20 : len));
		json_tokener_free(tok);
	}
	if (root && json_object_is_type(root, json_type_object)) {
		if (json_object_object_get_ex(root, "status", &status) &&
		    json_object_is_type(status, json_type_object)) {
			msg = str_of(status, "message");
			if (code)
				*code = int_of(status, "code");
		}
		if (!msg) {
			msg = str_of(root, "message");
			if (!msg)
				msg = str_of(root, "error");
			if (code && !*code)
				*code = int_of(root, "code");
		}
		if (msg)
			clean_message(msg, strlen(msg), out, outsz);
	} else {
		/* Not JSON (a gateway's HTML or text): the first line of it. */
		size_t n = 0;
		while (n < len && n < 512 && body[n] != '\n' && body[n] != '\0')
			n++;
		if (n && body[0] != '<')
			clean_message(body, n, out, outsz);
	}
	json_object_put(root);
}

static bool mentions_limit(const char *m)
{
	return strcasestr(m, "maximum") || strcasestr(m, "limit") ||
	       strcasestr(m, "20 API tokens") || strcasestr(m, "too many");
}

/* How a refusal by an instance onboarded to VMware Cloud services begins. */
#define CSP_REFUSAL "not available on an instance onboarded to VMware Cloud services"

/* The service's message says the request is one that VMware Cloud services
 * takes over (the own-token endpoints on an onboarded instance). */
static bool names_vmware_cloud(const char *m)
{
	return m && strcasestr(m, "VMware Cloud") != NULL;
}

bool wft_apierror_is_csp_refusal(const struct wft_error *err)
{
	return err && err->code == WFT_ERR_HTTP &&
	       (err->http_status == 400 || err->http_status == 403) &&
	       strncmp(err->message, CSP_REFUSAL, strlen(CSP_REFUSAL)) == 0;
}

enum wft_status wft_apierror_map(long status, const char *sm,
                                 const struct wft_api_ctx *ctx,
                                 struct wft_error *err)
{
	const char *perm = ctx && ctx->permission ? ctx->permission : "Accounts";
	enum wft_api_op op = ctx ? ctx->op : WFT_OP_READ;
	const char *label = ctx && ctx->label ? ctx->label : "the request";
	const char *sep = sm && *sm ? ": " : "";
	enum wft_status st;

	if (!sm)
		sm = "";
	if (op == WFT_OP_SIGN_IN && status >= 400 && status < 500) {
		st = wft_error_set(err, WFT_ERR_AUTH, "sign-in failed (%ld)%s%s", status, sep,
		                   *sm ? sm : "the credentials were refused");
	} else if (status == 400 && op == WFT_OP_GENERATE && mentions_limit(sm)) {
		st = wft_error_set(err, WFT_ERR_LIMIT,
		                   "this account already has the maximum of %d API tokens; "
		                   "revoke one first", 20);
	} else if ((status == 400 || status == 403) && names_vmware_cloud(sm)) {
		st = wft_error_set(err, WFT_ERR_HTTP, CSP_REFUSAL " (%ld)%s%s", status, sep, sm);
	} else if (status == 400) {
		st = wft_error_set(err, WFT_ERR_HTTP, "the server refused the request (400)%s%s",
		                   sep, sm);
	} else if (status == 401) {
		st = wft_error_set(err, WFT_ERR_AUTH,
		                   "not signed in (401): the token was revoked or has expired");
	} else if (status == 403) {
		st = wft_error_set(err, WFT_ERR_HTTP,
		                   "permission denied (403): this needs the %s permission", perm);
	} else if (status == 404) {
		/* Even on a revoke this says nothing certain (a proxy, an older
		 * instance): the caller reads the token back (outcome.h). */
		st = wft_error_set(err, WFT_ERR_HTTP, "not found (404)%s%s", sep, sm);
	} else if (status == 405) {
		st = wft_error_set(err, WFT_ERR_HTTP, "the server does not support %s (405)", label);
	} else if (status == 409 && op == WFT_OP_CREATE_ACCOUNT) {
		st = wft_error_set(err, WFT_ERR_HTTP, "a service account with this identifier exists");
	} else if (status == 409) {
		st = wft_error_set(err, WFT_ERR_HTTP, "conflict (409)%s%s", sep, sm);
	} else if (status == 413) {
		st = wft_error_set(err, WFT_ERR_HTTP, "the request is too large (413)");
	} else if (status == 429) {
		st = wft_error_set(err, WFT_ERR_HTTP, "the server is busy (429)%s%s; try again later",
		                   sep, sm);
	} else if (status >= 500 && status < 600) {
		st = wft_error_set(err, WFT_ERR_HTTP, "the server failed (%ld)%s%s", status, sep, sm);
	} else {
		st = wft_error_set(err, WFT_ERR_HTTP, "unexpected answer (%ld) to %s%s%s", status,
		                   label, sep, sm);
	}
	if (err)
		err->http_status = (int)status;
	return st;
}

enum wft_status wft_apierror_check(const struct wft_http_response *r,
                                   const struct wft_api_ctx *ctx,
                                   struct wft_error *err)
{
	char sm[WFT_SERVICE_MESSAGE_MAX + 1];
	int code = 0;

	if (r->code != WFT_OK) {
		if (err)
			*err = r->err;
		return r->code;
	}
	if (r->status >= 200 && r->status < 300) {
		/* A 2xx whose envelope still says ERROR is an error too. */
		json_tokener *tok;
		json_object *root = NULL, *status, *res;
		bool failed = false;
		if (r->body_len && r->body_len < 4096 && (tok = json_tokener_new_ex(16))) {
			root = json_tokener_parse_ex(tok, r->body, (int)r->body_len);
			json_tokener_free(tok);
			if (root && json_object_is_type(root, json_type_object) &&
			    json_object_object_get_ex(root, "status", &status) &&
			    json_object_is_type(status, json_type_object) &&
			    json_object_object_get_ex(status, "result", &res) &&
			    json_object_is_type(res, json_type_string) &&
			    strcmp(json_object_get_string(res), "ERROR") == 0)
				failed = true;
			json_object_put(root);
		}
		if (!failed)
			return WFT_OK;
		wft_apierror_service_message(r->body, r->body_len, sm, sizeof sm, &code);
		return wft_apierror_map(code >= 400 ? code : 500, sm, ctx, err);
	}
	wft_apierror_service_message(r->body, r->body_len, sm, sizeof sm, &code);
	return wft_apierror_map(r->status, sm, ctx, err);
}
