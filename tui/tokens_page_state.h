/* tokens_page_state.h: the API Tokens page's state and the functions its
 * files share, private to the page: tokens_*.c and saved_searches.c (its
 * saved searches) use it, nothing else does. */
#ifndef WFT_TOKENS_PAGE_STATE_H
#define WFT_TOKENS_PAGE_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fingerprint.h"
#include "lineedit.h"
#include "mask.h"
#include "model.h"
#include "revoke_hold.h"
#include "rotation.h"
#include "session.h"
#include "tokens_page.h"
#include "ui.h"
#include "view.h"

/* The page's lines of typed text, each an overlay while it takes the keys
 * (tokens_input.c). */
enum tokens_input {
	INPUT_SEARCH,       /* the search bar */
	INPUT_RENAME,       /* the rename prompt */
	INPUT_PANEL_FILTER, /* the side panel's accounts filter box */
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
	 * ui->tokens_stale asks for the list again, read after session_cancel
	 * when it ran from there. */
	bool cancelling;
	/* the load streaming in (tokens_load.c) */
	struct session_progress progress;  /* how far it has come (ts unset) */
	bool streaming;                /* the rows shown are a copy of what arrived */
	bool partial;                  /* the rows shown are what arrived of a load
	                                * that did not end (cancelled, failed) */
	size_t shown_tokens;           /* tokens of the copy shown */
	int64_t shown_at;              /* when it was made (ms) */
	int64_t copy_ms;               /* and how long that took */
	/* Revokes and renames confirmed while a load ran: its answer may be
	 * older than they are, so they are applied again to what it brings. */
	struct load_change { char *id; char *name; } *load_changes;  /* name NULL: revoked */
	size_t n_load_changes;
	bool first_rows_timed;         /* WFTOKENS_TIMING: the first frame with rows
	                                * and the first full load were written */
	bool load_timed;
	bool reload_quiet;             /* that reload keeps the footer's message
	                                * (why the list is read again) */

	/* the undo window over the targets (revoke_hold.h) */
	struct revoke_hold hold;

	/* guided rotation (tokens_rotate.c): the rotations watched */
	struct rotation *rots;
	size_t n_rots;
	unsigned long rot_serial;      /* the last serial given */
	bool rotations_resumed;        /* those of the journal, at the first whole list */

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

	/* SINCE LAST SESSION (tokens_since.c): this instance's fingerprint
	 * file and the key of its hashes (path NULL: none kept), and what
	 * changed since, once the first whole list arrived and a fingerprint
	 * was found (since_found). since_note: why a fingerprint found is
	 * not compared (one page of the server's search, a list with tokens
	 * left out). */
	char *since_path;
	unsigned char since_key[FINGERPRINT_KEY_SIZE];
	bool since_checked;
	bool since_found;
	const char *since_note;
	struct fingerprint_changes since;

	/* The server-side mode (tokens_remote.c); NULL: never. */
	struct tokens_remote *remote;
};

/* The page's state, its view and the token set shown, from the loop's
 * list of pages. */
static inline struct tokens_page *T(const struct ui *ui)
{
	return ui_page_state(ui, &tokens_page_ops);
}

static inline struct view *V(const struct ui *ui)
{
	return T(ui)->view;
}

static inline const struct tokenset *TS(const struct ui *ui)
{
	return T(ui)->view ? view_tokenset(T(ui)->view) : NULL;
}

/* An entry of the side panel: a title, a saved search, an account type, a
 * usage bracket, the accounts filter box, an account. */
enum pitem_kind { PI_TITLE, PI_SAVED, PI_TYPE, PI_USAGE, PI_SINCE, PI_MINE, PI_FILTER,
                  PI_ACCOUNT, PI_NONE };
