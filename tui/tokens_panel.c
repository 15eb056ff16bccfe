/* tokens_panel.c: the tokens page's side panel: its entries (saved
 * searches, account types, usage, the accounts), the selection, and what
 * applying one does to the view's query and facets. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curses.h>

#include "api.h"
#include "keys.h"
#include "mask.h"
#include "query.h"
#include "saved_searches.h"
#include "session.h"
#include "textwidth.h"
#include "timefmt.h"
#include "tokenset.h"
#include "tokens_page.h"
#include "tokens_page_state.h"
#include "ui.h"
#include "view.h"

static int cmp_name_ts(const void *a, const void *b, void *ud)
{
	const struct tokenset *ts = ud;
	return strcasecmp(tokenset_account_name(ts, *(const uint32_t *)a),
	                  tokenset_account_name(ts, *(const uint32_t *)b));
}

/* Bumped whenever sorted_accounts builds its list anew. */
/* The side panel's accounts sorted by name, made again when the token set
 * changes (a new list drops it in page_loaded; a change in place bumps its
 * generation). */
uint32_t *tokens_sorted_accounts(struct ui *ui, size_t *n)
{
	struct tokens_page *tp = T(ui);
	const struct tokenset *ts = TS(ui);

	*n = 0;
	if (!ts)
		return NULL;
	if (tp->accounts_sorted_ok && tp->accounts_gen == tokenset_generation(ts)) {
		*n = tp->n_accounts_sorted;
		return tp->accounts_sorted;
	}
	size_t cnt = tokenset_account_count(ts);
	uint32_t *a = malloc((cnt ? cnt : 1) * sizeof *a);
	if (!a)
		return NULL;
	for (size_t i = 0; i < cnt; i++)
		a[i] = (uint32_t)i;
	qsort_r(a, cnt, sizeof *a, cmp_name_ts, (void *)ts);
	free(tp->accounts_sorted);
	tp->accounts_sorted = a;
	tp->n_accounts_sorted = cnt;
	tp->accounts_gen = tokenset_generation(ts);
	tp->accounts_sorted_ok = true;
	tp->accounts_shown_ok = false;
	*n = cnt;
	return a;
}

/* The accounts the panel's filter keeps, in the same order. */
static const uint32_t *panel_accounts(struct ui *ui, size_t *n)
{
	struct tokens_page *tp = T(ui);
	size_t na;
	uint32_t *all = tokens_sorted_accounts(ui, &na);
	const char *f = lineedit_text(&tp->panel_filter);

	*n = 0;
	if (!all)
		return NULL;
	if (!*f) {
		*n = na;
		return all;
	}
	if (tp->accounts_shown_ok && strcmp(tp->accounts_filter, f) == 0) {
		*n = tp->n_accounts_shown;
		return tp->accounts_shown;
	}
	uint32_t *v = malloc((na ? na : 1) * sizeof *v);
	if (!v)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < na; i++)
		if (strcasestr(tokenset_account_name(TS(ui), all[i]), f))
			v[k++] = all[i];
	free(tp->accounts_shown);
	tp->accounts_shown = v;
	tp->n_accounts_shown = k;
	snprintf(tp->accounts_filter, sizeof tp->accounts_filter, "%s", f);
	tp->accounts_shown_ok = true;
	*n = k;
	return v;
}

/* The panel's fixed entries before the accounts: the saved searches under
 * their title, then ACCOUNT TYPE (2), BY USAGE (3), SINCE LAST SESSION (4,
 * when a fingerprint was found), YOUR TOKENS (Mine), ACCOUNTS and its box. */
size_t tokens_panel_fixed(const struct ui *ui)
{
	return T(ui)->n_saved + 12 + tokens_since_entries(ui);
}

size_t tokens_panel_count(struct ui *ui)
{
	size_t na;

	panel_accounts(ui, &na);
	return tokens_panel_fixed(ui) + na;
}

/* Entry k of the side panel (k < panel_count). */
struct pitem tokens_panel_item(struct ui *ui, size_t k)
{
	static const struct pitem fixed[] = {
		{ PI_TITLE, PT_TYPE }, { PI_TYPE, FACET_TYPE_SERVICE }, { PI_TYPE, FACET_TYPE_USER },
		{ PI_TITLE, PT_USAGE }, { PI_USAGE, FACET_USED_RECENTLY }, { PI_USAGE, FACET_UNUSED },
		{ PI_USAGE, FACET_NEVER_USED },
	};
	static const struct pitem rest[] = {
		{ PI_TITLE, PT_MINE }, { PI_MINE, 0 }, { PI_TITLE, PT_ACCOUNTS }, { PI_FILTER, 0 },
	};
	struct pitem p = { PI_NONE, 0 };
	size_t na, ns = tokens_since_entries(ui);
	const uint32_t *acc;

	if (k == 0)
		return (struct pitem){ PI_TITLE, PT_SAVED };
	if (k <= T(ui)->n_saved)
		return (struct pitem){ PI_SAVED, (unsigned)(k - 1) };
	k -= T(ui)->n_saved + 1;
	if (k < sizeof fixed / sizeof fixed[0])
		return fixed[k];
	k -= sizeof fixed / sizeof fixed[0];
	if (k < ns)
		return k == 0 ? (struct pitem){ PI_TITLE, PT_SINCE } : (struct pitem){ PI_SINCE, (unsigned)(k - 1) };
	k -= ns;
	if (k < sizeof rest / sizeof rest[0])
		return rest[k];
	k -= sizeof rest / sizeof rest[0];
	acc = panel_accounts(ui, &na);
	if (acc && k < na) {
		p.kind = PI_ACCOUNT;
		p.value = acc[k];
	}
	return p;
}

