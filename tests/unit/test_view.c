/* test_view.c: sort orders and ties against a plain reference sort, paging
 * edges, selection anchoring, facets and their counts, narrowing equal to a
 * fresh evaluation, removal and rename without a rebuild. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

#include "view.h"

#define DAY ((wft_millis)86400000)
#define NOW ((wft_millis)1800000000000)

static int clock_calls;

static wft_millis test_clock(void *ud)
{
	(void)ud;
	clock_calls++;
	return NOW;
}

static uint32_t rng;

static uint32_t rnd(uint32_t n)
{
	rng = rng * 1103515245u + 12345u;
	return (rng >> 8) % n;
}

/* A set with many ties: few names, accounts and dates. */
static struct tokenset *random_set(unsigned seed, size_t n)
{
	static const char *const names[] = { "ci", "CI", "deploy", "grafana", "b", "", "a b",
		"ci-deploy", "Deploy", "z\xc3\xa9" };
	static const char *const accts[] = { "sa::ci", "sa::grafana", "jo@example.com",
		"SA::CI", "ann@example.com" };
	static const enum wft_account_type types[] = { WFT_ACCOUNT_SERVICE, WFT_ACCOUNT_USER,
		WFT_ACCOUNT_INACTIVE_SERVICE, WFT_ACCOUNT_CSP_USER, WFT_ACCOUNT_UNKNOWN };
	struct tokenset *ts = tokenset_new();
	struct wft_error err;
	char id[40];

	rng = seed;
	assert_non_null(ts);
	for (size_t i = 0; i < n; i++) {
		snprintf(id, sizeof id, "%08x-0000-4000-8000-%012x", rnd(1u << 30), rnd(1u << 16));
		struct wft_token_rec r = {
			id, names[rnd(10)], accts[rnd(5)], types[rnd(5)],
			rnd(4) ? NOW - (wft_millis)rnd(40) * DAY : 0,
			rnd(3) ? NOW - (wft_millis)rnd(60) * DAY : 0,
		};
		assert_int_equal(tokenset_add(ts, &r, &err), WFT_OK);
	}
	return ts;
}

static struct view *new_view(unsigned seed, size_t n)
{
	struct view *v = view_new(random_set(seed, n), test_clock, NULL);

	assert_non_null(v);
	return v;
}

/* The reference order, written the plain way. */
static const struct tokenset *ref_ts;
static enum view_column ref_col;
static bool ref_desc;

static int fold_cmp(const char *a, const char *b)
{
	int c = strcasecmp(a, b);
	return (c > 0) - (c < 0);
}

