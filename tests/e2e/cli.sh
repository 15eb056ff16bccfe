# cli.sh: helpers for the tests of the subcommands for scripts. Source it
# after lib.sh and e2e.sh, and call sb_start first.
need script util-linux
need setsid util-linux

# cli ARG...: wftokens ARG... against the sandbox, stdin and stdout as
# given, stderr in $work/cli.err; no controlling terminal (setsid), so a
# confirmation can only come from a terminal the test gives it.
cli() {
	env HOME="$work/home" XDG_CONFIG_HOME="$work/config" WAVEFRONT_ENDPOINT="$URL" \
		WAVEFRONT_TOKEN="$ADMIN" setsid -w "$bin" "$@" 2> "$work/cli.err"
}

# A terminal for one run: tty_start ARG... runs wftokens ARG... on a pty
# (script), its keyboard the fifo written by tty_type, its screen in
# $work/tty.out; tty_wait PATTERN waits (bounded) until the screen shows
# PATTERN; tty_end waits for the end and sets tty_rc.
tty_start() {
	rm -f "$work/tty.in" "$work/tty.out"
	mkfifo "$work/tty.in"
	: > "$work/tty.out"
	_line="$bin"
	for _a in "$@"; do _line="$_line '$_a'"; done
	env HOME="$work/home" XDG_CONFIG_HOME="$work/config" WAVEFRONT_ENDPOINT="$URL" \
		WAVEFRONT_TOKEN="$ADMIN" script -qec "$_line" /dev/null \
		< "$work/tty.in" > "$work/tty.out" 2>&1 &
	tty_pid=$!
	exec 5> "$work/tty.in"
}
tty_type() { printf '%s\n' "$1" >&5; }
tty_wait() {
	_i=0
	while [ $_i -lt 400 ]; do
		grep -q -- "$1" "$work/tty.out" && return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	return 1
}
tty_end() {
	exec 5>&-
	wait "$tty_pid"
	tty_rc=$?
}

# ids_of ACCOUNT: the ids of an account's tokens, one a line.
ids_of() { tokens | awk -F'\t' -v a="$1" '$3 == a { print $1 }'; }
# none_listed FILE: true when no line of FILE (ids) is still a token.
none_listed() { ! tokens | cut -f1 | grep -qxF -f "$1"; }
# all_listed FILE: true when every line of FILE (ids) is still a token.
all_listed() { test "$(tokens | cut -f1 | grep -cxF -f "$1")" -eq "$(wc -l < "$1")"; }
# no_id_in FILE IDS: true when no full id of the file IDS appears in FILE.
no_id_in() { ! grep -qF -f "$2" "$1"; }
