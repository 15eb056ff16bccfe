#!/bin/sh
# test_cli_revoke.sh: `wftokens revoke` against a sandbox: bad usage, the
# confirmation protocol (no terminal, --yes, --max, the count typed back on
# a terminal), success by query and by ids from stdin, a refusal, and the
# connection lost in the middle of a bulk revoke; the server's state is
# read back through the sandbox's API after each.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/cli.sh"
plan 30

sb_start --seed 60 --db "$work/sb.db"
tokens > "$work/before"
cut -f1 "$work/before" > "$work/all_ids"
total=$(wc -l < "$work/before")
# Three service accounts of our own, with known tokens.
mk_account() {
	api POST /api/v2/account/serviceaccount "{\"identifier\":\"$1\",\"active\":true}" > /dev/null
	i=1
	while [ $i -le "$2" ]; do
		api POST "/api/v2/apitoken/serviceaccount/$1" "{\"tokenName\":\"$1 t$i\"}" > /dev/null
		i=$((i + 1))
	done
}
mk_account sa::rv-a 3
mk_account sa::rv-b 3
mk_account sa::rv-c 2
ids_of sa::rv-a > "$work/a"
ids_of sa::rv-b > "$work/b"
ids_of sa::rv-c > "$work/c"

# ---- bad usage: exit 2, nothing sent --------------------------------------------------
cli revoke < /dev/null > /dev/null
check "no tokens named: exit 2" test $? -eq 2
cli revoke --query account:sa::rv-a --id "$(head -1 "$work/a")" < /dev/null > /dev/null
check "--query and --id together: exit 2" test $? -eq 2
secretish=0badc0de-not-a-uuid
cli revoke --id "$secretish" < /dev/null > /dev/null
check "an operand that is not an id: exit 2, and it is not echoed" \
	sh -c 'test $1 -eq 2 && grep -q "operand 1 is not a token id" "$2" && ! grep -qF "$3" "$2"' sh $? "$work/cli.err" "$secretish"
cli revoke --query '/(' < /dev/null > /dev/null
check "a malformed query: exit 2 with the place" sh -c 'test $1 -eq 2 && grep -q "^wftokens revoke: --query: .* at " "$2"' sh $? "$work/cli.err"
cli revoke --query account:sa::rv-a --read-only --yes < /dev/null > /dev/null
check "--read-only: exit 2" test $? -eq 2
check "after every bad usage, the tokens are all there" all_listed "$work/a"

# ---- the confirmation protocol ------------------------------------------------------------
cli revoke --query account:sa::rv-a < /dev/null > /dev/null
check "no terminal and no --yes: exit 2" sh -c 'test $1 -eq 2 && grep -q "no terminal to confirm on" "$2"' sh $? "$work/cli.err"
tty_start revoke --query account:sa::rv-a --yes
tty_end
check "--yes on a terminal without --max: exit 2" sh -c 'test $1 -eq 2 && grep -q -- "--yes on a terminal needs --max" "$2"' sh $tty_rc "$work/tty.out"
cli revoke --query account:sa::rv-a --yes --max 2 < /dev/null > /dev/null
check "--max 2 with 3 matching: exit 1, nothing sent" sh -c 'test $1 -eq 1 && grep -q "3 tokens to revoke, more than --max 2; nothing was sent" "$2"' sh $? "$work/cli.err"
check "the three tokens are all there" all_listed "$work/a"
tty_start revoke --query account:sa::rv-a
tty_wait "type the number 3;"
check "on a terminal: the tokens are shown masked, with their names" \
	sh -c 'grep -q "3 tokens to revoke:" "$1" && test "$(grep -c "\*\*\*\*-\.\.\.-[0-9a-f]*  sa::rv-a t" "$1")" -eq 3 && ! grep -qF -f "$2" "$1"' sh "$work/tty.out" "$work/a"
tty_type 2
tty_end
check "a wrong number typed: exit 1, nothing revoked" \
	sh -c 'test $1 -eq 1 && grep -q "the number typed was not 3; nothing was sent" "$2"' sh $tty_rc "$work/tty.out"
check "the three tokens are all there" all_listed "$work/a"
tty_start revoke --query account:sa::rv-a
tty_wait "type the number 3;"
tty_type 3
tty_end
check "the right number typed: exit 0" test $tty_rc -eq 0
check "three lines say revoked" test "$(grep -c "revoked  *sa::rv-a t" "$work/tty.out")" -eq 3
check "the server has none of them" none_listed "$work/a"

