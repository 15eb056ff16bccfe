/* tokens_revoke.c: revoke and rename on the tokens page: the targets, the
 * question and its results (overlays), the undo window and its quit
 * question, the journal's lines, and what the session answers (the token
 * list, revokes, renames) with the reload a doubtful answer asks for. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curses.h>

#include "api.h"
#include "journal.h"
#include "keys.h"
#include "mask.h"
#include "query.h"
#include "revoke_hold.h"
#include "session.h"
#include "textwidth.h"
#include "timefmt.h"
#include "tokenset.h"
#include "tokens_page.h"
#include "tokens_page_state.h"
#include "ui.h"
#include "view.h"

struct session_change;
static void page_revoked(struct ui *ui, const char *id, const struct session_change *ch);
static void tokens_want_reload(struct ui *ui);
static void confirm_revoke(struct ui *ui);

void tokens_free_targets(struct ui *ui)
{
	for (size_t i = 0; i < T(ui)->n_targets; i++) {
		wft_free_secret(T(ui)->targets[i].id);
		free(T(ui)->targets[i].name);
		free(T(ui)->targets[i].account);
	}
	free(T(ui)->targets);
	T(ui)->targets = NULL;
	T(ui)->n_targets = T(ui)->targets_pending = 0;
}

/* The revoke of t did not happen, or may not have. */
bool tokens_target_failed(const struct revoke_target *t)
{
	return t->state == TARGET_FAILED || t->state == TARGET_UNCONFIRMED;
}

static void target_line(struct ui *ui, const struct revoke_target *t, char *out, size_t n)
{
	char rel[32], name[64], acc[64];

	tw_fit(*t->name ? t->name : "(no name)", 22, 1, name, sizeof name);
	tw_fit(t->account, 18, 1, acc, sizeof acc);
	snprintf(out, n, "%s  %s %s %s", t->masked, name, acc,
	         timefmt_relative(t->last_used, view_now(V(ui)), rel, sizeof rel));
}

void tokens_draw_confirm(struct ui *ui, bool results)
{
	int w = ui->cols - 8 < 78 ? ui->cols - 8 : 78;
	int room = ui->lines - 12;
	int shown = (int)T(ui)->n_targets < room ? (int)T(ui)->n_targets : room;
	size_t hidden = results ? 0 : tokens_targets_hidden(ui);
	int h = shown + (results ? 5 : 8) + ((int)T(ui)->n_targets > shown) + (hidden ? 2 : 0);
	int y = (ui->lines - h) / 2, x = (ui->cols - w) / 2, r = y + 2;
	char title[64], line[256], text[1024];
	attr_t d = ui_attr(THEME_DIALOG);

	if (results)
		snprintf(title, sizeof title, "Revoke: results");
	else
		snprintf(title, sizeof title, "Revoke %zu token%s?", T(ui)->n_targets,
		         T(ui)->n_targets == 1 ? "" : "s");
	wg_box(ui_style(), y, x, h, w, title);
	if (hidden) {
		/* Never act on a token out of sight without saying so first. */
		if (hidden == T(ui)->n_targets)
			snprintf(text, sizeof text, "%zu marked token%s, none in the current view", hidden,
			         hidden == 1 ? "" : "s");
		else
			snprintf(text, sizeof text, "%zu marked tokens, %zu of them not in the current view",
			         T(ui)->n_targets, hidden);
		wg_text_marked(r++, x + 2, w - 4, text, ui_attr(THEME_WARNING), NULL, 0, 0);
		r++;
	}
	for (int i = 0; i < shown; i++) {
		const struct revoke_target *t = &T(ui)->targets[i];
		target_line(ui, t, line, sizeof line);
		if (results)
			snprintf(text, sizeof text, "%s  %s", t->state == TARGET_DONE ? "revoked:" :
			         t->state == TARGET_UNCONFIRMED ? "UNSURE: " : "FAILED: ", line);
		else
			snprintf(text, sizeof text, "%s", line);
		wg_text_marked(r++, x + 2, w - 4, text, d, NULL, 0, 0);
		if (results && tokens_target_failed(t)) {
			/* the reason takes the line of the next token on a small screen */
		}
	}
	if ((int)T(ui)->n_targets > shown) {
		snprintf(text, sizeof text, "... and %zu more", T(ui)->n_targets - (size_t)shown);
		wg_text_marked(r++, x + 2, w - 4, text, d, NULL, 0, 0);
	}
	r++;
	if (results) {
		size_t bad = 0, unsure = 0;
		const char *why = "";
		for (size_t i = 0; i < T(ui)->n_targets; i++)
			if (tokens_target_failed(&T(ui)->targets[i])) {
				bad += T(ui)->targets[i].state == TARGET_FAILED;
				unsure += T(ui)->targets[i].state == TARGET_UNCONFIRMED;
				why = T(ui)->targets[i].result;
			}
		snprintf(text, sizeof text, "%zu revoked, %zu not revoked, %zu not confirmed%s%s"
		         "   (Enter closes)", T(ui)->n_targets - bad - unsure, bad, unsure,
		         bad + unsure ? ": " : "", why);
		bad += unsure;
		wg_text_marked(r, x + 2, w - 4, text, bad ? ui_attr(THEME_ERROR) : d, NULL, 0, 0);
		return;
	}
	wg_text_marked(r++, x + 2, w - 4, "Revoking cannot be undone. Scripts and integrations that use",
	          d, NULL, 0, 0);
	wg_text_marked(r++, x + 2, w - 4, "these tokens will get authorization errors.", d, NULL, 0, 0);
	r++;
	wg_confirm_buttons(ui_style(), r, x + 2, "y Revoke");
}

