/* test_query.c: every term of the search language, negation, regex errors,
 * smart case, time boundaries, highlight spans and facets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "query.h"

#define DAY ((wft_millis)86400000)
#define NOW ((wft_millis)1800000000000)

static struct tokenset *ts;

/* index: id, name, account, type, generated, last used */
static const struct wft_token_rec recs[] = {
	{ "a411c16b-3cf7-4f03-bf11-8ca05aab898d", "ci-deploy", "sa::ci-bot",
	  WFT_ACCOUNT_SERVICE, NOW - 400 * DAY, NOW - 1 * DAY },            /* 0 */
	{ "b5d2e7aa-0000-4f03-bf11-000000001111", "Grafana RO", "sa::grafana",
	  WFT_ACCOUNT_SERVICE, NOW - 20 * DAY, 0 },                          /* 1 */
	{ "c0000000-0000-4000-8000-00000000abcd", "laptop", "jo@example.com",
	  WFT_ACCOUNT_USER, NOW - 89 * DAY, NOW - 30 * DAY },                /* 2 */
	{ "d0000000-0000-4000-8000-0000000011ab", "CI nightly", "sa::ci-bot",
	  WFT_ACCOUNT_INACTIVE_SERVICE, 0, NOW - 30 * DAY + 1 },             /* 3 */
	{ "e0000000-0000-4000-8000-00000000ffff", "caf\xc3\xa9 token", "ann@example.com",
	  WFT_ACCOUNT_CSP_USER, NOW - 91 * DAY, NOW - 7 * DAY },             /* 4 */
	{ "f0000000-0000-4000-8000-000000009999", "old", "sa::legacy",
	  WFT_ACCOUNT_SERVICE, NOW - 366 * DAY, NOW - 7 * DAY - 1 },         /* 5 */
};
#define N (sizeof recs / sizeof recs[0])

static int setup(void **state)
{
	struct wft_error err;
	(void)state;
	ts = tokenset_new();
	for (size_t i = 0; i < N; i++)
		if (tokenset_add(ts, &recs[i], &err))
			return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tokenset_free(ts);
	return 0;
}

/* The matching tokens as a string of indexes, e.g. "025". */
static char *matches(const char *qs)
{
	static char out[N + 1];
	struct query *q;
	struct query_eval *ev;
	struct query_error qe;
	struct wft_error err;
	size_t k = 0;

	if (query_parse(qs, &q, &qe) != WFT_OK)
		fail_msg("parse of '%s' failed: %s", qs, qe.err.message);
	assert_int_equal(query_eval_new(q, ts, NOW, &ev, &err), WFT_OK);
	for (tokenset_idx i = 0; i < N; i++)
		if (query_eval_match(ev, i)) {
			assert_true(query_match(q, ts, i, NOW));
			out[k++] = (char)('0' + i);
		}
	out[k] = '\0';
	query_eval_free(ev);
	query_free(q);
	return out;
}

static const char *parse_error(const char *qs, size_t *pos)
{
	static char msg[512];
	struct query *q = NULL;
	struct query_error qe;

	assert_int_equal(query_parse(qs, &q, &qe), WFT_ERR_INVALID);
	assert_null(q);
	*pos = qe.pos;
	strcpy(msg, qe.err.message);
	return msg;
}

static void plain_words(void **state)
{
	(void)state;
	assert_string_equal(matches(""), "012345");
	assert_string_equal(matches("   "), "012345");
	assert_string_equal(matches("ci"), "03");            /* name and account */
	assert_string_equal(matches("CI-BOT"), "03");        /* account, any case */
	assert_string_equal(matches("grafana ro"), "1");     /* AND of words */
	assert_string_equal(matches("898d"), "0");           /* end of the id */
	assert_string_equal(matches("898D"), "0");
	assert_string_equal(matches("3cf7"), "");            /* middle of the id: no */
	assert_string_equal(matches("98"), "0");             /* inside the last 4 */
	assert_string_equal(matches("b898d"), "");           /* longer than the visible 4 */
	assert_string_equal(matches("example"), "24");
	assert_string_equal(matches("CAF\xc3\xa9"), "4");    /* ASCII folding */
	assert_string_equal(matches("nothing-like-this"), "");
}

