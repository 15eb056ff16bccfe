/* accounts_page.c: the Service Accounts tab (doc/api.md 3.2): the list
 * with search and sort, activate/deactivate and delete after a confirmation,
 * and the requests this part makes, tracked so that Esc can cancel them. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <curses.h>

#include "accounts.h"
#include "accounts_page.h"
#include "help.h"
#include "journal.h"
#include "overlay.h"
#include "outcome.h"
#include "keys.h"
#include "mask.h"
#include "namecache.h"
#include "session.h"
#include "textwidth.h"
#include "timefmt.h"
#include "tokenset.h"
#include "view.h"

/* What activating, deactivating or deleting an account is about to do. */
/* The changes of the tab: outcome.h's, whose words `wftokens accounts`
 * uses too. */
enum acct_change {
	CHANGE_NONE = WFT_ACCT_NONE,
	CHANGE_DELETE = WFT_ACCT_DELETE,
	CHANGE_ACTIVATE = WFT_ACCT_ACTIVATE,
	CHANGE_DEACTIVATE = WFT_ACCT_DEACTIVATE,
};

/* The tab's state: the list as read, the rows shown, and what its
 * overlays (search bar, question, sort menu) work on. */
struct accounts {
	struct wft_account_list list;
	bool loaded;
	struct wg_rows table;            /* the list's rows shown, filtered and sorted */
	struct lineedit search;          /* the search bar (an overlay while typing) */
	bool near_limit;                 /* only accounts with ACCT_NEAR_LIMIT tokens or more */
	int sort_col;                    /* 0 id, 1 description, 2 status, 3 tokens, 4 last used */
	bool sort_desc;
	int sort_sel;                    /* the sort menu's highlighted column */
	enum acct_change confirm;        /* what the question on screen asks */
	char confirm_id[SA_ID_MAX + 1];
	size_t confirm_tokens;
};

/* The tab's state, for the requests' callbacks (which get the ui only). */
static struct accounts *acct_state(struct ui *ui)
{
	return ui_page_state(ui, &accounts_page_ops);
}

void *accounts_page_new(void)
{
	struct accounts *A = calloc(1, sizeof *A);

	if (A)
		lineedit_init(&A->search);
	return A;
}

/* ---- the list ------------------------------------------------------------------ */

static wft_millis now_ms(struct ui *ui)
{
	return ui->clock ? ui->clock(ui->clock_ud) : wft_clock_real(NULL);
}

static const struct wft_service_account *row_account(struct accounts *A, size_t r)
{
	size_t i = wg_rows_item(&A->table, r);

	return i < A->list.n ? &A->list.items[i] : NULL;
}

static int row_cmp(const void *pa, const void *pb, void *ud)
{
	const struct accounts *A = ud;
	const struct wft_service_account *a = &A->list.items[*(const size_t *)pa];
	const struct wft_service_account *b = &A->list.items[*(const size_t *)pb];
	int c = 0;

	switch (A->sort_col) {
	case 1: c = strcasecmp(a->description, b->description); break;
	case 2: c = (int)b->active - (int)a->active; break;
	case 3: c = a->n_tokens < b->n_tokens ? -1 : a->n_tokens > b->n_tokens; break;
	case 4: c = a->last_used < b->last_used ? -1 : a->last_used > b->last_used; break;
	default: break;
	}
	if (c == 0)
		c = strcmp(a->identifier, b->identifier);
	return A->sort_desc ? -c : c;
}

/* The search: a plain substring of identifier or description. */
static bool row_keep(size_t i, void *ud)
{
	const struct accounts *A = ud;
	const char *q = lineedit_text(&A->search);
	const struct wft_service_account *a = &A->list.items[i];

	if (A->near_limit && a->n_tokens < ACCT_NEAR_LIMIT)
		return false;
	return !*q || strcasestr(a->identifier, q) || strcasestr(a->description, q);
}

static const char *row_key(size_t i, void *ud)
{
	const struct accounts *A = ud;

	return A->list.items[i].identifier;
}

static const struct wg_rows_model row_model = { row_keep, row_cmp, row_key };

/* Filters and sorts; the selection stays on the account keep names (the
 * selected one's identifier, taken before the list changed). */
static void rebuild_keeping(struct accounts *A, const char *keep)
{
	wg_rows_build(&A->table, A->list.n, &row_model, A, keep);
}

