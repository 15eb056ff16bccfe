#!/bin/sh
# test_first_screen.sh: the token list shown while it streams in, in a real
# terminal (tmux), with the sandbox's list slowed down (the stream_delay_ms
# fault): the first rows and the progress line show before the load ends;
# keys work meanwhile; Esc cancels and keeps what arrived, said to be
# partial, and changes still work on it; the load's end completes the sort
# and the counts; a reload keeps the list on screen; a failure midway (the
# stream_cut_rows fault) keeps the rows that arrived and says what happened.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/tmux.sh"
sock="wft-first-$$"
tmux_slow_sandbox_trap
plan 26

sb_start --seed 3000
total=$(tokens | wc -l)
users() { tokens | awk -F '\t' '$4 == "USER_ACCOUNT"' | wc -l; }
slow() { api POST /_sandbox/faults "$1" > /dev/null; }
tmux_keep
console() {
	tmux_new 110 30 \
		"cd '$work' && env HOME='$work/home' XDG_CONFIG_HOME='$work/config' TERM=xterm-256color \
		 LC_ALL=C.UTF-8 WAVEFRONT_ENDPOINT='$URL' WAVEFRONT_TOKEN='$ADMIN' '$bin'; read x"
}
row='\*\*\*\*-\.\.\.-[0-9a-f]\{4\}'
# streaming: the screen, read again, shows rows and the progress line at once.
streaming() { cap > "$work/screen"; grep -q "$row" "$work/screen" &&
	grep -q 'loading [0-9,]* tokens, [0-9.]* [kM]B \[[.#]*\] Esc stops' "$work/screen"; }
loaded_count() { sed -n 2p "$work/screen" | grep -oE '[0-9]+ tokens$' | cut -d' ' -f1; }
sel() { sed -n 29p "$work/screen" | grep -o '\*\*\*\*-\.\.\.-[0-9a-f]*' | head -1; }

# ---- the first rows while the list streams in ---------------------------------------
slow '{"stream_delay_ms":60}'
console
check "the first rows and the progress line show before the load ends" poll streaming
shown=$(loaded_count)
check "the rows shown are a part of the list" test "$shown" -lt "$total"
check "the footer says its totals are of what arrived" \
	grep -q "rows 1-25 of $shown  page 1/[0-9]* (loading)" "$work/screen"
# Keys work during the load: the selection moves, the search bar filters.
before=$(sel)
moved() { cap > "$work/screen"; [ -n "$(sel)" ] && [ "$(sel)" != "$before" ]; }
keys Down Down
check "Down moves the selection during the load" poll moved
keys / s a : : Enter
check "the search bar filters what arrived, during the load" wait_for '^ / sa::  *\[0 filters\]'
check "while the progress line still shows" poll streaming
check "every row shown matches the search" \
	sh -c "! grep '$row' '$work/screen' | grep -v 'last used' | grep -qv 'sa::'"
# Esc cancels the load and keeps what arrived.
keys Escape
check "Esc cancels the load and says the list is partial" \
	wait_for 'Load cancelled: [0-9,]* of ? tokens shown; the list is partial'
check "the separator says so too" grep -q 'partial list: [0-9,]* tokens of ?' "$work/screen"
check "the rows that arrived stay on screen" grep -q "$row" "$work/screen"
check "no progress line any more" sh -c "! grep -q 'loading [0-9,]* tokens' '$work/screen'"
# A change on the partial list works: revoke the selected token.
slow '{}'
tail=$(sel | sed 's/.*-//')
id=$(tokens | cut -f1 | grep "$tail\$" | head -1)
keys d
wait_for 'Revoke' > /dev/null
keys y
check "a revoke works on the partial list" poll sh -c "! (curl -s -H 'Authorization: Bearer $ADMIN' \
	'$URL/api/v2/apitoken/customertokens/$id' | grep -q '\"code\":200')"
check "and the revoked token is gone on the server" test -n "$id"
# Ctrl-R reads the whole list again.
keys C-r
check "Ctrl-R loads the whole list again" wait_for "Reloaded: $((total - 1)) tokens"
check "and the list is not partial any more" sh -c "! grep -q 'partial list' '$work/screen'"
keys q Enter
total=$((total - 1))
users=$(users)

