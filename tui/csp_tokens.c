/* csp_tokens.c: the VMware Cloud tab's tokens: a new CSP API token for
 * yourself (roles and TTL, handed over once), and the organisation
 * owner's deactivate and activate of the tokens whose ids are entered,
 * sent in batches of 15, with the result of every id (masked). No API
 * lists the organisation's tokens (doc/csp.md): the owner enters the ids. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curses.h>

#include "accounts.h"
#include "csp_form.h"
#include "csp_page_state.h"
#include "journal.h"
#include "keys.h"
#include "mask.h"
#include "outcome.h"

#define TTL_DAYS_MAX (5 * 365)
#define IDS_MAX 500

/* ---- a new CSP API token ---------------------------------------------------------------- */

static void generate_done(struct ui *ui, struct csp_api_result *res, void *arg)
{
	struct csp_change *x = arg;
	char msg[2048], about[400];

	switch (wft_outcome_of(&res->err)) {
	case WFT_OUTCOME_DONE:
		snprintf(about, sizeof about, "Name: %s   TTL: %s", x->name, x->more);
		snprintf(msg, sizeof msg, "Generated the CSP API token %s; it is shown once.", x->name);
		csp_change_end(ui, x, NULL, WFT_SETTLED_DONE, TOAST_INFO, msg);
		newtoken_open_secret(ui, "New CSP API token", about, "CSP API token", res->api_token);
		break;
	case WFT_OUTCOME_DONE_UNREAD:
		snprintf(msg, sizeof msg, "Generated %s, but the answer could not be read (%s): its "
		         "value is lost; generate another.", x->name, res->err.message);
		csp_change_end(ui, x, &res->err, WFT_SETTLED_DONE, TOAST_WARNING, msg);
		break;
	case WFT_OUTCOME_REFUSED:
		snprintf(msg, sizeof msg, "Not generated: %s", res->err.message);
		csp_change_end(ui, x, &res->err, WFT_SETTLED_NOT_DONE, TOAST_ERROR, msg);
		break;
	case WFT_OUTCOME_UNCONFIRMED:
		/* No API lists your tokens: nothing can be read back. */
		snprintf(msg, sizeof msg, "Not confirmed whether %s was generated (%s); if it was, "
		         "its value is lost.", x->name, res->err.message);
		csp_change_end(ui, x, &res->err, WFT_SETTLED_UNKNOWN, TOAST_WARNING, msg);
		break;
	}
}

static bool generate_submit(struct ui *ui, struct csp_form *f)
{
	struct csp_token_request rq = { csp_form_value(f, 0), NULL, 0, NULL, true };
	struct csp_scopes scopes;
	struct csp_change *x;
	struct request *r;
	struct wft_error err;
	long days;

	if (!*rq.name) {
		csp_form_error(f, "The token needs a name.");
		return false;
	}
	if (!csp_form_number(f, 1, 1, TTL_DAYS_MAX, &days) || !csp_form_scopes(f, &scopes))
		return false;
	rq.ttl_s = days * 86400;
	rq.scopes = &scopes;
	if ((x = csp_change_new(ui, "csp-token-generate", NULL, rq.name))) {
		snprintf(x->more, sizeof x->more, "%ld day%s", days, days == 1 ? "" : "s");
		if ((r = csp_request(ui, "Generate", generate_done, x))) {
			wft_error_clear(&err);
			if (!request_go_csp(ui, r, csp_api_generate_token(request_csp(ui), &rq,
			                                                  request_csp_done, r, &err))) {
				char msg[2048];
				snprintf(msg, sizeof msg, "Nothing was sent: %s", err.message);
				csp_change_end(ui, x, &err, WFT_SETTLED_NOT_DONE, TOAST_ERROR, msg);
			}
		} else {
			free(x);
		}
	}
	csp_roles_scopes_free(&scopes);
	return true;
}

void csp_token_generate_open(struct ui *ui, struct csp_page *P)
{
	struct csp_form *f = csp_form_new("New CSP API token (for yourself)", generate_submit);

	if (!f)
		return;
	snprintf(f->note, sizeof f->note, "Choose the fewest roles it needs; it is shown once. "
	         "CSP tells you before it expires.");
	csp_form_text(f, "Name", NULL);
	csp_form_text(f, "TTL (days)", "90");
	csp_form_roles(f, &P->roles);
	csp_form_open(ui, f);
}

/* ---- the organisation's tokens: entering ids ---------------------------------------------- */

struct ids_entry {
	bool deactivate;
	bool asking;                       /* the question before sending */
	struct lineedit line;
	char **ids;
	size_t n;
	char err[300];
};

static void ids_free_list(char **ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		wft_free_secret(ids[i]);
	free(ids);
}

static void ids_entry_free(void *data)
{
	struct ids_entry *E = data;

	ids_free_list(E->ids, E->n);
	lineedit_free(&E->line);
	free(E);
}