/* The titles of the panel's groups (PI_TITLE values). */
enum { PT_SAVED, PT_TYPE, PT_USAGE, PT_ACCOUNTS, PT_SINCE, PT_MINE };
/* The PI_SINCE entries. */
enum { SINCE_CREATED, SINCE_REVOKED, SINCE_FIRST_USED, SINCE_STALE, SINCE_N };
/* The sets of tokens a panel entry picks (facets_set_pick). */
enum { PICK_NONE, PICK_SINCE_CREATED, PICK_SINCE_FIRST_USED, PICK_SINCE_STALE, PICK_MINE };
struct pitem { enum pitem_kind kind; unsigned value; };

struct session_change;
struct session_hooks;

/* ---- tokens_panel.c ---- */
/* The side panel's accounts sorted by name (kept until the set changes). */
uint32_t *tokens_sorted_accounts(struct ui *ui, size_t *n);
/* The panel's fixed entries before the accounts: the saved searches under
 * their title, then ACCOUNT TYPE (2), BY USAGE (3), ACCOUNTS and its box. */
size_t tokens_panel_fixed(const struct ui *ui);
/* Entries of the side panel in all. */
size_t tokens_panel_count(struct ui *ui);
/* Entry k of the side panel (k < panel_count). */
struct pitem tokens_panel_item(struct ui *ui, size_t k);
/* False for titles, which the selection skips. */
bool tokens_panel_selectable(struct pitem p);
/* Moves the panel's selection off a title, towards dir (of n entries). */
void tokens_panel_fix_sel(struct ui *ui, size_t n, int dir);
/* Sets the search bar and the view's query to q; a bad query is said
 * under the bar. */
void tokens_apply_query(struct ui *ui, const char *q);
/* Filters by what was typed in the search bar, if not done yet. */
void tokens_sync_filter(struct ui *ui);
/* The entry that typing in the accounts filter highlights: the account
 * named exactly (ignoring case), else the first whose name starts with the
 * text, else the first that holds it; the box itself when none does. */
size_t tokens_panel_best_match(struct ui *ui);
/* Applies or toggles entry p (a saved search, a facet, an account). */
void tokens_panel_toggle(struct ui *ui, const struct pitem *p);
/* Moves the panel's selection by delta entries, skipping titles. */
void tokens_panel_move(struct ui *ui, int delta);
void tokens_panel_toggle_selected(struct ui *ui);

/* ---- tokens_since.c ---- */
/* The first list loaded: compared with the fingerprint of the last session. */
void tokens_since_loaded(struct ui *ui);
/* Entries of the SINCE LAST SESSION group (its title and 4; its title and
 * a note when a fingerprint is there but the list could not be compared;
 * 0 when no fingerprint was found). */
size_t tokens_since_entries(const struct ui *ui);
/* The note shown instead of the counts ("needs the whole list"), or NULL. */
const char *tokens_since_note(const struct ui *ui);
/* Entry value of the group: its label and count. */
const char *tokens_since_label(const struct ui *ui, unsigned value, size_t *count);
/* The pick (PICK_*) of an entry; PICK_NONE for the revoked tokens. */
unsigned tokens_since_pick(unsigned value);
/* Enter on an entry: a filter toggled, or the list of revoked tokens. */
void tokens_since_toggle(struct ui *ui, unsigned value);
/* Sets the pick (PICK_*) of ids[0..n) as the view's filter (Mine uses it
 * too); the selection stays on its token. */
void tokens_set_pick(struct ui *ui, unsigned pick, char *const *ids, size_t n);
/* Toggles it, the selection on the first match. */
void tokens_toggle_pick(struct ui *ui, unsigned pick, char *const *ids, size_t n);
/* The search bar's name of pick ("since: created"). */
const char *tokens_pick_name(unsigned pick);
void tokens_since_free(struct ui *ui);

/* ---- tokens_mine.c ---- */
/* The instance is onboarded to VMware Cloud services (no own tokens here). */
bool tokens_mine_onboarded(const struct ui *ui);
/* The user's own live tokens; -1 when not known (or onboarded). */
long tokens_mine_count(const struct ui *ui);
/* The Mine filter follows the list: a token generated or revoked since
 * it was set joins or leaves it (once the own-token list is read again). */
