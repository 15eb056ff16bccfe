/* tokens_remote.c: the tokens page's server-side mode, for organisations
 * too large to download (doc/search.md, "Server-side search"). The page
 * shows one page of the server's token search at a time: the view holds
 * that page's tokens (and the accounts of the whole search, for the side
 * panel), and applies the whole query to them, which also applies the
 * terms the server cannot say (serverquery.h). Searching, sorting and
 * paging ask the server: tokens_remote_sync compares what the view asks
 * for with what was fetched, and fetches again when they differ. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "query.h"
#include "request.h"
#include "serverquery.h"
#include "session.h"
#include "tokenset.h"
#include "tokens_page.h"
#include "tokens_page_state.h"
#include "ui.h"
#include "view.h"

/* The most accounts the side panel lists from the search's facets. */
#define REMOTE_FACET_LIMIT 1000

enum remote_state {
	REMOTE_UNDECIDED,   /* before the first load */
	REMOTE_PROBING,     /* asking how many tokens the organisation holds */
	REMOTE_OFF,         /* the whole list is downloaded */
	REMOTE_ON,
};

struct tokens_remote {
	bool forced;
	long threshold;
	enum remote_state state;
	unsigned gen;                 /* of the latest page request; older answers are dropped */
	unsigned facets_gen;
	/* What the page in flight (else the page shown) was asked with, but
	 * its offset and size: query, facets and sort. A new one goes to the
	 * first page. */
	char *filter;
	struct wft_api_call *call;    /* the page in flight */
	bool keep_selection;          /* a page read again keeps its selected token */
	bool select_last;             /* End: the last row of the last page */
	int64_t asked_us;             /* when the page in flight was asked for */
	bool asked_search;            /* and whether it was a new search's first page */
	long offset, limit, total;    /* of the page shown */
	long asked_offset;            /* of the page in flight */
	bool shown_current;           /* the page shown is one of filter's */
	struct wft_token_list page;   /* the page shown, as the server sent it */
	struct wft_strv accounts;     /* the accounts facet of the search */
	bool facets_asked;            /* a facets request is on its way */
	char facet_text[LINEEDIT_MAX + 1]; /* the accounts filter it was asked with */
	char local[256];              /* the terms applied locally, for the search bar */
};

static struct tokens_remote *R(const struct ui *ui)
{
	return T(ui)->remote;
}

void tokens_page_set_server_search(struct tokens_page *tp, bool forced, long threshold)
{
	if (!tp->remote && !(tp->remote = calloc(1, sizeof *tp->remote)))
		return;
	tp->remote->forced = forced;
	tp->remote->threshold = threshold;
}

void tokens_remote_free(struct tokens_page *tp)
{
	if (!tp->remote)
		return;
	free(tp->remote->filter);
	wft_token_list_clear(&tp->remote->page);
	wft_strv_clear(&tp->remote->accounts);
	free(tp->remote);
	tp->remote = NULL;
}

bool tokens_remote_on(const struct ui *ui)
{
	return R(ui) && R(ui)->state == REMOTE_ON;
}

/* "1,234,567" */
static void with_commas(long n, char *buf, size_t size)
{
	char digits[32];
	size_t len, k = 0;

	snprintf(digits, sizeof digits, "%ld", n < 0 ? 0 : n);
	len = strlen(digits);
	for (size_t i = 0; i < len && k + 2 < size; i++) {
		if (i && (len - i) % 3 == 0)
			buf[k++] = ',';
		buf[k++] = digits[i];
	}
	buf[k] = '\0';
}

