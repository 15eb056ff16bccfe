/* account_dialog_tokens.c: the service-account dialog's tokens: read
 * again, generated (under the 20-token limit), renamed and revoked, each
 * answer that settles nothing read back. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <curses.h>

#include "account_dialog_state.h"
#include "accounts.h"
#include "api.h"
#include "journal.h"
#include "keys.h"
#include "mask.h"
#include "outcome.h"
#include "overlay.h"
#include "session.h"
#include "textwidth.h"
#include "timefmt.h"
#include "uuid.h"

/* A change to one of the dialog's tokens (a generation, a rename, a revoke)
 * whose answer did not settle it, while the account's tokens are read back. */
struct tok_change {
	char kind;                      /* 'g' generate, 'r' rename, 'v' revoke */
	char *id;                       /* rename, revoke: the token (a secret) */
	char *name;                     /* generate, rename: the name sent */
	char *old_name;                 /* rename, revoke: the token's name */
	char account[SA_ID_MAX + 1];
	char **before;                  /* generate: the ids listed before (secrets) */
	size_t n_before;
	struct wft_error first;         /* the change's own error */
	unsigned long change;           /* its change in the journal */
};

void acct_limit_text(size_t n, char *out, size_t outsz)
{
	size_t left = n >= WFT_MAX_TOKENS_PER_ACCOUNT ? 0 : WFT_MAX_TOKENS_PER_ACCOUNT - n;

	snprintf(out, outsz, "Maximum of %d tokens - %zu remaining", WFT_MAX_TOKENS_PER_ACCOUNT, left);
}

size_t dialog_candidates(struct ui *ui, const struct acct_dialog *d, size_t idx[3], bool *near)
{
	*near = d->base.n_tokens + ACCT_CANDIDATE_SLOTS >= WFT_MAX_TOKENS_PER_ACCOUNT;
	if (!*near)
		return 0;
	return wft_tokens_stalest(d->base.tokens, d->base.n_tokens,
	                          ui->clock ? ui->clock(ui->clock_ud) : wft_clock_real(NULL), idx, 3);
}

static void take_tokens(struct acct_dialog *d, struct wft_token_list *l)
{
	for (size_t i = 0; i < d->base.n_tokens; i++)
		wft_token_clear(&d->base.tokens[i]);
	free(d->base.tokens);
	d->base.tokens = l->items;
	d->base.n_tokens = l->n;
	l->items = NULL;
	l->n = 0;
	if (d->cur < 0)
		d->cur = 0;
}

static void tokens_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = dialog_find(ui);

	(void)arg;
	if (!d || res->err.code == WFT_ERR_CANCELLED)
		return;
	if (res->err.code != WFT_OK) {
		dialog_say(d, TOAST_ERROR, "Could not reload the tokens: %s", res->err.message);
		return;
	}
	take_tokens(d, &res->tokens);
}

void dialog_reload_tokens(struct ui *ui, struct acct_dialog *d)
{
	struct wft_error err;
	struct request *c = request_new(ui, REQ_ACCOUNTS, tokens_done, NULL);

	if (!c || !request_api(ui) ||
	    !request_go(ui, c, wft_api_account_tokens(request_api(ui), d->id, request_done, c, &err)))
		dialog_say(d, TOAST_ERROR, "Could not reload the tokens.");
}

void dialog_limit_message(struct ui *ui, struct acct_dialog *d, bool raced)
{
	char lim[64], stale[300];

	acct_limit_text(d->base.n_tokens < WFT_MAX_TOKENS_PER_ACCOUNT && !raced
	                ? d->base.n_tokens : WFT_MAX_TOKENS_PER_ACCOUNT, lim, sizeof lim);
	wft_tokens_stalest_text(d->base.tokens, d->base.n_tokens,
	             ui->clock ? ui->clock(ui->clock_ud) : wft_clock_real(NULL), stale, sizeof stale);
	if (*stale)
		dialog_say(d, TOAST_ERROR, "%s. %sRevoke one first (d on a token); the stalest: %s.", lim,
		    raced ? "Another administrator generated one meanwhile. " : "", stale);
	else
		dialog_say(d, TOAST_ERROR, "%s. %sRevoke one first (d on a token); none is stale: every one "
		    "was used or generated in the last day.", lim,
		    raced ? "Another administrator generated one meanwhile. " : "");
}

