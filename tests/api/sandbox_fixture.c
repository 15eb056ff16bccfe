/* sandbox_fixture.c: the in-process sandbox and blocking client for tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "sandbox_fixture.h"

struct sandbox *sbfix_start_with(struct sandbox_options *o)
{
	struct wft_error err = { 0 };
	struct sandbox *sb;

	if (!o->listen)
		o->listen = "127.0.0.1:0";
	if (!o->admin_token)
		o->admin_token = SBFIX_ADMIN_TOKEN;
	if (!o->random_seed)
		o->random_seed = 1;
	sb = sandbox_start(o, &err);
	if (!sb)
		fprintf(stderr, "sandbox fixture: %s\n", err.message);
	return sb;
}

struct sandbox *sbfix_start(unsigned seed_tokens)
{
	struct sandbox_options o;

	sandbox_options_init(&o);
	o.seed_tokens = seed_tokens;
	return sbfix_start_with(&o);
}

static size_t on_body(char *data, size_t size, size_t n, void *ud)
{
	struct sbfix_resp *r = ud;
	size_t add = size * n;
	char *nb = realloc(r->body, r->len + add + 1);

	if (!nb)
		return 0;
	memcpy(nb + r->len, data, add);
	r->body = nb;
	r->len += add;
	r->body[r->len] = '\0';
	return add;
}

static size_t on_header(char *data, size_t size, size_t n, void *ud)
{
	struct sbfix_resp *r = ud;
	size_t len = size * n;

	if (len > 12 && strncasecmp(data, "Retry-After:", 12) == 0) {
		size_t i = 12, k = 0;
		while (i < len && data[i] == ' ')
			i++;
		while (i < len && data[i] != '\r' && data[i] != '\n' && k + 1 < sizeof r->retry_after)
			r->retry_after[k++] = data[i++];
		r->retry_after[k] = '\0';
	}
	return len;
}

int sbfix_request(const char *base_url, const char *method, const char *path,
                  const char *content_type, const char *body, size_t body_len,
                  const char *const *headers, struct sbfix_resp *out)
{
	struct curl_slist *hl = NULL;
	char url[4096], ct[256];
	CURL *c;
	CURLcode rc;

	memset(out, 0, sizeof *out);
	c = curl_easy_init();
	if (!c)
		return -1;
	snprintf(url, sizeof url, "%s%s", base_url, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, out);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
	} else if (strcmp(method, "GET") != 0 && strcmp(method, "DELETE") != 0) {
		/* POST/PUT without a body: say so rather than send chunked. */
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
	}
	/* Every write names its type, as the official client does, also with
	 * an empty body (libcurl would otherwise call an empty POST a form). */
	if (content_type && !*content_type) {
		hl = curl_slist_append(hl, "Content-Type:");   /* none at all */
	} else if (body || strcmp(method, "GET") != 0) {
		snprintf(ct, sizeof ct, "Content-Type: %s", content_type ? content_type : "application/json");
		hl = curl_slist_append(hl, ct);
	}
	for (; headers && *headers; headers++)
		hl = curl_slist_append(hl, *headers);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	rc = curl_easy_perform(c);
	out->curl_code = (int)rc;
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	if (!out->body) {
		out->body = calloc(1, 1);
	}
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
	return rc == CURLE_OK ? 0 : -1;
}

int sbfix_call(const struct sandbox *sb, const char *method, const char *path,
               const char *body, const char *bearer, struct sbfix_resp *out)
{
	char auth[4200];
	const char *headers[2] = { NULL, NULL };

	if (bearer) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", bearer);
		headers[0] = auth;
	}
	return sbfix_request(sandbox_url(sb), method, path, "application/json",
	                     body, body ? strlen(body) : 0, headers, out);
}

void sbfix_resp_free(struct sbfix_resp *r)
{
	free(r->body);
	memset(r, 0, sizeof *r);
}

int sbfix_faults(const struct sandbox *sb, const char *json)
{
	struct sbfix_resp r;
	int ok = sbfix_call(sb, "POST", "/_sandbox/faults", json, NULL, &r) == 0 && r.status == 200;

	sbfix_resp_free(&r);
	return ok ? 0 : -1;
}

json_object *sbfix_json(const struct sbfix_resp *r)
{
	return r->body ? json_tokener_parse(r->body) : NULL;
}

json_object *sbfix_path(json_object *o, const char *path)
{
	char key[256];

	while (o && *path) {
		size_t n = strcspn(path, ".");
		if (n >= sizeof key)
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		if (json_object_is_type(o, json_type_array)) {
			char *end;
			long i = strtol(key, &end, 10);
			if (*end || i < 0 || (size_t)i >= json_object_array_length(o))
				return NULL;
			o = json_object_array_get_idx(o, (size_t)i);
		} else if (!json_object_is_type(o, json_type_object) ||
		           !json_object_object_get_ex(o, key, &o)) {
			return NULL;
		}
		path += n;
		if (*path == '.')
			path++;
	}
	return o;
}

const char *sbfix_str(json_object *o, const char *path)
{
	json_object *v = sbfix_path(o, path);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
}

long long sbfix_int(json_object *o, const char *path)
{
	json_object *v = sbfix_path(o, path);

	return v && (json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_boolean))
		? (long long)json_object_get_int64(v) : -1;
}

void sbfix_grab(void *ud, struct wft_api_result *res)
{
	struct sbfix_got *g = ud;

	g->calls++;
	g->r = *res;
	memset(res, 0, sizeof *res);   /* the test owns it now */
}

void sbfix_got_clear(struct sbfix_got *g)
{
	wft_api_result_clear(&g->r);
	memset(g, 0, sizeof *g);
}
