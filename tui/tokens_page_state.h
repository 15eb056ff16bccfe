/* tokens_page_state.h: the API Tokens page's state, private to the page:
 * tokens_page.c and saved_searches.c (its saved searches) use it, nothing
 * else does. */
#ifndef WFT_TOKENS_PAGE_STATE_H
#define WFT_TOKENS_PAGE_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lineedit.h"
#include "mask.h"
#include "model.h"
#include "view.h"

/* The page's own text entries, which take the keys before the table (its
 * questions, menus and the saved searches' prompts are overlays). */
enum tokens_mode {
	MODE_NORMAL,
	MODE_SEARCH,      /* typing in the search bar */
	MODE_RENAME,      /* the rename prompt */
	MODE_PANEL_FILTER,/* typing in the accounts filter box */
};

enum tokens_focus { FOCUS_TABLE, FOCUS_PANEL };

/* How a token of a revoke or rename stands. */
enum target_state {
	TARGET_WAITING,       /* not answered yet */
	TARGET_DONE,          /* revoked (or renamed) */
	TARGET_FAILED,        /* refused, or read back still there */
	TARGET_UNCONFIRMED,   /* not confirmed either way */
};

/* One token of a revoke or rename, as the dialogs show it. */
struct revoke_target {
	char *id;            /* the secret: wiped when freed */
	char masked[WFT_MASK_SIZE];
	char *name;
	char *account;
	enum wft_account_type type;
	wft_millis last_used;
	enum target_state state;
	char result[512];
	unsigned long change;/* its change in the journal; 0 before the first line */
};

struct tokens_page {
	struct view *view;
	enum tokens_mode mode;
	enum tokens_focus focus;
	bool page_size_set;            /* :page-size given; else fitted */
	size_t scroll;                 /* first page row shown when the page is taller than the window */
	unsigned char *marks;          /* by tokenset place */
	size_t n_marks_cap;
	size_t n_marked;

	struct lineedit search;        /* the search bar (history of queries) */
	char search_error[512];
	bool search_dirty;             /* typed but not yet filtered (page_sync) */
	struct lineedit edit;          /* rename */
	struct lineedit panel_filter;  /* the accounts box */
	int panel_sel;                 /* selected side-panel entry */
	int panel_scroll;
	int sort_sel;

	struct saved_searches *saved;  /* saved_searches.c's state; NULL before saved_start */
	/* the panel's saved searches, by name (saved_searches.c holds them),
	 * and the one applied, until the search or the filters change */
	char **saved_names;
	size_t n_saved;
	char saved_applied[256];

	/* revoke and rename */
	struct revoke_target *targets;
	size_t n_targets;
	size_t targets_pending;
	bool targets_bulk;

	/* the token list */
	int loading;                   /* loads of it in flight (Ctrl-R waits for them) */
	bool loaded;
	/* A change ended unconfirmed (cancelled, cut off, an unreadable answer):
	 * the list is read again, after session_cancel when it ran from there. */
	bool cancelling;
	bool reload_wanted;
	bool reload_quiet;             /* that reload keeps the footer's message
	                                * (why the list is read again) */

	/* the undo window */
	int undo_ms;                   /* undo_seconds of the profile, in ms; 0 = off */
	int64_t hold_until;            /* monotonic ms when the held revoke is sent; 0: none */
	int64_t hold_left;             /* ms left when the quit question paused it */

	/* layout, computed by page_layout */
	int panel_w, table_x, table_y, table_h;
	int col_x[VIEW_N_COLUMNS + 1], col_w[VIEW_N_COLUMNS];

	/* The side panel's accounts sorted by name, and those its filter
	 * keeps (for the filter in accounts_filter): made again after a new
	 * token list arrives (page_loaded clears the flags) or the filter
	 * changes. */
	uint32_t *accounts_sorted;
	size_t n_accounts_sorted;
	uint64_t accounts_gen;         /* the token set's generation they were made for */
	bool accounts_sorted_ok;
	uint32_t *accounts_shown;
	size_t n_accounts_shown;
	char accounts_filter[LINEEDIT_MAX + 1];
	bool accounts_shown_ok;
};

#endif
