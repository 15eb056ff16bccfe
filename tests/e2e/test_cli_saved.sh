#!/bin/sh
# test_cli_saved.sh: `wftokens saved` against a sandbox: list and show, save
# (with its sort) and apply (the same tokens as `list --query --sort`),
# delete; a taken name refused before anything is sent; a 403; answers that
# settle nothing (a dropped connection, a 404) read back; not confirmed;
# --dry-run; bad usage; each change checked on the server through the
# sandbox's API, and in the journal.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/cli.sh"
plan 30

sb_start --seed 50
faults() { api POST /_sandbox/faults "$1" > /dev/null; }
# The server's saved searches of the token page as lines "id<TAB>name".
ss() { api GET '/api/v2/savedsearch/type/TOKEN?offset=0&limit=1000' | jq -r '.response.items[] | [.id, (.query | keys[0])] | @tsv'; }
ss_id() { ss | awk -F'\t' -v n="$1" '$2 == n { print $1 }'; }
ss_has() { test -n "$(ss_id "$1")"; }
ss_hasnt() { test -z "$(ss_id "$1")"; }
n_ss() { ss | wc -l; }
api POST /api/v2/account/serviceaccount '{"identifier":"sa::sv","active":true}' > /dev/null
for n in 1 2 3; do
	api POST /api/v2/apitoken/serviceaccount/sa::sv "{\"tokenName\":\"sv t$n\"}" > /dev/null
done

# ---- list, save, show, apply ------------------------------------------------------------------
cli saved list --format json < /dev/null > "$work/l0.json"
check "list: exit 0, every saved search of the server" \
	sh -c 'test $1 -eq 0 && test "$(jq length "$2")" -eq "$3"' sh $? "$work/l0.json" "$(n_ss)"
cli saved save "sv stale" --query 'account:sa::sv' --sort lastused:asc < /dev/null > "$work/s1.txt"
check "save: exit 0, saved" sh -c 'test $1 -eq 0 && grep -q "sv stale  saved" "$2"' sh $? "$work/s1.txt"
id=$(ss_id "sv stale")
check "the server has it, with the id said" sh -c 'test -n "$1" && grep -q "^$1  " "$2"' sh "$id" "$work/s1.txt"
cli saved show "$id" --format ndjson < /dev/null > "$work/show.json"
check "show: the name, the query and the sort" \
	sh -c 'jq -e ".name == \"sv stale\" and .query == \"account:sa::sv\" and .sort == \"lastused:asc\" and .entityType == \"TOKEN\"" "$1" > /dev/null' sh "$work/show.json"
cli saved apply "$id" --format csv < /dev/null > "$work/apply.csv"
rc=$?
cli list --query 'account:sa::sv' --sort lastused:asc --format csv < /dev/null > "$work/list.csv"
check "apply: exit 0, the tokens list --query --sort gives, in its order" \
	sh -c 'test $1 -eq 0 && test "$(wc -l < "$2")" -eq 4 && cmp -s "$2" "$3"' sh $rc "$work/apply.csv" "$work/list.csv"
api GET /api/v2/apitoken/customertokens | jq -r '.response[].id' > "$work/all_ids"
check "apply: token ids masked" sh -c '! grep -qF -f "$2" "$1"' sh "$work/apply.csv" "$work/all_ids"
cli saved apply "$id" --unmasked --format csv < /dev/null > "$work/apply_full.csv"
check "apply --unmasked: the full ids, where they are the point" \
	test "$(cut -d, -f1 "$work/apply_full.csv" | grep -cxF -f "$work/all_ids")" -eq 3
cli saved apply NoSuchId < /dev/null > /dev/null
check "apply of an unknown id: exit 1" sh -c 'test $1 -eq 1 && grep -q "no such saved search" "$2"' sh $? "$work/cli.err"

# ---- refusals ---------------------------------------------------------------------------------------
before=$(n_ss)
cli saved save "sv stale" --query 'name:x' < /dev/null > /dev/null
check "a name taken: exit 1, nothing sent" \
	sh -c 'test $1 -eq 1 && grep -q "named \"sv stale\" already" "$2" && test "$3" -eq "$4"' sh $? "$work/cli.err" "$(n_ss)" "$before"
# The list is read first (to refuse a taken name), then the create is
# sent: the sandbox holds its faults back until that change arrives.
save_with() {
	faults "$(printf %s "$3" | sed 's/}$/,"wait_for_change":1}/')"
	cli saved save "$1" --query 'name:x' < /dev/null > "$work/$2.txt"
}
save_with "sv two" r403 '{"fail_next":1,"status":403}'
check "a 403 to the save: exit 1, not saved with the reason" \
	sh -c 'test $1 -eq 1 && grep -q "sv two  not saved: .*403" "$2"' sh $? "$work/r403.txt"