static void field_words_and_phrases(void **state)
{
	(void)state;
	assert_string_equal(matches("name:ci"), "03");
	assert_string_equal(matches("account:ci"), "03");
	assert_string_equal(matches("account:grafana"), "1");
	assert_string_equal(matches("name:grafana"), "1");
	assert_string_equal(matches("name:example"), "");
	assert_string_equal(matches("id:3cf7"), "0");        /* anywhere in the id */
	assert_string_equal(matches("ID:4F03"), "01");
	assert_string_equal(matches("\"grafana ro\""), "1");
	assert_string_equal(matches("\"ro grafana\""), "");
	assert_string_equal(matches("name:\"CI nightly\""), "3");
	assert_string_equal(matches("\"say \\\"hi\\\"\""), "");
	assert_string_equal(matches("sa::ci-bot"), "03");    /* not a field prefix */
	assert_string_equal(matches("name:never"), "");
	assert_string_equal(matches("\"never\""), "");       /* quoted: a word */
}

static void types_and_negation(void **state)
{
	(void)state;
	assert_string_equal(matches("type:service"), "0135");
	assert_string_equal(matches("type:USER"), "24");
	assert_string_equal(matches("-type:service"), "24");
	assert_string_equal(matches("-ci"), "1245");
	assert_string_equal(matches("-ci -example"), "15");
	assert_string_equal(matches("type:service -name:ci"), "15");
	assert_string_equal(matches("-\"grafana ro\""), "02345");
}

static void time_terms_and_boundaries(void **state)
{
	(void)state;
	/* used within 7 days: exactly 7 days counts, a millisecond more not. */
	assert_string_equal(matches("used:7d"), "04");
	assert_string_equal(matches("used:1w"), "04");
	assert_string_equal(matches("used:25h"), "0");
	/* unused for 30 days or more, or never: exactly 30 days counts. */
	assert_string_equal(matches("unused:30d"), "12");
	assert_string_equal(matches("unused:1m"), "12");
	assert_string_equal(matches("-unused:30d"), "0345");
	assert_string_equal(matches("never"), "1");
	assert_string_equal(matches("NEVER"), "1");
	assert_string_equal(matches("-never"), "02345");
	/* generated: strictly less / more; unknown dates match neither. */
	assert_string_equal(matches("generated:<90d"), "12");
	assert_string_equal(matches("generated:<89d"), "1");
	assert_string_equal(matches("generated:>90d"), "045");
	assert_string_equal(matches("generated:>1y"), "05");
	assert_string_equal(matches("generated:>366d"), "0");
	assert_string_equal(matches("-generated:>1y"), "1234");
	assert_string_equal(matches("used:7d type:user"), "4");
}

static void durations(void **state)
{
	wft_millis ms;
	(void)state;
	assert_int_equal(query_parse_duration("2h", 2, &ms), WFT_OK);
	assert_int_equal(ms, 2 * 3600000);
	assert_int_equal(query_parse_duration("1y", 2, &ms), WFT_OK);
	assert_int_equal(ms, 365 * DAY);
	assert_int_equal(query_parse_duration("3m", 2, &ms), WFT_OK);
	assert_int_equal(ms, 90 * DAY);
	assert_int_equal(query_parse_duration("d", 1, &ms), WFT_ERR_INVALID);
	assert_int_equal(query_parse_duration("7", 1, &ms), WFT_ERR_INVALID);
	assert_int_equal(query_parse_duration("7s", 2, &ms), WFT_ERR_INVALID);
	assert_int_equal(query_parse_duration("99999999999d", 12, &ms), WFT_ERR_INVALID);
}

static void regexes_and_smart_case(void **state)
{
	(void)state;
	assert_string_equal(matches("/^ci/"), "03");           /* name or account */
	assert_string_equal(matches("/^CI/"), "3");            /* uppercase: sensitive */
	assert_string_equal(matches("name:/^c/"), "034");
	assert_string_equal(matches("name:/^C/"), "3");
	assert_string_equal(matches("/\\S+ RO$/"), "1");      /* \S is no uppercase */
	assert_string_equal(matches("/\\sro$/"), "1");
	assert_string_equal(matches("account:/@example\\.com$/"), "24");
	assert_string_equal(matches("id:/^a4/"), "0");
	assert_string_equal(matches("-/ci/"), "1245");
	assert_string_equal(matches("/caf\xc3\x89/"), "4");   /* sensitive: no match for É */
	assert_string_equal(matches("/caf./"), "4");           /* UTF-8: one character */
	assert_string_equal(matches("/a\\/b/"), "");
	assert_string_equal(matches("/\\p{Lu}/"), "13");       /* \p{..} is no uppercase */
}

