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
	char **before;                  /* generate: the ids listed before (secrets) */
	size_t n_before;
	struct wft_error first;         /* the change's own error */
};

void acct_limit_text(size_t n, char *out, size_t outsz)
{
	size_t left = n >= WFT_MAX_TOKENS_PER_ACCOUNT ? 0 : WFT_MAX_TOKENS_PER_ACCOUNT - n;

	snprintf(out, outsz, "Maximum of %d tokens - %zu remaining", WFT_MAX_TOKENS_PER_ACCOUNT, left);
}

void acct_stalest(const struct wft_token *t, size_t n, wft_millis now, char *out, size_t outsz)
{
	size_t idx[3], k = wft_tokens_stalest(t, n, now, idx, 3), o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < k; i++) {
		const struct wft_token *p = &t[idx[i]];
		char m[WFT_MASK_SIZE], rel[32], gen[64];
		if (!p->last_used)
			snprintf(gen, sizeof gen, "never used, generated %s",
			         p->date_generated ? timefmt_relative(p->date_generated, now, rel, sizeof rel)
			                           : "at an unknown date");
		else
			snprintf(gen, sizeof gen, "used %s", timefmt_relative(p->last_used, now, rel, sizeof rel));
		int w = snprintf(out + o, outsz - o, "%s%s (%s)", i ? ", " : "",
		                 wft_mask_id(p->id, m, sizeof m), gen);
		if (w < 0 || (size_t)w >= outsz - o)
			break;
		o += (size_t)w;
	}
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
	acct_stalest(d->base.tokens, d->base.n_tokens,
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
	for (size_t i = 0; i < x->n_before; i++)
		wft_free_secret(x->before[i]);
	free(x->before);
	free(x);
}

static struct tok_change *tok_change_new(char kind, const char *id, const char *name)
{
	struct tok_change *x = calloc(1, sizeof *x);

	if (!x || (id && !(x->id = strdup(id))) || (name && !(x->name = strdup(name)))) {
		tok_change_free(x);
		return NULL;
	}
	x->kind = kind;
	return x;
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
	if (d && res->err.code != WFT_ERR_CANCELLED) {
		switch (wft_outcome_settle(rb, shows)) {
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
	if (!request_api(ui) || !(c = request_new(ui, REQ_ACCOUNTS, tok_read_done, x))) {
		tok_change_free(x);
		return false;
	}
	if (!request_go(ui, c, wft_api_account_tokens(request_api(ui), d->id, request_done, c, &err))) {
		tok_change_free(x);
		return false;
	}
	return true;
}

static void generate_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = dialog_find(ui);
	struct tok_change *x = arg;
	enum wft_outcome o = wft_outcome_of(&res->err);

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
	struct tok_change *x = tok_change_new('g', NULL, name);
	if (x && (x->before = calloc(d->base.n_tokens + 1, sizeof *x->before)))
		for (size_t i = 0; i < d->base.n_tokens; i++)
			if (d->base.tokens[i].id &&
			    (x->before[x->n_before] = strdup(d->base.tokens[i].id)))
				x->n_before++;
	if (!(c = request_new(ui, REQ_ACCOUNTS, generate_done, x)) || !request_api(ui) ||
	    !request_go(ui, c, wft_api_generate_account_token(request_api(ui), d->id, name,
	                                                   request_done, c, &err))) {
		tok_change_free(x);
		dialog_say(d, TOAST_ERROR, "Could not generate a token: %s", c ? err.message : "out of memory");
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
	struct tok_change *x = tok_change_new('r', d->base.tokens[t].id, name);
	if (!x || !(c = request_new(ui, REQ_ACCOUNTS, rename_done, x))) {
		tok_change_free(x);
		dialog_say(d, TOAST_ERROR, "Out of memory.");
		return;
	}
	id = x->id;
	if (!request_api(ui) || !request_go(ui, c, wft_api_rename_account_token(request_api(ui), d->id, id,
	                                                                  name, request_done, c, &err))) {
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

void dialog_revoke_token(struct ui *ui, struct acct_dialog *d, int t)
{
	struct wft_error err;
	struct request *c;
	char *id;

	d->confirm_revoke = -1;
	if (t < 0 || (size_t)t >= d->base.n_tokens)
		return;
	struct tok_change *x = tok_change_new('v', d->base.tokens[t].id, NULL);
	if (!x || !(c = request_new(ui, REQ_ACCOUNTS, revoke_done, x))) {
		tok_change_free(x);
		dialog_say(d, TOAST_ERROR, "Out of memory.");
		return;
	}
	id = x->id;
	if (!request_api(ui) || !request_go(ui, c, wft_api_revoke_account_token(request_api(ui), d->id, id,
	                                                                  request_done, c, &err))) {
		tok_change_free(x);
		dialog_say(d, TOAST_ERROR, "Could not revoke: %s", err.message);
	}
}
