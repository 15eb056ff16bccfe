/* localsearch.c: the local saved-search store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "localsearch.h"
#include "statefile.h"

#define LABEL "the local saved searches"

void localsearch_init(struct localsearch *ls)
{
	memset(ls, 0, sizeof *ls);
}

void localsearch_free(struct localsearch *ls)
{
	wft_saved_search_list_clear(&ls->list);
	free(ls->path);
	localsearch_init(ls);
}

bool localsearch_is_local_id(const char *id)
{
	return id && strncmp(id, LOCALSEARCH_ID_PREFIX, strlen(LOCALSEARCH_ID_PREFIX)) == 0;
}

const struct wft_saved_search *localsearch_find(const struct localsearch *ls, const char *id)
{
	for (size_t i = 0; id && i < ls->list.n; i++)
		if (strcmp(ls->list.items[i].id, id) == 0)
			return &ls->list.items[i];
	return NULL;
}

static bool add_str(json_object *o, const char *k, const char *v)
{
	json_object *s = json_object_new_string(v ? v : "");

	if (!s || json_object_object_add(o, k, s) != 0) {
		json_object_put(s);
		return false;
	}
	return true;
}

static bool add_int(json_object *o, const char *k, wft_millis v)
{
	json_object *n = json_object_new_int64(v);

	if (!n || json_object_object_add(o, k, n) != 0) {
		json_object_put(n);
		return false;
	}
	return true;
}

static json_object *record(const struct wft_saved_search *s)
{
	json_object *o = json_object_new_object(), *q = json_object_new_object();
	bool ok = o && q && add_str(q, s->name, s->query) && add_str(o, "id", s->id) &&
	          add_str(o, "entityType", s->entity_type && *s->entity_type ? s->entity_type
	                                                                     : "TOKEN") &&
	          json_object_object_add(o, "query", q) == 0;

	if (ok)
		q = NULL;
	ok = ok && add_int(o, "createdEpochMillis", s->created) &&
	     add_int(o, "updatedEpochMillis", s->updated);
	json_object_put(q);
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *item_json(const void *ctx, size_t i)
{
	const struct wft_saved_search_list *l = ctx;
	return record(&l->items[i]);
}

static char *list_json(const struct wft_saved_search_list *l)
{
	return statefile_json_list("items", l->n, item_json, l);
}

char *localsearch_to_json(const struct localsearch *ls)
{
	return list_json(&ls->list);
}

/* Decodes and checks a file's text into l. */
static enum wft_status decode(const char *json, size_t len, struct wft_saved_search_list *l,
                              struct wft_error *err)
{
	enum wft_status st;

	memset(l, 0, sizeof *l);
	if (len > STATEFILE_MAX)
		return wft_error_set(err, WFT_ERR_PARSE, "too large");
	st = wft_decode_saved_search_list(LABEL, json, len, l, err);
	if (st == WFT_ERR_NOMEM)
		return st;
	if (st != WFT_OK)
		return err ? (err->code = WFT_ERR_PARSE) : WFT_ERR_PARSE;
	/* Our own file holds nothing we cannot read: an unreadable entry means
	 * the file is damaged (set aside whole), unlike a server's odd record. */
	if (l->skipped) {
		size_t n = l->skipped;
		wft_saved_search_list_clear(l);
		return wft_error_set(err, WFT_ERR_PARSE, "%zu saved search%s cannot be read", n,
		                     n == 1 ? "" : "es");
	}
	if (l->n > LOCALSEARCH_MAX) {
		wft_saved_search_list_clear(l);
		return wft_error_set(err, WFT_ERR_PARSE, "more than %d saved searches",
		                     LOCALSEARCH_MAX);
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct wft_saved_search *s = &l->items[i];
		const char *why = !s->id || !*s->id ? "has no id"
		                : !localsearch_is_local_id(s->id) ? "has an id that is not local"
		                : !s->name || !*s->name ? "has no name" : NULL;
		for (size_t k = 0; !why && k < i; k++)
			if (strcmp(l->items[k].id, s->id) == 0)
				why = "repeats an id";
		if (why) {
			wft_error_set(err, WFT_ERR_PARSE, "saved search %zu %s", i + 1, why);
			wft_saved_search_list_clear(l);
			return WFT_ERR_PARSE;
		}
	}
	return WFT_OK;
}

