/* account_dialog_save.c: the service-account dialog's account: read
 * (and the role and group pickers), updated with a check that nobody
 * changed it meanwhile, created (with its first token); each answer that
 * settles nothing read back. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <curses.h>

#include "account_dialog_state.h"
#include "accounts.h"
#include "api.h"
#include "journal.h"
#include "keys.h"
#include "mask.h"
#include "outcome.h"
#include "overlay.h"
#include "textwidth.h"
#include "timefmt.h"
#include "uuid.h"

struct create_arg {
	char token[37];        /* the first token, made here (as the web UI does) */
	char name[SA_TOKEN_NAME_MAX + 1];
	char ident[SA_ID_MAX + 8];
	enum wft_outcome outcome;  /* of the create's own answer, while read back */
	struct wft_error first;
	unsigned long change;      /* its change in the journal */
};

/* An update in flight: what was sent, to compare with a read-back. */
struct upd {
	char *description;
	bool active;
	struct wft_strv groups;         /* permissions, as sent */
	struct wft_strv roles;          /* role ids, as sent */
	struct wft_strv user_groups;    /* user group ids, as sent */
	enum wft_outcome outcome;       /* of the update's own answer */
	struct wft_error first;
	char id[SA_ID_MAX + 1];         /* the account */
	unsigned long change;           /* its change in the journal */
};

/* A line of the account's update or creation in the journal. */
static void upd_jot(struct ui *ui, unsigned long *change, const char *account, const char *state,
                    const char *detail)
{
	ui_journal(ui, change, "account update", NULL, NULL, account, state, detail);
}

static void create_jot(struct ui *ui, struct create_arg *ca, const char *state, const char *detail)
{
	ui_journal(ui, &ca->change, "account create", ca->token[0] ? ca->token : NULL, ca->name,
	           ca->ident, state, detail);
}

static bool same_strv(const struct wft_strv *a, const struct wft_strv *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (!dialog_strv_has(b, a->items[i]))
			return false;
	return true;
}

/* Did anyone change the account's fields since base was read? */
static bool changed_meanwhile(const struct wft_service_account *base,
                              const struct wft_service_account *now)
{
	if (base->active != now->active || strcmp(base->description, now->description) != 0 ||
	    !same_strv(&base->groups, &now->groups) || base->n_roles != now->n_roles ||
	    base->n_user_groups != now->n_user_groups)
		return true;
	for (size_t i = 0; i < base->n_roles; i++)
		if (!base->roles[i].id || !dialog_has_role(now, base->roles[i].id))
			return true;
	for (size_t i = 0; i < base->n_user_groups; i++)
		if (!base->user_groups[i].id || !dialog_has_group(now, base->user_groups[i].id))
			return true;
	return false;
}

static void upd_free(struct upd *u)
{
	if (u) {
		free(u->description);
		wft_strv_clear(&u->groups);
		wft_strv_clear(&u->roles);
		wft_strv_clear(&u->user_groups);
	}
	free(u);
}

/* A copy of n strings (the NULL ones left out) into v; false when out of memory. */
static bool strv_copy(struct wft_strv *v, char *const *items, size_t n)
{
	if (!(v->items = calloc(n + 1, sizeof *v->items)))
		return false;
	for (size_t i = 0; i < n; i++)
		if (items[i] && !(v->items[v->n++] = strdup(items[i])))
			return false;
	return true;
}

/* Does the account as read back hold what the update sent? */
static bool upd_shows(const struct upd *u, const struct wft_service_account *a)
{
	if (a->active != u->active ||
	    strcmp(a->description ? a->description : "", u->description) != 0 ||
	    !same_strv(&u->groups, &a->groups) || a->n_roles != u->roles.n ||
	    a->n_user_groups != u->user_groups.n)
		return false;
	for (size_t i = 0; i < u->roles.n; i++)
		if (!dialog_has_role(a, u->roles.items[i]))
			return false;
	for (size_t i = 0; i < u->user_groups.n; i++)
		if (!dialog_has_group(a, u->user_groups.items[i]))
			return false;
	return true;
}

static void saved_base(struct ui *ui, struct acct_dialog *d, struct wft_service_account *a)
{
	wft_service_account_clear(&d->base);
	d->base = *a;
	memset(a, 0, sizeof *a);
	dialog_fields_from_base(ui, d);
	ui->tokens_stale = true;
}

