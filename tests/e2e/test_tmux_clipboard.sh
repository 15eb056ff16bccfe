#!/bin/sh
# test_tmux_clipboard.sh: copying a new token inside tmux, with tmux's
# default options (allow-passthrough off, set-clipboard external), reaches
# the terminal outside tmux, and no tmux paste buffer keeps the token once
# the hand-over closes. The outside terminal is itself a tmux (with
# set-clipboard on), so what it receives lands in its own paste buffer.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/tmux.sh"
sock="wft-clip-$$"
outer="wft-clipout-$$"
clip_cleanup() {
	tmux -L "$outer" kill-server 2>/dev/null
	tmux_stop
	e2e_cleanup
}
trap clip_cleanup EXIT
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS
plan 6
# A loaded machine (sanitizers, other tests) may take long to draw a step.
wait_tries=1200

sb_start --seed 10
api POST /api/v2/account/serviceaccount '{"identifier":"sa::clip","description":"clip","active":true}' > /dev/null
tmux_keep
tmux_new 100 30 "cd '$work' && env HOME='$work/home' XDG_CONFIG_HOME='$work/config' TERM=xterm-256color \
	LC_ALL=C.UTF-8 WAVEFRONT_ENDPOINT='$URL' WAVEFRONT_TOKEN='$ADMIN' '$bin'; echo EXIT=\$?; read x"
check "the console runs inside tmux" wait_for 'rows 1-'
# The terminal outside: a client of the inner tmux, in a pane of the outer one.
tmux -L "$outer" -f /dev/null new-session -d -x 100 -y 30 -s o \
	"env TERM=xterm-256color tmux -L '$sock' attach -t '$s'" \; set -g set-clipboard on
attached() { test "$(tmux -L "$sock" list-clients -t "$s" 2>/dev/null | wc -l)" -ge 1; }
check "a client is attached from outside" poll attached

keys 2
wait_for 'sa::clip' > /dev/null
keys / s a : : c l i p Enter Enter
wait_for 'Edit Service Account sa::clip' > /dev/null
keys g c l i p p e d Enter
wait_for 'c copy' > /dev/null
keys c
check "c: sent through tmux" wait_for 'Sent to the clipboard through tmux'
id=$(api GET /api/v2/apitoken/serviceaccount/sa::clip | jq -r '.response[] | select(.tokenName == "clipped") | .tokenID')
outside() { test -n "$id" && test "$(tmux -L "$outer" show-buffer 2>/dev/null)" = "$id"; }
check "the terminal outside tmux received the token (OSC 52)" poll outside
keys Escape
closed() { ! shows 'Sent to the clipboard through tmux'; }
poll closed > /dev/null
# No paste buffer of the inner tmux holds the token any more.
kept() {
	for b in $(tmux -L "$sock" list-buffers -F '#{buffer_name}' 2>/dev/null); do
		tmux -L "$sock" show-buffer -b "$b" | grep -qF "$id" && return 0
	done
	return 1
}
gone() { ! kept; }
check "closing the hand-over deletes the tmux buffer that held it" poll gone
check "and no buffer is named for wftokens" sh -c '! tmux -L "$1" list-buffers -F "#{buffer_name}" 2>/dev/null | grep -q wftokens' sh "$sock"