/* What the view asks of the server: query, facets, sort and page size. */
static char *filter_key(struct ui *ui)
{
	const struct facets *f = view_facets(V(ui));
	size_t len = 0;
	char *key = NULL;
	FILE *m = open_memstream(&key, &len);

	if (!m)
		return NULL;
	fprintf(m, "%s\x1f%u %u %lld %lld %d %d", view_query_text(V(ui)), f->types, f->usage,
	        (long long)f->used_within, (long long)f->unused_for, (int)view_sort_column(V(ui)),
	        (int)view_sort_descending(V(ui)));
	for (size_t i = 0; i < f->n_accounts; i++)
		fprintf(m, "\x1f%s", f->accounts[i]);
	if (fclose(m) != 0) {
		free(key);
		return NULL;
	}
	return key;
}

/* Marked tokens stay, with their records, when the page changes: a mark
 * out of view is counted and named as when the list is downloaded (and a
 * marked token that matches the search shows on every page). */
static void keep_marked(struct ui *ui, struct tokenset *ts, struct wft_error *err)
{
	const struct tokenset *old = TS(ui);
	struct wft_token_rec rec;

	for (size_t i = 0; old && T(ui)->n_marked && i < tokenset_size(old) && !err->code; i++)
		if (tokenset_is_live(old, (tokenset_idx)i) && tokens_is_marked(ui, (tokenset_idx)i) &&
		    tokenset_find(ts, tokenset_id(old, (tokenset_idx)i)) == TOKENSET_NONE) {
			tokenset_get(old, (tokenset_idx)i, &rec);
			tokenset_add(ts, &rec, err);
		}
}

/* The page's tokens and the search's accounts as the view's token set. */
static void show_page(struct ui *ui, bool keep_selection)
{
	struct tokens_remote *r = R(ui);
	struct tokenset *ts = tokenset_new();
	struct wft_error err = { 0 };
	size_t sel = view_selected(V(ui));

	const struct facets *f = view_facets(V(ui));

	/* The accounts of the search, and those chosen (which its facet,
	 * asked without them, may not hold). */
	for (size_t i = 0; ts && i < r->accounts.n && !err.code; i++)
		tokenset_add_account(ts, r->accounts.items[i], &err);
	for (size_t i = 0; ts && i < f->n_accounts && !err.code; i++)
		tokenset_add_account(ts, f->accounts[i], &err);
	for (size_t i = 0; ts && i < r->page.n && !err.code; i++) {
		struct wft_token_rec rec;
		wft_token_view(&r->page.items[i], &rec);
		tokenset_add(ts, &rec, &err);
	}
	if (ts && !err.code)
		keep_marked(ui, ts, &err);
	if (!ts || err.code) {
		tokenset_free(ts);
		ui_toast(ui, TOAST_ERROR, "Could not show the page: %s",
		         ts ? err.message : "out of memory");
		return;
	}
	T(ui)->reload_quiet = true;
	tokens_loaded(ui, ts, NULL);
	if (r->select_last && view_rows(V(ui)))
		view_select(V(ui), view_rows(V(ui)) - 1);
	else if (!keep_selection)
		view_select(V(ui), 0);
	else if (sel != VIEW_NO_ROW && view_selected_token(V(ui)) == TOKENSET_NONE)
		view_select(V(ui), sel);
}

static void facets_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct tokens_remote *r = R(ui);

	if (!r || (unsigned)(uintptr_t)arg != r->facets_gen)
		return;
	r->facets_asked = false;
	if (res->err.code != WFT_OK)
		return;
	wft_strv_clear(&r->accounts);
	for (size_t i = 0; i < res->facets.n; i++)
		if (strcmp(res->facets.items[i].name, "account") == 0) {
			r->accounts = res->facets.items[i].values;
			memset(&res->facets.items[i].values, 0, sizeof res->facets.items[i].values);
		}
	if (T(ui)->loaded && !r->call)
		show_page(ui, true);
}