/* The account read back after an update whose answer was unreadable or
 * missing. */
static void upd_read_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = dialog_find(ui);
	struct upd *u = arg;
	enum wft_readback rb = wft_outcome_read(&res->err);
	bool shows = rb == WFT_READ_PRESENT && upd_shows(u, &res->account);
	enum wft_settled v = u->outcome == WFT_OUTCOME_DONE_UNREAD ? WFT_SETTLED_DONE
	                     : wft_outcome_settle(rb, shows);

	upd_jot(ui, &u->change, u->id, journal_state_of(u->outcome, v), u->first.message);
	if (d && res->err.code != WFT_ERR_CANCELLED) {
		if (v == WFT_SETTLED_DONE && rb == WFT_READ_PRESENT)
			saved_base(ui, d, &res->account);
		if (v == WFT_SETTLED_DONE && u->outcome == WFT_OUTCOME_DONE_UNREAD)
			dialog_say(d, TOAST_WARNING, "Saved %s (the server's answer was unreadable: %s).",
			    d->id, u->first.message);
		else if (v == WFT_SETTLED_DONE)
			dialog_say(d, TOAST_INFO, "Saved %s (read back; the answer was: %s).", d->id,
			    u->first.message);
		else if (v == WFT_SETTLED_NOT_DONE)
			dialog_say(d, TOAST_ERROR, "Not saved: %s reads back unchanged (the answer was: %s). "
			    "Your edits are kept.", d->id, u->first.message);
		else
			dialog_say(d, TOAST_WARNING, "Perhaps saved: no readable answer came (%s; reading back: "
			    "%s). Your edits are kept; Ctrl-S again tells.", u->first.message,
			    res->err.message);
		ui_notify(ui, PAGE_EVENT_ACCOUNTS_CHANGED);
	}
	upd_free(u);
}

static void update_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = dialog_find(ui);
	struct upd *u = arg;
	struct wft_error err;
	struct request *c;
	enum wft_outcome o = wft_outcome_of(&res->err);

	/* An answer read back is journalled then. */
	if (!d || res->err.code == WFT_ERR_CANCELLED ||
	    (o != WFT_OUTCOME_DONE_UNREAD && o != WFT_OUTCOME_UNCONFIRMED))
		upd_jot(ui, &u->change, u->id, ui_journal_state(&res->err),
		        res->err.code != WFT_OK ? res->err.message : NULL);
	if (!d || res->err.code == WFT_ERR_CANCELLED) {
		if (d)
			dialog_say(d, TOAST_WARNING, "Cancelled: the update may or may not have been saved.");
		upd_free(u);
		return;
	}
	if (o == WFT_OUTCOME_DONE_UNREAD || o == WFT_OUTCOME_UNCONFIRMED) {
		u->outcome = o;
		u->first = res->err;
		wft_error_clear(&err);
		if (request_api(ui) && (c = request_new(ui, REQ_ACCOUNTS, upd_read_done, u)) &&
		    request_go(ui, c, wft_api_account(request_api(ui), d->id, request_done, c, &err)))
			return;
		upd_jot(ui, &u->change, u->id, ui_journal_state(&res->err), res->err.message);
		dialog_say(d, TOAST_WARNING, "%s: %s. Your edits are kept; Ctrl-S again tells.",
		    o == WFT_OUTCOME_DONE_UNREAD ? "Saved, but the answer was unreadable"
		                                 : "Perhaps saved: no readable answer came",
		    res->err.message);
		upd_free(u);
		ui_notify(ui, PAGE_EVENT_ACCOUNTS_CHANGED);
		return;
	}
	upd_free(u);
	if (res->err.code != WFT_OK) {
		dialog_say(d, TOAST_ERROR, "Not saved: %s. Your edits are kept.", res->err.message);
		return;
	}
	saved_base(ui, d, &res->account);
	dialog_say(d, TOAST_INFO, "Saved %s.", d->id);
	ui_notify(ui, PAGE_EVENT_ACCOUNTS_CHANGED);
}

/* The write: the fresh account with this dialog's fields; its tokens as the
 * server has them now, so a token generated meanwhile is kept. */
