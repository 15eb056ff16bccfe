#!/bin/sh
# test_trust.sh: a revoke hits only what the user can see or is told of.
# Marks kept out of view are counted in the footer and named in the
# revoke dialog's first line; U clears every mark; a new search puts the
# cursor on its first match; counts of one are singular.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 45

sb_start --seed 300
tokens > "$work/tokens"
n_user_never=$(awk -F'\t' '$4 == "USER_ACCOUNT" && $5 == 0' "$work/tokens" | wc -l)

# ---- marks out of view ---------------------------------------------------------
wft "$(keys hidden <<K
/type:user never<Enter>
*
:save-display $(screen h0)
/<C-u>type:service<Enter>
:save-display $(screen h1)
d
:save-display $(screen h2)
n
U
:save-display $(screen h3)
K
)"
check "the setup marked every never-used user token ($n_user_never)" \
	grep -q "$n_user_never marked" "$(screen h0)"
check "the footer counts the marks out of view" \
	grep -q "$n_user_never marked, $n_user_never hidden" "$(screen h1)"
check "the dialog's first line says none is in the current view" \
	grep -q "$n_user_never marked tokens, none in the current view" "$(screen h2)"
# The dialog's own lines: between its title and its warning.
in_dialog() { sed -n '/Revoke [0-9]* tokens?/,/Revoking cannot/p' "$1" | sed 's/^[^|]*|//; s/|[^|]*$//'; }
check "the dialog lists the $n_user_never marked user tokens, no service token" \
	sh -c 'test "$(printf "%s\n" "$1" | grep -c "\*\*\*\*-\.\.\.-")" -eq "$2" && ! printf "%s\n" "$1" | grep -q "sa::"' \
	sh "$(in_dialog "$(screen h2)")" "$n_user_never"
gone_none() { test "$(tokens | wc -l)" -eq "$(wc -l < "$work/tokens")"; }
check "n revokes nothing" gone_none
check "U clears every mark" sh -c '! grep -q "marked" "$1"' sh "$(screen h3)"
check "U is in the manual" grep -qF 'clear\-marks' "$top_builddir/wftokens.1"

# ---- a new search puts the cursor on its first match ------------------------------
svc_id=$(awk -F'\t' '$4 == "SERVICE_ACCOUNT" { print $1; exit }' "$work/tokens")
first_row_id() { sed -n 4p "$1" | grep -o '\*\*\*\*-\.\.\.-[0-9a-f]*'; }
wft "$(keys cursor <<K
/type:service<Enter>
<Down><Down><Down>
:save-display $(screen s0)
/<C-u>generated:<10y<Enter>
:save-display $(screen s1)
<Down><Down>
:save-display $(screen s1b)
:sort name
:save-display $(screen s2)
x
:save-display $(screen s3)
K
)"
check "a new search selects its first match, not the token selected before" \
	sh -c 'test "$1" = "$2" && test "$1" != "$3"' sh "$(selected "$(screen s1)")" \
	"$(first_row_id "$(screen s1)")" "$(selected "$(screen s0)")"
check "a re-sort keeps the selected token" \
	test "$(selected "$(screen s2)")" = "$(selected "$(screen s1b)")"
check "clearing the search selects the first row" \
	test "$(selected "$(screen s3)")" = "$(first_row_id "$(screen s3)")"

# ---- words -----------------------------------------------------------------------------
wft "$(keys one <<K
/id:$svc_id<Enter>
:save-display $(screen w1)
m
:save-display $(screen w2)
K
)"
check "one match reads \"1 token\"" sh -c 'sed -n 2p "$1" | grep -q "1 token\b" && ! sed -n 2p "$1" | grep -q "1 tokens"' sh "$(screen w1)"
check "one mark reads \"1 marked\"" grep -q " 1 marked" "$(screen w2)"

# ---- the help overlay scrolls, grouped by where keys apply ------------------------------
wft "$(keys help <<K
?
:save-display $(screen q1)
<End>
:save-display $(screen q2)
<Home>
:save-display $(screen q3)
K
)"
check "help: grouped, with more below" sh -c 'grep -q "Anywhere" "$1" && grep -q "more below" "$1"' sh "$(screen q1)"
check "help: End shows the side panel's keys, and nothing more below" \
	sh -c 'grep -q "In the side panel" "$1" && grep -q "saved-share" "$1" && ! grep -q "more below" "$1"' sh "$(screen q2)"
