#!/bin/sh
# test_server_search.sh: the server-side mode on its own: chosen by the
# profile's server_search_threshold (the list is then never downloaded:
# an answer cap too small for it does not matter), not chosen below it;
# the terms the server cannot say applied to each page and named in the
# search bar; a revoke on a later page reads that page again.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 22

sb_start --seed 6000
tokens > "$work/tokens"
total=$(wc -l < "$work/tokens")
# profile THRESHOLD: the whole list (about 1.5 MB) is over max_answer_mb.
profile() {
	printf '[default]\nundo_seconds = 0\nmax_answer_mb = 1\nserver_search_threshold = %s\n' \
		"$1" > "$work/config/wftokens/config"
	chmod 600 "$work/config/wftokens/config"
}
pages=$(( (total + 24) / 25 ))
commas() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
# The names of the rows of a saved display (their first word).
names() { grep '|[ *] \*\*\*\*-\.\.\.-' "$1" | sed 's/.*\*\*\*\*-\.\.\.-[0-9a-f]\{4\} //' | awk '{ print $1 }'; }
gone() { ! token_exists "$1"; }

# ---- over the threshold ---------------------------------------------------------
profile 5000
wft "$(keys over <<K
:save-display $(screen o1)
<PgDown>
:save-display $(screen o2)
K
)"
check "exits 0" test $? -eq 0
check "more tokens than the threshold: the server-side mode" \
	grep -q "server search: $(commas "$total") tokens$" "$(screen o1)"
check "the footer says why" grep -q "Searching on the server: $(commas "$total") tokens (over 5000)" "$(screen o1)"
check "the first page is shown without the list (over max_answer_mb)" \
	sh -c 'grep -q "rows 1-25 of " "$1" && test "$(grep -c "\*\*\*\*-\.\.\.-" "$1")" -ge 25 &&
	       ! grep -q "Could not" "$1"' sh "$(screen o1)"
check "PgDown fetches page 2" grep -q "rows 26-50 of .*  page 2/$pages" "$(screen o2)"

# ---- under it -------------------------------------------------------------------------
profile 100000
wft "$(keys under <<K
:save-display $(screen u1)
K
)"
check "fewer tokens than the threshold: the list is downloaded (and here cut off, partial)" \
	sh -c '! grep -q "server search" "$1" && grep -q "The load failed (.*max_answer_mb" "$1" &&
	       grep -q "the list is partial" "$1"' \
	sh "$(screen u1)"

# ---- --server-search-threshold N over the profile's ----------------------------------
wft "$(keys opt_over <<K
:save-display $(screen t1)
K
)" --server-search-threshold 5000
check "--server-search-threshold 5000 over the profile's 100000: the server-side mode" \
	grep -q "server search: $(commas "$total") tokens$" "$(screen t1)"
profile 5000
wft "$(keys opt_under <<K
:save-display $(screen t2)
K
)" --server-search-threshold 100000
check "--server-search-threshold 100000 over the profile's 5000: the list is downloaded" \
	sh -c '! grep -q "server search" "$1" && grep -q "max_answer_mb" "$1"' sh "$(screen t2)"

# ---- terms applied locally ---------------------------------------------------------
profile 5000
nci=$(awk -F'\t' 'tolower($2) ~ /-ci-/' "$work/tokens" | wc -l)
COLS=140 wft "$(keys local <<K
/name:-ci- name:/^[a-z]+-ci-[0-9]+$/<Enter>
:save-display $(screen l1)
K
)"
check "the regex is named as local in the search bar" \
	grep -qF '(local: name:/^[a-z]+-ci-[0-9]+$/)' "$(screen l1)"
check "the server counts what it can say (name:-ci-: $nci)" \
	grep -q "server search: $(commas "$nci") tokens$" "$(screen l1)"
names "$(screen l1)" > "$work/l1.names"
kept=$(wc -l < "$work/l1.names")
check "rows are shown ($kept), and each matches the local term" \
	sh -c 'test "$2" -ge 1 && ! grep -qv "^[a-z]*-ci-[0-9]*$" "$1"' sh "$work/l1.names" "$kept"
check "the footer counts the rows the local terms kept" grep -q "local terms kept $kept" "$(screen l1)"

tail4=$(sed -n 3p "$work/tokens" | cut -f1 | tail -c 5)
wft "$(keys tail <<K
/$tail4<Enter>
:save-display $(screen t1)
K
)"
check "a word that may be an id's end is applied locally" grep -q "(local: $tail4)" "$(screen t1)"
check "and not sent: the server counts every token" \
	grep -q "server search: $(commas "$total") tokens$" "$(screen t1)"

# ---- nothing found ---------------------------------------------------------------
wft "$(keys none <<K
/zzqqzz-none<Enter>
:save-display $(screen n1)
K
)"
check "a search that finds nothing says so (not that the organisation has none)" \
	sh -c 'grep -q "No token matches the search and filters" "$1" && ! grep -q "has no API tokens" "$1"' sh "$(screen n1)"
check "and counts 0" grep -q "server search: 0 tokens$" "$(screen n1)"

# ---- an account chosen in the side panel -----------------------------------------
acct=$(awk -F'\t' '$4 == "SERVICE_ACCOUNT" { print $3 }' "$work/tokens" | sort | uniq -c | sort -rn | awk 'NR == 1 { print $2 }')
nacct=$(awk -F'\t' -v a="$acct" '$3 == a' "$work/tokens" | wc -l)
wft "$(keys acct <<K
<Tab>F$acct<Enter>
:save-display $(screen a1)
/zzqqzz-none<Enter>
:save-display $(screen a2)
K
)"
check "F, the account's name, Enter: its $nacct tokens from the server" \
	grep -q "\[1 filter\] server search: $nacct tokens$" "$(screen a1)"
check "a search its tokens do not match still lists the chosen account" \
	grep -qF "[x] $(printf %.12s "$acct")" "$(screen a2)"

# ---- revoke on page 2 ---------------------------------------------------------------
wft "$(keys rev <<K
<PgDown><Down><Down>
:save-display $(screen r0)
dy
:save-display $(screen r1)
K
)"
victim=$(selected "$(screen r0)" | sed 's/.*-//')
vid=$(grep "^[^	]*$victim	" "$work/tokens" | cut -f1)
check "a token on page 2 was selected" test -n "$vid"
check "revoked on the server" gone "$vid"
check "the page was read again: one token fewer, still page 2" \
	sh -c 'grep -q "rows 26-50 of .*  page 2/" "$1" && grep -q "Revoked \*\*\*\*-\.\.\.-$2" "$1"' \
	sh "$(screen r1)" "$victim"
check "the revoked token left the page" sh -c '! grep -q "|[ *] \*\*\*\*-\.\.\.-$2 " "$1"' sh "$(screen r1)" "$victim"