/* The same, the list unchanged: the selection stays on its account. */
static void rebuild(struct ui *ui)
{
	struct accounts *A = acct_state(ui);
	char keep[SA_ID_MAX + 1];

	wg_rows_selected_key(&A->table, &row_model, A, keep, sizeof keep);
	rebuild_keeping(A, keep);
}

/* The search bar, an overlay while it takes the keys: the rows are
 * filtered as it is typed. */
static int search_key(struct ui *ui, void *st, int key)
{
	struct accounts *A = st;

	if (key == '\n')
		return UI_HANDLED | OVERLAY_CLOSE;
	if (key == KEY_ESC) {
		lineedit_clear(&A->search);
		rebuild(ui);
		return UI_HANDLED | OVERLAY_CLOSE;
	}
	if (keys_edit_line(&A->search, key))
		rebuild(ui);
	return UI_HANDLED;
}

/* The cursor in the search bar (row 1, after "/ "). */
static void search_draw(struct ui *ui, void *st)
{
	struct accounts *A = st;
	int x = 3 + lineedit_cursor_col(&A->search);

	move(1, x < ui->cols ? x : ui->cols - 1);
	curs_set(1);
}

static const struct overlay_ops search_ops = { "account-search", search_draw, search_key, NULL };

static void list_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct accounts *A = acct_state(ui);
	char keep[SA_ID_MAX + 1];

	(void)arg;
	if (res->err.code != WFT_OK) {
		if (res->err.code != WFT_ERR_CANCELLED)
			ui_toast(ui, TOAST_ERROR, "Could not load the service accounts: %s",
			         res->err.message);
		return;
	}
	/* The selected account, named before the list is replaced. */
	wg_rows_selected_key(&A->table, &row_model, A, keep, sizeof keep);
	wft_account_list_clear(&A->list);
	A->list = res->accounts;
	memset(&res->accounts, 0, sizeof res->accounts);
	A->loaded = true;
	namecache_store_accounts(ui->profile, &A->list);
	rebuild_keeping(A, keep);
	/* Accounts the answer held that could not be read are left out: say so. */
	if (A->list.skipped)
		ui_toast(ui, TOAST_WARNING, "%zu account%s could not be read.", A->list.skipped,
		         A->list.skipped == 1 ? "" : "s");
}

static void acct_reload(struct ui *ui)
{
	struct wft_error err;
	struct wft_api *api = request_api(ui);
	struct request *c = request_new(ui, REQ_ACCOUNTS, list_done, NULL);

	if (!api || !c) {
		free(c);
		ui_toast(ui, TOAST_ERROR, "Could not load the service accounts: not connected.");
		return;
	}
	if (!request_go(ui, c, wft_api_accounts(api, request_done, c, &err)))
		ui_toast(ui, TOAST_ERROR, "Could not load the service accounts: %s", err.message);
}

/* ---- drawing the tab ------------------------------------------------------------------ */

static const char *const col_title[] = { "Account ID", "Description", "Status", "Tokens", "Last used" };
#define N_COLS 5

static void layout(struct ui *ui, int *x, int *w)
{
	int fixed[N_COLS] = { 0, 0, 8, 8, 11 };
	int flex = ui->cols - 2 - (N_COLS - 1) - fixed[2] - fixed[3] - fixed[4];

	fixed[0] = flex * 2 / 5;
	fixed[1] = flex - fixed[0];
	int xx = 2;
	for (int c = 0; c < N_COLS; c++) {
		x[c] = xx;
		w[c] = fixed[c];
		xx += fixed[c] + 1;
	}
}

static void draw_footer(struct ui *ui, struct accounts *A)
{
	char left[128];
	const char *hint;
	int y = ui->lines - 1, x;
	attr_t f = ui_attr(THEME_FOOTER);

	attrset(ui_attr(THEME_BORDER));
	mvhline(y - 1, 0, ACS_HLINE, ui->cols);
	attrset(f);
	mvhline(y, 0, ' ', ui->cols);
	if (A->table.n)
		snprintf(left, sizeof left, "account %zu of %zu", A->table.sel + 1, A->table.n);
	else
		snprintf(left, sizeof left, "no accounts");
	wg_text(y, 1, (int)strlen(left), left, f);
	x = (int)strlen(left) + 3;
	if (ui->toast_kind != TOAST_NONE) {
		ui_draw_toast(ui, y, x, f);  /* wrapped, never cut */
		return;
	}
	if (overlay_has(&ui->overlays, &search_ops))
		hint = "Enter keep  Esc clear  C-u empty";
	else if (ui->read_only)
		hint = "Enter view  / search  s sort  1 tokens  ? help";
	else
		hint = "Enter edit  a new  t (de)activate  d delete  g generate  / search";
	if (x + (int)strlen(hint) < ui->cols)
		wg_text(y, ui->cols - (int)strlen(hint) - 1, (int)strlen(hint), hint,
		          f | ui_attr(THEME_KEY_HINT));
}

