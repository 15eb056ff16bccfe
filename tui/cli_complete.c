/* cli_complete.c: `wftokens completion bash|zsh|fish`, the completion
 * scripts, and `wftokens complete-names`, the names they offer. The
 * subcommands come from cli_commands.c's table (through cli_run) and the
 * options from options.c's (options_table); the names of service accounts
 * and saved searches come from the cache the console and the subcommands
 * write (namecache.h), so completing a word never signs in or sends
 * anything. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "namecache.h"
#include "options.h"

/* What the scripts offer after some options, and as operands. */
#define FORMATS "table json ndjson csv"
#define SORTS "id name account type generated lastused " \
              "id:desc name:desc account:desc type:desc generated:asc lastused:asc"
#define AUTHS "token csp-api-token csp-oauth"
#define FIELDS "name: account: id: type: used: unused: generated:"
#define SHELLS "bash zsh fish"
#define NAME_KINDS "accounts saved refresh"
#define ACCOUNT_ACTIONS "list show create activate deactivate delete"
#define SAVED_ACTIONS "list show apply save delete"

/* The options whose value a script completes by itself; every other
 * option that takes a value completes nothing after it. */
static const char *const own_values[] = {
	"format", "sort", "auth", "query", "config", "cacert", "output", "saved-search", NULL
};

static bool has_own_values(const char *name)
{
	for (size_t i = 0; own_values[i]; i++)
		if (strcmp(own_values[i], name) == 0)
			return true;
	return false;
}

/* The long options main.c takes, but --dump-actions (the build uses it to
 * write the manual). */
static bool offered(const struct option *o)
{
	return strcmp(o->name, "dump-actions") != 0;
}

/* Writes the subcommands (r->command_at's), blank-separated. */
static void put_commands(FILE *out, const struct cli_run *r)
{
	fputs("list", out);
	for (size_t i = 0; r->command_at(i); i++)
		fprintf(out, " %s", r->command_at(i));
}

/* Which options put_options writes: all, those that take a value, or
 * those that take a value the script does not complete. */
enum opt_set { OPTS_ALL, OPTS_VALUED, OPTS_VALUED_PLAIN };

/* Writes "--NAME" for each offered option of the set, each after sep but
 * the first. */
static void put_options(FILE *out, enum opt_set set, const char *sep)
{
	const struct option *o = options_table();
	bool first = true;

	for (size_t i = 0; o[i].name; i++) {
		if (!offered(&o[i]) || (set != OPTS_ALL && o[i].has_arg != required_argument)
		    || (set == OPTS_VALUED_PLAIN && has_own_values(o[i].name)))
			continue;
		fprintf(out, "%s--%s", first ? "" : sep, o[i].name);
		first = false;
	}
}

/* ---- bash ---------------------------------------------------------------------------------- */

/* The helpers of the bash script: the words before the cursor as the
 * command line has them (bash splits "sa::ci" at its colons), the cached
 * names, and the reply (trimmed to what follows the last colon, which is
 * all bash replaces when ':' breaks words; COMP_LINE is set then). */
static void put_bash_helpers(FILE *out)
{
	fputs("# bash completion for wftokens (wftokens completion bash)\n"
	      "_wftokens_split() {\n"
	      "\tif [ -n \"${COMP_LINE+x}\" ]; then\n"
	      "\t\tread -ra words <<< \"${COMP_LINE:0:COMP_POINT}\"\n"
	      "\t\tcase ${COMP_LINE:0:COMP_POINT} in ''|*[[:space:]]) words+=(\"\") ;; esac\n"
	      "\telse\n"
	      "\t\twords=(\"${COMP_WORDS[@]:0:COMP_CWORD+1}\")\n"
	      "\tfi\n"
	      "\tcword=$((${#words[@]} - 1))\n"
	      "\tcur=${words[cword]} prev=${words[cword-1]}\n"
	      "}\n"
	      "# The names of accounts and saved searches: what wftokens read lately.\n"
	      "_wftokens_names() {\n"
	      "\tlocal i args=()\n"
	      "\tfor ((i = 1; i < cword; i++)); do\n"
	      "\t\tcase ${words[i]} in\n"
	      "\t\t--profile|-p) args+=(--profile \"${words[i+1]}\") ;;\n"
	      "\t\t--profile=*|--demo) args+=(\"${words[i]}\") ;;\n"
	      "\t\tesac\n"
	      "\tdone\n"
	      "\tcommand wftokens complete-names \"$1\" \"${args[@]}\" 2>/dev/null | cut -f1\n"
	      "}\n"
	      "_wftokens_reply() {\n"
	      "\tlocal p\n"
	      "\tCOMPREPLY=($(compgen -W \"$1\" -- \"$cur\"))\n"
	      "\tif [[ -n ${COMP_LINE+x} && $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then\n"
	      "\t\tp=${cur%\"${cur##*:}\"}\n"
	      "\t\tCOMPREPLY=(\"${COMPREPLY[@]#\"$p\"}\")\n"
	      "\tfi\n"
	      "}\n", out);
}

