/* jsonw.c: the JSON writer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/jsonw.h"

void jw_init(struct jw *w)
{
	memset(w, 0, sizeof *w);
}

void jw_free(struct jw *w)
{
	free(w->buf);
	jw_init(w);
}

void jw_reset(struct jw *w)
{
	char *buf = w->buf;
	size_t cap = w->cap;

	jw_init(w);
	w->buf = buf;
	w->cap = cap;
	if (buf)
		buf[0] = '\0';
}

void jw_consume(struct jw *w, size_t n)
{
	if (!w->buf)
		return;
	if (n > w->len)
		n = w->len;
	memmove(w->buf, w->buf + n, w->len - n);
	w->len -= n;
	w->buf[w->len] = '\0';
}

char *jw_take(struct jw *w, size_t *len)
{
	char *out;

	if (w->oom) {
		jw_free(w);
		return NULL;
	}
	if (!w->buf)
		jw_bytes(w, "", 0);
	out = w->buf;
	if (len)
		*len = w->len;
	w->buf = NULL;
	jw_free(w);
	return out;
}

static bool jw_grow(struct jw *w, size_t extra)
{
	size_t want;
	char *nb;

	if (w->oom)
		return false;
	if (w->len + extra + 1 <= w->cap)
		return true;
	want = w->cap ? w->cap : 256;
	while (want < w->len + extra + 1) {
		if (want > SIZE_MAX / 2) {
			w->oom = true;
			return false;
		}
		want *= 2;
	}
	nb = realloc(w->buf, want);
	if (!nb) {
		w->oom = true;
		return false;
	}
	w->buf = nb;
	w->cap = want;
	return true;
}

void jw_bytes(struct jw *w, const char *s, size_t n)
{
	if (!jw_grow(w, n))
		return;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

static void jw_putc(struct jw *w, char c)
{
	jw_bytes(w, &c, 1);
}

/* Writes the comma a value needs before it, unless it follows a key. */
static void jw_sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->need_comma[w->depth])
		jw_putc(w, ',');
	w->need_comma[w->depth] = true;
}

static void jw_open(struct jw *w, char c)
{
	jw_sep(w);
	jw_putc(w, c);
	if (w->depth + 1 >= JW_MAX_DEPTH) {
		w->oom = true; /* a programming error; make the answer fail loudly */
		return;
	}
	w->depth++;
	w->need_comma[w->depth] = false;
}

static void jw_close(struct jw *w, char c)
{
	jw_putc(w, c);
	if (w->depth > 0)
		w->depth--;
}

void jw_obj(struct jw *w) { jw_open(w, '{'); }
void jw_obj_end(struct jw *w) { jw_close(w, '}'); }
void jw_arr(struct jw *w) { jw_open(w, '['); }
void jw_arr_end(struct jw *w) { jw_close(w, ']'); }

static void jw_quoted(struct jw *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = 0;

	jw_putc(w, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char u[7];

		if (c == '"')
			esc = "\\\"";
		else if (c == '\\')
			esc = "\\\\";
		else if (c == '\n')
			esc = "\\n";
		else if (c == '\r')
			esc = "\\r";
		else if (c == '\t')
			esc = "\\t";
		else if (c < 0x20 || c == 0x7f) {
			u[0] = '\\'; u[1] = 'u'; u[2] = '0'; u[3] = '0';
			u[4] = hex[c >> 4]; u[5] = hex[c & 15]; u[6] = '\0';
			esc = u;
		}
		if (esc) {
			jw_bytes(w, s + start, i - start);
			jw_bytes(w, esc, strlen(esc));
			start = i + 1;
		}
	}
	jw_bytes(w, s + start, n - start);
	jw_putc(w, '"');
}

void jw_key(struct jw *w, const char *k)
{
	jw_sep(w);
	jw_quoted(w, k, strlen(k));
	jw_putc(w, ':');
	w->after_key = true;
}

void jw_strn(struct jw *w, const char *s, size_t n)
{
	jw_sep(w);
	jw_quoted(w, s, n);
}

void jw_str(struct jw *w, const char *s)
{
	if (!s) {
		jw_null(w);
		return;
	}
	jw_strn(w, s, strlen(s));
}

void jw_int(struct jw *w, int64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof num, "%lld", (long long)v);

	jw_sep(w);
	jw_bytes(w, num, (size_t)n);
}

void jw_bool(struct jw *w, bool v)
{
	jw_sep(w);
	jw_bytes(w, v ? "true" : "false", v ? 4 : 5);
}

void jw_null(struct jw *w)
{
	jw_sep(w);
	jw_bytes(w, "null", 4);
}

void jw_raw(struct jw *w, const char *json)
{
	jw_sep(w);
	jw_bytes(w, json, strlen(json));
}

void jw_kstr(struct jw *w, const char *k, const char *s)
{
	jw_key(w, k);
	jw_str(w, s);
}

void jw_kint(struct jw *w, const char *k, int64_t v)
{
	jw_key(w, k);
	jw_int(w, v);
}

void jw_kbool(struct jw *w, const char *k, bool v)
{
	jw_key(w, k);
	jw_bool(w, v);
}
