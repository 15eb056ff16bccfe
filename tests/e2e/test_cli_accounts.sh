#!/bin/sh
# test_cli_accounts.sh: `wftokens accounts` against a sandbox: list and show
# (token ids masked), create, deactivate, activate and delete, each checked
# on the server through the sandbox's API; refusals (409, 403); answers that
# settle nothing (a dropped connection, a 404) read back; the confirmation
# of a delete (the identifier typed back, --yes refused on a terminal
# without --max); --dry-run; bad usage; and the journal of every change.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/cli.sh"
plan 40

sb_start --seed 40
sa_json() { api GET "/api/v2/account/serviceaccount/$1"; }
sa_exists() { sa_json "$1" | jq -e '.status.code == 200' > /dev/null; }
sa_absent() { ! sa_exists "$1"; }
sa_active() { sa_json "$1" | jq -r '.response.active'; }
faults() { api POST /_sandbox/faults "$1" > /dev/null; }

# ---- list and show ------------------------------------------------------------------------
n=$(api GET /api/v2/account/serviceaccount | jq '.response | length')
cli accounts list --format json < /dev/null > "$work/list.json"
check "list: exit 0, every account of the server" \
	sh -c 'test $1 -eq 0 && test "$(jq length "$2")" -eq "$3"' sh $? "$work/list.json" "$n"
api GET /api/v2/apitoken/customertokens | jq -r '.response[].id' > "$work/all_ids"
check "list: the API's field names, no full token id" \
	sh -c 'jq -e ".[0] | has(\"identifier\") and has(\"active\") and has(\"tokens\")" "$1" > /dev/null && ! grep -qF -f "$2" "$1"' sh "$work/list.json" "$work/all_ids"
first=$(jq -r '.[0].identifier' "$work/list.json")
cli accounts list --format csv < /dev/null > "$work/list.csv"
check "list as csv: a header and a row each" \
	sh -c 'head -1 "$1" | grep -q "^identifier,description,active,tokens,lastUsed" && test "$(wc -l < "$1")" -eq $(($2 + 1))' sh "$work/list.csv" "$n"
cli accounts show "$first" < /dev/null > "$work/show.txt"
check "show: the account, its tokens masked" \
	sh -c 'test $1 -eq 0 && grep -qxF "identifier   $2" "$3" && ! grep -qF -f "$4" "$3"' sh $? "$first" "$work/show.txt" "$work/all_ids"
cli accounts show sa::nobody-here < /dev/null > /dev/null
check "show of an unknown account: exit 1" sh -c 'test $1 -eq 1 && grep -q "no such service account" "$2"' sh $? "$work/cli.err"

# ---- create, deactivate, activate ---------------------------------------------------------
cli accounts create Sa::CLI-One --description "made by a script" < /dev/null > "$work/c1.txt"
check "create: exit 0, the identifier in lower case" \
	sh -c 'test $1 -eq 0 && grep -q "^sa::cli-one  created" "$2"' sh $? "$work/c1.txt"
check "the server has it, active, with the description" \
	test "$(sa_json sa::cli-one | jq -r '[.response.active, .response.description] | @tsv')" = "true	made by a script"
cli accounts create cli-one < /dev/null > "$work/c2.txt"
check "create again: 409, exit 1, said as already there" \
	sh -c 'test $1 -eq 1 && grep -q "not created: sa::cli-one already exists" "$2"' sh $? "$work/c2.txt"
cli accounts deactivate sa::cli-one --format json < /dev/null > "$work/d.json"
check "deactivate: exit 0, json result" \
	sh -c 'test $1 -eq 0 && jq -e ".[0].identifier == \"sa::cli-one\" and .[0].result == \"deactivated\"" "$2" > /dev/null' sh $? "$work/d.json"
check "the server has it inactive" test "$(sa_active sa::cli-one)" = false
cli accounts activate sa::cli-one --format ndjson < /dev/null > "$work/a.json"
check "activate: exit 0, and the server has it active" \
	sh -c 'test $1 -eq 0 && jq -e ".result == \"activated\"" "$2" > /dev/null && test "$3" = true' sh $? "$work/a.json" "$(sa_active sa::cli-one)"

# ---- refusals and answers that settle nothing --------------------------------------------
faults '{"fail_next":1,"status":403}'
cli accounts deactivate sa::cli-one < /dev/null > "$work/r403.txt"
check "a 403: exit 1, not deactivated with the reason" \
	sh -c 'test $1 -eq 1 && grep -q "sa::cli-one  not deactivated: .*403" "$2"' sh $? "$work/r403.txt"
check "the server has it still active" test "$(sa_active sa::cli-one)" = true
faults '{"fail_next":1,"status":404}'
cli accounts deactivate sa::cli-one < /dev/null > "$work/r404.txt"
check "a 404 settles nothing: read back, still active: not deactivated, exit 1" \
	sh -c 'test $1 -eq 1 && grep -q "not deactivated: sa::cli-one is still active" "$2"' sh $? "$work/r404.txt"
check "the server has it still active" test "$(sa_active sa::cli-one)" = true
faults '{"drop_next":1}'
cli accounts create sa::cli-drop < /dev/null > "$work/drop.txt"
check "a create with no answer: read back, absent: not created, exit 1" \
	sh -c 'test $1 -eq 1 && grep -q "not created: sa::cli-drop does not exist" "$2"' sh $? "$work/drop.txt"
