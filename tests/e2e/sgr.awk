# sgr.awk: decodes a tmux `capture-pane -p -e` screen into one line per
# screen line: "LINE<TAB>fg<TAB>bg<TAB>attrs<TAB>text", the SGR state at the
# line's first non-blank character and the text without its escapes.
# fg/bg: a colour number or d (the terminal's own colour); attrs: b bold,
# u underline, r reverse, d dim. tmux writes only changes, so the state runs
# on across lines. Used by tests/e2e/test_theme.sh and test_theme_swatch.sh:
#     awk -f "$top_srcdir/tests/e2e/sgr.awk" SCREEN.raw > SCREEN
function reset() { fg = "d"; bg = "d"; b = u = r = dm = 0 }
function state() { return fg "\t" bg "\t" (b ? "b" : "") (u ? "u" : "") (r ? "r" : "") (dm ? "d" : "") }
function apply(p,   n, v, i, x) {
	if (p == "") { reset(); return }
	n = split(p, v, ";")
	for (i = 1; i <= n; i++) {
		x = v[i] + 0
		if (x == 0) reset()
		else if (x == 1) b = 1
		else if (x == 2) dm = 1
		else if (x == 4) u = 1
		else if (x == 7) r = 1
		else if (x == 22) b = dm = 0
		else if (x == 24) u = 0
		else if (x == 27) r = 0
		else if (x >= 30 && x <= 37) fg = x - 30
		else if (x == 39) fg = "d"
		else if (x >= 40 && x <= 47) bg = x - 40
		else if (x == 49) bg = "d"
		else if (x >= 90 && x <= 97) fg = x - 82
		else if (x >= 100 && x <= 107) bg = x - 92
		else if (x == 38 && v[i + 1] == 5) { fg = v[i + 2]; i += 2 }
		else if (x == 48 && v[i + 1] == 5) { bg = v[i + 2]; i += 2 }
	}
}
BEGIN { esc = sprintf("%c", 27); reset() }
{
	s = $0; first = ""; text = ""
	while (s != "") {
		if (substr(s, 1, 2) == esc "[") {
			k = index(s, "m")
			if (k == 0) break
			apply(substr(s, 3, k - 3))
			s = substr(s, k + 1)
			continue
		}
		c = substr(s, 1, 1)
		if (first == "" && c != " ") first = state()
		text = text c
		s = substr(s, 2)
	}
	if (first == "") first = state()
	print NR "\t" first "\t" text
}
