/* theme.h: colour themes: the theme file format, the semantic screen elements,
 * colour names and the degradation 256 -> 16 -> 8 -> mono. No curses here.
 *
 * The theme file format (themes/README says the same for users)
 * ---------------------------------------------------------------
 * A theme is a text file NAME.theme, one setting a line:
 *
 *     # a comment: a line whose first non-blank character is '#', or a
 *     # '#' after a blank and followed by a blank or the end of the line
 *     description = Dark background, blue accents
 *     background  = dark            # dark | light: what the terminal's own
 *                                   # background is assumed to be
 *     inherits    = default         # start from another theme (optional)
 *     header       = white color24 bold
 *     selected_row = #ffffff #005f87 bold
 *     stale_token  = yellow default
 *
 * An element line is `ELEMENT = FG BG [ATTR...]`:
 *   - ELEMENT is one of the names of THEME_ELEMENTS below;
 *   - FG and BG are a colour: a name (black red green yellow blue magenta
 *     cyan white, bright variants such as brightred or bright_red, and
 *     grey/gray, orange, purple, pink, brown, navy, teal, olive, maroon,
 *     lime, silver), colorN or colourN with N in 0..255, #rrggbb (mapped to
 *     the nearest colour of the 256-colour palette) or `default`, the
 *     terminal's own colour;
 *   - ATTR is bold, dim, underline, reverse, italic, blink, standout or
 *     none, separated by blanks or commas.
 * Names are case-insensitive. A later line for the same element wins, so
 * lines after `inherits` override the parent. Lines are at most
 * THEME_MAX_LINE bytes, files at most THEME_MAX_FILE bytes.
 *
 * Errors never stop a load: each bad line is reported with its line number
 * in theme->msgs and skipped (a bad attribute alone is dropped), the rest is
 * used. An element no line sets takes the colours of its parent element (see
 * the table) or the terminal's own, with the attributes of the mono scheme,
 * so that the selected row, for one, is always visible.
 *
 * Degradation (theme_resolve): colours of the 256 palette become the
 * nearest (by the xterm palette's RGB values) of 16 or of 8 colours when the
 * terminal has fewer; with fewer than 8 colours the mono scheme is used
 * (terminal colours, bold/underline/reverse). A foreground that would be
 * invisible or nearly so on its background after degradation (same colour,
 * dark blue on black, grey on white) is replaced by the terminal's own
 * foreground, or by black or white. */
#ifndef WFT_THEME_H
#define WFT_THEME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* X(ID, name, parent, mono attributes, what it is drawn on). An element that
 * no line sets takes its parent's colours (NONE: the terminal's own). What
 * sits on a reversed line in mono (tabs in the header) is reversed too. */