static void parse_errors(void **state)
{
	size_t pos;
	(void)state;
	assert_string_equal(parse_error("name:ci /abc", &pos), "unclosed /regex/ at 9");
	assert_int_equal(pos, 8);
	assert_string_equal(parse_error("ci \"abc", &pos), "unclosed quote at 4");
	assert_non_null(strstr(parse_error("/(a/", &pos), "bad /regex/: missing closing parenthesis"));
	assert_int_equal(pos, 3);
	assert_non_null(strstr(parse_error("name:/a[/", &pos), "bad /regex/"));
	assert_string_equal(parse_error("- x", &pos), "nothing after - at 1");
	assert_string_equal(parse_error("x name:", &pos), "nothing after name: at 3");
	assert_string_equal(parse_error("type:robot", &pos), "type: takes service or user at 6");
	assert_non_null(strstr(parse_error("used:7", &pos), "bad duration"));
	assert_non_null(strstr(parse_error("unused:x30d", &pos), "bad duration"));
	assert_non_null(strstr(parse_error("generated:90d", &pos), "generated: takes"));
	assert_non_null(strstr(parse_error("generated:<9q", &pos), "bad duration"));
	assert_string_equal(parse_error("/a/b", &pos), "a blank must follow /regex/ at 4");
	assert_string_equal(parse_error("//", &pos), "empty /regex/ at 1");
	/* Columns count characters, not bytes. */
	assert_string_equal(parse_error("\xc3\xa9\xc3\xa9 /x", &pos), "unclosed /regex/ at 4");
	assert_int_equal(pos, 5);
	char *big = malloc(QUERY_MAX_LEN + 2);
	assert_non_null(big);
	memset(big, 'a', QUERY_MAX_LEN + 1);
	big[QUERY_MAX_LEN + 1] = '\0';
	assert_non_null(strstr(parse_error(big, &pos), "too long"));
	free(big);
}

static void term_introspection(void **state)
{
	struct query *q;
	struct query_error qe;
	(void)state;
	assert_int_equal(query_parse("-name:\"a b\" /x/ type:user unused:30d generated:<2w never",
	                             &q, &qe), WFT_OK);
	assert_int_equal(query_term_count(q), 6);
	assert_int_equal(query_term_kind(q, 0), QT_NAME);
	assert_true(query_term_negated(q, 0));
	assert_string_equal(query_term_value(q, 0), "a b");
	assert_string_equal(query_term_source(q, 0), "-name:\"a b\"");
	assert_int_equal(query_term_kind(q, 1), QT_REGEX);
	assert_int_equal(query_term_field(q, 1), QF_NAME | QF_ACCOUNT);
	assert_string_equal(query_term_value(q, 1), "x");
	assert_int_equal(query_term_kind(q, 2), QT_TYPE);
	assert_string_equal(query_term_value(q, 2), "user");
	assert_int_equal(query_term_kind(q, 3), QT_UNUSED);
	assert_int_equal(query_term_millis(q, 3), 30 * DAY);
	assert_int_equal(query_term_kind(q, 4), QT_GEN_LT);
	assert_string_equal(query_term_value(q, 4), "2w");
	assert_int_equal(query_term_kind(q, 5), QT_NEVER);
	assert_false(query_is_empty(q));
	query_free(q);
}

