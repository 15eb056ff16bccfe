/* account_dialog.c: the web UI's Edit / New Service Account page as one
 * dialog (an overlay): identifier and Active, description, the tokens
 * (generate, rename, revoke, at once, under the 20-token limit), groups,
 * roles, permissions (saved with Update after checking that nobody changed
 * them meanwhile). This file: the dialog's rows, drawing and keys; its
 * tokens are account_dialog_tokens.c, reading, updating and creating the
 * account account_dialog_save.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <curses.h>

#include "account_dialog_state.h"
#include "accounts.h"
#include "api.h"
#include "keys.h"
#include "mask.h"
#include "outcome.h"
#include "overlay.h"
#include "textwidth.h"
#include "timefmt.h"
#include "uuid.h"

static const struct overlay_ops dialog_ops;

#define MAX_ROWS 512

static size_t build_rows(struct ui *ui, struct acct_dialog *d, struct row *r, size_t max)
{
	struct ui_pickers *A = &ui->pickers;
	size_t n = 0;

#define ADD(k, v) do { if (n < max) { r[n].kind = (k); r[n].i = (v); } n++; } while (0)
	if (d->is_new) {
		ADD(R_NAME, 0);
		ADD(R_DESC, 0);
		ADD(R_TITLE, 0);
		ADD(R_FIRST, 0);
		if (d->first_token)
			ADD(R_FIRSTNAME, 0);
		ADD(R_CREATE, 0);
		return n;
	}
	if (d->loading)
		return 0;
	ADD(R_ACTIVE, 0);
	ADD(R_DESC, 0);
	ADD(R_TITLE, 0);
	ADD(R_GENERATE, 0);
	size_t cand[3], k;
	bool near;
	k = dialog_candidates(ui, d, cand, &near);
	if (near)
		ADD(R_STALE, k ? -1 : -2);
	for (size_t i = 0; i < k; i++)
		ADD(R_STALE, (int)cand[i]);
	for (size_t i = 0; i < d->base.n_tokens; i++)
		ADD(R_TOKEN, (int)i);
	ADD(R_TITLE, 1);
	for (size_t i = 0; i < d->n_grp && i < A->groups.n; i++)
		ADD(R_GROUP, (int)i);
	ADD(R_TITLE, 2);
	for (size_t i = 0; i < d->n_role && i < A->roles.n; i++)
		ADD(R_ROLE, (int)i);
	ADD(R_TITLE, 3);
	for (size_t i = 0; i < sa_n_permissions; i++)
		ADD(R_PERM, (int)i);
#undef ADD
	return n;
}

static struct row *rows_all(struct ui *ui, struct acct_dialog *d, size_t *n)
{
	static struct row rows[MAX_ROWS];

	*n = build_rows(ui, d, rows, MAX_ROWS);
	if (*n > MAX_ROWS)
		*n = MAX_ROWS;
	if (*n) {
		if (d->cur >= (int)*n)
			d->cur = (int)*n - 1;
		if (d->cur < 0)
			d->cur = 0;
		while (d->cur < (int)*n - 1 && rows[d->cur].kind == R_TITLE)
			d->cur++;
	}
	return rows;
}

static void move_cur(struct ui *ui, struct acct_dialog *d, int delta)
{
	size_t n;
	struct row *r = rows_all(ui, d, &n);
	int c = d->cur, step = delta < 0 ? -1 : 1;

	for (int k = 0; k < (delta < 0 ? -delta : delta); k++) {
		int t = c + step;
		while (t >= 0 && t < (int)n && (r[t].kind == R_TITLE || r[t].kind == R_STALE))
			t += step;
		if (t < 0 || t >= (int)n)
			break;
		c = t;
	}
	d->cur = c;
}

/* Tab: to the first row after the next section title. */
static void next_section(struct ui *ui, struct acct_dialog *d, int dir)
{
	size_t n;
	struct row *r = rows_all(ui, d, &n);
	int c = d->cur;

	if (dir > 0) {
		for (int t = c + 1; t < (int)n; t++)
			if (r[t].kind == R_TITLE && t + 1 < (int)n) {
				d->cur = t + 1;
				return;
			}
		d->cur = 0;
	} else {
		int titles = 0;
		for (int t = c; t >= 0; t--)
			if (r[t].kind == R_TITLE && ++titles == 2) {
				d->cur = t + 1;
				return;
			}
		d->cur = 0;
	}
}

