#!/bin/sh
# test_cli_names.sh: the completion scripts' cache of names, against a
# sandbox: `wftokens accounts list` and `saved list` write it, and so does
# the console when it reads the accounts and the saved searches; the file
# is 0600 in a 0700 directory, per profile, holds no token id, is offered
# by `complete-names` without any network, and is not offered once it has
# expired; `complete-names refresh` reads both lists; bad usage is 2.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/cli.sh"
plan 16

sb_start --seed 61
api POST /api/v2/account/serviceaccount '{"identifier":"sa::nm-one","active":true}' > /dev/null
api POST /api/v2/account/serviceaccount '{"identifier":"sa::nm-two","active":true}' > /dev/null
api POST /api/v2/apitoken/serviceaccount/sa::nm-one '{"tokenName":"nm t1"}' > /dev/null
api POST /api/v2/savedsearch '{"entityType":"TOKEN","query":{"Names cache":"{\"query\":\"account:sa::nm-one\"}"}}' > /dev/null
cache="$work/home/.cache/wftokens"
acc="$cache/names-default.accounts"
sav="$cache/names-default.saved"
tokens | cut -f1 > "$work/ids"

cli accounts list < /dev/null > /dev/null
check "accounts list writes the accounts' names" grep -qx 'sa::nm-one' "$acc"
check "the file is 0600, its directory 0700" \
	sh -c 'test "$(stat -c %a "$1")" = 600 && test "$(stat -c %a "$2")" = 700' sh "$acc" "$cache"
cli saved list < /dev/null > /dev/null
check "saved list writes the saved searches' ids and names" grep -q '	Names cache$' "$sav"
check "no token id in the cache" sh -c 'test -s "$1" && ! cat "$2" "$3" | grep -qiF -f "$1"' sh "$work/ids" "$acc" "$sav"

# complete-names reads the cache only: with the endpoint gone it still answers.
names() {
	env HOME="$work/home" XDG_CONFIG_HOME="$work/config" WAVEFRONT_ENDPOINT=http://127.0.0.1:9 \
		WAVEFRONT_TOKEN=unused "$bin" complete-names "$@" 2> "$work/names.err"
}
names accounts > "$work/n1"
rc=$?
check "complete-names accounts: exit 0, the names, nothing sent" \
	sh -c 'test $1 -eq 0 && grep -qx "sa::nm-one" "$2" && grep -qx "sa::nm-two" "$2"' sh $rc "$work/n1"
names saved > "$work/n2"
check "complete-names saved: id, a tab, the name" grep -q '^[^	]*	Names cache$' "$work/n2"
names accounts --profile other > "$work/n3"
check "another profile has names of its own (none yet)" test ! -s "$work/n3"
# Expired: the time written in the first line is 11 minutes old.
old=$(( ($(date +%s) - 660) * 1000 ))
sed -i "1s/[0-9]*\$/$old/" "$acc"
names accounts > "$work/n4"
check "expired: nothing offered, exit 0" sh -c 'test $1 -eq 0 && test ! -s "$2"' sh $? "$work/n4"

rm -f "$acc" "$sav"
cli complete-names refresh < /dev/null > /dev/null
check "complete-names refresh: exit 0, both lists written" \
	sh -c 'test $1 -eq 0 && grep -qx "sa::nm-two" "$2" && grep -q "Names cache" "$3"' sh $? "$acc" "$sav"
cli complete-names nonsense < /dev/null
check "complete-names nonsense: exit 2" test $? -eq 2
check "and says what it takes" grep -q 'accounts, saved or refresh' "$work/cli.err"
cli completion tcsh < /dev/null
check "completion tcsh: exit 2, naming the shells" \
	sh -c 'test $1 -eq 2 && grep -q "bash, zsh or fish" "$2"' sh $? "$work/cli.err"

# The console writes them too, when it reads the lists.
rm -f "$acc" "$sav"
export COLS=100 ROWS=30
wft "$(keys tab <<K
2
:save-display $(screen accounts)
K
)"
check "the console: its Service Accounts tab shows the accounts" grep -q 'sa::nm-one' "$(screen accounts)"
check "the console wrote the accounts' names" grep -qx 'sa::nm-two' "$acc"
check "and the saved searches'" grep -q '	Names cache$' "$sav"
check "no token id in what the console wrote" sh -c '! cat "$2" "$3" | grep -qiF -f "$1"' sh "$work/ids" "$acc" "$sav"