static void page_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct tokens_remote *r = R(ui);

	if (!r || (unsigned)(uintptr_t)arg != r->gen)
		return;   /* a later request replaced this one */
	r->call = NULL;
	if (res->err.code != WFT_OK) {
		if (T(ui)->loading > 0 && !T(ui)->loaded)
			T(ui)->loading--;
		if (res->err.code == WFT_ERR_CANCELLED)
			ui_toast(ui, TOAST_WARNING, "Search cancelled (Ctrl-R asks again).");
		else
			ui_toast(ui, TOAST_ERROR, "Could not search the tokens: %s", res->err.message);
		return;
	}
	wft_token_list_clear(&r->page);
	r->page = res->tokens;
	memset(&res->tokens, 0, sizeof res->tokens);
	r->total = r->page.page.total_items;
	r->offset = r->asked_offset;
	r->shown_current = true;
	show_page(ui, r->keep_selection);
	if (ui->timing)   /* "remote search|page MS ROWS TOTAL": from the ask to the page shown */
		fprintf(ui->timing, "remote %s %.3f %zu %ld\n", r->asked_search ? "search" : "page",
		        (double)(ui_now_us() - r->asked_us) / 1e3, r->page.n, r->total);
}

/* The accounts of the search (its facet), for the side panel: asked with
 * every filter but the accounts' own, as the panel counts them, and with
 * the text of the panel's accounts filter (the first 1000 of those that
 * hold it, not only among the first 1000 of all). */
static void ask_facets(struct ui *ui)
{
	static const char *const names[] = { "account" };
	struct tokens_remote *r = R(ui);
	struct facets f = *view_facets(V(ui));
	struct serverquery sq;
	struct wft_search_request rq;
	struct wft_error err;
	struct request *req;

	f.n_accounts = 0;
	if (serverquery_build(&sq, view_query(V(ui)), &f, view_sort_column(V(ui)), false,
	                      view_now(V(ui)), &err) != WFT_OK)
		return;
	serverquery_request(&sq, 0, REMOTE_FACET_LIMIT, &rq);
	snprintf(r->facet_text, sizeof r->facet_text, "%s", lineedit_text(&T(ui)->panel_filter));
	if (r->facet_text[0]) {
		rq.facet_query = r->facet_text;
		rq.facet_match = WFT_MATCH_CONTAINS;
	}
	r->facets_gen++;
	req = request_new(ui, REQ_TOKENS_REMOTE, facets_done, (void *)(uintptr_t)r->facets_gen);
	r->facets_asked = req && request_go(ui, req, wft_api_search_token_facets(
	                      request_api(ui), names, 1, &rq, request_done, req, &err));
	serverquery_clear(&sq);
}

/* The note of the search bar: the terms the console applies itself. */
static void note_local(struct tokens_remote *r, const struct query *q, const struct serverquery *sq)
{
	size_t k = 0;

	r->local[0] = '\0';
	for (size_t i = 0; q && i < sq->n_query_terms; i++)
		if (sq->term_local[i])
			k += (size_t)snprintf(r->local + k, k < sizeof r->local ? sizeof r->local - k : 0,
			                      "%s%s", k ? " " : "", query_term_source(q, i));
}

/* Asks for the page at offset of what the view shows now (a new filter:
 * its first page). */
