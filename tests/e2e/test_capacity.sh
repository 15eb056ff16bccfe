#!/bin/sh
# test_capacity.sh: capacity at a glance. The Service Accounts tab shows
# N/20 per account (sortable); l and :near-limit show only the accounts
# with 18 tokens or more; in an account's dialog, with 3 or fewer slots
# left, the three stalest tokens are named as candidates to revoke, ranked
# by the staleness rule (last use, else generation; none of the last day),
# checked against the sandbox's own list at 18 and at 20 tokens.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 14

sb_start --seed 80
export COLS=120 ROWS=40
gen() { api POST "/api/v2/apitoken/serviceaccount/$1" "{\"tokenName\":\"$2\"}" > /dev/null; }
mk() { api POST /api/v2/account/serviceaccount "{\"identifier\":\"$1\",\"description\":\"$2\",\"active\":true}" > /dev/null; }
ntok() { api GET "/api/v2/apitoken/serviceaccount/$1" | jq '.response | length'; }
fill() { while [ "$(ntok "$1")" -lt "$2" ]; do gen "$1" filler; done; }
# The accounts of a saved display of the tab, sorted, one a line.
shown() { sed -n '4,37p' "$1" | grep -o 'sa::[^ ]*' | LC_ALL=C sort; }
now_ms=$(($(date +%s) * 1000))

# A seeded account with tokens of many ages, brought to 18.
sa=$(api GET /api/v2/apitoken/customertokens | jq -r --argjson now "$now_ms" '
	[.response[] | select(.accountType == "SERVICE_ACCOUNT")] | group_by(.account) | map(select(length < 18))
	| max_by([.[] | (if (.lastUsed // 0) > 0 then .lastUsed else (.dateGenerated // 0) end) | select($now - . >= 86400000)] | length)
	| .[0].account')
stalest() {
	api GET /api/v2/apitoken/customertokens | jq -r --arg a "$sa" --argjson now "$now_ms" '
		[.response[] | select(.account == $a) | {id, t: (if (.lastUsed // 0) > 0 then .lastUsed else (.dateGenerated // 0) end)}
		 | select(.t == 0 or $now - .t >= 86400000)] | sort_by(.t) | .[0:3][] | "****-...-" + .id[-4:]'
}
fill "$sa" 18
mk sa::cap-full "at the limit"; fill sa::cap-full 20
mk sa::cap-17 "three left, all new"; fill sa::cap-17 17
mk sa::cap-few "plenty of room"; gen sa::cap-few one
# The accounts with 18 tokens or more, as the sandbox has them.
api GET /api/v2/account/serviceaccount | jq -r '.response[] | select((.tokens | length) >= 18) | .identifier' |
	LC_ALL=C sort > "$work/near"
total=$(api GET /api/v2/account/serviceaccount | jq '.response | length')

# ---- the tab: N/20, the filter --------------------------------------------------------------------
wft "$(keys tab <<K
2
:sort tokens desc
:save-display $(screen all)
l
:save-display $(screen near)
l
:save-display $(screen again)
:near-limit
:save-display $(screen cmd)
x
:save-display $(screen cleared)
K
)"
check "the tab shows N/20 per account" grep -q "sa::cap-full .* 20/20" "$(screen all)"
check "18 of 20 for the seeded account" grep -q "$sa .* 18/20" "$(screen all)"
shown "$(screen near)" > "$work/near.shown"
check "l shows exactly the accounts with 18 tokens or more" sh -c 'test -s "$1" && cmp -s "$1" "$2"' sh "$work/near" "$work/near.shown"
check "and says so above the table" grep -q "accounts near the limit (>= 18 tokens)" "$(screen near)"
check "l again shows them all" grep -q " $total accounts\$" "$(screen again)"
shown "$(screen cmd)" > "$work/cmd.shown"
check ":near-limit does the same as l" cmp -s "$work/near" "$work/cmd.shown"
check "x clears it" grep -q " $total accounts\$" "$(screen cleared)"

# ---- the dialog's candidates -------------------------------------------------------------------------
stalest > "$work/stalest18"
wft "$(keys d18 <<K
2
/$sa<Enter>
<Enter>
:save-display $(screen d18)
<Esc>
<Esc>
/<C-u>cap-17<Enter>
<Enter>
:save-display $(screen d17)
<Esc>
<Esc>
/<C-u>cap-few<Enter>
<Enter>
:save-display $(screen dfew)
K
)"
cands() { grep -o 'candidate  \*\*\*\*-\.\.\.-[0-9a-f]*' "$1" | sed 's/candidate  //'; }
cands "$(screen d18)" > "$work/c18"
check "at 18: the heading names the candidates" grep -q "Near the limit: the stalest, to revoke first:" "$(screen d18)"
# Only tokens quiet for a day or more are named: up to three.
check "at 18: the stalest (up to three), in the rule's order" sh -c 'test -s "$1" && cmp -s "$1" "$2"' sh "$work/stalest18" "$work/c18"
check "at 17, all new: none is named, and it says why" \
	sh -c 'grep -q "none is stale: every token was used or generated in the last day" "$1" && ! grep -q "candidate  " "$1"' sh "$(screen d17)"
check "with room to spare: no candidates at all" sh -c '! grep -q "Near the limit" "$1" && ! grep -q "candidate  " "$1"' sh "$(screen dfew)"

fill "$sa" 20
stalest > "$work/stalest20"
wft "$(keys d20 <<K
2
/$sa<Enter>
<Enter>
:save-display $(screen d20)
g
:save-display $(screen d20g)
K
)"
cands "$(screen d20)" > "$work/c20"
check "at 20: the same ones, in order" sh -c 'test -s "$1" && cmp -s "$1" "$2" && cmp -s "$1" "$3"' sh "$work/stalest20" "$work/c20" "$work/c18"
check "and g is refused, naming the same ones" \
	sh -c 'tr -d "\n" < "$1" | tr -s " " | grep -q "Maximum of 20 tokens - 0 remaining. Revoke one first"' sh "$(screen d20g)"
check "nothing was generated past 20" test "$(ntok "$sa")" -eq 20
