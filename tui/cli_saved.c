/* cli_saved.c: `wftokens saved list|show|apply|save|delete`: the saved
 * searches of the API Tokens page on the server (entity type TOKEN), for
 * scripts. They hold the search as the web UI and the console write it
 * (savedquery.h). A save or delete follows outcome.h: an answer that does
 * not settle it is followed by a read (the list for a save, the saved
 * search for a delete); what that does not settle is "not confirmed".
 * Both are journalled before the request and with their outcome. Saved
 * searches the console keeps on this computer, when the server refuses
 * them, are not handled here. */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "api.h"
#include "cli.h"
#include "listing.h"
#include "mask.h"
#include "savedquery.h"

/* The longest name the console lets a saved search have, in bytes. */
#define SAVED_NAME_MAX 256

static void read_list(struct cli_run *r, struct cli_call *w)
{
	struct wft_error err;

	cli_call_clear(w);
	wft_error_clear(&err);
	cli_call_run(r, wft_api_saved_searches(cli_api(r), 0, 1000, cli_call_done, w, &err), &err, w);
}

static void read_one(struct cli_run *r, const char *id, struct cli_call *w)
{
	struct wft_error err;

	cli_call_clear(w);
	wft_error_clear(&err);
	cli_call_run(r, wft_api_saved_search(cli_api(r), id, cli_call_done, w, &err), &err, w);
}

static bool is_token_search(const struct wft_saved_search *s)
{
	return !s->entity_type || !*s->entity_type || strcmp(s->entity_type, "TOKEN") == 0;
}

/* "lastused:desc", or "name" in its own order. */
static void sort_text(const struct savedquery *sq, char *out, size_t n)
{
	const char *name = view_column_name(sq->sort);

	if (sq->descending != view_column_descending_first(sq->sort))
		snprintf(out, n, "%s:%s", name, sq->descending ? "desc" : "asc");
	else
		snprintf(out, n, "%s", name);
}

/* Parses COLUMN[:asc|:desc]; false when it is not one. */
static bool sort_parse(const char *s, enum view_column *col, bool *desc)
{
	char name[32];
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);
	int c;

	if (n == 0 || n >= sizeof name)
		return false;
	memcpy(name, s, n);
	name[n] = '\0';
	if ((c = view_column_parse(name)) < 0)
		return false;
	*col = (enum view_column)c;
	*desc = view_column_descending_first(*col);
	if (colon && strcmp(colon + 1, "desc") == 0)
		*desc = true;
	else if (colon && strcmp(colon + 1, "asc") == 0)
		*desc = false;
	else if (colon)
		return false;
	return true;
}

/* The side panel's filters a saved search holds, in words ("" when none):
 * "type service; used within 7d; accounts sa::a, sa::b". */
static void filters_text(const struct facets *f, char *out, size_t n)
{
	size_t o = 0;

#define PUT(...) do { if (o < n) o += (size_t)snprintf(out + o, n - o, __VA_ARGS__); } while (0)
	out[0] = '\0';
	if (f->types == FACET_TYPE_SERVICE || f->types == FACET_TYPE_USER)
		PUT("type %s", f->types == FACET_TYPE_SERVICE ? "service" : "user");
	if (f->usage & FACET_USED_RECENTLY)
		PUT("%sused within %lldd", o ? "; " : "", (long long)(f->used_within / 86400000));
	if (f->usage & FACET_UNUSED)
		PUT("%sunused for %lldd", o ? "; " : "", (long long)(f->unused_for / 86400000));
	if (f->usage & FACET_NEVER_USED)
		PUT("%snever used", o ? "; " : "");
	for (size_t i = 0; i < f->n_accounts; i++)
		PUT("%s%s", i ? ", " : o ? "; accounts " : "accounts ", f->accounts[i]);
#undef PUT
}

/* ---- list, show ------------------------------------------------------------------------- */

