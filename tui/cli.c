/* cli.c: what the subcommands for scripts share (cli.h): errors, the
 * sign-in and the token list, calls run to their end, the confirmation
 * protocol, the per-thing results and the journal. The table of
 * subcommands, which calls them, is cli_commands.c. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "cli.h"
#include "listwrite.h"
#include "mask.h"

/* ---- errors and notes --------------------------------------------------------- */

static void json_line(FILE *out, const char *cmd, const char *key, const char *msg)
{
	fputs("{\"command\":", out);
	listwrite_json_string(out, cmd);
	fprintf(out, ",\"%s\":", key);
	listwrite_json_string(out, msg);
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

/* --yes (checked by cli_check_yes) or --dry-run: nothing is asked; the
 * header and preview go to stderr (table format). 0, or the exit status. */
static int confirmed_unasked(struct cli_run *r, const char *header,
                             void (*preview)(void *ud, FILE *out), void *ud)
{
	int rc;

	if ((rc = cli_check_yes(r)) != 0)
		return rc;
	if (r->fmt == CLI_FMT_TABLE) {
		fprintf(stderr, "wftokens %s: %s\n", r->cmd, header);
		preview(ud, stderr);
	}
	return 0;
}

int cli_confirm(struct cli_run *r, size_t n, const char *what,
                void (*preview)(void *ud, FILE *out), void *ud)
{
	char header[128], prompt[160], want[32];

	if (r->cli->max >= 0 && n > (size_t)r->cli->max)
		return cli_error(r, CLI_EXIT_FAILED, "%zu tokens to %s, more than --max %ld; "
		                 "nothing was sent", n, what, r->cli->max);
	snprintf(header, sizeof header, "%zu token%s to %s:", n, n == 1 ? "" : "s", what);
	/* --dry-run sends nothing: there is nothing to confirm. */
	if (r->cli->yes || r->cli->dry_run)
		return confirmed_unasked(r, header, preview, ud);
	snprintf(prompt, sizeof prompt, "To %s %s, type the number %zu; anything else stops: ",
	         what, n == 1 ? "it" : "them", n);
	snprintf(want, sizeof want, "%zu", n);
	return ask_terminal(r, header, preview, ud, prompt, want, what, "number");
}

int cli_confirm_text(struct cli_run *r, const char *want, const char *what,
                     void (*preview)(void *ud, FILE *out), void *ud)
{
	char header[600], prompt[700];

	snprintf(header, sizeof header, "%.40s %.500s:", what, want);
	if (r->cli->yes || r->cli->dry_run)
		return confirmed_unasked(r, header, preview, ud);
	snprintf(prompt, sizeof prompt, "To %.40s it, type %.500s; anything else stops: ", what,
	         want);
	return ask_terminal(r, header, preview, ud, prompt, want, what, "identifier");
}

/* ---- results ------------------------------------------------------------------------ */

void cli_put_name(FILE *out, const char *s, size_t width)
{
	size_t w = listwrite_text_width(s);

	listwrite_text_cell(out, s, w < width ? w : width, true);
}

void cli_results_begin(struct cli_run *r)
{
	r->n_results = 0;
	if (r->fmt == CLI_FMT_JSON)
		fputc('[', stdout);
	else if (r->fmt == CLI_FMT_CSV)
		fputs("id,name,account,result,detail\r\n", stdout);
}

/* A result object of JSON or NDJSON opened: in a JSON array, the comma
 * after the one before. */
static void json_result_open(const struct cli_run *r)
{
	if (r->fmt == CLI_FMT_JSON)
		fputs(r->n_results ? ",\n" : "\n", stdout);
	fputc('{', stdout);
}

/* Its result and detail, and the object closed. */
static void json_result_close(const struct cli_run *r, const char *result, const char *detail)
{
	fputs(",\"result\":", stdout);
	listwrite_json_string(stdout, result);
	fputs(",\"detail\":", stdout);
	listwrite_json_string(stdout, detail ? detail : "");
	fputs(r->fmt == CLI_FMT_NDJSON ? "}\n" : "}", stdout);
}

/* The last two cells of a CSV result line. */
static void csv_result_close(const char *result, const char *detail)
{
	listwrite_csv_cell(stdout, result, false);
	listwrite_csv_cell(stdout, detail ? detail : "", true);
}

/* The end of a table's result line: ": detail" when there is one. */
static void table_result_close(const char *detail)
{
	if (detail && *detail) {
		fputs(": ", stdout);
		listwrite_text_cell(stdout, detail, listwrite_text_width(detail), true);
	}
	fputc('\n', stdout);
}

void cli_result(struct cli_run *r, const char *id, const char *name, const char *account,
                const char *result, const char *detail)
{
	char m[WFT_MASK_SIZE];

	wft_mask_id(id, m, sizeof m);
	switch (r->fmt) {
	case CLI_FMT_JSON:
	case CLI_FMT_NDJSON:
		json_result_open(r);
		fputs("\"id\":", stdout);
		listwrite_json_string(stdout, m);
		fputs(",\"name\":", stdout);
		listwrite_json_string(stdout, name ? name : "");
		fputs(",\"account\":", stdout);
		listwrite_json_string(stdout, account ? account : "");
		json_result_close(r, result, detail);
		break;
	case CLI_FMT_CSV:
		listwrite_csv_cell(stdout, m, false);
		listwrite_csv_cell(stdout, name ? name : "", false);
		listwrite_csv_cell(stdout, account ? account : "", false);
		csv_result_close(result, detail);
		break;
	case CLI_FMT_TABLE:
		fprintf(stdout, "%s  ", m);
		listwrite_text_cell(stdout, result, 13, false);
		fputs("  ", stdout);
		cli_put_name(stdout, name ? name : "", 40);
		table_result_close(detail);
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
		json_result_open(r);
		listwrite_json_string(stdout, k1);
		fputc(':', stdout);
		listwrite_json_string(stdout, v1 ? v1 : "");
		if (k2) {
			fputc(',', stdout);
			listwrite_json_string(stdout, k2);
			fputc(':', stdout);
			listwrite_json_string(stdout, v2 ? v2 : "");
		}
		json_result_close(r, result, detail);
		break;
	case CLI_FMT_CSV:
		if (r->n_results == 0)
			fprintf(stdout, "%s,%s%sresult,detail\r\n", k1, k2 ? k2 : "", k2 ? "," : "");
		listwrite_csv_cell(stdout, v1 ? v1 : "", false);
		if (k2)
			listwrite_csv_cell(stdout, v2 ? v2 : "", false);
		csv_result_close(result, detail);
		break;
	case CLI_FMT_TABLE:
		cli_put_name(stdout, v1 ? v1 : "", 60);
		fputs("  ", stdout);
		if (k2) {
			cli_put_name(stdout, v2 ? v2 : "", 40);
			fputs("  ", stdout);
		}
		listwrite_text_cell(stdout, result, listwrite_text_width(result), true);
		table_result_close(detail);
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
