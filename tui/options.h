/* options.h: the command line of wftokens (options.c): one table of long
 * options, read into struct cli for main.c; the completion scripts
 * (cli.c) offer its names. */
#ifndef WFT_OPTIONS_H
#define WFT_OPTIONS_H

#include "wftokens.h"

struct option;
/* The table, ended by a NULL name. */
const struct option *options_table(void);

/* Test hooks for the demo: how many tokens (WFTOKENS_DEMO_TOKENS) and
 * which random seed (WFTOKENS_DEMO_SEED). */
void options_from_env(struct cli *cli);

enum options_result {
	OPTIONS_RUN,            /* read: run the console, list or the subcommand */
	OPTIONS_HELP,           /* -h */
	OPTIONS_VERSION,        /* -V */
	OPTIONS_DUMP_ACTIONS,   /* --dump-actions */
	OPTIONS_BAD_OPTION,     /* an unknown option, or one without its value (getopt said) */
	OPTIONS_BAD_VALUE,      /* a number out of range: said, the exit status in *status */
};
/* Reads the options of argv into cli with getopt_long (optind then names
 * the first operand); stops at the first that ends the run. */
enum options_result options_parse(int argc, char **argv, struct cli *cli, int *status);
/* The options that do not go together for the console and `list`, and
 * operands where none belong: -1 when all is well, else the exit status
 * (said on stderr). */
int options_check(const struct cli *cli, int n_args, char **args);

#endif
