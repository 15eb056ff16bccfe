/* account_dialog.c: the web UI's Edit / New Service Account page as one
 * dialog: identifier and Active, description, the tokens (generate, rename,
 * revoke, at once, under the 20-token limit), groups, roles, permissions
 * (saved with Update after checking that nobody changed them meanwhile). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <curses.h>

#include "accounts.h"
#include "overlay.h"
#include "api.h"
#include "keys.h"
#include "mask.h"
#include "outcome.h"
#include "textwidth.h"
#include "timefmt.h"
#include "uuid.h"

enum row_kind {
	R_TITLE, R_ACTIVE, R_DESC, R_GENERATE, R_TOKEN, R_GROUP, R_ROLE, R_PERM,
	R_NAME, R_FIRST, R_FIRSTNAME, R_CREATE,
};
struct row { enum row_kind kind; int i; };

enum edit_kind { ED_NONE, ED_DESC, ED_NAME, ED_FIRSTNAME, ED_RENAME, ED_GENERATE };

struct acct_dialog {
	bool is_new, loading, generate_on_open;
	char id[SA_ID_MAX + 1];
	struct wft_service_account base;   /* as last read from the server */
	bool active;
	struct lineedit desc, name, firstname, edit;
	bool first_token;
	bool perm[32];
	bool *grp, *role;                  /* by picker index */
	size_t n_grp, n_role;
	int cur, top;
	enum edit_kind editing;
	int edit_token;                    /* the token renamed */
	int confirm_revoke;                /* token index, or -1 */
	bool conflict, dirty, warned;
	char msg[600];
	enum toast_kind msg_kind;
};

/* ---- text ---------------------------------------------------------------------- */

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

static const struct overlay_ops dialog_ops;

/* The dialog, while it is on the overlay stack. */
static struct acct_dialog *D(struct ui *ui)
{
	return overlay_find(&ui->overlays, &dialog_ops);
}

static void say(struct acct_dialog *d, enum toast_kind k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void say(struct acct_dialog *d, enum toast_kind k, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
	d->msg_kind = k;
}

static bool strv_has(const struct wft_strv *v, const char *s)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->items[i], s) == 0)
			return true;
	return false;
}

static bool has_role(const struct wft_service_account *a, const char *id)
{
	for (size_t i = 0; i < a->n_roles; i++)
		if (a->roles[i].id && strcmp(a->roles[i].id, id) == 0)
			return true;
	return false;
}

static bool has_group(const struct wft_service_account *a, const char *id)
{
	for (size_t i = 0; i < a->n_user_groups; i++)
		if (a->user_groups[i].id && strcmp(a->user_groups[i].id, id) == 0)
			return true;
	return false;
}

static bool is_fixed_group(const struct wft_user_group *g)
{
	return g->name && strcmp(g->name, "Service Accounts") == 0;
}

/* The editable fields from base (after a read, or a reload on conflict). */
static void fields_from_base(struct ui *ui, struct acct_dialog *d)
{
	struct ui_pickers *A = &ui->pickers;

	d->active = d->base.active;
	lineedit_set(&d->desc, d->base.description ? d->base.description : "");
	for (size_t i = 0; i < sa_n_permissions && i < 32; i++)
		d->perm[i] = strv_has(&d->base.groups, sa_permissions[i].id);
	for (size_t i = 0; i < d->n_grp && i < A->groups.n; i++)
		d->grp[i] = has_group(&d->base, A->groups.items[i].id);
	for (size_t i = 0; i < d->n_role && i < A->roles.n; i++)
		d->role[i] = has_role(&d->base, A->roles.items[i].id);
	d->dirty = d->warned = d->conflict = false;
}

static bool pickers_fit(struct ui *ui, struct acct_dialog *d)
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

/* ---- rows ------------------------------------------------------------------------ */

static size_t build_rows(struct ui *ui, struct acct_dialog *d, struct row *r, size_t max)
{
	struct ui_pickers *A = &ui->pickers;
	size_t n = 0;

#define ADD(k, v) do { if (n < max) { r[n].kind = (k); r[n].i = (v); } n++; } while (0)
	if (d->is_new) {
		ADD(R_NAME, 0);
		ADD(R_DESC, 0);
		ADD(R_TITLE, 0);
		ADD(R_FIRST, 0);
		if (d->first_token)
			ADD(R_FIRSTNAME, 0);
		ADD(R_CREATE, 0);
		return n;
	}
	if (d->loading)
		return 0;
	ADD(R_ACTIVE, 0);
	ADD(R_DESC, 0);
	ADD(R_TITLE, 0);
	ADD(R_GENERATE, 0);
	for (size_t i = 0; i < d->base.n_tokens; i++)
		ADD(R_TOKEN, (int)i);
	ADD(R_TITLE, 1);
	for (size_t i = 0; i < d->n_grp && i < A->groups.n; i++)
		ADD(R_GROUP, (int)i);
	ADD(R_TITLE, 2);
	for (size_t i = 0; i < d->n_role && i < A->roles.n; i++)
		ADD(R_ROLE, (int)i);
	ADD(R_TITLE, 3);
	for (size_t i = 0; i < sa_n_permissions; i++)
		ADD(R_PERM, (int)i);
#undef ADD
	return n;
}

#define MAX_ROWS 512

static struct row *rows_all(struct ui *ui, struct acct_dialog *d, size_t *n)
{
	static struct row rows[MAX_ROWS];

	*n = build_rows(ui, d, rows, MAX_ROWS);
	if (*n > MAX_ROWS)
		*n = MAX_ROWS;
	if (*n) {
		if (d->cur >= (int)*n)
			d->cur = (int)*n - 1;
		if (d->cur < 0)
			d->cur = 0;
		while (d->cur < (int)*n - 1 && rows[d->cur].kind == R_TITLE)
			d->cur++;
	}
	return rows;
}

static void move_cur(struct ui *ui, struct acct_dialog *d, int delta)
{
	size_t n;
	struct row *r = rows_all(ui, d, &n);
	int c = d->cur, step = delta < 0 ? -1 : 1;

	for (int k = 0; k < (delta < 0 ? -delta : delta); k++) {
		int t = c + step;
		while (t >= 0 && t < (int)n && r[t].kind == R_TITLE)
			t += step;
		if (t < 0 || t >= (int)n)
			break;
		c = t;
	}
	d->cur = c;
}

/* Tab: to the first row after the next section title. */
static void next_section(struct ui *ui, struct acct_dialog *d, int dir)
{
	size_t n;
	struct row *r = rows_all(ui, d, &n);
	int c = d->cur;

	if (dir > 0) {
		for (int t = c + 1; t < (int)n; t++)
			if (r[t].kind == R_TITLE && t + 1 < (int)n) {
				d->cur = t + 1;
				return;
			}
		d->cur = 0;
	} else {
		int titles = 0;
		for (int t = c; t >= 0; t--)
			if (r[t].kind == R_TITLE && ++titles == 2) {
				d->cur = t + 1;
				return;
			}
		d->cur = 0;
	}
}

/* ---- requests ------------------------------------------------------------------------ */

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
	struct acct_dialog *d = D(ui);

	(void)arg;
	if (!d || res->err.code == WFT_ERR_CANCELLED)
		return;
	if (res->err.code != WFT_OK) {
		say(d, TOAST_ERROR, "Could not reload the tokens: %s", res->err.message);
		return;
	}
	take_tokens(d, &res->tokens);
}

