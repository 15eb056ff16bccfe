/* tokenset.c: the token set (records, chunked string arena, id and account
 * hash tables) and its streaming JSON decoder. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "mask.h"
#include "tokenset.h"

/* Strings live in 1 MiB blocks that never move (no realloc copies to
 * leave secrets behind); an offset is block << 20 | position. */
#define ARENA_SHIFT 20
#define ARENA_BLOCK ((size_t)1 << ARENA_SHIFT)
#define ARENA_MAX_BLOCKS 4096

#define SLOT_EMPTY UINT32_MAX
#define SLOT_DEAD (UINT32_MAX - 1)

/* A hash table entry: the number it holds and 32 bits of its key's hash,
 * so that probes past other keys and growth read no strings (at a million
 * tokens those reads were cache misses into the arena). The home slot is
 * the hash bits masked by the table size. */
struct slot {
	uint32_t num;             /* record or account number, SLOT_EMPTY, SLOT_DEAD */
	uint32_t hash;
};

struct arena {
	char **blocks;
	size_t n_blocks, last_used;
};

struct ts_rec {
	wft_millis gen;
	uint32_t id;              /* arena offset */
	uint8_t live;
	char tail[5];             /* the id's visible end, kept close at hand */
	uint16_t typetext;        /* an unknown accountType's text: index + 1 into
	                           * typetexts, 0 when none */
};

/* Distinct texts of unknown account types kept; past this, "?" is shown. */
#define MAX_TYPE_TEXTS 256

struct tokenset {
	struct arena text;        /* ids */
	struct arena nametext;    /* distinct names, each once, in order of first use */
	uint32_t *names;          /* arena offsets (in nametext) of the names */
	size_t n_names, cap_names;
	struct slot *nametab;     /* name numbers */
	size_t namecap;
	struct arena acctext;     /* account names, apart: few, looked up often */
	struct ts_rec *recs;
	/* By place, apart from the records so that a search or a count over
	 * many tokens reads them densely: */
	uint32_t *acct_of;        /* account number */
	uint32_t *name_of;        /* name number */
	wft_millis *used_of;      /* last use, 0 for never */
	uint8_t *type_of;         /* enum wft_account_type */
	uint32_t *tail_of;        /* the tail folded, packed (tokenset_id_tail_column) */
	size_t n, cap, live;
	struct slot *idtab;       /* record numbers, open addressing */
	size_t idcap, idfill;     /* idfill counts dead slots too */
	uint32_t *accts;          /* arena offsets of account names */
	size_t n_accts, cap_accts;
	struct slot *acctab;      /* account numbers */
	size_t acccap;
	uint32_t *typetexts;      /* arena offsets (in acctext) of unknown types */
	size_t n_typetexts;
	size_t skipped_no_id;     /* tokens of the answer left out: null or no id */
	size_t skipped_unreadable;/* ... and for any other reason */
	uint64_t generation;
};

/* Eight bytes at a time, then a final mix (murmur3's) so that the low
 * bits, which pick the slot, depend on every byte. */
static uint32_t hash_mem(const char *s, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15u ^ len, w;

	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdu;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, len);
	h ^= w;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	h ^= h >> 33;
	return (uint32_t)h;
}

static struct slot *slots_new(size_t cap)
{
	struct slot *tab = malloc(cap * sizeof *tab);

	if (tab)
		for (size_t i = 0; i < cap; i++)
			tab[i].num = SLOT_EMPTY;
	return tab;
}

/* Puts an entry known to be absent into a table without dead slots. */
static void slots_put(struct slot *tab, size_t cap, struct slot e)
{
	size_t mask = cap - 1, i = e.hash & mask;

	while (tab[i].num != SLOT_EMPTY)
		i = (i + 1) & mask;
	tab[i] = e;
}

static char *arena_at(const struct arena *ar, uint32_t off)
{
	return ar->blocks[off >> ARENA_SHIFT] + (off & (ARENA_BLOCK - 1));
}

static const char *arena_str(const struct tokenset *ts, uint32_t off)
{
	return arena_at(&ts->text, off);
}

static const char *name_str(const struct tokenset *ts, uint32_t n)
{
	return arena_at(&ts->nametext, ts->names[n]);
}

static const char *acct_str(const struct tokenset *ts, uint32_t a)
{
	return arena_at(&ts->acctext, ts->accts[a]);
}

static enum wft_status arena_put(struct arena *ar, const char *s, size_t len,
                                 uint32_t *off, struct wft_error *err)
{
	if (len >= ARENA_BLOCK)
		return wft_error_set(err, WFT_ERR_INVALID, "a token field is too long");
	if (ar->n_blocks == 0 || ar->last_used + len + 1 > ARENA_BLOCK) {
		char **nb;
		if (ar->n_blocks == ARENA_MAX_BLOCKS)
			return wft_error_set(err, WFT_ERR_NOMEM, "the token set is too large");
		nb = realloc(ar->blocks, (ar->n_blocks + 1) * sizeof *nb);
		if (!nb)
			return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		ar->blocks = nb;
		nb[ar->n_blocks] = malloc(ARENA_BLOCK);
		if (!nb[ar->n_blocks])
			return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		ar->n_blocks++;
		ar->last_used = 0;
	}
	char *dst = ar->blocks[ar->n_blocks - 1] + ar->last_used;
	memcpy(dst, s, len);
	dst[len] = '\0';
	*off = (uint32_t)((ar->n_blocks - 1) << ARENA_SHIFT | ar->last_used);
	ar->last_used += len + 1;
	return WFT_OK;
}

static void arena_free(struct arena *ar)
{
	for (size_t i = 0; i < ar->n_blocks; i++) {
		/* Nothing was written past last_used in the last block. */
		wft_wipe(ar->blocks[i], i + 1 < ar->n_blocks ? ARENA_BLOCK : ar->last_used);
		free(ar->blocks[i]);
	}
	free(ar->blocks);
}

struct tokenset *tokenset_new(void)
{
	return calloc(1, sizeof(struct tokenset));
}

void tokenset_free(struct tokenset *ts)
{
	if (!ts)
		return;
	arena_free(&ts->text);
	arena_free(&ts->acctext);
	arena_free(&ts->nametext);
	free(ts->names);
	free(ts->nametab);
	free(ts->recs);
	free(ts->acct_of);
	free(ts->name_of);
	free(ts->used_of);
	free(ts->type_of);
	free(ts->tail_of);
	free(ts->idtab);
	free(ts->accts);
	free(ts->acctab);
	free(ts->typetexts);
	free(ts);
}

/* The slot holding id (hash h), or where to put it. */
static size_t id_slot(const struct tokenset *ts, const char *id, uint32_t h, bool *found)
{
	size_t mask = ts->idcap - 1, i = h & mask, dead = SIZE_MAX;

	for (;;) {
		struct slot e = ts->idtab[i];
		if (e.num == SLOT_EMPTY) {
			*found = false;
			return dead != SIZE_MAX ? dead : i;
		}
		if (e.num == SLOT_DEAD) {
			if (dead == SIZE_MAX)
				dead = i;
		} else if (e.hash == h && strcmp(arena_str(ts, ts->recs[e.num].id), id) == 0) {
			*found = true;
			return i;
		}
		i = (i + 1) & mask;
	}
}

static enum wft_status id_grow(struct tokenset *ts, struct wft_error *err)
{
	size_t ncap = ts->idcap ? ts->idcap : 64;
	struct slot *tab;

