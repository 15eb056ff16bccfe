/* colors.c: a resolved theme turned into curses colour pairs, one pair per
 * distinct (fg, bg), and into the attribute each element is drawn with. */
#include <stdlib.h>
#include <string.h>
#include <curses.h>

#include "colors.h"

/* Far more than the elements could need; 8-colour terminals have 64. */
#define MAX_PAIRS 64

static struct {
	int depth;             /* 256, 16, 8, or 0 for mono */
	bool default_colors;   /* use_default_colors() worked: -1 is allowed */
	attr_t attr[THEME_N_ELEMENTS];
	short fg[MAX_PAIRS + 1], bg[MAX_PAIRS + 1];
	int n_pairs;
	bool ready;            /* colors_init has run */
} cs;

bool colors_no_color_env(void)
{
	const char *v = getenv("NO_COLOR");
	return v && *v;
}

static attr_t to_curses(unsigned a)
{
	attr_t r = A_NORMAL;

	if (a & THEME_A_BOLD)
		r |= A_BOLD;
	if (a & THEME_A_DIM)
		r |= A_DIM;
	if (a & THEME_A_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & THEME_A_REVERSE)
		r |= A_REVERSE;
	if (a & THEME_A_BLINK)
		r |= A_BLINK;
	if (a & THEME_A_STANDOUT)
		r |= A_STANDOUT;
#ifdef A_ITALIC
	if (a & THEME_A_ITALIC)
		r |= A_ITALIC;
#endif
	return r;
}

/* The pair showing fg on bg: 0 for the terminal's own colours, an existing
 * pair when one matches, else a new one; -1 when none is left. */
static int pair_for(short fg, short bg)
{
	if (fg == -1 && bg == -1)
		return 0;
	for (int p = 1; p <= cs.n_pairs; p++)
		if (cs.fg[p] == fg && cs.bg[p] == bg)
			return p;
	if (cs.n_pairs >= MAX_PAIRS || cs.n_pairs + 1 >= COLOR_PAIRS)
		return -1;
	if (init_pair((short)(cs.n_pairs + 1), fg, bg) == ERR)
		return -1;
	cs.n_pairs++;
	cs.fg[cs.n_pairs] = fg;
	cs.bg[cs.n_pairs] = bg;
	return cs.n_pairs;
}

void colors_apply_theme(const struct theme *t)
{
	struct theme_style out[THEME_N_ELEMENTS], mono[THEME_N_ELEMENTS];

	theme_resolve(t, cs.depth, out);
	theme_resolve(t, 0, mono);
	/* Pairs are numbered afresh: a switch reuses them with new colours. */
	cs.n_pairs = 0;
	for (int e = 0; e < THEME_N_ELEMENTS; e++) {
		struct theme_style st = out[e];
		int pair;

		if (cs.depth == 0) {
			cs.attr[e] = to_curses(st.attrs);
			continue;
		}
		if (!cs.default_colors)
			theme_style_no_default(&st, t->background);
		pair = pair_for(st.fg, st.bg);
		if (pair < 0) /* out of pairs: this element in mono */
			cs.attr[e] = to_curses(mono[e].attrs);
		else
			cs.attr[e] = to_curses(st.attrs) | (attr_t)COLOR_PAIR(pair);
	}
}

int colors_init(const struct theme *t, bool no_color)
{
	memset(&cs, 0, sizeof cs);
	if (!no_color && !colors_no_color_env() && has_colors() &&
	    start_color() != ERR && COLORS >= 8) {
		cs.depth = COLORS >= 256 ? 256 : COLORS >= 16 ? 16 : 8;
		cs.default_colors = use_default_colors() != ERR;
	}
	colors_apply_theme(t);
	cs.ready = true;
	return cs.depth;
}

bool colors_ready(void)
{
	return cs.ready;
}

attr_t colors_attr(enum theme_element e)
{
	return (unsigned)e < THEME_N_ELEMENTS ? cs.attr[e] : A_NORMAL;
}

int colors_depth(void)
{
	return cs.depth;
}

bool colors_mono(void)
{
	return cs.depth == 0;
}
