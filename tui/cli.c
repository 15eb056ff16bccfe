/* cli.c: what the subcommands for scripts share (cli.h): the table of
 * subcommands and their help, errors, the sign-in and the token list, the
 * confirmation protocol and the per-thing results. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "cli.h"
#include "listing.h"
#include "mask.h"
#include "timefmt.h"

struct cli_cmd {
	const char *name;
	int (*run)(struct cli_run *r);
	const char *synopsis;       /* after "wftokens NAME " */
	const char *help;           /* what it does and its own options */
};

static int cli_completion(struct cli_run *r);
static int cli_whoami(struct cli_run *r);

static const struct cli_cmd commands[] = {
	{ "revoke", cli_revoke,
	  "(--query Q | --id ID... | --id -) [--yes] [--max N] [OPTION]...",
	  "Revoke tokens: those the query matches, or the ids given (with --id; a -\n"
	  "reads them from stdin, one a line). The tokens are shown, masked, and their\n"
	  "number must be typed back on the terminal before anything is sent.\n"
	  "\n"
	  "      --query Q        the tokens this search matches (the console's language)\n"
	  "      --id             the operands are token ids; - reads them from stdin\n"
	  "      --yes            no confirmation: only when stdin is not a terminal, or\n"
	  "                       with --max\n"
	  "      --max N          refuse, with nothing sent, when more than N would change\n"
	  "      --format F       results as table, json, ndjson or csv\n" },
	{ "rename", cli_rename,
	  "ID NAME | --query Q --name-template T [--yes] [--max N] [OPTION]...",
	  "Rename one token, or every token a query matches after a preview and the\n"
	  "same confirmation as revoke. The API renames only service-account tokens\n"
	  "and your own: another user's token is refused before anything is sent.\n"
	  "\n"
	  "      --query Q        the tokens to rename\n"
	  "      --name-template T  the new names: {name} the current name, {account}\n"
	  "                       the account, {n} the row number (1, 2, ...), {{ a {\n"
	  "      --yes, --max N   as for revoke\n"
	  "      --format F       results as table, json, ndjson or csv\n" },
	{ "generate", cli_generate,
	  "ACCOUNT [--name NAME] [--output FILE|-] [OPTION]...",
	  "Generate a token for the service account ACCOUNT. The new id goes to a new\n"
	  "file only its owner can read (--output FILE), or to stdout when stdout is not\n"
	  "a terminal; never to a terminal. An account that holds 20 tokens already is\n"
	  "refused, naming its stalest tokens.\n"
	  "\n"
	  "      --name NAME      the new token's name\n"
	  "      --output FILE    write the id to FILE, which must not exist (mode 0600)\n"
	  "      --output -       write it to stdout (not a terminal)\n"
	  "      --format F       with --output FILE: the result as table, json, ndjson or\n"
	  "                       csv (id masked); with stdout: the id alone (table), or\n"
	  "                       a JSON object or a CSV row holding it\n" },
	{ "accounts", cli_accounts,
	  "list | show ACCOUNT | create ACCOUNT [--description TEXT] | activate ACCOUNT |\n"
	  "       deactivate ACCOUNT | delete ACCOUNT [--yes] [--max N]   [OPTION]...",
	  "The service accounts: list them, show one (its tokens masked, permissions,\n"
	  "roles and groups), create one (active; the identifier gets the sa:: prefix\n"
	  "and is stored in lower case), activate or deactivate one (its tokens start\n"
	  "or stop working), or delete one with its tokens. A delete shows the account\n"
	  "and its tokens, masked, and its identifier must be typed back on the\n"
	  "terminal before anything is sent.\n"
	  "\n"
	  "      --description TEXT  create: the account's description\n"
	  "      --yes            delete: no confirmation: only when stdin is not a\n"
	  "                       terminal, or with --max\n"
	  "      --format F       table, json, ndjson or csv\n" },
	{ "saved", cli_saved,
	  "list | show ID | apply ID [--unmasked] | save NAME --query Q [--sort COLUMN[:desc]] |\n"
	  "       delete ID   [OPTION]...",
	  "The saved searches of the API Tokens page on the server (entity type TOKEN,\n"
	  "shared with the web UI and the console): list them, show one, apply one (its\n"
	  "tokens, as `wftokens list --query` writes them), save a search under a new\n"
	  "name, or delete one. A name already taken is refused, and so is a query\n"
	  "holding what looks like a token id. The console's saved searches kept on\n"
	  "this computer (when the server refuses them) are not read here.\n"
	  "\n"
	  "      --query Q        save: the search (the console's language)\n"
	  "      --sort COLUMN[:desc]  save: its order (id, name, account, type,\n"
	  "                       generated, lastused)\n"
	  "      --unmasked       apply: full token ids (they are secrets)\n"
	  "      --format F       table, json, ndjson or csv\n" },
	{ "whoami", cli_whoami, "[OPTION]...",
	  "Say who the sign-in is: the instance, the profile, the identity (the account\n"
	  "of the credential's own tokens, when the instance lists them), the auth\n"
	  "method, and when the credential expires when that is known (a CSP access\n"
	  "token; an API token has no expiry the API tells).\n"
	  "\n"
	  "      --format F       table, json, ndjson or csv\n" },
	{ "check-expiry", cli_check_expiry, "[--days N] [OPTION]...",
	  "For cron: say when the sign-in credential expires, and exit 1 when that is\n"
	  "within N days (default 14), already past, or the credential was deactivated.\n"
	  "A VMware Cloud services API token's expiry is read from VMware Cloud\n"
	  "services; an OAuth app's id and secret, and an Operations for Applications\n"
	  "API token, have no expiry to check (exit 0, said so).\n"
	  "\n"
	  "      --days N         the warning window, in days (default 14)\n"
	  "      --format F       table, json, ndjson or csv\n" },
	{ "completion", cli_completion, "bash",
	  "Print a completion script for bash: it completes the subcommands, the\n"
	  "options, the sort columns, the formats, the auth methods and the query's\n"
	  "field names. Load it with\n"
	  "    source <(wftokens completion bash)\n"
	  "or save it where bash-completion looks (e.g. ~/.local/share/bash-completion/\n"
	  "completions/wftokens). It holds no secret and reads nothing.\n" },
};
#define N_COMMANDS (sizeof commands / sizeof *commands)

