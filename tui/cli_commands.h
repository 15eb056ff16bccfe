/* cli_commands.h: the subcommands for scripts by name (cli_commands.c):
 * what main.c needs to recognise one, show its help and run it. */
#ifndef WFT_CLI_COMMANDS_H
#define WFT_CLI_COMMANDS_H

#include <stdio.h>

#include "wftokens.h"

/* The subcommand named word ("revoke" ...), as a static string; NULL when
 * word names none. */
const char *cli_command(const char *word);
/* Writes the help of subcommand cmd to out; returns CLI_EXIT_OK. */
int cli_help(const char *cmd, FILE *out);
/* The lines of `wftokens --help` that list the subcommands. */
const char *cli_usage_text(void);
/* Runs cli->cmd with cli->args; the exit status. */
int cli_run(const struct cli *cli);

#endif