static void revoke_confirm_draw(struct ui *ui, void *data)
{
	(void)data;
	tokens_draw_confirm(ui, false);
}

static int revoke_confirm_key(struct ui *ui, void *data, int key)
{
	enum wg_answer ans = wg_confirm_key(key);

	(void)data;
	if (ans == WG_YES) {
		confirm_revoke(ui);
		return UI_HANDLED | OVERLAY_CLOSE;
	}
	if (ans == WG_NO) {
		tokens_free_targets(ui);
		ui_toast(ui, TOAST_INFO, "Nothing was revoked.");
		return UI_HANDLED | OVERLAY_CLOSE;
	}
	return UI_HANDLED;
}

static const struct overlay_ops revoke_confirm_ops = { "revoke-confirm", revoke_confirm_draw,
                                                       revoke_confirm_key, NULL };

static void revoke_results_draw(struct ui *ui, void *data)
{
	(void)data;
	tokens_draw_confirm(ui, true);
}

static int revoke_results_key(struct ui *ui, void *data, int key)
{
	(void)data;
	if (key == '\n' || key == KEY_ESC || key == 'q') {
		tokens_free_targets(ui);
		return UI_HANDLED | OVERLAY_CLOSE;
	}
	return UI_HANDLED;
}

static const struct overlay_ops revoke_results_ops = { "revoke-results", revoke_results_draw,
                                                       revoke_results_key, NULL };

static bool add_target(struct ui *ui, tokenset_idx i)
{
	const struct tokenset *ts = TS(ui);
	struct revoke_target *t;
	struct revoke_target *grown = realloc(T(ui)->targets, (T(ui)->n_targets + 1) * sizeof *grown);

	if (!grown)
		return false;
	T(ui)->targets = grown;
	t = &T(ui)->targets[T(ui)->n_targets];
	memset(t, 0, sizeof *t);
	t->id = strdup(tokenset_id(ts, i));
	t->name = strdup(tokenset_name(ts, i));
	t->account = strdup(tokenset_account(ts, i));
	if (!t->id || !t->name || !t->account) {
		wft_free_secret(t->id);
		free(t->name);
		free(t->account);
		return false;
	}
	wft_mask_id(t->id, t->masked, sizeof t->masked);
	t->type = tokenset_account_type(ts, i);
	t->last_used = tokenset_last_used(ts, i);
	T(ui)->n_targets++;
	return true;
}

/* While a revoke is held the targets are its own: no other revoke or
 * rename may start until it is sent or undone. */
static bool refuse_while_held(struct ui *ui)
{
	if (!tokens_held(ui))
		return false;
	ui_toast(ui, TOAST_WARNING, "A revoke is waiting to be sent (u undoes it); wait until "
	         "it leaves.");
	return true;
}

