#!/bin/sh
# test_theme_swatch.sh: every shipped theme drawn through tui/colors.c in a
# real terminal (tmux), under TERM=xterm-256color, xterm (8 colours) and
# vt100 (none), read back with capture-pane -e: the escape sequences carry
# the expected colours and attributes, and NO_COLOR / --no-color carry no
# colour at all. The wftokens screen itself is tested elsewhere once it draws.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/tmux.sh"

swatch="$top_builddir/tests/e2e/theme_swatch"
work=$(mktemp -d "${TMPDIR:-/tmp}/test_theme_swatch.XXXXXX") || exit 1
sock="wft-swatch-$$"
trap 'tmux_stop; rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/config"
tmux_keep || exit 1

# run NAME TERM [NO_COLOR] [ARG]: draws theme NAME, leaves the decoded
# screen in $work/NAME.TERM: one line per element, "name fg bg attrs".
run() {
	out="$work/$1.$2${4:+.nc}${3:+.env}"
	tmux_new 60 40 \
		"env HOME='$work/home' XDG_CONFIG_HOME='$work/config' TERM='$2' \
		 ${3:+NO_COLOR=$3} '$swatch' '$1' $4" || return 1
	poll drawn "$out.raw"
	keys q 2>/dev/null
	# sgr.awk follows the SGR state across the capture (tmux only writes
	# changes); keep the first word of each line that starts with one.
	awk -f "$top_srcdir/tests/e2e/sgr.awk" "$out.raw" |
		awk -F'\t' '$5 !~ /^ / && split($5, w, " ") > 0 { print w[1], $2, $3, $4 }' > "$out"
}

# drawn RAW: the screen with its escapes, read again into RAW, is complete.
drawn() { tmux -L "$sock" capture-pane -p -e -t "$s" > "$1" 2>/dev/null; grep -q 'END' "$1"; }
# get FILE ELEMENT: "fg bg attrs" of an element
get() { awk -v e="$2" '$1 == e { print $2, $3, $4 }' "$1"; }
attrs_of() { awk -v e="$2" '$1 == e { print $4 }' "$1"; }
# A colour set: 30-37, 40-47, 90-97, 100-107, 38;..., 48;... (tmux itself
# writes 39 and 49, "the terminal's own colour", which are no colour).
esc=$(printf '\033')
colour_re="$esc\\[([0-9]+;)*(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9]+)*m"
no_colour_codes() { ! grep -Eq "$colour_re" "$1"; }
no_256_codes() { ! grep -q '[34]8;5;' "$1"; }
drawn_at() { grep -q "depth $2 END" "$1"; }
differs() { [ "$(get "$1" "$2")" != "$(get "$1" "$3")" ]; }
reversed() { attrs_of "$1" "$2" | grep -q r; }

themes="default light solarized-dark high-contrast mono"
plan 39

for t in $themes; do
	run "$t" xterm-256color
	f="$work/$t.xterm-256color"
	check "$t at 256: drawn with 256 colours" drawn_at "$f.raw" 256
	check "$t at 256: selected row, marked row, stale token unlike a row" \
		eval 'differs "$f" selected_row row && differs "$f" marked_row row && differs "$f" stale_token row'
	run "$t" xterm
	f="$work/$t.xterm"
	check "$t on xterm: 8 colours, no 256-colour codes" \
		eval 'drawn_at "$f.raw" 8 && no_256_codes "$f.raw" && differs "$f" selected_row row && differs "$f" header row'
	run "$t" vt100
	f="$work/$t.vt100"
	check "$t on vt100: no colour codes at all" \
		eval 'drawn_at "$f.raw" 0 && no_colour_codes "$f.raw"'
	check "$t on vt100: header, tabs and selected row reversed" \
		eval 'reversed "$f" header && reversed "$f" tabs && reversed "$f" selected_row && ! reversed "$f" row'
done

# The default theme, exactly.
f="$work/default.xterm-256color"
check "default at 256: header is bold bright white on colour 24" [ "$(get "$f" header)" = "15 24 b" ]
check "default at 256: selected row bold bright white on colour 25" [ "$(get "$f" selected_row)" = "15 25 b" ]
check "default at 256: stale token amber (214) on the terminal's own" [ "$(get "$f" stale_token)" = "214 d " ]
f="$work/default.xterm"
check "default on xterm: header bg colour 24 became cyan" [ "$(get "$f" header)" = "7 6 b" ]
check "default on xterm: selected row white on blue" [ "$(get "$f" selected_row)" = "7 4 b" ]
check "default on xterm: stale token yellow" [ "$(get "$f" stale_token)" = "3 d " ]
f="$work/default.vt100"
check "default on vt100: stale token underlined" [ "$(get "$f" stale_token)" = "d d u" ]
check "default on vt100: row plain" [ "$(get "$f" row)" = "d d " ]

# NO_COLOR and --no-color
run default xterm-256color 1
f="$work/default.xterm-256color.env"
check "NO_COLOR=1: drawn in mono" drawn_at "$f.raw" 0
check "NO_COLOR=1: no colour escapes at all" no_colour_codes "$f.raw"
check "NO_COLOR=1: selected row reversed" [ "$(get "$f" selected_row)" = "d d br" ]
run default xterm-256color "" --no-color
f="$work/default.xterm-256color.nc"
check "--no-color: no colour escapes at all" eval 'drawn_at "$f.raw" 0 && no_colour_codes "$f.raw"'
check "--no-color: header reversed and bold" [ "$(get "$f" header)" = "d d br" ]
# the check itself: it does see colour where there is some
check "the colour check finds colours at 256" eval '! no_colour_codes "$work/default.xterm-256color.raw"'