static int cmp_num(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

static int type_rank(enum wft_account_type t)
{
	return t == WFT_ACCOUNT_UNKNOWN ? 0 : wft_account_type_is_service(t) ? 1 : 2;
}

static int ref_cmp(const void *x, const void *y)
{
	tokenset_idx a = *(const tokenset_idx *)x, b = *(const tokenset_idx *)y;
	const struct tokenset *ts = ref_ts;
	int c = 0;

	switch (ref_col) {
	case VIEW_COL_ID: {
		const char *ia = tokenset_id(ts, a), *ib = tokenset_id(ts, b);
		c = fold_cmp(ia + strlen(ia) - 4, ib + strlen(ib) - 4);
		break;
	}
	case VIEW_COL_NAME:
		c = fold_cmp(tokenset_name(ts, a), tokenset_name(ts, b));
		break;
	case VIEW_COL_ACCOUNT:
		c = fold_cmp(tokenset_account(ts, a), tokenset_account(ts, b));
		if (!c)
			c = strcmp(tokenset_account(ts, a), tokenset_account(ts, b));
		break;
	case VIEW_COL_TYPE:
		c = cmp_num(type_rank(tokenset_account_type(ts, a)) * 256 + tokenset_account_type(ts, a),
		            type_rank(tokenset_account_type(ts, b)) * 256 + tokenset_account_type(ts, b));
		break;
	case VIEW_COL_GENERATED:
		c = cmp_num(tokenset_date_generated(ts, a), tokenset_date_generated(ts, b));
		break;
	default:
		c = cmp_num(tokenset_last_used(ts, a), tokenset_last_used(ts, b));
		break;
	}
	if (ref_desc)
		c = -c;
	if (!c)
		c = fold_cmp(tokenset_name(ts, a), tokenset_name(ts, b));
	if (!c)
		c = strcmp(tokenset_name(ts, a), tokenset_name(ts, b));
	if (!c)
		c = strcmp(tokenset_id(ts, a), tokenset_id(ts, b));
	return c;
}

/* Checks the rows of v against the reference: the right set, in order. */
static void check_against_reference(struct view *v)
{
	const struct tokenset *ts = view_tokenset(v);
	struct query_eval *ev;
	struct wft_error err;
	size_t n = 0;
	tokenset_idx *want = malloc((tokenset_size(ts) + 1) * sizeof *want);
	const struct facets *f = view_facets(v);

	assert_non_null(want);
	assert_int_equal(query_eval_new(view_query(v), ts, NOW, &ev, &err), WFT_OK);
	for (tokenset_idx i = 0; i < tokenset_size(ts); i++) {
		if (!tokenset_is_live(ts, i) || !query_eval_match(ev, i))
			continue;
		enum wft_account_type t = tokenset_account_type(ts, i);
		unsigned tb = t == WFT_ACCOUNT_UNKNOWN ? 0 : wft_account_type_is_service(t) ?
		              FACET_TYPE_SERVICE : FACET_TYPE_USER;
		if (f->types && !(f->types & tb))
			continue;
		if (f->usage && !(f->usage & facets_usage_of(f, ts, i, NOW)))
			continue;
		if (f->n_accounts && !facets_has_account(f, tokenset_account(ts, i)))
			continue;
		if (!facets_picks(f, tokenset_id(ts, i)))
			continue;
		want[n++] = i;
	}
	query_eval_free(ev);
	ref_ts = ts;
	ref_col = view_sort_column(v);
	ref_desc = view_sort_descending(v);
	qsort(want, n, sizeof *want, ref_cmp);
	assert_int_equal(view_rows(v), n);
	for (size_t r = 0; r < n; r++) {
		assert_int_equal(view_row(v, r), want[r]);
		assert_int_equal(view_row_of(v, want[r]), r);
	}
	free(want);
}

static void sorts_every_column_both_ways(void **state)
{
	struct view *v = new_view(7, 3000);
	(void)state;

	for (int c = 0; c < VIEW_N_COLUMNS; c++)
		for (int d = 0; d < 2; d++) {
			view_set_sort(v, (enum view_column)c, d);
			check_against_reference(v);
		}
	/* And with a filter on. */
	assert_int_equal(view_set_query(v, "ci -never", NULL), WFT_OK);
	for (int c = 0; c < VIEW_N_COLUMNS; c++) {
		view_set_sort(v, (enum view_column)c, c % 2);
		check_against_reference(v);
	}
	view_free(v);
}

/* Names that share prefixes ending on both sides of every 8-byte step,
 * in mixed case, many equal, ids sharing long prefixes, dead places in the
 * set: the name order (built eight bytes a level, then raw name and id)
 * against the reference, both ways and as a tie-breaker. */
static void long_names_sort_at_every_depth(void **state)
{
	static const char *const prefixes[] = { "", "abcdefg", "ABCDEFGH", "abcdefgh",
		"abcdefghi", "abcdefghijklmno", "AbCdEfGhIjKlMnOp", "abcdefghijklmnopq",
		"abcdefghijklmnopqrstuvwxyz0123456789-abcdefghijklmnopqrstuvwxyz" };
	static const char *const suffixes[] = { "", "a", "A", "b", "ab", "aB", "-", "zzzzzzzzz" };
	struct wft_error err;
	char id[40], name[160];
	(void)state;

	for (size_t n = 40; n <= 6000; n *= 150) {
		struct tokenset *ts = tokenset_new();
		assert_non_null(ts);
		rng = (uint32_t)n;
		for (size_t i = 0; i < n; i++) {
			/* Half the ids share 23 bytes: ties run deep in the ids too. */
			if (i % 2)
				snprintf(id, sizeof id, "%08x-%04x", rnd(1u << 30), (unsigned)i);
			else
				snprintf(id, sizeof id, "00000000-0000-0000-0000-%06x", rnd(1u << 20));
			snprintf(name, sizeof name, "%s%s%s", prefixes[rnd(9)], suffixes[rnd(8)],
			         rnd(4) ? "" : prefixes[rnd(9)]);
			struct wft_token_rec r = { id, name, "sa::x", WFT_ACCOUNT_SERVICE,
			                           (wft_millis)rnd(3), 0 };
			assert_int_equal(tokenset_add(ts, &r, &err), WFT_OK);
			if (i % 7 == 3)
				assert_int_equal(tokenset_remove(ts, id, &err), WFT_OK);
		}
		struct view *v = view_new(ts, test_clock, NULL);
		assert_non_null(v);
		check_against_reference(v);
		view_set_sort(v, VIEW_COL_NAME, true);
		check_against_reference(v);
		view_set_sort(v, VIEW_COL_GENERATED, false);
		check_against_reference(v);
		view_free(v);
	}
}

static void never_used_sorts_as_oldest(void **state)
{
	struct tokenset *ts = tokenset_new();
	struct wft_error err;
	struct wft_token_rec a = { "id-aaaa", "x", "u", WFT_ACCOUNT_USER, 5, 0 };
	struct wft_token_rec b = { "id-bbbb", "x", "u", WFT_ACCOUNT_USER, 5, 1 };
	struct wft_token_rec c = { "id-cccc", "w", "u", WFT_ACCOUNT_USER, 5, 0 };
	(void)state;

	assert_int_equal(tokenset_add(ts, &b, &err), WFT_OK);
	assert_int_equal(tokenset_add(ts, &a, &err), WFT_OK);
	assert_int_equal(tokenset_add(ts, &c, &err), WFT_OK);
	struct view *v = view_new(ts, test_clock, NULL);
	view_set_sort(v, VIEW_COL_LAST_USED, false);
	/* never (c "w" before a "x" by name), then used */
	assert_string_equal(tokenset_id(ts, view_row(v, 0)), "id-cccc");
	assert_string_equal(tokenset_id(ts, view_row(v, 1)), "id-aaaa");
	assert_string_equal(tokenset_id(ts, view_row(v, 2)), "id-bbbb");
	view_set_sort(v, VIEW_COL_LAST_USED, true);
	/* used first; the never-used ties still by name then id */
	assert_string_equal(tokenset_id(ts, view_row(v, 0)), "id-bbbb");
	assert_string_equal(tokenset_id(ts, view_row(v, 1)), "id-cccc");
	assert_string_equal(tokenset_id(ts, view_row(v, 2)), "id-aaaa");
	/* Same name: ties by id. */
	view_set_sort(v, VIEW_COL_NAME, true);
	assert_string_equal(tokenset_id(ts, view_row(v, 0)), "id-aaaa");
	assert_string_equal(tokenset_id(ts, view_row(v, 1)), "id-bbbb");
	assert_string_equal(tokenset_id(ts, view_row(v, 2)), "id-cccc");
	view_free(v);
}

static void paging_edges(void **state)
{
	struct view_page p;
	char buf[64];
	struct view *v = new_view(3, 412);
	(void)state;

	assert_int_equal(view_rows(v), 412);
	view_select(v, 30);
	view_footer(v, buf, sizeof buf);
	assert_string_equal(buf, "rows 26-50 of 412  page 2/17");
	/* The last page is partial. */
	view_goto_page(v, 100);
	view_page(v, &p);
	assert_int_equal(p.index, 16);
	assert_int_equal(p.first, 400);
	assert_int_equal(p.count, 12);
	assert_int_equal(view_selected(v), 400);
	view_footer(v, buf, sizeof buf);
	assert_string_equal(buf, "rows 401-412 of 412  page 17/17");
	view_move(v, 1000);
	assert_int_equal(view_selected(v), 411);
	view_move(v, -5000);
	assert_int_equal(view_selected(v), 0);
	/* A page larger than the set. */
	view_set_page_size(v, 1000);
	view_footer(v, buf, sizeof buf);
	assert_string_equal(buf, "rows 1-412 of 412  page 1/1");
	view_set_page_size(v, 0);
	assert_int_equal(view_page_size(v), 1);
	view_set_page_size(v, 412);
	view_footer(v, buf, sizeof buf);
	assert_string_equal(buf, "rows 1-412 of 412  page 1/1");
	/* Empty. */
	assert_int_equal(view_set_query(v, "nothing-matches-this", NULL), WFT_OK);
	view_page(v, &p);
	assert_int_equal(p.count, 0);
	assert_int_equal(p.pages, 0);
	assert_int_equal(view_selected(v), VIEW_NO_ROW);
	assert_int_equal(view_selected_token(v), TOKENSET_NONE);
	view_footer(v, buf, sizeof buf);
	assert_string_equal(buf, "rows 0-0 of 0  page 0/0");
	view_move(v, 1);
	view_goto_page(v, 1);
	assert_int_equal(view_selected(v), VIEW_NO_ROW);
	view_free(v);

	/* An empty set from the start. */
	v = view_new(NULL, test_clock, NULL);
	assert_int_equal(view_rows(v), 0);
	view_footer(v, buf, sizeof buf);
	assert_string_equal(buf, "rows 0-0 of 0  page 0/0");
	view_free(v);
}

static void selection_follows_its_token(void **state)
{
	struct view *v = new_view(11, 500);
	struct wft_error err;
	char id[64];
	(void)state;

	view_select(v, 123);
	strcpy(id, tokenset_id(view_tokenset(v), view_selected_token(v)));
	/* re-sort */
	view_set_sort(v, VIEW_COL_GENERATED, true);
	assert_string_equal(tokenset_id(view_tokenset(v), view_selected_token(v)), id);
	view_set_sort(v, VIEW_COL_ID, false);
	assert_string_equal(tokenset_id(view_tokenset(v), view_selected_token(v)), id);
	/* refresh: the same tokens plus others, in another order */
	struct tokenset *ts = random_set(99, 300);
	const struct tokenset *old = view_tokenset(v);
	for (tokenset_idx i = tokenset_size(old); i-- > 0;) {
		struct wft_token_rec r;
		tokenset_get(old, i, &r);
		assert_int_equal(tokenset_add(ts, &r, &err), WFT_OK);
	}
	assert_int_equal(view_set_tokenset(v, ts, &err), WFT_OK);
	assert_int_equal(view_rows(v), 800);
	assert_string_equal(tokenset_id(view_tokenset(v), view_selected_token(v)), id);
	check_against_reference(v);
	/* re-filter that keeps it */
	const char *name = tokenset_name(view_tokenset(v), view_selected_token(v));
	char q[64];
	snprintf(q, sizeof q, "name:\"%s\"", name);
	assert_int_equal(view_set_query(v, q, NULL), WFT_OK);
	assert_string_equal(tokenset_id(view_tokenset(v), view_selected_token(v)), id);
	assert_true(view_select_id(v, id));
	/* a filter that hides it: the row at the same place, clamped */
	size_t row = view_selected(v);
	snprintf(q, sizeof q, "-name:\"%s\"", name);
	assert_int_equal(view_set_query(v, q, NULL), WFT_OK);
	assert_int_equal(view_selected(v), row < view_rows(v) ? row : view_rows(v) - 1);
	assert_false(view_select_id(v, id));
	assert_false(view_select_id(v, "no-such-id"));
	view_free(v);
}

static void parse_error_keeps_last_result(void **state)
{
	struct view *v = new_view(5, 200);
	struct query_error qe;
	(void)state;

	assert_int_equal(view_set_query(v, "ci", &qe), WFT_OK);
	size_t n = view_rows(v);
	assert_true(n > 0 && n < 200);
	assert_int_equal(view_set_query(v, "ci /x", &qe), WFT_ERR_INVALID);
	assert_string_equal(qe.err.message, "unclosed /regex/ at 4");
	assert_int_equal(qe.pos, 3);
	assert_int_equal(view_rows(v), n);
	assert_string_equal(view_query_text(v), "ci");
	view_free(v);
}

/* Rows of the incremental view equal a fresh view's, at every keystroke. */
static void narrowing_equals_fresh(void **state)
{
	static const char *const typed[] = {
		"ci-deploy", "name:grafana", "account:sa::ci", "-zz", "a b", "deploy type:service",
		"ci unused:30d", "never", "\"a b\" -x", "id:00", "ci /^c/",
	};
	(void)state;

	for (size_t t = 0; t < sizeof typed / sizeof *typed; t++) {
		struct view *inc = new_view(21, 2000);
		char prefix[64];
		int narrowed = 0;
		view_set_sort(inc, VIEW_COL_LAST_USED, true);
		for (size_t l = 1; l <= strlen(typed[t]); l++) {
			snprintf(prefix, sizeof prefix, "%.*s", (int)l, typed[t]);
			int before = clock_calls;
			if (view_set_query(inc, prefix, NULL) != WFT_OK)
				continue;
			if (clock_calls == before)
				narrowed++;
			struct view *fresh = new_view(21, 2000);
			view_set_sort(fresh, VIEW_COL_LAST_USED, true);
			assert_int_equal(view_set_query(fresh, prefix, NULL), WFT_OK);
			assert_int_equal(view_rows(inc), view_rows(fresh));
			for (size_t r = 0; r < view_rows(fresh); r++)
				assert_int_equal(view_row(inc, r), view_row(fresh, r));
			assert_int_equal(view_count_query(inc), view_count_query(fresh));
			check_against_reference(inc);
			view_free(fresh);
		}
		/* The narrowing path was taken, not only fresh evaluations. */
		assert_true(narrowed > 0);
		view_free(inc);
	}
}

/* The side panel's counts written the plain way: each facet group with
 * the others applied (an empty group passes all), under the query. */
static void check_counts_against_reference(struct view *v)
{
	const struct tokenset *ts = view_tokenset(v);
	const struct facets *f = view_facets(v);
	size_t want_t[2] = {0}, want_u[3] = {0};
	size_t *want_a = calloc(tokenset_account_count(ts) + 1, sizeof *want_a);

	assert_non_null(want_a);
	for (tokenset_idx i = 0; i < tokenset_size(ts); i++) {
		if (!tokenset_is_live(ts, i) || !query_match(view_query(v), ts, i, view_now(v)))
			continue;
		enum wft_account_type t = tokenset_account_type(ts, i);
		unsigned tb = t == WFT_ACCOUNT_UNKNOWN ? 0 : wft_account_type_is_service(t) ? 1 : 2;
		unsigned ub = facets_usage_of(f, ts, i, view_now(v));
		bool pt = !f->types || (f->types & tb), pu = !f->usage || (f->usage & ub);
		bool pa = !f->n_accounts || facets_has_account(f, tokenset_account(ts, i));
		bool pp = facets_picks(f, tokenset_id(ts, i));
		pa = pa && pp;
		if (pu && pa && tb)
			want_t[tb - 1]++;
		for (int b = 0; b < 3; b++)
			if (pt && pa && (ub & (1u << b)))
				want_u[b]++;
		if (pt && pu && pp)
			want_a[tokenset_account_of(ts, i)]++;
	}
	assert_int_equal(view_count_type(v, FACET_TYPE_SERVICE), want_t[0]);
	assert_int_equal(view_count_type(v, FACET_TYPE_USER), want_t[1]);
	assert_int_equal(view_count_usage(v, FACET_USED_RECENTLY), want_u[0]);
	assert_int_equal(view_count_usage(v, FACET_UNUSED), want_u[1]);
	assert_int_equal(view_count_usage(v, FACET_NEVER_USED), want_u[2]);
	for (uint32_t a = 0; a < tokenset_account_count(ts); a++)
		assert_int_equal(view_count_account(v, a), want_a[a]);
	free(want_a);
}

/* Every count the side panel asks for. */
static void check_counts_equal(struct view *a, struct view *b)
{
	assert_int_equal(view_count_query(a), view_count_query(b));
	assert_int_equal(view_count_type(a, FACET_TYPE_SERVICE), view_count_type(b, FACET_TYPE_SERVICE));
	assert_int_equal(view_count_type(a, FACET_TYPE_USER), view_count_type(b, FACET_TYPE_USER));
	for (unsigned u = 1; u <= 4; u <<= 1)
		assert_int_equal(view_count_usage(a, u), view_count_usage(b, u));
	for (uint32_t k = 0; k < tokenset_account_count(view_tokenset(a)); k++)
		assert_int_equal(view_count_account(a, k), view_count_account(b, k));
}

/* What a view went through, to build a fresh one in the same state. */
struct op {
	char id[64], name[32];   /* name "": a removal */
};

static struct view *fresh_view(const struct op *ops, size_t n_ops, const struct facets *f,
                               enum view_column col, bool desc, const char *query)
{
	struct view *v = new_view(21, 2000);
	struct wft_error err;

	for (size_t k = 0; k < n_ops; k++)
		if (ops[k].name[0])
			assert_int_equal(view_rename_token(v, ops[k].id, ops[k].name, &err), WFT_OK);
		else
			assert_int_equal(view_remove_token(v, ops[k].id, &err), WFT_OK);
	assert_int_equal(view_set_facets(v, f, &err), WFT_OK);
	view_set_sort(v, col, desc);
	assert_int_equal(view_set_query(v, query, NULL), WFT_OK);
	return v;
}

/* The edits' own numbers: new views reset rnd(). */
static uint32_t erng = 77;

static uint32_t ernd(uint32_t n)
{
	erng = erng * 1103515245u + 12345u;
	return (erng >> 8) % n;
}

/* Random edits of the search bar (typing, Backspace, Ctrl-W, Ctrl-U, an
 * edit in the middle), with now and then another sort, other facets, a
 * revoke or a rename: after every step the incremental view (narrowed,
 * recent results, cached account matches, rows rebuilt from a small
 * result) has the rows, order and counts of a fresh one. */
static void random_edits_equal_fresh(void **state)
{
	static const char *const pieces[] = { "ci", "deploy", "account:sa", "account:CI", "-ci",
		"/^c/", "account:/m$/", "name:a", "unused:30d", "used:7d", "never", "-never",
		"type:service", "\"a b\"", "id:0", "generated:<20d", "-account:jo", "b" };
	static const char keys[] = "ciadeploysa:-/ ^b0";
	int seen[4] = { 0 };
	struct op ops[16];
	size_t n_ops = 0;
	struct facets f;
	struct wft_error err;
	char text[200] = "";
	(void)state;

	facets_init(&f);
	struct view *inc = new_view(21, 2000);
	for (int step = 0; step < 400; step++) {
		size_t len = strlen(text);
		uint32_t what = ernd(20);
		if (what < 6) {
			if (len + 2 < sizeof text) {
				text[len] = keys[ernd(sizeof keys - 1)];
				text[len + 1] = '\0';
			}
		} else if (what < 9) {
			if (len)
				text[len - 1] = '\0';
		} else if (what < 11) {
			while (len && text[len - 1] == ' ')
				text[--len] = '\0';
			while (len && text[len - 1] != ' ')
				text[--len] = '\0';
		} else if (what < 14) {
			if (len + 20 < sizeof text)
				snprintf(text + len, sizeof text - len, "%s%s", len ? " " : "",
				         pieces[ernd(sizeof pieces / sizeof *pieces)]);
		} else if (what == 14) {
			text[0] = '\0';
		} else if (what == 15 && len > 2) {
			text[ernd((uint32_t)len)] = keys[ernd(sizeof keys - 1)];
		} else if (what == 16) {
			view_set_sort(inc, (enum view_column)ernd(VIEW_N_COLUMNS), ernd(2));
		} else if (what == 17) {
			f.types = ernd(4) ? 0 : 1 + ernd(3);
			f.usage = ernd(3) ? 0 : 1 + ernd(7);
			if (ernd(3) == 0)
				assert_int_equal(facets_toggle_account(&f, ernd(2) ? "sa::ci" : "jo@example.com"),
				                 WFT_OK);
			assert_int_equal(view_set_facets(inc, &f, &err), WFT_OK);
		} else if (what == 18 && n_ops < 16 && view_rows(inc) > 0) {
			/* Revoke or rename a token of the current rows. */
			tokenset_idx i = view_row(inc, ernd((uint32_t)view_rows(inc)));
			struct op *o = &ops[n_ops++];
			snprintf(o->id, sizeof o->id, "%s", tokenset_id(view_tokenset(inc), i));
			snprintf(o->name, sizeof o->name, "%s", ernd(2) ? "" : ernd(2) ? "ci renamed" : "zz");
			if (o->name[0])
				assert_int_equal(view_rename_token(inc, o->id, o->name, &err), WFT_OK);
			else
				assert_int_equal(view_remove_token(inc, o->id, &err), WFT_OK);
		}
		if (view_set_query(inc, text, NULL) != WFT_OK)
			continue;
		seen[view_last_eval(inc)]++;
		struct view *fresh = fresh_view(ops, n_ops, &f, view_sort_column(inc),
		                                view_sort_descending(inc), text);
		assert_int_equal(view_rows(inc), view_rows(fresh));
		for (size_t r = 0; r < view_rows(fresh); r++)
			if (view_row(inc, r) != view_row(fresh, r))
				fail_msg("'%s' (step %d, by %d): row %zu differs", text, step,
				         view_last_eval(inc), r);
		check_counts_equal(inc, fresh);
		check_against_reference(inc);
		if (step % 8 == 0)
			check_counts_against_reference(inc);
		view_free(fresh);
	}
	/* The incremental paths were taken, not only fresh evaluations (with
	 * earlier results at hand a fresh one is rare: the test of the clock
	 * below takes it). */
	for (int k = VIEW_EVAL_NARROWED; k <= VIEW_EVAL_RECENT_NARROWED; k++)
		if (seen[k] < 10)
			fail_msg("path %d taken %d times", k, seen[k]);
	view_free(inc);
	facets_clear(&f);
}

/* A recent result of a query with time terms is used only while the
 * clock has not moved. */
static wft_millis moving_now = NOW;

static wft_millis moving_clock(void *ud)
{
	(void)ud;
	return moving_now;
}

static void recent_results_respect_the_clock(void **state)
{
	struct view *v = view_new(random_set(31, 1500), moving_clock, NULL);
	const struct tokenset *ts = view_tokenset(v);
	(void)state;

	assert_non_null(v);
	moving_now = NOW;
	assert_int_equal(view_set_query(v, "used:7d", NULL), WFT_OK);
	assert_int_equal(view_set_query(v, "used:7d ci", NULL), WFT_OK);
	assert_int_equal(view_last_eval(v), VIEW_EVAL_NARROWED);
	assert_int_equal(view_set_query(v, "used:7d", NULL), WFT_OK);
	assert_int_equal(view_last_eval(v), VIEW_EVAL_RECENT);
	size_t before = view_rows(v);
	/* A day later: tokens last used 6 days ago are out of "used:7d". */
	moving_now = NOW + 2 * DAY;
	assert_int_equal(view_set_query(v, "used:7d ci", NULL), WFT_OK);
	assert_int_equal(view_set_query(v, "used:7d", NULL), WFT_OK);
	assert_int_equal(view_last_eval(v), VIEW_EVAL_FRESH);
	size_t want = 0;
	for (tokenset_idx i = 0; i < tokenset_size(ts); i++)
		want += query_match(view_query(v), ts, i, moving_now);
	assert_int_equal(view_rows(v), want);
	assert_true(want < before);
	/* A query without time terms is the same at any moment. */
	assert_int_equal(view_set_query(v, "ci", NULL), WFT_OK);
	assert_int_equal(view_set_query(v, "ci deploy", NULL), WFT_OK);
	moving_now += DAY;
	assert_int_equal(view_set_query(v, "ci", NULL), WFT_OK);
	assert_int_equal(view_last_eval(v), VIEW_EVAL_RECENT);
	view_free(v);
	moving_now = NOW;
}

static void facets_and_counts(void **state)
{
	struct view *v = new_view(13, 3000);
	struct facets f;
	struct wft_error err;
	(void)state;

	facets_init(&f);
	f.types = FACET_TYPE_SERVICE;
	assert_int_equal(view_set_facets(v, &f, &err), WFT_OK);
	check_against_reference(v);
	f.usage = FACET_UNUSED;
	assert_int_equal(view_set_facets(v, &f, &err), WFT_OK);
	check_against_reference(v);
	assert_int_equal(facets_add_account(&f, "sa::ci"), WFT_OK);
	assert_int_equal(facets_add_account(&f, "jo@example.com"), WFT_OK);
	assert_int_equal(facets_add_account(&f, "nobody"), WFT_OK);
	assert_int_equal(view_set_facets(v, &f, &err), WFT_OK);
	check_against_reference(v);
	assert_int_equal(view_set_query(v, "deploy", NULL), WFT_OK);
	check_against_reference(v);
	f.types = FACET_TYPE_SERVICE | FACET_TYPE_USER;
	f.usage = FACET_USED_RECENTLY | FACET_NEVER_USED;
	f.used_within = 3 * DAY;
	assert_int_equal(view_set_facets(v, &f, &err), WFT_OK);
	check_against_reference(v);

	/* Counts: each group with the others applied, under the query. */
	check_counts_against_reference(v);
	assert_true(view_count_type(v, FACET_TYPE_SERVICE) + view_count_type(v, FACET_TYPE_USER) > 0);
	assert_true(view_count_account(v, tokenset_account_find(view_tokenset(v), "sa::ci")) > 0);
	assert_int_equal(view_count_total(v), 3000);

	/* A pick by id (SINCE LAST SESSION, Mine): only those tokens, and
	 * the counts with it applied. */
	const struct tokenset *ts = view_tokenset(v);
	char *picked[41];
	size_t np = 0;
	for (tokenset_idx i = 0; i < tokenset_size(ts) && np < 40; i += 71)
		picked[np++] = (char *)tokenset_id(ts, i);
	picked[np++] = (char *)"not-a-token-of-the-set";
	view_clear_filters(v);
	facets_clear(&f);
	assert_int_equal(facets_set_pick(&f, 3, picked, np), WFT_OK);
	assert_int_equal(view_set_facets(v, &f, &err), WFT_OK);
	assert_int_equal(view_rows(v), np - 1);
	assert_false(facets_is_empty(view_facets(v)));
	check_against_reference(v);
	check_counts_against_reference(v);
	f.usage = FACET_NEVER_USED;
	assert_int_equal(view_set_facets(v, &f, &err), WFT_OK);
	check_against_reference(v);
	check_counts_against_reference(v);
	assert_int_equal(facets_set_pick(&f, 0, NULL, 0), WFT_OK);
	assert_true(facets_picks(&f, "anything"));

	/* Clearing brings everything back. */
	view_clear_filters(v);
	assert_int_equal(view_rows(v), 3000);
	assert_true(facets_is_empty(view_facets(v)));
	assert_string_equal(view_query_text(v), "");
	facets_clear(&f);
	view_free(v);
}

static void remove_and_rename_in_place(void **state)
{
	struct view *v = new_view(17, 1000);
	struct wft_error err;
	char id[64], next[64];
	(void)state;

	view_set_sort(v, VIEW_COL_ACCOUNT, true);
	assert_int_equal(view_set_query(v, "-never", NULL), WFT_OK);
	size_t n = view_rows(v);
	view_select(v, 10);
	strcpy(id, tokenset_id(view_tokenset(v), view_selected_token(v)));
	strcpy(next, tokenset_id(view_tokenset(v), view_row(v, 11)));
	assert_int_equal(view_remove_token(v, id, &err), WFT_OK);
	assert_int_equal(view_rows(v), n - 1);
	assert_int_equal(view_selected(v), 10);
	assert_string_equal(tokenset_id(view_tokenset(v), view_selected_token(v)), next);
	assert_int_equal(view_count_total(v), 999);
	check_against_reference(v);
	assert_int_equal(view_remove_token(v, id, &err), WFT_ERR_INVALID);

	/* Rename the selected token: it moves and stays selected. */
	assert_int_equal(view_rename_token(v, next, "AAAA first by name", &err), WFT_OK);
	assert_string_equal(tokenset_id(view_tokenset(v), view_selected_token(v)), next);
	check_against_reference(v);
	/* A rename that takes it out of the query. */
	assert_int_equal(view_set_query(v, "-never deploy", NULL), WFT_OK);
	tokenset_idx r0 = view_row(v, 0);
	strcpy(id, tokenset_id(view_tokenset(v), r0));
	assert_int_equal(view_rename_token(v, id, "gone", &err), WFT_OK);
	assert_int_equal(view_row_of(v, tokenset_find(view_tokenset(v), id)), VIEW_NO_ROW);
	check_against_reference(v);
	/* Other sorts see the new names too. */
	for (int c = 0; c < VIEW_N_COLUMNS; c++) {
		view_set_sort(v, (enum view_column)c, c & 1);
		check_against_reference(v);
	}
	assert_int_equal(view_rename_token(v, "no-such", "x", &err), WFT_ERR_INVALID);
	view_free(v);
}

static void column_names(void **state)
{
	(void)state;
	for (int c = 0; c < VIEW_N_COLUMNS; c++)
		assert_int_equal(view_column_parse(view_column_name((enum view_column)c)), c);
	assert_int_equal(view_column_parse("Last used on"), VIEW_COL_LAST_USED);
	assert_int_equal(view_column_parse("Generated by"), VIEW_COL_ACCOUNT);
	assert_int_equal(view_column_parse("dateGenerated"), VIEW_COL_GENERATED);
	assert_int_equal(view_column_parse("colour"), -1);
	assert_int_equal(view_column_parse(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sorts_every_column_both_ways),
		cmocka_unit_test(long_names_sort_at_every_depth),
		cmocka_unit_test(never_used_sorts_as_oldest),
		cmocka_unit_test(paging_edges),
		cmocka_unit_test(selection_follows_its_token),
		cmocka_unit_test(parse_error_keeps_last_result),
		cmocka_unit_test(narrowing_equals_fresh),
		cmocka_unit_test(random_edits_equal_fresh),
		cmocka_unit_test(recent_results_respect_the_clock),
		cmocka_unit_test(facets_and_counts),
		cmocka_unit_test(remove_and_rename_in_place),
		cmocka_unit_test(column_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
