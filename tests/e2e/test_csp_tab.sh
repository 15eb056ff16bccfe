#!/bin/sh
# test_csp_tab.sh: the VMware Cloud tab (3) signed in with a CSP API token
# that expires in 9 days: the expiry in the header and the warning at
# start; an OAuth app created (its secret handed over once, and it signs
# in), its secret regenerated (the old one no longer signs in, the new one
# does) and the app deleted; a CSP API token generated for yourself and
# handed over (its details on the server). Checked through the CSP API.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/csp.sh"
plan 28

csp_sb_start

# ---- the expiry: header, message at start, the token's details ----
wcsp "$(keys start <<K
:save-display $(screen e1)
3
<Tab>
:save-display $(screen e2)
L
:save-display $(screen e3)
K
)"
check "the header says when the sign-in expires" \
	sh -c 'sed -n 1p "$1" | grep -q "\[sign-in expires in [89] days\]"' sh "$(screen e1)"
check "a warning at start: the token expires and how to replace it" \
	sh -c 'tr "\n" " " < "$1" | grep -q "Your CSP API token \"wftokens console\" expires on .*generate a *replacement"' sh "$(screen e3)"
check "the token section shows name, expiry, roles, status" \
	sh -c 'grep -q "Name: *wftokens console" "$1" && grep -q "Expires: *20[0-9-]*" "$1" &&
	       grep -q "Roles: *org_member" "$1" && grep -q "Status: *active" "$1" &&
	       grep -q "expires 20[0-9-]* (in [89] days): generate a replacement" "$1"' sh "$(screen e2)"
wcsp "$(keys browse <<K
3
/grafana<Enter>
:save-display $(screen b1)
x
:sort ttl desc
:save-display $(screen b2)
s
<Down><Down><Down><Enter>
:save-display $(screen b3)
S
:save-display $(screen b4)
K
)"
# The first app row of a screen (row 6: after the header, sections, sign-in, search bar, titles).
first_app() { sed -n 6p "$1" | sed 's/^[> ] *//' | cut -c1-18 | sed 's/ *$//'; }
check "search narrows the apps" sh -c 'grep -q " 1 apps" "$1" && grep -q "grafana-reader" "$1"' sh "$(screen b1)"
check ":sort ttl desc puts the longest TTL first" test "$(first_app "$(screen b2)")" = backup-exporter
check "the sort menu (Last used: newest first) and S reverses it" \
	sh -c 'grep -q "Last used v" "$1" && sed -n 6p "$1" | grep -q "just now" &&
	       grep -q "Last used ^" "$2" && sed -n 6p "$2" | grep -q "never"' sh "$(screen b3)" "$(screen b4)"
wcsp "$(keys help <<K
:csp-app-create
:save-display $(screen hp1)
3
?
:save-display $(screen hp0)
<End>
:save-display $(screen hp2)
K
)"
check "a tab action elsewhere says where it belongs" \
	grep -q "csp-app-create belongs to the VMware Cloud tab (3 shows it)" "$(screen hp1)"
check "the help of the tab lists its actions from the action table" \
	sh -c 'grep -q "Help (VMware Cloud)" "$1" && grep -q "csp-deactivate" "$1" && grep -q "csp-token-lookup" "$1" &&
	       ! grep -q "near-limit\|revoke " "$1"' sh "$(screen hp2)"
COLS=80 ROWS=24 wcsp "$(keys narrow <<K
:save-display $(screen e4)
K
)"
check "its help lists no action of the other tabs' dialogs (undo, update)" \
	sh -c '! grep -q " undo \| update " "$1" "$2"' sh "$(screen hp0)" "$(screen hp2)"
check "at 80 columns the tabs stay whole and the expiry is short" \
	sh -c 'sed -n 1p "$1" | grep -q "Service Accounts | VMware Cloud \[[89]d left\]"' sh "$(screen e4)"
check "the sign-in token is never on screen" sh -c '! grep -qF "$1" "$2" "$3" "$4"' sh "$CSP" \
	"$(screen e1)" "$(screen e2)" "$(screen e3)"

