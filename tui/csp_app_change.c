/* csp_app_change.c: the changes to the organisation's OAuth apps: create
 * (then its secret handed over once), edit, regenerate the secret (after
 * a confirmation that says running scripts break; then the hand-over),
 * delete (after a confirmation, default No), add to the organisation with
 * roles. Each is journaled before and after; an answer that settles
 * nothing is read back when the app can tell (outcome.h), else said as
 * not confirmed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "csp_form.h"
#include "csp_page_state.h"
#include "outcome.h"

#define TTL_MIN_MIN 1                    /* an access-token TTL, in minutes */
#define TTL_MAX_MIN 300

static bool can_send(struct ui *ui, const char **org)
{
	if (!(*org = csp_org(ui))) {
		ui_toast(ui, TOAST_ERROR, "No organisation known (sign in with --org-id ORG): "
		         "nothing was sent.");
		return false;
	}
	return true;
}

/* Starts call for x; on failure to start, its end is journaled and said. */
static void go(struct ui *ui, struct csp_change *x, struct request *r,
               struct csp_api_call *call, const struct wft_error *err)
{
	if (!request_go_csp(ui, r, call)) {
		char msg[2048];
		snprintf(msg, sizeof msg, "Nothing was sent: %s", err->message);
		csp_change_end(ui, x, err, WFT_SETTLED_NOT_DONE, TOAST_ERROR, msg);
	}
}

/* What a read-back of a change says: verb ("created"), the reason when it
 * is not done ("X is still there"), what was read ("it", "the list"), and
 * what a done one adds (NULL: nothing; else said as a warning). */
struct settle_words {
	const char *verb;
	const char *why_not;
	const char *read;
	const char *done_more;
};

/* Says and journals a change settled by its read-back (v), then reads the
 * apps again. */
static void settle_said(struct ui *ui, struct csp_change *x, const struct csp_api_result *res,
                        enum wft_settled v, const struct settle_words *w)
{
	char msg[2048];

	switch (v) {
	case WFT_SETTLED_DONE:
		snprintf(msg, sizeof msg, "%c%s %s (read back; the answer was: %s)%s.",
		         w->verb[0] - 'a' + 'A', w->verb + 1, x->name, x->first.message,
		         w->done_more ? w->done_more : "");
		csp_change_end(ui, x, &x->first, v, w->done_more ? TOAST_WARNING : TOAST_INFO, msg);
		break;
	case WFT_SETTLED_NOT_DONE:
		snprintf(msg, sizeof msg, "Not %s: %s (the answer was: %s).", w->verb, w->why_not,
		         x->first.message);
		csp_change_end(ui, x, &x->first, v, TOAST_ERROR, msg);
		break;
	default:
		snprintf(msg, sizeof msg, "Not confirmed whether %s was %s (%s; reading %s back: %s); "
		         "Ctrl-R shows.", x->name, w->verb, x->first.message, w->read, res->err.message);
		csp_change_end(ui, x, &x->first, WFT_SETTLED_UNKNOWN, TOAST_WARNING, msg);
		break;
	}
	if (res->err.code != WFT_ERR_CANCELLED)
		csp_apps_reload(ui);
}

/* ---- create ---------------------------------------------------------------------------- */

/* The list read back after a create that settled nothing: the new app is
 * one of that name created since the request went out. */
static void create_read_done(struct ui *ui, struct csp_api_result *res, void *arg)
{
	struct csp_change *x = arg;
	enum wft_readback rb = wft_outcome_read(&res->err);
	bool found = false;
	char why[400];
	const struct settle_words w = { "created", why, "the list",
	                                ", but its secret was lost with the answer: regenerate it (R)" };

	for (size_t i = 0; rb == WFT_READ_PRESENT && i < res->apps.n; i++)
		found |= res->apps.items[i].display_name &&
		         strcmp(res->apps.items[i].display_name, x->name) == 0 &&
		         res->apps.items[i].created_at >= x->sent - 60000;
	snprintf(why, sizeof why, "%s is not in the list read back", x->name);
	settle_said(ui, x, res, wft_outcome_settle(rb == WFT_READ_ABSENT ? WFT_READ_UNKNOWN : rb, found),
	            &w);
}