static void highlight_spans(void **state)
{
	struct query *q;
	struct query_error qe;
	struct query_span sp[8];
	(void)state;

	assert_int_equal(query_parse("ci -deploy name:/n.g/ account:zzz", &q, &qe), WFT_OK);
	/* "ci" twice, "nig" once; -deploy (negated) and account: not at all. */
	assert_int_equal(query_spans(q, QF_NAME, "CI nightly ci-deploy", sp, 8), 3);
	assert_int_equal(sp[0].start, 0);
	assert_int_equal(sp[0].end, 2);
	assert_int_equal(sp[1].start, 3);
	assert_int_equal(sp[1].end, 6);
	assert_int_equal(sp[2].start, 11);
	assert_int_equal(sp[2].end, 13);
	/* Only as many as there is room for, the total still returned. */
	assert_int_equal(query_spans(q, QF_NAME, "CI nightly ci-deploy", sp, 1), 3);
	assert_int_equal(query_spans(q, QF_NAME, "nothing", sp, 8), 0);
	query_free(q);

	/* Overlapping matches merge. */
	assert_int_equal(query_parse("abc bcd", &q, &qe), WFT_OK);
	assert_int_equal(query_spans(q, QF_NAME, "xabcdx", sp, 8), 1);
	assert_int_equal(sp[0].start, 1);
	assert_int_equal(sp[0].end, 5);
	/* The id: only its last 4 characters. */
	assert_int_equal(query_spans(q, QF_ID, "abcd-0bcd", sp, 8), 1);
	assert_int_equal(sp[0].start, 6);
	query_free(q);

	/* An empty-matching regex gives no spans and does not loop. */
	assert_int_equal(query_parse("/x*/", &q, &qe), WFT_OK);
	assert_int_equal(query_spans(q, QF_NAME, "abxxc", sp, 8), 1);
	assert_int_equal(sp[0].start, 2);
	assert_int_equal(sp[0].end, 4);
	query_free(q);
}

static void catastrophic_regex_is_bounded(void **state)
{
	struct wft_token_rec r = { "zz-long", NULL, "x", WFT_ACCOUNT_USER, 0, 0 };
	struct wft_error err;
	char name[200];
	(void)state;

	memset(name, 'a', sizeof name - 2);
	name[sizeof name - 2] = '!';
	name[sizeof name - 1] = '\0';
	r.name = name;
	assert_int_equal(tokenset_add(ts, &r, &err), WFT_OK);
	struct query *q;
	struct query_error qe;
	assert_int_equal(query_parse("name:/^(a+)+$/", &q, &qe), WFT_OK);
	assert_false(query_match(q, ts, tokenset_find(ts, "zz-long"), NOW));
	query_free(q);
	assert_int_equal(tokenset_remove(ts, "zz-long", &err), WFT_OK);
}

static void facets_sets(void **state)
{
	struct facets f, g;
	(void)state;

	facets_init(&f);
	assert_true(facets_is_empty(&f));
	assert_int_equal(facets_add_account(&f, "sa::b"), WFT_OK);
	assert_int_equal(facets_add_account(&f, "sa::a"), WFT_OK);
	assert_int_equal(facets_add_account(&f, "sa::b"), WFT_OK);
	assert_int_equal(f.n_accounts, 2);
	assert_string_equal(f.accounts[0], "sa::a");
	assert_true(facets_has_account(&f, "sa::b"));
	assert_int_equal(facets_toggle_account(&f, "sa::b"), WFT_OK);
	assert_false(facets_has_account(&f, "sa::b"));
	assert_int_equal(facets_toggle_account(&f, "sa::c"), WFT_OK);
	f.types = FACET_TYPE_USER;
	assert_int_equal(facets_copy(&g, &f), WFT_OK);
	assert_int_equal(g.n_accounts, 2);
	assert_int_equal(g.types, FACET_TYPE_USER);
	assert_true(facets_has_account(&g, "sa::c"));
	facets_clear(&f);
	facets_clear(&g);

	/* Usage buckets with the default thresholds, boundaries included. */
	facets_init(&f);
	assert_int_equal(facets_usage_of(&f, ts, 0, NOW), FACET_USED_RECENTLY);
	assert_int_equal(facets_usage_of(&f, ts, 1, NOW), FACET_UNUSED | FACET_NEVER_USED);
	assert_int_equal(facets_usage_of(&f, ts, 2, NOW), FACET_UNUSED);
	assert_int_equal(facets_usage_of(&f, ts, 3, NOW), 0);
	assert_int_equal(facets_usage_of(&f, ts, 4, NOW), FACET_USED_RECENTLY);
	assert_int_equal(facets_usage_of(&f, ts, 5, NOW), 0);
	f.unused_for = 7 * DAY;
	assert_int_equal(facets_usage_of(&f, ts, 4, NOW), FACET_USED_RECENTLY | FACET_UNUSED);
	facets_clear(&f);
}

static uint32_t rng = 1;

static uint32_t rnd(uint32_t n)
{
	rng = rng * 1103515245u + 12345u;
	return (rng >> 8) % n;
}