static void tok_change_free(struct tok_change *x)
{
	if (!x)
		return;
	wft_free_secret(x->id);
	free(x->name);
	free(x->old_name);
	for (size_t i = 0; i < x->n_before; i++)
		wft_free_secret(x->before[i]);
	free(x->before);
	free(x);
}

/* A change of kind to token t of d (NULL: a new one, named name). */
static struct tok_change *tok_change_new(char kind, const struct acct_dialog *d,
                                         const struct wft_token *t, const char *name)
{
	struct tok_change *x = calloc(1, sizeof *x);

	if (!x || (t && t->id && !(x->id = strdup(t->id))) ||
	    (t && !(x->old_name = strdup(t->name ? t->name : ""))) ||
	    (name && !(x->name = strdup(name)))) {
		tok_change_free(x);
		return NULL;
	}
	x->kind = kind;
	snprintf(x->account, sizeof x->account, "%s", d->id);
	return x;
}

/* A line of x in the journal; id: a generated token's, once known. */
static void tok_jot(struct ui *ui, struct tok_change *x, const char *id, const char *state,
                    const char *why)
{
	char detail[800];

	if (x->kind == 'r') {
		snprintf(detail, sizeof detail, "to \"%s\"%s%s", x->name, why && *why ? ": " : "",
		         why ? why : "");
		why = detail;
	}
	ui_journal(ui, &x->change, x->kind == 'g' ? "generate" : x->kind == 'r' ? "rename" : "revoke",
	           x->kind == 'g' ? id : x->id, x->kind == 'g' ? x->name : x->old_name, x->account,
	           state, why);
}

/* x's outcome line from its answer err. */
static void tok_jot_answer(struct ui *ui, struct tok_change *x, const char *id,
                           const struct wft_error *err)
{
	tok_jot(ui, x, id, ui_journal_state(err), err && err->code != WFT_OK ? err->message : NULL);
}

static bool listed_before(const struct tok_change *x, const char *id)
{
	for (size_t i = 0; i < x->n_before; i++)
		if (strcmp(x->before[i], id) == 0)
			return true;
	return false;
}