/* An answer that settles nothing: read back what settles it, when fn is
 * given; false when that could not start (x then still the caller's). */
static bool read_back(struct ui *ui, struct csp_change *x, const struct wft_error *err,
                      request_csp_fn fn, bool one_app)
{
	struct request *r;
	struct wft_error e;
	const char *org = csp_org(ui);

	if (err->code == WFT_ERR_CANCELLED || err->code == WFT_ERR_DRY_RUN || !org ||
	    !(r = request_new_csp(ui, fn, x)))
		return false;
	x->first = *err;
	wft_error_clear(&e);
	return request_go_csp(ui, r, one_app
	                      ? csp_api_oauth_app(request_csp(ui), org, x->id, request_csp_done, r, &e)
	                      : csp_api_oauth_apps(request_csp(ui), org, x->name, 0,
	                                           request_csp_done, r, &e));
}

static void create_done(struct ui *ui, struct csp_api_result *res, void *arg)
{
	struct csp_change *x = arg;
	char msg[2048], about[400];

	switch (wft_outcome_of(&res->err)) {
	case WFT_OUTCOME_DONE:
		snprintf(msg, sizeof msg, "Created OAuth app %s (client id %s); its secret is shown "
		         "once.", x->name, res->secret.client_id ? res->secret.client_id : "?");
		snprintf(about, sizeof about, "App: %s   Client ID: %s", x->name,
		         res->secret.client_id ? res->secret.client_id : "?");
		snprintf(x->id, sizeof x->id, "%s", res->secret.client_id ? res->secret.client_id : "");
		csp_change_end(ui, x, NULL, WFT_SETTLED_DONE, TOAST_INFO, msg);
		newtoken_open_secret(ui, "New OAuth app secret", about, "client secret",
		                     res->secret.client_secret);
		break;
	case WFT_OUTCOME_DONE_UNREAD:
		snprintf(msg, sizeof msg, "Created %s, but the answer could not be read (%s): its "
		         "secret is lost; regenerate it (R).", x->name, res->err.message);
		csp_change_end(ui, x, &res->err, WFT_SETTLED_DONE, TOAST_WARNING, msg);
		break;
	case WFT_OUTCOME_REFUSED:
		snprintf(msg, sizeof msg, "Not created: %s", res->err.message);
		csp_change_end(ui, x, &res->err, WFT_SETTLED_NOT_DONE, TOAST_ERROR, msg);
		return;
	case WFT_OUTCOME_UNCONFIRMED:
		if (read_back(ui, x, &res->err, create_read_done, false))
			return;
		snprintf(msg, sizeof msg, "Not confirmed whether %s was created (%s); Ctrl-R shows.",
		         x->name, res->err.message);
		csp_change_end(ui, x, &res->err, WFT_SETTLED_UNKNOWN, TOAST_WARNING, msg);
		return;
	}
	csp_apps_reload(ui);
}

static bool create_submit(struct ui *ui, struct csp_form *f)
{
	struct csp_app_request rq = { csp_form_value(f, 0), csp_form_value(f, 1), 0, NULL };
	struct csp_scopes scopes;
	struct csp_change *x;
	struct request *r;
	struct wft_error err;
	const char *org;
	long min;

	if (!*rq.display_name) {
		csp_form_error(f, "The app needs a name.");
		return false;
	}
	if (!csp_form_number(f, 2, TTL_MIN_MIN, TTL_MAX_MIN, &min) || !csp_form_scopes(f, &scopes))
		return false;
	rq.access_token_ttl = min * 60;
	rq.scopes = &scopes;
	if (can_send(ui, &org) && (x = csp_change_new(ui, "csp-app-create", NULL, rq.display_name)) &&
	    (r = csp_request(ui, "Create", create_done, x))) {
		wft_error_clear(&err);
		go(ui, x, r, csp_api_create_oauth_app(request_csp(ui), org, &rq, request_csp_done, r,
		                                      &err), &err);
	}
	csp_roles_scopes_free(&scopes);
	return true;
}

