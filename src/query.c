/* query.c: the search language (parser, PCRE2 terms, evaluation over a token
 * set, highlight spans) and the facet filters of the side panel. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mask.h"
#include "query.h"

#define MS_HOUR ((wft_millis)3600000)
#define MS_DAY (24 * MS_HOUR)
#define MAX_DURATION 100000

/* Backtracking is bounded so that a pathological pattern over a long name
 * costs milliseconds, not minutes. */
#define RE_MATCH_LIMIT 200000
#define RE_DEPTH_LIMIT 10000

struct term {
	enum query_term_kind kind;
	bool neg;
	unsigned fields;       /* QF_* the term looks at */
	char *value;           /* unescaped */
	char *lower;           /* value folded to ASCII lower case */
	size_t vlen;
	char *source;          /* as written */
	wft_millis ms;
	unsigned type;         /* FACET_TYPE_* for QT_TYPE */
	pcre2_code *re;
	bool jit;
	int cost;              /* evaluation order: cheap terms first */
};

struct query {
	char *text;
	struct term *terms;
	size_t n;
	size_t *order;         /* term numbers by cost */
	pcre2_match_context *mctx;
};

static unsigned char fold[256];

static void fold_init(void)
{
	if (fold['A'] == 'a')
		return;
	for (int i = 0; i < 256; i++)
		fold[i] = (unsigned char)(i >= 'A' && i <= 'Z' ? i + 32 : i);
}

/* Case-insensitive (ASCII) search of needle nl (already folded) in the
 * NUL-terminated h; returns the match or NULL. */
static const char *ci_find(const char *h, const char *n, size_t nl)
{
	const unsigned char *p = (const unsigned char *)h, *nn = (const unsigned char *)n;

	if (nl == 0)
		return h;
	unsigned char f = nn[0];
	for (; *p; p++) {
		if (fold[*p] != f)
			continue;
		size_t k = 1;
		while (k < nl && p[k] && fold[p[k]] == nn[k])
			k++;
		if (k == nl)
			return (const char *)p;
		if (!p[k])
			return NULL;
	}
	return NULL;
}

/* Plain words look at the id's visible part only: its last characters, as
 * the table shows them. A fixed window keeps narrowing monotone. */
#define ID_VISIBLE 4

static const char *id_tail(const char *id)
{
	size_t l = strlen(id);

	return l > ID_VISIBLE ? id + l - ID_VISIBLE : id;
}

