/* tokens_mine.c: "Mine" in the tokens page's side panel: the signed-in
 * user's own Operations for Applications API tokens (the session reads
 * GET /api/v2/apitoken with every load), a filter on the table. On an
 * instance onboarded to VMware Cloud services there are none to manage
 * here: the entry says where they are. */
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "journal.h"
#include "request.h"
#include "session.h"
#include "tokens_page.h"
#include "tokens_page_state.h"
#include "ui.h"
#include "view.h"

bool tokens_mine_onboarded(const struct ui *ui)
{
	return ui->session && session_csp_onboarded(ui->session);
}

/* The live tokens that are the user's own: their ids (borrowed from the
 * set, in *ids when ids is not NULL; free the array) and their count;
 * -1 when that is not known. */
static long mine_ids(const struct ui *ui, const char ***ids)
{
	const struct tokenset *ts = TS(ui);
	size_t n = 0;

	if (ids)
		*ids = NULL;
	if (!ts || !ui->session || tokens_mine_onboarded(ui) || !session_own_known(ui->session))
		return -1;
	/* Your own tokens are few: each is looked up in the list, rather than
	 * every token of the list in them (a frame draws this count). */
	for (size_t k = 0; session_own_at(ui->session, k); k++)
		n++;
	if (ids && !(*ids = malloc((n + 1) * sizeof **ids)))
		return -1;
	n = 0;
	for (size_t k = 0; session_own_at(ui->session, k); k++) {
		tokenset_idx i = tokenset_find(ts, session_own_at(ui->session, k));
		if (i == TOKENSET_NONE || !tokenset_is_live(ts, i))
			continue;
		if (ids)
			(*ids)[n] = tokenset_id(ts, i);
		n++;
	}
	return (long)n;
}

long tokens_mine_count(const struct ui *ui)
{
	return mine_ids(ui, NULL);
}

void tokens_mine_refresh(struct ui *ui)
{
	const struct facets *f = V(ui) ? view_facets(V(ui)) : NULL;
	const char **ids;
	long n;
	bool same;

	if (!f || f->pick != PICK_MINE || (n = mine_ids(ui, &ids)) < 0)
		return;
	same = (size_t)n == f->n_pick_ids;
	for (long k = 0; same && k < n; k++)
		same = facets_picks(f, ids[k]);
	if (!same)
		tokens_set_pick(ui, PICK_MINE, (char *const *)ids, (size_t)n);
	free(ids);
}

void tokens_mine_toggle(struct ui *ui)
{
	const char **ids;
	long n;

	if (tokens_mine_onboarded(ui)) {
		ui_toast(ui, TOAST_INFO, "This instance is onboarded to VMware Cloud services: your own "
		         "API tokens live there, not here (tab 3, VMware Cloud).");
		return;
	}
	if ((n = mine_ids(ui, &ids)) < 0) {
		ui_toast(ui, TOAST_INFO, "Your own tokens are not known yet (Ctrl-R reads them again).");
		return;
	}
	tokens_toggle_pick(ui, PICK_MINE, (char *const *)ids, (size_t)n);
	free(ids);
}

/* ---- g on Mine: a new token of one's own (POST /api/v2/apitoken) ---- */

/* The generate in flight: its journal line, and the error of its own
 * answer while the list is read back. */
struct mine_gen {
	unsigned long change;
	struct wft_error first;
};

static void jot(struct ui *ui, struct mine_gen *g, const char *id, const char *name,
                const char *state, const char *detail)
{
	ui_journal(ui, &g->change, "generate", id, name ? name : "", "(your own)", state, detail);
}

/* The list read again after a generate: the footer keeps what happened. */
static void reload_quietly(struct ui *ui)
{
	T(ui)->reload_quiet = true;
	tokens_reload(ui);
}

/* The own-token list read after an unconfirmed generate: a token there
 * that was not one's own before is the new one. Its id is not handed
 * over (the answer that should have brought it never came). */
static void readback_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct mine_gen *g = arg;
	enum wft_readback rb = wft_outcome_read(&res->err);
	const struct wft_token *hit = NULL;
	bool known = ui->session && session_own_known(ui->session);
	char m[WFT_MASK_SIZE];

	for (size_t i = 0; known && rb == WFT_READ_PRESENT && i < res->tokens.n; i++)
		if (res->tokens.items[i].id &&
		    session_token_is_own(ui->session, res->tokens.items[i].id) == 0)
			hit = &res->tokens.items[i];
	enum wft_settled st = known ? wft_outcome_settle(rb, hit != NULL) : WFT_SETTLED_UNKNOWN;
	jot(ui, g, hit ? hit->id : NULL, hit ? hit->name : NULL,
	    journal_state_of(WFT_OUTCOME_UNCONFIRMED, st), g->first.message);
	if (st == WFT_SETTLED_DONE)
		ui_toast(ui, TOAST_WARNING, "Generated %s (read back), but its id never reached this "
		         "console (%s): revoke it if it is not needed.",
		         wft_mask_id(hit->id, m, sizeof m), g->first.message);
	else if (st == WFT_SETTLED_NOT_DONE)
		ui_toast(ui, TOAST_ERROR, "Not generated: no new token of yours is listed (the answer "
		         "was: %s).", g->first.message);
	else
		ui_toast(ui, TOAST_WARNING, "The token may have been generated, but no readable answer "
		         "came (%s; reading back: %s). Ctrl-R reads the list again: revoke a token of "
		         "yours you did not receive.", g->first.message, res->err.message);
	if (res->err.code != WFT_ERR_CANCELLED)
		reload_quietly(ui);
	free(g);
}

