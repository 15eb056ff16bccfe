#!/bin/sh
# test_console_keys.sh: keys of the API Tokens page in script mode against a
# sandbox: n and N between search matches, * marking what the search shows,
# :page-size, and the help overlay narrowed by typing.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 24

sb_start --seed 120
tokens > "$work/tokens"
total=$(wc -l < "$work/tokens")
# The masked ids of the table's rows, top to bottom.
# A row: the side panel's border, the mark column (" " or "*"), a blank, the id.
rows() { grep -o '^[^|]*|[ *] \*\*\*\*-\.\.\.-[0-9a-f]*' "$1" | grep -o '\*\*\*\*-\.\.\.-[0-9a-f]*'; }
# The footer line (toasts and the range).
foot() { sed -n "${ROWS:-30}p" "$1"; }

# ---- n and N ----------------------------------------------------------------------
# "sa::" matches in the account column of many rows; n and N walk them,
# wrapping at either end.
wft "$(keys match <<K
n
:save-display $(screen m0)
/sa::<Enter>
:save-display $(screen m1)
n
:save-display $(screen m2)
n
:save-display $(screen m3)
N
:save-display $(screen m4)
N
N
:save-display $(screen m5)
K
)"
rows "$(screen m1)" > "$work/m1.rows"
check "n without a search says how to search" grep -q 'No search: press / to search' "$(screen m0)"
check "the search selects its first row" test "$(selected "$(screen m1)")" = "$(sed -n 1p "$work/m1.rows")"
check "n: the next matching row" test "$(selected "$(screen m2)")" = "$(sed -n 2p "$work/m1.rows")"
check "n again: the one after" test "$(selected "$(screen m3)")" = "$(sed -n 3p "$work/m1.rows")"
check "N: back one" test "$(selected "$(screen m4)")" = "$(sed -n 2p "$work/m1.rows")"
nsa=$(count "$(screen m1)")
last=$(awk -F'\t' 'tolower($3) ~ /sa::/ || tolower($2) ~ /sa::/' "$work/tokens" | wc -l)
check "N from the first row wraps to the last match" \
	sh -c 'foot() { sed -n "$2p" "$1"; }; foot "$1" 30 | grep -q "rows $(( ($3 - 1) / 25 * 25 + 1 ))-$3 of $3"' sh "$(screen m5)" 30 "$nsa"
check "every \"sa::\" token is in the view" test "$nsa" -eq "$last"
check "search words are not counted as filters: \"[0 filters]\" both" \
	sh -c 'grep -q "\[0 filters\] $3 tokens" "$1" && grep -q "\[0 filters\] $4 tokens" "$2"' sh "$(screen m1)" "$(screen m0)" "$nsa" "$total"

# ---- * marks what the search shows ---------------------------------------------------
nsvc=$(grep -c 'SERVICE' "$work/tokens")
wft "$(keys star <<K
/type:service<Enter>
*
:save-display $(screen s1)
x
:save-display $(screen s2)
<Esc>
:save-display $(screen s3)
K
)"
check "* marks every matching row (toast)" grep -q "$nsvc tokens marked" "$(screen s1)"
check "the footer counts the marks" grep -q "  $nsvc marked" "$(screen s1)"
check "marked rows show a star" test "$(grep -c '^[^|]*|\* \*\*\*\*-' "$(screen s1)")" -eq 25
# With the search cleared, service tokens keep their star and user tokens have none.
nstar=$(grep -c '^[^|]*|\* \*\*\*\*-.*Service' "$(screen s2)")
nplain=$(grep -c '^[^|]*|  \*\*\*\*-.*User' "$(screen s2)")
nbad=$(grep -c '^[^|]*|\* \*\*\*\*-.*User' "$(screen s2)")
check "after x only the service tokens stay marked" sh -c "[ $nstar -gt 0 ] && [ $nplain -gt 0 ] && [ $nbad -eq 0 ]"
check "Esc clears the marks" sh -c 'grep -q "Marks cleared" "$1" && ! grep -q " marked" "$1"' sh "$(screen s3)"

# ---- :page-size ---------------------------------------------------------------------------
wft "$(keys psize <<K
:page-size 10
:save-display $(screen p1)
<PgDown>
:save-display $(screen p2)
:page-size 0
:save-display $(screen p3)
:page-size 50
<Home>
$(i=0; while [ $i -lt 40 ]; do printf '<Down>'; i=$((i + 1)); done)
:save-display $(screen p4)
:page-size auto
:save-display $(screen p5)
K
)"
check ":page-size 10: ten rows a page" grep -q "rows 1-10 of $total  page 1/$(( (total + 9) / 10 ))" "$(screen p1)"
check "and the table shows ten rows" test "$(rows "$(screen p1)" | wc -l)" -eq 10
check "PgDn moves ten rows" grep -q "rows 11-20 of $total" "$(screen p2)"
check ":page-size 0 is refused with the range" grep -q 'page-size takes a number from 1 to 1000' "$(screen p3)"
check ":page-size 50: a page taller than the window" grep -q "rows 1-50 of $total" "$(screen p4)"
rows "$(screen p4)" > "$work/p4.rows"
check "the selected row 41 scrolls into sight, as the last row shown" \
	test "$(selected "$(screen p4)")" = "$(tail -n 1 "$work/p4.rows")"
check ":page-size auto fits the window again (row 41 is on page 2)" \
	grep -q "rows 26-50 of $total  page 2/" "$(screen p5)"

# ---- the help overlay's filter ---------------------------------------------------------
wft "$(keys help <<K
?
:save-display $(screen h1)
mark
:save-display $(screen h2)
q
:save-display $(screen h3)
<Esc>
:save-display $(screen h4)
K
)"
check "help lists every action" sh -c 'grep -q "reload" "$1" && grep -q "revoke" "$1" && grep -q "sort-menu" "$1"' sh "$(screen h1)"
check "typing narrows it to the matching actions" \
	sh -c 'grep -q "m  *mark " "$1" && grep -q "mark-matching" "$1" && ! grep -q "reload" "$1" && ! grep -q "sort-menu" "$1"' sh "$(screen h2)"
check "q is typed into a non-empty filter, not a close" grep -q 'Help (API Tokens): type to filter \[markq\]' "$(screen h3)"
check "Esc closes the overlay" sh -c '! grep -q "Help: type to filter" "$1" && grep -q "rows 1-25" "$1"' sh "$(screen h4)"
