#!/bin/sh
# test_partial_list.sh: in script mode (with the leak checks on), a token
# list cut midway by the server (the stream_cut_rows fault): the rows that
# arrived are shown and said to be a part of the list, a revoke on them
# works (checked through the API), and Ctrl-R reads the whole list again.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 8

sb_start --seed 400
unset TMUX STY
export COLS=110 ROWS=30
tokens > "$work/all"
total=$(wc -l < "$work/all")
# The next streamed list is cut after 150 rows; the reload after it is whole.
api POST /_sandbox/faults '{"stream_cut_rows":150}' > /dev/null
wft "$(keys partial <<K
:save-display $(screen cut)
d
y
:save-display $(screen revoked)
<C-r>
:save-display $(screen reloaded)
:q
K
)"
check "the console ran to the end of its script" test $? -eq 0
check "the failure is said, with what arrived" \
	sh -c 'tr -d "\n" < "$1" | grep -q "The load failed (.*): 150 of ? tokens *shown; the list is partial"' \
	sh "$(screen cut)"
check "the rows that arrived are shown" grep -q "rows 1-25 of 150 " "$(screen cut)"
tail=$(grep -o 'Revoked \*\*\*\*-\.\.\.-[0-9a-f]*' "$(screen revoked)" | sed 's/.*-//')
id=$(cut -f1 "$work/all" | grep "$tail\$" | head -1)
revoked() { test -n "$id" && ! token_exists "$id"; }
check "a revoke on the partial list is said, and the row goes" grep -q "rows 1-25 of 149 " "$(screen revoked)"
check "a revoke on the partial list is done on the server" revoked
check "the list is still said to be partial" grep -q "partial list: 149 tokens of ?" "$(screen revoked)"
check "Ctrl-R reads the whole list again" grep -q "Reloaded: $((total - 1)) tokens" "$(screen reloaded)"
check "which is not partial any more" sh -c '! grep -q "partial list" "$1"' sh "$(screen reloaded)"