static size_t column_of(const char *s, size_t pos)
{
	size_t col = 1;

	for (size_t i = 0; i < pos && s[i]; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			col++;
	return col;
}

static enum wft_status perr(struct query_error *qe, const char *s, size_t pos,
                            const char *what)
{
	if (qe) {
		qe->pos = pos;
		wft_error_set(&qe->err, WFT_ERR_INVALID, "%s at %zu", what, column_of(s, pos));
	}
	return WFT_ERR_INVALID;
}

enum wft_status query_parse_duration(const char *s, size_t len, wft_millis *out)
{
	wft_millis n = 0, unit;
	size_t i = 0;

	fold_init();
	while (i < len && s[i] >= '0' && s[i] <= '9') {
		n = n * 10 + (s[i] - '0');
		if (n > MAX_DURATION)
			return WFT_ERR_INVALID;
		i++;
	}
	if (i == 0 || i + 1 != len)
		return WFT_ERR_INVALID;
	switch (fold[(unsigned char)s[i]]) {
	case 'h': unit = MS_HOUR; break;
	case 'd': unit = MS_DAY; break;
	case 'w': unit = 7 * MS_DAY; break;
	case 'm': unit = 30 * MS_DAY; break;
	case 'y': unit = 365 * MS_DAY; break;
	default: return WFT_ERR_INVALID;
	}
	*out = n * unit;
	return WFT_OK;
}

/* Smart case: an uppercase letter outside an escape makes the pattern
 * case-sensitive (\S, \W, \p{Lu} ... do not count). */
static bool has_upper(const char *p)
{
	for (; *p; p++) {
		if (*p == '\\') {
			if (!p[1])
				break;
			p++;
			if ((*p == 'p' || *p == 'P') && p[1] == '{') {
				while (*p && *p != '}')
					p++;
				if (!*p)
					break;
			}
			continue;
		}
		if (*p >= 'A' && *p <= 'Z')
			return true;
	}
	return false;
}

static void term_free(struct term *t)
{
	free(t->value);
	free(t->lower);
	free(t->source);
	pcre2_code_free(t->re);
}

void query_free(struct query *q)
{
	if (!q)
		return;
	for (size_t i = 0; i < q->n; i++)
		term_free(&q->terms[i]);
	free(q->terms);
	free(q->order);
	free(q->text);
	pcre2_match_context_free(q->mctx);
	free(q);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static bool word_is(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && strncasecmp(s, lit, n) == 0;
}

/* Reads a quoted phrase starting at s[*p] == '"'; the unescaped text goes
 * to *out. */
static enum wft_status read_phrase(const char *s, size_t *p, char **out, size_t *outlen,
                                   struct query_error *qe)
{
	size_t start = *p, i = *p + 1, n = 0;
	char *buf = malloc(strlen(s + i) + 1);

	if (!buf)
		return WFT_ERR_NOMEM;
	for (;;) {
		if (!s[i]) {
			free(buf);
			return perr(qe, s, start, "unclosed quote");
		}
		if (s[i] == '"')
			break;
		if (s[i] == '\\' && (s[i + 1] == '"' || s[i + 1] == '\\'))
			i++;
		buf[n++] = s[i++];
	}
	buf[n] = '\0';
	*p = i + 1;
	*out = buf;
	*outlen = n;
	return WFT_OK;
}

/* Reads /re/ starting at s[*p] == '/'; \/ stands for a slash. */
static enum wft_status read_regex(const char *s, size_t *p, char **out, size_t *outlen,
                                  struct query_error *qe)
{
	size_t start = *p, i = *p + 1, n = 0;
	char *buf = malloc(strlen(s + i) + 1);

	if (!buf)
		return WFT_ERR_NOMEM;
	for (;;) {
		if (!s[i]) {
			free(buf);
			return perr(qe, s, start, "unclosed /regex/");
		}
		if (s[i] == '/')
			break;
		if (s[i] == '\\' && s[i + 1]) {
			if (s[i + 1] == '/') {
				buf[n++] = '/';
				i += 2;
				continue;
			}
			buf[n++] = s[i++];
		}
		buf[n++] = s[i++];
	}
	buf[n] = '\0';
	*p = i + 1;
	*out = buf;
	*outlen = n;
	return WFT_OK;
}

static enum wft_status compile_regex(struct query *q, struct term *t, const char *s,
                                     size_t pos, struct query_error *qe)
{
	uint32_t opts = PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C;
	int errcode;
	PCRE2_SIZE erroff;

#ifdef PCRE2_MATCH_INVALID_UTF
	opts |= PCRE2_MATCH_INVALID_UTF;
#else
	opts |= PCRE2_NO_UTF_CHECK;
#endif
	if (!has_upper(t->value))
		opts |= PCRE2_CASELESS;
	t->re = pcre2_compile((PCRE2_SPTR)t->value, t->vlen, opts, &errcode, &erroff, NULL);
	if (!t->re) {
		PCRE2_UCHAR msg[160];
		char what[200];
		pcre2_get_error_message(errcode, msg, sizeof msg);
		snprintf(what, sizeof what, "bad /regex/: %s", (const char *)msg);
		/* pos is the opening slash; erroff counts in the pattern. */
		return perr(qe, s, pos + 1 + (erroff < t->vlen ? erroff : t->vlen), what);
	}
	t->jit = pcre2_jit_compile(t->re, PCRE2_JIT_COMPLETE) == 0;
	if (!q->mctx) {
		q->mctx = pcre2_match_context_create(NULL);
		if (!q->mctx)
			return WFT_ERR_NOMEM;
		pcre2_set_match_limit(q->mctx, RE_MATCH_LIMIT);
		pcre2_set_depth_limit(q->mctx, RE_DEPTH_LIMIT);
	}
	return WFT_OK;
}

static enum wft_status add_term(struct query *q, struct term *t, size_t *cap)
{
	if (q->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		struct term *nt = realloc(q->terms, ncap * sizeof *nt);
		if (!nt)
			return WFT_ERR_NOMEM;
		q->terms = nt;
		*cap = ncap;
	}
	q->terms[q->n++] = *t;
	return WFT_OK;
}

/* The field a term names before its value ("name:", "type:", ...). */
enum term_field {
	FIELD_NONE, FIELD_NAME, FIELD_ACCOUNT, FIELD_ID, FIELD_TYPE, FIELD_USED, FIELD_UNUSED,
	FIELD_GENERATED
};

/* The field named by the letters f[0..fl) when a ':' follows them, else FIELD_NONE. */
static enum term_field field_of_prefix(const char *f, size_t fl, bool colon)
{
	if (!colon)
		return FIELD_NONE;
	if (word_is(f, fl, "name")) return FIELD_NAME;
	if (word_is(f, fl, "account")) return FIELD_ACCOUNT;
	if (word_is(f, fl, "id")) return FIELD_ID;
	if (word_is(f, fl, "type")) return FIELD_TYPE;
	if (word_is(f, fl, "used")) return FIELD_USED;
	if (word_is(f, fl, "unused")) return FIELD_UNUSED;
	if (word_is(f, fl, "generated")) return FIELD_GENERATED;
	return FIELD_NONE;
}

/* Reads a quoted phrase or a /regex/ at s[*i] into t's value; a blank or the end must follow. */
static enum wft_status read_delimited(const char *s, size_t *i, bool re, struct term *t,
                                      struct query_error *qe)
{
	enum wft_status st = re ? read_regex(s, i, &t->value, &t->vlen, qe)
	                        : read_phrase(s, i, &t->value, &t->vlen, qe);

	if (st)
		return st;
	if (s[*i] && !is_blank(s[*i])) {
		free(t->value);
		t->value = NULL;
		return perr(qe, s, *i, re ? "a blank must follow /regex/"
		                          : "a blank must follow a quoted phrase");
	}
	return WFT_OK;
}

/* Makes t, whose value is a /regex/ read at s[vstart], a regex term on the field's columns. */
static enum wft_status regex_term(struct query *q, struct term *t, enum term_field field,
                                  const char *s, size_t vstart, struct query_error *qe)
{
	t->kind = QT_REGEX;
	t->fields = field == FIELD_NAME ? QF_NAME : field == FIELD_ACCOUNT ? QF_ACCOUNT
	          : field == FIELD_ID ? QF_ID : QF_NAME | QF_ACCOUNT;
	if (t->vlen == 0) {
		free(t->value);
		t->value = NULL;
		return perr(qe, s, vstart, "empty /regex/");
	}
	return compile_regex(q, t, s, vstart, qe);
}

/* Sets t's kind from its field and checks its value (read at s[vstart]); text terms also get
 * their case-folded value. */
static enum wft_status term_set_kind(struct term *t, enum term_field field, bool quoted,
                                     const char *s, size_t vstart, struct query_error *qe)
{
	switch (field) {
	case FIELD_NONE:
		if (!quoted && word_is(t->value, t->vlen, "never")) {
			t->kind = QT_NEVER;
			return WFT_OK;
		}
		t->kind = QT_WORD;
		t->fields = QF_NAME | QF_ACCOUNT | QF_ID;
		break;
	case FIELD_NAME: t->kind = QT_NAME; t->fields = QF_NAME; break;
	case FIELD_ACCOUNT: t->kind = QT_ACCOUNT; t->fields = QF_ACCOUNT; break;
	case FIELD_ID: t->kind = QT_ID; t->fields = QF_ID; break;
	case FIELD_TYPE:
		t->kind = QT_TYPE;
		if (word_is(t->value, t->vlen, "service"))
			t->type = FACET_TYPE_SERVICE;
		else if (word_is(t->value, t->vlen, "user"))
			t->type = FACET_TYPE_USER;
		else
			return perr(qe, s, vstart, "type: takes service or user");
		for (char *c = t->value; *c; c++)
			*c = (char)fold[(unsigned char)*c];
		return WFT_OK;
	case FIELD_USED:
	case FIELD_UNUSED:
		t->kind = field == FIELD_USED ? QT_USED : QT_UNUSED;
		if (query_parse_duration(t->value, t->vlen, &t->ms))
			return perr(qe, s, vstart, "bad duration (a number then h, d, w, m or y)");
		return WFT_OK;
	case FIELD_GENERATED:
		if (t->value[0] != '<' && t->value[0] != '>')
			return perr(qe, s, vstart, "generated: takes <DURATION or >DURATION");
		t->kind = t->value[0] == '<' ? QT_GEN_LT : QT_GEN_GT;
		if (query_parse_duration(t->value + 1, t->vlen - 1, &t->ms))
			return perr(qe, s, vstart + 1, "bad duration (a number then h, d, w, m or y)");
		memmove(t->value, t->value + 1, t->vlen);
		t->vlen--;
		return WFT_OK;
	}
	t->lower = dup_n(t->value, t->vlen);
	if (!t->lower)
		return WFT_ERR_NOMEM;
	for (size_t k = 0; k < t->vlen; k++)
		t->lower[k] = (char)fold[(unsigned char)t->lower[k]];
	return WFT_OK;
}

static enum wft_status parse_term(struct query *q, const char *s, size_t *p,
                                  struct term *t, struct query_error *qe)
{
	size_t start = *p, i = *p, vstart;
	enum wft_status st;

	memset(t, 0, sizeof *t);
	if (s[i] == '-') {
		t->neg = true;
		i++;
		if (!s[i] || is_blank(s[i]))
			return perr(qe, s, start, "nothing after -");
	}
	/* An optional field prefix. */
	size_t w = i;
	while ((s[w] >= 'a' && s[w] <= 'z') || (s[w] >= 'A' && s[w] <= 'Z'))
		w++;
	const char *f = s + i;
	size_t fl = w - i;
	enum term_field field = field_of_prefix(f, fl, s[w] == ':');
	if (field != FIELD_NONE) {
		i = w + 1;
		if (!s[i] || is_blank(s[i])) {
			char what[32];
			snprintf(what, sizeof what, "nothing after %.*s:", (int)fl, f);
			return perr(qe, s, start, what);
		}
	}
	vstart = i;
	bool quoted = false;
	if ((field == FIELD_NONE || field == FIELD_NAME || field == FIELD_ACCOUNT ||
	     field == FIELD_ID) && (s[i] == '"' || s[i] == '/')) {
		bool re = s[i] == '/';
		if ((st = read_delimited(s, &i, re, t, qe)))
			return st;
		if (re) {
			*p = i;
			return regex_term(q, t, field, s, vstart, qe);
		}
		quoted = true;
	} else {
		while (s[i] && !is_blank(s[i]))
			i++;
		t->vlen = i - vstart;
		t->value = dup_n(s + vstart, t->vlen);
		if (!t->value)
			return WFT_ERR_NOMEM;
	}
	*p = i;
	return term_set_kind(t, field, quoted, s, vstart, qe);
}

static int term_cost(const struct term *t)
{
	switch (t->kind) {
	case QT_TYPE: case QT_USED: case QT_UNUSED: case QT_NEVER: case QT_GEN_LT: case QT_GEN_GT:
		return 0;
	case QT_ACCOUNT:
		return 1;
	case QT_REGEX:
		return t->fields == QF_ACCOUNT ? 1 : 4;
	case QT_ID:
		return 2;
	default:
		return 3;
	}
}

enum wft_status query_parse(const char *s, struct query **out, struct query_error *qe)
{
	struct query *q;
	size_t p = 0, cap = 0;
	enum wft_status st = WFT_OK;

	fold_init();
	if (qe) {
		qe->pos = 0;
		wft_error_clear(&qe->err);
	}
	if (!s)
		s = "";
	if (strlen(s) > QUERY_MAX_LEN)
		return perr(qe, s, QUERY_MAX_LEN, "the search is too long");
	q = calloc(1, sizeof *q);
	if (!q || !(q->text = strdup(s))) {
		free(q);
		return qe ? wft_error_set(&qe->err, WFT_ERR_NOMEM, "out of memory") : WFT_ERR_NOMEM;
	}
	for (;;) {
		struct term t;
		while (is_blank(s[p]))
			p++;
		if (!s[p])
			break;
		size_t start = p;
		st = parse_term(q, s, &p, &t, qe);
		if (!st) {
			t.source = dup_n(s + start, p - start);
			t.cost = term_cost(&t);
			st = t.source ? add_term(q, &t, &cap) : WFT_ERR_NOMEM;
		}
		if (st) {
			term_free(&t);
			break;
		}
	}
	if (!st && q->n) {
		q->order = malloc(q->n * sizeof *q->order);
		if (!q->order)
			st = WFT_ERR_NOMEM;
		else {
			size_t k = 0;
			for (int c = 0; c <= 4; c++)
				for (size_t i = 0; i < q->n; i++)
					if (q->terms[i].cost == c)
						q->order[k++] = i;
		}
	}
	if (st) {
		if (st == WFT_ERR_NOMEM && qe)
			wft_error_set(&qe->err, WFT_ERR_NOMEM, "out of memory");
		query_free(q);
		return st;
	}
	*out = q;
	return WFT_OK;
}

const char *query_text(const struct query *q) { return q->text; }
bool query_is_empty(const struct query *q) { return !q || q->n == 0; }
size_t query_term_count(const struct query *q) { return q ? q->n : 0; }
enum query_term_kind query_term_kind(const struct query *q, size_t i) { return q->terms[i].kind; }
bool query_term_negated(const struct query *q, size_t i) { return q->terms[i].neg; }
const char *query_term_value(const struct query *q, size_t i)
{
	return q->terms[i].value ? q->terms[i].value : "";
}
const char *query_term_source(const struct query *q, size_t i) { return q->terms[i].source; }
unsigned query_term_field(const struct query *q, size_t i) { return q->terms[i].fields; }
wft_millis query_term_millis(const struct query *q, size_t i) { return q->terms[i].ms; }

/* ---------------------------------------------------------------------- */

/* Account terms are tested once per distinct account, on first need: a
 * byte per account, 0 not yet known, else ACCT_NO or ACCT_YES. A narrowing
 * over a few hundred tokens then looks at their accounts only. Terms on
 * the name are tested once per distinct name the same way (the set interns
 * names): a million tokens often hold a few thousand names. */
enum { ACCT_NO = 1, ACCT_YES = 2 };

struct query_eval {
	const struct query *q;
	const struct tokenset *ts;
	wft_millis now;
	uint8_t **acct;            /* per term: account a matches (or NULL) */
	bool *own;                 /* per term: acct[k] is ours, not the cache's */
	uint8_t **name;            /* per term: name n matches (or NULL) */
	bool *nown;                /* per term: name[k] is ours */
	struct query_cache *cache; /* or NULL */
	pcre2_match_data *md;
};

/* The account bytes of recent account terms, kept between evaluations by
 * the term's text: typing usually changes the last term only. */
#define CACHE_TERMS 16

struct query_cache {
	const struct tokenset *ts;
	size_t na, nn;             /* accounts and names of ts when filled */
	uint64_t tick;
	/* Every account name, and every distinct token name, folded, one
	 * after the other with a 0 byte between them, for a search of all in
	 * one pass (query_cache_prepare, or the first such search). */
	struct shadow {
		char *text;        /* string s is text[off[s] .. off[s + 1] - 1) */
		uint32_t *off;
		size_t n;          /* strings it holds */
	} acct_shadow, name_shadow;
	struct cache_entry {
		char *key;         /* 's' + folded word, or 'r' + pattern (accounts);
		                    * 'n' or 'N' likewise for names */
		size_t len;        /* of the word or pattern */
		uint8_t *m;        /* na (nn) bytes, as query_eval's acct (name) */
		uint64_t used;     /* tick of the last evaluation that used it */
	} e[CACHE_TERMS];
};

static bool re_match(const struct query *q, const struct term *t, pcre2_match_data *md,
                     const char *s)
{
	int rc;
	size_t len = strlen(s);

	if (t->jit)
		rc = pcre2_jit_match(t->re, (PCRE2_SPTR)s, len, 0, 0, md, q->mctx);
	else
		rc = pcre2_match(t->re, (PCRE2_SPTR)s, len, 0, 0, md, q->mctx);
	return rc >= 0;
}

static bool account_term(const struct term *t)
{
	return t->kind == QT_WORD || t->kind == QT_ACCOUNT ||
	       (t->kind == QT_REGEX && (t->fields & QF_ACCOUNT));
}

static bool name_term(const struct term *t)
{
	return t->kind == QT_WORD || t->kind == QT_NAME ||
	       (t->kind == QT_REGEX && (t->fields & QF_NAME));
}

static bool text_match(const struct query *q, const struct term *t, pcre2_match_data *md,
                       const char *s)
{
	if (t->kind == QT_REGEX)
		return re_match(q, t, md, s);
	return ci_find(s, t->lower, t->vlen) != NULL;
}

struct query_cache *query_cache_new(void)
{
	return calloc(1, sizeof(struct query_cache));
}

void query_cache_clear(struct query_cache *c)
{
	if (!c)
		return;
	for (size_t k = 0; k < CACHE_TERMS; k++) {
		free(c->e[k].key);
		free(c->e[k].m);
	}
	free(c->acct_shadow.text);
	free(c->acct_shadow.off);
	free(c->name_shadow.text);
	free(c->name_shadow.off);
	memset(c, 0, sizeof *c);
}

void query_cache_free(struct query_cache *c)
{
	query_cache_clear(c);
	free(c);
}

/* The account bytes of term t from the cache, made when missing. NULL when
 * every entry is taken by this evaluation (or out of memory): the caller
 * then makes its own. */
static uint8_t *cache_get(struct query_cache *c, const struct term *t, bool names)
{
	size_t kl = t->vlen + 2, victim = CACHE_TERMS, size = names ? c->nn : c->na;
	const char *v = t->kind == QT_REGEX ? t->value : t->lower;
	char tag = t->kind == QT_REGEX ? (names ? 'N' : 'r') : (names ? 'n' : 's');

	for (size_t k = 0; k < CACHE_TERMS; k++) {
		struct cache_entry *e = &c->e[k];
		if (e->key && e->key[0] == tag && e->len == t->vlen &&
		    memcmp(e->key + 1, v, t->vlen) == 0) {
			e->used = c->tick;
			return e->m;
		}
		/* The least recently used entry that this evaluation does not use. */
		if (e->used != c->tick && (victim == CACHE_TERMS || e->used < c->e[victim].used))
			victim = k;
	}
	if (victim == CACHE_TERMS)
		return NULL;
	struct cache_entry *e = &c->e[victim];
	char *key = malloc(kl);
	uint8_t *m = calloc(size ? size : 1, 1);
	if (!key || !m) {
		free(key);
		free(m);
		return NULL;
	}
	key[0] = tag;
	memcpy(key + 1, v, t->vlen);
	key[kl - 1] = '\0';
	/* An account without "depl" holds no "deploy": what a word within
	 * this one ruled out stays ruled out (typing extends the last word). */
	for (size_t k = 0; (tag == 's' || tag == 'n') && k < CACHE_TERMS; k++) {
		const struct cache_entry *o = &c->e[k];
		if (k == victim || !o->key || o->key[0] != tag || o->len > t->vlen ||
		    !memmem(v, t->vlen, o->key + 1, o->len))
			continue;
		for (size_t a = 0; a < size; a++)
			m[a] = o->m[a] == ACCT_NO ? ACCT_NO : 0;
		break;
	}
	free(e->key);
	free(e->m);
	*e = (struct cache_entry){ key, t->vlen, m, c->tick };
	return m;
}

/* Account and name numbers are only meaningful for the set they came
 * from; a rename may add a name, which leaves the accounts' bytes good. */
static void cache_bind(struct query_cache *c, const struct tokenset *ts)
{
	size_t na = tokenset_account_count(ts), nn = tokenset_name_count(ts);

	if (c->ts != ts || c->na != na) {
		query_cache_clear(c);
		c->ts = ts;
		c->na = na;
		c->nn = nn;
	} else if (c->nn != nn) {
		for (size_t k = 0; k < CACHE_TERMS; k++) {
			struct cache_entry *e = &c->e[k];
			if (e->key && (e->key[0] == 'n' || e->key[0] == 'N')) {
				free(e->key);
				free(e->m);
				memset(e, 0, sizeof *e);
			}
		}
		c->nn = nn;
	}
}

void query_eval_free(struct query_eval *ev)
{
	if (!ev)
		return;
	if (ev->acct)
		for (size_t i = 0; i < ev->q->n; i++)
			if (ev->own[i])
				free(ev->acct[i]);
	if (ev->name)
		for (size_t i = 0; i < ev->q->n; i++)
			if (ev->nown[i])
				free(ev->name[i]);
	free(ev->acct);
	free(ev->own);
	free(ev->name);
	free(ev->nown);
	pcre2_match_data_free(ev->md);
	free(ev);
}

enum wft_status query_eval_new_cached(const struct query *q, const struct tokenset *ts,
                                      wft_millis now, struct query_cache *cache,
                                      struct query_eval **out, struct wft_error *err)
{
	struct query_eval *ev = calloc(1, sizeof *ev);
	size_t na = tokenset_account_count(ts), nn = tokenset_name_count(ts);

	fold_init();
	if (!ev)
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	ev->q = q;
	ev->ts = ts;
	ev->now = now;
	ev->cache = cache;
	ev->md = pcre2_match_data_create(1, NULL);
	ev->acct = calloc(q->n ? q->n : 1, sizeof *ev->acct);
	ev->own = calloc(q->n ? q->n : 1, sizeof *ev->own);
	ev->name = calloc(q->n ? q->n : 1, sizeof *ev->name);
	ev->nown = calloc(q->n ? q->n : 1, sizeof *ev->nown);
	if (!ev->md || !ev->acct || !ev->own || !ev->name || !ev->nown)
		goto nomem;
	if (cache) {
		cache_bind(cache, ts);
		cache->tick++;
	}
	for (size_t i = 0; i < q->n; i++) {
		const struct term *t = &q->terms[i];
		if (account_term(t) && !(cache && (ev->acct[i] = cache_get(cache, t, false)))) {
			if (!(ev->acct[i] = calloc(na ? na : 1, 1)))
				goto nomem;
			ev->own[i] = true;
		}
		if (name_term(t) && !(cache && (ev->name[i] = cache_get(cache, t, true)))) {
			if (!(ev->name[i] = calloc(nn ? nn : 1, 1)))
				goto nomem;
			ev->nown[i] = true;
		}
	}
	*out = ev;
	return WFT_OK;
nomem:
	query_eval_free(ev);
	return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
}

enum wft_status query_eval_new(const struct query *q, const struct tokenset *ts,
                               wft_millis now, struct query_eval **out,
                               struct wft_error *err)
{
	return query_eval_new_cached(q, ts, now, NULL, out, err);
}

/* Folded copies of the n strings str(ts, 0 .. n - 1), made when missing
 * or out of date (false: no room). */
static bool shadow_ready(struct shadow *sh, const struct tokenset *ts, size_t n,
                         const char *(*str)(const struct tokenset *, uint32_t))
{
	size_t len = 0;

	if (sh->text && sh->n == n)
		return true;
	free(sh->text);
	free(sh->off);
	memset(sh, 0, sizeof *sh);
	for (uint32_t a = 0; a < n; a++)
		len += strlen(str(ts, a)) + 1;
	if (len >= UINT32_MAX)
		return false;
	sh->off = malloc((n + 1) * sizeof *sh->off);
	sh->text = malloc(len ? len : 1);
	if (!sh->off || !sh->text) {
		free(sh->off);
		free(sh->text);
		memset(sh, 0, sizeof *sh);
		return false;
	}
	char *p = sh->text;
	for (uint32_t a = 0; a < n; a++) {
		sh->off[a] = (uint32_t)(p - sh->text);
		for (const unsigned char *c = (const unsigned char *)str(ts, a); *c; c++)
			*p++ = (char)fold[*c];
		*p++ = '\0';
	}
	sh->off[n] = (uint32_t)len;
	sh->n = n;
	return true;
}

static bool acct_shadow_ready(struct query_cache *c, const struct tokenset *ts)
{
	return shadow_ready(&c->acct_shadow, ts, tokenset_account_count(ts), tokenset_account_name);
}

static bool name_shadow_ready(struct query_cache *c, const struct tokenset *ts)
{
	return shadow_ready(&c->name_shadow, ts, tokenset_name_count(ts), tokenset_name_text);
}

void query_cache_prepare(struct query_cache *c, const struct tokenset *ts)
{
	fold_init();
	if (!c || !ts)
		return;
	cache_bind(c, ts);
	acct_shadow_ready(c, ts);
	name_shadow_ready(c, ts);
}

/* Fills the unknown bytes m of a substring term t from the folded
 * strings, searched in one pass: each hit marks its string, and the
 * search goes on from the next one. The word holds no 0 byte, so a hit
 * never spans two strings. */
static void fill_from_shadow(const struct shadow *sh, const struct term *t, uint8_t *m)
{
	const char *text = sh->text, *end = text + sh->off[sh->n], *p = text;
	size_t n = sh->n, nl = t->vlen;
	uint32_t a = 0;

	if (!memchr(m, 0, n))
		return; /* all known already */
	if (nl == 0) {
		memset(m, ACCT_YES, n);
		return;
	}
	while (p < end) {
		/* A short word by its first byte (memmem is slower there). */
		if (nl <= 2) {
			p = memchr(p, t->lower[0], (size_t)(end - p));
			if (p && !(nl == 1 || (p + 1 < end && p[1] == t->lower[1]))) {
				p++;
				continue;
			}
		} else {
			p = memmem(p, (size_t)(end - p), t->lower, nl);
		}
		if (!p)
			break;
		uint32_t o = (uint32_t)(p - text);
		while (sh->off[a + 1] <= o)
			a++;
		m[a] = ACCT_YES;
		p = text + sh->off[++a];
	}
	for (size_t k = 0; k < n; k++)
		if (!m[k])
			m[k] = ACCT_NO;
}

void query_eval_fill_accounts(struct query_eval *ev)
{
	size_t na = tokenset_account_count(ev->ts);

	for (size_t k = 0; k < ev->q->n; k++) {
		uint8_t *m = ev->acct[k];
		const struct term *t = &ev->q->terms[k];
		if (!m)
			continue;
		if (t->kind != QT_REGEX && ev->cache && acct_shadow_ready(ev->cache, ev->ts)) {
			fill_from_shadow(&ev->cache->acct_shadow, t, m);
			continue;
		}
		for (uint32_t a = 0; a < na; a++)
			if (!m[a])
				m[a] = text_match(ev->q, t, ev->md, tokenset_account_name(ev->ts, a))
				       ? ACCT_YES : ACCT_NO;
	}
}

static bool acct_test(const struct query_eval *ev, size_t k, uint32_t a)
{
	const struct term *t = &ev->q->terms[k];

	ev->acct[k][a] = text_match(ev->q, t, ev->md, tokenset_account_name(ev->ts, a))
	                 ? ACCT_YES : ACCT_NO;
	return ev->acct[k][a] == ACCT_YES;
}

static inline bool acct_match(const struct query_eval *ev, size_t k, tokenset_idx i)
{
	uint32_t a = tokenset_account_of(ev->ts, i);
	uint8_t b = ev->acct[k][a];

	return b ? b == ACCT_YES : acct_test(ev, k, a);
}

static inline bool name_match(const struct query_eval *ev, size_t k, tokenset_idx i)
{
	uint32_t n = tokenset_name_of(ev->ts, i);
	uint8_t b = ev->name[k][n];

	if (!b) {
		b = text_match(ev->q, &ev->q->terms[k], ev->md, tokenset_name_text(ev->ts, n))
		    ? ACCT_YES : ACCT_NO;
		ev->name[k][n] = b;
	}
	return b == ACCT_YES;
}

static bool term_match(const struct query_eval *ev, size_t k, tokenset_idx i)
{
	const struct term *t = &ev->q->terms[k];
	const struct tokenset *ts = ev->ts;
	wft_millis used, gen;

	switch (t->kind) {
	case QT_WORD:
		return acct_match(ev, k, i) || name_match(ev, k, i) ||
		       (t->vlen <= ID_VISIBLE && ci_find(tokenset_id_tail(ts, i), t->lower, t->vlen));
	case QT_NAME:
		return name_match(ev, k, i);
	case QT_ACCOUNT:
		return acct_match(ev, k, i);
	case QT_ID:
		return ci_find(tokenset_id(ts, i), t->lower, t->vlen) != NULL;
	case QT_REGEX:
		if ((t->fields & QF_ACCOUNT) && acct_match(ev, k, i))
			return true;
		if ((t->fields & QF_NAME) && name_match(ev, k, i))
			return true;
		return (t->fields & QF_ID) && re_match(ev->q, t, ev->md, tokenset_id(ts, i));
	case QT_TYPE: {
		enum wft_account_type at = tokenset_account_type(ts, i);
		if (t->type == FACET_TYPE_SERVICE)
			return wft_account_type_is_service(at);
		return at != WFT_ACCOUNT_UNKNOWN && !wft_account_type_is_service(at);
	}
	case QT_USED:
		used = tokenset_last_used(ts, i);
		return used > 0 && ev->now - used <= t->ms;
	case QT_UNUSED:
		used = tokenset_last_used(ts, i);
		return used <= 0 || ev->now - used >= t->ms;
	case QT_NEVER:
		return tokenset_last_used(ts, i) <= 0;
	case QT_GEN_LT:
		gen = tokenset_date_generated(ts, i);
		return gen > 0 && ev->now - gen < t->ms;
	case QT_GEN_GT:
		gen = tokenset_date_generated(ts, i);
		return gen > 0 && ev->now - gen > t->ms;
	}
	return false;
}

bool query_eval_match(const struct query_eval *ev, tokenset_idx i)
{
	const struct query *q = ev->q;

	for (size_t j = 0; j < q->n; j++) {
		size_t k = q->order[j];
		if (term_match(ev, k, i) == q->terms[k].neg)
			return false;
	}
	return true;
}

/* The byte of account a (name n) for term k, tested when not yet known. */
static inline bool acct_yes(const struct query_eval *ev, size_t k, uint32_t a)
{
	uint8_t b = ev->acct[k][a];

	return b ? b == ACCT_YES : acct_test(ev, k, a);
}

static inline bool name_yes(const struct query_eval *ev, size_t k, uint32_t n)
{
	uint8_t b = ev->name[k][n];

	if (!b) {
		b = text_match(ev->q, &ev->q->terms[k], ev->md, tokenset_name_text(ev->ts, n))
		    ? ACCT_YES : ACCT_NO;
		ev->name[k][n] = b;
	}
	return b == ACCT_YES;
}

/* Does the packed, folded id tail key (tokenset_id_tail_column) hold the
 * folded word w of wl bytes (at most ID_VISIBLE)? The word holds no 0
 * byte, so the padding of a short tail never matches. */
static inline bool tail_has(uint32_t key, uint32_t w, uint32_t mask, size_t wl)
{
	for (size_t s = 0; s + wl <= ID_VISIBLE; s++)
		if (((key >> (8 * s)) & mask) == w)
			return true;
	return false;
}

/* Keeps, in order, those of idx[0..n) that term k passes. The terms on
 * names and accounts read only the dense columns of name and account
 * numbers and the bytes of this term: a tight loop per term beats one
 * pass over the tokens that tests every term. */
static size_t filter_term(const struct query_eval *ev, size_t k, tokenset_idx *idx, size_t n)
{
	const struct term *t = &ev->q->terms[k];
	const struct tokenset *ts = ev->ts;
	const uint32_t *ac = tokenset_account_column(ts), *nc = tokenset_name_column(ts);
	const uint32_t *tc = tokenset_id_tail_column(ts);
	bool neg = t->neg, tail = t->kind == QT_WORD && t->vlen <= ID_VISIBLE;
	uint32_t w = 0, mask = 0;
	size_t m = 0;

	/* Many tokens to test, and names with them: all names at once. */
	if (ev->name[k] && t->kind != QT_REGEX && ev->cache && n >= tokenset_name_count(ts) / 2 &&
	    name_shadow_ready(ev->cache, ts))
		fill_from_shadow(&ev->cache->name_shadow, t, ev->name[k]);
	for (size_t b = 0; tail && b < t->vlen; b++) {
		w |= (uint32_t)(unsigned char)t->lower[b] << (8 * b);
		mask |= (uint32_t)0xff << (8 * b);
	}
	switch (t->kind) {
	case QT_WORD:
		for (size_t r = 0; r < n; r++) {
			tokenset_idx i = idx[r];
			bool hit = acct_yes(ev, k, ac[i]) || name_yes(ev, k, nc[i]) ||
			           (tail && tail_has(tc[i], w, mask, t->vlen));
			if (hit != neg)
				idx[m++] = i;
		}
		return m;
	case QT_NAME:
		for (size_t r = 0; r < n; r++)
			if (name_yes(ev, k, nc[idx[r]]) != neg)
				idx[m++] = idx[r];
		return m;
	case QT_ACCOUNT:
		for (size_t r = 0; r < n; r++)
			if (acct_yes(ev, k, ac[idx[r]]) != neg)
				idx[m++] = idx[r];
		return m;
	case QT_USED:
	case QT_UNUSED:
	case QT_NEVER: {
		/* As term_match, from the column of last uses. */
		const wft_millis *lu = tokenset_last_used_column(ts);
		for (size_t r = 0; r < n; r++) {
			wft_millis used = lu[idx[r]];
			bool hit = t->kind == QT_USED ? used > 0 && ev->now - used <= t->ms
			         : t->kind == QT_UNUSED ? used <= 0 || ev->now - used >= t->ms
			         : used <= 0;
			if (hit != neg)
				idx[m++] = idx[r];
		}
		return m;
	}
	default:
		for (size_t r = 0; r < n; r++)
			if (term_match(ev, k, idx[r]) != neg)
				idx[m++] = idx[r];
		return m;
	}
}

size_t query_eval_filter(const struct query_eval *ev, tokenset_idx *idx, size_t n)
{
	/* Term by term, cheap ones first: each pass reads what its term
	 * needs of the tokens still in. */
	for (size_t j = 0; j < ev->q->n && n > 0; j++)
		n = filter_term(ev, ev->q->order[j], idx, n);
	return n;
}

bool query_match(const struct query *q, const struct tokenset *ts, tokenset_idx i,
                 wft_millis now)
{
	struct query_eval *ev;
	bool m;

	if (query_eval_new(q, ts, now, &ev, NULL))
		return false;
	m = query_eval_match(ev, i);
	query_eval_free(ev);
	return m;
}

/* ---------------------------------------------------------------------- */

static int span_cmp(const void *a, const void *b)
{
	const struct query_span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

static bool span_push(struct query_span **v, size_t *n, size_t *cap, size_t s, size_t e)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct query_span *nv = realloc(*v, ncap * sizeof *nv);
		if (!nv)
			return false;
		*v = nv;
		*cap = ncap;
	}
	(*v)[*n].start = s;
	(*v)[(*n)++].end = e;
	return true;
}

size_t query_spans(const struct query *q, enum query_field f, const char *s,
                   struct query_span *out, size_t max)
{
	struct query_span *v = NULL;
	size_t n = 0, cap = 0, len = s ? strlen(s) : 0, merged = 0;
	pcre2_match_data *md = NULL;

	fold_init();
	if (!q || !s)
		return 0;
	for (size_t k = 0; k < q->n; k++) {
		const struct term *t = &q->terms[k];
		if (t->neg || !(t->fields & f) || t->vlen == 0)
			continue;
		if (t->kind == QT_REGEX) {
			if (!md && !(md = pcre2_match_data_create(1, NULL)))
				break;
			size_t off = 0;
			while (off <= len) {
				int rc = t->jit ? pcre2_jit_match(t->re, (PCRE2_SPTR)s, len, off, 0, md, q->mctx)
				                : pcre2_match(t->re, (PCRE2_SPTR)s, len, off, 0, md, q->mctx);
				if (rc < 0)
					break;
				PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
				if (ov[1] > ov[0] && !span_push(&v, &n, &cap, ov[0], ov[1]))
					goto done;
				off = ov[1] > off ? ov[1] : off + 1;
				while (off < len && ((unsigned char)s[off] & 0xc0) == 0x80)
					off++;
			}
		} else {
			const char *p = f == QF_ID && t->kind == QT_WORD ? id_tail(s) : s;
			while ((p = ci_find(p, t->lower, t->vlen))) {
				size_t st = (size_t)(p - s);
				if (!span_push(&v, &n, &cap, st, st + t->vlen))
					goto done;
				p += t->vlen;
			}
		}
	}
	if (n) {
		qsort(v, n, sizeof *v, span_cmp);
		for (size_t i = 0; i < n; i++) {
			if (merged && v[i].start <= v[merged - 1].end) {
				if (v[i].end > v[merged - 1].end)
					v[merged - 1].end = v[i].end;
			} else {
				v[merged++] = v[i];
			}
		}
		for (size_t i = 0; i < merged && i < max; i++)
			out[i] = v[i];
	}
done:
	pcre2_match_data_free(md);
	free(v);
	return merged;
}

/* ---------------------------------------------------------------------- */

void facets_init(struct facets *f)
{
	memset(f, 0, sizeof *f);
	f->used_within = FACET_DEFAULT_USED_WITHIN;
	f->unused_for = FACET_DEFAULT_UNUSED_FOR;
}

static void free_pick(struct facets *f)
{
	for (size_t i = 0; i < f->n_pick_ids; i++)
		wft_free_secret(f->pick_ids[i]);
	free(f->pick_ids);
	f->pick_ids = NULL;
	f->n_pick_ids = 0;
	f->pick = 0;
}

void facets_clear(struct facets *f)
{
	for (size_t i = 0; i < f->n_accounts; i++)
		free(f->accounts[i]);
	free(f->accounts);
	free_pick(f);
	facets_init(f);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

enum wft_status facets_set_pick(struct facets *f, unsigned pick, char *const *ids, size_t n)
{
	char **copy = NULL;

	if (pick && !(copy = calloc(n ? n : 1, sizeof *copy)))
		return WFT_ERR_NOMEM;
	for (size_t i = 0; pick && i < n; i++)
		if (!(copy[i] = strdup(ids[i]))) {
			while (i--)
				wft_free_secret(copy[i]);
			free(copy);
			return WFT_ERR_NOMEM;
		}
	free_pick(f);
	if (!pick)
		return WFT_OK;
	qsort(copy, n, sizeof *copy, cmp_str);
	f->pick = pick;
	f->pick_ids = copy;
	f->n_pick_ids = n;
	return WFT_OK;
}

bool facets_picks(const struct facets *f, const char *id)
{
	return !f->pick ||
	       (f->n_pick_ids && bsearch(&id, f->pick_ids, f->n_pick_ids, sizeof id, cmp_str));
}

static bool find_account(const struct facets *f, const char *a, size_t *pos)
{
	size_t lo = 0, hi = f->n_accounts;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(f->accounts[mid], a);
		if (c == 0) {
			*pos = mid;
			return true;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*pos = lo;
	return false;
}

bool facets_has_account(const struct facets *f, const char *account)
{
	size_t pos;

	return account && find_account(f, account, &pos);
}

enum wft_status facets_add_account(struct facets *f, const char *account)
{
	size_t pos;
	char **na, *copy;

	if (!account)
		return WFT_ERR_INVALID;
	if (find_account(f, account, &pos))
		return WFT_OK;
	copy = strdup(account);
	na = copy ? realloc(f->accounts, (f->n_accounts + 1) * sizeof *na) : NULL;
	if (!na) {
		free(copy);
		return WFT_ERR_NOMEM;
	}
	f->accounts = na;
	memmove(na + pos + 1, na + pos, (f->n_accounts - pos) * sizeof *na);
	na[pos] = copy;
	f->n_accounts++;
	return WFT_OK;
}

void facets_remove_account(struct facets *f, const char *account)
{
	size_t pos;

	if (!account || !find_account(f, account, &pos))
		return;
	free(f->accounts[pos]);
	memmove(f->accounts + pos, f->accounts + pos + 1,
	        (f->n_accounts - pos - 1) * sizeof *f->accounts);
	f->n_accounts--;
}

enum wft_status facets_toggle_account(struct facets *f, const char *account)
{
	if (facets_has_account(f, account)) {
		facets_remove_account(f, account);
		return WFT_OK;
	}
	return facets_add_account(f, account);
}

enum wft_status facets_copy(struct facets *dst, const struct facets *src)
{
	struct facets t;

	facets_init(&t);
	t.types = src->types;
	t.usage = src->usage;
	t.used_within = src->used_within;
	t.unused_for = src->unused_for;
	for (size_t i = 0; i < src->n_accounts; i++)
		if (facets_add_account(&t, src->accounts[i])) {
			facets_clear(&t);
			return WFT_ERR_NOMEM;
		}
	if (facets_set_pick(&t, src->pick, src->pick_ids, src->n_pick_ids)) {
		facets_clear(&t);
		return WFT_ERR_NOMEM;
	}
	*dst = t;
	return WFT_OK;
}

bool facets_is_empty(const struct facets *f)
{
	return !f->types && !f->usage && !f->n_accounts && !f->pick;
}

unsigned facets_usage_of(const struct facets *f, const struct tokenset *ts,
                         tokenset_idx i, wft_millis now)
{
	wft_millis used = tokenset_last_used(ts, i);

	if (used <= 0)
		return FACET_UNUSED | FACET_NEVER_USED;
	unsigned b = 0;
	if (now - used <= f->used_within)
		b |= FACET_USED_RECENTLY;
	if (now - used >= f->unused_for)
		b |= FACET_UNUSED;
	return b;
}

void facets_text(const struct facets *f, char *out, size_t n)
{
	size_t o = 0;

#define PUT(...) do { if (o < n) o += (size_t)snprintf(out + o, n - o, __VA_ARGS__); } while (0)
	out[0] = '\0';
	if (f->types == FACET_TYPE_SERVICE || f->types == FACET_TYPE_USER)
		PUT("type %s", f->types == FACET_TYPE_SERVICE ? "service" : "user");
	if (f->usage & FACET_USED_RECENTLY)
		PUT("%sused within %lldd", o ? "; " : "", (long long)(f->used_within / 86400000));
	if (f->usage & FACET_UNUSED)
		PUT("%sunused for %lldd", o ? "; " : "", (long long)(f->unused_for / 86400000));
	if (f->usage & FACET_NEVER_USED)
		PUT("%snever used", o ? "; " : "");
	for (size_t i = 0; i < f->n_accounts; i++)
		PUT("%s%s", i ? ", " : o ? "; accounts " : "accounts ", f->accounts[i]);
#undef PUT
}
