/* saved_server.c: saved searches' requests: the server's list, create
 * (and saved_clone), rename, delete, open one by id; an answer that settles
 * nothing is read back; a refusal keeps them on this computer. */
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
#include "journal.h"
#include "mask.h"
#include "namecache.h"
#include "keys.h"
#include "localsearch.h"
#include "osc52.h"
#include "outcome.h"
#include "overlay.h"
#include "request.h"
#include "saved_searches.h"
#include "saved_searches_state.h"
#include "savedquery.h"
#include "savedlist.h"
#include "session.h"
#include "statefile.h"
#include "textwidth.h"
#include "tokens_page_state.h"
#include "ui.h"
#include "view.h"

static void send_create(struct saved_searches *S, struct call *c);
static void lookup_done_cb(void *ud, struct wft_api_result *res);

static void list_done(void *ud, struct wft_api_result *res)
{
	struct call *c = ud;
	struct saved_searches *S = c->S;

	if (res->err.code == WFT_OK) {
		/* Merged, not replaced: a save or rename the server confirmed
		 * after this listing was asked for is not undone by it. */
		struct wft_error err;
		namecache_store_saved(S->ui->profile, res->searches.items, res->searches.n);
		if (savedlist_merge(&S->srv, res->searches.items, res->searches.n, c->mark,
		                     &err) != WFT_OK)
			ui_toast(S->ui, TOAST_ERROR, "Saved searches: %s", err.message);
		else if (res->searches.skipped)
			ui_toast(S->ui, TOAST_WARNING, "%zu saved search%s could not be read.",
			         res->searches.skipped, res->searches.skipped == 1 ? "" : "es");
		saved_publish(S);
	} else if (saved_refusal(&res->err)) {
		saved_say_local_once(S, &res->err);
		saved_publish(S);
	} else if (res->err.code != WFT_ERR_CANCELLED) {
		ui_toast(S->ui, TOAST_WARNING, "Saved searches unavailable: %s", res->err.message);
		saved_publish(S);
	}
	saved_call_free(S, c);
}

void saved_list_server(struct saved_searches *S)
{
	struct wft_error err;
	struct call *c;

	if (!S->api || S->refused)
		return;
	if (!(c = saved_call_new(S, C_LIST, NULL, NULL, NULL)))
		return;
	c->mark = savedlist_mark(&S->srv);
	saved_call_started(S, c, wft_api_saved_searches(S->api, 0, 100, request_done,
	                                                 saved_track(c, list_done), &err), &err);
}

void saved_open_done(void *ud, struct wft_api_result *res)
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
			saved_apply_json(S, s->name && *s->name ? s->name : c->id,
			           s->query ? s->query : "");
	} else if (res->err.code != WFT_ERR_CANCELLED) {
		ui_toast(S->ui, TOAST_ERROR, "Could not open the saved search %s: %s", c->id,
		         res->err.message);
	}
	saved_call_free(S, c);
}

static bool save_local(struct saved_searches *S, enum call_kind kind, const char *name,
                       const char *json)
{
	struct wft_error err;
	enum wft_status st = localsearch_create(&S->local, name, json, saved_now_ms(), NULL, &err);

	if (st != WFT_OK && st != WFT_ERR_PARSE) {
		if (kind == C_CREATE)
			saved_prompt_failed(S, SM_SAVE, name, NULL,
			              "Could not save \"%s\" on this computer: %s",
			              name, err.message);
		else
			ui_toast(S->ui, TOAST_ERROR, "Could not save \"%s\" on this computer: %s",
			         name,
			         err.message);
		return false;
	}
	saved_publish(S);
	if (st == WFT_ERR_PARSE)
		saved_state_problem(S, err.message);
	else if (!S->said_local || S->ui->toast_kind != TOAST_WARNING)
		ui_toast(S->ui, TOAST_INFO, "Saved \"%s\" on this computer (local).", name);
	return true;
}

static void create_failed(struct saved_searches *S, const struct call *c, const char *fmt, ...)
{
	char msg[sizeof S->error];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (c->kind == C_CREATE || c->of == C_CREATE)
		saved_prompt_failed(S, SM_SAVE, c->name, NULL, "%s", msg);
	else
		ui_toast(S->ui, TOAST_ERROR, "%s", msg);
}

/* Starts a read-back of the list for the create (or the retry) c stands
 * for; false when it could not start. */