static void reload_tokens(struct ui *ui, struct acct_dialog *d)
{
	struct wft_error err;
	struct request *c = request_new(ui, REQ_ACCOUNTS, tokens_done, NULL);

	if (!c || !request_api(ui) ||
	    !request_go(ui, c, wft_api_account_tokens(request_api(ui), d->id, request_done, c, &err)))
		say(d, TOAST_ERROR, "Could not reload the tokens.");
}

static void limit_message(struct ui *ui, struct acct_dialog *d, bool raced)
{
	char lim[64], stale[300];

	acct_limit_text(d->base.n_tokens < WFT_MAX_TOKENS_PER_ACCOUNT && !raced
	                ? d->base.n_tokens : WFT_MAX_TOKENS_PER_ACCOUNT, lim, sizeof lim);
	acct_stalest(d->base.tokens, d->base.n_tokens,
	             ui->clock ? ui->clock(ui->clock_ud) : wft_clock_real(NULL), stale, sizeof stale);
	if (*stale)
		say(d, TOAST_ERROR, "%s. %sRevoke one first (d on a token); the stalest: %s.", lim,
		    raced ? "Another administrator generated one meanwhile. " : "", stale);
	else
		say(d, TOAST_ERROR, "%s. %sRevoke one first (d on a token); none is stale: every one "
		    "was used or generated in the last day.", lim,
		    raced ? "Another administrator generated one meanwhile. " : "");
}

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
	struct acct_dialog *d = D(ui);
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
				say(d, TOAST_WARNING, "%s was already gone (read back: not listed).", m);
			else if (x->kind == 'v')
				say(d, TOAST_INFO, "Revoked %s (read back: not listed; the answer was: "
				    "%s).", m, why);
			else if (x->kind == 'r')
				say(d, TOAST_INFO, "Renamed %s to \"%s\" (read back; the answer was: %s).",
				    m, x->name, why);
			else
				say(d, TOAST_WARNING, "Generated %s (read back), but its id never reached "
				    "this console (%s): revoke it if it is not needed.", m, why);
			break;
		case WFT_SETTLED_NOT_DONE:
			if (x->kind == 'v')
				say(d, TOAST_ERROR, "Not revoked: %s is still listed (the answer was: %s).",
				    m, why);
			else if (x->kind == 'r' && hit)
				say(d, TOAST_ERROR, "Not renamed: %s is still \"%s\" (the answer was: %s).",
				    m, hit->name ? hit->name : "", why);
			else if (x->kind == 'r')
				say(d, TOAST_ERROR, "Not renamed: %s is no longer listed (the answer was: "
				    "%s).", m, why);
			else
				say(d, TOAST_ERROR, "Not generated: no new token is listed (the answer was: "
				    "%s).", why);
			break;
		case WFT_SETTLED_UNKNOWN:
			ui->tokens_stale = true;
			if (x->kind == 'g')
				say(d, TOAST_WARNING, "The token may have been generated, but no readable "
				    "answer came (%s; reading back: %s). Ctrl-R reads the list again: "
				    "revoke a token you did not receive.", why, res->err.message);
			else
				say(d, TOAST_WARNING, "%s of %s not confirmed (%s; reading back: %s).",
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
	struct acct_dialog *d = D(ui);
	struct tok_change *x = arg;
	enum wft_outcome o = wft_outcome_of(&res->err);

	if (!d || res->err.code == WFT_ERR_CANCELLED) {
		if (d)
			say(d, TOAST_WARNING, "Cancelled: the token may have been generated anyway "
			    "(Ctrl-R reloads the list).");
		tok_change_free(x);
		return;
	}
	if (res->err.code == WFT_ERR_LIMIT) {
		/* Someone got there first: the same message, and the real list. */
		limit_message(ui, d, true);
		reload_tokens(ui, d);
		tok_change_free(x);
		return;
	}
	if (o == WFT_OUTCOME_DONE_UNREAD || o == WFT_OUTCOME_UNCONFIRMED) {
		/* Made, perhaps, but not handed over: never armed for a second try. */
		ui->tokens_stale = true;
		lineedit_clear(&d->edit);
		if (o == WFT_OUTCOME_DONE_UNREAD) {
			say(d, TOAST_WARNING, "The token was generated, but the answer was unreadable "
			    "(%s), so its id cannot be shown. The list is read again: revoke a token "
			    "you did not receive.", res->err.message);
			reload_tokens(ui, d);
		} else if (!x || !tok_read_back(ui, d, x, &res->err)) {
			say(d, TOAST_WARNING, "The token may have been generated, but no readable "
			    "answer came (%s). Ctrl-R reads the list again: revoke a token you did "
			    "not receive.", res->err.message);
		}
		if (o == WFT_OUTCOME_DONE_UNREAD)
			tok_change_free(x);
		return;
	}
	tok_change_free(x);
	if (res->err.code != WFT_OK) {
		say(d, TOAST_ERROR, "Could not generate a token: %s", res->err.message);
		d->editing = ED_GENERATE;     /* what was typed stays */
		return;
	}
	ui->tokens_stale = true;
	take_tokens(d, &res->tokens);
	char lim[64], m[WFT_MASK_SIZE];
	acct_limit_text(d->base.n_tokens, lim, sizeof lim);
	say(d, TOAST_INFO, "Generated %s. %s.", wft_mask_id(res->token.id, m, sizeof m), lim);
	lineedit_clear(&d->edit);
	if (res->token.id)
		newtoken_open(ui, d->id, res->token.id, res->token.name);
}

static void start_generate(struct ui *ui, struct acct_dialog *d)
{
	struct wft_error err;
	struct request *c;
	const char *name = lineedit_text(&d->edit);

	d->editing = ED_NONE;
	if (d->base.n_tokens >= WFT_MAX_TOKENS_PER_ACCOUNT) {
		limit_message(ui, d, false);
		return;
	}
	if (sa_check_token_name(name, &err) != WFT_OK) {
		say(d, TOAST_ERROR, "%s", err.message);
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
		say(d, TOAST_ERROR, "Could not generate a token: %s", c ? err.message : "out of memory");
		return;
	}
	say(d, TOAST_INFO, "Generating a token...");
}

static void rename_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = D(ui);
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
			say(d, TOAST_INFO, "Renamed %s to \"%s\".", m, x->name);
		else
			say(d, TOAST_WARNING, "Renamed %s to \"%s\" (the server's answer was "
			    "unreadable: %s).", m, x->name, res->err.message);
		lineedit_clear(&d->edit);
	} else if (d && o == WFT_OUTCOME_UNCONFIRMED && res->err.code != WFT_ERR_CANCELLED) {
		lineedit_clear(&d->edit);
		if (!tok_read_back(ui, d, x, &res->err))
			say(d, TOAST_WARNING, "Rename of %s not confirmed (%s).", m, res->err.message);
		return;
	} else if (d && res->err.code != WFT_ERR_CANCELLED) {
		say(d, TOAST_ERROR, "Could not rename %s: %s", m, res->err.message);
		d->editing = ED_RENAME;       /* what was typed stays */
	}
	tok_change_free(x);
}