static bool id_char(int c)
{
	return isalnum(c) || c == '-' || c == '_';
}

/* Adds the ids of the line (separated by spaces or commas); false with
 * the error said when one is not shaped like an id (it is not echoed: it
 * may be a secret pasted by mistake). */
static bool ids_add_line(struct ids_entry *E, const char *s, int *entry)
{
	while (*s) {
		size_t n, k;
		while (*s == ' ' || *s == ',' || *s == '\t' || *s == ';')
			s++;
		if (!*s)
			break;
		n = strcspn(s, " ,\t;");
		(*entry)++;
		for (k = 0; k < n && id_char((unsigned char)s[k]); k++)
			;
		if (k < n || n > 80) {
			snprintf(E->err, sizeof E->err, "Entry %d is not a token id (letters, digits and "
			         "dashes, as in a UUID): nothing of this line was added.", *entry);
			return false;
		}
		bool dup = false;
		for (size_t i = 0; i < E->n && !dup; i++)
			dup = strlen(E->ids[i]) == n && strncmp(E->ids[i], s, n) == 0;
		if (!dup && E->n < IDS_MAX) {
			char **v = realloc(E->ids, (E->n + 1) * sizeof *v);
			if (!v || !(v[E->n] = strndup(s, n))) {
				E->ids = v ? v : E->ids;
				snprintf(E->err, sizeof E->err, "Out of memory.");
				return false;
			}
			E->ids = v;
			E->n++;
		}
		s += n;
	}
	return true;
}

static void ids_draw(struct ui *ui, void *data)
{
	struct ids_entry *E = data;
	int w = ui->cols - 8 < 80 ? ui->cols - 8 : 80, h = 12;
	int y = (ui->lines - h) / 2, x = (ui->cols - w) / 2;
	attr_t da = ui_attr(THEME_DIALOG);
	const char *verb = E->deactivate ? "Deactivate" : "Activate";
	char line[300], m[WFT_MASK_SIZE];
	size_t batches = (E->n + CSP_API_BATCH_MAX - 1) / CSP_API_BATCH_MAX;

	snprintf(line, sizeof line, "%s organisation API tokens by id", verb);
	wg_box(ui_style(), y, x, h, w, line);
	if (E->asking) {
		snprintf(line, sizeof line, "%s %zu token%s, in %zu request%s of at most %d?", verb, E->n,
		         E->n == 1 ? "" : "s", batches, batches == 1 ? "" : "s", CSP_API_BATCH_MAX);
		wg_text(y + 2, x + 2, w - 4, line, da | A_BOLD);
		wg_text(y + 4, x + 2, w - 4, E->deactivate ? "They stop working at once: scripts that "
		        "use them get authorization errors" : "They work again at once: whoever holds "
		        "one can use it", da);
		wg_text(y + 5, x + 2, w - 4, E->deactivate ? "until they are activated again." : "with its roles.", da);
		wg_confirm_buttons(ui_style(), y + 8, x + 2, E->deactivate ? "y Deactivate" : "y Activate");
		curs_set(0);
		return;
	}
	wg_text(y + 2, x + 2, w - 4, "Enter or paste ids, separated by spaces, commas or new lines.",
	        da);
	wg_text(y + 3, x + 2, w - 4, "Enter adds the line; Enter on an empty line goes on.", da);
	snprintf(line, sizeof line, "%zu id%s so far%s%s", E->n, E->n == 1 ? "" : "s",
	         E->n ? ", the last " : "", E->n ? wft_mask_id(E->ids[E->n - 1], m, sizeof m) : "");
	wg_text(y + 5, x + 2, w - 4, line, da);
	wg_text(y + 7, x + 2, w - 4, E->err, ui_attr(THEME_ERROR));
	wg_text(y + h - 2, x + 2, w - 4, "Enter add / go on   Esc cancel", da | ui_attr(THEME_KEY_HINT));
	wg_text(y + 8, x + 2, 5, "Ids: ", da);
	wg_text(y + 8, x + 7, w - 9, lineedit_text(&E->line), ui_attr(THEME_PROMPT));
	{
		int cx = x + 7 + lineedit_cursor_col(&E->line);
		move(y + 8, cx < x + w - 2 ? cx : x + w - 3);
	}
	curs_set(1);
}

static void org_send(struct ui *ui, struct ids_entry *E);