	while (ncap < 2 * (ts->live + 1) + 16)
		ncap *= 2;
	if (ts->idcap && ncap == ts->idcap && ts->idfill < ts->idcap * 3 / 4)
		return WFT_OK;
	tab = slots_new(ncap);
	if (!tab)
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	/* Live entries move by their stored hash; dead ones are dropped. */
	for (size_t i = 0; i < ts->idcap; i++)
		if (ts->idtab[i].num < SLOT_DEAD)
			slots_put(tab, ncap, ts->idtab[i]);
	free(ts->idtab);
	ts->idtab = tab;
	ts->idcap = ncap;
	ts->idfill = ts->live;
	return WFT_OK;
}

static uint32_t account_find(const struct tokenset *ts, const char *name, uint32_t h)
{
	size_t mask = ts->acccap - 1, i = h & mask;

	for (;;) {
		struct slot e = ts->acctab[i];
		if (e.num == SLOT_EMPTY)
			return UINT32_MAX;
		if (e.hash == h && strcmp(acct_str(ts, e.num), name) == 0)
			return e.num;
		i = (i + 1) & mask;
	}
}

uint32_t tokenset_account_find(const struct tokenset *ts, const char *name)
{
	if (!ts || !ts->acccap || !name)
		return UINT32_MAX;
	return account_find(ts, name, hash_mem(name, strlen(name)));
}

static enum wft_status intern_account(struct tokenset *ts, const char *name, size_t len,
                                      uint32_t h, uint32_t *out, struct wft_error *err)
{
	uint32_t a, off;
	enum wft_status st;

	a = ts->acccap ? account_find(ts, name, h) : UINT32_MAX;
	if (a != UINT32_MAX) {
		*out = a;
		return WFT_OK;
	}
	if (ts->n_accts == ts->cap_accts) {
		size_t ncap = ts->cap_accts ? ts->cap_accts * 2 : 16;
		uint32_t *na = realloc(ts->accts, ncap * sizeof *na);
		if (!na)
			return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		ts->accts = na;
		ts->cap_accts = ncap;
	}
	if (2 * (ts->n_accts + 1) > ts->acccap) {
		size_t ncap = ts->acccap ? ts->acccap * 2 : 32;
		struct slot *tab = slots_new(ncap);
		if (!tab)
			return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		for (size_t i = 0; i < ts->acccap; i++)
			if (ts->acctab[i].num != SLOT_EMPTY)
				slots_put(tab, ncap, ts->acctab[i]);
		free(ts->acctab);
		ts->acctab = tab;
		ts->acccap = ncap;
	}
	st = arena_put(&ts->acctext, name, len, &off, err);
	if (st)
		return st;
	a = (uint32_t)ts->n_accts++;
	ts->accts[a] = off;
	slots_put(ts->acctab, ts->acccap, (struct slot){ .num = a, .hash = h });
	*out = a;
	return WFT_OK;
}

/* Names are interned as accounts are: many tokens share a name (one per
 * pipeline, or none), and a search tests each distinct name once. */
static enum wft_status intern_name(struct tokenset *ts, const char *name, size_t len,
                                   uint32_t h, uint32_t *out, struct wft_error *err)
{
	uint32_t n, off;
	enum wft_status st;

	if (ts->namecap) {
		size_t mask = ts->namecap - 1, i = h & mask;
		for (; ts->nametab[i].num != SLOT_EMPTY; i = (i + 1) & mask)
			if (ts->nametab[i].hash == h && strcmp(name_str(ts, ts->nametab[i].num), name) == 0) {
				*out = ts->nametab[i].num;
				return WFT_OK;
			}
	}
	if (ts->n_names >= UINT32_MAX - 2)
		return wft_error_set(err, WFT_ERR_NOMEM, "the token set is too large");
	if (ts->n_names == ts->cap_names) {
		size_t ncap = ts->cap_names ? ts->cap_names * 2 : 16;
		uint32_t *nn = realloc(ts->names, ncap * sizeof *nn);
		if (!nn)
			return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		ts->names = nn;
		ts->cap_names = ncap;
	}
	if (2 * (ts->n_names + 1) > ts->namecap) {
		size_t ncap = ts->namecap ? ts->namecap * 2 : 32;
		struct slot *tab = slots_new(ncap);
		if (!tab)
			return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		for (size_t i = 0; i < ts->namecap; i++)
			if (ts->nametab[i].num != SLOT_EMPTY)
				slots_put(tab, ncap, ts->nametab[i]);
		free(ts->nametab);
		ts->nametab = tab;
		ts->namecap = ncap;
	}
	if ((st = arena_put(&ts->nametext, name, len, &off, err)))
		return st;
	n = (uint32_t)ts->n_names++;
	ts->names[n] = off;
	slots_put(ts->nametab, ts->namecap, (struct slot){ .num = n, .hash = h });
	*out = n;
	return WFT_OK;
}

static enum wft_status check_field(size_t len, const char *what, struct wft_error *err)
{
	if (len > TOKENSET_MAX_FIELD)
		return wft_error_set(err, WFT_ERR_INVALID, "a token's %s is longer than %d bytes",
		                     what, TOKENSET_MAX_FIELD);
	return WFT_OK;
}

/* Fetches the home slot of hash h: the decoder asks for it as soon as it
 * has read an id or an account, so that the cache miss of a large set
 * overlaps with decoding the rest of the token. A macro: GCC drops a call
 * to a function that does nothing but prefetch. */
#if defined(__GNUC__)
#define PREFETCH_SLOT(tab, cap, h) \
	do { if (cap) __builtin_prefetch(&(tab)[(h) & ((cap) - 1)]); } while (0)
#else
#define PREFETCH_SLOT(tab, cap, h) do { } while (0)
#endif

/* The number (index + 1) of an unknown account type's text, 0 for none:
 * the few distinct texts are kept once, beside the account names. */
static enum wft_status intern_type_text(struct tokenset *ts, const char *text, uint16_t *out,
                                        struct wft_error *err)
{
	uint32_t off;
	enum wft_status st;

	*out = 0;
	if (!text || !*text)
		return WFT_OK;
	for (size_t k = 0; k < ts->n_typetexts; k++)
		if (strcmp(arena_at(&ts->acctext, ts->typetexts[k]), text) == 0) {
			*out = (uint16_t)(k + 1);
			return WFT_OK;
		}
	if (ts->n_typetexts == MAX_TYPE_TEXTS)
		return WFT_OK; /* shown as "?" */
	if (!ts->typetexts && !(ts->typetexts = malloc(MAX_TYPE_TEXTS * sizeof *ts->typetexts)))
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	if ((st = arena_put(&ts->acctext, text, strlen(text), &off, err)))
		return st;
	ts->typetexts[ts->n_typetexts++] = off;
	*out = (uint16_t)ts->n_typetexts;
	return WFT_OK;
}

enum wft_status tokenset_add_account(struct tokenset *ts, const char *name,
                                     struct wft_error *err)
{
	size_t len = strlen(name);
	uint32_t a;
	enum wft_status st = check_field(len, "account", err);

	if (!st)
		st = intern_account(ts, name, len, hash_mem(name, len), &a, err);
	if (!st)
		ts->generation++;
	return st;
}

/* realloc to n elements of size bytes that keeps the old block and clears *ok when it fails,
 * and does nothing once *ok is clear. */
static void *resize_or_keep(void *old, size_t n, size_t size, bool *ok)
{
	void *p = *ok ? realloc(old, n * size) : NULL;

	if (!p) {
		*ok = false;
		return old;
	}
	return p;
}

/* Makes room for one more record in every per-record array. */
static enum wft_status recs_grow(struct tokenset *ts, struct wft_error *err)
{
	bool ok = true;