/* One saved search in the format asked: id, name, the search, the sort. */
static void put_search(struct cli_run *r, const struct wft_saved_search *s, size_t i)
{
	struct savedquery sq;
	struct wft_error err;
	char sort[48], filters[600];
	const char *q = s->query ? s->query : "";
	bool ok;

	savedquery_init(&sq);
	ok = savedquery_from_json(q, strlen(q), &sq, &err) == WFT_OK;
	if (ok) {
		sort_text(&sq, sort, sizeof sort);
		filters_text(&sq.facets, filters, sizeof filters);
	} else {
		snprintf(sort, sizeof sort, "?");
		filters[0] = '\0';
	}
	switch (r->fmt) {
	case CLI_FMT_JSON:
	case CLI_FMT_NDJSON:
		if (r->fmt == CLI_FMT_JSON)
			fputs(i ? ",\n" : "\n", stdout);
		fputs("{\"id\":", stdout);
		listing_json_string(stdout, s->id ? s->id : "");
		fputs(",\"name\":", stdout);
		listing_json_string(stdout, s->name ? s->name : "");
		fputs(",\"entityType\":\"TOKEN\",\"query\":", stdout);
		if (ok)
			listing_json_string(stdout, sq.query ? sq.query : "");
		else
			fputs("null", stdout);
		fputs(",\"filters\":", stdout);
		listing_json_string(stdout, filters);
		fputs(",\"sort\":", stdout);
		listing_json_string(stdout, sort);
		fputs(",\"ignored\":[", stdout);
		for (size_t k = 0; k < sq.n_ignored; k++) {
			if (k)
				fputc(',', stdout);
			listing_json_string(stdout, sq.ignored[k]);
		}
		fputs(r->fmt == CLI_FMT_NDJSON ? "]}\n" : "]}", stdout);
		break;
	case CLI_FMT_CSV:
		listing_csv_cell(stdout, s->id ? s->id : "", false);
		listing_csv_cell(stdout, s->name ? s->name : "", false);
		listing_csv_cell(stdout, ok && sq.query ? sq.query : "", false);
		listing_csv_cell(stdout, filters, false);
		listing_csv_cell(stdout, sort, true);
		break;
	case CLI_FMT_TABLE:
		listing_text_cell(stdout, s->id ? s->id : "", 36, false);
		fputs("  ", stdout);
		listing_text_cell(stdout, s->name ? s->name : "", 30, false);
		fputs("  ", stdout);
		listing_text_cell(stdout, sort, 16, false);
		fputs("  ", stdout);
		if (ok) {
			cli_put_name(stdout, sq.query ? sq.query : "", 200);
			if (*filters) {
				fputs(*sq.query ? "  [" : "[", stdout);
				cli_put_name(stdout, filters, 200);
				fputc(']', stdout);
			}
		} else {
			fputs("(unreadable)", stdout);
		}
		fputc('\n', stdout);
		break;
	}
	savedquery_clear(&sq);
}

static void put_begin(struct cli_run *r)
{
	if (r->fmt == CLI_FMT_JSON)
		fputc('[', stdout);
	else if (r->fmt == CLI_FMT_CSV)
		fputs("id,name,query,filters,sort\r\n", stdout);
	else if (r->fmt == CLI_FMT_TABLE)
		printf("%-36s  %-30s  %-16s  %s\n", "ID", "NAME", "SORT", "QUERY [FILTERS]");
}

static void put_end(struct cli_run *r, size_t n)
{
	if (r->fmt == CLI_FMT_JSON)
		fputs(n ? "\n]\n" : "]\n", stdout);
}

static int unavailable(struct cli_run *r, const struct wft_error *e)
{
	return cli_error(r, CLI_EXIT_FAILED, "cannot read the saved searches: %s%s", e->message,
	                 e->http_status == 403 || e->http_status == 404 || e->http_status == 405 ||
	                 e->http_status == 501 ? " (the console keeps them on this computer "
	                 "then; the subcommands read the server's only)" : "");
}

static int saved_list(struct cli_run *r)
{
	struct cli_call w;
	size_t n = 0;

	memset(&w, 0, sizeof w);
	read_list(r, &w);
	if (w.res.err.code != WFT_OK) {
		int rc = unavailable(r, &w.res.err);
		cli_call_clear(&w);
		return rc;
	}
	put_begin(r);
	for (size_t i = 0; i < w.res.searches.n; i++)
		if (is_token_search(&w.res.searches.items[i]))
			put_search(r, &w.res.searches.items[i], n++);
	put_end(r, n);
	cli_call_clear(&w);
	return CLI_EXIT_OK;
}

