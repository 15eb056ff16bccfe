#!/bin/sh
# test_accounts_ro.sh: --read-only shows the Service Accounts tab and the
# dialog but changes nothing; Enter on a service account's token in the
# API Tokens page opens that account's dialog.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
plan 5

sb_start --seed 30
export COLS=80 ROWS=24
acct=$(tokens | awk -F'\t' '$4 == "SERVICE_ACCOUNT" { print $3; exit }')
before=$(api GET "/api/v2/account/serviceaccount/$acct" | jq -c '.response | del(.lastUsed) | .tokens |= map(del(.lastUsed))')
wft "$(keys ro <<K
2
/${acct#sa::}<Enter>
:save-display $(screen o1)
t
:save-display $(screen o2)
<Enter>
<Down><Down><Down>d
g
<C-s>
:save-display $(screen o3)
K
)" --read-only
after=$(api GET "/api/v2/account/serviceaccount/$acct" | jq -c '.response | del(.lastUsed) | .tokens |= map(del(.lastUsed))')
check "the tab lists the account with its token count" grep -q "$acct .*Active *[0-9]*/20" "$(screen o1)"
check "activate/deactivate is refused in read-only" grep -q "Read-only: toggle-active is disabled" "$(screen o2)"
check "the dialog shows the account and refuses changes" \
	sh -c 'grep -q "View Service Account $2" "$1" && grep -q "Read-only: nothing can be changed" "$1"' sh "$(screen o3)" "$acct"
check "the server's account is unchanged" test "$before" = "$after"

tid=$(tokens | awk -F'\t' -v a="$acct" '$3 == a { print $1; exit }')
wft "$(keys enter <<K
/id:$tid<Enter>
<Enter>
:save-display $(screen e1)
K
)"
check "Enter on a service account's token opens its dialog" \
	grep -q "Edit Service Account $acct" "$(screen e1)"