static void tok_read_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = dialog_find(ui);
	struct tok_change *x = arg;
	enum wft_readback rb = wft_outcome_read(&res->err);
	const struct wft_token *hit = NULL;
	char m[WFT_MASK_SIZE];
	const char *why = x->first.message;
	bool shows;

	/* A 404 on the list: the account, and so its tokens, are gone. */
	for (size_t i = 0; rb == WFT_READ_PRESENT && i < res->tokens.n; i++) {
		const struct wft_token *t = &res->tokens.items[i];
		if (!t->id)
			continue;
		if (x->kind == 'g' ? !listed_before(x, t->id) && t->name && x->name &&
		                     strcmp(t->name, x->name) == 0
		                   : strcmp(t->id, x->id) == 0)
			hit = t;
	}
	if (x->kind == 'v')
		shows = rb == WFT_READ_ABSENT || !hit;
	else if (x->kind == 'r')
		shows = hit && hit->name && x->name && strcmp(hit->name, x->name) == 0;
	else
		shows = hit != NULL;
	wft_mask_id(x->kind == 'g' ? (hit ? hit->id : NULL) : x->id, m, sizeof m);
	enum wft_settled v = wft_outcome_settle(rb, shows);
	tok_jot(ui, x, hit ? hit->id : NULL, journal_state_of(WFT_OUTCOME_DONE, v), why);
	if (d && res->err.code != WFT_ERR_CANCELLED) {
		switch (v) {
		case WFT_SETTLED_DONE:
			ui->tokens_stale = true;
			if (x->kind == 'v' && x->first.http_status == 404)
				dialog_say(d, TOAST_WARNING, "%s was already gone (read back: not listed).", m);
			else if (x->kind == 'v')
				dialog_say(d, TOAST_INFO, "Revoked %s (read back: not listed; the answer was: "
				    "%s).", m, why);
			else if (x->kind == 'r')
				dialog_say(d, TOAST_INFO, "Renamed %s to \"%s\" (read back; the answer was: %s).",
				    m, x->name, why);
			else
				dialog_say(d, TOAST_WARNING, "Generated %s (read back), but its id never reached "
				    "this console (%s): revoke it if it is not needed.", m, why);
			break;
		case WFT_SETTLED_NOT_DONE:
			if (x->kind == 'v')
				dialog_say(d, TOAST_ERROR, "Not revoked: %s is still listed (the answer was: %s).",
				    m, why);
			else if (x->kind == 'r' && hit)
				dialog_say(d, TOAST_ERROR, "Not renamed: %s is still \"%s\" (the answer was: %s).",
				    m, hit->name ? hit->name : "", why);
			else if (x->kind == 'r')
				dialog_say(d, TOAST_ERROR, "Not renamed: %s is no longer listed (the answer was: "
				    "%s).", m, why);
			else
				dialog_say(d, TOAST_ERROR, "Not generated: no new token is listed (the answer was: "
				    "%s).", why);
			break;
		case WFT_SETTLED_UNKNOWN:
			ui->tokens_stale = true;
			if (x->kind == 'g')
				dialog_say(d, TOAST_WARNING, "The token may have been generated, but no readable "
				    "answer came (%s; reading back: %s). Ctrl-R reads the list again: "
				    "revoke a token you did not receive.", why, res->err.message);
			else
				dialog_say(d, TOAST_WARNING, "%s of %s not confirmed (%s; reading back: %s).",
				    x->kind == 'v' ? "Revoke" : "Rename", m, why, res->err.message);
			break;
		}
		if (rb == WFT_READ_PRESENT)
			take_tokens(d, &res->tokens);
	}
	tok_change_free(x);
}

/* Reads the tokens back to settle x; takes x. false when it could not start
 * (x is freed then). */
static bool tok_read_back(struct ui *ui, struct acct_dialog *d, struct tok_change *x,
                          const struct wft_error *first)
{
	struct wft_error err;
	struct request *c;

	x->first = *first;
	wft_error_clear(&err);
	if (request_api(ui) && (c = request_new(ui, REQ_ACCOUNTS, tok_read_done, x)) &&
	    request_go(ui, c, wft_api_account_tokens(request_api(ui), d->id, request_done, c, &err)))
		return true;
	tok_jot_answer(ui, x, NULL, first);
	tok_change_free(x);
	return false;
}

static void generate_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = dialog_find(ui);
	struct tok_change *x = arg;
	enum wft_outcome o = wft_outcome_of(&res->err);

	/* An answer that settles nothing is journalled once read back. */
	if (x && (o != WFT_OUTCOME_UNCONFIRMED || res->err.code == WFT_ERR_CANCELLED || !d))
		tok_jot_answer(ui, x, res->token.id, &res->err);
	if (!d || res->err.code == WFT_ERR_CANCELLED) {
		if (d)
			dialog_say(d, TOAST_WARNING, "Cancelled: the token may have been generated anyway "
			    "(Ctrl-R reloads the list).");
		tok_change_free(x);
		return;
	}
	if (res->err.code == WFT_ERR_LIMIT) {
		/* Someone got there first: the same message, and the real list. */
		dialog_limit_message(ui, d, true);
		dialog_reload_tokens(ui, d);
		tok_change_free(x);
		return;
	}
	if (o == WFT_OUTCOME_DONE_UNREAD || o == WFT_OUTCOME_UNCONFIRMED) {
		/* Made, perhaps, but not handed over: never armed for a second try. */
		ui->tokens_stale = true;
		lineedit_clear(&d->edit);
		if (o == WFT_OUTCOME_DONE_UNREAD) {
			dialog_say(d, TOAST_WARNING, "The token was generated, but the answer was unreadable "
			    "(%s), so its id cannot be shown. The list is read again: revoke a token "
			    "you did not receive.", res->err.message);
			dialog_reload_tokens(ui, d);
		} else if (!x || !tok_read_back(ui, d, x, &res->err)) {
			dialog_say(d, TOAST_WARNING, "The token may have been generated, but no readable "
			    "answer came (%s). Ctrl-R reads the list again: revoke a token you did "
			    "not receive.", res->err.message);
		}
		if (o == WFT_OUTCOME_DONE_UNREAD)
			tok_change_free(x);
		return;
	}
	tok_change_free(x);
	if (res->err.code != WFT_OK) {
		dialog_say(d, TOAST_ERROR, "Could not generate a token: %s", res->err.message);
		d->editing = ED_GENERATE;     /* what was typed stays */
		return;
	}
	ui->tokens_stale = true;
	take_tokens(d, &res->tokens);
	char lim[64], m[WFT_MASK_SIZE];
	acct_limit_text(d->base.n_tokens, lim, sizeof lim);
	dialog_say(d, TOAST_INFO, "Generated %s. %s.", wft_mask_id(res->token.id, m, sizeof m), lim);
	lineedit_clear(&d->edit);
	if (res->token.id)
		newtoken_open(ui, d->id, res->token.id, res->token.name);
}

