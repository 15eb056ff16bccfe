#!/bin/sh
# test_saved_searches.sh: saved searches in script mode against a sandbox:
# save (w, :save), list, apply, rename, clone, delete, share, each checked
# through the sandbox's API; a web-UI search; --saved-search and --query;
# the local fallback when the server refuses; a corrupt state file; the
# search history across runs.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 49

sb_start --seed 80
state="$work/home/.local/state/wftokens"
saved() { api GET /api/v2/savedsearch/type/TOKEN; }
id_of() { saved | jq -r --arg n "$1" '.response.items[] | select(.query | has($n)) | .id'; }
# down-keys to the saved search named $1 from the panel's first entry
to_entry() {
	i=$(saved | jq --arg n "$1" '[.response.items[] | .query | keys[0]] | index($n)')
	printf '<Tab><Home>'; k=0; while [ "$k" -lt "$i" ]; do printf '<Down>'; k=$((k + 1)); done
}

# ---- save ------------------------------------------------------------------------------
wft "$(keys q <<K
/account:sa:: unused:30d<Enter>
:sort lastused desc
:save-display $(screen orig)
w
Stale SA
<Enter>
:save-display $(screen saved)
K
)"
norig=$(count "$(screen orig)")
check "the query narrows the table" test "$norig" -gt 0
id=$(id_of "Stale SA")
check "w saves it on the server" test -n "$id"
q=$(saved | jq -r --arg i "$id" '.response.items[] | select(.id == $i) | .query["Stale SA"]')
check "entity type TOKEN" test "$(api GET "/api/v2/savedsearch/$id" | jq -r .response.entityType)" = TOKEN
check "the whole query as a query term" test "$(echo "$q" | jq -r '.searchTerms[] | select(.type == "query") | .value')" = "account:sa:: unused:30d"
check "web-UI terms where they map" test "$(echo "$q" | jq -r '[.searchTerms[] | select(.type == "usage") | .value] | join(",")')" = "unused:30d"
check "the sort" test "$(echo "$q" | jq -r '.sortField + " " + .sortOrder')" = "lastUsed descending"
check "the footer says so" grep -q 'Saved the search "Stale SA"' "$(screen saved)"
check "the panel lists it" grep -q '^ Stale SA ' "$(screen saved)"

# ---- apply -----------------------------------------------------------------------------
wft "$(keys apply <<K
$(to_entry "Stale SA")<Enter>
:save-display $(screen applied)
K
)"
a=$(screen applied)
check "apply: the same rows as the original query" test "$(count "$a")" -eq "$norig"
check "apply: the query is back in the bar" grep -q '^ / account:sa:: unused:30d' "$a"
check "apply: and the sort" sh -c 'sed -n 3p "$1" | grep -q "Last used v"' sh "$a"
check "apply: says so" grep -q 'Applied the saved search "Stale SA"' "$a"
# The table's part of each row (right of the panel's border).
rows() { sed -n '4,28p' "$1" | sed 's/^[^|]*|//'; }
rows "$(screen orig)" > "$work/rows.orig"
rows "$a" > "$work/rows.applied"
check "apply: the same rows in the same order" cmp -s "$work/rows.orig" "$work/rows.applied"

# ---- rename, clone, delete ---------------------------------------------------------------
wft "$(keys edit <<K
$(to_entry "Stale SA")r<C-u>Stale service tokens<Enter>
:save-display $(screen renamed)
c
:save-display $(screen cloned)
K
)"
check "rename: the same id, the new name" test "$(id_of "Stale service tokens")" = "$id"
check "rename: the old name is gone" test -z "$(id_of "Stale SA")"
copy=$(id_of "Stale service tokens (copy)")
check "clone: a new saved search NAME (copy)" sh -c "test -n '$copy' && test '$copy' != '$id'"
cq=$(saved | jq -r --arg i "$copy" '.response.items[] | select(.id == $i) | .query[]')
check "clone: the same search" test "$cq" = "$(saved | jq -r --arg i "$id" '.response.items[] | select(.id == $i) | .query[]')"
check "clone: listed" test "$(grep -c '^.Stale service' "$(screen cloned)")" -eq 2
wft "$(keys del <<K
$(to_entry "Stale service tokens (copy)")d
:save-display $(screen confirm)
<Enter>
d
y
:save-display $(screen deleted)
K
)"
check "delete asks first" grep -q 'Delete saved search?' "$(screen confirm)"
check "No is the default" grep -q 'n No (default)' "$(screen confirm)"
check "delete: gone from the server" test -z "$(id_of "Stale service tokens (copy)")"
check "delete: the other one stays" test "$(id_of "Stale service tokens")" = "$id"
check "delete: gone from the panel" test "$(grep -c '^.Stale service' "$(screen deleted)")" -eq 1

