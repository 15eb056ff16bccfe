/* test_csp_admin.c: the VMware Cloud services administration client
 * (csp_api) against an in-process sandbox on an ephemeral loopback port:
 * every call's request shape and answer, each error class (401, 403, 400,
 * 404, an unreadable answer), batches above 15 ids, partial failures,
 * paging past the first page, and secrets kept out of error messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <pthread.h>
#include <strings.h>
#include <time.h>

#include "csp_api.h"
#include "mask.h"
#include "sandbox_fixture.h"

#define CSP_TOKEN "csp-admin-test-token-0123456789abcdefghijklmnopqrstuvwxyz0123456"
#define CLIENT_ID "console-app"
#define CLIENT_SECRET "console-app-secret-0123456789"
#define ORG SANDBOX_CSP_ORG_ID
#define SVC SANDBOX_CSP_SERVICE_ID

static struct sandbox *sb;
static struct wft_http *http;
static struct wft_auth *auth;
static struct csp_api *api;

/* ---- what the sandbox saw ---- */

#define MAX_SEEN 256
struct seen {
	char method[8];
	char path[256];
	char query[256];
	char content_type[64];
	char *body;
};
static struct seen seen[MAX_SEEN];
static int n_seen;
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;

static void on_request(void *ud, const struct sandbox_seen *s)
{
	(void)ud;
	pthread_mutex_lock(&seen_lock);
	if (n_seen < MAX_SEEN) {
		struct seen *e = &seen[n_seen++];
		snprintf(e->method, sizeof e->method, "%s", s->method);
		snprintf(e->path, sizeof e->path, "%s", s->path);
		snprintf(e->query, sizeof e->query, "%s", s->query ? s->query : "");
		snprintf(e->content_type, sizeof e->content_type, "%s",
		         s->content_type ? s->content_type : "");
		e->body = strndup(s->body, s->body_len);
	}
	pthread_mutex_unlock(&seen_lock);
}

static void seen_reset(void)
{
	pthread_mutex_lock(&seen_lock);
	for (int i = 0; i < n_seen; i++)
		free(seen[i].body);
	n_seen = 0;
	pthread_mutex_unlock(&seen_lock);
}

/* The i-th request to a path ending in tail (method given), or NULL. */
static const struct seen *seen_find(const char *method, const char *tail, int nth)
{
	for (int i = 0; i < n_seen; i++) {
		size_t pl = strlen(seen[i].path), tl = strlen(tail);
		if (strcmp(seen[i].method, method) == 0 && pl >= tl &&
		    strcmp(seen[i].path + pl - tl, tail) == 0 && nth-- == 0)
			return &seen[i];
	}
	return NULL;
}

static int seen_count(const char *method, const char *tail)
{
	int n = 0;

	while (seen_find(method, tail, n))
		n++;
	return n;
}

/* ---- calls ---- */

struct got {
	int calls;
	struct csp_api_result r;
};

static void grab(void *ud, struct csp_api_result *res)
{
	struct got *g = ud;

	g->calls++;
	g->r = *res;
	memset(res, 0, sizeof *res);   /* the test owns it now */
}

static void got_clear(struct got *g)
{
	csp_api_result_clear(&g->r);
	memset(g, 0, sizeof *g);
}

static void finish(struct csp_api *a, struct csp_api_call *c, struct got *g,
                   const struct wft_error *start_err)
{
	struct wft_error err;

	if (!c)
		fail_msg("call did not start: %s", start_err->message);
	assert_int_equal(csp_api_wait(a, c, &err), WFT_OK);
	assert_int_equal(g->calls, 1);
}

#define RUN_ON(a, g, expr) do { struct wft_error e_; memset(&(g), 0, sizeof (g)); \
	struct csp_api_call *c_ = (expr); finish((a), c_, &(g), &e_); } while (0)
#define RUN(g, expr) RUN_ON(api, g, expr)
#define ARGS grab, &g, &e_

static void expect_ok(const struct got *g)
{
	if (g->r.err.code != WFT_OK)
		fail_msg("%s: %s", g->r.label, g->r.err.message);
}

static struct wft_http *new_http(void)
{
	struct wft_http_options o = {
		.timeout_ms = 5000, .connect_timeout_ms = 2000, .backoff_base_ms = 5,
		.backoff_max_ms = 20, .retry_after_unit_ms = 20, .max_attempts = 3,
	};
	struct wft_http *h;
	struct wft_error err;

	assert_int_equal(wft_http_new(&h, &o, &err), WFT_OK);
	return h;
}

/* A client signed in with a CSP API token at sandbox s. */
static void client_for(struct sandbox *s, struct wft_http **h, struct wft_auth **a,
                       struct csp_api **c)
{
	struct wft_auth_params ap = { .method = WFT_AUTH_CSP_API_TOKEN, .csp_api_token = CSP_TOKEN,
	                              .csp_url = sandbox_url(s) };
	struct wft_error err;

	*h = new_http();
	assert_int_equal(wft_auth_new(a, &ap, *h, &err), WFT_OK);
	assert_int_equal(csp_api_new(c, sandbox_url(s), *h, *a, &err), WFT_OK);
}

static void client_free(struct wft_http *h, struct wft_auth *a, struct csp_api *c)
{
	csp_api_free(c);
	wft_auth_free(a);
	wft_http_free(h);
}

static struct sandbox *start_sandbox(const char *roles, wft_clock_fn clock)
{
	struct sandbox_options o;

	sandbox_options_init(&o);
	o.csp_api_token = CSP_TOKEN;
	o.csp_client = CLIENT_ID ":" CLIENT_SECRET;
	o.csp_roles = roles;
	o.csp_token_days = 10;
	o.on_request = on_request;
	o.clock = clock;
	return sbfix_start_with(&o);
}

