/* tokens_rotate.c: guided rotation on the tokens page (R). The refusals,
 * the question of the re-read interval and the quiet time, the replacement
 * generated and handed over (newtoken_dialog.c), the old token re-read at
 * the interval (tracked requests), its row's words, the offer to revoke it
 * once quiet (held in the undo window of tokens_revoke.c), :rotate-cancel,
 * and the rotations of an earlier session resumed from the journal. Every
 * step is in the journal; what needs no screen is src/rotation.c. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <curses.h>

#include "accounts.h"
#include "api.h"
#include "journal.h"
#include "keys.h"
#include "mask.h"
#include "outcome.h"
#include "request.h"
#include "textwidth.h"
#include "rotation.h"
#include "tokenset.h"
#include "tokens_page_state.h"
#include "ui.h"
#include "view.h"

/* The question before a rotation: the old token, and the times typed. */
struct rot_ask {
	char *id;                        /* the old token (a secret) */
	char name[SA_TOKEN_NAME_MAX + 1];
	char account[SA_ID_MAX + 1];
	wft_millis generated;
	struct lineedit edit;
	char msg[200];
};

/* A generation under way: its rotation, the name sent, the account's ids
 * before it (to tell the new one apart in a read-back). */
struct rot_gen {
	unsigned long serial;
	char name[SA_TOKEN_NAME_MAX + 1];
	char **before;                   /* secrets */
	size_t n_before;
	unsigned long change;            /* the generation's change in the journal */
	struct wft_error first;          /* its own answer, while read back */
};

/* The wall clock now (the view's is the time of the last load). */
static wft_millis wall(struct ui *ui)
{
	return ui->clock ? ui->clock(ui->clock_ud) : wft_clock_real(NULL);
}

static struct rotation *rot_by_serial(struct ui *ui, unsigned long serial)
{
	for (size_t i = 0; i < T(ui)->n_rots; i++)
		if (T(ui)->rots[i].serial == serial)
			return &T(ui)->rots[i];
	return NULL;
}

/* The rotation whose old token is (id, account, generated), or NULL. */
static struct rotation *rot_of_token(struct ui *ui, const char *id, const char *account,
                                     wft_millis generated)
{
	for (size_t k = 0; k < T(ui)->n_rots; k++)
		if (rotation_is_old(&T(ui)->rots[k], id, account, generated))
			return &T(ui)->rots[k];
	return NULL;
}

/* The rotation whose old token is row i, or NULL. */
static struct rotation *rot_of_row(struct ui *ui, tokenset_idx i)
{
	const struct tokenset *ts = TS(ui);

	return ts ? rot_of_token(ui, tokenset_id(ts, i), tokenset_account(ts, i),
	                         tokenset_date_generated(ts, i)) : NULL;
}

/* A journal line of rotation r; why, when given, follows its detail. */
static void rot_jot(struct ui *ui, struct rotation *r, const char *state, const char *why)
{
	char detail[900], d[200];

	rotation_detail(r, d, sizeof d);
	snprintf(detail, sizeof detail, "%s%s%.600s", d, why && *why ? " -- " : "",
	         why ? why : "");
	ui_journal(ui, &r->change, ROTATE_ACTION, r->old_id ? r->old_id : r->old_masked, r->name,
	           r->account, state, detail);
}

/* A new rotation at the end of the list; NULL when out of memory. */
static struct rotation *rot_add(struct ui *ui, const struct rotation *r)
{
	struct rotation *g = realloc(T(ui)->rots, (T(ui)->n_rots + 1) * sizeof *g);

	if (!g)
		return NULL;
	T(ui)->rots = g;
	g[T(ui)->n_rots] = *r;
	g[T(ui)->n_rots].serial = ++T(ui)->rot_serial;
	return &g[T(ui)->n_rots++];
}

