#!/bin/sh
# test_console_tmux.sh: what only a real terminal shows: the console in
# tmux (--demo), driven by real key sequences and a mouse click, resized,
# and started under several TERM values. tmux is polled (a real terminal
# has no "idle" signal), with a bound.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/tmux.sh"
bin="$top_builddir/wftokens"
work=$(mktemp -d "${TMPDIR:-/tmp}/wft-tmux.XXXXXX") || exit 1
sock="wft-console-$$"
trap 'tmux_stop; rm -rf "$work"' EXIT
mkdir -p "$work/home"
# ncurses keeps a few bytes of some terminal descriptions (TERM=linux) to the
# end; LeakSanitizer would turn that into a failing exit status here. The
# script-mode tests keep leak checking on for the console's own memory.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS
plan 13
tmux_keep

# start TERM [OPTION]...: a new session running the demo; its name in $s.
start() {
	t=$1; shift
	tmux_new 100 30 \
		"env HOME='$work/home' XDG_CONFIG_HOME='$work/home' TERM='$t' \
		 WFTOKENS_DEMO_TOKENS=120 WFTOKENS_DEMO_SEED=5 '$bin' --demo $*; echo EXIT=\$?; read x"
}

start xterm-256color
check "xterm-256color: the first screen" wait_for 'rows 1-25 of 121  page 1/5'
sel0=$(grep -o 'last used:' "$work/screen" >/dev/null && sed -n 29p "$work/screen" | grep -o '\*\*\*\*-\.\.\.-[0-9a-f]*')
keys Down Down
moved() { cap | sed -n 29p | grep -o '\*\*\*\*-\.\.\.-[0-9a-f]*' | grep -qv -- "$sel0"; }
check "Down (arrow key sequence) moves the selection" poll moved
keys NPage
check "PgDn: page 2" wait_for 'rows 26-50 of 121  page 2/5'
# A click (SGR mouse report, press and release) on the Type title sorts by it.
x=$(cap | sed -n 3p | awk '{ print index($0, "Type") }')
keys -l "$(printf '\033[<0;%d;3M\033[<0;%d;3m' "$x" "$x")"
check "a click on a header sorts by that column" wait_for 'Type ^'
tmux -L "$sock" resize-window -t "$s" -x 60 -y 15
check "resize to 60x15: too small" wait_for 'Terminal too small: 60x15'
tmux -L "$sock" resize-window -t "$s" -x 100 -y 30
check "and back: the page" wait_for 'API Tokens | Service Accounts'
keys q
check "q quits with status 0 and restores the terminal" wait_for '^EXIT=0'

# tmux sends Home, End and F5 as its own terminal type (screen) spells them.
start screen
wait_for 'rows 1-25 of 121' > /dev/null
keys End
check "End (screen's sequence): the last page" wait_for 'page 5/5'
keys Home
check "Home: the first page" wait_for 'rows 1-25 of 121  page 1/5'
keys F5
check "F5 reloads" wait_for 'Reloaded: 121 tokens'
keys q
wait_for '^EXIT=0' > /dev/null

for t in screen vt100 linux; do
	start "$t"
	if wait_for 'rows 1-' && keys q && wait_for '^EXIT=0'; then
		ok "TERM=$t: draws and quits"
	else
		not_ok "TERM=$t: draws and quits"
	fi
done
