/* listing.h: a view's rows written out for `wftokens list`: an aligned
 * table, a JSON array (or one object a line: ndjson) with the API's field
 * names, or RFC 4180 CSV. */
#ifndef WFT_LISTING_H
#define WFT_LISTING_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"
#include "view.h"

enum listing_format { LISTING_TABLE, LISTING_JSON, LISTING_CSV, LISTING_NDJSON };

struct listing_opts {
	enum listing_format format;
	bool unmasked;   /* full token ids: only when the user asked for them */
	int width;       /* table: terminal width, 0 for no limit */
	wft_millis now;  /* table: for "3d ago" */
};

/* "table", "json", "ndjson", "csv" -> format; -1 for anything else. */
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

/* The cell writers of listing_write, for other outputs of the same kind
 * (the results of `wftokens revoke` and the like). listing_json_string
 * writes s as a quoted JSON string, controls and bidirectional controls
 * escaped; listing_csv_cell writes one CSV cell (formula-like cells start
 * with a ', controls are U+FFFD) and a comma, or CRLF when last;
 * listing_text_cell writes s in exactly width display columns (cut with
 * '~'; controls '?', bidirectional controls U+FFFD; no padding when last),
 * and listing_text_width measures it. */
void listing_json_string(FILE *out, const char *s);
void listing_csv_cell(FILE *out, const char *s, bool last);
void listing_text_cell(FILE *out, const char *s, size_t width, bool last);
size_t listing_text_width(const char *s);

#endif