/* The words for an operand: the subcommand, its action, a name. */
static void put_bash_operands(FILE *out)
{
	fputs("_wftokens_operands() {\n"
	      "\tlocal i ops=()\n"
	      "\tfor ((i = 1; i < cword; i++)); do\n"
	      "\t\tcase ${words[i]} in\n"
	      "\t\t-p|", out);
	put_options(out, OPTS_VALUED, "|");
	fputs(") ((i++)) ;;\n"
	      "\t\t-*) ;;\n"
	      "\t\t*) ops+=(\"${words[i]}\") ;;\n"
	      "\t\tesac\n"
	      "\tdone\n"
	      "\tcase ${ops[0]}:${#ops[@]}:${ops[1]} in\n"
	      "\t*:0:*) [ \"$cword\" -eq 1 ] && echo \"$cmds\" ;;\n"
	      "\tcompletion:1:*) echo \"" SHELLS "\" ;;\n"
	      "\tcomplete-names:1:*) echo \"" NAME_KINDS "\" ;;\n"
	      "\taccounts:1:*) echo \"" ACCOUNT_ACTIONS "\" ;;\n"
	      "\tsaved:1:*) echo \"" SAVED_ACTIONS "\" ;;\n"
	      "\tgenerate:1:*|accounts:2:show|accounts:2:activate|accounts:2:deactivate|"
	      "accounts:2:delete)\n"
	      "\t\t_wftokens_names accounts ;;\n"
	      "\tsaved:2:show|saved:2:apply|saved:2:delete) _wftokens_names saved ;;\n"
	      "\tesac\n"
	      "}\n", out);
}

static void put_bash(FILE *out, const struct cli_run *r)
{
	put_bash_helpers(out);
	put_bash_operands(out);
	fputs("_wftokens() {\n"
	      "\tlocal words cword cur prev w\n"
	      "\tlocal cmds=\"", out);
	put_commands(out, r);
	fputs("\"\n\tlocal opts=\"", out);
	put_options(out, OPTS_ALL, " ");
	fputs("\"\n"
	      "\t_wftokens_split\n"
	      "\tcase $prev in\n"
	      "\t--format) w=\"" FORMATS "\" ;;\n"
	      "\t--sort) w=\"" SORTS "\" ;;\n"
	      "\t--auth) w=\"" AUTHS "\" ;;\n"
	      "\t--query) w=\"" FIELDS "\"; compopt -o nospace 2>/dev/null ;;\n"
	      "\t--config|--cacert|--output) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
	      "\t--saved-search) w=$(_wftokens_names saved) ;;\n"
	      "\t-p|", out);
	put_options(out, OPTS_VALUED_PLAIN, "|");
	fputs(") COMPREPLY=(); return ;;\n"
	      "\t*) if [ \"${cur#-}\" != \"$cur\" ]; then w=$opts; else w=$(_wftokens_operands); "
	      "fi ;;\n"
	      "\tesac\n"
	      "\t_wftokens_reply \"$w\"\n"
	      "}\n"
	      "complete -F _wftokens wftokens\n", out);
}

/* ---- zsh ----------------------------------------------------------------------------------- */