/* A set of n tokens over many accounts of mixed case. */
static struct tokenset *random_set(size_t n, size_t n_accounts)
{
	static const char *const words[] = { "ci", "CI", "deploy", "grafana", "sa", "x7" };
	struct tokenset *s = tokenset_new();
	struct wft_error err;
	char id[48], name[48], acct[48];

	assert_non_null(s);
	for (size_t i = 0; i < n; i++) {
		uint32_t a = rnd((uint32_t)n_accounts);
		snprintf(id, sizeof id, "%08x-0000-4000-8000-%012x", (unsigned)i, rnd(1u << 16));
		snprintf(name, sizeof name, "%s-%s", words[rnd(6)], words[rnd(6)]);
		snprintf(acct, sizeof acct, a % 3 ? "sa::%s-%u" : "%s%u@example.com",
		         words[a % 6], (unsigned)a);
		struct wft_token_rec r = { id, name, acct, WFT_ACCOUNT_SERVICE, NOW, 0 };
		assert_int_equal(tokenset_add(s, &r, &err), WFT_OK);
	}
	return s;
}

/* The plain meaning of substring terms, written apart from the engine. */
static bool ref_has(const char *h, const char *n)
{
	return strcasestr(h, n) != NULL;
}

static bool ref_match(const struct query *q, const struct tokenset *s, tokenset_idx i,
                      bool *known)
{
	*known = true;
	for (size_t k = 0; k < query_term_count(q); k++) {
		const char *v = query_term_value(q, k), *id = tokenset_id(s, i);
		bool m;
		switch (query_term_kind(q, k)) {
		case QT_WORD:
			m = ref_has(tokenset_name(s, i), v) || ref_has(tokenset_account(s, i), v) ||
			    ref_has(id + strlen(id) - 4, v);
			break;
		case QT_ACCOUNT:
			m = ref_has(tokenset_account(s, i), v);
			break;
		case QT_NAME:
			m = ref_has(tokenset_name(s, i), v);
			break;
		default:
			*known = false;
			return false;
		}
		if (m == query_term_negated(q, k))
			return false;
	}
	return true;
}

/* Evaluations that keep account matches between them (a cache, filled
 * lazily, entries evicted) give what a fresh evaluation and a plain
 * reference give, through random edits of the search bar. */