check "the server has no such saved search" ss_hasnt "sv two"

# ---- answers that settle nothing -----------------------------------------------------------------------
save_with "sv drop" drop '{"drop_next":1}'
check "a dropped save: read back, absent: not saved, exit 1" \
	sh -c 'test $1 -eq 1 && grep -q "not saved: \"sv drop\" is not on the server" "$2"' sh $? "$work/drop.txt"
check "the server has no such saved search" ss_hasnt "sv drop"
save_with "sv unsure" unsure '{"drop_next":1,"fail_next":1,"status":500}'
check "no answer and no read-back: not confirmed, exit 1" \
	sh -c 'test $1 -eq 1 && grep -q "sv unsure  not confirmed" "$2"' sh $? "$work/unsure.txt"
save_with "sv garbage" garbage '{"garbage_next":1}'
check "an unreadable answer to the save: saved, said so, exit 0" \
	sh -c 'test $1 -eq 0 && grep -q "sv garbage  saved: the answer was unreadable" "$2"' sh $? "$work/garbage.txt"
check "the server has it, and its id was found by reading the list" \
	sh -c 'test -n "$1" && grep -q "^$1  " "$2"' sh "$(ss_id "sv garbage")" "$work/garbage.txt"
faults '{}'
gid=$(ss_id "sv garbage")
faults '{"fail_next":1,"status":404,"wait_for_change":1}'
cli saved delete "$gid" < /dev/null > "$work/d404.txt"
rc=$?
faults '{}'
check "a 404 to a delete: read back, still there: not deleted, exit 1" \
	sh -c 'test $1 -eq 1 && grep -q "not deleted: \"[^\"]*\" is still on the server" "$2"' sh $rc "$work/d404.txt"
check "the server has it still" ss_has "sv garbage"

# ---- --dry-run and delete ---------------------------------------------------------------------------
before=$(n_ss)
cli saved save "sv dry" --query 'name:x' --dry-run < /dev/null > "$work/dry.txt"
check "save --dry-run: exit 0, the request shown" \
	sh -c 'test $1 -eq 0 && grep -q "dry run: dry run, not sent: POST /api/v2/savedsearch" "$2"' sh $? "$work/dry.txt"
cli saved delete "$id" --dry-run < /dev/null > "$work/dry2.txt"
check "delete --dry-run: exit 0, the request shown" \
	sh -c 'test $1 -eq 0 && grep -q "dry run, not sent: DELETE /api/v2/savedsearch/" "$2"' sh $? "$work/dry2.txt"
check "neither was sent" sh -c 'test "$1" -eq "$2"' sh "$(n_ss)" "$before"
cli saved delete "$id" --format json < /dev/null > "$work/del.json"
check "delete: exit 0, deleted" \
	sh -c 'test $1 -eq 0 && jq -e ".[0].result == \"deleted\" and .[0].name == \"sv stale\"" "$2" > /dev/null' sh $? "$work/del.json"
check "the server has it no more" ss_hasnt "sv stale"

# ---- bad usage: exit 2 ------------------------------------------------------------------------------------
before=$(n_ss)
cli saved < /dev/null > /dev/null
check "no action: exit 2" test $? -eq 2
cli saved save "sv noquery" < /dev/null > /dev/null
check "save without --query: exit 2" test $? -eq 2
cli saved save "sv secret" --query "id:$(head -1 "$work/all_ids")" < /dev/null > /dev/null
check "a query holding a token id: exit 2, and it is not echoed" \
	sh -c 'test $1 -eq 2 && ! grep -qF -f "$3" "$2"' sh $? "$work/cli.err" "$work/all_ids"
cli saved save "sv ro" --query 'name:x' --read-only < /dev/null > /dev/null
check "--read-only: exit 2" test $? -eq 2
check "none of them was saved" sh -c 'test "$1" -eq "$2"' sh "$(n_ss)" "$before"

# ---- the journal -------------------------------------------------------------------------------------------
j=$(journal_file)
check "the journal: saves and deletes, pending then their outcome" \
	sh -c 'grep "\"saved-search save\"" "$1" | grep -q "\"state\":\"done\"" && grep "\"saved-search save\"" "$1" | grep -q "\"state\":\"refused\"" && grep "\"saved-search save\"" "$1" | grep -q "\"state\":\"not confirmed\"" && grep "\"saved-search delete\"" "$1" | grep -q "\"state\":\"done\"" && test "$(grep -c "\"state\":\"dry run\"" "$1")" -eq 2' sh "$j"
echo "$ADMIN" >> "$work/all_ids"
check "the journal holds no full token id" sh -c '! grep -qF -f "$2" "$1"' sh "$j" "$work/all_ids"