static struct acct_dialog *dialog_new(struct ui *ui)
{
	struct acct_dialog *d;

	if (dialog_find(ui))
		dialog_close(ui);
	if (!(d = calloc(1, sizeof *d)))
		return NULL;
	lineedit_init(&d->desc);
	lineedit_init(&d->name);
	lineedit_init(&d->firstname);
	lineedit_init(&d->edit);
	d->confirm_revoke = -1;
	hold_init(&d->hold, &dialog_hold_ops, d);
	if (!overlay_push(&ui->overlays, &dialog_ops, d))
		return NULL;    /* freed by the push */
	return d;
}

static void load_pickers(struct ui *ui)
{
	struct ui_pickers *A = &ui->pickers;
	struct wft_error err;
	struct request *c;

	if (A->loaded || !request_api(ui))
		return;
	if ((c = request_new(ui, REQ_ACCOUNTS, dialog_pickers_done, (void *)1)))
		request_go(ui, c, wft_api_roles(request_api(ui), 0, 1000, request_done, c, &err));
	if ((c = request_new(ui, REQ_ACCOUNTS, dialog_pickers_done, NULL)))
		request_go(ui, c, wft_api_groups(request_api(ui), 0, 1000, request_done, c, &err));
}

void dialog_open(struct ui *ui, const char *id, bool generate)
{
	struct acct_dialog *d = dialog_new(ui);
	struct wft_error err;
	struct request *c;

	if (!d) {
		ui_toast(ui, TOAST_ERROR, "Out of memory.");
		return;
	}
	snprintf(d->id, sizeof d->id, "%s", id);
	d->loading = true;
	d->generate_on_open = generate;
	load_pickers(ui);
	if (!(c = request_new(ui, REQ_ACCOUNTS, dialog_loaded, NULL)) || !request_api(ui) ||
	    !request_go(ui, c, wft_api_account(request_api(ui), id, request_done, c, &err))) {
		ui_toast(ui, TOAST_ERROR, "Could not open %s.", id);
		dialog_close(ui);
	}
}

void dialog_open_new(struct ui *ui)
{
	struct acct_dialog *d = dialog_new(ui);

	if (!d) {
		ui_toast(ui, TOAST_ERROR, "Out of memory.");
		return;
	}
	d->is_new = true;
	d->first_token = true;
	d->active = true;
	d->editing = ED_NAME;  /* straight into the name */
	lineedit_clear(&d->edit);
}

static void dialog_free(void *data)
{
	struct acct_dialog *d = data;

	wft_service_account_clear(&d->base);
	lineedit_free(&d->desc);
	lineedit_free(&d->name);
	lineedit_free(&d->firstname);
	lineedit_free(&d->edit);
	/* Closed with a revoke held (the console ended): nothing is sent. */
	hold_abandon(&d->hold);
	free(d->grp);
	free(d->role);
	free(d);
	clearok(curscr, TRUE);
}

/* A row naming a candidate to revoke (i: its token), or their heading. */
static void stale_text(const struct acct_dialog *d, int i, wft_millis now, char *out, size_t n)
{
	char m[WFT_MASK_SIZE], name[64], when[96];
	const struct wft_token *t;

	if (i < 0) {
		snprintf(out, n, i == -1 ? "  Near the limit: the stalest, to revoke first:"
		                         : "  Near the limit; none is stale: every token was used or "
		                           "generated in the last day.");
		return;
	}
	t = &d->base.tokens[i];
	tw_fit(*t->name ? t->name : "(no name)", 30, 1, name, sizeof name);
	wft_token_activity_text(t, now, when, sizeof when);
	snprintf(out, n, "    candidate  %s  %s  %s", wft_mask_id(t->id, m, sizeof m), name, when);
}