static bool lookup(struct saved_searches *S, const struct call *c, bool then_create,
                   const struct wft_error *first)
{
	struct wft_error err;
	struct call *l = saved_call_new(S, C_LOOKUP, NULL, c->name, c->query);

	if (!l)
		return false;
	l->of = c->kind == C_LOOKUP ? c->of : c->kind;
	l->then_create = then_create;
	l->change = c->change;
	if (first)
		l->first = *first;
	wft_error_clear(&err);
	return saved_call_go(S, l, wft_api_saved_searches(S->api, 0, 1000, request_done,
	                                        saved_track(l, lookup_done_cb), &err));
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
	char detail[1200];

	for (size_t i = 0; rb == WFT_READ_PRESENT && i < res->searches.n; i++) {
		const struct wft_saved_search *x = &res->searches.items[i];
		if (x->id && *x->id && x->name && strcmp(x->name, c->name) == 0 &&
		    (!x->entity_type || !*x->entity_type || strcmp(x->entity_type, "TOKEN") == 0))
			hit = x;
	}
	enum wft_settled v = wft_outcome_settle(rb, hit != NULL);

	/* A look before a retry settles the earlier attempt, already journalled. */
	if (!c->then_create)
		saved_jot(S, c, res->err.code == WFT_ERR_CANCELLED ? JOURNAL_UNCONFIRMED
		          : rb != WFT_READ_PRESENT && saved_refusal(&res->err) ? JOURNAL_REFUSED
		          : journal_state_of(WFT_OUTCOME_DONE, v), why);
	if (res->err.code == WFT_ERR_CANCELLED)
		return;
	if (rb != WFT_READ_PRESENT && saved_refusal(&res->err)) {
		/* The server has no saved searches at all: kept on this computer. */
		forget_unsure(S);
		saved_say_local_once(S, &res->err);
		save_local(S, c->of, c->name, c->query);
		return;
	}
	switch (v) {
	case WFT_SETTLED_DONE:
		forget_unsure(S);
		saved_srv_confirm(S, hit->id, c->name, hit->query && *hit->query ? hit->query : c->query);
		saved_publish(S);
		if (c->then_create)
			ui_toast(S->ui, TOAST_INFO,
			         "The search \"%s\" was saved by the earlier attempt; "
			         "not sent again.", c->name);
		else
			ui_toast(S->ui, TOAST_INFO, "Saved the search \"%s\" (%s).", c->name,
			         wft_outcome_read_back(why, detail, sizeof detail));
		break;
	case WFT_SETTLED_NOT_DONE:
		forget_unsure(S);
		if (c->then_create)
			send_create(S, c);
		else
			create_failed(S, c, "Not saved: %s", wft_outcome_saved_not_done(false, c->name,
			              why, detail, sizeof detail));
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
	saved_call_free(S, c);
}

static void create_done(void *ud, struct wft_api_result *res)
{
	struct call *c = ud;
	struct saved_searches *S = c->S;
	const struct wft_saved_search *s = &res->search;
	enum wft_outcome o = wft_outcome_of(&res->err);

	/* An answer that settles nothing is journalled once read back. */
	if (o != WFT_OUTCOME_UNCONFIRMED || res->err.code == WFT_ERR_CANCELLED)
		saved_jot_answer(S, c, &res->err);
	switch (o) {
	case WFT_OUTCOME_DONE:
		forget_unsure(S);
		if (s->id && *s->id) {
			saved_srv_confirm(S, s->id, s->name && *s->name ? s->name : c->name,
			            s->query && *s->query ? s->query : c->query);
			saved_publish(S);
		} else {
			/* Saved, but the answer names no id: list again to see it. */
			saved_list_server(S);
		}
		ui_toast(S->ui, TOAST_INFO, "Saved the search \"%s\".", c->name);
		break;
	case WFT_OUTCOME_DONE_UNREAD:
		/* Saved; the listing brings its id, and its name is then taken. */
		forget_unsure(S);
		saved_list_server(S);
		ui_toast(S->ui, TOAST_WARNING, "Saved the search \"%s\" (the server's answer was "
		         "unreadable: %s).", c->name, res->err.message);
		break;
	case WFT_OUTCOME_REFUSED:
		if (saved_refusal(&res->err)) {
			saved_say_local_once(S, &res->err);
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
			saved_jot_answer(S, c, &res->err);
			remember_unsure(S, c->name);
			create_failed(S, c, "Not confirmed whether \"%s\" was saved: %s", c->name,
			              res->err.message);
		}
		break;
	}
	saved_call_free(S, c);
}

static void send_create(struct saved_searches *S, struct call *from)
{
	struct wft_saved_search s;
	struct wft_error err;
	struct call *c;
	enum call_kind kind = from->kind == C_LOOKUP ? from->of : from->kind;

	if (!(c = saved_call_new(S, kind, NULL, from->name, from->query))) {
		ui_toast(S->ui, TOAST_ERROR, "Out of memory.");
		return;
	}
	memset(&s, 0, sizeof s);
	s.entity_type = (char *)"TOKEN";
	s.name = c->name;
	s.query = c->query;
	/* In the journal before the request goes out. */
	saved_jot(S, c, JOURNAL_PENDING, c->query);
	if (saved_call_started(S, c, wft_api_create_saved_search(S->api, &s, request_done,
	                                                saved_track(c, create_done), &err), &err))
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
	else if (saved_name_taken(S, name, except_id))
		why = "A saved search has that name already: choose another.";
	if (!why)
		return true;
	snprintf(S->error, sizeof S->error, "%s", why);
	S->reopen(S, m, name, except_id);
	ui_toast(S->ui, TOAST_ERROR, "%s", why);
	return false;
}

void saved_save_as(struct saved_searches *S, const char *name)
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
	if (!(json = saved_current_json(S, &err))) {
		saved_prompt_failed(S, SM_SAVE, name, NULL, "Could not save \"%s\": %s", name,
		              err.message);
		return;
	}
	create(S, C_CREATE, name, json);
	free(json);
}

