/* csp_form.c: the VMware Cloud tab's form overlay (csp_form.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curses.h>

#include "csp_form.h"
#include "keys.h"
#include "textwidth.h"
#include "ui.h"

struct csp_form *csp_form_new(const char *title, csp_form_submit_fn submit)
{
	struct csp_form *f = calloc(1, sizeof *f);

	if (!f)
		return NULL;
	snprintf(f->title, sizeof f->title, "%s", title);
	f->submit = submit;
	f->focus = -1;
	f->org0 = f->svc0 = -1;
	return f;
}

static int add_field(struct csp_form *f, enum csp_field_kind kind, const char *label)
{
	struct csp_field *x;

	if (f->n >= CSP_FORM_MAX)
		return -1;
	x = &f->fields[f->n];
	x->kind = kind;
	snprintf(x->label, sizeof x->label, "%.127s", label);
	lineedit_init(&x->le);
	if (f->focus < 0 && kind != CSP_FIELD_HEADING)
		f->focus = f->n;
	return f->n++;
}

int csp_form_text(struct csp_form *f, const char *label, const char *value)
{
	int i = add_field(f, CSP_FIELD_TEXT, label);

	if (i >= 0 && value)
		lineedit_set(&f->fields[i].le, value);
	return i;
}

int csp_form_check(struct csp_form *f, const char *label)
{
	return add_field(f, CSP_FIELD_CHECK, label);
}

int csp_form_heading(struct csp_form *f, const char *label)
{
	return add_field(f, CSP_FIELD_HEADING, label);
}

const char *csp_form_value(const struct csp_form *f, int i)
{
	return i >= 0 && i < f->n ? lineedit_text(&f->fields[i].le) : "";
}

bool csp_form_on(const struct csp_form *f, int i)
{
	return i >= 0 && i < f->n && f->fields[i].on;
}

void csp_form_error(struct csp_form *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->err, sizeof f->err, fmt, ap);
	va_end(ap);
}

void csp_form_roles(struct csp_form *f, const struct csp_roles *roles)
{
	char h[160];

	f->roles = roles;
	csp_form_heading(f, "Organisation roles (the owner role is never given):");
	for (size_t i = 0; i < roles->n_org; i++) {
		int k = csp_form_check(f, roles->org[i]);
		if (i == 0)
			f->org0 = k;
	}
	if (!roles->service_id[0]) {
		csp_form_heading(f, "(No service seen yet: service roles cannot be offered.)");
		return;
	}
	snprintf(h, sizeof h, "Operations for Applications roles (service %.60s):", roles->service_id);
	csp_form_heading(f, h);
	for (size_t i = 0; i < roles->n_svc; i++) {
		int k = csp_form_check(f, roles->svc[i]);
		if (i == 0)
			f->svc0 = k;
	}
}

bool csp_form_scopes(struct csp_form *f, struct csp_scopes *out)
{
	bool org_on[CSP_ROLES_MAX] = { false }, svc_on[CSP_ROLES_MAX] = { false };
	size_t n = 0;

	memset(out, 0, sizeof *out);
	if (!f->roles)
		return false;
	for (size_t i = 0; f->org0 >= 0 && i < f->roles->n_org; i++)
		n += (org_on[i] = csp_form_on(f, f->org0 + (int)i));
	for (size_t i = 0; f->svc0 >= 0 && i < f->roles->n_svc; i++)
		n += (svc_on[i] = csp_form_on(f, f->svc0 + (int)i));
	if (n == 0) {
		csp_form_error(f, "Choose at least one role (Space ticks the one under the cursor).");
		return false;
	}
	if (!csp_roles_scopes(f->roles, org_on, svc_on, out)) {
		csp_form_error(f, "Out of memory.");
		return false;
	}
	return true;
}

bool csp_form_number(struct csp_form *f, int i, long min, long max, long *out)
{
	const char *s = csp_form_value(f, i);
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < min || v > max) {
		csp_form_error(f, "%s: a whole number from %ld to %ld, not \"%.40s\".",
		               f->fields[i].label, min, max, s);
		return false;
	}
	*out = v;
	return true;
}

static void form_free(void *data)
{
	struct csp_form *f = data;

	for (int i = 0; i < f->n; i++)
		lineedit_free(&f->fields[i].le);
	free(f->ud);
	free(f);
}

/* One field on row y of a box from x, w wide. */
static void draw_field(struct csp_form *f, int i, int y, int x, int w)
{
	struct csp_field *d = &f->fields[i];
	attr_t da = ui_attr(THEME_DIALOG), fa = i == f->focus ? ui_attr(THEME_PROMPT) : da;
	char line[200];
	int lw = 22;

	if (d->kind == CSP_FIELD_HEADING) {
		wg_text(y, x, w, d->label, da | A_BOLD);
	} else if (d->kind == CSP_FIELD_CHECK) {
		snprintf(line, sizeof line, "%s[%c] %s", i == f->focus ? ">" : " ", d->on ? 'x' : ' ',
		         d->label);
		wg_text(y, x, w, line, fa);
	} else {
		snprintf(line, sizeof line, "%s%s:", i == f->focus ? ">" : " ", d->label);
		wg_text(y, x, lw, line, da);
		wg_text(y, x + lw, w - lw, lineedit_text(&d->le), fa);
		if (i == f->focus) {
			int cx = x + lw + lineedit_cursor_col(&d->le);
			move(y, cx < x + w ? cx : x + w - 1);
		}
	}
}