static void draw_confirm(struct ui *ui, void *st)
{
	struct accounts *A = st;
	int w = ui->cols - 8 < 74 ? ui->cols - 8 : 74, h = 9;
	int y = (ui->lines - h) / 2, x = (ui->cols - w) / 2;
	char title[SA_ID_MAX + 64], l1[256], l2[256];
	const char *yes;
	size_t n = A->confirm_tokens;
	const char *s = n == 1 ? "" : "s";

	if (A->confirm == CHANGE_DELETE) {
		snprintf(title, sizeof title, "Delete %s and its %zu token%s?", A->confirm_id, n, s);
		snprintf(l1, sizeof l1, "Deleting cannot be undone. Its %zu token%s go%s with it:", n, s,
		         n == 1 ? "es" : "");
		snprintf(l2, sizeof l2, "scripts that use them will get authorization errors.");
		yes = "y Delete";
	} else if (A->confirm == CHANGE_DEACTIVATE) {
		snprintf(title, sizeof title, "Deactivate %s?", A->confirm_id);
		snprintf(l1, sizeof l1, "Its %zu token%s stop%s working at once: scripts that use", n, s,
		         n == 1 ? "s" : "");
		snprintf(l2, sizeof l2, "them get authorization errors until it is activated again.");
		yes = "y Deactivate";
	} else {
		snprintf(title, sizeof title, "Activate %s?", A->confirm_id);
		snprintf(l1, sizeof l1, "Its %zu token%s start%s working again: whoever holds one can", n,
		         s, n == 1 ? "s" : "");
		snprintf(l2, sizeof l2, "use the API as this account.");
		yes = "y Activate";
	}
	wg_box(ui_style(), y, x, h, w, title);
	wg_text(y + 2, x + 2, w - 4, l1, ui_attr(THEME_DIALOG));
	wg_text(y + 3, x + 2, w - 4, l2, ui_attr(THEME_DIALOG));
	wg_confirm_buttons(ui_style(), y + 6, x + 2, yes);
}

static void draw_sort_menu(struct ui *ui, void *st)
{
	struct accounts *A = st;
	char lines[N_COLS][64];
	const char *items[N_COLS];
	struct wg_menu m = { N_COLS, A->sort_sel, NULL };

	for (int c = 0; c < N_COLS; c++) {
		snprintf(lines[c], sizeof lines[c], "%c %s", c == A->sort_col ? '*' : ' ', col_title[c]);
		items[c] = lines[c];
	}
	wg_menu_draw(ui_style(), &m, "Sort accounts by", items, 30, NULL, ui->lines, ui->cols);
}

/* The table's columns and the time, for account_row. */
struct account_rows {
	struct ui *ui;
	struct accounts *A;
	int cx[N_COLS], cw[N_COLS];
	wft_millis now;
};

/* Row r of the table on screen row y (wg_table_rows). */
static void account_row(void *ctx, int y, size_t r, bool selected)
{
	struct account_rows *t = ctx;
	const struct wft_service_account *a = row_account(t->A, r);
	attr_t at = selected ? ui_attr(THEME_SELECTED_ROW)
	          : !a->active ? ui_attr(THEME_STALE_TOKEN) : ui_attr(THEME_ROW);
	char buf[64], rel[32];

	attrset(at);
	mvhline(y, 0, ' ', t->ui->cols);
	/* '>' marks the selection also without colour. */
	wg_text(y, 0, 2, selected ? ">" : " ", at);
	wg_text(y, t->cx[0], t->cw[0], a->identifier, at);
	wg_text(y, t->cx[1], t->cw[1], a->description, at);
	wg_text(y, t->cx[2], t->cw[2], a->active ? "Active" : "Inactive", at);
	snprintf(buf, sizeof buf, "%zu/%d", a->n_tokens, WFT_MAX_TOKENS_PER_ACCOUNT);
	wg_text(y, t->cx[3], t->cw[3], buf, at);
	wg_text(y, t->cx[4], t->cw[4], timefmt_relative(a->last_used, t->now, rel, sizeof rel), at);
}