/* Reads saved search id into w; 0, or the exit status after an error. */
static int fetch_one(struct cli_run *r, const char *id, struct cli_call *w)
{
	read_one(r, id, w);
	if (w->res.err.code != WFT_OK)
		return cli_error(r, CLI_EXIT_FAILED, "cannot read the saved search %s: %s", id,
		                 w->res.err.http_status == 404 ? "no such saved search" : w->res.err.message);
	if (!is_token_search(&w->res.search))
		return cli_error(r, CLI_EXIT_FAILED, "the saved search %s is not one of the API "
		                 "Tokens page (it is for %s)", id, w->res.search.entity_type);
	return 0;
}

static int saved_show(struct cli_run *r, const char *id)
{
	struct cli_call w;
	int rc;

	memset(&w, 0, sizeof w);
	if ((rc = fetch_one(r, id, &w)) == 0) {
		put_begin(r);
		put_search(r, &w.res.search, 0);
		put_end(r, 1);
	}
	cli_call_clear(&w);
	return rc;
}

/* ---- apply ---------------------------------------------------------------------------------- */

static int saved_apply(struct cli_run *r, const char *id)
{
	struct cli_call w;
	struct savedquery sq;
	struct query_error qe;
	struct wft_error err;
	struct listing_opts lo;
	const char *q;
	int rc;

	memset(&w, 0, sizeof w);
	savedquery_init(&sq);
	if ((rc = fetch_one(r, id, &w)) != 0)
		goto out;
	q = w.res.search.query ? w.res.search.query : "";
	if (savedquery_from_json(q, strlen(q), &sq, &err) != WFT_OK) {
		rc = cli_error(r, CLI_EXIT_FAILED, "the saved search %s cannot be read: %s", id,
		               err.message);
		goto out;
	}
	for (size_t i = 0; i < sq.n_ignored; i++)
		fprintf(stderr, "wftokens %s: ignored an unknown term of the saved search: %s\n",
		        r->cmd, sq.ignored[i]);
	if ((rc = cli_load(r)) != 0)
		goto out;
	if (view_set_query(r->view, sq.query ? sq.query : "", &qe) != WFT_OK) {
		rc = cli_error(r, CLI_EXIT_FAILED, "the saved search's query: %s", qe.err.message);
		goto out;
	}
	if (view_set_facets(r->view, &sq.facets, &err) != WFT_OK) {
		rc = cli_error(r, CLI_EXIT_FAILED, "the saved search's filters: %s", err.message);
		goto out;
	}
	view_set_sort(r->view, sq.sort, sq.descending);
	memset(&lo, 0, sizeof lo);
	lo.format = r->fmt == CLI_FMT_JSON ? LISTING_JSON : r->fmt == CLI_FMT_NDJSON
	            ? LISTING_NDJSON : r->fmt == CLI_FMT_CSV ? LISTING_CSV : LISTING_TABLE;
	lo.unmasked = r->cli->unmasked;
	lo.now = view_now(r->view);
	if (isatty(STDOUT_FILENO)) {
		struct winsize ws;
		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
			lo.width = ws.ws_col;
	}
	if (listing_write(stdout, r->view, &lo, &err) != WFT_OK)
		rc = cli_error(r, CLI_EXIT_FAILED, "%s", err.message);
out:
	savedquery_clear(&sq);
	cli_call_clear(&w);
	return rc;
}

/* ---- save, delete ------------------------------------------------------------------------------ */

/* The saved search named name in w's list, or NULL. */
static const struct wft_saved_search *by_name(const struct cli_call *w, const char *name)
{
	const struct wft_saved_search *hit = NULL;

	for (size_t i = 0; i < w->res.searches.n; i++) {
		const struct wft_saved_search *x = &w->res.searches.items[i];
		if (x->id && *x->id && x->name && strcmp(x->name, name) == 0 && is_token_search(x))
			hit = x;
	}
	return hit;
}

