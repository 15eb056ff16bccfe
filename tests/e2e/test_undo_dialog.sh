#!/bin/sh
# test_undo_dialog.sh: the undo window in the service-account dialog (the
# same mechanism as the tokens page's), every path checked on the
# sandbox's own state and in the journal: u sends nothing, the window's end
# sends, closing the dialog asks (send now / cancel / stay), quitting asks
# (send now / cancel), a network failure when the window ends, and a kill -9
# in the window sends nothing and is reported at the next start.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 24

sb_start --seed 12
export COLS=100 ROWS=30
j=$(journal_file)
SA=sa::undo-dlg
faults() { api POST /_sandbox/faults "$1" > /dev/null; }
api POST /api/v2/account/serviceaccount "{\"identifier\":\"$SA\",\"description\":\"undo\",\"active\":true}" > /dev/null
for n in t1 t2 t3 t4 t5 t6 t7 t8; do
	api POST "/api/v2/apitoken/serviceaccount/$SA" "{\"tokenName\":\"$n\"}" > /dev/null
done
# The id of the first token the dialog lists (the sandbox's order).
first() { api GET "/api/v2/apitoken/serviceaccount/$SA" | jq -r '.response[0].tokenID'; }
exists() { api GET "/api/v2/apitoken/serviceaccount/$SA" | jq -e --arg t "$1" '[.response[].tokenID] | index($t)' > /dev/null; }
gone() { ! exists "$1"; }
mask() { printf '****-...-%s' "$(printf %s "$1" | tail -c 4)"; }
# The states of the journal's lines of token $1's revokes, comma-separated.
states() { jq -r --arg m "$(mask "$1")" 'select(.action == "revoke" and .target.id == $m) | .state' "$j" | paste -sd, -; }
# Opens the dialog and asks to revoke its first token, confirmed.
open_revoke() { printf '2\n/undo-dlg<Enter>\n<Enter>\n<Down><Down><Down>\nd\ny\n'; }
undo_conf 2

# ---- u undoes: nothing is sent ---------------------------------------------------------------
id=$(first)
wft "$(keys undo <<K
$(open_revoke)
:save-display $(screen u1)
u
:save-display $(screen u2)
:sleep 2500
K
)"
check "the held row counts down" grep -q "revoking in [12] s (u undoes)" "$(screen u1)"
check "the dialog says u undoes it, its hints too" \
	sh -c 'grep -qF "Revoking $2 in 2 s: u undoes it." "$1" && grep -q "u undo the revoke" "$1"' sh "$(screen u1)" "$(mask "$id")"
check "u: nothing was sent" grep -qF "Undone: nothing was sent; $(mask "$id") kept." "$(screen u2)"
check "after the window the token is still there" exists "$id"
check "the journal: held, then undone" test "$(states "$id")" = "held,undone"

# ---- the window's end sends -------------------------------------------------------------------
wft "$(keys expiry <<K
$(open_revoke)
:sleep 2500
:save-display $(screen e1)
K
)"
check "after the window the sandbox no longer has it" gone "$id"
check "the dialog says it was revoked" grep -qF "Revoked $(mask "$id")." "$(screen e1)"
check "the journal: held, undone; then held, pending, done" test "$(states "$id")" = "held,undone,held,pending,done"

# ---- closing the dialog: send now, cancel them, stay ------------------------------------------------
id=$(first)
wft "$(keys csend <<K
$(open_revoke)
<Esc>
:save-display $(screen c1)
s
:save-display $(screen c2)
K
)"
check "closing asks first" sh -c 'grep -q "Close with revokes waiting" "$1" && grep -q "s Send now, then close" "$1" && grep -q "c Cancel them (nothing is sent) and close" "$1"' sh "$(screen c1)"
check "send now: revoked at once" gone "$id"
check "and the dialog closed" sh -c '! grep -q "Edit Service Account" "$1"' sh "$(screen c2)"
id=$(first)
wft "$(keys ccancel <<K
$(open_revoke)
<Esc>
c
:save-display $(screen c3)
:sleep 2500
K
)"
check "cancel them: nothing was sent" exists "$id"
check "and the dialog closed" sh -c '! grep -q "Edit Service Account" "$1"' sh "$(screen c3)"
check "the journal: held, then undone (cancelled at close)" \
	sh -c 'test "$1" = "held,undone" && grep -q "cancelled at close" "$2"' sh "$(states "$id")" "$j"
wft "$(keys cstay <<K
$(open_revoke)
<Esc>
<Esc>
:save-display $(screen c4)
u
K
)"
check "stay: the dialog goes on, the row still held" grep -q "revoking in [12] s" "$(screen c4)"
check "and u then undoes it" exists "$id"

# ---- quitting: send now, cancel them ----------------------------------------------------------------
wft "$(keys qsend <<K
$(open_revoke)
:q
:save-display $(screen q1)
s
K
)"
check "quitting asks first" sh -c 'grep -q "Quit with revokes waiting" "$1" && grep -q "s Send now, then quit" "$1"' sh "$(screen q1)"
check "send now: revoked before the console ended" gone "$id"
id=$(first)
wft "$(keys qcancel <<K
$(open_revoke)
:q
c
:save-display $(screen q2)
K
)"
check "quit, cancel them: nothing was sent" exists "$id"
check "and the console quit (the last keys never ran)" test ! -e "$(screen q2)"

# ---- a network failure when the window ends -----------------------------------------------------------
faults '{"drop_next":1,"wait_for_change":1}'
wft "$(keys net <<K
$(open_revoke)
:sleep 2500
:save-display $(screen n1)
K
)"
faults '{}'
last=$(states "$id" | tr , '\n' | tail -1)
agrees() {
	case $last in
	refused) exists "$id" && grep -qF "Not revoked: $(mask "$id") is still listed" "$(screen n1)" ;;
	done) gone "$id" && grep -qF "Revoked $(mask "$id")" "$(screen n1)" ;;
	*) grep -q "not confirmed" "$(screen n1)" ;;
	esac
}
check "the dropped revoke is read back, and the screen and journal agree with the sandbox" agrees

# ---- kill -9 in the window ------------------------------------------------------------------------------
id=$(first)
undo_conf 30
live_start
open_revoke | live
live_screen "$work/k1.txt"
for p in $(pgrep -P "$live_pid"); do kill -9 "$p"; done
wait "$live_pid" 2> /dev/null
exec 4>&-
rm -f "$work/live.keys" "$work/live.screen"
wft "$(keys next <<K
:save-display $(screen k2)
K
)"
check "kill -9: nothing was sent" exists "$id"
check "the next start says the held revoke was not sent" \
	sh -c 'grep -q "1 held revoke of the last session was not sent" "$1" && grep -qF "$2" "$1"' sh "$(screen k2)" "$(mask "$id")"
check "the journal holds no full token id" sh -c '! tokens | cut -f1 | grep -qF -f - "$1"' sh "$j"
