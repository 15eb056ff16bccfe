/* saved_searches.c: saved searches on the API Tokens page. The server's
 * TOKEN saved searches (doc/api.md 3.4, 5.6) come first in the side panel, then
 * the local ones (kept in the state directory when the server refused),
 * marked "(local)". One console per process: the state is this file's. */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <curses.h>

#include "api.h"
#include "history.h"
#include "mask.h"
#include "keys.h"
#include "localsearch.h"
#include "osc52.h"
#include "outcome.h"
#include "overlay.h"
#include "request.h"
#include "saved_searches.h"
#include "tokens_page_state.h"
#include "savedquery.h"
#include "searchlist.h"
#include "session.h"
#include "statefile.h"
#include "textwidth.h"
#include "ui.h"
#include "view.h"

#define NAME_MAX_BYTES LOCALSEARCH_MAX_NAME

struct entry {
	char *id, *name, *query;
};

enum smode { SM_NONE, SM_SAVE, SM_RENAME, SM_MENU, SM_CONFIRM };
enum call_kind { C_LIST, C_CREATE, C_CLONE, C_UPDATE, C_DELETE, C_OPEN,
                 C_LOOKUP,      /* a create's read-back: the list, searched by name */
                 C_READ };      /* a rename's or delete's read-back: the one search */

/* A request of this module: its tracked request (request.h) and what the
 * answer needs. */
struct call {
	struct saved_searches *S;     /* the module's state, for the answer */
	struct call *next;
	enum call_kind kind;
	struct request *req;          /* tracked; NULL once answered */
	struct wft_api_call *h;       /* NULL until started */
	void (*done)(void *c, struct wft_api_result *res);
	char *id, *name, *query;
	unsigned long mark;           /* a listing: the list's sequence when asked */
	enum call_kind of;            /* a read-back: the change it settles */
	bool then_create;             /* C_LOOKUP before a retry: create if absent */
	struct wft_error first;       /* a read-back: the change's own error */
};

struct saved_searches {
	struct ui *ui;
	struct tokens_page *tp;       /* the page whose panel and search these are */
	bool started;
	struct wft_api *api;
	struct searchlist srv;        /* the server's, in its order */
	struct localsearch local;
	bool local_ready;
	struct history hist;
	bool hist_warned;
	bool refused;                 /* the server refuses saved searches */
	bool said_local;
	char *profile;
	char *endpoint, *auth;   /* for a shared line when no profile names the instance */
	bool demo;
	struct call *calls;
	/* what is in front */
	enum smode mode;
	struct lineedit edit;
	char target[64];              /* the entry a rename, menu or delete is about */
	char error[256];              /* why the last try of the prompt failed */
	int menu_sel;
	char *unsure_name;            /* a create not confirmed: looked for before
	                               * the same name is sent again */
};

static const char *const menu_items[] = { "Apply", "Rename", "Clone", "Delete", "Share" };
static const char menu_keys[] = "arcdy";
#define N_MENU 5

static wft_millis now_ms(void)
{
	return wft_clock_real(NULL);
}

/* ---- entries ------------------------------------------------------------- */

static size_t n_entries(struct saved_searches *S)
{
	return S->srv.n + S->local.list.n;
}

/* Entry i (borrowed): server ones first, then local ones. */
static bool entry_at(struct saved_searches *S, size_t i, struct entry *out, bool *local)
{
	if (i < S->srv.n) {
		out->id = S->srv.items[i].id;
		out->name = S->srv.items[i].name;
		out->query = S->srv.items[i].query;
		*local = false;
		return true;
	}
	i -= S->srv.n;
	if (i >= S->local.list.n)
		return false;
	out->id = S->local.list.items[i].id;
	out->name = S->local.list.items[i].name;
	out->query = S->local.list.items[i].query;
	*local = true;
	return true;
}

static size_t find_entry(struct saved_searches *S, const char *id)
{
	struct entry e;
	bool local;

	for (size_t i = 0; entry_at(S, i, &e, &local); i++)
		if (strcmp(e.id, id) == 0)
			return i;
	return (size_t)-1;
}

static bool name_taken(struct saved_searches *S, const char *name, const char *except_id)
{
	struct entry e;
	bool local;

	for (size_t i = 0; entry_at(S, i, &e, &local); i++)
		if (strcmp(e.name, name) == 0 && (!except_id || strcmp(e.id, except_id) != 0))
			return true;
	return false;
}

static void srv_confirm(struct saved_searches *S, const char *id, const char *name,
                        const char *query)
{
	struct wft_error err;

	if (searchlist_confirm(&S->srv, id, name, query, &err) != WFT_OK)
		ui_toast(S->ui, TOAST_ERROR, "%s", err.message);
}

static void srv_remove(struct saved_searches *S, const char *id)
{
	struct wft_error err;

	if (searchlist_remove(&S->srv, id, &err) != WFT_OK)
		ui_toast(S->ui, TOAST_ERROR, "%s", err.message);
}

/* The side panel's saved-search entries (names is handed over; NULL: none). */
static void set_names(struct saved_searches *S, char **names, size_t n)
{
	if (!S->tp) {
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
		return;
	}
	for (size_t i = 0; i < S->tp->n_saved; i++)
		free(S->tp->saved_names[i]);
	free(S->tp->saved_names);
	/* Entries below the saved searches keep their selection. */
	if (S->tp->panel_sel > (int)S->tp->n_saved) {
		S->tp->panel_sel += (int)n - (int)S->tp->n_saved;
		if (S->tp->panel_sel < 0)
			S->tp->panel_sel = 0;
	}
	S->tp->saved_names = names;
	S->tp->n_saved = n;
}

/* Hands the panel its copy of the list (names of local ones marked). */
static void publish(struct saved_searches *S)
{
	size_t n = n_entries(S), k = 0;
	char **names = calloc(n ? n : 1, sizeof *names);
	struct entry e;
	bool local;

	if (!names) {
		ui_toast(S->ui, TOAST_ERROR, "Out of memory.");
		return;
	}
	for (size_t i = 0; entry_at(S, i, &e, &local); i++) {
		size_t len = strlen(e.name) + sizeof " (local)";
		if (!(names[k] = malloc(len)))
			break;
		snprintf(names[k], len, "%s%s", e.name, local ? " (local)" : "");
		k++;
	}
	set_names(S, names, k);
}

/* ---- messages ------------------------------------------------------------ */

/* A problem with a state file: in the footer until a key, and on stderr,
 * which the console shows when it ends, so it is never lost. */
static void state_problem(struct saved_searches *S, const char *msg)
{
	ui_toast(S->ui, TOAST_ERROR, "Corrupt state file set aside (details on exit): %s", msg);
	fprintf(stderr, "wftokens: %s\n", msg);
}

static bool refusal(const struct wft_error *err)
{
	return err->code == WFT_ERR_HTTP &&
	       (err->http_status == 403 || err->http_status == 404 || err->http_status == 405 ||
	        err->http_status == 501);
}

