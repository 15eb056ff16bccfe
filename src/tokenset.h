/* tokenset.h: the organisation's tokens held compactly (strings in a chunked
 * arena, account and token names interned), indexed by token id, and a streaming
 * decoder of the customertokens answer that fills one chunk at a time. */
#ifndef WFT_TOKENSET_H
#define WFT_TOKENSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model.h"

struct tokenset;

/* A token's place in the set. Places are stable: removing a token leaves a
 * dead place behind (tokenset_is_live), so indexes held elsewhere stay valid. */
typedef uint32_t tokenset_idx;
#define TOKENSET_NONE UINT32_MAX

/* Longest string field kept (bytes); longer values are refused. */
#define TOKENSET_MAX_FIELD 4096

struct tokenset *tokenset_new(void);
/* Frees the set; the memory that held token ids is wiped first. */
void tokenset_free(struct tokenset *ts);

/* Adds a copy of rec (rec->id must be non-empty; NULL name or account are
 * taken as ""). A token whose id is already present is replaced in place. */
enum wft_status tokenset_add(struct tokenset *ts, const struct wft_token_rec *rec,
                             struct wft_error *err);

/* Number of places (live and dead): the bound for indexes. */
size_t tokenset_size(const struct tokenset *ts);
/* Number of live tokens. */
size_t tokenset_count(const struct tokenset *ts);
bool tokenset_is_live(const struct tokenset *ts, tokenset_idx i);

/* Field access by place. Strings stay valid until the set is freed (a
 * rename keeps the old name's bytes). The id is a secret: mask it to show. */
const char *tokenset_id(const struct tokenset *ts, tokenset_idx i);
/* The id's last (up to) 4 characters, the part the table shows; valid
 * until the next tokenset_add. */
const char *tokenset_id_tail(const struct tokenset *ts, tokenset_idx i);
const char *tokenset_name(const struct tokenset *ts, tokenset_idx i);
const char *tokenset_account(const struct tokenset *ts, tokenset_idx i);
enum wft_account_type tokenset_account_type(const struct tokenset *ts, tokenset_idx i);
/* The account type as the API spells it ("SERVICE_ACCOUNT"); for a type
 * this client does not know, the text the server sent; "" when none came. */
const char *tokenset_account_type_text(const struct tokenset *ts, tokenset_idx i);
/* What a table shows: "Service", "User", an unknown type's own text, or "?"
 * when no type came. */
const char *tokenset_account_type_label(const struct tokenset *ts, tokenset_idx i);
wft_millis tokenset_date_generated(const struct tokenset *ts, tokenset_idx i);
wft_millis tokenset_last_used(const struct tokenset *ts, tokenset_idx i); /* 0: never */
/* All of the above at once (borrowed strings). */
void tokenset_get(const struct tokenset *ts, tokenset_idx i, struct wft_token_rec *out);

/* Names are interned too: each distinct name has a number in
 * [0, tokenset_name_count) in order of first appearance (a rename may add
 * one; a number no token holds any more stays). */
size_t tokenset_name_count(const struct tokenset *ts);
uint32_t tokenset_name_of(const struct tokenset *ts, tokenset_idx i);
const char *tokenset_name_text(const struct tokenset *ts, uint32_t name);
/* For loops over many tokens: the name and the account numbers, the last
 * use (0: never) and the account type (an enum wft_account_type) of every
 * place ([0, tokenset_size)), valid until the next tokenset_add. NULL
 * for an empty set. */
const uint32_t *tokenset_name_column(const struct tokenset *ts);
const uint32_t *tokenset_account_column(const struct tokenset *ts);
const wft_millis *tokenset_last_used_column(const struct tokenset *ts);
const uint8_t *tokenset_account_type_column(const struct tokenset *ts);
/* ... and the id's visible end (tokenset_id_tail) folded to ASCII lower
 * case, its first character in the lowest 8 bits, 0 bytes past its end
 * (all 0 once the token is removed). */
const uint32_t *tokenset_id_tail_column(const struct tokenset *ts);