enum wft_status localsearch_from_json(struct localsearch *ls, const char *json, size_t len,
                                      struct wft_error *err)
{
	struct wft_saved_search_list l;
	enum wft_status st = decode(json, len, &l, err);

	if (st != WFT_OK)
		return st;
	wft_saved_search_list_clear(&ls->list);
	ls->list = l;
	return WFT_OK;
}

static enum wft_status set_aside(const char *path, const char *why, wft_millis now,
                                 bool *stuck, struct wft_error *err)
{
	enum wft_status st = statefile_set_aside(path, why, now, NULL, err);

	*stuck = st == WFT_ERR_IO;
	return st;
}

/* The file's list into l; a corrupt file is set aside (l empty); *stuck
 * when it could not be. */
static enum wft_status read_file(const char *path, wft_millis now,
                                 struct wft_saved_search_list *l, bool *stuck,
                                 struct wft_error *err)
{
	char *buf;
	size_t len;
	struct wft_error why;
	enum wft_status st = statefile_read(path, STATEFILE_MAX, &buf, &len, &why);

	memset(l, 0, sizeof *l);
	*stuck = false;
	if (st == WFT_ERR_PARSE)
		return set_aside(path, why.message, now, stuck, err);
	if (st != WFT_OK) {
		if (err)
			*err = why;
		return st;
	}
	if (!buf)
		return WFT_OK;
	st = decode(buf, len, l, &why);
	free(buf);
	if (st == WFT_ERR_PARSE)
		return set_aside(path, why.message, now, stuck, err);
	if (st != WFT_OK && err)
		*err = why;
	return st;
}

enum wft_status localsearch_load(struct localsearch *ls, const char *path, wft_millis now,
                                 struct wft_error *err)
{
	wft_saved_search_list_clear(&ls->list);
	free(ls->path);
	ls->frozen = false;
	if (!(ls->path = strdup(path)))
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	return read_file(path, now, &ls->list, &ls->frozen, err);
}

enum change { CH_CREATE, CH_RENAME, CH_DELETE };

static char *next_id(const struct wft_saved_search_list *l)
{
	unsigned long max = 0;
	size_t plen = strlen(LOCALSEARCH_ID_PREFIX);
	char buf[48];

	for (size_t i = 0; i < l->n; i++) {
		char *end;
		unsigned long v = strtoul(l->items[i].id + plen, &end, 10);
		if (*end == '\0' && v > max && v < 1000000000UL)
			max = v;
	}
	snprintf(buf, sizeof buf, LOCALSEARCH_ID_PREFIX "%lu", max + 1);
	return strdup(buf);
}

/* The checks made before the file is read again: loaded, not frozen, and a
 * usable name for a create or a rename. */
static enum wft_status check_change(const struct localsearch *ls, enum change what,
                                    const char *name, struct wft_error *err)
{
	if (!ls->path)
		return wft_error_set(err, WFT_ERR_INVALID, "the local saved searches are not loaded");
	if (ls->frozen)
		return wft_error_set(err, WFT_ERR_IO, "%s is left untouched (it could not be set "
		                     "aside), so nothing can be saved locally", ls->path);
	if (what != CH_DELETE) {
		if (!name || !*name)
			return wft_error_set(err, WFT_ERR_INVALID, "a saved search needs a name");
		if (strlen(name) > LOCALSEARCH_MAX_NAME)
			return wft_error_set(err, WFT_ERR_INVALID,
			                     "a saved search's name has at most %d bytes",
			                     LOCALSEARCH_MAX_NAME);
	}
	return WFT_OK;
}

