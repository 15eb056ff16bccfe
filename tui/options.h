/* options.h: the long options of wftokens, one table (options.c): main.c
 * reads the command line with it, and the completion scripts (cli.c)
 * offer its names. */
#ifndef WFT_OPTIONS_H
#define WFT_OPTIONS_H

/* The values getopt_long returns for the options without a short name. */
enum {
	OPT_DEMO = 256, OPT_RO, OPT_NOMOUSE, OPT_NOCOLOR, OPT_THEME, OPT_DUMP,
	OPT_CONFIG, OPT_ENDPOINT, OPT_AUTH, OPT_CSPURL, OPT_ORG, OPT_CACERT,
	OPT_INSECURE, OPT_PAGESIZE, OPT_QUERY, OPT_SORT, OPT_FORMAT, OPT_UNMASKED,
	OPT_SAVED, OPT_CSP_ONBOARDED, OPT_ID, OPT_YES, OPT_MAX, OPT_NAME, OPT_TEMPLATE,
	OPT_OUTPUT, OPT_DRYRUN, OPT_DESCRIPTION, OPT_DAYS,
};

struct option;
/* The table, ended by a NULL name. */
const struct option *options_table(void);

#endif
