/* csp_page.c: the VMware Cloud tab (csp_page.h): its sections (OAuth
 * apps, your CSP API token, organisation tokens), the sign-in
 * credential's expiry in the header and at start, and the plain
 * explanation when the console signed in with an Operations for
 * Applications API token, where none of this can be used. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curses.h>

#include "csp_page.h"
#include "csp_page_state.h"
#include "help.h"
#include "journal.h"
#include "keys.h"
#include "mask.h"
#include "session.h"
#include "textwidth.h"
#include "timefmt.h"

#define DAY_MS (24LL * 60 * 60 * 1000)

static const char *const section_title[CSP_N_SECTIONS] = {
	"OAuth apps", "Your CSP API token", "Organisation tokens",
};

struct csp_page *csp_state(struct ui *ui)
{
	return ui_page_state(ui, &csp_page_ops);
}

wft_millis csp_now(struct ui *ui)
{
	return ui->clock ? ui->clock(ui->clock_ud) : wft_clock_real(NULL);
}

void *csp_page_new(void)
{
	struct csp_page *P = calloc(1, sizeof *P);

	if (P) {
		lineedit_init(&P->search);
		csp_roles_init(&P->roles);
	}
	return P;
}

const char *csp_org(struct ui *ui)
{
	struct csp_page *P = csp_state(ui);

	if (P && P->details.org_id && *P->details.org_id)
		return P->details.org_id;
	return ui->session ? session_org_id(ui->session) : NULL;
}

struct request *csp_request(struct ui *ui, const char *what, request_csp_fn fn, void *arg)
{
	struct request *r;

	if (!request_csp(ui)) {
		ui_toast(ui, TOAST_ERROR, "%s: not signed in through VMware Cloud services.", what);
		return NULL;
	}
	if (!(r = request_new_csp(ui, fn, arg)))
		ui_toast(ui, TOAST_ERROR, "%s: out of memory.", what);
	return r;
}

/* ---- changes ---------------------------------------------------------------------- */

struct csp_change *csp_change_new(struct ui *ui, const char *action, const char *id,
                                  const char *name)
{
	struct csp_change *x = calloc(1, sizeof *x);

	if (!x) {
		ui_toast(ui, TOAST_ERROR, "Out of memory: nothing was changed.");
		return NULL;
	}
	x->action = action;
	snprintf(x->id, sizeof x->id, "%s", id ? id : "");
	snprintf(x->name, sizeof x->name, "%s", name ? name : "");
	x->sent = csp_now(ui);
	ui_journal(ui, &x->journal, action, id, name, NULL, JOURNAL_PENDING, NULL);
	return x;
}

void csp_change_end(struct ui *ui, struct csp_change *x, const struct wft_error *err,
                    enum wft_settled settled, enum toast_kind kind, const char *msg)
{
	bool dry = err && err->code == WFT_ERR_DRY_RUN;
	const char *state = dry ? JOURNAL_DRY_RUN
	                  : journal_state_of(wft_outcome_of(err), settled);

	ui_journal(ui, &x->journal, x->action, x->id[0] ? x->id : NULL, x->name, NULL, state,
	           dry || (err && err->code != WFT_OK) ? err->message : NULL);
	if (dry)
		ui_toast(ui, TOAST_WARNING, "Dry run: %s", err->message);
	else
		ui_toast(ui, kind, "%s", msg);
	free(x);
}

/* ---- the sign-in credential ---------------------------------------------------- */

static bool signed_in_with_token(struct ui *ui)
{
	return ui->session && wft_auth_method(session_auth(ui->session)) == WFT_AUTH_CSP_API_TOKEN;
}

/* Days left before t (rounded down); t in the past gives a negative. */
static long days_left(wft_millis t, wft_millis now)
{
	return t > now ? (long)((t - now) / DAY_MS) : -1;
}

