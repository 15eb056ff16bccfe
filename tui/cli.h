/* cli.h: the subcommands for scripts (wftokens revoke, rename, generate,
 * ...; cli_commands.c runs them by name) and what they share (cli.c):
 * the same sign-in and query language as the console, output
 * as a table, JSON, NDJSON or CSV (token ids masked), errors on stderr one
 * line each (JSON with --format json), a confirmation typed back before a
 * change, and exit codes: 0 everything done, 1 something failed, was
 * refused or is not confirmed, 2 bad usage (nothing sent). Curses-free. */
#ifndef WFT_CLI_H
#define WFT_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "api.h"
#include "error.h"
#include "journal.h"
#include "view.h"
#include "conn.h"
#include "wftokens.h"

/* ---- shared by the subcommands (cli.c) ------------------------------------------ */

enum cli_format { CLI_FMT_TABLE, CLI_FMT_JSON, CLI_FMT_NDJSON, CLI_FMT_CSV };

/* One run of a subcommand: its connection, the organisation's tokens once
 * loaded, and the report of the last change the session made. */
struct cli_run {
	const struct cli *cli;
	const char *cmd;
	/* The name of subcommand i of the table (from 0), NULL past the last:
	 * for the completion scripts, which the table itself names. */
	const char *(*command_at)(size_t i);
	enum cli_format fmt;
	struct conn conn;
	bool connected;
	struct view *view;              /* after cli_load: every token */
	/* filled by the session's hooks */
	struct tokenset *loaded;
	bool load_done;
	struct wft_error load_err;
	bool change_done;
	struct session_change ch;
	struct wft_error ch_err;        /* ch.err points here when set */
	char read_name[1024];          /* rename: the name read back */
	/* results written so far (json: for the commas) */
	size_t n_results;
	/* the journal of changes, opened at the first change */
	struct journal *journal;
	bool journal_tried, journal_failed;
};

/* An error line on stderr ("wftokens CMD: message", or a JSON object with
 * --format json); secrets the process noted are masked. Returns code. */
int cli_error(struct cli_run *r, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A note for a person on stderr (table format only). */
void cli_note(struct cli_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Signs in and reads every token of the organisation into r->view. 0, or
 * the exit status after an error line. */
int cli_load(struct cli_run *r);
/* The session's client (after cli_load or cli_connect). */
struct wft_api *cli_api(struct cli_run *r);
/* Signs in only (nothing read). 0 or the exit status. */
int cli_connect(struct cli_run *r);
/* A call run to its end with its whole result moved out of the callback:
 * start it with cli_call_done and &w, then cli_call_run; res.err holds the
 * outcome (WFT_ERR_CANCELLED "no answer came" when none did). Free with
 * cli_call_clear. */
struct cli_call {
	bool done;
	struct wft_api_result res;
};
void cli_call_done(void *ud, struct wft_api_result *res);
void cli_call_run(struct cli_run *r, struct wft_api_call *call, const struct wft_error *err,
                  struct cli_call *w);
void cli_call_clear(struct cli_call *w);
/* Runs the session until the change in flight has reported. */
void cli_wait_change(struct cli_run *r);

/* The confirmation protocol before a change of n things: refused when n
 * passes --max; --yes goes on at once when stdin is not a terminal or
 * --max is given (cli_check_yes refused it otherwise, before anything was
 * sent); else the preview is written on the terminal (stdin when it is
 * one, else /dev/tty) by preview(ud, out) and n must be typed back. 0 to
 * go on, or the exit status (nothing done). what: "revoke", "rename". */
int cli_confirm(struct cli_run *r, size_t n, const char *what,
                void (*preview)(void *ud, FILE *out), void *ud);
/* The typed-back confirmation of one named thing (an account to delete):
 * the rules of cli_confirm, but the text want must be typed back. */
int cli_confirm_text(struct cli_run *r, const char *want, const char *what,
                     void (*preview)(void *ud, FILE *out), void *ud);
/* True when the ids come from stdin (--id with the operand -). */
bool cli_ids_from_stdin(const struct cli *cli);
/* --yes on a terminal without --max: the usage error, else 0. */
int cli_check_yes(struct cli_run *r);

/* Per-thing results, streamed as they come: begin once, a row each, end
 * once. id is masked in every format. */
void cli_results_begin(struct cli_run *r);
void cli_result(struct cli_run *r, const char *id, const char *name, const char *account,
                const char *result, const char *detail);
void cli_results_end(struct cli_run *r);

/* The result of a change to a thing that is not a token (an account, a
 * saved search): key/value name it (k2/v2 a second field, or NULL), then
 * the result and its detail, as cli_result does in every format. */
void cli_item_result(struct cli_run *r, const char *k1, const char *v1, const char *k2,
                     const char *v2, const char *result, const char *detail);

/* The journal of changes (journal.h), as the console writes it: a line
 * before the request ("pending") and one with its outcome; *change 0 starts
 * a new change. id is a full token id or NULL (masked there). Under
 * --dry-run the pending line is left out and an outcome whose error is
 * WFT_ERR_DRY_RUN is written "dry run". A journal that cannot be opened or
 * written is said once on stderr; the change goes on. */
void cli_journal(struct cli_run *r, unsigned long *change, const char *action, const char *id,
                 const char *name, const char *account, const char *state,
                 const char *detail);
/* The journal state of a change that ended with err (NULL: done) and was
 * settled as s: journal_state_of, or "dry run". */
const char *cli_journal_state(const struct wft_error *err, enum wft_outcome o,
                              enum wft_settled s);
/* True when err is the end of a change kept back by --dry-run. */
bool cli_is_dry_run(const struct wft_error *err);

/* A token name cut to at most width display columns for a preview line. */
void cli_put_name(FILE *out, const char *s, size_t width);

/* The subcommands that change tokens (cli_revoke.c, cli_rename.c,
 * cli_generate.c). */
int cli_revoke(struct cli_run *r);
int cli_rename(struct cli_run *r);
int cli_generate(struct cli_run *r);
/* cli_accounts.c, cli_saved.c */
int cli_accounts(struct cli_run *r);
int cli_saved(struct cli_run *r);
/* cli_expiry.c */
int cli_check_expiry(struct cli_run *r);
/* cli_complete.c: the completion scripts and the names they offer */
int cli_completion(struct cli_run *r);
int cli_complete_names(struct cli_run *r);
/* cli_whoami.c */
int cli_whoami(struct cli_run *r);

#endif