static void row_text(struct ui *ui, struct acct_dialog *d, const struct row *r, char *out, size_t n)
{
	struct ui_pickers *A = &ui->pickers;
	static const char *const titles[] = { "TOKENS", "GROUPS", "ROLES", "PERMISSIONS" };
	char m[WFT_MASK_SIZE], rel[32], lim[64];
	wft_millis now = ui->clock ? ui->clock(ui->clock_ud) : wft_clock_real(NULL);

	switch (r->kind) {
	case R_TITLE:
		if (d->is_new)
			snprintf(out, n, "TOKENS");
		else
			snprintf(out, n, "%s", titles[r->i]);
		break;
	case R_ACTIVE:
		snprintf(out, n, "Account ID  %s   [%c] Active", d->id, d->active ? 'x' : ' ');
		break;
	case R_NAME:
		snprintf(out, n, "Account ID  sa::%s", lineedit_text(&d->name));
		break;
	case R_DESC:
		snprintf(out, n, "Description %s", lineedit_text(&d->desc));
		break;
	case R_GENERATE:
		acct_limit_text(d->base.n_tokens, lim, sizeof lim);
		snprintf(out, n, "[g Generate]  %s", lim);
		break;
	case R_STALE:
		stale_text(d, r->i, now, out, n);
		break;
	case R_TOKEN: {
		const struct wft_token *t = &d->base.tokens[r->i];
		char name[64];
		tw_fit(*t->name ? t->name : "(no name)", 30, 1, name, sizeof name);
		snprintf(out, n, "  %s  %s  last used %s", wft_mask_id(t->id, m, sizeof m), name,
		         timefmt_relative(t->last_used, now, rel, sizeof rel));
		break;
	}
	case R_GROUP: {
		const struct wft_user_group *g = &A->groups.items[r->i];
		snprintf(out, n, "  [%c] %s%s", d->grp[r->i] || dialog_is_fixed_group(g) ? 'x' : ' ',
		         g->name ? g->name : g->id, dialog_is_fixed_group(g) ? " (always)" : "");
		break;
	}
	case R_ROLE:
		snprintf(out, n, "  [%c] %s", d->role[r->i] ? 'x' : ' ',
		         A->roles.items[r->i].name ? A->roles.items[r->i].name : A->roles.items[r->i].id);
		break;
	case R_PERM:
		snprintf(out, n, "  [%c] %s", d->perm[r->i] ? 'x' : ' ', sa_permissions[r->i].label);
		break;
	case R_FIRST:
		snprintf(out, n, "  [%c] Generate a first token", d->first_token ? 'x' : ' ');
		break;
	case R_FIRSTNAME:
		snprintf(out, n, "      Name of the first token: %s", lineedit_text(&d->firstname));
		break;
	case R_CREATE:
		snprintf(out, n, "[ Create (Ctrl-S) ]");
		break;
	}
}

static const char *edit_label(struct acct_dialog *d)
{
	switch (d->editing) {
	case ED_DESC: return "Description: ";
	case ED_NAME: return "Account ID: sa::";
	case ED_FIRSTNAME: return "Name of the first token: ";
	case ED_RENAME: return "New name: ";
	case ED_GENERATE: return "Name of the new token (Enter generates): ";
	default: return "";
	}
}

/* The rows from d->top, body of them, the selected one in sight. */
static void draw_rows(struct ui *ui, struct acct_dialog *d, const struct row *r, size_t n,
                      int y, int w, int body)
{
	attr_t da = ui_attr(THEME_DIALOG);
	char line[1200];
	int x = 0;

	if (d->cur < d->top)
		d->top = d->cur;
	if (body > 0 && d->cur >= d->top + body)
		d->top = d->cur - body + 1;
	for (int k = 0; k < body && d->top + k < (int)n; k++) {
		const struct row *rr = &r[d->top + k];
		bool sel = d->top + k == d->cur;
		attr_t a = rr->kind == R_TITLE ? ui_attr(THEME_SIDE_PANEL_TITLE)
		         : sel ? ui_attr(THEME_SELECTED_ROW) : da;
		row_text(ui, d, rr, line, sizeof line);
		wg_text(y + 1 + k, x + 1, 1, sel ? ">" : " ", da);
		wg_text(y + 1 + k, x + 2, w - 4, line, a);
		if (rr->kind == R_TOKEN && d->confirm_revoke == rr->i)
			wg_text(y + 1 + k, x + w - 12, 10, "revoke?", ui_attr(THEME_WARNING));
		if (rr->kind == R_TOKEN && dialog_token_held(d, rr->i)) {
			snprintf(line, sizeof line, "revoking in %d s (u undoes)", hold_seconds_left(&d->hold));
			wg_text(y + 1 + k, x + w - 32, 30, line, ui_attr(THEME_WARNING));
		}
	}
	if ((int)n > body) {
		snprintf(line, sizeof line, " %d-%d of %zu ", d->top + 1,
		         d->top + body < (int)n ? d->top + body : (int)n, n);
		/* on the box's bottom line (the box is body + 6 rows high) */
		wg_text(y + body + 5, x + w - (int)strlen(line) - 2, (int)strlen(line), line,
		        ui_attr(THEME_BORDER));
	}
}

