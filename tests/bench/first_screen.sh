#!/bin/sh
# first_screen.sh [TOKENS]...: the console's first screen: the time from
# its start to the first frame with rows, and to the end of the load, with
# the sandbox (a separate process on loopback) seeded with TOKENS tokens.
# The console runs in script mode (WFTOKENS_TIMING writes "first-rows MS"
# and "loaded MS"); its script only quits, once the load has ended.
# Prints one row per size, each figure the best of RUNS runs (default 3).
# Sizes: the arguments, else BENCH_FIRST_SIZES (`make bench-first-screen
# BENCH_FIRST_SIZES="100000 1000000"`), else 100000 and 1000000.
set -eu
bin=${top_builddir:-.}/wftokens
sbbin=${top_builddir:-.}/wftokens-sandbox
sizes=${*:-${BENCH_FIRST_SIZES:-100000 1000000}}
runs=${RUNS:-3}
admin=5a4d6d1e-7c3b-4f2a-9e1d-0000000ad001
work=$(mktemp -d "${TMPDIR:-/tmp}/wft-bench.XXXXXX")
sb=
trap '[ -n "$sb" ] && kill "$sb" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/config"
printf ':q\n' > "$work/keys"
for n in $sizes; do
	mkfifo "$work/sb.fifo"
	t0=$(date +%s)
	"$sbbin" --admin-token "$admin" --random-seed 7 --seed "$n" > "$work/sb.fifo" 2> "$work/sb.err" &
	sb=$!
	read -r line < "$work/sb.fifo"
	url=${line#listening on }
	echo "# sandbox seeded with $n tokens in $(( $(date +%s) - t0 )) s" >&2
	: > "$work/figures"
	r=0
	while [ "$r" -lt "$runs" ]; do
		r=$((r + 1))
		env HOME="$work/home" XDG_CONFIG_HOME="$work/config" TERM=xterm LINES=40 COLUMNS=120 \
			WAVEFRONT_ENDPOINT="$url" WAVEFRONT_TOKEN="$admin" \
			WFTOKENS_SCRIPT="$work/keys" WFTOKENS_TIMING="$work/times" "$bin" \
			--server-search-threshold 2000000000 2> "$work/wft.err"
		awk '$1 == "first-rows" { f = $2 } $1 == "loaded" { l = $2; k = $3 }
		     END { print f, l, k }' "$work/times" >> "$work/figures"
	done
	kill "$sb" 2>/dev/null || true
	wait "$sb" 2>/dev/null || true
	sb=
	rm -f "$work/sb.fifo"
	awk -v n="$n" -v runs="$runs" '
		function min(a, b) { return NR == 1 || b < a ? b : a }
		{ f = min(f, $1); l = min(l, $2); k = $3 }
		END {
			printf "first screen, %d tokens (%d listed), best of %d: first rows %.0f ms, full load %.0f ms (target: first rows under 150 ms at 100k)\n",
				n, k, runs, f, l
		}' "$work/figures"
done