# ---- an OAuth app: create -> hand-over -> regenerate -> delete ----
export WFTOKENS_OSC52_FILE="$work/osc-create"
wcsp "$(keys app1 <<K
3
a
e2e-app<Tab>made by the screen test<Tab><C-u>45<Tab><Tab><Space><Tab><Tab><Tab><Tab><Tab><Space>
<Enter>
:save-display $(screen a1)
c
q
:save-display $(screen a2)
K
)"
unset WFTOKENS_OSC52_FILE
app=$(apps | awk -F'\t' '$2 == "e2e-app" { print $1 }')
secret1=$(clip "$work/osc-create")
capi GET "/orgs/$ORG/oauth-apps/$app" > "$work/app.json"
check "the app exists on the server, with its TTL and roles" \
	sh -c 'test -n "$1" && jq -e ".accessTokenTTL == 2700 and
	       .description == \"made by the screen test\" and
	       ([.allowedScopes.organizationScopes.roles[].name] == [\"developer\"]) and
	       ([.allowedScopes.servicesScopes[0].roles[].name] == [\"aoa:viewer\"])" "$2" > /dev/null' sh "$app" "$work/app.json"
check "the hand-over showed the client id and the secret" \
	sh -c 'grep -q "New OAuth app secret" "$1" && grep -qF "Client ID: $2" "$1" && grep -qF "$3" "$1"' \
	sh "$(screen a1)" "$app" "$secret1"
check "the copied secret signs in as the app" test -n "$(app_access "$app" "$secret1")"
check "after the hand-over the secret is gone from the screen" \
	sh -c 'grep -q "e2e-app" "$1" && ! grep -qF "$2" "$1"' sh "$(screen a2)" "$secret1"

# ---- edit the app; add another app to the organisation ----
wcsp "$(keys edit <<K
3
/e2e-app<Enter>
e
:save-display $(screen ed1)
<C-u>e2e-app<Tab><C-u>edited by the test<Tab><C-u>90<Enter>
:save-display $(screen ed2)
/<C-u>k8s-collector<Enter>
o
<Space><Enter>
:save-display $(screen og1)
/<C-u>terraform-ci<Enter>
o
<Space><Enter>
:save-display $(screen og2)
K
)"
capi GET "/orgs/$ORG/oauth-apps/$app" > "$work/app2.json"
check "edit: the form holds the app's fields; saved, and so on the server" \
	sh -c 'grep -q "Token TTL (minutes): 45" "$1" && grep -q "Saved e2e-app" "$2" &&
	       jq -e ".description == \"edited by the test\" and .accessTokenTTL == 5400" "$3" > /dev/null' \
	sh "$(screen ed1)" "$(screen ed2)" "$work/app2.json"
capi POST "/orgs/$ORG/clients" '{"ids":["sandbox-app-k8s"],"organizationRoles":[{"name":"org_member"}]}' > "$work/again.json"
check "add to the organisation: said, and on the server a second add is refused as already there" \
	sh -c 'grep -q "Added to the organisation: k8s-collector" "$1" &&
	       jq -e ".failures[0].id == \"sandbox-app-k8s\"" "$2" > /dev/null' sh "$(screen og1)" "$work/again.json"
check "an app already in the organisation: refused with the server's reason" \
	grep -q "Not added: terraform-ci (.*)" "$(screen og2)"

export WFTOKENS_OSC52_FILE="$work/osc-regen"
wcsp "$(keys app2 <<K
3
/e2e-app<Enter>
R
:save-display $(screen r1)
y
:save-display $(screen r2)
c
q
K
)"
unset WFTOKENS_OSC52_FILE
secret2=$(clip "$work/osc-regen")
check "the question says running scripts will break, No is the default" \
	sh -c 'grep -q "Regenerate the secret of e2e-app?" "$1" && grep -q "running scripts" "$1" &&
	       grep -q "will break" "$1" && grep -q "n No (default)" "$1"' sh "$(screen r1)"
check "the new secret is handed over" \
	sh -c 'test -n "$2" && test "$2" != "$3" && grep -qF "$2" "$1"' sh "$(screen r2)" "$secret2" "$secret1"
old=$(app_access "$app" "$secret1")
new=$(app_access "$app" "$secret2")
check "the old secret no longer signs in, the new one does" test -z "$old" -a -n "$new"

wcsp "$(keys app3 <<K
3
/e2e-app<Enter>
d
:save-display $(screen d1)
<Enter>
:save-display $(screen d2)
d
y
:save-display $(screen d3)
K
)"
check "delete asks first; Enter answers No and nothing is deleted" \
	sh -c 'grep -q "Delete the OAuth app e2e-app?" "$1" && grep -q "Nothing was changed" "$2"' \
	sh "$(screen d1)" "$(screen d2)"
apps > "$work/apps.txt"
check "y deletes: said, and the app is gone from the server" \
	sh -c 'grep -q "Deleted e2e-app" "$1" && grep -q "terraform-ci" "$2" && ! grep -q "e2e-app" "$2"' \
	sh "$(screen d3)" "$work/apps.txt"
check "the journal has each change, before and after" \
	sh -c 'for a in csp-app-create csp-app-secret csp-app-delete; do
	         grep "\"$a\"" "$1" | grep -q "\"pending\"" && grep "\"$a\"" "$1" | grep -q "\"done\"" || exit 1
	       done; ! grep -qF "$2" "$1" && ! grep -qF "$3" "$1"' sh "$(journal_file)" "$secret1" "$secret2"

# ---- a CSP API token for yourself ----
export WFTOKENS_OSC52_FILE="$work/osc-token"
wcsp "$(keys gen <<K
3
g
:save-display $(screen g1)
replacement<Tab><C-u>30<Tab><Space><Enter>
:save-display $(screen g2)
c
q
K
)"
unset WFTOKENS_OSC52_FILE
newtok=$(clip "$work/osc-token")
check "the dialog offers no owner role and no All Roles" \
	sh -c 'grep -q "org_member" "$1" && ! grep -q "org_owner\|All Roles" "$1"' sh "$(screen g1)"
check "the new token is handed over once" \
	sh -c 'test -n "$2" && grep -q "New CSP API token" "$1" && grep -qF "$2" "$1"' sh "$(screen g2)" "$newtok"
details "$newtok" > "$work/newtok.json"
check "on the server: its name, a TTL of 30 days, its role" \
	jq -e '.tokenName == "replacement" and .deactivated == false and
	       ((.expiresAt - .createdAt) / 86400000 | floor) == 30 and
	       ([.allowedScopes.organizationScopes.roles[].name] == ["org_member"])' "$work/newtok.json"
check "it signs in" test -n "$(csp_access "$newtok")"
