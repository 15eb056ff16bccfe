/* test_client_wire.c: what the client puts on the wire. Every call the
 * client library can make is sent to an in-process sandbox whose request
 * hook records the method, path, query, Content-Type, Accept and body of
 * each request; the test then checks them against the official client's
 * habits: JSON Content-Type and Accept on every write (also with an empty
 * body), search pages by offset, no sort in facet requests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <pthread.h>

#include "api.h"
#include "sandbox_fixture.h"

#define MAX_SEEN 256

struct seen {
	char method[8];
	char path[256];
	char query[128];
	char content_type[64];   /* "(none)" when absent */
	char accept[64];         /* "(none)" when absent */
	bool auth;
	char body[1024];
};

static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static struct seen log_[MAX_SEEN];      /* written by the sandbox's threads */
static size_t n_log;
static struct seen seen[MAX_SEEN];      /* a snapshot the test reads */
static size_t n_seen;

/* Every call has been answered when this runs (the hook records before
 * the answer), so the snapshot is complete. */
static void snapshot(void)
{
	pthread_mutex_lock(&seen_lock);
	memcpy(seen, log_, sizeof seen);
	n_seen = n_log;
	pthread_mutex_unlock(&seen_lock);
}

static void forget(void)
{
	pthread_mutex_lock(&seen_lock);
	n_log = 0;
	pthread_mutex_unlock(&seen_lock);
}

static struct sandbox *sb;
static struct wft_http *http;
static struct wft_auth *auth;
static struct wft_api *api;

static void record(void *ud, const struct sandbox_seen *s)
{
	(void)ud;
	pthread_mutex_lock(&seen_lock);
	if (n_log < MAX_SEEN) {
		struct seen *e = &log_[n_log++];
		snprintf(e->method, sizeof e->method, "%s", s->method);
		snprintf(e->path, sizeof e->path, "%s", s->path);
		snprintf(e->query, sizeof e->query, "%s", s->query ? s->query : "");
		snprintf(e->content_type, sizeof e->content_type, "%s",
		         s->content_type ? s->content_type : "(none)");
		snprintf(e->accept, sizeof e->accept, "%s", s->accept ? s->accept : "(none)");
		e->auth = s->has_authorization;
		snprintf(e->body, sizeof e->body, "%s", s->body);
	}
	pthread_mutex_unlock(&seen_lock);
}

/* Runs one call to its end; it must succeed. */
#define RUN(g, expr) do { struct wft_error e_ = { 0 }; struct wft_error w_; \
	memset(&(g), 0, sizeof (g)); \
	struct wft_api_call *c_ = (expr); \
	if (!c_) fail_msg("call did not start: %s", e_.message); \
	assert_int_equal(wft_api_wait(api, c_, &w_), WFT_OK); \
	assert_int_equal((g).calls, 1); \
	if ((g).r.err.code != WFT_OK) fail_msg("%s: %s", (g).r.label, (g).r.err.message); \
	} while (0)
#define ARGS sbfix_grab, &g, &e_

static int setup(void **state)
{
	struct sandbox_options o;
	struct wft_auth_params ap = { .method = WFT_AUTH_TOKEN, .token = SBFIX_ADMIN_TOKEN };
	struct wft_http_options ho = { .timeout_ms = 5000, .connect_timeout_ms = 2000 };
	struct wft_error err;
	(void)state;

	sandbox_options_init(&o);
	o.seed_tokens = 60;
	o.on_request = record;
	sb = sbfix_start_with(&o);
	if (!sb || wft_http_new(&http, &ho, &err) ||
	    wft_auth_new(&auth, &ap, http, &err) ||
	    wft_api_new(&api, sandbox_url(sb), http, auth, &err))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	wft_api_free(api);
	wft_auth_free(auth);
	wft_http_free(http);
	sandbox_stop(sb);
	return 0;
}

/* The recorded request with this method whose path starts with prefix and
 * ends with suffix; NULL if none. */
static const struct seen *find(const char *method, const char *prefix, const char *suffix)
{
	for (size_t i = 0; i < n_seen; i++) {
		const struct seen *e = &seen[i];
		size_t pl = strlen(e->path), sl = strlen(suffix);
		if (strcmp(e->method, method) == 0 && strncmp(e->path, prefix, strlen(prefix)) == 0 &&
		    pl >= sl && strcmp(e->path + pl - sl, suffix) == 0)
			return e;
	}
	return NULL;
}