/* The header's badge and, within the window, the warning at start. */
static void expiry_said(struct ui *ui, const struct csp_token_details *d, bool at_start)
{
	wft_millis now = csp_now(ui), exp = d->expires_at;
	long left = days_left(exp, now);
	char when[64];

	timefmt_date(exp, when, sizeof when);
	ui->signin_warn = d->deactivated || (exp > 0 && exp - now <= CSP_WARN_DAYS * DAY_MS);
	if (d->deactivated)
		snprintf(ui->signin_badge, sizeof ui->signin_badge, "[sign-in token deactivated]");
	else if (exp <= 0)
		snprintf(ui->signin_badge, sizeof ui->signin_badge, "[sign-in token: no expiry]");
	else if (left < 0)
		snprintf(ui->signin_badge, sizeof ui->signin_badge, "[sign-in token expired]");
	else
		snprintf(ui->signin_badge, sizeof ui->signin_badge, "[sign-in expires in %ld day%s]",
		         left, left == 1 ? "" : "s");
	if (d->deactivated || exp <= 0 || left < 0)
		snprintf(ui->signin_short, sizeof ui->signin_short, "%s", d->deactivated
		         ? "[deactivated]" : exp <= 0 ? "" : "[expired]");
	else
		snprintf(ui->signin_short, sizeof ui->signin_short, "[%ldd left]", left);
	if (at_start && ui->signin_warn)
		ui_toast(ui, TOAST_WARNING, "Your CSP API token \"%s\" %s %s%s: generate a "
		         "replacement (3, then g).",
		         d->token_name ? d->token_name : "", d->deactivated ? "was deactivated;"
		         : left < 0 ? "expired on" : "expires on", d->deactivated ? "" : when,
		         d->deactivated || left < 0 ? "" : left == 0 ? " (today)" : "");
}

/* The details call's argument when it runs at start. */
static const char start_marker = 1;

static void details_done(struct ui *ui, struct csp_api_result *res, void *arg)
{
	struct csp_page *P = csp_state(ui);
	bool at_start = arg == &start_marker;

	if (!P)
		return;
	if (res->err.code != WFT_OK) {
		if (res->err.code != WFT_ERR_CANCELLED) {
			snprintf(P->details_err, sizeof P->details_err, "%s", res->err.message);
			ui_toast(ui, TOAST_ERROR, "Could not read your CSP API token's details: %s",
			         res->err.message);
		}
		return;
	}
	csp_token_details_clear(&P->details);
	P->details = res->details;
	memset(&res->details, 0, sizeof res->details);
	P->details_loaded = true;
	P->details_err[0] = '\0';
	csp_roles_learn(&P->roles, &P->details.allowed);
	expiry_said(ui, &P->details, at_start);
	/* The organisation is known now: the apps, if the tab waited for it. */
	if (!P->apps_loaded && ui_in_front(ui, &csp_page_ops))
		csp_apps_reload(ui);
}

static void details_read(struct ui *ui, bool at_start)
{
	struct wft_error err;
	struct request *r;

	if (!signed_in_with_token(ui) ||
	    !(r = csp_request(ui, "Your CSP API token", details_done,
	                      at_start ? (void *)&start_marker : NULL)))
		return;
	wft_error_clear(&err);
	if (!request_go_csp(ui, r, session_csp_details(ui->session, request_csp_done, r, &err)))
		ui_toast(ui, TOAST_ERROR, "Could not read your CSP API token's details: %s",
		         err.message);
}

void csp_oauth_ttl_known(struct ui *ui, long ttl)
{
	struct csp_page *P = csp_state(ui);
	char t[32];

	if (!P || ttl <= 0)
		return;
	P->oauth_ttl = ttl;
	snprintf(ui->signin_badge, sizeof ui->signin_badge, "[sign-in: OAuth app, TTL %s]",
	         csp_ttl_text(ttl, t, sizeof t));
	snprintf(ui->signin_short, sizeof ui->signin_short, "[TTL %s]", t);
	ui->signin_warn = false;
}

