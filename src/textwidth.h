/* textwidth.h: display width of UTF-8 text on a terminal (wide CJK, emoji),
 * safe rendering of invalid bytes and controls, width-aware truncation. */
#ifndef WFT_TEXTWIDTH_H
#define WFT_TEXTWIDTH_H

#include <stddef.h>
#include <stdint.h>

/* What stands for a byte that is not UTF-8 or a character that cannot be
 * shown (controls): U+FFFD, one column wide. */
#define TW_REPLACEMENT "\xef\xbf\xbd"
/* The ellipsis that ends a truncated text: U+2026, one column wide. */
#define TW_ELLIPSIS "\xe2\x80\xa6"

/* One character of a text, ready to be drawn. */
struct tw_char {
	char bytes[8];     /* UTF-8 to draw, NUL-terminated (sanitised) */
	int width;         /* columns: 0 (combining), 1 or 2 */
	size_t src_off;    /* byte offset of the character in the source */
	size_t src_len;    /* its length in the source */
};

/* The ellipsis to draw: TW_ELLIPSIS, or "~" when the locale is not UTF-8
 * (then every non-ASCII character is drawn as '?'). */
const char *tw_ellipsis(void);

/* Decodes one code point at s (n bytes available, n > 0). Returns the number
 * of bytes used (>= 1); *cp is 0xFFFD for an invalid or truncated sequence,
 * an overlong form, a surrogate or a value above U+10FFFF. */
size_t tw_decode(const char *s, size_t n, uint32_t *cp);

/* True for the bidirectional embeddings, overrides and isolates (U+202A to
 * U+202E, U+2066 to U+2069): a text holding one could reorder what follows
 * it on a terminal or in a viewer that honours them, so they are never
 * shown raw. */
int tw_is_bidi_control(uint32_t cp);

/* Columns one code point takes; controls and unprintable code points count
 * as the replacement character (1). */
int tw_cp_width(uint32_t cp);

/* Reads the character at *pos of s (len bytes) into c and advances *pos.
 * Returns 0 at the end. */
int tw_next(const char *s, size_t len, size_t *pos, struct tw_char *c);

/* Display width of a NUL-terminated string (NULL counts as ""). */
int tw_width(const char *s);
/* Display width of the first n bytes of s. */
int tw_width_n(const char *s, size_t n);

/* Writes s, sanitised, into out (size outsz) so that it takes at most
 * maxcols columns; a text that does not fit ends with the ellipsis, and a
 * character is never split. With pad, fills with spaces up to maxcols.
 * Returns the columns written. out is always NUL-terminated (outsz > 0). */
int tw_fit(const char *s, int maxcols, int pad, char *out, size_t outsz);

/* Wrapping: the length in bytes of the first line of s (len bytes) that
 * fits in cols columns, broken after the last space that fits when there is
 * one, else between characters; at least one character when len > 0.
 * *next is where the following line starts (the spaces at the break are
 * skipped). */
size_t tw_wrap(const char *s, size_t len, int cols, size_t *next);
/* The number of lines tw_wrap makes of s in cols columns (0 for ""). */
int tw_wrap_lines(const char *s, int cols);

#endif
