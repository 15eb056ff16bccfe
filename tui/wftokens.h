/* wftokens.h: the parsed command line that main.c hands to the console,
 * `wftokens list`, `wftokens journal` and the subcommands (cli.h). */
#ifndef WFT_WFTOKENS_H
#define WFT_WFTOKENS_H

#include <stdbool.h>

/* The exit status of `list` and the subcommands: everything done;
 * something failed, was refused or is not confirmed; bad usage (nothing
 * sent). */
#define CLI_EXIT_OK 0
#define CLI_EXIT_FAILED 1
#define CLI_EXIT_USAGE 2

struct cli {
	bool list;                      /* `wftokens list` */
	const char *profile, *config, *endpoint, *auth, *csp_url, *org_id, *cacert;
	const char *theme;
	const char *saved_search;       /* --saved-search ID: open on that view */
	bool insecure, demo, read_only, no_mouse, no_color;
	bool csp_onboarded;             /* --demo --csp-onboarded */
	bool dry_run;                   /* --dry-run: changes shown, not sent */
	bool server_search;             /* --server-search: never download the list */
	long server_threshold;          /* --server-search-threshold N; -1: the profile's */
	int page_size;
	unsigned demo_tokens;           /* WFTOKENS_DEMO_TOKENS; 0 = the default */
	unsigned long demo_seed;        /* WFTOKENS_DEMO_SEED; 0 = random */
	/* list */
	const char *query, *sort, *format;
	bool unmasked;
	/* The subcommands for scripts (cli.h): the name ("revoke", ...; NULL
	 * for the console and `list`), the operands after the options, and
	 * their own options. */
	const char *cmd;
	char **args;
	int n_args;
	bool ids;                       /* --id: the operands are token ids */
	bool yes;                       /* --yes */
	long max;                       /* --max N; -1: none */
	long days;                      /* --days N (check-expiry); -1: the default */
	const char *name, *name_template, *output;
	const char *description;        /* accounts create --description */
};

/* `wftokens journal [TEXT]` (journal_cmd.c): the exit status. */
int run_journal(int argc, char **argv);

/* `wftokens list`: the exit status. */
int run_list(const struct cli *cli);

#endif