static int setup(void **state)
{
	(void)state;
	sb = start_sandbox(NULL, NULL);
	if (!sb)
		return -1;
	client_for(sb, &http, &auth, &api);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	client_free(http, auth, api);
	sandbox_stop(sb);
	seen_reset();
	return 0;
}

static int reset(void **state)
{
	(void)state;
	seen_reset();
	return sbfix_faults(sb, "{}");
}

static json_object *body_of(const struct seen *s)
{
	json_object *o;

	assert_non_null(s);
	o = json_tokener_parse(s->body);
	assert_non_null(o);
	return o;
}

static wft_millis now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (wft_millis)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- your API token ---- */

static void token_details(void **state)
{
	struct got g;
	const struct seen *s;
	json_object *b;
	wft_millis now = now_ms();
	(void)state;

	RUN(g, csp_api_token_details(api, CSP_TOKEN, ARGS));
	expect_ok(&g);
	assert_string_equal(g.r.details.token_id, SANDBOX_CSP_SEED_TOKEN "01");
	assert_string_equal(g.r.details.org_id, ORG);
	assert_string_equal(g.r.details.username, SANDBOX_ADMIN_ID);
	assert_false(g.r.details.deactivated);
	/* Ten days ahead, in milliseconds. */
	assert_true(g.r.details.expires_at > now + 9 * 86400000LL);
	assert_true(g.r.details.expires_at < now + 11 * 86400000LL);
	assert_true(g.r.details.created_at < now && g.r.details.created_at > now - 40 * 86400000LL);
	assert_true(g.r.details.last_used_at > 0);
	assert_true(g.r.details.n_scope >= 1);
	assert_int_equal(g.r.details.allowed.n_org_roles, 1);
	assert_string_equal(g.r.details.allowed.org_roles[0].name, "org_member");
	assert_int_equal(g.r.details.allowed.n_services, 1);
	assert_string_equal(g.r.details.allowed.services[0].service_id, SVC);
	got_clear(&g);

	s = seen_find("POST", "/csp/gateway/am/api/auth/api-tokens/details", 0);
	assert_non_null(s);
	assert_string_equal(s->content_type, "application/json");
	b = body_of(s);
	assert_string_equal(json_object_get_string(sbfix_path(b, "tokenValue")), CSP_TOKEN);
	json_object_put(b);

	/* An unknown token: a 400, and the value sent is not in the message. */
	RUN(g, csp_api_token_details(api, "unknown-token-value-zz9", ARGS));
	assert_int_equal(g.r.err.code, WFT_ERR_HTTP);
	assert_int_equal(g.r.err.http_status, 400);
	assert_null(strstr(g.r.err.message, "unknown-token-value-zz9"));
	assert_null(g.r.details.token_id);
	got_clear(&g);
}

static void times_in_seconds_or_millis(void **state)
{
	static const char secs[] =
		"{\"tokenId\":\"t1\",\"createdAt\":1700000000,\"expiresAt\":1800000000,"
		"\"lastUsedAt\":null,\"scope\":\"openid csp:org_member\",\"deactivated\":true}";
	static const char millis[] =
		"{\"tokenId\":\"t2\",\"createdAt\":1700000000123,\"expiresAt\":1800000000456,"
		"\"lastUsedAt\":1750000000789,\"scope\":[\"openid\"]}";
	struct csp_token_details d;
	struct wft_error err;
	(void)state;

	assert_int_equal(csp_api_decode_details(secs, sizeof secs - 1, &d, &err), WFT_OK);
	assert_int_equal(d.created_at, 1700000000000LL);
	assert_int_equal(d.expires_at, 1800000000000LL);
	assert_int_equal(d.last_used_at, 0);
	assert_int_equal(d.n_scope, 2);
	assert_string_equal(d.scope[1], "csp:org_member");
	assert_true(d.deactivated);
	csp_token_details_clear(&d);

	assert_int_equal(csp_api_decode_details(millis, sizeof millis - 1, &d, &err), WFT_OK);
	assert_int_equal(d.created_at, 1700000000123LL);
	assert_int_equal(d.expires_at, 1800000000456LL);
	assert_int_equal(d.last_used_at, 1750000000789LL);
	assert_int_equal(d.n_scope, 1);
	csp_token_details_clear(&d);

	assert_int_not_equal(csp_api_decode_details("{\"tokenName\":\"x\"}", 17, &d, &err), WFT_OK);
	assert_int_equal(err.code, WFT_ERR_PARSE);
	assert_int_equal(csp_api_time_ms(0), 0);
	assert_int_equal(csp_api_time_ms(99999999999LL), 99999999999000LL);
	assert_int_equal(csp_api_time_ms(100000000000LL), 100000000000LL);
}

