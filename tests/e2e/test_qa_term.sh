#!/bin/sh
# test_qa_term.sh: what needs a real terminal (tmux): a terminal that cannot
# move the cursor is refused in words; Esc while a revoke is on its way to a
# slow server never shows it as done nor as refused, and the list is read
# again so the table matches the server; Home and End as tmux sends them.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/tmux.sh"
sock="wft-qa-$$"
trap 'tmux_stop; e2e_cleanup' EXIT
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS
plan 8

sb_start --seed 20
tmux_keep
wait_tries=200
# start TERM [OPTION]...: the console in a new session; its stderr in
# $work/err.$n (n: the session's number, which tmux_new counts up).
start() {
	t=$1; shift
	tmux_new 100 30 \
		"env HOME='$work/home' XDG_CONFIG_HOME='$work/config' TERM='$t' LANG=C.UTF-8 \
		 WAVEFRONT_ENDPOINT='$URL' WAVEFRONT_TOKEN='$ADMIN' '$bin' $* 2>'$work/err.$((n + 1))'; \
		 echo EXIT=\$?; read x"
}

start dumb
check "TERM=dumb: refused, exit status 1" wait_for '^EXIT=1'
check "and told why in words" grep -q "cannot move the cursor" "$work/err.$n"

start xterm-256color --page-size 5
wait_for "last used" > /dev/null
# Home and End as tmux sends them (ESC [1~, ESC [4~), whatever TERM says.
pages=$(( ($(tokens | wc -l) + 4) / 5 ))
keys End
check "End (ESC [4~) goes to the last page" wait_for "page $pages/$pages"
keys Home
check "Home (ESC [1~) goes back to the first" wait_for "page 1/$pages"
sel=$(sed -n 29p "$work/screen" | grep -o '\*\*\*\*-\.\.\.-[0-9a-f]*' | sed 's/.*-//')
api POST /_sandbox/faults '{"latency_ms":800}' > /dev/null
keys d
wait_for 'Revoke 1 token?' > /dev/null
keys y
wait_for 'Revoking 1 token' > /dev/null
keys Escape
check "Esc: the revoke is reported as not confirmed" wait_for "Revoke of \*\*\*\*-\.\.\.-$sel not confirmed"
api POST /_sandbox/faults '{}' > /dev/null
# The list read again: the table counts what the server holds (once the
# slow revoke has landed or not), and the footer keeps the reason.
reread() { cap > "$work/screen"; grep -q "$(tokens | wc -l) tokens" "$work/screen" &&
	grep -q "not confirmed" "$work/screen"; }
check "the list is read again, the reason kept" poll reread
total=$(tokens | wc -l)
check "the table counts what the server holds" grep -q "$total tokens" "$work/screen"
gone() { ! tokens | cut -f1 | grep -q "$sel\$"; }
if gone; then
	check "the revoked token left the table" sh -c '! grep -q -- "-$1 " "$2"' sh "$sel" "$work/screen"
else
	check "the token still on the server is still in the table" grep -q -- "-$sel " "$work/screen"
fi
keys q
