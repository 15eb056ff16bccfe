/* main.c: wftokens: options, the connection (a profile, or the in-process
 * sandbox of --demo), then the console's loop or `wftokens list`. */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <unistd.h>

#include "cli.h"
#include "accounts_page.h"
#include "api.h"
#include "keys.h"
#include "mask.h"
#include "profile.h"
#include "sandbox/sandbox.h"
#include "saved_searches.h"
#include "session.h"
#include "tokens_page.h"
#include "msglog.h"
#include "ui.h"
#include "uuid.h"
#include "wftokens.h"

/* Tokens the demo organisation holds: a realistic mix, quick to load. */
#define DEMO_TOKENS 300

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

/* ---- the connection ------------------------------------------------------ */

/* A random UUID (version 4) for the demo's administrator; never shown. */
void conn_close(struct conn *c)
{
	session_free(c->session);
	c->session = NULL;
	if (c->sandbox)
		sandbox_stop(c->sandbox);
	c->sandbox = NULL;
	wft_profile_free(c->profile);
	c->profile = NULL;
	wft_wipe(c->demo_token, sizeof c->demo_token);
}

enum wft_status conn_open(struct conn *c, const struct cli *cli,
                          const struct session_hooks *hooks, struct wft_error *err)
{
	struct wft_auth_params ap;
	struct wft_http_options ho;
	struct session_params sp;
	enum wft_status st;

	memset(&ap, 0, sizeof ap);
	memset(&ho, 0, sizeof ho);
	memset(&sp, 0, sizeof sp);
	if (cli->demo) {
		struct sandbox_options so;
		sandbox_options_init(&so);
		if (wft_uuid_random(c->demo_token) != 0)
			return wft_error_set(err, WFT_ERR_IO, "no randomness for the demo's token: %s",
			                     strerror(errno));
		so.listen = "127.0.0.1:0";
		so.seed_tokens = cli->demo_tokens ? cli->demo_tokens : DEMO_TOKENS;
		so.random_seed = cli->demo_seed;
		so.csp_onboarded = cli->csp_onboarded;
		/* Onboarded to VMware Cloud services, the administrator signs in
		 * through CSP (the sandbox serves the sign-in too). */
		if (cli->csp_onboarded)
			so.csp_api_token = c->demo_token;
		else
			so.admin_token = c->demo_token;
		if (!(c->sandbox = sandbox_start(&so, err)))
			return err->code ? err->code : WFT_ERR_IO;
		snprintf(c->label, sizeof c->label, "demo");
		snprintf(c->endpoint, sizeof c->endpoint, "%s", sandbox_url(c->sandbox));
		if (cli->csp_onboarded) {
			ap.method = WFT_AUTH_CSP_API_TOKEN;
			ap.csp_api_token = c->demo_token;
			ap.csp_url = c->endpoint;
		} else {
			ap.method = WFT_AUTH_TOKEN;
			ap.token = c->demo_token;
		}
	} else {
		struct wft_profile_opts po;
		memset(&po, 0, sizeof po);
		po.config_file = cli->config;
		po.profile = cli->profile;
		po.endpoint = cli->endpoint;
		po.auth = cli->auth;
		po.csp_url = cli->csp_url;
		po.org_id = cli->org_id;
		po.cacert = cli->cacert;
		po.theme = cli->theme;
		po.page_size = cli->page_size;
		po.insecure = cli->insecure;
		if ((st = wft_profile_resolve(&po, &c->profile, err)) != WFT_OK)
			return st;
		wft_profile_auth_params(c->profile, &ap);
		ho.cacert = c->profile->cacert;
		ho.max_answer_bytes = (size_t)c->profile->max_answer_mb << 20;
		ho.insecure = c->profile->insecure;
		/* Said by every subcommand, before anything is sent. */
		if (ho.insecure)
			fprintf(stderr, "wftokens: warning: --insecure: the certificate of %s is not "
			        "verified; whoever answers in its name receives the token\n",
			        c->profile->endpoint);
		snprintf(c->label, sizeof c->label, "%s", c->profile->profile);
		snprintf(c->endpoint, sizeof c->endpoint, "%s", c->profile->endpoint);
	}
	sp.endpoint = c->endpoint;
	sp.auth = &ap;
	sp.http = &ho;
	if ((st = session_new(&c->session, &sp, hooks, err)) != WFT_OK) {
		conn_close(c);
		return st;
	}
	return WFT_OK;
}

/* ---- the console ------------------------------------------------------------ */

