#!/bin/sh
# test_dry_run.sh: --dry-run sends no change: a revoke and a rename are
# shown as the requests they would make (secrets masked) and journalled as
# "dry run", while the sandbox keeps every token as it was; reads still go.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 10

sb_start --seed 80
tokens > "$work/tokens"
total=$(wc -l < "$work/tokens")
line=$(awk -F'\t' '$4 == "SERVICE_ACCOUNT" && $2 ~ /^[A-Za-z]/' "$work/tokens" | sed -n 1p)
id=$(echo "$line" | cut -f1) name=$(echo "$line" | cut -f2)
tail4=$(printf %s "$id" | tail -c 4)
# The message log's text as one line (its box and wrapping taken away).
flat() { sed -e 's/^...//' -e 's/ *|$//' "$1" | tr '\n' ' ' | tr -s ' '; }

wft "$(keys dry <<K
:save-display $(screen d0)
/id:$id<Enter>
d
y
L
:save-display $(screen d1)
<Esc>
r
<C-u>renamed in a dry run<Enter>
L
:save-display $(screen d2)
K
)" --dry-run
check "reads still go: the table counts the server's tokens" test "$(count "$(screen d0)")" -eq "$total"
check "the header says dry run" sh -c 'head -1 "$1" | grep -q "\[dry run\]"' sh "$(screen d0)"
flat "$(screen d1)" > "$work/d1.flat"
flat "$(screen d2)" > "$work/d2.flat"
check "the revoke is shown as its request" \
	grep -qF 'dry run, not sent: PUT /api/v2/apitoken/customertokens/revoke (Authorization: Bearer ****-...-d001) body: {"tokenID":"****-...-'"$tail4"'"}' "$work/d1.flat"
check "with the Authorization header and the id masked" \
	sh -c 'grep -q "Authorization: Bearer \*\*\*\*-\.\.\.-d001" "$1" && grep -q "\*\*\*\*-\.\.\.-$2" "$1" && ! sed 2d "$1" | grep -qF "$3"' \
	sh "$(screen d1)" "$tail4" "$id"
check "the revoke was not sent: the sandbox still has the token" token_exists "$id"
check "the rename is shown as its request" \
	grep -qF 'not sent: PUT /api/v2/apitoken/serviceaccount/'"$(echo "$line" | cut -f3)"'/****-...-'"$tail4"' (Authorization: Bearer ****-...-d001) body: {"tokenID":"****-...-'"$tail4"'","tokenName":"renamed in a dry run"}' "$work/d2.flat"
check "the rename was not sent: the name is as it was" \
	test "$(api GET "/api/v2/apitoken/customertokens/$id" | jq -r .response.name)" = "$name"
unchanged() { test "$(tokens | cut -f1-3 | md5sum)" = "$(cut -f1-3 "$work/tokens" | md5sum)"; }
check "nothing at all changed on the server" unchanged
j=$(journal_file)
check "the journal records both as dry run" test "$(grep -c '"state":"dry run"' "$j")" -eq 2
leak=0
while IFS="$(printf '\t')" read -r t _; do grep -qF "$t" "$j" && leak=$((leak + 1)); done < "$work/tokens"
grep -qF "$ADMIN" "$j" && leak=$((leak + 1))
check "the journal holds no full token id" test "$leak" -eq 0
