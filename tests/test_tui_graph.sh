#!/bin/sh
# test_tui_graph.sh: the console's files call and include downwards only.
# The graph comes from tests/tui_graph.sh (includes, and the symbols the
# objects of wftokens link to each other). Two modules, whose parts share
# one private state, still call each other inside and count as one node:
#   ui: ui.c, ui_*.c, request.c and revoke_hold.c (the loop, the requests
#       it tracks and the undo windows it times, in struct ui);
#   tokens: tokens_*.c and saved_*.c (the tokens page, and its saved
#       searches, which live in its state: tokens_page_state.h);
#   csp: csp_*.c (the VMware Cloud tab, whose parts share csp_page_state.h).
# Every other file is a node of its own (the subcommands cli_*.c, the
# service-account dialog's account_dialog*.c ...). There is no cycle, and
# nothing calls back into main.c.
. "$top_srcdir/tests/lib.sh"
need nm binutils
need tsort coreutils
plan 4
graph=$(sh "$top_srcdir/tests/tui_graph.sh" "$top_builddir" "$top_srcdir") || exit 1
n=$(echo "$graph" | grep -c .)
main_conn=$(echo "$graph" | grep -cx 'main conn')
check "the graph has the console's edges ($n; main -> conn among them)" \
	test "$n" -gt 100 -a "$main_conn" = 1

into_main=$(echo "$graph" | awk '$2 == "main" { print $1 }' | tr '\n' ' ')
check "no tui/ file includes or calls main.c${into_main:+: }$into_main" test -z "$into_main"

modules=$(echo "$graph" | awk '
	function module(f) {
		if (f ~ /^ui_/ || f == "request" || f == "revoke_hold") return "ui"
		if (f ~ /^csp_/) return "csp"
		if (f ~ /^(tokens|saved)_/) return "tokens"
		return f
	}
	{ a = module($1); b = module($2); if (a != b) print a, b }' | sort -u)
loops=$(echo "$modules" | tsort 2>&1 >/dev/null | grep -v 'input contains a loop' |
	sed 's/^tsort: //' | tr '\n' ' ')
check "no cycle among the console's files and modules${loops:+; in a loop: }$loops" test -z "$loops"

# The check above catches a cycle: one call back from the widget kit to the
# loop would close one.
fake=$(printf '%s\nwidgets ui\n' "$modules" | tsort 2>&1 >/dev/null | grep -c 'loop')
check "a call back from widgets.c to ui.c would be a cycle" test "$fake" -gt 0
