/* savedquery.h: a query, its facets and its sort as the saved-search JSON of
 * doc/api.md 5.6 (read also from the SearchQuery lists of doc/api.md 3.1
 * that the web UI saves). */
#ifndef WFT_SAVEDQUERY_H
#define WFT_SAVEDQUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "query.h"
#include "view.h"

/* What a saved search holds. */
struct savedquery {
	char *query;               /* the search string ("" when none); owned */
	struct facets facets;
	enum view_column sort;
	bool descending;
	/* Terms read from a saved search that this console does not know,
	 * as "type=value", owned; for a message such as "ignored: ...". */
	char **ignored;
	size_t n_ignored;
};

void savedquery_init(struct savedquery *sq);   /* empty query, no facets, sort by name */
void savedquery_clear(struct savedquery *sq);  /* frees, back to init */

/* The JSON string (the value of the SavedSearch query map, doc/api.md 5.6):
 * {"searchTerms":[{"type":T,"value":V},...],"sortField":F,"sortOrder":O}.
 * Terms the web UI knows (freetext, name, account, accountType, usage) come
 * first, then one "query" term with the whole string. Caller frees. */
enum wft_status savedquery_to_json(const struct savedquery *sq, char **out,
                                   struct wft_error *err);

/* Reads that JSON (from this console or the web UI). When a "query" term is
 * present it wins for the search string; otherwise the known terms are
 * turned into one. Unknown term types are listed in sq->ignored. */
enum wft_status savedquery_from_json(const char *json, size_t len, struct savedquery *sq,
                                     struct wft_error *err);


#endif