static void generate_token(void **state)
{
	struct csp_role org[] = { { "org_member", NULL } };
	struct csp_role svc_roles[] = { { "aoa:directDataIngestion", NULL } };
	struct csp_service_scope svc[] = { { SVC, svc_roles, 1 } };
	struct csp_scopes scopes = { org, 1, svc, 1, NULL, 0 };
	struct csp_token_request rq = { .name = "replacement", .scopes = &scopes,
	                                .ttl_s = 30 * 86400, .notify_before_expiry = true };
	struct got g, g2;
	json_object *b;
	char *token;
	struct wft_error e;
	wft_millis now = now_ms();
	(void)state;

	RUN(g, csp_api_generate_token(api, &rq, ARGS));
	expect_ok(&g);
	assert_non_null(g.r.api_token);
	assert_int_equal(strlen(g.r.api_token), 65);
	/* The new token is noted: no message shows it. */
	wft_error_set(&e, WFT_ERR_HTTP, "echo %s", g.r.api_token);
	assert_null(strstr(e.message, g.r.api_token));

	b = body_of(seen_find("POST", "/csp/gateway/am/api/loggedin/user/api-tokens", 0));
	assert_string_equal(sbfix_str(b, "tokenName"), "replacement");
	assert_int_equal(sbfix_int(b, "refreshTokenTTL"), 30 * 86400);
	assert_true(json_object_get_boolean(sbfix_path(b, "notifyBeforeExpiry")));
	assert_string_equal(sbfix_str(b, "allowedScopes.organizationScopes.roles.0.name"),
	                    "org_member");
	assert_string_equal(sbfix_str(b, "allowedScopes.servicesScopes.0.serviceDefinitionId"), SVC);
	assert_string_equal(sbfix_str(b, "allowedScopes.servicesScopes.0.roles.0.name"),
	                    "aoa:directDataIngestion");
	assert_non_null(sbfix_path(b, "allowedScopes.generalScopes"));
	assert_null(sbfix_path(b, "idToken"));
	json_object_put(b);

	/* The new token is there, with its name and TTL. */
	token = strdup(g.r.api_token);
	RUN(g2, csp_api_token_details(api, token, grab, &g2, &e_));
	expect_ok(&g2);
	assert_string_equal(g2.r.details.token_name, "replacement");
	assert_true(g2.r.details.expires_at > now + 29 * 86400000LL);
	assert_true(g2.r.details.expires_at < now + 31 * 86400000LL);
	got_clear(&g2);
	wft_free_secret(token);
	got_clear(&g);
}

static void generate_refused(void **state)
{
	struct csp_role owner[] = { { "org_owner", NULL } };
	struct csp_role member[] = { { "org_member", NULL } };
	struct csp_scopes high = { owner, 1, NULL, 0, NULL, 0 };
	struct csp_scopes ok = { member, 1, NULL, 0, NULL, 0 };
	struct csp_scopes none = { NULL, 0, NULL, 0, NULL, 0 };
	struct csp_token_request rq = { .name = "x", .scopes = &high, .ttl_s = 3600 };
	struct got g;
	struct sbfix_resp resp;
	char path[] = "/csp/gateway/am/api/loggedin/user/api-tokens";
	(void)state;

	/* A high-privilege organisation role. */
	RUN(g, csp_api_generate_token(api, &rq, ARGS));
	assert_int_equal(g.r.err.code, WFT_ERR_HTTP);
	assert_int_equal(g.r.err.http_status, 400);
	assert_non_null(strstr(g.r.err.message, "org_owner"));
	assert_null(g.r.api_token);
	got_clear(&g);
	/* A TTL out of range. */
	rq.scopes = &ok;
	rq.ttl_s = 10;
	RUN(g, csp_api_generate_token(api, &rq, ARGS));
	assert_int_equal(g.r.err.http_status, 400);
	assert_non_null(strstr(g.r.err.message, "refreshTokenTTL"));
	got_clear(&g);
	/* No role at all. */
	rq.scopes = &none;
	rq.ttl_s = 3600;
	RUN(g, csp_api_generate_token(api, &rq, ARGS));
	assert_int_equal(g.r.err.http_status, 400);
	got_clear(&g);
	/* Refused before sending: no name, no TTL. */
	{
		struct wft_error e;
		struct csp_token_request bad = { .name = "", .scopes = &ok, .ttl_s = 3600 };
		assert_null(csp_api_generate_token(api, &bad, grab, &g, &e));
		assert_int_equal(e.code, WFT_ERR_INVALID);
		bad.name = "n";
		bad.ttl_s = 0;
		assert_null(csp_api_generate_token(api, &bad, grab, &g, &e));
		assert_int_equal(e.code, WFT_ERR_INVALID);
	}
	/* "All Roles" is refused by the sandbox (the client cannot send it). */
	RUN(g, csp_api_token_details(api, CSP_TOKEN, ARGS));   /* signs in */
	got_clear(&g);
	{
		struct sbfix_resp tok;
		char form[200], bearer[4096];
		const char *hdr[] = { NULL };
		json_object *o;
		snprintf(form, sizeof form, "api_token=%s", CSP_TOKEN);
		assert_int_equal(sbfix_request(sandbox_url(sb), "POST",
		                               "/csp/gateway/am/api/auth/api-tokens/authorize",
		                               "application/x-www-form-urlencoded", form, strlen(form),
		                               hdr, &tok), 0);
		o = sbfix_json(&tok);
		snprintf(bearer, sizeof bearer, "%s", sbfix_str(o, "access_token"));
		json_object_put(o);
		sbfix_resp_free(&tok);
		assert_int_equal(sbfix_call(sb, "POST", path,
		                            "{\"tokenName\":\"all\",\"refreshTokenTTL\":3600,"
		                            "\"allowedScopes\":{\"organizationScopes\":{\"allRoles\":true}}}",
		                            bearer, &resp), 0);
		assert_int_equal(resp.status, 400);
		assert_non_null(strstr(resp.body, "All Roles"));
		assert_non_null(strstr(resp.body, "\"statusCode\":400"));
		sbfix_resp_free(&resp);
	}
}

/* ---- organisation token governance ---- */

