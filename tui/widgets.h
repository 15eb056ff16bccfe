/* widgets.h: the console's widget kit, drawn with curses on stdscr: text
 * fitted to a width, a box with a title, a menu, a y/n confirmation, a
 * prompt line and the parts of a table (header with the sort indicator,
 * the rows in sight, keeping the selection in sight). Every page and overlay draws with these.
 * The kit knows no page and no theme: the colours come in a struct
 * wg_style, which ui_style() (ui.h) fills from the theme in use. */
#ifndef WFT_WIDGETS_H
#define WFT_WIDGETS_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

#include "lineedit.h"
#include "query.h"

struct wg_style {
	attr_t dialog;          /* a box's inside */
	attr_t border;          /* its frame */
	attr_t title;           /* its title */
	attr_t button;          /* a button */
	attr_t focused;         /* the focused button or menu item */
	attr_t hint;            /* key hints */
};

/* Blanks w columns of row y from x in attr. */
void wg_fill(int y, int x, int w, attr_t attr);
/* s at (y, x) in exactly w columns: padded, or cut with an ellipsis
 * (never inside a character); control and bidirectional characters are
 * shown escaped (textwidth.h). Nothing when w <= 0. */
void wg_text(int y, int x, int w, const char *s, attr_t attr);
/* The same, the bytes inside spans (sorted, not overlapping) drawn with
 * match on top of attr: the matches of a search. */
void wg_text_marked(int y, int x, int w, const char *s, attr_t attr,
                    const struct query_span *spans, size_t nspans, attr_t match);

/* A box of h lines and w columns at (y, x), filled and framed; the title
 * (NULL: none) is shown as " title " on the top line, cut to fit. */
void wg_box(const struct wg_style *st, int y, int x, int h, int w, const char *title);

/* ---- confirmation ---- */
enum wg_answer {
	WG_UNANSWERED,          /* a key that is not an answer: the question stays */
	WG_YES,                 /* y or Y */
	WG_NO,                  /* n, N, Esc, Enter or q: No is the default */
};
/* The answer a key gives to a y/n question. */
enum wg_answer wg_confirm_key(int key);
/* The two buttons of a y/n question on row y from column x: "y VERB"
 * and, focused as the default, "n No (default)". */
void wg_confirm_buttons(const struct wg_style *st, int y, int x, const char *yes);

/* ---- menu ---- */
struct wg_menu {
	int n;                  /* items */
	int sel;                /* the highlighted item */
	const char *hotkeys;    /* NULL, or a key per item that chooses it at once */
};
enum wg_menu_event {
	WG_MENU_STAYS,          /* moved, or a key the menu does not use */
	WG_MENU_CHOSEN,         /* Enter or an item's hotkey: the item is m->sel */
	WG_MENU_CLOSED,         /* Esc or q */
};
/* Up/k and Down/j move (not past either end); Enter or a hotkey chooses. */
enum wg_menu_event wg_menu_key(struct wg_menu *m, int key);
/* The menu's items in a box of w columns centred in a screen of lines x
 * cols, the highlighted one focused; hint (NULL: none) on the line after
 * the items. */
void wg_menu_draw(const struct wg_style *st, const struct wg_menu *m, const char *title,
                  const char *const *items, int w, const char *hint, int lines, int cols);

/* ---- prompt line ---- */
/* A prompt on row y of cols columns: label, then the line being edited,
 * the cursor put where the line's cursor is. The label takes at most half
 * of the row. */
void wg_prompt(int y, int cols, const char *label, const struct lineedit *le, attr_t attr);

/* ---- table ---- */
/* A column's header: its title, with " ^" (ascending) or " v" (descending)
 * when the table is sorted by it. */
void wg_header_text(const char *title, bool sorted, bool desc, char *out, size_t outsz);
/* A table's rows over a list of items: the indexes of the items shown,
 * filtered and sorted, with the selection and the first row in sight. */
struct wg_rows {
	size_t *idx;            /* item of each row */
	size_t n;               /* rows */
	size_t sel, top;
};
/* What the rows are made from: keep (NULL: every item) says whether item
 * i is shown, cmp orders two items (pointers to their indexes, as
 * qsort_r passes them), key names an item so that the selection can
 * follow it when the rows are made again. */
struct wg_rows_model {
	bool (*keep)(size_t i, void *ctx);
	int (*cmp)(const void *a, const void *b, void *ctx);
	const char *(*key)(size_t i, void *ctx);
};
/* The key of the selected row's item, copied into out ("" when there is
 * none); to call before the list of items changes. */
void wg_rows_selected_key(const struct wg_rows *r, const struct wg_rows_model *m, void *ctx,
                          char *out, size_t outsz);
/* Makes the rows again from n items; the selection goes to the row whose
 * item's key is sel_key (NULL, "" or no such row: the first). False when
 * out of memory (the rows stay as they were). */
bool wg_rows_build(struct wg_rows *r, size_t n, const struct wg_rows_model *m, void *ctx,
                   const char *sel_key);
/* The item of row k, or (size_t)-1 past the end. */
size_t wg_rows_item(const struct wg_rows *r, size_t k);
void wg_rows_free(struct wg_rows *r);

/* Keeps row sel in sight in a window of h rows whose first row is *top;
 * sel is first brought inside [0, n) (0 for an empty table). Returns sel. */
size_t wg_table_follow(size_t sel, size_t n, size_t *top, size_t h);

/* A table's columns on the screen: column c's title, where it starts and
 * how wide it is; sorted is the column the rows are sorted by (-1: none),
 * desc its direction. */
struct wg_columns {
	int n;
	const char *const *titles;
	const int *x, *w;
	int sorted;
	bool desc;
};
/* The header on row y: w columns from x filled in attr, each title in its
 * column with the sort indicator of wg_header_text. */
void wg_table_header(int y, int x, int w, const struct wg_columns *c, attr_t attr);
/* Draws a table's rows in sight: keeps row sel of n in sight in h screen
 * rows (wg_table_follow on *top), then calls row(ctx, y, r, r == sel) for
 * each row r in sight, from screen row y down. Returns sel, brought
 * inside [0, n). */
size_t wg_table_rows(int y, size_t h, size_t n, size_t sel, size_t *top,
                     void (*row)(void *ctx, int y, size_t r, bool selected), void *ctx);

#endif
