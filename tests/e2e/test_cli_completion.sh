#!/bin/sh
# test_cli_completion.sh: `wftokens completion bash`, sourced in bash, then
# partial words completed as bash would (COMP_WORDS, COMP_CWORD).
. "$top_srcdir/tests/lib.sh"
need bash bash
bin="$top_builddir/wftokens"
work=$(mktemp -d "${TMPDIR:-/tmp}/wft-comp.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
plan 12

"$bin" completion bash > "$work/c.bash"
check "completion bash: exit 0 and a script" sh -c 'test $1 -eq 0 && grep -q "^complete -F _wftokens wftokens$" "$2"' sh $? "$work/c.bash"
# complete WORD...: what bash offers for the last word.
complete() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _wftokens; printf "%s\n" "${COMPREPLY[@]}"' \
		sh "$work/c.bash" wftokens "$@" | sort | tr '\n' ' '
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
