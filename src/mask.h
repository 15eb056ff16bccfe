/* mask.h: how a token id (a bearer secret) is shown: only its last four
 * characters, and nothing at all of an id too short to hide. */
#ifndef WFT_MASK_H
#define WFT_MASK_H

#include <stdbool.h>
#include <stddef.h>

#define WFT_MASK_VISIBLE 4
/* Room for the longest masked form, "****-...-" plus 4 characters. */
#define WFT_MASK_SIZE 16

/* Writes the masked form of id into out (size outsz) and returns out.
 * Ids shorter than 8 characters are shown as "****" alone. */
char *wft_mask_id(const char *id, char *out, size_t outsz);

/* True when text holds something shaped like a secret: a token id (a UUID,
 * 8-4-4-4-12 hex digits), also in disguise (32 or more hex digits, a digit
 * and a letter among them, with any separators between them that are not
 * letters or digits, even split across terms, field names such as "id:"
 * skipped); an id: term holding more than the WFT_MASK_VISIBLE hex digits
 * the table shows; or a run of 32 or more letters and digits with both in
 * it (a CSP token). Such text is not remembered or saved. */
bool wft_looks_secret(const char *text);

/* Overwrites n bytes at p in a way the compiler may not optimise away. */
void wft_wipe(void *p, size_t n);

/* Wipes a NUL-terminated string in place and frees it. */
void wft_free_secret(char *s);

#endif
