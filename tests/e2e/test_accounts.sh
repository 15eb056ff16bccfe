#!/bin/sh
# test_accounts.sh: the Service Accounts tab and the service-account dialog
# in script mode against a sandbox, each result checked through its API:
# the 20-token limit and the race for the 20th, the hand-over (OSC 52 bytes,
# the 0600 file, the id gone from the screen afterwards), rename, revoke,
# deactivate and activate, create and delete, permissions and the conflict.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 29

sb_start --seed 10
unset TMUX STY
export COLS=80 ROWS=24
ntok() { api GET "/api/v2/apitoken/serviceaccount/$1" | jq '.response | length'; }
gen() { api POST "/api/v2/apitoken/serviceaccount/$1" "{\"tokenName\":\"$2\"}" > /dev/null; }
mk() { api POST /api/v2/account/serviceaccount "{\"identifier\":\"$1\",\"description\":\"$2\",\"active\":true}" > /dev/null; }
id_named() { api GET "/api/v2/apitoken/serviceaccount/$1" | jq -r --arg n "$2" '.response[] | select(.tokenName == $n) | .tokenID'; }
auth_code() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $1" "$URL/api/v2/apitoken"; }

# ---- up to 20, the hand-over, then the refusal at 20 -------------------------------
mk sa::e2e-a "limit test"
i=0; while [ $i -lt 19 ]; do gen sa::e2e-a "t$i"; i=$((i + 1)); done
export WFTOKENS_OSC52_FILE="$work/osc52"
wft "$(keys limit <<K
2
/e2e-a<Enter>
<Enter>
g
twentieth<Enter>
:save-display $(screen h1)
c
f
$work/token.txt<Enter>
:save-display $(screen h2)
<Esc>
:save-display $(screen h3)
g
:save-display $(screen h4)
K
)"
unset WFTOKENS_OSC52_FILE
new=$(id_named sa::e2e-a twentieth)
check "the 20th token was generated" test "$(ntok sa::e2e-a)" -eq 20 -a -n "$new"
check "the hand-over shows the whole id" grep -qF "$new" "$(screen h1)"
b64=$(printf %s "$new" | base64 -w0)
check "c wrote the OSC 52 sequence of the id" \
	sh -c 'printf "\033]52;c;%s\007" "$1" | cmp -s - "$2"' sh "$b64" "$work/osc52"
check "the OSC 52 payload decodes to the id" \
	test "$(sed 's/^.*52;c;//' "$work/osc52" | tr -d '\007' | base64 -d)" = "$new"
check "f wrote the id to a 0600 file" \
	sh -c 'test "$(stat -c %a "$1")" = 600 && test "$(cat "$1")" = "$2"' sh "$work/token.txt" "$new"
check "the hand-over says where it was written" grep -q "Written to .*0600" "$(screen h2)"
check "after closing, the screen no longer holds the id" sh -c '! grep -qF "$1" "$2"' sh "$new" "$(screen h3)"
check "only the masked id stays" grep -qF "****-...-$(printf %s "$new" | tail -c 4)" "$(screen h3)"
check "at 20, generate is refused with the web UI's message" \
	grep -q "Maximum of 20 tokens - 0 remaining. Revoke one first" "$(screen h4)"
# Every token here was generated today: none is called stale.
check "and no token generated today is called stale" \
	sh -c 'sed "s/^|//; s/|\$//" "$1" | tr -d "\n" | tr -s " " | grep -q "none is stale: every one was used or generated in the last day"' sh "$(screen h4)"
check "nothing was generated past 20" test "$(ntok sa::e2e-a)" -eq 20

# ---- the race for the 20th ----------------------------------------------------------------
mk sa::e2e-b "race test"
i=0; while [ $i -lt 19 ]; do gen sa::e2e-b "r$i"; i=$((i + 1)); done
live_start
live <<K
2
/e2e-b<Enter>
<Enter>
K
live_screen "$(screen r1)"
gen sa::e2e-b "from elsewhere"
live <<K
g
mine<Enter>
K
live_screen "$(screen r2)"
live_end
check "the dialog showed 1 remaining" grep -q "Maximum of 20 tokens - 1 remaining" "$(screen r1)"
check "the server's refusal reads as the limit" \
	grep -q "0 remaining. Another administrator generated one" "$(screen r2)"
# The dialog's rows: 32 besides the tokens, and near the limit one saying
# none is stale (all were generated today); 19 tokens before, 20 after.
check "the token list was reloaded (20, 0 remaining)" \
	sh -c 'grep -q "1-16 of 52" "$1" && grep -q "Maximum of 20 tokens - 0 remaining" "$2" && grep -q "1-16 of 53" "$2"' sh "$(screen r1)" "$(screen r2)"
