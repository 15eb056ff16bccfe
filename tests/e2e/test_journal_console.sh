#!/bin/sh
# test_journal_console.sh: the console's own changes in the journal, each
# written before its request goes out ("pending") and again with its
# outcome: a token generated (g), renamed and revoked in the service-account
# dialog; account update, deactivate, activate, create and delete;
# saved-search save, rename, clone and delete; a refusal with its reason and
# a change not confirmed. Each change is checked on the sandbox's own state
# too, and a scan shows the journal never holds a full token id.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 28

sb_start --seed 12
export COLS=100 ROWS=30
j=$(journal_file)
faults() { api POST /_sandbox/faults "$1" > /dev/null; }
ntok() { api GET "/api/v2/apitoken/serviceaccount/$1" | jq '.response | length'; }
gen() { api POST "/api/v2/apitoken/serviceaccount/$1" "{\"tokenName\":\"$2\"}" > /dev/null; }
mk() { api POST /api/v2/account/serviceaccount "{\"identifier\":\"$1\",\"description\":\"$2\",\"active\":true}" > /dev/null; }
id_named() { api GET "/api/v2/apitoken/serviceaccount/$1" | jq -r --arg n "$2" '.response[] | select(.tokenName == $n) | .tokenID'; }
sa_exists() { api GET "/api/v2/account/serviceaccount/$1" | jq -e '.status.code == 200' > /dev/null; }
sa_active() { api GET "/api/v2/account/serviceaccount/$1" | jq -r '.response.active'; }
saved() { api GET /api/v2/savedsearch/type/TOKEN; }
ss_id() { saved | jq -r --arg n "$1" '.response.items[] | select(.query | has($n)) | .id'; }
# Every token id the sandbox has had, for the scan at the end.
ids() { tokens | cut -f1 >> "$work/all_ids"; }
# is ACTION ACCOUNT STATES: ACTION's lines on ACCOUNT are STATES (in order,
# comma-separated), all of one change.
is() {
	test "$(jq -r --arg a "$1" --arg c "$2" 'select(.action == $a and .target.account == $c) | .state' "$j" | paste -sd, -)" = "$3" &&
	test "$(jq -r --arg a "$1" --arg c "$2" 'select(.action == $a and .target.account == $c) | .change' "$j" | sort -u | wc -l)" -eq 1
}
# ss_is ACTION NAME STATES: the same for a saved search named NAME.
ss_is() {
	test "$(jq -r --arg a "$1" --arg n "$2" 'select(.action == $a and .target.name == $n) | .state' "$j" | paste -sd, -)" = "$3"
}
mask() { printf '****-...-%s' "$(printf %s "$1" | tail -c 4)"; }
mk sa::jr-a "journal test"
gen sa::jr-a first
gen sa::jr-a second
ids

# ---- tokens in the dialog: generate (g), rename, revoke --------------------------------------
wft "$(keys tok <<K
2
/jr-a<Enter>
g
made-here<Enter>
<Esc>
<Down><Down><Down>
<Enter><C-u>renamed-here<Enter>
<Down>
d
y
:save-display $(screen t1)
K
)"
ids
new=$(id_named sa::jr-a made-here)
check "generate: made on the server" test -n "$new"
check "the journal: generate pending, then done" is generate sa::jr-a pending,done
check "the done line names the new token, masked" \
	test "$(jq -r 'select(.action == "generate" and .state == "done") | .target.id' "$j")" = "$(mask "$new")"
check "rename: the server has the new name" test -n "$(id_named sa::jr-a renamed-here)"
check "the journal: rename pending, then done" is rename sa::jr-a pending,done
check "the rename's lines say the new name" \
	sh -c 'test "$(jq -r "select(.action == \"rename\") | .detail" "$1" | grep -c "to \"renamed-here\"")" -eq 2' sh "$j"
check "revoke: 2 tokens left on the server" test "$(ntok sa::jr-a)" -eq 2
check "the journal: revoke pending, then done" is revoke sa::jr-a pending,done

# ---- the account: update, deactivate, activate --------------------------------------------------
wft "$(keys acc <<K
2
/jr-a<Enter>
<Enter>
<End><Enter>
<C-s>
:save-display $(screen u1)
<Esc>
<Esc>
t
y
:save-display $(screen d1)
t
y
K
)"
has_perm() { api GET /api/v2/account/serviceaccount/sa::jr-a | jq -e --arg p "$1" '.response.groups | index($p)' > /dev/null; }
check "update: saved on the server" has_perm host_tag_management
check "the journal: account update pending, then done" is "account update" sa::jr-a pending,done
toggled() { is "account deactivate" sa::jr-a pending,done && is "account activate" sa::jr-a pending,done; }
check "the journal: deactivate and activate, each pending then done" toggled
check "the account is active again" test "$(sa_active sa::jr-a)" = true

# ---- create and delete ------------------------------------------------------------------------
wft "$(keys create <<K
2
a
jr-new<Enter>
<C-s>
:save-display $(screen c1)
<Esc>
<Esc>
<Esc>
:search jr-new
d
y
:save-display $(screen c2)
K
)"
ids
check "create and delete: done on the server (gone now)" \
	sh -c '! curl -s -H "Authorization: Bearer $1" "$2/api/v2/account/serviceaccount/sa::jr-new" | jq -e ".status.code == 200" > /dev/null' sh "$ADMIN" "$URL"
