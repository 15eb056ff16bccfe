#!/bin/sh
# test_since.sh: SINCE LAST SESSION. A normal quit keeps the token list's
# fingerprint (0600, no full id in it); changes then made through the
# sandbox's API (a token created, one revoked, one used for the first time,
# one whose last use moves back past 30 days) are counted in the side panel
# at the next start against the same instance, each filter shows exactly
# its rows, and Enter on "Revoked" lists the revoked token, masked.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 20

sb_start --seed 40
now=$(($(date +%s) * 1000))
day=86400000
state="$work/home/.local/state/wftokens"
tokens > "$work/tokens0"
# A never-used token to be used for the first time, one used 20 days ago
# that will go stale, one to revoke: service-account tokens, all different.
svc=$(awk -F'\t' '$4 == "SERVICE_ACCOUNT"' "$work/tokens0")
uid=$(echo "$svc" | sed -n 1p | cut -f1)
sid=$(echo "$svc" | sed -n 2p | cut -f1)
rid=$(echo "$svc" | sed -n 3p | cut -f1)
rname=$(echo "$svc" | sed -n 3p | cut -f2)
racct=$(echo "$svc" | sed -n 3p | cut -f3)
# The service account with the fewest tokens takes two more (20 at most).
sa=$(echo "$svc" | cut -f3 | sort | uniq -c | sort -n | awk 'NR == 1 { print $2 }')
api POST /_sandbox/last-used "{\"id\": \"$uid\", \"lastUsed\": 0}" > /dev/null
api POST /_sandbox/last-used "{\"id\": \"$sid\", \"lastUsed\": $((now - 20 * day))}" > /dev/null

# ---- the first session: a normal quit keeps the fingerprint ----
COLS=120 wft "$(keys first <<K
:save-display $(screen a1)
:q
K
)"
fp=$(ls "$state"/fingerprint-*.tsv 2>/dev/null | head -1)
# The tokens a fingerprint file holds (its first line says how many).
held() { test "$(head -1 "$1" | cut -f4)" -eq $(($(wc -l < "$1") - 1)) && head -1 "$1" | cut -f4; }
check "a normal quit kept a fingerprint" test -s "$fp"
check "the fingerprint is 0600" test "$(stat -c %a "$fp")" = 600
check "the first session shows no SINCE LAST SESSION" sh -c '! grep -q "SINCE LAST" "$1"' sh "$(screen a1)"
check "the fingerprint lists every token" \
	test "$(held "$fp")" -eq "$(wc -l < "$work/tokens0")"

# ---- changes through the sandbox's API ----
new1=$(api POST "/api/v2/apitoken/serviceaccount/$sa" '{"tokenName": "since-new-1"}' |
	jq -r '.response[] | select(.tokenName == "since-new-1") | .tokenID')
new2=$(api POST "/api/v2/apitoken/serviceaccount/$sa" '{"tokenName": "since-new-2"}' |
	jq -r '.response[] | select(.tokenName == "since-new-2") | .tokenID')
api PUT /api/v2/apitoken/customertokens/revoke "{\"tokenID\": \"$rid\"}" > /dev/null
curl -s -H "Authorization: Bearer $uid" "$URL/api/v2/apitoken" > /dev/null
api POST /_sandbox/last-used "{\"id\": \"$sid\", \"lastUsed\": $((now - 40 * day))}" > /dev/null
check "the sandbox recorded the first use" \
	test "$(api GET "/api/v2/apitoken/customertokens/$uid" | jq '.response.lastUsed // 0')" -gt 0
if token_exists "$rid"; then gone=no; else gone=yes; fi
check "the revoked token is gone" test "$gone" = yes
tokens > "$work/tokens1"

# ---- the second session: counts, filters, the revoked list ----
# From the accounts box (F Enter), Up goes to Mine, Went stale, First
# used, Revoked, Created.
COLS=120 ROWS=40 wft "$(keys second <<K
:save-display $(screen b1)
F<Enter><Up><Up><Up><Up><Up><Enter>
:save-display $(screen created)
<Enter><Down><Down><Enter>
:save-display $(screen firstused)
<Enter><Down><Enter>
:save-display $(screen stale)
<Enter><Up><Up><Enter>
:save-display $(screen revoked)
<Esc>
:q
K
)"
entry() { grep -o "$2 *[0-9]*" "$1" | head -1 | grep -oE '[0-9]+$'; }
check "SINCE LAST SESSION is shown" grep -q "SINCE LAST SESSION" "$(screen b1)"
check "created: 2" test "$(entry "$(screen b1)" "Created")" = 2
check "revoked: 1" test "$(entry "$(screen b1)" "Revoked")" = 1
check "first used: 1" test "$(entry "$(screen b1)" "First used")" = 1
check "went stale: 1" test "$(entry "$(screen b1)" "Went stale")" = 1
tail4() { echo "$1" | tail -c 5; }
# shows SCREEN PICK TAIL...: the bar names the pick, and the table holds
# exactly the rows whose ids end in TAIL...
shows() {
	_f=$1; _p=$2; shift 2
	grep -q "\[$_p\]" "$_f" && test "$(count "$_f")" = $# || return 1
	for _t in "$@"; do grep -q -- "-...-$_t " "$_f" || return 1; done
}
check "the created filter shows exactly the two new tokens" \
	shows "$(screen created)" "since: created" "$(tail4 "$new1")" "$(tail4 "$new2")"
check "the first-used filter shows exactly the token used" \
	shows "$(screen firstused)" "since: first used" "$(tail4 "$uid")"
check "the went-stale filter shows exactly the token that went stale" \
	shows "$(screen stale)" "since: went stale" "$(tail4 "$sid")"
check "Enter on Revoked lists it: masked id, name, account" \
	sh -c 'grep -q "Revoked since" "$1" && grep -q -- "\*\*\*\*-\.\.\.-$2 *$3 *$4" "$1"' \
	sh "$(screen revoked)" "$(tail4 "$rid")" "$rname" "$racct"

# ---- the fingerprint never holds a full id ----
leak=0
for id in $(cut -f1 "$work/tokens0" "$work/tokens1"); do
	if grep -qF -e "$id" -e "${id#*-*-*-*-}" "$state"/fingerprint-*; then leak=1; fi
done
check "no fingerprint file holds a full id (or its last 12 characters)" test "$leak" = 0
check "the key is 0600" test "$(stat -c %a "$state/fingerprint.key")" = 600
check "the second quit took a new fingerprint: nothing changed since" \
	test "$(held "$fp")" -eq "$(wc -l < "$work/tokens1")"

# ---- only a normal quit keeps one ----
saved=$(head -1 "$fp" | cut -f3)
api POST "/api/v2/apitoken/serviceaccount/$sa" '{"tokenName": "since-new-3"}' > /dev/null
wft "$(keys third <<K
:save-display $(screen c1)
K
)"
check "a session that ends without a quit leaves the fingerprint as it was" test "$(head -1 "$fp" | cut -f3)" = "$saved"
COLS=120 ROWS=40 wft "$(keys fourth <<K
:save-display $(screen c2)
K
)"
check "so the next start still counts the token created before it" \
	test "$(entry "$(screen c2)" "Created")" = 1
