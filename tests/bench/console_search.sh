#!/bin/sh
# console_search.sh [TOKENS]: the console's search-bar figure: the
# time from a key press in the search bar to the finished frame, with TOKENS
# tokens (default 100000) in the in-process demo sandbox, measured in script
# mode (WFTOKENS_TIMING) over a typed query with Ctrl-W, Backspace and Ctrl-U.
# Prints the median and the worst of the wall time and of the processor time.
set -eu
bin=${top_builddir:-.}/wftokens
n=${1:-100000}
work=$(mktemp -d "${TMPDIR:-/tmp}/wft-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
printf '%s\n' '/ci-deploy prod<C-w>deploy<Backspace><Backspace>oy account:sa::<C-u>unused:30d ci<C-w><C-w>grafana -name:/test|tmp/<Enter>' > "$work/keys"
LINES=40 COLUMNS=120 WFTOKENS_DEMO_TOKENS=$n WFTOKENS_SCRIPT="$work/keys" \
	WFTOKENS_TIMING="$work/times" "$bin" --demo
awk -v n="$n" '
	$1 == "search" { wall[++k] = $3; cpu[k] = $6 }
	function sort(a, m,   i, j, t) {
		for (i = 2; i <= m; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
	}
	END {
		sort(wall, k); sort(cpu, k)
		printf "search bar, %d tokens, %d keys: wall median %.1f ms, worst %.1f ms; cpu median %.1f ms, worst %.1f ms (target 16 ms)\n",
			n, k, wall[int((k + 1) / 2)], wall[k], cpu[int((k + 1) / 2)], cpu[k]
	}' "$work/times"