	if (ts->n < ts->cap)
		return WFT_OK;
	size_t ncap = ts->cap ? ts->cap * 2 : 256;
	ts->recs = resize_or_keep(ts->recs, ncap, sizeof *ts->recs, &ok);
	ts->acct_of = resize_or_keep(ts->acct_of, ncap, sizeof *ts->acct_of, &ok);
	ts->name_of = resize_or_keep(ts->name_of, ncap, sizeof *ts->name_of, &ok);
	ts->used_of = resize_or_keep(ts->used_of, ncap, sizeof *ts->used_of, &ok);
	ts->type_of = resize_or_keep(ts->type_of, ncap, sizeof *ts->type_of, &ok);
	ts->tail_of = resize_or_keep(ts->tail_of, ncap, sizeof *ts->tail_of, &ok);
	if (!ok)
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	ts->cap = ncap;
	return WFT_OK;
}

/* Sets record k's name, account, type, last use, type text and generation date. */
static void rec_set_fields(struct tokenset *ts, uint32_t k, const struct wft_token_rec *rec,
                           uint32_t name_num, uint32_t acct, uint16_t ttext)
{
	ts->name_of[k] = name_num;
	ts->acct_of[k] = acct;
	ts->type_of[k] = (uint8_t)rec->account_type;
	ts->used_of[k] = rec->last_used > 0 ? rec->last_used : 0;
	ts->recs[k].typetext = ttext;
	ts->recs[k].gen = rec->date_generated;
}

/* Keeps record k's id's last (up to 4) characters and their lowercased key. */
static void rec_set_tail(struct tokenset *ts, uint32_t k, const char *id, size_t idlen)
{
	struct ts_rec *r = &ts->recs[k];
	uint32_t key = 0;

	memcpy(r->tail, id + (idlen > 4 ? idlen - 4 : 0), idlen > 4 ? 4 : idlen);
	r->tail[idlen > 4 ? 4 : idlen] = '\0';
	for (int b = 0; b < 4 && r->tail[b]; b++) {
		unsigned char c = (unsigned char)r->tail[b];
		key |= (uint32_t)(c >= 'A' && c <= 'Z' ? c + 32 : c) << (8 * b);
	}
	ts->tail_of[k] = key;
}

/* tokenset_add with the hashes of the id, of the account and of the name
 * (as given, "" when NULL) already known. */
static enum wft_status add_hashed(struct tokenset *ts, const struct wft_token_rec *rec,
                                  const char *typetext, uint32_t h, uint32_t ha,
                                  uint32_t hn, struct wft_error *err)
{
	const char *name = rec->name ? rec->name : "";
	const char *account = rec->account ? rec->account : "";
	enum wft_status st;
	uint32_t acct = 0, name_num;
	uint16_t ttext = 0;
	bool found;
	size_t slot, idlen, namelen, acctlen;

	if (!rec->id || !*rec->id)
		return wft_error_set(err, WFT_ERR_INVALID, "a token without an id");
	idlen = strlen(rec->id);
	namelen = strlen(name);
	acctlen = strlen(account);
	if ((st = check_field(idlen, "id", err)) || (st = check_field(namelen, "name", err)) ||
	    (st = check_field(acctlen, "account", err)))
		return st;
	if ((st = id_grow(ts, err)))
		return st;
	if ((st = intern_account(ts, account, acctlen, ha, &acct, err)) ||
	    (st = intern_name(ts, name, namelen, hn, &name_num, err)))
		return st;
	if ((st = intern_type_text(ts, rec->account_type == WFT_ACCOUNT_UNKNOWN ? typetext : NULL,
	                           &ttext, err)))
		return st;
	slot = id_slot(ts, rec->id, h, &found);
	if (found) {
		rec_set_fields(ts, ts->idtab[slot].num, rec, name_num, acct, ttext);
		ts->generation++;
		return WFT_OK;
	}
	if (ts->n >= UINT32_MAX - 2)
		return wft_error_set(err, WFT_ERR_NOMEM, "the token set is too large");
	if ((st = recs_grow(ts, err)))
		return st;
	if ((st = arena_put(&ts->text, rec->id, idlen, &ts->recs[ts->n].id, err)))
		return st;
	rec_set_fields(ts, (uint32_t)ts->n, rec, name_num, acct, ttext);
	ts->recs[ts->n].live = 1;
	rec_set_tail(ts, (uint32_t)ts->n, rec->id, idlen);
	if (ts->idtab[slot].num == SLOT_EMPTY)
		ts->idfill++;
	ts->idtab[slot] = (struct slot){ .num = (uint32_t)ts->n, .hash = h };
	ts->n++;
	ts->live++;
	ts->generation++;
	return WFT_OK;
}

enum wft_status tokenset_add(struct tokenset *ts, const struct wft_token_rec *rec,
                             struct wft_error *err)
{
	const char *account = rec->account ? rec->account : "";
	const char *name = rec->name ? rec->name : "";

	if (!rec->id || !*rec->id)
		return wft_error_set(err, WFT_ERR_INVALID, "a token without an id");
	return add_hashed(ts, rec, NULL, hash_mem(rec->id, strlen(rec->id)),
	                  hash_mem(account, strlen(account)), hash_mem(name, strlen(name)), err);
}

size_t tokenset_size(const struct tokenset *ts) { return ts ? ts->n : 0; }
size_t tokenset_count(const struct tokenset *ts) { return ts ? ts->live : 0; }
uint64_t tokenset_generation(const struct tokenset *ts) { return ts ? ts->generation : 0; }

bool tokenset_is_live(const struct tokenset *ts, tokenset_idx i)
{
	return ts && i < ts->n && ts->recs[i].live;
}

const char *tokenset_id(const struct tokenset *ts, tokenset_idx i)
{
	return arena_str(ts, ts->recs[i].id);
}

const char *tokenset_id_tail(const struct tokenset *ts, tokenset_idx i)
{
	return ts->recs[i].tail;
}

const char *tokenset_name(const struct tokenset *ts, tokenset_idx i)
{
	return name_str(ts, ts->name_of[i]);
}

size_t tokenset_name_count(const struct tokenset *ts) { return ts ? ts->n_names : 0; }
uint32_t tokenset_name_of(const struct tokenset *ts, tokenset_idx i) { return ts->name_of[i]; }
const uint32_t *tokenset_name_column(const struct tokenset *ts) { return ts->name_of; }
const uint32_t *tokenset_account_column(const struct tokenset *ts) { return ts->acct_of; }
const wft_millis *tokenset_last_used_column(const struct tokenset *ts) { return ts->used_of; }
const uint8_t *tokenset_account_type_column(const struct tokenset *ts) { return ts->type_of; }
const uint32_t *tokenset_id_tail_column(const struct tokenset *ts) { return ts->tail_of; }
const char *tokenset_name_text(const struct tokenset *ts, uint32_t n) { return name_str(ts, n); }

const char *tokenset_account(const struct tokenset *ts, tokenset_idx i)
{
	return acct_str(ts, ts->acct_of[i]);
}

enum wft_account_type tokenset_account_type(const struct tokenset *ts, tokenset_idx i)
{
	return (enum wft_account_type)ts->type_of[i];
}

const char *tokenset_account_type_text(const struct tokenset *ts, tokenset_idx i)
{
	const struct ts_rec *r = &ts->recs[i];

	if (ts->type_of[i] != WFT_ACCOUNT_UNKNOWN)
		return wft_account_type_api_name((enum wft_account_type)ts->type_of[i]);
	return r->typetext ? arena_at(&ts->acctext, ts->typetexts[r->typetext - 1]) : "";
}