static void test_every_call(void **state)
{
	struct sbfix_got g;
	char my_id[64], sa_tok[64], cust_id[64], saved_id[64];
	struct wft_search_request rq = { .sort_field = "name", .ascending = true, .limit = 7 };
	const char *facets[] = { "accountType" };
	struct wft_service_account a;
	struct wft_saved_search ss = { .name = "wire", .query = "{\"searchTerms\":[]}" };
	(void)state;

	/* Own tokens. */
	RUN(g, wft_api_my_tokens(api, ARGS));
	sbfix_got_clear(&g);
	RUN(g, wft_api_generate_my_token(api, ARGS));
	assert_non_null(g.r.token.id);
	snprintf(my_id, sizeof my_id, "%s", g.r.token.id);
	sbfix_got_clear(&g);
	RUN(g, wft_api_rename_my_token(api, my_id, "wire-own", ARGS));
	sbfix_got_clear(&g);
	RUN(g, wft_api_revoke_my_token(api, my_id, ARGS));
	sbfix_got_clear(&g);

	/* A service account and its tokens. */
	memset(&a, 0, sizeof a);
	a.identifier = "sa::wire";
	a.active = true;
	a.description = "wire test";
	RUN(g, wft_api_create_account(api, &a, ARGS));
	sbfix_got_clear(&g);
	RUN(g, wft_api_account(api, "sa::wire", ARGS));
	sbfix_got_clear(&g);
	a.description = "wire test, updated";
	RUN(g, wft_api_update_account(api, &a, ARGS));
	sbfix_got_clear(&g);
	RUN(g, wft_api_deactivate_account(api, "sa::wire", ARGS));
	sbfix_got_clear(&g);
	RUN(g, wft_api_activate_account(api, "sa::wire", ARGS));
	sbfix_got_clear(&g);
	RUN(g, wft_api_generate_account_token(api, "sa::wire", "wire-sa", ARGS));
	assert_non_null(g.r.token.id);
	snprintf(sa_tok, sizeof sa_tok, "%s", g.r.token.id);
	sbfix_got_clear(&g);
	RUN(g, wft_api_account_tokens(api, "sa::wire", ARGS));
	sbfix_got_clear(&g);
	RUN(g, wft_api_rename_account_token(api, "sa::wire", sa_tok, "wire-sa-2", ARGS));
	sbfix_got_clear(&g);
	RUN(g, wft_api_revoke_account_token(api, "sa::wire", sa_tok, ARGS));
	sbfix_got_clear(&g);
	RUN(g, wft_api_accounts(api, ARGS));
	sbfix_got_clear(&g);

	/* The org's tokens. */
	RUN(g, wft_api_customer_tokens(api, NULL, ARGS));
	assert_true(g.r.tokens.n > 0);
	snprintf(cust_id, sizeof cust_id, "%s", g.r.tokens.items[g.r.tokens.n - 1].id);
	sbfix_got_clear(&g);
	RUN(g, wft_api_customer_token(api, cust_id, ARGS));
	sbfix_got_clear(&g);
	RUN(g, wft_api_revoke_token(api, cust_id, ARGS));
	sbfix_got_clear(&g);
	RUN(g, wft_api_delete_account(api, "sa::wire", ARGS));
	sbfix_got_clear(&g);

	/* Searches and facets. */
	RUN(g, wft_api_search_tokens(api, &rq, ARGS));
	sbfix_got_clear(&g);
	RUN(g, wft_api_search_token_facet(api, "accountType", &rq, ARGS));
	sbfix_got_clear(&g);
	RUN(g, wft_api_search_token_facets(api, facets, 1, &rq, ARGS));
	sbfix_got_clear(&g);
	rq.sort_field = "identifier";
	RUN(g, wft_api_search_accounts(api, &rq, ARGS));
	sbfix_got_clear(&g);

	/* Roles, groups, saved searches. */
	RUN(g, wft_api_roles(api, 0, 100, ARGS));
	sbfix_got_clear(&g);
	RUN(g, wft_api_groups(api, 0, 100, ARGS));
	sbfix_got_clear(&g);
	RUN(g, wft_api_create_saved_search(api, &ss, ARGS));
	assert_non_null(g.r.search.id);
	snprintf(saved_id, sizeof saved_id, "%s", g.r.search.id);
	sbfix_got_clear(&g);
	ss.id = saved_id;
	ss.name = "wire-2";
	RUN(g, wft_api_update_saved_search(api, &ss, ARGS));
	sbfix_got_clear(&g);
	RUN(g, wft_api_saved_search(api, saved_id, ARGS));
	sbfix_got_clear(&g);
	RUN(g, wft_api_saved_searches(api, 0, 100, ARGS));
	sbfix_got_clear(&g);
	RUN(g, wft_api_delete_saved_search(api, saved_id, ARGS));
	sbfix_got_clear(&g);

	/* Every request: Accept JSON, a bearer, and on a write a JSON type. */
	snapshot();
	assert_true(n_seen >= 29);   /* one request per call above */
	for (size_t i = 0; i < n_seen; i++) {
		const struct seen *e = &seen[i];
		if (strcmp(e->accept, "application/json") != 0 || !e->auth ||
		    (strcmp(e->method, "GET") != 0 &&
		     strcmp(e->content_type, "application/json") != 0))
			fail_msg("%s %s went out with Content-Type %s, Accept %s%s", e->method,
			         e->path, e->content_type, e->accept, e->auth ? "" : ", no bearer");
	}
	/* Each kind of call was seen, the body-less writes among them. */
	{
		static const char *const want[][3] = {
			{ "GET", "/api/v2/apitoken", "/apitoken" },
			{ "POST", "/api/v2/apitoken", "/apitoken" },
			{ "PUT", "/api/v2/apitoken/", "" },
			{ "DELETE", "/api/v2/apitoken/", "" },
			{ "POST", "/api/v2/account/serviceaccount", "/serviceaccount" },
			{ "GET", "/api/v2/account/serviceaccount/", "sa::wire" },
			{ "PUT", "/api/v2/account/serviceaccount/", "sa::wire" },
			{ "POST", "/api/v2/account/serviceaccount/", "/deactivate" },
			{ "POST", "/api/v2/account/serviceaccount/", "/activate" },
			{ "POST", "/api/v2/apitoken/serviceaccount/", "sa::wire" },
			{ "GET", "/api/v2/apitoken/serviceaccount/", "sa::wire" },
			{ "PUT", "/api/v2/apitoken/serviceaccount/sa::wire/", "" },
			{ "DELETE", "/api/v2/apitoken/serviceaccount/sa::wire/", "" },
			{ "GET", "/api/v2/account/serviceaccount", "/serviceaccount" },
			{ "GET", "/api/v2/apitoken/customertokens", "/customertokens" },
			{ "GET", "/api/v2/apitoken/customertokens/", "" },
			{ "PUT", "/api/v2/apitoken/customertokens/revoke", "" },
			{ "DELETE", "/api/v2/account/", "sa::wire" },
			{ "POST", "/api/v2/search/token", "/token" },
			{ "POST", "/api/v2/search/token/", "/accountType" },
			{ "POST", "/api/v2/search/token/", "/facets" },
			{ "POST", "/api/v2/search/serviceaccount", "/serviceaccount" },
			{ "GET", "/api/v2/role", "" },
			{ "GET", "/api/v2/usergroup", "" },
			{ "POST", "/api/v2/savedsearch", "/savedsearch" },
			{ "PUT", "/api/v2/savedsearch/", "" },
			{ "GET", "/api/v2/savedsearch/", "" },
			{ "GET", "/api/v2/savedsearch/type/", "" },
			{ "DELETE", "/api/v2/savedsearch/", "" },
		};
		for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
			if (!find(want[i][0], want[i][1], want[i][2]))
				fail_msg("no %s %s...%s was recorded", want[i][0], want[i][1], want[i][2]);
	}
	/* Search bodies: offset paging, never a cursor; no sort in a facet
	 * request; neither sort nor offset in a facets request. */
	{
		const struct seen *s = find("POST", "/api/v2/search/token", "/token");
		const struct seen *f = find("POST", "/api/v2/search/token/", "/accountType");
		const struct seen *fs = find("POST", "/api/v2/search/token/", "/facets");
		assert_non_null(strstr(s->body, "\"offset\":0"));
		assert_non_null(strstr(s->body, "\"sort\""));
		assert_null(strstr(s->body, "cursor"));
		assert_null(strstr(f->body, "\"sort\""));
		assert_null(strstr(f->body, "cursor"));
		assert_null(strstr(fs->body, "\"sort\""));
		assert_null(strstr(fs->body, "\"offset\""));
	}
}

