/* textwidth.c: UTF-8 decoding and column counting on top of wcwidth(3). */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "textwidth.h"

size_t tw_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c, min;
	size_t len, i;

	*cp = 0xFFFD;
	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xE0) == 0xC0) {
		len = 2; c = s[0] & 0x1F; min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3; c = s[0] & 0x0F; min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4; c = s[0] & 0x07; min = 0x10000;
	} else {
		return 1;
	}
	if (n < len)
		len = n + 1; /* forces the check below to fail at the end */
	for (i = 1; i < len; i++) {
		if (i >= n || (s[i] & 0xC0) != 0x80)
			return i; /* skip the bytes that looked like a prefix */
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return len;
	*cp = c;
	return len;
}

/* In a locale that is not UTF-8 (LANG=C) the terminal cannot show a
 * non-ASCII character, and the bytes of one would be drawn as several
 * cells: each is shown as '?', one column, so columns stay aligned. */
static int ascii_only(void)
{
	return MB_CUR_MAX == 1;
}

const char *tw_ellipsis(void)
{
	return ascii_only() ? "~" : TW_ELLIPSIS;
}

int tw_cp_width(uint32_t cp)
{
	int w;

	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 1; /* drawn as the replacement character */
	w = wcwidth((wchar_t)cp);
	if (w < 0)
		return 1;
	return w > 2 ? 2 : w;
}

int tw_is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static int is_shown(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xFFFD)
		return 0;
	if (tw_is_bidi_control(cp))
		return 0;
	return wcwidth((wchar_t)cp) >= 0;
}

int tw_next(const char *s, size_t len, size_t *pos, struct tw_char *c)
{
	uint32_t cp;
	size_t used;

	if (!s || *pos >= len || s[*pos] == '\0')
		return 0;
	used = tw_decode(s + *pos, len - *pos, &cp);
	c->src_off = *pos;
	c->src_len = used;
	if ((cp >= 0x80 || !is_shown(cp)) && ascii_only()) {
		memcpy(c->bytes, "?", 2);
		c->width = 1;
	} else if (is_shown(cp)) {
		memcpy(c->bytes, s + *pos, used);
		c->bytes[used] = '\0';
		c->width = wcwidth((wchar_t)cp);
		if (c->width > 2)
			c->width = 2;
	} else {
		memcpy(c->bytes, TW_REPLACEMENT, sizeof TW_REPLACEMENT);
		c->width = 1;
	}
	*pos += used;
	return 1;
}

int tw_width_n(const char *s, size_t n)
{
	struct tw_char c;
	size_t pos = 0;
	int w = 0;

	while (tw_next(s, n, &pos, &c))
		w += c.width;
	return w;
}

int tw_width(const char *s)
{
	return s ? tw_width_n(s, strlen(s)) : 0;
}

int tw_fit(const char *s, int maxcols, int pad, char *out, size_t outsz)
{
	struct tw_char c;
	size_t len = s ? strlen(s) : 0, pos = 0, o = 0, blen;
	int cols = 0, total, ellw = 1;

	if (outsz == 0)
		return 0;
	out[0] = '\0';
	if (maxcols <= 0)
		return 0;
	total = tw_width_n(s, len);
	if (total > maxcols) {
		/* Room for the ellipsis: take characters up to maxcols - 1. */
		while (tw_next(s, len, &pos, &c)) {
			blen = strlen(c.bytes);
			if (cols + c.width > maxcols - ellw || o + blen >= outsz)
				break;
			memcpy(out + o, c.bytes, blen);
			o += blen;
			cols += c.width;
		}
		/* Zero-width marks that follow the last kept character stay. */
		const char *ell = tw_ellipsis();
		if (o + strlen(ell) < outsz) {
			memcpy(out + o, ell, strlen(ell));
			o += strlen(ell);
			cols += ellw;
		}
	} else {
		while (tw_next(s, len, &pos, &c)) {
			blen = strlen(c.bytes);
			if (o + blen >= outsz)
				break;
			memcpy(out + o, c.bytes, blen);
			o += blen;
			cols += c.width;
		}
	}
	while (pad && cols < maxcols && o + 1 < outsz) {
		out[o++] = ' ';
		cols++;
	}
	out[o] = '\0';
	return cols;
}

size_t tw_wrap(const char *s, size_t len, int cols, size_t *next)
{
	size_t pos = 0, brk = 0, after = 0;
	int used = 0;
	struct tw_char c;

	if (cols < 1)
		cols = 1;
	for (;;) {
		size_t at = pos;
		if (!tw_next(s, len, &pos, &c)) {
			*next = len;
			return len;
		}
		if (used + c.width > cols && at > 0) {
			if (brk > 0) {
				/* Break at the last space that fit; the next line skips spaces. */
				while (after < len && s[after] == ' ')
					after++;
				*next = after;
				return brk;
			}
			*next = at;
			return at;
		}
		used += c.width;
		if (s[at] == ' ' && at > 0) {
			/* The line would end before this run of spaces. */
			brk = at;
			while (brk > 0 && s[brk - 1] == ' ')
				brk--;
			after = pos;
		}
	}
}

int tw_wrap_lines(const char *s, int cols)
{
	size_t len = s ? strlen(s) : 0, pos = 0;
	int n = 0;

	while (pos < len) {
		size_t next;
		tw_wrap(s + pos, len - pos, cols, &next);
		pos += next ? next : len - pos;
		n++;
	}
	return n;
}