void tokens_mine_refresh(struct ui *ui);
/* Enter on Mine: the filter toggled, or where own tokens live said. */
void tokens_mine_toggle(struct ui *ui);
/* g on Mine: generates a token of one's own (POST /api/v2/apitoken),
 * journaled, and hands it over once (newtoken_dialog.c). */
int tokens_mine_generate(struct ui *ui);

/* ---- tokens_marks.c ---- */
/* Marks by place in the token set (m, *, U). */
bool tokens_is_marked(struct ui *ui, tokenset_idx i);
void tokens_set_mark(struct ui *ui, tokenset_idx i, bool on);
void tokens_clear_marks(struct ui *ui);
/* Marks are kept when the search or the filters change (a search can be
 * narrowed to check a selection), so some may be out of view: this counts
 * them, for the footer and the revoke dialog. */
size_t tokens_marks_hidden(struct ui *ui);
/* Of the revoke targets, those not in the current view. */
size_t tokens_targets_hidden(struct ui *ui);

/* ---- tokens_draw.c ---- */
/* Places the panel, the table and its columns for the window's size. */
void tokens_layout(struct ui *ui);
/* Header, search bar, side panel, table and footer. */
void tokens_draw_page(struct ui *ui);
/* Puts the sort menu in front (an overlay). */
void tokens_open_sort_menu(struct ui *ui);

/* ---- tokens_revoke.c ---- */
/* The revoke question (results: the per-token results of a bulk revoke). */
void tokens_draw_confirm(struct ui *ui, bool results);
/* The revoke of t did not happen, or may not have. */
bool tokens_target_failed(const struct revoke_target *t);
void tokens_free_targets(struct ui *ui);
/* d: the selected or marked tokens as targets, and the question. */
int tokens_start_revoke(struct ui *ui);
/* A line of the journal for target t. */
void tokens_jot(struct ui *ui, struct revoke_target *t, const char *action, const char *state,
                const char *detail);
/* A confirmed revoke waits in the undo window. */
bool tokens_held(const struct ui *ui);
/* What the undo window does with the targets it holds. */
extern const struct hold_ops tokens_hold_ops;
/* Seconds left of the undo window, rounded up; 0 when none is running. */
int tokens_hold_seconds_left(const struct ui *ui);
/* True when token i is held in the undo window. */
bool tokens_is_held(struct ui *ui, tokenset_idx i);
/* r: the rename prompt for the selected token; Enter sends it. */
int tokens_start_rename(struct ui *ui);
void tokens_rename_submit(struct ui *ui);
/* The session's answer to a load of the token list (ts handed over). */
void tokens_loaded(struct ui *ui, struct tokenset *ts, const struct wft_error *err);
/* The one place that acts on ui->tokens_stale (a change on the server that
 * this list may not show: unconfirmed here, or made in another page or
 * dialog): reads the list again, unless a load runs already, revokes are
 * still answering, or session_cancel is running the hooks (it would cancel
 * the new load as well). */
void tokens_reload_if_wanted(struct ui *ui);
/* Ctrl-R: reads the token list again (the selection stays on its token). */
int tokens_reload(struct ui *ui);

/* A revoke of token id (a rotation's old token, asked there), held in the
 * undo window like any other; false (said) when it cannot start. */
bool tokens_revoke_token(struct ui *ui, const char *id);

/* ---- tokens_rotate.c ---- */
/* R: rotates the selected service-account token (asks first); on the old
 * token of a rotation, offers its revoke once quiet. */