check "help: Home goes back to the top" grep -q "Anywhere" "$(screen q3)"

# ---- / always opens the token search; F filters the accounts ----------------------------
acct=$(awk -F'\t' '$4 == "SERVICE_ACCOUNT" { print $3 }' "$work/tokens" | sort | uniq -c | sort -rn | awk 'NR == 1 { print $2 }')
n_acct=$(awk -F'\t' -v a="$acct" '$3 == a' "$work/tokens" | wc -l)
wft "$(keys slash <<K
<Tab>
/sa::<Enter>
:save-display $(screen f1)
<Esc>
x
F$acct<Enter>
:save-display $(screen f2)
K
)"
check "/ after Tab searches the tokens" sh -c 'sed -n 2p "$1" | grep -q "^ / sa::"' sh "$(screen f1)"
check "and types nothing into the accounts filter" sh -c '! grep -q "/sa::" "$1"' sh "$(screen f1)"
check "the panel's header shows the accounts filter's key" grep -q "ACCOUNTS (F filters)" "$(screen f1)"
check "F, a name, Enter: that account is applied ($acct, $n_acct tokens)" \
	sh -c 'sed -n 2p "$1" | grep -q "\[1 filter\] \(server search: \)\?$2 tokens\?$"' sh "$(screen f2)" "$n_acct"

# ---- 80x24: the first screen makes sense --------------------------------------------------
blank=$(api GET /api/v2/apitoken/customertokens | jq -r '[.response[] | select(.name == "")][0].id')
COLS=80 ROWS=24 wft "$(keys narrow <<K
:save-display $(screen n0)
/id:$blank<Enter>
:save-display $(screen n1)
K
)"
check "80x24: the id column shows only its last four characters" \
	sh -c 'sed -n 4p "$1" | grep -q "^ *…[0-9a-f]\{4\} " && ! sed -n 4p "$1" | grep -q "\*\*\*\*-"' sh "$(screen n0)"
check "80x24: a blank name shows as (no name)" sh -c 'sed -n 4p "$1" | grep -q "…$2 (no name)"' sh "$(screen n1)" "$(printf %s "$blank" | tail -c 4)"
check "80x24: the footer says Tab opens the filters" sh -c 'tail -1 "$1" | grep -q "Tab filters"' sh "$(screen n0)"

# ---- the sort menu and :sort agree on direction ----------------------------------------
wft "$(keys sortdir <<K
:sort lastused
:save-display $(screen o1)
:sort name
s
:save-display $(screen o2)
l
:save-display $(screen o3)
s
<Enter>
:save-display $(screen o4)
:sort generated:asc
:save-display $(screen o5)
K
)"
check ":sort lastused: newest first, as the menu does" sh -c 'sed -n 3p "$1" | grep -q "Last used v"' sh "$(screen o1)"
check "the menu shows each column's hotkey and order" \
	sh -c 'grep -q "l  Last used *newest first" "$1" && grep -q "\* n  Token Name *A to Z (again: Z to A)" "$1"' sh "$(screen o2)"
check "s l: last used, newest first" sh -c 'sed -n 3p "$1" | grep -q "Last used v"' sh "$(screen o3)"
check "Enter on the column in use reverses it" sh -c 'sed -n 3p "$1" | grep -q "Last used ^"' sh "$(screen o4)"
check ":sort generated:asc keeps the order asked for" sh -c 'sed -n 3p "$1" | grep -q "Generated ^"' sh "$(screen o5)"

# ---- long messages wrap, and the message log keeps every one -------------------------------
long=abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz-0123
COLS=80 ROWS=24 wft "$(keys msgs <<K
:$long
:save-display $(screen l1)
:sort colour
L
:save-display $(screen l2)
<Esc>
:messages
:save-display $(screen l3)
K
)"
# The footer's lines, joined: the whole message, its end included.
check "a long message wraps instead of being cut" \
	sh -c 'tail -5 "$1" | tr -d "\n" | tr -s " " | grep -q "Unknown command: $2 (press ? for the list)"' sh "$(screen l1)" "$long"
