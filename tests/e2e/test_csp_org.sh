#!/bin/sh
# test_csp_org.sh: the VMware Cloud tab's organisation tokens: ids entered
# (spaces, commas, new lines), deactivated in batches of 15 with a partial
# failure (ids the sandbox does not know), every id's result shown masked,
# then one activated again; bad input refused in words. Also --read-only
# (refused before any prompt), --dry-run (nothing sent) and the tab's
# explanation when signed in with an Operations for Applications API token.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/csp.sh"
plan 20

CID=wftokens-e2e-client
CSEC=wftokens-e2e-client-secret-0000000000000000
csp_sb_start --csp-client "$CID:$CSEC"
# Two tokens whose values the test holds, so that the server can be asked.
body='{"tokenName":"NAME","allowedScopes":{"organizationScopes":{"roles":[{"name":"org_member"}]}},"refreshTokenTTL":86400}'
v1=$(capi POST /loggedin/user/api-tokens "$(echo "$body" | sed s/NAME/gov-1/)" | jq -r .apiToken)
v2=$(capi POST /loggedin/user/api-tokens "$(echo "$body" | sed s/NAME/gov-2/)" | jq -r .apiToken)
id1=$(details "$v1" | jq -r .tokenId)
id2=$(details "$v2" | jq -r .tokenId)
fleet=$(for i in $(seq 101 118); do printf 'c5b0a000-0000-4000-8000-000000000%s ' "$i"; done)
unknown1=00000000-0000-4000-8000-00000000dead
unknown2=not-a-known-token-id

wcsp "$(keys deact <<K
3
D
not/an id<Enter>
:save-display $(screen o1)
<C-u>$id1, $id2<Enter>
$fleet<Enter>
$unknown1,$unknown2<Enter>
<Enter>
:save-display $(screen o2)
y
:save-display $(screen o3)
K
)"
check "a bad id is refused in words, nothing added" \
	sh -c 'grep -q "Entry 1 is not a token id" "$1" && grep -q "0 ids so far" "$1"' sh "$(screen o1)"
check "the question counts the ids and the requests" \
	grep -q "Deactivate 22 tokens, in 2 requests of at most 15?" "$(screen o2)"
check "the result: 20 deactivated, 2 refused, in 2 requests" \
	grep -q "Deactivate 22 ids in 2 requests: 20 deactivated, 2 refused, 0 not confirmed, 0 not sent." "$(screen o3)"
check "each refused id shows the server's reason, masked" \
	sh -c 'grep -q "\*\*\*\*-\.\.\.-dead *refused: ." "$1" && grep -q "\*\*\*\*-\.\.\.-n-id *refused: ." "$1"' sh "$(screen o3)"
check "done ids are listed masked" grep -q "\*\*\*\*-\.\.\.-[0-9a-f]\{4\} *deactivated" "$(screen o3)"
check "no id is shown whole" sh -c '! grep -qF "$2" "$1" && ! grep -qF "$3" "$1" && ! grep -qF "$4" "$1"' \
	sh "$(screen o3)" "$id1" "$unknown1" "c5b0a000-0000-4000-8000-000000000101"
d1=$(details "$v1" | jq .deactivated)
d2=$(details "$v2" | jq .deactivated)
check "on the server both known tokens are deactivated" test "$d1" = true -a "$d2" = true
check "the journal: each id pending, then done or refused, ids masked" \
	sh -c 'test "$(grep -c "\"csp-org-deactivate\".*\"pending\"" "$1")" -eq 22 &&
	       test "$(grep -c "\"csp-org-deactivate\".*\"done\"" "$1")" -eq 20 &&
	       test "$(grep -c "\"csp-org-deactivate\".*\"refused\"" "$1")" -eq 2 && ! grep -qF "$2" "$1"' \
	sh "$(journal_file)" "$id1"

wcsp "$(keys act <<K
3
A
$id1<Enter>
<Enter>
y
:save-display $(screen o4)
K
)"
d1=$(details "$v1" | jq .deactivated)
d2=$(details "$v2" | jq .deactivated)
check "activated again: said, and on the server (the other stays deactivated)" \
	sh -c 'grep -q "Activate 1 id in 1 request: 1 activated" "$1" && test "$2" = false -a "$3" = true' \
	sh "$(screen o4)" "$d1" "$d2"

