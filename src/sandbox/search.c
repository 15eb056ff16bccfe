/* search.c: token and service-account search (doc/api.md 3.1): query terms
 * become one parameterised SQL WHERE clause; sorting, paging and facets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mask.h"
#include "sandbox/internal.h"

struct field {
	const char *key;
	const char *expr;       /* SQL over t (tokens) and a (accounts) */
	bool numeric;
};

#define TOKEN_TYPE_EXPR "(CASE WHEN a.is_sa = 0 THEN 'USER_ACCOUNT' WHEN a.active THEN " \
	"'SERVICE_ACCOUNT' ELSE 'INACTIVE_SERVICE_ACCOUNT' END)"
/* On an instance onboarded to VMware Cloud services user accounts are CSP
 * accounts; the same rule as sb_account_type. */
#define TOKEN_TYPE_EXPR_CSP "(CASE WHEN a.is_sa = 0 THEN (CASE WHEN a.id = '" SANDBOX_ADMIN_ID \
	"' THEN 'CSP_AUTHORIZED_USER_ACCOUNT' ELSE 'CSP_USER_ACCOUNT' END) WHEN a.active THEN " \
	"'SERVICE_ACCOUNT' ELSE 'INACTIVE_SERVICE_ACCOUNT' END)"

#define TOKEN_FIELDS(type_expr) { \
	{ "id", "t.id", false }, \
	{ "name", "t.name", false }, \
	{ "account", "t.account", false }, \
	{ "accountType", type_expr, false }, \
	{ "customer", "'" SANDBOX_CUSTOMER "'", false }, \
	{ "dateGenerated", "t.generated", true }, \
	{ "createdEpochMillis", "t.generated", true }, \
	{ "lastUsed", "t.last_used", true }, \
	{ "freetext", "(t.name || ' ' || t.account)", false }, \
	{ NULL, NULL, false }, \
}
static const struct field token_fields[] = TOKEN_FIELDS(TOKEN_TYPE_EXPR);
static const struct field token_fields_csp[] = TOKEN_FIELDS(TOKEN_TYPE_EXPR_CSP);

static const struct field sa_fields[] = {
	{ "identifier", "a.id", false },
	{ "description", "a.description", false },
	{ "active", "(CASE WHEN a.active THEN 'true' ELSE 'false' END)", false },
	{ "groups", "a.perms", false },
	{ "lastUsed", "(SELECT max(last_used) FROM tokens WHERE account = a.id)", true },
	{ "freetext", "(a.id || ' ' || a.description)", false },
	{ NULL, NULL, false },
};

struct entity {
	const struct field *fields;
	const char *from;       /* FROM ... WHERE <base condition> */
	const char *tiebreak;   /* unique order after the sort field */
};

static const struct entity tokens_entity = {
	token_fields, " FROM tokens t JOIN accounts a ON a.id = t.account WHERE 1", "t.seq",
};
static const struct entity tokens_entity_csp = {
	token_fields_csp, " FROM tokens t JOIN accounts a ON a.id = t.account WHERE 1", "t.seq",
};
#define TOKENS(r) ((r)->sb->csp_onboarded ? &tokens_entity_csp : &tokens_entity)
static const struct entity sas_entity = {
	sa_fields, " FROM accounts a WHERE a.is_sa = 1", "a.id",
};

#define MAX_BINDS (BODY_MAX_TERMS * (BODY_MAX_VALUES + 2) + 8)

/* A query under construction: SQL text plus its numbered parameters. */
struct q {
	struct jw sql;
	unsigned n;
	struct {
		bool is_int;
		const char *s;
		int64_t i;
	} b[MAX_BINDS];
};

static const struct field *field_find(const struct entity *e, const char *key)
{
	for (const struct field *f = e->fields; f->key; f++)
		if (strcmp(f->key, key) == 0)
			return f;
	return NULL;
}

static void q_add(struct q *q, const char *s)
{
	jw_bytes(&q->sql, s, strlen(s));
}