/* The host part of an endpoint, for the header: "acme.wavefront.com". */
static void endpoint_host(const char *url, char *out, size_t n)
{
	const char *p = strstr(url, "://");

	snprintf(out, n, "%s", p ? p + 3 : url);
}

static int run_console(const struct cli *cli)
{
	struct ui ui;
	struct conn conn;
	struct session_hooks hooks;
	struct tokens_page *tp = NULL;
	void *accounts = NULL;
	struct wft_error err;
	const char *script = getenv("WFTOKENS_SCRIPT"), *timing = getenv("WFTOKENS_TIMING");
	int rc = EXIT_SUCCESS;

	memset(&ui, 0, sizeof ui);
	memset(&conn, 0, sizeof conn);
	ui.start_us = ui_now_us();
	ui.saved_stderr = -1;
	if (script && *script) {
		if (!(ui.script = fopen(script, "r"))) {
			fprintf(stderr, "wftokens: cannot read the script %s: %s\n", script,
			        strerror(errno));
			return EXIT_FAILURE;
		}
		ui.script_mode = true;
	} else if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		/* Nothing destructive may be driven by a pipe by accident. */
		fprintf(stderr, "wftokens: the console needs a terminal; for scripts use "
		        "`wftokens list`\n");
		return EXIT_FAILURE;
	}
	if (timing && *timing && !(ui.timing = fopen(timing, "w"))) {
		fprintf(stderr, "wftokens: cannot write %s: %s\n", timing, strerror(errno));
		if (ui.script)
			fclose(ui.script);
		return EXIT_FAILURE;
	}
	page_hooks(&ui, &hooks);
	if (conn_open(&conn, cli, &hooks, &err) != WFT_OK) {
		fprintf(stderr, "wftokens: %s\n", err.message);
		rc = EXIT_FAILURE;
		goto out;
	}
	ui.session = conn.session;
	snprintf(ui.profile, sizeof ui.profile, "%s", conn.label);
	endpoint_host(conn.endpoint, ui.endpoint, sizeof ui.endpoint);
	ui.read_only = cli->read_only;
	ui.mouse = !cli->no_mouse;
	ui.no_color = cli->no_color;
	snprintf(ui.theme, sizeof ui.theme, "%s",
	         cli->theme ? cli->theme : conn.profile && conn.profile->theme
	                                 ? conn.profile->theme : "");
	ui.clock = wft_clock_real;
	lineedit_init(&ui.prompt);
	/* The pages, in the order of the tab bar; the first is in front. */
	/* (Each is freed with the others by ui_pages_free, at out.) */
	if ((tp = tokens_page_new(ui.clock, ui.clock_ud)))
		ui_add_page(&ui, &tokens_page_ops, tp);
	if ((accounts = accounts_page_new()))
		ui_add_page(&ui, &accounts_page_ops, accounts);
	if (!tp || !accounts) {
		fprintf(stderr, "wftokens: out of memory\n");
		rc = EXIT_FAILURE;
		goto out;
	}
	if (!(ui.log = msglog_new(500))) {
		fprintf(stderr, "wftokens: out of memory\n");
		rc = EXIT_FAILURE;
		goto out;
	}
	if (cli->page_size > 0 || (conn.profile && cli->page_size == 0 && conn.profile->page_size > 0 &&
	                           conn.profile->page_size != VIEW_DEFAULT_PAGE_SIZE)) {
		tokens_page_set_page_size(tp, (size_t)(cli->page_size > 0 ? cli->page_size
		                                                          : conn.profile->page_size));
	}
	if (ui_term_start(&ui, &err) != WFT_OK) {
		ui_term_stop(&ui);
		fprintf(stderr, "wftokens: %s\n", err.message);
		rc = EXIT_FAILURE;
		goto out;
	}
	if (conn.profile && conn.profile->insecure) {
		ui.insecure = true;
		ui_toast(&ui, TOAST_WARNING, "--insecure: the server's certificate is not checked.");
	}
	/* The safety net: the journal of changes, and the undo window. */
	tokens_page_set_undo(tp, (conn.profile ? conn.profile->undo_seconds
	                                      : WFT_UNDO_SECONDS_DEFAULT) * 1000);
	ui_journal_start(&ui, ui.endpoint, conn.profile ? wft_auth_method_name(conn.profile->auth)
	                                                : "demo");
	if ((ui.dry_run = cli->dry_run)) {
		wft_api_set_dry_run(session_api(conn.session), true);
		ui_toast(&ui, TOAST_WARNING, "Dry run: no change is sent; each is shown as the "
		         "request it would make.");
	}
	ui_dispatch(&ui, ACT_RELOAD);
	{
		/* Saved searches (server and local), history, the opening view. */
		struct saved_opts so = { .profile = conn.profile && conn.profile->named_by_file
		                                    ? conn.label : NULL,
		                         .endpoint = conn.profile ? conn.profile->endpoint : NULL,
		                         .auth = conn.profile ? wft_auth_method_name(conn.profile->auth)
		                                              : NULL,
		                         .demo = cli->demo,
		                         .saved_search = cli->saved_search, .query = cli->query,
		                         .sort = cli->sort };
		saved_start(&ui, tp, &so);
	}
	rc = ui_run(&ui);
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

