/* widgets.c: the widget kit (widgets.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curses.h>

#include "keys.h"
#include "textwidth.h"
#include "widgets.h"

void wg_fill(int y, int x, int w, attr_t attr)
{
	if (w <= 0)
		return;
	attrset(attr);
	mvhline(y, x, ' ', w);
}

/* True when every byte of s is printable ASCII. */
static bool plain_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

void wg_text_marked(int y, int x, int w, const char *s, attr_t attr,
                    const struct query_span *spans, size_t nspans, attr_t match)
{
	struct tw_char c;
	size_t len = s ? strlen(s) : 0, pos = 0, sp = 0;
	int cols = 0, limit = w;

	if (w <= 0)
		return;
	move(y, x);
	if (plain_ascii(s, len)) {
		/* Most names: one column a byte, drawn a run at a time. */
		size_t shown = len > (size_t)w ? (size_t)w - 1 : len;
		while (pos < shown) {
			while (sp < nspans && spans[sp].end <= pos)
				sp++;
			bool hit = sp < nspans && spans[sp].start <= pos;
			size_t e = hit ? spans[sp].end : sp < nspans ? spans[sp].start : shown;
			if (e > shown)
				e = shown;
			attrset(hit ? attr | match : attr);
			addnstr(s + pos, (int)(e - pos));
			pos = e;
		}
		cols = (int)shown;
		if (shown < len)
			limit = w - 1;
		pos = len;
	} else if (tw_width_n(s, len) > w) {
		limit = w - 1;
	}
	while (tw_next(s, len, &pos, &c)) {
		if (cols + c.width > limit)
			break;
		while (sp < nspans && spans[sp].end <= c.src_off)
			sp++;
		bool hit = sp < nspans && spans[sp].start <= c.src_off;
		attrset(hit ? attr | match : attr);
		addstr(c.bytes);
		cols += c.width;
	}
	attrset(attr);
	if (limit < w) {
		addstr(tw_ellipsis());
		cols++;
	}
	if (cols < w)
		hline(' ', w - cols);
}

void wg_text(int y, int x, int w, const char *s, attr_t attr)
{
	wg_text_marked(y, x, w, s, attr, NULL, 0, 0);
}

void wg_box(const struct wg_style *st, int y, int x, int h, int w, const char *title)
{
	if (h < 2 || w < 2)
		return;
	attrset(st->dialog);
	for (int r = 0; r < h; r++)
		mvhline(y + r, x, ' ', w);
	attrset(st->border);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	if (title && *title) {
		char t[512];
		snprintf(t, sizeof t, " %s ", title);
		int tw = tw_width(t);
		wg_text(y, x + 2, tw < w - 4 ? tw : w - 4, t, st->title);
	}
}

enum wg_answer wg_confirm_key(int key)
{
	if (key == 'y' || key == 'Y')
		return WG_YES;
	if (key == 'n' || key == 'N' || key == KEY_ESC || key == '\n' || key == 'q')
		return WG_NO;
	return WG_UNANSWERED;
}

void wg_confirm_buttons(const struct wg_style *st, int y, int x, const char *yes)
{
	attrset(st->button);
	mvaddstr(y, x, yes);
	attrset(st->focused);
	mvaddstr(y, x + 2 + (int)strlen(yes), "n No (default)");
}

enum wg_menu_event wg_menu_key(struct wg_menu *m, int key)
{
	const char *hot = m->hotkeys && key > 0 && key < 128 ? strchr(m->hotkeys, key) : NULL;

	if (key == KEYF(KEY_UP) || key == 'k') {
		if (m->sel > 0)
			m->sel--;
		return WG_MENU_STAYS;
	}
	if (key == KEYF(KEY_DOWN) || key == 'j') {
		if (m->sel + 1 < m->n)
			m->sel++;
		return WG_MENU_STAYS;
	}
	if (key == '\n')
		return m->n > 0 ? WG_MENU_CHOSEN : WG_MENU_STAYS;
	if (hot && *hot && hot - m->hotkeys < m->n) {
		m->sel = (int)(hot - m->hotkeys);
		return WG_MENU_CHOSEN;
	}
	if (key == KEY_ESC || key == 'q')
		return WG_MENU_CLOSED;
	return WG_MENU_STAYS;
}