static int outcome_row(struct cli_run *r, const char *action, unsigned long *change,
                       const char *id, const char *name, const char *result,
                       const char *state, const char *detail)
{
	char jd[1400];

	snprintf(jd, sizeof jd, "%s%s%s%.1200s", id && *id ? "id " : "", id ? id : "",
	         id && *id && detail && *detail ? ": " : "", detail ? detail : "");
	cli_journal(r, change, action, NULL, name, NULL, state, jd);
	cli_results_begin(r);
	cli_item_result(r, "id", id, "name", name, result, detail);
	cli_results_end(r);
	return strcmp(state, JOURNAL_DONE) == 0 || strcmp(state, JOURNAL_DONE_UNREAD) == 0 ||
	       strcmp(state, JOURNAL_DRY_RUN) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILED;
}

/* The search of --query and --sort as the server stores it (JSON) in
 * *json. 0, or the exit status after an error line. */
static int saved_query_json(struct cli_run *r, char **json)
{
	struct savedquery sq;
	struct wft_error err;
	int rc = 0;

	savedquery_init(&sq);
	free(sq.query);
	if (!(sq.query = strdup(r->cli->query)))
		rc = cli_error(r, CLI_EXIT_FAILED, "out of memory");
	else if (r->cli->sort)
		sort_parse(r->cli->sort, &sq.sort, &sq.descending);
	if (rc == 0 && savedquery_to_json(&sq, json, &err) != WFT_OK)
		rc = cli_error(r, CLI_EXIT_FAILED, "%s", err.message);
	savedquery_clear(&sq);
	return rc;
}

/* The save of name was not settled by its answer w (outcome o), or saved
 * without an id to show: the list is read back. The exit status. */
static int saved_read_back(struct cli_run *r, const char *name, enum wft_outcome o,
                           const struct cli_call *w, unsigned long *change)
{
	struct cli_call back;
	const struct wft_saved_search *hit;
	enum wft_readback rb;
	char detail[1200];
	int rc;

	memset(&back, 0, sizeof back);
	read_list(r, &back);
	rb = wft_outcome_read(&back.res.err);
	hit = rb == WFT_READ_PRESENT ? by_name(&back, name) : NULL;
	switch (o == WFT_OUTCOME_DONE || o == WFT_OUTCOME_DONE_UNREAD
	        ? (rb == WFT_READ_PRESENT && !hit ? WFT_SETTLED_NOT_DONE : WFT_SETTLED_DONE)
	        : wft_outcome_settle(rb, hit != NULL)) {
	case WFT_SETTLED_DONE:
		if (o == WFT_OUTCOME_DONE_UNREAD)
			snprintf(detail, sizeof detail, "the answer was unreadable: %.1000s",
			         w->res.err.message);
		else if (o == WFT_OUTCOME_UNCONFIRMED)
			snprintf(detail, sizeof detail, "read back; the answer was: %.1000s",
			         w->res.err.message);
		else
			detail[0] = '\0';
		rc = outcome_row(r, "saved-search save", change, hit ? hit->id : NULL, name, "saved",
		                 o == WFT_OUTCOME_DONE_UNREAD ? JOURNAL_DONE_UNREAD : JOURNAL_DONE,
		                 detail);
		break;
	case WFT_SETTLED_NOT_DONE:
		snprintf(detail, sizeof detail, "\"%.200s\" is not on the server (the answer was: "
		         "%.800s)", name, w->res.err.message);
		rc = outcome_row(r, "saved-search save", change, NULL, name, "not saved",
		                 JOURNAL_REFUSED, detail);
		break;
	default:
		snprintf(detail, sizeof detail, "%.500s; reading the list back settled nothing "
		         "(%.500s)", w->res.err.message, back.res.err.message);
		rc = outcome_row(r, "saved-search save", change, NULL, name, "not confirmed",
		                 JOURNAL_UNCONFIRMED, detail);
		break;
	}
	cli_call_clear(&back);
	return rc;
}