/* ---- options ------------------------------------------------------------------ */

static bool parse_uint(const char *s, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > max)
		return false;
	*out = v;
	return true;
}

enum {
	OPT_DEMO = 256, OPT_RO, OPT_NOMOUSE, OPT_NOCOLOR, OPT_THEME, OPT_DUMP,
	OPT_CONFIG, OPT_ENDPOINT, OPT_AUTH, OPT_CSPURL, OPT_ORG, OPT_CACERT,
	OPT_INSECURE, OPT_PAGESIZE, OPT_QUERY, OPT_SORT, OPT_FORMAT, OPT_UNMASKED,
	OPT_SAVED, OPT_CSP_ONBOARDED, OPT_ID, OPT_YES, OPT_MAX, OPT_NAME, OPT_TEMPLATE,
	OPT_OUTPUT, OPT_DRYRUN, OPT_DESCRIPTION, OPT_DAYS,
};
/* The options, one list: getopt reads it, and the completion scripts offer
 * its names (wft_options). */
static const struct option opts[] = {
	{ "profile", required_argument, NULL, 'p' },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "endpoint", required_argument, NULL, OPT_ENDPOINT },
	{ "auth", required_argument, NULL, OPT_AUTH },
	{ "csp-url", required_argument, NULL, OPT_CSPURL },
	{ "org-id", required_argument, NULL, OPT_ORG },
	{ "cacert", required_argument, NULL, OPT_CACERT },
	{ "insecure", no_argument, NULL, OPT_INSECURE },
	{ "page-size", required_argument, NULL, OPT_PAGESIZE },
	{ "demo", no_argument, NULL, OPT_DEMO },
	{ "csp-onboarded", no_argument, NULL, OPT_CSP_ONBOARDED },
	{ "read-only", no_argument, NULL, OPT_RO },
	{ "dry-run", no_argument, NULL, OPT_DRYRUN },
	{ "no-mouse", no_argument, NULL, OPT_NOMOUSE },
	{ "no-color", no_argument, NULL, OPT_NOCOLOR },
	{ "theme", required_argument, NULL, OPT_THEME },
	{ "dump-actions", no_argument, NULL, OPT_DUMP },
	{ "query", required_argument, NULL, OPT_QUERY },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "unmasked", no_argument, NULL, OPT_UNMASKED },
	{ "saved-search", required_argument, NULL, OPT_SAVED },
	{ "id", no_argument, NULL, OPT_ID },
	{ "yes", no_argument, NULL, OPT_YES },
	{ "max", required_argument, NULL, OPT_MAX },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "name-template", required_argument, NULL, OPT_TEMPLATE },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "days", required_argument, NULL, OPT_DAYS },
	{ "description", required_argument, NULL, OPT_DESCRIPTION },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

const struct option *wft_options(void)
{
	return opts;
}

