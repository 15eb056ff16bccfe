#!/bin/sh
# test_cli_expiry.sh: `wftokens check-expiry` for cron, against a sandbox
# whose CSP API token expires in 9 days: exit 1 within the warning window,
# 0 outside it, and 0 with a word for credentials with no expiry to check.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/cli.sh"
plan 6

CSP=wft-csp-api-token-for-the-expiry-test-0000000000000000000000000001
sb_start --seed 5 --csp-api-token "$CSP" --csp-token-expires 9
csp() {
	env HOME="$work/home" XDG_CONFIG_HOME="$work/config" WAVEFRONT_ENDPOINT="$URL" \
		CSP_API_TOKEN="$CSP" setsid -w "$bin" check-expiry --auth csp-api-token \
		--csp-url "$URL" "$@" 2> "$work/cli.err"
}
csp < /dev/null > "$work/soon.txt"
check "a CSP API token expiring in 9 days, default window 14: exit 1, expires soon" \
	sh -c 'test $1 -eq 1 && grep -q "expires soon" "$2" && grep -q "in 8 days\|in 9 days" "$2"' sh $? "$work/soon.txt"
csp --days 7 < /dev/null > "$work/ok.txt"
check "with --days 7: exit 0, valid" sh -c 'test $1 -eq 0 && grep -q "valid" "$2"' sh $? "$work/ok.txt"
csp --format json < /dev/null > "$work/soon.json"
check "json: the result and the credential" \
	sh -c 'jq -e ".[0].result == \"expires soon\" and .[0].credential == \"csp-api-token\"" "$1" > /dev/null' sh "$work/soon.json"
check "the token itself is never printed" sh -c '! grep -qF "$1" "$2" "$3" "$4"' sh "$CSP" "$work/soon.txt" "$work/soon.json" "$work/cli.err"
cli check-expiry < /dev/null > "$work/token.txt"
check "an Operations for Applications API token: exit 0, no expiry known" \
	sh -c 'test $1 -eq 0 && grep -q "no expiry known" "$2"' sh $? "$work/token.txt"
cli check-expiry --days nine < /dev/null > /dev/null
check "a bad --days: exit 2" test $? -eq 2