/* Ends r: its last line (state, why) in the journal, then it goes. */
static void rot_end(struct ui *ui, struct rotation *r, const char *state, const char *why)
{
	size_t k = (size_t)(r - T(ui)->rots);

	rot_jot(ui, r, state, why);
	rotation_clear(r);
	memmove(r, r + 1, (T(ui)->n_rots - k - 1) * sizeof *r);
	T(ui)->n_rots--;
}

void tokens_rotate_free(struct ui *ui)
{
	for (size_t i = 0; i < T(ui)->n_rots; i++)
		rotation_clear(&T(ui)->rots[i]);
	free(T(ui)->rots);
	T(ui)->rots = NULL;
	T(ui)->n_rots = 0;
}

bool tokens_rotate_row_status(struct ui *ui, tokenset_idx i, char *out, size_t outsz)
{
	struct rotation *r = rot_of_row(ui, i);

	if (!r)
		return false;
	rotation_status(r, wall(ui), out, outsz);
	return true;
}

/* ---- the generation ------------------------------------------------------- */

static void gen_free(struct rot_gen *g)
{
	for (size_t i = 0; g && i < g->n_before; i++)
		wft_free_secret(g->before[i]);
	if (g)
		free(g->before);
	free(g);
}

/* The generation's line in the journal (id: the new token, or NULL). */
static void gen_jot(struct ui *ui, struct rot_gen *g, const char *account, const char *id,
                    const char *state, const char *detail)
{
	ui_journal(ui, &g->change, "generate", id, g->name, account, state, detail);
}

/* The rotation could not go on: said in the footer and the journal; the
 * old token stays as it was. */
static void rot_fail(struct ui *ui, struct rotation *r, enum toast_kind kind, const char *why)
{
	ui_toast(ui, kind, "Rotation of %s not started: %s", r->old_masked, why);
	rot_end(ui, r, ROTATE_ABANDONED, why);
}

static void readback_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct rot_gen *g = arg;
	struct rotation *r = rot_by_serial(ui, g->serial);
	enum wft_readback rb = wft_outcome_read(&res->err);
	const struct wft_token *hit = NULL;
	char why[700], m[WFT_MASK_SIZE];

	for (size_t i = 0; rb == WFT_READ_PRESENT && i < res->tokens.n; i++) {
		const struct wft_token *t = &res->tokens.items[i];
		bool before = false;
		for (size_t k = 0; t->id && k < g->n_before; k++)
			before = before || strcmp(g->before[k], t->id) == 0;
		if (t->id && !before && t->name && strcmp(t->name, g->name) == 0)
			hit = t;
	}
	enum wft_settled s = wft_outcome_settle(rb, hit != NULL);
	gen_jot(ui, g, r ? r->account : "", hit ? hit->id : NULL,
	        journal_state_of(WFT_OUTCOME_UNCONFIRMED, s), g->first.message);
	if (s == WFT_SETTLED_DONE)
		snprintf(why, sizeof why, "the replacement %s was generated (read back), but its id "
		         "never reached the console (%.300s): revoke it", wft_mask_id(hit->id, m,
		         sizeof m), g->first.message);
	else if (s == WFT_SETTLED_NOT_DONE)
		snprintf(why, sizeof why, "the replacement was not generated (read back: no new "
		         "token; the answer was: %.300s)", g->first.message);
	else
		snprintf(why, sizeof why, "not confirmed: the replacement may have been generated "
		         "(%.250s; reading back: %.200s); revoke a token you did not receive",
		         g->first.message, res->err.message);
	if (r)
		rot_fail(ui, r, s == WFT_SETTLED_NOT_DONE ? TOAST_ERROR : TOAST_WARNING, why);
	/* Cancelled: the session may be closing, so nothing new is asked. */
	if (s != WFT_SETTLED_NOT_DONE && res->err.code != WFT_ERR_CANCELLED)
		tokens_reload(ui);
	gen_free(g);
}