check "the server has no such account" sa_absent sa::cli-drop
faults '{"garbage_next":1}'
cli accounts deactivate sa::cli-one < /dev/null > "$work/garbage.txt"
check "an unreadable 2xx answer: deactivated, said so, exit 0" \
	sh -c 'test $1 -eq 0 && grep -q "deactivated: the answer was unreadable" "$2"' sh $? "$work/garbage.txt"
check "the server has it inactive" test "$(sa_active sa::cli-one)" = false
# The create and every attempt of its read-back dropped.
faults '{"drop_next":5}'
cli accounts create sa::cli-unsure < /dev/null > "$work/unsure.txt"
check "no answer and no read-back: not confirmed, exit 1" \
	sh -c 'test $1 -eq 1 && grep -q "sa::cli-unsure  not confirmed: " "$2"' sh $? "$work/unsure.txt"
faults '{}'

# ---- delete: the confirmation protocol -----------------------------------------------------
api POST /api/v2/apitoken/serviceaccount/sa::cli-one '{"tokenName":"one key"}' > /dev/null
tok=$(api GET /api/v2/apitoken/serviceaccount/sa::cli-one | jq -r '.response[0].tokenID')
cli accounts delete sa::cli-one < /dev/null > /dev/null
check "delete with no terminal and no --yes: exit 2" \
	sh -c 'test $1 -eq 2 && grep -q "no terminal to confirm on" "$2"' sh $? "$work/cli.err"
tty_start accounts delete sa::cli-one --yes
tty_end
check "--yes on a terminal without --max: exit 2" \
	sh -c 'test $1 -eq 2 && grep -q -- "--yes on a terminal needs --max" "$2"' sh $tty_rc "$work/tty.out"
tty_start accounts delete sa::cli-one
tty_wait "type sa::cli-one;"
check "on a terminal: the account and its token, masked" \
	sh -c 'grep -q "sa::cli-one (inactive), 1 token deleted with it" "$1" && grep -q "\*\*\*\*-\.\.\.-[0-9a-f]*  one key" "$1" && ! grep -qF "$2" "$1"' sh "$work/tty.out" "$tok"
tty_type sa::cli-two
tty_end
check "the wrong identifier typed: exit 1, nothing deleted" \
	sh -c 'test $1 -eq 1 && grep -q "the identifier typed was not sa::cli-one; nothing was sent" "$2" && test "$3" = false' sh $tty_rc "$work/tty.out" "$(sa_active sa::cli-one)"
cli accounts delete sa::cli-one --dry-run < /dev/null > "$work/dry.txt"
check "--dry-run: exit 0, the request shown, nothing sent" \
	sh -c 'test $1 -eq 0 && grep -q "dry run: dry run, not sent: DELETE /api/v2/account/sa::cli-one" "$2"' sh $? "$work/dry.txt"
check "the server has it still" sa_exists sa::cli-one
tty_start accounts delete sa::cli-one
tty_wait "type sa::cli-one;"
tty_type sa::cli-one
tty_end
check "the identifier typed: exit 0, deleted" \
	sh -c 'test $1 -eq 0 && grep -q "sa::cli-one  deleted" "$2"' sh $tty_rc "$work/tty.out"
gone_both() { ! sa_exists sa::cli-one && ! token_exists "$tok"; }
check "the server has neither the account nor its token" gone_both
# A 404 to the delete settles nothing: the account is read back.
cli accounts create sa::cli-404 < /dev/null > /dev/null
tty_start accounts delete sa::cli-404
tty_wait "type sa::cli-404;"
faults '{"fail_next":1,"status":404}'
tty_type sa::cli-404
tty_end
check "a 404 to a delete: read back, still there: not deleted, exit 1" \
	sh -c 'test $1 -eq 1 && grep -q "not deleted: sa::cli-404 still exists" "$2"' sh $tty_rc "$work/tty.out"
check "the server has it still" sa_exists sa::cli-404
faults '{}'
cli accounts delete sa::cli-404 --yes < /dev/null > /dev/null
check "--yes from a pipe: exit 0" test $? -eq 0
check "and the server has it no more" sa_absent sa::cli-404

# ---- bad usage: exit 2, nothing sent --------------------------------------------------------
cli accounts < /dev/null > /dev/null
check "no action: exit 2" test $? -eq 2
cli accounts rename sa::x < /dev/null > /dev/null
check "an unknown action: exit 2" test $? -eq 2
n_sa() { api GET /api/v2/account/serviceaccount | jq '.response | length'; }
before=$(n_sa)
cli accounts create 'sa::bad name!' < /dev/null > /dev/null
check "an identifier the service refuses: exit 2" test $? -eq 2
cli accounts create sa::cli-ro --read-only < /dev/null > /dev/null
check "--read-only: exit 2" test $? -eq 2
check "neither was created" test "$(n_sa)" -eq "$before"

# ---- the journal --------------------------------------------------------------------------------
j=$(journal_file)
check "the journal has each change pending then done" \
	sh -c 'test "$(grep "\"account create\"" "$1" | grep -c "\"state\":\"done\"")" -eq 2 && test "$(grep "\"account delete\"" "$1" | grep -c "\"state\":\"pending\"")" -ge 2' sh "$j"
check "and the dry run, the refusal and the not confirmed" \
	sh -c 'grep -q "\"state\":\"dry run\"" "$1" && grep "\"account create\"" "$1" | grep -q "\"state\":\"refused\"" && grep "\"account create\"" "$1" | grep -q "\"state\":\"not confirmed\""' sh "$j"
echo "$tok" >> "$work/all_ids"
echo "$ADMIN" >> "$work/all_ids"
check "the journal holds no full token id" sh -c '! grep -qF -f "$2" "$1"' sh "$j" "$work/all_ids"