static void start_rename(struct ui *ui, struct acct_dialog *d)
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
		say(d, TOAST_ERROR, "%s", err.message);
		d->editing = ED_RENAME;
		return;
	}
	struct tok_change *x = tok_change_new('r', d->base.tokens[t].id, name);
	if (!x || !(c = request_new(ui, REQ_ACCOUNTS, rename_done, x))) {
		tok_change_free(x);
		say(d, TOAST_ERROR, "Out of memory.");
		return;
	}
	id = x->id;
	if (!request_api(ui) || !request_go(ui, c, wft_api_rename_account_token(request_api(ui), d->id, id,
	                                                                  name, request_done, c, &err))) {
		tok_change_free(x);
		say(d, TOAST_ERROR, "Could not rename: %s", err.message);
	}
}

static void revoke_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = D(ui);
	struct tok_change *x = arg;
	char m[WFT_MASK_SIZE];
	enum wft_outcome o = wft_outcome_of(&res->err);

	wft_mask_id(x->id, m, sizeof m);
	if (d && o == WFT_OUTCOME_DONE) {
		take_tokens(d, &res->tokens);
		ui->tokens_stale = true;
		say(d, TOAST_INFO, "Revoked %s.", m);
	} else if (d && o == WFT_OUTCOME_DONE_UNREAD) {
		ui->tokens_stale = true;
		say(d, TOAST_INFO, "Revoked %s.", m);
		reload_tokens(ui, d);
	} else if (d && res->err.code == WFT_ERR_CANCELLED) {
		/* Never shown as revoked, nor as refused: the server's list tells. */
		ui->tokens_stale = true;
		say(d, TOAST_WARNING, "Revoke of %s not confirmed (%s); the list is read again.",
		    m, res->err.message);
		reload_tokens(ui, d);
	} else if (d && o == WFT_OUTCOME_UNCONFIRMED) {
		/* A 404 or no answer: the account's list says whether it is gone. */
		if (!tok_read_back(ui, d, x, &res->err))
			say(d, TOAST_WARNING, "Revoke of %s not confirmed (%s).", m, res->err.message);
		return;
	} else if (d) {
		say(d, TOAST_ERROR, "Could not revoke %s: %s", m, res->err.message);
	}
	tok_change_free(x);
}

static void revoke_token(struct ui *ui, struct acct_dialog *d, int t)
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
		say(d, TOAST_ERROR, "Out of memory.");
		return;
	}
	id = x->id;
	if (!request_api(ui) || !request_go(ui, c, wft_api_revoke_account_token(request_api(ui), d->id, id,
	                                                                  request_done, c, &err))) {
		tok_change_free(x);
		say(d, TOAST_ERROR, "Could not revoke: %s", err.message);
	}
}

/* ---- Update: read again, compare, then write --------------------------------------- */

static bool same_strv(const struct wft_strv *a, const struct wft_strv *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (!strv_has(b, a->items[i]))
			return false;
	return true;
}

/* Did anyone change the account's fields since base was read? */
static bool changed_meanwhile(const struct wft_service_account *base,
                              const struct wft_service_account *now)
{
	if (base->active != now->active || strcmp(base->description, now->description) != 0 ||
	    !same_strv(&base->groups, &now->groups) || base->n_roles != now->n_roles ||
	    base->n_user_groups != now->n_user_groups)
		return true;
	for (size_t i = 0; i < base->n_roles; i++)
		if (!base->roles[i].id || !has_role(now, base->roles[i].id))
			return true;
	for (size_t i = 0; i < base->n_user_groups; i++)
		if (!base->user_groups[i].id || !has_group(now, base->user_groups[i].id))
			return true;
	return false;
}

/* An update in flight: what was sent, to compare with a read-back. */
struct upd {
	char *description;
	bool active;
	struct wft_strv groups;         /* permissions, as sent */
	struct wft_strv roles;          /* role ids, as sent */
	struct wft_strv user_groups;    /* user group ids, as sent */
	enum wft_outcome outcome;       /* of the update's own answer */
	struct wft_error first;
};

static void upd_free(struct upd *u)
{
	if (u) {
		free(u->description);
		wft_strv_clear(&u->groups);
		wft_strv_clear(&u->roles);
		wft_strv_clear(&u->user_groups);
	}
	free(u);
}

/* A copy of n strings (the NULL ones left out) into v; false when out of memory. */
static bool strv_copy(struct wft_strv *v, char *const *items, size_t n)
{
	if (!(v->items = calloc(n + 1, sizeof *v->items)))
		return false;
	for (size_t i = 0; i < n; i++)
		if (items[i] && !(v->items[v->n++] = strdup(items[i])))
			return false;
	return true;
}

/* Does the account as read back hold what the update sent? */
static bool upd_shows(const struct upd *u, const struct wft_service_account *a)
{
	if (a->active != u->active ||
	    strcmp(a->description ? a->description : "", u->description) != 0 ||
	    !same_strv(&u->groups, &a->groups) || a->n_roles != u->roles.n ||
	    a->n_user_groups != u->user_groups.n)
		return false;
	for (size_t i = 0; i < u->roles.n; i++)
		if (!has_role(a, u->roles.items[i]))
			return false;
	for (size_t i = 0; i < u->user_groups.n; i++)
		if (!has_group(a, u->user_groups.items[i]))
			return false;
	return true;
}

static void saved_base(struct ui *ui, struct acct_dialog *d, struct wft_service_account *a)
{
	wft_service_account_clear(&d->base);
	d->base = *a;
	memset(a, 0, sizeof *a);
	fields_from_base(ui, d);
	ui->tokens_stale = true;
}

/* The account read back after an update whose answer was unreadable or
 * missing. */
static void upd_read_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = D(ui);
	struct upd *u = arg;
	enum wft_readback rb = wft_outcome_read(&res->err);
	bool shows = rb == WFT_READ_PRESENT && upd_shows(u, &res->account);
	enum wft_settled v = u->outcome == WFT_OUTCOME_DONE_UNREAD ? WFT_SETTLED_DONE
	                     : wft_outcome_settle(rb, shows);

	if (d && res->err.code != WFT_ERR_CANCELLED) {
		if (v == WFT_SETTLED_DONE && rb == WFT_READ_PRESENT)
			saved_base(ui, d, &res->account);
		if (v == WFT_SETTLED_DONE && u->outcome == WFT_OUTCOME_DONE_UNREAD)
			say(d, TOAST_WARNING, "Saved %s (the server's answer was unreadable: %s).",
			    d->id, u->first.message);
		else if (v == WFT_SETTLED_DONE)
			say(d, TOAST_INFO, "Saved %s (read back; the answer was: %s).", d->id,
			    u->first.message);
		else if (v == WFT_SETTLED_NOT_DONE)
			say(d, TOAST_ERROR, "Not saved: %s reads back unchanged (the answer was: %s). "
			    "Your edits are kept.", d->id, u->first.message);
		else
			say(d, TOAST_WARNING, "Perhaps saved: no readable answer came (%s; reading back: "
			    "%s). Your edits are kept; Ctrl-S again tells.", u->first.message,
			    res->err.message);
		ui_notify(ui, PAGE_EVENT_ACCOUNTS_CHANGED);
	}
	upd_free(u);
}

