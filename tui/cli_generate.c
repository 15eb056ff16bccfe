/* cli_generate.c: `wftokens generate ACCOUNT`: a new token for a service
 * account, its id written once to a new 0600 file or a pipe, never to a
 * terminal. The limit of tokens an account may hold is checked first; an
 * answer that does not settle the change is read back (outcome.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "listwrite.h"
#include "mask.h"
#include "sacheck.h"
#include "secretfile.h"
#include "api.h"

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
	char stale[400];

	wft_tokens_stalest_text(l->items, l->n, wft_clock_real(NULL), stale, sizeof stale);
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

/* One run of generate: the account, the name, where the id goes, the
 * account's tokens before, the call's answer, and its change in the journal. */
struct generate {
	const char *account, *name;
	char *path;                       /* the --output file, expanded; NULL: stdout */
	int fd;                           /* the new, empty 0600 file; -1 */
	struct call_wait before, w;
	unsigned long change;
};

/* Writes the new id to g's file and closes it: the exit status. */
static int hand_over_file(struct cli_run *r, struct generate *g, const char *id,
                          const char *name)
{
	char m[WFT_MASK_SIZE];
	size_t len = strlen(id), off = 0;
	int fd = g->fd;

	g->fd = -1;
	wft_mask_id(id, m, sizeof m);
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
		unlink(g->path);
		return cli_error(r, CLI_EXIT_FAILED, "generated %s for %s, but it could not be "
		                 "written to %s: %s. Revoke it: its id is lost", m, g->account,
		                 g->path, strerror(e));
	}
	if (close(fd) != 0)
		return cli_error(r, CLI_EXIT_FAILED, "generated %s for %s, but %s may not hold "
		                 "it: %s", m, g->account, g->path, strerror(errno));
	cli_results_begin(r);
	cli_result(r, id, name, g->account, "generated", g->path);
	cli_results_end(r);
	return CLI_EXIT_OK;
}

/* Writes the new id to stdout in the format asked for: the exit status. */
static int hand_over_stdout(struct cli_run *r, const char *account, const char *id,
                            const char *name)
{
	char m[WFT_MASK_SIZE];

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
	cli_note(r, "generated %s for %s", wft_mask_id(id, m, sizeof m), account);
	return CLI_EXIT_OK;
}

/* The usage of generate, and the --output file made (empty) before
 * anything is sent: a path that cannot be created stops everything. 0, or
 * the exit status after an error line. */
static int generate_start(struct cli_run *r, struct generate *g)
{
	const struct cli *c = r->cli;
	const char *path = c->output && strcmp(c->output, "-") != 0 ? c->output : NULL;
	struct wft_error err;

	if (c->n_args != 1)
		return cli_error(r, CLI_EXIT_USAGE, "generate takes one ACCOUNT (%d operand%s given)",
		                 c->n_args, c->n_args == 1 ? "" : "s");
	g->account = c->args[0];
	if (c->query || c->ids || c->name_template || c->yes || c->max >= 0)
		return cli_error(r, CLI_EXIT_USAGE, "generate takes ACCOUNT, --name and --output");
	if (sa_check_token_name(g->name, &err) != WFT_OK)
		return cli_error(r, CLI_EXIT_USAGE, "--name: %s", err.message);
	if (c->read_only)
		return cli_error(r, CLI_EXIT_USAGE, "--read-only refuses every change; nothing was "
		                 "sent");
	if (!path && isatty(STDOUT_FILENO) && !c->dry_run)
		return cli_error(r, CLI_EXIT_USAGE, "the new id never goes to a terminal: use "
		                 "--output FILE, or a pipe; nothing was sent");
	/* --dry-run: no id comes, so no file is made for it. */
	if (!path || c->dry_run)
		return 0;
	if (!(g->path = secretfile_expand(path, getenv("HOME"), &err)))
		return cli_error(r, CLI_EXIT_USAGE, "--output: %s", err.message);
	if ((g->fd = secretfile_create(g->path, &err)) < 0)
		return cli_error(r, CLI_EXIT_USAGE, "--output: %s; nothing was sent", err.message);
	return 0;
}

/* No answer settled the generate: the account's tokens are read back, and
 * a new one of that name settles it. The exit status. */
