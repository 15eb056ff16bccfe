#!/bin/sh
# test_cli_journal.sh: the subcommands' changes in the journal, and
# --dry-run for them. A dry-run revoke, rename and generate print the
# requests they would make (secrets masked), exit 0 and leave the sandbox
# as it was; the journal holds them as "dry run". Real ones are journalled
# "pending" before the request and "done" after it; no full id is written.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/cli.sh"
plan 14

sb_start --seed 20
api POST /api/v2/account/serviceaccount '{"identifier":"sa::jr","active":true}' > /dev/null
for n in 1 2; do
	api POST /api/v2/apitoken/serviceaccount/sa::jr "{\"tokenName\":\"jr t$n\"}" > /dev/null
done
ids_of sa::jr > "$work/jr"
tokens | cut -f1-3 > "$work/before"
unchanged() { tokens | cut -f1-3 | cmp -s - "$work/before"; }
j=$(journal_file)

# ---- --dry-run ----------------------------------------------------------------------------
cli revoke --query account:sa::jr --dry-run --format ndjson < /dev/null > "$work/rv.ndjson"
check "revoke --dry-run: exit 0 with no --yes and no terminal" test $? -eq 0
check "each token shown as the request it would make, masked" \
	sh -c 'test "$(jq -r -s "map(select(.result == \"dry run\" and (.detail | startswith(\"dry run, not sent: PUT /api/v2/apitoken/customertokens/revoke\")))) | length" "$1")" -eq 2 && ! grep -qF -f "$2" "$1" && ! grep -qF "$3" "$1"' sh "$work/rv.ndjson" "$work/jr" "$ADMIN"
id=$(head -1 "$work/jr")
cli rename "$id" "renamed dry" --dry-run < /dev/null > "$work/rn.txt"
check "rename --dry-run: exit 0, the request shown" \
	sh -c 'test $1 -eq 0 && grep -q "dry run .*: dry run, not sent: PUT /api/v2/apitoken/serviceaccount/sa::jr/" "$2"' sh $? "$work/rn.txt"
cli generate sa::jr --name "dry key" --output "$work/dry.key" --dry-run < /dev/null > "$work/gen.txt"
check "generate --dry-run: exit 0, the request shown, no file made" \
	sh -c 'test $1 -eq 0 && grep -q "dry run, not sent: POST /api/v2/apitoken/serviceaccount/sa::jr" "$2" && test ! -e "$3"' sh $? "$work/gen.txt" "$work/dry.key"
check "nothing changed on the server" unchanged
check "the journal holds the four as dry run, with no pending line" \
	sh -c 'test "$(grep -c "\"state\":\"dry run\"" "$1")" -eq 4 && ! grep -q "\"state\":\"pending\"" "$1"' sh "$j"

# ---- real changes ------------------------------------------------------------------------------
cli rename "$id" "renamed for real" < /dev/null > /dev/null
check "rename: exit 0" test $? -eq 0
check "the journal: rename pending, then done, one change" \
	sh -c 'grep "\"action\":\"rename\"" "$1" | grep -v "dry run" | jq -r -s "map(.state) | join(\",\")" | grep -qx "pending,done" && test "$(grep "\"action\":\"rename\"" "$1" | grep -v "dry run" | jq -r .change | sort -u | wc -l)" -eq 1' sh "$j"
cli generate sa::jr --name "real key" --output "$work/real.key" < /dev/null > /dev/null
check "generate: exit 0" test $? -eq 0
check "the journal: generate pending, then done with the new id masked" \
	sh -c 'grep "\"action\":\"generate\"" "$1" | grep -v "dry run" | jq -r -s "map(.state) | join(\",\")" | grep -qx "pending,done" && grep "\"action\":\"generate\"" "$1" | grep "\"done\"" | grep -q "\"id\":\"\*\*\*\*-\.\.\.-$(tail -c 5 "$2" | head -c 4)\""' sh "$j" "$work/real.key"
cli revoke --query account:sa::jr --yes < /dev/null > /dev/null
check "revoke: exit 0" test $? -eq 0
check "the journal: three revokes, each pending then done" \
	sh -c 'test "$(grep "\"action\":\"revoke\"" "$1" | grep -c "\"state\":\"pending\"")" -eq 3 && test "$(grep "\"action\":\"revoke\"" "$1" | grep -c "\"state\":\"done\"")" -eq 3' sh "$j"
check "the journal is the user's alone" test "$(stat -c %a "$j")" = 600
cat "$work/real.key" >> "$work/jr"
echo "$ADMIN" >> "$work/jr"
check "the journal holds no full token id" sh -c '! grep -qF -f "$2" "$1"' sh "$j" "$work/jr"