int main(int argc, char **argv)
{
	struct cli cli;
	const char *v;
	long n;
	int c;

	/* The process holds bearer secrets: no core dump may carry them off
	 * (as ssh-agent does); this also keeps other processes of the user
	 * from reading its memory through ptrace. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	setlocale(LC_ALL, "");
	memset(&cli, 0, sizeof cli);
	cli.max = -1;
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
	/* Test hooks for the demo: how many tokens and which random seed. */
	if ((v = getenv("WFTOKENS_DEMO_TOKENS")) && parse_uint(v, 1000000, &n))
		cli.demo_tokens = (unsigned)n;
	if ((v = getenv("WFTOKENS_DEMO_SEED")) && parse_uint(v, 0x7fffffff, &n))
		cli.demo_seed = (unsigned long)n;
	while ((c = getopt_long(argc, argv, "p:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			if (cli.cmd)
				return cli_help(cli.cmd, stdout);
			usage(stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			return EXIT_SUCCESS;
		case OPT_DUMP:
			keymap_dump_man(stdout);
			return EXIT_SUCCESS;
		case 'p': cli.profile = optarg; break;
		case OPT_CONFIG: cli.config = optarg; break;
		case OPT_ENDPOINT: cli.endpoint = optarg; break;
		case OPT_AUTH: cli.auth = optarg; break;
		case OPT_CSPURL: cli.csp_url = optarg; break;
		case OPT_ORG: cli.org_id = optarg; break;
		case OPT_CACERT: cli.cacert = optarg; break;
		case OPT_INSECURE: cli.insecure = true; break;
		case OPT_PAGESIZE:
			if (!parse_uint(optarg, 1000, &n) || n < 1) {
				fprintf(stderr, "wftokens: --page-size takes a number from 1 to 1000\n");
				return EXIT_FAILURE;
			}
			cli.page_size = (int)n;
			break;
		case OPT_DEMO: cli.demo = true; break;
		case OPT_CSP_ONBOARDED: cli.csp_onboarded = true; break;
		case OPT_RO: cli.read_only = true; break;
		case OPT_DRYRUN: cli.dry_run = true; break;
		case OPT_NOMOUSE: cli.no_mouse = true; break;
		case OPT_NOCOLOR: cli.no_color = true; break;
		case OPT_THEME: cli.theme = optarg; break;
		case OPT_QUERY: cli.query = optarg; break;
		case OPT_SORT: cli.sort = optarg; break;
		case OPT_FORMAT: cli.format = optarg; break;
		case OPT_UNMASKED: cli.unmasked = true; break;
		case OPT_SAVED: cli.saved_search = optarg; break;
		case OPT_ID: cli.ids = true; break;
		case OPT_YES: cli.yes = true; break;
		case OPT_MAX:
			if (!parse_uint(optarg, 1000000, &n) || n < 1) {
				fprintf(stderr, "wftokens: --max takes a number from 1\n");
				return CLI_EXIT_USAGE;
			}
			cli.max = n;
			break;
		case OPT_NAME: cli.name = optarg; break;
		case OPT_TEMPLATE: cli.name_template = optarg; break;
		case OPT_OUTPUT: cli.output = optarg; break;
		case OPT_DAYS:
			if (!parse_uint(optarg, 3650, &n)) {
				fprintf(stderr, "wftokens: --days takes a number from 0 to 3650\n");
				return CLI_EXIT_USAGE;
			}
			cli.days = n;
			break;
		case OPT_DESCRIPTION: cli.description = optarg; break;
		default:
			/* Bad usage: 2 for scripts (list and the subcommands). */
			if (cli.cmd)
				fprintf(stderr, "Try 'wftokens %s --help'.\n", cli.cmd);
			else
				usage(stderr);
			return cli.cmd || cli.list ? CLI_EXIT_USAGE : EXIT_FAILURE;
		}
	}
	if (cli.cmd) {
		cli.args = argv + optind;
		cli.n_args = argc - optind;
		return cli_run(&cli);
	}
	if (cli.ids || cli.yes || cli.max >= 0 || cli.name || cli.name_template || cli.output ||
	    cli.description) {
		fprintf(stderr, "wftokens: --id, --yes, --max, --name, --name-template, --output and "
		        "--description belong to the subcommands (see --help)\n");
		return cli.list ? CLI_EXIT_USAGE : EXIT_FAILURE;
	}
	if (optind < argc) {
		fprintf(stderr, "wftokens: unexpected argument '%s' (see --help)\n", argv[optind]);
		return EXIT_FAILURE;
	}
	if (!cli.list && (cli.format || cli.unmasked)) {
		fprintf(stderr, "wftokens: --format and --unmasked belong to `wftokens list`\n");
		return EXIT_FAILURE;
	}
	if (cli.csp_onboarded && !cli.demo) {
		fprintf(stderr, "wftokens: --csp-onboarded goes with --demo (a real instance is "
		        "recognised from its answers)\n");
		return EXIT_FAILURE;
	}
	if (cli.saved_search && (cli.list || cli.query)) {
		fprintf(stderr, "wftokens: --saved-search opens the console; it goes with neither "
		        "`list` nor --query\n");
		return EXIT_FAILURE;
	}
	if (cli.list)
		return run_list(&cli);
	return run_console(&cli);
}