/* Appends a new saved search to l, with the next free local id. */
static enum wft_status add_entry(struct wft_saved_search_list *l, const char *name,
                                 const char *query, wft_millis now, struct wft_error *err)
{
	struct wft_saved_search *s;

	if (l->n >= LOCALSEARCH_MAX)
		return wft_error_set(err, WFT_ERR_LIMIT, "at most %d local saved searches",
		                     LOCALSEARCH_MAX);
	struct wft_saved_search *grown = realloc(l->items, (l->n + 1) * sizeof *grown);
	if (!grown)
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	l->items = grown;
	char *nid = next_id(l);
	s = &l->items[l->n++];
	memset(s, 0, sizeof *s);
	s->id = nid;
	s->entity_type = strdup("TOKEN");
	s->name = strdup(name);
	s->query = strdup(query ? query : "");
	s->created = s->updated = now;
	if (!s->id || !s->entity_type || !s->name || !s->query)
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	return WFT_OK;
}

/* Makes the change in l (as read from the file). On failure the caller
 * clears l. */
static enum wft_status apply_change(struct wft_saved_search_list *l, enum change what,
                                    const char *id, const char *name, const char *query,
                                    wft_millis now, struct wft_error *err)
{
	struct wft_saved_search *s = NULL;

	if (what == CH_CREATE)
		return add_entry(l, name, query, now, err);
	for (size_t i = 0; i < l->n && !s; i++)
		if (strcmp(l->items[i].id, id) == 0)
			s = &l->items[i];
	if (!s)
		return wft_error_set(err, WFT_ERR_INVALID, "the local saved search %s is gone "
		                     "(another wftokens removed it)", id);
	if (what == CH_RENAME) {
		char *n = strdup(name);
		if (!n)
			return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		free(s->name);
		s->name = n;
		s->updated = now;
	} else {
		size_t k = (size_t)(s - l->items);
		wft_saved_search_clear(s);
		memmove(l->items + k, l->items + k + 1, (l->n - k - 1) * sizeof *l->items);
		l->n--;
	}
	return WFT_OK;
}

static enum wft_status write_list(const char *path, const struct wft_saved_search_list *l,
                                  struct wft_error *err)
{
	char *json = list_json(l);
	enum wft_status st;

	if (!json)
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	st = statefile_write(path, json, strlen(json), err);
	free(json);
	return st;
}

static enum wft_status change(struct localsearch *ls, enum change what, const char *id,
                              const char *name, const char *query, wft_millis now,
                              char **new_id, struct wft_error *err)
{
	struct wft_saved_search_list l;
	struct wft_error rerr;
	enum wft_status st, rst;

	if ((st = check_change(ls, what, name, err)))
		return st;
	/* Another run may have changed the file since it was read. */
	rst = read_file(ls->path, now, &l, &ls->frozen, &rerr);
	if (rst != WFT_OK && rst != WFT_ERR_PARSE) {
		if (err)
			*err = rerr;
		return rst;
	}
	if ((st = apply_change(&l, what, id, name, query, now, err)) ||
	    (st = write_list(ls->path, &l, err))) {
		wft_saved_search_list_clear(&l);
		return st;
	}
	if (new_id && what == CH_CREATE && !(*new_id = strdup(l.items[l.n - 1].id))) {
		/* Written: the list is right; only the copy of the id failed. */
		wft_saved_search_list_clear(&ls->list);
		ls->list = l;
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	}
	wft_saved_search_list_clear(&ls->list);
	ls->list = l;
	/* A corrupt file met on the way was set aside: say so. */
	if (rst == WFT_ERR_PARSE) {
		if (err)
			*err = rerr;
		return WFT_ERR_PARSE;
	}
	return WFT_OK;
}

enum wft_status localsearch_create(struct localsearch *ls, const char *name, const char *query,
                                   wft_millis now, char **id, struct wft_error *err)
{
	if (id)
		*id = NULL;
	return change(ls, CH_CREATE, NULL, name, query, now, id, err);
}

enum wft_status localsearch_rename(struct localsearch *ls, const char *id, const char *name,
                                   wft_millis now, struct wft_error *err)
{
	return change(ls, CH_RENAME, id, name, NULL, now, NULL, err);
}

enum wft_status localsearch_delete(struct localsearch *ls, const char *id, wft_millis now,
                                   struct wft_error *err)
{
	return change(ls, CH_DELETE, id, NULL, NULL, now, NULL, err);
}
