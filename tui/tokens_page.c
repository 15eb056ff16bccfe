/* tokens_page.c: the API Tokens page (tokens_page.h): its interface to the
 * loop, its actions, : commands and mouse, and its marks. The side panel
 * is tokens_panel.c, the drawing tokens_draw.c, revoke, rename, the undo
 * window and the session's answers tokens_revoke.c, Tab completion
 * tokens_complete.c, the search bar, rename prompt and accounts filter
 * box (overlays) tokens_input.c; they share tokens_page_state.h. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curses.h>

#include "accounts.h"
#include "api.h"
#include "help.h"
#include "journal.h"
#include "keys.h"
#include "mask.h"
#include "query.h"
#include "request.h"
#include "saved_searches.h"
#include "session.h"
#include "textwidth.h"
#include "timefmt.h"
#include "tokenset.h"
#include "tokens_page.h"
#include "tokens_page_state.h"
#include "ui.h"
#include "view.h"
#include "viewexport.h"

static int page_action(struct ui *ui, enum action a);

static bool row_has_match(struct ui *ui, size_t r)
{
	const struct query *q = view_query(V(ui));
	tokenset_idx i = view_row(V(ui), r);
	struct query_span sp[1];

	return query_spans(q, QF_NAME, tokenset_name(TS(ui), i), sp, 1) > 0 ||
	       query_spans(q, QF_ACCOUNT, tokenset_account(TS(ui), i), sp, 1) > 0;
}

static void find_match(struct ui *ui, int dir)
{
	size_t n = view_rows(V(ui)), sel = view_selected(V(ui));
	const struct query *q = view_query(V(ui));

	if (!n || sel == VIEW_NO_ROW || !q || query_is_empty(q)) {
		ui_toast(ui, TOAST_INFO, "No search: press / to search.");
		return;
	}
	for (size_t k = 1; k < n; k++) {
		size_t r = dir > 0 ? (sel + k) % n : (sel + n - k) % n;
		if (row_has_match(ui, r)) {
			view_select(V(ui), r);
			return;
		}
	}
	ui_toast(ui, TOAST_INFO, "No other row matches the search.");
}

/* Enter or g on the table: the selected token's service account in its
 * dialog (accounts.h); a user account or no selection is said. */
static void open_account(struct ui *ui, bool generate)
{
	tokenset_idx i;
	const struct tokenset *ts;

	if (!T(ui)->view || !T(ui)->loaded || (i = view_selected_token(T(ui)->view)) == TOKENSET_NONE) {
		ui_toast(ui, TOAST_INFO, "No token selected.");
		return;
	}
	ts = view_tokenset(T(ui)->view);
	if (!wft_account_type_is_service(tokenset_account_type(ts, i))) {
		ui_toast(ui, TOAST_INFO, "%s is a user account: only service accounts open here "
		         "(2 lists them).", tokenset_account(ts, i));
		return;
	}
	dialog_open(ui, tokenset_account(ts, i), generate);
}