static void write_account(struct ui *ui, struct acct_dialog *d, const struct wft_service_account *fresh)
{
	struct ui_pickers *A = &ui->pickers;
	struct wft_service_account w;
	struct wft_error err;
	char *perms[64];
	struct wft_role roles[64];
	struct wft_user_group groups[64];
	struct request *c;
	size_t np = 0;

	memset(&w, 0, sizeof w);
	memset(roles, 0, sizeof roles);
	memset(groups, 0, sizeof groups);
	w.identifier = fresh->identifier;
	w.active = d->active;
	w.description = (char *)lineedit_text(&d->desc);
	for (size_t i = 0; i < sa_n_permissions && np < 64; i++)
		if (d->perm[i])
			perms[np++] = (char *)sa_permissions[i].id;
	/* Permissions the UI has no box for stay as they are. */
	for (size_t i = 0; i < fresh->groups.n && np < 64; i++)
		if (!sa_permission_label(fresh->groups.items[i]))
			perms[np++] = fresh->groups.items[i];
	w.groups.items = perms;
	w.groups.n = np;
	for (size_t i = 0; i < d->n_role && i < A->roles.n && w.n_roles < 64; i++)
		if (d->role[i])
			roles[w.n_roles++].id = A->roles.items[i].id;
	w.roles = roles;
	for (size_t i = 0; i < d->n_grp && i < A->groups.n && w.n_user_groups < 64; i++)
		if (d->grp[i] || dialog_is_fixed_group(&A->groups.items[i]))
			groups[w.n_user_groups++].id = A->groups.items[i].id;
	w.user_groups = groups;
	w.tokens = fresh->tokens;
	w.n_tokens = fresh->n_tokens;
	struct upd *u = calloc(1, sizeof *u);
	char *ids[64];
	bool ok = u != NULL;
	if (ok) {
		u->active = w.active;
		ok = (u->description = strdup(w.description ? w.description : "")) &&
		     strv_copy(&u->groups, w.groups.items, w.groups.n);
		for (size_t i = 0; i < w.n_roles; i++)
			ids[i] = w.roles[i].id;
		ok = ok && strv_copy(&u->roles, ids, w.n_roles);
		for (size_t i = 0; i < w.n_user_groups; i++)
			ids[i] = w.user_groups[i].id;
		ok = ok && strv_copy(&u->user_groups, ids, w.n_user_groups);
	}
	if (!ok || !(c = request_new(ui, REQ_ACCOUNTS, update_done, u))) {
		upd_free(u);
		dialog_say(d, TOAST_ERROR, "Not saved: out of memory");
		return;
	}
	snprintf(u->id, sizeof u->id, "%s", d->id);
	/* In the journal before the request goes out. */
	upd_jot(ui, &u->change, u->id, JOURNAL_PENDING, NULL);
	if (!request_go(ui, c, wft_api_update_account(request_api(ui), &w, request_done, c, &err))) {
		upd_jot(ui, &u->change, u->id, JOURNAL_REFUSED, err.message);
		upd_free(u);
		dialog_say(d, TOAST_ERROR, "Not saved: %s", err.message);
	}
}

static void reread_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = dialog_find(ui);

	(void)arg;
	if (!d || res->err.code == WFT_ERR_CANCELLED)
		return;
	if (res->err.code != WFT_OK) {
		dialog_say(d, TOAST_ERROR, "Not saved: could not read %s again: %s", d->id, res->err.message);
		return;
	}
	if (changed_meanwhile(&d->base, &res->account)) {
		d->conflict = true;
		dialog_say(d, TOAST_ERROR, "Not saved: %s was changed on the server since you opened it. "
		    "r reloads it (your edits are dropped); Esc keeps your edits.", d->id);
		return;
	}
	write_account(ui, d, &res->account);
}

void dialog_start_update(struct ui *ui, struct acct_dialog *d)
{
	struct wft_error err;
	struct request *c;

	/* A description as the server has it is sent back untouched, even one
	 * this console would refuse: only a typed one is checked. */
	if (strcmp(lineedit_text(&d->desc), d->base.description ? d->base.description : "") != 0 &&
	    sa_check_description(lineedit_text(&d->desc), &err) != WFT_OK) {
		dialog_say(d, TOAST_ERROR, "%s", err.message);
		return;
	}
	if (!(c = request_new(ui, REQ_ACCOUNTS, reread_done, NULL)) || !request_api(ui) ||
	    !request_go(ui, c, wft_api_account(request_api(ui), d->id, request_done, c, &err))) {
		dialog_say(d, TOAST_ERROR, "Not saved: %s", c ? err.message : "out of memory");
		return;
	}
	dialog_say(d, TOAST_INFO, "Saving...");
}

