#!/bin/sh
# test_rotate.sh: guided rotation (R) against the sandbox, every step
# checked on the sandbox's own state: a whole rotation (the replacement
# generated and handed over, the old token used through the sandbox and so
# watched, then quiet, its revoke offered, undone, offered again and sent);
# a restart mid-rotation resumes the watch and :rotate-cancel ends it; the
# refusals (20 tokens, a user's token, --read-only); a network failure
# during the generation leaves nothing half-done. The journal keeps every
# step and never a full id.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 48

sb_start --seed 40
tokens > "$work/tokens"
# Token N of the service accounts with room for one more: "id<TAB>account".
svc() {
	awk -F'\t' '$4 == "SERVICE_ACCOUNT" { n[$3]++; l[NR] = $1 "\t" $3; a[NR] = $3 }
	     END { for (i = 1; i <= NR; i++) if (i in a && n[a[i]] < 19) print l[i] }' "$work/tokens" |
		sed -n "$1p"
}
mask() { printf '****-...-%s' "$(printf %s "$1" | tail -c 4)"; }
acct_tokens() { api GET "/api/v2/apitoken/serviceaccount/$1" | jq -r '.response[] | [.tokenID, .tokenName] | @tsv'; }
rotated_name() { printf '%s (rotated %s)' "$1" "$(date -u +%Y-%m-%d)"; }
j=$(journal_file)
rot_states() { jq -r 'select(.action == "rotate") | .state' "$j" | tr '\n' ','; }
undo_conf 2
# Wide enough for a rotating row's words.
COLS=120

# ---- a whole rotation ------------------------------------------------------------
old=$(svc 1 | cut -f1) acc=$(svc 1 | cut -f2)
oldname=$(awk -F'\t' -v id="$old" '$1 == id { print $2 }' "$work/tokens")
before=$(acct_tokens "$acc" | wc -l)
live_start
live <<K
/id:$old<Enter>
R
:save-display $(screen ask)
<C-u>1s 6s<Enter>
K
live_screen "$(screen handover)"
check "R asks for the interval and the quiet time, defaults 60s 24h" \
	sh -c 'grep -q "Rotate \*\*\*\*-\.\.\.-" "$1" && grep -q "Re-read every, quiet for: 60s 24h" "$1"' sh "$(screen ask)"
check "and names the replacement" grep -qF "generates \"$(rotated_name "$oldname")\"" "$(screen ask)"
check "the replacement is handed over once" \
	sh -c 'grep -q "New token" "$1" && grep -q "shown this once only" "$1"' sh "$(screen handover)"
new=$(acct_tokens "$acc" | awk -F'\t' -v n="$(rotated_name "$oldname")" '$2 == n { print $1 }')
check "the sandbox has the replacement, same name plus the suffix" test -n "$new"
check "its id is the one handed over" grep -qF "$new" "$(screen handover)"
one_more() { test "$(acct_tokens "$acc" | wc -l)" -eq $((before + 1)) && token_exists "$old"; }
check "the account has one token more, the old one kept" one_more
# The old token is still used by a client: its last use moves (the
# sandbox's control), and again during the quiet time, which starts over.
used_now() { api POST /_sandbox/last-used "{\"id\":\"$old\",\"lastUsed\":$(date +%s%3N)}" | jq -e '.response.lastUsed > 0' > /dev/null; }
check "the sandbox's control moves the old token's last use" used_now
live <<K
<Esc>
:sleep 1500
K
live_screen "$work/used.txt"
check "the row says when the old token was last used" \
	grep -q "old token last used [0-9]* s ago" "$work/used.txt"
live <<K
:sleep 3000
K
used_now
live <<K
:sleep 3000
K
live_screen "$work/used2.txt"
check "a use during the quiet time starts it over: no offer yet" \
	sh -c '! grep -q "revoke the old token?" "$1" && grep -q "old token last used [0-9] s ago" "$1"' sh "$work/used2.txt"
live <<K
:sleep 4500
K
live_screen "$work/offer.txt"
check "once quiet for the chosen time, its revoke is offered" \
	sh -c 'grep -q "Rotation: revoke the old token?" "$1" && grep -qF "$2" "$1"' sh "$work/offer.txt" "$(mask "$old")"
live <<K
y
K
live_screen "$work/held.txt"
check "y holds it in the undo window" grep -q "revoking in [12] s" "$work/held.txt"
live <<K
u
:sleep 2500
K
live_screen "$work/undone.txt"
check "u undoes it: nothing was sent" token_exists "$old"
check "and the row says the old token is quiet" grep -q "quiet 6 s: R revokes it" "$work/undone.txt"
live <<K
R
y
:sleep 2500
K
live_screen "$work/revoked.txt"
gone() { ! token_exists "$1"; }
check "R offers it again; after the window the old token is gone" gone "$old"
check "and the replacement stays" token_exists "$new"
check "the footer says the old token was revoked" grep -qF "Revoked $(mask "$old")" "$work/revoked.txt"
live_end
check "the journal has every step" test "$(rot_states)" = "started,replacement generated,old revoked,"
check "and the generation, done, with the replacement masked" \
	jq -s -e --arg m "$(mask "$new")" 'any(.[]; .action == "generate" and .state == "done" and .target.id == $m)' "$j"