/* No answer settled the generation: the account's tokens are read back. */
static void gen_read_back(struct ui *ui, struct rotation *r, struct rot_gen *g,
                          const struct wft_error *first)
{
	struct wft_error err;
	struct request *c = request_new(ui, REQ_ROTATION, readback_done, g);

	g->first = *first;
	if (c && request_api(ui) &&
	    request_go(ui, c, wft_api_account_tokens(request_api(ui), r->account, request_done, c,
	                                             &err)))
		return;
	if (c && !request_api(ui))
		free(c);
	gen_jot(ui, g, r->account, NULL, JOURNAL_UNCONFIRMED, first->message);
	rot_fail(ui, r, TOAST_WARNING, "not confirmed: the replacement may have been generated, "
	         "and it could not be read back; revoke a token you did not receive");
	gen_free(g);
}

/* The replacement is here: handed over, and the old token watched. */
static void gen_handed_over(struct ui *ui, struct rotation *r, struct rot_gen *g,
                            const struct wft_token *t)
{
	char iv[24];

	gen_jot(ui, g, r->account, t->id, JOURNAL_DONE, NULL);
	wft_mask_id(t->id, r->new_masked, sizeof r->new_masked);
	r->generated = true;
	r->since = wall(ui);
	r->next_read = ui_now_ms();
	rot_jot(ui, r, ROTATE_GENERATED, NULL);
	ui_toast(ui, TOAST_INFO, "Rotation of %s: the replacement %s is handed over; the old token "
	         "is re-read every %s.", r->old_masked, r->new_masked,
	         rotation_duration_text(r->interval_s, iv, sizeof iv));
	newtoken_open(ui, r->account, t->id, t->name && *t->name ? t->name : g->name);
	tokens_reload(ui);
}

static void generated(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct rot_gen *g = arg;
	struct rotation *r = rot_by_serial(ui, g->serial);
	enum wft_outcome o = wft_outcome_of(&res->err);
	char why[700];

	if (!r) {
		gen_free(g);
		return;
	}
	if (o == WFT_OUTCOME_DONE && res->token.id) {
		gen_handed_over(ui, r, g, &res->token);
	} else if (res->err.code == WFT_ERR_DRY_RUN) {
		gen_jot(ui, g, r->account, NULL, JOURNAL_REFUSED, res->err.message);
		ui_toast(ui, TOAST_INFO, "Rotation of %s: %s", r->old_masked, res->err.message);
		rot_end(ui, r, ROTATE_ABANDONED, "dry run: nothing was sent");
	} else if (o == WFT_OUTCOME_REFUSED) {
		gen_jot(ui, g, r->account, NULL, JOURNAL_REFUSED, res->err.message);
		snprintf(why, sizeof why, "the replacement was not generated: %.600s",
		         res->err.message);
		rot_fail(ui, r, TOAST_ERROR, why);
	} else if (o == WFT_OUTCOME_UNCONFIRMED && res->err.code != WFT_ERR_CANCELLED) {
		gen_read_back(ui, r, g, &res->err);
		return;
	} else {
		/* Made with an unreadable answer, or cancelled once sent: its id
		 * never came, so nothing can be handed over. */
		gen_jot(ui, g, r->account, NULL, o == WFT_OUTCOME_UNCONFIRMED ? JOURNAL_UNCONFIRMED
		        : JOURNAL_DONE_UNREAD, res->err.message);
		snprintf(why, sizeof why, "the replacement %s generated, but its id never reached "
		         "the console (%.300s): revoke a token of %.200s you did not receive",
		         o == WFT_OUTCOME_UNCONFIRMED ? "may have been" : "was", res->err.message,
		         r->account);
		rot_fail(ui, r, TOAST_WARNING, why);
		if (res->err.code != WFT_ERR_CANCELLED)
			tokens_reload(ui);
	}
	gen_free(g);
}