static void deactivate_in_batches_with_partial_failure(void **state)
{
	const char *ids[22];
	char buf[22][64];
	struct got g;
	(void)state;

	for (int i = 0; i < 20; i++) {
		snprintf(buf[i], sizeof buf[i], SANDBOX_CSP_SEED_TOKEN "1%02d", i + 1);
		ids[i] = buf[i];
	}
	ids[20] = "no-such-token-a";
	ids[21] = "no-such-token-b";
	RUN(g, csp_api_deactivate_tokens(api, ORG, ids, 22, ARGS));
	expect_ok(&g);
	assert_int_equal(g.r.batch.requests, 2);
	assert_int_equal(g.r.batch.n_successes, 20);
	assert_int_equal(g.r.batch.n_failures, 2);
	assert_string_equal(g.r.batch.failures[0].id, "no-such-token-a");
	assert_true(strlen(g.r.batch.failures[0].message) > 0);
	assert_int_equal(g.r.batch.n_unconfirmed, 0);
	assert_int_equal(g.r.batch.n_unsent, 0);
	got_clear(&g);
	/* Two requests: 15 ids, then 7, each {"ids": [...]}. */
	assert_int_equal(seen_count("POST", "/orgs/" ORG "/api-tokens/deactivate"), 2);
	for (int k = 0; k < 2; k++) {
		const struct seen *s = seen_find("POST", "/orgs/" ORG "/api-tokens/deactivate", k);
		json_object *b = body_of(s);
		assert_string_equal(s->content_type, "application/json");
		assert_int_equal(json_object_array_length(sbfix_path(b, "ids")), k ? 7 : 15);
		json_object_put(b);
	}
	/* The server state shows it: activate them back, one batch of 2. */
	RUN(g, csp_api_activate_tokens(api, ORG, ids + 10, 2, ARGS));
	expect_ok(&g);
	assert_int_equal(g.r.batch.requests, 1);
	assert_int_equal(g.r.batch.n_successes, 2);
	got_clear(&g);
	RUN(g, csp_api_activate_tokens(api, ORG, ids, 20, ARGS));
	expect_ok(&g);
	assert_int_equal(g.r.batch.n_successes, 20);
	got_clear(&g);
	/* No ids: refused before sending. */
	{
		struct wft_error e;
		assert_null(csp_api_deactivate_tokens(api, ORG, ids, 0, grab, &g, &e));
		assert_int_equal(e.code, WFT_ERR_INVALID);
	}
}

static void unreadable_batch_is_not_confirmed(void **state)
{
	const char *ids[18];
	char buf[18][64];
	struct got g;
	(void)state;

	for (int i = 0; i < 18; i++) {
		snprintf(buf[i], sizeof buf[i], SANDBOX_CSP_SEED_TOKEN "1%02d", i + 1);
		ids[i] = buf[i];
	}
	RUN(g, csp_api_token_details(api, CSP_TOKEN, ARGS));   /* signed in first */
	got_clear(&g);
	assert_int_equal(sbfix_faults(sb, "{\"garbage_next\":1}"), 0);
	RUN(g, csp_api_deactivate_tokens(api, ORG, ids, 18, ARGS));
	assert_int_not_equal(g.r.err.code, WFT_OK);
	assert_true(g.r.err.body_unread);
	assert_int_equal(g.r.batch.n_successes, 0);
	assert_int_equal(g.r.batch.n_failures, 0);
	assert_int_equal(g.r.batch.n_unconfirmed, 15);
	assert_int_equal(g.r.batch.n_unsent, 3);
	got_clear(&g);
	/* Undo for the other tests. */
	RUN(g, csp_api_activate_tokens(api, ORG, ids, 18, ARGS));
	expect_ok(&g);
	got_clear(&g);
}

static void governance_needs_the_owner(void **state)
{
	struct sandbox *s2 = start_sandbox("org_member developer", NULL);
	struct wft_http *h2;
	struct wft_auth *a2;
	struct csp_api *c2;
	const char *ids[17];
	char buf[17][64];
	struct got g;
	(void)state;

	assert_non_null(s2);
	client_for(s2, &h2, &a2, &c2);
	for (int i = 0; i < 17; i++) {
		snprintf(buf[i], sizeof buf[i], SANDBOX_CSP_SEED_TOKEN "1%02d", i + 1);
		ids[i] = buf[i];
	}
	RUN_ON(c2, g, csp_api_deactivate_tokens(c2, ORG, ids, 17, ARGS));
	assert_int_equal(g.r.err.code, WFT_ERR_HTTP);
	assert_int_equal(g.r.err.http_status, 403);
	assert_non_null(strstr(g.r.err.message, "Organization Owner"));
	/* A clear refusal: the first batch refused, the rest not sent. */
	assert_int_equal(g.r.batch.n_failures, 15);
	assert_int_equal(g.r.batch.n_unsent, 2);
	assert_int_equal(g.r.batch.n_successes, 0);
	assert_int_equal(g.r.batch.requests, 1);
	got_clear(&g);
	/* A developer may manage apps but not add them to the org. */
	RUN_ON(c2, g, csp_api_oauth_apps(c2, ORG, NULL, 0, ARGS));
	expect_ok(&g);
	got_clear(&g);
	{
		const char *app[] = { "sandbox-app-k8s" };
		const char *roles[] = { "org_member" };
		struct csp_clients_request rq = { app, 1, roles, 1, NULL, 0 };
		RUN_ON(c2, g, csp_api_add_clients(c2, ORG, &rq, ARGS));
		assert_int_equal(g.r.err.http_status, 403);
		assert_int_equal(g.r.batch.n_failures, 1);
		got_clear(&g);
	}
	/* Another organisation: 403. */
	RUN_ON(c2, g, csp_api_oauth_apps(c2, "another-org", NULL, 0, ARGS));
	assert_int_equal(g.r.err.http_status, 403);
	got_clear(&g);
	client_free(h2, a2, c2);
	sandbox_stop(s2);
}

/* ---- OAuth apps ---- */

