/* theme_swatch.c: draws one line per theme element with tui/colors.c, for
 * test_theme_swatch.sh to read back through tmux. Usage:
 * theme_swatch THEME [--no-color]; any key quits. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curses.h>

#include "colors.h"

int main(int argc, char **argv)
{
	struct theme t;
	struct theme_search s;
	struct wft_error err;
	int depth;

	if (argc < 2)
		return 2;
	setlocale(LC_ALL, "");
	theme_search_init(&s, getenv("XDG_CONFIG_HOME"), getenv("HOME"));
	if (theme_load_by_name(&t, argv[1], &s, &err) != WFT_OK)
		fprintf(stderr, "%s\n", err.message);
	initscr();
	noecho();
	cbreak();
	depth = colors_init(&t, argc > 2 && strcmp(argv[2], "--no-color") == 0);
	for (int e = 0; e < THEME_N_ELEMENTS && e < LINES - 1; e++) {
		attrset(colors_attr(e));
		mvprintw(e, 0, "%-20s", theme_element_name(e));
		attrset(A_NORMAL);
	}
	mvprintw(LINES - 1, 0, "depth %d END", depth);
	refresh();
	getch();
	endwin();
	return 0;
}
