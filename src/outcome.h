/* outcome.h: what the answer to a change says about the server's state.
 * One rule for every change the console makes (revoke, rename, generate,
 * account create, update, activate, deactivate, delete, saved-search
 * create, rename, delete), so that no caller words an outcome the server
 * state does not support:
 *   - a 2xx answer, read: done;
 *   - a 2xx answer whose body cannot be read: done, answer unreadable (the
 *     server said yes; only its description of the result is lost);
 *   - a clear refusal (a 4xx or 5xx status with the API's error in a
 *     readable body), except 404: refused, nothing changed;
 *   - anything else (no answer: a dropped connection, a timeout, a
 *     cancellation; a 404, which a proxy or an older instance may send for
 *     a path it does not know; an error status with an unreadable body):
 *     not confirmed, and the caller reads the thing back to settle it. */
#ifndef WFT_OUTCOME_H
#define WFT_OUTCOME_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

enum wft_outcome {
	WFT_OUTCOME_DONE = 0,
	WFT_OUTCOME_DONE_UNREAD,
	WFT_OUTCOME_REFUSED,
	WFT_OUTCOME_UNCONFIRMED,
};

/* The class of a change's answer, from the error its call ended with (NULL
 * or code WFT_OK: done). A failure that happened before anything was sent
 * (no HTTP status, and not a transport error) counts as refused. */
enum wft_outcome wft_outcome_of(const struct wft_error *err);

/* What a read-back found: the thing is there (read, 2xx), it is gone (a
 * clean 404 carrying the API's error envelope), or the read settled nothing. */
enum wft_readback {
	WFT_READ_PRESENT = 0,
	WFT_READ_ABSENT,
	WFT_READ_UNKNOWN,
};
enum wft_readback wft_outcome_read(const struct wft_error *read_err);

/* The verdict on a change after its read-back. shows_change tells whether
 * what was read (or its absence) is the state the change meant to reach:
 * for a revoke or a delete, rb == WFT_READ_ABSENT; for a rename, the thing
 * present with the new name; for a create, the new thing present. */
enum wft_settled {
	WFT_SETTLED_DONE = 0,
	WFT_SETTLED_NOT_DONE,
	WFT_SETTLED_UNKNOWN,
};
enum wft_settled wft_outcome_settle(enum wft_readback rb, bool shows_change);

/* True when body (an error answer) carries a refusal a person can read:
 * the API's envelope ({"status":{"result":"ERROR",...}}) or a JSON object
 * with a "message" or "error" string. A gateway's HTML page, an empty or
 * cut-off body is not one. */
bool wft_outcome_refusal_readable(const char *body, size_t len);

/* "done", "done, answer unreadable", "refused", "not confirmed". */
const char *wft_outcome_name(enum wft_outcome o);

/* ---- the words of a service account's change, for the console and
 * `wftokens accounts` alike ---- */
enum wft_acct_change {
	WFT_ACCT_NONE = 0,
	WFT_ACCT_CREATE,
	WFT_ACCT_ACTIVATE,
	WFT_ACCT_DEACTIVATE,
	WFT_ACCT_DELETE,
};
/* "created", "activated", "deactivated", "deleted" ("" for none). */
const char *wft_outcome_acct_verb(enum wft_acct_change k);
/* Whether the account read back after change k shows it made: gone after
 * a delete, present after a create, present with active as asked after an
 * activate or deactivate (active: the state read, when present). */
bool wft_outcome_acct_shows(enum wft_acct_change k, enum wft_readback rb, bool active);
/* Why change k of account id is not done, as the read-back found it:
 * "ID does not exist", "ID still exists" (a delete), "ID is still active"
 * (or inactive), then " (the answer was: WHY)"; at most n bytes. Returns out. */
const char *wft_outcome_acct_not_done(enum wft_acct_change k, const char *id, enum wft_readback rb,
                                       bool active, const char *why, char *out, size_t n);
/* Why the save (deleted false) or delete of the saved search name is not
 * done, as the read-back found it: "\"NAME\" is not on the server" or
 * "\"NAME\" is still on the server", then " (the answer was: WHY)". Returns
 * out. */
const char *wft_outcome_saved_not_done(bool deleted, const char *name, const char *why, char *out,
                                        size_t n);
/* A change the read-back showed made: "read back; the answer was: WHY".
 * Returns out. */
const char *wft_outcome_read_back(const char *why, char *out, size_t n);

#endif
