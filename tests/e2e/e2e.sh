# e2e.sh: helpers for the console's screen tests. Source it after lib.sh.
# A sandbox on an ephemeral loopback port (its URL read from its first line,
# through a fifo: no sleeping), wftokens in script mode against it, and the
# sandbox's own API through curl to check what the console did.
need curl curl
need jq jq
bin="$top_builddir/wftokens"
sbbin="$top_builddir/wftokens-sandbox"
ADMIN=5a4d6d1e-7c3b-4f2a-9e1d-0000000ad001
work=$(mktemp -d "${TMPDIR:-/tmp}/wft-e2e.XXXXXX") || exit 1
mkdir -p "$work/home" "$work/config/wftokens"
# undo_conf N: the profile's undo window (undo_seconds). Off unless a test
# turns it on, so that a revoke's keys can be checked on the sandbox at once.
undo_conf() {
	printf '[default]\nundo_seconds = %s\n' "$1" > "$work/config/wftokens/config"
	chmod 600 "$work/config/wftokens/config"
}
undo_conf 0
# The journal of changes the console keeps in its state directory.
journal_file() { echo "${XDG_STATE_HOME:-$work/home/.local/state}/wftokens/journal.jsonl"; }
sb_pid=
e2e_cleanup() {
	[ -n "$sb_pid" ] && kill "$sb_pid" 2>/dev/null && wait "$sb_pid" 2>/dev/null
	# WFT_KEEP=1 keeps the screens and keys for a look after a failure.
	if [ -n "$WFT_KEEP" ]; then echo "# kept $work" >&2; else rm -rf "$work"; fi
}
trap e2e_cleanup EXIT

# sb_start [SANDBOX OPTION]...: sets URL.
sb_start() {
	mkfifo "$work/sb.fifo"
	"$sbbin" --admin-token "$ADMIN" --random-seed 7 "$@" > "$work/sb.fifo" 2> "$work/sb.err" &
	sb_pid=$!
	exec 3< "$work/sb.fifo"
	read -r line <&3
	URL=${line#listening on }
	case $URL in http://127.0.0.1:*) ;; *) echo "Bail out! sandbox did not start: $line"; exit 1 ;; esac
}

# api METHOD PATH [BODY]: the sandbox's answer on stdout. Every write says
# Content-Type: application/json, also without a body (the sandbox answers
# 415 to any other type, as production does).
api() {
	case $1 in
	GET) curl -s -H "Authorization: Bearer $ADMIN" "$URL$2" ;;
	*) curl -s -X "$1" -H "Authorization: Bearer $ADMIN" -H "Content-Type: application/json" \
		-H "Accept: application/json" ${3:+--data "$3"} "$URL$2" ;;
	esac
}
# The org's tokens as lines "id<TAB>name<TAB>account<TAB>accountType<TAB>lastUsed".
tokens() {
	api GET /api/v2/apitoken/customertokens |
		jq -r '.response[] | [.id, .name, .account, .accountType, (.lastUsed // 0)] | @tsv'
}
token_exists() { api GET "/api/v2/apitoken/customertokens/$1" | jq -e '.status.code == 200' > /dev/null; }

# wft SCRIPT [OPTION]...: runs the console on the keys of file SCRIPT.
# COLS and ROWS give the screen size (default 100x30). WFT_SERVER_SEARCH=1
# runs it in its server-side mode (--server-search): the tests that set it
# (test_server_*.sh) check that the same assertions hold in both modes.
wft() {
	_s=$1; shift
	env HOME="$work/home" XDG_CONFIG_HOME="$work/config" TERM=xterm \
		WAVEFRONT_ENDPOINT="$URL" WAVEFRONT_TOKEN="$ADMIN" \
		COLUMNS="${COLS:-100}" LINES="${ROWS:-30}" WFTOKENS_SCRIPT="$_s" \
		"$bin" ${WFT_SERVER_SEARCH:+--server-search} "$@" 2> "$work/wft.err"
}
# keys NAME: writes stdin to $work/NAME.keys and prints the path.
keys() { cat > "$work/$1.keys"; echo "$work/$1.keys"; }
# screen NAME: the path of a saved display.
screen() { echo "$work/$1.txt"; }
# The footer's selected token ("****-...-8d9f") of a saved display.
selected() { sed -n "$(( ${ROWS:-30} - 1 ))p" "$1" | grep -o '\*\*\*\*-\.\.\.-[0-9a-f]*' | head -1; }
# The "N tokens" count of a saved display.
count() { sed -n 2p "$1" | grep -oE '[0-9]+ tokens?$' | cut -d' ' -f1; }

# A console that stays up while the test acts on the sandbox: keys go
# through a fifo, and each screen comes back through another, so the test
# waits on reads, never on a clock.
live_start() {
	mkfifo "$work/live.keys" "$work/live.screen"
	wft "$work/live.keys" "$@" &
	live_pid=$!
	exec 4> "$work/live.keys"
}
live() { cat >&4; }
# live_screen FILE: the visible screen, once the keys sent so far are done.
live_screen() {
	printf ':save-display %s\n' "$work/live.screen" >&4
	cat "$work/live.screen" > "$1"
}
# live_kill [SIGNAL]: the console gets SIGNAL (default KILL: it dies at
# once, as in a crash).
live_kill() {
	for _p in $(pgrep -P "$live_pid"); do kill -"${1:-KILL}" "$_p"; done
	wait "$live_pid" 2> /dev/null
	exec 4>&-
	rm -f "$work/live.keys" "$work/live.screen"
}
live_end() {
	printf ':q\n' >&4
	exec 4>&-
	wait "$live_pid"
	rm -f "$work/live.keys" "$work/live.screen"
}
