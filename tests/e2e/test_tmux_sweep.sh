#!/bin/sh
# test_tmux_sweep.sh: a console that ended abnormally during a hand-over
# inside tmux leaves the new token in its paste buffer ("wftokens-PID").
# The next console started inside that tmux deletes such buffers of
# processes that are gone, says so, and leaves every other buffer alone,
# also the one of a wftokens still running.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/tmux.sh"
sock="wft-sweep-$$"
sweep_cleanup() {
	tmux_stop
	e2e_cleanup
}
trap sweep_cleanup EXIT
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS
plan 5
wait_tries=1200

# A pid that is surely gone: a child that has ended and been reaped.
sh -c 'exit 0' &
dead=$!
wait "$dead"
sb_start --seed 5
tmux_keep
tmux -L "$sock" set-buffer -b "wftokens-$dead" "left-by-a-crash"
tmux -L "$sock" set-buffer -b "wftokens-$$" "held-by-a-live-one"
tmux -L "$sock" set-buffer -b "notes" "the user's own"
tmux_new 100 30 "cd '$work' && env HOME='$work/home' XDG_CONFIG_HOME='$work/config' TERM=xterm-256color \
	LC_ALL=C.UTF-8 WAVEFRONT_ENDPOINT='$URL' WAVEFRONT_TOKEN='$ADMIN' '$bin'; echo EXIT=\$?; read x"
check "the console runs inside tmux" wait_for 'rows 1-'
check "it says it deleted the buffer a crashed console left" wait_for 'Deleted 1 tmux paste buffer'
names=$(tmux -L "$sock" list-buffers -F '#{buffer_name}')
check "that buffer is gone" sh -c '! printf "%s\n" "$1" | grep -qx "wftokens-$2"' sh "$names" "$dead"
check "the buffer of a live process stays" sh -c 'printf "%s\n" "$1" | grep -qx "wftokens-$2"' sh "$names" "$$"
check "the user's own buffer stays" sh -c 'printf "%s\n" "$1" | grep -qx notes' sh "$names"