/* Reads one's own tokens back to settle g; takes g. */
static void read_back(struct ui *ui, struct mine_gen *g, const struct wft_error *first)
{
	struct wft_error err;
	struct request *c;

	g->first = *first;
	wft_error_clear(&err);
	if (!(c = request_new(ui, REQ_ACCOUNTS, readback_done, g)) || !request_api(ui) ||
	    !request_go(ui, c, wft_api_my_tokens(request_api(ui), request_done, c, &err))) {
		jot(ui, g, NULL, NULL, JOURNAL_UNCONFIRMED, first->message);
		ui_toast(ui, TOAST_WARNING, "The token may have been generated, but no readable answer "
		         "came (%s). Ctrl-R reads the list again: revoke a token of yours you did not "
		         "receive.", first->message);
		free(g);
	}
}

static void generate_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct mine_gen *g = arg;
	enum wft_outcome o = wft_outcome_of(&res->err);
	char m[WFT_MASK_SIZE];

	if (res->err.code == WFT_ERR_DRY_RUN) {
		jot(ui, g, NULL, NULL, JOURNAL_DRY_RUN, res->err.message);
		ui_toast(ui, TOAST_INFO, "%s", res->err.message);
	} else if (o == WFT_OUTCOME_DONE && res->token.id) {
		jot(ui, g, res->token.id, res->token.name, JOURNAL_DONE, NULL);
		ui_toast(ui, TOAST_INFO, "Generated %s, your own token (r renames it).",
		         wft_mask_id(res->token.id, m, sizeof m));
		newtoken_open(ui, "your own", res->token.id, res->token.name);
		reload_quietly(ui);
	} else if (o == WFT_OUTCOME_REFUSED) {
		jot(ui, g, NULL, NULL, JOURNAL_REFUSED, res->err.message);
		ui_toast(ui, TOAST_ERROR, "Not generated: %s", res->err.message);
	} else if (o == WFT_OUTCOME_UNCONFIRMED && res->err.code != WFT_ERR_CANCELLED) {
		read_back(ui, g, &res->err);
		return;
	} else {
		/* Made (a 2xx unreadable, or no new token in it), or perhaps
		 * (cancelled): never a second request; the list shows it. */
		bool made = o != WFT_OUTCOME_UNCONFIRMED;
		const char *why = res->err.code ? res->err.message : "no new token in the answer";
		jot(ui, g, NULL, NULL, made ? JOURNAL_DONE_UNREAD : JOURNAL_UNCONFIRMED, why);
		ui_toast(ui, TOAST_WARNING, "The token %s generated, but its id did not come back (%s). "
		         "The list is read again: revoke a token of yours you did not receive.",
		         made ? "was" : "may have been", why);
		if (res->err.code != WFT_ERR_CANCELLED)
			reload_quietly(ui);
	}
	free(g);
}

int tokens_mine_generate(struct ui *ui)
{
	struct mine_gen *g;
	struct request *c;
	struct wft_error err;

	if (tokens_mine_onboarded(ui)) {
		tokens_mine_toggle(ui);   /* says where own tokens live */
		return UI_HANDLED;
	}
	if (!(g = calloc(1, sizeof *g))) {
		ui_toast(ui, TOAST_ERROR, "Out of memory.");
		return UI_HANDLED;
	}
	/* In the journal before the request goes out. */
	jot(ui, g, NULL, NULL, JOURNAL_PENDING, NULL);
	wft_error_clear(&err);
	if (!(c = request_new(ui, REQ_ACCOUNTS, generate_done, g)) || !request_api(ui) ||
	    !request_go(ui, c, wft_api_generate_my_token(request_api(ui), request_done, c, &err))) {
		jot(ui, g, NULL, NULL, JOURNAL_NOT_SENT, c ? err.message : "out of memory");
		ui_toast(ui, TOAST_ERROR, "Could not generate a token: %s",
		         c ? err.message : "out of memory");
		free(g);
		return UI_HANDLED;
	}
	ui_toast(ui, TOAST_INFO, "Generating a token of your own...");
	return UI_HANDLED;
}