static void apps_read_past_the_first_page(void **state)
{
	struct got g;
	const struct seen *s;
	bool saw_legacy = false;
	(void)state;

	RUN(g, csp_api_oauth_apps(api, ORG, NULL, 3, ARGS));
	expect_ok(&g);
	/* Seven seeded apps and the console's own. */
	assert_int_equal(g.r.apps.n, 8);
	for (size_t i = 0; i < g.r.apps.n; i++) {
		const struct csp_oauth_app *a = &g.r.apps.items[i];
		assert_non_null(a->id);
		assert_non_null(a->display_name);
		assert_true(a->access_token_ttl > 0);
		assert_true(a->created_at > 0);
		assert_int_equal(a->n_grant_types, 1);
		assert_string_equal(a->grant_types[0], "client_credentials");
		if (strcmp(a->id, "sandbox-app-legacy") == 0) {
			saw_legacy = true;
			assert_string_equal(a->display_name, "legacy-sync");
			assert_int_equal(a->last_used_at, 0);
			assert_true(a->secret_age > 1000LL * 86400000LL);
		}
	}
	assert_true(saw_legacy);
	got_clear(&g);
	assert_int_equal(seen_count("GET", "/orgs/" ORG "/oauth-apps"), 3);
	s = seen_find("GET", "/orgs/" ORG "/oauth-apps", 0);
	assert_string_equal(s->query, "pageStart=1&pageLimit=3");
	s = seen_find("GET", "/orgs/" ORG "/oauth-apps", 2);
	assert_non_null(strstr(s->query, "pageStart=7"));

	/* A search, carried on the next pages too. */
	seen_reset();
	RUN(g, csp_api_oauth_apps(api, ORG, "er", 1, ARGS));
	expect_ok(&g);
	/* terraform-ci, grafana-reader, backup-exporter, k8s-collector
	 * ("Kubernetes"), audit-reporter: five pages of one. */
	assert_int_equal(g.r.apps.n, 5);
	for (size_t i = 0; i < g.r.apps.n; i++)
		assert_true(strcasestr(g.r.apps.items[i].display_name, "er") ||
		            strcasestr(g.r.apps.items[i].description, "er"));
	got_clear(&g);
	assert_int_equal(seen_count("GET", "/orgs/" ORG "/oauth-apps"), 5);
	s = seen_find("GET", "/orgs/" ORG "/oauth-apps", 1);
	assert_non_null(strstr(s->query, "searchTerm=er"));
	RUN(g, csp_api_oauth_apps(api, ORG, "Old sync", 0, ARGS));
	expect_ok(&g);
	assert_int_equal(g.r.apps.n, 1);
	assert_string_equal(g.r.apps.items[0].id, "sandbox-app-legacy");
	got_clear(&g);
	s = seen_find("GET", "/orgs/" ORG "/oauth-apps", 5);
	assert_non_null(s);
	assert_non_null(strstr(s->query, "searchTerm=Old%20sync"));
	RUN(g, csp_api_oauth_apps(api, ORG, "grafana", 0, ARGS));
	expect_ok(&g);
	assert_int_equal(g.r.apps.n, 1);
	assert_string_equal(g.r.apps.items[0].id, "sandbox-app-grafana");
	assert_string_equal(g.r.apps.items[0].created_by, SANDBOX_ADMIN_ID);
	assert_int_equal(g.r.apps.items[0].allowed.n_org_roles, 1);
	got_clear(&g);
}