static void fetch(struct ui *ui, char *filter, long offset, bool keep_selection)
{
	struct tokens_remote *r = R(ui);
	struct serverquery sq;
	struct wft_search_request rq;
	struct wft_error err;
	struct request *req;
	bool new_filter = !r->filter || strcmp(r->filter, filter) != 0;

	if (new_filter) {
		offset = 0;
		r->shown_current = false;
	}
	r->asked_offset = offset;
	free(r->filter);
	r->filter = filter;
	r->keep_selection = keep_selection;
	r->select_last = false;
	tokens_layout(ui);   /* the page fitted to the window */
	r->limit = (long)view_page_size(V(ui));
	if (serverquery_build(&sq, view_query(V(ui)), view_facets(V(ui)), view_sort_column(V(ui)),
	                      view_sort_descending(V(ui)), view_now(V(ui)), &err) != WFT_OK) {
		ui_toast(ui, TOAST_ERROR, "%s", err.message);
		return;
	}
	note_local(r, view_query(V(ui)), &sq);
	serverquery_request(&sq, offset, r->limit, &rq);
	/* The page asked before, if still in flight, is not wanted now (its
	 * answer, cancelled at once, is dropped). */
	r->gen++;
	if (r->call) {
		struct wft_api_call *old = r->call;
		r->call = NULL;
		wft_api_cancel(request_api(ui), old);
	}
	r->asked_us = ui_now_us();
	r->asked_search = new_filter;
	req = request_new(ui, REQ_TOKENS_REMOTE, page_done, (void *)(uintptr_t)r->gen);
	r->call = req ? wft_api_search_tokens(request_api(ui), &rq, request_done, req, &err) : NULL;
	serverquery_clear(&sq);
	if (!req || !request_go(ui, req, r->call)) {
		ui_toast(ui, TOAST_ERROR, "Could not search the tokens: %s",
		         req ? err.message : "out of memory");
		return;
	}
	if (!T(ui)->loaded && !T(ui)->loading)
		T(ui)->loading++;
	if (new_filter)
		ask_facets(ui);
}

static void refetch(struct ui *ui, bool keep_selection)
{
	struct tokens_remote *r = R(ui);
	char *filter = filter_key(ui);

	/* The page shown again (a new filter: its first page). */
	if (filter)
		fetch(ui, filter, r->shown_current ? r->offset : 0, keep_selection);
}

static void probe_done(struct ui *ui, struct wft_api_result *res, void *arg)
{
	struct tokens_remote *r = R(ui);
	char n[32];

	(void)arg;
	if (T(ui)->loading > 0)
		T(ui)->loading--;
	if (res->err.code == WFT_ERR_CANCELLED) {
		/* Esc: no list either (it may be the largest); Ctrl-R asks again. */
		r->state = REMOTE_UNDECIDED;
		ui_toast(ui, TOAST_WARNING, "Loading cancelled (Ctrl-R loads again).");
		return;
	}
	if (res->err.code == WFT_OK && res->tokens.page.total_items > r->threshold) {
		r->state = REMOTE_ON;
		session_load_own(ui->session);
		with_commas(res->tokens.page.total_items, n, sizeof n);
		ui_toast(ui, TOAST_INFO, "Searching on the server: %s tokens (over %ld).", n,
		         r->threshold);
		refetch(ui, false);
		return;
	}
	/* Small enough, or the count could not be read: the whole list. */
	r->state = REMOTE_OFF;
	tokens_reload(ui);
}

/* How many tokens the organisation holds: the total of a search for one. */
static void probe(struct ui *ui)
{
	struct wft_search_request rq = { .limit = 1 };
	struct wft_error err;
	struct request *req = request_new(ui, REQ_TOKENS_REMOTE, probe_done, NULL);

	R(ui)->state = REMOTE_PROBING;
	if (req && request_go(ui, req, wft_api_search_tokens(request_api(ui), &rq, request_done,
	                                                     req, &err))) {
		T(ui)->loading++;
		return;
	}
	R(ui)->state = REMOTE_OFF;
	tokens_reload(ui);
}

bool tokens_remote_reload(struct ui *ui)
{
	struct tokens_remote *r = R(ui);

	if (!r || !ui->session || r->state == REMOTE_OFF)
		return false;
	if (r->state == REMOTE_PROBING) {
		ui_toast(ui, TOAST_INFO, "Already loading.");
	} else if (r->state == REMOTE_ON) {
		refetch(ui, true);
	} else if (r->forced) {
		r->state = REMOTE_ON;
		session_load_own(ui->session);
		/* Before the first frame the window's size is not known yet: the
		 * first frame's sync asks for the first page. */
		if (ui->lines > 0)
			refetch(ui, false);
		else
			T(ui)->loading++;
	} else {
		probe(ui);
	}
	return true;
}

