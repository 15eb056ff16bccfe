#!/bin/sh
# test_theme.sh: themes on the console's own screen (wftokens --demo in
# tmux, read back with capture-pane -e): for each shipped theme under
# TERM=xterm-256color, xterm (8 colours) and vt100 (none), the header, the
# selected row and a stale token carry what the theme gives those elements
# (as tests/e2e/theme_swatch draws them, whose exact colours
# test_theme_swatch.sh checks); `:theme light` switches live and an unknown
# name keeps the current theme; NO_COLOR=1 and --no-color give no colour
# escape at all.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/tmux.sh"
bin="$top_builddir/wftokens"
swatch="$top_builddir/tests/e2e/theme_swatch"
work=$(mktemp -d "${TMPDIR:-/tmp}/wft-theme.XXXXXX") || exit 1
sock="wft-theme-$$"
trap 'tmux_stop; [ -n "$WFT_KEEP" ] || rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/config"
# ncurses keeps a few bytes of some terminal descriptions to the end; the
# script-mode tests keep leak checking on for the console's own memory.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS
tmux_keep || exit 1

# start TERM COMMAND...: a new 80x30 session running the command; name in $s.
start() {
	t=$1; shift
	tmux_new 80 30 \
		"env HOME='$work/home' XDG_CONFIG_HOME='$work/config' TERM='$t' LC_ALL=C.UTF-8 \
		 WFTOKENS_DEMO_TOKENS=120 WFTOKENS_DEMO_SEED=5 $*"
}
# decode OUT: the screen with its escapes into OUT.raw, and into OUT one
# line per screen line: "LINE<TAB>fg<TAB>bg<TAB>attrs<TAB>text" (sgr.awk).
decode() {
	tmux -L "$sock" capture-pane -p -e -t "$s" > "$1.raw"
	awk -f "$top_srcdir/tests/e2e/sgr.awk" "$1.raw" > "$1"
}
# at FILE LINE: "fg bg attrs" of a screen line.
at() { awk -F'\t' -v l="$2" '$1 == l { print $2, $3, $4 }' "$1"; }
# elem FILE NAME: "fg bg attrs" of a swatch line (its text starts with NAME).
elem() { awk -F'\t' -v e="$2" '{ split($5, w, " ") } w[1] == e { print $2, $3, $4 }' "$1"; }
# The first table row whose token was last used 30 days ago or more.
stale_line() {
	awk -F'\t' '$1 > 4 && $1 < 28 && ($5 ~ /([3-9][0-9]|[1-9][0-9][0-9]+)d ago *$/ || $5 ~ /(mo|y) ago *$/) { print $1; exit }' "$1"
}
esc=$(printf '\033')
colour_re="$esc\\[([0-9]+;)*(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9]+)*m"
no_colour_codes() { ! grep -Eq "$colour_re" "$1"; }

# console THEME TERM [ENV...]: the console's first screen, decoded, in $work/c.THEME.TERM
console() {
	th=$1; tt=$2; shift 2
	start "$tt" "$@" "'$bin'" --demo --theme "$th"
	wait_for 'rows 1-25 of 121' > /dev/null
	decode "$work/c.$th.$tt"
	keys q
}
# swatch THEME TERM: the theme's elements drawn by theme_swatch, in $work/w.THEME.TERM
swatch() {
	start "$2" "'$swatch'" "$1"
	wait_for 'END' > /dev/null
	decode "$work/w.$1.$2"
	keys q
}

themes="default light solarized-dark high-contrast mono"
terms="xterm-256color xterm vt100"
plan 31