static void draw_page(struct ui *ui, struct accounts *A)
{
	struct account_rows rows = { ui, A, { 0 }, { 0 }, now_ms(ui) };
	struct wg_columns cols = { N_COLS, col_title, rows.cx, rows.cw, A->sort_col, A->sort_desc };
	int top = 3, h;
	char buf[512];

	ui->lines = LINES;
	ui->cols = COLS;
	h = ui->lines - 5;
	ui_draw_header(ui);
	attrset(ui_attr(THEME_SEARCH_BAR));
	mvhline(1, 0, ' ', ui->cols);
	snprintf(buf, sizeof buf, " / %s", lineedit_text(&A->search));
	wg_text(1, 0, ui->cols - 20, buf, ui_attr(THEME_SEARCH_BAR));
	snprintf(buf, sizeof buf, "%zu accounts%s", A->table.n,
	         A->near_limit ? " near the limit (>= 18 tokens)" : "");
	wg_text(1, ui->cols - (int)strlen(buf) - 1, (int)strlen(buf), buf, ui_attr(THEME_SEARCH_BAR));
	layout(ui, rows.cx, rows.cw);
	wg_table_header(2, 0, ui->cols, &cols, ui_attr(THEME_TABLE_HEADER));
	for (int y = top; y < top + h; y++) {
		attrset(ui_attr(THEME_ROW));
		mvhline(y, 0, ' ', ui->cols);
	}
	if (!A->loaded) {
		wg_text(top + 1, 2, ui->cols - 4,
		        request_pending(ui, REQ_ACCOUNTS) ? "Loading service accounts..."
		                                          : "No service accounts loaded (Ctrl-R loads).",
		        ui_attr(THEME_ROW));
	} else if (!A->table.n) {
		wg_text(top + 1, 2, ui->cols - 4, A->list.n && A->near_limit
		        ? "No account is near the limit: none has 18 tokens or more (l shows all)."
		        : A->list.n ? "No account matches the search (x clears it)."
		                                              : "This organisation has no service accounts (a creates one).",
		          ui_attr(THEME_ROW));
	}
	A->table.sel = wg_table_rows(top, h > 0 ? (size_t)h : 0, A->table.n, A->table.sel,
	                             &A->table.top, account_row, &rows);
	draw_footer(ui, A);
	curs_set(0);  /* the search bar (an overlay) shows it */
}

static void accounts_draw(struct ui *ui, void *st)
{
	struct accounts *A = st;

	draw_page(ui, A);
}

/* ---- actions on the tab ------------------------------------------------------------------- */

/* An activation, deactivation or deletion in flight, and what it answered
 * while the account is read back. */
struct act {
	enum acct_change kind;
	char id[SA_ID_MAX + 1];
	char what[SA_ID_MAX + 128];     /* "Deactivated sa::x." */
	struct wft_error first;         /* the change's own error */
	unsigned long change;           /* its change in the journal */
};

static const char *act_action(enum acct_change kind)
{
	return kind == CHANGE_DELETE ? "account delete" : kind == CHANGE_DEACTIVATE
	       ? "account deactivate" : "account activate";
}

/* The journal's outcome line of x, from its answer err. */
static void act_jot(struct ui *ui, struct act *x, const struct wft_error *err)
{
	ui_journal_answer(ui, &x->change, act_action(x->kind), NULL, NULL, x->id, err);
}

static const char *act_verb(enum acct_change kind)
{
	return wft_outcome_acct_verb((enum wft_acct_change)kind);
}

