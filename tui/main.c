/* main.c: wftokens: the command line, then the console (its pages, the
 * connection, the terminal) or `wftokens list`, `journal` or a subcommand. */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "cli_commands.h"
#include "conn.h"
#include "accounts_page.h"
#include "csp_page.h"
#include "api.h"
#include "keys.h"
#include "profile.h"
#include "saved_searches.h"
#include "session.h"
#include "tokens_page.h"
#include "msglog.h"
#include "options.h"
#include "ui.h"
#include "view.h"
#include "wftokens.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: wftokens [--saved-search ID | --query Q] [--sort COLUMN[:desc]] [OPTION]...\n"
		"       wftokens list [--query Q] [--sort COLUMN[:desc]]\n"
		"                     [--format table|json|ndjson|csv] [--unmasked] [OPTION]...\n"
		"       wftokens SUBCOMMAND [ARGUMENT]... [OPTION]...   (for scripts; below)\n"
		"       wftokens journal [TEXT]\n"
		"Administer the API tokens of an Operations for Applications instance.\n"
		"\n"
		"  -p, --profile NAME   use the profile NAME of the configuration file\n"
		"      --config FILE    read this configuration file\n"
		"      --endpoint URL   the instance, e.g. https://acme.wavefront.com\n"
		"      --auth METHOD    token, csp-api-token or csp-oauth\n"
		"      --csp-url URL    VMware Cloud services console (CSP sign-in)\n"
		"      --org-id ID      CSP organisation (csp-oauth)\n"
		"      --cacert FILE    trust this CA bundle\n"
		"      --insecure       do not verify the server's certificate (warns on stderr;\n"
		"                       for a host other than this machine the profile must\n"
		"                       say insecure = yes)\n"
		"      --page-size N    rows per page (default: fitted to the window)\n"
		"      --demo           start a local sandbox with demo data and use it\n"
		"      --csp-onboarded  with --demo: an instance onboarded to VMware Cloud\n"
		"                       services, signed in through a CSP API token\n"
		"      --read-only      refuse every change (tokens, accounts, saved searches)\n"
		"      --dry-run        send no change: show each as the request it would make\n"
		"                       (secrets masked) and journal it; reads still go out\n"
		"      --server-search  search and page on the server instead of downloading\n"
		"                       every token (automatic above server_search_threshold)\n"
		"      --server-search-threshold N  the same above N tokens (the profile's\n"
		"                       server_search_threshold; 500000 by default)\n"
		"      --no-mouse       leave the mouse to the terminal (text selection)\n"
		"      --no-color       monochrome (as NO_COLOR does)\n"
		"      --theme NAME     colour theme\n"
		"      --saved-search ID  open the console on this saved search\n"
		"      --query Q        open the console on this search\n"
		"      --sort COLUMN[:desc]  open it in this order (id, name, account, type,\n"
		"                       generated, lastused)\n"
		"      --format FORMAT  table, json, ndjson or csv (list and the subcommands)\n"
		"      --unmasked       full token ids where a full id is the point (list)\n"
		"      --id             revoke: the operands are token ids (- reads stdin)\n"
		"      --yes            revoke, rename, accounts delete: no confirmation (stdin\n"
		"                       not a terminal, or with --max)\n"
		"      --max N          revoke, rename: refuse when more than N would change\n"
		"      --name NAME      generate: the new token's name\n"
		"      --name-template T  rename: the new names of a query's tokens\n"
		"      --output FILE    generate: a new 0600 file for the id (- for stdout)\n"
		"      --days N         check-expiry: the warning window in days (default 14)\n"
		"      --description TEXT  accounts create: the new account's description\n"
		"      --dump-actions   write the key table of the manual (roff) and exit\n"
		"  -h, --help           display this help and exit\n"
		"  -V, --version        output version information and exit\n"
		"\n"
		"%s"
		"\n"
		"Secrets come from the configuration file, WAVEFRONT_TOKEN or CSP_API_TOKEN,\n"
		"never from the command line. In the console press ? for every key.\n"
		"Script mode for tests: set WFTOKENS_SCRIPT to a file of keys and commands.\n",
		cli_usage_text());
}

/* ---- the console ------------------------------------------------------------ */

/* The host part of an endpoint, for the header: "acme.wavefront.com". */
static void endpoint_host(const char *url, char *out, size_t n)
{
	const char *p = strstr(url, "://");

	snprintf(out, n, "%s", p ? p + 3 : url);
}

