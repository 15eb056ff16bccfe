#!/bin/sh
# test_cli_rename.sh: `wftokens rename` against a sandbox: one token (a
# service account's, one's own), another user's token refused before
# anything is sent, bad usage, a bulk rename by template with its preview
# and confirmation, and a change dropped in the middle; the names are read
# back through the sandbox's API after each.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/cli.sh"
plan 17

sb_start --seed 60
name_of() { api GET "/api/v2/apitoken/customertokens/$1" | jq -r .response.name; }
mk_account() {
	api POST /api/v2/account/serviceaccount "{\"identifier\":\"$1\",\"active\":true}" > /dev/null
	i=1
	while [ $i -le "$2" ]; do
		api POST "/api/v2/apitoken/serviceaccount/$1" "{\"tokenName\":\"t$i\"}" > /dev/null
		i=$((i + 1))
	done
}
mk_account sa::rn-a 3
ids_of sa::rn-a > "$work/a"
one=$(head -1 "$work/a")
other=$(tokens | awk -F'\t' '$4 == "USER_ACCOUNT" && $3 != "admin@sandbox.example" { print $1; exit }')
other_name=$(name_of "$other")

# ---- one token ---------------------------------------------------------------------------------
cli rename "$one" "deploy bot" < /dev/null > "$work/one.txt"
check "a service account's token: exit 0" test $? -eq 0
check "the server has the new name" test "$(name_of "$one")" = "deploy bot"
check "the result line is masked" sh -c 'grep -q "renamed  *deploy bot" "$1" && ! grep -qF "$2" "$1"' sh "$work/one.txt" "$one"
cli rename "$ADMIN" "my own key" < /dev/null > /dev/null
check "one's own user token: exit 0, renamed on the server" \
	sh -c 'test $1 -eq 0 && test "$2" = "my own key"' sh $? "$(name_of "$ADMIN")"
cli rename "$other" "taken over" < /dev/null > /dev/null
check "another user's token: exit 1, refused naming the owner" \
	sh -c 'test $1 -eq 1 && grep -q "cannot rename \*\*\*\*-\.\.\.-[0-9a-f]*: it is .*@.*'"'"'s token, and the API renames only service-account tokens and your own" "$2"' sh $? "$work/cli.err"
check "and its name is unchanged" test "$(name_of "$other")" = "$other_name"

# ---- bad usage ------------------------------------------------------------------------------------
cli rename "$one" < /dev/null > /dev/null
check "one operand: exit 2" test $? -eq 2
cli rename not-an-id name < /dev/null > /dev/null
check "not an id: exit 2" test $? -eq 2
cli rename --query account:sa::rn-a --yes < /dev/null > /dev/null
check "--query without --name-template: exit 2" test $? -eq 2
cli rename --query account:sa::rn-a --name-template '{nom}' --yes < /dev/null > /dev/null
check "an unknown placeholder: exit 2 with its column, nothing renamed" \
	sh -c 'test $1 -eq 2 && grep -q "unknown placeholder at column 1" "$2" && test "$3" = "deploy bot"' sh $? "$work/cli.err" "$(name_of "$one")"

# ---- bulk, by template -------------------------------------------------------------------------------
tty_start rename --query account:sa::rn-a --name-template '{account} #{n}'
tty_wait "type the number 3;"
check "the preview shows each new name" \
	sh -c 'test "$(grep -c -- "-> sa::rn-a #[123]" "$1")" -eq 3' sh "$work/tty.out"
tty_type 3
tty_end
check "confirmed on the terminal: exit 0" test $tty_rc -eq 0
check "the server has the three new names" \
	test "$(for i in $(cat "$work/a"); do name_of "$i"; done | sort | tr '\n' ,)" = "sa::rn-a #1,sa::rn-a #2,sa::rn-a #3,"
# From a pipe, with --yes: no confirmation; every new name from the template.
cli rename --query "account:sa::rn-a" --name-template '{name}!' --yes --format json < /dev/null > "$work/mix.json"
check "from a pipe with --yes: every one renamed" \
	sh -c 'test $1 -eq 0 && test "$(jq "[.[] | select(.result == \"renamed\")] | length" "$2")" -eq 3' sh $? "$work/mix.json"

# ---- a change dropped in the middle ------------------------------------------------------------------
tty_start rename --query account:sa::rn-a --name-template 'x{n}'
tty_wait "type the number 3;"
# From the first rename on, the server closes every connection unanswered:
# the change, its retries and its read-back.
api POST /_sandbox/faults '{"drop_next":20}' > /dev/null
tty_type 3
tty_end
check "exit 1, the first not confirmed, the rest not sent" \
	sh -c 'test $1 -eq 1 && test "$(grep -c "not confirmed  " "$2")" -eq 1 && test "$(grep -c "not sent  " "$2")" -eq 2' sh $tty_rc "$work/tty.out"
api POST /_sandbox/faults '{}' > /dev/null
check "no token was renamed" \
	test "$(for i in $(cat "$work/a"); do name_of "$i"; done | grep -c '!$')" -eq 3
check "no full id in any output" sh -c '! grep -qF -f "$1" "$2" "$3" "$4"' sh "$work/a" "$work/tty.out" "$work/mix.json" "$work/cli.err"
