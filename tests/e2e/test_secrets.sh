#!/bin/sh
# test_secrets.sh: no full token id (the administrator's, or any other the
# sandbox holds) in anything the console writes: screens, stderr, state
# files, the saved displays, the manual; a crash leaves no core file that
# would carry them. Only the hand-over dialog shows the one new id.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
need ps procps
plan 13

sb_start --seed 30
unset TMUX STY
export XDG_STATE_HOME="$work/state"
ids() { api GET /api/v2/apitoken/customertokens | jq -r '.response[].id'; }
ids > "$work/ids.before"
echo "$ADMIN" >> "$work/ids.before"
tid=$(api GET /api/v2/apitoken/customertokens | jq -r '[.response[] | select(.accountType == "SERVICE_ACCOUNT")][0].id')
acct=$(api GET "/api/v2/apitoken/customertokens/$tid" | jq -r .response.account)

wft "$(keys walk <<K
/id:$tid<Enter>
r<C-u>secret-walk<Enter>
:save-display $(screen s1)
w
walk search<Enter>
:save-display $(screen w1)
x
2
/${acct#sa::}<Enter>
<Enter>
g
fresh<Enter>
:save-display $(screen handover)
<Esc>
:save-display $(screen s2)
<Esc>
1
:sort name
?
:save-display $(screen s3)
<Esc>
d
:save-display $(screen s4)
n
K
)" > "$work/wft.out"
new=$(api GET "/api/v2/apitoken/serviceaccount/$acct" | jq -r '.response[] | select(.tokenName == "fresh") | .tokenID')
check "the hand-over showed the new id" grep -qF "$new" "$(screen handover)"
rm -f "$(screen handover)"
ids >> "$work/ids.before"
sort -u "$work/ids.before" > "$work/ids"
man "$top_builddir/wftokens.1" > "$work/man.txt" 2>/dev/null || cp "$top_builddir/wftokens.1" "$work/man.txt"
# Every file the console wrote, and its stdout and stderr. The search bar
# (line 2 of a screen) shows what the test typed there, and only that.
leaks() {
	for f in "$work"/*.txt; do sed 2d "$f"; done | grep -F -f "$work/ids"
	find "$work/home" "$work/config" "$work/state" "$work/wft.out" "$work/wft.err" \
		-type f 2>/dev/null | xargs grep -lF -f "$work/ids" 2>/dev/null
}
check "the screens, state files, stdout and stderr hold no full id" test -z "$(leaks)"
check "a search holding a full id is not saved" grep -q "Not saved: the search holds what looks like a token id" "$(screen w1)"
no_saved_id() { ! api GET /api/v2/savedsearch | grep -qF "$tid"; }
check "and the server has no saved search with it" no_saved_id
check "the walk happened (state was written)" test -n "$(find "$work/state" -type f 2>/dev/null)"

# ---- the same id in disguise: dotted, or split over two id: terms ------------------------
dotted=$(printf %s "$tid" | tr - .)
half1=${tid%-*-*}
half2=-${tid#*-*-*-}
wft "$(keys disguised <<K
/$dotted<Enter>
:save-display $(screen d1)
w
dotted search<Enter>
:save-display $(screen d2)
x
/id:$half1 id:$half2<Enter>
w
split search<Enter>
:save-display $(screen d3)
K
)" > /dev/null
check "a dotted id: not kept in the history, and the footer says why" \
	grep -q "Not kept in the search history: it holds what looks like a token id" "$(screen d1)"
check "a dotted id: not saved, and the footer says why" \
	grep -q "Not saved: the search holds what looks like a token id" "$(screen d2)"
check "an id split over two id: terms: not saved either" \
	grep -q "Not saved: the search holds what looks like a token id" "$(screen d3)"
no_disguised_search() { ! api GET /api/v2/savedsearch | grep -qE "dotted search|split search|$half1"; }
check "and the server has neither search" no_disguised_search
no_disguise_kept() {
	! find "$work/state" -type f -exec grep -qiF -e "$dotted" -e "$half1" -e "$half2" {} + 2>/dev/null
}
check "the state files hold neither form" no_disguise_kept

# ---- a crash: the terminal is restored, nothing secret is left ---------------------------
mkdir -p "$work/cwd"
cd "$work/cwd" || exit 1
ulimit -c unlimited 2>/dev/null
live_start
live_screen "$(screen c0)"
pid=$(ps -o pid= --ppid "$live_pid" | tr -d ' ' | head -1)
# No console found: end its keys instead, so the wait below cannot hang
# (and the check of the signal fails).
if [ -n "$pid" ]; then kill -SEGV "$pid"; else echo "# no console process under $live_pid"; exec 4>&-; fi
wait "$live_pid"
rc=$?
exec 4>&-
check "the console died of the signal" test "$rc" -eq 139
check "no core file was written" test -z "$(ls "$work/cwd")"
check "the crash message names no id" sh -c '! grep -qF -f "$1" "$2"' sh "$work/ids" "$work/wft.err"