for th in $themes; do
	for tt in $terms; do
		console "$th" "$tt"
		swatch "$th" "$tt"
		c="$work/c.$th.$tt"; w="$work/w.$th.$tt"
		sl=$(stale_line "$c")
		bad=
		[ -n "$(elem "$w" header)" ] || bad="$bad no-swatch"
		[ "$(at "$c" 1)" = "$(elem "$w" header)" ] || bad="$bad header($(at "$c" 1) vs $(elem "$w" header))"
		[ "$(at "$c" 4)" = "$(elem "$w" selected_row)" ] || bad="$bad selected($(at "$c" 4) vs $(elem "$w" selected_row))"
		[ -n "$sl" ] && [ "$(at "$c" "$sl")" = "$(elem "$w" stale_token)" ] ||
			bad="$bad stale(${sl:-none}: $(at "$c" "${sl:-0}") vs $(elem "$w" stale_token))"
		if [ -z "$bad" ]; then
			ok "$th under TERM=$tt: header, selected row and stale token as the theme says"
		else
			not_ok "$th under TERM=$tt:$bad"
		fi
	done
done

# A few absolutes, so that the comparison above cannot pass on two blanks.
c="$work/c.default.xterm-256color"
check "default at 256: header bold bright white on colour 24" [ "$(at "$c" 1)" = "15 24 b" ]
check "default at 256: selected row bold bright white on colour 25" [ "$(at "$c" 4)" = "15 25 b" ]
check "default at 256: a stale token amber (214)" [ "$(at "$c" "$(stale_line "$c")")" = "214 d " ]
c="$work/c.default.xterm"
check "default on xterm: 8 colours, no 256-colour codes" \
	sh -c '[ "$(awk -F"\t" "\$1 == 1 { print \$2, \$3, \$4 }" "$1")" = "7 6 b" ] && ! grep -q "[34]8;5;" "$1.raw"' sh "$c"
c="$work/c.default.vt100"
check "default on vt100: no colour codes; header and selected row reversed" \
	sh -c '! grep -Eq "$2" "$1.raw" && [ "$(awk -F"\t" "\$1 == 1 { print \$4 }" "$1")" = "br" ] && awk -F"\t" "\$1 == 4 { print \$4 }" "$1" | grep -q r' sh "$c" "$colour_re"
check "default on vt100: the stale token underlined" [ "$(at "$c" "$(stale_line "$c")")" = "d d u" ]

# ---- :theme, live ----------------------------------------------------------------
start xterm-256color "'$bin'" --demo
wait_for 'rows 1-25 of 121' > /dev/null
keys ":theme light" Enter
check ":theme light says so" wait_for 'Theme light\.'
decode "$work/live1"
check ":theme light: the header takes light's colours at once" \
	sh -c '[ "$1" = "$2" ] && [ "$1" != "$3" ]' sh "$(at "$work/live1" 1)" \
	"$(elem "$work/w.light.xterm-256color" header)" "$(elem "$work/w.default.xterm-256color" header)"
check ":theme light: and the selected row" \
	[ "$(at "$work/live1" 4)" = "$(elem "$work/w.light.xterm-256color" selected_row)" ]
keys ":theme no-such-theme" Enter
check ":theme with an unknown name: an error" wait_for 'Unknown theme "no-such-theme"; kept light'
decode "$work/live2"
check "and light stays" [ "$(at "$work/live2" 1)" = "$(at "$work/live1" 1)" ]
keys q

# ---- NO_COLOR and --no-color ------------------------------------------------------------
console default xterm-256color NO_COLOR=1
c="$work/c.default.xterm-256color"
check "NO_COLOR=1: no colour escapes at all" no_colour_codes "$c.raw"
check "NO_COLOR=1: the header reversed and bold, the selected row reversed" \
	sh -c '[ "$(awk -F"\t" "\$1 == 1 { print \$4 }" "$1")" = "br" ] && [ "$(awk -F"\t" "\$1 == 4 { print \$4 }" "$1")" = "r" ]' sh "$c"
check "the same screen in colour has colour escapes (the check sees them)" \
	sh -c 'grep -Eq "$2" "$1"' sh "$work/c.light.xterm-256color.raw" "$colour_re"
start xterm-256color "'$bin'" --demo --no-color --theme light
wait_for 'rows 1-25 of 121' > /dev/null
decode "$work/nc"
keys q
check "--no-color (even with --theme light): no colour escapes at all" no_colour_codes "$work/nc.raw"
check "--no-color: the header reversed and bold" [ "$(at "$work/nc" 1 | cut -d' ' -f3)" = "br" ]
