/* osc52.h: the OSC 52 escape sequence that asks a terminal to put text on
 * the local clipboard, base64-encoded, wrapped for tmux or GNU screen. */
#ifndef WFT_OSC52_H
#define WFT_OSC52_H

#include <stddef.h>

#include "error.h"

/* Longest text sent: many terminals drop longer OSC 52 sequences (xterm
 * and hterm stop near 100000 bytes of base64). */
#define OSC52_MAX_INPUT 74994

enum osc52_wrap {
	OSC52_PLAIN = 0,   /* straight to the terminal */
	OSC52_TMUX,        /* inside tmux: DCS passthrough, ESC doubled */
	OSC52_SCREEN,      /* inside GNU screen: DCS chunks of at most 76 bytes */
};

/* Base64 (RFC 4648, with padding) of in[0..n) into out, NUL-terminated.
 * Returns the length written, or 0 when outsz is below 4*ceil(n/3)+1. */
size_t osc52_base64(const void *in, size_t n, char *out, size_t outsz);

/* Which wrapping the environment asks for: TMUX set means tmux; else a
 * TERM starting with "screen" and STY set means GNU screen. */
enum osc52_wrap osc52_detect(const char *tmux, const char *term, const char *sty);

/* Builds the whole sequence for text[0..n) into a new NUL-terminated
 * buffer (*out, length *outlen). The buffer holds the secret in base64:
 * free it with wft_free_secret. WFT_ERR_LIMIT when n > OSC52_MAX_INPUT. */
enum wft_status osc52_build(const char *text, size_t n, enum osc52_wrap wrap,
                            char **out, size_t *outlen, struct wft_error *err);

#endif
