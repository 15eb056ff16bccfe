/* serverquery.c: a search split into what the token search says exactly
 * and what the console applies to each fetched page (serverquery.h). */
#include <stdlib.h>
#include <string.h>

#include "serverquery.h"

static const char *const service_types[] = {
	"SERVICE_ACCOUNT", "INACTIVE_SERVICE_ACCOUNT", "CSP_SERVICE_ACCOUNT",
	"CSP_AUTHORIZED_SERVICE_ACCOUNT",
};
static const char *const user_types[] = {
	"USER_ACCOUNT", "CSP_USER_ACCOUNT", "CSP_AUTHORIZED_USER_ACCOUNT",
};
/* Both kinds: the service types then the user types. */
static const char *const all_types[] = {
	"SERVICE_ACCOUNT", "INACTIVE_SERVICE_ACCOUNT", "CSP_SERVICE_ACCOUNT",
	"CSP_AUTHORIZED_SERVICE_ACCOUNT", "USER_ACCOUNT", "CSP_USER_ACCOUNT",
	"CSP_AUTHORIZED_USER_ACCOUNT",
};
#define N_OF(a) (sizeof (a) / sizeof *(a))

static const char *const sort_fields[VIEW_N_COLUMNS] = {
	"id", "name", "account", "accountType", "dateGenerated", "lastUsed",
};

const char *serverquery_sort_field(enum view_column c)
{
	return (unsigned)c < VIEW_N_COLUMNS ? sort_fields[c] : "name";
}

/* One to four hexadecimal digits: may be (part of) the id's visible end,
 * which the server's freetext does not search. */
static bool may_be_id_tail(const char *w)
{
	size_t n = strlen(w);

	if (n == 0 || n > 4)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdefABCDEF", w[i]))
			return false;
	return true;
}

bool serverquery_term_is_local(const struct query *q, size_t i)
{
	switch (query_term_kind(q, i)) {
	case QT_WORD:
		return may_be_id_tail(query_term_value(q, i));
	case QT_REGEX:
		return true;
	default:
		return false;
	}
}

static struct wft_search_term *add_term(struct serverquery *sq, const char *key,
                                        enum wft_match m, bool negated)
{
	struct wft_search_term *t = &sq->terms[sq->n_terms++];

	memset(t, 0, sizeof *t);
	t->key = key;
	t->match = m;
	t->negated = negated;
	return t;
}

static void set_types(struct wft_search_term *t, unsigned types)
{
	if (types == (FACET_TYPE_SERVICE | FACET_TYPE_USER)) {
		t->values = all_types;
		t->n_values = N_OF(all_types);
	} else if (types & FACET_TYPE_SERVICE) {
		t->values = service_types;
		t->n_values = N_OF(service_types);
	} else {
		t->values = user_types;
		t->n_values = N_OF(user_types);
	}
}

/* A range of last uses or generation dates; negated, a token without the
 * field matches (doc/api.md 5.9). 0 for an open end. */
static void add_range(struct serverquery *sq, const char *key, bool negated, wft_millis start,
                      wft_millis end)
{
	struct wft_search_term *t = add_term(sq, key, WFT_MATCH_EXACT, negated);

	t->has_start = start != 0;
	t->start = start;
	t->has_end = end != 0;
	t->end = end;
}

