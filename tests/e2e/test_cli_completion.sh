#!/bin/sh
# test_cli_completion.sh: `wftokens completion bash|zsh|fish`: the bash
# script sourced in bash and partial words completed as bash would
# (COMP_WORDS, COMP_CWORD); the zsh one run in `zsh -f` after compinit,
# its candidates caught by a compadd of the test's; the fish one asked with
# `complete -C`. The names of accounts and saved searches come from a cache
# written here (complete-names reads it; nothing is sent).
. "$top_srcdir/tests/lib.sh"
need bash bash
need zsh zsh
need fish fish
bin="$top_builddir/wftokens"
work=$(mktemp -d "${TMPDIR:-/tmp}/wft-comp.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
plan 48

# The scripts run `wftokens complete-names`: this build's, with the cache
# of a home of the test's own.
mkdir -p "$work/bin" "$work/home/.cache/wftokens"
ln -s "$(cd "$top_builddir" && pwd)/wftokens" "$work/bin/wftokens"
PATH="$work/bin:$PATH" HOME="$work/home" XDG_CACHE_HOME= XDG_CONFIG_HOME="$work/config"
export PATH HOME XDG_CACHE_HOME XDG_CONFIG_HOME
now=$(($(date +%s) * 1000))
cache="$work/home/.cache/wftokens"
printf '# wftokens completion names, written %s\nsa::ci-deploy\nsa::ci-build\nsa::etl\n' "$now" \
	> "$cache/names-default.accounts"
printf '# wftokens completion names, written %s\nss01\tStale CI\nss02\tNever used\n' "$now" \
	> "$cache/names-default.saved"
printf '# wftokens completion names, written %s\nsa::prod-only\n' "$now" > "$cache/names-prod.accounts"

"$bin" completion bash > "$work/c.bash"
check "completion bash: exit 0 and a script" sh -c 'test $1 -eq 0 && grep -q "^complete -F _wftokens wftokens$" "$2"' sh $? "$work/c.bash"
# complete WORD...: what bash offers for the last word.
complete() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _wftokens; printf "%s\n" "${COMPREPLY[@]}"' \
		sh "$work/c.bash" wftokens "$@" | sed '/^$/d' | sort | tr '\n' ' '
}
check "subcommands: re -> rename revoke" test "$(complete re)" = "rename revoke "
check "subcommands: g -> generate" test "$(complete g)" = "generate "
check "accounts actions: accounts de -> deactivate delete" test "$(complete accounts de)" = "deactivate delete "
check "saved actions: saved s -> save show" test "$(complete saved s)" = "save show "
check "options: revoke --ma -> --max" test "$(complete revoke --ma)" = "--max "
check "formats: --format nd -> ndjson" test "$(complete list --format nd)" = "ndjson "
check "sort columns: --sort last -> lastused lastused:asc" test "$(complete list --sort last)" = "lastused lastused:asc "
check "query fields: --query ac -> account:" test "$(complete revoke --query ac)" = "account: "
check "auth methods: --auth csp -> both" test "$(complete --auth csp)" = "csp-api-token csp-oauth "
# Every long option the help lists is offered (but --dump-actions, which
# the build uses to write the manual).
"$bin" --help | grep -oE -- '--[a-z][a-z-]+' | grep -vx -- --dump-actions | sort -u > "$work/help.opts"
missing=$(while read -r o; do grep -q -- " $o " "$work/c.bash" || grep -q -- "\"$o " "$work/c.bash" || grep -q -- " $o\"" "$work/c.bash" || echo "$o"; done < "$work/help.opts")
check "every option of --help is completed${missing:+ (missing: $missing)}" test -z "$missing"
# The options offered are the program's own table (tui/options.c), not a copy.
table=$(sed -n '/struct option opts\[\]/,/{ NULL/p' "$top_srcdir/tui/options.c" | grep -o '{ "[a-z-]*"' | cut -d'"' -f2 | grep -vx dump-actions | sed 's/^/--/' | sort | tr '\n' ' ')
offered=$(sed -n 's/^\tlocal opts="\(.*\)"$/\1/p' "$work/c.bash" | tr ' ' '\n' | sort | tr '\n' ' ')
check "the options offered are exactly the option table of tui/options.c" sh -c 'test -n "$1" && test "$1" = "$2"' sh "$table" "$offered"

# ---- names from the cache (bash) -----------------------------------------------------------
check "bash: generate sa::ci -> the cached accounts" \
	test "$(complete generate sa::ci)" = "sa::ci-build sa::ci-deploy "
check "bash: accounts delete sa:: -> every cached account" \
	test "$(complete accounts delete sa::)" = "sa::ci-build sa::ci-deploy sa::etl "
check "bash: saved apply ss -> the saved searches' ids" test "$(complete saved apply ss)" = "ss01 ss02 "
check "bash: --saved-search s -> ids" test "$(complete --saved-search s)" = "ss01 ss02 "
check "bash: generate --profile prod sa:: -> that profile's names" \
	test "$(complete generate --profile prod sa::)" = "sa::prod-only "
# lcomplete LINE WORD...: the same from the command line LINE (up to its
# end), with COMP_WORDS as bash splits it (at the colons): bash replaces
# only what follows the last colon, so that is what is offered.
lcomplete() {
	bash -c '. "$1"; COMP_LINE=$2; COMP_POINT=${#COMP_LINE}; shift 2; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _wftokens; printf "%s\n" "${COMPREPLY[@]}"' \
		sh "$work/c.bash" "$@" | sed '/^$/d' | sort | tr '\n' ' '
}
check "bash, a real line: generate sa::ci -> what follows the colons" \
	test "$(lcomplete "wftokens generate sa::ci" wftokens generate sa :: ci)" = "ci-build ci-deploy "