#define THEME_ELEMENTS(X) \
	X(HEADER,           "header",           NONE,         THEME_A_REVERSE | THEME_A_BOLD, "top line: program, profile, instance") \
	X(TABS,             "tabs",             HEADER,       THEME_A_REVERSE,    "the tab names in the header") \
	X(TAB_ACTIVE,       "tab_active",       TABS,         THEME_A_REVERSE | THEME_A_BOLD | THEME_A_UNDERLINE, "the current tab") \
	X(READ_ONLY,        "read_only",        HEADER,       THEME_A_REVERSE | THEME_A_BOLD, "the read-only badge") \
	X(SPINNER,          "spinner",          HEADER,       THEME_A_REVERSE | THEME_A_BOLD, "the activity spinner") \
	X(SEARCH_BAR,       "search_bar",       NONE,         0,                  "the search and filter line") \
	X(TABLE_HEADER,     "table_header",     NONE,         THEME_A_BOLD | THEME_A_UNDERLINE, "column titles") \
	X(ROW,              "row",              NONE,         0,                  "a table row") \
	X(SELECTED_ROW,     "selected_row",     ROW,          THEME_A_REVERSE,    "the row under the cursor") \
	X(MARKED_ROW,       "marked_row",       ROW,          THEME_A_BOLD,       "a row marked for a bulk action") \
	X(STALE_TOKEN,      "stale_token",      ROW,          THEME_A_UNDERLINE,  "a token unused for 30 days or more") \
	X(NEVER_USED_TOKEN, "never_used_token", ROW,          THEME_A_DIM,        "a token never used") \
	X(RECENT_TOKEN,     "recent_token",     ROW,          0,                  "a token used in the last 7 days") \
	X(MASKED_ID,        "masked_id",        ROW,          0,                  "a masked token id") \
	X(SEARCH_MATCH,     "search_match",     ROW,          THEME_A_UNDERLINE | THEME_A_BOLD, "text matching the search") \
	X(SIDE_PANEL,       "side_panel",       NONE,         0,                  "the side panel") \
	X(SIDE_PANEL_TITLE, "side_panel_title", SIDE_PANEL,   THEME_A_BOLD,       "a section title in the side panel") \
	X(BORDER,           "border",           NONE,         0,                  "separator lines and frames") \
	X(DIALOG,           "dialog",           NONE,         0,                  "a dialog's body") \
	X(DIALOG_TITLE,     "dialog_title",     DIALOG,       THEME_A_BOLD,       "a dialog's title") \
	X(BUTTON,           "button",           DIALOG,       0,                  "a button") \
	X(BUTTON_FOCUSED,   "button_focused",   BUTTON,       THEME_A_REVERSE,    "the focused button") \
	X(PROMPT,           "prompt",           NONE,         0,                  "the : prompt and text inputs") \
	X(FOOTER,           "footer",           NONE,         THEME_A_REVERSE,    "the bottom line: rows, page, keys") \
	X(KEY_HINT,         "key_hint",         FOOTER,       THEME_A_REVERSE | THEME_A_BOLD, "a key named in the footer") \
	X(STATUS_BAR,       "status_bar",       NONE,         0,                  "the message line") \
	X(ERROR,            "error",            STATUS_BAR,   THEME_A_BOLD | THEME_A_REVERSE, "an error message") \
	X(WARNING,          "warning",          STATUS_BAR,   THEME_A_BOLD,       "a warning") \
	X(INFO,             "info",             STATUS_BAR,   0,                  "an information message")

enum theme_element {
#define THEME_X_ENUM(id, name, parent, mono, what) THEME_##id,
	THEME_ELEMENTS(THEME_X_ENUM)
#undef THEME_X_ENUM
	THEME_N_ELEMENTS
};

enum theme_attr {
	THEME_A_BOLD      = 1u << 0,
	THEME_A_DIM       = 1u << 1,
	THEME_A_UNDERLINE = 1u << 2,
	THEME_A_REVERSE   = 1u << 3,
	THEME_A_ITALIC    = 1u << 4,
	THEME_A_BLINK     = 1u << 5,
	THEME_A_STANDOUT  = 1u << 6,
};

/* Colours are palette indexes 0..255 or one of these. */
#define THEME_COLOR_DEFAULT (-1)  /* the terminal's own */
#define THEME_COLOR_INVALID (-2)  /* only returned by theme_color_parse */

enum theme_background { THEME_BG_DARK = 0, THEME_BG_LIGHT };

#define THEME_NAME_MAX 64       /* a theme name, with its NUL */
#define THEME_MAX_LINE 256      /* a line, with its newline */
#define THEME_MAX_FILE 65536    /* a file */
#define THEME_MAX_MSGS 32       /* error messages kept; further ones counted */
#define THEME_MAX_DEPTH 4       /* `inherits` chains */
#define THEME_MAX_DIRS 4
#define THEME_DIR_MAX 1024

/* A concrete look: colours and THEME_A_* attributes. */
struct theme_style {
	short fg, bg;
	unsigned attrs;
};