static void say_local_once(struct saved_searches *S, const struct wft_error *err)
{
	S->refused = true;
	if (S->said_local)
		return;
	S->said_local = true;
	ui_toast(S->ui, TOAST_WARNING, "The server refuses saved searches (HTTP %d): they are kept "
	         "on this computer, marked (local).", err->http_status);
}

/* ---- calls ----------------------------------------------------------------- */

static void call_free(struct saved_searches *S, struct call *c)
{
	for (struct call **p = &S->calls; *p; p = &(*p)->next)
		if (*p == c) {
			*p = c->next;
			break;
		}
	if (c->req && !c->h)
		request_go(S->ui, c->req, NULL);   /* never started: this frees it */
	free(c->id);
	free(c->name);
	free(c->query);
	free(c);
}

/* The tracked request's answer goes to the call's own function. */
static void call_answered(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct call *c = arg;

	(void)ui;
	c->req = NULL;   /* request.c frees it after this */
	c->done(c, res);
}

/* The callback data of a wft_api call that answers to done. */
static struct request *track(struct call *c, void (*done)(void *c, struct wft_api_result *res))
{
	c->done = done;
	return c->req;
}

/* Tracks h, the started call of c; false (c freed) when h is NULL. */
static bool call_go(struct saved_searches *S, struct call *c, struct wft_api_call *h)
{
	if (!request_go(S->ui, c->req, h)) {
		c->req = NULL;   /* freed by request_go */
		call_free(S, c);
		return false;
	}
	c->h = h;
	return true;
}

static struct call *call_new(struct saved_searches *S, enum call_kind kind, const char *id,
                             const char *name, const char *query)
{
	struct call *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	c->kind = kind;
	if ((id && !(c->id = strdup(id))) || (name && !(c->name = strdup(name))) ||
	    (query && !(c->query = strdup(query))) ||
	    !(c->req = request_new(S->ui, REQ_SAVED_SEARCHES, call_answered, c))) {
		free(c->id);
		free(c->name);
		free(c->query);
		free(c);
		return NULL;
	}
	c->S = S;
	c->next = S->calls;
	S->calls = c;
	return c;
}

/* Starts c with h (NULL: it could not start; err says why). */
static bool call_started(struct saved_searches *S, struct call *c, struct wft_api_call *h,
                         const struct wft_error *err)
{
	if (!h)
		ui_toast(S->ui, TOAST_ERROR, "%s", err->message);
	return call_go(S, c, h);
}

/* ---- the prompt, reopened after a failure -------------------------------- */

static const struct overlay_ops saved_ops;

/* Puts the question or prompt m in front (an overlay, once). */
static void open_front(struct saved_searches *S, enum smode m)
{
	S->mode = m;
	if (!overlay_has(&S->ui->overlays, &saved_ops))
		overlay_push(&S->ui->overlays, &saved_ops, S);
}

static void open_prompt(struct saved_searches *S, enum smode m, const char *text,
                        const char *target)
{
	lineedit_set(&S->edit, text ? text : "");
	snprintf(S->target, sizeof S->target, "%s", target ? target : "");
	open_front(S, m);
}

static void prompt_failed(struct saved_searches *S, enum smode m, const char *text,
                          const char *target, const char *fmt,
                          ...) __attribute__((format(printf, 5, 6)));
static void prompt_failed(struct saved_searches *S, enum smode m, const char *text,
                          const char *target, const char *fmt,
                          ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(S->error, sizeof S->error, fmt, ap);
	va_end(ap);
	/* Only when nothing else is in front: a failure must not steal the
	 * keys of another dialog. */
	const struct overlay *top = overlay_top(&S->ui->overlays);
	if ((!top && S->tp->mode == MODE_NORMAL) || (top && top->ops == &saved_ops && S->mode == m)) {
		open_prompt(S, m, text, target);
		ui_toast(S->ui, TOAST_ERROR, "%s", S->error);
	} else {
		ui_toast(S->ui, TOAST_ERROR, "%s", S->error);
		S->error[0] = '\0';
	}
}

/* ---- listing --------------------------------------------------------------- */

static void list_done(void *ud, struct wft_api_result *res)
{
	struct call *c = ud;
	struct saved_searches *S = c->S;

	if (res->err.code == WFT_OK) {
		/* Merged, not replaced: a save or rename the server confirmed
		 * after this listing was asked for is not undone by it. */
		struct wft_error err;
		if (searchlist_merge(&S->srv, res->searches.items, res->searches.n, c->mark,
		                     &err) != WFT_OK)
			ui_toast(S->ui, TOAST_ERROR, "Saved searches: %s", err.message);
		else if (res->searches.skipped)
			ui_toast(S->ui, TOAST_WARNING, "%zu saved search%s could not be read.",
			         res->searches.skipped, res->searches.skipped == 1 ? "" : "es");
		publish(S);
	} else if (refusal(&res->err)) {
		say_local_once(S, &res->err);
		publish(S);
	} else if (res->err.code != WFT_ERR_CANCELLED) {
		ui_toast(S->ui, TOAST_WARNING, "Saved searches unavailable: %s", res->err.message);
		publish(S);
	}
	call_free(S, c);
}

static void list_server(struct saved_searches *S)
{
	struct wft_error err;
	struct call *c;

	if (!S->api || S->refused)
		return;
	if (!(c = call_new(S, C_LIST, NULL, NULL, NULL)))
		return;
	c->mark = searchlist_mark(&S->srv);
	call_started(S, c, wft_api_saved_searches(S->api, 0, 100, request_done, track(c, list_done),
	             &err),
	             &err);
}

/* ---- applying --------------------------------------------------------------- */

static void apply_json(struct saved_searches *S, const char *name, const char *json)
{
	struct ui *ui = S->ui;
	struct savedquery sq;
	struct query_error qe;
	struct wft_error err;
	char note[200];
	size_t o = 0;

	if (!S->tp->view)
		return;
	savedquery_init(&sq);
	if (savedquery_from_json(json, strlen(json), &sq, &err) != WFT_OK) {
		ui_toast(ui, TOAST_ERROR, "The saved search \"%s\" cannot be read: %s", name,
		         err.message);
		savedquery_clear(&sq);
		return;
	}
	lineedit_set(&S->tp->search, sq.query);
	if (view_set_query(S->tp->view, sq.query, &qe) != WFT_OK)
		snprintf(S->tp->search_error, sizeof S->tp->search_error, "%s", qe.err.message);
	else
		S->tp->search_error[0] = '\0';
	if (view_set_facets(S->tp->view, &sq.facets, &err) != WFT_OK) {
		ui_toast(ui, TOAST_ERROR, "%s", err.message);
		savedquery_clear(&sq);
		return;
	}
	view_set_sort(S->tp->view, sq.sort, sq.descending);
	view_select(S->tp->view, 0);  /* a saved search starts at its first match */
	S->tp->scroll = 0;
	note[0] = '\0';
	for (size_t i = 0; i < sq.n_ignored && o < sizeof note; i++)
		o += (size_t)snprintf(note + o, sizeof note - o, "%s%s", i ? ", " : "",
		      sq.ignored[i]);
	if (sq.n_ignored)
		ui_toast(ui, TOAST_WARNING, "Applied \"%s\"; ignored unknown terms: %s", name,
		         note);
	else
		ui_toast(ui, TOAST_INFO, "Applied the saved search \"%s\".", name);
	snprintf(S->tp->saved_applied, sizeof S->tp->saved_applied, "%s", name);
	savedquery_clear(&sq);
}