static void put_zsh(FILE *out, const struct cli_run *r)
{
	fputs("#compdef wftokens\n"
	      "# zsh completion for wftokens (wftokens completion zsh)\n"
	      "# The names of accounts and saved searches: what wftokens read lately.\n"
	      "_wftokens_names() {\n"
	      "\tlocal -a args lines ids descs\n"
	      "\tlocal i l\n"
	      "\tfor ((i = 2; i < CURRENT; i++)); do\n"
	      "\t\tcase ${words[i]} in\n"
	      "\t\t(--profile|-p) args+=(--profile \"${words[i+1]}\") ;;\n"
	      "\t\t(--profile=*|--demo) args+=(\"${words[i]}\") ;;\n"
	      "\t\tesac\n"
	      "\tdone\n"
	      "\tlines=(\"${(@f)$(command wftokens complete-names $1 $args 2>/dev/null)}\")\n"
	      "\tfor l in $lines; do\n"
	      "\t\t[[ -n $l ]] || continue\n"
	      "\t\tids+=(\"${l%%$'\\t'*}\")\n"
	      "\t\tif [[ $l == *$'\\t'* ]]; then descs+=(\"${l%%$'\\t'*}  -- ${l#*$'\\t'}\")\n"
	      "\t\telse descs+=(\"$l\"); fi\n"
	      "\tdone\n"
	      "\t(( ${#ids} )) && compadd -l -d descs -- $ids\n"
	      "}\n"
	      "_wftokens() {\n"
	      "\tlocal -a cmds opts valued argopts ops\n"
	      "\tlocal i\n"
	      "\tlocal cur=${words[CURRENT]} prev=${words[CURRENT-1]}\n"
	      "\tcmds=(", out);
	put_commands(out, r);
	fputs(")\n\topts=(", out);
	put_options(out, OPTS_ALL, " ");
	fputs(")\n\tvalued=(-p ", out);
	put_options(out, OPTS_VALUED, " ");
	fputs(")\n\targopts=(-p ", out);
	put_options(out, OPTS_VALUED_PLAIN, " ");
	fputs(")\n"
	      "\tcase $prev in\n"
	      "\t(--format) compadd -- " FORMATS "; return ;;\n"
	      "\t(--sort) compadd -- " SORTS "; return ;;\n"
	      "\t(--auth) compadd -- " AUTHS "; return ;;\n"
	      "\t(--query) compadd -S '' -- " FIELDS "; return ;;\n"
	      "\t(--config|--cacert|--output) _files; return ;;\n"
	      "\t(--saved-search) _wftokens_names saved; return ;;\n"
	      "\tesac\n"
	      "\t(( ${argopts[(Ie)$prev]} )) && return\n"
	      "\tif [[ $cur == -* ]]; then compadd -- $opts; return; fi\n"
	      "\t# The operands before the word: the subcommand, its action, ...\n"
	      "\tfor ((i = 2; i < CURRENT; i++)); do\n"
	      "\t\tif (( ${valued[(Ie)${words[i]}]} )); then (( i++ ))\n"
	      "\t\telif [[ ${words[i]} != -* ]]; then ops+=(\"${words[i]}\"); fi\n"
	      "\tdone\n"
	      "\tcase ${ops[1]}:${#ops}:${ops[2]} in\n"
	      "\t(*:0:*) (( CURRENT == 2 )) && compadd -- $cmds || compadd -- $opts ;;\n"
	      "\t(completion:1:*) compadd -- " SHELLS " ;;\n"
	      "\t(complete-names:1:*) compadd -- " NAME_KINDS " ;;\n"
	      "\t(accounts:1:*) compadd -- " ACCOUNT_ACTIONS " ;;\n"
	      "\t(saved:1:*) compadd -- " SAVED_ACTIONS " ;;\n"
	      "\t(generate:1:*|accounts:2:(show|activate|deactivate|delete)) "
	      "_wftokens_names accounts ;;\n"
	      "\t(saved:2:(show|apply|delete)) _wftokens_names saved ;;\n"
	      "\t(*) compadd -- $opts ;;\n"
	      "\tesac\n"
	      "}\n"
	      "if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then\n"
	      "\t_wftokens \"$@\"\n"
	      "else\n"
	      "\t(( $+functions[compdef] )) && compdef _wftokens wftokens\n"
	      "fi\n", out);
}

