/* tokens_load.c: the token list as it streams in. A progress line (tokens
 * and bytes, with a bar), the first screen as soon as a page of rows has
 * arrived (a copy of what arrived, in the current sort, refreshed at each
 * doubling), and what is kept when the load does not end: the rows that
 * arrived, said to be a part of the list. A reload keeps the list on
 * screen until it ends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curses.h>

#include "mask.h"
#include "session.h"
#include "tokenset.h"
#include "tokens_page_state.h"
#include "ui.h"
#include "view.h"

/* A newer copy on screen at most this often (ms), and never sooner than 10
 * times what the last one took (each one is copied, filtered and sorted
 * whole): the load itself keeps 90% of the time. */
#define COPY_EVERY_MS 1000
#define COPY_SHARE 10
/* No copy of more tokens than this (memory: a copy sits beside the list
 * being decoded); past it the rows shown wait for the end of the load. */
#define COPY_MAX_TOKENS 250000

/* n with thousands separators: "41,200". */
static const char *thousands(size_t n, char *buf, size_t size)
{
	char digits[32];
	size_t len = (size_t)snprintf(digits, sizeof digits, "%zu", n), o = 0;

	for (size_t i = 0; i < len && o + 2 < size; i++) {
		if (i && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

/* bytes as "9.8 MB" (or kB). */
static const char *megabytes(double bytes, char *buf, size_t size)
{
	if (bytes < 1e6)
		snprintf(buf, size, "%.0f kB", bytes / 1e3);
	else
		snprintf(buf, size, "%.1f MB", bytes / 1e6);
	return buf;
}

void tokens_load_note_change(struct ui *ui, const char *id, const char *name)
{
	struct load_change *c;

	if (!T(ui)->loading)
		return;
	c = realloc(T(ui)->load_changes, (T(ui)->n_load_changes + 1) * sizeof *c);
	if (!c)
		return;
	T(ui)->load_changes = c;
	c += T(ui)->n_load_changes;
	c->id = strdup(id);
	c->name = name ? strdup(name) : NULL;
	if (!c->id || (name && !c->name)) {
		wft_free_secret(c->id);
		free(c->name);
		return;
	}
	T(ui)->n_load_changes++;
}

void tokens_load_changes_clear(struct ui *ui)
{
	for (size_t i = 0; i < T(ui)->n_load_changes; i++) {
		wft_free_secret(T(ui)->load_changes[i].id);
		free(T(ui)->load_changes[i].name);
	}
	free(T(ui)->load_changes);
	T(ui)->load_changes = NULL;
	T(ui)->n_load_changes = 0;
}

/* The changes confirmed since the load began, on the list it brought (a
 * token it does not hold any more is fine). */
static void apply_changes(struct ui *ui)
{
	struct wft_error e2;

	for (size_t i = 0; i < T(ui)->n_load_changes; i++) {
		const struct load_change *c = &T(ui)->load_changes[i];
		if (c->name)
			view_rename_token(V(ui), c->id, c->name, &e2);
		else
			view_remove_token(V(ui), c->id, &e2);
	}
}

bool tokens_take_set(struct ui *ui, struct tokenset *ts)
{
	struct wft_error e2;
	/* Marks follow their tokens into the new set, by id. */
	unsigned char *nm = NULL;
	size_t nn = tokenset_size(ts), marked = 0;

	if (T(ui)->n_marked && nn && (nm = calloc(nn, 1)) != NULL) {
		for (size_t i = 0; i < T(ui)->n_marks_cap; i++)
			if (T(ui)->marks[i] && tokenset_is_live(TS(ui), (tokenset_idx)i)) {
				tokenset_idx k = tokenset_find(ts, tokenset_id(TS(ui), (tokenset_idx)i));
				if (k != TOKENSET_NONE) {
					nm[k] = 1;
					marked++;
				}
			}
	}
	/* Over a copy of a list still arriving, a selection the user left on
	 * the first row stays on the first row (its token may sort lower in
	 * the whole list); one moved stays on its token. */
	bool at_top = T(ui)->streaming && view_selected(V(ui)) == 0;
	if (view_set_tokenset(V(ui), ts, &e2) != WFT_OK) {
		free(nm);
		ui_toast(ui, TOAST_ERROR, "%s", e2.message);
		return false;
	}
	if (at_top)
		view_select(V(ui), 0);
	free(T(ui)->marks);
	T(ui)->marks = nm;
	T(ui)->n_marks_cap = nm ? nn : 0;
	T(ui)->n_marked = marked;
	/* The side panel's accounts are made again: a new set may number its
	 * accounts otherwise, with the same generation (as many additions). */
	T(ui)->accounts_sorted_ok = false;
	apply_changes(ui);
	return true;
}

/* A copy of what arrived so far (the decoder goes on filling the original). */
static struct tokenset *copy_arrived(const struct tokenset *from)
{
	struct tokenset *ts = tokenset_new();
	struct wft_error err;
	struct wft_token_rec rec;

	for (size_t i = 0; ts && i < tokenset_size(from); i++) {
		if (!tokenset_is_live(from, (tokenset_idx)i))
			continue;
		tokenset_get(from, (tokenset_idx)i, &rec);
		if (tokenset_add(ts, &rec, &err) != WFT_OK) {
			tokenset_free(ts);
			return NULL;
		}
	}
	return ts;
}

/* Whether the arriving rows may take the screen: only when no list was
 * shown before this load (a reload keeps the list on screen, whole or a
 * part, until it ends). */
static bool may_show(struct ui *ui, size_t n)
{
	size_t page = T(ui)->table_h > 0 ? (size_t)T(ui)->table_h : VIEW_DEFAULT_PAGE_SIZE;
	int64_t wait = T(ui)->copy_ms * COPY_SHARE;

	if ((T(ui)->loaded && !T(ui)->streaming) || n < page || n > COPY_MAX_TOKENS)
		return false;
	return !T(ui)->streaming ||
	       (n >= 2 * T(ui)->shown_tokens &&
	        ui_now_ms() - T(ui)->shown_at >= (wait > COPY_EVERY_MS ? wait : COPY_EVERY_MS));
}

void tokens_load_progress(struct ui *ui, const struct session_progress *p)
{
	struct tokenset *copy;
	int64_t t0 = ui_now_ms();

	T(ui)->progress = *p;
	T(ui)->progress.ts = NULL;
	if (!V(ui) || !may_show(ui, tokenset_count(p->ts)) || !(copy = copy_arrived(p->ts)))
		return;
	if (!tokens_take_set(ui, copy))
		return;
	T(ui)->copy_ms = ui_now_ms() - t0;
	T(ui)->shown_tokens = tokenset_count(p->ts);
	T(ui)->shown_at = ui_now_ms();
	T(ui)->streaming = true;
	T(ui)->loaded = true;
}

bool tokens_load_ended(struct ui *ui, struct tokenset *ts)
{
	bool ok;

	memset(&T(ui)->progress, 0, sizeof T(ui)->progress);
	T(ui)->shown_tokens = 0;
	T(ui)->partial = false;
	ok = tokens_take_set(ui, ts);      /* (over a copy while streaming is set) */
	T(ui)->streaming = false;
	tokens_load_changes_clear(ui);
	return ok;
}

/* "41,200 of ? tokens" or, with the answer's length known, "41,200
 * tokens (9.8 of 24.1 MB)". */
static void arrived_text(const struct session_progress *p, char *buf, size_t size)
{
	char n[32], got[32], all[32];

	thousands(p->tokens, n, sizeof n);
	if (p->total_bytes > 0)
		snprintf(buf, size, "%s tokens (%s of %s)", n, megabytes((double)p->bytes, got, sizeof got),
		         megabytes((double)p->total_bytes, all, sizeof all));
	else
		snprintf(buf, size, "%s of ? tokens", n);
}

void tokens_load_failed(struct ui *ui, struct tokenset *ts, const struct wft_error *err)
{
	bool cancelled = err->code == WFT_ERR_CANCELLED;
	struct session_progress p = T(ui)->progress;
	char what[160];

	/* What arrived replaces only copies of it, or nothing. */
	if (tokenset_count(ts) && (T(ui)->streaming || !T(ui)->loaded)) {
		if (tokens_take_set(ui, ts))
			T(ui)->loaded = T(ui)->partial = true;
		ts = NULL;
	}
	tokenset_free(ts);
	tokens_load_changes_clear(ui);
	T(ui)->streaming = false;
	memset(&T(ui)->progress, 0, sizeof T(ui)->progress);
	p.tokens = T(ui)->partial ? view_count_total(V(ui)) : 0;
	arrived_text(&p, what, sizeof what);
	if (T(ui)->partial && cancelled)
		ui_toast(ui, TOAST_WARNING, "Load cancelled: %s shown; the list is partial. "
		         "Ctrl-R reloads.", what);
	else if (T(ui)->partial)
		ui_toast(ui, TOAST_ERROR, "The load failed (%s): %s shown; the list is partial. "
		         "Ctrl-R reloads.", err->message, what);
	else if (cancelled)
		ui_toast(ui, TOAST_WARNING, "Loading cancelled (Ctrl-R loads again).");
	else
		ui_toast(ui, TOAST_ERROR, "Could not load the tokens: %s", err->message);
}

/* The bar: filled by the share of bytes when the length is known, else a
 * block that moves with the spinner. */
static void progress_bar(const struct ui *ui, const struct session_progress *p, char *bar,
                         int w)
{
	memset(bar, '.', (size_t)w);
	bar[w] = '\0';
	if (p->total_bytes > 0) {
		int k = (int)((double)p->bytes * w / (double)p->total_bytes);
		memset(bar, '#', (size_t)(k > w ? w : k));
	} else {
		for (int i = 0; i < 4; i++)
			bar[(ui->spin + i) % w] = '#';
	}
}

void tokens_draw_progress(struct ui *ui, int y)
{
	const struct session_progress *p = &T(ui)->progress;
	char line[200], n[32], mb[32], all[48] = "", bar[24];
	int w;

	if (T(ui)->loading && (p->bytes || T(ui)->streaming)) {
		progress_bar(ui, p, bar, 16);
		if (p->total_bytes > 0)
			snprintf(all, sizeof all, " of %s", megabytes((double)p->total_bytes, mb, sizeof mb));
		w = snprintf(line, sizeof line, " loading %s tokens, %s%s [%s] Esc stops ",
		             thousands(p->tokens, n, sizeof n), megabytes((double)p->bytes, mb, sizeof mb),
		             all, bar);
	} else if (T(ui)->partial) {
		w = snprintf(line, sizeof line, " partial list: %s tokens of ? (Ctrl-R reloads) ",
		             thousands(view_count_total(V(ui)), n, sizeof n));
	} else {
		return;
	}
	if (w > ui->cols - 2)
		w = ui->cols - 2;
	attrset(ui_attr(T(ui)->partial ? THEME_WARNING : THEME_BORDER));
	mvaddnstr(y, 1, line, w);
}