static void update_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = D(ui);
	struct upd *u = arg;
	struct wft_error err;
	struct request *c;
	enum wft_outcome o = wft_outcome_of(&res->err);

	if (!d || res->err.code == WFT_ERR_CANCELLED) {
		if (d)
			say(d, TOAST_WARNING, "Cancelled: the update may or may not have been saved.");
		upd_free(u);
		return;
	}
	if (o == WFT_OUTCOME_DONE_UNREAD || o == WFT_OUTCOME_UNCONFIRMED) {
		u->outcome = o;
		u->first = res->err;
		wft_error_clear(&err);
		if (request_api(ui) && (c = request_new(ui, REQ_ACCOUNTS, upd_read_done, u)) &&
		    request_go(ui, c, wft_api_account(request_api(ui), d->id, request_done, c, &err)))
			return;
		say(d, TOAST_WARNING, "%s: %s. Your edits are kept; Ctrl-S again tells.",
		    o == WFT_OUTCOME_DONE_UNREAD ? "Saved, but the answer was unreadable"
		                                 : "Perhaps saved: no readable answer came",
		    res->err.message);
		upd_free(u);
		ui_notify(ui, PAGE_EVENT_ACCOUNTS_CHANGED);
		return;
	}
	upd_free(u);
	if (res->err.code != WFT_OK) {
		say(d, TOAST_ERROR, "Not saved: %s. Your edits are kept.", res->err.message);
		return;
	}
	saved_base(ui, d, &res->account);
	say(d, TOAST_INFO, "Saved %s.", d->id);
	ui_notify(ui, PAGE_EVENT_ACCOUNTS_CHANGED);
}

/* The write: the fresh account with this dialog's fields; its tokens as the
 * server has them now, so a token generated meanwhile is kept. */
static void write_account(struct ui *ui, struct acct_dialog *d, const struct wft_service_account *fresh)
{
	struct ui_pickers *A = &ui->pickers;
	struct wft_service_account w;
	struct wft_error err;
	char *perms[64];
	struct wft_role roles[64];
	struct wft_user_group groups[64];
	struct request *c;
	size_t np = 0;

	memset(&w, 0, sizeof w);
	memset(roles, 0, sizeof roles);
	memset(groups, 0, sizeof groups);
	w.identifier = fresh->identifier;
	w.active = d->active;
	w.description = (char *)lineedit_text(&d->desc);
	for (size_t i = 0; i < sa_n_permissions && np < 64; i++)
		if (d->perm[i])
			perms[np++] = (char *)sa_permissions[i].id;
	/* Permissions the UI has no box for stay as they are. */
	for (size_t i = 0; i < fresh->groups.n && np < 64; i++)
		if (!sa_permission_label(fresh->groups.items[i]))
			perms[np++] = fresh->groups.items[i];
	w.groups.items = perms;
	w.groups.n = np;
	for (size_t i = 0; i < d->n_role && i < A->roles.n && w.n_roles < 64; i++)
		if (d->role[i])
			roles[w.n_roles++].id = A->roles.items[i].id;
	w.roles = roles;
	for (size_t i = 0; i < d->n_grp && i < A->groups.n && w.n_user_groups < 64; i++)
		if (d->grp[i] || is_fixed_group(&A->groups.items[i]))
			groups[w.n_user_groups++].id = A->groups.items[i].id;
	w.user_groups = groups;
	w.tokens = fresh->tokens;
	w.n_tokens = fresh->n_tokens;
	struct upd *u = calloc(1, sizeof *u);
	char *ids[64];
	bool ok = u != NULL;
	if (ok) {
		u->active = w.active;
		ok = (u->description = strdup(w.description ? w.description : "")) &&
		     strv_copy(&u->groups, w.groups.items, w.groups.n);
		for (size_t i = 0; i < w.n_roles; i++)
			ids[i] = w.roles[i].id;
		ok = ok && strv_copy(&u->roles, ids, w.n_roles);
		for (size_t i = 0; i < w.n_user_groups; i++)
			ids[i] = w.user_groups[i].id;
		ok = ok && strv_copy(&u->user_groups, ids, w.n_user_groups);
	}
	if (!ok || !(c = request_new(ui, REQ_ACCOUNTS, update_done, u))) {
		upd_free(u);
		say(d, TOAST_ERROR, "Not saved: out of memory");
		return;
	}
	if (!request_go(ui, c, wft_api_update_account(request_api(ui), &w, request_done, c, &err))) {
		upd_free(u);
		say(d, TOAST_ERROR, "Not saved: %s", err.message);
	}
}

static void reread_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = D(ui);

	(void)arg;
	if (!d || res->err.code == WFT_ERR_CANCELLED)
		return;
	if (res->err.code != WFT_OK) {
		say(d, TOAST_ERROR, "Not saved: could not read %s again: %s", d->id, res->err.message);
		return;
	}
	if (changed_meanwhile(&d->base, &res->account)) {
		d->conflict = true;
		say(d, TOAST_ERROR, "Not saved: %s was changed on the server since you opened it. "
		    "r reloads it (your edits are dropped); Esc keeps your edits.", d->id);
		return;
	}
	write_account(ui, d, &res->account);
}

static void start_update(struct ui *ui, struct acct_dialog *d)
{
	struct wft_error err;
	struct request *c;

	/* A description as the server has it is sent back untouched, even one
	 * this console would refuse: only a typed one is checked. */
	if (strcmp(lineedit_text(&d->desc), d->base.description ? d->base.description : "") != 0 &&
	    sa_check_description(lineedit_text(&d->desc), &err) != WFT_OK) {
		say(d, TOAST_ERROR, "%s", err.message);
		return;
	}
	if (!(c = request_new(ui, REQ_ACCOUNTS, reread_done, NULL)) || !request_api(ui) ||
	    !request_go(ui, c, wft_api_account(request_api(ui), d->id, request_done, c, &err))) {
		say(d, TOAST_ERROR, "Not saved: %s", c ? err.message : "out of memory");
		return;
	}
	say(d, TOAST_INFO, "Saving...");
}

/* ---- opening, loading ---------------------------------------------------------- */

static void loaded(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = D(ui);

	(void)arg;
	if (!d)
		return;
	if (res->err.code != WFT_OK) {
		if (res->err.code != WFT_ERR_CANCELLED)
			ui_toast(ui, TOAST_ERROR, "Could not open %s: %s", d->id, res->err.message);
		dialog_close(ui);
		return;
	}
	wft_service_account_clear(&d->base);
	d->base = res->account;
	memset(&res->account, 0, sizeof res->account);
	d->loading = false;
	pickers_fit(ui, d);
	fields_from_base(ui, d);
	if (d->generate_on_open) {
		d->generate_on_open = false;
		if (ui->read_only)
			say(d, TOAST_WARNING, "Read-only: tokens cannot be generated.");
		else if (d->base.n_tokens >= WFT_MAX_TOKENS_PER_ACCOUNT)
			limit_message(ui, d, false);
		else {
			lineedit_clear(&d->edit);
			d->editing = ED_GENERATE;
		}
	}
}

static void pickers_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct ui_pickers *A = &ui->pickers;
	struct acct_dialog *d = D(ui);

	if (res->err.code != WFT_OK) {
		if (d && res->err.code != WFT_ERR_CANCELLED)
			say(d, TOAST_WARNING, "The %s list is unavailable: %s", arg ? "role" : "group",
			    res->err.message);
		return;
	}
	if (arg) {
		wft_role_list_clear(&A->roles);
		A->roles = res->roles;
		memset(&res->roles, 0, sizeof res->roles);
	} else {
		wft_group_list_clear(&A->groups);
		A->groups = res->groups;
		memset(&res->groups, 0, sizeof res->groups);
	}
	A->loaded = true;
	if (d && !d->loading && !d->is_new && pickers_fit(ui, d)) {
		bool dirty = d->dirty;
		/* Fresh boxes from what was read; edits to other fields stay. */
		for (size_t i = 0; i < d->n_grp; i++)
			d->grp[i] = has_group(&d->base, A->groups.items[i].id);
		for (size_t i = 0; i < d->n_role; i++)
			d->role[i] = has_role(&d->base, A->roles.items[i].id);
		d->dirty = dirty;
	}
}