static int ids_key(struct ui *ui, void *data, int key)
{
	struct ids_entry *E = data;
	int entry = 0;

	if (E->asking) {
		enum wg_answer ans = wg_confirm_key(key);
		if (ans == WG_YES)
			org_send(ui, E);
		else if (ans == WG_NO)
			ui_toast(ui, TOAST_INFO, "Nothing was changed.");
		return ans == WG_UNANSWERED ? UI_HANDLED : UI_HANDLED | OVERLAY_CLOSE;
	}
	if (key == KEY_ESC) {
		ui_toast(ui, TOAST_INFO, "Nothing was changed.");
		return UI_HANDLED | OVERLAY_CLOSE;
	}
	if (key != '\n') {
		keys_edit_line(&E->line, key);
		return UI_HANDLED;
	}
	E->err[0] = '\0';
	if (*lineedit_text(&E->line)) {
		if (ids_add_line(E, lineedit_text(&E->line), &entry))
			lineedit_clear(&E->line);
	} else if (E->n) {
		E->asking = true;
	} else {
		snprintf(E->err, sizeof E->err, "No id entered yet.");
	}
	return UI_HANDLED;
}

static const struct overlay_ops ids_ops = { "csp-org-ids", ids_draw, ids_key, ids_entry_free };

void csp_org_ids_open(struct ui *ui, bool deactivate)
{
	struct csp_page *P = csp_state(ui);
	struct ids_entry *E;
	int entry = 0;

	if (!csp_org(ui)) {
		ui_toast(ui, TOAST_ERROR, "No organisation known (sign in with --org-id ORG).");
		return;
	}
	if (!(E = calloc(1, sizeof *E))) {
		ui_toast(ui, TOAST_ERROR, "Out of memory.");
		return;
	}
	E->deactivate = deactivate;
	lineedit_init(&E->line);
	/* A token looked up by its value: its id comes first. */
	if (P && P->lookup_loaded && P->lookup.token_id)
		ids_add_line(E, P->lookup.token_id, &entry);
	overlay_push(&ui->overlays, &ids_ops, E);
}

/* ---- the organisation's tokens: sending, the results -------------------------------------- */

/* A deactivation or activation in flight: its ids and their journal lines. */
struct org_run {
	bool deactivate;
	char **ids;
	size_t n;
	unsigned long *journal;
};

static void org_run_free(struct org_run *run)
{
	ids_free_list(run->ids, run->n);
	free(run->journal);
	free(run);
}

void csp_results_clear(struct csp_page *P)
{
	free(P->results);
	P->results = NULL;
	P->n_results = P->results_top = 0;
	P->results_title[0] = '\0';
}

/* The journal line of id's end, and its row in the results. */
static void org_result(struct ui *ui, struct org_run *run, const char *id, enum csp_id_end end,
                       const char *text, const char *reason)
{
	struct csp_page *P = csp_state(ui);
	static const char *const states[] = {
		[CSP_ID_DONE] = JOURNAL_DONE, [CSP_ID_REFUSED] = JOURNAL_REFUSED,
		[CSP_ID_UNCONFIRMED] = JOURNAL_UNCONFIRMED, [CSP_ID_NOT_SENT] = JOURNAL_NOT_SENT,
		[CSP_ID_DRY_RUN] = JOURNAL_DRY_RUN,
	};
	const char *action = run->deactivate ? "csp-org-deactivate" : "csp-org-activate";
	struct csp_id_result *r;

	for (size_t i = 0; i < run->n; i++)
		if (strcmp(run->ids[i], id) == 0)
			ui_journal(ui, &run->journal[i], action, id, NULL, NULL, states[end], reason);
	if (!P || !P->results)
		return;
	r = &P->results[P->n_results];
	wft_mask_id(id, r->masked, sizeof r->masked);
	snprintf(r->text, sizeof r->text, "%s%s%s", text, reason && *reason ? ": " : "",
	         reason ? reason : "");
	r->end = end;
	P->n_results++;
}

