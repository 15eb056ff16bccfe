#!/bin/sh
# test_unconfirmed.sh: changes the server carried out but answered with a
# body that cannot be read (garbage, cut short). The console must show what
# the server did, never a refusal: the rename in the table, the generation
# in the service-account dialog (and not armed for a second one), a revoke
# in the dialog. Also an account whose description came from the server
# with control characters can still be updated. Checked through the API.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 10

sb_start --seed 10
unset TMUX STY
export COLS=100 ROWS=30
faults() { api POST /_sandbox/faults "$1" > /dev/null; }
ntok() { api GET "/api/v2/apitoken/serviceaccount/$1" | jq '.response | length'; }
api POST /api/v2/account/serviceaccount \
	'{"identifier":"sa::qa-u","description":"unconfirmed","active":true}' > /dev/null
api POST /api/v2/apitoken/serviceaccount/sa::qa-u '{"tokenName":"first"}' > /dev/null
tid=$(api GET /api/v2/apitoken/serviceaccount/sa::qa-u | jq -r '.response[0].tokenID')

# ---- rename in the table, answered with garbage ------------------------------------
live_start
live <<K
/id:$tid<Enter>
K
live_screen "$(screen r0)"
faults '{"garbage_next":1}'
live <<K
r<C-u>renamed-unread<Enter>
K
live_screen "$(screen r1)"
live_end
check "renamed on the server" \
	test "$(api GET "/api/v2/apitoken/customertokens/$tid" | jq -r .response.name)" = renamed-unread
check "the table shows the new name" grep -q "renamed-unread" "$(screen r1)"
check "the footer does not say it failed" sh -c '! grep -q "Could not rename" "$1"' sh "$(screen r1)"

# ---- generate in the dialog, answered cut short -----------------------------------------
live_start
live <<K
2
/qa-u<Enter>
<Enter>
K
live_screen "$(screen g0)"
faults '{"truncate_next":1}'
live <<K
g
second<Enter>
K
live_screen "$(screen g1)"
live <<K
third<Enter>
K
live_screen "$(screen g2)"
live_end
check "the generation happened on the server" test "$(ntok sa::qa-u)" -eq 2
check "the dialog says it was generated (the answer unreadable)" grep -q "The token was generated, but the answer was unreadable" "$(screen g1)"
check "the list was read again (2 tokens, 18 remaining)" \
	grep -q "Maximum of 20 tokens - 18 remaining" "$(screen g1)"
check "typing on does not generate a second token" test "$(ntok sa::qa-u)" -eq 2

# ---- revoke in the dialog, answered with garbage ---------------------------------------------
live_start
live <<K
2
/qa-u<Enter>
<Enter>
<Down><Down><Down>
K
live_screen "$(screen v0)"
faults '{"garbage_next":1}'
live <<K
dy
K
live_screen "$(screen v1)"
live_end
check "revoked on the server" test "$(ntok sa::qa-u)" -eq 1
check "the dialog says revoked, with the server's list" \
	sh -c 'grep -q "Revoked \*\*\*\*-" "$1" && grep -q "19 remaining" "$1"' sh "$(screen v1)"

# ---- a server description with control characters does not block an update ------------
api PUT /api/v2/account/serviceaccount/sa::qa-u \
	"$(printf '{"identifier":"sa::qa-u","active":true,"description":"esc \\u001b[31m red"}')" > /dev/null
wft "$(keys desc <<K
2
/qa-u<Enter>
<Enter>
<C-s>
:save-display $(screen d1)
K
)"
check "Ctrl-S saves, leaving the description as it was" \
	sh -c 'grep -q "Saved sa::qa-u" "$1" && test "$2" = "$(printf "esc \033[31m red")"' sh "$(screen d1)" \
	"$(api GET /api/v2/account/serviceaccount/sa::qa-u | jq -r .response.description)"