/* Appends "?N" for a new text parameter and returns N. */
static unsigned q_text(struct q *q, const char *s)
{
	char num[16];

	if (q->n >= MAX_BINDS) {
		q->sql.oom = true;
		return 0;
	}
	q->b[q->n].is_int = false;
	q->b[q->n].s = s;
	q->n++;
	snprintf(num, sizeof num, "?%u", q->n);
	q_add(q, num);
	return q->n;
}

static void q_int(struct q *q, int64_t v)
{
	char num[16];

	if (q->n >= MAX_BINDS) {
		q->sql.oom = true;
		return;
	}
	q->b[q->n].is_int = true;
	q->b[q->n].i = v;
	q->n++;
	snprintf(num, sizeof num, "?%u", q->n);
	q_add(q, num);
}

static void q_ref(struct q *q, unsigned n)
{
	char num[16];

	snprintf(num, sizeof num, "?%u", n);
	q_add(q, num);
}

/* expr <matches> value, case-insensitively for CONTAINS and STARTSWITH. */
static void q_match(struct q *q, const char *expr, enum body_match m, const char *value)
{
	unsigned n;

	switch (m) {
	case MATCH_EXACT:
		q_add(q, expr);
		q_add(q, " = ");
		q_text(q, value);
		break;
	case MATCH_TAGPATH:
		/* The value itself or anything below it: "a.b" or "a.b.*". */
		q_add(q, "(");
		q_add(q, expr);
		q_add(q, " = ");
		n = q_text(q, value);
		q_add(q, " OR substr(");
		q_add(q, expr);
		q_add(q, ", 1, length(");
		q_ref(q, n);
		q_add(q, ") + 1) = ");
		q_ref(q, n);
		q_add(q, " || '.')");
		break;
	case MATCH_STARTSWITH:
		q_add(q, "substr(lower(");
		q_add(q, expr);
		q_add(q, "), 1, length(");
		n = q_text(q, value);
		q_add(q, ")) = lower(");
		q_ref(q, n);
		q_add(q, ")");
		break;
	default:
		q_add(q, "instr(lower(");
		q_add(q, expr);
		q_add(q, "), lower(");
		q_text(q, value);
		q_add(q, ")) > 0");
	}
}

static int q_where(struct sb_req *r, struct q *q, const struct entity *e,
                   const struct body_search *s)
{
	for (unsigned i = 0; i < s->n_terms; i++) {
		const struct body_term *t = &s->terms[i];
		const struct field *f = field_find(e, t->key);
		char text_expr[256];
		bool first = true;

		if (!f)
			return sb_fail(r, 400, "Unknown search key '%.64s'", t->key);
		if ((t->has_start || t->has_end) && !f->numeric)
			return sb_fail(r, 400, "Search key '%s' takes no start or end", f->key);
		snprintf(text_expr, sizeof text_expr, f->numeric ? "CAST(%s AS TEXT)" : "%s", f->expr);
		q_add(q, t->negated ? " AND NOT COALESCE((" : " AND ((");
		if (t->has_start) {
			q_add(q, f->expr);
			q_add(q, " >= ");
			q_int(q, t->start);
			first = false;
		}
		if (t->has_end) {
			if (!first)
				q_add(q, " AND ");
			q_add(q, f->expr);
			q_add(q, " <= ");
			q_int(q, t->end);
			first = false;
		}
		if (t->n_values) {
			if (!first)
				q_add(q, " AND ");
			q_add(q, "(");
			for (unsigned k = 0; k < t->n_values; k++) {
				if (k)
					q_add(q, " OR ");
				q_match(q, text_expr, t->method, t->values[k]);
			}
			q_add(q, ")");
		}
		q_add(q, t->negated ? "), 0)" : "))");
	}
	return 200;
}

