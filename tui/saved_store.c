/* saved_store.c: what every part of saved searches uses: the entries (the
 * server's, then the local ones), the side panel's names, the requests'
 * bookkeeping, problems said once, a failed prompt reopened, and applying
 * a saved query to the view. */
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

wft_millis saved_now_ms(void)
{
	return wft_clock_real(NULL);
}

size_t saved_n_entries(struct saved_searches *S)
{
	return S->srv.n + S->local.list.n;
}

/* Entry i (borrowed): server ones first, then local ones. */
bool saved_entry_at(struct saved_searches *S, size_t i, struct entry *out, bool *local)
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

size_t saved_find_entry(struct saved_searches *S, const char *id)
{
	struct entry e;
	bool local;

	for (size_t i = 0; saved_entry_at(S, i, &e, &local); i++)
		if (strcmp(e.id, id) == 0)
			return i;
	return (size_t)-1;
}

bool saved_name_taken(struct saved_searches *S, const char *name, const char *except_id)
{
	struct entry e;
	bool local;

	for (size_t i = 0; saved_entry_at(S, i, &e, &local); i++)
		if (strcmp(e.name, name) == 0 && (!except_id || strcmp(e.id, except_id) != 0))
			return true;
	return false;
}

void saved_srv_confirm(struct saved_searches *S, const char *id, const char *name,
                        const char *query)
{
	struct wft_error err;

	if (savedlist_confirm(&S->srv, id, name, query, &err) != WFT_OK)
		ui_toast(S->ui, TOAST_ERROR, "%s", err.message);
}

void saved_srv_remove(struct saved_searches *S, const char *id)
{
	struct wft_error err;

	if (savedlist_remove(&S->srv, id, &err) != WFT_OK)
		ui_toast(S->ui, TOAST_ERROR, "%s", err.message);
}

/* The side panel's saved-search entries (names is handed over; NULL: none). */
void saved_set_names(struct saved_searches *S, char **names, size_t n)
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
void saved_publish(struct saved_searches *S)
{
	size_t n = saved_n_entries(S), k = 0;
	char **names = calloc(n ? n : 1, sizeof *names);
	struct entry e;
	bool local;

	if (!names) {
		ui_toast(S->ui, TOAST_ERROR, "Out of memory.");
		return;
	}
	for (size_t i = 0; saved_entry_at(S, i, &e, &local); i++) {
		size_t len = strlen(e.name) + sizeof " (local)";
		if (!(names[k] = malloc(len)))
			break;
		snprintf(names[k], len, "%s%s", e.name, local ? " (local)" : "");
		k++;
	}
	saved_set_names(S, names, k);
}

/* A problem with a state file: in the footer until a key, and on stderr,
 * which the console shows when it ends, so it is never lost. */
void saved_state_problem(struct saved_searches *S, const char *msg)
{
	ui_toast(S->ui, TOAST_ERROR, "Corrupt state file set aside (details on exit): %s", msg);
	fprintf(stderr, "wftokens: %s\n", msg);
}

bool saved_refusal(const struct wft_error *err)
{
	return err->code == WFT_ERR_HTTP &&
	       (err->http_status == 403 || err->http_status == 404 || err->http_status == 405 ||
	        err->http_status == 501);
}

void saved_say_local_once(struct saved_searches *S, const struct wft_error *err)
{
	S->refused = true;
	if (S->said_local)
		return;
	S->said_local = true;
	ui_toast(S->ui, TOAST_WARNING, "The server refuses saved searches (HTTP %d): they are kept "
	         "on this computer, marked (local).", err->http_status);
}

void saved_call_free(struct saved_searches *S, struct call *c)
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
struct request *saved_track(struct call *c, void (*done)(void *c, struct wft_api_result *res))
{
	c->done = done;
	return c->req;
}

/* Tracks h, the started call of c; false (c freed) when h is NULL. */
bool saved_call_go(struct saved_searches *S, struct call *c, struct wft_api_call *h)
{
	if (!request_go(S->ui, c->req, h)) {
		c->req = NULL;   /* freed by request_go */
		saved_call_free(S, c);
		return false;
	}
	c->h = h;
	return true;
}

struct call *saved_call_new(struct saved_searches *S, enum call_kind kind, const char *id,
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
bool saved_call_started(struct saved_searches *S, struct call *c, struct wft_api_call *h,
                         const struct wft_error *err)
{
	if (!h) {
		if (c->change)
			saved_jot(S, c, JOURNAL_REFUSED, err->message);
		ui_toast(S->ui, TOAST_ERROR, "%s", err->message);
	}
	return saved_call_go(S, c, h);
}

void saved_jot(struct saved_searches *S, struct call *c, const char *state, const char *detail)
{
	enum call_kind k = c->kind == C_LOOKUP || c->kind == C_READ ? c->of : c->kind;
	const char *action = k == C_CLONE ? "saved-search clone" : k == C_UPDATE
	                     ? "saved-search rename" : k == C_DELETE ? "saved-search delete"
	                     : "saved-search save";

	ui_journal(S->ui, &c->change, action, c->id, c->name, NULL, state, detail);
}

void saved_jot_answer(struct saved_searches *S, struct call *c, const struct wft_error *err)
{
	saved_jot(S, c, ui_journal_state(err), err && err->code != WFT_OK ? err->message : NULL);
}

void saved_prompt_failed(struct saved_searches *S, enum smode m, const char *text,
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
	if (!top || (strcmp(top->ops->name, SAVED_OVERLAY) == 0 && S->mode == m)) {
		S->reopen(S, m, text, target);
		ui_toast(S->ui, TOAST_ERROR, "%s", S->error);
	} else {
		ui_toast(S->ui, TOAST_ERROR, "%s", S->error);
		S->error[0] = '\0';
	}
}

void saved_apply_json(struct saved_searches *S, const char *name, const char *json)
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

char *saved_current_json(struct saved_searches *S, struct wft_error *err)
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