static struct acct_dialog *dialog_new(struct ui *ui)
{
	struct acct_dialog *d;

	if (D(ui))
		dialog_close(ui);
	if (!(d = calloc(1, sizeof *d)))
		return NULL;
	lineedit_init(&d->desc);
	lineedit_init(&d->name);
	lineedit_init(&d->firstname);
	lineedit_init(&d->edit);
	d->confirm_revoke = -1;
	if (!overlay_push(&ui->overlays, &dialog_ops, d))
		return NULL;    /* freed by the push */
	return d;
}

static void load_pickers(struct ui *ui)
{
	struct ui_pickers *A = &ui->pickers;
	struct wft_error err;
	struct request *c;

	if (A->loaded || !request_api(ui))
		return;
	if ((c = request_new(ui, REQ_ACCOUNTS, pickers_done, (void *)1)))
		request_go(ui, c, wft_api_roles(request_api(ui), 0, 1000, request_done, c, &err));
	if ((c = request_new(ui, REQ_ACCOUNTS, pickers_done, NULL)))
		request_go(ui, c, wft_api_groups(request_api(ui), 0, 1000, request_done, c, &err));
}

void dialog_open(struct ui *ui, const char *id, bool generate)
{
	struct acct_dialog *d = dialog_new(ui);
	struct wft_error err;
	struct request *c;

	if (!d) {
		ui_toast(ui, TOAST_ERROR, "Out of memory.");
		return;
	}
	snprintf(d->id, sizeof d->id, "%s", id);
	d->loading = true;
	d->generate_on_open = generate;
	load_pickers(ui);
	if (!(c = request_new(ui, REQ_ACCOUNTS, loaded, NULL)) || !request_api(ui) ||
	    !request_go(ui, c, wft_api_account(request_api(ui), id, request_done, c, &err))) {
		ui_toast(ui, TOAST_ERROR, "Could not open %s.", id);
		dialog_close(ui);
	}
}

void dialog_open_new(struct ui *ui)
{
	struct acct_dialog *d = dialog_new(ui);

	if (!d) {
		ui_toast(ui, TOAST_ERROR, "Out of memory.");
		return;
	}
	d->is_new = true;
	d->first_token = true;
	d->active = true;
	d->editing = ED_NAME;  /* straight into the name */
	lineedit_clear(&d->edit);
}

void dialog_close(struct ui *ui)
{
	struct acct_dialog *d = D(ui);

	if (d)
		overlay_remove(&ui->overlays, d);   /* runs dialog_free */
}

static void dialog_free(void *data)
{
	struct acct_dialog *d = data;

	wft_service_account_clear(&d->base);
	lineedit_free(&d->desc);
	lineedit_free(&d->name);
	lineedit_free(&d->firstname);
	lineedit_free(&d->edit);
	free(d->grp);
	free(d->role);
	free(d);
	clearok(curscr, TRUE);
}

/* ---- creating ------------------------------------------------------------------------ */

struct create_arg {
	char token[37];        /* the first token, made here (as the web UI does) */
	char name[SA_TOKEN_NAME_MAX + 1];
	char ident[SA_ID_MAX + 8];
	enum wft_outcome outcome;  /* of the create's own answer, while read back */
	struct wft_error first;
};

static void first_rename_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = D(ui);

	(void)arg;
	if (!d || res->err.code == WFT_ERR_CANCELLED)
		return;
	switch (wft_outcome_of(&res->err)) {
	case WFT_OUTCOME_REFUSED:
		say(d, TOAST_WARNING, "Created, but the first token keeps no name: %s",
		    res->err.message);
		return;
	case WFT_OUTCOME_UNCONFIRMED:
		/* The list read again shows the name the token has. */
		say(d, TOAST_WARNING, "Created; the first token's name is not confirmed (%s).",
		    res->err.message);
		break;
	case WFT_OUTCOME_DONE:
	case WFT_OUTCOME_DONE_UNREAD:
		break;
	}
	reload_tokens(ui, d);
}

/* The dialog becomes the Edit dialog of the account a (taken). */
static void created(struct ui *ui, struct acct_dialog *d, struct wft_service_account *a,
                    struct create_arg *ca, const char *note)
{
	/* A read-back (note) hands over the first token only if it is listed. */
	struct wft_error err;
	bool has_token = false;

	d->is_new = false;
	snprintf(d->id, sizeof d->id, "%s", a->identifier);
	wft_service_account_clear(&d->base);
	d->base = *a;
	memset(a, 0, sizeof *a);
	pickers_fit(ui, d);
	fields_from_base(ui, d);
	d->cur = 0;
	ui->tokens_stale = true;
	say(d, note ? TOAST_WARNING : TOAST_INFO, "Created %s%s%s.", d->id, note ? " " : "",
	    note ? note : "");
	for (size_t i = 0; ca->token[0] && i < d->base.n_tokens; i++)
		if (d->base.tokens[i].id && strcmp(d->base.tokens[i].id, ca->token) == 0)
			has_token = true;
	if (ca->token[0] && (has_token || !note)) {
		struct request *c;
		if (ca->name[0] && (c = request_new(ui, REQ_ACCOUNTS, first_rename_done, NULL)))
			request_go(ui, c, wft_api_rename_account_token(request_api(ui), d->id, ca->token,
			                                             ca->name, request_done, c, &err));
		newtoken_open(ui, d->id, ca->token, ca->name);
	}
}

static void create_arg_free(struct create_arg *ca)
{
	wft_wipe(ca, sizeof *ca);
	free(ca);
}

/* The account read back after a create whose answer was unreadable or
 * missing. */
static void create_read_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = D(ui);
	struct create_arg *ca = arg;
	enum wft_readback rb = wft_outcome_read(&res->err);
	enum wft_settled v = ca->outcome == WFT_OUTCOME_DONE_UNREAD && rb != WFT_READ_ABSENT
	                     ? WFT_SETTLED_DONE : wft_outcome_settle(rb, rb == WFT_READ_PRESENT);
	char note[sizeof ca->first.message + 64];

	if (d && d->is_new && res->err.code != WFT_ERR_CANCELLED) {
		snprintf(note, sizeof note, "(%s: %.400s)",
		         ca->outcome == WFT_OUTCOME_DONE_UNREAD ? "the server's answer was unreadable"
		                                                : "read back; the answer was",
		         ca->first.message);
		if (v == WFT_SETTLED_DONE && rb == WFT_READ_PRESENT) {
			created(ui, d, &res->account, ca, note);
		} else if (v == WFT_SETTLED_DONE) {
			say(d, TOAST_WARNING, "Created %s (the answer was unreadable: %s); the list is "
			    "read again.", ca->ident, ca->first.message);
		} else if (v == WFT_SETTLED_NOT_DONE) {
			say(d, TOAST_ERROR, "Not created: %s does not exist (the answer was: %s).",
			    ca->ident, ca->first.message);
		} else {
			say(d, TOAST_WARNING, "The account may have been created, but no readable "
			    "answer came (%s; reading back: %s). The list is read again.",
			    ca->first.message, res->err.message);
		}
		ui_notify(ui, PAGE_EVENT_ACCOUNTS_CHANGED);
	}
	create_arg_free(ca);
}

