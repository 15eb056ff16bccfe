#!/bin/sh
# test_onboarded.sh: an instance onboarded to VMware Cloud services
# (wftokens-sandbox --csp-onboarded). The console recognises it from its
# answers and says so in the header ([VMware Cloud]); renaming a user's
# token is refused before any prompt, with the reason, and nothing is sent;
# service-account tokens are renamed as anywhere. --demo --csp-onboarded
# shows the same instance (signed in through CSP); --demo alone does not.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 10

sb_start --seed 60 --csp-onboarded
tokens > "$work/tokens"
check "the sandbox lists CSP user accounts and no USER_ACCOUNT" \
	sh -c 'grep -q "	CSP_USER_ACCOUNT	" "$1" && ! grep -q "	USER_ACCOUNT	" "$1"' sh "$work/tokens"

# ---- a user's token: the header badge, the rename refused before a prompt ----
user=$(awk -F'\t' '$4 == "CSP_USER_ACCOUNT"' "$work/tokens" | sed -n 1p)
uid=$(echo "$user" | cut -f1)
uname=$(echo "$user" | cut -f2)
wft "$(keys user <<K
/id:$uid<Enter>
:save-display $(screen u1)
r
:save-display $(screen u2)
<C-u>should not be sent<Enter>
:save-display $(screen u3)
K
)"
check "the header says [VMware Cloud]" sh -c 'sed -n 1p "$1" | grep -qF "[VMware Cloud]"' sh "$(screen u1)"
check "the token is on screen" test "$(count "$(screen u1)")" -eq 1
check "rename of a user token is refused with the reason, before any prompt" \
	sh -c 'grep -q "Cannot rename \*\*\*\*-\.\.\.-.*onboarded to VMware Cloud services" "$1" &&
	       tr "\n" " " < "$1" | grep -q "user API tokens *are managed in VMware Cloud services" &&
	       ! grep -q "Rename \*\*\*\*-\.\.\.-.* to:" "$1"' sh "$(screen u2)"
check "the name on the server is unchanged" \
	test "$(api GET "/api/v2/apitoken/customertokens/$uid" | jq -r .response.name)" = "$uname"
check "the id is not shown whole" sh -c '! sed 2d "$1" | grep -qF "$2"' sh "$(screen u2)" "$uid"

# ---- a service account's token is renamed as anywhere ----
sid=$(awk -F'\t' '$4 == "SERVICE_ACCOUNT"' "$work/tokens" | sed -n 2p | cut -f1)
wft "$(keys sa <<K
/id:$sid<Enter>
r
<C-u>renamed on an onboarded instance<Enter>
:save-display $(screen s1)
K
)"
check "a service-account token is renamed (T7 applies there)" \
	test "$(api GET "/api/v2/apitoken/customertokens/$sid" | jq -r .response.name)" = "renamed on an onboarded instance"

# ---- the demo ----
WFTOKENS_DEMO_TOKENS=40 WFTOKENS_DEMO_SEED=3 wft "$(keys demo_csp <<K
:save-display $(screen d1)
K
)" --demo --csp-onboarded
check "--demo --csp-onboarded shows [VMware Cloud] and its tokens" \
	sh -c 'sed -n 1p "$1" | grep -qF "[VMware Cloud]" && test "$(sed -n 2p "$1" | grep -oE "[0-9]+ tokens?$" | cut -d" " -f1)" -ge 40' \
	sh "$(screen d1)"
WFTOKENS_DEMO_TOKENS=40 WFTOKENS_DEMO_SEED=3 wft "$(keys demo <<K
:save-display $(screen d2)
K
)" --demo
check "--demo alone does not" sh -c 'sed -n 1p "$1" | grep -q "demo" && ! grep -qF "[VMware Cloud]" "$1"' sh "$(screen d2)"
check "--csp-onboarded without --demo is refused" \
	sh -c '! "$1" --csp-onboarded 2> "$2" && grep -q "goes with --demo" "$2"' sh "$bin" "$work/refused.err"
