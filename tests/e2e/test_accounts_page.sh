#!/bin/sh
# test_accounts_page.sh: the page in front owns the : commands, the help
# overlay and the keys: :sort on the Service Accounts tab sorts accounts,
# the tokens page's own commands are refused there with a word, and the
# tokens page keeps its sort.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 8

sb_start --seed 80
export COLS=100 ROWS=30
# The token counts ("N/20") of a saved display of the tab, one a line.
counts() { sed -n '4,27p' "$1" | grep -o '[0-9]*/20' | cut -d/ -f1; }
ids() { sed -n '4,27p' "$1" | grep -o 'sa::[^ ]*'; }

wft "$(keys cmds <<K
2
:sort tokens desc
:save-display $(screen bytokens)
:sort id
:save-display $(screen byid)
:sort colour
:save-display $(screen badcol)
:page-size 5
:save-display $(screen pagesize)
1
:save-display $(screen tokens)
K
)"
bt=$(screen bytokens)
check ":sort tokens desc: the Tokens title shows it" sh -c 'sed -n 3p "$1" | grep -q "Tokens v"' sh "$bt"
counts "$bt" > "$work/c1"; sort -rn "$work/c1" > "$work/c2"
check "and the accounts are in that order" sh -c 'test -s "$1" && cmp -s "$1" "$2" && test "$(head -1 "$1")" -gt "$(tail -1 "$1")"' sh "$work/c1" "$work/c2"
ids "$(screen byid)" > "$work/i1"; LC_ALL=C sort "$work/i1" > "$work/i2"
check ":sort id: by identifier" sh -c 'test -s "$1" && cmp -s "$1" "$2"' sh "$work/i1" "$work/i2"
check "an unknown column names this tab's columns" grep -q 'Unknown column "colour" on the Service Accounts tab' "$(screen badcol)"
check ":page-size belongs to the tokens page" grep -q ':page-size belongs to the API Tokens page' "$(screen pagesize)"
check "the tokens page keeps its sort" sh -c 'sed -n 3p "$1" | grep -q "Token Name ^"' sh "$(screen tokens)"
check "and its page size" grep -q 'rows 1-25 of' "$(screen tokens)"
check "the tokens page is in front again" grep -q 'Token Id' "$(screen tokens)"