const char *tokenset_account_type_label(const struct tokenset *ts, tokenset_idx i)
{
	const struct ts_rec *r = &ts->recs[i];

	if (ts->type_of[i] == WFT_ACCOUNT_UNKNOWN && r->typetext)
		return arena_at(&ts->acctext, ts->typetexts[r->typetext - 1]);
	return wft_account_type_label((enum wft_account_type)ts->type_of[i]);
}

size_t tokenset_skipped_no_id(const struct tokenset *ts) { return ts ? ts->skipped_no_id : 0; }
size_t tokenset_skipped_unreadable(const struct tokenset *ts)
{
	return ts ? ts->skipped_unreadable : 0;
}

bool tokenset_skipped_note(const struct tokenset *ts, char *buf, size_t n)
{
	size_t a = tokenset_skipped_no_id(ts), b = tokenset_skipped_unreadable(ts);
	int k = 0;

	if (n)
		buf[0] = '\0';
	if (!a && !b)
		return false;
	if (a)
		k = snprintf(buf, n, "%zu token%s could not be shown (no id)", a, a == 1 ? "" : "s");
	if (b && k >= 0 && (size_t)k < n)
		snprintf(buf + k, n - (size_t)k, "%s%zu token%s could not be read", a ? "; " : "", b,
		         b == 1 ? "" : "s");
	return true;
}

wft_millis tokenset_date_generated(const struct tokenset *ts, tokenset_idx i)
{
	return ts->recs[i].gen;
}

wft_millis tokenset_last_used(const struct tokenset *ts, tokenset_idx i)
{
	return ts->used_of[i];
}

void tokenset_get(const struct tokenset *ts, tokenset_idx i, struct wft_token_rec *out)
{
	out->id = tokenset_id(ts, i);
	out->name = tokenset_name(ts, i);
	out->account = tokenset_account(ts, i);
	out->account_type = tokenset_account_type(ts, i);
	out->date_generated = ts->recs[i].gen;
	out->last_used = ts->used_of[i];
}

tokenset_idx tokenset_find(const struct tokenset *ts, const char *id)
{
	bool found;
	size_t slot;

	if (!ts || !ts->idcap || !id)
		return TOKENSET_NONE;
	slot = id_slot(ts, id, hash_mem(id, strlen(id)), &found);
	return found ? ts->idtab[slot].num : TOKENSET_NONE;
}

size_t tokenset_account_count(const struct tokenset *ts) { return ts ? ts->n_accts : 0; }

const char *tokenset_account_name(const struct tokenset *ts, uint32_t account)
{
	return account < ts->n_accts ? acct_str(ts, account) : "";
}

uint32_t tokenset_account_of(const struct tokenset *ts, tokenset_idx i)
{
	return ts->acct_of[i];
}

enum wft_status tokenset_remove(struct tokenset *ts, const char *id, struct wft_error *err)
{
	bool found;
	size_t slot;

	if (!ts->idcap || !id)
		return wft_error_set(err, WFT_ERR_INVALID, "no such token");
	slot = id_slot(ts, id, hash_mem(id, strlen(id)), &found);
	if (!found)
		return wft_error_set(err, WFT_ERR_INVALID, "no such token");
	uint32_t k = ts->idtab[slot].num;
	struct ts_rec *r = &ts->recs[k];
	ts->idtab[slot].num = SLOT_DEAD;
	r->live = 0;
	char *s = arena_at(&ts->text, r->id);
	wft_wipe(s, strlen(s));
	wft_wipe(r->tail, sizeof r->tail);
	ts->tail_of[k] = 0;
	ts->live--;
	ts->generation++;
	return WFT_OK;
}

enum wft_status tokenset_rename(struct tokenset *ts, const char *id, const char *name,
                                struct wft_error *err)
{
	tokenset_idx i = tokenset_find(ts, id);
	enum wft_status st;
	uint32_t n;

	if (i == TOKENSET_NONE)
		return wft_error_set(err, WFT_ERR_INVALID, "no such token");
	if ((st = check_field(strlen(name), "name", err)))
		return st;
	if ((st = intern_name(ts, name, strlen(name), hash_mem(name, strlen(name)), &n, err)))
		return st;
	ts->name_of[i] = n;
	ts->generation++;
	return WFT_OK;
}

/* ---------------------------------------------------------------------- */
/* The streaming decoder: a byte-at-a-time JSON lexer feeding a parser with
 * an explicit stack. Only the token being read is held. */

#define DEC_MAX_DEPTH 64
#define DEC_MAX_MESSAGE 400
#define DEC_MAX_NUMBER 64

enum lex { L_NONE, L_STRING, L_ESC, L_UHEX, L_NUMBER, L_LITERAL };
/* What the parser waits for in the innermost container. */
enum pstate { P_KEY_OR_END, P_KEY, P_COLON, P_VALUE, P_COMMA_OR_END, P_ELEM_OR_END, P_ELEM };
/* What a container means. */
enum ctx { C_ROOT, C_STATUS, C_RESPONSE, C_TOKEN, C_SKIP };
/* The field a value belongs to. */
enum field {
	F_OTHER, F_STATUS, F_RESPONSE, F_TOP_MESSAGE, F_TOP_CODE,
	F_RESULT, F_MESSAGE, F_CODE,
	F_ID, F_NAME, F_ACCOUNT, F_TYPE, F_GEN, F_USED,
};
enum vtype { V_STRING, V_NUMBER, V_TRUE, V_FALSE, V_NULL };

struct frame {
	uint8_t is_obj, ctx, state;
};

struct tokenset_decoder {
	struct tokenset *ts;
	size_t offset;              /* bytes consumed so far */
	size_t vstart;              /* where the value being read began */
	enum wft_status failed;
	struct wft_error error;
	int top_state;              /* 0 before the value, 1 inside, 2 after */
	struct frame stack[DEC_MAX_DEPTH];
	int depth;
	enum lex lex;
	bool in_key;
	enum field field;           /* of the value being read */
	char *sbuf;                 /* the string being read */
	size_t slen, scap;
	bool soverflow;
	unsigned uhex, ucount, usurrogate;
	char nbuf[DEC_MAX_NUMBER + 1];
	size_t nlen;
	/* the token being read */
	char *tid, *tname, *tacct;
	size_t tid_cap, tname_cap, tacct_cap;
	uint32_t tid_hash, tacct_hash, tname_hash;
	bool has_id;
	bool tbad;                  /* a field could not be read: left out */
	char *ttext;                /* accountType as sent */
	size_t ttext_cap;
	enum wft_account_type ttype;
	wft_millis tgen, tused;
	size_t n_tokens;
	/* the envelope */
	bool seen_response, seen_status, is_error, seen_top_message;
	int code;
	char message[DEC_MAX_MESSAGE + 1];
};

struct tokenset_decoder *tokenset_decoder_new(struct tokenset *ts)
{
	struct tokenset_decoder *d = calloc(1, sizeof *d);

	if (d)
		d->ts = ts;
	return d;
}

void tokenset_decoder_free(struct tokenset_decoder *d)
{
	if (!d)
		return;
	if (d->sbuf)
		wft_wipe(d->sbuf, d->scap);
	if (d->tid)
		wft_wipe(d->tid, d->tid_cap);
	free(d->sbuf);
	free(d->tid);
	free(d->tname);
	free(d->tacct);
	free(d->ttext);
	free(d);
}