# ---- a token looked up by its value, then activated by the id found ----
wcsp "$(keys look <<K
3
i
$v2
:save-display $(screen l1)
<Enter>
:save-display $(screen l2)
A
:save-display $(screen l3)
<Enter>
y
:save-display $(screen l4)
K
)"
d2=$(details "$v2" | jq .deactivated)
check "look-up: the value is typed hidden, never shown" \
	sh -c 'grep -q "Value: \*\*\*\*" "$1" && ! grep -qF "$3" "$1" "$2"' sh "$(screen l1)" "$(screen l2)" "$v2"
check "look-up: name, owner, masked id and state of the token" \
	sh -c 'grep -q "Looked up (i): \"gov-2\" of admin@sandbox.example, id \*\*\*\*-\.\.\.-[0-9a-f]\{4\}, .*deactivated" "$1" &&
	       ! grep -qF "$2" "$1"' sh "$(screen l2)" "$id2"
check "A starts with the id found; activated, and so on the server" \
	sh -c 'grep -q "1 id so far" "$1" && grep -q "Activate 1 id in 1 request: 1 activated" "$2" && test "$3" = false' \
	sh "$(screen l3)" "$(screen l4)" "$d2"

# ---- --read-only: refused before any prompt ----
apps > "$work/apps0"
wcsp "$(keys ro <<K
3
a
:save-display $(screen ro1)
D
:save-display $(screen ro2)
g
:save-display $(screen ro3)
K
)" --read-only
check "read-only: create refused in words, no form" \
	sh -c 'grep -q "Read-only: csp-app-create is disabled" "$1" && ! grep -q "New OAuth app" "$1"' sh "$(screen ro1)"
check "read-only: deactivate and generate refused, no prompt" \
	sh -c 'grep -q "Read-only: csp-deactivate is disabled" "$1" && ! grep -q "by id" "$1" &&
	       grep -q "Read-only: csp-token-generate is disabled" "$2"' sh "$(screen ro2)" "$(screen ro3)"

# ---- --dry-run: shown, not sent ----
wcsp "$(keys dry <<K
3
a
dry-app<Tab><Tab><Tab><Space><Enter>
:save-display $(screen dr1)
K
)" --dry-run
apps > "$work/apps1"
check "dry run: the request is shown, not sent" \
	sh -c 'tr "\n" " " < "$1" | grep -q "Dry run: dry run, not sent: POST" && cmp -s "$2" "$3"' \
	sh "$(screen dr1)" "$work/apps0" "$work/apps1"
check "dry run: journaled as such" grep -q '"csp-app-create".*"dry run"' "$(journal_file)"

# ---- signed in with an Operations for Applications API token ----
wft "$(keys wf <<K
3
:save-display $(screen w1)
a
:save-display $(screen w2)
K
)"
check "the tab says plainly why it cannot be used and how to sign in" \
	sh -c 'grep -q "This tab cannot be used: the console signed in with an Operations for Applications" "$1" &&
	       grep -q "auth csp-api-token" "$1" && grep -q "auth csp-oauth" "$1"' sh "$(screen w1)"
check "a change there is refused with the reason" \
	grep -q "this tab needs a VMware Cloud services sign-in" "$(screen w2)"

# ---- signed in with an OAuth app ----
env HOME="$work/home" XDG_CONFIG_HOME="$work/config" TERM=xterm WAVEFRONT_ENDPOINT="$URL" \
	CSP_CLIENT_ID="$CID" CSP_CLIENT_SECRET="$CSEC" COLUMNS="$COLS" LINES="$ROWS" \
	WFTOKENS_SCRIPT="$(keys oauth <<K
3
:save-display $(screen oa1)
K
)" "$bin" --auth csp-oauth --org-id "$ORG" --csp-url "$URL" 2> "$work/wft.err"
check "OAuth app: the header and the tab give its access-token TTL; no expiry warning" \
	sh -c 'sed -n 1p "$1" | grep -q "\[sign-in: OAuth app, TTL 30 min\]" &&
	       tr "\n" " " < "$1" | grep -q "Signed in with an OAuth app: its id and secret do not expire; its access tokens live 30 min (TTL)" &&
	       ! grep -q "sign-in expires\|generate a replacement" "$1"' sh "$(screen oa1)"
check "OAuth app: the apps of the organisation (--org-id) are listed" \
	sh -c 'grep -q "wftokens console" "$1" && grep -q "terraform-ci" "$1"' sh "$(screen oa1)"
