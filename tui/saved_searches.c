/* saved_searches.c: saved searches on the API Tokens page. The server's
 * TOKEN saved searches (doc/api.md 3.4, 5.6) come first in the side panel, then
 * the local ones (kept in the state directory when the server refused),
 * marked "(local)". The state is struct saved_searches, which the tokens
 * page holds. This file: the prompts, the menu and the delete question
 * (an overlay), the actions and : commands, the search history, start and
 * stop; the requests are saved_server.c, the entries and what every part
 * uses saved_store.c, the shared command line saved_share.c. */
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
#include "saved_searches_state.h"
#include "savedquery.h"
#include "savedlist.h"
#include "session.h"
#include "statefile.h"
#include "textwidth.h"
#include "tokens_page_state.h"
#include "ui.h"
#include "view.h"

static const char *const menu_items[] = { "Apply", "Rename", "Clone", "Delete", "Share" };
static const char menu_keys[] = "arcdy";
#define N_MENU 5

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

void saved_apply(struct saved_searches *S, struct ui *ui, size_t i)
{
	struct entry e;
	bool local;

	if (!S)
		return;
	S->ui = ui;
	if (saved_entry_at(S, i, &e, &local))
		saved_apply_json(S, e.name, e.query);
}

static void share(struct saved_searches *S, size_t i)
{
	struct entry e;
	bool local;
	char note[160];
	struct wft_error err;
	char *line;

	if (!saved_entry_at(S, i, &e, &local))
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

/* The side panel's selected saved search: its entries 1..n_saved follow
 * the SAVED SEARCHES title (tokens_page.c's panel order). */
static bool selected_entry(struct saved_searches *S, size_t *i)
{
	if (S->tp->focus != FOCUS_PANEL || S->tp->panel_sel < 1 ||
	    (size_t)S->tp->panel_sel > S->tp->n_saved || (size_t)S->tp->panel_sel > saved_n_entries(S))
		return false;
	*i = (size_t)S->tp->panel_sel - 1;
	return true;
}

static void entry_action(struct saved_searches *S, size_t i, int what)
{
	struct entry e;
	bool local;

	if (!saved_entry_at(S, i, &e, &local))
		return;
	/* The menu reaches these without ui_dispatch: the same refusal. */
	if ((what == 'r' && ui_refuse_change(S->ui, ACT_SAVED_RENAME)) ||
	    (what == 'c' && ui_refuse_change(S->ui, ACT_SAVED_CLONE)) ||
	    (what == 'd' && ui_refuse_change(S->ui, ACT_SAVED_DELETE)))
		return;
	switch (what) {
	case 'a':
		saved_apply_json(S, e.name, e.query);
		break;
	case 'r':
		S->error[0] = '\0';
		open_prompt(S, SM_RENAME, e.name, e.id);
		break;
	case 'c':
		saved_clone(S, i);
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

/* The pick the view shows (since last session, Mine), which a saved
 * search does not keep; 0: none. */
static unsigned saved_pick(const struct saved_searches *S)
{
	return S->tp && S->tp->view ? view_facets(S->tp->view)->pick : 0;
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
		saved_entry_at(S, i, &e, &local);
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
	if (!*arg) {
		open_prompt(S, SM_SAVE, "", NULL);
	} else {
		if (saved_pick(S))
			ui_toast(ui, TOAST_WARNING, "The [%s] filter is of this session only: \"%s\" "
			         "keeps the search and the other filters.", tokens_pick_name(saved_pick(S)),
			         arg);
		saved_save_as(S, arg);
	}
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
				saved_save_as(S, text);
			else
				saved_rename_to(S, target, text);
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
			if ((i = saved_find_entry(S, target)) != (size_t)-1)
				entry_action(S, i, menu_keys[m.sel]);
		}
		return UI_HANDLED;
	}
	case SM_CONFIRM:
		if (wg_confirm_key(key) == WG_YES) {
			close_front(S);
			saved_delete_entry(S, target);
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
	i = S->target[0] ? saved_find_entry(S, S->target) : (size_t)-1;
	if (!saved_entry_at(S, i, &e, &local))
		memset(&e, 0, sizeof e);
	if (S->mode == SM_SAVE || S->mode == SM_RENAME) {
		char label[600];
		if (S->mode == SM_SAVE) {
			unsigned pick = saved_pick(S);
			/* A pick (since last session, Mine) is of this session only. */
			snprintf(label, sizeof label, "Save search as%s%s%s: ", pick ? " (without [" : "",
			         tokens_pick_name(pick), pick ? "]: not kept)" : "");
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

static const struct overlay_ops saved_ops = { SAVED_OVERLAY, saved_draw, saved_key, NULL };

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
	st = history_save(&S->hist, saved_now_ms(), &err);
	if (st == WFT_ERR_PARSE) {
		saved_state_problem(S, err.message);
	} else if (st != WFT_OK && !S->hist_warned) {
		S->hist_warned = true;
		ui_toast(ui, TOAST_WARNING, "The search history is not kept: %s", err.message);
	}
	history_to_bar(S);
}

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
				saved_apply_json(S, s->name, s->query);
			else
				ui_toast(ui, TOAST_ERROR,
				         "No local saved search %s on this computer.", id);
		} else if (S->api) {
			struct wft_error err;
			struct call *c = saved_call_new(S, C_OPEN, id, NULL, NULL);
			if (c)
				saved_call_started(S, c, wft_api_saved_search(S->api, c->id, request_done,
				                                     saved_track(c, saved_open_done), &err),
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
	S->reopen = open_prompt;
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
			st = localsearch_load(&S->local, path, saved_now_ms(), &err);
			if (st == WFT_ERR_PARSE || st == WFT_ERR_IO)
				saved_state_problem(S, err.message);
			S->local_ready = st == WFT_OK || st == WFT_ERR_PARSE;
			free(path);
		}
		if ((path = statefile_path(dir, "search-history.json"))) {
			st = history_load(&S->hist, path, saved_now_ms(), &err);
			if (st == WFT_ERR_PARSE || st == WFT_ERR_IO)
				saved_state_problem(S, err.message);
			history_to_bar(S);
			free(path);
		}
		free(dir);
	}
	saved_publish(S);
	saved_list_server(S);
	apply_start(S, o);
}

void saved_stop(struct ui *ui, struct tokens_page *tp)
{
	struct saved_searches *S = tp ? tp->saved : NULL;

	if (!S)
		return;
	S->ui = ui;
	saved_set_names(S, NULL, 0);
	/* Each cancel runs its callback at once, which frees the call. */
	while (S->calls) {
		struct call *c = S->calls;
		if (c->h && S->api)
			wft_api_cancel(S->api, c->h);
		else
			saved_call_free(S, c);
	}
	free(S->unsure_name);
	savedlist_free(&S->srv);
	localsearch_free(&S->local);
	history_free(&S->hist);
	lineedit_free(&S->edit);
	free(S->profile);
	free(S->endpoint);
	free(S->auth);
	free(S);
	tp->saved = NULL;
}