static void create_open(struct ui *ui, struct csp_page *P)
{
	struct csp_form *f = csp_form_new("New OAuth app (server to server)", create_submit);

	if (!f)
		return;
	snprintf(f->note, sizeof f->note, "Give it the fewest roles its job needs. Its secret is "
	         "shown once, when it is created.");
	csp_form_text(f, "Name", NULL);
	csp_form_text(f, "Description", NULL);
	csp_form_text(f, "Token TTL (minutes)", "30");
	csp_form_roles(f, &P->roles);
	csp_form_open(ui, f);
}

/* ---- edit -------------------------------------------------------------------------------- */

static void edit_read_done(struct ui *ui, struct csp_api_result *res, void *arg)
{
	struct csp_change *x = arg;
	enum wft_readback rb = wft_outcome_read(&res->err);
	const struct csp_oauth_app *a = &res->app;
	bool shows = rb == WFT_READ_PRESENT && a->display_name && a->description &&
	             strcmp(a->display_name, x->name) == 0 && strcmp(a->description, x->more) == 0 &&
	             a->access_token_ttl == x->ttl;
	const struct settle_words w = { "saved", rb == WFT_READ_ABSENT ? "the app no longer exists"
	                                : "the app reads back unchanged", "it", NULL };

	settle_said(ui, x, res, wft_outcome_settle(rb, shows), &w);
}

/* The end of a change to one app whose answer carries nothing to hand
 * over (edit): done, refused, or read back. */
static void edit_done(struct ui *ui, struct csp_api_result *res, void *arg)
{
	struct csp_change *x = arg;
	char msg[2048];
	enum wft_outcome o = wft_outcome_of(&res->err);

	if (o == WFT_OUTCOME_UNCONFIRMED && read_back(ui, x, &res->err, edit_read_done, true))
		return;
	if (o == WFT_OUTCOME_DONE || o == WFT_OUTCOME_DONE_UNREAD)
		snprintf(msg, sizeof msg, "Saved %s.", x->name);
	else if (o == WFT_OUTCOME_REFUSED)
		snprintf(msg, sizeof msg, "Not saved: %s", res->err.message);
	else
		snprintf(msg, sizeof msg, "Not confirmed whether %s was saved (%s); Ctrl-R shows.",
		         x->name, res->err.message);
	csp_change_end(ui, x, &res->err, o <= WFT_OUTCOME_DONE_UNREAD ? WFT_SETTLED_DONE
	               : o == WFT_OUTCOME_REFUSED ? WFT_SETTLED_NOT_DONE : WFT_SETTLED_UNKNOWN,
	               o <= WFT_OUTCOME_DONE_UNREAD ? TOAST_INFO : o == WFT_OUTCOME_REFUSED
	               ? TOAST_ERROR : TOAST_WARNING, msg);
	if (res->err.code != WFT_ERR_CANCELLED)
		csp_apps_reload(ui);
}

static bool edit_submit(struct ui *ui, struct csp_form *f)
{
	struct csp_app_request rq = { csp_form_value(f, 0), csp_form_value(f, 1), 0, NULL };
	struct csp_change *x;
	struct request *r;
	struct wft_error err;
	const char *org;
	long min;

	if (!*rq.display_name) {
		csp_form_error(f, "The app needs a name.");
		return false;
	}
	if (!csp_form_number(f, 2, TTL_MIN_MIN, TTL_MAX_MIN, &min))
		return false;
	rq.access_token_ttl = min * 60;
	if (!can_send(ui, &org) || !(x = csp_change_new(ui, "csp-app-edit", f->subject,
	                                                rq.display_name)))
		return true;
	snprintf(x->more, sizeof x->more, "%s", rq.description);
	x->ttl = rq.access_token_ttl;
	if ((r = csp_request(ui, "Edit", edit_done, x))) {
		wft_error_clear(&err);
		go(ui, x, r, csp_api_modify_oauth_app(request_csp(ui), org, f->subject, &rq,
		                                      request_csp_done, r, &err), &err);
	} else {
		free(x);
	}
	return true;
}