void saved_apply(struct saved_searches *S, struct ui *ui, size_t i)
{
	struct entry e;
	bool local;

	if (!S)
		return;
	S->ui = ui;
	if (entry_at(S, i, &e, &local))
		apply_json(S, e.name, e.query);
}

static void open_done(void *ud, struct wft_api_result *res)
{
	struct call *c = ud;
	struct saved_searches *S = c->S;
	const struct wft_saved_search *s = &res->search;

	if (res->err.code == WFT_OK) {
		if (s->entity_type && *s->entity_type && strcmp(s->entity_type, "TOKEN") != 0)
			ui_toast(S->ui, TOAST_ERROR,
			         "The saved search %s is not one of the API Tokens "
			         "page (it is for %s).", c->id, s->entity_type);
		else
			apply_json(S, s->name && *s->name ? s->name : c->id,
			           s->query ? s->query : "");
	} else if (res->err.code != WFT_ERR_CANCELLED) {
		ui_toast(S->ui, TOAST_ERROR, "Could not open the saved search %s: %s", c->id,
		         res->err.message);
	}
	call_free(S, c);
}

/* ---- the view as a saved search -------------------------------------------- */

static char *current_json(struct saved_searches *S, struct wft_error *err)
{
	struct view *v = S->tp->view;
	struct savedquery sq;
	char *json = NULL;

	savedquery_init(&sq);
	if (!v) {
		wft_error_set(err, WFT_ERR_INVALID, "nothing to save yet");
		return NULL;
	}
	if (!(sq.query = strdup(view_query_text(v) ? view_query_text(v) : "")) ||
	    facets_copy(&sq.facets, view_facets(v)) != WFT_OK) {
		savedquery_clear(&sq);
		wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		return NULL;
	}
	sq.sort = view_sort_column(v);
	sq.descending = view_sort_descending(v);
	savedquery_to_json(&sq, &json, err);
	savedquery_clear(&sq);
	return json;
}

/* ---- save, clone ------------------------------------------------------------ */

static bool save_local(struct saved_searches *S, enum call_kind kind, const char *name,
                       const char *json)
{
	struct wft_error err;
	enum wft_status st = localsearch_create(&S->local, name, json, now_ms(), NULL, &err);

	if (st != WFT_OK && st != WFT_ERR_PARSE) {
		if (kind == C_CREATE)
			prompt_failed(S, SM_SAVE, name, NULL,
			              "Could not save \"%s\" on this computer: %s",
			              name, err.message);
		else
			ui_toast(S->ui, TOAST_ERROR, "Could not save \"%s\" on this computer: %s",
			         name,
			         err.message);
		return false;
	}
	publish(S);
	if (st == WFT_ERR_PARSE)
		state_problem(S, err.message);
	else if (!S->said_local || S->ui->toast_kind != TOAST_WARNING)
		ui_toast(S->ui, TOAST_INFO, "Saved \"%s\" on this computer (local).", name);
	return true;
}

