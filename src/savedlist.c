/* savedlist.c: the server's saved searches and the merge of a listing. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "savedlist.h"

void savedlist_init(struct savedlist *l)
{
	memset(l, 0, sizeof *l);
}

static void entry_free(struct savedlist_entry *e)
{
	free(e->id);
	free(e->name);
	free(e->query);
}

static void entries_free(struct savedlist_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		entry_free(&e[i]);
	free(e);
}

void savedlist_free(struct savedlist *l)
{
	entries_free(l->items, l->n);
	for (size_t i = 0; i < l->n_gone; i++)
		free(l->gone[i]);
	free(l->gone);
	savedlist_init(l);
}

unsigned long savedlist_mark(const struct savedlist *l)
{
	return l->now;
}

size_t savedlist_find(const struct savedlist *l, const char *id)
{
	for (size_t i = 0; id && i < l->n; i++)
		if (strcmp(l->items[i].id, id) == 0)
			return i;
	return (size_t)-1;
}

static bool is_gone(const struct savedlist *l, const char *id)
{
	for (size_t i = 0; i < l->n_gone; i++)
		if (strcmp(l->gone[i], id) == 0)
			return true;
	return false;
}

static enum wft_status nomem(struct wft_error *err)
{
	return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
}

/* Fills e with copies; false (e freed) when out of memory. */
static bool entry_set(struct savedlist_entry *e, const char *id, const char *name,
                      const char *query, unsigned long confirmed)
{
	e->id = strdup(id);
	e->name = strdup(name);
	e->query = strdup(query ? query : "");
	e->confirmed = confirmed;
	if (!e->id || !e->name || !e->query) {
		entry_free(e);
		memset(e, 0, sizeof *e);
		return false;
	}
	return true;
}

enum wft_status savedlist_confirm(struct savedlist *l, const char *id, const char *name,
                                   const char *query, struct wft_error *err)
{
	size_t i = savedlist_find(l, id);
	struct savedlist_entry e;

	if (!id || !*id || !name)
		return wft_error_set(err, WFT_ERR_INVALID, "a saved search needs an id and a name");
	if (!entry_set(&e, id, name, query, l->now + 1))
		return nomem(err);
	if (i == (size_t)-1) {
		struct savedlist_entry *grown = realloc(l->items, (l->n + 1) * sizeof *grown);
		if (!grown) {
			entry_free(&e);
			return nomem(err);
		}
		l->items = grown;
		i = l->n++;
	} else {
		entry_free(&l->items[i]);
	}
	l->items[i] = e;
	l->now++;
	return WFT_OK;
}

enum wft_status savedlist_remove(struct savedlist *l, const char *id, struct wft_error *err)
{
	size_t i = savedlist_find(l, id);
	char **grown, *copy;

	if (!id)
		return WFT_OK;
	if (i != (size_t)-1) {
		entry_free(&l->items[i]);
		memmove(l->items + i, l->items + i + 1, (l->n - i - 1) * sizeof *l->items);
		l->n--;
	}
	if (is_gone(l, id))
		return WFT_OK;
	if (!(copy = strdup(id)) || !(grown = realloc(l->gone, (l->n_gone + 1) * sizeof *grown))) {
		free(copy);
		return nomem(err);
	}
	l->gone = grown;
	l->gone[l->n_gone++] = copy;
	l->now++;
	return WFT_OK;
}

static bool listable(const struct wft_saved_search *s)
{
	return s->id && *s->id && s->name && *s->name &&
	       (!s->entity_type || !*s->entity_type || strcmp(s->entity_type, "TOKEN") == 0);
}

enum wft_status savedlist_merge(struct savedlist *l, const struct wft_saved_search *items,
                                 size_t n, unsigned long mark, struct wft_error *err)
{
	struct savedlist_entry *v = calloc(n + l->n + 1, sizeof *v);
	size_t k = 0;

	if (!v)
		return nomem(err);
	for (size_t i = 0; i < n; i++) {
		const struct wft_saved_search *s = &items[i];
		size_t mine;
		bool dup = false;
		if (!listable(s) || is_gone(l, s->id))
			continue;
		for (size_t j = 0; j < k && !dup; j++)
			dup = strcmp(v[j].id, s->id) == 0;
		if (dup)
			continue;
		mine = savedlist_find(l, s->id);
		/* Confirmed after the listing was asked for: ours is newer. */
		if (mine != (size_t)-1 && l->items[mine].confirmed > mark) {
			const struct savedlist_entry *e = &l->items[mine];
			if (!entry_set(&v[k], e->id, e->name, e->query, e->confirmed))
				goto fail;
		} else if (!entry_set(&v[k], s->id, s->name, s->query, 0)) {
			goto fail;
		}
		k++;
	}
	/* Confirmed after the listing was asked for, and not in it: kept. */
	for (size_t i = 0; i < l->n; i++) {
		const struct savedlist_entry *e = &l->items[i];
		bool listed = false;
		if (e->confirmed <= mark)
			continue;
		for (size_t j = 0; j < k && !listed; j++)
			listed = strcmp(v[j].id, e->id) == 0;
		if (!listed && !entry_set(&v[k++], e->id, e->name, e->query, e->confirmed))
			goto fail;
	}
	entries_free(l->items, l->n);
	l->items = v;
	l->n = k;
	return WFT_OK;
fail:
	entries_free(v, k);
	return nomem(err);
}