int tokens_start_revoke(struct ui *ui)
{
	const struct tokenset *ts = TS(ui);

	if (!T(ui)->loaded || !ts)
		return UI_HANDLED;
	if (refuse_while_held(ui))
		return UI_HANDLED;
	if (T(ui)->targets_pending) {
		ui_toast(ui, TOAST_WARNING, "A revoke is still running; wait for it or press Esc.");
		return UI_HANDLED;
	}
	tokens_free_targets(ui);
	if (T(ui)->n_marked) {
		for (size_t i = 0; i < tokenset_size(ts); i++)
			if (tokens_is_marked(ui, (tokenset_idx)i) && tokenset_is_live(ts, (tokenset_idx)i) &&
			    !add_target(ui, (tokenset_idx)i))
				goto nomem;
	} else if (view_selected_token(V(ui)) != TOKENSET_NONE) {
		if (!add_target(ui, view_selected_token(V(ui))))
			goto nomem;
	}
	if (!T(ui)->n_targets)
		return UI_HANDLED;
	T(ui)->targets_bulk = T(ui)->n_targets > 1;
	overlay_push(&ui->overlays, &revoke_confirm_ops, NULL);
	return UI_HANDLED;
nomem:
	tokens_free_targets(ui);
	ui_toast(ui, TOAST_ERROR, "Out of memory.");
	return UI_HANDLED;
}

bool tokens_revoke_token(struct ui *ui, const char *id)
{
	tokenset_idx i = TS(ui) ? tokenset_find(TS(ui), id) : TOKENSET_NONE;

	if (ui_refuse_change(ui, ACT_REVOKE) || refuse_while_held(ui))
		return false;
	if (!T(ui)->loaded || i == TOKENSET_NONE || T(ui)->targets_pending) {
		ui_toast(ui, TOAST_WARNING, "Not revoked: %s; R asks again.", T(ui)->targets_pending
		         ? "a revoke is still running" : "the token is not in the list (Ctrl-R reads it)");
		return false;
	}
	tokens_free_targets(ui);
	if (!add_target(ui, i)) {
		ui_toast(ui, TOAST_ERROR, "Out of memory.");
		return false;
	}
	T(ui)->targets_bulk = false;
	confirm_revoke(ui);
	return true;
}

void tokens_jot(struct ui *ui, struct revoke_target *t, const char *action, const char *state,
                const char *detail)
{
	ui_journal(ui, &t->change, action, t->id, t->name, t->account, state, detail);
}

static void revoke_all(struct ui *ui)
{
	struct wft_error err;

	hold_end(&T(ui)->hold);
	T(ui)->targets_pending = T(ui)->n_targets;
	for (size_t i = 0; i < T(ui)->n_targets; i++) {
		struct revoke_target *t = &T(ui)->targets[i];
		/* In the journal before the request goes out. */
		tokens_jot(ui, t, "revoke", JOURNAL_PENDING, NULL);
		if (!ui->session || session_revoke(ui->session, t->id, &err) != WFT_OK) {
			if (!ui->session)
				wft_error_set(&err, WFT_ERR_INVALID, "not connected");
			t->state = TARGET_FAILED;
			snprintf(t->result, sizeof t->result, "%s", err.message);
			/* Stopped before anything was sent: refused (outcome.h). */
			tokens_jot(ui, t, "revoke", JOURNAL_REFUSED, err.message);
			T(ui)->targets_pending--;
		}
	}
	if (T(ui)->targets_pending == 0)
		page_revoked(ui, NULL, NULL);
	else
		ui_toast(ui, TOAST_INFO, "Revoking %zu token%s...", T(ui)->n_targets,
		         T(ui)->n_targets == 1 ? "" : "s");
}

/* "y" in the revoke dialog: held for the undo window, or sent at once. */
static void confirm_revoke(struct ui *ui)
{
	if (ui->undo_ms <= 0) {
		revoke_all(ui);
		return;
	}
	for (size_t i = 0; i < T(ui)->n_targets; i++)
		tokens_jot(ui, &T(ui)->targets[i], "revoke", JOURNAL_HELD, NULL);
	hold_start(ui, &T(ui)->hold, T(ui)->n_targets, ui->undo_ms);
	ui_toast(ui, TOAST_INFO, "Revoking %zu token%s in %d s: u undoes it.", T(ui)->n_targets,
	         T(ui)->n_targets == 1 ? "" : "s", (ui->undo_ms + 999) / 1000);
}

bool tokens_held(const struct ui *ui)
{
	return hold_running(&T(ui)->hold) && T(ui)->n_targets > 0 && T(ui)->targets_pending == 0;
}

