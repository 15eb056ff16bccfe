/* fingerprint.c: the token list at the last quit, and what changed since
 * (fingerprint.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fingerprint.h"
#include "statefile.h"

#define KEY_FILE "fingerprint.key"
/* The first line: MAGIC TAB VERSION TAB SAVED-AT TAB COUNT. */
#define MAGIC "wftokens-fingerprint"
/* The longest line: a hash, a masked id, two times, an account and a name
 * (each escaped: at most twice as long), 5 tabs and a newline. */
#define LINE_MAX_BYTES (16 + 2 * WFT_MASK_SIZE + 2 * 21 + 4 * FINGERPRINT_TEXT_MAX + 8)
/* The shortest token line (empty masked id, account and name). */
#define LINE_MIN_BYTES (16 + 2 + 5 + 1)

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

/* The 64 bits of id a fingerprint keeps: the HMAC's first 8 bytes, read
 * big-endian. False when libcrypto fails (out of memory). */
static bool id_hash(const struct sha256_hmac *m, const char *id, uint64_t *out)
{
	unsigned char mac[SHA256_SIZE];

	if (!sha256_hmac_run(m, id, strlen(id), mac))
		return false;
	*out = 0;
	for (int i = 0; i < 8; i++)
		*out = *out << 8 | mac[i];
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
	snprintf(name, sizeof name, "fingerprint-%.16s.tsv", h);
	return statefile_path(dir, name);
}

void fingerprint_clear(struct fingerprint *fp)
{
	free(fp->tokens);
	free(fp->strings);
	memset(fp, 0, sizeof *fp);
}

/* The fingerprint's entries by hash, for the comparison: an open table
 * of entry numbers + 1 (0: empty), at least twice as many slots as
 * entries. The hashes are keyed and uniform: their low bits are the slot. */
struct hash_index {
	uint32_t *slots;
	uint64_t mask;
};

static bool index_build(struct hash_index *x, const struct fingerprint *fp)
{
	size_t cap = 16;

	while (cap < 2 * fp->n)
		cap *= 2;
	x->mask = cap - 1;
	if (!(x->slots = calloc(cap, sizeof *x->slots)))
		return false;
	for (size_t k = 0; k < fp->n; k++) {
		uint64_t i = fp->tokens[k].hash & x->mask;
		while (x->slots[i])
			i = (i + 1) & x->mask;
		x->slots[i] = (uint32_t)k + 1;
	}
	return true;
}

/* The entry of fp whose hash is hash (the first of several), or NULL. */
static const struct fingerprint_token *index_find(const struct hash_index *x,
                                                  const struct fingerprint *fp, uint64_t hash)
{
	for (uint64_t i = hash & x->mask; x->slots[i]; i = (i + 1) & x->mask)
		if (fp->tokens[x->slots[i] - 1].hash == hash)
			return &fp->tokens[x->slots[i] - 1];
	return NULL;
}

/* The bytes of s kept: all, or FINGERPRINT_TEXT_MAX cut back to the start
 * of a UTF-8 character. */