void dialog_start_generate(struct ui *ui, struct acct_dialog *d)
{
	struct wft_error err;
	struct request *c;
	const char *name = lineedit_text(&d->edit);

	d->editing = ED_NONE;
	if (d->base.n_tokens >= WFT_MAX_TOKENS_PER_ACCOUNT) {
		dialog_limit_message(ui, d, false);
		return;
	}
	if (sa_check_token_name(name, &err) != WFT_OK) {
		dialog_say(d, TOAST_ERROR, "%s", err.message);
		d->editing = ED_GENERATE;
		return;
	}
	/* What is listed now, so a read-back can tell a new token apart. */
	struct tok_change *x = tok_change_new('g', d, NULL, name);
	if (!x || !(x->before = calloc(d->base.n_tokens + 1, sizeof *x->before))) {
		tok_change_free(x);
		dialog_say(d, TOAST_ERROR, "Could not generate a token: out of memory");
		return;
	}
	for (size_t i = 0; i < d->base.n_tokens; i++)
		if (d->base.tokens[i].id && (x->before[x->n_before] = strdup(d->base.tokens[i].id)))
			x->n_before++;
	wft_error_set(&err, WFT_ERR_NOMEM, "out of memory or not connected");
	/* In the journal before the request goes out. */
	tok_jot(ui, x, NULL, JOURNAL_PENDING, NULL);
	if (!(c = request_new(ui, REQ_ACCOUNTS, generate_done, x)) || !request_api(ui) ||
	    !request_go(ui, c, wft_api_generate_account_token(request_api(ui), d->id, name,
	                                                   request_done, c, &err))) {
		tok_jot(ui, x, NULL, JOURNAL_REFUSED, err.message);
		tok_change_free(x);
		dialog_say(d, TOAST_ERROR, "Could not generate a token: %s", err.message);
		return;
	}
	dialog_say(d, TOAST_INFO, "Generating a token...");
}

static void rename_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = dialog_find(ui);
	struct tok_change *x = arg;
	char m[WFT_MASK_SIZE];
	enum wft_outcome o = wft_outcome_of(&res->err);

	wft_mask_id(x->id, m, sizeof m);
	/* An answer that settles nothing is journalled once read back. */
	if (o != WFT_OUTCOME_UNCONFIRMED || res->err.code == WFT_ERR_CANCELLED || !d)
		tok_jot_answer(ui, x, NULL, &res->err);
	if (d && (o == WFT_OUTCOME_DONE || o == WFT_OUTCOME_DONE_UNREAD)) {
		/* An unreadable 2xx answer: renamed all the same, to the name sent. */
		for (size_t i = 0; i < d->base.n_tokens; i++)
			if (strcmp(d->base.tokens[i].id, x->id) == 0) {
				char *n = strdup(x->name);
				if (n) {
					free(d->base.tokens[i].name);
					d->base.tokens[i].name = n;
				}
			}
		ui->tokens_stale = true;
		if (o == WFT_OUTCOME_DONE)
			dialog_say(d, TOAST_INFO, "Renamed %s to \"%s\".", m, x->name);
		else
			dialog_say(d, TOAST_WARNING, "Renamed %s to \"%s\" (the server's answer was "
			    "unreadable: %s).", m, x->name, res->err.message);
		lineedit_clear(&d->edit);
	} else if (d && session_reads_back(ui->session, &res->err)) {
		lineedit_clear(&d->edit);
		if (!tok_read_back(ui, d, x, &res->err))
			dialog_say(d, TOAST_WARNING, "Rename of %s not confirmed (%s).", m, res->err.message);
		return;
	} else if (d && res->err.code != WFT_ERR_CANCELLED) {
		dialog_say(d, TOAST_ERROR, "Could not rename %s: %s", m, res->err.message);
		d->editing = ED_RENAME;       /* what was typed stays */
	}
	tok_change_free(x);
}

