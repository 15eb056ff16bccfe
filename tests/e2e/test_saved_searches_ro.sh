#!/bin/sh
# test_saved_searches_ro.sh: --read-only refuses every change of a saved
# search (w, :save NAME, rename, clone and delete, from the keys and from
# the entry's menu) and still applies and shares them.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 12

sb_start --seed 81
state="$work/home/.local/state/wftokens"
saved() { api GET /api/v2/savedsearch/type/TOKEN; }
api POST /api/v2/savedsearch '{"entityType":"TOKEN","query":{"Users":"{\"searchTerms\":[{\"type\":\"query\",\"value\":\"type:user\"}]}"}}' > /dev/null
before=$(saved | jq -c '[.response.items[] | {id, query}]')
nuser=$(tokens | grep -c -v SERVICE_ACCOUNT)
# down-keys to the saved search named $1 from the panel's first entry
to_entry() {
	i=$(saved | jq --arg n "$1" '[.response.items[] | .query | keys[0]] | index($n)')
	printf '<Tab><Home>'; k=0; while [ "$k" -lt "$i" ]; do printf '<Down>'; k=$((k + 1)); done
}

WFTOKENS_OSC52_FILE="$work/clip"; export WFTOKENS_OSC52_FILE
wft "$(keys ro <<K
w
:save-display $(screen w)
:save Mine
:save-display $(screen save)
$(to_entry Users)r
:save-display $(screen rename)
c
:save-display $(screen clone)
d
:save-display $(screen delete)
e
r
:save-display $(screen menu_r)
e
c
:save-display $(screen menu_c)
e
d
:save-display $(screen menu_d)
<Enter>
:save-display $(screen apply)
y
:save-display $(screen share)
K
)" --read-only
unset WFTOKENS_OSC52_FILE
check "w is refused" grep -q 'Read-only: save-search is disabled' "$(screen w)"
check "and opens no prompt" sh -c '! grep -q "Save search as" "$1"' sh "$(screen w)"
check ":save NAME is refused" grep -q 'Read-only: save-search is disabled' "$(screen save)"
check "r on an entry is refused" grep -q 'Read-only: saved-rename is disabled' "$(screen rename)"
check "c on an entry is refused" grep -q 'Read-only: saved-clone is disabled' "$(screen clone)"
check "d on an entry is refused" grep -q 'Read-only: saved-delete is disabled' "$(screen delete)"
check "the menu's rename, clone and delete are refused" sh -c '
	grep -q "Read-only: saved-rename is disabled" "$1" &&
	grep -q "Read-only: saved-clone is disabled" "$2" &&
	grep -q "Read-only: saved-delete is disabled" "$3" &&
	! grep -q "Delete saved search?" "$3"' sh "$(screen menu_r)" "$(screen menu_c)" "$(screen menu_d)"
check "the server's saved searches are unchanged" test "$(saved | jq -c '[.response.items[] | {id, query}]')" = "$before"
check "nothing saved on this computer either" sh -c '! ls "$1"/saved-searches.* > /dev/null 2>&1' sh "$state"
check "apply still works" grep -q 'Applied the saved search "Users"' "$(screen apply)"
check "and narrows the table" test "$(count "$(screen apply)")" -eq "$nuser"
check "share still works" test -s "$work/clip"