int tokens_rotate_start(struct ui *ui);
/* :rotate-cancel: ends the rotation of the selected token (or the only one). */
int tokens_rotate_cancel(struct ui *ui);
/* The words of row i when it is the old token of a rotation. */
bool tokens_rotate_row_status(struct ui *ui, tokenset_idx i, char *out, size_t outsz);
/* The revoke of token id settled (done: it is gone): its rotation ends. */
void tokens_rotate_revoked(struct ui *ui, const char *id, bool done, const char *result);
/* The re-reads: ms until tokens_rotate_timer is due (-1: none), and it. */
int64_t tokens_rotate_wake(struct ui *ui, int64_t now);
void tokens_rotate_timer(struct ui *ui, int64_t now);
/* The rotations an earlier session left open, from the journal. */
void tokens_rotate_resume(struct ui *ui);
void tokens_rotate_free(struct ui *ui);

/* ---- tokens_input.c ---- */
/* Puts the line in in front (the search bar's cursor at its end); nothing
 * when it is open already. */
void tokens_input_open(struct ui *ui, enum tokens_input in);
/* True while the line in is on the overlay stack. */
bool tokens_input_is_open(const struct ui *ui, enum tokens_input in);

/* ---- tokens_remote.c ---- */
/* The server-side mode: the view holds one page of the server's search. */
bool tokens_remote_on(const struct ui *ui);
void tokens_remote_free(struct tokens_page *tp);
/* Ctrl-R and the first load: true when the server-side mode took it (the
 * page read again; at the first load, the organisation's size asked). */
bool tokens_remote_reload(struct ui *ui);
/* Before a key or a frame: a changed query, filter, sort or page size asks
 * the server again. */
void tokens_remote_sync(struct ui *ui);
/* Page Down (dir 1) and Page Up (-1): true when the server pages. */
bool tokens_remote_turn(struct ui *ui, int dir);
/* Home and End: the first row of the first page, or the last of the last;
 * true when the server pages. */
bool tokens_remote_jump(struct ui *ui, bool last);
/* After a revoke or a rename: the page is read again. */
void tokens_remote_changed(struct ui *ui);
/* Esc: cancels the search in flight; false when none was. */
bool tokens_remote_cancel(struct ui *ui);
/* The search bar's count ("server search: 1,234 tokens") and the footer's
 * rows and pages; false when the mode is off. */
bool tokens_remote_count(struct ui *ui, char *buf, size_t size);
bool tokens_remote_footer(struct ui *ui, char *buf, size_t size);
/* The terms of the search applied to each page locally, or NULL. */
const char *tokens_remote_local(const struct ui *ui);

/* ---- tokens_load.c ---- */
/* Puts ts on screen (the view takes it), the marks following their tokens
 * by id; false (said) when out of memory. */
bool tokens_take_set(struct ui *ui, struct tokenset *ts);
/* A piece of the load's answer arrived: the progress line, and the first
 * screen (a copy of what arrived) when nothing whole is shown. */
void tokens_load_progress(struct ui *ui, const struct session_progress *p);
/* The load ended whole: ts goes on screen (as tokens_take_set), with the
 * changes confirmed meanwhile. */
bool tokens_load_ended(struct ui *ui, struct tokenset *ts);
/* Token id was revoked (name NULL) or renamed to name, confirmed: when a
 * load is running, the list it brings gets the change again. */
void tokens_load_note_change(struct ui *ui, const char *id, const char *name);
/* Forgets those changes (the load ended, or the page goes). */
void tokens_load_changes_clear(struct ui *ui);
/* The load ended without the whole list (err; cancelled or failed): the
 * rows that arrived (ts, taken) stay on screen, said to be partial, unless
 * a whole list from before is shown. */
void tokens_load_failed(struct ui *ui, struct tokenset *ts, const struct wft_error *err);
/* The progress line (loading, or a partial list) on line y, if any. */
void tokens_draw_progress(struct ui *ui, int y);

/* ---- tokens_complete.c ---- */
/* Completes the word before the cursor of le (only at the end of the
 * line): field names, type: values and account names in the search bar;
 * commands, sort columns, theme names and saved-search names at the :
 * prompt. Several matches extend the word as far as they agree and are
 * listed in the footer. Returns true when the text changed. */
bool tokens_complete_line(struct ui *ui, struct lineedit *le, bool prompt);

#endif
