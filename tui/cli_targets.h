/* cli_targets.h: the tokens a bulk change of `wftokens revoke` and
 * `wftokens rename` is about (cli_targets.c): chosen by a query or by ids,
 * described from the organisation's list, shown in the confirmation's
 * preview, and the results counted into the summary and the exit status. */
#ifndef WFT_CLI_TARGETS_H
#define WFT_CLI_TARGETS_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"

/* A token a bulk change is about. */
struct target {
	char *id;                       /* a secret: noted while held, wiped */
	char *name, *account;
	enum wft_account_type type;
	char *new_name;                 /* rename */
	bool missing;                   /* not in the organisation's list */
	bool refused;                   /* rename: another user's token */
	unsigned long change;           /* its change in the journal; 0 before */
};

/* What became of one target's change. */
enum target_result {
	TARGET_DONE,
	TARGET_FAILED,                  /* refused, or settled as not done */
	TARGET_UNSURE,                  /* not confirmed */
	TARGET_LOST,                    /* not confirmed, and the connection was lost:
	                                 * the rest is not sent */
	TARGET_DRY_RUN,                 /* kept back by --dry-run */
};

struct targets {
	struct target *t;
	size_t n, cap;
	/* the results so far */
	size_t done, failed, unsure, unsent, dry;
	bool stopped;                   /* the connection was lost: the rest is not sent */
};

void targets_free(struct targets *ts);
/* The target of id, added once (the same id twice is one token); NULL
 * when out of memory. */
struct target *targets_add(struct targets *ts, const char *id);
/* Fills t's name, account and type from the organisation's list, or marks
 * it missing. false when out of memory. */
bool targets_describe(struct cli_run *r, struct target *t);
/* The targets that the change will be sent for (neither missing nor
 * refused). */
size_t targets_listed(const struct targets *ts);
/* The confirmation's preview (cli_confirm): a line for each listed target. */
void targets_preview(void *ts, FILE *out);
/* The tokens a query matches, in the view's order (by name), described. 0,
 * or the exit status after an error line. */
int targets_from_query(struct cli_run *r, struct targets *ts);
/* The ids given as operands (- reads stdin), checked before anything is
 * sent. 0, or the exit status after an error line. */
int targets_from_ids(struct cli_run *r, struct targets *ts);
/* The usage shared by revoke and bulk rename: a query or ids (when
 * ids_allowed), not both; --read-only; --yes. 0, or the exit status. */
int targets_check_selection(struct cli_run *r, bool ids_allowed);
/* No token matched the query: said, and an empty list of results.
 * what: "revoke", "rename". */
int targets_none(struct cli_run *r, const char *what);
/* True (and the result "not sent" written) once the connection was lost. */
bool targets_stopped(struct cli_run *r, struct targets *ts, const struct target *t);
/* True when the change that just ended unconfirmed lost the connection (no
 * HTTP answer) and its read-back settled nothing either. */
bool targets_connection_lost(const struct cli_run *r);
/* The change of t (action: "revoke", "rename") went out with status st,
 * err set when it was refused at once: waits for its answer in r->ch.
 * False when there is none to settle (refused, or no answer came): then
 * journaled, the result written (not_word: "not revoked" ...) and *res set. */
bool targets_wait(struct cli_run *r, struct target *t, const char *action,
                  const char *not_word, enum wft_status st, const struct wft_error *err,
                  enum target_result *res);
/* The answer in r->ch (journaled), when it settles nothing: kept back by
 * --dry-run, or not confirmed by the read-back. True with the result
 * written and *res set; false when the server settled it. */
bool targets_unsettled(struct cli_run *r, const struct target *t, enum target_result *res);
/* Counts one target's result. */
void targets_count(struct targets *ts, enum target_result res);
/* Ends the results: the summary (done_word: "revoked" ...; what: "revoke"
 * ..., for --dry-run) and the exit status. */
int targets_finish(struct cli_run *r, const struct targets *ts, const char *what,
                   const char *done_word);

#endif
