#!/bin/sh
# console_search.sh [TOKENS]...: the console's search-bar figure: the time
# from a key press in the search bar to the finished frame, with TOKENS
# tokens in the in-process demo sandbox, measured in script mode
# (WFTOKENS_TIMING) over a typed query with Ctrl-W, Backspace and Ctrl-U,
# the list downloaded whatever its size (no server-side mode).
# Prints one row per size: the median and the worst of the wall time and of
# the processor time per key, each the best of RUNS runs (default 3; the
# machine may be shared, and the processor time is the steadier figure).
# Sizes: the arguments, else BENCH_CONSOLE_SIZES (`make bench-console
# BENCH_CONSOLE_SIZES="100000 1000000"`), else 100000. The demo data come
# from a fixed seed, so that runs compare.
set -eu
bin=${top_builddir:-.}/wftokens
sizes=${*:-${BENCH_CONSOLE_SIZES:-100000}}
runs=${RUNS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/wft-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
printf '%s\n' '/ci-deploy prod<C-w>deploy<Backspace><Backspace>oy account:sa::<C-u>unused:30d ci<C-w><C-w>grafana -name:/test|tmp/<Enter>' > "$work/keys"
for n in $sizes; do
	: > "$work/figures"
	r=0
	while [ "$r" -lt "$runs" ]; do
		r=$((r + 1))
		LINES=40 COLUMNS=120 WFTOKENS_DEMO_TOKENS=$n WFTOKENS_DEMO_SEED=7 \
			WFTOKENS_SCRIPT="$work/keys" WFTOKENS_TIMING="$work/times" "$bin" --demo \
			--server-search-threshold 2000000000
		# One line per run: wall median, wall worst, cpu median, cpu worst, keys.
		awk '
			$1 == "search" { wall[++k] = $3; cpu[k] = $6 }
			function sort(a, m,   i, j, t) {
				for (i = 2; i <= m; i++)
					for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
			}
			END {
				sort(wall, k); sort(cpu, k)
				print wall[int((k + 1) / 2)], wall[k], cpu[int((k + 1) / 2)], cpu[k], k
			}' "$work/times" >> "$work/figures"
	done
	awk -v n="$n" -v runs="$runs" '
		function min(a, b) { return NR == 1 || b < a ? b : a }
		{ wm = min(wm, $1); ww = min(ww, $2); cm = min(cm, $3); cw = min(cw, $4); k = $5 }
		END {
			printf "search bar, %d tokens, %d keys, best of %d: wall median %.1f ms, worst %.1f ms; cpu median %.1f ms, worst %.1f ms (target 16 ms, worst 33 ms)\n",
				n, k, runs, wm, ww, cm, cw
		}' "$work/figures"
done