static void create_failed(struct saved_searches *S, const struct call *c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void create_failed(struct saved_searches *S, const struct call *c, const char *fmt, ...)
{
	char msg[sizeof S->error];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (c->kind == C_CREATE || c->of == C_CREATE)
		prompt_failed(S, SM_SAVE, c->name, NULL, "%s", msg);
	else
		ui_toast(S->ui, TOAST_ERROR, "%s", msg);
}

static void send_create(struct saved_searches *S, struct call *c);
static void lookup_done_cb(void *ud, struct wft_api_result *res);

/* Starts a read-back of the list for the create (or the retry) c stands
 * for; false when it could not start. */
static bool lookup(struct saved_searches *S, const struct call *c, bool then_create,
                   const struct wft_error *first)
{
	struct wft_error err;
	struct call *l = call_new(S, C_LOOKUP, NULL, c->name, c->query);

	if (!l)
		return false;
	l->of = c->kind == C_LOOKUP ? c->of : c->kind;
	l->then_create = then_create;
	if (first)
		l->first = *first;
	wft_error_clear(&err);
	return call_go(S, l, wft_api_saved_searches(S->api, 0, 1000, request_done,
	                                        track(l, lookup_done_cb), &err));
}

static void forget_unsure(struct saved_searches *S)
{
	free(S->unsure_name);
	S->unsure_name = NULL;
}

static void remember_unsure(struct saved_searches *S, const char *name)
{
	forget_unsure(S);
	S->unsure_name = strdup(name);
}

/* The list, read back after a create that did not settle, or before sending
 * again the create of a name whose first attempt was not confirmed. */
static void lookup_done(struct saved_searches *S, struct call *c, struct wft_api_result *res)
{
	const struct wft_saved_search *hit = NULL;
	enum wft_readback rb = wft_outcome_read(&res->err);
	const char *why = c->first.message;

	for (size_t i = 0; rb == WFT_READ_PRESENT && i < res->searches.n; i++) {
		const struct wft_saved_search *x = &res->searches.items[i];
		if (x->id && *x->id && x->name && strcmp(x->name, c->name) == 0 &&
		    (!x->entity_type || !*x->entity_type || strcmp(x->entity_type, "TOKEN") == 0))
			hit = x;
	}
	if (res->err.code == WFT_ERR_CANCELLED)
		return;
	if (rb != WFT_READ_PRESENT && refusal(&res->err)) {
		/* The server has no saved searches at all: kept on this computer. */
		forget_unsure(S);
		say_local_once(S, &res->err);
		save_local(S, c->of, c->name, c->query);
		return;
	}
	switch (wft_outcome_settle(rb, hit != NULL)) {
	case WFT_SETTLED_DONE:
		forget_unsure(S);
		srv_confirm(S, hit->id, c->name, hit->query && *hit->query ? hit->query : c->query);
		publish(S);
		if (c->then_create)
			ui_toast(S->ui, TOAST_INFO,
			         "The search \"%s\" was saved by the earlier attempt; "
			         "not sent again.", c->name);
		else
			ui_toast(S->ui, TOAST_INFO,
			         "Saved the search \"%s\" (read back; the answer "
			         "was: %s).", c->name, why);
		break;
	case WFT_SETTLED_NOT_DONE:
		forget_unsure(S);
		if (c->then_create)
			send_create(S, c);
		else
			create_failed(S, c,
			              "Not saved: \"%s\" is not on the server (the answer was: %s)",
			              c->name, why);
		break;
	case WFT_SETTLED_UNKNOWN:
		remember_unsure(S, c->name);
		create_failed(S, c,
		              "Not confirmed whether \"%s\" was saved (%s; reading back: %s); "
		              "saving again looks for it first.", c->name,
		              c->then_create ? "an earlier attempt" : why, res->err.message);
		break;
	}
}

static void lookup_done_cb(void *ud, struct wft_api_result *res)
{
	struct call *c = ud;
	struct saved_searches *S = c->S;

	lookup_done(S, c, res);
	call_free(S, c);
}

static void create_done(void *ud, struct wft_api_result *res)
{
	struct call *c = ud;
	struct saved_searches *S = c->S;
	const struct wft_saved_search *s = &res->search;

	switch (wft_outcome_of(&res->err)) {
	case WFT_OUTCOME_DONE:
		forget_unsure(S);
		if (s->id && *s->id) {
			srv_confirm(S, s->id, s->name && *s->name ? s->name : c->name,
			            s->query && *s->query ? s->query : c->query);
			publish(S);
		} else {
			/* Saved, but the answer names no id: list again to see it. */
			list_server(S);
		}
		ui_toast(S->ui, TOAST_INFO, "Saved the search \"%s\".", c->name);
		break;
	case WFT_OUTCOME_DONE_UNREAD:
		/* Saved; the listing brings its id, and its name is then taken. */
		forget_unsure(S);
		list_server(S);
		ui_toast(S->ui, TOAST_WARNING, "Saved the search \"%s\" (the server's answer was "
		         "unreadable: %s).", c->name, res->err.message);
		break;
	case WFT_OUTCOME_REFUSED:
		if (refusal(&res->err)) {
			say_local_once(S, &res->err);
			save_local(S, c->kind, c->name, c->query);
		} else if (c->kind == C_CREATE) {
			create_failed(S, c, "Could not save \"%s\": %s", c->name, res->err.message);
		} else {
			create_failed(S, c, "Could not clone as \"%s\": %s", c->name,
			              res->err.message);
		}
		break;
	case WFT_OUTCOME_UNCONFIRMED:
		if (res->err.code == WFT_ERR_CANCELLED) {
			/* Never a new request from a cancelled one: the client may be closing. */
			remember_unsure(S, c->name);
			break;
		}
		if (!lookup(S, c, false, &res->err)) {
			remember_unsure(S, c->name);
			create_failed(S, c, "Not confirmed whether \"%s\" was saved: %s", c->name,
			              res->err.message);
		}
		break;
	}
	call_free(S, c);
}

static void send_create(struct saved_searches *S, struct call *from)
{
	struct wft_saved_search s;
	struct wft_error err;
	struct call *c;
	enum call_kind kind = from->kind == C_LOOKUP ? from->of : from->kind;

	if (!(c = call_new(S, kind, NULL, from->name, from->query))) {
		ui_toast(S->ui, TOAST_ERROR, "Out of memory.");
		return;
	}
	memset(&s, 0, sizeof s);
	s.entity_type = (char *)"TOKEN";
	s.name = c->name;
	s.query = c->query;
	if (call_started(S, c, wft_api_create_saved_search(S->api, &s, request_done,
	                                                track(c, create_done), &err), &err))
		ui_toast(S->ui, TOAST_INFO, "Saving \"%s\"...", c->name);
}

static void create(struct saved_searches *S, enum call_kind kind, const char *name,
                   const char *json)
{
	struct call probe = { .kind = kind, .name = (char *)name, .query = (char *)json };

	if (S->refused || !S->api) {
		save_local(S, kind, name, json);
		return;
	}
	/* An earlier attempt at this name may have been saved: look first. */
	if (S->unsure_name && strcmp(S->unsure_name, name) == 0 && lookup(S, &probe, true, NULL)) {
		ui_toast(S->ui, TOAST_INFO, "Looking for \"%s\" on the server first...", name);
		return;
	}
	send_create(S, &probe);
}

static bool valid_name(struct saved_searches *S, enum smode m, const char *name,
                       const char *except_id)
{
	const char *why = NULL;

	if (!*name)
		why = "A saved search needs a name.";
	else if (strlen(name) > NAME_MAX_BYTES)
		why = "That name is too long (at most 256 bytes).";
	else if (name_taken(S, name, except_id))
		why = "A saved search has that name already: choose another.";
	if (!why)
		return true;
	snprintf(S->error, sizeof S->error, "%s", why);
	open_prompt(S, m, name, except_id);
	ui_toast(S->ui, TOAST_ERROR, "%s", why);
	return false;
}

static void save_as(struct saved_searches *S, const char *name)
{
	struct wft_error err;
	char *json;

	if (!valid_name(S, SM_SAVE, name, NULL))
		return;
	if (S->tp->view && wft_looks_secret(view_query_text(S->tp->view))) {
		/* A saved search is stored, on disk or on the server: no token id. */
		ui_toast(S->ui, TOAST_ERROR, "Not saved: the search holds what looks like a token "
		         "id; search by its last characters instead (id:1a2b).");
		return;
	}
	if (!(json = current_json(S, &err))) {
		prompt_failed(S, SM_SAVE, name, NULL, "Could not save \"%s\": %s", name,
		              err.message);
		return;
	}
	create(S, C_CREATE, name, json);
	free(json);
}

static void clone(struct saved_searches *S, size_t i)
{
	struct entry e;
	bool local;
	char name[NAME_MAX_BYTES + 32];

	if (!entry_at(S, i, &e, &local))
		return;
	snprintf(name, sizeof name, "%s (copy)", e.name);
	for (int k = 2; name_taken(S, name, NULL) && k < 1000; k++)
		snprintf(name, sizeof name, "%s (copy %d)", e.name, k);
	create(S, C_CLONE, name, e.query);
}

/* ---- rename, delete ----------------------------------------------------------- */

/* The one saved search, read back after a rename or delete that did not
 * settle. */
static void read_done(void *ud, struct wft_api_result *res)
{
	struct call *c = ud;
	struct saved_searches *S = c->S;
	enum wft_readback rb = wft_outcome_read(&res->err);
	const char *why = c->first.message;
	bool shows = c->of == C_DELETE ? rb == WFT_READ_ABSENT
	             : rb == WFT_READ_PRESENT && res->search.name &&
	               strcmp(res->search.name, c->name) == 0;

	if (res->err.code == WFT_ERR_CANCELLED) {
		call_free(S, c);
		return;
	}
	switch (wft_outcome_settle(rb, shows)) {
	case WFT_SETTLED_DONE:
		if (c->of == C_DELETE) {
			srv_remove(S, c->id);
			ui_toast(S->ui, TOAST_INFO,
			         "Deleted the saved search \"%s\" (read back; the "
			         "answer was: %s).", c->name, why);
		} else {
			srv_confirm(S, c->id, c->name, c->query);
			ui_toast(S->ui, TOAST_INFO,
			         "Renamed the saved search to \"%s\" (read back; "
			         "the answer was: %s).", c->name, why);
		}
		publish(S);
		break;
	case WFT_SETTLED_NOT_DONE:
		if (rb == WFT_READ_ABSENT) {
			srv_remove(S, c->id);
			publish(S);
			ui_toast(S->ui, TOAST_ERROR,
			         "Not renamed: that saved search no longer exists on "
			         "the server.");
		} else if (c->of == C_DELETE) {
			ui_toast(S->ui, TOAST_ERROR,
			         "Not deleted: \"%s\" is still on the server (the "
			         "answer was: %s).", c->name, why);
		} else {
			prompt_failed(S, SM_RENAME, c->name, c->id,
			              "Not renamed: it is still \"%s\" (the "
			              "answer was: %s)", res->search.name, why);
		}
		break;
	case WFT_SETTLED_UNKNOWN:
		ui_toast(S->ui, TOAST_WARNING, "Not confirmed whether \"%s\" was %s (%s; reading "
		         "back: %s).", c->name, c->of == C_DELETE ? "deleted" : "renamed", why,
		         res->err.message);
		list_server(S);
		break;
	}
	call_free(S, c);
}

/* Reads back the saved search c changed; false when that could not start. */
static bool read_back(struct saved_searches *S, const struct call *c, const struct wft_error *first)
{
	struct wft_error err;
	struct call *r = call_new(S, C_READ, c->id, c->name, c->query);

	if (!r)
		return false;
	r->of = c->kind;
	r->first = *first;
	wft_error_clear(&err);
	return call_go(S, r, wft_api_saved_search(S->api, r->id, request_done, track(r, read_done),
	                                      &err));
}

static void update_done(void *ud, struct wft_api_result *res)
{
	struct call *c = ud;
	struct saved_searches *S = c->S;
	enum wft_outcome o = wft_outcome_of(&res->err);

	if (o == WFT_OUTCOME_DONE || o == WFT_OUTCOME_DONE_UNREAD) {
		srv_confirm(S, c->id, c->name, c->query);
		publish(S);
		if (o == WFT_OUTCOME_DONE)
			ui_toast(S->ui, TOAST_INFO, "Renamed the saved search to \"%s\".", c->name);
		else
			ui_toast(S->ui, TOAST_WARNING, "Renamed the saved search to \"%s\" (the "
			         "server's answer was unreadable: %s).", c->name, res->err.message);
	} else if (o == WFT_OUTCOME_REFUSED) {
		prompt_failed(S, SM_RENAME, c->name, c->id, "Could not rename to \"%s\": %s",
		              c->name,
		              res->err.message);
	} else if (res->err.code != WFT_ERR_CANCELLED && !read_back(S, c, &res->err)) {
		ui_toast(S->ui, TOAST_WARNING, "Not confirmed whether \"%s\" was renamed: %s",
		         c->name, res->err.message);
	}
	call_free(S, c);
}

static void rename_to(struct saved_searches *S, const char *id, const char *name)
{
	size_t i = find_entry(S, id);
	struct entry e;
	bool local;
	struct wft_error err;

	if (!entry_at(S, i, &e, &local)) {
		ui_toast(S->ui, TOAST_ERROR, "That saved search is gone.");
		return;
	}
	if (strcmp(e.name, name) == 0)
		return;
	if (!valid_name(S, SM_RENAME, name, id))
		return;
	if (local) {
		enum wft_status st = localsearch_rename(&S->local, id, name, now_ms(), &err);
		if (st != WFT_OK && st != WFT_ERR_PARSE) {
			prompt_failed(S, SM_RENAME, name, id, "Could not rename to \"%s\": %s",
			              name,
			              err.message);
			return;
		}
		publish(S);
		if (st == WFT_ERR_PARSE)
			state_problem(S, err.message);
		else
			ui_toast(S->ui, TOAST_INFO, "Renamed the saved search to \"%s\".", name);
		return;
	}
	struct call *c = call_new(S, C_UPDATE, id, name, e.query);
	struct wft_saved_search s;
	if (!c) {
		ui_toast(S->ui, TOAST_ERROR, "Out of memory.");
		return;
	}
	memset(&s, 0, sizeof s);
	s.id = c->id;
	s.entity_type = (char *)"TOKEN";
	s.name = c->name;
	s.query = c->query;
	call_started(S, c, wft_api_update_saved_search(S->api, &s, request_done, track(c,
	             update_done),
	                                            &err), &err);
}

static void delete_done(void *ud, struct wft_api_result *res)
{
	struct call *c = ud;
	struct saved_searches *S = c->S;
	enum wft_outcome o = wft_outcome_of(&res->err);

	if (o == WFT_OUTCOME_DONE || o == WFT_OUTCOME_DONE_UNREAD) {
		srv_remove(S, c->id);
		publish(S);
		if (o == WFT_OUTCOME_DONE)
			ui_toast(S->ui, TOAST_INFO, "Deleted the saved search \"%s\".", c->name);
		else
			ui_toast(S->ui, TOAST_WARNING,
			         "Deleted the saved search \"%s\" (the server's "
			         "answer was unreadable: %s).", c->name, res->err.message);
	} else if (o == WFT_OUTCOME_REFUSED) {
		ui_toast(S->ui, TOAST_ERROR, "Could not delete \"%s\": %s", c->name,
		         res->err.message);
	} else if (res->err.code != WFT_ERR_CANCELLED && !read_back(S, c, &res->err)) {
		ui_toast(S->ui, TOAST_WARNING, "Not confirmed whether \"%s\" was deleted: %s",
		         c->name, res->err.message);
	}
	call_free(S, c);
}

static void delete_entry(struct saved_searches *S, const char *id)
{
	size_t i = find_entry(S, id);
	struct entry e;
	bool local;
	struct wft_error err;

	if (!entry_at(S, i, &e, &local)) {
		ui_toast(S->ui, TOAST_ERROR, "That saved search is gone.");
		return;
	}
	if (local) {
		char name[NAME_MAX_BYTES + 1];
		snprintf(name, sizeof name, "%s", e.name);
		enum wft_status st = localsearch_delete(&S->local, id, now_ms(), &err);
		if (st != WFT_OK && st != WFT_ERR_PARSE) {
			ui_toast(S->ui, TOAST_ERROR, "Could not delete \"%s\": %s", name,
			         err.message);
			return;
		}
		publish(S);
		if (st == WFT_ERR_PARSE)
			state_problem(S, err.message);
		else
			ui_toast(S->ui, TOAST_INFO, "Deleted the saved search \"%s\".", name);
		return;
	}
	struct call *c = call_new(S, C_DELETE, id, e.name, NULL);
	if (!c) {
		ui_toast(S->ui, TOAST_ERROR, "Out of memory.");
		return;
	}
	call_started(S, c, wft_api_delete_saved_search(S->api, c->id, request_done,
	                                            track(c, delete_done), &err), &err);
}

/* ---- share ------------------------------------------------------------------------ */

/* Appends s to buf (size n at *o), single-quoted when the shell needs it. */
static void shell_word(char *buf, size_t n, size_t *o, const char *s)
{
	bool plain = *s != '\0';

	for (const char *p = s; *p && plain; p++)
		plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		        (*p >= '0' && *p <= '9') || strchr("_@%+=:,./-", *p);
	if (*o >= n)
		return;
	if (plain) {
		*o += (size_t)snprintf(buf + *o, n - *o, " %s", s);
		return;
	}
	*o += (size_t)snprintf(buf + *o, n - *o, " '");
	for (const char *p = s; *p && *o < n; p++) {
		if (*p == '\'')
			*o += (size_t)snprintf(buf + *o, n - *o, "'\\''");
		else if (*o + 1 < n)
			buf[(*o)++] = *p, buf[*o] = '\0';
		else
			*o = n;
	}
	if (*o < n)
		*o += (size_t)snprintf(buf + *o, n - *o, "'");
}

/* An account name as an exact, case-preserving regex alternative. */
static void regex_literal(char *buf, size_t n, size_t *o, const char *s)
{
	for (const char *p = s; *p && *o + 3 < n; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == ' ' || c == '_')
			buf[(*o)++] = *p;
		else {
			buf[(*o)++] = '\\';
			buf[(*o)++] = *p;
		}
	}
	buf[*o < n ? *o : n - 1] = '\0';
}

