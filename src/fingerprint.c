/* fingerprint.c: the token list at the last quit, and what changed since
 * (fingerprint.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <json-c/json.h>

#include "fingerprint.h"
#include "statefile.h"

#define KEY_FILE "fingerprint.key"

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static bool key_from_hex(const char *s, size_t len, unsigned char *key)
{
	while (len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	if (len != 2 * FINGERPRINT_KEY_SIZE)
		return false;
	for (size_t i = 0; i < FINGERPRINT_KEY_SIZE; i++) {
		int hi = hex_value(s[2 * i]), lo = hex_value(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		key[i] = (unsigned char)(hi * 16 + lo);
	}
	return true;
}

static enum wft_status key_make(const char *path, unsigned char *key, struct wft_error *err)
{
	char hex[2 * FINGERPRINT_KEY_SIZE + 2];
	size_t got = 0;
	enum wft_status st;

	while (got < FINGERPRINT_KEY_SIZE) {
		ssize_t n = getrandom(key + got, FINGERPRINT_KEY_SIZE - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return wft_error_set(err, WFT_ERR_IO, "No random source for the fingerprint key: %s",
			                     strerror(errno));
		got += (size_t)n;
	}
	sha256_hex(key, FINGERPRINT_KEY_SIZE, hex);
	strcat(hex, "\n");
	st = statefile_write(path, hex, strlen(hex), err);
	wft_wipe(hex, sizeof hex);
	return st;
}

enum wft_status fingerprint_key(const char *dir, unsigned char key[FINGERPRINT_KEY_SIZE],
                                struct wft_error *err)
{
	char *path = statefile_path(dir, KEY_FILE), *buf = NULL;
	size_t len = 0;
	enum wft_status st;

	if (!path)
		return wft_error_set(err, WFT_ERR_NOMEM, "Out of memory.");
	st = statefile_read(path, 4096, &buf, &len, err);
	if (st == WFT_OK && !buf)
		st = key_make(path, key, err);
	else if (st == WFT_OK && !key_from_hex(buf, len, key))
		st = wft_error_set(err, WFT_ERR_PARSE, "%s is not a key of %d hex digits; remove it to "
		                   "start afresh", path, 2 * FINGERPRINT_KEY_SIZE);
	if (buf)
		wft_wipe(buf, len);
	free(buf);
	free(path);
	return st;
}

/* False when libcrypto fails (out of memory). */
static bool hash_with(const struct sha256_hmac *m, const char *id, char out[FINGERPRINT_HASH_HEX])
{
	unsigned char mac[SHA256_SIZE];

	if (!sha256_hmac_run(m, id, strlen(id), mac))
		return false;
	sha256_hex(mac, sizeof mac, out);
	return true;
}

bool fingerprint_hash(const unsigned char *key, const char *id, char out[FINGERPRINT_HASH_HEX])
{
	unsigned char mac[SHA256_SIZE];

	if (!sha256_hmac(key, FINGERPRINT_KEY_SIZE, id, strlen(id), mac))
		return false;
	sha256_hex(mac, sizeof mac, out);
	return true;
}

char *fingerprint_path(const char *dir, const unsigned char *key, const char *instance)
{
	char h[FINGERPRINT_HASH_HEX], name[64];

	if (!fingerprint_hash(key, instance, h))
		return NULL;
	snprintf(name, sizeof name, "fingerprint-%.16s.json", h);
	return statefile_path(dir, name);
}

void fingerprint_clear(struct fingerprint *fp)
{
	for (size_t i = 0; i < fp->n; i++) {
		free(fp->tokens[i].name);
		free(fp->tokens[i].account);
	}
	free(fp->tokens);
	memset(fp, 0, sizeof *fp);
}

static int cmp_hash(const void *a, const void *b)
{
	return strcmp(((const struct fingerprint_token *)a)->hash,
	              ((const struct fingerprint_token *)b)->hash);
}

static const struct fingerprint_token *find_hash(const struct fingerprint *fp, const char *hash)
{
	struct fingerprint_token k;

	snprintf(k.hash, sizeof k.hash, "%s", hash);
	return fp->n ? bsearch(&k, fp->tokens, fp->n, sizeof k, cmp_hash) : NULL;
}