static const struct cli_cmd *find_command(const char *name)
{
	for (size_t i = 0; name && i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

const char *cli_command(const char *word)
{
	const struct cli_cmd *c = find_command(word);

	return c ? c->name : NULL;
}

const char *cli_usage_text(void)
{
	return
		"Subcommands for scripts (each has --help; exit status 0: all done,\n"
		"1: something failed, was refused or is not confirmed, 2: bad usage):\n"
		"  list                 the tokens, filtered and sorted\n"
		"  revoke               revoke the tokens of a query or of ids\n"
		"  rename               rename a token, or those of a query by a template\n"
		"  generate             generate a token for a service account\n"
		"  accounts             list, show, create, activate, deactivate or delete\n"
		"                       service accounts\n"
		"  saved                list, show, apply, save or delete saved searches\n"
		"  whoami               the instance, identity, auth method and expiry\n"
		"  completion bash      print a completion script for bash\n";
}

int cli_help(const char *cmd, FILE *out)
{
	const struct cli_cmd *c = find_command(cmd);

	if (!c)
		return CLI_EXIT_USAGE;
	fprintf(out, "Usage: wftokens %s %s\n\n%s\n"
	        "The connection options of the console apply (--profile, --endpoint, --auth,\n"
	        "--config, --read-only, --demo ...: see wftokens --help). --dry-run sends no\n"
	        "change: each is shown as the request it would make and journalled, exit 0.\n"
	        "Every change is written to the journal (wftokens journal). Token ids are masked\n"
	        "in every output. Exit status: 0 all done; 1 something failed, was refused\n"
	        "or is not confirmed; 2 bad usage, nothing sent.\n", c->name, c->synopsis, c->help);
	return CLI_EXIT_OK;
}

/* ---- errors and notes --------------------------------------------------------- */

static void json_line(FILE *out, const char *cmd, const char *key, const char *msg)
{
	fputs("{\"command\":", out);
	listing_json_string(out, cmd);
	fprintf(out, ",\"%s\":", key);
	listing_json_string(out, msg);
	fputs("}\n", out);
}

static void vsay(struct cli_run *r, const char *key, const char *fmt, va_list ap)
{
	char msg[1024], safe[1024 * WFT_REDACT_GROWTH + WFT_MASK_SIZE];

	vsnprintf(msg, sizeof msg, fmt, ap);
	wft_secret_redact(msg, strlen(msg), safe, sizeof safe);
	if (r->fmt == CLI_FMT_JSON || r->fmt == CLI_FMT_NDJSON) {
		json_line(stderr, r->cmd, key, safe);
	} else {
		/* One line each: a line break in what the server said is a blank. */
		for (char *p = safe; *p; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
		fprintf(stderr, "wftokens %s: %s\n", r->cmd, safe);
	}
}

int cli_error(struct cli_run *r, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(r, "error", fmt, ap);
	va_end(ap);
	return code;
}

void cli_note(struct cli_run *r, const char *fmt, ...)
{
	va_list ap;

	if (r->fmt != CLI_FMT_TABLE)
		return;
	va_start(ap, fmt);
	vsay(r, "note", fmt, ap);
	va_end(ap);
}

/* ---- the connection and the token list ----------------------------------------- */

static void hook_loaded(void *ud, struct tokenset *ts, const struct wft_error *err)
{
	struct cli_run *r = ud;

	r->load_done = true;
	tokenset_free(r->loaded);
	r->loaded = NULL;
	if (err) {
		r->load_err = *err;
		tokenset_free(ts);   /* a part of the list: never acted on */
	} else {
		r->loaded = ts;
	}
}

static void take_change(struct cli_run *r, const struct session_change *ch)
{
	r->change_done = true;
	r->ch = *ch;
	wft_error_clear(&r->ch_err);
	if (ch->err)
		r->ch_err = *ch->err;
	r->ch.err = ch->err ? &r->ch_err : NULL;
	snprintf(r->read_name, sizeof r->read_name, "%s", ch->read_name ? ch->read_name : "");
	r->ch.read_name = ch->read_name ? r->read_name : NULL;
}

static void hook_revoked(void *ud, const char *id, const struct session_change *ch)
{
	(void)id;
	take_change(ud, ch);
}

static void hook_renamed(void *ud, const char *id, const char *name,
                         const struct session_change *ch)
{
	(void)id;
	(void)name;
	take_change(ud, ch);
}

int cli_connect(struct cli_run *r)
{
	struct session_hooks hooks;
	struct wft_error err;

	if (r->connected)
		return 0;
	memset(&hooks, 0, sizeof hooks);
	hooks.ud = r;
	hooks.loaded = hook_loaded;
	hooks.revoked = hook_revoked;
	hooks.renamed = hook_renamed;
	if (conn_open(&r->conn, r->cli, &hooks, &err) != WFT_OK)
		return cli_error(r, CLI_EXIT_FAILED, "%s", err.message);
	r->connected = true;
	/* --dry-run: reads go out, every change is kept back and ends with the
	 * request it would have made. */
	if (r->cli->dry_run)
		wft_api_set_dry_run(session_api(r->conn.session), true);
	return 0;
}

struct wft_api *cli_api(struct cli_run *r)
{
	return r->connected ? session_api(r->conn.session) : NULL;
}

int cli_load(struct cli_run *r)
{
	struct wft_error err;
	int rc;

	if ((rc = cli_connect(r)) != 0)
		return rc;
	if (session_load(r->conn.session, &err) != WFT_OK ||
	    session_drain(r->conn.session, &err) != WFT_OK)
		return cli_error(r, CLI_EXIT_FAILED, "%s", err.message);
	if (!r->loaded)
		return cli_error(r, CLI_EXIT_FAILED, "cannot load the tokens: %s",
		                 r->load_done ? r->load_err.message : "no answer");
	if (!(r->view = view_new(r->loaded, wft_clock_real, NULL))) {
		tokenset_free(r->loaded);
		r->loaded = NULL;
		return cli_error(r, CLI_EXIT_FAILED, "out of memory");
	}
	r->loaded = NULL;   /* the view owns it */
	{
		char skipped[160];
		if (tokenset_skipped_note(view_tokenset(r->view), skipped, sizeof skipped))
			cli_note(r, "%s", skipped);
	}
	return 0;
}

void cli_call_done(void *ud, struct wft_api_result *res)
{
	struct cli_call *w = ud;

	w->done = true;
	w->res = *res;
	memset(res, 0, sizeof *res);
}

void cli_call_run(struct cli_run *r, struct wft_api_call *call, const struct wft_error *err,
                  struct cli_call *w)
{
	struct wft_error e2;

	if (!call) {
		w->res.err = *err;
		return;
	}
	wft_api_wait(cli_api(r), call, &e2);
	if (!w->done)
		wft_error_set(&w->res.err, WFT_ERR_CANCELLED, "no answer came");
}

void cli_call_clear(struct cli_call *w)
{
	wft_api_result_clear(&w->res);
	memset(w, 0, sizeof *w);
}

void cli_wait_change(struct cli_run *r)
{
	struct wft_error err;

	while (!r->change_done && session_pending(r->conn.session, REQ_TOKENS) > 0)
		if (session_wait(r->conn.session, -1, 1000, NULL, &err) != WFT_OK)
			break;
}

/* ---- the confirmation -------------------------------------------------------------- */

bool cli_ids_from_stdin(const struct cli *cli)
{
	for (int i = 0; cli->ids && i < cli->n_args; i++)
		if (strcmp(cli->args[i], "-") == 0)
			return true;
	return false;
}

int cli_check_yes(struct cli_run *r)
{
	if (r->cli->yes && !r->cli->dry_run && r->cli->max < 0 && isatty(STDIN_FILENO))
		return cli_error(r, CLI_EXIT_USAGE, "--yes on a terminal needs --max N (the most "
		                 "that may change); nothing was sent");
	return 0;
}

/* Asks on the terminal: header, the preview, then the prompt; want must be
 * typed back. 0 to go on, or the exit status. */
static int ask_terminal(struct cli_run *r, const char *header, void (*preview)(void *ud, FILE *out),
                        void *ud, const char *prompt, const char *want, const char *what,
                        const char *typed)
{
	FILE *in = NULL, *out = NULL;
	char line[512];
	int fd = -1;
	bool ok, use_stdin;

	/* The answer comes from a person: stdin when it is a terminal (and
	 * was not used for the ids), else the process's terminal. */
	use_stdin = isatty(STDIN_FILENO) && !cli_ids_from_stdin(r->cli);
	fd = use_stdin ? dup(STDIN_FILENO) : open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return cli_error(r, CLI_EXIT_USAGE, "no terminal to confirm on: pass --yes to %s "
		                 "without a confirmation; nothing was sent", what);
	if (!(in = fdopen(fd, "r"))) {
		close(fd);
		return cli_error(r, CLI_EXIT_FAILED, "cannot use the terminal: %s", strerror(errno));
	}
	out = use_stdin ? stderr : fdopen(dup(fd), "w");
	if (!out) {
		fclose(in);
		return cli_error(r, CLI_EXIT_FAILED, "cannot use the terminal: %s", strerror(errno));
	}
	fprintf(out, "%s\n", header);
	preview(ud, out);
	fprintf(out, "%s", prompt);
	fflush(out);
	ok = fgets(line, sizeof line, in) != NULL;
	if (ok) {
		line[strcspn(line, "\r\n")] = '\0';
		ok = strcmp(line, want) == 0;
	}
	fclose(in);
	if (out != stderr)
		fclose(out);
	if (!ok)
		return cli_error(r, CLI_EXIT_FAILED, "the %s typed was not %s; nothing was sent",
		                 typed, want);
	return 0;
}

int cli_confirm(struct cli_run *r, size_t n, const char *what,
                void (*preview)(void *ud, FILE *out), void *ud)
{
	char header[128], prompt[160], want[32];
	int rc;

	if (r->cli->max >= 0 && n > (size_t)r->cli->max)
		return cli_error(r, CLI_EXIT_FAILED, "%zu tokens to %s, more than --max %ld; "
		                 "nothing was sent", n, what, r->cli->max);
	snprintf(header, sizeof header, "%zu token%s to %s:", n, n == 1 ? "" : "s", what);
	/* --dry-run sends nothing: there is nothing to confirm. */
	if (r->cli->yes || r->cli->dry_run) {
		if ((rc = cli_check_yes(r)) != 0)
			return rc;
		if (r->fmt == CLI_FMT_TABLE) {
			fprintf(stderr, "wftokens %s: %s\n", r->cmd, header);
			preview(ud, stderr);
		}
		return 0;
	}
	snprintf(prompt, sizeof prompt, "To %s %s, type the number %zu; anything else stops: ",
	         what, n == 1 ? "it" : "them", n);
	snprintf(want, sizeof want, "%zu", n);
	return ask_terminal(r, header, preview, ud, prompt, want, what, "number");
}

int cli_confirm_text(struct cli_run *r, const char *want, const char *what,
                     void (*preview)(void *ud, FILE *out), void *ud)
{
	char header[600], prompt[700];
	int rc;

	snprintf(header, sizeof header, "%.40s %.500s:", what, want);
	if (r->cli->yes || r->cli->dry_run) {
		if ((rc = cli_check_yes(r)) != 0)
			return rc;
		if (r->fmt == CLI_FMT_TABLE) {
			fprintf(stderr, "wftokens %s: %s\n", r->cmd, header);
			preview(ud, stderr);
		}
		return 0;
	}
	snprintf(prompt, sizeof prompt, "To %.40s it, type %.500s; anything else stops: ", what,
	         want);
	return ask_terminal(r, header, preview, ud, prompt, want, what, "identifier");
}

/* ---- results ------------------------------------------------------------------------ */

void cli_put_name(FILE *out, const char *s, size_t width)
{
	size_t w = listing_text_width(s);

	listing_text_cell(out, s, w < width ? w : width, true);
}

void cli_results_begin(struct cli_run *r)
{
	r->n_results = 0;
	if (r->fmt == CLI_FMT_JSON)
		fputc('[', stdout);
	else if (r->fmt == CLI_FMT_CSV)
		fputs("id,name,account,result,detail\r\n", stdout);
}

void cli_result(struct cli_run *r, const char *id, const char *name, const char *account,
                const char *result, const char *detail)
{
	char m[WFT_MASK_SIZE];

	wft_mask_id(id, m, sizeof m);
	switch (r->fmt) {
	case CLI_FMT_JSON:
	case CLI_FMT_NDJSON:
		if (r->fmt == CLI_FMT_JSON)
			fputs(r->n_results ? ",\n" : "\n", stdout);
		fputs("{\"id\":", stdout);
		listing_json_string(stdout, m);
		fputs(",\"name\":", stdout);
		listing_json_string(stdout, name ? name : "");
		fputs(",\"account\":", stdout);
		listing_json_string(stdout, account ? account : "");
		fputs(",\"result\":", stdout);
		listing_json_string(stdout, result);
		fputs(",\"detail\":", stdout);
		listing_json_string(stdout, detail ? detail : "");
		fputs(r->fmt == CLI_FMT_NDJSON ? "}\n" : "}", stdout);
		break;
	case CLI_FMT_CSV:
		listing_csv_cell(stdout, m, false);
		listing_csv_cell(stdout, name ? name : "", false);
		listing_csv_cell(stdout, account ? account : "", false);
		listing_csv_cell(stdout, result, false);
		listing_csv_cell(stdout, detail ? detail : "", true);
		break;
	case CLI_FMT_TABLE:
		fprintf(stdout, "%s  ", m);
		listing_text_cell(stdout, result, 13, false);
		fputs("  ", stdout);
		cli_put_name(stdout, name ? name : "", 40);
		if (detail && *detail) {
			fputs(": ", stdout);
			listing_text_cell(stdout, detail, listing_text_width(detail), true);
		}
		fputc('\n', stdout);
		break;
	}
	r->n_results++;
	fflush(stdout);
}

void cli_results_end(struct cli_run *r)
{
	if (r->fmt == CLI_FMT_JSON)
		fputs(r->n_results ? "\n]\n" : "]\n", stdout);
	fflush(stdout);
}

void cli_item_result(struct cli_run *r, const char *k1, const char *v1, const char *k2,
                     const char *v2, const char *result, const char *detail)
{
	switch (r->fmt) {
	case CLI_FMT_JSON:
	case CLI_FMT_NDJSON:
		if (r->fmt == CLI_FMT_JSON)
			fputs(r->n_results ? ",\n" : "\n", stdout);
		fputc('{', stdout);
		listing_json_string(stdout, k1);
		fputc(':', stdout);
		listing_json_string(stdout, v1 ? v1 : "");
		if (k2) {
			fputc(',', stdout);
			listing_json_string(stdout, k2);
			fputc(':', stdout);
			listing_json_string(stdout, v2 ? v2 : "");
		}
		fputs(",\"result\":", stdout);
		listing_json_string(stdout, result);
		fputs(",\"detail\":", stdout);
		listing_json_string(stdout, detail ? detail : "");
		fputs(r->fmt == CLI_FMT_NDJSON ? "}\n" : "}", stdout);
		break;
	case CLI_FMT_CSV:
		if (r->n_results == 0) {
			fprintf(stdout, "%s,%s%sresult,detail\r\n", k1, k2 ? k2 : "", k2 ? "," : "");
		}
		listing_csv_cell(stdout, v1 ? v1 : "", false);
		if (k2)
			listing_csv_cell(stdout, v2 ? v2 : "", false);
		listing_csv_cell(stdout, result, false);
		listing_csv_cell(stdout, detail ? detail : "", true);
		break;
	case CLI_FMT_TABLE:
		cli_put_name(stdout, v1 ? v1 : "", 60);
		fputs("  ", stdout);
		if (k2) {
			cli_put_name(stdout, v2 ? v2 : "", 40);
			fputs("  ", stdout);
		}
		listing_text_cell(stdout, result, listing_text_width(result), true);
		if (detail && *detail) {
			fputs(": ", stdout);
			listing_text_cell(stdout, detail, listing_text_width(detail), true);
		}
		fputc('\n', stdout);
		break;
	}
	r->n_results++;
	fflush(stdout);
}

/* ---- the journal -------------------------------------------------------------------------- */

bool cli_is_dry_run(const struct wft_error *err)
{
	return err && err->code == WFT_ERR_DRY_RUN;
}

const char *cli_journal_state(const struct wft_error *err, enum wft_outcome o,
                              enum wft_settled s)
{
	return cli_is_dry_run(err) ? JOURNAL_DRY_RUN : journal_state_of(o, s);
}

/* Opens the journal once, as the console does: instance is the endpoint's
 * host, identity the sign-in method ("demo" for --demo). Earlier changes
 * left without an outcome are not settled here: a console may be running
 * them at this moment; its next start settles its own. */
static void journal_start(struct cli_run *r)
{
	struct wft_error err;
	char *path = NULL;
	const char *host, *identity;

	r->journal_tried = true;
	if (!r->connected)
		return;
	host = strstr(r->conn.endpoint, "://");
	host = host ? host + 3 : r->conn.endpoint;
	identity = r->conn.profile ? wft_auth_method_name(r->conn.profile->auth) : "demo";
	if (journal_default_path(NULL, &path, &err) != WFT_OK ||
	    journal_open(path, host, identity, &r->journal, &err) != WFT_OK) {
		r->journal = NULL;
		r->journal_failed = true;
		fprintf(stderr, "wftokens %s: warning: no journal of changes is kept: %s\n", r->cmd,
		        err.message);
	}
	free(path);
}

void cli_journal(struct cli_run *r, unsigned long *change, const char *action, const char *id,
                 const char *name, const char *account, const char *state,
                 const char *detail)
{
	struct journal_target t = { id, name, account };
	struct wft_error err;

	if (!r->journal_tried)
		journal_start(r);
	if (!r->journal)
		return;
	/* --dry-run: what would have gone out is the whole story. */
	if (r->cli->dry_run && strcmp(state, JOURNAL_PENDING) == 0)
		return;
	if (journal_add(r->journal, change, action, &t, state, detail, &err) != WFT_OK &&
	    !r->journal_failed) {
		r->journal_failed = true;
		fprintf(stderr, "wftokens %s: warning: the journal of changes could not be written: "
		        "%s\n", r->cmd, err.message);
	}
}

/* ---- whoami ------------------------------------------------------------------------------ */

struct whoami_wait {
	bool done;
	struct wft_error err;
	char account[256];
};

static void whoami_done(void *ud, struct wft_api_result *res)
{
	struct whoami_wait *w = ud;

	w->done = true;
	w->err = res->err;
	for (size_t i = 0; res->err.code == WFT_OK && i < res->tokens.n; i++)
		if (res->tokens.items[i].account && *res->tokens.items[i].account) {
			snprintf(w->account, sizeof w->account, "%s", res->tokens.items[i].account);
			break;
		}
}

static int cli_whoami(struct cli_run *r)
{
	struct whoami_wait w;
	struct wft_api_call *call;
	struct wft_error err;
	const char *method;
	char identity[320], expires[64];
	wft_millis exp;
	int rc;

	if (r->cli->n_args || r->cli->query || r->cli->ids)
		return cli_error(r, CLI_EXIT_USAGE, "whoami takes no operand");
	memset(&w, 0, sizeof w);
	if ((rc = cli_connect(r)) != 0)
		return rc;
	if ((call = wft_api_my_tokens(cli_api(r), whoami_done, &w, &err)))
		wft_api_wait(cli_api(r), call, &err);
	else
		w.err = err;
	if (w.err.code == WFT_ERR_AUTH || (w.err.http_status == 401))
		return cli_error(r, CLI_EXIT_FAILED, "cannot sign in: %s", w.err.message);
	if (*w.account)
		snprintf(identity, sizeof identity, "%s", w.account);
	else
		snprintf(identity, sizeof identity, "unknown (%.280s)", w.err.code == WFT_OK
		         ? "the credential has no user tokens listed" : w.err.message);
	method = wft_auth_method_name(wft_auth_method(session_auth(r->conn.session)));
	exp = wft_auth_expires_at(session_auth(r->conn.session));
	if (exp > 0)
		timefmt_absolute(exp, expires, sizeof expires);
	else
		snprintf(expires, sizeof expires, "not known");
	switch (r->fmt) {
	case CLI_FMT_JSON:
	case CLI_FMT_NDJSON:
		fputs("{\"instance\":", stdout);
		listing_json_string(stdout, r->conn.endpoint);
		fputs(",\"profile\":", stdout);
		listing_json_string(stdout, r->conn.label);
		fputs(",\"identity\":", stdout);
		if (*w.account)
			listing_json_string(stdout, w.account);
		else
			fputs("null", stdout);
		fputs(",\"auth\":", stdout);
		listing_json_string(stdout, method);
		if (exp > 0)
			printf(",\"expires\":%lld}\n", (long long)exp);
		else
			fputs(",\"expires\":null}\n", stdout);
		break;
	case CLI_FMT_CSV:
		fputs("instance,profile,identity,auth,expires\r\n", stdout);
		listing_csv_cell(stdout, r->conn.endpoint, false);
		listing_csv_cell(stdout, r->conn.label, false);
		listing_csv_cell(stdout, w.account, false);
		listing_csv_cell(stdout, method, false);
		listing_csv_cell(stdout, exp > 0 ? expires : "", true);
		break;
	case CLI_FMT_TABLE:
		printf("instance  %s\nprofile   %s\nidentity  ", r->conn.endpoint, r->conn.label);
		cli_put_name(stdout, identity, 300);
		printf("\nauth      %s\nexpires   %s\n", method, expires);
		break;
	}
	return CLI_EXIT_OK;
}

/* ---- completion ------------------------------------------------------------------------ */

/* Writes the long options main.c takes (but --dump-actions, which the
 * build uses to write the manual), each "--NAME", blank-separated. */
static void put_options(FILE *out)
{
	const struct option *o = wft_options();

	for (size_t i = 0; o[i].name; i++)
		if (strcmp(o[i].name, "dump-actions") != 0)
			fprintf(out, "%s--%s", i ? " " : "", o[i].name);
}

static int cli_completion(struct cli_run *r)
{
	if (r->cli->n_args != 1 || strcmp(r->cli->args[0], "bash") != 0)
		return cli_error(r, CLI_EXIT_USAGE, "completion takes the name of a shell: bash");
	printf("# bash completion for wftokens (wftokens completion bash)\n"
	       "_wftokens() {\n"
	       "\tlocal cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
	       "\tlocal cmds=\"list");
	for (size_t i = 0; i < N_COMMANDS; i++)
		printf(" %s", commands[i].name);
	printf("\"\n\tlocal opts=\"");
	put_options(stdout);
	printf("\"\n"
	       "\tcase $prev in\n"
	       "\t--format) COMPREPLY=($(compgen -W \"table json ndjson csv\" -- \"$cur\")); return ;;\n"
	       "\t--sort) COMPREPLY=($(compgen -W \"id name account type generated lastused "
	       "id:desc name:desc account:desc type:desc generated:asc lastused:asc\" -- \"$cur\")); "
	       "return ;;\n"
	       "\t--auth) COMPREPLY=($(compgen -W \"token csp-api-token csp-oauth\" -- \"$cur\")); "
	       "return ;;\n"
	       "\t--query) COMPREPLY=($(compgen -W \"name: account: id: type: used: unused: "
	       "generated:\" -- \"$cur\")); compopt -o nospace 2>/dev/null; return ;;\n"
	       "\t--config|--cacert|--output) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
	       "\t--profile|-p|--endpoint|--csp-url|--org-id|--page-size|--theme|--saved-search|"
	       "--max|--name|--name-template|--description) return ;;\n"
	       "\tesac\n"
	       "\tif [ \"$COMP_CWORD\" -eq 1 ] && [ \"${cur#-}\" = \"$cur\" ]; then\n"
	       "\t\tCOMPREPLY=($(compgen -W \"$cmds\" -- \"$cur\"))\n"
	       "\telif [ \"${COMP_WORDS[1]}\" = completion ]; then\n"
	       "\t\tCOMPREPLY=($(compgen -W \"bash\" -- \"$cur\"))\n"
	       "\telif [ \"$COMP_CWORD\" -eq 2 ] && [ \"${COMP_WORDS[1]}\" = accounts ]; then\n"
	       "\t\tCOMPREPLY=($(compgen -W \"list show create activate deactivate delete\" -- "
	       "\"$cur\"))\n"
	       "\telif [ \"$COMP_CWORD\" -eq 2 ] && [ \"${COMP_WORDS[1]}\" = saved ]; then\n"
	       "\t\tCOMPREPLY=($(compgen -W \"list show apply save delete\" -- \"$cur\"))\n"
	       "\telse\n"
	       "\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
	       "\tfi\n"
	       "}\n"
	       "complete -F _wftokens wftokens\n");
	return CLI_EXIT_OK;
}

/* ---- the run ---------------------------------------------------------------------------- */

int cli_run(const struct cli *cli)
{
	const struct cli_cmd *c = find_command(cli->cmd);
	struct cli_run r;
	int rc, fmt;

	memset(&r, 0, sizeof r);
	r.cli = cli;
	r.cmd = cli->cmd;
	if (!c)
		return CLI_EXIT_USAGE;
	if (cli->format) {
		if ((fmt = listing_format_parse(cli->format)) < 0)
			return cli_error(&r, CLI_EXIT_USAGE, "--format: use table, json, ndjson or csv");
		r.fmt = fmt == LISTING_JSON ? CLI_FMT_JSON : fmt == LISTING_NDJSON ? CLI_FMT_NDJSON
		      : fmt == LISTING_CSV ? CLI_FMT_CSV : CLI_FMT_TABLE;
	}
	/* saved checks --unmasked (apply) and --sort (save) itself. */
	if (cli->unmasked && c->run != cli_saved)
		return cli_error(&r, CLI_EXIT_USAGE, "--unmasked belongs to `wftokens list`: %s "
		                 "shows masked ids only", r.cmd);
	if (cli->saved_search || (cli->sort && c->run != cli_saved))
		return cli_error(&r, CLI_EXIT_USAGE, "--saved-search and --sort belong to the "
		                 "console and `wftokens list`");
	rc = c->run(&r);
	journal_close(r.journal);
	view_free(r.view);
	tokenset_free(r.loaded);
	if (r.connected)
		conn_close(&r.conn);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (rc == CLI_EXIT_OK)
			rc = cli_error(&r, CLI_EXIT_FAILED, "cannot write the output");
	}
	return rc;
}