/* The old token's account ids now, for a read-back to tell the new one. */
static bool gen_before(struct ui *ui, struct rot_gen *g, const char *account)
{
	const struct tokenset *ts = TS(ui);

	if (!(g->before = calloc(tokenset_size(ts) + 1, sizeof *g->before)))
		return false;
	for (size_t i = 0; i < tokenset_size(ts); i++)
		if (tokenset_is_live(ts, (tokenset_idx)i) &&
		    strcmp(tokenset_account(ts, (tokenset_idx)i), account) == 0 &&
		    (g->before[g->n_before] = strdup(tokenset_id(ts, (tokenset_idx)i))))
			g->n_before++;
	return true;
}

/* Starts the rotation the question describes. */
static void rot_begin(struct ui *ui, const struct rot_ask *a, int64_t iv, int64_t quiet)
{
	struct rotation fresh, *r;
	struct rot_gen *g = calloc(1, sizeof *g);
	struct request *c = NULL;
	struct wft_error err;

	rotation_init(&fresh, a->id, a->name, a->account, a->generated, iv, quiet);
	fresh.old_id = strdup(a->id);
	if (!g || !fresh.old_id || !gen_before(ui, g, a->account) || !(r = rot_add(ui, &fresh))) {
		rotation_clear(&fresh);
		gen_free(g);
		ui_toast(ui, TOAST_ERROR, "Out of memory: nothing was rotated.");
		return;
	}
	g->serial = r->serial;
	rotation_new_name(a->name, wall(ui), g->name, sizeof g->name);
	rot_jot(ui, r, ROTATE_STARTED, NULL);
	gen_jot(ui, g, r->account, NULL, JOURNAL_PENDING, NULL);
	wft_error_clear(&err);
	if (!request_api(ui) || !(c = request_new(ui, REQ_ROTATION, generated, g)) ||
	    !request_go(ui, c, wft_api_generate_account_token(request_api(ui), r->account, g->name,
	                                                     request_done, c, &err))) {
		if (!request_api(ui))
			wft_error_set(&err, WFT_ERR_INVALID, "not connected");
		if (!c && request_api(ui))
			wft_error_set(&err, WFT_ERR_NOMEM, "out of memory");
		gen_jot(ui, g, r->account, NULL, JOURNAL_REFUSED, err.message);
		rot_fail(ui, r, TOAST_ERROR, err.message);
		gen_free(g);
		return;
	}
	ui_toast(ui, TOAST_INFO, "Rotating %s: generating \"%s\"...", r->old_masked, g->name);
}

/* ---- the question ---------------------------------------------------------- */

static void ask_free(void *data)
{
	struct rot_ask *a = data;

	wft_free_secret(a->id);
	lineedit_free(&a->edit);
	free(a);
}

static void ask_draw(struct ui *ui, void *data)
{
	struct rot_ask *a = data;
	int w = ui->cols - 4 < 78 ? ui->cols - 4 : 78, h = 12;
	int y = (ui->lines - h) / 2, x = (ui->cols - w) / 2, r = y + 2;
	attr_t d = ui_attr(THEME_DIALOG);
	char line[700], m[WFT_MASK_SIZE], title[64], nn[SA_TOKEN_NAME_MAX + 1];
	const char *lab = "Re-read every, quiet for: ";

	snprintf(title, sizeof title, "Rotate %s", wft_mask_id(a->id, m, sizeof m));
	wg_box(ui_style(), y, x, h, w, title);
	snprintf(line, sizeof line, "Account: %.200s   Name: %.400s", a->account,
	         *a->name ? a->name : "(no name)");
	wg_text(r++, x + 2, w - 4, line, d);
	rotation_new_name(a->name, wall(ui), nn, sizeof nn);
	snprintf(line, sizeof line, "1. generates \"%s\" and hands it over once;", nn);
	wg_text(r++, x + 2, w - 4, line, d);
	wg_text(r++, x + 2, w - 4, "2. re-reads the old token's last use at the interval;", d);
	wg_text(r++, x + 2, w - 4, "3. once it is unused for the quiet time, offers to revoke it.", d);
	r++;
	wg_text(r, x + 2, tw_width(lab), lab, ui_attr(THEME_PROMPT));
	wg_text(r, x + 2 + tw_width(lab), w - 4 - tw_width(lab), lineedit_text(&a->edit),
	        ui_attr(THEME_PROMPT));
	move(r, x + 2 + tw_width(lab) + lineedit_cursor_col(&a->edit));
	curs_set(1);
	r += 2;
	if (a->msg[0])
		wg_text(r, x + 2, w - 4, a->msg, ui_attr(THEME_ERROR));
	wg_text(y + h - 2, x + 2, w - 4, "e.g. 60s 24h (s m h d)   Enter start   Esc cancel",
	        d | ui_attr(THEME_KEY_HINT));
}