struct theme_msg {
	int line;        /* 0 when the message is about the whole file */
	char text[256];  /* "light.theme:12: unknown element \"hedaer\"" */
};

struct theme {
	char name[THEME_NAME_MAX];
	char description[96];
	enum theme_background background;
	bool set[THEME_N_ELEMENTS];          /* which elements a line set */
	struct theme_style el[THEME_N_ELEMENTS];
	struct theme_msg msgs[THEME_MAX_MSGS];
	size_t n_msgs;
	size_t n_lost;                        /* messages beyond THEME_MAX_MSGS */
};

/* Where themes are looked for, first match wins: the user's directory, the
 * build tree (WFT_SRCDIR/themes), the installed ones (WFT_DATADIR/themes). */
struct theme_search {
	char dirs[THEME_MAX_DIRS][THEME_DIR_MAX];
	size_t n;
};

/* Empties t: no element set, dark background, no messages. */
void theme_init(struct theme *t, const char *name);

/* Parses a theme text (not NUL-terminated, may hold any bytes) onto t.
 * source names the text in messages; search (may be NULL) is used for
 * `inherits`. Returns the number of errors found. */
size_t theme_parse(struct theme *t, const char *text, size_t len,
                   const char *source, const struct theme_search *search);

/* Reads and parses a file onto t. Fails (err) only when the file cannot be
 * read; errors inside it go to t->msgs. */
enum wft_status theme_load_file(struct theme *t, const char *path,
                                const struct theme_search *search,
                                struct wft_error *err);

/* Fills the search path. xdg_config_home and home are the values of those
 * variables (either may be NULL or empty). */
void theme_search_init(struct theme_search *s, const char *xdg_config_home,
                       const char *home);

/* Initialises t and loads theme NAME by the search path. When NAME is not a
 * valid name or is not found, loads `default` instead (or, failing that,
 * leaves every element unset: the mono look), says so in err and returns
 * WFT_ERR_INVALID or WFT_ERR_IO. t is usable after either return. */
enum wft_status theme_load_by_name(struct theme *t, const char *name,
                                   const struct theme_search *search,
                                   struct wft_error *err);

/* Writes into path (size n) the file that theme NAME would be loaded from;
 * false when there is none. */
bool theme_find(const struct theme_search *s, const char *name, char *path,
                size_t n);

/* Names of the themes found (each once, sorted), at most max of them. */
size_t theme_list(const struct theme_search *s,
                  char names[][THEME_NAME_MAX], size_t max);

/* True for 1..63 characters of [A-Za-z0-9_.-] not starting with '.'. */
bool theme_name_valid(const char *name);

/* The concrete look of every element on a terminal with ncolors colours
 * (256 or more, 16..255, 8..15, fewer than 8 = mono). */
void theme_resolve(const struct theme *t, int ncolors,
                   struct theme_style out[THEME_N_ELEMENTS]);

/* Replaces THEME_COLOR_DEFAULT in st by a concrete colour (for terminals
 * that cannot show their own colours in a pair), keeping it visible. */
void theme_style_no_default(struct theme_style *st, enum theme_background bg);

const char *theme_element_name(enum theme_element e);
const char *theme_element_what(enum theme_element e);
/* -1 when name is no element. */
int theme_element_find(const char *name);

/* A colour as written in a theme file, or THEME_COLOR_INVALID. */
int theme_color_parse(const char *s);
/* The nearest colour of a terminal with ncolors colours. */
int theme_color_degrade(int color, int ncolors);
/* The xterm RGB value of palette colour c (0..255). */
void theme_color_rgb(int c, uint8_t rgb[3]);
/* The nearest of colours 16..255 (the fixed cube and grey ramp). */
int theme_rgb_to_256(uint8_t r, uint8_t g, uint8_t b);
/* The THEME_A_* flag of an attribute name (0 for "none"), -1 if unknown. */
int theme_attr_parse(const char *s);

#endif