int tokenset_decoder_status_code(const struct tokenset_decoder *d) { return d->code; }
const char *tokenset_decoder_status_message(const struct tokenset_decoder *d) { return d->message; }

static enum wft_status fail_at(struct tokenset_decoder *d, size_t pos, enum wft_status code,
                               const char *what)
{
	if (!d->failed) {
		d->failed = code;
		wft_error_set(&d->error, code, "bad token list at byte %zu: %s", pos, what);
	}
	return d->failed;
}

static enum wft_status fail(struct tokenset_decoder *d, enum wft_status code, const char *what)
{
	return fail_at(d, d->offset, code, what);
}

static const char *field_name(enum field f)
{
	switch (f) {
	case F_ID: return "id";
	case F_NAME: return "name";
	case F_ACCOUNT: return "account";
	case F_TYPE: return "accountType";
	case F_GEN: return "dateGenerated";
	case F_USED: return "lastUsed";
	case F_STATUS: return "status";
	case F_RESPONSE: return "response";
	case F_RESULT: return "status.result";
	case F_MESSAGE: return "status.message";
	case F_CODE: return "status.code";
	default: return "a field";
	}
}

static enum wft_status wrong_type(struct tokenset_decoder *d, const char *expected)
{
	char what[160];

	if (d->depth > 0 && d->stack[d->depth - 1].ctx == C_TOKEN)
		snprintf(what, sizeof what, "%s of token %zu must be %s", field_name(d->field),
		         d->n_tokens + 1, expected);
	else
		snprintf(what, sizeof what, "%s must be %s", field_name(d->field), expected);
	return fail_at(d, d->vstart, WFT_ERR_PARSE, what);
}

static enum field key_field(enum ctx c, const char *k, size_t len)
{
#define IS(lit) (len == sizeof(lit) - 1 && memcmp(k, lit, len) == 0)
	switch (c) {
	case C_ROOT:
		if (IS("status")) return F_STATUS;
		if (IS("response")) return F_RESPONSE;
		if (IS("message") || IS("error")) return F_TOP_MESSAGE;
		if (IS("code")) return F_TOP_CODE;
		break;
	case C_STATUS:
		if (IS("result")) return F_RESULT;
		if (IS("message")) return F_MESSAGE;
		if (IS("code")) return F_CODE;
		break;
	case C_TOKEN:
		if (IS("id") || IS("tokenID")) return F_ID;
		if (IS("name") || IS("tokenName")) return F_NAME;
		if (IS("account")) return F_ACCOUNT;
		if (IS("accountType")) return F_TYPE;
		if (IS("dateGenerated")) return F_GEN;
		if (IS("lastUsed")) return F_USED;
		break;
	default:
		break;
	}
	return F_OTHER;
#undef IS
}

static bool keeps_string(enum field f)
{
	return f == F_ID || f == F_NAME || f == F_ACCOUNT || f == F_TYPE || f == F_RESULT ||
	       f == F_MESSAGE || f == F_TOP_MESSAGE || f == F_GEN || f == F_USED;
}

/* A value of the token being read that cannot be read as its field: the
 * token is left out and counted, the rest of the list still loads. */
static void token_bad(struct tokenset_decoder *d)
{
	d->tbad = true;
}

static enum wft_status push(struct tokenset_decoder *d, bool is_obj, enum ctx c)
{
	if (d->depth == DEC_MAX_DEPTH)
		return fail(d, WFT_ERR_PARSE, "nested too deeply");
	d->stack[d->depth].is_obj = is_obj;
	d->stack[d->depth].ctx = (uint8_t)c;
	d->stack[d->depth].state = is_obj ? P_KEY_OR_END : P_ELEM_OR_END;
	d->depth++;
	if (c == C_TOKEN) {
		d->has_id = false;
		d->tbad = false;
		if (d->ttext) d->ttext[0] = '\0';
		d->ttype = WFT_ACCOUNT_UNKNOWN;
		d->tgen = d->tused = 0;
		if (d->tname) d->tname[0] = '\0';
		if (d->tacct) d->tacct[0] = '\0';
		d->tacct_hash = d->tname_hash = hash_mem("", 0);
	}
	return WFT_OK;
}

/* A value is complete: the container around it moves on. */
static void value_done(struct tokenset_decoder *d)
{
	if (d->depth == 0)
		d->top_state = 2;
	else
		d->stack[d->depth - 1].state = P_COMMA_OR_END;
}

/* A container is about to start as a value: decide what it means. */
static enum wft_status open_container(struct tokenset_decoder *d, bool is_obj)
{
	if (d->depth == 0)
		return is_obj ? push(d, true, C_ROOT) : (d->seen_response = true, push(d, false, C_RESPONSE));
	struct frame *f = &d->stack[d->depth - 1];
	switch ((enum ctx)f->ctx) {
	case C_ROOT:
		if (d->field == F_STATUS) {
			if (!is_obj)
				return wrong_type(d, "an object");
			d->seen_status = true;
			return push(d, true, C_STATUS);
		}
		if (d->field == F_RESPONSE) {
			if (is_obj)
				return wrong_type(d, "a list of tokens");
			d->seen_response = true;
			return push(d, false, C_RESPONSE);
		}
		if (d->field == F_TOP_MESSAGE || d->field == F_TOP_CODE)
			return wrong_type(d, d->field == F_TOP_CODE ? "a number" : "a string");
		break;
	case C_RESPONSE:
		if (!is_obj) {
			/* A list where a token should be: skipped whole, and counted. */
			d->ts->skipped_unreadable++;
			d->n_tokens++;
			break;
		}
		return push(d, true, C_TOKEN);
	case C_TOKEN:
		/* An object or list as a token's id, name, type or time. */
		if (d->field == F_ID)
			d->has_id = true;
		if (d->field != F_OTHER)
			token_bad(d);
		break;
	case C_STATUS:
		if (d->field != F_OTHER)
			return wrong_type(d, d->field == F_GEN || d->field == F_USED ||
			                  d->field == F_CODE ? "a number" : "a string");
		break;
	default:
		break;
	}
	return push(d, is_obj, C_SKIP);
}

static enum wft_status copy_into(struct tokenset_decoder *d, char **dst, size_t *cap,
                                 bool secret)
{
	if (*cap < d->slen + 1) {
		size_t ncap = d->slen + 1 < 64 ? 64 : d->slen + 1;
		char *n = malloc(ncap);
		if (!n)
			return fail(d, WFT_ERR_NOMEM, "out of memory");
		if (*dst && secret)
			wft_wipe(*dst, *cap);
		free(*dst);
		*dst = n;
		*cap = ncap;
	}
	if (d->slen)
		memcpy(*dst, d->sbuf, d->slen);
	(*dst)[d->slen] = '\0';
	return WFT_OK;
}

static void copy_message(struct tokenset_decoder *d)
{
	size_t n = d->slen < DEC_MAX_MESSAGE ? d->slen : DEC_MAX_MESSAGE;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)d->sbuf[i];
		d->message[i] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
	}
	d->message[n] = '\0';
}

static bool number_ok(const char *s, size_t n)
{
	size_t i = 0;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && s[i] >= '1' && s[i] <= '9')
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return false;
	if (i < n && s[i] == '.') {
		if (++i >= n || s[i] < '0' || s[i] > '9')
			return false;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= n || s[i] < '0' || s[i] > '9')
			return false;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	return i == n;
}

/* The number just read as an integer; WFT_ERR_PARSE, without failing the
 * decoder, when it does not fit in 64 bits. */
