#!/bin/sh
# test_server_tmux.sh: the server-side mode in a real terminal (tmux),
# against a slow server: Esc cancels a page turn in flight (the page shown
# stays), Ctrl-R asks again, and a search typed while another is on its way
# ends on the text typed last.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/tmux.sh"
sock="wft-server-$$"
trap 'tmux_stop; e2e_cleanup' EXIT
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS
plan 6

sb_start --seed 200
tokens > "$work/tokens"
total=$(wc -l < "$work/tokens")
pages=$(( (total + 24) / 25 ))
tmux_keep
wait_tries=200
faults() { api POST /_sandbox/faults "$1" > /dev/null; }
tmux_new 100 30 \
	"env HOME='$work/home' XDG_CONFIG_HOME='$work/config' TERM=xterm-256color LANG=C.UTF-8 \
	 WAVEFRONT_ENDPOINT='$URL' WAVEFRONT_TOKEN='$ADMIN' '$bin' --server-search 2>'$work/err'; \
	 echo EXIT=\$?; read x"
check "the first page of the server's search" wait_for "rows 1-25 of $total  page 1/$pages"

# ---- Esc cancels a page turn ---------------------------------------------------------
faults '{"latency_ms":3000}'
keys NPage
sleep 0.3
keys Escape
check "Esc: the page turn is cancelled, said in the footer" wait_for "Search cancelled"
check "and the page shown stays" grep -q "rows 1-25 of $total  page 1/$pages" "$work/screen"
faults '{}'
keys C-r
check "Ctrl-R asks again" wait_for "rows 1-25 of $total  page 1/$pages"

# ---- typing while a search is on its way ---------------------------------------------
nci=$(awk -F'\t' 'tolower($2) ~ /ci/ || tolower($3) ~ /ci/' "$work/tokens" | wc -l)
faults '{"latency_ms":400}'
keys /
keys c
sleep 0.1
keys i
check "the search ends on the text typed last (ci: $nci)" \
	wait_for "^ / ci .*server search: $nci tokens"
faults '{}'
keys Enter q
check "the console exits 0" wait_for '^EXIT=0'