static sqlite3_stmt *q_prepare(struct sb_req *r, struct q *q)
{
	sqlite3_stmt *st;

	if (q->sql.oom || sqlite3_prepare_v2(store_db(r->sb), q->sql.buf, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	for (unsigned i = 0; i < q->n; i++) {
		if (q->b[i].is_int)
			sqlite3_bind_int64(st, (int)i + 1, q->b[i].i);
		else
			sqlite3_bind_text(st, (int)i + 1, q->b[i].s, -1, SQLITE_STATIC);
	}
	return st;
}

static int decode(struct sb_req *r, enum body_search_kind kind, struct body_search *s,
                  json_object **o)
{
	struct body_err e = { "" };
	int status = sb_json_body(r, o);

	if (status != 200)
		return status;
	if (body_search(*o, kind, s, &e) < 0) {
		json_object_put(*o);
		*o = NULL;
		return sb_fail(r, 400, "%s", e.msg);
	}
	return 200;
}

static int64_t count_of(struct sb_req *r, struct q *q, bool *ok)
{
	sqlite3_stmt *st = q_prepare(r, q);
	int64_t n = 0;

	*ok = st && sqlite3_step(st) == SQLITE_ROW;
	if (*ok)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* ---- the order of token searches, kept per write generation ----
 *
 * A sorted page costs a scan and a sort of every matching token; paging
 * through one search repeats them for each page. The order found (the
 * tokens' seq, in order) is kept with the write generation its snapshot
 * was exactly, and a request whose snapshot is that same generation takes
 * its page from it, reading only the page's rows. A request that cannot
 * be sure of its snapshot's generation (a write was under way) computes
 * the order itself and keeps nothing. */

static void ids_release(struct sb_ids *ids)
{
	if (ids && atomic_fetch_sub(&ids->refs, 1) == 1)
		free(ids);
}

static void free_key(char *key, size_t len)
{
	/* A key holds the values searched for, which may be token ids. */
	if (key) {
		wft_wipe(key, len);
		free(key);
	}
}

/* The SQL text, then each parameter, kind and length first. */
static char *q_key(const struct q *q, size_t *len)
{
	struct jw k;

	jw_init(&k);
	jw_bytes(&k, q->sql.buf, q->sql.len);
	for (unsigned i = 0; i < q->n; i++) {
		char head[48];
		if (q->b[i].is_int) {
			snprintf(head, sizeof head, "\x1fi%lld", (long long)q->b[i].i);
			jw_bytes(&k, head, strlen(head));
		} else {
			size_t n = strlen(q->b[i].s);
			snprintf(head, sizeof head, "\x1fs%zu:", n);
			jw_bytes(&k, head, strlen(head));
			jw_bytes(&k, q->b[i].s, n);
		}
	}
	if (k.oom) {
		free_key(k.buf, k.cap);
		return NULL;
	}
	return jw_take(&k, len);
}

static struct sb_ids *cache_get(struct sandbox *sb, const char *key, size_t len, uint64_t gen)
{
	struct sb_ids *ids = NULL;

	pthread_mutex_lock(&sb->cache_lock);
	for (unsigned i = 0; i < SB_SEARCH_CACHE; i++) {
		struct sb_cached_search *c = &sb->cache[i];
		if (c->ids && c->gen == gen && c->key_len == len && memcmp(c->key, key, len) == 0) {
			ids = c->ids;
			atomic_fetch_add(&ids->refs, 1);
			c->used = ++sb->cache_tick;
			break;
		}
	}
	pthread_mutex_unlock(&sb->cache_lock);
	return ids;
}

static void cache_drop(struct sb_cached_search *c)
{
	free_key(c->key, c->key_len);
	ids_release(c->ids);
	memset(c, 0, sizeof *c);
}

/* Keeps ids under key (taken over); an older generation's entry, or else
 * the least recently used, makes room. */
static void cache_put(struct sandbox *sb, char *key, size_t len, uint64_t gen, struct sb_ids *ids)
{
	struct sb_cached_search *victim = NULL;

	pthread_mutex_lock(&sb->cache_lock);
	for (unsigned i = 0; i < SB_SEARCH_CACHE; i++) {
		struct sb_cached_search *c = &sb->cache[i];
		if (!c->ids || c->gen != gen) {
			victim = c;
			break;
		}
		if (!victim || c->used < victim->used)
			victim = c;
	}
	cache_drop(victim);
	victim->key = key;
	victim->key_len = len;
	victim->gen = gen;
	victim->ids = ids;
	victim->used = ++sb->cache_tick;
	atomic_fetch_add(&ids->refs, 1);
	pthread_mutex_unlock(&sb->cache_lock);
}

void search_cache_clear(struct sandbox *sb)
{
	for (unsigned i = 0; i < SB_SEARCH_CACHE; i++)
		cache_drop(&sb->cache[i]);
}

/* Runs the order query q (one column, t.seq); 200 with *out, or a failure. */
static int ids_read(struct sb_req *r, struct q *q, struct sb_ids **out)
{
	sqlite3_stmt *st = q_prepare(r, q);
	size_t cap = 1024;
	struct sb_ids *ids;
	int rc;

	*out = NULL;
	if (!st)
		return sb_db_fail(r);
	ids = malloc(sizeof *ids + cap * sizeof ids->ids[0]);
	if (!ids) {
		sqlite3_finalize(st);
		return sb_fail(r, 500, "Out of memory");
	}
	ids->n = 0;
	atomic_init(&ids->refs, 1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (ids->n == cap) {
			struct sb_ids *bigger = realloc(ids, sizeof *ids + 2 * cap * sizeof ids->ids[0]);
			if (!bigger) {
				free(ids);
				sqlite3_finalize(st);
				return sb_fail(r, 500, "Out of memory");
			}
			ids = bigger;
			cap *= 2;
		}
		ids->ids[ids->n++] = sqlite3_column_int64(st, 0);
	}
	if (rc != SQLITE_DONE) {
		int status = sb_db_fail(r);
		free(ids);
		sqlite3_finalize(st);
		return status;
	}
	sqlite3_finalize(st);
	*out = ids;
	return 200;
}

/* One page of a token search: the order (kept or computed), then the
 * page's rows by seq. */
static int token_page(struct sb_req *r, struct q *q, const struct body_search *s,
                      int64_t *total, int64_t *got)
{
	struct sandbox *sb = r->sb;
	struct sb_ids *ids = NULL;
	size_t klen = 0;
	char *key = r->snap_exact ? q_key(q, &klen) : NULL;
	int status = 200;

	if (key)
		ids = cache_get(sb, key, klen, r->snap_gen);
	if (!ids) {
		status = ids_read(r, q, &ids);
		if (status == 200 && key) {
			cache_put(sb, key, klen, r->snap_gen, ids);
			key = NULL;
		}
	}
	free_key(key, klen);
	if (status != 200)
		return status;
	*total = (int64_t)ids->n;
	jw_arr(&r->out);
	for (int64_t i = s->offset; status == 200 && i < *total && i < s->offset + s->limit; i++) {
		sqlite3_stmt *st = store_stmt(sb, "SELECT " SB_TOKEN_COLS SB_TOKEN_FROM "WHERE t.seq = ?1");
		int rc;
		if (!st) {
			status = sb_db_fail(r);
			break;
		}
		sqlite3_bind_int64(st, 1, ids->ids[i]);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			sb_row_token_model(sb, &r->out, st, 0);
			(*got)++;
		} else if (rc == SQLITE_DONE) {
			/* Cannot be: the order was read in this very snapshot. */
			status = sb_fail(r, 500, "Internal store error: a token of the search is missing");
		} else {
			status = sb_db_fail(r);
		}
		sqlite3_reset(st);
	}
	jw_arr_end(&r->out);
	ids_release(ids);
	return status;
}

static void q_order(struct q *q, const struct entity *e, const struct field *sort,
                    const struct body_search *s)
{
	q_add(q, " ORDER BY ");
	if (sort) {
		q_add(q, sort->expr);
		q_add(q, sort->numeric ? "" : " COLLATE NOCASE");
		q_add(q, s->sort_ascending ? " ASC, " : " DESC, ");
	}
	q_add(q, e->tiebreak);
}

static int search(struct sb_req *r, const struct entity *e, bool tokens)
{
	struct body_search *s = calloc(1, sizeof *s);
	struct q *q = calloc(1, sizeof *q);
	const struct field *sort = NULL;
	json_object *o = NULL;
	sqlite3_stmt *st = NULL;
	int64_t total = 0, got = 0;
	int status = (s && q) ? decode(r, BODY_SEARCH_SORTABLE, s, &o) : sb_fail(r, 500, "Out of memory");
	bool ok;
	int rc;

	if (status != 200)
		goto out;
	if (s->has_sort && !s->sort_default) {
		sort = field_find(e, s->sort_field);
		if (!sort || strcmp(sort->key, "freetext") == 0) {
			status = sb_fail(r, 400, "Cannot sort by '%.64s'", s->sort_field);
			goto out;
		}
	}
	jw_init(&q->sql);
	if (tokens) {
		q_add(q, "SELECT t.seq");
		q_add(q, e->from);
		if ((status = q_where(r, q, e, s)) != 200)
			goto out;
		q_order(q, e, sort, s);
		jw_obj(&r->out);
		jw_key(&r->out, "items");
		status = token_page(r, q, s, &total, &got);
		if (status != 200)
			goto out;
	} else {
		q_add(q, "SELECT count(*)");
		q_add(q, e->from);
		if ((status = q_where(r, q, e, s)) != 200)
			goto out;
		total = count_of(r, q, &ok);
		if (!ok) {
			status = sb_db_fail(r);
			goto out;
		}
		jw_reset(&q->sql);
		q->n = 0;
		q_add(q, "SELECT " SB_SA_COLS);
		q_add(q, e->from);
		q_where(r, q, e, s);
		q_order(q, e, sort, s);
		q_add(q, " LIMIT ");
		q_int(q, s->limit);
		q_add(q, " OFFSET ");
		q_int(q, s->offset);
		st = q_prepare(r, q);
		if (!st) {
			status = sb_db_fail(r);
			goto out;
		}
		jw_obj(&r->out);
		jw_key(&r->out, "items");
		jw_arr(&r->out);
		while (status == 200 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			got++;
			status = sb_write_sa(r, st);
		}
		jw_arr_end(&r->out);
		if (status == 200 && rc != SQLITE_DONE)
			status = sb_db_fail(r);
	}
	jw_kint(&r->out, "offset", s->offset);
	jw_kint(&r->out, "limit", s->limit);
	jw_kint(&r->out, "totalItems", total);
	jw_kbool(&r->out, "moreItems", s->offset + got < total);
	if (s->has_sort) {
		jw_key(&r->out, "sort");
		jw_obj(&r->out);
		jw_kstr(&r->out, "field", s->sort_field ? s->sort_field : "");
		jw_kbool(&r->out, "ascending", s->sort_ascending);
		jw_kbool(&r->out, "default", s->sort_default);
		jw_obj_end(&r->out);
	}
	jw_obj_end(&r->out);
out:
	sqlite3_finalize(st);
	if (q)
		jw_free(&q->sql);
	free(q);
	free(s);
	json_object_put(o);
	return status;
}

/* Writes the distinct values of one facet as a JSON array of strings;
 * *total gets their number. */
static int facet_values(struct sb_req *r, const struct entity *e, const struct body_search *s,
                        const char *name, int64_t offset, int64_t limit, int64_t *total)
{
	const struct field *f = field_find(e, name);
	struct q *q;
	sqlite3_stmt *st;
	char expr[256];
	int status = 200, rc;
	bool ok;

	if (!f || strcmp(name, "freetext") == 0)
		return sb_fail(r, 400, "Unknown facet '%.64s'", name);
	q = calloc(1, sizeof *q);
	if (!q)
		return sb_fail(r, 500, "Out of memory");
	snprintf(expr, sizeof expr, f->numeric ? "CAST(%s AS TEXT)" : "%s", f->expr);
	for (int pass = 0; pass < 2 && status == 200; pass++) {
		jw_init(&q->sql);
		q->n = 0;
		q_add(q, pass == 0 ? "SELECT count(DISTINCT " : "SELECT DISTINCT ");
		q_add(q, expr);
		q_add(q, pass == 0 ? ")" : "");
		q_add(q, e->from);
		if ((status = q_where(r, q, e, s)) != 200)
			break;
		q_add(q, " AND ");
		q_add(q, f->expr);
		q_add(q, " IS NOT NULL");
		if (s->facet_query && *s->facet_query) {
			q_add(q, " AND ");
			q_match(q, expr, s->facet_method, s->facet_query);
		}
		if (pass == 0) {
			*total = count_of(r, q, &ok);
			if (!ok)
				status = sb_db_fail(r);
		} else {
			q_add(q, " ORDER BY 1 LIMIT ");
			q_int(q, limit);
			q_add(q, " OFFSET ");
			q_int(q, offset);
			st = q_prepare(r, q);
			if (!st) {
				status = sb_db_fail(r);
			} else {
				jw_arr(&r->out);
				while ((rc = sqlite3_step(st)) == SQLITE_ROW)
					jw_str(&r->out, (const char *)sqlite3_column_text(st, 0));
				jw_arr_end(&r->out);
				if (rc != SQLITE_DONE)
					status = sb_db_fail(r);
				sqlite3_finalize(st);
			}
		}
		jw_free(&q->sql);
	}
	free(q);
	return status;
}

static int facet(struct sb_req *r, const struct entity *e)
{
	struct body_search *s = calloc(1, sizeof *s);
	json_object *o = NULL;
	int64_t total = 0;
	int status = s ? decode(r, BODY_SEARCH_FACET, s, &o) : sb_fail(r, 500, "Out of memory");

	if (status == 200) {
		jw_obj(&r->out);
		jw_key(&r->out, "items");
		status = facet_values(r, e, s, r->cap[0], s->offset, s->limit, &total);
		jw_kint(&r->out, "offset", s->offset);
		jw_kint(&r->out, "limit", s->limit);
		jw_kint(&r->out, "totalItems", total);
		jw_kbool(&r->out, "moreItems", s->offset + s->limit < total);
		jw_obj_end(&r->out);
	}
	json_object_put(o);
	free(s);
	return status;
}

static int facets(struct sb_req *r, const struct entity *e)
{
	struct body_search *s = calloc(1, sizeof *s);
	json_object *o = NULL;
	int64_t total;
	int status = s ? decode(r, BODY_SEARCH_FACETS, s, &o) : sb_fail(r, 500, "Out of memory");

	if (status == 200 && s->n_facets == 0)
		status = sb_fail(r, 400, "Field 'facets' is required");
	if (status == 200) {
		jw_obj(&r->out);
		jw_key(&r->out, "facets");
		jw_obj(&r->out);
		for (unsigned i = 0; i < s->n_facets && status == 200; i++) {
			jw_key(&r->out, s->facets[i]);
			status = facet_values(r, e, s, s->facets[i], 0, s->limit, &total);
		}
		jw_obj_end(&r->out);
		jw_kint(&r->out, "limit", s->limit);
		jw_obj_end(&r->out);
	}
	json_object_put(o);
	free(s);
	return status;
}

int search_tokens(struct sb_req *r) { return search(r, TOKENS(r), true); }
int search_tokens_facet(struct sb_req *r) { return facet(r, TOKENS(r)); }
int search_tokens_facets(struct sb_req *r) { return facets(r, TOKENS(r)); }
int search_sas(struct sb_req *r) { return search(r, &sas_entity, false); }
int search_sas_facet(struct sb_req *r) { return facet(r, &sas_entity); }
int search_sas_facets(struct sb_req *r) { return facets(r, &sas_entity); }