static enum wft_status number_in_range(struct tokenset_decoder *d, int64_t *out)
{
	char *end;
	double v;
	long long ll;

	/* The common case, a plain integer of at most 18 digits, by hand:
	 * strtoll's locale handling was a visible share of the decode. */
	size_t i = d->nbuf[0] == '-', k = i;
	int64_t acc = 0;
	while (k < d->nlen && k - i < 18 && d->nbuf[k] >= '0' && d->nbuf[k] <= '9')
		acc = acc * 10 + (d->nbuf[k++] - '0');
	if (k == d->nlen && k > i) {
		*out = i ? -acc : acc;
		return WFT_OK;
	}
	d->nbuf[d->nlen] = '\0';
	errno = 0;
	ll = strtoll(d->nbuf, &end, 10);
	if (*end == '\0' && errno == 0) {
		*out = ll;
		return WFT_OK;
	}
	v = strtod(d->nbuf, &end);
	if (!(v > -9.2e18 && v < 9.2e18))
		return WFT_ERR_PARSE;
	*out = (int64_t)v;
	return WFT_OK;
}

/* The same, failing the decoder (for the envelope's fields). */
static enum wft_status number_value(struct tokenset_decoder *d, int64_t *out)
{
	if (number_in_range(d, out) != WFT_OK)
		return wrong_type(d, "a number in range");
	return WFT_OK;
}

/* An over-long name, account or message keeps its first characters and ends
 * with an ellipsis, cut on a character boundary, so one odd token does not
 * stop the whole list from loading. */
static void cut_with_ellipsis(struct tokenset_decoder *d)
{
	static const char ellipsis[] = "\xe2\x80\xa6";
	size_t n = TOKENSET_MAX_FIELD - (sizeof ellipsis - 1);

	if (n > d->slen)
		n = d->slen;
	while (n > 0 && n < d->slen && ((unsigned char)d->sbuf[n] & 0xc0) == 0x80)
		n--;
	memcpy(d->sbuf + n, ellipsis, sizeof ellipsis - 1);
	d->slen = n + sizeof ellipsis - 1;
}

/* A number given as a string ("1700000000000"), read as the number: the
 * only reading such a string has. "" reads as absent. False for anything
 * else. */
static bool string_number(const char *s, size_t n, int64_t *out)
{
	size_t i = 0;
	int64_t acc = 0;

	*out = 0;
	if (n == 0)
		return true;
	if (s[0] == '-')
		i++;
	if (i == n || n - i > 18)
		return false;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		acc = acc * 10 + (s[i] - '0');
	}
	*out = s[0] == '-' ? -acc : acc;
	return true;
}

/* A scalar value of one of a token's fields. */
static enum wft_status token_scalar(struct tokenset_decoder *d, enum vtype t)
{
	enum wft_status st = WFT_OK;
	int64_t n = 0;

	if (t == V_NULL)
		return WFT_OK; /* a null field is an absent one; a null id means no id */
	switch (d->field) {
	case F_ID: case F_NAME: case F_ACCOUNT: case F_TYPE:
		/* An id that is there but is no token id (a number, an over-long
		 * string) makes the token unreadable rather than id-less. */
		if (t != V_STRING || (d->soverflow && (d->field == F_ID || d->field == F_TYPE))) {
			if (d->field == F_ID)
				d->has_id = true;
			token_bad(d);
			break;
		}
		if (d->soverflow)
			cut_with_ellipsis(d);
		if (d->field == F_ID) {
			if (d->slen == 0)
				break; /* an empty id is no id */
			st = copy_into(d, &d->tid, &d->tid_cap, true);
			d->has_id = true;
			d->tid_hash = hash_mem(d->sbuf, d->slen);
			PREFETCH_SLOT(d->ts->idtab, d->ts->idcap, d->tid_hash);
		} else if (d->field == F_NAME) {
			st = copy_into(d, &d->tname, &d->tname_cap, false);
			d->tname_hash = hash_mem(d->sbuf, d->slen);
			PREFETCH_SLOT(d->ts->nametab, d->ts->namecap, d->tname_hash);
		} else if (d->field == F_ACCOUNT) {
			st = copy_into(d, &d->tacct, &d->tacct_cap, false);
			d->tacct_hash = hash_mem(d->sbuf, d->slen);
			PREFETCH_SLOT(d->ts->acctab, d->ts->acccap, d->tacct_hash);
		} else if (d->slen) {
			d->sbuf[d->slen] = '\0';
			d->ttype = wft_account_type_parse(d->sbuf);
			/* An account type this client does not know is kept as sent. */
			st = copy_into(d, &d->ttext, &d->ttext_cap, false);
		}
		break;
	case F_GEN: case F_USED:
		if (t == V_NUMBER) {
			if (number_in_range(d, &n) != WFT_OK) {
				token_bad(d);
				break;
			}
		} else if (t != V_STRING || d->soverflow || !string_number(d->sbuf, d->slen, &n)) {
			token_bad(d);
			break;
		}
		if (d->field == F_GEN)
			d->tgen = n;
		else
			d->tused = n > 0 ? n : 0;
		break;
	default:
		break;
	}
	return st;
}

static enum wft_status scalar(struct tokenset_decoder *d, enum vtype t)
{
	enum wft_status st = WFT_OK;
	int64_t n = 0;
	enum ctx c;

	if (d->depth == 0)
		return fail(d, WFT_ERR_PARSE, "not a token list");
	c = (enum ctx)d->stack[d->depth - 1].ctx;
	if (c == C_RESPONSE) {
		/* Something other than an object where a token should be. */
		d->ts->skipped_unreadable++;
		d->n_tokens++;
		value_done(d);
		return WFT_OK;
	}
	if (c == C_TOKEN) {
		st = token_scalar(d, t);
		if (d->sbuf && d->field == F_ID)
			wft_wipe(d->sbuf, d->slen);
		if (st)
			return st;
		value_done(d);
		return WFT_OK;
	}
	switch (d->field) {
	case F_STATUS:
	case F_RESPONSE:
		if (t != V_NULL)
			return wrong_type(d, d->field == F_STATUS ? "an object" : "a list of tokens");
		if (d->field == F_RESPONSE)
			d->seen_response = true;
		break;
	case F_RESULT: case F_MESSAGE: case F_TOP_MESSAGE:
		if (t == V_NULL)
			break;
		if (t != V_STRING)
			return wrong_type(d, "a string");
		if (d->soverflow && d->field == F_RESULT)
			return fail(d, WFT_ERR_PARSE, "a string is too long");
		if (d->soverflow)
			cut_with_ellipsis(d);
		if (d->field == F_RESULT) {
			d->is_error = d->slen == 5 && memcmp(d->sbuf, "ERROR", 5) == 0;
		} else {
			if (d->field == F_TOP_MESSAGE)
				d->seen_top_message = true;
			copy_message(d);
		}
		break;
	case F_CODE: case F_TOP_CODE:
		if (t == V_NULL)
			break;
		if (t != V_NUMBER)
			return wrong_type(d, "a number");
		if ((st = number_value(d, &n)))
			return st;
		d->code = n >= 0 && n < 1000 ? (int)n : 0;
		break;
	default:
		break;
	}
	value_done(d);
	return WFT_OK;
}

static enum wft_status close_container(struct tokenset_decoder *d, bool is_obj)
{
	struct frame *f = &d->stack[d->depth - 1];
	struct wft_error e;