/* The account as read back after an answer that settled nothing. */
static void act_read_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct act *x = arg;
	enum wft_acct_change k = (enum wft_acct_change)x->kind;
	enum wft_readback rb = wft_outcome_read(&res->err);
	char detail[1200];
	enum wft_settled v = wft_outcome_settle(rb, wft_outcome_acct_shows(k, rb, res->account.active));

	ui_journal(ui, &x->change, act_action(x->kind), NULL, NULL, x->id,
	           journal_state_of(WFT_OUTCOME_DONE, v), x->first.message);
	switch (v) {
	case WFT_SETTLED_DONE:
		wft_outcome_read_back(x->first.message, detail, sizeof detail);
		ui_toast(ui, TOAST_INFO, "%s (%s)", x->what, detail);
		ui->tokens_stale = true;
		break;
	case WFT_SETTLED_NOT_DONE:
		wft_outcome_acct_not_done(k, x->id, rb, res->account.active, x->first.message,
		                          detail, sizeof detail);
		ui_toast(ui, TOAST_ERROR, "Not %s: %s", act_verb(x->kind), detail);
		break;
	case WFT_SETTLED_UNKNOWN:
		ui_toast(ui, TOAST_WARNING, "Not confirmed whether %s was %s (%s; reading it back: "
		         "%s); Ctrl-R shows.", x->id, act_verb(x->kind), x->first.message,
		         res->err.message);
		break;
	}
	free(x);
	if (res->err.code != WFT_ERR_CANCELLED)
		acct_reload(ui);
}

static void act_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct act *x = arg;
	struct wft_error err;
	struct request *c;
	enum wft_outcome o = wft_outcome_of(&res->err);

	/* An answer that settles nothing is journalled once read back. */
	if (o != WFT_OUTCOME_UNCONFIRMED || res->err.code == WFT_ERR_CANCELLED)
		act_jot(ui, x, &res->err);
	switch (o) {
	case WFT_OUTCOME_DONE:
		ui_toast(ui, TOAST_INFO, "%s", x->what);
		ui->tokens_stale = true;
		break;
	case WFT_OUTCOME_DONE_UNREAD:
		ui_toast(ui, TOAST_WARNING, "%s (the server's answer was unreadable: %s)", x->what,
		         res->err.message);
		ui->tokens_stale = true;
		break;
	case WFT_OUTCOME_REFUSED:
		ui_toast(ui, TOAST_ERROR, "Failed: %s", res->err.message);
		break;
	case WFT_OUTCOME_UNCONFIRMED:
		if (res->err.code == WFT_ERR_CANCELLED) {
			ui_toast(ui, TOAST_WARNING, "Cancelled; the server may or may not have done "
			         "it (Ctrl-R shows).");
			/* Never a new request from a cancelled one: the client may be closing. */
			free(x);
			return;
		}
		x->first = res->err;
		wft_error_clear(&err);
		if (request_api(ui) && (c = request_new(ui, REQ_ACCOUNTS, act_read_done, x)) &&
		    request_go(ui, c, wft_api_account(request_api(ui), x->id, request_done, c, &err)))
			return;
		act_jot(ui, x, &res->err);
		ui_toast(ui, TOAST_WARNING, "Not confirmed whether %s was %s (%s).", x->id,
		         act_verb(x->kind), res->err.message);
		break;
	}
	free(x);
	if (res->err.code != WFT_ERR_CANCELLED)
		acct_reload(ui);
}

static void confirm_yes(struct ui *ui, struct accounts *A)
{
	struct wft_api *api = request_api(ui);
	struct wft_error err;
	struct wft_api_call *call = NULL;
	struct act *x;
	struct request *c = NULL;
	enum acct_change kind = A->confirm;

	A->confirm = CHANGE_NONE;
	if (!api || !(x = calloc(1, sizeof *x)) || !(c = request_new(ui, REQ_ACCOUNTS, act_done, x))) {
		if (api)
			free(x);
		ui_toast(ui, TOAST_ERROR, "Out of memory or not connected: nothing was changed.");
		return;
	}
	x->kind = kind;
	snprintf(x->id, sizeof x->id, "%s", A->confirm_id);
	if (kind == CHANGE_DELETE)
		snprintf(x->what, sizeof x->what, "Deleted %s and its %zu token%s.", A->confirm_id,
		         A->confirm_tokens, A->confirm_tokens == 1 ? "" : "s");
	else
		snprintf(x->what, sizeof x->what, "%s %s.",
		         kind == CHANGE_DEACTIVATE ? "Deactivated" : "Activated",
		         A->confirm_id);
	memset(&err, 0, sizeof err);
	/* In the journal before the request goes out. */
	ui_journal(ui, &x->change, act_action(kind), NULL, NULL, x->id, JOURNAL_PENDING, NULL);
	if (kind == CHANGE_DELETE)
		call = wft_api_delete_account(api, A->confirm_id, request_done, c, &err);
	else if (kind == CHANGE_DEACTIVATE)
		call = wft_api_deactivate_account(api, A->confirm_id, request_done, c, &err);
	else
		call = wft_api_activate_account(api, A->confirm_id, request_done, c, &err);
	if (!request_go(ui, c, call)) {
		ui_journal(ui, &x->change, act_action(kind), NULL, NULL, x->id, JOURNAL_REFUSED,
		           err.message);
		free(x);
		ui_toast(ui, TOAST_ERROR, "Nothing was changed: %s", err.message);
	}
}

