/* saved_share.c: the command line that opens a view (share, y), every
 * argument shell-quoted. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "saved_searches.h"
#include "savedquery.h"
#include "view.h"

/* Appends s to buf (size n at *o), single-quoted when the shell needs it. */
static void shell_word(char *buf, size_t n, size_t *o, const char *s)
{
	bool plain = *s != '\0';

	for (const char *p = s; *p && plain; p++)
		plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		        (*p >= '0' && *p <= '9') || strchr("_@%+=:,./-", *p);
	if (*o >= n)
		return;
	if (plain) {
		*o += (size_t)snprintf(buf + *o, n - *o, " %s", s);
		return;
	}
	*o += (size_t)snprintf(buf + *o, n - *o, " '");
	for (const char *p = s; *p && *o < n; p++) {
		if (*p == '\'')
			*o += (size_t)snprintf(buf + *o, n - *o, "'\\''");
		else if (*o + 1 < n)
			buf[(*o)++] = *p, buf[*o] = '\0';
		else
			*o = n;
	}
	if (*o < n)
		*o += (size_t)snprintf(buf + *o, n - *o, "'");
}

/* An account name as an exact, case-preserving regex alternative. */
static void regex_literal(char *buf, size_t n, size_t *o, const char *s)
{
	for (const char *p = s; *p && *o + 3 < n; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == ' ' || c == '_')
			buf[(*o)++] = *p;
		else {
			buf[(*o)++] = '\\';
			buf[(*o)++] = *p;
		}
	}
	buf[*o < n ? *o : n - 1] = '\0';
}

/* The facets as query terms, where the language can say them exactly. */
static void facet_terms(const struct facets *f, char *q, size_t n, char *note, size_t nn)
{
	size_t o = strlen(q);
	char d[32];
	unsigned u = f->usage;

	if (f->types == FACET_TYPE_SERVICE)
		o += (size_t)snprintf(q + o, o < n ? n - o : 0, "%stype:service", o ? " " : "");
	else if (f->types == FACET_TYPE_USER)
		o += (size_t)snprintf(q + o, o < n ? n - o : 0, "%stype:user", o ? " " : "");
	if (u == FACET_USED_RECENTLY || u == FACET_UNUSED) {
		wft_millis ms = u == FACET_USED_RECENTLY ? f->used_within : f->unused_for;
		if (ms % 86400000 == 0)
			snprintf(d, sizeof d, "%lldd", (long long)(ms / 86400000));
		else
			snprintf(d, sizeof d, "%lldh", (long long)(ms / 3600000));
		o += (size_t)snprintf(q + o, o < n ? n - o : 0, "%s%s:%s", o ? " " : "",
		                      u == FACET_USED_RECENTLY ? "used" : "unused", d);
	} else if (u == FACET_NEVER_USED) {
		o += (size_t)snprintf(q + o, o < n ? n - o : 0, "%snever", o ? " " : "");
	} else if (u) {
		snprintf(note, nn, "several usage filters cannot be said in a query: left out");
	}
	if (f->n_accounts && o + 16 < n) {
		o += (size_t)snprintf(q + o, n - o, "%saccount:/^(", o ? " " : "");
		for (size_t i = 0; i < f->n_accounts && o + 8 < n; i++) {
			if (i)
				q[o++] = '|';
			regex_literal(q, n - 4, &o, f->accounts[i]);
		}
		if (o + 4 < n)
			o += (size_t)snprintf(q + o, n - o, ")$/");
	}
	if (o >= n)
		snprintf(note, nn, "the query is too long to share");
}

char *saved_share_line(const char *profile, const char *endpoint, const char *auth, bool demo,
                       const char *id, const char *query_json, char *note, size_t note_size)
{
	size_t n = 3 * QUERY_MAX_LEN + 512, o = 0;
	char *buf = malloc(n);

	if (note_size)
		note[0] = '\0';
	if (!buf)
		return NULL;
	o = (size_t)snprintf(buf, n, "wftokens");
	if (demo)
		o += (size_t)snprintf(buf + o, n - o, " --demo");
	else if (profile && *profile) {
		o += (size_t)snprintf(buf + o, n - o, " --profile");
		shell_word(buf, n, &o, profile);
	} else if (endpoint && *endpoint) {
		/* No profile names this instance: the endpoint does (never a
		 * secret: whoever runs the line signs in as themselves). */
		o += (size_t)snprintf(buf + o, n - o, " --endpoint");
		shell_word(buf, n, &o, endpoint);
		if (auth && *auth && strcmp(auth, "token") != 0) {
			o += (size_t)snprintf(buf + o, n - o, " --auth");
			shell_word(buf, n, &o, auth);
		}
	}
	if (id && !demo) {
		o += (size_t)snprintf(buf + o, n - o, " --saved-search");
		shell_word(buf, n, &o, id);
		return buf;
	}
	struct savedquery sq;
	struct wft_error err;
	char q[QUERY_MAX_LEN + 1];
	savedquery_init(&sq);
	if (savedquery_from_json(query_json, strlen(query_json), &sq, &err) != WFT_OK) {
		snprintf(note, note_size, "%s", err.message);
		savedquery_clear(&sq);
		free(buf);
		return NULL;
	}
	snprintf(q, sizeof q, "%s", sq.query ? sq.query : "");
	facet_terms(&sq.facets, q, sizeof q, note, note_size);
	if (*q) {
		o += (size_t)snprintf(buf + o, n - o, " --query");
		shell_word(buf, n, &o, q);
	}
	if (sq.sort != VIEW_COL_NAME || sq.descending) {
		char s[48];
		snprintf(s, sizeof s, "%s%s", view_column_name(sq.sort),
		         sq.descending ? ":desc" : "");
		o += (size_t)snprintf(buf + o, o < n ? n - o : 0, " --sort");
		shell_word(buf, n, &o, s);
	}
	savedquery_clear(&sq);
	if (o >= n) {
		free(buf);
		snprintf(note, note_size, "the command line is too long");
		return NULL;
	}
	return buf;
}