static void app_lifecycle(void **state)
{
	struct csp_role org[] = { { "org_member", NULL } };
	struct csp_role sr[] = { { "aoa:viewer", NULL } };
	struct csp_service_scope svc[] = { { SVC, sr, 1 } };
	struct csp_scopes scopes = { org, 1, svc, 1, NULL, 0 };
	struct csp_app_request create = { "nightly-report", "Reports at night", 900, &scopes };
	struct csp_app_request edit = { "nightly-report-2", NULL, 1200, NULL };
	struct got g;
	json_object *b;
	char *id, *secret;
	struct wft_error e;
	(void)state;

	RUN(g, csp_api_create_oauth_app(api, ORG, &create, ARGS));
	expect_ok(&g);
	assert_non_null(g.r.secret.client_id);
	assert_true(strlen(g.r.secret.client_secret) >= 32);
	wft_error_set(&e, WFT_ERR_HTTP, "echo %s", g.r.secret.client_secret);
	assert_null(strstr(e.message, g.r.secret.client_secret));
	id = strdup(g.r.secret.client_id);
	secret = strdup(g.r.secret.client_secret);
	got_clear(&g);
	b = body_of(seen_find("POST", "/orgs/" ORG "/oauth-apps", 0));
	assert_string_equal(sbfix_str(b, "displayName"), "nightly-report");
	assert_string_equal(sbfix_str(b, "description"), "Reports at night");
	assert_string_equal(sbfix_str(b, "grantTypes.0"), "client_credentials");
	assert_int_equal(json_object_array_length(sbfix_path(b, "grantTypes")), 1);
	assert_int_equal(sbfix_int(b, "accessTokenTTL"), 900);
	assert_string_equal(sbfix_str(b, "allowedScopes.servicesScopes.0.roles.0.name"), "aoa:viewer");
	json_object_put(b);

	RUN(g, csp_api_oauth_app(api, ORG, id, ARGS));
	expect_ok(&g);
	assert_string_equal(g.r.app.display_name, "nightly-report");
	assert_int_equal(g.r.app.access_token_ttl, 900);
	assert_int_equal(g.r.app.allowed.n_services, 1);
	got_clear(&g);

	/* PATCH sends only what changes. */
	RUN(g, csp_api_modify_oauth_app(api, ORG, id, &edit, ARGS));
	expect_ok(&g);
	assert_string_equal(g.r.app.display_name, "nightly-report-2");
	assert_string_equal(g.r.app.description, "Reports at night");
	assert_int_equal(g.r.app.access_token_ttl, 1200);
	got_clear(&g);
	{
		char tail[128];
		snprintf(tail, sizeof tail, "/oauth-apps/%s", id);
		b = body_of(seen_find("PATCH", tail, 0));
		assert_string_equal(sbfix_str(b, "displayName"), "nightly-report-2");
		assert_null(sbfix_path(b, "description"));
		assert_null(sbfix_path(b, "grantTypes"));
		assert_int_equal(sbfix_int(b, "accessTokenTTL"), 1200);
		json_object_put(b);
	}
	/* A TTL out of range. */
	edit.access_token_ttl = 30;
	RUN(g, csp_api_modify_oauth_app(api, ORG, id, &edit, ARGS));
	assert_int_equal(g.r.err.http_status, 400);
	assert_non_null(strstr(g.r.err.message, "accessTokenTTL"));
	got_clear(&g);

	/* A new secret, PUT with {}. */
	RUN(g, csp_api_regenerate_secret(api, ORG, id, ARGS));
	expect_ok(&g);
	assert_string_equal(g.r.secret.client_id, id);
	assert_string_not_equal(g.r.secret.client_secret, secret);
	got_clear(&g);
	{
		char tail[128];
		const struct seen *s;
		snprintf(tail, sizeof tail, "/oauth-apps/%s/secret", id);
		s = seen_find("PUT", tail, 0);
		assert_non_null(s);
		assert_string_equal(s->body, "{}");
		assert_string_equal(s->content_type, "application/json");
	}

	/* Delete it and an unknown one: a partial failure. */
	{
		const char *del[] = { id, "sandbox-app-nonexistent" };
		RUN(g, csp_api_delete_oauth_apps(api, ORG, del, 2, ARGS));
		expect_ok(&g);
		assert_int_equal(g.r.batch.n_successes, 1);
		assert_string_equal(g.r.batch.successes[0], id);
		assert_int_equal(g.r.batch.n_failures, 1);
		assert_string_equal(g.r.batch.failures[0].id, "sandbox-app-nonexistent");
		got_clear(&g);
		b = body_of(seen_find("DELETE", "/orgs/" ORG "/oauth-apps", 0));
		assert_int_equal(json_object_array_length(sbfix_path(b, "clientIdsToDelete")), 2);
		json_object_put(b);
	}
	RUN(g, csp_api_oauth_app(api, ORG, id, ARGS));
	assert_int_equal(g.r.err.http_status, 404);
	assert_null(g.r.app.id);
	got_clear(&g);
	RUN(g, csp_api_regenerate_secret(api, ORG, id, ARGS));
	assert_int_equal(g.r.err.http_status, 404);
	assert_null(g.r.secret.client_secret);
	got_clear(&g);
	free(id);
	wft_free_secret(secret);
}

static void apps_refused_and_deleted_in_batches(void **state)
{
	struct csp_role owner[] = { { "org_owner", NULL } };
	struct csp_scopes high = { owner, 1, NULL, 0, NULL, 0 };
	struct csp_app_request rq = { "bad", "", 900, &high };
	const char *ids[17];
	char buf[17][48];
	struct got g;
	(void)state;

	RUN(g, csp_api_create_oauth_app(api, ORG, &rq, ARGS));
	assert_int_equal(g.r.err.http_status, 400);
	assert_null(g.r.secret.client_secret);
	got_clear(&g);
	rq.scopes = NULL;
	rq.access_token_ttl = 18001;
	RUN(g, csp_api_create_oauth_app(api, ORG, &rq, ARGS));
	assert_int_equal(g.r.err.http_status, 400);
	got_clear(&g);

	/* 17 apps to delete, 16 of them unknown: two DELETE requests. */
	ids[0] = "sandbox-app-audit";
	for (int i = 1; i < 17; i++) {
		snprintf(buf[i], sizeof buf[i], "sandbox-app-gone-%02d", i);
		ids[i] = buf[i];
	}
	RUN(g, csp_api_delete_oauth_apps(api, ORG, ids, 17, ARGS));
	expect_ok(&g);
	assert_int_equal(g.r.batch.requests, 2);
	assert_int_equal(g.r.batch.n_successes, 1);
	assert_int_equal(g.r.batch.n_failures, 16);
	got_clear(&g);
	assert_int_equal(seen_count("DELETE", "/orgs/" ORG "/oauth-apps"), 2);
}

static void add_apps_to_the_org(void **state)
{
	const char *ids[] = { "sandbox-app-k8s", "sandbox-app-grafana", "sandbox-app-unknown" };
	const char *org[] = { "org_member" };
	const char *names[] = { "aoa:viewer", "aoa:member" };
	struct csp_service_roles sr[] = { { SVC, names, 2 } };
	struct csp_clients_request rq = { ids, 3, org, 1, sr, 1 };
	struct got g;
	json_object *b;
	(void)state;

	RUN(g, csp_api_add_clients(api, ORG, &rq, ARGS));
	expect_ok(&g);
	/* k8s joins; grafana is in the org already; the third is unknown. */
	assert_int_equal(g.r.batch.n_successes, 1);
	assert_string_equal(g.r.batch.successes[0], "sandbox-app-k8s");
	assert_int_equal(g.r.batch.n_failures, 2);
	assert_non_null(strstr(g.r.batch.failures[0].message, "already"));
	got_clear(&g);
	b = body_of(seen_find("POST", "/orgs/" ORG "/clients", 0));
	assert_int_equal(json_object_array_length(sbfix_path(b, "ids")), 3);
	assert_string_equal(sbfix_str(b, "organizationRoles.0.name"), "org_member");
	assert_string_equal(sbfix_str(b, "serviceRoles.0.serviceDefinitionId"), SVC);
	assert_string_equal(sbfix_str(b, "serviceRoles.0.serviceRoleNames.1"), "aoa:member");
	json_object_put(b);
	/* A high-privilege role is refused for the whole request. */
	org[0] = "org_owner";
	RUN(g, csp_api_add_clients(api, ORG, &rq, ARGS));
	assert_int_equal(g.r.err.http_status, 400);
	assert_int_equal(g.r.batch.n_failures, 3);
	assert_int_equal(g.r.batch.n_successes, 0);
	got_clear(&g);
}