static void org_done(struct ui *ui, struct csp_api_result *res, void *arg)
{
	struct org_run *run = arg;
	struct csp_page *P = csp_state(ui);
	const struct csp_batch *b = &res->batch;
	bool dry = res->err.code == WFT_ERR_DRY_RUN;
	const char *done = run->deactivate ? "deactivated" : "activated";

	if (P) {
		csp_results_clear(P);
		P->results = calloc(run->n + 1, sizeof *P->results);
	}
	for (size_t i = 0; i < b->n_failures; i++)
		org_result(ui, run, b->failures[i].id, dry ? CSP_ID_DRY_RUN : CSP_ID_REFUSED,
		           dry ? "dry run, not sent" : "refused", dry ? NULL
		           : b->failures[i].message[0] ? b->failures[i].message : "(no reason given)");
	for (size_t i = 0; i < b->n_unconfirmed; i++)
		org_result(ui, run, b->unconfirmed[i], CSP_ID_UNCONFIRMED, "not confirmed",
		           res->err.code ? res->err.message : "the answer did not name it");
	for (size_t i = 0; i < b->n_unsent; i++)
		org_result(ui, run, b->unsent[i], dry ? CSP_ID_DRY_RUN : CSP_ID_NOT_SENT,
		           dry ? "dry run, not sent" : "not sent", NULL);
	/* What went wrong first: the done ones last. */
	for (size_t i = 0; i < b->n_successes; i++) {
		org_result(ui, run, b->successes[i], CSP_ID_DONE, done, NULL);
		/* The token looked up shows its new state. */
		if (P && P->lookup_loaded && P->lookup.token_id &&
		    strcmp(P->lookup.token_id, b->successes[i]) == 0)
			P->lookup.deactivated = run->deactivate;
	}
	if (P)
		snprintf(P->results_title, sizeof P->results_title, "%s %zu id%s in %u request%s: %zu "
		         "%s, %zu refused, %zu not confirmed, %zu not sent.", run->deactivate
		         ? "Deactivate" : "Activate", run->n, run->n == 1 ? "" : "s", b->requests,
		         b->requests == 1 ? "" : "s", b->n_successes, done, dry ? 0 : b->n_failures,
		         b->n_unconfirmed, dry ? b->n_failures + b->n_unsent : b->n_unsent);
	if (dry)
		ui_toast(ui, TOAST_WARNING, "Dry run: %s", res->err.message);
	else
		ui_toast(ui, b->n_failures || b->n_unconfirmed || b->n_unsent ? TOAST_WARNING
		         : TOAST_INFO, "%s", P ? P->results_title : done);
	org_run_free(run);
}

static void org_send(struct ui *ui, struct ids_entry *E)
{
	struct org_run *run = calloc(1, sizeof *run);
	const char *org = csp_org(ui);
	struct request *r;
	struct wft_error err;
	struct csp_api_call *call;

	if (!run || !(run->journal = calloc(E->n, sizeof *run->journal))) {
		free(run);
		ui_toast(ui, TOAST_ERROR, "Out of memory: nothing was changed.");
		return;
	}
	run->deactivate = E->deactivate;
	run->ids = E->ids;
	run->n = E->n;
	E->ids = NULL;
	E->n = 0;
	for (size_t i = 0; i < run->n; i++)
		ui_journal(ui, &run->journal[i], run->deactivate ? "csp-org-deactivate"
		           : "csp-org-activate", run->ids[i], NULL, NULL, JOURNAL_PENDING, NULL);
	if (!org || !(r = csp_request(ui, "Organisation tokens", org_done, run))) {
		org_run_free(run);
		return;
	}
	wft_error_clear(&err);
	call = run->deactivate
	     ? csp_api_deactivate_tokens(request_csp(ui), org, (const char *const *)run->ids, run->n,
	                                 request_csp_done, r, &err)
	     : csp_api_activate_tokens(request_csp(ui), org, (const char *const *)run->ids, run->n,
	                               request_csp_done, r, &err);
	if (!request_go_csp(ui, r, call)) {
		for (size_t i = 0; i < run->n; i++)
			ui_journal(ui, &run->journal[i], run->deactivate ? "csp-org-deactivate"
			           : "csp-org-activate", run->ids[i], NULL, NULL, JOURNAL_NOT_SENT,
			           err.message);
		ui_toast(ui, TOAST_ERROR, "Nothing was sent: %s", err.message);
		org_run_free(run);
	}
}

void csp_org_draw(struct ui *ui, struct csp_page *P, int top, int h)
{
	static const char *const intro[] = {
		"Organisation owners can deactivate or activate any API token of the organisation",
		"by its id (D deactivates, A activates; ids are sent 15 to a request). No API lists",
		"the organisation's tokens: enter the ids you have, or look one up by its value",
		"(i). Each id's result shows below, masked, problems first (j/k scroll).",
	};
	static const int end_theme[] = {
		[CSP_ID_DONE] = THEME_ROW, [CSP_ID_REFUSED] = THEME_ERROR,
		[CSP_ID_UNCONFIRMED] = THEME_WARNING, [CSP_ID_NOT_SENT] = THEME_STALE_TOKEN,
		[CSP_ID_DRY_RUN] = THEME_STALE_TOKEN,
	};
	int y = top;

	for (size_t i = 0; i < sizeof intro / sizeof *intro; i++)
		wg_text(y++, 2, ui->cols - 4, intro[i], ui_attr(THEME_ROW));
	y = csp_lookup_draw(ui, P, y + 1);
	if (!P->results_title[0])
		return;
	wg_text(y++, 2, ui->cols - 4, P->results_title, ui_attr(THEME_ROW) | A_BOLD);
	if (P->results_top >= P->n_results)
		P->results_top = P->n_results ? P->n_results - 1 : 0;
	for (size_t i = P->results_top; i < P->n_results && y < top + h; i++, y++) {
		char line[300];
		snprintf(line, sizeof line, "%-16s %s", P->results[i].masked, P->results[i].text);
		wg_text(y, 4, ui->cols - 6, line, ui_attr(end_theme[P->results[i].end]));
	}
}