/* The undo window's turns (revoke_hold.h): its end sends, u undoes, and an
 * end of the console sends nothing. */
static void hold_send(struct ui *ui, void *owner)
{
	(void)owner;
	if (tokens_held(ui))
		revoke_all(ui);
}

static void hold_undo_revokes(struct ui *ui, void *owner, const char *why)
{
	size_t n = T(ui)->n_targets;

	(void)owner;
	if (!tokens_held(ui))
		return;
	for (size_t i = 0; i < n; i++)
		tokens_jot(ui, &T(ui)->targets[i], "revoke", JOURNAL_UNDONE, why);
	hold_end(&T(ui)->hold);
	tokens_free_targets(ui);
	ui_toast(ui, TOAST_INFO, "Undone: nothing was sent; %zu token%s kept.", n,
	         n == 1 ? "" : "s");
}

static void hold_lost(struct ui *ui, void *owner)
{
	(void)owner;
	if (tokens_held(ui))
		for (size_t i = 0; i < T(ui)->n_targets; i++)
			tokens_jot(ui, &T(ui)->targets[i], "revoke", JOURNAL_NOT_SENT,
			    "the console ended during the undo window");
}

const struct hold_ops tokens_hold_ops = { hold_send, hold_undo_revokes, hold_lost };

/* Seconds left of the undo window, rounded up; 0 when none is running. */
int tokens_hold_seconds_left(const struct ui *ui)
{
	return tokens_held(ui) ? hold_seconds_left(&T(ui)->hold) : 0;
}

/* True when token i is held in the undo window. */
bool tokens_is_held(struct ui *ui, tokenset_idx i)
{
	const char *id;

	if (!tokens_held(ui))
		return false;
	id = tokenset_id(TS(ui), i);
	for (size_t k = 0; k < T(ui)->n_targets; k++)
		if (strcmp(T(ui)->targets[k].id, id) == 0)
			return true;
	return false;
}

static void revoke_finished(struct ui *ui)
{
	size_t bad = 0, unsure = 0;

	for (size_t i = 0; i < T(ui)->n_targets; i++) {
		bad += tokens_target_failed(&T(ui)->targets[i]);
		unsure += T(ui)->targets[i].state == TARGET_UNCONFIRMED;
	}
	/* The server-side mode's page holds what changed: read it again
	 * (not after refusals only: their messages stay in the footer). */
	if (bad - unsure < T(ui)->n_targets)
		tokens_remote_changed(ui);
	if (T(ui)->targets_bulk) {
		overlay_push(&ui->overlays, &revoke_results_ops, NULL);
		if (bad)
			ui_toast(ui, unsure == bad ? TOAST_WARNING : TOAST_ERROR,
			         "Revoked %zu of %zu; %zu not revoked, %zu not confirmed.",
			         T(ui)->n_targets - bad, T(ui)->n_targets, bad - unsure, unsure);
		else
			ui_toast(ui, TOAST_INFO, "Revoked %zu tokens.", T(ui)->n_targets);
		return;
	}
	if (bad && strncmp(T(ui)->targets[0].result, "dry run", 7) == 0)
		ui_toast(ui, TOAST_INFO, "Revoke of %s: %s", T(ui)->targets[0].masked,
		         T(ui)->targets[0].result);
	else if (bad && T(ui)->targets[0].state == TARGET_UNCONFIRMED)
		ui_toast(ui, TOAST_WARNING, "Revoke of %s %s", T(ui)->targets[0].masked,
		         T(ui)->targets[0].result);
	else if (bad)
		ui_toast(ui, TOAST_ERROR, "Could not revoke %s: %s", T(ui)->targets[0].masked,
		         T(ui)->targets[0].result);
	else if (strcmp(T(ui)->targets[0].result, "revoked") != 0)
		ui_toast(ui, TOAST_INFO, "Revoke of %s: %s.", T(ui)->targets[0].masked,
		         T(ui)->targets[0].result);
	else
		ui_toast(ui, TOAST_INFO, "Revoked %s%s%s%s.", T(ui)->targets[0].masked,
		         *T(ui)->targets[0].name ? " (" : "", T(ui)->targets[0].name,
		         *T(ui)->targets[0].name ? ")" : "");
	tokens_free_targets(ui);
}