static void create_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct acct_dialog *d = D(ui);
	struct create_arg *ca = arg;
	struct wft_error err;
	struct request *c;
	enum wft_outcome o = wft_outcome_of(&res->err);

	if (!d || res->err.code == WFT_ERR_CANCELLED) {
		if (d)
			say(d, TOAST_WARNING, "Cancelled: the account may have been created anyway.");
		goto out;
	}
	if (o == WFT_OUTCOME_DONE_UNREAD || o == WFT_OUTCOME_UNCONFIRMED) {
		ca->outcome = o;
		ca->first = res->err;
		wft_error_clear(&err);
		if (request_api(ui) && (c = request_new(ui, REQ_ACCOUNTS, create_read_done, ca)) &&
		    request_go(ui, c, wft_api_account(request_api(ui), ca->ident, request_done, c, &err)))
			return;
		say(d, TOAST_WARNING, "The account may have been created, but no readable answer "
		    "came (%s). The list is read again.", res->err.message);
		ui_notify(ui, PAGE_EVENT_ACCOUNTS_CHANGED);
		goto out;
	}
	if (res->err.code != WFT_OK) {
		/* The dialog stays, with what was typed. */
		if (res->err.http_status == 409)
			say(d, TOAST_ERROR, "%s already exists (identifiers are stored in lower "
			    "case): choose another name.", ca->ident);
		else
			say(d, TOAST_ERROR, "Not created: %s", res->err.message);
		goto out;
	}
	created(ui, d, &res->account, ca, NULL);
out:
	create_arg_free(ca);
}

static void start_create(struct ui *ui, struct acct_dialog *d)
{
	struct wft_service_account w;
	struct wft_token tok;
	struct wft_error err;
	struct create_arg *ca;
	struct request *c;
	char ident[SA_ID_MAX + 8];
	const char *name = lineedit_text(&d->name);

	/* The identifier as the service stores it (lower case), so what is
	 * said and looked up afterwards is the account's real id. */
	if (sa_identifier(name, ident, sizeof ident, &err) != WFT_OK ||
	    sa_check_description(lineedit_text(&d->desc), &err) != WFT_OK ||
	    (d->first_token && sa_check_token_name(lineedit_text(&d->firstname), &err) != WFT_OK)) {
		say(d, TOAST_ERROR, "%s", err.message);
		return;
	}
	if (!(ca = calloc(1, sizeof *ca))) {
		say(d, TOAST_ERROR, "Out of memory.");
		return;
	}
	/* The first token goes in the same request: the account is never
	 * created half (doc/api.md 3.2: tokens on create). */
	if (d->first_token && wft_uuid_random(ca->token) != 0) {
		free(ca);
		say(d, TOAST_ERROR, "No randomness for the first token: %s", strerror(errno));
		return;
	}
	snprintf(ca->name, sizeof ca->name, "%s", d->first_token ? lineedit_text(&d->firstname) : "");
	snprintf(ca->ident, sizeof ca->ident, "%s", ident);
	memset(&w, 0, sizeof w);
	memset(&tok, 0, sizeof tok);
	w.identifier = ident;
	w.active = true;
	w.description = (char *)lineedit_text(&d->desc);
	if (ca->token[0]) {
		tok.id = ca->token;
		w.tokens = &tok;
		w.n_tokens = 1;
	}
	if (!(c = request_new(ui, REQ_ACCOUNTS, create_done, ca)) || !request_api(ui) ||
	    !request_go(ui, c, wft_api_create_account(request_api(ui), &w, request_done, c, &err))) {
		say(d, TOAST_ERROR, "Not created: %s", c ? err.message : "out of memory");
		wft_wipe(ca, sizeof *ca);
		free(ca);
		return;
	}
	say(d, TOAST_INFO, "Creating %s...", ident);
}

/* ---- drawing ---------------------------------------------------------------------- */

static void row_text(struct ui *ui, struct acct_dialog *d, const struct row *r, char *out, size_t n)
{
	struct ui_pickers *A = &ui->pickers;
	static const char *const titles[] = { "TOKENS", "GROUPS", "ROLES", "PERMISSIONS" };
	char m[WFT_MASK_SIZE], rel[32], lim[64];
	wft_millis now = ui->clock ? ui->clock(ui->clock_ud) : wft_clock_real(NULL);

	switch (r->kind) {
	case R_TITLE:
		if (d->is_new)
			snprintf(out, n, "TOKENS");
		else
			snprintf(out, n, "%s", titles[r->i]);
		break;
	case R_ACTIVE:
		snprintf(out, n, "Account ID  %s   [%c] Active", d->id, d->active ? 'x' : ' ');
		break;
	case R_NAME:
		snprintf(out, n, "Account ID  sa::%s", lineedit_text(&d->name));
		break;
	case R_DESC:
		snprintf(out, n, "Description %s", lineedit_text(&d->desc));
		break;
	case R_GENERATE:
		acct_limit_text(d->base.n_tokens, lim, sizeof lim);
		snprintf(out, n, "[g Generate]  %s", lim);
		break;
	case R_TOKEN: {
		const struct wft_token *t = &d->base.tokens[r->i];
		char name[64];
		tw_fit(*t->name ? t->name : "(no name)", 30, 1, name, sizeof name);
		snprintf(out, n, "  %s  %s  last used %s", wft_mask_id(t->id, m, sizeof m), name,
		         timefmt_relative(t->last_used, now, rel, sizeof rel));
		break;
	}
	case R_GROUP: {
		const struct wft_user_group *g = &A->groups.items[r->i];
		snprintf(out, n, "  [%c] %s%s", d->grp[r->i] || is_fixed_group(g) ? 'x' : ' ',
		         g->name ? g->name : g->id, is_fixed_group(g) ? " (always)" : "");
		break;
	}
	case R_ROLE:
		snprintf(out, n, "  [%c] %s", d->role[r->i] ? 'x' : ' ',
		         A->roles.items[r->i].name ? A->roles.items[r->i].name : A->roles.items[r->i].id);
		break;
	case R_PERM:
		snprintf(out, n, "  [%c] %s", d->perm[r->i] ? 'x' : ' ', sa_permissions[r->i].label);
		break;
	case R_FIRST:
		snprintf(out, n, "  [%c] Generate a first token", d->first_token ? 'x' : ' ');
		break;
	case R_FIRSTNAME:
		snprintf(out, n, "      Name of the first token: %s", lineedit_text(&d->firstname));
		break;
	case R_CREATE:
		snprintf(out, n, "[ Create (Ctrl-S) ]");
		break;
	}
}

static const char *edit_label(struct acct_dialog *d)
{
	switch (d->editing) {
	case ED_DESC: return "Description: ";
	case ED_NAME: return "Account ID: sa::";
	case ED_FIRSTNAME: return "Name of the first token: ";
	case ED_RENAME: return "New name: ";
	case ED_GENERATE: return "Name of the new token (Enter generates): ";
	default: return "";
	}
}

