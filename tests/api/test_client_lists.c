/* test_client_lists.c: long lists are read to their end (saved searches
 * past 100, roles and user groups past 1,000, page after page), and an
 * answer larger than the configured cap is refused with a message that
 * names max_answer_mb. Against an in-process sandbox seeded with long lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "api.h"
#include "sandbox_fixture.h"
#include "tokenset.h"

#define N_SAVED 250
#define N_GROUPS 1200
#define N_ROLES 1001

static struct sandbox *sb;

struct got {
	int calls;
	struct wft_api_result r;
	struct tokenset_decoder *dec;   /* for a streamed answer */
};

static void grab(void *ud, struct wft_api_result *res)
{
	struct got *g = ud;

	g->calls++;
	g->r = *res;
	g->dec = NULL;
	memset(res, 0, sizeof *res);
}

static void got_clear(struct got *g)
{
	wft_token_list_clear(&g->r.tokens);
	wft_account_list_clear(&g->r.accounts);
	wft_role_list_clear(&g->r.roles);
	wft_group_list_clear(&g->r.groups);
	wft_saved_search_list_clear(&g->r.searches);
	memset(g, 0, sizeof *g);
}

struct client {
	struct wft_http *http;
	struct wft_auth *auth;
	struct wft_api *api;
};

static void client_open(struct client *c, size_t max_answer)
{
	struct wft_http_options o = { .timeout_ms = 20000, .connect_timeout_ms = 2000,
	                              .max_answer_bytes = max_answer };
	struct wft_auth_params ap = { .method = WFT_AUTH_TOKEN, .token = SBFIX_ADMIN_TOKEN };
	struct wft_error err;

	assert_int_equal(wft_http_new(&c->http, &o, &err), WFT_OK);
	assert_int_equal(wft_auth_new(&c->auth, &ap, c->http, &err), WFT_OK);
	assert_int_equal(wft_api_new(&c->api, sandbox_url(sb), c->http, c->auth, &err), WFT_OK);
}

static void client_close(struct client *c)
{
	wft_api_free(c->api);
	wft_auth_free(c->auth);
	wft_http_free(c->http);
}

static void finish(struct client *c, struct wft_api_call *call, struct got *g,
                   const struct wft_error *start_err)
{
	struct wft_error err;

	if (!call)
		fail_msg("call did not start: %s", start_err->message);
	assert_int_equal(wft_api_wait(c->api, call, &err), WFT_OK);
	assert_int_equal(g->calls, 1);
}

static int setup(void **state)
{
	struct sandbox_options o;
	(void)state;

	sandbox_options_init(&o);
	o.seed_tokens = 3000;
	o.seed_saved = N_SAVED;
	o.seed_groups = N_GROUPS;
	o.seed_roles = N_ROLES;
	sb = sbfix_start_with(&o);
	return sb ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	sandbox_stop(sb);
	return 0;
}

/* The sandbox serves these lists in pages of at most 1,000 (100 by default
 * for saved searches), so one page could never hold them. */
static void long_lists_are_read_whole(void **state)
{
	struct client c;
	struct wft_error e;
	struct got g;
	char want[64];
	(void)state;

	client_open(&c, 0);

	memset(&g, 0, sizeof g);
	finish(&c, wft_api_saved_searches(c.api, 0, 100, grab, &g, &e), &g, &e);
	if (g.r.err.code)
		fail_msg("%s", g.r.err.message);
	/* The seed also gives the administrator two searches of its own. */
	assert_int_equal(g.r.searches.n, N_SAVED + 2);
	assert_false(g.r.searches.page.more_items);
	for (size_t i = 0, k = 0; i < g.r.searches.n; i++) {
		if (strncmp(g.r.searches.items[i].name, "Seeded search ", 14) != 0)
			continue;
		snprintf(want, sizeof want, "Seeded search %05zu", k++);
		assert_string_equal(g.r.searches.items[i].name, want);
	}
	got_clear(&g);

	finish(&c, wft_api_groups(c.api, 0, 1000, grab, &g, &e), &g, &e);
	if (g.r.err.code)
		fail_msg("%s", g.r.err.message);
	assert_true(g.r.groups.n > N_GROUPS);
	assert_string_equal(g.r.groups.items[g.r.groups.n - 1].id, "seeded-group-01199");
	for (size_t i = 1; i < g.r.groups.n; i++)
		assert_string_not_equal(g.r.groups.items[i].id, g.r.groups.items[i - 1].id);
	got_clear(&g);

	/* Small pages: many requests, the same whole list. */
	finish(&c, wft_api_groups(c.api, 0, 7, grab, &g, &e), &g, &e);
	assert_int_equal(g.r.err.code, WFT_OK);
	assert_true(g.r.groups.n > N_GROUPS);
	assert_string_equal(g.r.groups.items[g.r.groups.n - 1].id, "seeded-group-01199");
	got_clear(&g);

	finish(&c, wft_api_roles(c.api, 0, 1000, grab, &g, &e), &g, &e);
	assert_int_equal(g.r.err.code, WFT_OK);
	assert_true(g.r.roles.n > N_ROLES);
	assert_string_equal(g.r.roles.items[g.r.roles.n - 1].id, "seeded-role-01000");
	got_clear(&g);

	client_close(&c);
}