# ---- success from a pipe ----------------------------------------------------------------------
cli revoke --query account:sa::rv-b --yes --format json < /dev/null > "$work/b.json"
check "--yes from a pipe: exit 0" test $? -eq 0
check "json: three results, every one revoked" test "$(jq '[.[] | select(.result == "revoked")] | length' "$work/b.json")" -eq 3
check "json: the API's field names, ids masked" \
	sh -c 'jq -e ".[0] | has(\"id\") and has(\"name\") and has(\"account\")" "$1" > /dev/null && ! grep -qF -f "$2" "$1"' sh "$work/b.json" "$work/b"
check "the server has none of them" none_listed "$work/b"
{ echo "# a comment"; cat "$work/c"; echo; } | cli revoke --id - --yes --format ndjson > "$work/c.ndjson"
check "ids from stdin: exit 0, one ndjson line each" sh -c 'test $1 -eq 0 && test "$(wc -l < "$2")" -eq 2 && jq -e -s "all(.result == \"revoked\")" "$2" > /dev/null' sh $? "$work/c.ndjson"
check "the server has none of them" none_listed "$work/c"
gone=00000000-0000-4000-8000-00000000dead
cli revoke --id "$gone" --yes < /dev/null > "$work/gone.txt"
check "an id the organisation does not have: exit 1, 'not found', masked" \
	sh -c 'test $1 -eq 1 && grep -q "not found" "$2" && ! grep -qF "$3" "$2" "$4"' sh $? "$work/gone.txt" "$gone" "$work/cli.err"

# ---- a refusal: the server answers 403 ---------------------------------------------------------
mk_account sa::rv-d 1
ids_of sa::rv-d > "$work/d"
tty_start revoke --query account:sa::rv-d
tty_wait "type the number 1;"
api POST /_sandbox/faults '{"fail_next":1,"status":403}' > /dev/null
tty_type 1
tty_end
check "a 403: exit 1, the token 'not revoked' with the server's reason" \
	sh -c 'test $1 -eq 1 && grep -q "not revoked .*403" "$2"' sh $tty_rc "$work/tty.out"
check "the token is still there" all_listed "$work/d"

# ---- the connection lost in the middle of a bulk revoke ----------------------------------------
mk_account sa::rv-e 6
ids_of sa::rv-e > "$work/e"
api POST /_sandbox/faults '{"latency_ms":150}' > /dev/null
cli revoke --query account:sa::rv-e --yes --format ndjson < /dev/null > "$work/e.ndjson" &
cli_pid=$!
# Once the first token is gone, the server goes away.
i=0
while [ $i -lt 200 ] && all_listed "$work/e"; do sleep 0.05; i=$((i + 1)); done
kill "$sb_pid"; wait "$sb_pid" 2>/dev/null; sb_pid=
wait "$cli_pid"
rc=$?
check "connection lost: exit 1" test $rc -eq 1
check "every token has a line" test "$(wc -l < "$work/e.ndjson")" -eq 6
check "some revoked, some not sent" \
	sh -c 'jq -e -s "any(.result == \"revoked\") and any(.result == \"not sent\")" "$1" > /dev/null' sh "$work/e.ndjson"
# The server again, from its database: each result must match its state.
rm -f "$work/sb.fifo"
exec 3<&-
sb_start --seed 60 --db "$work/sb.db"
api POST /_sandbox/faults '{}' > /dev/null
tokens | cut -f1 > "$work/after"
jq -r -s '.[] | [.id[-4:], .result] | @tsv' "$work/e.ndjson" > "$work/e.results"
mismatch=0
while IFS="$(printf '\t')" read -r tail result; do
	id=$(grep -- "$tail\$" "$work/e")
	listed=no; grep -qxF "$id" "$work/after" && listed=yes
	case $result in
	revoked) [ $listed = no ] || mismatch=$((mismatch + 1)) ;;
	"not sent"|"not revoked") [ $listed = yes ] || mismatch=$((mismatch + 1)) ;;
	"not confirmed") ;;
	*) mismatch=$((mismatch + 1)) ;;
	esac
done < "$work/e.results"
check "what was said matches the server: revoked are gone, not sent are there" test $mismatch -eq 0
check "the other tokens of the organisation were left alone" \
	test "$(grep -cxF -f "$work/all_ids" "$work/after")" -eq "$total"
