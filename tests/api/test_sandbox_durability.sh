#!/bin/sh
# test_sandbox_durability.sh: kill -9 during a write load on --db, restart
# on the same file, and find every change that was acknowledged.
. "$top_srcdir/tests/lib.sh"
need curl curl
SB="$top_builddir/wftokens-sandbox"
T=$(mktemp -d) || exit 1
PID=
cleanup() { [ -n "$PID" ] && kill -9 "$PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
ADMIN=7d0ffee0-1234-4abc-8def-0123456789ab
H="Authorization: Bearer $ADMIN"

start() {
	: >"$T/out"
	# Emptied here, not by the background job's redirection: that one may
	# come late, and the wait below would read the previous run's line.
	: >"$T/out"
	"$SB" --db "$T/sandbox.db" --admin-token "$ADMIN" --seed 200 --random-seed 4 >"$T/out" 2>"$T/err" &
	PID=$!
	i=0
	while [ $i -lt 400 ] && ! grep -q '^listening on ' "$T/out" 2>/dev/null; do
		sleep 0.05; i=$((i + 1))
	done
	URL=$(sed -n '1s/^listening on //p' "$T/out")
}

plan 5
start
check "the sandbox starts on a database file" [ -n "$URL" ]

# The load: create service accounts and give each a token, recording what
# the server acknowledged, until the server dies under it.
load() {
	i=0
	while :; do
		i=$((i + 1))
		code=$(curl -s -o /dev/null -w '%{http_code}' -H "$H" -H 'Content-Type: application/json' \
			-d "{\"identifier\":\"sa::dur-$i\"}" "$URL/api/v2/account/serviceaccount") || break
		[ "$code" = 200 ] && echo "sa::dur-$i" >>"$T/accounts"
		body=$(curl -s -X POST -H "$H" -H 'Content-Type: application/json' -d '{"tokenName":"d"}' \
			"$URL/api/v2/apitoken/serviceaccount/sa::dur-$i") || break
		case $body in
		*'"result":"OK"'*) echo "$body" | grep -o '"tokenID":"[^"]*"' | tail -n 1 | cut -d'"' -f4 >>"$T/tokens" ;;
		esac
		curl -s -o /dev/null -X POST -H "$H" -H 'Content-Type: application/json' "$URL/api/v2/account/serviceaccount/sa::dur-$i/deactivate" || break
	done
}
: >"$T/accounts"; : >"$T/tokens"
load &
LOADER=$!
sleep 1.5
kill -9 "$PID"
wait "$PID" 2>/dev/null
PID=
wait "$LOADER"
na=$(wc -l <"$T/accounts"); nt=$(wc -l <"$T/tokens")
check "the load got $na accounts and $nt tokens acknowledged" [ "$na" -gt 5 -a "$nt" -gt 5 ]

start
missing=0
curl -s -H "$H" "$URL/api/v2/account/serviceaccount" >"$T/list"
while read -r a; do
	grep -q "\"identifier\":\"$a\"" "$T/list" || missing=$((missing + 1))
done <"$T/accounts"
check "every acknowledged account survived kill -9 ($missing missing)" [ "$missing" = 0 ]
curl -s -H "$H" "$URL/api/v2/apitoken/customertokens" >"$T/toks"
missing=0
while read -r t; do
	grep -q "\"id\":\"$t\"" "$T/toks" || missing=$((missing + 1))
done <"$T/tokens"
check "every acknowledged token survived kill -9 ($missing missing)" [ "$missing" = 0 ]
n=$(grep -o '"id":"' "$T/toks" | wc -l)
check "the seeded organisation was kept, not seeded twice ($n tokens)" [ "$n" -ge $((nt + 150)) -a "$n" -le $((nt + 260)) ]
kill "$PID"; wait "$PID"; PID=