bool tokens_panel_selectable(struct pitem p)
{
	return p.kind != PI_TITLE && p.kind != PI_NONE;
}

void tokens_panel_fix_sel(struct ui *ui, size_t n, int dir)
{
	if (T(ui)->panel_sel < 0)
		T(ui)->panel_sel = 0;
	if ((size_t)T(ui)->panel_sel >= n)
		T(ui)->panel_sel = (int)n - 1;
	while (T(ui)->panel_sel >= 0 && (size_t)T(ui)->panel_sel < n &&
	       !tokens_panel_selectable(tokens_panel_item(ui, (size_t)T(ui)->panel_sel)))
		T(ui)->panel_sel += dir;
	if (T(ui)->panel_sel < 0 || (size_t)T(ui)->panel_sel >= n) {
		T(ui)->panel_sel = 0;
		while ((size_t)T(ui)->panel_sel < n &&
		       !tokens_panel_selectable(tokens_panel_item(ui, (size_t)T(ui)->panel_sel)))
			T(ui)->panel_sel++;
	}
}

void tokens_apply_query(struct ui *ui, const char *q)
{
	struct query_error qe;

	T(ui)->search_dirty = false;
	if (!V(ui))
		return;
	/* Cursor keys in the bar change nothing: no need to filter again. */
	if (!T(ui)->search_error[0] && strcmp(q, view_query_text(V(ui))) == 0)
		return;
	if (view_set_query(V(ui), q, &qe) != WFT_OK) {
		snprintf(T(ui)->search_error, sizeof T(ui)->search_error, "%s", qe.err.message);
	} else {
		T(ui)->search_error[0] = '\0';
		/* A new search starts at its first match; only a reload or a
		 * re-sort keeps the cursor on the same token. */
		view_select(V(ui), 0);
		T(ui)->saved_applied[0] = '\0';
	}
}

void tokens_sync_filter(struct ui *ui)
{
	if (T(ui)->search_dirty)
		tokens_apply_query(ui, lineedit_text(&T(ui)->search));
}

/* The entry that typing in the accounts filter highlights: the account
 * named exactly (ignoring case), else the first whose name starts with the
 * text, else the first that holds it; the box itself when none does. */
size_t tokens_panel_best_match(struct ui *ui)
{
	const char *f = lineedit_text(&T(ui)->panel_filter);
	size_t na, first = tokens_panel_fixed(ui), prefix = (size_t)-1;
	const uint32_t *acc = panel_accounts(ui, &na);

	if (!*f || !acc || !na)
		return first - 1;
	for (size_t k = 0; k < na; k++) {
		const char *name = tokenset_account_name(TS(ui), acc[k]);
		if (strcasecmp(name, f) == 0)
			return first + k;
		if (prefix == (size_t)-1 && strncasecmp(name, f, strlen(f)) == 0)
			prefix = k;
	}
	return first + (prefix != (size_t)-1 ? prefix : 0);
}

void tokens_panel_toggle(struct ui *ui, const struct pitem *p)
{
	struct facets f;
	struct wft_error err;

	if (!V(ui))
		return;
	if (p->kind == PI_SAVED) {
		/* Query, facets and sort, every ignored term named (saved_searches.c). */
		saved_apply(T(ui)->saved, ui, p->value);
		return;
	}
	if (p->kind == PI_FILTER) {
		tokens_input_open(ui, INPUT_PANEL_FILTER);
		return;
	}
	if (p->kind == PI_SINCE) {
		tokens_since_toggle(ui, p->value);
		return;
	}
	if (p->kind == PI_MINE) {
		tokens_mine_toggle(ui);
		return;
	}
	facets_init(&f);
	if (facets_copy(&f, view_facets(V(ui))) != WFT_OK) {
		ui_toast(ui, TOAST_ERROR, "Out of memory.");
		return;
	}
	if (p->kind == PI_TYPE)
		f.types ^= p->value;
	else if (p->kind == PI_USAGE)
		f.usage ^= p->value;
	else if (p->kind == PI_ACCOUNT)
		facets_toggle_account(&f, tokenset_account_name(TS(ui), p->value));
	if (view_set_facets(V(ui), &f, &err) != WFT_OK)
		ui_toast(ui, TOAST_ERROR, "%s", err.message);
	else {
		view_select(V(ui), 0);  /* a new filter starts at its first match */
		T(ui)->saved_applied[0] = '\0';
	}
	facets_clear(&f);
}

void tokens_panel_move(struct ui *ui, int delta)
{
	size_t n = tokens_panel_count(ui);
	int s = T(ui)->panel_sel;

	for (int k = 0; k < (delta < 0 ? -delta : delta); k++) {
		int t = s + (delta < 0 ? -1 : 1);
		while (t >= 0 && (size_t)t < n && !tokens_panel_selectable(tokens_panel_item(ui, (size_t)t)))
			t += delta < 0 ? -1 : 1;
		if (t < 0 || (size_t)t >= n)
			break;
		s = t;
	}
	T(ui)->panel_sel = s;
}

void tokens_panel_toggle_selected(struct ui *ui)
{
	size_t n = tokens_panel_count(ui);

	tokens_panel_fix_sel(ui, n, 1);
	if ((size_t)T(ui)->panel_sel < n) {
		struct pitem p = tokens_panel_item(ui, (size_t)T(ui)->panel_sel);
		tokens_panel_toggle(ui, &p);
	}
}