# ---- a restart mid-rotation resumes the watch; :rotate-cancel ends it --------------
old=$(svc 2 | cut -f1) acc=$(svc 2 | cut -f2)
wft "$(keys start <<K
/id:$old<Enter>
R
<C-u>1s 1h<Enter>
<Esc>
K
)"
check "a rotation was started and left" \
	sh -c 'jq -r "select(.action == \"rotate\") | .state" "$1" | tail -1 | grep -qx "replacement generated"' sh "$j"
wft "$(keys resume <<K
:save-display $(screen resumed)
/id:$old<Enter>
:sleep 1500
:save-display $(screen watched)
:rotate-cancel
:save-display $(screen cancelled)
K
)"
check "the next start resumes it" grep -q "Resumed 1 rotation from the last session" "$(screen resumed)"
check "and watches the old token again" grep -q "rotating: unused [0-9]* s of 1 h" "$(screen watched)"
check ":rotate-cancel ends it" grep -q "ended: the old token and its replacement both stay" "$(screen cancelled)"
check "and the old token stays" token_exists "$old"
check "the journal says abandoned" \
	sh -c 'jq -r "select(.action == \"rotate\") | .state" "$1" | tail -1 | grep -qx abandoned' sh "$j"
wft "$(keys after <<K
/id:$old<Enter>
:save-display $(screen after)
K
)"
check "an abandoned rotation is not resumed" sh -c '! grep -q "rotating:\|Resumed" "$1"' sh "$(screen after)"

# ---- R in the service-account dialog ---------------------------------------------------
api POST /api/v2/account/serviceaccount '{"identifier":"sa::rot-dialog","active":true}' > /dev/null
api POST /api/v2/apitoken/serviceaccount/sa::rot-dialog '{"tokenName":"dialog key"}' > /dev/null
dtok=$(acct_tokens sa::rot-dialog | cut -f1)
wft "$(keys dialog <<K
/id:$dtok<Enter>
<Enter>
<Down><Down><Down>
R
:save-display $(screen dask)
<C-u>1s 1h<Enter>
:save-display $(screen dhand)
<Esc>
<Esc>
:sleep 1500
:save-display $(screen drow)
:rotate-cancel
K
)"
check "R on a token of the service-account dialog asks the same question" \
	sh -c 'grep -q "Re-read every, quiet for: 60s 24h" "$1" && grep -qF "$2" "$1"' sh "$(screen dask)" "$(mask "$dtok")"
check "and hands the replacement over" grep -q "shown this once only" "$(screen dhand)"
check "the sandbox has it: the account holds both" \
	test "$(acct_tokens sa::rot-dialog | cut -f2 | sort | tr '\n' ,)" = "dialog key,$(rotated_name "dialog key"),"
check "back on the page, the old token's row is watched" grep -q "rotating: unused [0-9]* s of 1 h" "$(screen drow)"

# ---- the help lists both -------------------------------------------------------------
wft "$(keys help <<K
?
rotat
:save-display $(screen help)
K
)"
check "the help lists R (rotate) and :rotate-cancel" \
	sh -c 'grep -q "| *R  *rotate  *Rotate the selected service-account token" "$1" && grep -q ":rotate-cancel  *rotate-cancel" "$1"' sh "$(screen help)"

# ---- refusals ------------------------------------------------------------------------
# The seed's account at the limit: its tokens old enough to name the stalest.
fullacc=$(awk -F'\t' '$4 == "SERVICE_ACCOUNT" { n[$3]++ } END { for (a in n) if (n[a] >= 20) print a }' "$work/tokens" | head -1)
full=$(acct_tokens "$fullacc" | head -1 | cut -f1)
wft "$(keys full <<K
/id:$full<Enter>
R
:save-display $(screen full)
K
)"
check "at 20 tokens R is refused at once, naming the stalest" \
	sh -c 'tr -s " \n" " " < "$1" | grep -q "Cannot rotate .* $2 holds 20 tokens.* the stalest: \*\*\*\*-"' sh "$(screen full)" "$fullacc"
