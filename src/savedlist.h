/* savedlist.h: the server's saved searches as the console holds them, and
 * the merge of a listing into them: an entry the server confirmed after a
 * listing was requested is never dropped or reverted by that listing. */
#ifndef WFT_SAVEDLIST_H
#define WFT_SAVEDLIST_H

#include <stddef.h>

#include "apimodel.h"
#include "error.h"

struct savedlist_entry {
	char *id, *name, *query;
	unsigned long confirmed;   /* when a create or rename answer confirmed it (0: listed) */
};

struct savedlist {
	struct savedlist_entry *items;   /* in the server's order, confirmed ones after */
	size_t n;
	char **gone;                      /* ids deleted in this run: never listed again */
	size_t n_gone;
	unsigned long now;                /* the sequence: one step per confirmation */
};

void savedlist_init(struct savedlist *l);
void savedlist_free(struct savedlist *l);
/* The sequence a listing request records when it starts (for merge). */
unsigned long savedlist_mark(const struct savedlist *l);
/* A create or rename the server answered: the entry id gets name and query
 * (added at the end when new), confirmed from now on. */
enum wft_status savedlist_confirm(struct savedlist *l, const char *id, const char *name,
                                   const char *query, struct wft_error *err);
/* A delete the server answered (or a 404): the entry goes and stays gone. */
enum wft_status savedlist_remove(struct savedlist *l, const char *id, struct wft_error *err);
/* A listing requested at mark (savedlist_mark) replaces the entries, except
 * that entries confirmed after mark keep their name and query, and are kept
 * when the listing lacks them, and deleted ids are left out. Items without
 * an id or a name, or of another entity type than TOKEN, are skipped. On
 * failure (out of memory) the entries are unchanged. */
enum wft_status savedlist_merge(struct savedlist *l, const struct wft_saved_search *items,
                                 size_t n, unsigned long mark, struct wft_error *err);
/* The index of id, or (size_t)-1. */
size_t savedlist_find(const struct savedlist *l, const char *id);

#endif