/* The facets as query terms, where the language can say them exactly. */
static void facet_terms(const struct facets *f, char *q, size_t n, char *note, size_t nn)
{
	size_t o = strlen(q);
	char d[32];
	unsigned u = f->usage;

	if (f->types == FACET_TYPE_SERVICE)
		o += (size_t)snprintf(q + o, o < n ? n - o : 0, "%stype:service", o ? " " : "");
	else if (f->types == FACET_TYPE_USER)
		o += (size_t)snprintf(q + o, o < n ? n - o : 0, "%stype:user", o ? " " : "");
	if (u == FACET_USED_RECENTLY || u == FACET_UNUSED) {
		wft_millis ms = u == FACET_USED_RECENTLY ? f->used_within : f->unused_for;
		if (ms % 86400000 == 0)
			snprintf(d, sizeof d, "%lldd", (long long)(ms / 86400000));
		else
			snprintf(d, sizeof d, "%lldh", (long long)(ms / 3600000));
		o += (size_t)snprintf(q + o, o < n ? n - o : 0, "%s%s:%s", o ? " " : "",
		                      u == FACET_USED_RECENTLY ? "used" : "unused", d);
	} else if (u == FACET_NEVER_USED) {
		o += (size_t)snprintf(q + o, o < n ? n - o : 0, "%snever", o ? " " : "");
	} else if (u) {
		snprintf(note, nn, "several usage filters cannot be said in a query: left out");
	}
	if (f->n_accounts && o + 16 < n) {
		o += (size_t)snprintf(q + o, n - o, "%saccount:/^(", o ? " " : "");
		for (size_t i = 0; i < f->n_accounts && o + 8 < n; i++) {
			if (i)
				q[o++] = '|';
			regex_literal(q, n - 4, &o, f->accounts[i]);
		}
		if (o + 4 < n)
			o += (size_t)snprintf(q + o, n - o, ")$/");
	}
	if (o >= n)
		snprintf(note, nn, "the query is too long to share");
}

