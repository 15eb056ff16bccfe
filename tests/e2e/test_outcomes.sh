#!/bin/sh
# test_outcomes.sh: every change the console makes, answered with a fault
# (404, 409, 500, 503 with Retry-After, an unreadable body, a cut-short one,
# a dropped connection), shows only what the server's state confirms
# (tests/e2e/outcomes.sh). The short form runs a few faults per change; with
# WFT_FULL_MATRIX=1 (make check-faults) every change meets every fault.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
need jq jq
sb_start --seed 20
unset TMUX STY
export COLS=110 ROWS=30
. "$top_srcdir/tests/e2e/outcomes.sh"

# ---- a revoke answered 404 is read back, never shown as revoked -------------
# The explicit cases first: one token, four marked (two answered 404), and
# one that another admin revoked after the console loaded it.
token_gone() { ! token_exists "$1"; }
explicit() {
	id1=$(new_token x1)
	live_start
	printf '/id:%s<Enter>\n' "$id1" | live
	live_screen "$work/x0.txt"
	faults '{"fail_next":1,"status":404}'
	echo dy | live
	live_screen "$work/x1.txt"
	live_end
	check "404 on a revoke: the token is still on the server" token_exists "$id1"
	check "and the console says not revoked, never Revoked" sh -c \
		'grep -q "not revoked: the token still exists" "$1" && ! grep -q "Revoked \*" "$1"' \
		sh "$work/x1.txt"

	for i in 1 2 3 4; do new_token "bulk$i" > /dev/null; done
	live_start
	echo '/name:bulk<Enter>' | live
	live_screen "$work/x2.txt"
	# Only the revokes fail: their read-backs run beside them.
	faults '{"fail_next":2,"status":404,"changes_only":1}'
	echo mmmmdy | live
	live_screen "$work/x3.txt"
	live_end
	left=$(sa_tokens "$SA" | grep -c '^bulk')
	check "bulk: two of four still on the server" test "$left" -eq 2
	check "bulk: the results say 2 revoked, 2 not revoked" \
		grep -q "2 revoked, 2 not revoked, 0 not confirmed" "$work/x3.txt"

	id2=$(new_token x2)
	live_start
	printf '/id:%s<Enter>\n' "$id2" | live
	live_screen "$work/x4.txt"
	api PUT /api/v2/apitoken/customertokens/revoke "{\"tokenID\":\"$id2\"}" > /dev/null
	echo dy | live
	live_screen "$work/x5.txt"
	live_end
	check "revoked elsewhere first: gone from the server" token_gone "$id2"
	check "and the console says already gone (read back)" grep -q "already gone (read back" "$work/x5.txt"

	# A save answered with garbage is saved; saving again makes no copy.
	live_start
	echo '<Home>' | live
	live_screen "$work/x6.txt"
	faults '{"garbage_next":1}'
	printf 'w\nTwice\n<Enter>\n' | live
	live_screen "$work/x7.txt"
	printf 'w\nTwice\n<Enter>\n' | live
	live_screen "$work/x8.txt"
	live_end
	check "garbage on a save: saved, and said so" sh -c \
		'grep -q "Saved the search \"Twice\"" "$1" && ! grep -q "Could not save" "$1"' sh "$work/x7.txt"
	check "saving the same name again makes no second copy" test "$(ss_count Twice)" -eq 1

	# A save whose answer and read-back both fail is not confirmed; before it is
	# sent again the console looks for what the first attempt made.
	live_start
	echo '<Home>' | live
	live_screen "$work/x9.txt"
	faults '{"drop_next":1,"fail_next":1,"status":500}'
	printf 'w\nUnsure\n<Enter>\n' | live
	live_screen "$work/x10.txt"
	new_ss Unsure     # what the first attempt might have made
	echo '<Enter>' | live
	live_screen "$work/x11.txt"
	live_end
	check "no answer and no read-back: not confirmed" grep -q 'Not confirmed whether "Unsure" was saved' "$work/x10.txt"
	check "the retry finds the first attempt's search and sends nothing" sh -c \
		'grep -q "was saved by the earlier attempt" "$1" && test "$2" -eq 1' sh "$work/x11.txt" "$(ss_count Unsure)"
}
N_EXPLICIT=10

changes="tok_revoke tok_rename sa_activate sa_deactivate sa_delete sa_create dlg_revoke dlg_rename dlg_generate dlg_update ss_create ss_rename ss_delete"
if [ -n "$WFT_FULL_MATRIX" ]; then
	set -- 404 409 500 503ra garbage truncate drop dropread
	plan $(( $(echo $changes | wc -w) * $# + 1 + N_EXPLICIT ))
	explicit
	for c in $changes; do for f in "$@"; do trial "$c" "$f"; done; done
else
	# Each change meets 404 and one unreadable or missing answer, in turn.
	plan $(( $(echo $changes | wc -w) * 2 + 1 + N_EXPLICIT ))
	explicit
	i=0
	for c in $changes; do
		i=$((i + 1))
		case $((i % 4)) in 0) f=garbage ;; 1) f=dropread ;; 2) f=truncate ;; 3) f=drop ;; esac
		trial "$c" 404
		trial "$c" "$f"
	done
fi
matrix_report
check "no outcome shown that the server contradicts" test "$m_mismatch" -eq 0