static int ask_key(struct ui *ui, void *data, int key)
{
	struct rot_ask *a = data;
	struct wft_error err;
	int64_t iv, quiet;

	if (key == KEY_ESC) {
		curs_set(0);
		ui_toast(ui, TOAST_INFO, "Nothing was rotated.");
		return UI_HANDLED | OVERLAY_CLOSE;
	}
	if (key != '\n') {
		keys_edit_line(&a->edit, key);
		return UI_HANDLED;
	}
	if (rotation_parse_times(lineedit_text(&a->edit), &iv, &quiet, &err) != WFT_OK) {
		snprintf(a->msg, sizeof a->msg, "%.190s", err.message);
		return UI_HANDLED;
	}
	curs_set(0);
	rot_begin(ui, a, iv, quiet);
	return UI_HANDLED | OVERLAY_CLOSE;
}

static const struct overlay_ops ask_ops = { "rotate-question", ask_draw, ask_key, ask_free };

/* At the limit: refused, naming the stalest tokens of the account. */
static bool refuse_at_limit(struct ui *ui, tokenset_idx i, const char *m)
{
	const struct tokenset *ts = TS(ui);
	const char *account = tokenset_account(ts, i);
	struct wft_token *t = calloc(tokenset_size(ts) + 1, sizeof *t);
	size_t n = 0;
	char stale[400];

	if (!t)
		return false;
	for (size_t k = 0; k < tokenset_size(ts); k++) {
		tokenset_idx x = (tokenset_idx)k;
		if (!tokenset_is_live(ts, x) || strcmp(tokenset_account(ts, x), account) != 0)
			continue;
		/* borrowed: never freed here */
		t[n].id = (char *)tokenset_id(ts, x);
		t[n].last_used = tokenset_last_used(ts, x);
		t[n++].date_generated = tokenset_date_generated(ts, x);
	}
	if (n >= WFT_MAX_TOKENS_PER_ACCOUNT) {
		wft_tokens_stalest_text(t, n, wall(ui), stale, sizeof stale);
		ui_toast(ui, TOAST_ERROR, "Cannot rotate %s: %s holds %zu tokens, the most an account "
		         "may hold, so no replacement can be generated. Revoke one first%s%s.", m,
		         account, n, *stale ? "; the stalest: " : "; none is stale: every one was "
		         "used or generated in the last day", stale);
	}
	free(t);
	return n >= WFT_MAX_TOKENS_PER_ACCOUNT;
}

/* ---- the revoke of the old token ------------------------------------------ */

