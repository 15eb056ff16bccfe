/* options.c: the command line of wftokens: one table of long options
 * (getopt reads it, the completion scripts offer its names), the values
 * read into struct cli, and the options that do not go together. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "options.h"

/* The values getopt_long returns for the options without a short name. */
enum {
	OPT_DEMO = 256, OPT_RO, OPT_NOMOUSE, OPT_NOCOLOR, OPT_THEME, OPT_DUMP,
	OPT_CONFIG, OPT_ENDPOINT, OPT_AUTH, OPT_CSPURL, OPT_ORG, OPT_CACERT,
	OPT_INSECURE, OPT_PAGESIZE, OPT_QUERY, OPT_SORT, OPT_FORMAT, OPT_UNMASKED,
	OPT_SAVED, OPT_CSP_ONBOARDED, OPT_ID, OPT_YES, OPT_MAX, OPT_NAME, OPT_TEMPLATE,
	OPT_OUTPUT, OPT_DRYRUN, OPT_DESCRIPTION, OPT_DAYS, OPT_SERVER_SEARCH, OPT_SERVER_THRESHOLD,
};

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
	{ "server-search", no_argument, NULL, OPT_SERVER_SEARCH },
	{ "server-search-threshold", required_argument, NULL, OPT_SERVER_THRESHOLD },
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

const struct option *options_table(void)
{
	return opts;
}

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

void options_from_env(struct cli *cli)
{
	const char *v;
	long n;

	if ((v = getenv("WFTOKENS_DEMO_TOKENS")) && parse_uint(v, 1000000, &n))
		cli->demo_tokens = (unsigned)n;
	if ((v = getenv("WFTOKENS_DEMO_SEED")) && parse_uint(v, 0x7fffffff, &n))
		cli->demo_seed = (unsigned long)n;
}

/* The options that take a text: false when c is none of them. */
static bool set_text(struct cli *cli, int c, const char *arg)
{
	switch (c) {
	case 'p': cli->profile = arg; break;
	case OPT_CONFIG: cli->config = arg; break;
	case OPT_ENDPOINT: cli->endpoint = arg; break;
	case OPT_AUTH: cli->auth = arg; break;
	case OPT_CSPURL: cli->csp_url = arg; break;
	case OPT_ORG: cli->org_id = arg; break;
	case OPT_CACERT: cli->cacert = arg; break;
	case OPT_THEME: cli->theme = arg; break;
	case OPT_QUERY: cli->query = arg; break;
	case OPT_SORT: cli->sort = arg; break;
	case OPT_FORMAT: cli->format = arg; break;
	case OPT_SAVED: cli->saved_search = arg; break;
	case OPT_NAME: cli->name = arg; break;
	case OPT_TEMPLATE: cli->name_template = arg; break;
	case OPT_OUTPUT: cli->output = arg; break;
	case OPT_DESCRIPTION: cli->description = arg; break;
	default: return false;
	}
	return true;
}

/* The options without a value: false when c is none of them. */
static bool set_flag(struct cli *cli, int c)
{
	switch (c) {
	case OPT_INSECURE: cli->insecure = true; break;
	case OPT_DEMO: cli->demo = true; break;
	case OPT_CSP_ONBOARDED: cli->csp_onboarded = true; break;
	case OPT_RO: cli->read_only = true; break;
	case OPT_DRYRUN: cli->dry_run = true; break;
	case OPT_SERVER_SEARCH: cli->server_search = true; break;
	case OPT_NOMOUSE: cli->no_mouse = true; break;
	case OPT_NOCOLOR: cli->no_color = true; break;
	case OPT_UNMASKED: cli->unmasked = true; break;
	case OPT_ID: cli->ids = true; break;
	case OPT_YES: cli->yes = true; break;
	default: return false;
	}
	return true;
}

/* The options that take a number: false (said, *status set) when the
 * value is out of range. */
static bool set_number(struct cli *cli, int c, const char *arg, int *status)
{
	long n;

	switch (c) {
	case OPT_PAGESIZE:
		if (!parse_uint(arg, 1000, &n) || n < 1) {
			fprintf(stderr, "wftokens: --page-size takes a number from 1 to 1000\n");
			*status = EXIT_FAILURE;
			return false;
		}
		cli->page_size = (int)n;
		return true;
	case OPT_SERVER_THRESHOLD:
		if (!parse_uint(arg, 2000000000, &n)) {
			fprintf(stderr, "wftokens: --server-search-threshold takes a number of tokens "
			        "from 0 to 2000000000\n");
			*status = EXIT_FAILURE;
			return false;
		}
		cli->server_threshold = n;
		return true;
	case OPT_MAX:
		if (!parse_uint(arg, 1000000, &n) || n < 1) {
			fprintf(stderr, "wftokens: --max takes a number from 1\n");
			*status = CLI_EXIT_USAGE;
			return false;
		}
		cli->max = n;
		return true;
	default:  /* OPT_DAYS */
		if (!parse_uint(arg, 3650, &n)) {
			fprintf(stderr, "wftokens: --days takes a number from 0 to 3650\n");
			*status = CLI_EXIT_USAGE;
			return false;
		}
		cli->days = n;
		return true;
	}
}

enum options_result options_parse(int argc, char **argv, struct cli *cli, int *status)
{
	int c;

	while ((c = getopt_long(argc, argv, "p:hV", opts, NULL)) != -1) {
		if (c == 'h')
			return OPTIONS_HELP;
		if (c == 'V')
			return OPTIONS_VERSION;
		if (c == OPT_DUMP)
			return OPTIONS_DUMP_ACTIONS;
		if (set_text(cli, c, optarg) || set_flag(cli, c))
			continue;
		if (c != OPT_PAGESIZE && c != OPT_MAX && c != OPT_DAYS && c != OPT_SERVER_THRESHOLD)
			return OPTIONS_BAD_OPTION;
		if (!set_number(cli, c, optarg, status))
			return OPTIONS_BAD_VALUE;
	}
	return OPTIONS_RUN;
}

int options_check(const struct cli *cli, int n_args, char **args)
{
	if (cli->ids || cli->yes || cli->max >= 0 || cli->name || cli->name_template ||
	    cli->output || cli->description) {
		fprintf(stderr, "wftokens: --id, --yes, --max, --name, --name-template, --output and "
		        "--description belong to the subcommands (see --help)\n");
		return cli->list ? CLI_EXIT_USAGE : EXIT_FAILURE;
	}
	if (n_args > 0) {
		fprintf(stderr, "wftokens: unexpected argument '%s' (see --help)\n", args[0]);
		return EXIT_FAILURE;
	}
	if (!cli->list && (cli->format || cli->unmasked)) {
		fprintf(stderr, "wftokens: --format and --unmasked belong to `wftokens list`\n");
		return EXIT_FAILURE;
	}
	if (cli->csp_onboarded && !cli->demo) {
		fprintf(stderr, "wftokens: --csp-onboarded goes with --demo (a real instance is "
		        "recognised from its answers)\n");
		return EXIT_FAILURE;
	}
	if (cli->saved_search && (cli->list || cli->query)) {
		fprintf(stderr, "wftokens: --saved-search opens the console; it goes with neither "
		        "`list` nor --query\n");
		return EXIT_FAILURE;
	}
	return -1;
}