/* The files of script mode (WFTOKENS_SCRIPT, keys and commands) and of
 * WFTOKENS_TIMING; without a script the console needs a terminal. False
 * (said on stderr) when one cannot be opened. */
static bool console_files(struct ui *ui)
{
	const char *script = getenv("WFTOKENS_SCRIPT"), *timing = getenv("WFTOKENS_TIMING");

	if (script && *script) {
		if (!(ui->script = fopen(script, "r"))) {
			fprintf(stderr, "wftokens: cannot read the script %s: %s\n", script,
			        strerror(errno));
			return false;
		}
		ui->script_mode = true;
	} else if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		/* Nothing destructive may be driven by a pipe by accident. */
		fprintf(stderr, "wftokens: the console needs a terminal; for scripts use "
		        "`wftokens list`\n");
		return false;
	}
	if (timing && *timing && !(ui->timing = fopen(timing, "w"))) {
		fprintf(stderr, "wftokens: cannot write %s: %s\n", timing, strerror(errno));
		return false;
	}
	return true;
}

/* What the console takes from the command line and the connection. */
static void console_settings(struct ui *ui, const struct cli *cli, const struct conn *conn)
{
	ui->session = conn->session;
	snprintf(ui->profile, sizeof ui->profile, "%s", conn->label);
	endpoint_host(conn->endpoint, ui->endpoint, sizeof ui->endpoint);
	ui->read_only = cli->read_only;
	ui->mouse = !cli->no_mouse;
	ui->no_color = cli->no_color;
	snprintf(ui->theme, sizeof ui->theme, "%s",
	         cli->theme ? cli->theme : conn->profile && conn->profile->theme
	                                 ? conn->profile->theme : "");
	ui->clock = wft_clock_real;
	lineedit_init(&ui->prompt);
}

/* The pages, in the order of the tab bar (the first is in front), and
 * the message log; each page is freed with the others by ui_pages_free.
 * The tokens page, or NULL when out of memory (said). */
static struct tokens_page *console_pages(struct ui *ui, const struct cli *cli,
                                         const struct conn *conn)
{
	struct tokens_page *tp;
	void *accounts = NULL, *csp = NULL;

	ui->rotate_token = tokens_page_rotate_token;
	if ((tp = tokens_page_new(ui->clock, ui->clock_ud)))
		ui_add_page(ui, &tokens_page_ops, tp);
	if ((accounts = accounts_page_new()))
		ui_add_page(ui, &accounts_page_ops, accounts);
	if ((csp = csp_page_new()))
		ui_add_page(ui, &csp_page_ops, csp);
	if (!tp || !accounts || !csp || !(ui->log = msglog_new(500))) {
		fprintf(stderr, "wftokens: out of memory\n");
		return NULL;
	}
	if (cli->page_size > 0 || (conn->profile && cli->page_size == 0 &&
	                           conn->profile->page_size > 0 &&
	                           conn->profile->page_size != VIEW_DEFAULT_PAGE_SIZE)) {
		tokens_page_set_page_size(tp, (size_t)(cli->page_size > 0 ? cli->page_size
		                                                           : conn->profile->page_size));
	}
	return tp;
}

/* The safety net, said once the terminal is up: --insecure, the undo
 * window, the journal of changes, --dry-run. */
static void console_safety_net(struct ui *ui, const struct cli *cli, const struct conn *conn)
{
	if (conn->profile && conn->profile->insecure) {
		ui->insecure = true;
		ui_toast(ui, TOAST_WARNING, "--insecure: the server's certificate is not checked.");
	}
	ui->undo_ms = (conn->profile ? conn->profile->undo_seconds : WFT_UNDO_SECONDS_DEFAULT) * 1000;
	ui_journal_start(ui, ui->endpoint, conn->profile ? wft_auth_method_name(conn->profile->auth)
	                                                 : "demo");
	if ((ui->dry_run = cli->dry_run)) {
		wft_api_set_dry_run(session_api(conn->session), true);
		ui_toast(ui, TOAST_WARNING, "Dry run: no change is sent; each is shown as the "
		         "request it would make.");
	}
}

/* Saved searches (server and local), history, the opening view. */
static void console_saved_start(struct ui *ui, struct tokens_page *tp, const struct cli *cli,
                                const struct conn *conn)
{
	struct saved_opts so = { .profile = conn->profile && conn->profile->named_by_file
	                                    ? conn->label : NULL,
	                         .endpoint = conn->profile ? conn->profile->endpoint : NULL,
	                         .auth = conn->profile ? wft_auth_method_name(conn->profile->auth)
	                                               : NULL,
	                         .demo = cli->demo,
	                         .saved_search = cli->saved_search, .query = cli->query,
	                         .sort = cli->sort };

	saved_start(ui, tp, &so);
}

