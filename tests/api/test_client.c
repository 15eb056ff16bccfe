/* test_client.c: the client library against an in-process sandbox on an
 * ephemeral loopback port: every endpoint, every sign-in, every error class
 * injected through the sandbox's faults. Back-off is shortened for speed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <time.h>
#include <unistd.h>

#include "api.h"
#include "outcome.h"
#include "sandbox_fixture.h"

#define CSP_TOKEN "csp-api-token-for-tests-0123456789"
#define CLIENT_ID "test-app"
#define CLIENT_SECRET "test-app-secret"

static struct sandbox *sb;
static struct wft_http *http;
static struct wft_auth *auth;
static struct wft_api *api;
static int n_notices;
static char last_notice[200];

static void on_retry(void *ud, const char *label, const char *message)
{
	(void)ud;
	(void)label;
	n_notices++;
	snprintf(last_notice, sizeof last_notice, "%s", message);
}

/* Waits for a started call and checks that its callback ran once. */
static void finish(struct wft_api *a, struct wft_api_call *c, struct sbfix_got *g,
                   const struct wft_error *start_err)
{
	struct wft_error err;

	if (!c)
		fail_msg("call did not start: %s", start_err->message);
	assert_int_equal(wft_api_wait(a, c, &err), WFT_OK);
	if (g->calls != 1)
		fprintf(stderr, "# calls=%d pending=%zu\n", g->calls, wft_api_pending(a));
	assert_int_equal(g->calls, 1);
}

#define RUN(g, expr) do { struct wft_error e_; memset(&(g), 0, sizeof (g)); \
	struct wft_api_call *c_ = (expr); finish(api, c_, &(g), &e_); } while (0)
#define ARGS sbfix_grab, &g, &e_

static void expect_ok(const struct sbfix_got *g)
{
	if (g->r.err.code != WFT_OK)
		fail_msg("%s: %s", g->r.label, g->r.err.message);
}

static struct wft_http *new_http(long timeout_ms)
{
	struct wft_http_options o = {
		.timeout_ms = timeout_ms, .connect_timeout_ms = 2000, .backoff_base_ms = 5,
		.backoff_max_ms = 20, .retry_after_unit_ms = 20, .max_attempts = 4,
		.on_retry = on_retry,
	};
	struct wft_http *h;
	struct wft_error err;

	assert_int_equal(wft_http_new(&h, &o, &err), WFT_OK);
	return h;
}

