/* cli_targets.c: the tokens of a bulk change (revoke, rename): chosen by
 * a query or by ids, described, previewed, and their results counted. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli_targets.h"
#include "mask.h"
#include "query.h"
#include "uuid.h"

void targets_free(struct targets *ts)
{
	for (size_t i = 0; i < ts->n; i++) {
		wft_secret_forget(ts->t[i].id);
		wft_free_secret(ts->t[i].id);
		free(ts->t[i].name);
		free(ts->t[i].account);
		free(ts->t[i].new_name);
	}
	free(ts->t);
	memset(ts, 0, sizeof *ts);
}

struct target *targets_add(struct targets *ts, const char *id)
{
	struct target *t;

	for (size_t i = 0; i < ts->n; i++)
		if (strcmp(ts->t[i].id, id) == 0)
			return &ts->t[i];     /* the same id twice is one token */
	if (ts->n == ts->cap) {
		size_t cap = ts->cap ? ts->cap * 2 : 16;
		struct target *p = realloc(ts->t, cap * sizeof *p);
		if (!p)
			return NULL;
		ts->t = p;
		ts->cap = cap;
	}
	t = &ts->t[ts->n];
	memset(t, 0, sizeof *t);
	if (!(t->id = strdup(id)))
		return NULL;
	wft_secret_note(t->id);
	ts->n++;
	return t;
}

bool targets_describe(struct cli_run *r, struct target *t)
{
	const struct tokenset *set = view_tokenset(r->view);
	tokenset_idx i = tokenset_find(set, t->id);

	if (i == TOKENSET_NONE || !tokenset_is_live(set, i)) {
		t->missing = true;
		return (t->name = strdup("")) && (t->account = strdup(""));
	}
	t->type = tokenset_account_type(set, i);
	return (t->name = strdup(tokenset_name(set, i))) &&
	       (t->account = strdup(tokenset_account(set, i)));
}

size_t targets_listed(const struct targets *ts)
{
	size_t n = 0;

	for (size_t i = 0; i < ts->n; i++)
		n += !ts->t[i].missing && !ts->t[i].refused;
	return n;
}

/* One preview line: "  ****-...-8d9f  name  (account)" and, for a rename,
 * "  -> new name". */
static void preview_line(FILE *out, const struct target *t)
{
	char m[WFT_MASK_SIZE];

	fprintf(out, "  %s  ", wft_mask_id(t->id, m, sizeof m));
	cli_put_name(out, t->name, 40);
	fputs("  (", out);
	cli_put_name(out, t->account, 40);
	fputc(')', out);
	if (t->new_name) {
		fputs("  -> ", out);
		cli_put_name(out, t->new_name, 40);
	}
	fputc('\n', out);
}

void targets_preview(void *ud, FILE *out)
{
	const struct targets *ts = ud;

	for (size_t i = 0; i < ts->n; i++)
		if (!ts->t[i].missing && !ts->t[i].refused)
			preview_line(out, &ts->t[i]);
}

int targets_from_query(struct cli_run *r, struct targets *ts)
{
	struct query_error qe;

	if (view_set_query(r->view, r->cli->query, &qe) != WFT_OK)
		return cli_error(r, CLI_EXIT_USAGE, "--query: %s", qe.err.message);
	for (size_t k = 0; k < view_rows(r->view); k++) {
		struct target *t = targets_add(ts, tokenset_id(view_tokenset(r->view),
		                                              view_row(r->view, k)));
		if (!t || (!t->name && !targets_describe(r, t)))
			return cli_error(r, CLI_EXIT_FAILED, "out of memory");
	}
	return 0;
}

/* Reads ids from f, one a line (blank lines and lines starting with # are
 * skipped); an id never appears in a message, only its line number. */
static int ids_from_file(struct cli_run *r, FILE *f, struct targets *ts)
{
	char line[256];
	size_t no = 0;

	while (fgets(line, sizeof line, f)) {
		char *p = line, *e;
		no++;
		if (!strchr(line, '\n') && !feof(f)) {
			wft_wipe(line, sizeof line);
			return cli_error(r, CLI_EXIT_USAGE, "line %zu of stdin is too long for a "
			                 "token id; nothing was sent", no);
		}
		while (*p == ' ' || *p == '\t')
			p++;
		e = p + strcspn(p, "\r\n");
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		*e = '\0';
		if (!*p || *p == '#')
			continue;
		if (!wft_uuid_valid(p)) {
			wft_wipe(line, sizeof line);
			return cli_error(r, CLI_EXIT_USAGE, "line %zu of stdin is not a token id; "
			                 "nothing was sent", no);
		}
		if (!targets_add(ts, p)) {
			wft_wipe(line, sizeof line);
			return cli_error(r, CLI_EXIT_FAILED, "out of memory");
		}
	}
	wft_wipe(line, sizeof line);
	if (ferror(f))
		return cli_error(r, CLI_EXIT_FAILED, "cannot read stdin: %s", strerror(errno));
	return 0;
}