check "and nothing was generated" test "$(acct_tokens "$fullacc" | wc -l)" -eq 20
user=$(awk -F'\t' '$4 == "USER_ACCOUNT"' "$work/tokens" | head -1 | cut -f1)
wft "$(keys user <<K
/id:$user<Enter>
R
:save-display $(screen user)
K
)"
check "a user's token is refused with the reason" grep -q "Cannot rotate .*only a service account's token" "$(screen user)"
old=$(svc 3 | cut -f1) acc=$(svc 3 | cut -f2)
before=$(acct_tokens "$acc" | wc -l)
wft "$(keys ro <<K
/id:$old<Enter>
R
:save-display $(screen ro)
K
)" --read-only
check "--read-only refuses it" grep -q "Read-only: rotate is disabled" "$(screen ro)"
check "and nothing was generated" test "$(acct_tokens "$acc" | wc -l)" -eq "$before"

# ---- a network failure during the generation -----------------------------------------
api POST /_sandbox/faults '{"drop_next":1,"wait_for_change":1}' > /dev/null
wft "$(keys drop <<K
/id:$old<Enter>
R
<C-u>1s 1h<Enter>
:save-display $(screen drop)
K
)"
api POST /_sandbox/faults '{}' > /dev/null
check "the generation cut off is read back and said" \
	grep -q "Rotation of .* not started: the replacement was not generated (read back" "$(screen drop)"
check "nothing was generated" test "$(acct_tokens "$acc" | wc -l)" -eq "$before"
check "the old token stays" token_exists "$old"
check "the journal has the generation refused and the rotation abandoned" \
	sh -c 'jq -r "select(.action == \"generate\") | .state" "$1" | tail -1 | grep -qx refused &&
	       jq -r "select(.action == \"rotate\") | .state" "$1" | tail -1 | grep -qx abandoned' sh "$j"
wft "$(keys drop2 <<K
/id:$old<Enter>
:save-display $(screen drop2)
K
)"
check "and it is not resumed" sh -c '! grep -q "rotating:\|Resumed" "$1"' sh "$(screen drop2)"

# ---- --dry-run: shown, nothing sent ------------------------------------------------------
wft "$(keys dry <<K
/id:$old<Enter>
R
<Enter>
:save-display $(screen dry)
K
)" --dry-run
check "--dry-run shows the generation and sends nothing" \
	sh -c 'tr -s " \n" " " < "$1" | grep -q "Rotation of .*dry run"' sh "$(screen dry)"
check "nothing was generated under --dry-run" test "$(acct_tokens "$acc" | wc -l)" -eq "$before"

# ---- a crash during the generation ------------------------------------------------------
live_start
live <<K
/id:$old<Enter>
K
live_screen "$work/crash0.txt"
api POST /_sandbox/faults '{"latency_ms":2000}' > /dev/null
live <<K
R
<C-u>1s 1h<Enter>
K
# The generation is held back by the sandbox's latency: the console dies
# while it waits for the answer.
sleep 1
live_kill
api POST /_sandbox/faults '{}' > /dev/null
check "the crash left the rotation started, the generation pending" \
	sh -c 'jq -r "select(.action == \"rotate\") | .state" "$1" | tail -1 | grep -qx started &&
	       jq -r "select(.action == \"generate\") | .state" "$1" | tail -1 | grep -qx pending' sh "$j"
wft "$(keys crash <<K
:save-display $(screen crash)
K
)"
check "the next start says the rotation ended during the generation" \
	sh -c 'tr -s " \n" " " < "$1" | grep -qF "1 rotation of the last session ended while the replacement was generated: check $2 for a token"' sh "$(screen crash)" "$acc"
check "the journal closes it: abandoned, the generation without an outcome" \
	sh -c 'jq -r "select(.action == \"rotate\") | .state" "$1" | tail -1 | grep -qx abandoned &&
	       jq -r "select(.action == \"generate\") | .state" "$1" | tail -1 | grep -qx "no recorded outcome"' sh "$j"

# ---- SIGTERM during the generation: cancelled, said in the journal ----------------------
live_start
live <<K
/id:$old<Enter>
K
live_screen "$work/term0.txt"
api POST /_sandbox/faults '{"latency_ms":2000}' > /dev/null
live <<K
R
<C-u>1s 1h<Enter>
K
sleep 1
live_kill TERM
api POST /_sandbox/faults '{}' > /dev/null
check "a console ended during the generation abandons the rotation, not confirmed" \
	sh -c 'jq -r "select(.action == \"rotate\") | .state + \": \" + .detail" "$1" | tail -1 | grep -q "^abandoned: .*may have been generated" &&
	       jq -r "select(.action == \"generate\") | .state" "$1" | tail -1 | grep -qx "not confirmed"' sh "$j"

# ---- the journal ------------------------------------------------------------------------
tokens > "$work/tokens2"
leak=0
cat "$work/tokens" "$work/tokens2" | while IFS="$(printf '\t')" read -r t _; do
	grep -qF "$t" "$j" && echo leak
done > "$work/leaks"
check "the journal holds no full token id" test ! -s "$work/leaks"
check "the journal is the user's alone" test "$(stat -c %a "$j")" = 600
