/* cli_rename.c: `wftokens rename`: one token (ID NAME), or the tokens a
 * query matches, named by a template, after a typed-back confirmation.
 * Another user's token is refused before anything is sent, as the console
 * refuses it; each outcome follows the rule of outcome.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_targets.h"
#include "mask.h"
#include "sacheck.h"
#include "uuid.h"

/* The new name of t by template tpl: {name}, {account}, {n} (row number
 * from 1), {{ a brace. NULL with err for an unknown placeholder. */
static char *expand_template(const char *tpl, const struct target *t, size_t n,
                             struct wft_error *err)
{
	size_t cap = strlen(tpl) + strlen(t->name) * 4 + strlen(t->account) * 4 + 64, o = 0;
	char *out = malloc(cap);

	if (!out) {
		wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		return NULL;
	}
	for (const char *p = tpl; *p;) {
		const char *ins = NULL;
		char num[24];
		size_t skip = 1;
		if (strncmp(p, "{{", 2) == 0) {
			ins = "{";
			skip = 2;
		} else if (strncmp(p, "{name}", 6) == 0) {
			ins = t->name;
			skip = 6;
		} else if (strncmp(p, "{account}", 9) == 0) {
			ins = t->account;
			skip = 9;
		} else if (strncmp(p, "{n}", 3) == 0) {
			snprintf(num, sizeof num, "%zu", n);
			ins = num;
			skip = 3;
		} else if (*p == '{') {
			free(out);
			wft_error_set(err, WFT_ERR_INVALID, "--name-template: unknown placeholder at "
			              "column %zu (use {name}, {account}, {n} or {{)",
			              (size_t)(p - tpl) + 1);
			return NULL;
		}
		size_t len = ins ? strlen(ins) : 1;
		if (o + len + 1 > cap) {
			char *q = realloc(out, cap = (o + len + 1) * 2);
			if (!q) {
				free(out);
				wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
				return NULL;
			}
			out = q;
		}
		memcpy(out + o, ins ? ins : p, len);
		o += len;
		p += skip;
	}
	out[o] = '\0';
	return out;
}

/* Another user's token: the API renames only service-account tokens and
 * the signed-in user's own (the console refuses it before any prompt). */
static bool rename_impossible(struct cli_run *r, const struct target *t)
{
	return !wft_account_type_is_service(t->type) &&
	       wft_rename_route(t->type, t->account) == WFT_RENAME_OWN &&
	       session_token_is_own(r->conn.session, t->id) == 0;
}

/* Renames t to t->new_name and writes its result. */
static enum target_result rename_one(struct cli_run *r, struct target *t)
{
	struct wft_error err;
	enum target_result res;
	char detail[1400];
	const char *why;
	enum wft_status st;

	if (strcmp(t->name, t->new_name) == 0) {
		cli_result(r, t->id, t->new_name, t->account, "renamed", "already so named; "
		           "nothing sent");
		return TARGET_DONE;
	}
	r->change_done = false;
	snprintf(detail, sizeof detail, "to \"%.1000s\"", t->new_name);
	cli_journal(r, &t->change, "rename", t->id, t->name, t->account, JOURNAL_PENDING, detail);
	st = session_rename(r->conn.session, t->id, t->account, t->type, t->new_name, &err);
	if (!targets_wait(r, t, "rename", "not renamed", st, &err, &res))
		return res;
	why = r->ch.err ? r->ch.err->message : "";
	snprintf(detail, sizeof detail, "to \"%.700s\"%s%.600s", t->new_name, *why ? ": " : "",
	         why);
	cli_journal(r, &t->change, "rename", t->id, t->name, t->account,
	            cli_journal_state(r->ch.err, r->ch.outcome, r->ch.settled), detail);
	if (targets_unsettled(r, t, &res))
		return res;
	if (r->ch.settled == WFT_SETTLED_DONE) {
		if (r->ch.read_back)
			snprintf(detail, sizeof detail, "read back; the answer was: %.500s", why);
		else if (r->ch.outcome == WFT_OUTCOME_DONE_UNREAD)
			snprintf(detail, sizeof detail, "the answer was unreadable: %.500s", why);
		else
			detail[0] = '\0';
		cli_result(r, t->id, t->new_name, t->account, "renamed", detail);
		return TARGET_DONE;
	}
	if (r->ch.read_back && r->ch.token_gone)
		snprintf(detail, sizeof detail, "the token no longer exists (the answer was: %.500s)",
		         why);
	else if (r->ch.read_back)
		snprintf(detail, sizeof detail, "it is still \"%.400s\" (the answer was: %.500s)",
		         r->ch.read_name ? r->ch.read_name : "", why);
	else
		snprintf(detail, sizeof detail, "%.600s", why);
	cli_result(r, t->id, t->name, t->account, "not renamed", detail);
	return TARGET_FAILED;
}

static void refused_detail(const struct target *t, char *out, size_t n)
{
	snprintf(out, n, "it is %.200s's token, and the API renames only service-account tokens "
	         "and your own; nothing sent", t->account);
}

