#!/bin/sh
# test_cli_whoami.sh: `wftokens whoami` against a sandbox: the instance, the
# identity, the auth method; a refused credential; bad usage.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/cli.sh"
plan 5

sb_start --seed 5
me=$(api GET /api/v2/apitoken | jq -r '.response[0].account')
cli whoami < /dev/null > "$work/who.txt"
check "exit 0: the instance, the identity and the auth method" \
	sh -c 'test $1 -eq 0 && grep -qxF "instance  $2" "$3" && grep -qxF "identity  $4" "$3" && grep -qx "auth      token" "$3"' sh $? "$URL" "$work/who.txt" "$me"
check "no secret in the output" sh -c '! grep -qF "$1" "$2"' sh "$ADMIN" "$work/who.txt"
cli whoami --format json < /dev/null > "$work/who.json"
check "json: the same, expires null for an API token" \
	sh -c 'jq -e --arg u "$1" --arg me "$2" ".instance == \$u and .identity == \$me and .auth == \"token\" and .expires == null" "$3" > /dev/null' sh "$URL" "$me" "$work/who.json"
env HOME="$work/home" XDG_CONFIG_HOME="$work/config" WAVEFRONT_ENDPOINT="$URL" \
	WAVEFRONT_TOKEN=00000000-0000-4000-8000-000000000000 "$bin" whoami > /dev/null 2> "$work/bad.err"
check "a credential the instance refuses: exit 1, said on stderr" \
	sh -c 'test $1 -eq 1 && grep -q "^wftokens whoami: cannot sign in: .*401" "$2"' sh $? "$work/bad.err"
cli whoami extra < /dev/null > /dev/null
check "an operand: exit 2" test $? -eq 2