static int generate_read_back(struct cli_run *r, struct generate *g, enum wft_outcome o)
{
	struct call_wait now;
	const struct wft_token *hit = NULL;
	enum wft_readback rb;
	struct wft_api_call *rcall;
	struct wft_error err;
	char m[WFT_MASK_SIZE];
	int rc = CLI_EXIT_FAILED;

	memset(&now, 0, sizeof now);
	if ((rcall = wft_api_account_tokens(cli_api(r), g->account, call_done, &now, &err)))
		call_run(r, rcall);
	else
		now.err = err;
	rb = wft_outcome_read(&now.err);
	for (size_t i = 0; rb == WFT_READ_PRESENT && i < now.tokens.n; i++)
		if (now.tokens.items[i].id && !listed_in(&g->before.tokens, now.tokens.items[i].id) &&
		    now.tokens.items[i].name && strcmp(now.tokens.items[i].name, g->name) == 0)
			hit = &now.tokens.items[i];
	cli_journal(r, &g->change, "generate", hit ? hit->id : NULL, g->name, g->account,
	            journal_state_of(o, wft_outcome_settle(rb, hit != NULL)), g->w.err.message);
	switch (wft_outcome_settle(rb, hit != NULL)) {
	case WFT_SETTLED_DONE:
		rc = cli_error(r, CLI_EXIT_FAILED, "generated %s for %s (read back), but its id "
		               "never reached wftokens (%s): revoke it if it is not needed",
		               wft_mask_id(hit->id, m, sizeof m), g->account, g->w.err.message);
		break;
	case WFT_SETTLED_NOT_DONE:
		rc = cli_error(r, CLI_EXIT_FAILED, "not generated: no new token is listed (the "
		               "answer was: %s)", g->w.err.message);
		break;
	case WFT_SETTLED_UNKNOWN:
		rc = cli_error(r, CLI_EXIT_FAILED, "not confirmed: the token may have been "
		               "generated, but no readable answer came (%s; reading back: %s): "
		               "revoke a token of %s you did not receive", g->w.err.message,
		               now.err.message, g->account);
		break;
	}
	call_wait_clear(&now);
	return rc;
}

/* The answer of the generate call in g->w, told and journaled: the exit
 * status. */
static int generate_settle(struct cli_run *r, struct generate *g)
{
	enum wft_outcome o = wft_outcome_of(&g->w.err);
	const char *new_name = g->w.new_name ? g->w.new_name : g->name;

	if (o == WFT_OUTCOME_DONE && g->w.new_id)
		cli_journal(r, &g->change, "generate", g->w.new_id, new_name, g->account,
		            JOURNAL_DONE, NULL);
	else if (o != WFT_OUTCOME_UNCONFIRMED)
		cli_journal(r, &g->change, "generate", NULL, g->name, g->account,
		            journal_state_of(o, o == WFT_OUTCOME_REFUSED ? WFT_SETTLED_NOT_DONE
		                                                         : WFT_SETTLED_DONE),
		            g->w.err.message);
	if (g->w.err.code == WFT_ERR_LIMIT) {
		struct call_wait now;
		memset(&now, 0, sizeof now);
		if (account_tokens(r, g->account, &now) == 0)
			limit_refusal(r, g->account, &now.tokens, true);
		call_wait_clear(&now);
		return CLI_EXIT_FAILED;
	}
	if (o == WFT_OUTCOME_DONE && g->w.new_id)
		return g->fd >= 0 ? hand_over_file(r, g, g->w.new_id, new_name)
		                  : hand_over_stdout(r, g->account, g->w.new_id, new_name);
	if (o == WFT_OUTCOME_DONE || o == WFT_OUTCOME_DONE_UNREAD)
		return cli_error(r, CLI_EXIT_FAILED, "the token was generated, but the answer was "
		                 "unreadable (%s), so its id cannot be given: revoke a token of %s "
		                 "you did not receive", g->w.err.message, g->account);
	if (o == WFT_OUTCOME_REFUSED)
		return cli_error(r, CLI_EXIT_FAILED, "not generated: %s", g->w.err.message);
	return generate_read_back(r, g, o);
}

/* Reads the account's tokens, checks the limit, sends the generate and
 * settles it: the exit status. */
static int generate_send(struct cli_run *r, struct generate *g)
{
	struct wft_api_call *call;
	struct wft_error err;
	int rc;

	if ((rc = cli_connect(r)) != 0 || (rc = account_tokens(r, g->account, &g->before)) != 0)
		return rc;
	if (g->before.tokens.n >= WFT_MAX_TOKENS_PER_ACCOUNT)
		return limit_refusal(r, g->account, &g->before.tokens, false);
	cli_journal(r, &g->change, "generate", NULL, g->name, g->account, JOURNAL_PENDING, NULL);
	if (!(call = wft_api_generate_account_token(cli_api(r), g->account, g->name, call_done,
	                                            &g->w, &err))) {
		cli_journal(r, &g->change, "generate", NULL, g->name, g->account, JOURNAL_REFUSED,
		            err.message);
		return cli_error(r, CLI_EXIT_FAILED, "not generated: %s", err.message);
	}
	call_run(r, call);
	if (cli_is_dry_run(&g->w.err)) {
		cli_journal(r, &g->change, "generate", NULL, g->name, g->account, JOURNAL_DRY_RUN,
		            g->w.err.message);
		cli_results_begin(r);
		cli_item_result(r, "account", g->account, "name", g->name, "dry run",
		                g->w.err.message);
		cli_results_end(r);
		return CLI_EXIT_OK;
	}
	return generate_settle(r, g);
}

int cli_generate(struct cli_run *r)
{
	struct generate g;
	int rc;

	memset(&g, 0, sizeof g);
	g.fd = -1;
	g.name = r->cli->name ? r->cli->name : "";
	if ((rc = generate_start(r, &g)) == 0)
		rc = generate_send(r, &g);
	if (g.fd >= 0) {
		/* Nothing was written: the empty file goes again. */
		close(g.fd);
		unlink(g.path);
	}
	free(g.path);
	call_wait_clear(&g.before);
	call_wait_clear(&g.w);
	return rc;
}
