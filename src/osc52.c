/* osc52.c: the clipboard escape sequence (OSC 52) and its wrappings. */
#include <stdlib.h>
#include <string.h>

#include "mask.h"
#include "osc52.h"

/* GNU screen passes a DCS string through but cuts long ones; 76 bytes of
 * payload per DCS is what works with its default buffer. */
#define SCREEN_CHUNK 76

size_t osc52_base64(const void *in, size_t n, char *out, size_t outsz)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = in;
	size_t need = (n + 2) / 3 * 4, o = 0;

	if (!out || outsz < need + 1)
		return 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		out[o++] = tab[(v >> 18) & 63];
		out[o++] = tab[(v >> 12) & 63];
		out[o++] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? tab[v & 63] : '=';
	}
	out[o] = '\0';
	return o;
}

enum osc52_wrap osc52_detect(const char *tmux, const char *term, const char *sty)
{
	if (tmux && *tmux)
		return OSC52_TMUX;
	if (term && strncmp(term, "screen", 6) == 0 && sty && *sty)
		return OSC52_SCREEN;
	return OSC52_PLAIN;
}

/* Appends n bytes to the buffer; the caller sized it. */
static void put(char *buf, size_t *o, const char *s, size_t n)
{
	memcpy(buf + *o, s, n);
	*o += n;
}

enum wft_status osc52_build(const char *text, size_t n, enum osc52_wrap wrap,
                            char **out, size_t *outlen, struct wft_error *err)
{
	static const char head[] = "\033]52;c;", bel[] = "\007";
	size_t b64len = (n + 2) / 3 * 4, cap, o = 0;
	char *b64, *buf;

	*out = NULL;
	*outlen = 0;
	if (n > OSC52_MAX_INPUT)
		return wft_error_set(err, WFT_ERR_LIMIT,
		                     "the text is too long for the terminal's clipboard (%zu bytes; "
		                     "at most %d)", n, OSC52_MAX_INPUT);
	if (!(b64 = malloc(b64len + 1)))
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	osc52_base64(text, n, b64, b64len + 1);
	/* The plain sequence, then room for either wrapping: tmux doubles two
	 * ESC and adds 7 bytes; screen adds 4 bytes per chunk. */
	cap = sizeof head - 1 + b64len + 1;
	cap += 16 + (cap / SCREEN_CHUNK + 1) * 4 + 1;
	if (!(buf = malloc(cap))) {
		wft_free_secret(b64);
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	}
	if (wrap == OSC52_TMUX) {
		/* DCS tmux; <sequence with each ESC doubled> ST */
		static const char tmux_head[] = "\033Ptmux;\033\033]52;c;";
		put(buf, &o, tmux_head, sizeof tmux_head - 1);
		put(buf, &o, b64, b64len);
		put(buf, &o, bel, 1);
		put(buf, &o, "\033\\", 2);
	} else if (wrap == OSC52_SCREEN) {
		/* The plain sequence cut into DCS chunks; screen joins them. */
		size_t plen = sizeof head - 1 + b64len + 1, k = 0;
		char *plain = malloc(plen);
		if (!plain) {
			wft_free_secret(b64);
			free(buf);
			return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		}
		memcpy(plain, head, sizeof head - 1);
		memcpy(plain + sizeof head - 1, b64, b64len);
		plain[plen - 1] = '\007';
		while (k < plen) {
			size_t c = plen - k < SCREEN_CHUNK ? plen - k : SCREEN_CHUNK;
			put(buf, &o, "\033P", 2);
			put(buf, &o, plain + k, c);
			put(buf, &o, "\033\\", 2);
			k += c;
		}
		wft_wipe(plain, plen);
		free(plain);
	} else {
		put(buf, &o, head, sizeof head - 1);
		put(buf, &o, b64, b64len);
		put(buf, &o, bel, 1);
	}
	buf[o] = '\0';
	wft_free_secret(b64);
	*out = buf;
	*outlen = o;
	return WFT_OK;
}