void wg_menu_draw(const struct wg_style *st, const struct wg_menu *m, const char *title,
                  const char *const *items, int w, const char *hint, int lines, int cols)
{
	int h = m->n + 4 + (hint ? 1 : 0), y = (lines - h) / 2, x = (cols - w) / 2;

	wg_box(st, y, x, h, w, title);
	for (int k = 0; k < m->n; k++)
		wg_text(y + 2 + k, x + 2, w - 4, items[k], k == m->sel ? st->focused : st->dialog);
	if (hint)
		wg_text(y + 3 + m->n, x + 2, w - 4, hint, st->hint | st->dialog);
}

void wg_prompt(int y, int cols, const char *label, const struct lineedit *le, attr_t attr)
{
	int lx = tw_width(label);

	if (lx > cols / 2)
		lx = cols / 2;
	wg_fill(y, 0, cols, attr);
	wg_text(y, 0, lx, label, attr);
	wg_text(y, lx, cols - lx - 1, lineedit_text(le), attr);
	int cx = lx + lineedit_cursor_col(le);
	move(y, cx < cols ? cx : cols - 1);
}

void wg_header_text(const char *title, bool sorted, bool desc, char *out, size_t outsz)
{
	snprintf(out, outsz, "%s%s", title, !sorted ? "" : desc ? " v" : " ^");
}

void wg_rows_selected_key(const struct wg_rows *r, const struct wg_rows_model *m, void *ctx,
                          char *out, size_t outsz)
{
	size_t i = wg_rows_item(r, r->sel);
	const char *k = i != (size_t)-1 && m->key ? m->key(i, ctx) : NULL;

	snprintf(out, outsz, "%s", k ? k : "");
}

bool wg_rows_build(struct wg_rows *r, size_t n, const struct wg_rows_model *m, void *ctx,
                   const char *sel_key)
{
	size_t *idx = realloc(r->idx, (n ? n : 1) * sizeof *idx);

	if (!idx)
		return false;
	r->idx = idx;
	r->n = 0;
	for (size_t i = 0; i < n; i++)
		if (!m->keep || m->keep(i, ctx))
			idx[r->n++] = i;
	if (m->cmp)
		qsort_r(idx, r->n, sizeof *idx, m->cmp, ctx);
	r->sel = 0;
	for (size_t k = 0; sel_key && *sel_key && m->key && k < r->n; k++)
		if (strcmp(m->key(idx[k], ctx), sel_key) == 0) {
			r->sel = k;
			break;
		}
	return true;
}

size_t wg_rows_item(const struct wg_rows *r, size_t k)
{
	return k < r->n ? r->idx[k] : (size_t)-1;
}

void wg_rows_free(struct wg_rows *r)
{
	free(r->idx);
	memset(r, 0, sizeof *r);
}

size_t wg_table_follow(size_t sel, size_t n, size_t *top, size_t h)
{
	if (sel >= n)
		sel = n ? n - 1 : 0;
	if (sel < *top)
		*top = sel;
	if (h > 0 && sel >= *top + h)
		*top = sel - h + 1;
	return sel;
}

void wg_table_header(int y, int x, int w, const struct wg_columns *c, attr_t attr)
{
	char title[128];

	wg_fill(y, x, w, attr);
	for (int k = 0; k < c->n; k++) {
		wg_header_text(c->titles[k], k == c->sorted, c->desc, title, sizeof title);
		wg_text(y, c->x[k], c->w[k], title, attr);
	}
}

size_t wg_table_rows(int y, size_t h, size_t n, size_t sel, size_t *top,
                     void (*row)(void *ctx, int y, size_t r, bool selected), void *ctx)
{
	sel = wg_table_follow(sel, n, top, h);
	for (size_t r = *top; r < n && r - *top < h; r++)
		row(ctx, y + (int)(r - *top), r, r == sel);
	return sel;
}