static void offer_draw(struct ui *ui, void *data)
{
	struct rotation *r = rot_by_serial(ui, (unsigned long)(uintptr_t)data);
	int w = ui->cols - 4 < 74 ? ui->cols - 4 : 74, h = 10;
	int y = (ui->lines - h) / 2, x = (ui->cols - w) / 2, row = y + 2;
	attr_t d = ui_attr(THEME_DIALOG);
	char line[700], q[24];

	if (!r)
		return;
	wg_box(ui_style(), y, x, h, w, "Rotation: revoke the old token?");
	snprintf(line, sizeof line, "%s \"%.300s\" (%.200s) has not been used for %s since its "
	         "replacement %s was handed over.", r->old_masked, r->name, r->account,
	         rotation_duration_text(r->quiet_s, q, sizeof q), r->new_masked);
	wg_text(row++, x + 2, w - 4, line, d);
	row++;
	snprintf(line, sizeof line, "y revokes it (held %d s first: u undoes it).",
	         (ui->undo_ms + 999) / 1000);
	wg_text(row++, x + 2, w - 4, ui->undo_ms > 0 ? line : "y revokes it at once.", d);
	wg_text(row++, x + 2, w - 4, "n keeps it; R on its row asks again, :rotate-cancel "
	        "ends the rotation.", d);
	wg_confirm_buttons(ui_style(), y + h - 2, x + 2, "y Revoke");
}

static int offer_key(struct ui *ui, void *data, int key)
{
	struct rotation *r = rot_by_serial(ui, (unsigned long)(uintptr_t)data);
	enum wg_answer ans = wg_confirm_key(key);

	if (ans == WG_UNANSWERED)
		return UI_HANDLED;
	if (!r)
		return UI_HANDLED | OVERLAY_CLOSE;
	r->offered = true;
	if (ans == WG_NO)
		ui_toast(ui, TOAST_INFO, "Kept %s: R on its row offers the revoke again.",
		         r->old_masked);
	else if (!r->old_id)
		ui_toast(ui, TOAST_WARNING, "The old token was not found yet; wait for the next read.");
	else
		tokens_revoke_token(ui, r->old_id);
	return UI_HANDLED | OVERLAY_CLOSE;
}

static const struct overlay_ops offer_ops = { "rotate-offer", offer_draw, offer_key, NULL };

static void offer(struct ui *ui, struct rotation *r)
{
	overlay_push(&ui->overlays, &offer_ops, (void *)(uintptr_t)r->serial);
}

void tokens_rotate_revoked(struct ui *ui, const char *id, bool done, const char *result)
{
	for (size_t k = 0; k < T(ui)->n_rots; k++) {
		struct rotation *r = &T(ui)->rots[k];
		if (!r->old_id || strcmp(r->old_id, id) != 0)
			continue;
		if (done)
			rot_end(ui, r, ROTATE_OLD_REVOKED, result);
		else
			r->offered = true;
		return;
	}
}

/* ---- R and :rotate-cancel ------------------------------------------------- */

/* R on a service-account token (its checks done): on the old token of a
 * rotation, its revoke once quiet, else how it stands; otherwise the
 * question before a new rotation. */
static void rotate_token(struct ui *ui, const char *id, const char *name, const char *account,
                         wft_millis generated)
{
	struct rotation *r = rot_of_token(ui, id, account, generated);
	struct rot_ask *a;
	char m[WFT_MASK_SIZE], st[300];

	if (r && rotation_is_quiet(r) && r->old_id) {
		offer(ui, r);
		return;
	}
	if (r) {
		rotation_status(r, wall(ui), st, sizeof st);
		ui_toast(ui, TOAST_INFO, "%s is being rotated (%s); :rotate-cancel ends the rotation.",
		         wft_mask_id(id, m, sizeof m), st);
		return;
	}
	if (!(a = calloc(1, sizeof *a)) || !(a->id = strdup(id))) {
		free(a);
		ui_toast(ui, TOAST_ERROR, "Out of memory.");
		return;
	}
	snprintf(a->name, sizeof a->name, "%s", name ? name : "");
	snprintf(a->account, sizeof a->account, "%s", account);
	a->generated = generated;
	lineedit_init(&a->edit);
	lineedit_set(&a->edit, ROTATE_DEFAULT_TIMES);
	overlay_push(&ui->overlays, &ask_ops, a);
}

