#!/bin/sh
# test_since_large.sh: SINCE LAST SESSION at the sizes the console serves:
# against a sandbox of 30,000 tokens (the fingerprint's JSON form of old
# went over 4 MiB from about 20,000, was set aside as corrupt at every
# start, and the entry never showed), a normal quit keeps a fingerprint of
# every token, and the next start counts the token created and the one
# revoked through the sandbox's API. In the server-side search mode the
# entry says it needs the whole list, counts nothing, and the quit leaves
# the fingerprint as it was. A fingerprint of the older JSON form is set
# aside with a message, and the next quit writes the new form.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 16

sb_start --seed 30000
state="$work/home/.local/state/wftokens"
tokens > "$work/tokens0"
n0=$(wc -l < "$work/tokens0")
check "the sandbox holds about 30,000 tokens" test "$n0" -ge 25000

# ---- the first session: a normal quit keeps the fingerprint ----
COLS=120 wft "$(keys first <<K
:save-display $(screen a1)
:q
K
)"
fp=$(ls "$state"/fingerprint-*.tsv 2>/dev/null | head -1)
check "a normal quit kept a fingerprint" test -s "$fp"
check "its first line says how many tokens it holds: every one" \
	test "$(head -1 "$fp" | cut -f4)" -eq "$n0"
check "and a line follows for each" test $(($(wc -l < "$fp") - 1)) -eq "$n0"
check "it is well under 4 MiB a 20,000 tokens (about 100 bytes a token)" \
	test "$(stat -c %s "$fp")" -lt $((n0 * 120))

# ---- a token created and one revoked through the sandbox's API ----
svc=$(awk -F'\t' '$4 == "SERVICE_ACCOUNT"' "$work/tokens0")
rid=$(echo "$svc" | sed -n 1p | cut -f1)
sa=$(echo "$svc" | cut -f3 | sort | uniq -c | sort -n | awk 'NR == 1 { print $2 }')
new=$(api POST "/api/v2/apitoken/serviceaccount/$sa" '{"tokenName": "since-large-new"}' |
	jq -r '.response[] | select(.tokenName == "since-large-new") | .tokenID')
api PUT /api/v2/apitoken/customertokens/revoke "{\"tokenID\": \"$rid\"}" > /dev/null
if token_exists "$rid"; then gone=no; else gone=yes; fi
check "the sandbox created one and revoked the other" sh -c 'test -n "$1" && test "$2" = yes' \
	sh "$new" "$gone"

# ---- the second session: both counted, nothing set aside ----
COLS=120 ROWS=40 wft "$(keys second <<K
:save-display $(screen b1)
:q
K
)"
entry() { grep -o "$2 *[0-9]*" "$1" | head -1 | grep -oE '[0-9]+$'; }
check "SINCE LAST SESSION is shown" grep -q "SINCE LAST SESSION" "$(screen b1)"
check "created: 1" test "$(entry "$(screen b1)" "Created")" = 1
check "revoked: 1" test "$(entry "$(screen b1)" "Revoked")" = 1
check "no fingerprint was set aside" sh -c '! ls "$1" | grep -q corrupt' sh "$state"

# ---- the server-side mode: one page is no list ----
cp "$fp" "$work/fp.before"
api POST "/api/v2/apitoken/serviceaccount/$sa" '{"tokenName": "since-large-new-2"}' > /dev/null
WFT_SERVER_SEARCH=1 COLS=120 ROWS=40 wft "$(keys third <<K
:save-display $(screen c1)
:q
K
)"
check "server-side mode: SINCE LAST SESSION says it needs the whole list" \
	sh -c 'grep -q "SINCE LAST SESSION" "$1" && grep -q "needs the whole list" "$1"' sh "$(screen c1)"
check "and counts nothing" sh -c '! grep -qE "Created|Revoked|First used|Went stale" "$1"' \
	sh "$(screen c1)"
check "the quit left the fingerprint as it was (none from a page)" cmp -s "$fp" "$work/fp.before"

# ---- a fingerprint of the older JSON form ----
json=${fp%.tsv}.json
rm "$fp"
printf '{"version":1,"savedAt":1,"tokens":[]}\n' > "$json"
COLS=120 ROWS=40 wft "$(keys fourth <<K
:save-display $(screen d1)
:q
K
)"
check "the older form is set aside, with a message" \
	sh -c 'grep -q "older JSON form" "$1" && ! test -e "$2" && ls "$2".corrupt-*' \
	sh "$(screen d1)" "$json"
check "nothing is counted against it" sh -c '! grep -q "SINCE LAST SESSION" "$1"' sh "$(screen d1)"
check "the quit wrote the new form" test "$(head -1 "$fp" | cut -f1,2)" = "$(printf 'wftokens-fingerprint\t2')"
