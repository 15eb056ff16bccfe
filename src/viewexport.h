/* viewexport.h: the console's `:export FILE`: the rows of a view (its
 * query, filters and sort as shown), token ids masked, written by
 * listwrite.h's writers to a new file of mode 0600, after a first line or
 * field that names the query and the time: CSV (a first line starting with
 * "#"), JSON (an object {"query", "filters", "sort", "time", "rows",
 * "tokens"}) or NDJSON (a first object without "tokens"), chosen by the
 * file's extension. */
#ifndef WFT_VIEWEXPORT_H
#define WFT_VIEWEXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "listwrite.h"
#include "view.h"

/* The format of path by its extension (.csv, .json, .ndjson, any case);
 * -1 for another. */
int viewexport_format_of(const char *path);
/* What the view shows, in words, ids in it masked: "account:sa::x; type
 * service; sorted by lastused desc" ("all tokens" when nothing narrows). */
void viewexport_describe(const struct view *v, char *out, size_t n);
/* Writes every row of v to path (a leading "~/" is home), created 0600;
 * an existing file is refused unless overwrite (it is then replaced by a
 * new file; a link or a directory never is). *rows gets the rows written.
 * On a failure the file this call made is removed and err names path. */
enum wft_status viewexport_write(const char *path, const char *home, bool overwrite,
                                 const struct view *v, wft_millis now, size_t *rows,
                                 struct wft_error *err);

#endif
