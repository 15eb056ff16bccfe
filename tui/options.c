/* options.c: the long options of wftokens, one table for getopt and the
 * completion scripts. */
#include <getopt.h>
#include <stddef.h>

#include "options.h"

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

const struct option *options_table(void)
{
	return opts;
}