/* ---- sign-in classes ---- */

static wft_millis fake_now;
static wft_millis fake_clock(void *ud)
{
	(void)ud;
	return __atomic_load_n(&fake_now, __ATOMIC_SEQ_CST);
}

static void expired_and_wrong_bearers(void **state)
{
	struct sandbox *s2;
	struct sbfix_resp resp;
	char form[200], bearer[4096];
	const char *hdr[] = { NULL };
	json_object *o;
	struct got g;
	(void)state;

	__atomic_store_n(&fake_now, now_ms(), __ATOMIC_SEQ_CST);
	s2 = start_sandbox(NULL, fake_clock);
	assert_non_null(s2);
	snprintf(form, sizeof form, "api_token=%s", CSP_TOKEN);
	assert_int_equal(sbfix_request(sandbox_url(s2), "POST",
	                               "/csp/gateway/am/api/auth/api-tokens/authorize",
	                               "application/x-www-form-urlencoded", form, strlen(form), hdr,
	                               &resp), 0);
	assert_int_equal(resp.status, 200);
	o = sbfix_json(&resp);
	snprintf(bearer, sizeof bearer, "%s", sbfix_str(o, "access_token"));
	json_object_put(o);
	sbfix_resp_free(&resp);
	assert_int_equal(sbfix_call(s2, "GET", "/csp/gateway/am/api/orgs/" ORG "/oauth-apps", NULL,
	                            bearer, &resp), 0);
	assert_int_equal(resp.status, 200);
	sbfix_resp_free(&resp);
	/* Half an hour later the access token has expired: 401. */
	__atomic_add_fetch(&fake_now, 1801 * 1000LL, __ATOMIC_SEQ_CST);
	assert_int_equal(sbfix_call(s2, "GET", "/csp/gateway/am/api/orgs/" ORG "/oauth-apps", NULL,
	                            bearer, &resp), 0);
	assert_int_equal(resp.status, 401);
	assert_non_null(strstr(resp.body, "expired"));
	sbfix_resp_free(&resp);
	/* An Operations for Applications API token is no CSP bearer. */
	assert_int_equal(sbfix_call(s2, "GET", "/csp/gateway/am/api/orgs/" ORG "/oauth-apps", NULL,
	                            SBFIX_ADMIN_TOKEN, &resp), 0);
	assert_int_equal(resp.status, 401);
	sbfix_resp_free(&resp);
	/* The signed-in token expires in 10 days; 11 days on it signs in no more. */
	__atomic_add_fetch(&fake_now, 11 * 86400000LL, __ATOMIC_SEQ_CST);
	assert_int_equal(sbfix_request(sandbox_url(s2), "POST",
	                               "/csp/gateway/am/api/auth/api-tokens/authorize",
	                               "application/x-www-form-urlencoded", form, strlen(form), hdr,
	                               &resp), 0);
	assert_int_equal(resp.status, 400);
	sbfix_resp_free(&resp);
	sandbox_stop(s2);

	/* Through the client: signed in with an API token, a 401 it reports. */
	{
		struct wft_auth_params ap = { .method = WFT_AUTH_TOKEN, .token = SBFIX_ADMIN_TOKEN };
		struct wft_http *h2 = new_http();
		struct wft_auth *a2;
		struct csp_api *c2;
		struct wft_error err;
		assert_int_equal(wft_auth_new(&a2, &ap, h2, &err), WFT_OK);
		assert_int_equal(csp_api_new(&c2, sandbox_url(sb), h2, a2, &err), WFT_OK);
		RUN_ON(c2, g, csp_api_oauth_apps(c2, ORG, NULL, 0, ARGS));
		assert_int_equal(g.r.err.code, WFT_ERR_AUTH);
		assert_int_equal(g.r.err.http_status, 401);
		got_clear(&g);
		client_free(h2, a2, c2);
	}
}

static void regenerated_secret_replaces_the_old(void **state)
{
	struct sbfix_resp resp;
	const char *hdr[] = { NULL };
	struct got g;
	char form[] = "grant_type=client_credentials&client_id=" CLIENT_ID "&client_secret=" CLIENT_SECRET;
	(void)state;

	assert_int_equal(sbfix_request(sandbox_url(sb), "POST", "/csp/gateway/am/api/auth/authorize",
	                               "application/x-www-form-urlencoded", form, strlen(form), hdr,
	                               &resp), 0);
	assert_int_equal(resp.status, 200);
	sbfix_resp_free(&resp);
	RUN(g, csp_api_regenerate_secret(api, ORG, CLIENT_ID, ARGS));
	expect_ok(&g);
	got_clear(&g);
	assert_int_equal(sbfix_request(sandbox_url(sb), "POST", "/csp/gateway/am/api/auth/authorize",
	                               "application/x-www-form-urlencoded", form, strlen(form), hdr,
	                               &resp), 0);
	assert_int_equal(resp.status, 400);
	sbfix_resp_free(&resp);
}

