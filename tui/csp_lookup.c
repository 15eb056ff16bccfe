/* csp_lookup.c: the VMware Cloud tab's look-up of an API token by its
 * value (i): the details call tells its id, name, owner, expiry and state
 * (doc/csp.md: the one way to an id, since no API lists the
 * organisation's tokens). The value is a secret: typed hidden, sent once,
 * wiped; the id found is shown masked and offered to D and A. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curses.h>

#include "csp_page_state.h"
#include "keys.h"
#include "mask.h"
#include "timefmt.h"

struct lookup_entry {
	struct lineedit value;           /* a secret: wiped on close */
	char err[200];
};

static void lookup_free(void *data)
{
	struct lookup_entry *L = data;

	lineedit_free(&L->value);
	wft_wipe(L, sizeof *L);
	free(L);
}

static void lookup_done(struct ui *ui, struct csp_api_result *res, void *arg)
{
	struct csp_page *P = csp_state(ui);
	char m[WFT_MASK_SIZE];

	(void)arg;
	if (!P)
		return;
	if (res->err.code != WFT_OK) {
		if (res->err.code != WFT_ERR_CANCELLED)
			ui_toast(ui, TOAST_ERROR, "No token found for that value: %s", res->err.message);
		return;
	}
	csp_token_details_clear(&P->lookup);
	P->lookup = res->details;
	memset(&res->details, 0, sizeof res->details);
	P->lookup_loaded = true;
	P->section = CSP_SEC_ORG;
	ui_toast(ui, TOAST_INFO, "Found \"%s\" (%s): D deactivates it, A activates it.",
	         P->lookup.token_name ? P->lookup.token_name : "",
	         wft_mask_id(P->lookup.token_id ? P->lookup.token_id : "", m, sizeof m));
}

static void lookup_draw(struct ui *ui, void *data)
{
	struct lookup_entry *L = data;
	int w = ui->cols - 8 < 76 ? ui->cols - 8 : 76, h = 10;
	int y = (ui->lines - h) / 2, x = (ui->cols - w) / 2;
	attr_t da = ui_attr(THEME_DIALOG);
	char stars[81];
	size_t n = strlen(lineedit_text(&L->value));

	wg_box(ui_style(), y, x, h, w, "Look up an API token by its value");
	wg_text(y + 2, x + 2, w - 4, "Paste the token's value: it is hidden, sent once to the "
	        "details call,", da);
	wg_text(y + 3, x + 2, w - 4, "and wiped. Its id, owner and expiry are shown.", da);
	memset(stars, '*', sizeof stars - 1);
	stars[n < sizeof stars - 1 ? n : sizeof stars - 1] = '\0';
	wg_text(y + 5, x + 2, 7, "Value: ", da);
	wg_text(y + 5, x + 9, w - 11, stars, ui_attr(THEME_PROMPT));
	wg_text(y + 6, x + 2, w - 4, L->err, ui_attr(THEME_ERROR));
	wg_text(y + h - 2, x + 2, w - 4, "Enter look up   Esc cancel", da | ui_attr(THEME_KEY_HINT));
	move(y + 5, x + 9 + (int)(n < (size_t)w - 12 ? n : (size_t)w - 12));
	curs_set(1);
}

static int lookup_key(struct ui *ui, void *data, int key)
{
	struct lookup_entry *L = data;
	struct wft_error err;
	struct request *r;

	if (key == KEY_ESC)
		return UI_HANDLED | OVERLAY_CLOSE;
	if (key != '\n') {
		keys_edit_line(&L->value, key);
		return UI_HANDLED;
	}
	if (!*lineedit_text(&L->value)) {
		snprintf(L->err, sizeof L->err, "No value entered.");
		return UI_HANDLED;
	}
	if (!(r = csp_request(ui, "Look up", lookup_done, NULL)))
		return UI_HANDLED | OVERLAY_CLOSE;
	wft_error_clear(&err);
	if (!request_go_csp(ui, r, csp_api_token_details(request_csp(ui), lineedit_text(&L->value),
	                                                 request_csp_done, r, &err)))
		ui_toast(ui, TOAST_ERROR, "Could not look the token up: %s", err.message);
	return UI_HANDLED | OVERLAY_CLOSE;
}

static const struct overlay_ops lookup_ops = { "csp-lookup", lookup_draw, lookup_key,
                                               lookup_free };

void csp_lookup_open(struct ui *ui)
{
	struct lookup_entry *L = calloc(1, sizeof *L);

	if (!L) {
		ui_toast(ui, TOAST_ERROR, "Out of memory.");
		return;
	}
	lineedit_init(&L->value);
	overlay_push(&ui->overlays, &lookup_ops, L);
}

/* The token looked up, under the organisation section's introduction. */
int csp_lookup_draw(struct ui *ui, struct csp_page *P, int y)
{
	const struct csp_token_details *d = &P->lookup;
	wft_millis now = csp_now(ui);
	char line[600], m[WFT_MASK_SIZE], c[64], e[64], u[32];

	if (!P->lookup_loaded)
		return y;
	snprintf(line, sizeof line, "Looked up (i): \"%s\" of %s, id %s, %s.", d->token_name
	         ? d->token_name : "", d->username ? d->username : "?",
	         wft_mask_id(d->token_id ? d->token_id : "", m, sizeof m),
	         d->deactivated ? "deactivated" : "active");
	wg_text(y++, 2, ui->cols - 4, line, ui_attr(THEME_ROW));
	snprintf(line, sizeof line, "Created %s, expires %s, last used %s.",
	         timefmt_date(d->created_at, c, sizeof c), d->expires_at > 0
	         ? timefmt_date(d->expires_at, e, sizeof e) : "never",
	         timefmt_relative(d->last_used_at, now, u, sizeof u));
	wg_text(y++, 2, ui->cols - 4, line, ui_attr(THEME_ROW));
	wg_text(y++, 2, ui->cols - 4, "D or A starts with its id.", ui_attr(THEME_ROW));
	return y + 1;
}
