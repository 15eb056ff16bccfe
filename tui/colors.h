/* colors.h: the theme on screen: a curses attribute (colour pair and
 * attributes) for each semantic element, degraded to what the terminal shows. */
#ifndef WFT_COLORS_H
#define WFT_COLORS_H

#include <curses.h>
#include <stdbool.h>

#include "theme.h"

/* Call once after initscr(). Starts colour when the terminal has it, unless
 * no_color (--no-color) or NO_COLOR is set and not empty: then the mono
 * scheme (bold, underline, reverse). Returns the depth in use: 256, 16, 8 or
 * 0 for mono. */
int colors_init(const struct theme *t, bool no_color);

/* Switches to another theme (`:theme NAME`) at the same depth; the caller
 * redraws. */
void colors_apply_theme(const struct theme *t);

/* True once colors_init has run. */
bool colors_ready(void);

/* What to pass to attron()/wattr_set for an element: COLOR_PAIR | A_*. */
attr_t colors_attr(enum theme_element e);

/* 256, 16, 8, or 0 for mono. */
int colors_depth(void);

/* True when colours are off (mono): no colours, --no-color or NO_COLOR. */
bool colors_mono(void);

/* True when the environment asks for no colour (NO_COLOR set, not empty). */
bool colors_no_color_env(void);

#endif