void dialog_loaded(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = dialog_find(ui);

	(void)arg;
	if (!d)
		return;
	if (res->err.code != WFT_OK) {
		if (res->err.code != WFT_ERR_CANCELLED)
			ui_toast(ui, TOAST_ERROR, "Could not open %s: %s", d->id, res->err.message);
		dialog_close(ui);
		return;
	}
	wft_service_account_clear(&d->base);
	d->base = res->account;
	memset(&res->account, 0, sizeof res->account);
	d->loading = false;
	dialog_pickers_fit(ui, d);
	dialog_fields_from_base(ui, d);
	if (d->generate_on_open) {
		d->generate_on_open = false;
		if (ui->read_only)
			dialog_say(d, TOAST_WARNING, "Read-only: tokens cannot be generated.");
		else if (d->base.n_tokens >= WFT_MAX_TOKENS_PER_ACCOUNT)
			dialog_limit_message(ui, d, false);
		else {
			lineedit_clear(&d->edit);
			d->editing = ED_GENERATE;
		}
	}
}

void dialog_pickers_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct ui_pickers *A = &ui->pickers;
	struct acct_dialog *d = dialog_find(ui);

	if (res->err.code != WFT_OK) {
		if (d && res->err.code != WFT_ERR_CANCELLED)
			dialog_say(d, TOAST_WARNING, "The %s list is unavailable: %s", arg ? "role" : "group",
			    res->err.message);
		return;
	}
	if (arg) {
		wft_role_list_clear(&A->roles);
		A->roles = res->roles;
		memset(&res->roles, 0, sizeof res->roles);
	} else {
		wft_group_list_clear(&A->groups);
		A->groups = res->groups;
		memset(&res->groups, 0, sizeof res->groups);
	}
	A->loaded = true;
	if (d && !d->loading && !d->is_new && dialog_pickers_fit(ui, d)) {
		bool dirty = d->dirty;
		/* Fresh boxes from what was read; edits to other fields stay. */
		for (size_t i = 0; i < d->n_grp; i++)
			d->grp[i] = dialog_has_group(&d->base, A->groups.items[i].id);
		for (size_t i = 0; i < d->n_role; i++)
			d->role[i] = dialog_has_role(&d->base, A->roles.items[i].id);
		d->dirty = dirty;
	}
}

static void create_arg_free(struct create_arg *ca)
{
	wft_wipe(ca, sizeof *ca);
	free(ca);
}

/* A line of the first token's naming in the journal (fr: a copy of the
 * create's own arg). */
static void first_rename_jot(struct ui *ui, struct create_arg *fr, const char *state,
                             const char *why)
{
	char detail[1200];

	snprintf(detail, sizeof detail, "to \"%s\"%s%s", fr->name, why ? ": " : "", why ? why : "");
	ui_journal(ui, &fr->change, "rename", fr->token, "", fr->ident, state, detail);
}

static void first_rename_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = dialog_find(ui);

	first_rename_jot(ui, arg, ui_journal_state(&res->err),
	                 res->err.code != WFT_OK ? res->err.message : NULL);
	create_arg_free(arg);
	if (!d || res->err.code == WFT_ERR_CANCELLED)
		return;
	switch (wft_outcome_of(&res->err)) {
	case WFT_OUTCOME_REFUSED:
		dialog_say(d, TOAST_WARNING, "Created, but the first token keeps no name: %s",
		    res->err.message);
		return;
	case WFT_OUTCOME_UNCONFIRMED:
		/* The list read again shows the name the token has. */
		dialog_say(d, TOAST_WARNING, "Created; the first token's name is not confirmed (%s).",
		    res->err.message);
		break;
	case WFT_OUTCOME_DONE:
	case WFT_OUTCOME_DONE_UNREAD:
		break;
	}
	dialog_reload_tokens(ui, d);
}