char *saved_share_line(const char *profile, const char *endpoint, const char *auth, bool demo,
                       const char *id, const char *query_json, char *note, size_t note_size)
{
	size_t n = 3 * QUERY_MAX_LEN + 512, o = 0;
	char *buf = malloc(n);

	if (note_size)
		note[0] = '\0';
	if (!buf)
		return NULL;
	o = (size_t)snprintf(buf, n, "wftokens");
	if (demo)
		o += (size_t)snprintf(buf + o, n - o, " --demo");
	else if (profile && *profile) {
		o += (size_t)snprintf(buf + o, n - o, " --profile");
		shell_word(buf, n, &o, profile);
	} else if (endpoint && *endpoint) {
		/* No profile names this instance: the endpoint does (never a
		 * secret: whoever runs the line signs in as themselves). */
		o += (size_t)snprintf(buf + o, n - o, " --endpoint");
		shell_word(buf, n, &o, endpoint);
		if (auth && *auth && strcmp(auth, "token") != 0) {
			o += (size_t)snprintf(buf + o, n - o, " --auth");
			shell_word(buf, n, &o, auth);
		}
	}
	if (id && !demo) {
		o += (size_t)snprintf(buf + o, n - o, " --saved-search");
		shell_word(buf, n, &o, id);
		return buf;
	}
	struct savedquery sq;
	struct wft_error err;
	char q[QUERY_MAX_LEN + 1];
	savedquery_init(&sq);
	if (savedquery_from_json(query_json, strlen(query_json), &sq, &err) != WFT_OK) {
		snprintf(note, note_size, "%s", err.message);
		savedquery_clear(&sq);
		free(buf);
		return NULL;
	}
	snprintf(q, sizeof q, "%s", sq.query ? sq.query : "");
	facet_terms(&sq.facets, q, sizeof q, note, note_size);
	if (*q) {
		o += (size_t)snprintf(buf + o, n - o, " --query");
		shell_word(buf, n, &o, q);
	}
	if (sq.sort != VIEW_COL_NAME || sq.descending) {
		char s[48];
		snprintf(s, sizeof s, "%s%s", view_column_name(sq.sort),
		         sq.descending ? ":desc" : "");
		o += (size_t)snprintf(buf + o, o < n ? n - o : 0, " --sort");
		shell_word(buf, n, &o, s);
	}
	savedquery_clear(&sq);
	if (o >= n) {
		free(buf);
		snprintf(note, note_size, "the command line is too long");
		return NULL;
	}
	return buf;
}

static void share(struct saved_searches *S, size_t i)
{
	struct entry e;
	bool local;
	char note[160];
	struct wft_error err;
	char *line;

	if (!entry_at(S, i, &e, &local))
		return;
	line = saved_share_line(S->profile, S->endpoint, S->auth, S->demo, local ? NULL : e.id,
	                        e.query,
	                        note, sizeof note);
	if (!line) {
		ui_toast(S->ui, TOAST_ERROR, "Cannot share \"%s\": %s", e.name,
		         note[0] ? note : "out of memory");
		return;
	}
	if (!ui_clipboard(S->ui, line, NULL, &err))
		ui_toast(S->ui, TOAST_ERROR, "Not copied: %s", err.message);
	else if (note[0])
		ui_toast(S->ui, TOAST_WARNING, "Copied (%s): %s", note, line);
	else
		ui_toast(S->ui, TOAST_INFO, "Copied: %s", line);
	free(line);
}

/* ---- the page's hooks --------------------------------------------------------- */

/* The side panel's selected saved search: its entries 1..n_saved follow
 * the SAVED SEARCHES title (tokens_page.c's panel order). */
static bool selected_entry(struct saved_searches *S, size_t *i)
{
	if (S->tp->focus != FOCUS_PANEL || S->tp->panel_sel < 1 ||
	    (size_t)S->tp->panel_sel > S->tp->n_saved || (size_t)S->tp->panel_sel > n_entries(S))
		return false;
	*i = (size_t)S->tp->panel_sel - 1;
	return true;
}