/* The dialog's message on rows y and y + 1: two lines, as bad news must
 * be read whole. */
static void draw_message(const struct acct_dialog *d, int y, int x, int w)
{
	attr_t da = ui_attr(THEME_DIALOG);

	attrset(da);
	mvhline(y, x + 1, ' ', w - 2);
	mvhline(y + 1, x + 1, ' ', w - 2);
	if (d->msg[0]) {
		attr_t ma = d->msg_kind == TOAST_ERROR ? ui_attr(THEME_ERROR)
		          : d->msg_kind == TOAST_WARNING ? ui_attr(THEME_WARNING) : ui_attr(THEME_INFO);
		size_t len = strlen(d->msg);
		int cols = w - 4;
		char first[700];
		size_t cut = len;
		if (tw_width(d->msg) > cols) {
			/* Break at the last space that fits. */
			cut = 0;
			for (size_t i = 0; i < len; i++)
				if (d->msg[i] == ' ' && tw_width_n(d->msg, i) <= cols)
					cut = i;
			if (cut == 0)
				cut = len;
		}
		snprintf(first, sizeof first, "%.*s", (int)cut, d->msg);
		wg_text(y, x + 2, cols, first, ma);
		if (cut < len)
			wg_text(y + 1, x + 2, cols, d->msg + cut + 1, ma);
	}
}

static void dialog_draw(struct ui *ui, void *data)
{
	struct acct_dialog *d = data;
	int x = 0, y = 1, w = ui->cols, h = ui->lines - 2;
	int body = h - 6;   /* rows for the list */
	size_t n;
	struct row *r;
	char title[SA_ID_MAX + 64], line[1200];
	attr_t da = ui_attr(THEME_DIALOG);
	int cx = -1, cy = -1;

	if (!d)
		return;
	if (d->is_new)
		snprintf(title, sizeof title, "New Service Account");
	else
		snprintf(title, sizeof title, "%s Service Account %s%s", ui->read_only ? "View" : "Edit",
		         d->id, d->dirty ? " (unsaved changes)" : "");
	wg_box(ui_style(), y, x, h, w, title);
	r = rows_all(ui, d, &n);
	if (d->loading) {
		wg_text(y + 2, x + 2, w - 4, "Loading...", da);
	}
	draw_rows(ui, d, r, n, y, w, body);
	/* The line of the edit in progress, a confirmation, or the hints. */
	int ey = y + h - 5;
	attrset(da);
	mvhline(ey, x + 1, ' ', w - 2);
	if (d->editing != ED_NONE) {
		const char *lab = edit_label(d);
		wg_text(ey, x + 2, tw_width(lab), lab, ui_attr(THEME_PROMPT));
		int lx = x + 2 + tw_width(lab);
		wg_text(ey, lx, w - 4 - tw_width(lab), lineedit_text(&d->edit), ui_attr(THEME_PROMPT));
		cx = lx + lineedit_cursor_col(&d->edit);
		cy = ey;
	} else if (d->confirm_revoke >= 0 && (size_t)d->confirm_revoke < d->base.n_tokens) {
		const struct wft_token *t = &d->base.tokens[d->confirm_revoke];
		char m[WFT_MASK_SIZE];
		snprintf(line, sizeof line, "y revoke  n No (default): revoke %s (%s)? It cannot be "
		         "undone; scripts using it get authorization errors.",
		         wft_mask_id(t->id, m, sizeof m), *t->name ? t->name : "no name");
		wg_text(ey, x + 2, w - 4, line, ui_attr(THEME_WARNING));
	}
	draw_message(d, ey + 1, x, w);
	const char *hint = d->is_new ? "Enter edit/toggle  Ctrl-S create  Esc cancel"
	                 : d->conflict ? "r reload from the server  Esc keep my edits"
	                 : ui->read_only ? "Up/Down move  Tab section  Esc close  (read-only)"
	                 : hold_running(&d->hold) ? "u undo the revoke  Enter edit/toggle/rename  "
	                                            "g generate  R rotate  Ctrl-S update  Esc close"
	                 : "Enter edit/toggle/rename  g generate  d revoke  R rotate  Ctrl-S update  Esc close";
	wg_text(y + h - 2, x + 2, w - 4, hint, da | ui_attr(THEME_KEY_HINT));
	if (cy >= 0) {
		move(cy, cx < ui->cols ? cx : ui->cols - 1);
		curs_set(1);
	} else {
		curs_set(0);
	}
}