static int run_console(const struct cli *cli)
{
	struct ui ui;
	struct conn conn;
	struct session_hooks hooks;
	struct tokens_page *tp = NULL;
	struct wft_error err;
	int rc = EXIT_FAILURE;

	memset(&ui, 0, sizeof ui);
	memset(&conn, 0, sizeof conn);
	ui.start_us = ui_now_us();
	ui.saved_stderr = -1;
	if (!console_files(&ui))
		goto out;
	page_hooks(&ui, &hooks);
	if (conn_open(&conn, cli, &hooks, &err) != WFT_OK) {
		fprintf(stderr, "wftokens: %s\n", err.message);
		goto out;
	}
	console_settings(&ui, cli, &conn);
	if (!(tp = console_pages(&ui, cli, &conn)))
		goto out;
	if (ui_term_start(&ui, &err) != WFT_OK) {
		ui_term_stop(&ui);
		fprintf(stderr, "wftokens: %s\n", err.message);
		goto out;
	}
	console_safety_net(&ui, cli, &conn);
	tokens_page_set_server_search(tp, cli->server_search, cli->server_threshold >= 0
	                              ? (int)cli->server_threshold : conn.profile
	                              ? conn.profile->server_search_threshold
	                              : WFT_SERVER_SEARCH_THRESHOLD_DEFAULT);
	/* The VMware Cloud tab: the sign-in credential's expiry, warned of at start. */
	csp_page_start(&ui);
	ui_dispatch(&ui, ACT_RELOAD);
	console_saved_start(&ui, tp, cli, &conn);
	/* What changed since the last session (not for the demo: its
	 * instance is new every time). */
	if (!cli->demo)
		tokens_since_start(&ui, conn.endpoint);
	rc = ui_run(&ui);
	if (ui.quit)
		tokens_since_stop(&ui);
	saved_stop(&ui, tp);
	/* Requests still in flight end quietly before the screen goes. */
	session_free(conn.session);
	conn.session = ui.session = NULL;
	ui_term_stop(&ui);
out:
	ui_pages_free(&ui);
	ui_journal_stop(&ui);
	msglog_free(ui.log);
	conn_close(&conn);
	if (ui.script)
		fclose(ui.script);
	if (ui.timing)
		fclose(ui.timing);
	return rc;
}

int main(int argc, char **argv)
{
	struct cli cli;
	int status;

	/* The process holds bearer secrets: no core dump may carry them off
	 * (as ssh-agent does); this also keeps other processes of the user
	 * from reading its memory through ptrace. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	setlocale(LC_ALL, "");
	memset(&cli, 0, sizeof cli);
	cli.max = -1;
	cli.server_threshold = -1;
	cli.days = -1;
	if (argc > 1 && strcmp(argv[1], "journal") == 0)
		return run_journal(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "list") == 0)
		cli.list = true;
	else if (argc > 1)
		cli.cmd = cli_command(argv[1]);
	if (cli.list || cli.cmd) {
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	options_from_env(&cli);
	switch (options_parse(argc, argv, &cli, &status)) {
	case OPTIONS_HELP:
		if (cli.cmd)
			return cli_help(cli.cmd, stdout);
		usage(stdout);
		return EXIT_SUCCESS;
	case OPTIONS_VERSION:
		printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		return EXIT_SUCCESS;
	case OPTIONS_DUMP_ACTIONS:
		keymap_dump_man(stdout);
		return EXIT_SUCCESS;
	case OPTIONS_BAD_OPTION:
		/* Bad usage: 2 for scripts (list and the subcommands). */
		if (cli.cmd)
			fprintf(stderr, "Try 'wftokens %s --help'.\n", cli.cmd);
		else
			usage(stderr);
		return cli.cmd || cli.list ? CLI_EXIT_USAGE : EXIT_FAILURE;
	case OPTIONS_BAD_VALUE:
		return status;
	case OPTIONS_RUN:
		break;
	}
	if (cli.cmd) {
		cli.args = argv + optind;
		cli.n_args = argc - optind;
		return cli_run(&cli);
	}
	if ((status = options_check(&cli, argc - optind, argv + optind)) >= 0)
		return status;
	if (cli.list)
		return run_list(&cli);
	return run_console(&cli);
}