static void oauth_app_done(struct ui *ui, struct csp_api_result *res, void *arg)
{
	(void)arg;
	if (res->err.code == WFT_OK)
		csp_oauth_ttl_known(ui, res->app.access_token_ttl);
}

/* Signed in with an OAuth app: its access-token TTL, from the app itself. */
static void oauth_app_read(struct ui *ui)
{
	const char *org = csp_org(ui), *id = session_client_id(ui->session);
	struct wft_error err;
	struct request *r;

	if (!org || !id || !(r = csp_request(ui, "The OAuth app signed in with", oauth_app_done,
	                                     NULL)))
		return;
	wft_error_clear(&err);
	request_go_csp(ui, r, csp_api_oauth_app(request_csp(ui), org, id, request_csp_done, r, &err));
}

void csp_page_start(struct ui *ui)
{
	if (!request_csp(ui))
		return;
	if (ui->dry_run)
		csp_api_set_dry_run(request_csp(ui), true);
	if (signed_in_with_token(ui))
		details_read(ui, true);
	else
		oauth_app_read(ui);
}

/* "in 8 days", "today", "5 days ago" */
static void when_text(wft_millis t, wft_millis now, char *out, size_t n)
{
	long d = (long)((t > now ? t - now : now - t) / DAY_MS);

	if (d == 0)
		snprintf(out, n, t > now ? "today" : "expired today");
	else
		snprintf(out, n, "%s%ld day%s%s", t > now ? "in " : "", d, d == 1 ? "" : "s",
		         t > now ? "" : " ago");
}

/* The sign-in line: what the credential is and when it expires. */
static void signin_text(struct ui *ui, struct csp_page *P, char *out, size_t n)
{
	const struct csp_token_details *d = &P->details;
	char when[64], rel[32];

	if (!signed_in_with_token(ui)) {
		wft_millis exp = wft_auth_expires_at(session_auth(ui->session));
		char ttl[32] = "?";
		timefmt_absolute(exp, when, sizeof when);
		if (P->oauth_ttl > 0)
			csp_ttl_text(P->oauth_ttl, ttl, sizeof ttl);
		snprintf(out, n, "Signed in with an OAuth app: its id and secret do not expire; its "
		         "access tokens live %s (TTL), the current one until %s, renewed at sign-in.",
		         ttl, exp ? when : "?");
		return;
	}
	if (!P->details_loaded) {
		snprintf(out, n, "Signed in with a CSP API token: %s", P->details_err[0]
		         ? P->details_err : "reading its details...");
		return;
	}
	timefmt_date(d->expires_at, when, sizeof when);
	when_text(d->expires_at, csp_now(ui), rel, sizeof rel);
	if (d->deactivated || d->expires_at <= 0)
		snprintf(out, n, "Signed in with CSP API token \"%s\": %s", d->token_name
		         ? d->token_name : "", d->deactivated ? "deactivated" : "does not expire");
	else
		snprintf(out, n, "Signed in with CSP API token \"%s\": expires %s (%s)%s",
		         d->token_name ? d->token_name : "", when, rel, ui->signin_warn
		         ? ": generate a replacement (g)" : "");
}

/* ---- drawing ------------------------------------------------------------------------- */

static void draw_lines(struct ui *ui, int y, const char *const *lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		wg_text(y + (int)i, 2, ui->cols - 4, lines[i], ui_attr(THEME_ROW));
}

/* Signed in with an Operations for Applications API token: why the tab
 * cannot be used, and how to sign in so that it can. */
static void draw_no_csp(struct ui *ui, int y)
{
	static const char *const lines[] = {
		"This tab cannot be used: the console signed in with an Operations for Applications",
		"API token. OAuth apps, CSP API tokens and the organisation's tokens live in VMware",
		"Cloud services (CSP), which only a CSP sign-in can reach.",
		"",
		"To use it, start wftokens signed in through CSP, either",
		"  with a CSP API token:  wftokens --auth csp-api-token   (CSP_API_TOKEN=...)",
		"  or with an OAuth app:  wftokens --auth csp-oauth --org-id ORG",
		"                         (CSP_CLIENT_ID=... CSP_CLIENT_SECRET=...)",
		"or set auth = csp-api-token or csp-oauth in the profile (see wftokens(1)).",
	};

	draw_lines(ui, y, lines, sizeof lines / sizeof *lines);
}