enum wft_status fingerprint_take(const struct tokenset *ts, const unsigned char *key,
                                 wft_millis now, struct fingerprint *out, struct wft_error *err)
{
	size_t n = tokenset_size(ts), k = 0;
	struct sha256_hmac m;

	memset(out, 0, sizeof *out);
	out->saved_at = now;
	if (!(out->tokens = calloc(n ? n : 1, sizeof *out->tokens)))
		return wft_error_set(err, WFT_ERR_NOMEM, "Out of memory.");
	if (!sha256_hmac_init(&m, key, FINGERPRINT_KEY_SIZE)) {
		fingerprint_clear(out);
		return wft_error_set(err, WFT_ERR_NOMEM, "Out of memory.");
	}
	for (tokenset_idx i = 0; i < n; i++) {
		struct fingerprint_token *t = &out->tokens[k];
		if (!tokenset_is_live(ts, i))
			continue;
		if (!hash_with(&m, tokenset_id(ts, i), t->hash)) {
			sha256_hmac_clear(&m);
			fingerprint_clear(out);
			return wft_error_set(err, WFT_ERR_NOMEM, "Out of memory.");
		}
		wft_mask_id(tokenset_id(ts, i), t->masked, sizeof t->masked);
		t->name = strdup(tokenset_name(ts, i));
		t->account = strdup(tokenset_account(ts, i));
		t->created = tokenset_date_generated(ts, i);
		t->last_used = tokenset_last_used(ts, i);
		out->n = ++k;
		if (!t->name || !t->account) {
			sha256_hmac_clear(&m);
			fingerprint_clear(out);
			return wft_error_set(err, WFT_ERR_NOMEM, "Out of memory.");
		}
	}
	sha256_hmac_clear(&m);
	qsort(out->tokens, out->n, sizeof *out->tokens, cmp_hash);
	return WFT_OK;
}

static json_object *token_json(const struct fingerprint_token *t)
{
	json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	json_object_object_add(o, "hash", json_object_new_string(t->hash));
	json_object_object_add(o, "masked", json_object_new_string(t->masked));
	json_object_object_add(o, "name", json_object_new_string(t->name));
	json_object_object_add(o, "account", json_object_new_string(t->account));
	json_object_object_add(o, "created", json_object_new_int64(t->created));
	json_object_object_add(o, "lastUsed", json_object_new_int64(t->last_used));
	return o;
}

char *fingerprint_encode(const struct fingerprint *fp)
{
	json_object *root = json_object_new_object(), *list = json_object_new_array();
	char *s = NULL;

	if (!root || !list) {
		json_object_put(root);
		json_object_put(list);
		return NULL;
	}
	json_object_object_add(root, "version", json_object_new_int(1));
	json_object_object_add(root, "savedAt", json_object_new_int64(fp->saved_at));
	json_object_object_add(root, "tokens", list);
	for (size_t i = 0; i < fp->n; i++)
		json_object_array_add(list, token_json(&fp->tokens[i]));
	const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN);
	if (text && (s = malloc(strlen(text) + 2)))
		sprintf(s, "%s\n", text);
	json_object_put(root);
	return s;
}

static const char *get_string(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
	       ? json_object_get_string(v) : NULL;
}

static bool get_millis(json_object *o, const char *key, wft_millis *out)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int))
		return false;
	*out = json_object_get_int64(v);
	return true;
}

/* An entry of the list into t; false when it is not one. */
static bool token_from_json(json_object *o, struct fingerprint_token *t)
{
	const char *hash = get_string(o, "hash"), *masked = get_string(o, "masked");
	const char *name = get_string(o, "name"), *account = get_string(o, "account");

	if (!hash || strlen(hash) != FINGERPRINT_HASH_HEX - 1 || !masked ||
	    strlen(masked) >= sizeof t->masked || !name || !account ||
	    !get_millis(o, "created", &t->created) || !get_millis(o, "lastUsed", &t->last_used))
		return false;
	for (const char *p = hash; *p; p++)
		if (hex_value(*p) < 0)
			return false;
	memcpy(t->hash, hash, FINGERPRINT_HASH_HEX);
	snprintf(t->masked, sizeof t->masked, "%s", masked);
	t->name = strdup(name);
	t->account = strdup(account);
	return t->name && t->account;
}

enum wft_status fingerprint_decode(const char *text, struct fingerprint *out,
                                   struct wft_error *err)
{
	json_object *root = json_tokener_parse(text), *list;
	enum wft_status st = WFT_OK;
	size_t n;

	memset(out, 0, sizeof *out);
	if (!root || !json_object_is_type(root, json_type_object) ||
	    !get_millis(root, "savedAt", &out->saved_at) ||
	    !json_object_object_get_ex(root, "tokens", &list) ||
	    !json_object_is_type(list, json_type_array)) {
		json_object_put(root);
		return wft_error_set(err, WFT_ERR_PARSE, "not a fingerprint of the token list");
	}
	n = json_object_array_length(list);
	if (!(out->tokens = calloc(n ? n : 1, sizeof *out->tokens)))
		st = wft_error_set(err, WFT_ERR_NOMEM, "Out of memory.");
	for (size_t i = 0; st == WFT_OK && i < n; i++) {
		out->n = i + 1;
		if (!token_from_json(json_object_array_get_idx(list, i), &out->tokens[i]))
			st = wft_error_set(err, WFT_ERR_PARSE, "entry %zu of the fingerprint is not a token",
			                   i + 1);
	}
	json_object_put(root);
	if (st != WFT_OK) {
		fingerprint_clear(out);
		return st;
	}
	qsort(out->tokens, out->n, sizeof *out->tokens, cmp_hash);
	return WFT_OK;
}

enum wft_status fingerprint_save(const char *path, const struct fingerprint *fp,
                                 struct wft_error *err)
{
	char *text = fingerprint_encode(fp);
	enum wft_status st;

