/* viewexport.c: the rows of a view written to a new 0600 file (viewexport.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mask.h"
#include "secretfile.h"
#include "viewexport.h"

int viewexport_format_of(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (!dot || strchr(dot, '/'))
		return -1;
	if (strcasecmp(dot, ".csv") == 0)
		return LISTWRITE_CSV;
	if (strcasecmp(dot, ".json") == 0)
		return LISTWRITE_JSON;
	if (strcasecmp(dot, ".ndjson") == 0)
		return LISTWRITE_NDJSON;
	return -1;
}

/* Control characters become '?', and ids are masked: the text goes into a
 * file and a message. */
static void tidy(char *s)
{
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	wft_mask_ids_in(s);
}

/* The three parts of the description, each tidied. */
static void parts(const struct view *v, char *q, size_t nq, char *f, size_t nf, char *s,
                  size_t ns)
{
	enum view_column c = view_sort_column(v);

	snprintf(q, nq, "%s", view_query_text(v) ? view_query_text(v) : "");
	facets_text(view_facets(v), f, nf);
	snprintf(s, ns, "%s%s", view_column_name(c), view_sort_descending(v) ? " desc" : "");
	tidy(q);
	tidy(f);
}

void viewexport_describe(const struct view *v, char *out, size_t n)
{
	char q[1024], f[1024], s[64];

	parts(v, q, sizeof q, f, sizeof f, s, sizeof s);
	snprintf(out, n, "%s%s%s; sorted by %s", *q ? q : *f ? "" : "all tokens",
	         *q && *f ? "; " : "", f, s);
}

/* The first line (CSV) or the fields before the rows (JSON, NDJSON). */
static void put_head(FILE *out, int format, const struct view *v, wft_millis now)
{
	char q[1024], f[1024], s[64], when[32], all[2200];
	time_t t = (time_t)(now / 1000);
	struct tm tm;

	parts(v, q, sizeof q, f, sizeof f, s, sizeof s);
	if (!gmtime_r(&t, &tm) || !strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm))
		when[0] = '\0';
	if (format == LISTWRITE_CSV) {
		viewexport_describe(v, all, sizeof all);
		fprintf(out, "# wftokens export; query: %s; time: %s; rows: %zu\r\n", all, when,
		        view_rows(v));
		return;
	}
	fputs("{\"query\":", out);
	listwrite_json_string(out, q);
	fputs(",\"filters\":", out);
	listwrite_json_string(out, f);
	fputs(",\"sort\":", out);
	listwrite_json_string(out, s);
	fputs(",\"time\":", out);
	listwrite_json_string(out, when);
	fprintf(out, ",\"rows\":%zu", view_rows(v));
	fputs(format == LISTWRITE_JSON ? ",\"tokens\":" : "}\n", out);
}

/* Makes room for a new file at path: nothing there, or (overwrite) a
 * regular file, which is removed. */
static enum wft_status clear_way(const char *path, bool overwrite, struct wft_error *err)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? WFT_OK
		       : wft_error_set(err, WFT_ERR_IO, "cannot write %.300s: %s", path,
		                       strerror(errno));
	if (!overwrite)
		return wft_error_set(err, WFT_ERR_INVALID, "%.300s already exists (:export! replaces it)",
		                     path);
	if (!S_ISREG(st.st_mode))
		return wft_error_set(err, WFT_ERR_INVALID, "%.300s is not a plain file: not replaced",
		                     path);
	if (unlink(path) != 0)
		return wft_error_set(err, WFT_ERR_IO, "cannot replace %.300s: %s", path,
		                     strerror(errno));
	return WFT_OK;
}

enum wft_status viewexport_write(const char *path, const char *home, bool overwrite,
                                 const struct view *v, wft_millis now, size_t *rows,
                                 struct wft_error *err)
{
	struct listwrite_opts o = { LISTWRITE_CSV, false, 0, now };
	char *full = secretfile_expand(path, home, err);
	enum wft_status st;
	FILE *out;
	int fd, format;

	*rows = 0;
	if (!full)
		return err->code ? err->code : WFT_ERR_INVALID;
	if ((format = viewexport_format_of(full)) < 0) {
		st = wft_error_set(err, WFT_ERR_INVALID, "%.300s: the name must end in .csv, .json "
		                   "or .ndjson", full);
	} else if ((st = clear_way(full, overwrite, err)) == WFT_OK) {
		if ((fd = secretfile_create(full, err)) < 0) {
			st = err->code ? err->code : WFT_ERR_IO;
		} else if (!(out = fdopen(fd, "w"))) {
			close(fd);
			st = wft_error_set(err, WFT_ERR_IO, "cannot write %.300s", full);
		} else {
			o.format = (enum listwrite_format)format;
			put_head(out, format, v, now);
			st = listwrite_write(out, v, &o, err);
			if (format == LISTWRITE_JSON)
				fputs("}\n", out);
			if (fclose(out) != 0 && st == WFT_OK)
				st = wft_error_set(err, WFT_ERR_IO, "cannot write %.300s", full);
		}
		if (st != WFT_OK && fd >= 0)
			unlink(full);
		else if (st == WFT_OK)
			*rows = view_rows(v);
	}
	free(full);
	return st;
}