/* Your CSP API token: the details of the one signed in with. */
static void draw_token(struct ui *ui, struct csp_page *P, int y)
{
	const struct csp_token_details *d = &P->details;
	wft_millis now = csp_now(ui);
	char line[600], a[64], b[32], scopes[400];
	attr_t at = ui_attr(THEME_ROW);

	if (!signed_in_with_token(ui)) {
		wg_text(y, 2, ui->cols - 4, "Signed in with an OAuth app: there is no CSP API token of "
		        "yours to show. g generates one (its value is handed over once).", at);
		return;
	}
	if (!P->details_loaded) {
		wg_text(y, 2, ui->cols - 4, P->details_err[0] ? P->details_err : "Reading...", at);
		return;
	}
	snprintf(line, sizeof line, "Name:       %s", d->token_name ? d->token_name : "");
	wg_text(y++, 2, ui->cols - 4, line, at);
	snprintf(line, sizeof line, "Token id:   %s", wft_mask_id(d->token_id ? d->token_id : "", a,
	         sizeof a));
	wg_text(y++, 2, ui->cols - 4, line, at);
	snprintf(line, sizeof line, "User:       %s", d->username ? d->username : "");
	wg_text(y++, 2, ui->cols - 4, line, at);
	snprintf(line, sizeof line, "Created:    %s (%s)", timefmt_date(d->created_at, a, sizeof a),
	         timefmt_relative(d->created_at, now, b, sizeof b));
	wg_text(y++, 2, ui->cols - 4, line, at);
	snprintf(line, sizeof line, "Expires:    %s", d->expires_at > 0 ? timefmt_date(d->expires_at,
	         a, sizeof a) : "never");
	wg_text(y++, 2, ui->cols - 4, line, ui->signin_warn ? ui_attr(THEME_WARNING) : at);
	snprintf(line, sizeof line, "Last used:  %s", timefmt_relative(d->last_used_at, now, b,
	         sizeof b));
	wg_text(y++, 2, ui->cols - 4, line, at);
	csp_roles_text(&d->allowed, scopes, sizeof scopes);
	snprintf(line, sizeof line, "Roles:      %s", scopes[0] ? scopes : "(none)");
	wg_text(y++, 2, ui->cols - 4, line, at);
	scopes[0] = '\0';
	for (size_t i = 0; i < d->n_scope; i++)
		snprintf(scopes + strlen(scopes), sizeof scopes - strlen(scopes), "%s%s", i ? " " : "",
		         d->scope[i]);
	snprintf(line, sizeof line, "Scopes:     %s", scopes[0] ? scopes : "(none)");
	wg_text(y++, 2, ui->cols - 4, line, at);
	snprintf(line, sizeof line, "Status:     %s", d->deactivated ? "deactivated" : "active");
	wg_text(y++, 2, ui->cols - 4, line, at);
	wg_text(y + 1, 2, ui->cols - 4, "g generates a new CSP API token (roles and TTL you choose), "
	        "handed over once: a replacement before this one expires.", at);
}