/* Brought to the front: the list is read the first time. */
static void accounts_shown(struct ui *ui, void *st)
{
	struct accounts *A = st;

	if (!A->loaded && !request_pending(ui, REQ_ACCOUNTS))
		acct_reload(ui);
}

/* The service-account dialog changed an account, or closed over this tab. */
static void accounts_changed(struct ui *ui, void *st, enum page_event ev)
{
	(void)st;
	if (ev == PAGE_EVENT_ACCOUNTS_CHANGED ||
	    (ev == PAGE_EVENT_DIALOG_CLOSED && ui_in_front(ui, &accounts_page_ops)))
		acct_reload(ui);
}

/* The question before activating, deactivating or deleting (an overlay). */
static int confirm_key(struct ui *ui, void *st, int key)
{
	struct accounts *A = st;
	enum wg_answer ans = wg_confirm_key(key);

	if (ans == WG_YES) {
		confirm_yes(ui, A);
		return UI_HANDLED | OVERLAY_CLOSE;
	}
	if (ans == WG_NO) {
		A->confirm = CHANGE_NONE;
		ui_toast(ui, TOAST_INFO, "Nothing was changed.");
		return UI_HANDLED | OVERLAY_CLOSE;
	}
	return UI_HANDLED;
}

static const struct overlay_ops confirm_ops = { "account-confirm", draw_confirm, confirm_key,
                                                NULL };

/* The sort menu (an overlay). */
static int sort_menu_key(struct ui *ui, void *st, int key)
{
	struct accounts *A = st;
	struct wg_menu m = { N_COLS, A->sort_sel, NULL };
	enum wg_menu_event ev = wg_menu_key(&m, key);

	A->sort_sel = m.sel;
	if (ev == WG_MENU_CHOSEN) {
		A->sort_col = A->sort_sel;
		A->sort_desc = A->sort_col >= 3; /* counts and times: biggest first */
		rebuild(ui);
	}
	return ev == WG_MENU_STAYS ? UI_HANDLED : UI_HANDLED | OVERLAY_CLOSE;
}

static const struct overlay_ops sort_menu_ops = { "account-sort", draw_sort_menu, sort_menu_key,
                                                  NULL };

