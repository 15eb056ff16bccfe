/* tokens_input.c: the API Tokens page's lines of typed text: the search
 * bar, the rename prompt and the side panel's accounts filter box. Each is
 * an overlay while it takes the keys; its text lives in the page's state
 * (tokens_page_state.h), which draws it. */
#include <curses.h>

#include "keys.h"
#include "saved_searches.h"
#include "tokens_page_state.h"

static int search_key(struct ui *ui, void *data, int key)
{
	struct wft_error err;

	(void)data;
	if (key == '\n') {
		tokens_sync_filter(ui);
		lineedit_history_add(&T(ui)->search, lineedit_text(&T(ui)->search), &err);
		saved_history_add(T(ui)->saved, ui, lineedit_text(&T(ui)->search));
		return UI_HANDLED | OVERLAY_CLOSE;
	}
	if (key == KEY_ESC) {
		lineedit_clear(&T(ui)->search);
		tokens_apply_query(ui, "");
		return UI_HANDLED | OVERLAY_CLOSE;
	}
	if (key == KEYF(KEY_UP) || key == KEYF(KEY_DOWN)) {
		if (key == KEYF(KEY_UP) ? lineedit_history_prev(&T(ui)->search)
		                        : lineedit_history_next(&T(ui)->search))
			tokens_apply_query(ui, lineedit_text(&T(ui)->search));
		return UI_HANDLED;
	}
	if (key == '\t') {
		if (tokens_complete_line(ui, &T(ui)->search, false))
			T(ui)->search_dirty = true;
		return UI_HANDLED;
	}
	/* Filtered once before the next frame or the next other key, so a
	 * burst of keys (typing fast, a paste) filters once. */
	if (keys_edit_line(&T(ui)->search, key))
		T(ui)->search_dirty = true;
	return UI_HANDLED; /* the search bar takes every key */
}

/* The cursor in the search bar (row 1, after "/ "). */
static void search_draw(struct ui *ui, void *data)
{
	int cx = 3 + lineedit_cursor_col(&T(ui)->search);

	(void)data;
	move(1, cx < ui->cols ? cx : ui->cols - 1);
	curs_set(1);
}

static int rename_key(struct ui *ui, void *data, int key)
{
	(void)data;
	if (key == '\n') {
		tokens_rename_submit(ui);
		return UI_HANDLED | OVERLAY_CLOSE;
	}
	if (key == KEY_ESC) {
		tokens_free_targets(ui);
		return UI_HANDLED | OVERLAY_CLOSE;
	}
	keys_edit_line(&T(ui)->edit, key);
	return UI_HANDLED;
}

/* The prompt over the footer, the cursor in it. */
static void rename_draw(struct ui *ui, void *data)
{
	char label[96] = "Rename to: ";

	(void)data;
	if (T(ui)->n_targets)
		snprintf(label, sizeof label, "Rename %s to: ", T(ui)->targets[0].masked);
	wg_prompt(ui->lines - 1, ui->cols, label, &T(ui)->edit, ui_attr(THEME_PROMPT));
	curs_set(1);
}

static int panel_filter_key(struct ui *ui, void *data, int key)
{
	size_t first = tokens_panel_fixed(ui), n = tokens_panel_count(ui);

	(void)data;
	if (key == '\n' || key == KEY_ESC || key == '\t') {
		if (key == KEY_ESC)
			lineedit_clear(&T(ui)->panel_filter);
		/* Enter applies the highlighted account. */
		if (key == '\n' && (size_t)T(ui)->panel_sel >= first && (size_t)T(ui)->panel_sel < n) {
			struct pitem p = tokens_panel_item(ui, (size_t)T(ui)->panel_sel);
			tokens_panel_toggle(ui, &p);
		}
		return UI_HANDLED | OVERLAY_CLOSE;
	}
	if (key == KEYF(KEY_DOWN) || key == KEYF(KEY_UP)) {
		tokens_panel_move(ui, key == KEYF(KEY_UP) ? -1 : 1);
		return UI_HANDLED;
	}
	keys_edit_line(&T(ui)->panel_filter, key);
	T(ui)->panel_scroll = 0;
	T(ui)->panel_sel = (int)tokens_panel_best_match(ui);
	return UI_HANDLED;
}

/* (The accounts filter box draws its own cursor mark in the panel.) */
static const struct overlay_ops search_ops = { "tokens-search", search_draw, search_key, NULL };
static const struct overlay_ops rename_ops = { "tokens-rename", rename_draw, rename_key, NULL };
static const struct overlay_ops panel_filter_ops = { "tokens-panel-filter", NULL,
                                                     panel_filter_key, NULL };

static const struct overlay_ops *input_ops(enum tokens_input in)
{
	switch (in) {
	case INPUT_SEARCH: return &search_ops;
	case INPUT_RENAME: return &rename_ops;
	case INPUT_PANEL_FILTER: break;
	}
	return &panel_filter_ops;
}

void tokens_input_open(struct ui *ui, enum tokens_input in)
{
	if (overlay_has(&ui->overlays, input_ops(in)))
		return;
	if (in != INPUT_SEARCH) {
		overlay_push(&ui->overlays, input_ops(in), NULL);
		return;
	}
	/* The search bar filters once a frame, not before every key. */
	lineedit_end(&T(ui)->search);
	overlay_push_typing(&ui->overlays, &search_ops, NULL);
}

bool tokens_input_is_open(const struct ui *ui, enum tokens_input in)
{
	return overlay_has(&ui->overlays, input_ops(in));
}
