# tmux.sh: a real terminal (tmux) for the screen tests. Source it after
# lib.sh (and after e2e.sh: its keys, to the pane, takes the place of
# e2e.sh's), with $work a temp dir and $sock a tmux socket name of the
# test's own; call tmux_keep first and tmux_stop on exit. A terminal has no
# "idle" signal: tmux is polled, with a bound.

need tmux tmux

# tmux_keep: starts the server with one idle session, which keeps it up
# between the runs: otherwise it exits with the last session and the next
# run can race its shutdown.
tmux_keep() { tmux -L "$sock" -f /dev/null new-session -d -s keep "exec sleep 3600"; }
tmux_stop() { tmux -L "$sock" kill-server 2>/dev/null; }
# tmux_slow_sandbox_trap: the EXIT trap of a test whose sandbox may still be
# asleep in a fault (latency, a slowed stream): tmux stopped, the sandbox
# killed without waiting for it, then e2e.sh's cleanup. Leak checks are off:
# ncurses keeps a few bytes of terminal descriptions to the end (they belong
# to the script-mode tests).
tmux_slow_sandbox_cleanup() {
	tmux_stop
	[ -n "$sb_pid" ] && kill -9 "$sb_pid" 2>/dev/null
	e2e_cleanup
}
tmux_slow_sandbox_trap() {
	trap tmux_slow_sandbox_cleanup EXIT
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	export ASAN_OPTIONS
}

# tmux_new COLS ROWS LINE: a new session running the shell line LINE; it
# counts n up first and is named s$n, in $s.
n=0
tmux_new() {
	n=$((n + 1)); s="s$n"
	tmux -L "$sock" new-session -d -x "$1" -y "$2" -s "$s" "$3"
}
cap() { tmux -L "$sock" capture-pane -p -t "$s"; }
keys() { tmux -L "$sock" send-keys -t "$s" "$@"; }

# poll COMMAND...: true once COMMAND is, tried every 50 ms at most
# $wait_tries times (400: about 20 s).
wait_tries=400
poll() {
	i=0
	while [ $i -lt "$wait_tries" ]; do
		"$@" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
# wait_for PATTERN: true once the screen, kept in $work/screen, shows it.
shows() { cap > "$work/screen"; grep -q -- "$1" "$work/screen"; }
wait_for() { poll shows "$1"; }