static void cached_account_matches_equal_fresh(void **state)
{
	static const char *const pieces[] = { "ci", "sa", "account:sa::", "account:CI", "-ci",
		"deploy", "/^sa::c/", "account:/[0-9]$/", "x", "7", "-account:gra", "name:x7",
		"account:@", "-/E/", "\"a-\"", "name:/^c/", "/7$/", "\"\"", "-name:sa", "id:0",
		"type:service", "-never", "a7" };
	static const char keys[] = "ciasdeploy:-/ 7^$@";
	struct tokenset *sets[2];
	struct query_cache *c = query_cache_new();
	struct wft_error err;
	char text[256] = "";
	int compared = 0, referenced = 0;
	(void)state;

	assert_non_null(c);
	rng = 5;
	sets[0] = random_set(3000, 900);
	sets[1] = random_set(500, 40);
	for (int step = 0; step < 600; step++) {
		size_t len = strlen(text);
		switch (rnd(6)) {
		case 0:
		case 1:
			if (len + 2 < sizeof text) {
				text[len] = keys[rnd(sizeof keys - 1)];
				text[len + 1] = '\0';
			}
			break;
		case 2:
			if (len)
				text[len - 1] = '\0';
			break;
		case 3: /* Ctrl-W */
			while (len && text[len - 1] == ' ')
				text[--len] = '\0';
			while (len && text[len - 1] != ' ')
				text[--len] = '\0';
			break;
		case 4:
			if (len + 20 < sizeof text)
				snprintf(text + len, sizeof text - len, "%s%s", len ? " " : "",
				         pieces[rnd(sizeof pieces / sizeof *pieces)]);
			break;
		default:
			if (rnd(8) == 0)
				text[0] = '\0';
			break;
		}
		struct query *q;
		if (query_parse(text, &q, NULL) != WFT_OK)
			continue;
		/* Mostly the big set; now and then the other one with the same
		 * cache, whose account numbers mean other names. */
		const struct tokenset *s = sets[step % 50 == 49];
		struct query_eval *cached, *fresh;
		assert_int_equal(query_eval_new_cached(q, s, NOW, c, &cached, &err), WFT_OK);
		assert_int_equal(query_eval_new(q, s, NOW, &fresh, &err), WFT_OK);
		/* All accounts at once now and then, else on demand. */
		if (rnd(3) == 0)
			query_eval_fill_accounts(cached);
		/* Tokens in a random order: the lazy bytes fill in any order. */
		size_t n = tokenset_size(s), start = rnd((uint32_t)n);
		for (size_t j = 0; j < n; j++) {
			tokenset_idx i = (tokenset_idx)((start + j * 7919) % n);
			bool m = query_eval_match(cached, i), known;
			assert_int_equal(m, query_eval_match(fresh, i));
			bool r = ref_match(q, s, i, &known);
			if (known) {
				if (m != r)
					fail_msg("'%s' on token %u: %d, reference %d", text, i, m, r);
				referenced++;
			}
			compared++;
		}
		/* The filter over a list (term by term, over the columns) keeps
		 * what the token-by-token match says, in order. */
		struct query_eval *bulk;
		assert_int_equal(query_eval_new_cached(q, s, NOW, c, &bulk, &err), WFT_OK);
		tokenset_idx *idx = malloc(n * sizeof *idx), *want = malloc(n * sizeof *want);
		assert_non_null(idx);
		assert_non_null(want);
		size_t m = 0, n_want = 0;
		for (size_t j = 0; j < n; j++)
			if (rnd(4)) {
				idx[m++] = (tokenset_idx)j;
				if (query_eval_match(fresh, (tokenset_idx)j))
					want[n_want++] = (tokenset_idx)j;
			}
		size_t kept = query_eval_filter(bulk, idx, m);
		if (kept != n_want)
			fail_msg("'%s': the filter kept %zu of %zu, matches %zu", text, kept, m, n_want);
		assert_memory_equal(idx, want, kept * sizeof *idx);
		free(want);
		free(idx);
		query_eval_free(bulk);
		query_eval_free(cached);
		query_eval_free(fresh);
		query_free(q);
	}
	assert_true(compared > 100000);
	assert_true(referenced > 10000);

	/* More account terms than the cache holds: the rest are the
	 * evaluation's own, and the results still agree. */
	struct query *q;
	assert_int_equal(query_parse("a b c d e f g h i j k l m n o p q r s t u v -w "
	                             "account:1 account:2", &q, NULL), WFT_OK);
	struct query *q2;
	assert_int_equal(query_parse("-zz -yy -xx -ww -vv -uu -tt -ss -rr -qq -pp -oo -nn -mm "
	                             "-ll -kk -jj -ii -hh", &q2, NULL), WFT_OK);
	for (int rep = 0; rep < 2; rep++) {
		struct query_eval *cached, *fresh;
		const struct query *qq = rep ? q2 : q;
		assert_int_equal(query_eval_new_cached(qq, sets[0], NOW, c, &cached, &err), WFT_OK);
		assert_int_equal(query_eval_new(qq, sets[0], NOW, &fresh, &err), WFT_OK);
		size_t hits = 0;
		for (tokenset_idx i = 0; i < tokenset_size(sets[0]); i++) {
			bool m = query_eval_match(cached, i), known;
			assert_int_equal(m, query_eval_match(fresh, i));
			assert_int_equal(m, ref_match(qq, sets[0], i, &known));
			assert_true(known);
			hits += m;
		}
		query_eval_free(cached);
		query_eval_free(fresh);
		assert_true(rep ? hits > 0 : hits == 0);
	}
	query_free(q);
	query_free(q2);
	query_cache_free(c);
	tokenset_free(sets[0]);
	tokenset_free(sets[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_words),
		cmocka_unit_test(field_words_and_phrases),
		cmocka_unit_test(types_and_negation),
		cmocka_unit_test(time_terms_and_boundaries),
		cmocka_unit_test(durations),
		cmocka_unit_test(regexes_and_smart_case),
		cmocka_unit_test(parse_errors),
		cmocka_unit_test(term_introspection),
		cmocka_unit_test(highlight_spans),
		cmocka_unit_test(catastrophic_regex_is_bounded),
		cmocka_unit_test(facets_sets),
		cmocka_unit_test(cached_account_matches_equal_fresh),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
