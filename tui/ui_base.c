/* ui_base.c: what every part of the console draws and speaks with: the
 * monotonic clock, the theme's attributes and the widget kit's colours,
 * and the footer's message (kept whole in the message log). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <curses.h>

#include "colors.h"
#include "msglog.h"
#include "textwidth.h"
#include "ui.h"

#define TOAST_MS 4000

int64_t ui_now_ms(void)
{
	return ui_now_us() / 1000;
}

int64_t ui_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

attr_t ui_attr(enum theme_element e)
{
	static const unsigned mono[THEME_N_ELEMENTS] = {
#define X(id, name, parent, m, what) [THEME_##id] = (m),
		THEME_ELEMENTS(X)
#undef X
	};
	unsigned m = (unsigned)e < THEME_N_ELEMENTS ? mono[e] : 0;

	if (colors_ready())
		return colors_attr(e);
	attr_t a = A_NORMAL;

	if (m & THEME_A_BOLD) a |= A_BOLD;
	if (m & THEME_A_DIM) a |= A_DIM;
	if (m & THEME_A_UNDERLINE) a |= A_UNDERLINE;
	if (m & THEME_A_REVERSE) a |= A_REVERSE;
	if (m & THEME_A_STANDOUT) a |= A_STANDOUT;
	return a;
}

const struct wg_style *ui_style(void)
{
	/* Read again at each call: :theme changes the colours. */
	static struct wg_style st;

	st.dialog = ui_attr(THEME_DIALOG);
	st.border = ui_attr(THEME_BORDER);
	st.title = ui_attr(THEME_DIALOG_TITLE);
	st.button = ui_attr(THEME_BUTTON);
	st.focused = ui_attr(THEME_BUTTON_FOCUSED);
	st.hint = ui_attr(THEME_KEY_HINT);
	return &st;
}

void ui_toast(struct ui *ui, enum toast_kind kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->toast, sizeof ui->toast, fmt, ap);
	va_end(ap);
	ui->toast_kind = kind;
	/* Kept whole in the log, so a later message never hides its cause. */
	if (ui->log) {
		struct timespec ts;
		struct wft_error err;
		clock_gettime(CLOCK_REALTIME, &ts);
		msglog_add(ui->log, (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, kind, ui->toast,
		           &err);
	}
	/* Errors stay until a key is pressed: they must not be missed. */
	ui->toast_until = kind == TOAST_ERROR ? 0 : ui_now_ms() + TOAST_MS;
}

attr_t ui_toast_attr(enum toast_kind k)
{
	return k == TOAST_ERROR ? ui_attr(THEME_ERROR) : k == TOAST_WARNING ? ui_attr(THEME_WARNING)
	                                                                     : ui_attr(THEME_INFO);
}

int ui_draw_toast(struct ui *ui, int y, int x, attr_t footer)
{
	const char *s = ui->toast;
	size_t len = strlen(s), pos = 0, next;
	attr_t a = ui_toast_attr(ui->toast_kind) | (ui->toast_kind == TOAST_INFO ? footer : 0);
	int w = ui->cols - 2, lines, top;
	char line[1100], fit[1100];

	if (!len)
		return y;
	if (tw_width(s) <= ui->cols - x - 1) {
		/* It fits beside the footer's own text. */
		tw_fit(s, ui->cols - x - 1, 0, fit, sizeof fit);
		attrset(a);
		mvaddstr(y, x, fit);
		return y;
	}
	/* Otherwise it takes whole lines above the footer, up to three; the
	 * message log (L) has any rest. */
	if (w < 1)
		return y;
	lines = tw_wrap_lines(s, w);
	if (lines > 3)
		lines = 3;
	if (lines > y)
		lines = y;
	top = y - lines;
	for (int r = top; r < y && pos < len; r++) {
		size_t n = tw_wrap(s + pos, len - pos, w, &next);
		if (r == y - 1 && pos + next < len) {
			const char *more = " ... (L shows all)";
			int mw = (int)strlen(more);
			n = tw_wrap(s + pos, len - pos, w > mw ? w - mw : 1, &next);
			snprintf(line, sizeof line, "%.*s%s", (int)n, s + pos, more);
		} else {
			snprintf(line, sizeof line, "%.*s", (int)n, s + pos);
		}
		attrset(footer);
		mvhline(r, 0, ' ', ui->cols);
		tw_fit(line, w, 0, fit, sizeof fit);
		attrset(a);
		mvaddstr(r, 1, fit);
		pos += next ? next : len - pos;
	}
	return top;
}