/* ---- fish ---------------------------------------------------------------------------------- */

/* One `complete` line per option of main.c's table: with its values, a
 * file, or nothing after it. */
static void put_fish_options(FILE *out)
{
	static const struct { const char *name, *args; } values[] = {
		{ "format", "-x -a '" FORMATS "'" }, { "sort", "-x -a '" SORTS "'" },
		{ "auth", "-x -a '" AUTHS "'" }, { "query", "-x -a '" FIELDS "'" },
		{ "config", "-r -F" }, { "cacert", "-r -F" }, { "output", "-r -F" },
		{ "saved-search", "-x -a '(__wftokens_names saved)'" },
	};
	const struct option *o = options_table();

	for (size_t i = 0; o[i].name; i++) {
		const char *args = o[i].has_arg == required_argument ? "-x" : "";
		if (!offered(&o[i]))
			continue;
		for (size_t k = 0; k < sizeof values / sizeof values[0]; k++)
			if (strcmp(values[k].name, o[i].name) == 0)
				args = values[k].args;
		fprintf(out, "complete -c wftokens -l %s", o[i].name);
		if (o[i].val > ' ' && o[i].val < 127)
			fprintf(out, " -s %c", o[i].val);
		fprintf(out, "%s%s\n", *args ? " " : "", args);
	}
}

static void put_fish(FILE *out, const struct cli_run *r)
{
	fputs("# fish completion for wftokens (wftokens completion fish)\n"
	      "# The names of accounts and saved searches: what wftokens read lately.\n"
	      "function __wftokens_names\n"
	      "\tset -l toks (commandline -opc)\n"
	      "\tset -l args\n"
	      "\tfor i in (seq 2 (count $toks))\n"
	      "\t\tswitch $toks[$i]\n"
	      "\t\t\tcase --profile -p\n"
	      "\t\t\t\tset -l j (math $i + 1)\n"
	      "\t\t\t\tset -q toks[$j]; and set -a args --profile $toks[$j]\n"
	      "\t\t\tcase '--profile=*' --demo\n"
	      "\t\t\t\tset -a args $toks[$i]\n"
	      "\t\tend\n"
	      "\tend\n"
	      "\tcommand wftokens complete-names $argv[1] $args 2>/dev/null\n"
	      "end\n"
	      "# The operands before the cursor: the subcommand, its action, ...\n"
	      "function __wftokens_ops\n"
	      "\tset -l toks (commandline -opc)\n"
	      "\tset -e toks[1]\n"
	      "\tset -l skip 0\n"
	      "\tfor t in $toks\n"
	      "\t\tif test $skip = 1\n"
	      "\t\t\tset skip 0\n"
	      "\t\telse if contains -- $t $__wftokens_valued\n"
	      "\t\t\tset skip 1\n"
	      "\t\telse if not string match -q -- '-*' $t\n"
	      "\t\t\techo $t\n"
	      "\t\tend\n"
	      "\tend\n"
	      "end\n"
	      "# __wftokens_at N SUB [WORD...]: N operands before the cursor, the first\n"
	      "# SUB and (when given) the second one of WORD...\n"
	      "function __wftokens_at\n"
	      "\tset -l ops (__wftokens_ops)\n"
	      "\ttest (count $ops) -eq $argv[1]; or return 1\n"
	      "\ttest \"$ops[1]\" = $argv[2]; or return 1\n"
	      "\ttest (count $argv) -le 2; and return 0\n"
	      "\tcontains -- $ops[2] $argv[3..-1]\n"
	      "end\n"
	      "set -g __wftokens_valued -p ", out);
	put_options(out, OPTS_VALUED, " ");
	fputs("\n"
	      "complete -c wftokens -f\n"
	      "complete -c wftokens -n 'test (count (commandline -opc)) -eq 1' -a '", out);
	put_commands(out, r);
	fputs("'\n"
	      "complete -c wftokens -n '__wftokens_at 1 completion' -a '" SHELLS "'\n"
	      "complete -c wftokens -n '__wftokens_at 1 complete-names' -a '" NAME_KINDS "'\n"
	      "complete -c wftokens -n '__wftokens_at 1 accounts' -a '" ACCOUNT_ACTIONS "'\n"
	      "complete -c wftokens -n '__wftokens_at 1 saved' -a '" SAVED_ACTIONS "'\n"
	      "complete -c wftokens -n '__wftokens_at 1 generate' -a '(__wftokens_names accounts)'\n"
	      "complete -c wftokens -n '__wftokens_at 2 accounts show activate deactivate delete' "
	      "-a '(__wftokens_names accounts)'\n"
	      "complete -c wftokens -n '__wftokens_at 2 saved show apply delete' "
	      "-a '(__wftokens_names saved)'\n", out);
	put_fish_options(out);
}