int targets_from_ids(struct cli_run *r, struct targets *ts)
{
	int rc;

	for (int i = 0; i < r->cli->n_args; i++) {
		const char *a = r->cli->args[i];
		if (strcmp(a, "-") == 0) {
			if ((rc = ids_from_file(r, stdin, ts)) != 0)
				return rc;
		} else if (!wft_uuid_valid(a)) {
			return cli_error(r, CLI_EXIT_USAGE, "operand %d is not a token id; nothing was "
			                 "sent", i + 1);
		} else if (!targets_add(ts, a)) {
			return cli_error(r, CLI_EXIT_FAILED, "out of memory");
		}
	}
	if (ts->n == 0)
		return cli_error(r, CLI_EXIT_USAGE, "no token ids were given; nothing was sent");
	return 0;
}

int targets_check_selection(struct cli_run *r, bool ids_allowed)
{
	const struct cli *c = r->cli;
	struct query *q;
	struct query_error qe;

	if (c->query && c->ids)
		return cli_error(r, CLI_EXIT_USAGE, "give --query or --id, not both");
	if (c->ids && !ids_allowed)
		return cli_error(r, CLI_EXIT_USAGE, "--id does not go with this form");
	if (!c->query && !c->ids)
		return cli_error(r, CLI_EXIT_USAGE, "say which tokens: --query Q, or --id ID... "
		                 "(--id - reads them from stdin)");
	if (c->ids && c->n_args == 0)
		return cli_error(r, CLI_EXIT_USAGE, "--id needs token ids (or - for stdin)");
	if (c->query) {
		if (!*c->query)
			return cli_error(r, CLI_EXIT_USAGE, "--query: an empty query matches every "
			                 "token; say which tokens");
		if (c->n_args > 0)
			return cli_error(r, CLI_EXIT_USAGE, "unexpected operand %d with --query (see "
			                 "--help)", 1);
		if (query_parse(c->query, &q, &qe) != WFT_OK)
			return cli_error(r, CLI_EXIT_USAGE, "--query: %s", qe.err.message);
		query_free(q);
	}
	if (c->read_only)
		return cli_error(r, CLI_EXIT_USAGE, "--read-only refuses every change; nothing was "
		                 "sent");
	return cli_check_yes(r);
}

int targets_none(struct cli_run *r, const char *what)
{
	cli_note(r, "no token matches the query; nothing to %s", what);
	cli_results_begin(r);
	cli_results_end(r);
	return CLI_EXIT_OK;
}

bool targets_stopped(struct cli_run *r, struct targets *ts, const struct target *t)
{
	if (!ts->stopped)
		return false;
	cli_result(r, t->id, t->name, t->account, "not sent", "stopped after the connection to "
	           "the server was lost");
	ts->unsent++;
	return true;
}

bool targets_connection_lost(const struct cli_run *r)
{
	return r->ch.settled == WFT_SETTLED_UNKNOWN && r->ch.err && r->ch.err->http_status == 0;
}

bool targets_wait(struct cli_run *r, struct target *t, const char *action,
                  const char *not_word, enum wft_status st, const struct wft_error *err,
                  enum target_result *res)
{
	if (st != WFT_OK) {
		cli_journal(r, &t->change, action, t->id, t->name, t->account, JOURNAL_REFUSED,
		            err->message);
		cli_result(r, t->id, t->name, t->account, not_word, err->message);
		*res = TARGET_FAILED;
		return false;
	}
	cli_wait_change(r);
	if (r->change_done)
		return true;
	cli_journal(r, &t->change, action, t->id, t->name, t->account, JOURNAL_UNCONFIRMED,
	            "no answer came");
	cli_result(r, t->id, t->name, t->account, "not confirmed", "no answer came");
	*res = TARGET_LOST;
	return false;
}

bool targets_unsettled(struct cli_run *r, const struct target *t, enum target_result *res)
{
	const char *why = r->ch.err ? r->ch.err->message : "";
	char detail[700];

	if (cli_is_dry_run(r->ch.err)) {
		cli_result(r, t->id, t->name, t->account, "dry run", why);
		*res = TARGET_DRY_RUN;
		return true;
	}
	if (r->ch.settled != WFT_SETTLED_UNKNOWN)
		return false;
	snprintf(detail, sizeof detail, "%.500s; reading the token back settled nothing", why);
	cli_result(r, t->id, t->name, t->account, "not confirmed", detail);
	*res = targets_connection_lost(r) ? TARGET_LOST : TARGET_UNSURE;
	return true;
}

void targets_count(struct targets *ts, enum target_result res)
{
	switch (res) {
	case TARGET_DONE: ts->done++; break;
	case TARGET_FAILED: ts->failed++; break;
	case TARGET_UNSURE: ts->unsure++; break;
	case TARGET_LOST: ts->unsure++; ts->stopped = true; break;
	case TARGET_DRY_RUN: ts->dry++; break;
	}
}

int targets_finish(struct cli_run *r, const struct targets *ts, const char *what,
                   const char *done_word)
{
	cli_results_end(r);
	if (ts->dry)
		cli_note(r, "--dry-run: %zu %s%s shown, none sent", ts->dry, what,
		         ts->dry == 1 ? "" : "s");
	else
		cli_note(r, "%zu %s, %zu failed, %zu not confirmed%s%.0zu%s", ts->done, done_word,
		         ts->failed, ts->unsure, ts->unsent ? ", " : "", ts->unsent,
		         ts->unsent ? " not sent" : "");
	return ts->failed || ts->unsure || ts->unsent ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}