static void edit_open(struct ui *ui, const struct csp_oauth_app *a)
{
	struct csp_form *f = csp_form_new("Edit OAuth app", edit_submit);
	char ttl[32];

	if (!f)
		return;
	snprintf(f->subject, sizeof f->subject, "%s", a->id ? a->id : "");
	snprintf(f->note, sizeof f->note, "Client id %s. Its roles stay as they are.", f->subject);
	snprintf(ttl, sizeof ttl, "%ld", a->access_token_ttl / 60);
	csp_form_text(f, "Name", a->display_name);
	csp_form_text(f, "Description", a->description);
	csp_form_text(f, "Token TTL (minutes)", ttl);
	csp_form_open(ui, f);
}

/* ---- add to the organisation ------------------------------------------------------------ */

/* Adding, and deleting: one app in a batched call. Its one id's result. */
static void batch_one_done(struct ui *ui, struct csp_api_result *res, void *arg)
{
	struct csp_change *x = arg;
	const struct csp_batch *b = &res->batch;
	bool del = strcmp(x->action, "csp-app-delete") == 0;
	char msg[2048];

	if (b->n_successes) {
		snprintf(msg, sizeof msg, "%s %s.", del ? "Deleted" : "Added to the organisation:",
		         x->name);
		csp_change_end(ui, x, NULL, WFT_SETTLED_DONE, TOAST_INFO, msg);
	} else if (b->n_failures && res->err.code != WFT_ERR_DRY_RUN) {
		struct wft_error e = { .code = WFT_ERR_HTTP, .http_status = 400 };
		snprintf(e.message, sizeof e.message, "%s", b->failures[0].message);
		snprintf(msg, sizeof msg, "Not %s: %s (%s)", del ? "deleted" : "added", x->name,
		         b->failures[0].message[0] ? b->failures[0].message : "refused");
		csp_change_end(ui, x, &e, WFT_SETTLED_NOT_DONE, TOAST_ERROR, msg);
	} else {
		snprintf(msg, sizeof msg, "Not confirmed whether %s was %s (%s); Ctrl-R shows.",
		         x->name, del ? "deleted" : "added", res->err.code ? res->err.message
		         : "the answer did not name it");
		csp_change_end(ui, x, res->err.code ? &res->err : NULL, WFT_SETTLED_UNKNOWN,
		               TOAST_WARNING, msg);
	}
	if (res->err.code != WFT_ERR_CANCELLED)
		csp_apps_reload(ui);
}

static bool org_submit(struct ui *ui, struct csp_form *f)
{
	struct csp_scopes sc;
	const char *ids[1] = { f->subject }, *org_roles[CSP_ROLES_MAX];
	const char *svc_names[CSP_ROLES_MAX];
	struct csp_service_roles svc = { NULL, svc_names, 0 };
	struct csp_clients_request rq = { ids, 1, org_roles, 0, &svc, 0 };
	struct csp_change *x;
	struct request *r;
	struct wft_error err;
	const char *org;

	if (!csp_form_scopes(f, &sc))
		return false;
	for (size_t i = 0; i < sc.n_org_roles; i++)
		org_roles[rq.n_org_roles++] = sc.org_roles[i].name;
	for (size_t i = 0; sc.n_services && i < sc.services[0].n_roles; i++)
		svc_names[svc.n_role_names++] = sc.services[0].roles[i].name;
	svc.service_id = sc.n_services ? sc.services[0].service_id : NULL;
	rq.n_service_roles = svc.n_role_names ? 1 : 0;
	if (can_send(ui, &org) && (x = csp_change_new(ui, "csp-app-add-org", f->subject,
	                                              f->subject_name)) &&
	    (r = csp_request(ui, "Add to the organisation", batch_one_done, x))) {
		wft_error_clear(&err);
		go(ui, x, r, csp_api_add_clients(request_csp(ui), org, &rq, request_csp_done, r, &err),
		   &err);
	}
	csp_roles_scopes_free(&sc);
	return true;
}

