/* tokens_since.c: SINCE LAST SESSION in the tokens page's side panel. At a
 * normal quit the token list's fingerprint is kept in the state directory
 * (fingerprint.h); at the next start against the same instance, once the
 * list has loaded, the panel counts the tokens created, revoked, first
 * used and gone stale since. Each but the revoked is a filter on the
 * table; Enter on the revoked lists them (masked ids, names, accounts,
 * from the fingerprint: they are no longer on the server).
 *
 * Only a whole list is compared or fingerprinted: in the server-side mode
 * the table holds one page of the server's search, and a list with tokens
 * left out would report them revoked (or created) next time. The panel
 * then says why instead of counting, and the quit keeps the fingerprint
 * as it was. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <curses.h>

#include "fingerprint.h"
#include "statefile.h"
#include "timefmt.h"
#include "tokens_page.h"
#include "tokens_page_state.h"
#include "ui.h"
#include "view.h"

void tokens_since_start(struct ui *ui, const char *instance)
{
	struct tokens_page *tp = T(ui);
	struct wft_error err;
	char *dir = NULL;

	if (statefile_dir(NULL, &dir, &err) != WFT_OK ||
	    statefile_mkdirs(dir, &err) != WFT_OK ||
	    fingerprint_key(dir, tp->since_key, &err) != WFT_OK) {
		ui_toast(ui, TOAST_WARNING, "No fingerprint of the token list is kept: %s", err.message);
	} else if (!(tp->since_path = fingerprint_path(dir, tp->since_key, instance))) {
		ui_toast(ui, TOAST_ERROR, "Out of memory.");
	}
	free(dir);
}

/* NULL when the table holds the whole token list, else why not (the note
 * of the panel). A list loaded in part must be refused here too. */
static const char *since_not_whole(struct ui *ui)
{
	if (tokens_remote_on(ui))
		return "needs the whole list";
	if (!T(ui)->loaded || !TS(ui))
		return "list not loaded";
	/* A list still arriving, or one whose load was stopped or cut off. */
	if (T(ui)->streaming || T(ui)->partial || tokenset_skipped_no_id(TS(ui)) ||
	    tokenset_skipped_unreadable(TS(ui)))
		return "list incomplete";
	return NULL;
}

void tokens_since_loaded(struct ui *ui)
{
	struct tokens_page *tp = T(ui);
	struct fingerprint old;
	struct wft_error err;
	bool found = false;
	wft_millis now;
	int64_t t0 = ui_now_us();
	const char *why;

	if (tp->since_checked || !tp->since_path || !TS(ui))
		return;
	/* A later whole list is compared (the server-side mode stays on).
	 * The note says why there are no counts when there would be some: a
	 * fingerprint of an earlier session is there. */
	if ((why = since_not_whole(ui)) != NULL) {
		tp->since_note = access(tp->since_path, F_OK) == 0 ? why : NULL;
		return;
	}
	tp->since_checked = true;
	now = view_now(V(ui));
	if (fingerprint_load(tp->since_path, now, &old, &found, &err) != WFT_OK) {
		ui_toast(ui, TOAST_WARNING, "%s", err.message);
		return;
	}
	if (!found)
		return;
	if (fingerprint_compare(&old, TS(ui), tp->since_key, now, &tp->since, &err) != WFT_OK)
		ui_toast(ui, TOAST_ERROR, "%s", err.message);
	else
		tp->since_found = true;
	fingerprint_clear(&old);
	if (ui->timing)   /* "since start MS TOKENS": the fingerprint loaded and compared */
		fprintf(ui->timing, "since start %.3f %zu\n", (double)(ui_now_us() - t0) / 1e3,
		        tokenset_count(TS(ui)));
}

void tokens_since_stop(struct ui *ui)
{
	struct tokens_page *tp = T(ui);
	struct fingerprint fp;
	struct wft_error err;
	int64_t t0 = ui_now_us();

	if (!tp->since_path || !tp->loaded || !TS(ui))
		return;
	/* One page of a search, or a list with tokens left out, would make
	 * the next start report revokes that never happened. */
	if (since_not_whole(ui) != NULL) {
		if (!tokens_remote_on(ui))
			fprintf(stderr, "wftokens: tokens were left out of the token list: no fingerprint "
			        "was taken of it (an earlier one is kept).\n");
		return;
	}
	if (fingerprint_take(TS(ui), tp->since_key, view_now(V(ui)), &fp, &err) != WFT_OK) {
		fprintf(stderr, "wftokens: %s\n", err.message);
		return;
	}
	if (fingerprint_save(tp->since_path, &fp, &err) != WFT_OK)
		fprintf(stderr, "wftokens: %s\n", err.message);
	fingerprint_clear(&fp);
	if (ui->timing)   /* "since quit MS TOKENS": the fingerprint taken and saved */
		fprintf(ui->timing, "since quit %.3f %zu\n", (double)(ui_now_us() - t0) / 1e3,
		        tokenset_count(TS(ui)));
}

void tokens_since_free(struct ui *ui)
{
	struct tokens_page *tp = T(ui);

	fingerprint_changes_clear(&tp->since);
	free(tp->since_path);
	tp->since_path = NULL;
	wft_wipe(tp->since_key, sizeof tp->since_key);
}

size_t tokens_since_entries(const struct ui *ui)
{
	return T(ui)->since_found ? 1 + SINCE_N : tokens_since_note(ui) ? 2 : 0;
}