/* A service-account search is read to its end as well: POSTed again with
 * offset moved on, page after page, until moreItems is false. The whole
 * list must equal the plain (unpaged) list of service accounts. */
static void account_search_is_read_whole(void **state)
{
	struct wft_search_request rq = { .sort_field = "identifier", .ascending = true, .limit = 7 };
	struct client c;
	struct wft_error e;
	struct got g, all;
	(void)state;

	client_open(&c, 0);
	memset(&all, 0, sizeof all);
	finish(&c, wft_api_accounts(c.api, grab, &all, &e), &all, &e);
	assert_int_equal(all.r.err.code, WFT_OK);
	assert_true(all.r.accounts.n > 14);    /* at least three pages of 7 */

	memset(&g, 0, sizeof g);
	finish(&c, wft_api_search_accounts(c.api, &rq, grab, &g, &e), &g, &e);
	if (g.r.err.code)
		fail_msg("%s", g.r.err.message);
	assert_int_equal(g.r.accounts.n, all.r.accounts.n);
	assert_false(g.r.accounts.page.more_items);
	/* Sorted by identifier as asked, each once: page 2 is not page 1 again. */
	for (size_t i = 1; i < g.r.accounts.n; i++)
		assert_true(strcmp(g.r.accounts.items[i - 1].identifier,
		                   g.r.accounts.items[i].identifier) < 0);
	got_clear(&g);

	/* From an offset: the rest of the list, read to its end. */
	rq.offset = 10;
	memset(&g, 0, sizeof g);
	finish(&c, wft_api_search_accounts(c.api, &rq, grab, &g, &e), &g, &e);
	assert_int_equal(g.r.err.code, WFT_OK);
	assert_int_equal(g.r.accounts.n, all.r.accounts.n - 10);
	got_clear(&g);
	got_clear(&all);
	client_close(&c);
}

static bool sink(void *ud, const char *data, size_t len, struct wft_error *err)
{
	struct got *g = ud;

	return tokenset_decoder_feed(g->dec, data, len, err) == WFT_OK;
}

/* An answer over the cap ends the call with a message naming the key;
 * under it, the same answer loads. */
static void answer_over_the_cap_is_refused(void **state)
{
	struct client c;
	struct wft_error e;
	struct got g;
	(void)state;

	client_open(&c, 64 * 1024);   /* 3,000 tokens take several hundred KiB */
	memset(&g, 0, sizeof g);
	finish(&c, wft_api_customer_tokens(c.api, NULL, grab, &g, &e), &g, &e);
	assert_int_not_equal(g.r.err.code, WFT_OK);
	assert_non_null(strstr(g.r.err.message, "max_answer_mb"));
	assert_non_null(strstr(g.r.err.message, "65536 bytes"));
	got_clear(&g);

	/* Streamed into the token set, too. */
	struct tokenset *ts = tokenset_new();
	struct tokenset_decoder *d = tokenset_decoder_new(ts);
	g.dec = d;
	finish(&c, wft_api_customer_tokens(c.api, sink, grab, &g, &e), &g, &e);
	assert_int_not_equal(g.r.err.code, WFT_OK);
	assert_non_null(strstr(g.r.err.message, "max_answer_mb"));
	got_clear(&g);
	tokenset_decoder_free(d);
	tokenset_free(ts);
	client_close(&c);

	client_open(&c, 0);
	ts = tokenset_new();
	d = tokenset_decoder_new(ts);
	g.dec = d;
	finish(&c, wft_api_customer_tokens(c.api, sink, grab, &g, &e), &g, &e);
	assert_int_equal(g.r.err.code, WFT_OK);
	assert_int_equal(tokenset_decoder_finish(d, &e), WFT_OK);
	assert_true(tokenset_count(ts) >= 3000);
	got_clear(&g);
	tokenset_decoder_free(d);
	tokenset_free(ts);
	client_close(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(long_lists_are_read_whole),
		cmocka_unit_test(account_search_is_read_whole),
		cmocka_unit_test(answer_over_the_cap_is_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
