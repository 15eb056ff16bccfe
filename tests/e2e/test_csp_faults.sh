#!/bin/sh
# test_csp_faults.sh: the VMware Cloud tab when a change's answer is lost
# or garbled. The console never claims what the server state does not
# show: a delete answered with garbage is read back (gone: deleted); a
# delete whose connection drops is read back (still there: not deleted); a
# regeneration whose connection drops is "not confirmed" (a secret cannot
# be read back); a deactivation whose first batch drops is "not confirmed"
# for that batch and "not sent" for the rest. Checked through the CSP API.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/csp.sh"
plan 9

csp_sb_start
faults() { api POST /_sandbox/faults "$1" > /dev/null; }
mkapp() {
	capi POST "/orgs/$ORG/oauth-apps" "{\"displayName\":\"$1\",\"description\":\"fault test\",
	  \"grantTypes\":[\"client_credentials\"],\"accessTokenTTL\":600,
	  \"allowedScopes\":{\"organizationScopes\":{\"roles\":[{\"name\":\"org_member\"}]}}}"
}
mkapp fault-garbled > /dev/null
mkapp fault-dropped > /dev/null
made=$(mkapp fault-secret)
sid=$(echo "$made" | jq -r .clientId)
ssecret=$(echo "$made" | jq -r .clientSecret)

export CSP_API_TOKEN="$CSP"
live_start --auth csp-api-token --csp-url "$URL"
live <<K
3
/fault-garbled<Enter>
K
live_screen "$(screen f0)"
faults '{"garbage_next":1,"changes_only":1}'
live <<K
dy
K
live_screen "$(screen f1)"
faults '{}'
live <<K
/<C-u>fault-dropped<Enter>
K
live_screen "$(screen f2)"
faults '{"drop_next":1,"changes_only":1}'
live <<K
dy
K
live_screen "$(screen f3)"
faults '{}'
live <<K
/<C-u>fault-secret<Enter>
K
live_screen "$(screen f4)"
faults '{"drop_next":1,"changes_only":1}'
live <<K
Ry
K
live_screen "$(screen f5)"
faults '{}'
live <<K
D
c5b0a000-0000-4000-8000-00000000003 c5b0a000-0000-4000-8000-00000000004<Enter>
$(for i in $(seq 101 118); do printf 'c5b0a000-0000-4000-8000-000000000%s ' "$i"; done)<Enter>
<Enter>
K
live_screen "$(screen f6)"
# Deactivating is idempotent: the client tries again (and curl on a reused
# connection) before it gives up.
faults '{"drop_next":12,"changes_only":1}'
live <<K
y
K
live_screen "$(screen f7)"
faults '{}'
live_end
apps > "$work/apps"

check "garbled answer to a delete: read back, gone, said so" \
	sh -c 'grep -q "Deleted fault-garbled (read back" "$1" && ! grep -q "fault-garbled" "$2"' \
	sh "$(screen f1)" "$work/apps"
check "dropped delete: read back, still there, said so" \
	sh -c 'tr "\n" " " < "$1" | grep -q "Not deleted: fault-dropped is still there" &&
	       grep -q "fault-dropped" "$2"' sh "$(screen f3)" "$work/apps"
check "dropped regeneration: not confirmed, no secret handed over" \
	sh -c 'tr "\n" " " < "$1" | grep -q "Not confirmed whether the secret of fault-secret was regenerated" &&
	       ! grep -q "New OAuth app secret" "$1"' sh "$(screen f5)"
old=$(app_access "$sid" "$ssecret")
check "...and on the server the old secret still signs in (nothing was done)" test -n "$old"
check "dropped deactivation: the question named 20 ids in 2 requests" \
	grep -q "Deactivate 20 tokens, in 2 requests of at most 15?" "$(screen f6)"
check "dropped deactivation: the first batch not confirmed, the rest not sent, none claimed done" \
	grep -q "Deactivate 20 ids in 1 request: 0 deactivated, 0 refused, 15 not confirmed, 5 not sent." "$(screen f7)"
check "each not-confirmed id says why, masked" \
	grep -q "\*\*\*\*-\.\.\.-0003 *not confirmed: ." "$(screen f7)"
check "the journal: not confirmed and not sent, never done" \
	sh -c 'test "$(grep -c "\"csp-org-deactivate\".*\"not confirmed\"" "$1")" -eq 15 &&
	       test "$(grep -c "\"csp-org-deactivate\".*\"not sent\"" "$1")" -eq 5 &&
	       ! grep -q "\"csp-org-deactivate\".*\"done\"" "$1"' sh "$(journal_file)"
check "the secret regeneration is journaled as not confirmed" \
	grep -q '"csp-app-secret".*"not confirmed"' "$(journal_file)"
