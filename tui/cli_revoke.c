/* cli_revoke.c: `wftokens revoke`: the tokens a query matches, or ids,
 * revoked one by one after a typed-back confirmation. Each outcome follows
 * the rule of outcome.h as the console words it: an answer that does not
 * settle a change is read back, and what the read-back does not settle is
 * reported "not confirmed". */
#include <stdio.h>
#include <string.h>

#include "cli_targets.h"

/* The result of a revoke the server settled as done. */
static void revoked(struct cli_run *r, const struct target *t, const char *why)
{
	char detail[700];

	if (r->ch.read_back && r->ch.was_404) {
		cli_result(r, t->id, t->name, t->account, "already gone", "read back: no such token");
	} else if (r->ch.read_back) {
		snprintf(detail, sizeof detail, "read back: no such token; the answer was: %.500s",
		         why);
		cli_result(r, t->id, t->name, t->account, "revoked", detail);
	} else {
		cli_result(r, t->id, t->name, t->account, "revoked",
		           r->ch.outcome == WFT_OUTCOME_DONE_UNREAD ? "the answer was unreadable" : "");
	}
}

/* Revokes t and writes its result. */
static enum target_result revoke_one(struct cli_run *r, struct target *t)
{
	struct wft_error err;
	enum target_result res;
	char detail[700];
	const char *why;
	enum wft_status st;

	r->change_done = false;
	/* In the journal before the request goes out. */
	cli_journal(r, &t->change, "revoke", t->id, t->name, t->account, JOURNAL_PENDING, NULL);
	st = session_revoke(r->conn.session, t->id, &err);
	if (!targets_wait(r, t, "revoke", "not revoked", st, &err, &res))
		return res;
	why = r->ch.err ? r->ch.err->message : "";
	cli_journal(r, &t->change, "revoke", t->id, t->name, t->account,
	            cli_journal_state(r->ch.err, r->ch.outcome, r->ch.settled),
	            r->ch.settled == WFT_SETTLED_DONE && r->ch.read_back && r->ch.was_404
	            ? "already gone (read back: no such token)" : why);
	if (targets_unsettled(r, t, &res))
		return res;
	if (r->ch.settled == WFT_SETTLED_DONE) {
		revoked(r, t, why);
		return TARGET_DONE;
	}
	if (r->ch.read_back)
		snprintf(detail, sizeof detail, "the token still exists (the answer was: %.500s)", why);
	else
		snprintf(detail, sizeof detail, "%.600s", why);
	cli_result(r, t->id, t->name, t->account, "not revoked", detail);
	return TARGET_FAILED;
}

/* The tokens to revoke, described from the organisation's list (read
 * here). 0, or the exit status after an error line. */
static int revoke_targets(struct cli_run *r, struct targets *ts)
{
	int rc;

	if (r->cli->ids && (rc = targets_from_ids(r, ts)) != 0)
		return rc;
	if ((rc = cli_load(r)) != 0)
		return rc;
	if (r->cli->query)
		return targets_from_query(r, ts);
	for (size_t i = 0; i < ts->n; i++)
		if (!targets_describe(r, &ts->t[i]))
			return cli_error(r, CLI_EXIT_FAILED, "out of memory");
	return 0;
}

int cli_revoke(struct cli_run *r)
{
	struct targets ts;
	int rc;

	memset(&ts, 0, sizeof ts);
	if ((rc = targets_check_selection(r, true)) != 0)
		return rc;
	if ((rc = revoke_targets(r, &ts)) != 0)
		goto out;
	if (ts.n == 0) {
		rc = targets_none(r, "revoke");
		goto out;
	}
	if (targets_listed(&ts) > 0 &&
	    (rc = cli_confirm(r, targets_listed(&ts), "revoke", targets_preview, &ts)) != 0)
		goto out;
	cli_results_begin(r);
	for (size_t i = 0; i < ts.n; i++) {
		struct target *t = &ts.t[i];
		if (t->missing) {
			cli_result(r, t->id, t->name, t->account, "not found", "not in the "
			           "organisation's token list; nothing sent");
			ts.failed++;
		} else if (!targets_stopped(r, &ts, t)) {
			targets_count(&ts, revoke_one(r, t));
		}
	}
	rc = targets_finish(r, &ts, "revoke", "revoked");
out:
	targets_free(&ts);
	return rc;
}