void dialog_start_rename(struct ui *ui, struct acct_dialog *d)
{
	struct wft_error err;
	struct request *c;
	char *id;
	const char *name = lineedit_text(&d->edit);
	int t = d->edit_token;

	d->editing = ED_NONE;
	if (t < 0 || (size_t)t >= d->base.n_tokens)
		return;
	if (strcmp(name, d->base.tokens[t].name) == 0)
		return;
	if (sa_check_token_name(name, &err) != WFT_OK) {
		dialog_say(d, TOAST_ERROR, "%s", err.message);
		d->editing = ED_RENAME;
		return;
	}
	struct tok_change *x = tok_change_new('r', d, &d->base.tokens[t], name);
	if (!x || !(c = request_new(ui, REQ_ACCOUNTS, rename_done, x))) {
		tok_change_free(x);
		dialog_say(d, TOAST_ERROR, "Out of memory.");
		return;
	}
	id = x->id;
	wft_error_set(&err, WFT_ERR_INVALID, "not connected");
	/* In the journal before the request goes out. */
	tok_jot(ui, x, NULL, JOURNAL_PENDING, NULL);
	if (!request_api(ui) || !request_go(ui, c, wft_api_rename_account_token(request_api(ui), d->id, id,
	                                                                  name, request_done, c, &err))) {
		tok_jot(ui, x, NULL, JOURNAL_REFUSED, err.message);
		tok_change_free(x);
		dialog_say(d, TOAST_ERROR, "Could not rename: %s", err.message);
	}
}

static void revoke_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = dialog_find(ui);
	struct tok_change *x = arg;
	char m[WFT_MASK_SIZE];
	enum wft_outcome o = wft_outcome_of(&res->err);

	wft_mask_id(x->id, m, sizeof m);
	/* An answer that settles nothing is journalled once read back. */
	if (o != WFT_OUTCOME_UNCONFIRMED || res->err.code == WFT_ERR_CANCELLED || !d)
		tok_jot_answer(ui, x, NULL, &res->err);
	if (d && o == WFT_OUTCOME_DONE) {
		take_tokens(d, &res->tokens);
		ui->tokens_stale = true;
		dialog_say(d, TOAST_INFO, "Revoked %s.", m);
	} else if (d && o == WFT_OUTCOME_DONE_UNREAD) {
		ui->tokens_stale = true;
		dialog_say(d, TOAST_INFO, "Revoked %s.", m);
		dialog_reload_tokens(ui, d);
	} else if (d && res->err.code == WFT_ERR_CANCELLED) {
		/* Never shown as revoked, nor as refused: the server's list tells. */
		ui->tokens_stale = true;
		dialog_say(d, TOAST_WARNING, "Revoke of %s not confirmed (%s); the list is read again.",
		    m, res->err.message);
		dialog_reload_tokens(ui, d);
	} else if (d && session_reads_back(ui->session, &res->err)) {
		/* A 404 or no answer: the account's list says whether it is gone. */
		if (!tok_read_back(ui, d, x, &res->err))
			dialog_say(d, TOAST_WARNING, "Revoke of %s not confirmed (%s).", m, res->err.message);
		return;
	} else if (d) {
		dialog_say(d, TOAST_ERROR, "Could not revoke %s: %s", m, res->err.message);
	}
	tok_change_free(x);
}

