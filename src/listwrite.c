/* listwrite.c: a view's rows as an aligned table, JSON or CSV. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "listwrite.h"
#include "mask.h"
#include "textwidth.h"

int listwrite_format_parse(const char *s)
{
	if (!s)
		return -1;
	if (strcmp(s, "table") == 0) return LISTWRITE_TABLE;
	if (strcmp(s, "json") == 0) return LISTWRITE_JSON;
	if (strcmp(s, "csv") == 0) return LISTWRITE_CSV;
	if (strcmp(s, "ndjson") == 0) return LISTWRITE_NDJSON;
	return -1;
}

static const char *show_id(const char *id, bool unmasked, char *buf, size_t size)
{
	return unmasked ? id : wft_mask_id(id, buf, size);
}

static void fmt_time(wft_millis t, bool iso, char *buf, size_t size)
{
	time_t s = (time_t)(t / 1000);
	struct tm tm;

	if (t <= 0 || !gmtime_r(&s, &tm) ||
	    !(iso ? strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm)
	          : strftime(buf, size, "%Y-%m-%d", &tm)))
		buf[0] = '\0';
}

static void fmt_ago(wft_millis t, wft_millis now, char *buf, size_t size)
{
	wft_millis age = now - t;

	if (t <= 0)
		snprintf(buf, size, "never");
	else if (age < 60000)
		snprintf(buf, size, "just now");
	else if (age < 3600000)
		snprintf(buf, size, "%lldm ago", (long long)(age / 60000));
	else if (age < 86400000)
		snprintf(buf, size, "%lldh ago", (long long)(age / 3600000));
	else if (age < (wft_millis)365 * 86400000)
		snprintf(buf, size, "%lldd ago", (long long)(age / 86400000));
	else
		snprintf(buf, size, "%lldy ago", (long long)(age / ((wft_millis)365 * 86400000)));
}

/* ---------------------------------------------------------------------- */

/* Writes s as a JSON string that is valid UTF-8 and safe on a terminal:
 * every C0 and C1 control, DEL and bidirectional control escaped as \uXXXX
 * (nothing is lost), a byte that is not UTF-8 written as \ufffd (JSON
 * cannot carry it). */
void listwrite_json_string(FILE *out, const char *s)
{
	size_t len = strlen(s), i = 0;

	fputc('"', out);
	while (i < len) {
		uint32_t cp;
		size_t n = tw_decode(s + i, len - i, &cp);
		if (cp == '"' || cp == '\\')
			fprintf(out, "\\%c", (int)cp);
		else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || tw_is_bidi_control(cp))
			fprintf(out, "\\u%04x", (unsigned)cp);
		else if (cp == 0xFFFD && (n != 3 || memcmp(s + i, TW_REPLACEMENT, 3) != 0))
			fputs("\\ufffd", out);
		else
			fwrite(s + i, 1, n, out);
		i += n;
	}
	fputc('"', out);
}

static enum wft_status write_json(FILE *out, const struct view *v,
                                  const struct listwrite_opts *o, struct wft_error *err)
{
	const struct tokenset *ts = view_tokenset(v);
	char m[WFT_MASK_SIZE];

	bool nd = o->format == LISTWRITE_NDJSON;

	if (!nd)
		fputc('[', out);
	for (size_t r = 0; r < view_rows(v); r++) {
		struct wft_token_rec t;
		tokenset_get(ts, view_row(v, r), &t);
		fputs(nd ? "{\"id\":" : r ? ",\n{\"id\":" : "\n{\"id\":", out);
		listwrite_json_string(out, show_id(t.id, o->unmasked, m, sizeof m));
		fputs(",\"name\":", out);
		listwrite_json_string(out, t.name);
		fputs(",\"account\":", out);
		listwrite_json_string(out, t.account);
		fputs(",\"accountType\":", out);
		if (*tokenset_account_type_text(ts, view_row(v, r)))
			listwrite_json_string(out, tokenset_account_type_text(ts, view_row(v, r)));
		else
			fputs("null", out);
		if (t.date_generated > 0)
			fprintf(out, ",\"dateGenerated\":%lld", (long long)t.date_generated);
		else
			fputs(",\"dateGenerated\":null", out);
		if (t.last_used > 0)
			fprintf(out, ",\"lastUsed\":%lld}", (long long)t.last_used);
		else
			fputs(",\"lastUsed\":null}", out);
		if (nd)
			fputc('\n', out);
	}
	(void)err;
	if (!nd)
		fputs(view_rows(v) ? "\n]\n" : "]\n", out);
	return WFT_OK;
}