/* Names the first token of a new account, as typed in the create dialog. */
static void first_rename(struct ui *ui, struct acct_dialog *d, const struct create_arg *ca)
{
	struct wft_error err;
	struct request *c;
	struct create_arg *fr = malloc(sizeof *fr);

	if (!fr) {
		dialog_say(d, TOAST_WARNING, "Created, but the first token keeps no name: out of memory");
		return;
	}
	*fr = *ca;
	fr->change = 0;
	wft_error_set(&err, WFT_ERR_NOMEM, "out of memory");
	/* In the journal before the request goes out. */
	first_rename_jot(ui, fr, JOURNAL_PENDING, NULL);
	if (!(c = request_new(ui, REQ_ACCOUNTS, first_rename_done, fr)) ||
	    !request_go(ui, c, wft_api_rename_account_token(request_api(ui), d->id, fr->token,
	                                                   fr->name, request_done, c, &err))) {
		first_rename_jot(ui, fr, JOURNAL_REFUSED, err.message);
		create_arg_free(fr);
		dialog_say(d, TOAST_WARNING, "Created, but the first token keeps no name: %s",
		           err.message);
	}
}

/* The dialog becomes the Edit dialog of the account a (taken). */
static void created(struct ui *ui, struct acct_dialog *d, struct wft_service_account *a,
                    struct create_arg *ca, const char *note)
{
	/* A read-back (note) hands over the first token only if it is listed. */
	bool has_token = false;

	d->is_new = false;
	snprintf(d->id, sizeof d->id, "%s", a->identifier);
	wft_service_account_clear(&d->base);
	d->base = *a;
	memset(a, 0, sizeof *a);
	dialog_pickers_fit(ui, d);
	dialog_fields_from_base(ui, d);
	d->cur = 0;
	ui->tokens_stale = true;
	dialog_say(d, note ? TOAST_WARNING : TOAST_INFO, "Created %s%s%s.", d->id, note ? " " : "",
	    note ? note : "");
	for (size_t i = 0; ca->token[0] && i < d->base.n_tokens; i++)
		if (d->base.tokens[i].id && strcmp(d->base.tokens[i].id, ca->token) == 0)
			has_token = true;
	if (ca->token[0] && (has_token || !note)) {
		if (ca->name[0])
			first_rename(ui, d, ca);
		newtoken_open(ui, d->id, ca->token, ca->name);
	}
}

/* The account read back after a create whose answer was unreadable or
 * missing. */
static void create_read_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = dialog_find(ui);
	struct create_arg *ca = arg;
	enum wft_readback rb = wft_outcome_read(&res->err);
	enum wft_settled v = ca->outcome == WFT_OUTCOME_DONE_UNREAD && rb != WFT_READ_ABSENT
	                     ? WFT_SETTLED_DONE : wft_outcome_settle(rb, rb == WFT_READ_PRESENT);
	char note[sizeof ca->first.message + 64];

	create_jot(ui, ca, journal_state_of(ca->outcome, v), ca->first.message);
	if (d && d->is_new && res->err.code != WFT_ERR_CANCELLED) {
		snprintf(note, sizeof note, "(%s: %.400s)",
		         ca->outcome == WFT_OUTCOME_DONE_UNREAD ? "the server's answer was unreadable"
		                                                : "read back; the answer was",
		         ca->first.message);
		if (v == WFT_SETTLED_DONE && rb == WFT_READ_PRESENT) {
			created(ui, d, &res->account, ca, note);
		} else if (v == WFT_SETTLED_DONE) {
			dialog_say(d, TOAST_WARNING, "Created %s (the answer was unreadable: %s); the list is "
			    "read again.", ca->ident, ca->first.message);
		} else if (v == WFT_SETTLED_NOT_DONE) {
			dialog_say(d, TOAST_ERROR, "Not created: %s does not exist (the answer was: %s).",
			    ca->ident, ca->first.message);
		} else {
			dialog_say(d, TOAST_WARNING, "The account may have been created, but no readable "
			    "answer came (%s; reading back: %s). The list is read again.",
			    ca->first.message, res->err.message);
		}
		ui_notify(ui, PAGE_EVENT_ACCOUNTS_CHANGED);
	}
	create_arg_free(ca);
}