# ---- the load's end completes the sort and the counts --------------------------------------
slow '{"stream_delay_ms":20}'
console
poll streaming > /dev/null
check "at the end of the load the count is the whole list's" wait_for "rows 1-25 of $total "
check "the side panel counts every user token" grep -q "\[ \] User  *${users}x" "$work/screen"
want=$(env HOME="$work/home" XDG_CONFIG_HOME="$work/config" WAVEFRONT_ENDPOINT="$URL" \
	WAVEFRONT_TOKEN="$ADMIN" "$bin" list --format csv --sort name 2>/dev/null | sed -n 2p | cut -d, -f1)
check "the first row is the first of the whole list by name" \
	sh -c "sed -n 4p '$work/screen' | grep -q -- '$want'"
# A reload keeps the whole list on screen until it ends.
keys C-r
check "a reload keeps the list on screen while it streams" poll sh -c "
	tmux -L '$sock' capture-pane -p -t '$s' > '$work/screen'
	grep -q 'loading [0-9,]* tokens' '$work/screen' && grep -q 'rows 1-25 of $total ' '$work/screen'"
keys q Enter

# ---- a revoke during the load stays revoked when the load ends --------------------------
# The load's answer began before the revoke (the sandbox streams one
# snapshot): the list it brings still holds the token.
tokens > "$work/all"
slow '{"stream_delay_ms":40}'
console
poll streaming > /dev/null
tail=$(sel | sed 's/.*-//')
id=$(cut -f1 "$work/all" | grep "$tail\$" | head -1)
keys d
wait_for 'Revoke' > /dev/null
keys y
check "a revoke during the load is confirmed" wait_for "Revoked \*\*\*\*-\.\.\.-$tail"
check "the load ends without the revoked token" wait_for "rows [0-9]*-[0-9]* of $((total - 1)) "
check "and the server has it revoked" sh -c "! (curl -s -H 'Authorization: Bearer $ADMIN' \
	'$URL/api/v2/apitoken/customertokens/$id' | grep -q '\"code\":200')"
keys q Enter
total=$((total - 1))

# ---- a failure midway keeps the rows that arrived ---------------------------------------
slow '{"stream_delay_ms":20,"stream_cut_rows":700}'
console
check "a list cut midway keeps what arrived and says what happened" \
	wait_for 'The load failed (the connection .* dropped .*): 700 of ? tokens'
check "the rows that arrived stay on screen" sh -c "grep -q '$row' '$work/screen' &&
	grep -q 'rows 1-25 of 700 ' '$work/screen'"
keys q Enter
slow '{}'

# ---- a selection the user left on the first row stays on the first row -------------------
# A token made last arrives last, and is the newest: sorted by generation
# date (newest first), the first copy shown cannot hold it; when the whole
# list arrives it is the first row, and the selection left on the first
# row is on it.
api POST /api/v2/account/serviceaccount '{"identifier":"sa::first-screen","active":true}' > /dev/null
new=$(api POST /api/v2/apitoken/serviceaccount/sa::first-screen '{"tokenName":"newest"}' |
	jq -r '[.response[] | select(.tokenName == "newest")] | last | .tokenID // empty')
want=$(env HOME="$work/home" XDG_CONFIG_HOME="$work/config" WAVEFRONT_ENDPOINT="$URL" \
	WAVEFRONT_TOKEN="$ADMIN" "$bin" list --format csv --sort generated 2>/dev/null | sed -n 2p | cut -d, -f1)
check "the token made last is the newest (so it arrives last)" \
	test -n "$new" -a "$want" = "****-...-$(printf %s "$new" | tail -c 4)"
slow '{"stream_delay_ms":20}'
tmux_new 110 30 \
	"cd '$work' && env HOME='$work/home' XDG_CONFIG_HOME='$work/config' TERM=xterm-256color \
	 LC_ALL=C.UTF-8 WAVEFRONT_ENDPOINT='$URL' WAVEFRONT_TOKEN='$ADMIN' '$bin' --sort generated; read x"
poll streaming > /dev/null
wait_for "rows 1-25 of $((total + 1)) " > /dev/null
check "untouched during the load, the selection is on the whole list's first row" test "$(sel)" = "$want"
keys q Enter
slow '{}'