static void page_revoked(struct ui *ui, const char *id, const struct session_change *ch)
{
	struct wft_error e2;
	const char *why = ch && ch->err ? ch->err->message : "";

	for (size_t i = 0; id && ch && i < T(ui)->n_targets; i++) {
		struct revoke_target *t = &T(ui)->targets[i];
		if (t->state != TARGET_WAITING || strcmp(t->id, id) != 0)
			continue;
		tokens_jot(ui, t, "revoke", journal_state_of(ch->outcome, ch->settled),
		    ch->settled == WFT_SETTLED_DONE && ch->read_back && ch->was_404
		    ? "already gone (read back: no such token)" : why);
		if (ch->settled == WFT_SETTLED_UNKNOWN) {
			/* Sent, but neither the answer nor a read-back says what became
			 * of it: never shown as revoked, nor as refused. */
			t->state = TARGET_UNCONFIRMED;
			snprintf(t->result, sizeof t->result, "not confirmed (%.400s); reading the "
			         "list again", why);
			tokens_want_reload(ui);
		} else if (ch->settled == WFT_SETTLED_NOT_DONE) {
			t->state = TARGET_FAILED;
			if (ch->read_back)
				snprintf(t->result, sizeof t->result, "not revoked: the token still "
				         "exists (the answer was: %.400s)", why);
			else
				snprintf(t->result, sizeof t->result, "%s", why);
		} else {
			t->state = TARGET_DONE;
			if (ch->read_back && ch->was_404)
				snprintf(t->result, sizeof t->result, "already gone (read back: no such "
				         "token)");
			else if (ch->read_back)
				snprintf(t->result, sizeof t->result, "revoked (read back: no such "
				         "token; the answer was: %.300s)", why);
			else if (ch->outcome == WFT_OUTCOME_DONE_UNREAD)
				snprintf(t->result, sizeof t->result, "revoked (the answer was "
				         "unreadable)");
			else
				snprintf(t->result, sizeof t->result, "revoked");
			tokenset_idx k = tokenset_find(TS(ui), id);
			if (k != TOKENSET_NONE)
				tokens_set_mark(ui, k, false);
			view_remove_token(V(ui), id, &e2);
			tokens_load_note_change(ui, id, NULL);
		}
		T(ui)->targets_pending--;
		/* A rotation's old token: the rotation ends once it is gone. */
		tokens_rotate_revoked(ui, t->id, t->state == TARGET_DONE, t->result);
		break;
	}
	if (T(ui)->targets_pending == 0 && T(ui)->n_targets) {
		revoke_finished(ui);
	}
	tokens_reload_if_wanted(ui);
}

int tokens_start_rename(struct ui *ui)
{
	tokenset_idx i = V(ui) ? view_selected_token(V(ui)) : TOKENSET_NONE;

	if (!T(ui)->loaded || i == TOKENSET_NONE)
		return UI_HANDLED;
	if (refuse_while_held(ui))
		return UI_HANDLED;
	if (T(ui)->targets_pending) {
		ui_toast(ui, TOAST_WARNING, "A request is still running; wait for it or press Esc.");
		return UI_HANDLED;
	}
	/* Refused before any prompt when it cannot succeed. On an instance
	 * onboarded to VMware Cloud services the own-token endpoint (T3) does
	 * not apply: user tokens are managed there. */
	if (!wft_account_type_is_service(tokenset_account_type(TS(ui), i)) &&
	    session_csp_onboarded(ui->session)) {
		char masked[WFT_MASK_SIZE];
		wft_mask_id(tokenset_id(TS(ui), i), masked, sizeof masked);
		ui_toast(ui, TOAST_ERROR, "Cannot rename %s: on an instance onboarded to VMware "
		         "Cloud services, user API tokens are managed in VMware Cloud services.",
		         masked);
		return UI_HANDLED;
	}
	/* Otherwise the API renames only service-account tokens and the
	 * signed-in user's own. */
	if (!wft_account_type_is_service(tokenset_account_type(TS(ui), i)) &&
	    wft_rename_route(tokenset_account_type(TS(ui), i), tokenset_account(TS(ui), i)) ==
	            WFT_RENAME_OWN &&
	    session_token_is_own(ui->session, tokenset_id(TS(ui), i)) == 0) {
		char masked[WFT_MASK_SIZE], acc[64];
		wft_mask_id(tokenset_id(TS(ui), i), masked, sizeof masked);
		tw_fit(tokenset_account(TS(ui), i), 40, 0, acc, sizeof acc);
		ui_toast(ui, TOAST_ERROR, "Cannot rename %s: it is %s's token, and the API renames "
		         "only service-account tokens and your own.", masked, acc);
		return UI_HANDLED;
	}
	tokens_free_targets(ui);
	if (!add_target(ui, i)) {
		ui_toast(ui, TOAST_ERROR, "Out of memory.");
		return UI_HANDLED;
	}
	lineedit_set(&T(ui)->edit, T(ui)->targets[0].name);
	tokens_input_open(ui, INPUT_RENAME);
	return UI_HANDLED;
}

