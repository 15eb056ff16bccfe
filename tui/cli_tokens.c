/* cli_tokens.c: `wftokens revoke`, `wftokens rename` and `wftokens
 * generate`: the console's changes to tokens, for scripts. Each outcome
 * follows the rule of outcome.h as the console words it: an answer that
 * does not settle a change is read back, and what the read-back does not
 * settle is reported "not confirmed". */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "cli.h"
#include "listwrite.h"
#include "mask.h"
#include "query.h"
#include "sacheck.h"
#include "secretfile.h"
#include "timefmt.h"
#include "uuid.h"

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

struct targets {
	struct target *t;
	size_t n, cap;
	struct cli_run *r;
};

static void targets_free(struct targets *ts)
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

static struct target *targets_add(struct targets *ts, const char *id)
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

/* Fills t's name, account and type from the organisation's list, or marks
 * it missing. false when out of memory. */
static bool target_describe(struct cli_run *r, struct target *t)
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

static size_t targets_listed(const struct targets *ts)
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

static void preview(void *ud, FILE *out)
{
	const struct targets *ts = ud;

	for (size_t i = 0; i < ts->n; i++)
		if (!ts->t[i].missing && !ts->t[i].refused)
			preview_line(out, &ts->t[i]);
}

/* The tokens a query matches, in the view's order (by name). */
static int targets_from_query(struct cli_run *r, struct targets *ts)
{
	struct query_error qe;

	if (view_set_query(r->view, r->cli->query, &qe) != WFT_OK)
		return cli_error(r, CLI_EXIT_USAGE, "--query: %s", qe.err.message);
	for (size_t k = 0; k < view_rows(r->view); k++) {
		struct target *t = targets_add(ts, tokenset_id(view_tokenset(r->view),
		                                              view_row(r->view, k)));
		if (!t || (!t->name && !target_describe(r, t)))
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

/* The ids given as operands (- reads stdin). Checked before anything is
 * sent. */
static int targets_from_ids(struct cli_run *r, struct targets *ts)
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

/* The usage shared by revoke and bulk rename: a query or ids, not both. */
static int check_selection(struct cli_run *r, bool ids_allowed)
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

/* True when a change that ended unconfirmed lost the connection (no HTTP
 * answer) and its read-back settled nothing either: the rest of a bulk
 * change is not sent. */
static bool connection_lost(const struct cli_run *r)
{
	return r->ch.settled == WFT_SETTLED_UNKNOWN && r->ch.err && r->ch.err->http_status == 0;
}

static void summary(struct cli_run *r, const char *done_word, size_t done, size_t failed,
                    size_t unsure, size_t unsent)
{
	cli_note(r, "%zu %s, %zu failed, %zu not confirmed%s%.0zu%s", done, done_word, failed,
	         unsure, unsent ? ", " : "", unsent, unsent ? " not sent" : "");
}

/* ---- revoke ---------------------------------------------------------------------------- */

int cli_revoke(struct cli_run *r)
{
	struct targets ts;
	size_t done = 0, failed = 0, unsure = 0, unsent = 0, dry = 0;
	bool stopped = false;
	int rc;

	memset(&ts, 0, sizeof ts);
	if ((rc = check_selection(r, true)) != 0)
		return rc;
	if (r->cli->ids && (rc = targets_from_ids(r, &ts)) != 0)
		goto out;
	if ((rc = cli_load(r)) != 0)
		goto out;
	if (r->cli->query) {
		if ((rc = targets_from_query(r, &ts)) != 0)
			goto out;
	} else {
		for (size_t i = 0; i < ts.n; i++)
			if (!target_describe(r, &ts.t[i])) {
				rc = cli_error(r, CLI_EXIT_FAILED, "out of memory");
				goto out;
			}
	}
	if (ts.n == 0) {
		cli_note(r, "no token matches the query; nothing to revoke");
		cli_results_begin(r);
		cli_results_end(r);
		rc = CLI_EXIT_OK;
		goto out;
	}
	if (targets_listed(&ts) > 0 &&
	    (rc = cli_confirm(r, targets_listed(&ts), "revoke", preview, &ts)) != 0)
		goto out;
	cli_results_begin(r);
	for (size_t i = 0; i < ts.n; i++) {
		struct target *t = &ts.t[i];
		struct wft_error err;
		char detail[700];
		const char *why;
		if (t->missing) {
			cli_result(r, t->id, t->name, t->account, "not found", "not in the "
			           "organisation's token list; nothing sent");
			failed++;
			continue;
		}
		if (stopped) {
			cli_result(r, t->id, t->name, t->account, "not sent", "stopped after the "
			           "connection to the server was lost");
			unsent++;
			continue;
		}
		r->change_done = false;
		/* In the journal before the request goes out. */
		cli_journal(r, &t->change, "revoke", t->id, t->name, t->account, JOURNAL_PENDING,
		            NULL);
		if (session_revoke(r->conn.session, t->id, &err) != WFT_OK) {
			cli_journal(r, &t->change, "revoke", t->id, t->name, t->account,
			            JOURNAL_REFUSED, err.message);
			cli_result(r, t->id, t->name, t->account, "not revoked", err.message);
			failed++;
			continue;
		}
		cli_wait_change(r);
		if (!r->change_done) {
			cli_journal(r, &t->change, "revoke", t->id, t->name, t->account,
			            JOURNAL_UNCONFIRMED, "no answer came");
			cli_result(r, t->id, t->name, t->account, "not confirmed", "no answer came");
			unsure++;
			stopped = true;
			continue;
		}
		why = r->ch.err ? r->ch.err->message : "";
		cli_journal(r, &t->change, "revoke", t->id, t->name, t->account,
		            cli_journal_state(r->ch.err, r->ch.outcome, r->ch.settled),
		            r->ch.settled == WFT_SETTLED_DONE && r->ch.read_back && r->ch.was_404
		            ? "already gone (read back: no such token)" : why);
		if (cli_is_dry_run(r->ch.err)) {
			cli_result(r, t->id, t->name, t->account, "dry run", why);
			dry++;
			continue;
		}
		switch (r->ch.settled) {
		case WFT_SETTLED_UNKNOWN:
			snprintf(detail, sizeof detail, "%.500s; reading the token back settled nothing",
			         why);
			cli_result(r, t->id, t->name, t->account, "not confirmed", detail);
			unsure++;
			stopped = connection_lost(r);
			break;
		case WFT_SETTLED_NOT_DONE:
			if (r->ch.read_back)
				snprintf(detail, sizeof detail, "the token still exists (the answer was: "
				         "%.500s)", why);
			else
				snprintf(detail, sizeof detail, "%.600s", why);
			cli_result(r, t->id, t->name, t->account, "not revoked", detail);
			failed++;
			break;
		case WFT_SETTLED_DONE:
			if (r->ch.read_back && r->ch.was_404)
				cli_result(r, t->id, t->name, t->account, "already gone",
				           "read back: no such token");
			else if (r->ch.read_back) {
				snprintf(detail, sizeof detail, "read back: no such token; the answer "
				         "was: %.500s", why);
				cli_result(r, t->id, t->name, t->account, "revoked", detail);
			} else
				cli_result(r, t->id, t->name, t->account, "revoked",
				           r->ch.outcome == WFT_OUTCOME_DONE_UNREAD
				           ? "the answer was unreadable" : "");
			done++;
			break;
		}
	}
	cli_results_end(r);
	if (dry)
		cli_note(r, "--dry-run: %zu revoke%s shown, none sent", dry, dry == 1 ? "" : "s");
	else
		summary(r, "revoked", done, failed, unsure, unsent);
	rc = failed || unsure || unsent ? CLI_EXIT_FAILED : CLI_EXIT_OK;
out:
	targets_free(&ts);
	return rc;
}

/* ---- rename ------------------------------------------------------------------------------- */

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

/* Renames t to t->new_name and writes its result; 0 done, 1 failed, 2 not
 * confirmed (3 when the connection was lost too), 4 kept back by --dry-run. */
static int rename_one(struct cli_run *r, struct target *t)
{
	struct wft_error err;
	char detail[1400];
	const char *why;

	if (strcmp(t->name, t->new_name) == 0) {
		cli_result(r, t->id, t->new_name, t->account, "renamed", "already so named; "
		           "nothing sent");
		return 0;
	}
	r->change_done = false;
	snprintf(detail, sizeof detail, "to \"%.1000s\"", t->new_name);
	cli_journal(r, &t->change, "rename", t->id, t->name, t->account, JOURNAL_PENDING, detail);
	if (session_rename(r->conn.session, t->id, t->account, t->type, t->new_name, &err) !=
	    WFT_OK) {
		cli_journal(r, &t->change, "rename", t->id, t->name, t->account, JOURNAL_REFUSED,
		            err.message);
		cli_result(r, t->id, t->name, t->account, "not renamed", err.message);
		return 1;
	}
	cli_wait_change(r);
	if (!r->change_done) {
		cli_journal(r, &t->change, "rename", t->id, t->name, t->account, JOURNAL_UNCONFIRMED,
		            "no answer came");
		cli_result(r, t->id, t->name, t->account, "not confirmed", "no answer came");
		return 3;
	}
	why = r->ch.err ? r->ch.err->message : "";
	snprintf(detail, sizeof detail, "to \"%.700s\"%s%.600s", t->new_name, *why ? ": " : "",
	         why);
	cli_journal(r, &t->change, "rename", t->id, t->name, t->account,
	            cli_journal_state(r->ch.err, r->ch.outcome, r->ch.settled), detail);
	if (cli_is_dry_run(r->ch.err)) {
		cli_result(r, t->id, t->name, t->account, "dry run", why);
		return 4;
	}
	switch (r->ch.settled) {
	case WFT_SETTLED_UNKNOWN:
		snprintf(detail, sizeof detail, "%.500s; reading the token back settled nothing", why);
		cli_result(r, t->id, t->name, t->account, "not confirmed", detail);
		return connection_lost(r) ? 3 : 2;
	case WFT_SETTLED_NOT_DONE:
		if (r->ch.read_back && r->ch.token_gone)
			snprintf(detail, sizeof detail, "the token no longer exists (the answer was: "
			         "%.500s)", why);
		else if (r->ch.read_back)
			snprintf(detail, sizeof detail, "it is still \"%.400s\" (the answer was: %.500s)",
			         r->ch.read_name ? r->ch.read_name : "", why);
		else
			snprintf(detail, sizeof detail, "%.600s", why);
		cli_result(r, t->id, t->name, t->account, "not renamed", detail);
		return 1;
	case WFT_SETTLED_DONE:
		if (r->ch.read_back)
			snprintf(detail, sizeof detail, "read back; the answer was: %.500s", why);
		else if (r->ch.outcome == WFT_OUTCOME_DONE_UNREAD)
			snprintf(detail, sizeof detail, "the answer was unreadable: %.500s", why);
		else
			detail[0] = '\0';
		cli_result(r, t->id, t->new_name, t->account, "renamed", detail);
		return 0;
	}
	return 2;
}

static void refused_detail(const struct target *t, char *out, size_t n)
{
	snprintf(out, n, "it is %.200s's token, and the API renames only service-account tokens "
	         "and your own; nothing sent", t->account);
}

int cli_rename(struct cli_run *r)
{
	const struct cli *c = r->cli;
	struct targets ts;
	struct wft_error err;
	size_t done = 0, failed = 0, unsure = 0, unsent = 0, dry = 0;
	bool stopped = false, bulk = c->query != NULL;
	char detail[400];
	int rc;

	memset(&ts, 0, sizeof ts);
	if (!bulk) {
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
	} else {
		if (!c->name_template)
			return cli_error(r, CLI_EXIT_USAGE, "--query needs --name-template T (the new "
			                 "names)");
		if ((rc = check_selection(r, false)) != 0)
			return rc;
	}
	if ((rc = cli_load(r)) != 0)
		goto out;
	if (!bulk) {
		struct target *t = targets_add(&ts, c->args[0]);
		if (!t || !target_describe(r, t) || !(t->new_name = strdup(c->args[1]))) {
			rc = cli_error(r, CLI_EXIT_FAILED, "out of memory");
			goto out;
		}
		if (t->missing) {
			rc = cli_error(r, CLI_EXIT_FAILED, "no token with this id is in the "
			               "organisation's token list; nothing was sent");
			goto out;
		}
		if (rename_impossible(r, t)) {
			char m[WFT_MASK_SIZE];
			refused_detail(t, detail, sizeof detail);
			rc = cli_error(r, CLI_EXIT_FAILED, "cannot rename %s: %s",
			               wft_mask_id(t->id, m, sizeof m), detail);
			goto out;
		}
		cli_results_begin(r);
		rc = rename_one(r, t);
		rc = rc == 0 || rc == 4 ? CLI_EXIT_OK : CLI_EXIT_FAILED;
		cli_results_end(r);
		goto out;
	}
	if ((rc = targets_from_query(r, &ts)) != 0)
		goto out;
	for (size_t i = 0; i < ts.n; i++) {
		struct target *t = &ts.t[i];
		if (!(t->new_name = expand_template(c->name_template, t, i + 1, &err))) {
			rc = cli_error(r, err.code == WFT_ERR_NOMEM ? CLI_EXIT_FAILED : CLI_EXIT_USAGE,
			               "%s; nothing was sent", err.message);
			goto out;
		}
		if (!*t->new_name || sa_check_token_name(t->new_name, &err) != WFT_OK) {
			rc = cli_error(r, CLI_EXIT_USAGE, "--name-template gives row %zu %s; nothing "
			               "was sent", i + 1, *t->new_name ? "a name the API refuses"
			                                               : "an empty name");
			goto out;
		}
		t->refused = rename_impossible(r, t);
	}
	if (ts.n == 0) {
		cli_note(r, "no token matches the query; nothing to rename");
		cli_results_begin(r);
		cli_results_end(r);
		rc = CLI_EXIT_OK;
		goto out;
	}
	if (targets_listed(&ts) > 0 &&
	    (rc = cli_confirm(r, targets_listed(&ts), "rename", preview, &ts)) != 0)
		goto out;
	cli_results_begin(r);
	for (size_t i = 0; i < ts.n; i++) {
		struct target *t = &ts.t[i];
		if (t->refused) {
			refused_detail(t, detail, sizeof detail);
			cli_result(r, t->id, t->name, t->account, "not renamed", detail);
			failed++;
			continue;
		}
		if (stopped) {
			cli_result(r, t->id, t->name, t->account, "not sent", "stopped after the "
			           "connection to the server was lost");
			unsent++;
			continue;
		}
		switch (rename_one(r, t)) {
		case 0: done++; break;
		case 1: failed++; break;
		case 3: stopped = true; unsure++; break;
		case 4: dry++; break;
		default: unsure++; break;
		}
	}
	cli_results_end(r);
	if (dry)
		cli_note(r, "--dry-run: %zu rename%s shown, none sent", dry, dry == 1 ? "" : "s");
	else
		summary(r, "renamed", done, failed, unsure, unsent);
	rc = failed || unsure || unsent ? CLI_EXIT_FAILED : CLI_EXIT_OK;
out:
	targets_free(&ts);
	return rc;
}

/* ---- generate ------------------------------------------------------------------------------ */

struct call_wait {
	bool done;
	struct wft_error err;
	struct wft_token_list tokens;     /* moved out of the result */
	char *new_id, *new_name;          /* generate: the new token (a secret) */
};

static void call_done(void *ud, struct wft_api_result *res)
{
	struct call_wait *w = ud;

	w->done = true;
	w->err = res->err;
	w->tokens = res->tokens;
	memset(&res->tokens, 0, sizeof res->tokens);
	if (res->token.id && (w->new_id = strdup(res->token.id)))
		wft_secret_note(w->new_id);
	if (res->token.name)
		w->new_name = strdup(res->token.name);
}

static void call_wait_clear(struct call_wait *w)
{
	wft_token_list_clear(&w->tokens);
	if (w->new_id) {
		wft_secret_forget(w->new_id);
		wft_free_secret(w->new_id);
	}
	free(w->new_name);
	memset(w, 0, sizeof *w);
}

/* Runs call (started with call_done) to its end. */
static void call_run(struct cli_run *r, struct wft_api_call *call)
{
	struct wft_error err;

	if (call)
		wft_api_wait(cli_api(r), call, &err);
}

/* The account's tokens into w; 0, or the exit status after an error line. */
static int account_tokens(struct cli_run *r, const char *account, struct call_wait *w)
{
	struct wft_error err;
	struct wft_api_call *call;

	call_wait_clear(w);
	if (!(call = wft_api_account_tokens(cli_api(r), account, call_done, w, &err)))
		return cli_error(r, CLI_EXIT_FAILED, "cannot read the account's tokens: %s",
		                 err.message);
	call_run(r, call);
	if (w->err.code != WFT_OK)
		return cli_error(r, CLI_EXIT_FAILED, "cannot read the tokens of %s: %s", account,
		                 w->err.message);
	return 0;
}

/* The limit of 20, with the stalest tokens named as the console names them. */
static int limit_refusal(struct cli_run *r, const char *account, const struct wft_token_list *l,
                         bool raced)
{
	size_t idx[3], k;
	wft_millis now = wft_clock_real(NULL);
	char stale[400];
	size_t o = 0;

	k = wft_tokens_stalest(l->items, l->n, now, idx, 3);
	stale[0] = '\0';
	for (size_t i = 0; i < k; i++) {
		const struct wft_token *p = &l->items[idx[i]];
		char m[WFT_MASK_SIZE], rel[32], gen[64];
		if (!p->last_used)
			snprintf(gen, sizeof gen, "never used, generated %s", p->date_generated
			         ? timefmt_relative(p->date_generated, now, rel, sizeof rel)
			         : "at an unknown date");
		else
			snprintf(gen, sizeof gen, "used %s",
			         timefmt_relative(p->last_used, now, rel, sizeof rel));
		int w = snprintf(stale + o, sizeof stale - o, "%s%s (%s)", i ? ", " : "",
		                 wft_mask_id(p->id, m, sizeof m), gen);
		if (w < 0 || (size_t)w >= sizeof stale - o)
			break;
		o += (size_t)w;
	}
	if (*stale)
		return cli_error(r, CLI_EXIT_FAILED, "not generated: %s holds %d tokens, the most an "
		                 "account may hold. %sRevoke one first; the stalest: %s", account,
		                 WFT_MAX_TOKENS_PER_ACCOUNT, raced ? "Another administrator "
		                 "generated one meanwhile. " : "", stale);
	return cli_error(r, CLI_EXIT_FAILED, "not generated: %s holds %d tokens, the most an "
	                 "account may hold. %sRevoke one first; none is stale: every one was "
	                 "used or generated in the last day", account, WFT_MAX_TOKENS_PER_ACCOUNT,
	                 raced ? "Another administrator generated one meanwhile. " : "");
}

static bool listed_in(const struct wft_token_list *l, const char *id)
{
	for (size_t i = 0; id && i < l->n; i++)
		if (l->items[i].id && strcmp(l->items[i].id, id) == 0)
			return true;
	return false;
}

/* Writes the new id where it goes: fd (a new 0600 file) or stdout. */
static int hand_over(struct cli_run *r, int fd, const char *path, const char *account,
                     const char *id, const char *name)
{
	char m[WFT_MASK_SIZE];

	wft_mask_id(id, m, sizeof m);
	if (fd >= 0) {
		size_t len = strlen(id), off = 0;
		while (off < len) {
			ssize_t w = write(fd, id + off, len - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			off += (size_t)w;
		}
		if (off < len || write(fd, "\n", 1) != 1 || fsync(fd) != 0) {
			int e = errno;
			close(fd);
			unlink(path);
			return cli_error(r, CLI_EXIT_FAILED, "generated %s for %s, but it could not be "
			                 "written to %s: %s. Revoke it: its id is lost", m, account, path,
			                 strerror(e));
		}
		if (close(fd) != 0)
			return cli_error(r, CLI_EXIT_FAILED, "generated %s for %s, but %s may not hold "
			                 "it: %s", m, account, path, strerror(errno));
		cli_results_begin(r);
		cli_result(r, id, name, account, "generated", path);
		cli_results_end(r);
		return CLI_EXIT_OK;
	}
	switch (r->fmt) {
	case CLI_FMT_JSON:
	case CLI_FMT_NDJSON:
		fputs("{\"id\":", stdout);
		listwrite_json_string(stdout, id);
		fputs(",\"name\":", stdout);
		listwrite_json_string(stdout, name);
		fputs(",\"account\":", stdout);
		listwrite_json_string(stdout, account);
		fputs("}\n", stdout);
		break;
	case CLI_FMT_CSV:
		fputs("id,name,account\r\n", stdout);
		listwrite_csv_cell(stdout, id, false);
		listwrite_csv_cell(stdout, name, false);
		listwrite_csv_cell(stdout, account, true);
		break;
	case CLI_FMT_TABLE:
		printf("%s\n", id);
		break;
	}
	cli_note(r, "generated %s for %s", m, account);
	return CLI_EXIT_OK;
}

int cli_generate(struct cli_run *r)
{
	const struct cli *c = r->cli;
	const char *account, *name = c->name ? c->name : "";
	const char *path = c->output && strcmp(c->output, "-") != 0 ? c->output : NULL;
	struct call_wait before, w;
	struct wft_api_call *call;
	struct wft_error err;
	char *expanded = NULL;
	int fd = -1, rc;
	enum wft_outcome o;
	unsigned long change = 0;

	memset(&before, 0, sizeof before);
	memset(&w, 0, sizeof w);
	if (c->n_args != 1)
		return cli_error(r, CLI_EXIT_USAGE, "generate takes one ACCOUNT (%d operand%s given)",
		                 c->n_args, c->n_args == 1 ? "" : "s");
	account = c->args[0];
	if (c->query || c->ids || c->name_template || c->yes || c->max >= 0)
		return cli_error(r, CLI_EXIT_USAGE, "generate takes ACCOUNT, --name and --output");
	if (sa_check_token_name(name, &err) != WFT_OK)
		return cli_error(r, CLI_EXIT_USAGE, "--name: %s", err.message);
	if (c->read_only)
		return cli_error(r, CLI_EXIT_USAGE, "--read-only refuses every change; nothing was "
		                 "sent");
	if (!path && isatty(STDOUT_FILENO) && !c->dry_run)
		return cli_error(r, CLI_EXIT_USAGE, "the new id never goes to a terminal: use "
		                 "--output FILE, or a pipe; nothing was sent");
	/* --dry-run: no id comes, so no file is made for it. */
	if (path && !c->dry_run) {
		/* The file first: a path that cannot be created stops everything. */
		if (!(expanded = secretfile_expand(path, getenv("HOME"), &err)))
			return cli_error(r, CLI_EXIT_USAGE, "--output: %s", err.message);
		if ((fd = secretfile_create(expanded, &err)) < 0) {
			free(expanded);
			return cli_error(r, CLI_EXIT_USAGE, "--output: %s; nothing was sent", err.message);
		}
	}
	if ((rc = cli_connect(r)) != 0 || (rc = account_tokens(r, account, &before)) != 0)
		goto out;
	if (before.tokens.n >= WFT_MAX_TOKENS_PER_ACCOUNT) {
		rc = limit_refusal(r, account, &before.tokens, false);
		goto out;
	}
	cli_journal(r, &change, "generate", NULL, name, account, JOURNAL_PENDING, NULL);
	if (!(call = wft_api_generate_account_token(cli_api(r), account, name, call_done, &w,
	                                            &err))) {
		cli_journal(r, &change, "generate", NULL, name, account, JOURNAL_REFUSED, err.message);
		rc = cli_error(r, CLI_EXIT_FAILED, "not generated: %s", err.message);
		goto out;
	}
	call_run(r, call);
	o = wft_outcome_of(&w.err);
	if (cli_is_dry_run(&w.err)) {
		cli_journal(r, &change, "generate", NULL, name, account, JOURNAL_DRY_RUN,
		            w.err.message);
		cli_results_begin(r);
		cli_item_result(r, "account", account, "name", name, "dry run", w.err.message);
		cli_results_end(r);
		rc = CLI_EXIT_OK;
		goto out;
	}
	if (o == WFT_OUTCOME_DONE && w.new_id)
		cli_journal(r, &change, "generate", w.new_id, w.new_name ? w.new_name : name, account,
		            JOURNAL_DONE, NULL);
	else if (o != WFT_OUTCOME_UNCONFIRMED)
		cli_journal(r, &change, "generate", NULL, name, account,
		            journal_state_of(o, o == WFT_OUTCOME_REFUSED ? WFT_SETTLED_NOT_DONE
		                                                         : WFT_SETTLED_DONE),
		            w.err.message);
	if (w.err.code == WFT_ERR_LIMIT) {
		struct call_wait now;
		memset(&now, 0, sizeof now);
		if (account_tokens(r, account, &now) == 0)
			limit_refusal(r, account, &now.tokens, true);
		call_wait_clear(&now);
		rc = CLI_EXIT_FAILED;
	} else if (o == WFT_OUTCOME_DONE && w.new_id) {
		rc = hand_over(r, fd, expanded, account, w.new_id, w.new_name ? w.new_name : name);
		fd = -1;
	} else if (o == WFT_OUTCOME_DONE || o == WFT_OUTCOME_DONE_UNREAD) {
		rc = cli_error(r, CLI_EXIT_FAILED, "the token was generated, but the answer was "
		               "unreadable (%s), so its id cannot be given: revoke a token of %s you "
		               "did not receive", w.err.message, account);
	} else if (o == WFT_OUTCOME_REFUSED) {
		rc = cli_error(r, CLI_EXIT_FAILED, "not generated: %s", w.err.message);
	} else {
		/* No answer that settles it: the account's tokens read back. */
		struct call_wait now;
		const struct wft_token *hit = NULL;
		enum wft_readback rb;
		struct wft_api_call *rcall;
		memset(&now, 0, sizeof now);
		if ((rcall = wft_api_account_tokens(cli_api(r), account, call_done, &now, &err)))
			call_run(r, rcall);
		else
			now.err = err;
		rb = wft_outcome_read(&now.err);
		for (size_t i = 0; rb == WFT_READ_PRESENT && i < now.tokens.n; i++)
			if (now.tokens.items[i].id && !listed_in(&before.tokens, now.tokens.items[i].id) &&
			    now.tokens.items[i].name && strcmp(now.tokens.items[i].name, name) == 0)
				hit = &now.tokens.items[i];
		cli_journal(r, &change, "generate", hit ? hit->id : NULL, name, account,
		            journal_state_of(o, wft_outcome_settle(rb, hit != NULL)), w.err.message);
		switch (wft_outcome_settle(rb, hit != NULL)) {
		case WFT_SETTLED_DONE: {
			char m[WFT_MASK_SIZE];
			rc = cli_error(r, CLI_EXIT_FAILED, "generated %s for %s (read back), but its id "
			               "never reached wftokens (%s): revoke it if it is not needed",
			               wft_mask_id(hit->id, m, sizeof m), account, w.err.message);
			break;
		}
		case WFT_SETTLED_NOT_DONE:
			rc = cli_error(r, CLI_EXIT_FAILED, "not generated: no new token is listed (the "
			               "answer was: %s)", w.err.message);
			break;
		case WFT_SETTLED_UNKNOWN:
			rc = cli_error(r, CLI_EXIT_FAILED, "not confirmed: the token may have been "
			               "generated, but no readable answer came (%s; reading back: %s): "
			               "revoke a token of %s you did not receive", w.err.message,
			               now.err.message, account);
			break;
		}
		call_wait_clear(&now);
	}
out:
	if (fd >= 0) {
		/* Nothing was written: the empty file goes again. */
		close(fd);
		unlink(expanded);
	}
	free(expanded);
	call_wait_clear(&before);
	call_wait_clear(&w);
	return rc;
}