void saved_clone(struct saved_searches *S, size_t i)
{
	struct entry e;
	bool local;
	char name[NAME_MAX_BYTES + 32];

	if (!saved_entry_at(S, i, &e, &local))
		return;
	snprintf(name, sizeof name, "%s (copy)", e.name);
	for (int k = 2; saved_name_taken(S, name, NULL) && k < 1000; k++)
		snprintf(name, sizeof name, "%s (copy %d)", e.name, k);
	create(S, C_CLONE, name, e.query);
}

/* The one saved search, read back after a rename or delete that did not
 * settle. */
static void read_done(void *ud, struct wft_api_result *res)
{
	struct call *c = ud;
	struct saved_searches *S = c->S;
	enum wft_readback rb = wft_outcome_read(&res->err);
	const char *why = c->first.message;
	char detail[1200];
	bool shows = c->of == C_DELETE ? rb == WFT_READ_ABSENT
	             : rb == WFT_READ_PRESENT && res->search.name &&
	               strcmp(res->search.name, c->name) == 0;

	enum wft_settled v = wft_outcome_settle(rb, shows);

	saved_jot(S, c, journal_state_of(WFT_OUTCOME_DONE, v), why);
	if (res->err.code == WFT_ERR_CANCELLED) {
		saved_call_free(S, c);
		return;
	}
	switch (v) {
	case WFT_SETTLED_DONE:
		if (c->of == C_DELETE) {
			saved_srv_remove(S, c->id);
			ui_toast(S->ui, TOAST_INFO, "Deleted the saved search \"%s\" (%s).", c->name,
			         wft_outcome_read_back(why, detail, sizeof detail));
		} else {
			saved_srv_confirm(S, c->id, c->name, c->query);
			ui_toast(S->ui, TOAST_INFO, "Renamed the saved search to \"%s\" (%s).",
			         c->name, wft_outcome_read_back(why, detail, sizeof detail));
		}
		saved_publish(S);
		break;
	case WFT_SETTLED_NOT_DONE:
		if (rb == WFT_READ_ABSENT) {
			saved_srv_remove(S, c->id);
			saved_publish(S);
			ui_toast(S->ui, TOAST_ERROR,
			         "Not renamed: that saved search no longer exists on "
			         "the server.");
		} else if (c->of == C_DELETE) {
			wft_outcome_saved_not_done(true, c->name, why, detail, sizeof detail);
			ui_toast(S->ui, TOAST_ERROR, "Not deleted: %s.", detail);
		} else {
			saved_prompt_failed(S, SM_RENAME, c->name, c->id,
			              "Not renamed: it is still \"%s\" (the "
			              "answer was: %s)", res->search.name, why);
		}
		break;
	case WFT_SETTLED_UNKNOWN:
		ui_toast(S->ui, TOAST_WARNING, "Not confirmed whether \"%s\" was %s (%s; reading "
		         "back: %s).", c->name, c->of == C_DELETE ? "deleted" : "renamed", why,
		         res->err.message);
		saved_list_server(S);
		break;
	}
	saved_call_free(S, c);
}

/* Reads back the saved search c changed; false when that could not start. */
static bool read_back(struct saved_searches *S, const struct call *c, const struct wft_error *first)
{
	struct wft_error err;
	struct call *r = saved_call_new(S, C_READ, c->id, c->name, c->query);

	if (!r)
		return false;
	r->of = c->kind;
	r->first = *first;
	r->change = c->change;
	wft_error_clear(&err);
	return saved_call_go(S, r, wft_api_saved_search(S->api, r->id, request_done,
	                                                saved_track(r, read_done), &err));
}