check "L: the message log, with times, keeps the first message after a second" \
	sh -c 'grep -q "Messages (" "$1" && grep -q "[0-9][0-9]:[0-9][0-9]:[0-9][0-9]  Unknown command:" "$1" && grep -q "Unknown column \"colour\"" "$1"' sh "$(screen l2)"
check ":messages opens it too" grep -q "Messages (" "$(screen l3)"

# ---- an action that cannot succeed is refused before any prompt ----------------------------
other=$(awk -F'\t' -v a="$ADMIN" '$4 == "USER_ACCOUNT" && $1 != a { print $1; exit }' "$work/tokens")
owner=$(awk -F'\t' -v t="$other" '$1 == t { print $3 }' "$work/tokens")
wft "$(keys refuse <<K
/id:$other<Enter>
r
:save-display $(screen r1)
x
/id:$ADMIN<Enter>
r
:save-display $(screen r2)
<Esc>
K
)"
check "r on another user's token: refused at once, naming the owner" \
	sh -c 'tail -4 "$1" | tr -d "\n" | tr -s " " | grep -q "Cannot rename \*\*\*\*-\.\.\.-[0-9a-f]*: it is $2.s token" && ! grep -q "^Rename \*\*\*\*" "$1" && ! tail -1 "$1" | grep -q "Rename "' sh "$(screen r1)" "$owner"
check "and nothing was renamed" test "$(tokens | awk -F'\t' -v t="$other" '$1 == t { print $2 }')" = "$(awk -F'\t' -v t="$other" '$1 == t { print $2 }' "$work/tokens")"
check "r on your own token opens the prompt" sh -c 'tail -1 "$1" | grep -q "Rename \*\*\*\*-\.\.\.-d001 to:"' sh "$(screen r2)"