/* True when a spreadsheet that opens the file would read the cell as a
 * formula (CSV injection): it starts with =, +, -, @, a tab or a carriage
 * return, or with the full-width forms of the first four. */
static bool csv_formula_like(const char *s)
{
	static const char *const wide[] = {
		"\xef\xbc\x9d", "\xef\xbc\x8b", "\xef\xbc\x8d", "\xef\xbc\xa0", /* U+FF1D U+FF0B U+FF0D U+FF20 */
	};

	if (s[0] && strchr("=+-@\t\r", s[0]))
		return true;
	for (size_t i = 0; i < sizeof wide / sizeof *wide; i++)
		if (strncmp(s, wide[i], 3) == 0)
			return true;
	return false;
}

/* CSV has no escapes: a control character other than a tab or a line feed
 * (an escape sequence from the server would reach the terminal), a
 * bidirectional control and a byte that is not UTF-8 are written as U+FFFD.
 * A cell a spreadsheet would take for a formula starts with a ' (as OWASP
 * recommends), which makes it text; a cell holding a field separator of any
 * locale (, or ;) is quoted. */
void listwrite_csv_cell(FILE *out, const char *s, bool last)
{
	size_t len = strlen(s), i = 0;
	bool quote = strpbrk(s, ",;\"\r\n") != NULL;

	if (quote)
		fputc('"', out);
	if (csv_formula_like(s))
		fputc('\'', out);
	while (i < len) {
		uint32_t cp;
		size_t n = tw_decode(s + i, len - i, &cp);
		if (cp == '"')
			fputs("\"\"", out);
		else if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7f && cp < 0xa0) ||
		         tw_is_bidi_control(cp) ||
		         (cp == 0xFFFD && (n != 3 || memcmp(s + i, TW_REPLACEMENT, 3) != 0)))
			fputs(TW_REPLACEMENT, out);
		else
			fwrite(s + i, 1, n, out);
		i += n;
	}
	if (quote)
		fputc('"', out);
	fputs(last ? "\r\n" : ",", out);
}

static enum wft_status write_csv(FILE *out, const struct view *v, const struct listwrite_opts *o)
{
	const struct tokenset *ts = view_tokenset(v);
	char m[WFT_MASK_SIZE], g[32], u[32];

	fputs("id,name,account,accountType,dateGenerated,lastUsed\r\n", out);
	for (size_t r = 0; r < view_rows(v); r++) {
		struct wft_token_rec t;
		tokenset_get(ts, view_row(v, r), &t);
		fmt_time(t.date_generated, true, g, sizeof g);
		fmt_time(t.last_used, true, u, sizeof u);
		listwrite_csv_cell(out, show_id(t.id, o->unmasked, m, sizeof m), false);
		listwrite_csv_cell(out, t.name, false);
		listwrite_csv_cell(out, t.account, false);
		listwrite_csv_cell(out, tokenset_account_type_text(ts, view_row(v, r)), false);
		listwrite_csv_cell(out, g, false);
		listwrite_csv_cell(out, u, true);
	}
	return WFT_OK;
}

/* ---------------------------------------------------------------------- */
/* The table: display widths of UTF-8 text, control characters and invalid
 * bytes shown as '?', bidirectional controls as U+FFFD (as the console
 * shows them), long cells cut with '~'. */

/* What next_char returns for a character drawn as U+FFFD (one column). */
#define SHOWN_AS_REPLACEMENT (-2)

/* Next character: its bytes in *len, its display width returned; -1 for
 * one shown as '?', SHOWN_AS_REPLACEMENT for a bidirectional control. */
static int next_char(const char *p, size_t *len)
{
	wchar_t wc;
	mbstate_t st;
	size_t n;
	int w;

	memset(&st, 0, sizeof st);
	n = mbrtowc(&wc, p, MB_CUR_MAX, &st);
	if (n == 0 || n == (size_t)-1 || n == (size_t)-2) {
		*len = 1;
		return -1; /* shown as '?' */
	}
	*len = n;
	if (tw_is_bidi_control((uint32_t)wc))
		return SHOWN_AS_REPLACEMENT;
	w = wcwidth(wc);
	return w < 0 ? -1 : w;
}