	if (!text)
		return wft_error_set(err, WFT_ERR_NOMEM, "Out of memory.");
	st = statefile_write(path, text, strlen(text), err);
	free(text);
	return st;
}

enum wft_status fingerprint_load(const char *path, wft_millis now, struct fingerprint *out,
                                 bool *found, struct wft_error *err)
{
	char *buf = NULL;
	size_t len;
	struct wft_error why;
	enum wft_status st = statefile_read(path, STATEFILE_MAX, &buf, &len, err);

	memset(out, 0, sizeof *out);
	*found = false;
	if (st == WFT_ERR_PARSE)
		return statefile_set_aside(path, err->message, now, NULL, err);
	if (st != WFT_OK || !buf)
		return st;
	st = fingerprint_decode(buf, out, &why);
	free(buf);
	if (st == WFT_ERR_PARSE)
		return statefile_set_aside(path, why.message, now, NULL, err);
	if (st != WFT_OK) {
		if (err)
			*err = why;
		return st;
	}
	*found = true;
	return WFT_OK;
}

bool fingerprint_is_stale(wft_millis last_used, wft_millis created, wft_millis at)
{
	wft_millis basis = last_used > 0 ? last_used : created;

	return basis > 0 && at - basis >= FINGERPRINT_STALE_AFTER;
}

void fingerprint_changes_clear(struct fingerprint_changes *c)
{
	char **lists[] = { c->created, c->first_used, c->went_stale };
	size_t counts[] = { c->n_created, c->n_first_used, c->n_went_stale };

	for (size_t l = 0; l < 3; l++) {
		for (size_t i = 0; i < counts[l]; i++)
			wft_free_secret(lists[l][i]);
		free(lists[l]);
	}
	for (size_t i = 0; i < c->n_revoked; i++) {
		free(c->revoked[i].name);
		free(c->revoked[i].account);
	}
	free(c->revoked);
	memset(c, 0, sizeof *c);
}

static bool add_id(char **list, size_t *n, const char *id)
{
	if (!(list[*n] = strdup(id)))
		return false;
	(*n)++;
	return true;
}

/* The tokens of ts against old: created, first used, went stale; seen[k]
 * is set for every entry k of old still there. */
static bool compare_live(const struct fingerprint *old, const struct tokenset *ts,
                         const struct sha256_hmac *m, wft_millis now, unsigned char *seen,
                         struct fingerprint_changes *c)
{
	char h[FINGERPRINT_HASH_HEX];

	for (tokenset_idx i = 0; i < tokenset_size(ts); i++) {
		const char *id = tokenset_id(ts, i);
		const struct fingerprint_token *t;
		wft_millis lu = tokenset_last_used(ts, i);
		bool ok = true;

		if (!tokenset_is_live(ts, i))
			continue;
		if (!hash_with(m, id, h))
			return false;
		if (!(t = find_hash(old, h))) {
			ok = add_id(c->created, &c->n_created, id);
		} else {
			seen[t - old->tokens] = 1;
			if (t->last_used <= 0 && lu > 0)
				ok = add_id(c->first_used, &c->n_first_used, id);
			if (ok && !fingerprint_is_stale(t->last_used, t->created, old->saved_at) &&
			    fingerprint_is_stale(lu, tokenset_date_generated(ts, i), now))
				ok = add_id(c->went_stale, &c->n_went_stale, id);
		}
		if (!ok)
			return false;
	}
	return true;
}

static bool copy_revoked(const struct fingerprint *old, const unsigned char *seen,
                         struct fingerprint_changes *c)
{
	for (size_t k = 0; k < old->n; k++) {
		struct fingerprint_token *r = &c->revoked[c->n_revoked];
		if (seen[k])
			continue;
		*r = old->tokens[k];
		r->name = strdup(old->tokens[k].name);
		r->account = strdup(old->tokens[k].account);
		c->n_revoked++;
		if (!r->name || !r->account)
			return false;
	}
	return true;
}

enum wft_status fingerprint_compare(const struct fingerprint *old, const struct tokenset *ts,
                                    const unsigned char *key, wft_millis now,
                                    struct fingerprint_changes *out, struct wft_error *err)
{
	size_t n = tokenset_size(ts) + 1;
	unsigned char *seen = calloc(old->n + 1, 1);
	struct sha256_hmac m;
	bool ok;

	memset(out, 0, sizeof *out);
	out->since = old->saved_at;
	out->created = calloc(n, sizeof *out->created);
	out->first_used = calloc(n, sizeof *out->first_used);
	out->went_stale = calloc(n, sizeof *out->went_stale);
	out->revoked = calloc(old->n + 1, sizeof *out->revoked);
	ok = sha256_hmac_init(&m, key, FINGERPRINT_KEY_SIZE) && seen && out->created && out->first_used && out->went_stale && out->revoked &&
	     compare_live(old, ts, &m, now, seen, out) && copy_revoked(old, seen, out);
	sha256_hmac_clear(&m);
	free(seen);
	if (!ok) {
		fingerprint_changes_clear(out);
		return wft_error_set(err, WFT_ERR_NOMEM, "Out of memory.");
	}
	return WFT_OK;
}