int cli_completion(struct cli_run *r)
{
	static const struct { const char *shell; void (*put)(FILE *out, const struct cli_run *r); } shells[] = {
		{ "bash", put_bash }, { "zsh", put_zsh }, { "fish", put_fish },
	};

	for (size_t i = 0; r->cli->n_args == 1 && i < sizeof shells / sizeof shells[0]; i++) {
		if (strcmp(r->cli->args[0], shells[i].shell) == 0) {
			shells[i].put(stdout, r);
			return CLI_EXIT_OK;
		}
	}
	return cli_error(r, CLI_EXIT_USAGE, "completion takes the name of a shell: bash, zsh or fish");
}

/* ---- complete-names ------------------------------------------------------------------------ */

/* The profile the names are cached under, as conn_open names it. */
static const char *instance_of(const struct cli *cli)
{
	return cli->demo ? "demo" : cli->profile && *cli->profile ? cli->profile : "default";
}

/* Signs in and reads the accounts and the saved searches, which writes
 * them to the cache (cli_accounts.c, cli_saved.c do the same). */
static int refresh(struct cli_run *r)
{
	struct cli_call w;
	struct wft_error err;
	int rc, failed = 0;

	if ((rc = cli_connect(r)) != 0)
		return rc;
	memset(&w, 0, sizeof w);
	wft_error_clear(&err);
	cli_call_run(r, wft_api_accounts(cli_api(r), cli_call_done, &w, &err), &err, &w);
	if (w.res.err.code == WFT_OK)
		namecache_store_accounts(r->conn.label, &w.res.accounts);
	else
		failed = cli_error(r, CLI_EXIT_FAILED, "cannot read the service accounts: %s",
		                   w.res.err.message);
	cli_call_clear(&w);
	wft_error_clear(&err);
	cli_call_run(r, wft_api_saved_searches(cli_api(r), 0, 1000, cli_call_done, &w, &err), &err,
	             &w);
	if (w.res.err.code == WFT_OK)
		namecache_store_saved(r->conn.label, w.res.searches.items, w.res.searches.n);
	else
		failed = cli_error(r, CLI_EXIT_FAILED, "cannot read the saved searches: %s",
		                   w.res.err.message);
	cli_call_clear(&w);
	return failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}

int cli_complete_names(struct cli_run *r)
{
	const char *what = r->cli->n_args == 1 ? r->cli->args[0] : "";
	struct wft_error err;
	char *path;

	if (strcmp(what, "refresh") == 0)
		return refresh(r);
	if (strcmp(what, "accounts") != 0 && strcmp(what, "saved") != 0)
		return cli_error(r, CLI_EXIT_USAGE, "complete-names takes accounts, saved or refresh");
	wft_error_clear(&err);
	if (namecache_path(NULL, instance_of(r->cli), *what == 'a' ? NAMECACHE_ACCOUNTS
	                   : NAMECACHE_SAVED, &path, &err) != WFT_OK)
		return cli_error(r, CLI_EXIT_FAILED, "%s", err.message);
	namecache_print(path, wft_clock_real(NULL), NAMECACHE_TTL_MS, 1, stdout);
	free(path);
	return CLI_EXIT_OK;
}