static int accounts_action(struct ui *ui, void *st, enum action a)
{
	struct accounts *A = st;
	const struct wft_service_account *cur = row_account(A, A->table.sel);

	switch (a) {
	case ACT_QUIT:
		return UI_QUIT;
	case ACT_HELP:
		help_open(ui, ACTF_ACCOUNTS);
		return UI_HANDLED;
	case ACT_CANCEL:
		if (request_pending(ui, REQ_ACCOUNTS)) {
			request_cancel_all(ui, REQ_ACCOUNTS);
			ui_toast(ui, TOAST_WARNING, "Cancelled.");
		}
		break;
	case ACT_MOVE_UP: if (A->table.sel > 0) A->table.sel--; break;
	case ACT_MOVE_DOWN: if (A->table.sel + 1 < A->table.n) A->table.sel++; break;
	case ACT_PAGE_DOWN: {
		size_t h = (size_t)(ui->lines > 6 ? ui->lines - 5 : 1);
		A->table.sel = A->table.sel + h < A->table.n ? A->table.sel + h
		             : A->table.n ? A->table.n - 1 : 0;
		break;
	}
	case ACT_PAGE_UP: {
		size_t h = (size_t)(ui->lines > 6 ? ui->lines - 5 : 1);
		A->table.sel = A->table.sel > h ? A->table.sel - h : 0;
		break;
	}
	case ACT_FIRST_ROW: A->table.sel = 0; break;
	case ACT_LAST_ROW: A->table.sel = A->table.n ? A->table.n - 1 : 0; break;
	case ACT_SEARCH:
		lineedit_end(&A->search);
		if (!overlay_has(&ui->overlays, &search_ops))
			overlay_push_typing(&ui->overlays, &search_ops, A);
		break;
	case ACT_SORT_MENU:
		A->sort_sel = A->sort_col;
		overlay_push(&ui->overlays, &sort_menu_ops, A);
		break;
	case ACT_SORT_REVERSE: A->sort_desc = !A->sort_desc; rebuild(ui); break;
	case ACT_NEAR_LIMIT:
		A->near_limit = !A->near_limit;
		rebuild(ui);
		break;
	case ACT_CLEAR:
		lineedit_clear(&A->search);
		A->near_limit = false;
		rebuild(ui);
		ui_toast(ui, TOAST_INFO, "Search cleared.");
		break;
	case ACT_RELOAD: acct_reload(ui); break;
	case ACT_OPEN_ACCOUNT:
		if (cur)
			dialog_open(ui, cur->identifier, false);
		break;
	case ACT_GENERATE:
		if (cur)
			dialog_open(ui, cur->identifier, true);
		break;
	case ACT_NEW_ACCOUNT:
		dialog_open_new(ui);
		break;
	case ACT_TOGGLE_ACTIVE:
	case ACT_DELETE_ACCOUNT:
		if (!cur)
			break;
		A->confirm = a == ACT_DELETE_ACCOUNT ? CHANGE_DELETE
		           : cur->active ? CHANGE_DEACTIVATE : CHANGE_ACTIVATE;
		snprintf(A->confirm_id, sizeof A->confirm_id, "%s", cur->identifier);
		A->confirm_tokens = cur->n_tokens;
		overlay_push(&ui->overlays, &confirm_ops, A);
		break;
	default:
		break;
	}
	return UI_HANDLED;
}

/* The column named name (as :sort takes it), or -1. */
static int column_parse(const char *name)
{
	static const char *const names[][3] = {
		{ "id", "account", "identifier" }, { "description", "desc", NULL },
		{ "status", "active", NULL }, { "tokens", NULL, NULL },
		{ "lastused", "last-used", "used" },
	};

	for (int c = 0; c < N_COLS; c++)
		for (int k = 0; k < 3 && names[c][k]; k++)
			if (strcasecmp(name, names[c][k]) == 0)
				return c;
	return -1;
}

static int accounts_command(struct ui *ui, void *st, const char *cmd, const char *arg)
{
	struct accounts *A = st;

	if (strcmp(cmd, "sort") == 0) {
		char name[32];
		size_t n = strcspn(arg, " :");
		int c;
		if (n == 0 || n >= sizeof name) {
			ui_toast(ui, TOAST_ERROR, ":sort needs a column of this tab: id, description, "
			         "status, tokens, lastused.");
			return UI_HANDLED;
		}
		memcpy(name, arg, n);
		name[n] = '\0';
		if ((c = column_parse(name)) < 0) {
			ui_toast(ui, TOAST_ERROR, "Unknown column \"%s\" on the Service Accounts tab: use "
			         "id, description, status, tokens or lastused.", name);
			return UI_HANDLED;
		}
		A->sort_col = c;
		A->sort_desc = strstr(arg + n, "desc") != NULL;
		rebuild(ui);
		return UI_HANDLED;
	}
	if (strcmp(cmd, "search") == 0) {
		lineedit_set(&A->search, arg);
		rebuild(ui);
		return UI_HANDLED;
	}
	if (strcmp(cmd, "page-size") == 0 || strcmp(cmd, "save") == 0) {
		ui_toast(ui, TOAST_ERROR, ":%s belongs to the API Tokens page (1 shows it).", cmd);
		return UI_HANDLED;
	}
	return 0;
}

static void accounts_free(struct ui *ui, void *st)
{
	struct accounts *A = st;

	(void)ui;
	if (!A)
		return;
	wft_account_list_clear(&A->list);
	wg_rows_free(&A->table);
	lineedit_free(&A->search);
	free(A);
}

const struct page_ops accounts_page_ops = {
	.title = "Service Accounts",
	.flag = ACTF_ACCOUNTS,
	.draw = accounts_draw,
	.action = accounts_action,
	.command = accounts_command,
	.shown = accounts_shown,
	.changed = accounts_changed,
	.free = accounts_free,
};