static void org_open(struct ui *ui, struct csp_page *P, const struct csp_oauth_app *a)
{
	struct csp_form *f = csp_form_new("Add the OAuth app to the organisation", org_submit);

	if (!f)
		return;
	snprintf(f->subject, sizeof f->subject, "%s", a->id ? a->id : "");
	snprintf(f->subject_name, sizeof f->subject_name, "%s", a->display_name ? a->display_name
	                                                                         : f->subject);
	snprintf(f->note, sizeof f->note, "%.60s (%.60s): the roles it gets in the organisation.",
	         f->subject_name, f->subject);
	csp_form_roles(f, &P->roles);
	csp_form_open(ui, f);
}

/* ---- regenerate the secret, delete ---------------------------------------------------- */

static void secret_done(struct ui *ui, struct csp_api_result *res, void *arg)
{
	struct csp_change *x = arg;
	char msg[2048], about[400];

	switch (wft_outcome_of(&res->err)) {
	case WFT_OUTCOME_DONE:
		snprintf(about, sizeof about, "App: %s   Client ID: %s", x->name, x->id);
		snprintf(msg, sizeof msg, "Regenerated the secret of %s: the old one no longer works; "
		         "the new one is shown once.", x->name);
		csp_change_end(ui, x, NULL, WFT_SETTLED_DONE, TOAST_INFO, msg);
		newtoken_open_secret(ui, "New OAuth app secret", about, "client secret",
		                     res->secret.client_secret);
		break;
	case WFT_OUTCOME_DONE_UNREAD:
		snprintf(msg, sizeof msg, "Regenerated the secret of %s, but the answer could not be "
		         "read (%s): the new secret is lost and the old one no longer works; "
		         "regenerate again (R).", x->name, res->err.message);
		csp_change_end(ui, x, &res->err, WFT_SETTLED_DONE, TOAST_WARNING, msg);
		break;
	case WFT_OUTCOME_REFUSED:
		snprintf(msg, sizeof msg, "Not regenerated (the old secret still works): %s",
		         res->err.message);
		csp_change_end(ui, x, &res->err, WFT_SETTLED_NOT_DONE, TOAST_ERROR, msg);
		break;
	case WFT_OUTCOME_UNCONFIRMED:
		/* No read can tell: a secret is never read back. */
		snprintf(msg, sizeof msg, "Not confirmed whether the secret of %s was regenerated "
		         "(%s): the old one may no longer work; regenerate again (R) for a usable "
		         "secret.", x->name, res->err.message);
		csp_change_end(ui, x, &res->err, WFT_SETTLED_UNKNOWN, TOAST_WARNING, msg);
		break;
	}
	if (res->err.code != WFT_ERR_CANCELLED)
		csp_apps_reload(ui);
}

/* The app read back after a delete that settled nothing. */
static void delete_read_done(struct ui *ui, struct csp_api_result *res, void *arg)
{
	struct csp_change *x = arg;
	enum wft_readback rb = wft_outcome_read(&res->err);
	char why[400];
	const struct settle_words w = { "deleted", why, "it", NULL };

	snprintf(why, sizeof why, "%s is still there", x->name);
	settle_said(ui, x, res, wft_outcome_settle(rb, rb == WFT_READ_ABSENT), &w);
}

static void delete_done(struct ui *ui, struct csp_api_result *res, void *arg)
{
	struct csp_change *x = arg;
	struct wft_error why = res->err;

	if (!res->batch.n_successes && !res->batch.n_failures && res->batch.n_unconfirmed) {
		if (why.code == WFT_OK)
			wft_error_set(&why, WFT_ERR_PARSE, "the answer did not name the app");
		if (read_back(ui, x, &why, delete_read_done, true))
			return;
	}
	batch_one_done(ui, res, arg);
}