/* The rows from d->top, body of them, the selected one in sight. */
static void draw_rows(struct ui *ui, struct acct_dialog *d, const struct row *r, size_t n,
                      int y, int w, int body)
{
	attr_t da = ui_attr(THEME_DIALOG);
	char line[1200];
	int x = 0;

	if (d->cur < d->top)
		d->top = d->cur;
	if (body > 0 && d->cur >= d->top + body)
		d->top = d->cur - body + 1;
	for (int k = 0; k < body && d->top + k < (int)n; k++) {
		const struct row *rr = &r[d->top + k];
		bool sel = d->top + k == d->cur;
		attr_t a = rr->kind == R_TITLE ? ui_attr(THEME_SIDE_PANEL_TITLE)
		         : sel ? ui_attr(THEME_SELECTED_ROW) : da;
		row_text(ui, d, rr, line, sizeof line);
		wg_text(y + 1 + k, x + 1, 1, sel ? ">" : " ", da);
		wg_text(y + 1 + k, x + 2, w - 4, line, a);
		if (rr->kind == R_TOKEN && d->confirm_revoke == rr->i)
			wg_text(y + 1 + k, x + w - 12, 10, "revoke?", ui_attr(THEME_WARNING));
	}
	if ((int)n > body) {
		snprintf(line, sizeof line, " %d-%d of %zu ", d->top + 1,
		         d->top + body < (int)n ? d->top + body : (int)n, n);
		/* on the box's bottom line (the box is body + 6 rows high) */
		wg_text(y + body + 5, x + w - (int)strlen(line) - 2, (int)strlen(line), line,
		        ui_attr(THEME_BORDER));
	}
}

/* The dialog's message on rows y and y + 1: two lines, as bad news must
 * be read whole. */
static void draw_message(const struct acct_dialog *d, int y, int x, int w)
{
	attr_t da = ui_attr(THEME_DIALOG);

	attrset(da);
	mvhline(y, x + 1, ' ', w - 2);
	mvhline(y + 1, x + 1, ' ', w - 2);
	if (d->msg[0]) {
		attr_t ma = d->msg_kind == TOAST_ERROR ? ui_attr(THEME_ERROR)
		          : d->msg_kind == TOAST_WARNING ? ui_attr(THEME_WARNING) : ui_attr(THEME_INFO);
		size_t len = strlen(d->msg);
		int cols = w - 4;
		char first[700];
		size_t cut = len;
		if (tw_width(d->msg) > cols) {
			/* Break at the last space that fits. */
			cut = 0;
			for (size_t i = 0; i < len; i++)
				if (d->msg[i] == ' ' && tw_width_n(d->msg, i) <= cols)
					cut = i;
			if (cut == 0)
				cut = len;
		}
		snprintf(first, sizeof first, "%.*s", (int)cut, d->msg);
		wg_text(y, x + 2, cols, first, ma);
		if (cut < len)
			wg_text(y + 1, x + 2, cols, d->msg + cut + 1, ma);
	}
}

static void dialog_draw(struct ui *ui, void *data)
{
	struct acct_dialog *d = data;
	int x = 0, y = 1, w = ui->cols, h = ui->lines - 2;
	int body = h - 6;   /* rows for the list */
	size_t n;
	struct row *r;
	char title[SA_ID_MAX + 64], line[1200];
	attr_t da = ui_attr(THEME_DIALOG);
	int cx = -1, cy = -1;

	if (!d)
		return;
	if (d->is_new)
		snprintf(title, sizeof title, "New Service Account");
	else
		snprintf(title, sizeof title, "%s Service Account %s%s", ui->read_only ? "View" : "Edit",
		         d->id, d->dirty ? " (unsaved changes)" : "");
	wg_box(ui_style(), y, x, h, w, title);
	r = rows_all(ui, d, &n);
	if (d->loading) {
		wg_text(y + 2, x + 2, w - 4, "Loading...", da);
	}
	draw_rows(ui, d, r, n, y, w, body);
	/* The line of the edit in progress, a confirmation, or the hints. */
	int ey = y + h - 5;
	attrset(da);
	mvhline(ey, x + 1, ' ', w - 2);
	if (d->editing != ED_NONE) {
		const char *lab = edit_label(d);
		wg_text(ey, x + 2, tw_width(lab), lab, ui_attr(THEME_PROMPT));
		int lx = x + 2 + tw_width(lab);
		wg_text(ey, lx, w - 4 - tw_width(lab), lineedit_text(&d->edit), ui_attr(THEME_PROMPT));
		cx = lx + lineedit_cursor_col(&d->edit);
		cy = ey;
	} else if (d->confirm_revoke >= 0 && (size_t)d->confirm_revoke < d->base.n_tokens) {
		const struct wft_token *t = &d->base.tokens[d->confirm_revoke];
		char m[WFT_MASK_SIZE];
		snprintf(line, sizeof line, "y revoke  n No (default): revoke %s (%s)? It cannot be "
		         "undone; scripts using it get authorization errors.",
		         wft_mask_id(t->id, m, sizeof m), *t->name ? t->name : "no name");
		wg_text(ey, x + 2, w - 4, line, ui_attr(THEME_WARNING));
	}
	draw_message(d, ey + 1, x, w);
	const char *hint = d->is_new ? "Enter edit/toggle  Ctrl-S create  Esc cancel"
	                 : d->conflict ? "r reload from the server  Esc keep my edits"
	                 : ui->read_only ? "Up/Down move  Tab section  Esc close  (read-only)"
	                 : "Enter edit/toggle/rename  g generate  d revoke  Ctrl-S update  Esc close";
	wg_text(y + h - 2, x + 2, w - 4, hint, da | ui_attr(THEME_KEY_HINT));
	if (cy >= 0) {
		move(cy, cx < ui->cols ? cx : ui->cols - 1);
		curs_set(1);
	} else {
		curs_set(0);
	}
}

/* ---- keys -------------------------------------------------------------------------- */

static bool refuse_read_only(struct ui *ui, struct acct_dialog *d)
{
	if (!ui->read_only)
		return false;
	say(d, TOAST_WARNING, "Read-only: nothing can be changed (started with --read-only).");
	return true;
}

static void begin_edit(struct acct_dialog *d, enum edit_kind k, const char *text)
{
	d->editing = k;
	lineedit_set(&d->edit, text);
}

static void edit_commit(struct ui *ui, struct acct_dialog *d)
{
	struct wft_error err;
	const char *t = lineedit_text(&d->edit);

	switch (d->editing) {
	case ED_DESC:
		if (sa_check_description(t, &err) != WFT_OK) {
			say(d, TOAST_ERROR, "%s", err.message);
			return;
		}
		if (strcmp(t, lineedit_text(&d->desc)) != 0) {
			lineedit_set(&d->desc, t);
			d->dirty = !d->is_new;
		}
		d->editing = ED_NONE;
		break;
	case ED_NAME:
		/* Checked as typed is left: the message says what is wrong. */
		lineedit_set(&d->name, t);
		d->editing = ED_NONE;
		if (*t && sa_check_name(t, &err) != WFT_OK)
			say(d, TOAST_ERROR, "%s", err.message);
		else
			d->msg[0] = '\0';
		break;
	case ED_FIRSTNAME:
		lineedit_set(&d->firstname, t);
		d->editing = ED_NONE;
		if (sa_check_token_name(t, &err) != WFT_OK)
			say(d, TOAST_ERROR, "%s", err.message);
		break;
	case ED_RENAME:
		start_rename(ui, d);
		break;
	case ED_GENERATE:
		start_generate(ui, d);
		break;
	default:
		break;
	}
}