check "the journal: account create pending, then done" is "account create" sa::jr-new pending,done
check "the journal: account delete pending, then done" is "account delete" sa::jr-new pending,done
created_masked() {
	jq -r 'select(.action == "account create" and .state == "done") | .target.id' "$j" |
		grep -qE '^[*]{4}-[.]{3}-[0-9a-f]{4}$'
}
check "the create's lines name its first token, masked" created_masked

# ---- a refusal, with its reason -------------------------------------------------------------------
faults '{"fail_next":1,"status":403,"wait_for_change":1}'
wft "$(keys refused <<K
2
:search jr-a
t
y
:save-display $(screen r1)
K
)"
faults '{}'
check "refused: the account is still active" test "$(sa_active sa::jr-a)" = true
check "the journal: deactivate pending, then refused" \
	sh -c 'test "$(jq -r "select(.action == \"account deactivate\") | .state" "$1" | tail -2 | paste -sd, -)" = "pending,refused"' sh "$j"
check "the refusal's line gives the reason" \
	sh -c 'jq -r "select(.action == \"account deactivate\" and .state == \"refused\") | .detail" "$1" | grep -q "403"' sh "$j"

# ---- not confirmed: the revoke and its read-back both cut off ---------------------------------------
victim=$(id_named sa::jr-a first)
faults '{"drop_next":1,"fail_next":1,"status":500,"wait_for_change":1}'
wft "$(keys unsure <<K
2
/jr-a<Enter>
<Enter>
<Down><Down><Down>
d
y
:save-display $(screen n1)
K
)"
faults '{}'
check "the dialog says not confirmed" grep -q "not confirmed" "$(screen n1)"
check "the journal: that revoke pending, then not confirmed" \
	sh -c 'test "$(jq -r "select(.action == \"revoke\") | .state" "$1" | tail -2 | paste -sd, -)" = "pending,not confirmed"' sh "$j"

# ---- saved searches: save, rename, clone, delete ----------------------------------------------------
# down-keys to the saved search named $1 from the panel's first entry
to_entry() {
	i=$(saved | jq --arg n "$1" '[.response.items[] | .query | keys[0]] | index($n)')
	printf '<Tab><Home>'; k=0; while [ "$k" -lt "$i" ]; do printf '<Down>'; k=$((k + 1)); done
}
wft "$(keys ss <<K
/account:sa::<Enter>
w
SA only
<Enter>
K
)"
wft "$(keys ss2 <<K
$(to_entry "SA only")r<C-u>SA tokens<Enter>
K
)"
wft "$(keys ss3 <<K
$(to_entry "SA tokens")c
K
)"
wft "$(keys ss4 <<K
$(to_entry "SA tokens (copy)")d
y
K
)"
check "saved searches: renamed on the server, its copy deleted" \
	sh -c 'test -n "$1" && test -z "$2" && test -z "$3"' sh "$(ss_id "SA tokens")" "$(ss_id "SA only")" "$(ss_id "SA tokens (copy)")"
ss_all() {
	ss_is "saved-search save" "SA only" pending,done &&
	ss_is "saved-search rename" "SA tokens" pending,done &&
	ss_is "saved-search clone" "SA tokens (copy)" pending,done &&
	ss_is "saved-search delete" "SA tokens (copy)" pending,done
}
check "the journal: save, rename, clone, delete, each pending then done" ss_all

# ---- --dry-run: shown, journalled as such, nothing sent ----------------------------------------------
wft "$(keys dry <<K
2
:search jr-a
t
y
:save-display $(screen y1)
<Enter>
<Down><Down><Down>
d
y
:save-display $(screen y2)
K
)" --dry-run
check "dry run: the account is still active, the token still there" \
	sh -c 'test "$1" = true && test -n "$2"' sh "$(sa_active sa::jr-a)" "$(id_named sa::jr-a renamed-here)"
dry_lines() {
	test "$(jq -r 'select(.action == "account deactivate") | .state' "$j" | tail -1)" = "dry run" &&
	test "$(jq -r 'select(.action == "revoke") | .state' "$j" | tail -1)" = "dry run" &&
	jq -r 'select(.state == "dry run") | .detail' "$j" | grep -q "not sent: DELETE /api/v2/apitoken/serviceaccount/sa::jr-a/\*\*\*\*-\.\.\.-"
}
check "the journal holds both as dry run, with the request they would make" dry_lines

# ---- the scan -------------------------------------------------------------------------------------------
ids
sort -u "$work/all_ids" | grep . > "$work/ids"
check "the scan has ids to look for" test "$(wc -l < "$work/ids")" -ge 5
check "the journal holds no full token id" sh -c '! grep -qF -f "$2" "$1" && ! grep -qF "$3" "$1"' sh "$j" "$work/ids" "$ADMIN"
check "every journal line is a JSON object" sh -c 'test "$(jq -c . "$1" | wc -l)" -eq "$(wc -l < "$1")"' sh "$j"