static void question_yes(struct ui *ui, struct csp_page *P, bool regenerate)
{
	struct csp_change *x;
	struct request *r;
	struct wft_error err;
	const char *org, *ids[1] = { P->confirm_id };

	if (!can_send(ui, &org) || !(x = csp_change_new(ui, regenerate ? "csp-app-secret"
	                                                : "csp-app-delete", P->confirm_id,
	                                                P->confirm_name)))
		return;
	if (!(r = csp_request(ui, regenerate ? "Regenerate" : "Delete",
	                      regenerate ? secret_done : delete_done, x))) {
		free(x);
		return;
	}
	wft_error_clear(&err);
	go(ui, x, r, regenerate
	   ? csp_api_regenerate_secret(request_csp(ui), org, P->confirm_id, request_csp_done, r, &err)
	   : csp_api_delete_oauth_apps(request_csp(ui), org, ids, 1, request_csp_done, r, &err), &err);
}

static void question_draw(struct ui *ui, bool regenerate)
{
	struct csp_page *P = csp_state(ui);
	int w = ui->cols - 8 < 78 ? ui->cols - 8 : 78, h = 10;
	int y = (ui->lines - h) / 2, x = (ui->cols - w) / 2;
	char title[200], l1[300];
	attr_t da = ui_attr(THEME_DIALOG);

	snprintf(title, sizeof title, "%s %s?", regenerate ? "Regenerate the secret of"
	         : "Delete the OAuth app", P->confirm_name);
	snprintf(l1, sizeof l1, "Client id %s.", P->confirm_id);
	wg_box(ui_style(), y, x, h, w, title);
	wg_text(y + 2, x + 2, w - 4, l1, da);
	wg_text(y + 3, x + 2, w - 4, regenerate ? "The old secret stops working at once: running "
	        "scripts and services" : "Whatever signs in with this app stops working at once,",
	        da);
	wg_text(y + 4, x + 2, w - 4, regenerate ? "that use it will break until they get the new "
	        "one (shown once)." : "and deleting cannot be undone.", da);
	wg_confirm_buttons(ui_style(), y + 7, x + 2, regenerate ? "y Regenerate" : "y Delete");
}

static void secret_q_draw(struct ui *ui, void *st)
{
	(void)st;
	question_draw(ui, true);
}

static void delete_q_draw(struct ui *ui, void *st)
{
	(void)st;
	question_draw(ui, false);
}

static int question_key(struct ui *ui, int key, bool regenerate)
{
	enum wg_answer ans = wg_confirm_key(key);

	if (ans == WG_YES)
		question_yes(ui, csp_state(ui), regenerate);
	else if (ans == WG_NO)
		ui_toast(ui, TOAST_INFO, "Nothing was changed.");
	return ans == WG_UNANSWERED ? UI_HANDLED : UI_HANDLED | OVERLAY_CLOSE;
}

static int secret_q_key(struct ui *ui, void *st, int key)
{
	(void)st;
	return question_key(ui, key, true);
}

static int delete_q_key(struct ui *ui, void *st, int key)
{
	(void)st;
	return question_key(ui, key, false);
}

static const struct overlay_ops secret_q_ops = { "csp-secret-confirm", secret_q_draw,
                                                 secret_q_key, NULL };
static const struct overlay_ops delete_q_ops = { "csp-delete-confirm", delete_q_draw,
                                                 delete_q_key, NULL };

static void question_open(struct ui *ui, struct csp_page *P, const struct csp_oauth_app *a,
                          bool regenerate)
{
	snprintf(P->confirm_id, sizeof P->confirm_id, "%s", a->id);
	snprintf(P->confirm_name, sizeof P->confirm_name, "%s", a->display_name ? a->display_name
	                                                                         : a->id);
	overlay_push(&ui->overlays, regenerate ? &secret_q_ops : &delete_q_ops, P);
}

void csp_app_change(struct ui *ui, struct csp_page *P, enum action a)
{
	const struct csp_oauth_app *app = csp_apps_selected(P);

	if (a == ACT_CSP_APP_NEW) {
		create_open(ui, P);
		return;
	}
	if (!app || !app->id) {
		ui_toast(ui, TOAST_ERROR, "No OAuth app selected.");
		return;
	}
	if (a == ACT_CSP_APP_EDIT)
		edit_open(ui, app);
	else if (a == ACT_CSP_APP_ORG)
		org_open(ui, P, app);
	else
		question_open(ui, P, app, a == ACT_CSP_APP_SECRET);
}
