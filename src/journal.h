/* journal.h: the journal of every change the console makes, one JSON object
 * a line in $XDG_STATE_HOME/wftokens/journal.jsonl. A change is written
 * before its request goes out ("pending", or "held" while an undo window
 * keeps it back) and again with its outcome, each line synced to the disk,
 * so that a change whose outcome was never written (a crash, a kill) is
 * found at the next start. The file is the user's own, mode 0600; one that
 * others can read, or that belongs to someone else, is refused.
 *
 * A line: {"time":"2024-05-01T12:00:03.250Z","ms":...,"session":"S",
 * "change":N,"instance":"acme.wavefront.com","identity":"...",
 * "action":"revoke","target":{"id":"****-...-8d9f","name":"...",
 * "account":"..."},"state":"done","detail":"..."}. The session and change
 * number tie the lines of one change together. A token id is never written
 * whole: the journal masks every id it is given (wft_mask_id), and every
 * noted secret in the free text (wft_secret_redact). */
#ifndef WFT_JOURNAL_H
#define WFT_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "outcome.h"

/* The states a line can record. */
#define JOURNAL_HELD "held"                 /* confirmed, kept back by the undo window */
#define JOURNAL_PENDING "pending"           /* about to be sent */
#define JOURNAL_DONE "done"
#define JOURNAL_DONE_UNREAD "done, answer unreadable"
#define JOURNAL_REFUSED "refused"
#define JOURNAL_UNCONFIRMED "not confirmed"
#define JOURNAL_UNDONE "undone"             /* cancelled in the undo window: not sent */
#define JOURNAL_NOT_SENT "not sent"         /* held when the session ended */
#define JOURNAL_DRY_RUN "dry run"           /* --dry-run: shown, not sent */
#define JOURNAL_LOST "no recorded outcome"  /* pending when a session died */

/* The journal's path: statefile_dir + "/journal.jsonl" (a new string). */
enum wft_status journal_default_path(const char *(*getenv_fn)(const char *name), char **out,
                                     struct wft_error *err);

struct journal;

/* Opens (creating it and its directory when missing, mode 0600) the
 * journal at path for appending. instance is the endpoint's host;
 * identity the signed-in user when known, else the sign-in method. Both
 * are copied. Refused (WFT_ERR_IO, the message naming the file and the
 * fix) when path is a link, not a regular file, not the user's own, or
 * readable or writable by group or others. */
enum wft_status journal_open(const char *path, const char *instance, const char *identity,
                             struct journal **out, struct wft_error *err);
void journal_close(struct journal *j);
/* This process's session id, as written in its lines. */
const char *journal_session(const struct journal *j);
/* The instance its lines name (journal_open's). */
const char *journal_instance(const struct journal *j);

/* What a change acted on. id is the full token id (masked here) or NULL
 * for a thing without one (a saved search, an account); name and account
 * may be NULL. */
struct journal_target {
	const char *id;
	const char *name;
	const char *account;
};

/* Appends a line and syncs it. *change == 0 starts a new change (its
 * number is stored there); otherwise the line belongs to change *change.
 * detail (a reason, a request shown by --dry-run) may be NULL. */
enum wft_status journal_add(struct journal *j, unsigned long *change, const char *action,
                            const struct journal_target *t, const char *state,
                            const char *detail, struct wft_error *err);

/* The state a change's outcome is written as, by the outcome rule:
 * settled done (the answer read: "done"; unreadable: "done, answer
 * unreadable"), settled not done: "refused", unknown: "not confirmed". */
const char *journal_state_of(enum wft_outcome o, enum wft_settled s);

/* One line, as read back. Strings are valid during the callback only;
 * missing fields are "". */
struct journal_rec {
	int64_t when_ms;
	const char *session;
	unsigned long change;
	const char *instance, *identity, *action;
	const char *id, *name, *account;       /* id is the masked form */
	const char *state, *detail;
};

/* Calls fn for every readable line of the journal at path, oldest first
 * (lines that do not decode are skipped and counted in *skipped when not
 * NULL). A missing file is WFT_OK with no call. */
enum wft_status journal_read(const char *path,
                             void (*fn)(void *ud, const struct journal_rec *r), void *ud,
                             size_t *skipped, struct wft_error *err);

/* A line for a person: "2024-05-01 12:00:03  acme.wavefront.com  revoke
 * ****-...-8d9f "name" (account)  done: detail" (UTC). A new string. */
char *journal_format(const struct journal_rec *r);

/* Changes of earlier sessions whose last line is "pending" or "held" (the
 * session ended before their outcome was written): each gets a closing
 * line, "no recorded outcome" or "not sent", written by j, so that it is
 * reported once. *n gets how many; *report (a new string, NULL when none)
 * says which: "1 change of the last session has no recorded outcome:
 * revoke ****-...-8d9f (name); 1 held revoke was not sent: ...". */
enum wft_status journal_settle_unfinished(struct journal *j, const char *path, size_t *n,
                                          char **report, struct wft_error *err);

#endif