static int saved_save(struct cli_run *r, const char *name)
{
	struct cli_call w;
	struct wft_saved_search s;
	struct wft_error err;
	unsigned long change = 0;
	char *json = NULL;
	enum wft_outcome o;
	int rc;

	memset(&w, 0, sizeof w);
	/* The name must be free: the console refuses a taken one too. */
	read_list(r, &w);
	if (w.res.err.code != WFT_OK) {
		rc = unavailable(r, &w.res.err);
		goto out;
	}
	if (by_name(&w, name)) {
		rc = cli_error(r, CLI_EXIT_FAILED, "a saved search is named \"%s\" already: choose "
		               "another name; nothing was sent", name);
		goto out;
	}
	if ((rc = saved_query_json(r, &json)) != 0)
		goto out;
	cli_journal(r, &change, "saved-search save", NULL, name, NULL, JOURNAL_PENDING,
	            r->cli->query);
	memset(&s, 0, sizeof s);
	s.entity_type = (char *)"TOKEN";
	s.name = (char *)name;
	s.query = json;
	cli_call_clear(&w);
	wft_error_clear(&err);
	cli_call_run(r, wft_api_create_saved_search(cli_api(r), &s, cli_call_done, &w, &err), &err, &w);
	o = wft_outcome_of(&w.res.err);
	if (cli_is_dry_run(&w.res.err))
		rc = outcome_row(r, "saved-search save", &change, NULL, name, "dry run",
		                 JOURNAL_DRY_RUN, w.res.err.message);
	else if (o == WFT_OUTCOME_DONE && w.res.search.id && *w.res.search.id)
		rc = outcome_row(r, "saved-search save", &change, w.res.search.id, name, "saved",
		                 JOURNAL_DONE, "");
	else if (o == WFT_OUTCOME_REFUSED)
		rc = outcome_row(r, "saved-search save", &change, NULL, name, "not saved",
		                 JOURNAL_REFUSED, w.res.err.message);
	else
		rc = saved_read_back(r, name, o, &w, &change);
out:
	free(json);
	cli_call_clear(&w);
	return rc;
}

static int saved_delete(struct cli_run *r, const char *id)
{
	struct cli_call w, back;
	struct wft_error err;
	unsigned long change = 0;
	char name[SAVED_NAME_MAX + 1], detail[1200];
	const char *why;
	enum wft_outcome o;
	enum wft_readback rb;
	int rc;

	memset(&w, 0, sizeof w);
	memset(&back, 0, sizeof back);
	if ((rc = fetch_one(r, id, &w)) != 0)
		goto out;
	snprintf(name, sizeof name, "%s", w.res.search.name ? w.res.search.name : "");
	cli_journal(r, &change, "saved-search delete", NULL, name, NULL, JOURNAL_PENDING,
	            NULL);
	cli_call_clear(&w);
	wft_error_clear(&err);
	cli_call_run(r, wft_api_delete_saved_search(cli_api(r), id, cli_call_done, &w, &err), &err, &w);
	why = w.res.err.message;
	if (cli_is_dry_run(&w.res.err)) {
		rc = outcome_row(r, "saved-search delete", &change, id, name, "dry run",
		                 JOURNAL_DRY_RUN, why);
		goto out;
	}
	o = wft_outcome_of(&w.res.err);
	if (o == WFT_OUTCOME_DONE || o == WFT_OUTCOME_DONE_UNREAD) {
		snprintf(detail, sizeof detail, "%s%.1000s", o == WFT_OUTCOME_DONE ? ""
		         : "the answer was unreadable: ", o == WFT_OUTCOME_DONE ? "" : why);
		rc = outcome_row(r, "saved-search delete", &change, id, name, "deleted",
		                 o == WFT_OUTCOME_DONE ? JOURNAL_DONE : JOURNAL_DONE_UNREAD, detail);
		goto out;
	}
	if (o == WFT_OUTCOME_REFUSED) {
		rc = outcome_row(r, "saved-search delete", &change, id, name, "not deleted",
		                 JOURNAL_REFUSED, why);
		goto out;
	}
	read_one(r, id, &back);
	rb = wft_outcome_read(&back.res.err);
	switch (wft_outcome_settle(rb, rb == WFT_READ_ABSENT)) {
	case WFT_SETTLED_DONE:
		snprintf(detail, sizeof detail, "read back: no such saved search; the answer was: "
		         "%.1000s", why);
		rc = outcome_row(r, "saved-search delete", &change, id, name, "deleted", JOURNAL_DONE,
		                 detail);
		break;
	case WFT_SETTLED_NOT_DONE:
		snprintf(detail, sizeof detail, "it is still on the server (the answer was: %.1000s)",
		         why);
		rc = outcome_row(r, "saved-search delete", &change, id, name, "not deleted",
		                 JOURNAL_REFUSED, detail);
		break;
	default:
		snprintf(detail, sizeof detail, "%.500s; reading it back settled nothing (%.500s)",
		         why, back.res.err.message);
		rc = outcome_row(r, "saved-search delete", &change, id, name, "not confirmed",
		                 JOURNAL_UNCONFIRMED, detail);
		break;
	}
out:
	cli_call_clear(&w);
	cli_call_clear(&back);
	return rc;
}

