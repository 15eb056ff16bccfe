/* list.c: `wftokens list`: the organisation's tokens, filtered and sorted as
 * the console would, written as a table, JSON or CSV for scripts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "listwrite.h"
#include "view.h"
#include "conn.h"
#include "wftokens.h"

struct list_state {
	struct tokenset *ts;
	struct wft_error err;
	bool done;
};

static void list_loaded(void *ud, struct tokenset *ts, const struct wft_error *err)
{
	struct list_state *st = ud;

	st->done = true;
	st->ts = NULL;
	if (err) {
		st->err = *err;
		tokenset_free(ts);   /* a part of the list: never listed as the whole */
	} else {
		st->ts = ts;
	}
}

static int fail(const char *what, const char *msg)
{
	fprintf(stderr, "wftokens list: %s%s%s\n", what, *what ? ": " : "", msg);
	return EXIT_FAILURE;
}

/* --sort COLUMN[:asc|:desc] into *col and *desc; EXIT_FAILURE (said on
 * stderr) when it is not one. */
static int parse_sort(const char *sort, int *col, bool *desc)
{
	char name[32];
	const char *colon = strchr(sort, ':');
	size_t n = colon ? (size_t)(colon - sort) : strlen(sort);

	if (n == 0 || n >= sizeof name)
		return fail("--sort", "use COLUMN or COLUMN:desc (id, name, account, type, "
		            "generated, lastused)");
	memcpy(name, sort, n);
	name[n] = '\0';
	if ((*col = view_column_parse(name)) < 0)
		return fail("--sort", "unknown column; use id, name, account, type, generated "
		            "or lastused");
	*desc = view_column_descending_first((enum view_column)*col);
	if (colon && strcmp(colon + 1, "desc") == 0)
		*desc = true;
	else if (colon && strcmp(colon + 1, "asc") == 0)
		*desc = false;
	else if (colon)
		return fail("--sort", "the order after ':' is asc or desc");
	return EXIT_SUCCESS;
}

/* --query Q checked before anything is sent; EXIT_FAILURE (said) when
 * it does not parse. */
static int check_query(const char *query)
{
	struct query *q;
	struct query_error qe;

	if (query_parse(query, &q, &qe) != WFT_OK)
		return fail("--query", qe.err.message);
	query_free(q);
	return EXIT_SUCCESS;
}

int run_list(const struct cli *cli)
{
	struct list_state st;
	struct session_hooks hooks;
	struct conn conn;
	struct wft_error err;
	struct listwrite_opts lo;
	struct view *v = NULL;
	int fmt = LISTWRITE_TABLE, rc = EXIT_FAILURE, col = VIEW_COL_NAME;
	bool desc = false;

	/* Everything the user gave is checked before anything is sent. */
	if (cli->format && (fmt = listwrite_format_parse(cli->format)) < 0)
		return fail("--format", "use table, json, ndjson or csv");
	if (cli->sort && parse_sort(cli->sort, &col, &desc) != EXIT_SUCCESS)
		return EXIT_FAILURE;
	if (cli->query && check_query(cli->query) != EXIT_SUCCESS)
		return EXIT_FAILURE;
	memset(&st, 0, sizeof st);
	memset(&conn, 0, sizeof conn);
	memset(&hooks, 0, sizeof hooks);
	hooks.ud = &st;
	hooks.loaded = list_loaded;
	if (conn_open(&conn, cli, &hooks, &err) != WFT_OK)
		return fail("", err.message);
	if (session_load(conn.session, &err) != WFT_OK ||
	    session_drain(conn.session, &err) != WFT_OK) {
		fail("", err.message);
		goto out;
	}
	if (!st.ts) {
		fail("cannot load the tokens", st.done ? st.err.message : "no answer");
		goto out;
	}
	if (!(v = view_new(st.ts, wft_clock_real, NULL))) {
		tokenset_free(st.ts);
		fail("", "out of memory");
		goto out;
	}
	if (cli->query) {
		struct query_error qe;
		if (view_set_query(v, cli->query, &qe) != WFT_OK) {
			fail("--query", qe.err.message);
			goto out;
		}
	}
	view_set_sort(v, (enum view_column)col, desc);
	memset(&lo, 0, sizeof lo);
	lo.format = (enum listwrite_format)fmt;
	lo.unmasked = cli->unmasked;
	lo.now = view_now(v);
	if (isatty(STDOUT_FILENO)) {
		struct winsize ws;
		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
			lo.width = ws.ws_col;
	}
	if (listwrite_write(stdout, v, &lo, &err) != WFT_OK) {
		fail("", err.message);
		goto out;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fail("", "cannot write the listing");
		goto out;
	}
	{
		/* Tokens the answer held but that could not be listed: said on
		 * stderr, so a script's output stays clean. */
		char skipped[160];
		if (tokenset_skipped_note(view_tokenset(v), skipped, sizeof skipped))
			fprintf(stderr, "wftokens list: %s\n", skipped);
	}
	rc = EXIT_SUCCESS;
out:
	view_free(v);
	conn_close(&conn);
	return rc;
}