static void toggle_row(struct ui *ui, struct acct_dialog *d, const struct row *r)
{
	struct ui_pickers *A = &ui->pickers;

	if (r->kind == R_FIRST) {
		d->first_token = !d->first_token;
		return;
	}
	if (refuse_read_only(ui, d))
		return;
	switch (r->kind) {
	case R_ACTIVE: d->active = !d->active; break;
	case R_PERM: d->perm[r->i] = !d->perm[r->i]; break;
	case R_ROLE: d->role[r->i] = !d->role[r->i]; break;
	case R_GROUP:
		if (is_fixed_group(&A->groups.items[r->i])) {
			say(d, TOAST_INFO, "Every service account stays in the Service Accounts group.");
			return;
		}
		d->grp[r->i] = !d->grp[r->i];
		break;
	default:
		return;
	}
	d->dirty = true;
	d->warned = false;
}

static void activate_row(struct ui *ui, struct acct_dialog *d, const struct row *r)
{
	switch (r->kind) {
	case R_DESC:
		if (!refuse_read_only(ui, d))
			begin_edit(d, ED_DESC, lineedit_text(&d->desc));
		break;
	case R_NAME: begin_edit(d, ED_NAME, lineedit_text(&d->name)); break;
	case R_FIRSTNAME: begin_edit(d, ED_FIRSTNAME, lineedit_text(&d->firstname)); break;
	case R_CREATE: start_create(ui, d); break;
	case R_GENERATE:
		if (!refuse_read_only(ui, d)) {
			if (d->base.n_tokens >= WFT_MAX_TOKENS_PER_ACCOUNT)
				limit_message(ui, d, false);
			else
				begin_edit(d, ED_GENERATE, "");
		}
		break;
	case R_TOKEN:
		if (!refuse_read_only(ui, d)) {
			d->edit_token = r->i;
			begin_edit(d, ED_RENAME, d->base.tokens[r->i].name);
		}
		break;
	default:
		toggle_row(ui, d, r);
		break;
	}
}

/* A key while a request runs, a field is edited, or a question is up
 * (revoke a token, an update's conflict); -1 when none of these is. */
static int substate_key(struct ui *ui, struct acct_dialog *d, int key)
{
	if (request_pending(ui, REQ_ACCOUNTS)) {
		/* One thing at a time; Esc cancels what runs. */
		if (key == KEY_ESC) {
			request_cancel_all(ui, REQ_ACCOUNTS);
			if ((d = D(ui)) && !d->msg[0])
				say(d, TOAST_WARNING, "Cancelled.");
		}
		return UI_HANDLED;
	}
	if (d->editing != ED_NONE) {
		if (key == '\n')
			edit_commit(ui, d);
		else if (key == KEY_ESC) {
			d->editing = ED_NONE;
			if (d->is_new && !*lineedit_text(&d->name))
				d->msg[0] = '\0';
		} else
			keys_edit_line(&d->edit, key);
		return UI_HANDLED;
	}
	if (d->confirm_revoke >= 0) {
		if (wg_confirm_key(key) == WG_YES)
			revoke_token(ui, d, d->confirm_revoke);
		else if (wg_confirm_key(key) == WG_NO) {
			d->confirm_revoke = -1;
			say(d, TOAST_INFO, "Nothing was revoked.");
		}
		return UI_HANDLED;
	}
	if (d->conflict) {
		if (key == 'r') {
			struct wft_error err;
			struct request *c = request_new(ui, REQ_ACCOUNTS, loaded, NULL);
			d->conflict = false;
			d->loading = true;
			say(d, TOAST_INFO, "Reloaded %s from the server; your edits were dropped.", d->id);
			if (!c || !request_go(ui, c, wft_api_account(request_api(ui), d->id, request_done, c, &err)))
				say(d, TOAST_ERROR, "Could not reload %s.", d->id);
			return UI_HANDLED;
		}
		if (key == KEY_ESC) {
			d->conflict = false;
			say(d, TOAST_WARNING, "Your edits are kept, not saved. Ctrl-S checks again.");
			return UI_HANDLED;
		}
		return UI_HANDLED;
	}
	return -1;
}

/* A key on the dialog's rows: move, open or toggle a row, generate,
 * rename or revoke a token, save (Ctrl-S), reload (Ctrl-R), close. */
static int rows_key(struct ui *ui, struct acct_dialog *d, int key)
{
	size_t n;
	struct row *r;

	r = rows_all(ui, d, &n);
	const struct row *cur = n ? &r[d->cur] : NULL;
	switch (key) {
	case KEY_ESC:
	case 'q':
		if (d->dirty && !d->warned) {
			d->warned = true;
			say(d, TOAST_WARNING, "Unsaved changes: Ctrl-S saves them; Esc again closes "
			    "without saving.");
			return UI_HANDLED;
		}
		dialog_close(ui);
		/* The page in front shows what changed. */
		ui_notify(ui, PAGE_EVENT_DIALOG_CLOSED);
		return UI_HANDLED | UI_RELAYOUT;
	case KEYF(KEY_UP): case 'k': move_cur(ui, d, -1); break;
	case KEYF(KEY_DOWN): case 'j': move_cur(ui, d, 1); break;
	case KEYF(KEY_PPAGE): move_cur(ui, d, -10); break;
	case KEYF(KEY_NPAGE): move_cur(ui, d, 10); break;
	case KEYF(KEY_HOME): d->cur = 0; break;
	case KEYF(KEY_END): move_cur(ui, d, 10000); break;
	case '\t': next_section(ui, d, 1); break;
	case KEYF(KEY_BTAB): next_section(ui, d, -1); break;
	case '\n':
		if (cur)
			activate_row(ui, d, cur);
		break;
	case ' ':
		if (cur)
			toggle_row(ui, d, cur);
		break;
	case 'g':
		if (d->is_new || refuse_read_only(ui, d))
			break;
		if (d->base.n_tokens >= WFT_MAX_TOKENS_PER_ACCOUNT)
			limit_message(ui, d, false);
		else
			begin_edit(d, ED_GENERATE, "");
		break;
	case 'r':
		if (cur && cur->kind == R_TOKEN && !refuse_read_only(ui, d)) {
			d->edit_token = cur->i;
			begin_edit(d, ED_RENAME, d->base.tokens[cur->i].name);
		}
		break;
	case 'd':
	case KEYF(KEY_DC):
		if (cur && cur->kind == R_TOKEN && !refuse_read_only(ui, d))
			d->confirm_revoke = cur->i;
		break;
	case KEY_CTRL('s'):
		if (refuse_read_only(ui, d))
			break;
		if (d->is_new)
			start_create(ui, d);
		else if (!d->loading)
			start_update(ui, d);
		break;
	case KEY_CTRL('r'):
		if (!d->is_new && !d->dirty)
			reload_tokens(ui, d);
		break;
	default:
		break;
	}
	return UI_HANDLED;
}

static int dialog_key(struct ui *ui, void *data, int key)
{
	struct acct_dialog *d = D(ui);
	int r;

	(void)data;
	if (!d)
		return 0;
	if ((r = substate_key(ui, d, key)) >= 0)
		return r;
	return rows_key(ui, d, key);
}

/* Every key is the dialog's while it is up. */
static int dialog_key_all(struct ui *ui, void *data, int key)
{
	return dialog_key(ui, data, key) | UI_HANDLED;
}

static const struct overlay_ops dialog_ops = { "account-dialog", dialog_draw, dialog_key_all,
                                               dialog_free };