static void draw_sections(struct ui *ui, struct csp_page *P)
{
	char line[1024];

	attrset(ui_attr(THEME_SEARCH_BAR));
	mvhline(1, 0, ' ', ui->cols);
	move(1, 1);
	for (int s = 0; s < CSP_N_SECTIONS; s++) {
		attrset(ui_attr(THEME_SEARCH_BAR) | (s == (int)P->section ? ui_attr(THEME_TAB_ACTIVE)
		                                                          : 0));
		snprintf(line, sizeof line, " %s%s ", s == (int)P->section ? "*" : "", section_title[s]);
		addstr(line);
		attrset(ui_attr(THEME_SEARCH_BAR));
		addstr(" ");
	}
	attrset(ui_attr(THEME_SEARCH_BAR));
	addstr(" (Tab: next)");
	signin_text(ui, P, line, sizeof line);
	wg_text(2, 1, ui->cols - 2, line, ui->signin_warn ? ui_attr(THEME_WARNING)
	                                                  : ui_attr(THEME_ROW));
}

/* The apps' search bar, an overlay while typing: Enter keeps the search,
 * Esc clears it. */
static int search_key(struct ui *ui, void *st, int key)
{
	struct csp_page *P = st;

	(void)ui;
	if (key == '\n')
		return UI_HANDLED | OVERLAY_CLOSE;
	if (key == KEY_ESC) {
		lineedit_clear(&P->search);
		csp_apps_rebuild(P);
		return UI_HANDLED | OVERLAY_CLOSE;
	}
	if (keys_edit_line(&P->search, key))
		csp_apps_rebuild(P);
	return UI_HANDLED;
}

/* The cursor in the search bar (the apps' first row, after "/ "). */
static void search_draw(struct ui *ui, void *st)
{
	struct csp_page *P = st;
	int x = 3 + lineedit_cursor_col(&P->search);

	move(CSP_SEARCH_ROW, x < ui->cols ? x : ui->cols - 1);
	curs_set(1);
}

static const struct overlay_ops search_ops = { "csp-search", search_draw, search_key, NULL };

static void draw_footer(struct ui *ui, struct csp_page *P)
{
	static const char *const hints[CSP_N_SECTIONS] = {
		"a new  e edit  R secret  d delete  o add to org  / search  s sort",
		"g generate a CSP API token  Tab next section",
		"i look up by value  D deactivate ids  A activate ids  Tab next section",
	};
	int y = ui->lines - 1, x = 1;
	attr_t f = ui_attr(THEME_FOOTER);
	const char *hint = !request_csp(ui) ? "1 API Tokens  2 Service Accounts  ? help  q quit"
	                 : overlay_has(&ui->overlays, &search_ops) ? "Enter keep  Esc clear  C-u empty"
	                 : ui->read_only ? "Tab next section  / search  s sort  ? help"
	                 : hints[P->section];

	attrset(ui_attr(THEME_BORDER));
	mvhline(y - 1, 0, ACS_HLINE, ui->cols);
	attrset(f);
	mvhline(y, 0, ' ', ui->cols);
	if (ui->toast_kind != TOAST_NONE) {
		ui_draw_toast(ui, y, x, f);
		return;
	}
	wg_text(y, ui->cols - tw_width(hint) - 1, tw_width(hint), hint, f | ui_attr(THEME_KEY_HINT));
}

static void csp_draw(struct ui *ui, void *st)
{
	struct csp_page *P = st;
	int top = CSP_SEARCH_ROW, h = ui->lines - 5 - top;

	ui->lines = LINES;
	ui->cols = COLS;
	ui_draw_header(ui);
	for (int y = 1; y < ui->lines - 2; y++) {
		attrset(ui_attr(THEME_ROW));
		mvhline(y, 0, ' ', ui->cols);
	}
	curs_set(0);
	if (!request_csp(ui)) {
		draw_no_csp(ui, 2);
	} else {
		draw_sections(ui, P);
		if (P->section == CSP_SEC_APPS)
			csp_apps_draw(ui, P, top, h + 2);
		else if (P->section == CSP_SEC_TOKEN)
			draw_token(ui, P, top + 1);
		else
			csp_org_draw(ui, P, top + 1, h + 1);
	}
	draw_footer(ui, P);
}

/* ---- keys and actions ------------------------------------------------------------------ */

