#!/bin/sh
# tui_graph.sh [BUILDDIR [SRCDIR]]: the include and call graph of the
# console's files, one edge "from to" a line. A file is its stem (tui/ui.c
# and tui/ui.h are "ui"). An edge is an #include of another tui/ header, or
# a symbol that one object file uses and another defines (nm on the objects
# of wftokens, so only real links count, not words in comments).
# tests/test_tui_graph.sh checks that the graph has no cycle.
build=${1:-.}
src=${2:-$build}
tmp=${TMPDIR:-/tmp}/tui_graph.$$
trap 'rm -f "$tmp".*' EXIT
# Includes: "stem stem" for each #include "x.h" of an existing tui/x.h.
for f in "$src"/tui/*.c "$src"/tui/*.h; do
	from=$(basename "$f"); from=${from%.*}
	sed -n 's/^#include "\([a-z0-9_]*\)\.h".*/\1/p' "$f" | while read -r to; do
		if [ -f "$src/tui/$to.h" ] && [ "$to" != "$from" ]; then echo "$from $to"; fi
	done
done > "$tmp.inc"

# Links: the symbols each object defines and uses.
for o in "$build"/tui/wftokens-*.o; do
	stem=$(basename "$o" .o); stem=${stem#wftokens-}
	# (an object left over from a file since removed is no part of it)
	[ -f "$src/tui/$stem.c" ] || continue
	nm "$o" | awk -v s="$stem" '$1 == "U" { print "U", s, $2; next }
		NF == 3 && $2 ~ /^[TDBRC]$/ { print "D", s, $3 }'
done > "$tmp.sym"
awk '$1 == "D" { def[$3] = $2; next }
	$1 == "U" { use[NR] = $2 " " $3 }
	END { for (i in use) { split(use[i], u, " "); if (u[2] in def && def[u[2]] != u[1])
		print u[1], def[u[2]] } }' "$tmp.sym" > "$tmp.call"
sort -u "$tmp.inc" "$tmp.call"