static void entry_action(struct saved_searches *S, size_t i, int what)
{
	struct entry e;
	bool local;

	if (!entry_at(S, i, &e, &local))
		return;
	/* The menu reaches these without ui_dispatch: the same refusal. */
	if ((what == 'r' && ui_refuse_change(S->ui, ACT_SAVED_RENAME)) ||
	    (what == 'c' && ui_refuse_change(S->ui, ACT_SAVED_CLONE)) ||
	    (what == 'd' && ui_refuse_change(S->ui, ACT_SAVED_DELETE)))
		return;
	switch (what) {
	case 'a':
		apply_json(S, e.name, e.query);
		break;
	case 'r':
		S->error[0] = '\0';
		open_prompt(S, SM_RENAME, e.name, e.id);
		break;
	case 'c':
		clone(S, i);
		break;
	case 'd':
		snprintf(S->target, sizeof S->target, "%s", e.id);
		open_front(S, SM_CONFIRM);
		break;
	case 'y':
		share(S, i);
		break;
	default:
		break;
	}
}

int saved_action(struct saved_searches *S, struct ui *ui, enum action a)
{
	size_t i;
	int what = 0;

	if (!S)
		return 0;
	S->ui = ui;
	switch (a) {
	case ACT_SAVE_SEARCH:
		S->error[0] = '\0';
		open_prompt(S, SM_SAVE, "", NULL);
		return UI_HANDLED;
	case ACT_SAVED_MENU: what = 'm'; break;
	case ACT_SAVED_RENAME: what = 'r'; break;
	case ACT_SAVED_CLONE: what = 'c'; break;
	case ACT_SAVED_DELETE: what = 'd'; break;
	case ACT_SAVED_SHARE: what = 'y'; break;
	default:
		return 0;
	}
	if (!selected_entry(S, &i)) {
		ui_toast(ui, TOAST_INFO, "Select a saved search in the side panel first (Tab).");
		return UI_HANDLED;
	}
	if (what == 'm') {
		struct entry e;
		bool local;
		entry_at(S, i, &e, &local);
		S->menu_sel = 0;
		snprintf(S->target, sizeof S->target, "%s", e.id);
		open_front(S, SM_MENU);
		return UI_HANDLED;
	}
	entry_action(S, i, what);
	return UI_HANDLED;
}

int saved_command(struct saved_searches *S, struct ui *ui, const char *cmd, const char *arg)
{
	if (!S)
		return 0;
	S->ui = ui;
	if (strcmp(cmd, "save") != 0)
		return 0;
	if (ui_refuse_change(ui, ACT_SAVE_SEARCH))
		return UI_HANDLED;
	S->error[0] = '\0';
	if (!*arg)
		open_prompt(S, SM_SAVE, "", NULL);
	else
		save_as(S, arg);
	return UI_HANDLED;
}

static void close_front(struct saved_searches *S)
{
	S->mode = SM_NONE;
	S->error[0] = '\0';
	overlay_remove_all(&S->ui->overlays, &saved_ops);
}

static int saved_key(struct ui *ui, void *data, int key)
{
	struct saved_searches *S = data;
	char text[LINEEDIT_MAX + 1], target[sizeof S->target];
	size_t i;

	S->ui = ui;
	snprintf(target, sizeof target, "%s", S->target);
	switch (S->mode) {
	case SM_SAVE:
	case SM_RENAME:
		if (key == KEY_ESC) {
			close_front(S);
			ui_toast(ui, TOAST_INFO, "Nothing was saved.");
		} else if (key == '\n') {
			enum smode m = S->mode;
			snprintf(text, sizeof text, "%s", lineedit_text(&S->edit));
			close_front(S);
			if (m == SM_SAVE)
				save_as(S, text);
			else
				rename_to(S, target, text);
		} else {
			keys_edit_line(&S->edit, key);
		}
		return UI_HANDLED;
	case SM_MENU: {
		struct wg_menu m = { N_MENU, S->menu_sel, menu_keys };
		enum wg_menu_event ev = wg_menu_key(&m, key);
		S->menu_sel = m.sel;
		if (ev == WG_MENU_CLOSED)
			close_front(S);
		else if (ev == WG_MENU_CHOSEN) {
			close_front(S);
			if ((i = find_entry(S, target)) != (size_t)-1)
				entry_action(S, i, menu_keys[m.sel]);
		}
		return UI_HANDLED;
	}
	case SM_CONFIRM:
		if (wg_confirm_key(key) == WG_YES) {
			close_front(S);
			delete_entry(S, target);
		} else if (wg_confirm_key(key) == WG_NO) {
			close_front(S);
			ui_toast(ui, TOAST_INFO, "Nothing was deleted.");
		}
		return UI_HANDLED;
	default:
		close_front(S);
		return UI_HANDLED;
	}
}

static void saved_draw(struct ui *ui, void *data)
{
	struct saved_searches *S = data;
	struct entry e;
	bool local = false;
	size_t i;
	char line[512];
	int y = ui->lines - 1;

	S->ui = ui;
	i = S->target[0] ? find_entry(S, S->target) : (size_t)-1;
	if (!entry_at(S, i, &e, &local))
		memset(&e, 0, sizeof e);
	if (S->mode == SM_SAVE || S->mode == SM_RENAME) {
		char label[600];
		if (S->mode == SM_SAVE) {
			snprintf(label, sizeof label, "Save search as: ");
		} else {
			tw_fit(e.name ? e.name : "", 40, 0, line, sizeof line);
			snprintf(label, sizeof label, "Rename \"%s\" to: ", line);
		}
		if (S->error[0])
			wg_text(y - 1, 0, ui->cols, S->error, ui_attr(THEME_ERROR));
		wg_prompt(y, ui->cols, label, &S->edit, ui_attr(THEME_PROMPT));
		curs_set(1);
		return;
	}
	curs_set(0);
	if (S->mode == SM_MENU) {
		char title[64], lines[N_MENU][32];
		const char *items[N_MENU];
		struct wg_menu m = { N_MENU, S->menu_sel, menu_keys };
		tw_fit(e.name ? e.name : "", 36 - 8, 0, title, sizeof title);
		for (int k = 0; k < N_MENU; k++) {
			snprintf(lines[k], sizeof lines[k], "%c  %s", menu_keys[k], menu_items[k]);
			items[k] = lines[k];
		}
		wg_menu_draw(ui_style(), &m, title, items, 36, NULL, ui->lines, ui->cols);
		return;
	}
	if (S->mode == SM_CONFIRM) {
		int w = ui->cols - 8 < 64 ? ui->cols - 8 : 64, h = 8;
		int by = (ui->lines - h) / 2, bx = (ui->cols - w) / 2;
		char name[200];
		tw_fit(e.name ? e.name : "", w - 10, 0, name, sizeof name);
		wg_box(ui_style(), by, bx, h, w, "Delete saved search?");
		snprintf(line, sizeof line, "\"%s\"%s", name, local ? " (local)" : "");
		wg_text(by + 2, bx + 2, w - 4, line, ui_attr(THEME_DIALOG));
		wg_text(by + 3, bx + 2, w - 4, local ? "It is removed from this computer."
		        : "It is removed from the server, for the web UI too.",
		                                                                        ui_attr(THEME_DIALOG));
		wg_confirm_buttons(ui_style(), by + 5, bx + 2, "y Delete");
	}
}

