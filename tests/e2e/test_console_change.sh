#!/bin/sh
# test_console_change.sh: revoke (one, three marked), rename, and a failing
# revoke, each from the keyboard in script mode, then checked through the
# sandbox's own API.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 19

sb_start --seed 80
tokens > "$work/tokens"
total=$(wc -l < "$work/tokens")
svc() { awk -F'\t' '$4 == "SERVICE_ACCOUNT"' "$work/tokens" | sed -n "$1p"; }

# ---- revoke one ----------------------------------------------------------------
id=$(svc 1 | cut -f1)
wft "$(keys one <<K
/id:$id<Enter>
d
:save-display $(screen c1)
y
:save-display $(screen c2)
K
)"
check "the dialog names the token and defaults to No" \
	sh -c 'grep -q "Revoke 1 token?" "$1" && grep -q "cannot be undone" "$1" && grep -q "n No (default)" "$1"' sh "$(screen c1)"
# The search bar holds the id the test typed; nothing else may show it.
check "the dialog masks the id" sh -c 'sed 2d "$1" | grep -qF "$2" && exit 1; grep -qF "****-...-$3" "$1"' sh "$(screen c1)" "$id" "$(printf %s "$id" | tail -c 4)"
gone() { ! token_exists "$1"; }
check "revoked: the sandbox no longer has it" gone "$id"
check "the row left the table" test "$(count "$(screen c2)")" -eq 0
if [ -n "$WFT_SERVER_SEARCH" ]; then
	check "server-side mode: the search was read again" grep -q "server search: 0 tokens$" "$(screen c2)"
else
	check "the search bar counts no token" grep -q "filters\] 0 tokens$" "$(screen c2)"
fi
check "the footer says so" grep -q "Revoked \*\*\*\*-\.\.\.-" "$(screen c2)"
check "the other tokens are untouched" test "$(tokens | wc -l)" -eq $((total - 1))
total=$((total - 1))

# ---- Enter (No) cancels ------------------------------------------------------------
id=$(svc 2 | cut -f1)
wft "$(keys no <<K
/id:$id<Enter>
d<Enter>
:save-display $(screen c3)
K
)"
check "Enter in the dialog revokes nothing" token_exists "$id"

# ---- revoke three marked -------------------------------------------------------------
acct=$(awk -F'\t' '$4 == "SERVICE_ACCOUNT" { print $3 }' "$work/tokens" | sort | uniq -c | sort -rn | awk 'NR == 1 { print $2 }')
awk -F'\t' -v a="$acct" '$3 == a { print $1 }' "$work/tokens" > "$work/acct.ids"
n_acct=$(wc -l < "$work/acct.ids")
wft "$(keys three <<K
/account:$acct<Enter>
mmm
d
:save-display $(screen b1)
y
:save-display $(screen b2)
<Enter>
:save-display $(screen b3)
K
)"
check "the bulk dialog lists the three" sh -c 'grep -q "Revoke 3 tokens?" "$1" && test "$(grep -c "\*\*\*\*-\.\.\.-.*sa::" "$1")" -ge 3' sh "$(screen b1)"
check "per-token results" sh -c 'grep -q "Revoke: results" "$1" && test "$(grep -c "revoked:" "$1")" -eq 3 && grep -q "3 revoked, 0 not revoked, 0 not confirmed" "$1"' sh "$(screen b2)"
left=0
while read -r t; do token_exists "$t" && left=$((left + 1)); done < "$work/acct.ids"
check "the sandbox lost exactly three of the account's tokens" test "$left" -eq $((n_acct - 3))
check "the table shows the rest" test "$(count "$(screen b3)")" -eq $((n_acct - 3))
total=$((total - 3))

# ---- rename --------------------------------------------------------------------------------
line=$(tokens | awk -F'\t' '$4 == "SERVICE_ACCOUNT" && $2 ~ /^[a-z]/' | sed -n 3p)
id=$(echo "$line" | cut -f1)
wft "$(keys rename <<K
/id:$id<Enter>
r
:save-display $(screen n1)
<C-u>renamed by the console<Enter>
:save-display $(screen n2)
K
)"
check "the prompt is filled with the current name" \
	sh -c 'grep -q "Rename \*\*\*\*-\.\.\.-.* to: $2" "$1"' sh "$(screen n1)" "$(echo "$line" | cut -f2)"
check "renamed on the server (service-account endpoint)" \
	test "$(api GET "/api/v2/apitoken/customertokens/$id" | jq -r .response.name)" = "renamed by the console"
check "the table shows the new name" grep -q "renamed by the console" "$(screen n2)"

# ---- a 500 during revoke ----------------------------------------------------------------------
id=$(tokens | awk -F'\t' '$4 == "SERVICE_ACCOUNT"' | sed -n 4p | cut -f1)
live_start
live <<K
/id:$id<Enter>
K
live_screen "$(screen e0)"
api POST /_sandbox/faults '{"fail_next":1,"status":500}' > /dev/null
live <<K
dy
K
live_screen "$(screen e1)"
live_end
check "the token was on screen" test "$(count "$(screen e0)")" -eq 1
check "the row stays" test "$(count "$(screen e1)")" -eq 1
check "the error is shown" grep -q "Could not revoke \*\*\*\*-\.\.\.-.*500" "$(screen e1)"
check "the sandbox still has the token" token_exists "$id"