static bool refuse_read_only(struct ui *ui, struct acct_dialog *d)
{
	if (!ui->read_only)
		return false;
	dialog_say(d, TOAST_WARNING, "Read-only: nothing can be changed (started with --read-only).");
	return true;
}

static void begin_edit(struct acct_dialog *d, enum edit_kind k, const char *text)
{
	d->editing = k;
	lineedit_set(&d->edit, text);
}

static void edit_commit(struct ui *ui, struct acct_dialog *d)
{
	struct wft_error err;
	const char *t = lineedit_text(&d->edit);

	switch (d->editing) {
	case ED_DESC:
		if (sa_check_description(t, &err) != WFT_OK) {
			dialog_say(d, TOAST_ERROR, "%s", err.message);
			return;
		}
		if (strcmp(t, lineedit_text(&d->desc)) != 0) {
			lineedit_set(&d->desc, t);
			d->dirty = !d->is_new;
		}
		d->editing = ED_NONE;
		break;
	case ED_NAME:
		/* Checked as typed is left: the message says what is wrong. */
		lineedit_set(&d->name, t);
		d->editing = ED_NONE;
		if (*t && sa_check_name(t, &err) != WFT_OK)
			dialog_say(d, TOAST_ERROR, "%s", err.message);
		else
			d->msg[0] = '\0';
		break;
	case ED_FIRSTNAME:
		lineedit_set(&d->firstname, t);
		d->editing = ED_NONE;
		if (sa_check_token_name(t, &err) != WFT_OK)
			dialog_say(d, TOAST_ERROR, "%s", err.message);
		break;
	case ED_RENAME:
		dialog_start_rename(ui, d);
		break;
	case ED_GENERATE:
		dialog_start_generate(ui, d);
		break;
	default:
		break;
	}
}

static void toggle_row(struct ui *ui, struct acct_dialog *d, const struct row *r)
{
	struct ui_pickers *A = &ui->pickers;

	if (r->kind == R_FIRST) {
		d->first_token = !d->first_token;
		return;
	}
	if (refuse_read_only(ui, d))
		return;
	switch (r->kind) {
	case R_ACTIVE: d->active = !d->active; break;
	case R_PERM: d->perm[r->i] = !d->perm[r->i]; break;
	case R_ROLE: d->role[r->i] = !d->role[r->i]; break;
	case R_GROUP:
		if (dialog_is_fixed_group(&A->groups.items[r->i])) {
			dialog_say(d, TOAST_INFO, "Every service account stays in the Service Accounts group.");
			return;
		}
		d->grp[r->i] = !d->grp[r->i];
		break;
	default:
		return;
	}
	d->dirty = true;
	d->warned = false;
}