void tokens_rename_submit(struct ui *ui)
{
	struct wft_error err;
	const char *name = lineedit_text(&T(ui)->edit);

	if (!T(ui)->n_targets)
		return;
	if (!*name) {
		ui_toast(ui, TOAST_ERROR, "A token name cannot be empty.");
		tokens_free_targets(ui);
		return;
	}
	if (strcmp(name, T(ui)->targets[0].name) == 0) {
		tokens_free_targets(ui);
		return;
	}
	if (!ui->session) {
		tokens_free_targets(ui);
		return;
	}
	char to[600];
	snprintf(to, sizeof to, "to \"%s\"", name);
	tokens_jot(ui, &T(ui)->targets[0], "rename", JOURNAL_PENDING, to);
	if (session_rename(ui->session, T(ui)->targets[0].id, T(ui)->targets[0].account,
	                   T(ui)->targets[0].type, name, &err) != WFT_OK) {
		tokens_jot(ui, &T(ui)->targets[0], "rename", JOURNAL_REFUSED, err.message);
		ui_toast(ui, TOAST_ERROR, "Could not rename %s: %s", T(ui)->targets[0].masked, err.message);
		tokens_free_targets(ui);
		return;
	}
	T(ui)->targets_pending = 1;
	ui_toast(ui, TOAST_INFO, "Renaming %s...", T(ui)->targets[0].masked);
}

static void page_renamed(struct ui *ui, const char *id, const char *name,
                  const struct session_change *ch)
{
	struct wft_error e2;
	char masked[WFT_MASK_SIZE];
	const char *why = ch && ch->err ? ch->err->message : "";

	wft_mask_id(id, masked, sizeof masked);
	if (T(ui)->n_targets && strcmp(T(ui)->targets[0].id, id) == 0) {
		char detail[800];
		snprintf(detail, sizeof detail, "to \"%s\"%s%s", name, *why ? ": " : "", why);
		tokens_jot(ui, &T(ui)->targets[0], "rename",
		    ch ? journal_state_of(ch->outcome, ch->settled) : JOURNAL_UNCONFIRMED, detail);
	}
	if (ch && ch->settled == WFT_SETTLED_DONE)
		tokens_load_note_change(ui, id, name);
	if (!ch || ch->settled == WFT_SETTLED_UNKNOWN) {
		ui_toast(ui, TOAST_WARNING, "Rename of %s not confirmed (%s); reading the list "
		         "again.", masked, why);
		tokens_want_reload(ui);
	} else if (ch->settled == WFT_SETTLED_NOT_DONE && ch->read_back) {
		if (ch->token_gone)
			ui_toast(ui, TOAST_ERROR, "Not renamed: %s no longer exists (the answer was: "
			         "%s).", masked, why);
		else
			ui_toast(ui, TOAST_ERROR, "Not renamed: %s is still \"%s\" (the answer was: "
			         "%s).", masked, ch->read_name ? ch->read_name : "", why);
	} else if (ch->settled == WFT_SETTLED_NOT_DONE && ch->err &&
	           ch->err->code == WFT_ERR_DRY_RUN) {
		ui_toast(ui, TOAST_INFO, "Rename of %s: %s", masked, why);
	} else if (ch->settled == WFT_SETTLED_NOT_DONE) {
		ui_toast(ui, TOAST_ERROR, "Could not rename %s: %s", masked, why);
	} else if (view_rename_token(V(ui), id, name, &e2) != WFT_OK) {
		tokens_want_reload(ui);
	} else if (ch->read_back) {
		ui_toast(ui, TOAST_INFO, "Renamed %s to \"%s\" (read back; the answer was: %s).",
		         masked, name, why);
	} else if (ch->outcome == WFT_OUTCOME_DONE_UNREAD) {
		ui_toast(ui, TOAST_WARNING, "Renamed %s to \"%s\" (the server's answer was "
		         "unreadable: %s).", masked, name, why);
	} else {
		ui_toast(ui, TOAST_INFO, "Renamed %s to \"%s\".", masked, name);
	}
	tokens_free_targets(ui);
	if (ch->settled == WFT_SETTLED_DONE)
		tokens_remote_changed(ui);
	tokens_reload_if_wanted(ui);
}