static void secrets_stay_out_of_messages(void **state)
{
	struct got g;
	char *secret;
	struct wft_error e;
	(void)state;

	RUN(g, csp_api_regenerate_secret(api, ORG, "sandbox-app-backup", ARGS));
	expect_ok(&g);
	secret = strdup(g.r.secret.client_secret);
	/* While the result holds it, it is noted; a cleared result forgets it. */
	wft_error_set(&e, WFT_ERR_HTTP, "x %s y", secret);
	assert_null(strstr(e.message, secret));
	got_clear(&g);
	wft_error_set(&e, WFT_ERR_HTTP, "x %s y", secret);
	assert_non_null(strstr(e.message, secret));
	wft_free_secret(secret);
	/* A refused details call: the token value sent is in no message. */
	assert_int_equal(sbfix_faults(sb, "{\"fail_next\":1,\"status\":400}"), 0);
	RUN(g, csp_api_token_details(api, CSP_TOKEN, ARGS));
	assert_int_equal(g.r.err.http_status, 400);
	assert_null(strstr(g.r.err.message, CSP_TOKEN));
	got_clear(&g);
}

static void cancel_keeps_what_was_done(void **state)
{
	const char *ids[] = { SANDBOX_CSP_SEED_TOKEN "101" };
	struct wft_error e;
	struct got g;
	struct csp_api_call *c;
	(void)state;

	memset(&g, 0, sizeof g);
	c = csp_api_deactivate_tokens(api, ORG, ids, 1, grab, &g, &e);
	assert_non_null(c);
	csp_api_cancel(api, c);
	assert_int_equal(g.calls, 1);
	assert_int_equal(g.r.err.code, WFT_ERR_CANCELLED);
	/* Sent or not, nobody knows: never reported as done or refused. */
	assert_int_equal(g.r.batch.n_successes, 0);
	assert_int_equal(g.r.batch.n_failures, 0);
	assert_int_equal(g.r.batch.n_unconfirmed + g.r.batch.n_unsent, 1);
	assert_int_equal(csp_api_pending(api), 0);
	got_clear(&g);
	RUN(g, csp_api_activate_tokens(api, ORG, ids, 1, ARGS));
	expect_ok(&g);
	got_clear(&g);
}

/* --dry-run: no change reaches the server; reads and the details call do. */
static void dry_run_sends_no_change(void **state)
{
	const char *ids[] = { SANDBOX_CSP_SEED_TOKEN "101", SANDBOX_CSP_SEED_TOKEN "102" };
	struct csp_role org[] = { { "org_member", NULL } };
	struct csp_scopes scopes = { org, 1, NULL, 0, NULL, 0 };
	struct csp_app_request create = { "dry-app", "never made", 900, &scopes };
	struct csp_token_request tok = { "dry-token", &scopes, 3600, NULL, false };
	struct got g;
	(void)state;

	csp_api_set_dry_run(api, true);
	RUN(g, csp_api_token_details(api, CSP_TOKEN, ARGS));
	expect_ok(&g);
	got_clear(&g);
	RUN(g, csp_api_oauth_apps(api, ORG, NULL, 0, ARGS));
	expect_ok(&g);
	got_clear(&g);
	RUN(g, csp_api_create_oauth_app(api, ORG, &create, ARGS));
	assert_int_equal(g.r.err.code, WFT_ERR_DRY_RUN);
	assert_non_null(strstr(g.r.err.message, "POST"));
	got_clear(&g);
	RUN(g, csp_api_generate_token(api, &tok, ARGS));
	assert_int_equal(g.r.err.code, WFT_ERR_DRY_RUN);
	got_clear(&g);
	RUN(g, csp_api_regenerate_secret(api, ORG, "sandbox-app-legacy", ARGS));
	assert_int_equal(g.r.err.code, WFT_ERR_DRY_RUN);
	got_clear(&g);
	RUN(g, csp_api_deactivate_tokens(api, ORG, ids, 2, ARGS));
	assert_int_equal(g.r.err.code, WFT_ERR_DRY_RUN);
	assert_int_equal(g.r.batch.n_successes, 0);
	got_clear(&g);
	csp_api_set_dry_run(api, false);
	/* The server saw the reads only. */
	assert_int_equal(seen_count("POST", "/auth/api-tokens/details"), 1);
	assert_int_equal(seen_count("GET", "/orgs/" ORG "/oauth-apps"), 1);
	assert_int_equal(seen_count("POST", "/orgs/" ORG "/oauth-apps"), 0);
	assert_int_equal(seen_count("POST", "/loggedin/user/api-tokens"), 0);
	assert_int_equal(seen_count("PUT", "/oauth-apps/sandbox-app-legacy/secret"), 0);
	assert_int_equal(seen_count("POST", "/api-tokens/deactivate"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(token_details, reset),
		cmocka_unit_test(times_in_seconds_or_millis),
		cmocka_unit_test_setup(generate_token, reset),
		cmocka_unit_test_setup(generate_refused, reset),
		cmocka_unit_test_setup(deactivate_in_batches_with_partial_failure, reset),
		cmocka_unit_test_setup(unreadable_batch_is_not_confirmed, reset),
		cmocka_unit_test_setup(governance_needs_the_owner, reset),
		cmocka_unit_test_setup(apps_read_past_the_first_page, reset),
		cmocka_unit_test_setup(app_lifecycle, reset),
		cmocka_unit_test_setup(apps_refused_and_deleted_in_batches, reset),
		cmocka_unit_test_setup(add_apps_to_the_org, reset),
		cmocka_unit_test_setup(expired_and_wrong_bearers, reset),
		cmocka_unit_test_setup(regenerated_secret_replaces_the_old, reset),
		cmocka_unit_test_setup(secrets_stay_out_of_messages, reset),
		cmocka_unit_test_setup(cancel_keeps_what_was_done, reset),
		cmocka_unit_test_setup(dry_run_sends_no_change, reset),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
