/* serverquery.h: the server-side mode's split of a search (doc/search.md,
 * "Server-side search"): the query's terms and the side panel's facets the
 * token search (doc/api.md 3.1) can say exactly become SearchQuery terms;
 * the others are applied by the console to each page it fetches. */
#ifndef WFT_SERVERQUERY_H
#define WFT_SERVERQUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "api.h"
#include "error.h"
#include "query.h"
#include "view.h"

/* The search request's terms and sort, and what stays local. It borrows
 * the strings of the query and the facets it was built from: keep both
 * alive and unchanged while it is used. */
struct serverquery {
	struct wft_search_term *terms;
	size_t n_terms;
	const char *sort_field;      /* the API's name of the sort column */
	bool ascending;
	bool *term_local;            /* per term of the query: applied locally */
	size_t n_query_terms;
	size_t n_local;              /* query terms applied locally */
};

/* Splits q (NULL: no query) and f (NULL: no facets), sorted by column sort,
 * at time now (relative times become start/end). Only WFT_ERR_NOMEM fails. */
enum wft_status serverquery_build(struct serverquery *sq, const struct query *q,
                                  const struct facets *f, enum view_column sort,
                                  bool descending, wft_millis now, struct wft_error *err);
void serverquery_clear(struct serverquery *sq);

/* The request for one page of the search. */
void serverquery_request(const struct serverquery *sq, long offset, long limit,
                         struct wft_search_request *rq);

/* True when term i of a query is applied by the console, not the server:
 * regular expressions, and a word that may be part of an id's visible end
 * (one to four hexadecimal digits), which the server's freetext does not
 * search. */
bool serverquery_term_is_local(const struct query *q, size_t i);

/* The API's sort field for a column ("name", "lastUsed", ...). */
const char *serverquery_sort_field(enum view_column c);

#endif
