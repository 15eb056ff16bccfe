/* fingerprint.h: what the token list looked like when the console last
 * quit, and what changed since ("SINCE LAST SESSION" on the tokens page).
 *
 * One file per instance in the state directory (statefile.h), named by a
 * keyed hash of the endpoint: fingerprint-HASH.tsv, mode 0600, replaced
 * atomically, written and read a line at a time (doc/fingerprint.md). Per
 * token it holds a keyed hash of the id (the first 64 bits of HMAC-SHA256
 * under a random per-user key, fingerprint.key beside it, mode 0600), the
 * masked id (its last 4 characters), the generation date, the last use,
 * the account and the name. A full token id is never written. */
#ifndef WFT_FINGERPRINT_H
#define WFT_FINGERPRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "mask.h"
#include "model.h"
#include "sha256.h"
#include "tokenset.h"

#define FINGERPRINT_KEY_SIZE 32
#define FINGERPRINT_HASH_HEX (2 * SHA256_SIZE + 1)
/* A token went stale when neither used nor generated for this long. */
#define FINGERPRINT_STALE_AFTER ((wft_millis)30 * 86400000)
/* The version of the file's form (its first line). */
#define FINGERPRINT_VERSION 2
/* The most tokens a fingerprint holds: four times the list the console
 * downloads by default (above server_search_threshold, 500,000, it
 * searches on the server and keeps no fingerprint). A larger list is not
 * fingerprinted, and a file that says it holds more is corrupt. */
#define FINGERPRINT_MAX_TOKENS 2000000
/* The largest file read: 2,000,000 lines of 256 bytes (a line is about
 * 100 bytes for the names the console sees). Larger is corrupt. */
#define FINGERPRINT_FILE_MAX ((size_t)512 << 20)
/* The bytes of a name or an account kept (a longer one is cut at a
 * character's start): the revoked list shows no more. */
#define FINGERPRINT_TEXT_MAX 1024

struct fingerprint_token {
	uint64_t hash;                     /* the id's keyed hash, 64 bits */
	char masked[WFT_MASK_SIZE];        /* "****-...-8d9f" */
	const char *name;                  /* in the strings of the fingerprint */
	const char *account;               /* (or of the changes) that holds it */
	wft_millis created;                /* 0: not known */
	wft_millis last_used;              /* 0: never */
};

struct fingerprint {
	wft_millis saved_at;               /* when it was taken */
	struct fingerprint_token *tokens;  /* in the list's order */
	size_t n;
	char *strings;                     /* the names and accounts, one block */
};

/* The per-user key in dir (fingerprint.key, 64 hex digits): read, or made
 * from the system's random source and written 0600 when missing. */
enum wft_status fingerprint_key(const char *dir, unsigned char key[FINGERPRINT_KEY_SIZE],
                                struct wft_error *err);
/* The hex HMAC-SHA256 of id under key; false when libcrypto fails. */
bool fingerprint_hash(const unsigned char *key, const char *id, char out[FINGERPRINT_HASH_HEX]);
/* The file of instance (the endpoint) in dir: a new string, or NULL. */
char *fingerprint_path(const char *dir, const unsigned char *key, const char *instance);

/* The live tokens of ts at time now; WFT_ERR_INVALID for a list of more
 * than FINGERPRINT_MAX_TOKENS. */
enum wft_status fingerprint_take(const struct tokenset *ts, const unsigned char *key,
                                 wft_millis now, struct fingerprint *out, struct wft_error *err);
void fingerprint_clear(struct fingerprint *fp);
/* Writes fp to path (atomically, 0600), a line at a time. */
enum wft_status fingerprint_save(const char *path, const struct fingerprint *fp,
                                 struct wft_error *err);
/* Reads path into out, a line at a time; *found false (and WFT_OK) when
 * there is none. A corrupt file (or one of another version, or larger
 * than the limits above) is set aside (statefile_set_aside) and said in
 * err; so is a file of the older JSON form (PATH with .json for .tsv)
 * when path is missing. */
enum wft_status fingerprint_load(const char *path, wft_millis now, struct fingerprint *out,
                                 bool *found, struct wft_error *err);

/* Stale at time at: last used, else generated, 30 days or more before. A
 * token never used with no known generation date is not judged stale. */
bool fingerprint_is_stale(wft_millis last_used, wft_millis created, wft_millis at);

/* What changed between a fingerprint and the list now. The ids are copies
 * (wiped when cleared); revoked are copies of the fingerprint's entries,
 * their names and accounts in strings. */
struct fingerprint_changes {
	wft_millis since;                  /* when the fingerprint was taken */
	char **created;                    /* tokens not in the fingerprint */
	size_t n_created;
	char **first_used;                 /* never used then, used now */
	size_t n_first_used;
	char **went_stale;                 /* not stale then, stale now */
	size_t n_went_stale;
	struct fingerprint_token *revoked; /* in the fingerprint, gone now */
	size_t n_revoked;
	char *strings;
};

enum wft_status fingerprint_compare(const struct fingerprint *old, const struct tokenset *ts,
                                    const unsigned char *key, wft_millis now,
                                    struct fingerprint_changes *out, struct wft_error *err);
void fingerprint_changes_clear(struct fingerprint_changes *c);

#endif