void tokens_page_rotate_token(struct ui *ui, const struct wft_token *t, const char *account)
{
	if (t && t->id)
		rotate_token(ui, t->id, t->name, account, t->date_generated);
}

int tokens_rotate_start(struct ui *ui)
{
	tokenset_idx i = V(ui) ? view_selected_token(V(ui)) : TOKENSET_NONE;
	const struct tokenset *ts = TS(ui);
	char m[WFT_MASK_SIZE];

	if (!T(ui)->loaded || i == TOKENSET_NONE)
		return UI_HANDLED;
	wft_mask_id(tokenset_id(ts, i), m, sizeof m);
	if (!rot_of_row(ui, i) && !wft_account_type_is_service(tokenset_account_type(ts, i))) {
		ui_toast(ui, TOAST_ERROR, "Cannot rotate %s: it belongs to the user %s; only a service "
		         "account's token can be rotated here.", m, tokenset_account(ts, i));
		return UI_HANDLED;
	}
	if (!rot_of_row(ui, i) && refuse_at_limit(ui, i, m))
		return UI_HANDLED;
	rotate_token(ui, tokenset_id(ts, i), tokenset_name(ts, i), tokenset_account(ts, i),
	             tokenset_date_generated(ts, i));
	return UI_HANDLED;
}

int tokens_rotate_cancel(struct ui *ui)
{
	tokenset_idx i = V(ui) ? view_selected_token(V(ui)) : TOKENSET_NONE;
	struct rotation *r = i != TOKENSET_NONE ? rot_of_row(ui, i) : NULL;
	char m[WFT_MASK_SIZE];

	if (!r && T(ui)->n_rots == 1)
		r = &T(ui)->rots[0];
	if (!r) {
		ui_toast(ui, TOAST_INFO, T(ui)->n_rots ? "%zu rotations run: select the old token of "
		         "the one to end." : "No rotation is running.", T(ui)->n_rots);
		return UI_HANDLED;
	}
	if (!r->generated) {
		ui_toast(ui, TOAST_WARNING, "The replacement of %s is being generated: wait for it.",
		         r->old_masked);
		return UI_HANDLED;
	}
	snprintf(m, sizeof m, "%s", r->old_masked);
	rot_end(ui, r, ROTATE_ABANDONED, "ended by the user: the old token and its replacement "
	        "both stay");
	ui_toast(ui, TOAST_INFO, "Rotation of %s ended: the old token and its replacement both "
	         "stay.", m);
	return UI_HANDLED;
}

/* ---- watching ------------------------------------------------------------------ */

/* What a read of the account's tokens found for r. */
static void read_found(struct ui *ui, struct rotation *r, const struct wft_api_result *res)
{
	const struct wft_token *old = NULL;

	for (size_t i = 0; i < res->tokens.n && !old; i++)
		if (res->tokens.items[i].id &&
		    rotation_is_old(r, res->tokens.items[i].id, r->account,
		                    res->tokens.items[i].date_generated))
			old = &res->tokens.items[i];
	if (!old) {
		ui_toast(ui, TOAST_INFO, "Rotation of %s done: the old token is no longer listed "
		         "(revoked elsewhere).", r->old_masked);
		rot_end(ui, r, ROTATE_OLD_REVOKED, "the old token is no longer listed (revoked "
		        "elsewhere)");
		return;
	}
	if (!r->old_id)
		r->old_id = strdup(old->id);
	r->last_used = old->last_used;
	r->last_read = wall(ui);
	r->read_error[0] = '\0';
	/* Offered on this page only, when nothing else takes the keys: a y
	 * typed for something else must never answer it. */
	if (rotation_is_quiet(r) && !r->offered && r->old_id && !ui->overlays.n &&
	    ui_in_front(ui, &tokens_page_ops) &&
	    !tokens_held(ui) && !T(ui)->targets_pending)
		offer(ui, r);
}