check "bash, a real line: accounts show --format json sa::e -> etl" \
	test "$(lcomplete "wftokens accounts show --format json sa::e" wftokens accounts show --format json sa :: e)" = "etl "
check "bash, a real line: a new word after a space -> the subcommands" \
	test "$(lcomplete "wftokens " wftokens "")" = "$(complete "" )"
check "bash: accounts create takes a new name: nothing offered" test "$(complete accounts create sa::)" = ""
check "bash: options between: saved --format json apply s -> ids" \
	test "$(complete saved --format json apply s)" = "ss01 ss02 "
check "bash: after an option, no subcommand: --demo re -> nothing" test "$(complete --demo re)" = ""

# ---- zsh ----------------------------------------------------------------------------------------
"$bin" completion zsh > "$work/_wftokens"
check "completion zsh: exit 0, a #compdef script" sh -c 'test $1 -eq 0 && head -1 "$2" | grep -qx "#compdef wftokens"' sh $? "$work/_wftokens"
# zcomplete WORD...: the candidates zsh's _wftokens gives for the last
# word (compinit loaded; compadd replaced by one that keeps the words that
# start with it, as zsh's own matching would).
zcomplete() {
	zsh -f -c '
		autoload -Uz compinit && compinit -u -d "$1/zcompdump"
		. "$1/_wftokens"
		[[ $_comps[wftokens] == _wftokens ]] || { print NOT-REGISTERED; exit; }
		typeset -ga got
		compadd() {
			while [[ $1 == -* && $1 != -- ]]; do
				case $1 in (-[SdJXPpM]) shift 2 ;; (*) shift ;; esac
			done
			[[ $1 == -- ]] && shift
			got+=("$@")
		}
		_files() { got+=(FILES) }
		shift
		words=("$@"); CURRENT=$#
		_wftokens
		print -l -- ${(M)got:#${words[CURRENT]}*} | sed "/^\$/d" | sort | tr "\n" " "' sh "$work" wftokens "$@"
}
check "zsh: re -> rename revoke" test "$(zcomplete re)" = "rename revoke "
check "zsh: acc -> accounts" test "$(zcomplete acc)" = "accounts "
check "zsh: saved s -> save show" test "$(zcomplete saved s)" = "save show "
check "zsh: revoke --ma -> --max" test "$(zcomplete revoke --ma)" = "--max "
check "zsh: --format nd -> ndjson" test "$(zcomplete list --format nd)" = "ndjson "
check "zsh: --query ac -> account:" test "$(zcomplete list --query ac)" = "account: "
check "zsh: --output -> files" test "$(zcomplete generate sa::x --output '')" = "FILES "
check "zsh: --max takes a number: nothing offered" test "$(zcomplete revoke --max '')" = ""
check "zsh: generate sa::ci -> the cached accounts" test "$(zcomplete generate sa::ci)" = "sa::ci-build sa::ci-deploy "
check "zsh: saved show '' -> the saved searches' ids" test "$(zcomplete saved show '')" = "ss01 ss02 "
check "zsh: accounts -p prod show sa -> that profile's names" \
	test "$(zcomplete accounts -p prod show sa)" = "sa::prod-only "
check "zsh: completion '' -> bash fish zsh" test "$(zcomplete completion '')" = "bash fish zsh "
zopts=$(sed -n 's/^\topts=(\(.*\))$/\1/p' "$work/_wftokens" | tr ' ' '\n' | sort | tr '\n' ' ')
check "zsh: the options offered are exactly the option table of tui/options.c" test "$zopts" = "$table"

# ---- fish -------------------------------------------------------------------------------------
"$bin" completion fish > "$work/wftokens.fish"
check "completion fish: exit 0, a script fish reads" sh -c 'test $1 -eq 0 && fish -n "$2"' sh $? "$work/wftokens.fish"
# fcomplete LINE: the words fish offers for the command line LINE.
fcomplete() {
	fish -c 'source $argv[1]; complete -C $argv[2]' "$work/wftokens.fish" "$1" | cut -f1 | sort | tr '\n' ' '
}
check "fish: wftokens acc -> accounts" test "$(fcomplete "wftokens acc")" = "accounts "
check "fish: wftokens re -> rename revoke" test "$(fcomplete "wftokens re")" = "rename revoke "
check "fish: after an option, no subcommand: --demo re -> nothing" test "$(fcomplete "wftokens --demo re")" = ""
check "fish: accounts de -> deactivate delete" test "$(fcomplete "wftokens accounts de")" = "deactivate delete "
check "fish: revoke --ma -> --max" test "$(fcomplete "wftokens revoke --ma")" = "--max "
check "fish: accounts --profile prod show sa -> that profile's names" \
	test "$(fcomplete "wftokens accounts --profile prod show sa")" = "sa::prod-only "
check "fish: --format nd -> ndjson" test "$(fcomplete "wftokens list --format nd")" = "ndjson "
check "fish: generate sa::ci -> the cached accounts" \
	test "$(fcomplete "wftokens generate sa::ci")" = "sa::ci-build sa::ci-deploy "
fish -c 'source $argv[1]; complete -C "wftokens saved --format csv apply ss"' "$work/wftokens.fish" > "$work/fish.saved"
check "fish: saved --format csv apply ss -> ids, with their names" \
	sh -c 'grep -qx "ss01	Stale CI" "$1" && grep -qx "ss02	Never used" "$1"' sh "$work/fish.saved"
fopts=$(grep -o '^complete -c wftokens -l [a-z-]*' "$work/wftokens.fish" | sed 's/.* -l /--/' | sort | tr '\n' ' ')
check "fish: the options offered are exactly the option table of tui/options.c" test "$fopts" = "$table"