/* The actions that need no token list; -1 when a is not one of them. */
static int action_any(struct ui *ui, enum action a)
{
	switch (a) {
	case ACT_OPEN_ACCOUNT:
	case ACT_GENERATE:
		/* Enter and g on a service account's token: its dialog. Enter
		 * in the side panel is the panel's. */
		if (T(ui)->focus == FOCUS_PANEL && a == ACT_OPEN_ACCOUNT)
			break;
		open_account(ui, a == ACT_GENERATE);
		return UI_HANDLED;
	case ACT_EXPORT:
		ui_prompt_open(ui, "export ");
		return UI_HANDLED;
	case ACT_GENERATE_MINE:
		/* g on Mine: a token of one's own; elsewhere in the panel, as g
		 * on the table. */
		if (T(ui)->focus == FOCUS_PANEL && T(ui)->panel_sel >= 0 &&
		    tokens_panel_item(ui, (size_t)T(ui)->panel_sel).kind == PI_MINE)
			return tokens_mine_generate(ui);
		open_account(ui, true);
		return UI_HANDLED;
	case ACT_ROTATE_CANCEL:
		return tokens_rotate_cancel(ui);
	case ACT_HELP:
		help_open(ui, ACTF_TOKENS);
		return UI_HANDLED;
	case ACT_QUIT:
		if (T(ui)->focus == FOCUS_PANEL) {
			T(ui)->focus = FOCUS_TABLE;
			return UI_HANDLED;
		}
		return UI_QUIT;
	case ACT_CANCEL:
		/* A search of the server-side mode: its answer says so. */
		if (tokens_remote_cancel(ui))
			return UI_HANDLED;
		if (request_pending(ui, REQ_TOKENS)) {
			/* The hooks that run now may say more ("Loading cancelled"). */
			ui_toast(ui, TOAST_WARNING, "Cancelled.");
			T(ui)->cancelling = true;
			request_cancel_all(ui, REQ_TOKENS);
			T(ui)->cancelling = false;
			tokens_reload_if_wanted(ui);
		} else if (T(ui)->n_marked) {
			tokens_clear_marks(ui);
			ui_toast(ui, TOAST_INFO, "Marks cleared.");
		}
		return UI_HANDLED;
	case ACT_FOCUS_NEXT:
	case ACT_FOCUS_PREV:
		T(ui)->focus = T(ui)->focus == FOCUS_PANEL ? FOCUS_TABLE : FOCUS_PANEL;
		return UI_HANDLED;
	case ACT_RELOAD:
		return tokens_reload(ui);
	case ACT_SEARCH:
		tokens_input_open(ui, INPUT_SEARCH);
		return UI_HANDLED;
	default:
		return -1;
	}
	return -1;   /* Enter in the side panel: the panel's (ACT_TOGGLE) */
}

/* Page Down (dir 1) and Page Up (-1) in the view. */
static void turn_page(struct ui *ui, int dir)
{
	struct view_page pg;

	view_page(V(ui), &pg);
	if (dir > 0 && pg.index + 1 < pg.pages)
		view_goto_page(V(ui), pg.index + 1);
	else if (dir < 0 && pg.index > 0)
		view_goto_page(V(ui), pg.index - 1);
}

/* Moving in the table or the side panel; false when a is not a move. */
static bool action_move(struct ui *ui, enum action a)
{
	bool panel = T(ui)->focus == FOCUS_PANEL;

	switch (a) {
	case ACT_MOVE_UP:
	case ACT_MOVE_DOWN:
		if (panel)
			tokens_panel_move(ui, a == ACT_MOVE_UP ? -1 : 1);
		else
			view_move(V(ui), a == ACT_MOVE_UP ? -1 : 1);
		break;
	case ACT_PAGE_DOWN:
	case ACT_PAGE_UP:
		/* The server-side mode's pages are the server's. */
		if (!tokens_remote_turn(ui, a == ACT_PAGE_DOWN ? 1 : -1))
			turn_page(ui, a == ACT_PAGE_DOWN ? 1 : -1);
		T(ui)->scroll = 0;
		break;
	case ACT_FIRST_ROW:
		if (panel)
			tokens_panel_move(ui, -100000);
		else if (!tokens_remote_jump(ui, false))
			view_select(V(ui), 0);
		break;
	case ACT_LAST_ROW:
		if (panel)
			tokens_panel_move(ui, 100000);
		else if (!tokens_remote_jump(ui, true) && view_rows(V(ui)))
			view_select(V(ui), view_rows(V(ui)) - 1);
		break;
	case ACT_NEXT_MATCH:
	case ACT_PREV_MATCH:
		find_match(ui, a == ACT_NEXT_MATCH ? 1 : -1);
		break;
	default:
		return false;
	}
	return true;
}

/* The actions on the view: sort, clear, marks, the panel's entries,
 * revoke and rename. */
