#!/bin/sh
# test_since_partial.sh: no fingerprint from a list with tokens left out,
# and none compared with one. A token whose id the server sends empty
# cannot be shown (the list says so); were the list compared, that token
# would be reported revoked, and were it fingerprinted, the next start
# would report it created. The panel says "list incomplete" instead, and
# the quit keeps the fingerprint as it was.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 10

sb_start --seed 40 --db "$work/sb.db"
state="$work/home/.local/state/wftokens"
n0=$(tokens | wc -l)

COLS=120 ROWS=40 wft "$(keys first <<K
:q
K
)"
fp=$(ls "$state"/fingerprint-*.tsv 2>/dev/null | head -1)
check "a normal quit kept a fingerprint of every token" test "$(head -1 "$fp" | cut -f4)" -eq "$n0"
cp "$fp" "$work/fp.before"

# The server now sends one token with an empty id.
seq=$(sqlite3 "$work/sb.db" "SELECT min(seq) FROM tokens WHERE id != '$ADMIN'")
real=$(sqlite3 "$work/sb.db" "SELECT id FROM tokens WHERE seq = $seq")
sqlite3 "$work/sb.db" "UPDATE tokens SET id = '' WHERE seq = $seq"
check "the sandbox sends one token fewer with an id" test "$(tokens | awk -F'\t' '$1 != ""' | wc -l)" -eq $((n0 - 1))

COLS=120 ROWS=40 wft "$(keys second <<K
:save-display $(screen b1)
:q
K
)"
check "SINCE LAST SESSION says the list is incomplete" \
	sh -c 'grep -q "SINCE LAST SESSION" "$1" && grep -q "list incomplete" "$1"' sh "$(screen b1)"
check "and reports nothing revoked (nor anything else)" \
	sh -c '! grep -qE "Created|Revoked|First used|Went stale" "$1"' sh "$(screen b1)"
check "the quit left the fingerprint as it was" cmp -s "$fp" "$work/fp.before"
check "and said why on stderr" grep -q "tokens were left out of the token list: no fingerprint was taken" "$work/wft.err"

# The token readable again: compared with the fingerprint, nothing changed.
sqlite3 "$work/sb.db" "UPDATE tokens SET id = '$real' WHERE seq = $seq"
COLS=120 ROWS=40 wft "$(keys third <<K
:save-display $(screen c1)
:q
K
)"
entry() { grep -o "$2 *[0-9]*" "$1" | head -1 | grep -oE '[0-9]+$'; }
check "the whole list again: compared, nothing revoked" test "$(entry "$(screen c1)" "Revoked")" = 0
check "nor created" test "$(entry "$(screen c1)" "Created")" = 0

# A load cut off midway (the stream_cut_rows fault): the rows that arrived
# show, marked partial; they are neither compared nor fingerprinted.
cp "$fp" "$work/fp.before"
api POST /_sandbox/faults '{"stream_cut_rows":10}' > /dev/null
COLS=120 ROWS=40 wft "$(keys cut <<K
:save-display $(screen d1)
:q
K
)"
api POST /_sandbox/faults '{}' > /dev/null
check "a list cut off midway: shown as partial, and SINCE LAST SESSION counts nothing" \
	sh -c 'grep -q "list is partial" "$1" && ! grep -qE "Created|Revoked|First used|Went stale" "$1"' \
	sh "$(screen d1)"
check "and the quit left the fingerprint as it was" cmp -s "$fp" "$work/fp.before"