	if (f->is_obj != is_obj)
		return fail(d, WFT_ERR_PARSE, is_obj ? "} closes a list" : "] closes an object");
	if (f->ctx == C_TOKEN) {
		struct wft_token_rec rec = {
			.id = d->tid, .name = d->tname ? d->tname : "",
			.account = d->tacct ? d->tacct : "", .account_type = d->ttype,
			.date_generated = d->tgen, .last_used = d->tused,
		};
		/* A token that cannot be shown is left out and counted; the
		 * others load. */
		if (!d->has_id) {
			d->ts->skipped_no_id++;
		} else if (d->tbad) {
			d->ts->skipped_unreadable++;
		} else if (add_hashed(d->ts, &rec, d->ttext, d->tid_hash, d->tacct_hash,
		                      d->tname_hash, &e)) {
			if (e.code == WFT_ERR_NOMEM)
				return fail(d, WFT_ERR_NOMEM, e.message);
			d->ts->skipped_unreadable++;
		}
		if (d->tid)
			wft_wipe(d->tid, d->tid_cap);
		d->n_tokens++;
	} else if (f->ctx == C_STATUS && d->is_error) {
		d->failed = WFT_ERR_HTTP;
		wft_error_set(&d->error, WFT_ERR_HTTP, "the server answered with an error%s%s",
		              d->message[0] ? ": " : "", d->message);
		d->error.http_status = d->code;
		return d->failed;
	}
	d->depth--;
	value_done(d);
	return WFT_OK;
}

static enum wft_status str_put(struct tokenset_decoder *d, const char *s, size_t n)
{
	if (!keeps_string(d->field) && !d->in_key)
		return WFT_OK;
	size_t limit = d->in_key ? 64 : TOKENSET_MAX_FIELD;
	if (d->slen + n > limit) {
		/* Keep what fits: an over-long name is shown cut, not refused. */
		d->soverflow = true;
		n = limit - d->slen;
	}
	if (d->slen + n + 1 > d->scap) {
		size_t ncap = d->scap ? d->scap : 256;
		while (ncap < d->slen + n + 1)
			ncap *= 2;
		char *b = malloc(ncap);
		if (!b)
			return fail(d, WFT_ERR_NOMEM, "out of memory");
		if (d->sbuf) {
			memcpy(b, d->sbuf, d->slen);
			wft_wipe(d->sbuf, d->scap);
			free(d->sbuf);
		}
		d->sbuf = b;
		d->scap = ncap;
	}
	memcpy(d->sbuf + d->slen, s, n);
	d->slen += n;
	return WFT_OK;
}

static enum wft_status put_code_point(struct tokenset_decoder *d, unsigned cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		if (cp == 0)
			cp = 0xfffd; /* keep strings NUL-free */
		else {
			u[0] = (char)cp;
			return str_put(d, u, 1);
		}
	}
	if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return str_put(d, u, n);
}

static enum wft_status string_done(struct tokenset_decoder *d)
{
	if (d->usurrogate) {
		enum wft_status st = put_code_point(d, 0xfffd);
		d->usurrogate = 0;
		if (st)
			return st;
	}
	d->lex = L_NONE;
	if (d->in_key) {
		struct frame *f = &d->stack[d->depth - 1];
		d->in_key = false;
		d->field = d->soverflow ? F_OTHER : key_field((enum ctx)f->ctx, d->sbuf, d->slen);
		f->state = P_COLON;
		return WFT_OK;
	}
	return scalar(d, V_STRING);
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

static enum wft_status literal_done(struct tokenset_decoder *d)
{
	d->lex = L_NONE;
	d->nbuf[d->nlen] = '\0';
	if (strcmp(d->nbuf, "true") == 0) return scalar(d, V_TRUE);
	if (strcmp(d->nbuf, "false") == 0) return scalar(d, V_FALSE);
	if (strcmp(d->nbuf, "null") == 0) return scalar(d, V_NULL);
	return fail(d, WFT_ERR_PARSE, "not JSON");
}

static enum wft_status number_done(struct tokenset_decoder *d)
{
	d->lex = L_NONE;
	if (!number_ok(d->nbuf, d->nlen))
		return fail(d, WFT_ERR_PARSE, "a malformed number");
	return scalar(d, V_NUMBER);
}

/* One structural byte (outside strings, numbers and literals). */
static enum wft_status structural(struct tokenset_decoder *d, unsigned char c)
{
	struct frame *f;

	if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
		return WFT_OK;
	if (d->depth == 0) {
		if (d->top_state != 0)
			return fail(d, WFT_ERR_PARSE, "data after the end of the answer");
	} else {
		f = &d->stack[d->depth - 1];
		switch ((enum pstate)f->state) {
		case P_KEY_OR_END:
		case P_KEY:
			if (c == '}' && f->state == P_KEY_OR_END)
				return close_container(d, true);
			if (c != '"')
				return fail(d, WFT_ERR_PARSE, "expected a field name");
			d->lex = L_STRING;
			d->in_key = true;
			d->slen = 0;
			d->soverflow = false;
			return WFT_OK;
		case P_COLON:
			if (c != ':')
				return fail(d, WFT_ERR_PARSE, "expected ':'");
			f->state = P_VALUE;
			return WFT_OK;
		case P_COMMA_OR_END:
			if (c == ',') {
				f->state = f->is_obj ? P_KEY : P_ELEM;
				return WFT_OK;
			}
			if (c == '}' || c == ']')
				return close_container(d, c == '}');
			return fail(d, WFT_ERR_PARSE, "expected ',' or the end of a list or object");
		case P_ELEM_OR_END:
			if (c == ']')
				return close_container(d, false);
			/* fall through */
		case P_ELEM:
			d->field = F_OTHER;
			break;
		default: /* P_VALUE */
			break;
		}
	}
	if (d->depth == 0)
		d->top_state = 1;
	d->vstart = d->offset;
	switch (c) {
	case '{':
	case '[':
		return open_container(d, c == '{');
	case '"':
		d->lex = L_STRING;
		d->slen = 0;
		d->soverflow = false;
		return WFT_OK;
	case 't': case 'f': case 'n':
		d->lex = L_LITERAL;
		d->nbuf[0] = (char)c;
		d->nlen = 1;
		return WFT_OK;
	default:
		if (c == '-' || (c >= '0' && c <= '9')) {
			d->lex = L_NUMBER;
			d->nbuf[0] = (char)c;
			d->nlen = 1;
			return WFT_OK;
		}
		return fail(d, WFT_ERR_PARSE, d->offset == 0 && d->depth == 0 ?
		            "not JSON" : "unexpected character");
	}
}

/* Inside a string: copies the run of plain characters at *p in one go (the bytes are then
 * consumed: *advance is cleared), or takes the one byte that ends the run. */
static enum wft_status lex_string(struct tokenset_decoder *d, const unsigned char **p,
                                  const unsigned char *end, bool *advance)
{
	const unsigned char *q = *p;
	unsigned char c = **p;

	while (q < end && *q != '"' && *q != '\\' && *q >= 0x20)
		q++;
	if (q > *p) {
		enum wft_status st = str_put(d, (const char *)*p, (size_t)(q - *p));
		d->offset += (size_t)(q - *p);
		*p = q;
		*advance = false;
		return st;
	}
	if (c == '"')
		return string_done(d);
	if (c == '\\') {
		d->lex = L_ESC;
		return WFT_OK;
	}
	return fail(d, WFT_ERR_PARSE, "a control character in a string");
}

/* The byte after a backslash in a string. */
static enum wft_status lex_escape(struct tokenset_decoder *d, unsigned char c)
{
	const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
	const char *k = c ? strchr(from, c) : NULL;
	enum wft_status st = WFT_OK;