static int action_view(struct ui *ui, enum action a)
{
	switch (a) {
	case ACT_SORT_MENU:
		T(ui)->sort_sel = (int)view_sort_column(V(ui));
		tokens_open_sort_menu(ui);
		break;
	case ACT_SORT_REVERSE:
		view_set_sort(V(ui), view_sort_column(V(ui)), !view_sort_descending(V(ui)));
		break;
	case ACT_CLEAR:
		view_clear_filters(V(ui));
		lineedit_clear(&T(ui)->search);
		lineedit_clear(&T(ui)->panel_filter);
		T(ui)->search_error[0] = '\0';
		view_select(V(ui), 0);
		T(ui)->saved_applied[0] = '\0';
		ui_toast(ui, TOAST_INFO, "Search and filters cleared.");
		break;
	case ACT_CLEAR_MARKS:
		if (T(ui)->n_marked) {
			tokens_clear_marks(ui);
			ui_toast(ui, TOAST_INFO, "Marks cleared.");
		} else {
			ui_toast(ui, TOAST_INFO, "No token is marked.");
		}
		break;
	case ACT_TOGGLE:
		tokens_panel_toggle_selected(ui);
		break;
	case ACT_PANEL_FILTER:
		/* The box is the last fixed entry, just above the accounts. */
		T(ui)->focus = FOCUS_PANEL;
		T(ui)->panel_sel = (int)tokens_panel_fixed(ui) - 1;
		tokens_input_open(ui, INPUT_PANEL_FILTER);
		break;
	case ACT_ROTATE:
		return tokens_rotate_start(ui);
	case ACT_REVOKE:
		return tokens_start_revoke(ui);
	case ACT_RENAME:
		return tokens_start_rename(ui);
	case ACT_MARK: {
		tokenset_idx i = view_selected_token(V(ui));
		if (i != TOKENSET_NONE) {
			tokens_set_mark(ui, i, !tokens_is_marked(ui, i));
			view_move(V(ui), 1);
		}
		break;
	}
	case ACT_MARK_MATCHING:
		for (size_t r = 0; r < view_rows(V(ui)); r++)
			tokens_set_mark(ui, view_row(V(ui), r), true);
		ui_toast(ui, TOAST_INFO, "%zu token%s marked.", T(ui)->n_marked,
		         T(ui)->n_marked == 1 ? "" : "s");
		break;
	default:
		break;
	}
	return UI_HANDLED;
}

static int page_action(struct ui *ui, enum action a)
{
	int r = saved_action(T(ui)->saved, ui, a);

	if (r)
		return r;
	if ((r = action_any(ui, a)) >= 0)
		return r;
	if (!V(ui) || action_move(ui, a))
		return UI_HANDLED;
	return action_view(ui, a);
}

