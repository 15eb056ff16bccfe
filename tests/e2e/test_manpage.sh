#!/bin/sh
# test_manpage.sh: the manual's key table and --help come from the program's
# own tables, so they cannot drift from the keys the console reacts to.
. "$top_srcdir/tests/lib.sh"
bin="$top_builddir/wftokens"
man="$top_builddir/wftokens.1"
plan 9

keys=$("$bin" --dump-actions)
check "--dump-actions writes a key table" test -n "$keys"
check "every action has a : name in the table" \
	test "$(printf '%s\n' "$keys" | grep -c '^\.TP$')" -eq \
	     "$(printf '%s\n' "$keys" | grep -c '(\\fB:')"
check "the manual holds the generated table" \
	sh -c 'printf "%s\n" "$1" > "$2.keys.check" && grep -qxF -f "$2.keys.check" "$2"; rc=$?; rm -f "$2.keys.check"; exit $rc' sh "$keys" "$man"
check "no placeholder is left in the manual" sh -c '! grep -q "@KEYS@" "$1"' sh "$man"
# The keys the console documents are in the table.
check "revoke, rename, reload and search keys are documented" \
	sh -c 'for k in ".B d, Delete" ".B r" ".B Ctrl\\-R, F5" ".B /"; do printf "%s\n" "$1" | grep -qxF -- "$k" || exit 1; done' sh "$keys"
help=$("$bin" --help)
ok_all=0
for o in profile demo read-only no-mouse no-color theme dump-actions help version; do
	printf '%s\n' "$help" | grep -q -- "--$o" || ok_all=1
done
check "--help lists every option" test "$ok_all" -eq 0
# Every long option of the program's own table, in --help and the manual.
opts=$(sed -n '/struct option opts\[\]/,/{ NULL/p' "$top_srcdir/tui/options.c" | grep -o '{ "[a-z-]*"' | cut -d'"' -f2)
missing=
for o in $opts; do
	printf '%s\n' "$help" | grep -q -- "--$o" || missing="$missing help:$o"
	grep -qF -- "$(printf '%s' "--$o" | sed 's/-/\\-/g')" "$man" || missing="$missing man:$o"
done
check "every option of the program is in --help and the manual${missing:+ (missing:$missing)}" \
	sh -c 'test -n "$1" && test -z "$2"' sh "$opts" "$missing"
check "the manual describes the Service Accounts tab and the saved searches" \
	sh -c 'grep -q "^\.SH SERVICE ACCOUNTS" "$1" && grep -q "Maximum of 20 tokens" "$1" && grep -q "mode 0600" "$1" &&
	       grep -q "^\.SH SAVED SEARCHES" "$1" && grep -q "XDG_STATE_HOME/wftokens/saved" "$1"' sh "$man"
check "and its files: configuration, state directory, themes" \
	sh -c 'grep -q "^\.SH FILES" "$1" && grep -q "^\.I \$XDG_CONFIG_HOME/wftokens/config" "$1" &&
	       grep -q "^\.I \$XDG_STATE_HOME/wftokens/" "$1" && grep -q "^\.I \$XDG_CONFIG_HOME/wftokens/themes" "$1"' sh "$man"