	if (c == 'u') {
		d->lex = L_UHEX;
		d->uhex = 0;
		d->ucount = 0;
		return WFT_OK;
	}
	if (!k)
		return fail(d, WFT_ERR_PARSE, "a bad escape in a string");
	if (d->usurrogate) {
		d->usurrogate = 0;
		st = put_code_point(d, 0xfffd);
	}
	if (!st)
		st = str_put(d, to + (k - from), 1);
	d->lex = L_STRING;
	return st;
}

/* A hex digit of a \u escape; the fourth one puts the code point (pairing surrogates, a lone
 * one becomes U+FFFD). */
static enum wft_status lex_unicode_escape(struct tokenset_decoder *d, unsigned char c)
{
	int h = hexval(c);
	enum wft_status st = WFT_OK;

	if (h < 0)
		return fail(d, WFT_ERR_PARSE, "a bad \\u escape in a string");
	d->uhex = d->uhex << 4 | (unsigned)h;
	if (++d->ucount < 4)
		return WFT_OK;
	d->lex = L_STRING;
	if (d->uhex >= 0xd800 && d->uhex < 0xdc00) {
		if (d->usurrogate)
			st = put_code_point(d, 0xfffd);
		d->usurrogate = d->uhex;
	} else if (d->uhex >= 0xdc00 && d->uhex < 0xe000) {
		if (d->usurrogate)
			st = put_code_point(d, 0x10000 + ((d->usurrogate - 0xd800) << 10) +
			                   (d->uhex - 0xdc00));
		else
			st = put_code_point(d, 0xfffd);
		d->usurrogate = 0;
	} else {
		if (d->usurrogate)
			st = put_code_point(d, 0xfffd);
		d->usurrogate = 0;
		if (!st)
			st = put_code_point(d, d->uhex);
	}
	return st;
}

/* Inside a number: takes the run of number characters at *p in one go, or ends the number
 * (the byte after it is structural: it is left for the next state, *advance cleared). */
static enum wft_status lex_number(struct tokenset_decoder *d, const unsigned char **p,
                                  const unsigned char *end, bool *advance)
{
	const unsigned char *q = *p;

	while (q < end && ((*q >= '0' && *q <= '9') || *q == '.' || *q == 'e' ||
	                   *q == 'E' || *q == '+' || *q == '-'))
		q++;
	if (q > *p) {
		if ((size_t)(q - *p) > DEC_MAX_NUMBER - d->nlen) {
			d->offset += DEC_MAX_NUMBER - d->nlen;
			return fail(d, WFT_ERR_PARSE, "a number is too long");
		}
		memcpy(d->nbuf + d->nlen, *p, (size_t)(q - *p));
		d->nlen += (size_t)(q - *p);
		d->offset += (size_t)(q - *p);
		*p = q;
		*advance = false;
		return WFT_OK;
	}
	*advance = false;
	return number_done(d);
}

/* Inside true/false/null: a letter is kept; any other byte ends the literal and is left for the
 * next state (*advance cleared). */
static enum wft_status lex_literal(struct tokenset_decoder *d, unsigned char c, bool *advance)
{
	if (c >= 'a' && c <= 'z') {
		if (d->nlen == 5)
			return fail(d, WFT_ERR_PARSE, "not JSON");
		d->nbuf[d->nlen++] = (char)c;
		return WFT_OK;
	}
	*advance = false;
	return literal_done(d);
}

enum wft_status tokenset_decoder_feed(struct tokenset_decoder *d, const void *buf,
                                      size_t len, struct wft_error *err)
{
	const unsigned char *p = buf, *end = p + len;
	enum wft_status st = WFT_OK;

	while (!d->failed && p < end) {
		bool advance = true; /* cleared when the state moved p itself or left the byte */
		switch (d->lex) {
		case L_STRING: st = lex_string(d, &p, end, &advance); break;
		case L_ESC: st = lex_escape(d, *p); break;
		case L_UHEX: st = lex_unicode_escape(d, *p); break;
		case L_NUMBER: st = lex_number(d, &p, end, &advance); break;
		case L_LITERAL: st = lex_literal(d, *p, &advance); break;
		default: st = structural(d, *p); break;
		}
		if (st)
			break;
		if (advance) {
			p++;
			d->offset++;
		}
	}
	if (d->failed) {
		if (err)
			*err = d->error;
		return d->failed;
	}
	return WFT_OK;
}

enum wft_status tokenset_decoder_finish(struct tokenset_decoder *d, struct wft_error *err)
{
	if (!d->failed) {
		if (d->lex == L_NUMBER && d->depth == 0)
			number_done(d);
		else if (d->lex == L_LITERAL && d->depth == 0)
			literal_done(d);
	}
	if (!d->failed) {
		if (d->offset == 0)
			fail(d, WFT_ERR_PARSE, "an empty answer");
		else if (d->top_state != 2 || d->lex != L_NONE)
			fail(d, WFT_ERR_PARSE, "the answer is cut short");
		else if (d->is_error || (!d->seen_response && d->seen_top_message)) {
			d->failed = WFT_ERR_HTTP;
			wft_error_set(&d->error, WFT_ERR_HTTP, "the server answered with an error%s%s",
			              d->message[0] ? ": " : "", d->message);
			d->error.http_status = d->code;
		} else if (!d->seen_response)
			fail(d, WFT_ERR_PARSE, "not a token list (no response field)");
	}
	if (d->failed) {
		if (err)
			*err = d->error;
		return d->failed;
	}
	return WFT_OK;
}

enum wft_status tokenset_decode(struct tokenset *ts, const void *buf, size_t len,
                                struct wft_error *err)
{
	struct tokenset_decoder *d = tokenset_decoder_new(ts);
	enum wft_status st;

	if (!d)
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	st = tokenset_decoder_feed(d, buf, len, err);
	if (!st)
		st = tokenset_decoder_finish(d, err);
	tokenset_decoder_free(d);
	return st;
}

enum wft_status tokenset_error_envelope(const void *buf, size_t len, int *code, char *msg,
                                        size_t msgsz)
{
	struct json_tokener *tok;
	struct json_object *root, *status, *m = NULL, *c = NULL;
	enum wft_status st = WFT_ERR_PARSE;

	*code = 0;
	if (msgsz)
		msg[0] = '\0';
	if (len > ((size_t)1 << 20) || len > INT_MAX)
		return WFT_ERR_PARSE;
	tok = json_tokener_new();
	if (!tok)
		return WFT_ERR_NOMEM;
	root = json_tokener_parse_ex(tok, buf, (int)len);
	if (root && json_object_is_type(root, json_type_object)) {
		struct json_object *where = root;
		if (json_object_object_get_ex(root, "status", &status) &&
		    json_object_is_type(status, json_type_object))
			where = status;
		if (!json_object_object_get_ex(where, "message", &m))
			json_object_object_get_ex(where, "error", &m);
		json_object_object_get_ex(where, "code", &c);
		if (m && json_object_is_type(m, json_type_string)) {
			const char *s = json_object_get_string(m);
			size_t i;
			for (i = 0; s[i] && i + 1 < msgsz && i < DEC_MAX_MESSAGE; i++)
				msg[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? ' ' : s[i];
			if (msgsz)
				msg[i] = '\0';
			st = WFT_OK;
		}
		if (c && json_object_is_type(c, json_type_int)) {
			int64_t v = json_object_get_int64(c);
			*code = v >= 0 && v < 1000 ? (int)v : 0;
			st = WFT_OK;
		}
	}
	json_object_put(root);
	json_tokener_free(tok);
	return st;
}
