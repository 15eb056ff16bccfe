/* listing.h: a view's rows written out for `wftokens list`: an aligned
 * table, a JSON array with the API's field names, or RFC 4180 CSV. */
#ifndef WFT_LISTING_H
#define WFT_LISTING_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"
#include "view.h"

enum listing_format { LISTING_TABLE, LISTING_JSON, LISTING_CSV };

struct listing_opts {
	enum listing_format format;
	bool unmasked;   /* full token ids: only when the user asked for them */
	int width;       /* table: terminal width, 0 for no limit */
	wft_millis now;  /* table: for "3d ago" */
};

/* "table", "json", "csv" -> format; -1 for anything else. */
int listing_format_parse(const char *s);

/* Writes every row of v (in view order) to out. Times: json as epoch
 * milliseconds (null when absent), csv as UTC ISO 8601 ("" when absent),
 * table as a UTC date and "3d ago" / "never". The table measures UTF-8 by
 * display width (the caller sets the locale) and shows control characters
 * as '?'; cells cut to fit end in '~'. Bidirectional controls (U+202A to
 * U+202E, U+2066 to U+2069) are U+FFFD in the table and CSV, escaped in
 * JSON. A CSV cell a spreadsheet would read as a formula (it starts with
 * =, +, -, @, a tab or a carriage return) starts with a ' instead. */
enum wft_status listing_write(FILE *out, const struct view *v,
                              const struct listing_opts *opts, struct wft_error *err);

#endif