# ---- share and --saved-search ------------------------------------------------------------
wft "$(keys share <<K
$(to_entry "Stale service tokens")y
:save-display $(screen shared)
K
)" > /dev/null
WFTOKENS_OSC52_FILE="$work/clip"; export WFTOKENS_OSC52_FILE
wft "$(keys share2 <<K
$(to_entry "Stale service tokens")y
K
)"
unset WFTOKENS_OSC52_FILE
clip=$(sed 's/.*52;c;//; s/\x07.*//; s/\x1b\\\\.*//' "$work/clip" | base64 -d 2>/dev/null)
# Signed in from the environment, no config file: the line names the
# endpoint (a profile "default" does not exist), never a secret.
check "share: the command line on the clipboard" test "$clip" = "wftokens --endpoint $URL --saved-search $id"
check "share: and in the footer" grep -q "Copied: wftokens --endpoint $URL --saved-search $id" "$(screen shared)"
# The copied line, run as it is (with this user's own secret in the environment).
runline() {
	_keys=$2
	eval "set -- ${1#wftokens }"
	env HOME="$work/home" XDG_CONFIG_HOME="$work/empty-config" TERM=xterm WAVEFRONT_TOKEN="$ADMIN" \
		COLUMNS=100 LINES=30 WFTOKENS_SCRIPT="$_keys" "$bin" "$@" 2> "$work/runline.err"
}
printf ':save-display %s\n' "$(screen ranline)" > "$work/runline.keys"
runline "$clip" "$work/runline.keys"
check "share: the copied line runs and opens the saved search ($(count "$(screen ranline)") tokens)" \
	sh -c 'test "$3" -gt 0 && grep -q "^ / account:sa:: unused:30d" "$1" && ! grep -q "no profile" "$2"' \
	sh "$(screen ranline)" "$work/runline.err" "$(count "$(screen ranline)")"
check "the clipboard hook made a new file, mode 0600" test "$(stat -c %a "$work/clip")" = 600
# The hook refuses a file that exists (here world-readable): it is left as
# it was, and the footer says the copy was not made.
printf 'theirs\n' > "$work/shared-clip"
chmod 644 "$work/shared-clip"
WFTOKENS_OSC52_FILE="$work/shared-clip"; export WFTOKENS_OSC52_FILE
COLS=200
wft "$(keys share3 <<K
$(to_entry "Stale service tokens")y
:save-display $(screen shared3)
K
)"
unset WFTOKENS_OSC52_FILE COLS
check "an existing file is refused and left as it was" \
	sh -c 'test "$(cat "$1")" = theirs && test "$(stat -c %a "$1")" = 644' sh "$work/shared-clip"
check "and the footer says why" grep -q "Not copied: WFTOKENS_OSC52_FILE: .*already exists" "$(screen shared3)"
wft "$(keys open <<K
:save-display $(screen opened)
K
)" --saved-search "$id"
check "--saved-search opens on it" test "$(count "$(screen opened)")" -eq "$norig"
wft "$(keys openq <<K
:save-display $(screen openq)
K
)" --query 'account:sa:: unused:30d' --sort lastused:desc
check "--query opens on the search" test "$(count "$(screen openq)")" -eq "$norig"
check "--sort with it" sh -c 'sed -n 3p "$1" | grep -q "Last used v"' sh "$(screen openq)"

# ---- a search saved by the web UI ----------------------------------------------------------
nsvc=$(tokens | grep -c SERVICE)
api POST /api/v2/savedsearch '{"entityType":"TOKEN","query":{"From the web":"{\"searchTerms\":[{\"type\":\"accountType\",\"value\":\"SERVICE_ACCOUNT\"},{\"type\":\"tagContains\",\"value\":\"prod\"}],\"sortOrder\":\"ascending\",\"sortField\":null,\"pageNum\":1}"}}' > /dev/null
wft "$(keys web <<K
$(to_entry "From the web")<Enter>
:save-display $(screen web)
K
)"
check "web UI terms applied" test "$(count "$(screen web)")" -eq "$nsvc"
check "ignored terms named" grep -q 'ignored unknown terms: tagContains=prod' "$(screen web)"

