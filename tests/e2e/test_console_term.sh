#!/bin/sh
# test_console_term.sh: the console's manners in a real terminal (tmux):
# Ctrl-Z suspends to the shell and fg resumes; stderr written while the
# screen is up stays off it and shows after exit; a crash signal leaves the
# terminal restored; the mouse wheel and a click on a row; Esc cancels a
# load held up by the sandbox's latency fault. tmux is polled (a real
# terminal has no "idle" signal), with a bound.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/tmux.sh"
sock="wft-term-$$"
# The sandbox may still be asleep in the latency fault.
tmux_slow_sandbox_trap
plan 22

sb_start --seed 120
total=$(tokens | wc -l)
tmux_keep
# run COMMAND: a new 100x30 window running COMMAND (a shell line); its name in $s.
run() {
	tmux_new 100 30 \
		"cd '$work' && env HOME='$work/home' XDG_CONFIG_HOME='$work/config' TERM=xterm-256color \
		 LC_ALL=C.UTF-8 WAVEFRONT_ENDPOINT='$URL' WAVEFRONT_TOKEN='$ADMIN' $1"
}
# The console started so that its pid lands in $work/pid; EXIT= and the
# terminal's line discipline are shown when it ends.
console() {
	run "sh -c 'echo \$\$ > pid; exec \"$bin\" $*'; echo EXIT=\$?; stty -a | tr ' ' '\\n' | grep -x -- '-\\?icanon'; read x"
}
alt() { tmux -L "$sock" display -p -t "$s" '#{alternate_on}'; }
sel() { sed -n 29p "$work/screen" | grep -o '\*\*\*\*-\.\.\.-[0-9a-f]*'; }
# selected ID: the screen, read again, shows ID selected.
selected() { cap > "$work/screen"; [ "$(sel)" = "$1" ]; }
# The masked id drawn on screen line L (1-based).
id_at() { sed -n "$1p" "$work/screen" | grep -o '\*\*\*\*-\.\.\.-[0-9a-f]*' | head -1; }
first="rows 1-25 of $total"

# ---- Ctrl-Z and fg, in an interactive shell with job control ------------------
run "env PS1='$ ' bash --norc --noprofile -i"
wait_for '^\$' > /dev/null
keys "'$bin'" Enter
check "the console starts from the shell" wait_for "$first"
keys C-z
check "Ctrl-Z stops it: the shell reports the job stopped" wait_for 'Stopped'
check "and the terminal is back on the normal screen" test "$(alt)" = 0
keys "fg" Enter
check "fg resumes it on a redrawn screen" wait_for "$first"
check "in the alternate screen again" test "$(alt)" = 1
keys j
check "and keys work after the resume" wait_for "rows 1-25 of $total.*\(d revoke\|? help\)"
keys q "echo EXIT=\$?" Enter
check "q then quits with status 0" wait_for '^EXIT=0'

# ---- stderr while the screen is up ------------------------------------------------
console
wait_for "$first" > /dev/null
# What a library would write to fd 2 mid-run: the console's own fd 2.
echo "a-library-complains-here" >> "/proc/$(cat "$work/pid")/fd/2"
keys j
wait_for "$first" > /dev/null
check "stderr written while curses runs is not on the screen" \
	sh -c '! grep -q "a-library-complains-here" "$1"' sh "$work/screen"
keys q
check "it is shown once the terminal is restored" wait_for 'a-library-complains-here'
wait_for '^-\?icanon$' > /dev/null
check "and the console exits 0 in cooked mode" \
	sh -c 'grep -q "^EXIT=0" "$1" && grep -qx "icanon" "$1"' sh "$work/screen"

# ---- a crash signal ---------------------------------------------------------------------
console
wait_for "$first" > /dev/null
echo "a-clue-before-the-crash" >> "/proc/$(cat "$work/pid")/fd/2"
kill -SEGV "$(cat "$work/pid")"
check "SIGSEGV: the console says the terminal was restored" wait_for 'crashed; the terminal was restored'
wait_for '^-\?icanon$' > /dev/null
check "dies of the signal (status 139), line discipline cooked" \
	sh -c 'grep -q "^EXIT=139" "$1" && grep -qx "icanon" "$1"' sh "$work/screen"
check "the alternate screen is left" test "$(alt)" = 0
check "what went to stderr before the crash is shown" grep -q 'a-clue-before-the-crash' "$work/screen"

# ---- the mouse: a click on a row, the wheel -------------------------------------------
console
wait_for "$first" > /dev/null
# SGR reports (1-based): screen line 9 is the table's sixth row.
keys -l "$(printf '\033[<0;40;9M\033[<0;40;9m')"
want=$(id_at 9)
check "a click on a row selects it" poll selected "$want"
keys -l "$(printf '\033[<65;40;9M')"
want=$(id_at 12)
check "the wheel down moves three rows" poll selected "$want"
keys -l "$(printf '\033[<64;40;9M')"
want=$(id_at 9)
check "the wheel up moves back" poll selected "$want"
keys q

# ---- Esc cancels a load held up by the server ---------------------------------------------
console
wait_for "$first" > /dev/null
api POST /_sandbox/faults '{"latency_ms":15000}' > /dev/null
keys C-r
check "the reload is running (spinner, no answer yet)" wait_for '[|/\\-]  ? help'
keys Escape
check "Esc cancels the running load at once" wait_for 'Loading cancelled (Ctrl-R loads again)'
check "the table keeps what it had" grep -q "$first" "$work/screen"
api POST /_sandbox/faults '{}' > /dev/null
keys q

# ---- Ctrl-R waits only for a load of the token list ----------------------------------------
# The Service Accounts tab's request, held up by the server, does not stop
# a reload of the tokens; a reload already running does.
console
wait_for "$first" > /dev/null
api POST /_sandbox/faults '{"latency_ms":1500}' > /dev/null
keys 2 1 C-r
check "Ctrl-R reloads while another part's request runs" wait_for "Reloaded: $total tokens"
keys C-r C-r
check "but not while the token list itself loads" wait_for 'Already loading'
api POST /_sandbox/faults '{}' > /dev/null
keys q
