/* query.h: the search language (doc/search.md) parsed into terms (PCRE2 for
 * /regex/), evaluated over a token set, plus the side panel's facet filters. */
#ifndef WFT_QUERY_H
#define WFT_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model.h"
#include "tokenset.h"

/* The language (terms separated by blanks, all of them must match):
 *   word, "a phrase"   substring of name or account, or of the id's last 4
 *                      characters (the part the table shows); case-insensitive
 *                      with ASCII folding
 *   name:W account:W   substring of that field; id:W substring of the id
 *   /re/  F:/re/       PCRE2 over name or account (or field F: name,
 *                      account, id); case-insensitive unless the pattern
 *                      holds an uppercase letter outside an escape
 *   type:service  type:user
 *   used:7d            used within the last 7 days (age <= 7d)
 *   unused:30d         not used for 30 days or more (age >= 30d), or never
 *   never              never used
 *   generated:<90d     generated less than 90 days ago
 *   generated:>1y      generated more than a year ago (unknown date: no match)
 *   -term              negation
 * Units: h hour, d day, w week, m month (30 days), y year (365 days). */

struct query;

/* Where a parse failed: byte offset into the query string. The message
 * counts columns from 1, e.g. "unclosed /regex/ at 12". */
struct query_error {
	size_t pos;
	struct wft_error err;
};

/* Parses s (at most QUERY_MAX_LEN bytes). An empty or blank s gives a
 * query that matches everything. On failure *out is left untouched. */
#define QUERY_MAX_LEN 4096
enum wft_status query_parse(const char *s, struct query **out, struct query_error *qerr);
void query_free(struct query *q);

/* The string the query was parsed from. */
const char *query_text(const struct query *q);
bool query_is_empty(const struct query *q);

/* Kinds of terms, for saved searches and the server's SearchQuery. */
enum query_term_kind {
	QT_WORD,      /* plain word or phrase */
	QT_NAME,      /* name:W */
	QT_ACCOUNT,   /* account:W */
	QT_ID,        /* id:W */
	QT_REGEX,     /* /re/ or field:/re/ (see query_term_field) */
	QT_TYPE,      /* type:service|user */
	QT_USED,      /* used:D */
	QT_UNUSED,    /* unused:D */
	QT_NEVER,     /* never */
	QT_GEN_LT,    /* generated:<D */
	QT_GEN_GT,    /* generated:>D */
};
enum query_field { QF_ANY = 0, QF_NAME = 1, QF_ACCOUNT = 2, QF_ID = 4 };

size_t query_term_count(const struct query *q);
enum query_term_kind query_term_kind(const struct query *q, size_t i);
bool query_term_negated(const struct query *q, size_t i);
/* The word, phrase or pattern as written (unquoted, without slashes);
 * "service"/"user" for QT_TYPE; the duration text ("30d") for times. */
const char *query_term_value(const struct query *q, size_t i);
/* The term exactly as written in the query string, negation included. */
const char *query_term_source(const struct query *q, size_t i);
/* QF_* bits the term looks at (QT_REGEX: QF_NAME|QF_ACCOUNT for /re/). */
unsigned query_term_field(const struct query *q, size_t i);
/* The duration of a time term, in milliseconds. */
wft_millis query_term_millis(const struct query *q, size_t i);

/* A query bound to one token set and one moment: account terms are
 * evaluated once per distinct account, when a token of that account is
 * first examined. Rebind after the set changes. */
struct query_eval;
enum wft_status query_eval_new(const struct query *q, const struct tokenset *ts,
                               wft_millis now, struct query_eval **out,
                               struct wft_error *err);
void query_eval_free(struct query_eval *ev);
bool query_eval_match(const struct query_eval *ev, tokenset_idx i);
/* Keeps, in order, those of idx[0..n) that match; returns how many. */
size_t query_eval_filter(const struct query_eval *ev, tokenset_idx *idx, size_t n);

/* Tests now every account not yet tested, in account order: faster than
 * on demand when most accounts will be seen (tokens in random order of
 * account), slower when few will. */
void query_eval_fill_accounts(struct query_eval *ev);

/* What account terms found, kept between evaluations over one token set
 * (by the term's text), so that re-evaluating a query whose other terms
 * are unchanged tests no account name twice. An evaluation made with a
 * cache borrows from it: free the evaluation before the cache's next use.
 * Clear the cache when the token set is replaced. */
struct query_cache;
struct query_cache *query_cache_new(void);
void query_cache_clear(struct query_cache *c);
void query_cache_free(struct query_cache *c);
/* Readies c for ts ahead of the first search: the account names folded
 * in one block (a pass over them, 10 MB at a million tokens), which lets
 * query_eval_fill_accounts search them all at once. Without it the first
 * search that fills accounts makes it. */
void query_cache_prepare(struct query_cache *c, const struct tokenset *ts);
/* query_eval_new with a cache (NULL: none). */
enum wft_status query_eval_new_cached(const struct query *q, const struct tokenset *ts,
                                      wft_millis now, struct query_cache *cache,
                                      struct query_eval **out, struct wft_error *err);

/* Convenience: does the query match token i of ts at time now. */
bool query_match(const struct query *q, const struct tokenset *ts, tokenset_idx i,
                 wft_millis now);

/* Byte ranges of s that the query's positive terms match in field f
 * (QF_NAME, QF_ACCOUNT or QF_ID), for highlighting: sorted, merged,
 * at most max written; returns how many there are in all. */
struct query_span { size_t start, end; };
size_t query_spans(const struct query *q, enum query_field f, const char *s,
                   struct query_span *out, size_t max);

/* Parses a duration such as "30d" (units h d w m y) into milliseconds. */
enum wft_status query_parse_duration(const char *s, size_t len, wft_millis *out);

/* Facet filters of the side panel. Values within a group are ORed, groups
 * are ANDed with each other and with the query; an empty group is "any". */
enum { FACET_TYPE_SERVICE = 1, FACET_TYPE_USER = 2 };
enum { FACET_USED_RECENTLY = 1, FACET_UNUSED = 2, FACET_NEVER_USED = 4 };
#define FACET_DEFAULT_USED_WITHIN ((wft_millis)7 * 86400000)
#define FACET_DEFAULT_UNUSED_FOR ((wft_millis)30 * 86400000)

struct facets {
	unsigned types;          /* FACET_TYPE_* bits */
	unsigned usage;          /* FACET_USED_RECENTLY etc. */
	wft_millis used_within;  /* "used in the last 7 days" */
	wft_millis unused_for;   /* "unused for 30 days or more" (never used included) */
	char **accounts;         /* owned copies; sorted, distinct */
	size_t n_accounts;
};

void facets_init(struct facets *f);   /* nothing selected, default thresholds */
void facets_clear(struct facets *f);  /* frees the accounts, back to init */
enum wft_status facets_copy(struct facets *dst, const struct facets *src);
enum wft_status facets_add_account(struct facets *f, const char *account);
void facets_remove_account(struct facets *f, const char *account);
enum wft_status facets_toggle_account(struct facets *f, const char *account);
bool facets_has_account(const struct facets *f, const char *account);
/* The side panel's filters in words, at most n bytes ("" when none):
 * "type service; used within 7d; accounts sa::a, sa::b". */
void facets_text(const struct facets *f, char *out, size_t n);
bool facets_is_empty(const struct facets *f);
/* Which usage buckets (FACET_* bits) token i falls into at time now. */
unsigned facets_usage_of(const struct facets *f, const struct tokenset *ts,
                         tokenset_idx i, wft_millis now);

#endif