# ---- a failed save keeps the prompt ----------------------------------------------------------
live_start
live <<K
/type:user<Enter>
K
live_screen "$work/l0.txt"
api POST /_sandbox/faults '{"fail_next":1,"status":500}' > /dev/null
live <<K
:save Users only
K
live_screen "$work/l1.txt"
check "a failed save says why" grep -q 'Could not save "Users only"' "$work/l1.txt"
check "and keeps the prompt's text" grep -q '^Save search as: Users only' "$work/l1.txt"
live <<K
<Enter>
K
live_screen "$work/l2.txt"
check "Enter tries again" test -n "$(id_of "Users only")"

# ---- the local fallback ---------------------------------------------------------------------
api POST /_sandbox/faults '{"fail_next":1,"status":403}' > /dev/null
live <<K
w
Kept here
<Enter>
K
live_screen "$work/l3.txt"
live_end
check "refused: not on the server" test -z "$(id_of "Kept here")"
check "refused: listed as local" grep -q '^ Kept here (local)' "$work/l3.txt"
check "refused: said" grep -q 'refuses saved searches (HTTP 403)' "$work/l3.txt"
lf="$state/saved-searches.default.json"
check "refused: in the state file" test "$(jq -r '.items[0].query | keys[0]' "$lf")" = "Kept here"

# A local one is shared as the search itself, quoted for the shell.
nsrv=$(saved | jq '.response.items | length')
down_n() { k=0; while [ "$k" -lt "$1" ]; do printf '<Down>'; k=$((k + 1)); done; }
WFTOKENS_OSC52_FILE="$work/clip2"; export WFTOKENS_OSC52_FILE
wft "$(keys sharelocal <<K
<Tab><Home>$(down_n "$nsrv")y
K
)"
unset WFTOKENS_OSC52_FILE
clip=$(sed 's/.*52;c;//; s/\x07.*//; s/\x1b\\\\.*//' "$work/clip2" | base64 -d 2>/dev/null)
check "share a local one: --query" test "$clip" = "wftokens --endpoint $URL --query type:user"
# One written straight into the local file (the API's record format),
# with a query the shell must not split.
odd='name:"it'"'"'s" $HOME x'
jq --arg q "{\"searchTerms\":[{\"type\":\"query\",\"value\":$(printf '%s' "$odd" | jq -Rs .)}],\"sortField\":\"lastUsed\",\"sortOrder\":\"descending\"}" \
	'.items += [{"id":"local-9","entityType":"TOKEN","query":{"Odd":$q}}]' \
	"$state/saved-searches.default.json" > "$work/lf" && cp "$work/lf" "$state/saved-searches.default.json"
WFTOKENS_OSC52_FILE="$work/clip3"; export WFTOKENS_OSC52_FILE
wft "$(keys shareodd <<K
<Tab><Home>$(down_n $((nsrv + 1)))y
K
)"
unset WFTOKENS_OSC52_FILE
clip=$(sed 's/.*52;c;//; s/\x07.*//; s/\x1b\\\\.*//' "$work/clip3" | base64 -d 2>/dev/null)
sh -c 'wftokens() { printf "%s\n" "$@"; }; eval "$1"' sh "$clip" > "$work/args"
check "share quotes the query for the shell" test "$(sed -n 4p "$work/args")" = "$odd"
check "and carries the sort" test "$(sed -n 6p "$work/args")" = "lastused:desc"

# ---- the search history across runs ------------------------------------------------------------
wft "$(keys hist <<K
/<Up>
:save-display $(screen hist)
K
)"
check "history: Up brings back the last search of an earlier run" grep -q '^ / type:user' "$(screen hist)"
check "history: in the state directory" test "$(jq -r '.history[-1]' "$state/search-history.json")" = "type:user"

# ---- a corrupt state file ----------------------------------------------------------------------
printf '{"items": [ {"id": ' > "$lf"
wft "$(keys corrupt <<K
:save-display $(screen corrupt)
K
)"
check "corrupt: set aside, not dropped" sh -c 'ls "$1".corrupt-* > /dev/null 2>&1' sh "$lf"
check "corrupt: the screen says so" grep -q 'Corrupt state file set aside' "$(screen corrupt)"
check "corrupt: and so does stderr at the end" grep -q 'was corrupt.*kept as' "$work/wft.err"