void tokens_loaded(struct ui *ui, struct tokenset *ts, const struct wft_error *err)
{
	bool copies = T(ui)->streaming;

	if (T(ui)->loading > 0)
		T(ui)->loading--;
	T(ui)->reload_quiet = T(ui)->reload_quiet && !err;
	if (err && err->code != WFT_OK) {
		tokens_load_failed(ui, ts, err);
		return;
	}
	if (!tokens_load_ended(ui, ts))
		return;
	char skipped[160];
	if (tokenset_skipped_note(ts, skipped, sizeof skipped))
		ui_toast(ui, TOAST_WARNING, "%s%s.", T(ui)->loaded && !copies ? "Reloaded; " : "",
		         skipped);
	else if (T(ui)->loaded && !copies && !T(ui)->reload_quiet)
		ui_toast(ui, TOAST_INFO, "Reloaded: %zu token%s.", view_count_total(V(ui)),
		         view_count_total(V(ui)) == 1 ? "" : "s");
	T(ui)->reload_quiet = false;
	T(ui)->loaded = true;
	/* The first whole list: the rotations an earlier session left open. */
	if (!T(ui)->rotations_resumed) {
		T(ui)->rotations_resumed = true;
		tokens_rotate_resume(ui);
	}
	tokens_since_loaded(ui);
	if (ui->timing && !T(ui)->load_timed) {
		T(ui)->load_timed = true;
		fprintf(ui->timing, "loaded %.3f %zu\n", (double)(ui_now_us() - ui->start_us) / 1e3,
		        view_count_total(V(ui)));
	}
}

/* A change of this page left the list in doubt: read again, and the
 * footer keeps saying why (a change not confirmed): "Reloaded" must not
 * replace that. */
static void tokens_want_reload(struct ui *ui)
{
	ui->tokens_stale = true;
	T(ui)->reload_quiet = true;
}

void tokens_reload_if_wanted(struct ui *ui)
{
	if (!ui->tokens_stale || T(ui)->cancelling || T(ui)->targets_pending || T(ui)->loading)
		return;
	ui->tokens_stale = false;
	tokens_reload(ui);
}

int tokens_reload(struct ui *ui)
{
	struct wft_error err;

	if (!ui->session || tokens_remote_reload(ui))
		return UI_HANDLED;
	/* Only a load of the token list itself makes this one wait: the
	 * other parts' requests do not. */
	if (T(ui)->loading) {
		ui_toast(ui, TOAST_INFO, "Already loading.");
		return UI_HANDLED;
	}
	if (session_load(ui->session, &err) != WFT_OK) {
		ui_toast(ui, TOAST_ERROR, "Could not load the tokens: %s", err.message);
		return UI_HANDLED;
	}
	T(ui)->loading++;
	return UI_HANDLED;
}

static void hook_loaded(void *ud, struct tokenset *ts, const struct wft_error *err)
{
	tokens_loaded(ud, ts, err);
}

static void hook_progress(void *ud, const struct session_progress *p)
{
	tokens_load_progress(ud, p);
}

static void hook_revoked(void *ud, const char *id, const struct session_change *ch)
{
	page_revoked(ud, id, ch);
}

static void hook_renamed(void *ud, const char *id, const char *name,
                         const struct session_change *ch)
{
	page_renamed(ud, id, name, ch);
}

static void hook_retrying(void *ud, const char *message)
{
	ui_toast(ud, TOAST_WARNING, "%s", message);
}

void page_hooks(struct ui *ui, struct session_hooks *h)
{
	memset(h, 0, sizeof *h);
	h->ud = ui;
	h->loaded = hook_loaded;
	h->progress = hook_progress;
	h->revoked = hook_revoked;
	h->renamed = hook_renamed;
	h->retrying = hook_retrying;
}
