#!/bin/sh
# test_mine.sh: "Mine" in the side panel, your own Operations for
# Applications API tokens. Enter filters them (named in the search bar);
# g there generates one (POST /api/v2/apitoken) and hands it over once;
# rename and revoke (through the undo window) of your own token use the
# own-token endpoints (the dry run shows DELETE /api/v2/apitoken/{id});
# every change is journaled; --read-only refuses g and sends nothing; a
# refusal from the server is said and journaled; on an instance onboarded
# to VMware Cloud services the entry says where your credentials live.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 28

sb_start --seed 30
mine() { api GET /api/v2/apitoken | jq -r '.response[].tokenID'; }
mine > "$work/mine0"
n0=$(wc -l < "$work/mine0")
check "the administrator has a token of its own" test "$n0" -ge 1

# ---- Enter filters, g generates and hands over ----
wft "$(keys gen <<K
F<Enter><Up>
:save-display $(screen m0)
<Enter>
:save-display $(screen m1)
w
:save-display $(screen mw)
<Esc>
g
:save-display $(screen m2)
<Esc>
:save-display $(screen m3)
K
)"
mine > "$work/mine1"
new=$(grep -vxF -f "$work/mine0" "$work/mine1")
check "Mine shows your own tokens' count" grep -q "^>\[ \] Mine *$n0|" "$(screen m0)"
check "Enter filters the table to them, named in the search bar" \
	sh -c 'grep -q "\[mine\]" "$1" && sed -n 2p "$1" | grep -qE " $2 tokens?\$"' sh "$(screen m1)" "$n0"
check "saving a search says the Mine filter is not kept" \
	grep -qF "Save search as (without [mine]: not kept):" "$(screen mw)"
check "g generated one token of your own on the server" test "$(wc -l < "$work/mine1")" -eq $((n0 + 1))
check "the hand-over shows its whole id, once" grep -qF "$new" "$(screen m2)"
check "after the hand-over the id is gone from the screen" sh -c '! grep -qF "$1" "$2"' sh "$new" "$(screen m3)"
check "the Mine filter now holds it too" sed -n 2p "$(screen m3)" | grep -qE " $((n0 + 1)) tokens\$"
j=$(journal_file)
check "the journal has the generate, done, with the id masked" \
	sh -c 'grep "\"action\":\"generate\"" "$1" | grep "\"state\":\"done\"" | grep -qF "$2"' \
	sh "$j" "****-...-$(echo "$new" | tail -c 5)"

# ---- rename and revoke your own token (the undo window) ----
undo_conf 1
wft "$(keys change <<K
/id:$new<Enter>
r
<C-u>my renamed own token<Enter>
:save-display $(screen c1)
d
y
:save-display $(screen c2)
:sleep 2000
:save-display $(screen c3)
K
)"
check "the held revoke counts down" grep -q "revoking in 1 s" "$(screen c2)"
check "renamed, then revoked on the server" sh -c '! grep -qxF "$1" "$2"' sh "$new" "$(mine > "$work/mine2"; echo "$work/mine2")"
check "the rename happened first (journal)" \
	sh -c 'grep "\"action\":\"rename\"" "$1" | grep -q "\"state\":\"done\""' sh "$j"
check "the revoke is journaled done" \
	sh -c 'grep "\"action\":\"revoke\"" "$1" | grep "my renamed own token" | grep -q "\"state\":\"done\""' sh "$j"
undo_conf 0

# ---- the dry run shows the own-token endpoint ----
own=$(sed -n 1p "$work/mine0")
wft "$(keys dry <<K
/id:$own<Enter>
d
y
:save-display $(screen d1)
K
)" --dry-run
tr '\n' ' ' < "$(screen d1)" | tr -s ' ' > "$work/d1.flat"
check "your own token is revoked through DELETE /api/v2/apitoken/{id} (dry run)" \
	grep -qF "not sent: DELETE /api/v2/apitoken/****-...-$(echo "$own" | tail -c 5)" "$work/d1.flat"
