/* account_dialog_base.c: what every part of the service-account dialog
 * uses: finding the open dialog, closing it, its message line, and the
 * account's roles and groups as the pickers show them. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curses.h>

#include "account_dialog_state.h"
#include "accounts.h"
#include "overlay.h"

/* The dialog, while it is on the overlay stack (found by its overlay's
 * name, so that this file needs none of the dialog's drawing or keys). */
struct acct_dialog *dialog_find(struct ui *ui)
{
	return overlay_find_named(&ui->overlays, DIALOG_OVERLAY);
}

void dialog_say(struct acct_dialog *d, enum toast_kind k, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
	d->msg_kind = k;
}

bool dialog_strv_has(const struct wft_strv *v, const char *s)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->items[i], s) == 0)
			return true;
	return false;
}

bool dialog_has_role(const struct wft_service_account *a, const char *id)
{
	for (size_t i = 0; i < a->n_roles; i++)
		if (a->roles[i].id && strcmp(a->roles[i].id, id) == 0)
			return true;
	return false;
}

bool dialog_has_group(const struct wft_service_account *a, const char *id)
{
	for (size_t i = 0; i < a->n_user_groups; i++)
		if (a->user_groups[i].id && strcmp(a->user_groups[i].id, id) == 0)
			return true;
	return false;
}

bool dialog_is_fixed_group(const struct wft_user_group *g)
{
	return g->name && strcmp(g->name, "Service Accounts") == 0;
}

/* The editable fields from base (after a read, or a reload on conflict). */
void dialog_fields_from_base(struct ui *ui, struct acct_dialog *d)
{
	struct ui_pickers *A = &ui->pickers;

	d->active = d->base.active;
	lineedit_set(&d->desc, d->base.description ? d->base.description : "");
	for (size_t i = 0; i < sa_n_permissions && i < 32; i++)
		d->perm[i] = dialog_strv_has(&d->base.groups, sa_permissions[i].id);
	for (size_t i = 0; i < d->n_grp && i < A->groups.n; i++)
		d->grp[i] = dialog_has_group(&d->base, A->groups.items[i].id);
	for (size_t i = 0; i < d->n_role && i < A->roles.n; i++)
		d->role[i] = dialog_has_role(&d->base, A->roles.items[i].id);
	d->dirty = d->warned = d->conflict = false;
}

bool dialog_pickers_fit(struct ui *ui, struct acct_dialog *d)
{
	struct ui_pickers *A = &ui->pickers;

	if (d->n_grp != A->groups.n) {
		bool *g = calloc(A->groups.n ? A->groups.n : 1, 1);
		if (!g)
			return false;
		free(d->grp);
		d->grp = g;
		d->n_grp = A->groups.n;
	}
	if (d->n_role != A->roles.n) {
		bool *r = calloc(A->roles.n ? A->roles.n : 1, 1);
		if (!r)
			return false;
		free(d->role);
		d->role = r;
		d->n_role = A->roles.n;
	}
	return true;
}

void dialog_close(struct ui *ui)
{
	struct acct_dialog *d = dialog_find(ui);

	if (d)
		overlay_remove(&ui->overlays, d);   /* runs dialog_free */
}