static void activate_row(struct ui *ui, struct acct_dialog *d, const struct row *r)
{
	switch (r->kind) {
	case R_DESC:
		if (!refuse_read_only(ui, d))
			begin_edit(d, ED_DESC, lineedit_text(&d->desc));
		break;
	case R_NAME: begin_edit(d, ED_NAME, lineedit_text(&d->name)); break;
	case R_FIRSTNAME: begin_edit(d, ED_FIRSTNAME, lineedit_text(&d->firstname)); break;
	case R_CREATE: dialog_start_create(ui, d); break;
	case R_GENERATE:
		if (!refuse_read_only(ui, d)) {
			if (d->base.n_tokens >= WFT_MAX_TOKENS_PER_ACCOUNT)
				dialog_limit_message(ui, d, false);
			else
				begin_edit(d, ED_GENERATE, "");
		}
		break;
	case R_TOKEN:
		if (!refuse_read_only(ui, d)) {
			d->edit_token = r->i;
			begin_edit(d, ED_RENAME, d->base.tokens[r->i].name);
		}
		break;
	default:
		toggle_row(ui, d, r);
		break;
	}
}

/* A key while a request runs, a field is edited, or a question is up
 * (revoke a token, an update's conflict); -1 when none of these is. */
static int substate_key(struct ui *ui, struct acct_dialog *d, int key)
{
	if (request_pending(ui, REQ_ACCOUNTS)) {
		/* One thing at a time; Esc cancels what runs. */
		if (key == KEY_ESC) {
			request_cancel_all(ui, REQ_ACCOUNTS);
			if ((d = dialog_find(ui)) && !d->msg[0])
				dialog_say(d, TOAST_WARNING, "Cancelled.");
		}
		return UI_HANDLED;
	}
	if (d->editing != ED_NONE) {
		if (key == '\n')
			edit_commit(ui, d);
		else if (key == KEY_ESC) {
			d->editing = ED_NONE;
			if (d->is_new && !*lineedit_text(&d->name))
				d->msg[0] = '\0';
		} else
			keys_edit_line(&d->edit, key);
		return UI_HANDLED;
	}
	if (d->confirm_revoke >= 0) {
		if (wg_confirm_key(key) == WG_YES)
			dialog_revoke_token(ui, d, d->confirm_revoke);
		else if (wg_confirm_key(key) == WG_NO) {
			d->confirm_revoke = -1;
			dialog_say(d, TOAST_INFO, "Nothing was revoked.");
		}
		return UI_HANDLED;
	}
	if (d->conflict) {
		if (key == 'r') {
			struct wft_error err;
			struct request *c = request_new(ui, REQ_ACCOUNTS, dialog_loaded, NULL);
			d->conflict = false;
			d->loading = true;
			dialog_say(d, TOAST_INFO, "Reloaded %s from the server; your edits were dropped.", d->id);
			if (!c || !request_go(ui, c, wft_api_account(request_api(ui), d->id, request_done, c, &err)))
				dialog_say(d, TOAST_ERROR, "Could not reload %s.", d->id);
			return UI_HANDLED;
		}
		if (key == KEY_ESC) {
			d->conflict = false;
			dialog_say(d, TOAST_WARNING, "Your edits are kept, not saved. Ctrl-S checks again.");
			return UI_HANDLED;
		}
		return UI_HANDLED;
	}
	return -1;
}

/* Closes the dialog; the page in front shows what changed. */
static void close_and_tell(struct ui *ui)
{
	dialog_close(ui);
	ui_notify(ui, PAGE_EVENT_DIALOG_CLOSED);
}

/* R on a token's row: its rotation, which the API Tokens page runs
 * (ui->rotate_token), under the 20-token limit. */
static void rotate_row(struct ui *ui, struct acct_dialog *d, const struct row *cur)
{
	if (!cur || cur->kind != R_TOKEN || refuse_read_only(ui, d))
		return;
	if (d->base.n_tokens >= WFT_MAX_TOKENS_PER_ACCOUNT)
		dialog_limit_message(ui, d, false);
	else if (ui->rotate_token)
		ui->rotate_token(ui, &d->base.tokens[cur->i], d->id);
}

/* Esc or q: the dialog closes, unless edits are unsaved (said once) or a
 * revoke is held (asked: send it, cancel it, or stay). */