check "and it is still there" token_exists "$own"

# ---- --dry-run: g shows the request, sends nothing ----
wft "$(keys drygen <<K
F<Enter><Up>g
:save-display $(screen d2)
K
)" --dry-run
tr '\n' ' ' < "$(screen d2)" | tr -s ' ' > "$work/d2.flat"
check "dry run: g shows the POST it would make" grep -qF "not sent: POST /api/v2/apitoken" "$work/d2.flat"
check "dry run: nothing was generated" test "$(mine | wc -l)" -eq "$(wc -l < "$work/mine2")"
check "dry run: the generate is journaled as dry run" \
	sh -c 'grep "\"action\":\"generate\"" "$1" | grep -q "\"state\":\"dry run\""' sh "$j"

# ---- --read-only refuses g ----
wft "$(keys ro <<K
F<Enter><Up>g
:save-display $(screen r1)
K
)" --read-only
check "read-only: g is refused in words" grep -q "Read-only: generate-mine is disabled" "$(screen r1)"
check "read-only: nothing was generated" test "$(mine | wc -l)" -eq "$(wc -l < "$work/mine2")"

# ---- a refusal from the server ----
api POST /_sandbox/faults '{"fail_next": 1, "status": 403, "wait_for_change": 1}' > /dev/null
wft "$(keys refused <<K
F<Enter><Up>g
:save-display $(screen f1)
K
)"
api POST /_sandbox/faults '{}' > /dev/null
check "a refusal is said" grep -q "Not generated: .*403" "$(screen f1)"
check "nothing was generated" test "$(mine | wc -l)" -eq "$(wc -l < "$work/mine2")"
check "the refusal is journaled" \
	sh -c 'grep "\"action\":\"generate\"" "$1" | grep -q "\"state\":\"refused\""' sh "$j"

# ---- an answer that never comes: read back ----
n2=$(mine | wc -l)
api POST /_sandbox/faults '{"drop_next": 1, "wait_for_change": 1}' > /dev/null
wft "$(keys dropped <<K
F<Enter><Up>g
:save-display $(screen x1)
K
)"
check "a dropped generate is read back and said not generated" \
	sh -c 'tr "\n" " " < "$1" | tr -s " " | grep -q "Not generated: no new token of yours is listed"' \
	sh "$(screen x1)"
check "and the server has no new token" test "$(mine | wc -l)" -eq "$n2"
api POST /_sandbox/faults '{"truncate_next": 1, "wait_for_change": 1}' > /dev/null
wft "$(keys cut <<K
F<Enter><Up>g
:save-display $(screen x2)
K
)"
api POST /_sandbox/faults '{}' > /dev/null
check "a generate whose answer is cut short is never shown as refused" \
	sh -c 'tr "\n" " " < "$1" | tr -s " " | grep -Eq "Generated \*\*\*\*-\.\.\.-[0-9a-f]{4} \(read back\)|The token was generated, but its id did not come back"' \
	sh "$(screen x2)"
check "and the server has the new token" test "$(mine | wc -l)" -eq $((n2 + 1))

# ---- onboarded to VMware Cloud services ----
kill "$sb_pid"; wait "$sb_pid" 2>/dev/null; rm -f "$work/sb.fifo"
sb_start --seed 30 --csp-onboarded
COLS=120 wft "$(keys onb <<K
F<Enter><Up>
:save-display $(screen o1)
g
:save-display $(screen o2)
K
)"
check "onboarded: the entry says your tokens are in VMware Cloud" grep -q "Mine: in VMware Cloud" "$(screen o1)"
check "onboarded: g explains where your credentials live" \
	sh -c 'tr "\n" " " < "$1" | tr -s " " | grep -q "onboarded to VMware Cloud services: your own API tokens live there"' \
	sh "$(screen o2)"
