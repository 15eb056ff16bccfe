#!/bin/sh
# test_list_skipped.sh: a token list in production shape with records that
# cannot be shown (a null id, a missing id, a numeric id) still lists the
# others, and `wftokens list` says on stderr how many were left out.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 5

cat > "$work/answer.json" <<'JSON'
{"status":{"result":"OK","message":"","code":200},"response":[
 {"id":"a411c16b-3cf7-4f03-bf11-8ca05aab898d","name":"ci-deploy","account":"sa::ci","accountType":"CSP_SERVICE_ACCOUNT","dateGenerated":1700000000000,"lastUsed":"1710000000000","debugInfo":null},
 {"id":null,"name":"no id at all","account":"sa::ci","accountType":"SERVICE_ACCOUNT"},
 {"name":"missing id","account":"jo@example.com","accountType":"USER_ACCOUNT"},
 {"id":42,"name":"numeric id","account":"sa::ci"},
 {"id":"b522d27c-4d08-4a14-8c22-9db16bbc9a9e","name":"robot","account":"sa::robot","accountType":"ROBOT_ACCOUNT"}
]}
JSON
mkfifo "$work/fa.fifo" "$work/fa.in"
"$top_builddir/tests/e2e/fixed_answer" "$work/answer.json" < "$work/fa.in" > "$work/fa.fifo" &
fa_pid=$!
exec 4> "$work/fa.in"
exec 5< "$work/fa.fifo"
read -r line <&5
FA=${line#listening on }

env HOME="$work/home" XDG_CONFIG_HOME="$work/config" WAVEFRONT_ENDPOINT="$FA" \
	WAVEFRONT_TOKEN="$ADMIN" "$bin" list --format json > "$work/out.json" 2> "$work/err"
rc=$?
exec 4>&-
wait "$fa_pid"
check "exit 0: the readable tokens are listed" test "$rc" -eq 0
check "the two readable tokens, and only they" test "$(jq length "$work/out.json")" -eq 2
check "an unknown account type is shown as sent" \
	test "$(jq -r '.[] | select(.name == "robot") | .accountType' "$work/out.json")" = ROBOT_ACCOUNT
check "stderr counts the tokens without an id" \
	grep -q "^wftokens list: 2 tokens could not be shown (no id); 1 token could not be read$" "$work/err"
check "and names no token id" sh -c '! grep -q "a411c16b\|b522d27c" "$1"' sh "$work/err"