static int setup(void **state)
{
	struct sandbox_options o;
	struct wft_auth_params ap = { .method = WFT_AUTH_TOKEN, .token = SBFIX_ADMIN_TOKEN };
	struct wft_error err;
	(void)state;

	sandbox_options_init(&o);
	o.seed_tokens = 60;
	o.csp_api_token = CSP_TOKEN;
	o.csp_client = CLIENT_ID ":" CLIENT_SECRET;
	o.access_ttl = 1;
	sb = sbfix_start_with(&o);
	if (!sb)
		return -1;
	http = new_http(3000);
	if (wft_auth_new(&auth, &ap, http, &err) ||
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

static int reset_faults(void **state)
{
	(void)state;
	n_notices = 0;
	last_notice[0] = '\0';
	return sbfix_faults(sb, "{}");
}

/* ---- endpoints ---- */

struct sink {
	char *buf;
	size_t len;
	int chunks;
	void *ud;      /* what the sink was handed: must be the caller's ud */
	size_t length; /* the answer's Content-Length, when the sink was told it */
	int told;      /* times it was told (before any bytes, at most once) */
};

static struct sink streamed;

static void on_stream_done(void *ud, struct wft_api_result *res)
{
	sbfix_grab(ud, res);
}

static bool stream_sink(void *ud, const char *data, size_t len, struct wft_error *err)
{
	char *nb;

	streamed.ud = ud;
	if (!data) {
		if (streamed.len)
			fail_msg("the length came after the first bytes");
		streamed.length = len;
		streamed.told++;
		return true;
	}
	nb = realloc(streamed.buf, streamed.len + len + 1);
	if (!nb) {
		wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		return false;
	}
	streamed.buf = nb;
	memcpy(nb + streamed.len, data, len);
	streamed.len += len;
	nb[streamed.len] = '\0';
	streamed.chunks++;
	return true;
}

static void customer_tokens_decoded_and_streamed(void **state)
{
	struct sbfix_got g, s;
	struct wft_token_list l;
	struct wft_error err;
	(void)state;

	RUN(g, wft_api_customer_tokens(api, NULL, ARGS));
	expect_ok(&g);
	assert_true(g.r.tokens.n >= 50);
	assert_int_equal(strlen(g.r.tokens.items[0].id), 36);

	memset(&streamed, 0, sizeof streamed);
	RUN(s, wft_api_customer_tokens(api, stream_sink, on_stream_done, &s, &e_));
	expect_ok(&s);
	assert_int_equal(s.r.tokens.n, 0);
	assert_true(streamed.chunks >= 1);
	assert_ptr_equal(streamed.ud, &s);
	assert_int_equal(streamed.told, 0);   /* streamed chunked: no length */
	assert_int_equal(wft_decode_token_list("stream", streamed.buf, streamed.len, &l, &err),
	                 WFT_OK);
	assert_int_equal(l.n, g.r.tokens.n);
	wft_token_list_clear(&l);
	free(streamed.buf);

	/* T10: one token by id. */
	{
		char id[64];
		struct sbfix_got one;
		snprintf(id, sizeof id, "%s", g.r.tokens.items[3].id);
		RUN(one, wft_api_customer_token(api, id, sbfix_grab, &one, &e_));
		expect_ok(&one);
		assert_string_equal(one.r.token.id, id);
		assert_string_equal(one.r.token.name, g.r.tokens.items[3].name);
		sbfix_got_clear(&one);
	}
	sbfix_got_clear(&g);
	sbfix_got_clear(&s);
}

static void no_answer_hook(void *ud, const char *method, const char *path, int status,
                           const char *body, size_t len)
{
	(void)ud; (void)method; (void)path; (void)status; (void)body; (void)len;
}

/* A sandbox that shows its answers builds them whole and sends their
 * length: the sink hears it first, and then exactly that many bytes. */
static void customer_tokens_sink_told_the_length(void **state)
{
	struct sandbox_options o;
	struct sandbox *whole;
	struct wft_auth_params ap = { .method = WFT_AUTH_TOKEN, .token = SBFIX_ADMIN_TOKEN };
	struct wft_auth *a2;
	struct wft_api *api2;
	struct wft_error err, e_;
	struct sbfix_got s;
	(void)state;

	sandbox_options_init(&o);
	o.seed_tokens = 30;
	o.on_answer = no_answer_hook;
	assert_non_null(whole = sbfix_start_with(&o));
	assert_int_equal(wft_auth_new(&a2, &ap, http, &err), WFT_OK);
	assert_int_equal(wft_api_new(&api2, sandbox_url(whole), http, a2, &err), WFT_OK);
	memset(&streamed, 0, sizeof streamed);
	memset(&s, 0, sizeof s);
	finish(api2, wft_api_customer_tokens(api2, stream_sink, on_stream_done, &s, &e_), &s, &e_);
	expect_ok(&s);
	assert_int_equal(streamed.told, 1);
	assert_true(streamed.length > 0);
	assert_int_equal(streamed.length, streamed.len);
	free(streamed.buf);
	sbfix_got_clear(&s);
	wft_api_free(api2);
	wft_auth_free(a2);
	sandbox_stop(whole);
}

static void service_account_lifecycle(void **state)
{
	struct sbfix_got g;
	struct wft_service_account a;
	char tok[64];
	(void)state;

	memset(&a, 0, sizeof a);
	a.identifier = "sa::client-test";
	a.active = true;
	a.description = "made by test_client";
	RUN(g, wft_api_create_account(api, &a, ARGS));
	expect_ok(&g);
	assert_string_equal(g.r.account.identifier, "sa::client-test");
	assert_string_equal(g.r.account.description, "made by test_client");
	sbfix_got_clear(&g);

	RUN(g, wft_api_create_account(api, &a, ARGS));
	assert_int_equal(g.r.err.http_status, 409);
	assert_string_equal(g.r.err.message, "a service account with this identifier exists");
	sbfix_got_clear(&g);

	/* Read-modify-write: get, change, put the whole writable set. */
	RUN(g, wft_api_account(api, "sa::client-test", ARGS));
	expect_ok(&g);
	{
		struct wft_service_account edit = g.r.account;
		struct sbfix_got u;
		char *old = edit.description;
		edit.description = "changed";
		RUN(u, wft_api_update_account(api, &edit, sbfix_grab, &u, &e_));
		edit.description = old;
		expect_ok(&u);
		assert_string_equal(u.r.account.description, "changed");
		assert_int_equal(u.r.account.n_user_groups, g.r.account.n_user_groups);
		sbfix_got_clear(&u);
	}
	sbfix_got_clear(&g);

	RUN(g, wft_api_deactivate_account(api, "sa::client-test", ARGS));
	expect_ok(&g);
	assert_false(g.r.account.active);
	sbfix_got_clear(&g);
	RUN(g, wft_api_activate_account(api, "sa::client-test", ARGS));
	expect_ok(&g);
	assert_true(g.r.account.active);
	sbfix_got_clear(&g);

	/* T5-T8. */
	RUN(g, wft_api_generate_account_token(api, "sa::client-test", "first", ARGS));
	expect_ok(&g);
	assert_string_equal(g.r.token.name, "first");
	snprintf(tok, sizeof tok, "%s", g.r.token.id);
	sbfix_got_clear(&g);
	RUN(g, wft_api_rename_account_token(api, "sa::client-test", tok, "renamed", ARGS));
	expect_ok(&g);
	assert_string_equal(g.r.token.name, "renamed");
	sbfix_got_clear(&g);
	RUN(g, wft_api_account_tokens(api, "sa::client-test", ARGS));
	expect_ok(&g);
	assert_int_equal(g.r.tokens.n, 1);
	assert_string_equal(g.r.tokens.items[0].name, "renamed");
	sbfix_got_clear(&g);
	RUN(g, wft_api_revoke_account_token(api, "sa::client-test", tok, ARGS));
	expect_ok(&g);
	assert_int_equal(g.r.tokens.n, 0);
	sbfix_got_clear(&g);

	RUN(g, wft_api_accounts(api, ARGS));
	expect_ok(&g);
	assert_true(g.r.accounts.n >= 1);
	sbfix_got_clear(&g);

	RUN(g, wft_api_delete_account(api, "sa::client-test", ARGS));
	expect_ok(&g);
	sbfix_got_clear(&g);
	RUN(g, wft_api_account(api, "sa::client-test", ARGS));
	assert_int_equal(g.r.err.http_status, 404);
	assert_non_null(strstr(g.r.err.message, "not found (404)"));
	sbfix_got_clear(&g);

	a.identifier = "no-prefix";
	{
		struct wft_error err;
		assert_null(wft_api_create_account(api, &a, sbfix_grab, &g, &err));
		assert_int_equal(err.code, WFT_ERR_INVALID);
	}
}

static void token_limit_and_revoke(void **state)
{
	struct wft_service_account a;
	struct sbfix_got g;
	char tok[64] = "";
	(void)state;

	memset(&a, 0, sizeof a);
	a.identifier = "sa::limit";
	a.active = true;
	RUN(g, wft_api_create_account(api, &a, ARGS));
	expect_ok(&g);
	sbfix_got_clear(&g);
	for (int i = 0; i < 20; i++) {
		RUN(g, wft_api_generate_account_token(api, "sa::limit", "t", ARGS));
		expect_ok(&g);
		assert_int_equal(g.r.tokens.n, (size_t)i + 1);
		snprintf(tok, sizeof tok, "%s", g.r.token.id);
		sbfix_got_clear(&g);
	}
	RUN(g, wft_api_generate_account_token(api, "sa::limit", "t21", ARGS));
	assert_int_equal(g.r.err.code, WFT_ERR_LIMIT);
	assert_string_equal(g.r.err.message, "this account already has the maximum of 20 API "
	                    "tokens; revoke one first");
	sbfix_got_clear(&g);

	/* T11 revoke, then a 404 that claims nothing ("not found"). */
	RUN(g, wft_api_revoke_token(api, tok, ARGS));
	expect_ok(&g);
	sbfix_got_clear(&g);
	RUN(g, wft_api_revoke_token(api, tok, ARGS));
	assert_int_equal(g.r.err.http_status, 404);
	assert_true(strncmp(g.r.err.message, "not found (404)", 15) == 0);
	assert_int_equal(wft_outcome_of(&g.r.err), WFT_OUTCOME_UNCONFIRMED);
	assert_int_equal(wft_outcome_read(&g.r.err), WFT_READ_ABSENT);
	sbfix_got_clear(&g);
}

static void own_tokens(void **state)
{
	struct sbfix_got g;
	char id[64];
	size_t before;
	(void)state;

	RUN(g, wft_api_my_tokens(api, ARGS));
	expect_ok(&g);
	before = g.r.tokens.n;
	sbfix_got_clear(&g);
	RUN(g, wft_api_generate_my_token(api, ARGS));
	expect_ok(&g);
	assert_int_equal(g.r.tokens.n, before + 1);
	snprintf(id, sizeof id, "%s", g.r.token.id);
	sbfix_got_clear(&g);
	RUN(g, wft_api_rename_my_token(api, id, "mine", ARGS));
	expect_ok(&g);
	assert_string_equal(g.r.token.name, "mine");
	sbfix_got_clear(&g);
	RUN(g, wft_api_revoke_my_token(api, id, ARGS));
	expect_ok(&g);
	assert_int_equal(g.r.tokens.n, before);
	sbfix_got_clear(&g);
}

static void search_paging_and_facets(void **state)
{
	struct wft_search_request rq = { .sort_field = "name", .ascending = true, .limit = 7 };
	struct sbfix_got g;
	size_t total = 0, all;
	int pages = 0;
	(void)state;

	RUN(g, wft_api_customer_tokens(api, NULL, ARGS));
	all = g.r.tokens.n;
	sbfix_got_clear(&g);
	for (;;) {
		bool more;
		char cursor[128] = "";
		RUN(g, wft_api_search_tokens(api, &rq, ARGS));
		expect_ok(&g);
		assert_true(g.r.tokens.n <= 7);
		total += g.r.tokens.n;
		pages++;
		more = g.r.tokens.page.more_items;
		if (g.r.tokens.page.cursor)
			snprintf(cursor, sizeof cursor, "%s", g.r.tokens.page.cursor);
		sbfix_got_clear(&g);
		if (!more || pages > 100)
			break;
		rq.offset += 7;
	}
	assert_int_equal(total, all);
	assert_true(pages > 1);

	{
		struct wft_search_term t = { .key = "accountType", .value = "SERVICE_ACCOUNT",
		                             .match = WFT_MATCH_EXACT };
		struct wft_search_request q = { .terms = &t, .n_terms = 1, .limit = 1000 };
		const char *facets[] = { "accountType", "account" };
		RUN(g, wft_api_search_tokens(api, &q, ARGS));
		expect_ok(&g);
		for (size_t i = 0; i < g.r.tokens.n; i++)
			assert_true(wft_account_type_is_service(g.r.tokens.items[i].account_type));
		sbfix_got_clear(&g);
		struct wft_search_request all_rq = { .limit = 100 };
		RUN(g, wft_api_search_token_facets(api, facets, 2, &all_rq, ARGS));
		expect_ok(&g);
		assert_int_equal(g.r.facets.n, 2);
		sbfix_got_clear(&g);
		RUN(g, wft_api_search_token_facet(api, "accountType", &all_rq, ARGS));
		expect_ok(&g);
		assert_true(g.r.facet_values.n >= 1);
		sbfix_got_clear(&g);
		RUN(g, wft_api_search_accounts(api, &all_rq, ARGS));
		expect_ok(&g);
		sbfix_got_clear(&g);
	}
}

static void roles_groups_saved_searches(void **state)
{
	struct wft_saved_search s;
	struct sbfix_got g;
	char id[64];
	(void)state;

	RUN(g, wft_api_roles(api, 0, 100, ARGS));
	expect_ok(&g);
	sbfix_got_clear(&g);
	RUN(g, wft_api_groups(api, 0, 100, ARGS));
	expect_ok(&g);
	assert_true(g.r.groups.n >= 1);
	sbfix_got_clear(&g);

	memset(&s, 0, sizeof s);
	s.name = "Stale CI";
	s.query = "{\"searchTerms\":[{\"type\":\"query\",\"value\":\"account:sa::ci \\\"x\\\"\"}]}";
	RUN(g, wft_api_create_saved_search(api, &s, ARGS));
	expect_ok(&g);
	assert_non_null(g.r.search.id);
	snprintf(id, sizeof id, "%s", g.r.search.id);
	assert_string_equal(g.r.search.query, s.query);
	sbfix_got_clear(&g);
	RUN(g, wft_api_saved_searches(api, 0, 100, ARGS));
	expect_ok(&g);
	{
		bool found = false;
		for (size_t i = 0; i < g.r.searches.n; i++)
			if (strcmp(g.r.searches.items[i].id, id) == 0) {
				assert_string_equal(g.r.searches.items[i].name, "Stale CI");
				found = true;
			}
		assert_true(found);
	}
	sbfix_got_clear(&g);
	s.id = id;
	s.name = "Renamed";
	RUN(g, wft_api_update_saved_search(api, &s, ARGS));
	expect_ok(&g);
	sbfix_got_clear(&g);
	RUN(g, wft_api_saved_search(api, id, ARGS));
	expect_ok(&g);
	assert_string_equal(g.r.search.name, "Renamed");
	assert_string_equal(g.r.search.entity_type, "TOKEN");
	sbfix_got_clear(&g);
	RUN(g, wft_api_delete_saved_search(api, id, ARGS));
	expect_ok(&g);
	sbfix_got_clear(&g);
	RUN(g, wft_api_saved_search(api, id, ARGS));
	assert_int_equal(g.r.err.http_status, 404);
	sbfix_got_clear(&g);
}

/* ---- sign-in ---- */

static wft_millis frozen_clock(void *ud)
{
	(void)ud;
	return 1000;
}

static void with_auth(const struct wft_auth_params *p, struct sbfix_got *g)
{
	struct wft_auth *a;
	struct wft_api *x;
	struct wft_error err;

	assert_int_equal(wft_auth_new(&a, p, http, &err), WFT_OK);
	assert_int_equal(wft_api_new(&x, sandbox_url(sb), http, a, &err), WFT_OK);
	memset(g, 0, sizeof *g);
	finish(x, wft_api_my_tokens(x, sbfix_grab, g, &err), g, &err);
	wft_api_free(x);
	wft_auth_free(a);
}

static void csp_sign_in(void **state)
{
	struct wft_auth_params p = { .method = WFT_AUTH_CSP_API_TOKEN, .csp_api_token = CSP_TOKEN,
	                             .csp_url = sandbox_url(sb) };
	struct wft_auth_params o = { .method = WFT_AUTH_CSP_OAUTH, .client_id = CLIENT_ID,
	                             .client_secret = CLIENT_SECRET, .org_id = "org-1",
	                             .csp_url = sandbox_url(sb) };
	struct sbfix_got g;
	(void)state;

	with_auth(&p, &g);
	expect_ok(&g);
	sbfix_got_clear(&g);
	with_auth(&o, &g);
	expect_ok(&g);
	sbfix_got_clear(&g);

	p.csp_api_token = "wrong-token";
	with_auth(&p, &g);
	assert_int_equal(g.r.err.code, WFT_ERR_AUTH);
	assert_non_null(strstr(g.r.err.message, "sign-in failed (400)"));
	assert_null(strstr(g.r.err.message, "wrong-token"));
	sbfix_got_clear(&g);
	o.client_secret = "wrong-secret";
	with_auth(&o, &g);
	assert_int_equal(g.r.err.code, WFT_ERR_AUTH);
	assert_null(strstr(g.r.err.message, "wrong-secret"));
	sbfix_got_clear(&g);
}

static void expired_access_token_is_renewed(void **state)
{
	/* A frozen clock: the client believes its 1 s token is fresh, the
	 * sandbox has expired it, so the 401 path must sign in again. */
	struct wft_auth_params p = { .method = WFT_AUTH_CSP_API_TOKEN, .csp_api_token = CSP_TOKEN,
	                             .csp_url = sandbox_url(sb), .clock = frozen_clock };
	struct wft_auth *a;
	struct wft_api *x;
	struct wft_error err;
	struct sbfix_got g;
	unsigned gen;
	(void)state;

	assert_int_equal(wft_auth_new(&a, &p, http, &err), WFT_OK);
	assert_int_equal(wft_api_new(&x, sandbox_url(sb), http, a, &err), WFT_OK);
	memset(&g, 0, sizeof g);
	finish(x, wft_api_my_tokens(x, sbfix_grab, &g, &err), &g, &err);
	expect_ok(&g);
	sbfix_got_clear(&g);
	gen = wft_auth_generation(a);
	usleep(1300 * 1000);
	finish(x, wft_api_my_tokens(x, sbfix_grab, &g, &err), &g, &err);
	expect_ok(&g);
	assert_int_equal(wft_auth_generation(a), gen + 1);
	sbfix_got_clear(&g);
	wft_api_free(x);
	wft_auth_free(a);

	/* The real clock: refreshed ahead of expiry, before any 401. */
	p.clock = NULL;
	assert_int_equal(wft_auth_new(&a, &p, http, &err), WFT_OK);
	assert_int_equal(wft_api_new(&x, sandbox_url(sb), http, a, &err), WFT_OK);
	finish(x, wft_api_my_tokens(x, sbfix_grab, &g, &err), &g, &err);
	expect_ok(&g);
	sbfix_got_clear(&g);
	assert_true(wft_auth_refresh_at(a) < wft_auth_expires_at(a));
	gen = wft_auth_generation(a);
	usleep(700 * 1000);
	finish(x, wft_api_my_tokens(x, sbfix_grab, &g, &err), &g, &err);
	expect_ok(&g);
	assert_int_equal(wft_auth_generation(a), gen + 1);
	sbfix_got_clear(&g);
	wft_api_free(x);
	wft_auth_free(a);
}

/* ---- errors ---- */

static void unauthorised_and_forbidden(void **state)
{
	struct wft_auth_params p = { .method = WFT_AUTH_TOKEN,
	                             .token = "00000000-0000-0000-0000-000000000bad" };
	struct wft_service_account a;
	struct sbfix_got g;
	char tok[64];
	(void)state;

	with_auth(&p, &g);
	assert_int_equal(g.r.err.code, WFT_ERR_AUTH);
	assert_string_equal(g.r.err.message,
	                    "not signed in (401): the token was revoked or has expired");
	sbfix_got_clear(&g);

	/* A service account without permissions gets 403. */
	memset(&a, 0, sizeof a);
	a.identifier = "sa::nobody";
	a.active = true;
	RUN(g, wft_api_create_account(api, &a, ARGS));
	expect_ok(&g);
	sbfix_got_clear(&g);
	RUN(g, wft_api_generate_account_token(api, "sa::nobody", "n", ARGS));
	expect_ok(&g);
	snprintf(tok, sizeof tok, "%s", g.r.token.id);
	sbfix_got_clear(&g);
	{
		struct wft_auth_params q = { .method = WFT_AUTH_TOKEN, .token = tok };
		struct wft_auth *au;
		struct wft_api *x;
		struct wft_error err;
		assert_int_equal(wft_auth_new(&au, &q, http, &err), WFT_OK);
		assert_int_equal(wft_api_new(&x, sandbox_url(sb), http, au, &err), WFT_OK);
		finish(x, wft_api_customer_tokens(x, NULL, sbfix_grab, &g, &err), &g, &err);
		assert_int_equal(g.r.err.http_status, 403);
		assert_string_equal(g.r.err.message,
		                    "permission denied (403): this needs the Accounts permission");
		sbfix_got_clear(&g);
		wft_api_free(x);
		wft_auth_free(au);
	}
}

static void unavailable_then_success_is_retried(void **state)
{
	struct sbfix_got g;
	(void)state;

	assert_int_equal(sbfix_faults(sb, "{\"fail_next\":2,\"status\":503}"), 0);
	RUN(g, wft_api_my_tokens(api, ARGS));
	expect_ok(&g);
	assert_int_equal(n_notices, 2);
	assert_non_null(strstr(last_notice, "the server is unavailable (503), retrying in"));
	sbfix_got_clear(&g);

	assert_int_equal(sbfix_faults(sb, "{\"fail_next\":1,\"status\":502}"), 0);
	RUN(g, wft_api_my_tokens(api, ARGS));
	expect_ok(&g);
	sbfix_got_clear(&g);

	assert_int_equal(sbfix_faults(sb, "{\"fail_next\":9,\"status\":504}"), 0);
	RUN(g, wft_api_my_tokens(api, ARGS));
	assert_int_equal(g.r.err.http_status, 504);
	assert_non_null(strstr(g.r.err.message, "the server failed (504)"));
	sbfix_got_clear(&g);
}

static void busy_with_and_without_retry_after(void **state)
{
	struct sbfix_got g;
	struct timespec t0, t1;
	long ms;
	(void)state;

	/* Retry-After: 2 (one "second" is 20 ms in this test). */
	assert_int_equal(sbfix_faults(sb, "{\"fail_next\":1,\"status\":429,\"retry_after\":2}"), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	RUN(g, wft_api_my_tokens(api, ARGS));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	expect_ok(&g);
	sbfix_got_clear(&g);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	/* 40 ms, less the engine's millisecond clock and this truncation (a
	 * back-off without Retry-After would be 5 ms at most). */
	assert_true(ms >= 38);
	assert_int_equal(n_notices, 1);
	assert_non_null(strstr(last_notice, "the server is busy (429), retrying in"));

	assert_int_equal(sbfix_faults(sb, "{\"fail_next\":1,\"status\":429}"), 0);
	RUN(g, wft_api_my_tokens(api, ARGS));
	expect_ok(&g);
	assert_int_equal(n_notices, 2);
	sbfix_got_clear(&g);
}

static void generation_is_not_retried(void **state)
{
	struct sbfix_got g;
	size_t before;
	(void)state;

	RUN(g, wft_api_my_tokens(api, ARGS));
	before = g.r.tokens.n;
	sbfix_got_clear(&g);
	assert_int_equal(sbfix_faults(sb, "{\"fail_next\":1,\"status\":503}"), 0);
	RUN(g, wft_api_generate_my_token(api, ARGS));
	assert_int_equal(g.r.err.http_status, 503);
	assert_int_equal(n_notices, 0);
	sbfix_got_clear(&g);
	RUN(g, wft_api_my_tokens(api, ARGS));
	assert_int_equal(g.r.tokens.n, before);
	sbfix_got_clear(&g);

	assert_int_equal(sbfix_faults(sb, "{\"drop_next\":1}"), 0);
	RUN(g, wft_api_generate_my_token(api, ARGS));
	assert_int_equal(g.r.err.code, WFT_ERR_NETWORK);
	assert_non_null(strstr(g.r.err.message, "dropped"));
	assert_int_equal(n_notices, 0);
	sbfix_got_clear(&g);
}

static void dropped_garbage_truncated(void **state)
{
	struct sbfix_got g;
	(void)state;

	/* A read is retried after a dropped connection. */
	assert_int_equal(sbfix_faults(sb, "{\"drop_next\":1}"), 0);
	RUN(g, wft_api_my_tokens(api, ARGS));
	expect_ok(&g);
	assert_true(n_notices <= 1); /* libcurl may reconnect by itself */
	sbfix_got_clear(&g);

	assert_int_equal(sbfix_faults(sb, "{\"garbage_next\":1}"), 0);
	RUN(g, wft_api_customer_tokens(api, NULL, ARGS));
	assert_int_equal(g.r.err.code, WFT_ERR_PARSE);
	assert_non_null(strstr(g.r.err.message,
	                       "GET /api/v2/apitoken/customertokens: the answer is not JSON"));
	sbfix_got_clear(&g);

	assert_int_equal(sbfix_faults(sb, "{\"truncate_next\":1}"), 0);
	RUN(g, wft_api_customer_tokens(api, NULL, ARGS));
	assert_int_not_equal(g.r.err.code, WFT_OK);
	assert_true(strstr(g.r.err.message, "cut short") || strstr(g.r.err.message, "dropped") ||
	            strstr(g.r.err.message, "not JSON"));
	sbfix_got_clear(&g);
}

/* A change the server made but answered with an unreadable body is told
 * apart from a refusal: wft_api_done_unread, and the name really changed. */
static void change_answered_with_garbage(void **state)
{
	struct sbfix_got g;
	char tok[64];
	(void)state;

	RUN(g, wft_api_create_account(api, &(struct wft_service_account){
		.identifier = "sa::garbled", .active = true, .description = "" }, ARGS));
	expect_ok(&g);
	sbfix_got_clear(&g);
	RUN(g, wft_api_generate_account_token(api, "sa::garbled", "before", ARGS));
	expect_ok(&g);
	snprintf(tok, sizeof tok, "%s", g.r.token.id);
	sbfix_got_clear(&g);

	assert_int_equal(sbfix_faults(sb, "{\"garbage_next\":1}"), 0);
	RUN(g, wft_api_rename_account_token(api, "sa::garbled", tok, "after", ARGS));
	assert_int_equal(g.r.err.code, WFT_ERR_PARSE);
	assert_int_equal(g.r.err.http_status, 200);
	assert_true(wft_api_done_unread(&g.r.err));
	assert_true(wft_api_maybe_done(&g.r.err));
	assert_null(strstr(g.r.err.message, tok));
	sbfix_got_clear(&g);
	RUN(g, wft_api_account_tokens(api, "sa::garbled", ARGS));
	expect_ok(&g);
	assert_int_equal(g.r.tokens.n, 1);
	assert_string_equal(g.r.tokens.items[0].name, "after");
	sbfix_got_clear(&g);

	/* A cut-short answer to a generation: made, the new token unreadable. */
	assert_int_equal(sbfix_faults(sb, "{\"truncate_next\":1}"), 0);
	RUN(g, wft_api_generate_account_token(api, "sa::garbled", "second", ARGS));
	assert_int_not_equal(g.r.err.code, WFT_OK);
	assert_true(wft_api_maybe_done(&g.r.err));
	sbfix_got_clear(&g);
	RUN(g, wft_api_account_tokens(api, "sa::garbled", ARGS));
	expect_ok(&g);
	assert_int_equal(g.r.tokens.n, 2);
	sbfix_got_clear(&g);

	/* A refusal is certain. */
	assert_int_equal(sbfix_faults(sb, "{\"fail_next\":1,\"status\":500}"), 0);
	RUN(g, wft_api_rename_account_token(api, "sa::garbled", tok, "x", ARGS));
	assert_int_equal(g.r.err.code, WFT_ERR_HTTP);
	assert_false(wft_api_maybe_done(&g.r.err));
	assert_false(wft_api_done_unread(&g.r.err));
	sbfix_got_clear(&g);
}

static void slow_server_times_out(void **state)
{
	struct wft_http *h = new_http(300);
	struct wft_api *x;
	struct wft_error err;
	struct sbfix_got g;
	(void)state;

	assert_int_equal(wft_api_new(&x, sandbox_url(sb), h, auth, &err), WFT_OK);
	assert_int_equal(sbfix_faults(sb, "{\"latency_ms\":1500}"), 0);
	memset(&g, 0, sizeof g);
	finish(x, wft_api_my_tokens(x, sbfix_grab, &g, &err), &g, &err);
	assert_int_equal(g.r.err.code, WFT_ERR_NETWORK);
	assert_string_equal(g.r.err.message, "the server did not answer within 0.3 s");
	sbfix_got_clear(&g);
	wft_api_free(x);
	wft_http_free(h);
	sbfix_faults(sb, "{}");
}

static void cancel_a_call(void **state)
{
	struct sbfix_got g;
	struct wft_error err;
	struct wft_api_call *c;
	(void)state;

	assert_int_equal(sbfix_faults(sb, "{\"latency_ms\":400}"), 0);
	memset(&g, 0, sizeof g);
	c = wft_api_customer_tokens(api, NULL, sbfix_grab, &g, &err);
	assert_non_null(c);
	assert_int_equal(wft_http_poll(http, -1, 20, NULL, &err), WFT_OK);
	assert_int_equal(g.calls, 0);
	wft_api_cancel(api, c);
	assert_int_equal(g.calls, 1);
	assert_int_equal(g.r.err.code, WFT_ERR_CANCELLED);
	assert_int_equal(wft_api_pending(api), 0);
	sbfix_got_clear(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(customer_tokens_decoded_and_streamed, reset_faults),
		cmocka_unit_test_setup(customer_tokens_sink_told_the_length, reset_faults),
		cmocka_unit_test_setup(service_account_lifecycle, reset_faults),
		cmocka_unit_test_setup(token_limit_and_revoke, reset_faults),
		cmocka_unit_test_setup(own_tokens, reset_faults),
		cmocka_unit_test_setup(search_paging_and_facets, reset_faults),
		cmocka_unit_test_setup(roles_groups_saved_searches, reset_faults),
		cmocka_unit_test_setup(csp_sign_in, reset_faults),
		cmocka_unit_test_setup(expired_access_token_is_renewed, reset_faults),
		cmocka_unit_test_setup(unauthorised_and_forbidden, reset_faults),
		cmocka_unit_test_setup(unavailable_then_success_is_retried, reset_faults),
		cmocka_unit_test_setup(busy_with_and_without_retry_after, reset_faults),
		cmocka_unit_test_setup(generation_is_not_retried, reset_faults),
		cmocka_unit_test_setup(dropped_garbage_truncated, reset_faults),
		cmocka_unit_test_setup(change_answered_with_garbage, reset_faults),
		cmocka_unit_test_setup(slow_server_times_out, reset_faults),
		cmocka_unit_test_setup(cancel_a_call, reset_faults),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