/* Lookup by token id (exact); TOKENSET_NONE when absent or removed. */
tokenset_idx tokenset_find(const struct tokenset *ts, const char *id);

/* Accounts are interned: each distinct account name has a number in
 * [0, tokenset_account_count) in order of first appearance. */
size_t tokenset_account_count(const struct tokenset *ts);
const char *tokenset_account_name(const struct tokenset *ts, uint32_t account);
uint32_t tokenset_account_of(const struct tokenset *ts, tokenset_idx i);
/* Number of the account named name, or UINT32_MAX. */
uint32_t tokenset_account_find(const struct tokenset *ts, const char *name);
/* Gives account name a number without a token (the server-side mode lists
 * the accounts of the whole search beside one page of its tokens). */
enum wft_status tokenset_add_account(struct tokenset *ts, const char *name,
                                     struct wft_error *err);

/* After a confirmed revoke: the place turns dead and its id is wiped. */
enum wft_status tokenset_remove(struct tokenset *ts, const char *id, struct wft_error *err);
enum wft_status tokenset_rename(struct tokenset *ts, const char *id, const char *name,
                                struct wft_error *err);

/* Bumped by every add, remove and rename, so caches can tell they are stale. */
uint64_t tokenset_generation(const struct tokenset *ts);

/* Streaming decoder of a ResponseContainer of ApiTokenModel
 * ({"status":{...},"response":[...]}, keys in any order, unknown fields
 * ignored; a bare array is accepted too). A token that cannot be read is
 * left out and counted (tokenset_skipped_*); only an answer that is not a
 * token list as a whole fails. Feed the body in chunks of any
 * size as they arrive; each token is added to ts as soon as its object
 * closes. Nothing but the token being decoded is kept. */
struct tokenset_decoder;

struct tokenset_decoder *tokenset_decoder_new(struct tokenset *ts);
void tokenset_decoder_free(struct tokenset_decoder *dec);
/* After the first error every further call returns it again. Errors name
 * the byte offset in the whole body. */
enum wft_status tokenset_decoder_feed(struct tokenset_decoder *dec, const void *buf,
                                      size_t len, struct wft_error *err);
/* End of body: fails on truncated input, on a body that is not a token
 * list, and on an ERROR envelope (WFT_ERR_HTTP with http_status set to
 * status.code and the server's message in err->message). */
enum wft_status tokenset_decoder_finish(struct tokenset_decoder *dec, struct wft_error *err);
/* What the envelope said (valid after finish, or once status was read):
 * status.code (0 if absent) and status.message ("" if absent; control
 * characters replaced). */
int tokenset_decoder_status_code(const struct tokenset_decoder *dec);
const char *tokenset_decoder_status_message(const struct tokenset_decoder *dec);

/* Tokens of a decoded answer that were left out, so that the rest could be
 * shown: with a null, empty or missing id, and for any other reason (a
 * field of the wrong type, an element that is not an object). A field is
 * read leniently where that is unambiguous: a time given as a string of
 * digits is that number. */
size_t tokenset_skipped_no_id(const struct tokenset *ts);
size_t tokenset_skipped_unreadable(const struct tokenset *ts);
/* The sentence the console and `wftokens list` show about them ("2 tokens
 * could not be shown (no id); 1 token could not be read"); false, with buf
 * "", when none was left out. */
bool tokenset_skipped_note(const struct tokenset *ts, char *buf, size_t n);

/* Decodes a whole body in one call (a convenience over the above). */
enum wft_status tokenset_decode(struct tokenset *ts, const void *buf, size_t len,
                                struct wft_error *err);

/* Decodes the message of an ERROR envelope ({"status":{"result":"ERROR",
 * "message":M,"code":C}}, or a top-level message/error and code) of any
 * answer: fills *code (0 if absent) and msg. Returns WFT_ERR_PARSE when the
 * body is not such an envelope. */
enum wft_status tokenset_error_envelope(const void *buf, size_t len, int *code,
                                        char *msg, size_t msgsz);

#endif