void tokens_remote_sync(struct ui *ui)
{
	struct tokens_remote *r = R(ui);
	char *filter;

	if (!tokens_remote_on(ui) || !(filter = filter_key(ui)))
		return;
	if (!r->filter || strcmp(filter, r->filter) != 0) {
		/* While a search is typed, one search at a time: the text typed
		 * meanwhile is asked for when the one in flight has answered. */
		if (r->call && tokens_input_is_open(ui, INPUT_SEARCH))
			free(filter);
		else
			fetch(ui, filter, 0, false);
	} else {
		free(filter);
		/* The table's height changed: the same first row, more or fewer after it. */
		if ((long)view_page_size(V(ui)) != r->limit && !r->call)
			refetch(ui, true);
	}
	/* The accounts filter typed: its accounts, one request at a time. */
	if (!r->facets_asked && strcmp(r->facet_text, lineedit_text(&T(ui)->panel_filter)) != 0)
		ask_facets(ui);
}

/* Another page of the same search. */
static void fetch_at(struct ui *ui, long offset)
{
	char *filter = filter_key(ui);

	if (filter)
		fetch(ui, filter, offset, false);
}

bool tokens_remote_turn(struct ui *ui, int dir)
{
	struct tokens_remote *r = R(ui);
	long next;

	if (!tokens_remote_on(ui))
		return false;
	/* (from the page on its way, when one is: Page Down twice, two pages) */
	next = (r->call ? r->asked_offset : r->offset) + dir * r->limit;
	if (next < 0 || next >= r->total) {
		ui_toast(ui, TOAST_INFO, dir > 0 ? "This is the last page." : "This is the first page.");
		return true;
	}
	fetch_at(ui, next);
	return true;
}

bool tokens_remote_jump(struct ui *ui, bool last)
{
	struct tokens_remote *r = R(ui);
	long limit, target;

	if (!tokens_remote_on(ui))
		return false;
	limit = r->limit > 0 ? r->limit : 1;
	target = last && r->total ? (r->total - 1) / limit * limit : 0;
	if (target == r->offset && !r->call) {
		view_select(V(ui), last && view_rows(V(ui)) ? view_rows(V(ui)) - 1 : 0);
		return true;
	}
	fetch_at(ui, target);
	r->select_last = last;
	return true;
}

void tokens_remote_changed(struct ui *ui)
{
	if (tokens_remote_on(ui))
		refetch(ui, true);
}

bool tokens_remote_cancel(struct ui *ui)
{
	if (!R(ui) || !request_pending(ui, REQ_TOKENS_REMOTE))
		return false;
	request_cancel_all(ui, REQ_TOKENS_REMOTE);
	return true;
}

bool tokens_remote_count(struct ui *ui, char *buf, size_t size)
{
	char n[32];

	if (!tokens_remote_on(ui))
		return false;
	with_commas(R(ui)->total, n, sizeof n);
	snprintf(buf, size, "server search: %s token%s", n, R(ui)->total == 1 ? "" : "s");
	return true;
}

const char *tokens_remote_local(const struct ui *ui)
{
	return tokens_remote_on(ui) && R(ui)->local[0] ? R(ui)->local : NULL;
}

bool tokens_remote_footer(struct ui *ui, char *buf, size_t size)
{
	struct tokens_remote *r = R(ui);
	char total[32];
	long limit, pages, first, last;

	if (!tokens_remote_on(ui))
		return false;
	limit = r->limit > 0 ? r->limit : 1;
	pages = (r->total + limit - 1) / limit;
	first = r->total ? r->offset + 1 : 0;
	last = r->offset + (long)r->page.n;
	with_commas(r->total, total, sizeof total);
	snprintf(buf, size, "rows %ld-%ld of %s  page %ld/%ld", first, last, total,
	         r->total ? r->offset / limit + 1 : 0, pages);
	if (tokens_remote_local(ui)) {
		size_t l = strlen(buf);
		snprintf(buf + l, size - l, "  local terms kept %zu", view_rows(V(ui)));
	}
	return true;
}