static void read_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct rotation *r = rot_by_serial(ui, (unsigned long)(uintptr_t)arg);

	if (!r)
		return;
	r->reading = false;
	r->next_read = ui_now_ms() + r->interval_s * 1000;
	if (res->err.code == WFT_ERR_CANCELLED)
		return;
	switch (wft_outcome_read(&res->err)) {
	case WFT_READ_PRESENT:
		read_found(ui, r, res);
		break;
	case WFT_READ_ABSENT:
		ui_toast(ui, TOAST_INFO, "Rotation of %s done: the account %s no longer exists.",
		         r->old_masked, r->account);
		rot_end(ui, r, ROTATE_OLD_REVOKED, "the account no longer exists");
		break;
	case WFT_READ_UNKNOWN:
		snprintf(r->read_error, sizeof r->read_error, "%.150s", res->err.message);
		break;
	}
}

static void read_start(struct ui *ui, struct rotation *r)
{
	struct wft_error err;
	struct request *c;

	r->next_read = ui_now_ms() + r->interval_s * 1000;
	if (!request_api(ui) ||
	    !(c = request_new(ui, REQ_ROTATION, read_done, (void *)(uintptr_t)r->serial)))
		return;
	if (!request_go(ui, c, wft_api_account_tokens(request_api(ui), r->account, request_done, c,
	                                              &err))) {
		snprintf(r->read_error, sizeof r->read_error, "%.150s", err.message);
		return;
	}
	r->reading = true;
}

int64_t tokens_rotate_wake(struct ui *ui, int64_t now)
{
	int64_t best = -1;

	for (size_t i = 0; i < T(ui)->n_rots; i++) {
		const struct rotation *r = &T(ui)->rots[i];
		if (!r->generated || r->reading)
			continue;
		int64_t left = r->next_read > now ? r->next_read - now : 0;
		if (best < 0 || left < best)
			best = left;
	}
	return best;
}

void tokens_rotate_timer(struct ui *ui, int64_t now)
{
	for (size_t i = 0; i < T(ui)->n_rots; i++) {
		struct rotation *r = &T(ui)->rots[i];
		if (r->generated && !r->reading && now >= r->next_read)
			read_start(ui, r);
	}
}

/* ---- resumed at the next start ---------------------------------------- */

void tokens_rotate_resume(struct ui *ui)
{
	struct rotation *v = NULL;
	struct wft_error err;
	size_t n = 0, watched = 0;
	char cut[SA_ID_MAX + 1] = "";     /* the account of one cut off */

	if (!ui->journal || !ui->journal_path)
		return;
	if (rotation_collect(ui->journal_path, journal_instance(ui->journal), &v, &n, &err) != WFT_OK) {
		ui_toast(ui, TOAST_WARNING, "Rotations could not be read from the journal: %s",
		         err.message);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct rotation *r = rot_add(ui, &v[i]);
		if (!r)
			break;
		if (!r->generated) {
			snprintf(cut, sizeof cut, "%s", r->account);
			rot_end(ui, r, ROTATE_ABANDONED, "the session ended while the replacement was "
			        "generated: check the account for a token you did not receive");
			continue;
		}
		r->next_read = ui_now_ms();
		watched++;
	}
	free(v);
	if (*cut)
		ui_toast(ui, TOAST_WARNING, "%s%zu rotation%s of the last session ended while the "
		         "replacement was generated: check %.200s for a token you did not receive "
		         "(:journal).", watched ? "Rotations resumed; " : "", n - watched,
		         n - watched == 1 ? "" : "s", cut);
	else if (watched)
		ui_toast(ui, TOAST_INFO, "Resumed %zu rotation%s from the last session: the old "
		         "token%s re-read (:rotate-cancel ends one).", watched, watched == 1 ? "" : "s",
		         watched == 1 ? " is" : "s are");
}
