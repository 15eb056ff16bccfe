/* listwrite.h: a view's rows written out for `wftokens list`: an aligned
 * table, a JSON array (or one object a line: ndjson) with the API's field
 * names, or RFC 4180 CSV. */
#ifndef WFT_LISTWRITE_H
#define WFT_LISTWRITE_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"
#include "view.h"

enum listwrite_format { LISTWRITE_TABLE, LISTWRITE_JSON, LISTWRITE_CSV, LISTWRITE_NDJSON };

struct listwrite_opts {
	enum listwrite_format format;
	bool unmasked;   /* full token ids: only when the user asked for them */
	int width;       /* table: terminal width, 0 for no limit */
	wft_millis now;  /* table: for "3d ago" */
};

/* "table", "json", "ndjson", "csv" -> format; -1 for anything else. */
int listwrite_format_parse(const char *s);

/* Writes every row of v (in view order) to out. Times: json as epoch
 * milliseconds (null when absent), csv as UTC ISO 8601 ("" when absent),
 * table as a UTC date and "3d ago" / "never". The table measures UTF-8 by
 * display width (the caller sets the locale) and shows control characters
 * as '?'; cells cut to fit end in '~'. Bidirectional controls (U+202A to
 * U+202E, U+2066 to U+2069) are U+FFFD in the table and CSV, escaped in
 * JSON. A CSV cell a spreadsheet would read as a formula (it starts with
 * =, +, -, @, a tab or a carriage return) starts with a ' instead. */
enum wft_status listwrite_write(FILE *out, const struct view *v,
                                const struct listwrite_opts *opts, struct wft_error *err);

/* The cell writers of listwrite_write, for other outputs of the same kind
 * (the results of `wftokens revoke` and the like). listwrite_json_string
 * writes s as a quoted JSON string, controls and bidirectional controls
 * escaped; listwrite_csv_cell writes one CSV cell (formula-like cells start
 * with a ', controls are U+FFFD) and a comma, or CRLF when last;
 * listwrite_text_cell writes s in exactly width display columns (cut with
 * '~'; controls '?', bidirectional controls U+FFFD; no padding when last),
 * and listwrite_text_width measures it. */
void listwrite_json_string(FILE *out, const char *s);
void listwrite_csv_cell(FILE *out, const char *s, bool last);
void listwrite_text_cell(FILE *out, const char *s, size_t width, bool last);
size_t listwrite_text_width(const char *s);

#endif
