/* csp_apps.c: the VMware Cloud tab's OAuth apps: the table (search and
 * sort through the widget kit's rows), the sort menu, and reading the
 * list. The changes to an app are in csp_app_change.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curses.h>

#include "csp_page_state.h"
#include "keys.h"
#include "session.h"
#include "timefmt.h"

static const char *const col_title[] = { "Name", "Description", "TTL", "Roles", "Created by",
                                         "Last used", "Secret age" };
#define N_COLS 7

/* ---- the rows ------------------------------------------------------------------------- */

static const struct csp_oauth_app *row_app(struct csp_page *P, size_t r)
{
	size_t i = wg_rows_item(&P->table, r);

	return i < P->apps.n ? &P->apps.items[i] : NULL;
}

const struct csp_oauth_app *csp_apps_selected(struct csp_page *P)
{
	return row_app(P, P->table.sel);
}

static const char *str(const char *s)
{
	return s ? s : "";
}

static int cmp_num(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

static int row_cmp(const void *pa, const void *pb, void *ud)
{
	const struct csp_page *P = ud;
	const struct csp_oauth_app *a = &P->apps.items[*(const size_t *)pa];
	const struct csp_oauth_app *b = &P->apps.items[*(const size_t *)pb];
	char ra[300], rb[300];
	int c = 0;

	switch (P->sort_col) {
	case 1: c = strcasecmp(str(a->description), str(b->description)); break;
	case 2: c = cmp_num(a->access_token_ttl, b->access_token_ttl); break;
	case 3:
		csp_roles_text(&a->allowed, ra, sizeof ra);
		csp_roles_text(&b->allowed, rb, sizeof rb);
		c = strcmp(ra, rb);
		break;
	case 4: c = strcasecmp(str(a->created_by), str(b->created_by)); break;
	case 5: c = cmp_num(a->last_used_at, b->last_used_at); break;
	case 6: c = cmp_num(a->secret_age, b->secret_age); break;
	default: break;
	}
	if (c == 0)
		c = strcasecmp(str(a->display_name), str(b->display_name));
	if (c == 0)
		c = strcmp(str(a->id), str(b->id));
	return P->sort_desc ? -c : c;
}

/* The search: a plain substring of the name, description, id or roles. */
static bool row_keep(size_t i, void *ud)
{
	const struct csp_page *P = ud;
	const char *q = lineedit_text(&P->search);
	const struct csp_oauth_app *a = &P->apps.items[i];
	char roles[300];

	if (!*q || strcasestr(str(a->display_name), q) || strcasestr(str(a->description), q) ||
	    strcasestr(str(a->id), q))
		return true;
	csp_roles_text(&a->allowed, roles, sizeof roles);
	return strcasestr(roles, q) != NULL;
}

static const char *row_key(size_t i, void *ud)
{
	const struct csp_page *P = ud;

	return str(P->apps.items[i].id);
}

static const struct wg_rows_model row_model = { row_keep, row_cmp, row_key };

void csp_apps_rebuild(struct csp_page *P)
{
	char keep[160];

	wg_rows_selected_key(&P->table, &row_model, P, keep, sizeof keep);
	wg_rows_build(&P->table, P->apps.n, &row_model, P, keep);
}

/* ---- reading the list --------------------------------------------------------------------- */

static void list_done(struct ui *ui, struct csp_api_result *res, void *arg)
{
	struct csp_page *P = csp_state(ui);
	char keep[160];

	(void)arg;
	if (!P)
		return;
	if (res->err.code != WFT_OK) {
		if (res->err.code != WFT_ERR_CANCELLED) {
			snprintf(P->apps_err, sizeof P->apps_err, "%s", res->err.message);
			ui_toast(ui, TOAST_ERROR, "Could not load the OAuth apps: %s", res->err.message);
		}
		return;
	}
	wg_rows_selected_key(&P->table, &row_model, P, keep, sizeof keep);
	csp_oauth_app_list_clear(&P->apps);
	P->apps = res->apps;
	memset(&res->apps, 0, sizeof res->apps);
	P->apps_loaded = true;
	P->apps_err[0] = '\0';
	for (size_t i = 0; i < P->apps.n; i++) {
		const struct csp_oauth_app *a = &P->apps.items[i];
		csp_roles_learn(&P->roles, &a->allowed);
		if (a->id && session_client_id(ui->session) &&
		    strcmp(a->id, session_client_id(ui->session)) == 0)
			csp_oauth_ttl_known(ui, a->access_token_ttl);
	}
	wg_rows_build(&P->table, P->apps.n, &row_model, P, keep);
}

void csp_apps_reload(struct ui *ui)
{
	struct csp_page *P = csp_state(ui);
	const char *org = csp_org(ui);
	struct wft_error err;
	struct request *r;

	if (!org) {
		/* A CSP API token names its organisation in its details. */
		if (P && !P->details_loaded)
			snprintf(P->apps_err, sizeof P->apps_err, "Waiting for the token's details "
			         "(its organisation); Ctrl-R reads again.");
		else if (P)
			snprintf(P->apps_err, sizeof P->apps_err, "No organisation known: sign in with "
			         "--org-id ORG (an OAuth app needs it).");
		return;
	}
	if (!(r = csp_request(ui, "OAuth apps", list_done, NULL)))
		return;
	wft_error_clear(&err);
	if (!request_go_csp(ui, r, csp_api_oauth_apps(request_csp(ui), org, NULL, 0,
	                                               request_csp_done, r, &err)))
		ui_toast(ui, TOAST_ERROR, "Could not load the OAuth apps: %s", err.message);
}

/* ---- drawing ---------------------------------------------------------------------------- */

static void layout(struct ui *ui, int *x, int *w)
{
	int fixed[N_COLS] = { 0, 0, 7, 0, 0, 11, 12 };
	int flex = ui->cols - 2 - (N_COLS - 1) - fixed[2] - fixed[5] - fixed[6];
	int xx = 2;

	fixed[0] = flex * 22 / 100;
	fixed[1] = flex * 28 / 100;
	fixed[3] = flex * 30 / 100;
	fixed[4] = flex - fixed[0] - fixed[1] - fixed[3];
	for (int c = 0; c < N_COLS; c++) {
		x[c] = xx;
		w[c] = fixed[c];
		xx += fixed[c] + 1;
	}
}

char *csp_ttl_text(long s, char *out, size_t n)
{
	if (s <= 0)
		snprintf(out, n, "-");
	else if (s % 3600 == 0)
		snprintf(out, n, "%ld h", s / 3600);
	else if (s % 60 == 0)
		snprintf(out, n, "%ld min", s / 60);
	else
		snprintf(out, n, "%ld s", s);
	return out;
}

/* The secret's age, taken as milliseconds (doc/csp.md): "400 days". */
static char *age_text(int64_t ms, char *out, size_t n)
{
	int64_t days = ms / 86400000;

	if (ms <= 0)
		snprintf(out, n, "-");
	else if (days > 0)
		snprintf(out, n, "%lld day%s", (long long)days, days == 1 ? "" : "s");
	else
		snprintf(out, n, "%lld h", (long long)(ms / 3600000));
	return out;
}

static void draw_row(struct ui *ui, const struct csp_oauth_app *a, int y, attr_t at,
                     const int *cx, const int *cw)
{
	char buf[300];
	wft_millis now = csp_now(ui);

	wg_text(y, cx[0], cw[0], str(a->display_name), at);
	wg_text(y, cx[1], cw[1], str(a->description), at);
	wg_text(y, cx[2], cw[2], csp_ttl_text(a->access_token_ttl, buf, sizeof buf), at);
	csp_roles_text(&a->allowed, buf, sizeof buf);
	wg_text(y, cx[3], cw[3], buf, at);
	wg_text(y, cx[4], cw[4], str(a->created_by), at);
	wg_text(y, cx[5], cw[5], timefmt_relative(a->last_used_at, now, buf, sizeof buf), at);
	wg_text(y, cx[6], cw[6], age_text(a->secret_age, buf, sizeof buf), at);
}

void csp_apps_draw(struct ui *ui, struct csp_page *P, int top, int h)
{
	int cx[N_COLS], cw[N_COLS];
	char buf[300];

	snprintf(buf, sizeof buf, " / %s", lineedit_text(&P->search));
	wg_text(top, 0, ui->cols - 20, buf, ui_attr(THEME_SEARCH_BAR));
	snprintf(buf, sizeof buf, "%zu apps", P->table.n);
	wg_text(top, ui->cols - (int)strlen(buf) - 1, (int)strlen(buf), buf, ui_attr(THEME_SEARCH_BAR));
	layout(ui, cx, cw);
	attrset(ui_attr(THEME_TABLE_HEADER));
	mvhline(top + 1, 0, ' ', ui->cols);
	for (int c = 0; c < N_COLS; c++) {
		wg_header_text(col_title[c], c == P->sort_col, P->sort_desc, buf, sizeof buf);
		wg_text(top + 1, cx[c], cw[c], buf, ui_attr(THEME_TABLE_HEADER));
	}
	top += 2;
	h -= 2;
	if (!P->apps_loaded)
		wg_text(top + 1, 2, ui->cols - 4, P->apps_err[0] ? P->apps_err
		        : "Loading the OAuth apps...", ui_attr(THEME_ROW));
	else if (!P->table.n)
		wg_text(top + 1, 2, ui->cols - 4, P->apps.n ? "No app matches the search (x clears it)."
		        : "The organisation has no OAuth apps (a creates one).", ui_attr(THEME_ROW));
	P->table.sel = wg_table_follow(P->table.sel, P->table.n, &P->table.top,
	                               h > 0 ? (size_t)h : 0);
	for (size_t r = P->table.top; r < P->table.n && r < P->table.top + (size_t)h; r++) {
		int y = top + (int)(r - P->table.top);
		attr_t at = r == P->table.sel ? ui_attr(THEME_SELECTED_ROW) : ui_attr(THEME_ROW);
		attrset(at);
		mvhline(y, 0, ' ', ui->cols);
		wg_text(y, 0, 2, r == P->table.sel ? ">" : " ", at);
		draw_row(ui, row_app(P, r), y, at, cx, cw);
	}
}

/* ---- sorting ------------------------------------------------------------------------------ */

static void draw_sort_menu(struct ui *ui, void *st)
{
	struct csp_page *P = st;
	char lines[N_COLS][64];
	const char *items[N_COLS];
	struct wg_menu m = { N_COLS, P->sort_sel, NULL };

	for (int c = 0; c < N_COLS; c++) {
		snprintf(lines[c], sizeof lines[c], "%c %s", c == P->sort_col ? '*' : ' ', col_title[c]);
		items[c] = lines[c];
	}
	wg_menu_draw(ui_style(), &m, "Sort OAuth apps by", items, 30, NULL, ui->lines, ui->cols);
}

static int sort_menu_key(struct ui *ui, void *st, int key)
{
	struct csp_page *P = st;
	struct wg_menu m = { N_COLS, P->sort_sel, NULL };
	enum wg_menu_event ev = wg_menu_key(&m, key);

	(void)ui;
	P->sort_sel = m.sel;
	if (ev == WG_MENU_CHOSEN) {
		P->sort_col = P->sort_sel;
		P->sort_desc = P->sort_col == 5 || P->sort_col == 6; /* times: newest, oldest first */
		csp_apps_rebuild(P);
	}
	return ev == WG_MENU_STAYS ? UI_HANDLED : UI_HANDLED | OVERLAY_CLOSE;
}

static const struct overlay_ops sort_menu_ops = { "csp-sort", draw_sort_menu, sort_menu_key,
                                                  NULL };

void csp_apps_sort_menu(struct ui *ui, struct csp_page *P)
{
	P->sort_sel = P->sort_col;
	overlay_push(&ui->overlays, &sort_menu_ops, P);
}

bool csp_apps_sort_by(struct csp_page *P, const char *name, bool desc)
{
	static const char *const names[N_COLS] = { "name", "description", "ttl", "roles",
	                                           "createdby", "lastused", "secretage" };

	for (int c = 0; c < N_COLS; c++)
		if (strcasecmp(name, names[c]) == 0) {
			P->sort_col = c;
			P->sort_desc = desc;
			csp_apps_rebuild(P);
			return true;
		}
	return false;
}

/* ---- moving ------------------------------------------------------------------------------- */

/* Moves the selection of the apps, or scrolls the org tokens' results. */
static void move_sel(struct ui *ui, struct csp_page *P, enum action a)
{
	size_t h = (size_t)(ui->lines > 10 ? ui->lines - 10 : 1);
	size_t n = P->section == CSP_SEC_ORG ? P->n_results : P->table.n;
	size_t *sel = P->section == CSP_SEC_ORG ? &P->results_top : &P->table.sel;

	switch (a) {
	case ACT_MOVE_UP: if (*sel > 0) (*sel)--; break;
	case ACT_MOVE_DOWN: if (*sel + 1 < n) (*sel)++; break;
	case ACT_PAGE_DOWN: *sel = *sel + h < n ? *sel + h : n ? n - 1 : 0; break;
	case ACT_PAGE_UP: *sel = *sel > h ? *sel - h : 0; break;
	case ACT_FIRST_ROW: *sel = 0; break;
	case ACT_LAST_ROW: *sel = n ? n - 1 : 0; break;
	default: break;
	}
}

int csp_apps_action(struct ui *ui, struct csp_page *P, enum action a)
{
	switch (a) {
	case ACT_MOVE_UP: case ACT_MOVE_DOWN: case ACT_PAGE_DOWN: case ACT_PAGE_UP:
	case ACT_FIRST_ROW: case ACT_LAST_ROW:
		move_sel(ui, P, a);
		break;
	case ACT_SORT_MENU:
		P->section = CSP_SEC_APPS;
		csp_apps_sort_menu(ui, P);
		break;
	case ACT_SORT_REVERSE:
		P->sort_desc = !P->sort_desc;
		csp_apps_rebuild(P);
		break;
	case ACT_CLEAR:
		lineedit_clear(&P->search);
		csp_apps_rebuild(P);
		ui_toast(ui, TOAST_INFO, "Search cleared.");
		break;
	case ACT_CSP_APP_NEW: case ACT_CSP_APP_EDIT: case ACT_CSP_APP_SECRET:
	case ACT_CSP_APP_DELETE: case ACT_CSP_APP_ORG:
		P->section = CSP_SEC_APPS;
		csp_app_change(ui, P, a);
		break;
	default:
		break;
	}
	return UI_HANDLED;
}