static const struct overlay_ops saved_ops = { "saved-search", saved_draw, saved_key, NULL };

/* ---- history ------------------------------------------------------------------- */

/* The search bar's walk follows the file's order, de-duplicated. */
static void history_to_bar(struct saved_searches *S)
{
	struct wft_error err;
	char text[LINEEDIT_MAX + 1];

	snprintf(text, sizeof text, "%s", lineedit_text(&S->tp->search));
	lineedit_free(&S->tp->search);
	lineedit_init(&S->tp->search);
	for (size_t i = 0; i < S->hist.n; i++)
		if (lineedit_history_add(&S->tp->search, S->hist.items[i], &err) != WFT_OK)
			break;
	lineedit_set(&S->tp->search, text);
}

void saved_history_add(struct saved_searches *S, struct ui *ui, const char *line)
{
	struct wft_error err;
	enum wft_status st;

	if (!S)
		return;
	S->ui = ui;
	if (!S->started || !S->hist.path)
		return;
	/* history_add drops such a line; the user is told why it is missing. */
	if (wft_looks_secret(line))
		ui_toast(ui, TOAST_INFO, "Not kept in the search history: it holds what looks like "
		         "a token id.");
	if (history_add(&S->hist, line, &err) != WFT_OK)
		return;
	st = history_save(&S->hist, now_ms(), &err);
	if (st == WFT_ERR_PARSE) {
		state_problem(S, err.message);
	} else if (st != WFT_OK && !S->hist_warned) {
		S->hist_warned = true;
		ui_toast(ui, TOAST_WARNING, "The search history is not kept: %s", err.message);
	}
	history_to_bar(S);
}

/* ---- start and stop ------------------------------------------------------------ */

/* A profile's name as a file name part. */
static void file_part(const char *s, char *out, size_t n)
{
	size_t k = 0;

	for (; s && *s && k + 1 < n && k < 64; s++)
		out[k++] = ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		            (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.')
		           ? *s : '_';
	if (k == 0 && n > 7)
		k = (size_t)snprintf(out, n, "default");
	out[k < n ? k : n - 1] = '\0';
}

static void apply_start(struct saved_searches *S, const struct saved_opts *o)
{
	struct ui *ui = S->ui;
	struct query_error qe;

	if (o->query && S->tp->view) {
		lineedit_set(&S->tp->search, o->query);
		if (view_set_query(S->tp->view, o->query, &qe) != WFT_OK) {
			snprintf(S->tp->search_error, sizeof S->tp->search_error, "%s",
			         qe.err.message);
			ui_toast(ui, TOAST_ERROR, "--query: %s", qe.err.message);
		}
	}
	if (o->sort && S->tp->view) {
		char name[32];
		size_t n = strcspn(o->sort, ":");
		int c;
		snprintf(name, sizeof name, "%.*s", (int)(n < 31 ? n : 31), o->sort);
		if ((c = view_column_parse(name)) < 0)
			ui_toast(ui, TOAST_ERROR, "--sort: unknown column \"%s\".", name);
		else
			view_set_sort(S->tp->view, (enum view_column)c,
			              strcmp(o->sort + n, ":desc") == 0 ? true
			              : strcmp(o->sort + n, ":asc") == 0 ? false
			              : view_column_descending_first((enum view_column)c));
	}
	if (o->saved_search && *o->saved_search) {
		const char *id = o->saved_search;
		if (localsearch_is_local_id(id)) {
			const struct wft_saved_search *s = localsearch_find(&S->local, id);
			if (s)
				apply_json(S, s->name, s->query);
			else
				ui_toast(ui, TOAST_ERROR,
				         "No local saved search %s on this computer.", id);
		} else if (S->api) {
			struct wft_error err;
			struct call *c = call_new(S, C_OPEN, id, NULL, NULL);
			if (c)
				call_started(S, c, wft_api_saved_search(S->api, c->id, request_done,
				                                     track(c, open_done), &err),
				                                           &err);
		}
	}
}

void saved_start(struct ui *ui, struct tokens_page *tp, const struct saved_opts *o)
{
	struct wft_error err;
	enum wft_status st;
	char *dir = NULL, *path, part[80], name[128];
	struct saved_searches *S = calloc(1, sizeof *S);

	if (!S) {
		ui_toast(ui, TOAST_ERROR, "Out of memory: saved searches are off.");
		return;
	}
	tp->saved = S;
	S->ui = ui;
	S->tp = tp;
	S->started = true;
	S->demo = o->demo;
	S->profile = o->profile ? strdup(o->profile) : NULL;
	S->endpoint = o->endpoint ? strdup(o->endpoint) : NULL;
	S->auth = o->auth ? strdup(o->auth) : NULL;
	lineedit_init(&S->edit);
	localsearch_init(&S->local);
	history_init(&S->hist, 0);
	S->api = ui->session ? session_api(ui->session) : NULL;
	if (statefile_dir(NULL, &dir, &err) != WFT_OK) {
		ui_toast(ui, TOAST_WARNING,
		         "Search history and local saved searches are not kept: %s",
		         err.message);
	} else {
		file_part(o->demo ? "demo" : o->profile, part, sizeof part);
		snprintf(name, sizeof name, "saved-searches.%s.json", part);
		if ((path = statefile_path(dir, name))) {
			st = localsearch_load(&S->local, path, now_ms(), &err);
			if (st == WFT_ERR_PARSE || st == WFT_ERR_IO)
				state_problem(S, err.message);
			S->local_ready = st == WFT_OK || st == WFT_ERR_PARSE;
			free(path);
		}
		if ((path = statefile_path(dir, "search-history.json"))) {
			st = history_load(&S->hist, path, now_ms(), &err);
			if (st == WFT_ERR_PARSE || st == WFT_ERR_IO)
				state_problem(S, err.message);
			history_to_bar(S);
			free(path);
		}
		free(dir);
	}
	publish(S);
	list_server(S);
	apply_start(S, o);
}

void saved_stop(struct ui *ui, struct tokens_page *tp)
{
	struct saved_searches *S = tp ? tp->saved : NULL;

	if (!S)
		return;
	S->ui = ui;
	set_names(S, NULL, 0);
	/* Each cancel runs its callback at once, which frees the call. */
	while (S->calls) {
		struct call *c = S->calls;
		if (c->h && S->api)
			wft_api_cancel(S->api, c->h);
		else
			call_free(S, c);
	}
	free(S->unsure_name);
	searchlist_free(&S->srv);
	localsearch_free(&S->local);
	history_free(&S->hist);
	lineedit_free(&S->edit);
	free(S->profile);
	free(S->endpoint);
	free(S->auth);
	free(S);
	tp->saved = NULL;
}