const char *tokens_since_note(const struct ui *ui)
{
	const struct tokens_page *tp = T(ui);

	return !tp->since_found && tp->since_path ? tp->since_note : NULL;
}

const char *tokens_since_label(const struct ui *ui, unsigned value, size_t *count)
{
	const struct fingerprint_changes *c = &T(ui)->since;

	switch (value) {
	case SINCE_CREATED: *count = c->n_created; return "Created";
	case SINCE_REVOKED: *count = c->n_revoked; return "Revoked";
	case SINCE_FIRST_USED: *count = c->n_first_used; return "First used";
	default: *count = c->n_went_stale; return "Went stale";
	}
}

unsigned tokens_since_pick(unsigned value)
{
	return value == SINCE_CREATED ? PICK_SINCE_CREATED
	     : value == SINCE_FIRST_USED ? PICK_SINCE_FIRST_USED
	     : value == SINCE_STALE ? PICK_SINCE_STALE : PICK_NONE;
}

const char *tokens_pick_name(unsigned pick)
{
	switch (pick) {
	case PICK_SINCE_CREATED: return "since: created";
	case PICK_SINCE_FIRST_USED: return "since: first used";
	case PICK_SINCE_STALE: return "since: went stale";
	case PICK_MINE: return "mine";
	default: return "";
	}
}

void tokens_set_pick(struct ui *ui, unsigned pick, char *const *ids, size_t n)
{
	struct facets f;
	struct wft_error err;

	facets_init(&f);
	if (facets_copy(&f, view_facets(V(ui))) != WFT_OK ||
	    facets_set_pick(&f, pick, ids, n) != WFT_OK) {
		facets_clear(&f);
		ui_toast(ui, TOAST_ERROR, "Out of memory.");
		return;
	}
	if (view_set_facets(V(ui), &f, &err) != WFT_OK)
		ui_toast(ui, TOAST_ERROR, "%s", err.message);
	else
		T(ui)->saved_applied[0] = '\0';
	facets_clear(&f);
}

void tokens_toggle_pick(struct ui *ui, unsigned pick, char *const *ids, size_t n)
{
	tokens_set_pick(ui, view_facets(V(ui))->pick == pick ? PICK_NONE : pick, ids, n);
	view_select(V(ui), 0);   /* a new filter starts at its first match */
}

/* ---- the revoked tokens, listed over the page ---- */

struct since_list {
	size_t top;
};

static void list_draw(struct ui *ui, void *data)
{
	const struct fingerprint_changes *c = &T(ui)->since;
	struct since_list *L = data;
	int w = ui->cols - 8 < 76 ? ui->cols - 8 : 76, h = ui->lines - 6, x = (ui->cols - w) / 2;
	char title[96], line[512], when[64];
	attr_t a = ui_style()->dialog;

	if (w < 20 || h < 4)
		return;
	timefmt_date(c->since, when, sizeof when);
	snprintf(title, sizeof title, "Revoked since %s: %zu", when, c->n_revoked);
	wg_box(ui_style(), 2, x, h, w, title);
	for (int r = 0; r < h - 3 && L->top + (size_t)r < c->n_revoked; r++) {
		const struct fingerprint_token *t = &c->revoked[L->top + (size_t)r];
		snprintf(line, sizeof line, "%-14s %-24s %s", t->masked, t->name, t->account);
		wg_text(3 + r, x + 2, w - 4, line, a);
	}
	wg_text(2 + h - 2, x + 2, w - 4, "Up/Down scroll  Esc close", a);
}

static int list_key(struct ui *ui, void *data, int key)
{
	struct since_list *L = data;
	size_t n = T(ui)->since.n_revoked;

	if (key == KEY_DOWN && L->top + 1 < n)
		L->top++;
	else if (key == KEY_UP && L->top)
		L->top--;
	else if (key == 27 || key == 'q' || key == '\n' || key == KEY_ENTER)
		return UI_HANDLED | OVERLAY_CLOSE;
	return UI_HANDLED;
}

static const struct overlay_ops since_list_ops = { "since-revoked", list_draw, list_key, free };

void tokens_since_toggle(struct ui *ui, unsigned value)
{
	const struct fingerprint_changes *c = &T(ui)->since;

	if (tokens_since_note(ui)) {
		ui_toast(ui, TOAST_INFO, "SINCE LAST SESSION compares the whole token list: %s.",
		         tokens_remote_on(ui) ? "in the server-side search mode it is not downloaded, "
		         "and no fingerprint is kept" : "tokens were left out of this one, so no "
		         "fingerprint is kept from it");
		return;
	}
	switch (value) {
	case SINCE_CREATED:
		tokens_toggle_pick(ui, PICK_SINCE_CREATED, c->created, c->n_created);
		break;
	case SINCE_FIRST_USED:
		tokens_toggle_pick(ui, PICK_SINCE_FIRST_USED, c->first_used, c->n_first_used);
		break;
	case SINCE_STALE:
		tokens_toggle_pick(ui, PICK_SINCE_STALE, c->went_stale, c->n_went_stale);
		break;
	default: {
		struct since_list *L;
		/* overlay_push frees the list when it cannot show it. */
		if (!c->n_revoked)
			ui_toast(ui, TOAST_INFO, "No token was revoked since the last session.");
		else if (!(L = calloc(1, sizeof *L)) || !overlay_push(&ui->overlays, &since_list_ops, L))
			ui_toast(ui, TOAST_ERROR, "Cannot show the list.");
	}
	}
}