static void create_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = dialog_find(ui);
	struct create_arg *ca = arg;
	struct wft_error err;
	struct request *c;
	enum wft_outcome o = wft_outcome_of(&res->err);

	/* An answer read back is journalled then. */
	if (!d || res->err.code == WFT_ERR_CANCELLED ||
	    (o != WFT_OUTCOME_DONE_UNREAD && o != WFT_OUTCOME_UNCONFIRMED))
		create_jot(ui, ca, ui_journal_state(&res->err),
		           res->err.code != WFT_OK ? res->err.message : NULL);
	if (!d || res->err.code == WFT_ERR_CANCELLED) {
		if (d)
			dialog_say(d, TOAST_WARNING, "Cancelled: the account may have been created anyway.");
		goto out;
	}
	if (o == WFT_OUTCOME_DONE_UNREAD || o == WFT_OUTCOME_UNCONFIRMED) {
		ca->outcome = o;
		ca->first = res->err;
		wft_error_clear(&err);
		if (request_api(ui) && (c = request_new(ui, REQ_ACCOUNTS, create_read_done, ca)) &&
		    request_go(ui, c, wft_api_account(request_api(ui), ca->ident, request_done, c, &err)))
			return;
		create_jot(ui, ca, ui_journal_state(&res->err), res->err.message);
		dialog_say(d, TOAST_WARNING, "The account may have been created, but no readable answer "
		    "came (%s). The list is read again.", res->err.message);
		ui_notify(ui, PAGE_EVENT_ACCOUNTS_CHANGED);
		goto out;
	}
	if (res->err.code != WFT_OK) {
		/* The dialog stays, with what was typed. */
		if (res->err.http_status == 409)
			dialog_say(d, TOAST_ERROR, "%s already exists (identifiers are stored in lower "
			    "case): choose another name.", ca->ident);
		else
			dialog_say(d, TOAST_ERROR, "Not created: %s", res->err.message);
		goto out;
	}
	created(ui, d, &res->account, ca, NULL);
out:
	create_arg_free(ca);
}

void dialog_start_create(struct ui *ui, struct acct_dialog *d)
{
	struct wft_service_account w;
	struct wft_token tok;
	struct wft_error err;
	struct create_arg *ca;
	struct request *c;
	char ident[SA_ID_MAX + 8];
	const char *name = lineedit_text(&d->name);

	/* The identifier as the service stores it (lower case), so what is
	 * said and looked up afterwards is the account's real id. */
	if (sa_identifier(name, ident, sizeof ident, &err) != WFT_OK ||
	    sa_check_description(lineedit_text(&d->desc), &err) != WFT_OK ||
	    (d->first_token && sa_check_token_name(lineedit_text(&d->firstname), &err) != WFT_OK)) {
		dialog_say(d, TOAST_ERROR, "%s", err.message);
		return;
	}
	if (!(ca = calloc(1, sizeof *ca))) {
		dialog_say(d, TOAST_ERROR, "Out of memory.");
		return;
	}
	/* The first token goes in the same request: the account is never
	 * created half (doc/api.md 3.2: tokens on create). */
	if (d->first_token && wft_uuid_random(ca->token) != 0) {
		free(ca);
		dialog_say(d, TOAST_ERROR, "No randomness for the first token: %s", strerror(errno));
		return;
	}
	snprintf(ca->name, sizeof ca->name, "%s", d->first_token ? lineedit_text(&d->firstname) : "");
	snprintf(ca->ident, sizeof ca->ident, "%s", ident);
	memset(&w, 0, sizeof w);
	memset(&tok, 0, sizeof tok);
	w.identifier = ident;
	w.active = true;
	w.description = (char *)lineedit_text(&d->desc);
	if (ca->token[0]) {
		tok.id = ca->token;
		w.tokens = &tok;
		w.n_tokens = 1;
	}
	wft_error_set(&err, WFT_ERR_NOMEM, "out of memory or not connected");
	/* In the journal before the request goes out. */
	create_jot(ui, ca, JOURNAL_PENDING, NULL);
	if (!(c = request_new(ui, REQ_ACCOUNTS, create_done, ca)) || !request_api(ui) ||
	    !request_go(ui, c, wft_api_create_account(request_api(ui), &w, request_done, c, &err))) {
		create_jot(ui, ca, JOURNAL_REFUSED, err.message);
		dialog_say(d, TOAST_ERROR, "Not created: %s", err.message);
		wft_wipe(ca, sizeof *ca);
		free(ca);
		return;
	}
	dialog_say(d, TOAST_INFO, "Creating %s...", ident);
}