still20() { test "$(ntok sa::e2e-b)" -eq 20 && test -z "$(id_named sa::e2e-b mine)"; }
check "the server still holds 20, none named mine" still20

# ---- rename and revoke in the dialog ---------------------------------------------------------
first=$(api GET /api/v2/apitoken/serviceaccount/sa::e2e-b | jq -r '.response[0].tokenID')
wft "$(keys tok <<K
2
/e2e-b<Enter>
<Enter>
<Down><Down><Down>
<Enter><C-u>renamed-in-dialog<Enter>
:save-display $(screen t1)
<Down>
d
:save-display $(screen t2)
y
:save-display $(screen t3)
K
)"
check "rename: the server has the new name" test "$(id_named sa::e2e-b renamed-in-dialog)" = "$first"
second=$(api GET /api/v2/apitoken/serviceaccount/sa::e2e-b | jq -r '.response[1].tokenID')
check "revoke asks first, default No" grep -q "n No (default)" "$(screen t2)"
check "revoke: 19 left on the server" test "$(ntok sa::e2e-b)" -eq 19
check "the dialog counts 1 remaining again" grep -q "Maximum of 20 tokens - 1 remaining" "$(screen t3)"

# ---- deactivate and activate -----------------------------------------------------------------
tok=$(id_named sa::e2e-a twentieth)
wft "$(keys deact <<K
2
/e2e-a<Enter>
t
:save-display $(screen d1)
y
:save-display $(screen d2)
K
)"
check "the confirmation says the tokens stop working" grep -q "Its 20 tokens stop working" "$(screen d1)"
check "deactivated: the account's token is refused (401)" test "$(auth_code "$tok")" = 401
wft "$(keys act <<K
2
/e2e-a<Enter>
ty
:save-display $(screen d3)
K
)"
works() { test "$(auth_code "$tok")" = 200 && grep -q "Activated sa::e2e-a" "$(screen d3)"; }
check "activated: the token works again" works

# ---- create (with bad input first) and delete ---------------------------------------------------
wft "$(keys create <<K
2
a
bad name!<Enter>
:save-display $(screen c1)
<Up><Enter><C-u>e2e-new<Enter>
<C-s>
:save-display $(screen c2)
<Esc>
<Esc>
a
e2e-new<Enter>
<C-s>
:save-display $(screen c3)
K
)"
check "a bad name is refused in the dialog" grep -q "' ' cannot be used in an account name" "$(screen c1)"
check "created with its first token" \
	sh -c 'api() { :; }; test "$(curl -s -H "Authorization: Bearer $1" "$2/api/v2/account/serviceaccount/sa::e2e-new" | jq ".response.tokens | length")" -eq 1' sh "$ADMIN" "$URL"
check "an existing identifier is refused, the typed name kept" \
	sh -c 'grep -q "sa::e2e-new already exists" "$1" && grep -q "Account ID  sa::e2e-new" "$1"' sh "$(screen c3)"
wft "$(keys delete <<K
2
/e2e-new<Enter>
d
:save-display $(screen x1)
y
K
)"
check "delete names the tokens that go with it, then deletes" \
	sh -c 'grep -q "Delete sa::e2e-new and its 1 token?" "$1" && test "$(curl -s -o /dev/null -w "%{http_code}" -H "Authorization: Bearer $2" "$3/api/v2/account/serviceaccount/sa::e2e-new")" = 404' \
	sh "$(screen x1)" "$ADMIN" "$URL"

# ---- permissions with Update, and the conflict ---------------------------------------------------
wft "$(keys perm <<K
2
/e2e-b<Enter>
<Enter>
<End><Enter>
<C-s>
:save-display $(screen p1)
K
)"
has_perm() { api GET /api/v2/account/serviceaccount/sa::e2e-b | jq -e --arg p "$1" '.response.groups | index($p)' > /dev/null; }
check "Update saved the Source Tags permission" has_perm host_tag_management
live_start
live <<K
2
/e2e-b<Enter>
<Enter>
<End><Up><Enter>
K
live_screen "$(screen q1)"
api PUT /api/v2/account/serviceaccount/sa::e2e-b '{"identifier":"sa::e2e-b","description":"changed elsewhere"}' > /dev/null
live <<K
<C-s>
K
live_screen "$(screen q2)"
live_end
check "the conflict is told" grep -q "was changed on the server since you opened it" "$(screen q2)"
kept() { ! has_perm saml_sso_management &&
	api GET /api/v2/account/serviceaccount/sa::e2e-b | jq -e '.response.description == "changed elsewhere"' > /dev/null; }
check "nothing was overwritten" kept