int cli_saved(struct cli_run *r)
{
	const struct cli *c = r->cli;
	const char *verb = c->n_args > 0 ? c->args[0] : NULL;
	bool save, apply, change;
	int rc;

	if (!verb)
		return cli_error(r, CLI_EXIT_USAGE, "saved takes list, show, apply, save or delete");
	save = strcmp(verb, "save") == 0;
	apply = strcmp(verb, "apply") == 0;
	change = save || strcmp(verb, "delete") == 0;
	if (!change && !apply && strcmp(verb, "list") != 0 && strcmp(verb, "show") != 0)
		return cli_error(r, CLI_EXIT_USAGE, "saved: unknown action; use list, show, apply, "
		                 "save or delete");
	if (strcmp(verb, "list") == 0 ? c->n_args != 1 : c->n_args != 2)
		return cli_error(r, CLI_EXIT_USAGE, "saved %s takes %s", verb,
		                 strcmp(verb, "list") == 0 ? "no operand"
		                 : save ? "one NAME" : "one ID (see wftokens saved list)");
	if (c->ids || c->yes || c->max >= 0 || c->name || c->name_template || c->output ||
	    c->description)
		return cli_error(r, CLI_EXIT_USAGE, "saved %s: unexpected option (see --help)", verb);
	if (c->unmasked && !apply)
		return cli_error(r, CLI_EXIT_USAGE, "--unmasked goes with saved apply");
	if ((c->query || c->sort) && !save)
		return cli_error(r, CLI_EXIT_USAGE, "--query and --sort go with saved save");
	if (save) {
		enum view_column col;
		bool desc;
		struct query *q;
		struct query_error qe;
		const char *name = c->args[1];
		if (!*name || strlen(name) > SAVED_NAME_MAX)
			return cli_error(r, CLI_EXIT_USAGE, "a saved search's name takes 1 to %d bytes",
			                 SAVED_NAME_MAX);
		if (!c->query)
			return cli_error(r, CLI_EXIT_USAGE, "saved save needs --query Q");
		if (query_parse(c->query, &q, &qe) != WFT_OK)
			return cli_error(r, CLI_EXIT_USAGE, "--query: %s", qe.err.message);
		query_free(q);
		/* A saved search is stored on the server: no token id in it. */
		if (wft_looks_secret(c->query))
			return cli_error(r, CLI_EXIT_USAGE, "--query holds what looks like a token id; "
			                 "search by its last characters instead (id:1a2b); nothing was "
			                 "sent");
		if (c->sort && !sort_parse(c->sort, &col, &desc))
			return cli_error(r, CLI_EXIT_USAGE, "--sort: use COLUMN or COLUMN:desc (id, name, "
			                 "account, type, generated, lastused)");
	}
	if (change && c->read_only)
		return cli_error(r, CLI_EXIT_USAGE, "--read-only refuses every change; nothing was "
		                 "sent");
	if ((rc = cli_connect(r)) != 0)
		return rc;
	if (strcmp(verb, "list") == 0)
		return saved_list(r);
	if (strcmp(verb, "show") == 0)
		return saved_show(r, c->args[1]);
	if (apply)
		return saved_apply(r, c->args[1]);
	if (save)
		return saved_save(r, c->args[1]);
	return saved_delete(r, c->args[1]);
}