static void csp_shown(struct ui *ui, void *st)
{
	struct csp_page *P = st;

	if (request_csp(ui) && !P->apps_loaded && !request_pending(ui, REQ_CSP))
		csp_apps_reload(ui);
}

static int csp_action(struct ui *ui, void *st, enum action a)
{
	struct csp_page *P = st;

	switch (a) {
	case ACT_QUIT:
		return UI_QUIT;
	case ACT_HELP:
		help_open(ui, ACTF_CSP);
		return UI_HANDLED;
	case ACT_CANCEL:
		if (request_pending(ui, REQ_CSP)) {
			request_cancel_all(ui, REQ_CSP);
			ui_toast(ui, TOAST_WARNING, "Cancelled.");
		}
		return UI_HANDLED;
	default:
		break;
	}
	if (!request_csp(ui)) {
		ui_toast(ui, TOAST_ERROR, "Signed in with an Operations for Applications API token: "
		         "this tab needs a VMware Cloud services sign-in (see the page).");
		return UI_HANDLED;
	}
	switch (a) {
	case ACT_CSP_SECTION:
		P->section = (P->section + 1) % CSP_N_SECTIONS;
		return UI_HANDLED;
	case ACT_RELOAD:
		details_read(ui, false);
		csp_apps_reload(ui);
		return UI_HANDLED;
	case ACT_CSP_GENERATE:
		P->section = CSP_SEC_TOKEN;
		csp_token_generate_open(ui, P);
		return UI_HANDLED;
	case ACT_CSP_LOOKUP:
		P->section = CSP_SEC_ORG;
		csp_lookup_open(ui);
		return UI_HANDLED;
	case ACT_CSP_DEACTIVATE:
	case ACT_CSP_ACTIVATE:
		P->section = CSP_SEC_ORG;
		csp_org_ids_open(ui, a == ACT_CSP_DEACTIVATE);
		return UI_HANDLED;
	case ACT_SEARCH:
		P->section = CSP_SEC_APPS;
		lineedit_end(&P->search);
		if (!overlay_has(&ui->overlays, &search_ops))
			overlay_push_typing(&ui->overlays, &search_ops, P);
		return UI_HANDLED;
	default:
		return csp_apps_action(ui, P, a);
	}
}

static int csp_command(struct ui *ui, void *st, const char *cmd, const char *arg)
{
	struct csp_page *P = st;
	char name[32];
	size_t n;

	if (strcmp(cmd, "search") == 0) {
		lineedit_set(&P->search, arg);
		csp_apps_rebuild(P);
		return UI_HANDLED;
	}
	if (strcmp(cmd, "sort") != 0)
		return 0;
	n = strcspn(arg, " :");
	if (n == 0 || n >= sizeof name) {
		ui_toast(ui, TOAST_ERROR, ":sort needs a column of the OAuth apps: name, description, "
		         "ttl, roles, createdby, lastused, secretage.");
		return UI_HANDLED;
	}
	memcpy(name, arg, n);
	name[n] = '\0';
	if (!csp_apps_sort_by(P, name, strstr(arg + n, "desc") != NULL))
		ui_toast(ui, TOAST_ERROR, "Unknown column \"%s\" of the OAuth apps: use name, "
		         "description, ttl, roles, createdby, lastused or secretage.", name);
	return UI_HANDLED;
}

static void csp_free(struct ui *ui, void *st)
{
	struct csp_page *P = st;

	(void)ui;
	if (!P)
		return;
	csp_token_details_clear(&P->details);
	csp_token_details_clear(&P->lookup);
	csp_oauth_app_list_clear(&P->apps);
	wg_rows_free(&P->table);
	lineedit_free(&P->search);
	csp_roles_free(&P->roles);
	csp_results_clear(P);
	free(P);
}

const struct page_ops csp_page_ops = {
	.title = "VMware Cloud",
	.flag = ACTF_CSP,
	.draw = csp_draw,
	.action = csp_action,
	.command = csp_command,
	.shown = csp_shown,
	.free = csp_free,
};