static void form_draw(struct ui *ui, void *data)
{
	struct csp_form *f = data;
	int w = ui->cols - 8 < 84 ? ui->cols - 8 : 84;
	int room = ui->lines - 10, rows = f->n < room ? f->n : room;
	int h = rows + 7 + (f->note[0] != 0), y = (ui->lines - h) / 2, x = (ui->cols - w) / 2, r;
	attr_t da = ui_attr(THEME_DIALOG);
	bool text = f->focus >= 0 && f->fields[f->focus].kind == CSP_FIELD_TEXT;

	if (f->focus < f->top)
		f->top = f->focus;
	if (rows > 0 && f->focus >= f->top + rows)
		f->top = f->focus - rows + 1;
	wg_box(ui_style(), y, x, h, w, f->title);
	r = y + 2;
	if (f->note[0])
		wg_text(r++, x + 2, w - 4, f->note, da);
	for (int i = f->top; i < f->n && i < f->top + rows; i++)
		if (i != f->focus || !text)
			draw_field(f, i, r + i - f->top, x + 2, w - 4);
	wg_text(y + h - 4, x + 2, w - 4, f->err, ui_attr(THEME_ERROR));
	wg_text(y + h - 2, x + 2, w - 4, "Tab/Down next  Up back  Space tick  Enter OK  Esc cancel",
	        da | ui_attr(THEME_KEY_HINT));
	/* The focused text field last: the cursor stays in it. */
	if (text)
		draw_field(f, f->focus, r + f->focus - f->top, x + 2, w - 4);
	curs_set(text ? 1 : 0);
}

static void move_focus(struct csp_form *f, int dir)
{
	for (int i = f->focus + dir; i >= 0 && i < f->n; i += dir)
		if (f->fields[i].kind != CSP_FIELD_HEADING) {
			f->focus = i;
			return;
		}
}

static int form_key(struct ui *ui, void *data, int key)
{
	struct csp_form *f = data;
	struct csp_field *d = f->focus >= 0 ? &f->fields[f->focus] : NULL;

	switch (key) {
	case KEY_ESC:
		ui_toast(ui, TOAST_INFO, "Nothing was changed.");
		return UI_HANDLED | OVERLAY_CLOSE;
	case '\n':
		f->err[0] = '\0';
		return f->submit(ui, f) ? UI_HANDLED | OVERLAY_CLOSE : UI_HANDLED;
	case '\t': case KEYF(KEY_DOWN):
		move_focus(f, 1);
		return UI_HANDLED;
	case KEYF(KEY_BTAB): case KEYF(KEY_UP):
		move_focus(f, -1);
		return UI_HANDLED;
	default:
		break;
	}
	if (d && d->kind == CSP_FIELD_CHECK && key == ' ')
		d->on = !d->on;
	else if (d && d->kind == CSP_FIELD_TEXT)
		keys_edit_line(&d->le, key);
	return UI_HANDLED;
}

static const struct overlay_ops form_ops = { "csp-form", form_draw, form_key, form_free };

bool csp_form_open(struct ui *ui, struct csp_form *f)
{
	if (!f)
		return false;
	for (int i = 0; i < f->n; i++)
		if (f->fields[i].kind == CSP_FIELD_TEXT)
			lineedit_end(&f->fields[i].le);
	return overlay_push(&ui->overlays, &form_ops, f);
}