static size_t text_len(const char *s)
{
	size_t n = strnlen(s, FINGERPRINT_TEXT_MAX + 1);

	if (n <= FINGERPRINT_TEXT_MAX)
		return n;
	n = FINGERPRINT_TEXT_MAX;
	while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

/* s[0..n) and a NUL at *at, which moves past them. */
static const char *put_text(char **at, const char *s, size_t n)
{
	char *p = *at;

	memcpy(p, s, n);
	p[n] = '\0';
	*at = p + n + 1;
	return p;
}

/* The bytes the names and accounts of ts's live tokens take, NULs included. */
static size_t live_text_size(const struct tokenset *ts)
{
	size_t total = 1;

	for (tokenset_idx i = 0; i < tokenset_size(ts); i++)
		if (tokenset_is_live(ts, i))
			total += text_len(tokenset_name(ts, i)) + text_len(tokenset_account(ts, i)) + 2;
	return total;
}

enum wft_status fingerprint_take(const struct tokenset *ts, const unsigned char *key,
                                 wft_millis now, struct fingerprint *out, struct wft_error *err)
{
	size_t n = tokenset_count(ts), k = 0;
	struct sha256_hmac m;
	char *at;
	bool ok = true;

	memset(out, 0, sizeof *out);
	out->saved_at = now;
	if (n > FINGERPRINT_MAX_TOKENS)
		return wft_error_set(err, WFT_ERR_INVALID, "The list of %zu tokens is more than a "
		                     "fingerprint holds (%d): none is kept.", n, FINGERPRINT_MAX_TOKENS);
	out->tokens = calloc(n ? n : 1, sizeof *out->tokens);
	out->strings = malloc(live_text_size(ts));
	if (!out->tokens || !out->strings || !sha256_hmac_init(&m, key, FINGERPRINT_KEY_SIZE)) {
		fingerprint_clear(out);
		return wft_error_set(err, WFT_ERR_NOMEM, "Out of memory.");
	}
	at = out->strings;
	for (tokenset_idx i = 0; ok && i < tokenset_size(ts) && k < n; i++) {
		struct fingerprint_token *t = &out->tokens[k];
		const char *name, *account;
		if (!tokenset_is_live(ts, i))
			continue;
		name = tokenset_name(ts, i);
		account = tokenset_account(ts, i);
		ok = id_hash(&m, tokenset_id(ts, i), &t->hash);
		wft_mask_id(tokenset_id(ts, i), t->masked, sizeof t->masked);
		t->name = put_text(&at, name, text_len(name));
		t->account = put_text(&at, account, text_len(account));
		t->created = tokenset_date_generated(ts, i);
		t->last_used = tokenset_last_used(ts, i);
		out->n = ++k;
	}
	sha256_hmac_clear(&m);
	if (!ok) {
		fingerprint_clear(out);
		return wft_error_set(err, WFT_ERR_NOMEM, "Out of memory.");
	}
	return WFT_OK;
}

/* ---- the file: a first line, then a line a token ---- */

/* s[0..n) at p with a backslash, a tab, a newline and a carriage return
 * escaped (at most 2n bytes); the end of what was written. */
static char *put_escaped(char *p, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char e = s[i] == '\\' ? '\\' : s[i] == '\t' ? 't' : s[i] == '\n' ? 'n'
		       : s[i] == '\r' ? 'r' : 0;
		if (e) {
			*p++ = '\\';
			*p++ = e;
		} else {
			*p++ = s[i];
		}
	}
	return p;
}