/* The usage of `rename ID NAME`. 0, or the exit status. */
static int rename_check_single(struct cli_run *r)
{
	const struct cli *c = r->cli;
	struct wft_error err;

	if (c->ids || c->name_template)
		return cli_error(r, CLI_EXIT_USAGE, "rename takes ID NAME, or --query Q "
		                 "--name-template T");
	if (c->n_args != 2)
		return cli_error(r, CLI_EXIT_USAGE, "rename takes ID NAME (%d operand%s given)",
		                 c->n_args, c->n_args == 1 ? "" : "s");
	if (!wft_uuid_valid(c->args[0]))
		return cli_error(r, CLI_EXIT_USAGE, "the first operand is not a token id");
	if (!*c->args[1])
		return cli_error(r, CLI_EXIT_USAGE, "a token name cannot be empty");
	if (sa_check_token_name(c->args[1], &err) != WFT_OK)
		return cli_error(r, CLI_EXIT_USAGE, "NAME: %s", err.message);
	if (c->read_only)
		return cli_error(r, CLI_EXIT_USAGE, "--read-only refuses every change; nothing "
		                 "was sent");
	return 0;
}

/* `rename ID NAME`, the tokens read: the exit status. */
static int rename_single(struct cli_run *r, struct targets *ts)
{
	const struct cli *c = r->cli;
	struct target *t = targets_add(ts, c->args[0]);
	enum target_result res;
	char detail[400];

	if (!t || !targets_describe(r, t) || !(t->new_name = strdup(c->args[1])))
		return cli_error(r, CLI_EXIT_FAILED, "out of memory");
	if (t->missing)
		return cli_error(r, CLI_EXIT_FAILED, "no token with this id is in the "
		                 "organisation's token list; nothing was sent");
	if (rename_impossible(r, t)) {
		char m[WFT_MASK_SIZE];
		refused_detail(t, detail, sizeof detail);
		return cli_error(r, CLI_EXIT_FAILED, "cannot rename %s: %s",
		                 wft_mask_id(t->id, m, sizeof m), detail);
	}
	cli_results_begin(r);
	res = rename_one(r, t);
	cli_results_end(r);
	return res == TARGET_DONE || res == TARGET_DRY_RUN ? CLI_EXIT_OK : CLI_EXIT_FAILED;
}

/* The new names of a query's tokens by --name-template, each checked
 * before anything is sent, and which of them the API would refuse. 0, or
 * the exit status after an error line. */
static int rename_new_names(struct cli_run *r, struct targets *ts)
{
	struct wft_error err;

	for (size_t i = 0; i < ts->n; i++) {
		struct target *t = &ts->t[i];
		if (!(t->new_name = expand_template(r->cli->name_template, t, i + 1, &err)))
			return cli_error(r, err.code == WFT_ERR_NOMEM ? CLI_EXIT_FAILED : CLI_EXIT_USAGE,
			                 "%s; nothing was sent", err.message);
		if (!*t->new_name || sa_check_token_name(t->new_name, &err) != WFT_OK)
			return cli_error(r, CLI_EXIT_USAGE, "--name-template gives row %zu %s; nothing "
			                 "was sent", i + 1, *t->new_name ? "a name the API refuses"
			                                                 : "an empty name");
		t->refused = rename_impossible(r, t);
	}
	return 0;
}

/* `rename --query Q --name-template T`, the usage checked: the exit status. */
static int rename_bulk(struct cli_run *r, struct targets *ts)
{
	char detail[400];
	int rc;

	if ((rc = targets_from_query(r, ts)) != 0 || (rc = rename_new_names(r, ts)) != 0)
		return rc;
	if (ts->n == 0)
		return targets_none(r, "rename");
	if (targets_listed(ts) > 0 &&
	    (rc = cli_confirm(r, targets_listed(ts), "rename", targets_preview, ts)) != 0)
		return rc;
	cli_results_begin(r);
	for (size_t i = 0; i < ts->n; i++) {
		struct target *t = &ts->t[i];
		if (t->refused) {
			refused_detail(t, detail, sizeof detail);
			cli_result(r, t->id, t->name, t->account, "not renamed", detail);
			ts->failed++;
		} else if (!targets_stopped(r, ts, t)) {
			targets_count(ts, rename_one(r, t));
		}
	}
	return targets_finish(r, ts, "rename", "renamed");
}

int cli_rename(struct cli_run *r)
{
	struct targets ts;
	int rc;

	memset(&ts, 0, sizeof ts);
	if (!r->cli->query)
		rc = rename_check_single(r);
	else if (!r->cli->name_template)
		rc = cli_error(r, CLI_EXIT_USAGE, "--query needs --name-template T (the new names)");
	else
		rc = targets_check_selection(r, false);
	if (rc != 0)
		return rc;
	if ((rc = cli_load(r)) == 0)
		rc = r->cli->query ? rename_bulk(r, &ts) : rename_single(r, &ts);
	targets_free(&ts);
	return rc;
}
