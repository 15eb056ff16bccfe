#!/bin/sh
# test_accounts_page.sh: the page in front owns the : commands, the help
# overlay and the keys: :sort on the Service Accounts tab sorts accounts,
# the tokens page's own commands are refused there with a word, and the
# tokens page keeps its sort. ? draws the help of the page in front; d on
# the tab is the delete-account action, with its own help and man entry.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 19

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

# ---- the help overlay over the page in front --------------------------------------------
wft "$(keys help <<K
2
?
:save-display $(screen help2)
<End>
:save-display $(screen help2e)
<Esc>
1
?
:save-display $(screen help1)
<End>
:save-display $(screen help1e)
<Esc>
:delete-account
:save-display $(screen wrongpage1)
2
:revoke
:save-display $(screen wrongpage2)
d
:save-display $(screen delete)
n
K
)"
h2=$(screen help2)
# The whole help, top and bottom: it scrolls.
cat "$(screen help2)" "$(screen help2e)" > "$work/help2all"
cat "$(screen help1)" "$(screen help1e)" > "$work/help1all"
check "? on the tab: the help of the Service Accounts tab" grep -q 'Help (Service Accounts)' "$h2"
check "drawn over the tab (its footer shows below)" sh -c 'tail -1 "$1" | grep -q "account [0-9]* of [0-9]*"' sh "$h2"
check "it lists the tab's actions" sh -c 'grep -q "new-account" "$1" && grep -q "toggle-active" "$1" && grep -q "accounts-tab" "$1"' sh "$work/help2all"
check "and not the tokens page's" sh -c '! grep -q "mark-matching" "$1" && ! grep -q "saved-rename" "$1" && ! grep -q " revoke " "$1"' sh "$work/help2all"
check "d on the tab: delete-account, with its own help" \
	grep -q 'd, Delete *delete-account *Delete the selected service account and its tokens' "$work/help2all"
h1=$(screen help1)
check "? on the tokens page: its own help over it" sh -c 'grep -q "Help (API Tokens)" "$1" && tail -1 "$1" | grep -q "rows 1-"' sh "$h1"
check "d there revokes; no account actions" \
	sh -c 'grep -q "d, Delete *revoke *Revoke the selected token" "$1" && ! grep -q "delete-account" "$1" && ! grep -q "new-account" "$1"' sh "$work/help1all"
check ":delete-account on the tokens page says where it belongs" \
	grep -q 'delete-account belongs to the Service Accounts tab (2 shows it)' "$(screen wrongpage1)"
check ":revoke on the tab says where it belongs" grep -q 'revoke belongs to the API Tokens page (1 shows it)' "$(screen wrongpage2)"
check "d on the tab asks to delete the account" grep -q 'Delete sa::[^ ]* and its [0-9]* token' "$(screen delete)"
man="$top_builddir/wftokens.1"
check "the man page has both entries for d" \
	sh -c 'grep -q "^Revoke the selected token.*(API Tokens tab)" "$1" && grep -q "^Delete the selected service account.*(Service Accounts tab)" "$1"' sh "$man"