static int close_asked(struct ui *ui, struct acct_dialog *d)
{
	if (d->dirty && !d->warned) {
		d->warned = true;
		dialog_say(d, TOAST_WARNING, "Unsaved changes: Ctrl-S saves them; Esc again closes "
		    "without saving.");
		return UI_HANDLED;
	}
	if (hold_before_close(ui, &d->hold, close_and_tell))
		return UI_HANDLED;
	close_and_tell(ui);
	return UI_HANDLED | UI_RELAYOUT;
}

/* g: a new token's name asked, refused first at the limit of 20. */
static void generate_asked(struct ui *ui, struct acct_dialog *d)
{
	if (d->is_new || refuse_read_only(ui, d))
		return;
	if (d->base.n_tokens >= WFT_MAX_TOKENS_PER_ACCOUNT)
		dialog_limit_message(ui, d, false);
	else
		begin_edit(d, ED_GENERATE, "");
}

/* A key on the dialog's rows: move, open or toggle a row, generate,
 * rename or revoke a token, save (Ctrl-S), reload (Ctrl-R), close. */
static int rows_key(struct ui *ui, struct acct_dialog *d, int key)
{
	size_t n;
	struct row *r;

	r = rows_all(ui, d, &n);
	const struct row *cur = n ? &r[d->cur] : NULL;
	switch (key) {
	case KEY_ESC:
	case 'q':
		return close_asked(ui, d);
	case 'u':
		if (hold_running(&d->hold))
			hold_undo(&d->hold, NULL);
		else
			dialog_say(d, TOAST_INFO, "Nothing to undo: no revoke is waiting.");
		break;
	case KEYF(KEY_UP): case 'k': move_cur(ui, d, -1); break;
	case KEYF(KEY_DOWN): case 'j': move_cur(ui, d, 1); break;
	case KEYF(KEY_PPAGE): move_cur(ui, d, -10); break;
	case KEYF(KEY_NPAGE): move_cur(ui, d, 10); break;
	case KEYF(KEY_HOME): d->cur = 0; break;
	case KEYF(KEY_END): move_cur(ui, d, 10000); break;
	case '\t': next_section(ui, d, 1); break;
	case KEYF(KEY_BTAB): next_section(ui, d, -1); break;
	case '\n':
		if (cur)
			activate_row(ui, d, cur);
		break;
	case ' ':
		if (cur)
			toggle_row(ui, d, cur);
		break;
	case 'g':
		generate_asked(ui, d);
		break;
	case 'r':
		if (cur && cur->kind == R_TOKEN && !refuse_read_only(ui, d)) {
			d->edit_token = cur->i;
			begin_edit(d, ED_RENAME, d->base.tokens[cur->i].name);
		}
		break;
	case 'R':
		rotate_row(ui, d, cur);
		break;
	case 'd':
	case KEYF(KEY_DC):
		if (cur && cur->kind == R_TOKEN && !refuse_read_only(ui, d) &&
		    !dialog_refuse_while_held(d))
			d->confirm_revoke = cur->i;
		break;
	case KEY_CTRL('s'):
		if (refuse_read_only(ui, d))
			break;
		if (d->is_new)
			dialog_start_create(ui, d);
		else if (!d->loading)
			dialog_start_update(ui, d);
		break;
	case KEY_CTRL('r'):
		if (!d->is_new && !d->dirty)
			dialog_reload_tokens(ui, d);
		break;
	default:
		break;
	}
	return UI_HANDLED;
}

static int dialog_key(struct ui *ui, void *data, int key)
{
	struct acct_dialog *d = dialog_find(ui);
	int r;

	(void)data;
	if (!d)
		return 0;
	if ((r = substate_key(ui, d, key)) >= 0)
		return r;
	return rows_key(ui, d, key);
}

/* Every key is the dialog's while it is up. */
static int dialog_key_all(struct ui *ui, void *data, int key)
{
	return dialog_key(ui, data, key) | UI_HANDLED;
}

static const struct overlay_ops dialog_ops = { DIALOG_OVERLAY, dialog_draw, dialog_key_all,
                                               dialog_free };
