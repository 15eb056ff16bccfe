/* cli_commands.c: the subcommands for scripts by name (cli_commands.h):
 * their table and help, and a run from the parsed command line to the
 * exit status. Each subcommand is its own file (cli_revoke.c ...); what
 * they share is cli.c; the completion scripts are cli_complete.c. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_commands.h"
#include "listwrite.h"
#include "options.h"

struct cli_cmd {
	const char *name;
	int (*run)(struct cli_run *r);
	const char *synopsis;       /* after "wftokens NAME " */
	const char *help;           /* what it does and its own options */
};


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
	{ "completion", cli_completion, "bash|zsh|fish",
	  "Print a completion script for bash, zsh or fish: it completes the\n"
	  "subcommands, the options, the sort columns, the formats, the auth methods,\n"
	  "the query's field names, and the names of the service accounts and saved\n"
	  "searches that wftokens read in the last 10 minutes (complete-names). Load it\n"
	  "with\n"
	  "    source <(wftokens completion bash)      (bash; zsh: completion zsh)\n"
	  "    wftokens completion fish | source       (fish)\n"
	  "or save it where the shell looks (bash-completion: ~/.local/share/\n"
	  "bash-completion/completions/wftokens; zsh: a file _wftokens in $fpath; fish:\n"
	  "~/.config/fish/completions/wftokens.fish). It holds no secret.\n" },
	{ "complete-names", cli_complete_names, "accounts|saved | refresh [OPTION]...",
	  "For the completion scripts: write the names read in the last 10 minutes\n"
	  "for the profile (--profile, or --demo), one a line: the service accounts'\n"
	  "identifiers, or the saved searches' ids, a tab and their names. Nothing is\n"
	  "sent: the names come from a cache in $XDG_CACHE_HOME/wftokens (mode 0600;\n"
	  "by default ~/.cache/wftokens) that the console and the subcommands write\n"
	  "whenever they read the accounts or the saved searches. It never holds a\n"
	  "token id or another secret. refresh signs in and reads both lists now.\n" },
};
#define N_COMMANDS (sizeof commands / sizeof *commands)

static const struct cli_cmd *find_command(const char *name)
{
	for (size_t i = 0; name && i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* The name of subcommand i of the table (from 0), NULL past the last. */
static const char *cli_command_at(size_t i)
{
	return i < N_COMMANDS ? commands[i].name : NULL;
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
		"  completion SHELL     print a completion script for bash, zsh or fish\n"
		"  complete-names       the cached names the completion scripts offer\n";
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

/* ---- the run ---------------------------------------------------------------------------- */

int cli_run(const struct cli *cli)
{
	const struct cli_cmd *c = find_command(cli->cmd);
	struct cli_run r;
	int rc, fmt;

	memset(&r, 0, sizeof r);
	r.cli = cli;
	r.cmd = cli->cmd;
	r.command_at = cli_command_at;
	if (!c)
		return CLI_EXIT_USAGE;
	if (cli->format) {
		if ((fmt = listwrite_format_parse(cli->format)) < 0)
			return cli_error(&r, CLI_EXIT_USAGE, "--format: use table, json, ndjson or csv");
		r.fmt = fmt == LISTWRITE_JSON ? CLI_FMT_JSON : fmt == LISTWRITE_NDJSON ? CLI_FMT_NDJSON
		      : fmt == LISTWRITE_CSV ? CLI_FMT_CSV : CLI_FMT_TABLE;
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
