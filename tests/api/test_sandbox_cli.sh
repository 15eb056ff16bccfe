#!/bin/sh
# test_sandbox_cli.sh: the wftokens-sandbox program: flags, the listening
# line, TLS with a throwaway CA, clean shutdown, and no secret on its output.
. "$top_srcdir/tests/lib.sh"
need curl curl
need openssl openssl
SB="$top_builddir/wftokens-sandbox"
T=$(mktemp -d) || exit 1
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
ADMIN=3c0ffee0-1234-4abc-8def-0123456789ab

# start ARGS...: runs the sandbox in the background, sets PID and URL.
start() {
	# Emptied here, not by the background job's redirection: that one may
	# come late, and the wait below would read the previous run's line.
	: >"$T/out"
	"$SB" "$@" >"$T/out" 2>"$T/err" &
	PID=$!
	i=0
	while [ $i -lt 400 ] && ! grep -q '^listening on ' "$T/out" 2>/dev/null; do
		sleep 0.05; i=$((i + 1))
	done
	URL=$(sed -n '1s/^listening on //p' "$T/out")
}
stop() { kill -TERM "$PID"; wait "$PID"; RC=$?; PID=; }

plan 13
check "--help prints usage" sh -c "'$SB' --help | grep -q -- '--admin-token'"
check "--version names the program" sh -c "'$SB' --version | grep -q '^wftokens-sandbox/'"
check "an unknown flag fails" sh -c "! '$SB' --bogus 2>/dev/null"
check "a bad --seed fails" sh -c "! '$SB' --seed -3 2>/dev/null"

start --admin-token "$ADMIN" --seed 300 --random-seed 9
check "first line says where it listens" sh -c "echo '$URL' | grep -Eq '^http://127\.0\.0\.1:[0-9]+$'"
code=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $ADMIN" "$URL/api/v2/apitoken/customertokens")
check "the admin token works" [ "$code" = 200 ]
n=$(grep -o '"id":"' "$T/body" | wc -l)
check "about 300 seeded tokens (got $n)" [ "$n" -ge 250 -a "$n" -le 350 ]
curl -s -o /dev/null -X POST -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' "$URL/api/v2/apitoken"
stop
check "SIGTERM stops it cleanly" [ "$RC" = 0 ]
check "no token on stdout or stderr" sh -c "! grep -q '$ADMIN' '$T/out' '$T/err' && ! grep -Eq '[0-9a-f]{8}-[0-9a-f]{4}-' '$T/out' '$T/err'"

start --seed 300 --random-seed 9 --admin-token "$ADMIN"
curl -s -H "Authorization: Bearer $ADMIN" "$URL/api/v2/apitoken/customertokens" |
	grep -o '"id":"[^"]*","name":"[^"]*","account":"[^"]*"' | sort >"$T/a"
kill -INT "$PID"; wait "$PID"; RC=$?; PID=
start --seed 300 --random-seed 9 --admin-token "$ADMIN"
curl -s -H "Authorization: Bearer $ADMIN" "$URL/api/v2/apitoken/customertokens" |
	grep -o '"id":"[^"]*","name":"[^"]*","account":"[^"]*"' | sort >"$T/b"
stop
check "SIGINT stops it cleanly too" [ "$RC" = 0 ]
check "seeding is deterministic for a random seed" sh -c "[ -s '$T/a' ] && cmp -s '$T/a' '$T/b'"

# TLS with a CA made for this test only.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=wftokens-test-ca \
	-keyout "$T/ca.key" -out "$T/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 \
	-keyout "$T/srv.key" -out "$T/srv.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\n' >"$T/ext"
openssl x509 -req -in "$T/srv.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" -CAcreateserial \
	-days 2 -extfile "$T/ext" -out "$T/srv.pem" 2>/dev/null
start --admin-token "$ADMIN" --tls-cert "$T/srv.pem" --tls-key "$T/srv.key"
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$T/ca.pem" -H "Authorization: Bearer $ADMIN" "$URL/api/v2/apitoken")
check "HTTPS answers with a certificate from the test CA ($URL)" sh -c "echo '$URL' | grep -q '^https://' && [ '$code' = 200 ]"
curl -s -o /dev/null "$URL/api/v2/apitoken" 2>/dev/null
check "an untrusted certificate is refused by the client" [ $? -eq 60 ]
stop