static int page_mouse(struct ui *ui, int y, int x, unsigned long b)
{
	struct view_page pg;

	if (!V(ui))
		return UI_HANDLED;
	if (b & BUTTON4_PRESSED) {
		view_move(V(ui), -3);
		return UI_HANDLED;
	}
	if (b & BUTTON5_PRESSED) {
		view_move(V(ui), 3);
		return UI_HANDLED;
	}
	if (!(b & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
		return UI_HANDLED;
	if (x < T(ui)->panel_w && y >= 2 && y < ui->lines - 2) {
		size_t k = (size_t)(y - 2 + T(ui)->panel_scroll);
		struct pitem p = k < tokens_panel_count(ui) ? tokens_panel_item(ui, k)
		                                            : (struct pitem){ PI_NONE, 0 };
		T(ui)->focus = FOCUS_PANEL;
		if (tokens_panel_selectable(p)) {
			T(ui)->panel_sel = (int)k;
			tokens_panel_toggle(ui, &p);
		}
		return UI_HANDLED;
	}
	if (T(ui)->panel_w && x <= T(ui)->panel_w)
		return UI_HANDLED;
	T(ui)->focus = FOCUS_TABLE;
	if (y == T(ui)->table_y) {
		for (int c = 0; c < VIEW_N_COLUMNS; c++)
			if (x >= T(ui)->col_x[c] && x < T(ui)->col_x[c + 1]) {
				enum view_column col = (enum view_column)c;
				if (view_sort_column(V(ui)) == col)
					view_set_sort(V(ui), col, !view_sort_descending(V(ui)));
				else
					view_set_sort(V(ui), col, view_column_descending_first(col));
			}
		return UI_HANDLED;
	}
	if (y > T(ui)->table_y && y <= T(ui)->table_y + T(ui)->table_h) {
		view_page(V(ui), &pg);
		size_t k = T(ui)->scroll + (size_t)(y - T(ui)->table_y - 1);
		if (k < pg.count)
			view_select(V(ui), pg.first + k);
	}
	return UI_HANDLED;
}

/* :export FILE, :export! FILE: the rows in view to a new file (viewexport.h). */
static int export_view(struct ui *ui, const char *file, bool overwrite)
{
	char what[1200];
	struct wft_error err;
	size_t rows;

	if (!*file) {
		ui_toast(ui, TOAST_ERROR, ":export needs a file name ending in .csv, .json or .ndjson.");
		return UI_HANDLED;
	}
	if (!V(ui)) {
		ui_toast(ui, TOAST_ERROR, "Nothing to export yet: the tokens are still loading.");
		return UI_HANDLED;
	}
	wft_error_clear(&err);
	if (viewexport_write(file, getenv("HOME"), overwrite, V(ui), view_now(V(ui)), &rows,
	                     &err) != WFT_OK) {
		ui_toast(ui, TOAST_ERROR, "Not exported: %s.", err.message);
		return UI_HANDLED;
	}
	viewexport_describe(V(ui), what, sizeof what);
	ui_toast(ui, TOAST_INFO, "%zu row%s written to %s (query: %s)", rows, rows == 1 ? "" : "s",
	         file, what);
	return UI_HANDLED;
}

static int page_command(struct ui *ui, const char *cmd, const char *arg)
{
	int saved = saved_command(T(ui)->saved, ui, cmd, arg);

	if (saved)
		return saved;
	if (strcmp(cmd, "export") == 0 || strcmp(cmd, "export!") == 0)
		return export_view(ui, arg, cmd[6] == '!');
	if (strcmp(cmd, "sort") == 0) {
		char name[32];
		bool desc = false;
		int c;
		size_t n = strcspn(arg, " :");
		if (n == 0 || n >= sizeof name) {
			ui_toast(ui, TOAST_ERROR, ":sort needs a column: id, name, account, type, generated, lastused.");
			return UI_HANDLED;
		}
		memcpy(name, arg, n);
		name[n] = '\0';
		desc = strstr(arg + n, "desc") ? true : strstr(arg + n, "asc") ? false
		     : view_column_descending_first((enum view_column)view_column_parse(name));
		if ((c = view_column_parse(name)) < 0) {
			ui_toast(ui, TOAST_ERROR, "Unknown column \"%s\": use id, name, account, type, "
			         "generated or lastused.", name);
			return UI_HANDLED;
		}
		if (V(ui))
			view_set_sort(V(ui), (enum view_column)c, desc);
		return UI_HANDLED;
	}
	if (strcmp(cmd, "page-size") == 0) {
		char *end;
		long n = strtol(arg, &end, 10);
		if (strcmp(arg, "auto") == 0) {
			T(ui)->page_size_set = false;
			return UI_HANDLED | UI_RELAYOUT;
		}
		if (end == arg || *end || n < 1 || n > 1000) {
			ui_toast(ui, TOAST_ERROR, ":page-size takes a number from 1 to 1000, or auto.");
			return UI_HANDLED;
		}
		T(ui)->page_size_set = true;
		if (V(ui))
			view_set_page_size(V(ui), (size_t)n);
		T(ui)->scroll = 0;
		return UI_HANDLED;
	}
	if (strcmp(cmd, "search") == 0 && *arg) {
		lineedit_set(&T(ui)->search, arg);
		if (V(ui))
			tokens_apply_query(ui, arg);
		return UI_HANDLED;
	}
	return 0;
}

static void page_free(struct ui *ui)
{
	/* The session ended in the undo window (the script ended, a hang-up,
	 * SIGTERM): nothing was sent, and the journal says so. */
	hold_abandon(&T(ui)->hold);
	tokens_free_targets(ui);
	/* Rotations stay open in the journal: the next start resumes them. */
	tokens_rotate_free(ui);
	tokens_load_changes_clear(ui);
	free(T(ui)->marks);
	T(ui)->marks = NULL;
	lineedit_free(&T(ui)->search);
	lineedit_free(&T(ui)->edit);
	lineedit_free(&T(ui)->panel_filter);
	view_free(T(ui)->view);
	T(ui)->view = NULL;
	free(T(ui)->accounts_sorted);
	free(T(ui)->accounts_shown);
	tokens_since_free(ui);
	tokens_remote_free(T(ui));
}

static void tokens_sync(struct ui *ui, void *st)
{
	(void)st;
	tokens_sync_filter(ui);
	tokens_mine_refresh(ui);
	tokens_remote_sync(ui);
}

static void tokens_draw(struct ui *ui, void *st)
{
	(void)st;
	tokens_layout(ui);
	tokens_draw_page(ui);
}

static int tokens_action(struct ui *ui, void *st, enum action a)
{
	(void)st;
	return page_action(ui, a);
}

static int tokens_command(struct ui *ui, void *st, const char *cmd, const char *arg)
{
	(void)st;
	return page_command(ui, cmd, arg);
}

static int tokens_mouse(struct ui *ui, void *st, int y, int x, unsigned long b)
{
	(void)st;
	return page_mouse(ui, y, x, b);
}

static bool tokens_complete(struct ui *ui, void *st, struct lineedit *le)
{
	(void)st;
	return tokens_complete_line(ui, le, true);
}

/* Back in front, or the dialog closed over it: a token list that changed
 * on the server meanwhile is read again. */
static void show_changes(struct ui *ui)
{
	tokens_reload_if_wanted(ui);
}

static void tokens_shown(struct ui *ui, void *st)
{
	(void)st;
	show_changes(ui);
}

static void tokens_changed(struct ui *ui, void *st, enum page_event ev)
{
	(void)st;
	if (ev == PAGE_EVENT_DIALOG_CLOSED && ui_in_front(ui, &tokens_page_ops))
		show_changes(ui);
}

static void tokens_free(struct ui *ui, void *st)
{
	if (!st)
		return;
	page_free(ui);
	free(st);
}

static enum action_scope tokens_scope(struct ui *ui, void *st)
{
	(void)ui;
	return ((struct tokens_page *)st)->focus == FOCUS_PANEL ? SCOPE_PANEL : SCOPE_TABLE;
}

struct tokens_page *tokens_page_new(wft_clock_fn clock, void *clock_ud)
{
	struct tokens_page *tp = calloc(1, sizeof *tp);

	if (!tp)
		return NULL;
	if (!(tp->view = view_new(NULL, clock, clock_ud))) {
		free(tp);
		return NULL;
	}
	lineedit_init(&tp->search);
	lineedit_init(&tp->edit);
	lineedit_init(&tp->panel_filter);
	hold_init(&tp->hold, &tokens_hold_ops, tp);
	return tp;
}

void tokens_page_set_page_size(struct tokens_page *tp, size_t n)
{
	tp->page_size_set = true;
	view_set_page_size(tp->view, n);
}


/* Timers: the rotations' re-reads (the undo window has its own, in
 * revoke_hold.c). */
static int64_t page_wake(struct ui *ui, void *st, int64_t now)
{
	(void)st;
	return tokens_rotate_wake(ui, now);
}

static void page_timer(struct ui *ui, void *st, int64_t now)
{
	(void)st;
	tokens_rotate_timer(ui, now);
}

const struct page_ops tokens_page_ops = {
	.title = "API Tokens",
	.flag = ACTF_TOKENS,
	.sync = tokens_sync,
	.scope = tokens_scope,
	.draw = tokens_draw,
	.action = tokens_action,
	.command = tokens_command,
	.mouse = tokens_mouse,
	.complete = tokens_complete,
	.shown = tokens_shown,
	.changed = tokens_changed,
	.wake = page_wake,
	.timer = page_timer,
	.free = tokens_free,
};
