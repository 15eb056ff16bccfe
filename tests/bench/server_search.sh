#!/bin/sh
# server_search.sh [TOKENS]: the server-side mode's figures. A sandbox
# seeded with TOKENS tokens (default BENCH_SERVER_TOKENS, else 1000000; the
# seed takes a while at a million), the console with --server-search in
# script mode over typed searches, page turns, a sort and End; WFTOKENS_TIMING
# gives, for each page the console asked for, the time from the ask to the
# page on screen ("remote search" for a new search's first page, "remote
# page" for a page turn). Prints the median and the worst of each.
set -eu
top=${top_builddir:-.}
n=${1:-${BENCH_SERVER_TOKENS:-1000000}}
admin=5a4d6d1e-7c3b-4f2a-9e1d-0000000ad001
work=$(mktemp -d "${TMPDIR:-/tmp}/wft-bench.XXXXXX")
sb_pid=
trap '[ -n "$sb_pid" ] && kill "$sb_pid" 2>/dev/null; rm -rf "$work"' EXIT
mkfifo "$work/sb.fifo"
start=$(date +%s)
"$top/wftokens-sandbox" --admin-token "$admin" --random-seed 7 --seed "$n" \
	--db "$work/sb.db" > "$work/sb.fifo" 2> "$work/sb.err" &
sb_pid=$!
exec 3< "$work/sb.fifo"
read -r line <&3
url=${line#listening on }
echo "sandbox seeded with $n tokens in $(( $(date +%s) - start )) s"
mkdir -p "$work/config/wftokens"
printf '[default]\nundo_seconds = 0\n' > "$work/config/wftokens/config"
chmod 600 "$work/config/wftokens/config"
cat > "$work/keys" <<'K'
/deploy<Enter>
<PgDown><PgDown><PgDown><PgDown><PgDown>
/<C-u>name:ci type:service<Enter>
<PgDown><PgDown><PgDown>
sl
<PgDown><PgDown><PgDown>
<End>
<PgUp><PgUp>
/<C-u>unused:30d -type:user<Enter>
<PgDown><PgDown><PgDown>
K
HOME="$work" XDG_CONFIG_HOME="$work/config" TERM=xterm LINES=40 COLUMNS=120 \
	WAVEFRONT_ENDPOINT="$url" WAVEFRONT_TOKEN="$admin" \
	WFTOKENS_SCRIPT="$work/keys" WFTOKENS_TIMING="$work/times" \
	"$top/wftokens" --server-search 2> "$work/wft.err"
# BENCH_VERBOSE=1: every page asked, in order.
[ -n "${BENCH_VERBOSE:-}" ] && grep '^remote' "$work/times"
awk -v n="$n" '
	$1 == "remote" { k = $2; t[k, ++c[k]] = $3 }
	function report(k,   i, j, m, v, a) {
		m = c[k]
		for (i = 1; i <= m; i++) a[i] = t[k, i]
		for (i = 2; i <= m; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) { v = a[j]; a[j] = a[j - 1]; a[j - 1] = v }
		printf "server-side mode, %d tokens: %s, %d asked: median %.1f ms, worst %.1f ms\n",
			n, k == "search" ? "a search (its first page)" : "a page turn", m,
			a[int((m + 1) / 2)], a[m]
	}
	END { report("search"); report("page") }' "$work/times"