/* Sends the revoke x of d's account (taken). */
static void send_revoke(struct ui *ui, struct acct_dialog *d, struct tok_change *x)
{
	struct wft_error err;
	struct request *c;
	char *id;

	if (!(c = request_new(ui, REQ_ACCOUNTS, revoke_done, x))) {
		tok_jot(ui, x, NULL, JOURNAL_REFUSED, "out of memory");
		tok_change_free(x);
		dialog_say(d, TOAST_ERROR, "Out of memory.");
		return;
	}
	id = x->id;
	wft_error_set(&err, WFT_ERR_INVALID, "not connected");
	/* In the journal before the request goes out. */
	tok_jot(ui, x, NULL, JOURNAL_PENDING, NULL);
	if (!request_api(ui) || !request_go(ui, c, wft_api_revoke_account_token(request_api(ui), d->id, id,
	                                                                  request_done, c, &err))) {
		tok_jot(ui, x, NULL, JOURNAL_REFUSED, err.message);
		tok_change_free(x);
		dialog_say(d, TOAST_ERROR, "Could not revoke: %s", err.message);
	}
}

bool dialog_refuse_while_held(struct acct_dialog *d)
{
	/* One revoke at a time waits in the window. */
	if (!hold_running(&d->hold))
		return false;
	dialog_say(d, TOAST_WARNING, "A revoke is waiting to be sent (u undoes it); wait until it "
	           "leaves.");
	return true;
}

void dialog_revoke_token(struct ui *ui, struct acct_dialog *d, int t)
{
	struct tok_change *x;
	char m[WFT_MASK_SIZE];

	d->confirm_revoke = -1;
	if (t < 0 || (size_t)t >= d->base.n_tokens)
		return;
	if (dialog_refuse_while_held(d))
		return;
	if (!(x = tok_change_new('v', d, &d->base.tokens[t], NULL))) {
		dialog_say(d, TOAST_ERROR, "Out of memory.");
		return;
	}
	if (ui->undo_ms <= 0) {
		send_revoke(ui, d, x);
		return;
	}
	tok_jot(ui, x, NULL, JOURNAL_HELD, NULL);
	d->held = x;
	hold_start(ui, &d->hold, 1, ui->undo_ms);
	dialog_say(d, TOAST_INFO, "Revoking %s in %d s: u undoes it.", wft_mask_id(x->id, m, sizeof m),
	           (ui->undo_ms + 999) / 1000);
}

bool dialog_token_held(const struct acct_dialog *d, int t)
{
	return d->held && hold_running(&d->hold) && t >= 0 && (size_t)t < d->base.n_tokens &&
	       d->base.tokens[t].id && strcmp(d->base.tokens[t].id, d->held->id) == 0;
}

/* The undo window's turns (revoke_hold.h): its end sends, u undoes, and an
 * end of the console sends nothing. owner is the dialog. */
static void hold_send(struct ui *ui, void *owner)
{
	struct acct_dialog *d = owner;
	struct tok_change *x = d->held;

	d->held = NULL;
	hold_end(&d->hold);
	if (x)
		send_revoke(ui, d, x);
}

static void hold_undo_revoke(struct ui *ui, void *owner, const char *why)
{
	struct acct_dialog *d = owner;
	char m[WFT_MASK_SIZE];

	if (!d->held)
		return;
	tok_jot(ui, d->held, NULL, JOURNAL_UNDONE, why);
	dialog_say(d, TOAST_INFO, "Undone: nothing was sent; %s kept.",
	           wft_mask_id(d->held->id, m, sizeof m));
	tok_change_free(d->held);
	d->held = NULL;
}

static void hold_lost(struct ui *ui, void *owner)
{
	struct acct_dialog *d = owner;

	if (!d->held)
		return;
	tok_jot(ui, d->held, NULL, JOURNAL_NOT_SENT, "the console ended during the undo window");
	tok_change_free(d->held);
	d->held = NULL;
}

const struct hold_ops dialog_hold_ops = { hold_send, hold_undo_revoke, hold_lost };