/* 14.3: page 2 of a search is not page 1 again. */
static void test_search_page_two(void **state)
{
	struct wft_search_request rq = { .sort_field = "name", .ascending = true, .limit = 7 };
	struct sbfix_got g;
	char first[7][64];
	size_t n1;
	(void)state;

	RUN(g, wft_api_search_tokens(api, &rq, ARGS));
	assert_int_equal(g.r.tokens.n, 7);
	assert_true(g.r.tokens.page.more_items);
	n1 = g.r.tokens.n;
	for (size_t i = 0; i < n1; i++)
		snprintf(first[i], sizeof first[i], "%s", g.r.tokens.items[i].id);
	sbfix_got_clear(&g);

	forget();
	rq.offset += rq.limit;
	RUN(g, wft_api_search_tokens(api, &rq, ARGS));
	assert_true(g.r.tokens.n > 0);
	for (size_t i = 0; i < g.r.tokens.n; i++)
		for (size_t k = 0; k < n1; k++)
			assert_string_not_equal(g.r.tokens.items[i].id, first[k]);
	sbfix_got_clear(&g);
	snapshot();
	assert_int_equal(n_seen, 1);
	assert_non_null(strstr(seen[0].body, "\"offset\":7"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_call),
		cmocka_unit_test(test_search_page_two),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
