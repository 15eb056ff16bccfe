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

/* The secrets this process sends (API tokens, CSP API tokens, client
 * secrets, access tokens), noted while they are in use so that no message
 * shows one, whatever its length: a server that echoes a short secret in an
 * error would otherwise have it shown in full. wft_error_set masks them in
 * every message it builds. Thread-safe; each note is a wiped copy. */
/* Notes secret (nothing for NULL or ""); false when out of memory. A
 * secret noted twice must be forgotten twice. */
bool wft_secret_note(const char *secret);
/* Forgets one note of secret. */
void wft_secret_forget(const char *secret);
/* Copies in[0..len) into out (size outsz, always NUL-terminated when
 * outsz > 0) with every noted secret replaced by its masked form
 * (wft_mask_id); the longest secret wins where several match. Returns the
 * length written. */
size_t wft_secret_redact(const char *in, size_t len, char *out, size_t outsz);
/* The most out can grow in wft_secret_redact: len * WFT_REDACT_GROWTH +
 * WFT_MASK_SIZE bytes always suffice. */
#define WFT_REDACT_GROWTH 4

/* Masks, in place, every UUID (a token id's shape) inside text s: each
 * becomes its wft_mask_id form, which is shorter. */
void wft_mask_ids_in(char *s);

/* Overwrites n bytes at p in a way the compiler may not optimise away. */
void wft_wipe(void *p, size_t n);

/* Wipes a NUL-terminated string in place and frees it. */
void wft_free_secret(char *s);

#endif