/* Term i of q, known to be the server's, as a SearchQuery. */
static void add_query_term(struct serverquery *sq, const struct query *q, size_t i,
                           wft_millis now)
{
	const char *v = query_term_value(q, i);
	bool neg = query_term_negated(q, i);
	wft_millis d = query_term_millis(q, i);

	switch (query_term_kind(q, i)) {
	case QT_WORD: add_term(sq, "freetext", WFT_MATCH_CONTAINS, neg)->value = v; break;
	case QT_NAME: add_term(sq, "name", WFT_MATCH_CONTAINS, neg)->value = v; break;
	case QT_ACCOUNT: add_term(sq, "account", WFT_MATCH_CONTAINS, neg)->value = v; break;
	case QT_ID: add_term(sq, "id", WFT_MATCH_CONTAINS, neg)->value = v; break;
	case QT_TYPE:
		set_types(add_term(sq, "accountType", WFT_MATCH_EXACT, neg),
		          strcmp(v, "service") == 0 ? FACET_TYPE_SERVICE : FACET_TYPE_USER);
		break;
	/* used within d: last use at now - d or later; unused for d: not
	 * used after now - d (or never); never: no use at all */
	case QT_USED: add_range(sq, "lastUsed", neg, now - d, 0); break;
	case QT_UNUSED: add_range(sq, "lastUsed", !neg, now - d + 1, 0); break;
	case QT_NEVER: add_range(sq, "lastUsed", !neg, 1, 0); break;
	case QT_GEN_LT: add_range(sq, "dateGenerated", neg, now - d + 1, 0); break;
	case QT_GEN_GT: add_range(sq, "dateGenerated", neg, 0, now - d - 1); break;
	default: break;
	}
}

/* The usage filters (ORed with each other) as one range of last uses, or
 * the range the tokens must not be in. */
static void add_usage(struct serverquery *sq, const struct facets *f, wft_millis now)
{
	wft_millis recent = now - f->used_within, unused = now - f->unused_for + 1;
	unsigned u = f->usage;

	if (u == FACET_USED_RECENTLY)
		add_range(sq, "lastUsed", false, recent, 0);
	else if (u == FACET_NEVER_USED)
		add_range(sq, "lastUsed", true, 1, 0);
	else if (!(u & FACET_USED_RECENTLY))          /* unused, never among them */
		add_range(sq, "lastUsed", true, unused, 0);
	else if (!(u & FACET_UNUSED))                 /* recently or never */
		add_range(sq, "lastUsed", true, 1, recent - 1);
	else if (unused <= recent - 1)                /* recently or unused: not between */
		add_range(sq, "lastUsed", true, unused, recent - 1);
}

static void add_facets(struct serverquery *sq, const struct facets *f, wft_millis now)
{
	struct wft_search_term *t;

	if (f->types)
		set_types(add_term(sq, "accountType", WFT_MATCH_EXACT, false), f->types);
	if (f->usage)
		add_usage(sq, f, now);
	if (f->n_accounts) {
		t = add_term(sq, "account", WFT_MATCH_EXACT, false);
		t->values = (const char *const *)f->accounts;
		t->n_values = f->n_accounts;
	}
}

enum wft_status serverquery_build(struct serverquery *sq, const struct query *q,
                                  const struct facets *f, enum view_column sort,
                                  bool descending, wft_millis now, struct wft_error *err)
{
	size_t n = q ? query_term_count(q) : 0;

	memset(sq, 0, sizeof *sq);
	sq->terms = calloc(n + 3, sizeof *sq->terms);
	sq->term_local = calloc(n ? n : 1, sizeof *sq->term_local);
	if (!sq->terms || !sq->term_local) {
		serverquery_clear(sq);
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	}
	sq->n_query_terms = n;
	for (size_t i = 0; i < n; i++) {
		if ((sq->term_local[i] = serverquery_term_is_local(q, i)))
			sq->n_local++;
		else
			add_query_term(sq, q, i, now);
	}
	if (f)
		add_facets(sq, f, now);
	sq->sort_field = serverquery_sort_field(sort);
	sq->ascending = !descending;
	return WFT_OK;
}

void serverquery_clear(struct serverquery *sq)
{
	free(sq->terms);
	free(sq->term_local);
	memset(sq, 0, sizeof *sq);
}

void serverquery_request(const struct serverquery *sq, long offset, long limit,
                         struct wft_search_request *rq)
{
	memset(rq, 0, sizeof *rq);
	rq->terms = sq->terms;
	rq->n_terms = sq->n_terms;
	rq->sort_field = sq->sort_field;
	rq->ascending = sq->ascending;
	rq->offset = offset;
	rq->limit = limit;
}