/* v in decimal at p, then c; the end of what was written. */
static char *put_decimal(char *p, wft_millis v, char c)
{
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	char d[24];
	int n = 0;

	if (v < 0)
		*p++ = '-';
	do {
		d[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	while (n)
		*p++ = d[--n];
	*p++ = c;
	return p;
}

/* A token's line (at most LINE_MAX_BYTES) into line; its length. */
static size_t token_line(const struct fingerprint_token *t, char *line)
{
	char *p = line;

	for (int i = 15; i >= 0; i--)
		*p++ = "0123456789abcdef"[t->hash >> (4 * i) & 15];
	*p++ = '\t';
	p = put_escaped(p, t->masked, strnlen(t->masked, sizeof t->masked));
	*p++ = '\t';
	p = put_decimal(p, t->created, '\t');
	p = put_decimal(p, t->last_used, '\t');
	p = put_escaped(p, t->account, text_len(t->account));
	*p++ = '\t';
	p = put_escaped(p, t->name, text_len(t->name));
	*p++ = '\n';
	return (size_t)(p - line);
}

/* The file: written through a larger buffer than stdio's, a line at a time. */
static bool write_file(FILE *f, const void *ctx)
{
	const struct fingerprint *fp = ctx;
	char line[LINE_MAX_BYTES];

	setvbuf(f, NULL, _IOFBF, (size_t)1 << 16);
	fprintf(f, MAGIC "\t%d\t%lld\t%zu\n", FINGERPRINT_VERSION, (long long)fp->saved_at, fp->n);
	for (size_t i = 0; i < fp->n && !ferror(f); i++) {
		size_t len = token_line(&fp->tokens[i], line);
		if (fwrite(line, 1, len, f) != len)
			return false;
	}
	return !ferror(f);
}

enum wft_status fingerprint_save(const char *path, const struct fingerprint *fp,
                                 struct wft_error *err)
{
	return statefile_write_with(path, write_file, fp, err);
}

/* Reading: the fields of a line, unescaped in place. */
struct reader {
	FILE *f;
	char line[LINE_MAX_BYTES + 2];
	char *strings, *at, *end;     /* the names and accounts read so far */
};

/* The next line without its newline; NULL at the end of the file, or
 * (*why set) when it is too long or has no newline. */
static char *next_line(struct reader *r, const char **why)
{
	size_t len;

	if (!fgets(r->line, sizeof r->line, r->f))
		return NULL;
	len = strlen(r->line);
	if (len == 0 || r->line[len - 1] != '\n') {
		*why = len + 1 == sizeof r->line ? "a line is too long" : "the last line is cut short";
		return NULL;
	}
	r->line[len - 1] = '\0';
	return r->line;
}

/* The next tab-separated field of *s (moved past it), unescaped in place.
 * last: the field must end the line. NULL, and *s NULL so that the next
 * fields are NULL too, when it does not, or holds an unknown escape. */
static char *field(char **s, bool last)
{
	char *start = *s, *out = *s, *p = *s;

	if (!p)
		return NULL;
	for (; *p && *p != '\t'; p++) {
		if (*p != '\\') {
			*out++ = *p;
			continue;
		}
		p++;
		if (*p == '\\' || *p == 't' || *p == 'n' || *p == 'r') {
			*out++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p == 'r' ? '\r' : '\\';
		} else {
			*s = NULL;
			return NULL;
		}
	}
	if ((*p == '\t') == last) {
		*s = NULL;
		return NULL;
	}
	*s = *p ? p + 1 : NULL;
	*out = '\0';
	return start;
}

static bool parse_millis(const char *s, wft_millis *out)
{
	char *end;

	errno = 0;
	*out = (wft_millis)strtoll(s, &end, 10);
	return *s && *end == '\0' && errno == 0;
}

static bool parse_hash(const char *s, uint64_t *out)
{
	*out = 0;
	for (int i = 0; i < 16; i++) {
		int v = hex_value(s[i]);
		if (v < 0)
			return false;
		*out = *out << 4 | (uint64_t)v;
	}
	return s[16] == '\0';
}

/* A copy of s in the reader's strings; NULL when they are full (the file
 * grew while it was read). */
static const char *keep(struct reader *r, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(r->end - r->at) < n + 1)
		return NULL;
	return put_text(&r->at, s, n);
}

/* A token line into t; false when it is not one (a field missing makes
 * the name, the last, NULL). */
static bool parse_token(struct reader *r, char *s, struct fingerprint_token *t)
{
	char *hash = field(&s, false), *masked = field(&s, false), *created = field(&s, false);
	char *used = field(&s, false), *account = field(&s, false), *name = field(&s, true);

	if (!name || !parse_hash(hash, &t->hash) || strlen(masked) >= sizeof t->masked ||
	    !parse_millis(created, &t->created) || !parse_millis(used, &t->last_used))
		return false;
	memcpy(t->masked, masked, strlen(masked) + 1);
	return (t->account = keep(r, account)) && (t->name = keep(r, name));
}

/* The first line: version, when it was taken and how many tokens follow;
 * NULL or the reason it is not one. */
static const char *parse_header(struct reader *r, size_t size, struct fingerprint *out,
                                size_t *n)
{
	const char *why = NULL;
	char *s = next_line(r, &why), *magic, *version, *saved, *count, *end;
	wft_millis v;

	if (!s && r->line[0] == '{')
		why = NULL;   /* a line too long: the older form's one line of JSON */
	else if (!s)
		return why ? why : "the file is empty";
	magic = field(&s, false);
	if (!magic || strcmp(magic, MAGIC) != 0)
		return "not a fingerprint of the token list (an older wftokens's JSON form?)";
	if (!(version = field(&s, false)) || !parse_millis(version, &v) || v != FINGERPRINT_VERSION)
		return "a fingerprint of another version of wftokens";
	if (!(saved = field(&s, false)) || !(count = field(&s, true)) ||
	    !parse_millis(saved, &out->saved_at))
		return "its first line is damaged";
	errno = 0;
	*n = strtoul(count, &end, 10);
	if (!*count || *end || errno || *n > FINGERPRINT_MAX_TOKENS || *n > size / LINE_MIN_BYTES)
		return "its count of tokens is damaged or too large";
	return NULL;
}

/* The tokens after the first line into out; NULL or the reason the file is
 * corrupt (*st set when the trouble is not the file's). */
static const char *read_tokens(struct reader *r, size_t n, struct fingerprint *out,
                               enum wft_status *st)
{
	const char *why = NULL;
	char *s;

	if (!(out->tokens = calloc(n ? n : 1, sizeof *out->tokens))) {
		*st = WFT_ERR_NOMEM;
		return "Out of memory.";
	}
	while (out->n < n && (s = next_line(r, &why))) {
		struct fingerprint_token *t = &out->tokens[out->n];
		if (!parse_token(r, s, t))
			return "a token's line is damaged";
		out->n++;
	}
	if (ferror(r->f)) {
		*st = WFT_ERR_IO;
		return strerror(errno);
	}
	if (why || out->n < n)
		return why ? why : "it holds fewer tokens than it says";
	if (next_line(r, &why) || why)
		return "it holds more lines than its tokens";
	return NULL;
}

/* Reads the open file f (of size bytes) into out; NULL or why it is
 * corrupt (*st set when the trouble is not the file's). */
static const char *read_file(FILE *f, size_t size, struct fingerprint *out, enum wft_status *st)
{
	struct reader *r = calloc(1, sizeof *r);
	const char *why;
	size_t n = 0;

	if (!r || !(r->strings = malloc(size + 1))) {
		free(r);
		*st = WFT_ERR_NOMEM;
		return "Out of memory.";
	}
	r->f = f;
	r->at = r->strings;
	r->end = r->strings + size + 1;
	out->strings = r->strings;
	if (!(why = parse_header(r, size, out, &n))) {
		why = read_tokens(r, n, out, st);
	} else if (ferror(f)) {
		*st = WFT_ERR_IO;
		why = strerror(errno);
	}
	free(r);
	return why;
}

/* A fingerprint of the older JSON form (before version 2), beside a path
 * ending in .tsv, is set aside: WFT_OK when there is none. */
static enum wft_status set_aside_old_form(const char *path, wft_millis now,
                                          struct wft_error *err)
{
	size_t len = strlen(path);
	char *old = malloc(len + 2);
	enum wft_status st = WFT_OK;

	if (!old)
		return wft_error_set(err, WFT_ERR_NOMEM, "Out of memory.");
	if (len > 4 && strcmp(path + len - 4, ".tsv") == 0) {
		snprintf(old, len + 2, "%.*s.json", (int)(len - 4), path);
		if (access(old, F_OK) == 0)
			st = statefile_set_aside(old, "a fingerprint of the older JSON form, which failed "
			                         "from about 20,000 tokens", now, NULL, err);
	}
	free(old);
	return st;
}

enum wft_status fingerprint_load(const char *path, wft_millis now, struct fingerprint *out,
                                 bool *found, struct wft_error *err)
{
	enum wft_status st = WFT_ERR_PARSE;
	FILE *f = fopen(path, "re");
	struct stat sb;
	const char *why;

	memset(out, 0, sizeof *out);
	*found = false;
	if (!f && errno == ENOENT)
		return set_aside_old_form(path, now, err);
	if (!f)
		return wft_error_set(err, WFT_ERR_IO, "cannot read %s: %s", path, strerror(errno));
	setvbuf(f, NULL, _IOFBF, (size_t)1 << 16);
	if (fstat(fileno(f), &sb) != 0) {
		why = strerror(errno);
		st = WFT_ERR_IO;
	} else if ((uintmax_t)sb.st_size > FINGERPRINT_FILE_MAX)
		why = "it is larger than a fingerprint may be";
	else
		why = read_file(f, (size_t)sb.st_size, out, &st);
	fclose(f);
	if (!why) {
		*found = true;
		return WFT_OK;
	}
	fingerprint_clear(out);
	if (st == WFT_ERR_PARSE)
		return statefile_set_aside(path, why, now, NULL, err);
	if (st == WFT_ERR_NOMEM)
		return wft_error_set(err, st, "Out of memory.");
	return wft_error_set(err, st, "cannot read %s: %s", path, why);
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
	free(c->revoked);
	free(c->strings);
	memset(c, 0, sizeof *c);
}

static bool add_id(char **list, size_t *n, const char *id)
{
	if (!(list[*n] = strdup(id)))
		return false;
	(*n)++;
	return true;
}

/* A comparison under way: the fingerprint, its index, the key's HMAC and
 * which of its entries are still there (seen[k]). */
struct comparing {
	const struct fingerprint *old;
	struct hash_index index;
	struct sha256_hmac m;
	unsigned char *seen;
	wft_millis now;
};

/* The tokens of ts against the fingerprint: created, first used, went
 * stale; seen[k] set for every entry k still there. */
static bool compare_live(struct comparing *x, const struct tokenset *ts,
                         struct fingerprint_changes *c)
{
	uint64_t h;

	for (tokenset_idx i = 0; i < tokenset_size(ts); i++) {
		const char *id = tokenset_id(ts, i);
		const struct fingerprint_token *t;
		wft_millis lu = tokenset_last_used(ts, i);
		bool ok = true;

		if (!tokenset_is_live(ts, i))
			continue;
		if (!id_hash(&x->m, id, &h))
			return false;
		if (!(t = index_find(&x->index, x->old, h))) {
			ok = add_id(c->created, &c->n_created, id);
		} else {
			x->seen[t - x->old->tokens] = 1;
			if (t->last_used <= 0 && lu > 0)
				ok = add_id(c->first_used, &c->n_first_used, id);
			if (ok && !fingerprint_is_stale(t->last_used, t->created, x->old->saved_at) &&
			    fingerprint_is_stale(lu, tokenset_date_generated(ts, i), x->now))
				ok = add_id(c->went_stale, &c->n_went_stale, id);
		}
		if (!ok)
			return false;
	}
	return true;
}

/* The entries of old not seen in the list now, their names and accounts
 * copied into c's strings. */
static bool copy_revoked(const struct fingerprint *old, const unsigned char *seen,
                         struct fingerprint_changes *c)
{
	size_t size = 1, n = 0;
	char *at;

	for (size_t k = 0; k < old->n; k++)
		if (!seen[k]) {
			size += strlen(old->tokens[k].name) + strlen(old->tokens[k].account) + 2;
			n++;
		}
	if (!(c->revoked = calloc(n + 1, sizeof *c->revoked)) || !(c->strings = malloc(size)))
		return false;
	at = c->strings;
	for (size_t k = 0; k < old->n; k++) {
		struct fingerprint_token *r = &c->revoked[c->n_revoked];
		if (seen[k])
			continue;
		*r = old->tokens[k];
		r->name = put_text(&at, r->name, strlen(r->name));
		r->account = put_text(&at, r->account, strlen(r->account));
		c->n_revoked++;
	}
	return true;
}

enum wft_status fingerprint_compare(const struct fingerprint *old, const struct tokenset *ts,
                                    const unsigned char *key, wft_millis now,
                                    struct fingerprint_changes *out, struct wft_error *err)
{
	size_t n = tokenset_size(ts) + 1;
	struct comparing x = { .old = old, .seen = calloc(old->n + 1, 1), .now = now };
	bool ok;

	memset(out, 0, sizeof *out);
	out->since = old->saved_at;
	out->created = calloc(n, sizeof *out->created);
	out->first_used = calloc(n, sizeof *out->first_used);
	out->went_stale = calloc(n, sizeof *out->went_stale);
	ok = x.seen && out->created && out->first_used && out->went_stale &&
	     index_build(&x.index, old);
	if (ok && (ok = sha256_hmac_init(&x.m, key, FINGERPRINT_KEY_SIZE))) {
		ok = compare_live(&x, ts, out) && copy_revoked(old, x.seen, out);
		sha256_hmac_clear(&x.m);
	}
	free(x.index.slots);
	free(x.seen);
	if (!ok) {
		fingerprint_changes_clear(out);
		return wft_error_set(err, WFT_ERR_NOMEM, "Out of memory.");
	}
	return WFT_OK;
}
