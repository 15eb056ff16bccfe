#!/bin/sh
# test_undo.sh: the undo window of a revoke (undo_seconds), every path
# checked on the sandbox's own state: undo sends nothing, the window's end
# sends, quit-send sends, quit-cancel sends nothing, a kill -9 in the window
# sends nothing and the next start says so; the journal holds no full id.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 24

sb_start --seed 80
tokens > "$work/tokens"
svc() { awk -F'\t' '$4 == "SERVICE_ACCOUNT"' "$work/tokens" | sed -n "$1p" | cut -f1; }
gone() { ! token_exists "$1"; }
mask() { printf '****-...-%s' "$(printf %s "$1" | tail -c 4)"; }
undo_conf 2

# ---- u undoes: nothing is sent ----------------------------------------------
id=$(svc 1)
wft "$(keys undo <<K
/id:$id<Enter>
d
y
:save-display $(screen u1)
u
:save-display $(screen u2)
:sleep 2500
:save-display $(screen u3)
K
)"
check "the held row counts down" grep -q "revoking in [12] s" "$(screen u1)"
check "the footer says u undoes it" grep -q "Revoking 1 token in 2 s: u undoes it" "$(screen u1)"
check "u: nothing was sent" grep -q "Undone: nothing was sent; 1 token kept" "$(screen u2)"
check "after the window the token is still there" token_exists "$id"
check "and still in the table" test "$(count "$(screen u3)")" -eq 1

# ---- :undo, for a bulk revoke of two --------------------------------------------
id2=$(svc 2) id3=$(svc 3)
wft "$(keys undo2 <<K
/id:$id2<Enter>
m
/<C-u>id:$id3<Enter>
m
d
y
:save-display $(screen b1)
:undo
:sleep 2500
K
)"
check "the held row counts down, the footer names both" \
	sh -c 'grep -q "revoking in [12] s" "$1" && grep -q "Revoking 2 tokens in 2 s" "$1"' sh "$(screen b1)"
both() { token_exists "$1" && token_exists "$2"; }
check ":undo sends neither" both "$id2" "$id3"

# ---- the window's end sends ------------------------------------------------------
wft "$(keys expiry <<K
/id:$id<Enter>
d
y
:sleep 2500
:save-display $(screen e1)
K
)"
check "after the window the sandbox no longer has it" gone "$id"
check "and the footer says it was revoked" grep -q "Revoked \*\*\*\*-\.\.\.-" "$(screen e1)"

# ---- quit: send now ---------------------------------------------------------------
id=$(svc 4)
wft "$(keys qsend <<K
/id:$id<Enter>
d
y
:q
:save-display $(screen q1)
s
K
)"
check "quitting asks first" sh -c 'grep -q "Quit with revokes waiting" "$1" && grep -q "s Send now" "$1" && grep -q "c Cancel them" "$1"' sh "$(screen q1)"
check "send now: revoked before the console ended" gone "$id"

# ---- quit: cancel them ------------------------------------------------------------
id=$(svc 5)
wft "$(keys qcancel <<K
/id:$id<Enter>
d
y
Q
c
:save-display $(screen q2)
K
)"
check "cancel them: nothing was sent" token_exists "$id"
check "and the console quit (the last keys never ran)" test ! -e "$(screen q2)"

# ---- quit: stay -------------------------------------------------------------------
wft "$(keys qstay <<K
/id:$id<Enter>
d
y
:q
<Esc>
:save-display $(screen q3)
u
K
)"
check "stay: the console goes on, the row still held" grep -q "revoking in [12] s" "$(screen q3)"
check "and u then undoes it" token_exists "$id"

# ---- kill -9 in the window ------------------------------------------------------
undo_conf 30
live_start
live <<K
/id:$id<Enter>
d
y
K
live_screen "$work/k1.txt"
check "held in the live console" grep -q "revoking in [0-9]* s" "$work/k1.txt"
live_kill
check "kill -9: nothing was sent" token_exists "$id"
wft "$(keys next <<K
:save-display $(screen k2)
:journal
:save-display $(screen k3)
K
)"
check "the next start says the held revoke was not sent" \
	sh -c 'grep -q "1 held revoke of the last session was not sent" "$1" && grep -qF "$2" "$1"' sh "$(screen k2)" "$(mask "$id")"
check ":journal shows it as not sent" sh -c 'grep -qF "$2" "$1" && grep -q "not sent: the session ended during the undo window" "$1"' sh "$(screen k3)" "$(mask "$id")"
check "still not sent after the next start" token_exists "$id"

# ---- the journal --------------------------------------------------------------------
j=$(journal_file)
check "the journal is the user's alone" test "$(stat -c %a "$j")" = 600
leak=0
while IFS="$(printf '\t')" read -r t _; do grep -qF "$t" "$j" && leak=$((leak + 1)); done < "$work/tokens"
grep -qF "$ADMIN" "$j" && leak=$((leak + 1))
check "the journal holds no full token id" test "$leak" -eq 0

# ---- wftokens journal ----------------------------------------------------------------
env HOME="$work/home" "$bin" journal > "$work/journal.out" 2> "$work/journal.err"
check "wftokens journal prints every line" test "$(wc -l < "$work/journal.out")" -eq "$(wc -l < "$j")"
env HOME="$work/home" "$bin" journal "NOT SENT" > "$work/journal.out2"
check "and with TEXT only the lines that hold it" \
	sh -c 'test "$(wc -l < "$1")" -ge 1 && ! grep -v "not sent" "$1" | grep -q .' sh "$work/journal.out2"