static void update_done(void *ud, struct wft_api_result *res)
{
	struct call *c = ud;
	struct saved_searches *S = c->S;
	enum wft_outcome o = wft_outcome_of(&res->err);

	/* An answer that settles nothing is journalled once read back. */
	if (o != WFT_OUTCOME_UNCONFIRMED || res->err.code == WFT_ERR_CANCELLED)
		saved_jot_answer(S, c, &res->err);
	if (o == WFT_OUTCOME_DONE || o == WFT_OUTCOME_DONE_UNREAD) {
		saved_srv_confirm(S, c->id, c->name, c->query);
		saved_publish(S);
		if (o == WFT_OUTCOME_DONE)
			ui_toast(S->ui, TOAST_INFO, "Renamed the saved search to \"%s\".", c->name);
		else
			ui_toast(S->ui, TOAST_WARNING, "Renamed the saved search to \"%s\" (the "
			         "server's answer was unreadable: %s).", c->name, res->err.message);
	} else if (o == WFT_OUTCOME_REFUSED) {
		saved_prompt_failed(S, SM_RENAME, c->name, c->id, "Could not rename to \"%s\": %s",
		              c->name,
		              res->err.message);
	} else if (res->err.code != WFT_ERR_CANCELLED && !read_back(S, c, &res->err)) {
		saved_jot_answer(S, c, &res->err);
		ui_toast(S->ui, TOAST_WARNING, "Not confirmed whether \"%s\" was renamed: %s",
		         c->name, res->err.message);
	}
	saved_call_free(S, c);
}

void saved_rename_to(struct saved_searches *S, const char *id, const char *name)
{
	size_t i = saved_find_entry(S, id);
	struct entry e;
	bool local;
	struct wft_error err;

	if (!saved_entry_at(S, i, &e, &local)) {
		ui_toast(S->ui, TOAST_ERROR, "That saved search is gone.");
		return;
	}
	if (strcmp(e.name, name) == 0)
		return;
	if (!valid_name(S, SM_RENAME, name, id))
		return;
	if (local) {
		enum wft_status st = localsearch_rename(&S->local, id, name, saved_now_ms(), &err);
		if (st != WFT_OK && st != WFT_ERR_PARSE) {
			saved_prompt_failed(S, SM_RENAME, name, id, "Could not rename to \"%s\": %s",
			              name,
			              err.message);
			return;
		}
		saved_publish(S);
		if (st == WFT_ERR_PARSE)
			saved_state_problem(S, err.message);
		else
			ui_toast(S->ui, TOAST_INFO, "Renamed the saved search to \"%s\".", name);
		return;
	}
	struct call *c = saved_call_new(S, C_UPDATE, id, name, e.query);
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
	/* In the journal before the request goes out. */
	saved_jot(S, c, JOURNAL_PENDING, NULL);
	saved_call_started(S, c, wft_api_update_saved_search(S->api, &s, request_done,
	                                                     saved_track(c, update_done), &err),
	                   &err);
}

static void delete_done(void *ud, struct wft_api_result *res)
{
	struct call *c = ud;
	struct saved_searches *S = c->S;
	enum wft_outcome o = wft_outcome_of(&res->err);

	/* An answer that settles nothing is journalled once read back. */
	if (o != WFT_OUTCOME_UNCONFIRMED || res->err.code == WFT_ERR_CANCELLED)
		saved_jot_answer(S, c, &res->err);
	if (o == WFT_OUTCOME_DONE || o == WFT_OUTCOME_DONE_UNREAD) {
		saved_srv_remove(S, c->id);
		saved_publish(S);
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
		saved_jot_answer(S, c, &res->err);
		ui_toast(S->ui, TOAST_WARNING, "Not confirmed whether \"%s\" was deleted: %s",
		         c->name, res->err.message);
	}
	saved_call_free(S, c);
}

void saved_delete_entry(struct saved_searches *S, const char *id)
{
	size_t i = saved_find_entry(S, id);
	struct entry e;
	bool local;
	struct wft_error err;

	if (!saved_entry_at(S, i, &e, &local)) {
		ui_toast(S->ui, TOAST_ERROR, "That saved search is gone.");
		return;
	}
	if (local) {
		char name[NAME_MAX_BYTES + 1];
		snprintf(name, sizeof name, "%s", e.name);
		enum wft_status st = localsearch_delete(&S->local, id, saved_now_ms(), &err);
		if (st != WFT_OK && st != WFT_ERR_PARSE) {
			ui_toast(S->ui, TOAST_ERROR, "Could not delete \"%s\": %s", name,
			         err.message);
			return;
		}
		saved_publish(S);
		if (st == WFT_ERR_PARSE)
			saved_state_problem(S, err.message);
		else
			ui_toast(S->ui, TOAST_INFO, "Deleted the saved search \"%s\".", name);
		return;
	}
	struct call *c = saved_call_new(S, C_DELETE, id, e.name, NULL);
	if (!c) {
		ui_toast(S->ui, TOAST_ERROR, "Out of memory.");
		return;
	}
	/* In the journal before the request goes out. */
	saved_jot(S, c, JOURNAL_PENDING, NULL);
	saved_call_started(S, c, wft_api_delete_saved_search(S->api, c->id, request_done,
	                                            saved_track(c, delete_done), &err), &err);
}