# ---- "stalest" means stalest -------------------------------------------------------------------
# A seeded account with tokens of many ages, filled up to 20 with new ones:
# generate is refused, naming the three whose last sign of life (last use,
# or generation for a token never used) is oldest; none of today's.
now_ms=$(($(date +%s) * 1000))
# The account with the most stale tokens, among those with room for fillers.
sa=$(api GET /api/v2/apitoken/customertokens | jq -r --argjson now "$now_ms" '
	[.response[] | select(.accountType == "SERVICE_ACCOUNT")] | group_by(.account) | map(select(length < 18))
	| max_by([.[] | (if (.lastUsed // 0) > 0 then .lastUsed else (.dateGenerated // 0) end) | select($now - . >= 86400000)] | length)
	| .[0].account')
api GET /api/v2/apitoken/customertokens | jq -r --arg a "$sa" --argjson now "$now_ms" '
	[.response[] | select(.account == $a) | {id, t: (if (.lastUsed // 0) > 0 then .lastUsed else (.dateGenerated // 0) end)}
	 | select(.t == 0 or $now - .t >= 86400000)] | sort_by(.t) | .[0:3][] | .id[-4:]' > "$work/stalest"
have=$(api GET "/api/v2/apitoken/serviceaccount/$sa" | jq '.response | length')
while [ "$have" -lt 20 ]; do
	api POST "/api/v2/apitoken/serviceaccount/$sa" '{"tokenName":"filler"}' > /dev/null
	have=$((have + 1))
done
wft "$(keys stale <<K
2
/$sa<Enter>
<Enter>
g
:save-display $(screen st1)
K
)"
msg=$(sed 's/^|//; s/|$//' "$(screen st1)" | tr -d '\n' | tr -s ' ' | grep -o 'the stalest: .*' | cut -c1-300)
exp=$(awk '{ printf "%s****-...-%s", (NR > 1 ? ", " : ""), $1 }' "$work/stalest")
check "the refusal names the three stalest of $sa, oldest first" \
	sh -c 'test -s "$3" && printf "%s\n" "$1" | sed "s/ ([^)]*)//g" | grep -qF "the stalest: $2."' sh "$msg" "$exp" "$work/stalest"

# ---- an inactive service account's token says so ---------------------------------------------
api POST "/api/v2/account/serviceaccount/$sa/deactivate" > /dev/null
wft "$(keys inactive <<K
/account:$sa<Enter>
:save-display $(screen ia)
K
)"
check "a deactivated account's tokens show Inactive in the Type column" \
	sh -c 'test "$(sed -n "4,27p" "$1" | grep -c "\*\*\*\*-")" -eq 20 && test "$(sed -n "4,27p" "$1" | grep -c " Inactive ")" -eq 20' sh "$(screen ia)"

# ---- a saved search: its keys in the footer, and which one is applied ----------------------
wft "$(keys savedkeys <<K
<Tab><Home>
:save-display $(screen k1)
<Enter><Tab>
:save-display $(screen k2)
/zz<Enter>
:save-display $(screen k3)
K
)"
# The selected entry (">Name |") in the first display.
picked=$(grep '^>' "$(screen k1)" | head -1 | sed 's/^>//; s/ *|.*//')
check "a selected saved search lists its keys in the footer" \
	sh -c 'tail -1 "$1" | grep -q "Enter apply  e menu  r rename  c clone  d delete  y share"' sh "$(screen k1)"
check "the applied saved search ($picked) is marked in the panel" \
	sh -c 'test -n "$2" && grep -qF "*$2 " "$1"' sh "$(screen k2)" "$picked"
check "a new search takes the mark away" sh -c '! grep -q "^\*" "$1"' sh "$(screen k3)"

# ---- Tab completes at the : prompt and in the search bar ----------------------------------
acc1=$(awk -F'\t' '$4 == "SERVICE_ACCOUNT" { print $3 }' "$work/tokens" | sort -u | head -1)
uniq_prefix=$(printf %s "$acc1" | cut -c1-14)
wft "$(keys tabs <<K
<Esc>:so<Tab> la<Tab>
:save-display $(screen t1)
<Esc>
<Esc>:theme sol<Tab>
:save-display $(screen t2)
<Esc>
/acc<Tab>$uniq_prefix<Tab>
:save-display $(screen t3)
<Esc>
/u<Tab>
:save-display $(screen t4)
K
)"
check ":so Tab, \" la\" Tab: :sort lastused" sh -c 'tail -1 "$1" | grep -q "^:sort lastused"' sh "$(screen t1)"
check ":theme sol Tab: the theme's whole name" sh -c 'tail -1 "$1" | grep -q "^:theme solarized-dark"' sh "$(screen t2)"
n_acc1=$(awk -F'\t' '{ print $3 }' "$work/tokens" | sort -u | grep -c "^$uniq_prefix")
if [ "$n_acc1" -eq 1 ]; then
	check "/acc Tab then an account's start Tab: the whole account name" \
		sh -c 'sed -n 2p "$1" | grep -qF " / account:$2 "' sh "$(screen t3)" "$acc1"
else
	check "/acc Tab then a shared start Tab: extended as far as the accounts agree" \
		sh -c 'sed -n 2p "$1" | grep -qF " / account:$2"' sh "$(screen t3)" "$uniq_prefix"
fi
check "/u Tab: both fields that start with u are listed" \
	sh -c 'tail -3 "$1" | grep -q "2 matches: used:  unused:"' sh "$(screen t4)"

# ---- the cause of a failure is kept, after later messages replace it ----------------------
# Repeated server errors on a revoke, then a reload: the footer moves on,
# the message log still has the failure, in words.
victim=$(tokens | awk -F'\t' '$4 == "SERVICE_ACCOUNT" { print $1 }' | sed -n 2p)
live_start
live <<K
/id:$victim<Enter>
K
live_screen "$(screen c0)"
api POST /_sandbox/faults '{"fail_next":5,"status":503}' > /dev/null
live <<K
dy
K
live_screen "$(screen c1)"
live <<K
<C-r>
K
live_screen "$(screen c2)"
live <<K
L
K
live_screen "$(screen c3)"
live_end
check "the revoke failed and says so" grep -q "revoke" "$(screen c1)"
check "after a reload the log still holds the failure's cause (503)" \
	sh -c 'grep -q "Messages (" "$1" && grep -qi "revoke.*\(503\|unavailable\)\|\(503\|unavailable\).*revoke" "$1"' sh "$(screen c3)"
check "the token is still on the server" token_exists "$victim"