size_t listwrite_text_width(const char *s)
{
	size_t w = 0, len;

	while (*s) {
		int cw = next_char(s, &len);
		w += cw < 0 ? 1 : (size_t)cw;
		s += len;
	}
	return w;
}

/* Writes s in exactly width columns (cut with '~', padded with blanks
 * unless last). */
void listwrite_text_cell(FILE *out, const char *s, size_t width, bool last)
{
	size_t w = 0, len, total = listwrite_text_width(s);

	while (*s) {
		int cw = next_char(s, &len);
		size_t cwz = cw < 0 ? 1 : (size_t)cw;
		if (total > width && w + cwz > width - 1)
			break;
		if (w + cwz > width)
			break;
		if (cw == SHOWN_AS_REPLACEMENT)
			fputs(TW_REPLACEMENT, out);
		else if (cw < 0 || (unsigned char)*s < 0x20 || *s == 0x7f)
			fputc('?', out);
		else
			fwrite(s, 1, len, out);
		w += cwz;
		s += len;
	}
	if (total > width && width > 0) {
		fputc('~', out);
		w++;
	}
	if (!last)
		for (; w < width; w++)
			fputc(' ', out);
}

#define N_COLS 6

static enum wft_status write_table(FILE *out, const struct view *v,
                                   const struct listwrite_opts *o, struct wft_error *err)
{
	static const char *const titles[N_COLS] = {
		"Token Id", "Token Name", "Generated by", "Type", "Generated", "Last used",
	};
	const struct tokenset *ts = view_tokenset(v);
	size_t w[N_COLS], n = view_rows(v);
	char m[64], g[32], u[32];

	for (int c = 0; c < N_COLS; c++)
		w[c] = strlen(titles[c]);
	for (size_t r = 0; r < n; r++) {
		tokenset_idx i = view_row(v, r);
		size_t x;
		if ((x = strlen(show_id(tokenset_id(ts, i), o->unmasked, m, sizeof m))) > w[0]) w[0] = x;
		if ((x = listwrite_text_width(tokenset_name(ts, i))) > w[1]) w[1] = x;
		if ((x = listwrite_text_width(tokenset_account(ts, i))) > w[2]) w[2] = x;
		if ((x = listwrite_text_width(tokenset_account_type_label(ts, i))) > w[3]) w[3] = x;
	}
	w[4] = 10;
	w[5] = 9;
	/* Too wide: take from the name and account columns, the widest first. */
	if (o->width > 0) {
		size_t total = N_COLS - 1;
		for (int c = 0; c < N_COLS; c++)
			total += w[c];
		while (total > (size_t)o->width) {
			int c = w[1] >= w[2] ? 1 : 2;
			if (w[c] <= 8)
				break;
			w[c]--;
			total--;
		}
	}
	for (int c = 0; c < N_COLS; c++) {
		listwrite_text_cell(out, titles[c], w[c], c == N_COLS - 1);
		fputs(c == N_COLS - 1 ? "\n" : " ", out);
	}
	for (size_t r = 0; r < n; r++) {
		tokenset_idx i = view_row(v, r);
		fmt_time(tokenset_date_generated(ts, i), false, g, sizeof g);
		fmt_ago(tokenset_last_used(ts, i), o->now, u, sizeof u);
		const char *cells[N_COLS] = {
			show_id(tokenset_id(ts, i), o->unmasked, m, sizeof m), tokenset_name(ts, i),
			tokenset_account(ts, i), tokenset_account_type_label(ts, i),
			g, u,
		};
		for (int c = 0; c < N_COLS; c++) {
			listwrite_text_cell(out, cells[c], w[c], c == N_COLS - 1);
			fputs(c == N_COLS - 1 ? "\n" : " ", out);
		}
	}
	(void)err;
	return WFT_OK;
}

enum wft_status listwrite_write(FILE *out, const struct view *v,
                                const struct listwrite_opts *opts, struct wft_error *err)
{
	enum wft_status st;

	switch (opts->format) {
	case LISTWRITE_JSON:
	case LISTWRITE_NDJSON: st = write_json(out, v, opts, err); break;
	case LISTWRITE_CSV: st = write_csv(out, v, opts); break;
	default: st = write_table(out, v, opts, err); break;
	}
	if (!st && (fflush(out) || ferror(out)))
		return wft_error_set(err, WFT_ERR_IO, "could not write the listing");
	return st;
}
