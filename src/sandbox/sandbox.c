/* sandbox.c: the API emulator's server: the HTTP daemon, routing, bearer
 * authentication, envelopes, fault injection, and the role catalogue. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include "mask.h"
#include "sandbox/internal.h"

#define SB_THREADS 4
#define SB_MAX_PATH 2048
#define SB_MAX_SEGS 16
#define SB_MAX_BEARER 4096
#define SB_MAX_CONNECTIONS 16384   /* default ceiling on open connections */
#define SB_IDLE_TIMEOUT 10         /* seconds before an idle connection is closed */
#define SB_FIRST_LINE_TIMEOUT 1    /* seconds a new connection has to start a request */

const char *sandbox_server_name(void)
{
	return PACKAGE_NAME "-sandbox/" PACKAGE_VERSION;
}

/* ---------------------------------------------------------------- catalogue */

const char *const sb_perm_names[] = {
	"agent_management", "alerts_management", "application_management",
	"batch_query_priority", "dashboard_management", "derived_metrics_management",
	"embedded_charts", "events_management", "external_links_management",
	"host_tag_management", "ingestion", "metrics_management",
	"monitored_application_service_management", "saml_sso_management",
	"token_management", "user_management", "log_management",
};
const unsigned sb_n_perms = sizeof sb_perm_names / sizeof sb_perm_names[0];

const struct sb_role sb_roles[] = {
	{ "5f0c1d2e-8a3b-4c5d-9e6f-0a1b2c3d4e01", "Admin", "Every permission",
	  "agent_management alerts_management application_management batch_query_priority "
	  "dashboard_management derived_metrics_management embedded_charts events_management "
	  "external_links_management host_tag_management ingestion metrics_management "
	  "monitored_application_service_management saml_sso_management token_management "
	  "user_management log_management" },
	{ "5f0c1d2e-8a3b-4c5d-9e6f-0a1b2c3d4e02", "Token administrators",
	  "Manage accounts and API tokens", "user_management token_management" },
	{ "5f0c1d2e-8a3b-4c5d-9e6f-0a1b2c3d4e03", "Dashboard editors",
	  "Dashboards, alerts and events", "dashboard_management alerts_management events_management" },
	{ "5f0c1d2e-8a3b-4c5d-9e6f-0a1b2c3d4e04", "Ingestion", "Send data directly", "ingestion" },
	{ "5f0c1d2e-8a3b-4c5d-9e6f-0a1b2c3d4e05", "Viewers", "Read only", "" },
};
const unsigned sb_n_roles = sizeof sb_roles / sizeof sb_roles[0];

const struct sb_group sb_groups[] = {
	{ SB_GROUP_EVERYONE, "Everyone", "Every user account", "", true },
	{ SB_GROUP_SERVICE_ACCOUNTS, "Service Accounts", "Every service account", "", true },
	{ "a7d2e3c1-5b6f-4e8a-9c0d-1e2f3a4b5c03", "Admins", "Administrators",
	  "5f0c1d2e-8a3b-4c5d-9e6f-0a1b2c3d4e01", false },
	{ "a7d2e3c1-5b6f-4e8a-9c0d-1e2f3a4b5c04", "SRE", "Site reliability",
	  "5f0c1d2e-8a3b-4c5d-9e6f-0a1b2c3d4e03", false },
	{ "a7d2e3c1-5b6f-4e8a-9c0d-1e2f3a4b5c05", "Data pipeline", "Ingestion jobs",
	  "5f0c1d2e-8a3b-4c5d-9e6f-0a1b2c3d4e04", false },
};
const unsigned sb_n_groups = sizeof sb_groups / sizeof sb_groups[0];

uint32_t sb_perm_bit(const char *name)
{
	for (unsigned i = 0; i < sb_n_perms; i++)
		if (strcmp(name, sb_perm_names[i]) == 0)
			return 1u << i;
	return 0;
}

const struct sb_role *sb_role_find(const char *id)
{
	for (unsigned i = 0; i < sb_n_roles; i++)
		if (strcmp(id, sb_roles[i].id) == 0)
			return &sb_roles[i];
	return NULL;
}

const struct sb_group *sb_group_find(const char *id)
{
	for (unsigned i = 0; i < sb_n_groups; i++)
		if (strcmp(id, sb_groups[i].id) == 0)
			return &sb_groups[i];
	return NULL;
}

/* Copies the next space-separated word of *p into out; false at the end. */
static bool next_word(const char **p, char *out, size_t outsz)
{
	const char *s = *p;
	size_t n;

	while (*s == ' ')
		s++;
	if (!*s)
		return false;
	n = strcspn(s, " ");
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, s, n);
	out[n] = '\0';
	*p = s + strcspn(s, " ");
	return true;
}

static uint32_t perms_of_words(const char *words)
{
	uint32_t m = 0;
	char w[80];

	while (words && next_word(&words, w, sizeof w))
		m |= sb_perm_bit(w);
	return m;
}

static uint32_t perms_of_roles(const char *roles)
{
	uint32_t m = 0;
	char w[80];

	while (roles && next_word(&roles, w, sizeof w)) {
		const struct sb_role *ro = sb_role_find(w);
		if (ro)
			m |= perms_of_words(ro->perms);
	}
	return m;
}

uint32_t sb_united_perms(const char *perms, const char *roles, const char *groups)
{
	uint32_t m = perms_of_words(perms) | perms_of_roles(roles);
	char w[80];

	while (groups && next_word(&groups, w, sizeof w)) {
		const struct sb_group *g = sb_group_find(w);
		if (g)
			m |= perms_of_roles(g->roles);
	}
	return m;
}

void sb_write_words(struct jw *w, const char *words)
{
	char word[300];

	jw_arr(w);
	while (words && next_word(&words, word, sizeof word))
		jw_str(w, word);
	jw_arr_end(w);
}

void sb_write_role(struct jw *w, const struct sb_role *ro)
{
	jw_obj(w);
	jw_kstr(w, "id", ro->id);
	jw_kstr(w, "name", ro->name);
	jw_kstr(w, "description", ro->description);
	jw_kstr(w, "customer", SANDBOX_CUSTOMER);
	jw_key(w, "permissions");
	sb_write_words(w, ro->perms);
	jw_obj_end(w);
}

void sb_write_group(struct jw *w, const struct sb_group *g)
{
	char word[80];
	const char *p = g->roles;

	jw_obj(w);
	jw_kstr(w, "id", g->id);
	jw_kstr(w, "name", g->name);
	jw_kstr(w, "description", g->description);
	jw_kstr(w, "customer", SANDBOX_CUSTOMER);
	jw_key(w, "properties");
	jw_obj(w);
	jw_kbool(w, "nameEditable", !g->system);
	jw_kbool(w, "rolesEditable", true);
	jw_kbool(w, "usersEditable", !g->system);
	jw_obj_end(w);
	jw_key(w, "roles");
	jw_arr(w);
	while (next_word(&p, word, sizeof word)) {
		const struct sb_role *ro = sb_role_find(word);
		if (ro)
			sb_write_role(w, ro);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

/* ------------------------------------------------------------- request help */

int sb_fail(struct sb_req *r, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof r->msg, fmt, ap);
	va_end(ap);
	return status;
}

int sb_db_fail(struct sb_req *r)
{
	store_rollback(r->sb);
	return sb_fail(r, 500, "Internal store error: %s", sqlite3_errmsg(store_db(r->sb)));
}

int sb_json_body(struct sb_req *r, json_object **o)
{
	struct body_err e = { "" };

	if (body_parse_json(r->body, r->body_len, o, &e) < 0)
		return sb_fail(r, 400, "%s", e.msg);
	return 200;
}

static int parse_arg(struct sb_req *r, const char *name, int64_t def, int64_t *out)
{
	const char *v = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
	char *end;
	long long n;

	*out = def;
	if (!v)
		return 200;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (end == v || *end || errno || n < 0 || n > INT32_MAX)
		return sb_fail(r, 400, "Query parameter '%s' must be a non-negative integer", name);
	*out = n;
	return 200;
}

int sb_paging_args(struct sb_req *r, int64_t *offset, int64_t *limit)
{
	int st = parse_arg(r, "offset", 0, offset);

	if (st != 200)
		return st;
	st = parse_arg(r, "limit", 100, limit);
	if (*limit > 1000)
		*limit = 1000;
	return st;
}

/* ------------------------------------------------------------------ routing */

/* ROUTE_CSP: a sign-in (form body, no bearer); ROUTE_CSP_JSON: a JSON call
 * without a bearer; ROUTE_CSP_ADMIN: a JSON call with a CSP access token as
 * bearer. The three answer failures in CSP's shape. */
enum route_kind { ROUTE_API, ROUTE_CSP, ROUTE_CSP_JSON, ROUTE_CSP_ADMIN, ROUTE_CTRL };

static int ctrl_faults_get(struct sb_req *r);
static int ctrl_faults_set(struct sb_req *r);

static const struct route {
	const char *method;
	const char *pattern;
	sb_handler handler;
	const char *perm;         /* needed permission id, or NULL */
	enum route_kind kind;
} routes[] = {
	{ "GET", "/api/v2/apitoken/customertokens", api_customer_tokens, "user_management", ROUTE_API },
	{ "PUT", "/api/v2/apitoken/customertokens/revoke", api_customer_revoke, "user_management", ROUTE_API },
	{ "GET", "/api/v2/apitoken/customertokens/*", api_customer_token, "user_management", ROUTE_API },
	{ "GET", "/api/v2/apitoken/serviceaccount/*", api_sa_tokens, "user_management", ROUTE_API },
	{ "POST", "/api/v2/apitoken/serviceaccount/*", api_sa_generate, "user_management", ROUTE_API },
	{ "PUT", "/api/v2/apitoken/serviceaccount/*/*", api_sa_rename, "user_management", ROUTE_API },
	{ "DELETE", "/api/v2/apitoken/serviceaccount/*/*", api_sa_delete_token, "user_management", ROUTE_API },
	{ "GET", "/api/v2/apitoken", api_own_list, NULL, ROUTE_API },
	{ "POST", "/api/v2/apitoken", api_own_create, "token_management", ROUTE_API },
	{ "PUT", "/api/v2/apitoken/*", api_own_rename, NULL, ROUTE_API },
	{ "DELETE", "/api/v2/apitoken/*", api_own_delete, NULL, ROUTE_API },
	{ "POST", "/api/v2/search/token", search_tokens, "user_management", ROUTE_API },
	{ "POST", "/api/v2/search/token/facets", search_tokens_facets, "user_management", ROUTE_API },
	{ "POST", "/api/v2/search/token/*", search_tokens_facet, "user_management", ROUTE_API },
	{ "POST", "/api/v2/search/serviceaccount", search_sas, "user_management", ROUTE_API },
	{ "POST", "/api/v2/search/serviceaccount/facets", search_sas_facets, "user_management", ROUTE_API },
	{ "POST", "/api/v2/search/serviceaccount/*", search_sas_facet, "user_management", ROUTE_API },
	{ "GET", "/api/v2/account/serviceaccount", api_sa_list, "user_management", ROUTE_API },
	{ "POST", "/api/v2/account/serviceaccount", api_sa_create, "user_management", ROUTE_API },
	{ "GET", "/api/v2/account/serviceaccount/*", api_sa_get, "user_management", ROUTE_API },
	{ "PUT", "/api/v2/account/serviceaccount/*", api_sa_update, "user_management", ROUTE_API },
	{ "POST", "/api/v2/account/serviceaccount/*/activate", api_sa_activate, "user_management", ROUTE_API },
	{ "POST", "/api/v2/account/serviceaccount/*/deactivate", api_sa_deactivate, "user_management", ROUTE_API },
	{ "POST", "/api/v2/account/deleteAccounts", api_accounts_delete, "user_management", ROUTE_API },
	{ "DELETE", "/api/v2/account/*", api_account_delete, "user_management", ROUTE_API },
	{ "GET", "/api/v2/role", api_roles, NULL, ROUTE_API },
	{ "GET", "/api/v2/usergroup", api_usergroups, NULL, ROUTE_API },
	{ "POST", "/api/v2/savedsearch", saved_create, NULL, ROUTE_API },
	{ "GET", "/api/v2/savedsearch", saved_list, NULL, ROUTE_API },
	{ "GET", "/api/v2/savedsearch/type/*", saved_list_type, NULL, ROUTE_API },
	{ "GET", "/api/v2/savedsearch/*", saved_get, NULL, ROUTE_API },
	{ "PUT", "/api/v2/savedsearch/*", saved_update, NULL, ROUTE_API },
	{ "DELETE", "/api/v2/savedsearch/*", saved_delete, NULL, ROUTE_API },
	{ "POST", "/csp/gateway/am/api/auth/api-tokens/authorize", csp_api_token_grant, NULL, ROUTE_CSP },
	{ "POST", "/csp/gateway/am/api/auth/authorize", csp_client_grant, NULL, ROUTE_CSP },
	{ "POST", "/csp/gateway/am/api/auth/token", csp_client_grant, NULL, ROUTE_CSP },
	{ "POST", "/csp/gateway/am/api/auth/api-tokens/details", csp_admin_details, NULL, ROUTE_CSP_JSON },
	{ "POST", "/csp/gateway/am/api/loggedin/user/api-tokens", csp_admin_generate, NULL, ROUTE_CSP_ADMIN },
	{ "POST", "/csp/gateway/am/api/orgs/*/api-tokens/deactivate", csp_admin_deactivate, NULL, ROUTE_CSP_ADMIN },
	{ "POST", "/csp/gateway/am/api/orgs/*/api-tokens/activate", csp_admin_activate, NULL, ROUTE_CSP_ADMIN },
	{ "GET", "/csp/gateway/am/api/orgs/*/oauth-apps", csp_admin_apps, NULL, ROUTE_CSP_ADMIN },
	{ "POST", "/csp/gateway/am/api/orgs/*/oauth-apps", csp_admin_app_create, NULL, ROUTE_CSP_ADMIN },
	{ "DELETE", "/csp/gateway/am/api/orgs/*/oauth-apps", csp_admin_apps_delete, NULL, ROUTE_CSP_ADMIN },
	{ "GET", "/csp/gateway/am/api/orgs/*/oauth-apps/*", csp_admin_app, NULL, ROUTE_CSP_ADMIN },
	{ "PATCH", "/csp/gateway/am/api/orgs/*/oauth-apps/*", csp_admin_app_modify, NULL, ROUTE_CSP_ADMIN },
	{ "PUT", "/csp/gateway/am/api/orgs/*/oauth-apps/*/secret", csp_admin_app_secret, NULL, ROUTE_CSP_ADMIN },
	{ "POST", "/csp/gateway/am/api/orgs/*/clients", csp_admin_clients, NULL, ROUTE_CSP_ADMIN },
	{ "GET", "/_sandbox/faults", ctrl_faults_get, NULL, ROUTE_CTRL },
	{ "POST", "/_sandbox/faults", ctrl_faults_set, NULL, ROUTE_CTRL },
	{ "POST", "/_sandbox/last-used", ctrl_last_used, NULL, ROUTE_CTRL },
};
#define N_ROUTES (sizeof routes / sizeof routes[0])

/* T1-T4, the caller's own tokens: they apply only to instances not
 * onboarded to VMware Cloud services. */
static bool own_token_route(const struct route *rt)
{
	return rt->handler == api_own_list || rt->handler == api_own_create ||
	       rt->handler == api_own_rename || rt->handler == api_own_delete;
}

/* Splits s in place at '/'; false if there are too many segments or an
 * empty one (a doubled or trailing slash). */
static bool split_path(char *s, char **segs, unsigned *n)
{
	*n = 0;
	if (*s != '/')
		return false;
	s++;
	for (;;) {
		char *slash = strchr(s, '/');
		if (*n == SB_MAX_SEGS || s == slash || !*s)
			return false;
		segs[(*n)++] = s;
		if (!slash)
			return true;
		*slash = '\0';
		s = slash + 1;
	}
}

static bool pattern_matches(const char *pattern, char **segs, unsigned n, const char **cap)
{
	const char *p = pattern + 1;
	unsigned i = 0, c = 0;

	while (*p) {
		size_t len = strcspn(p, "/");
		if (i == n)
			return false;
		if (len == 1 && *p == '*') {
			if (c < 2)
				cap[c++] = segs[i];
		} else if (strlen(segs[i]) != len || strncmp(segs[i], p, len) != 0) {
			return false;
		}
		i++;
		p += len;
		if (*p == '/')
			p++;
	}
	return i == n;
}

/* Finds the route; 404 or 405 (with r->allow filled) when there is none. */
static int route_find(struct sb_req *r, char *pathbuf, const struct route **out)
{
	char *segs[SB_MAX_SEGS];
	unsigned n;
	const char *pattern = NULL;

	*out = NULL;
	if (strlen(r->path) >= SB_MAX_PATH)
		return sb_fail(r, 404, "Unknown path");
	strcpy(pathbuf, r->path);
	if (!split_path(pathbuf, segs, &n))
		return sb_fail(r, 404, "Unknown path");
	for (size_t i = 0; i < N_ROUTES; i++) {
		const char *cap[2] = { NULL, NULL };
		if (pattern && strcmp(routes[i].pattern, pattern) != 0)
			continue;
		if (!pattern_matches(routes[i].pattern, segs, n, cap))
			continue;
		pattern = routes[i].pattern;
		if (strlen(r->allow) + strlen(routes[i].method) + 3 < sizeof r->allow) {
			if (r->allow[0])
				strcat(r->allow, ", ");
			strcat(r->allow, routes[i].method);
		}
		if (strcmp(routes[i].method, r->method) == 0) {
			r->cap[0] = cap[0];
			r->cap[1] = cap[1];
			*out = &routes[i];
			return 200;
		}
	}
	if (!pattern)
		return sb_fail(r, 404, "Unknown path");
	return sb_fail(r, 405, "Method %s is not allowed here", r->method);
}

/* ------------------------------------------------------------------- auth */

static const char *bearer_of(struct MHD_Connection *c)
{
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);

	if (h && strncasecmp(h, "Bearer ", 7) == 0) {
		h += 7;
		while (*h == ' ')
			h++;
		return h;
	}
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-AUTH-TOKEN");
}

/* How stale a token's recorded last use may be before a request records
 * it again: a read then writes at most once a second per token instead of
 * on every request. */
#define SB_LAST_USED_GRAIN 1000

/* Records that bearer was used now, on the writer. */
static int touch_token(struct sb_req *r, const char *bearer)
{
	struct sandbox *sb = r->sb;
	struct sb_db *cur = store_current(sb);
	sqlite3_stmt *st;
	int rc = SQLITE_ERROR;

	if (r->on_reader) {
		pthread_mutex_lock(&sb->db_lock);
		store_use(NULL);
		store_write_enter(sb);
	}
	st = store_stmt(sb, "UPDATE tokens SET last_used = ?2 WHERE id = ?1");
	if (st) {
		sqlite3_bind_text(st, 1, bearer, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, r->now);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
	}
	if (rc != SQLITE_DONE)
		sb_db_fail(r);
	if (r->on_reader) {
		store_write_leave(sb);
		store_use(cur);
		pthread_mutex_unlock(&sb->db_lock);
	}
	return rc == SQLITE_DONE ? 200 : 500;
}

static int authenticate(struct sb_req *r)
{
	const char *bearer = bearer_of(r->conn);
	sqlite3_stmt *st;
	bool touch;
	int rc;

	if (!bearer || !*bearer)
		return sb_fail(r, 401, "Authentication required: send an API token as a Bearer token");
	if (strlen(bearer) > SB_MAX_BEARER)
		return sb_fail(r, 401, "Invalid API token");
	st = store_stmt(r->sb,
		"SELECT a.id, a.is_sa, a.active, a.perms, a.roles, a.groups, t.last_used "
		"FROM tokens t JOIN accounts a ON a.id = t.account WHERE t.id = ?1");
	if (!st)
		return sb_db_fail(r);
	sqlite3_bind_text(st, 1, bearer, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		bool is_sa = sqlite3_column_int(st, 1), active = sqlite3_column_int(st, 2);
		int64_t used = sqlite3_column_int64(st, 6);
		if (!active) {
			sqlite3_reset(st);
			return sb_fail(r, 401, "Invalid API token: its account is deactivated");
		}
		snprintf(r->caller.account, sizeof r->caller.account, "%s",
		         (const char *)sqlite3_column_text(st, 0));
		r->caller.is_sa = is_sa;
		r->caller.perms = sb_united_perms((const char *)sqlite3_column_text(st, 3),
		                                  (const char *)sqlite3_column_text(st, 4),
		                                  (const char *)sqlite3_column_text(st, 5));
		snprintf(r->caller.token, sizeof r->caller.token, "%s", bearer);
		touch = sqlite3_column_type(st, 6) == SQLITE_NULL || used > r->now ||
		        r->now - used >= SB_LAST_USED_GRAIN;
		sqlite3_reset(st);
		return touch ? touch_token(r, bearer) : 200;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sb_db_fail(r);
	if (csp_lookup(r, bearer) == 0)
		return 200;
	if (r->msg[0])
		return 401;
	return sb_fail(r, 401, "Invalid API token: unknown or revoked");
}

/* A CSP administration call: the bearer must be a live CSP access token. */
static int authenticate_csp(struct sb_req *r)
{
	const char *bearer = bearer_of(r->conn);

	if (!bearer || !*bearer)
		return sb_fail(r, 401, "Authentication required: send a CSP access token as a Bearer token");
	if (strlen(bearer) <= SB_MAX_BEARER && csp_lookup(r, bearer) == 0)
		return 200;
	if (r->msg[0])
		return 401;
	return sb_fail(r, 401, "Invalid access token");
}

/* ------------------------------------------------------------ control paths */

static bool from_loopback(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	if (!sa)
		return false;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
		const uint8_t *b = in6->sin6_addr.s6_addr;
		static const uint8_t mapped[12] = { 0,0,0,0,0,0,0,0,0,0,0xff,0xff };
		if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr))
			return true;
		return memcmp(b, mapped, 12) == 0 && b[12] == 127;
	}
	return false;
}

static int ctrl_faults_get(struct sb_req *r)
{
	struct sb_faults f;

	pthread_mutex_lock(&r->sb->faults_lock);
	f = r->sb->faults;
	pthread_mutex_unlock(&r->sb->faults_lock);
	faults_to_json(&f, &r->out);
	return 200;
}

static int ctrl_faults_set(struct sb_req *r)
{
	struct body_err e = { "" };
	struct sb_faults f;
	json_object *o;
	int st = sb_json_body(r, &o);

	if (st != 200)
		return st;
	if (!o) {
		return sb_fail(r, 400, "A JSON object of faults is required ({} clears them)");
	}
	if (faults_from_json(o, &f, &e) < 0) {
		json_object_put(o);
		return sb_fail(r, 400, "%s", e.msg);
	}
	json_object_put(o);
	pthread_mutex_lock(&r->sb->faults_lock);
	r->sb->faults = f;
	pthread_mutex_unlock(&r->sb->faults_lock);
	faults_to_json(&f, &r->out);
	return 200;
}

/* ------------------------------------------------------------- the daemon */

struct sb_conn {
	char *body;
	size_t len, cap;
	char *uri;          /* the request target as sent, before decoding */
	uintptr_t uri_at;   /* where libmicrohttpd's copy of it starts */
	bool started;       /* the first call of the handler has been seen */
	bool bad_uri;       /* the decoded path or query holds a control character */
	bool too_big;
	bool responded;     /* a 413 was queued before the body */
};

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* True if the request target, once percent-decoded, holds a NUL or another
 * control character (C0 or DEL). libmicrohttpd hands the handler decoded
 * C strings, so a "%00" would silently cut the path or a query value short
 * ("sa::victim%00.x" would name "sa::victim"); such a request is refused
 * instead of being acted on under a name it did not send. */
static bool uri_has_control(const char *u)
{
	for (; *u; u++) {
		unsigned char c = (unsigned char)*u;
		if (c == '%') {
			int hi = hex_digit(u[1]), lo = hi < 0 ? -1 : hex_digit(u[2]);
			if (hi >= 0 && lo >= 0) {
				c = (unsigned char)(hi * 16 + lo);
				u += 2;
			}
		}
		if (c < 0x20 || c == 0x7f)
			return true;
	}
	return false;
}

/* A new connection gets SB_FIRST_LINE_TIMEOUT to send its request line. A
 * line that starts with NUL bytes never reaches the handler: libmicrohttpd
 * takes it for one of the blank lines a client may send before a request
 * and goes on waiting, so without this such a client held its connection
 * (and a thread's attention) for the whole idle timeout. */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	(void)socket_context;
	if (code == MHD_CONNECTION_NOTIFY_STARTED)
		MHD_set_connection_option(c, MHD_CONNECTION_OPTION_TIMEOUT,
		                          (unsigned)SB_FIRST_LINE_TIMEOUT);
}

/* libmicrohttpd calls this with the raw request target before it decodes
 * it; what it returns becomes the request's state (con_cls). */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct sb_conn *cs = calloc(1, sizeof *cs);

	struct sandbox *sb = cls;

	/* A request line came: from now on the ordinary idle timeout. */
	MHD_set_connection_option(c, MHD_CONNECTION_OPTION_TIMEOUT, sb->idle_timeout);
	if (!cs)
		return NULL;
	cs->uri = strdup(uri ? uri : "");
	cs->uri_at = (uintptr_t)uri;
	cs->bad_uri = !cs->uri || uri_has_control(cs->uri);
	return cs;
}

static enum MHD_Result send_body(struct MHD_Connection *c, int status, char *body,
                                 size_t len, int retry_after, const char *allow)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer_with_free_callback(len, body, free);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_SERVER, sandbox_server_name());
	if (retry_after > 0) {
		char ra[16];
		snprintf(ra, sizeof ra, "%d", retry_after);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, ra);
	}
	if (allow && *allow)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
	ret = MHD_queue_response(c, (unsigned)status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void write_error_envelope(struct jw *w, int status, const char *msg)
{
	jw_obj(w);
	jw_key(w, "status");
	jw_obj(w);
	jw_kstr(w, "result", "ERROR");
	jw_kstr(w, "message", msg);
	jw_kint(w, "code", status);
	jw_obj_end(w);
	jw_obj_end(w);
}

static enum MHD_Result send_error(struct MHD_Connection *c, int status, const char *msg,
                                  int retry_after, const char *allow)
{
	struct jw w;
	size_t len;
	char *body;

	jw_init(&w);
	write_error_envelope(&w, status, msg);
	body = jw_take(&w, &len);
	if (!body)
		return MHD_NO;
	return send_body(c, status, body, len, retry_after, allow);
}

/* The API consumes application/json only, as production's JAX-RS service
 * does: a write (POST, PUT, DELETE) that names another Content-Type is
 * answered 415. A write with no Content-Type at all is accepted only with
 * an empty body (nothing to interpret). Parameters such as "; charset=UTF-8"
 * are allowed. */
static int check_content_type(struct sb_req *r, struct MHD_Connection *c)
{
	const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                             MHD_HTTP_HEADER_CONTENT_TYPE);
	size_t n;

	if (!ct) {
		if (r->body_len == 0)
			return 200;
		return sb_fail(r, 415, "A request body needs Content-Type: application/json");
	}
	while (*ct == ' ' || *ct == '\t')
		ct++;
	n = strcspn(ct, "; \t");
	if (n == 16 && strncasecmp(ct, "application/json", 16) == 0)
		return 200;
	return sb_fail(r, 415, "Unsupported Content-Type '%.*s': this API consumes application/json",
	               (int)(n > 60 ? 60 : n), ct);
}

enum post_fault { POST_NONE, POST_GARBAGE, POST_TRUNCATE };

/* Routes that only read: answered on a read connection, without the lock. */
static bool route_reads(const struct route *rt)
{
	return rt->kind == ROUTE_API &&
	       (strcmp(rt->method, "GET") == 0 || rt->handler == search_tokens ||
	        rt->handler == search_tokens_facet || rt->handler == search_tokens_facets ||
	        rt->handler == search_sas || rt->handler == search_sas_facet ||
	        rt->handler == search_sas_facets);
}

/* A list answered as the client takes it: the envelope's head, one row
 * after another from the statement, and the tail. The stream holds its
 * read connection, and so its snapshot, until the last row is out. */
struct sb_stream {
	struct sandbox *sb;
	struct sb_db *db;
	sqlite3_stmt *st;
	void (*row)(const struct sandbox *sb, struct jw *w, sqlite3_stmt *st, int col);
	struct jw w;
	size_t pos;            /* bytes of w already handed out */
	bool done;             /* the tail is in w */
	bool failed;
	int delay_ms;          /* the stream_delay_ms fault: before each piece */
	long cut_rows;         /* the stream_cut_rows fault: cut after them (0: none) */
	long rows;
};

#define SB_STREAM_SLOW_PIECE (16 * 1024)
static void sleep_ms(int ms);

#define SB_STREAM_BLOCK (64 * 1024)
#define SB_ENVELOPE_HEAD "{\"status\":{\"result\":\"OK\",\"message\":\"\",\"code\":200},\"response\":"

static struct sb_stream *stream_new(struct sb_req *r, struct sb_db *db)
{
	struct sb_stream *s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	s->sb = r->sb;
	s->db = db;
	s->st = r->stream_st;
	s->row = r->stream_row;
	pthread_mutex_lock(&s->sb->faults_lock);
	s->delay_ms = s->sb->faults.stream_delay_ms;
	s->cut_rows = s->sb->faults.stream_cut_rows;
	s->sb->faults.stream_cut_rows = 0;
	pthread_mutex_unlock(&s->sb->faults_lock);
	jw_init(&s->w);
	jw_bytes(&s->w, SB_ENVELOPE_HEAD, sizeof SB_ENVELOPE_HEAD - 1);
	jw_arr(&s->w);
	return s;
}

/* Fills the buffer with at least want bytes, or up to the tail. */
static void stream_fill(struct sb_stream *s, size_t want)
{
	while (!s->done && !s->failed && s->w.len - s->pos < want) {
		int rc = sqlite3_step(s->st);
		if (rc == SQLITE_ROW) {
			s->row(s->sb, &s->w, s->st, 0);
			if (++s->rows == s->cut_rows)
				s->failed = true;
		} else if (rc == SQLITE_DONE) {
			jw_arr_end(&s->w);
			jw_bytes(&s->w, "}", 1);
			s->done = true;
		} else {
			s->failed = true;
		}
		if (s->w.oom)
			s->failed = true;
	}
}

static ssize_t stream_read(void *cls, uint64_t at, char *buf, size_t max)
{
	struct sb_stream *s = cls;
	size_t n;

	(void)at;
	if (s->delay_ms) {
		sleep_ms(s->delay_ms);
		if (max > SB_STREAM_SLOW_PIECE)
			max = SB_STREAM_SLOW_PIECE;
	}
	if (s->pos == s->w.len) {
		jw_consume(&s->w, s->pos);
		s->pos = 0;
		stream_fill(s, max < SB_STREAM_BLOCK ? max : SB_STREAM_BLOCK);
	}
	n = s->w.len - s->pos;
	if (n == 0) {
		/* A store failure midway cannot change the status any more: the
		 * connection is cut, so the client sees a broken body, not a
		 * shorter list. */
		return s->failed ? MHD_CONTENT_READER_END_WITH_ERROR
		                 : MHD_CONTENT_READER_END_OF_STREAM;
	}
	if (n > max)
		n = max;
	memcpy(buf, s->w.buf + s->pos, n);
	s->pos += n;
	return (ssize_t)n;
}

static void stream_free(void *cls)
{
	struct sb_stream *s = cls;

	sqlite3_reset(s->st);
	if (!sqlite3_get_autocommit(s->db->db))
		sqlite3_exec(s->db->db, "COMMIT", NULL, NULL, NULL);
	store_reader_put(s->sb, s->db);
	jw_free(&s->w);
	free(s);
}

static enum MHD_Result stream_send(struct MHD_Connection *c, struct sb_stream *s)
{
	struct MHD_Response *resp =
		MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, SB_STREAM_BLOCK,
		                                  stream_read, s, stream_free);
	enum MHD_Result ret;

	if (!resp) {
		stream_free(s);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_SERVER, sandbox_server_name());
	ret = MHD_queue_response(c, 200, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* The words of an injected failure, as a real service would put them. */
static const char *fault_message(int status)
{
	switch (status) {
	case 400: return "Bad request (injected fault)";
	case 401: return "Unauthorized (injected fault)";
	case 403: return "Forbidden (injected fault)";
	case 404: return "Not found (injected fault)";
	case 409: return "Conflict (injected fault)";
	case 429: return "Too many requests; retry later (injected fault)";
	case 502: return "Bad gateway (injected fault)";
	case 504: return "Gateway timeout (injected fault)";
	default:
		return status >= 500 && status != 503 ? "Internal server error (injected fault)"
		                                      : "Service unavailable (injected fault)";
	}
}

/* Shows the request to the on_request hook, as it came in. */
static void report_seen(struct sandbox *sb, struct MHD_Connection *c, const char *url,
                        const char *method, const struct sb_conn *cs)
{
	const char *q = cs->uri ? strchr(cs->uri, '?') : NULL;
	struct sandbox_seen seen = {
		.method = method, .path = url, .query = q ? q + 1 : NULL,
		.content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		                                            MHD_HTTP_HEADER_CONTENT_TYPE),
		.accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		                                      MHD_HTTP_HEADER_ACCEPT),
		.has_authorization = MHD_lookup_connection_value(
			c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION) != NULL,
		.body = cs->body ? cs->body : "", .body_len = cs->len,
	};
	sb->on_request(sb->on_request_ud, &seen);
}

/* Counts down the injected faults for one request outside /_sandbox/ and
 * waits the injected latency. Returns -1 to drop the connection, an HTTP
 * status to fail the request with (and *retry_after), or 0 to serve it
 * (with *post saying how to spoil the answer). */
static int fault_take(struct sandbox *sb, const char *url, const char *method,
                      enum post_fault *post, int *retry_after)
{
	struct sb_faults *f = &sb->faults;
	int latency, fail = 0;
	bool change = strcmp(method, "GET") != 0 && strncmp(url, "/api/v2/search/", 15) != 0;

	pthread_mutex_lock(&sb->faults_lock);
	latency = f->latency_ms;
	if (f->wait_for_change && change)
		f->armed = 1;
	if ((f->wait_for_change && !f->armed) || (f->changes_only && !change)) {
		/* a read before the awaited change, or a read while only
		 * changes fail: no counted fault */
	} else if (f->drop_next > 0) {
		f->drop_next--;
		fail = -1;
	} else if (f->fail_next > 0) {
		f->fail_next--;
		fail = f->status;
		*retry_after = f->retry_after;
	} else if (f->garbage_next > 0) {
		f->garbage_next--;
		*post = POST_GARBAGE;
	} else if (f->truncate_next > 0) {
		f->truncate_next--;
		*post = POST_TRUNCATE;
	}
	pthread_mutex_unlock(&sb->faults_lock);
	if (latency > 0)
		sleep_ms(latency);
	return fail;
}

static struct sb_req *req_new(struct sandbox *sb, struct MHD_Connection *c, const char *url,
                              const char *method, const struct sb_conn *cs)
{
	struct sb_req *r = calloc(1, sizeof *r);

	if (!r)
		return NULL;
	r->sb = sb;
	r->conn = c;
	r->method = method;
	r->path = url;
	r->body = cs->body ? cs->body : "";
	r->body_len = cs->len;
	jw_init(&r->out);
	return r;
}

static void req_free(struct sb_req *r)
{
	jw_free(&r->out);
	wft_wipe(r->caller.token, sizeof r->caller.token);
	free(r);
}

/* The checks a found route makes before its handler: a JSON body for a
 * change, loopback for the control paths. */
static int route_admit(struct sb_req *r, struct MHD_Connection *c, const struct route *rt)
{
	int status = 200;

	if ((rt->kind == ROUTE_API || rt->kind == ROUTE_CSP_JSON || rt->kind == ROUTE_CSP_ADMIN) &&
	    strcmp(r->method, "GET") != 0)
		status = check_content_type(r, c);
	if (status == 200 && rt->kind == ROUTE_CTRL && !from_loopback(c))
		status = sb_fail(r, 403, "The sandbox control paths answer loopback clients only");
	return status;
}

/* Authenticates the caller, checks its rights and runs the handler; rd is
 * the reader connection of a read, NULL for a write. */
static int route_serve(struct sb_req *r, const struct route *rt, struct sb_db *rd)
{
	struct sandbox *sb = r->sb;
	int status = 200;

	r->now = sb->clock(sb->clock_ud);
	if (rt->kind == ROUTE_API)
		status = authenticate(r);
	else if (rt->kind == ROUTE_CSP_ADMIN)
		status = authenticate_csp(r);
	if (status == 200 && sb->csp_onboarded && own_token_route(rt))
		status = sb_fail(r, 403, "%s", SB_CSP_OWN_TOKENS_REFUSAL);
	if (status == 200 && rt->perm && !(r->caller.perms & sb_perm_bit(rt->perm)))
		status = sb_fail(r, 403, "Permission '%s' is required for this request", rt->perm);
	if (status == 200 && rd && store_read_begin(sb, &r->snap_gen, &r->snap_exact) < 0)
		status = sb_db_fail(r);
	if (status == 200)
		status = rt->handler(r);
	return status;
}

/* Ends a read on its reader connection; a read that streams keeps its
 * snapshot open in *stream until the stream is freed. */
static int read_finish(struct sb_req *r, struct sb_db *rd, int status, struct sb_stream **stream)
{
	struct sandbox *sb = r->sb;

	if (status == 200 && r->stream_st) {
		*stream = stream_new(r, rd);
		if (!*stream)
			status = sb_fail(r, 500, "Out of memory");
	}
	if (!*stream) {
		if (r->stream_st)
			sqlite3_reset(r->stream_st);
		store_read_end(sb);
		store_use(NULL);
		store_reader_put(sb, rd);
	} else {
		store_use(NULL);
	}
	return status;
}

/* Runs an admitted route: a read on a reader connection of its own (which
 * may stream), a change under the write lock. */
static int route_run(struct sb_req *r, const struct route *rt, enum post_fault post,
                     struct sb_stream **stream)
{
	struct sandbox *sb = r->sb;
	struct sb_db *rd = route_reads(rt) ? store_reader_get(sb) : NULL;
	int status;

	if (rd) {
		store_use(rd);
		r->on_reader = true;
		/* The whole body is needed to show it or to spoil it. */
		r->can_stream = !sb->on_answer && post == POST_NONE;
	} else {
		pthread_mutex_lock(&sb->db_lock);
		store_write_enter(sb);
	}
	status = route_serve(r, rt, rd);
	if (rd) {
		status = read_finish(r, rd, status, stream);
	} else {
		store_rollback(sb); /* a handler that forgot to end its transaction */
		store_write_leave(sb);
		pthread_mutex_unlock(&sb->db_lock);
	}
	return status;
}

static bool route_is_csp(const struct route *rt)
{
	return rt && (rt->kind == ROUTE_CSP || rt->kind == ROUTE_CSP_JSON ||
	              rt->kind == ROUTE_CSP_ADMIN);
}

/* The body of the answer: the handler's raw output, its output in the
 * API's envelope, or the error in the envelope of the route's service. */
static char *answer_body(struct sb_req *r, const struct route *rt, int status, size_t *len)
{
	struct jw w;

	if (status == 200 && r->raw)
		return jw_take(&r->out, len);
	jw_init(&w);
	if (status == 200) {
		jw_bytes(&w, SB_ENVELOPE_HEAD, sizeof SB_ENVELOPE_HEAD - 1);
		if (r->out.len)
			jw_bytes(&w, r->out.buf, r->out.len);
		else
			jw_bytes(&w, "null", 4);
		jw_bytes(&w, "}", 1);
		if (r->out.oom)
			w.oom = true;
	} else if (route_is_csp(rt)) {
		jw_obj(&w);
		jw_kstr(&w, "message", r->msg);
		jw_kint(&w, "moduleCode", 340);
		jw_kint(&w, "statusCode", status);
		jw_obj_end(&w);
	} else {
		write_error_envelope(&w, status, r->msg);
	}
	return jw_take(&w, len);
}

/* Spoils an answer as the injected fault asks: a proxy's HTML page
 * instead of it, or its first half only. NULL when out of memory. */
static char *answer_spoil(enum post_fault post, char *body, size_t *len)
{
	static const char garbage[] = "<html><body><h1>502 Bad Gateway</h1></body></html>\n";

	if (post == POST_GARBAGE) {
		free(body);
		*len = sizeof garbage - 1;
		body = malloc(*len + 1);
		if (body)
			memcpy(body, garbage, *len + 1);
	} else if (post == POST_TRUNCATE) {
		*len /= 2;
	}
	return body;
}

static enum MHD_Result dispatch(struct sandbox *sb, struct MHD_Connection *c,
                                const char *url, const char *method, struct sb_conn *cs)
{
	struct sb_req *r;
	const struct route *rt = NULL;
	char pathbuf[SB_MAX_PATH];
	enum post_fault post = POST_NONE;
	int status, retry_after = 0;
	enum MHD_Result ret;
	struct sb_stream *stream = NULL;
	char *body;
	size_t len;

	if (sb->on_request)
		report_seen(sb, c, url, method, cs);
	if (cs->too_big)
		return send_error(c, 413, "Request body is larger than 1 MiB", 0, NULL);
	if (cs->bad_uri)
		return send_error(c, 400, "The request path or query holds a control character "
		                  "(such as %00); it is refused rather than cut short", 0, NULL);
	if (strncmp(url, "/_sandbox/", 10) != 0) {
		int fail = fault_take(sb, url, method, &post, &retry_after);

		if (fail < 0)
			return MHD_NO;
		if (fail)
			return send_error(c, fail, fault_message(fail), retry_after, NULL);
	}
	r = req_new(sb, c, url, method, cs);
	if (!r)
		return MHD_NO;
	status = route_find(r, pathbuf, &rt);
	if (status == 200)
		status = route_admit(r, c, rt);
	if (status == 200)
		status = route_run(r, rt, post, &stream);
	if (stream) {
		ret = stream_send(c, stream);
		req_free(r);
		return ret;
	}
	body = answer_body(r, rt, status, &len);
	if (!body) {
		req_free(r);
		return send_error(c, 500, "Out of memory", 0, NULL);
	}
	if (sb->on_answer)
		sb->on_answer(sb->on_answer_ud, method, url, status, body, len);
	body = answer_spoil(post, body, &len);
	ret = body ? send_body(c, status, body, len, 0, status == 405 ? r->allow : NULL) : MHD_NO;
	req_free(r);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **con_cls)
{
	struct sandbox *sb = cls;
	struct sb_conn *cs = *con_cls;

	if (!cs)
		return MHD_NO;   /* on_uri ran out of memory */
	if (!cs->started) {
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		                                             MHD_HTTP_HEADER_CONTENT_LENGTH);
		cs->started = true;
		/* libmicrohttpd cuts the request line in place: the target ends
		 * with the NUL it writes over the space before the version. If
		 * the version starts further on than the target's length says,
		 * the target held a NUL byte of its own, and what we were given
		 * is only the part before it. */
		if (cs->uri && version && cs->uri_at &&
		    (uintptr_t)version > cs->uri_at + strlen(cs->uri) + 1 &&
		    (uintptr_t)version - cs->uri_at < 65536)
			cs->bad_uri = true;
		/* Refuse a declared oversize body before it is sent (and before
		 * "100 Continue"). */
		if (cl && strtoull(cl, NULL, 10) > BODY_MAX_BYTES) {
			cs->too_big = true;
			cs->responded = true;
			return send_error(c, 413, "Request body is larger than 1 MiB", 0, NULL);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		size_t n = *upload_size;
		*upload_size = 0;
		if (cs->too_big)
			return MHD_YES;
		if (cs->len + n > BODY_MAX_BYTES) {
			free(cs->body);
			cs->body = NULL;
			cs->len = cs->cap = 0;
			cs->too_big = true;
			return MHD_YES;
		}
		if (cs->len + n + 1 > cs->cap) {
			size_t cap = cs->cap ? cs->cap : 1024;
			char *nb;
			while (cap < cs->len + n + 1)
				cap *= 2;
			nb = realloc(cs->body, cap);
			if (!nb)
				return MHD_NO;
			cs->body = nb;
			cs->cap = cap;
		}
		memcpy(cs->body + cs->len, upload, n);
		cs->len += n;
		cs->body[cs->len] = '\0';
		return MHD_YES;
	}
	if (cs->responded)
		return MHD_YES;
	return dispatch(sb, c, url, method, cs);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct sb_conn *cs = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (cs) {
		if (cs->body) {
			/* Bodies may carry token ids and secrets. */
			wft_wipe(cs->body, cs->cap);
			free(cs->body);
		}
		if (cs->uri) {
			/* A target may hold a token id (customertokens/{id}). */
			wft_wipe(cs->uri, strlen(cs->uri));
			free(cs->uri);
		}
		free(cs);
		*con_cls = NULL;
	}
}

/* ---------------------------------------------------------------- lifecycle */

void sandbox_options_init(struct sandbox_options *o)
{
	memset(o, 0, sizeof *o);
	o->listen = "127.0.0.1:0";
	o->access_ttl = 1800;
}

static char *read_file(const char *path, struct wft_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f) {
		wft_error_set(err, WFT_ERR_IO, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) < 0 || (n = ftell(f)) < 0 || n > 1024 * 1024 ||
	    fseek(f, 0, SEEK_SET) < 0) {
		fclose(f);
		wft_error_set(err, WFT_ERR_IO, "cannot read %s", path);
		return NULL;
	}
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		wft_error_set(err, WFT_ERR_IO, "cannot read %s", path);
		return NULL;
	}
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *sslen,
                        bool *v6, struct wft_error *err)
{
	char host[256];
	const char *colon = strrchr(listen, ':');
	struct addrinfo hints, *res = NULL;
	size_t hlen;

	if (!colon || colon == listen || !colon[1])
		return wft_error_set(err, WFT_ERR_INVALID,
		                     "listen address '%.100s' is not ADDR:PORT", listen), -1;
	hlen = (size_t)(colon - listen);
	if (listen[0] == '[' && colon[-1] == ']') {
		listen++;
		hlen -= 2;
	}
	if (hlen >= sizeof host)
		return wft_error_set(err, WFT_ERR_INVALID, "listen address is too long"), -1;
	memcpy(host, listen, hlen);
	host[hlen] = '\0';
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
	if (getaddrinfo(host, colon + 1, &hints, &res) != 0 || !res) {
		if (res)
			freeaddrinfo(res);
		return wft_error_set(err, WFT_ERR_INVALID,
		                     "cannot use listen address '%.100s'", host), -1;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*sslen = res->ai_addrlen;
	*v6 = res->ai_family == AF_INET6;
	freeaddrinfo(res);
	return 0;
}

/* The connection limit: the one asked for (default SB_MAX_CONNECTIONS),
 * lowered so that every connection still gets a descriptor under the
 * process's open-file limit, with room left for the store and the rest. */
static unsigned connection_limit(unsigned want)
{
	struct rlimit rl;

	if (!want)
		want = SB_MAX_CONNECTIONS;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
		rlim_t room = rl.rlim_cur > 96 ? rl.rlim_cur - 64 : 32;
		if ((rlim_t)want > room)
			want = (unsigned)room;
	}
	return want;
}

void sandbox_stop(struct sandbox *sb)
{
	if (!sb)
		return;
	if (sb->daemon)
		MHD_stop_daemon(sb->daemon);
	store_close(sb);
	search_cache_clear(sb);
	wft_free_secret(sb->csp_api_token);
	wft_free_secret(sb->csp_client_id);
	wft_free_secret(sb->csp_client_secret);
	free(sb->csp_roles);
	wft_free_secret(sb->tls_key);
	free(sb->tls_cert);
	pthread_mutex_destroy(&sb->db_lock);
	pthread_mutex_destroy(&sb->pool_lock);
	pthread_mutex_destroy(&sb->cache_lock);
	pthread_mutex_destroy(&sb->faults_lock);
	free(sb);
}

/* A new sandbox with the options' clock and hooks, nothing open yet. */
static struct sandbox *sandbox_new(const struct sandbox_options *o)
{
	struct sandbox *sb = calloc(1, sizeof *sb);

	if (!sb)
		return NULL;
	sb->tmp_lock = -1;
	pthread_mutex_init(&sb->db_lock, NULL);
	pthread_mutex_init(&sb->pool_lock, NULL);
	pthread_mutex_init(&sb->cache_lock, NULL);
	pthread_mutex_init(&sb->faults_lock, NULL);
	sb->clock = o->clock ? o->clock : wft_clock_real;
	sb->clock_ud = o->clock_ud;
	sb->access_ttl = o->access_ttl > 0 ? o->access_ttl : 1800;
	sb->on_request = o->on_request;
	sb->idle_timeout = o->idle_timeout ? o->idle_timeout : SB_IDLE_TIMEOUT;
	sb->on_request_ud = o->on_request_ud;
	sb->on_answer = o->on_answer;
	sb->on_answer_ud = o->on_answer_ud;
	return sb;
}

/* The sign-in options: the CSP API token, the CSP client (ID:SECRET), its
 * roles and the administrator's token, checked and copied. */
static int sandbox_take_credentials(struct sandbox *sb, const struct sandbox_options *o,
                                    struct wft_error *err)
{
	if (o->csp_api_token && !(sb->csp_api_token = strdup(o->csp_api_token)))
		goto nomem;
	if (o->csp_client) {
		const char *colon = strchr(o->csp_client, ':');
		if (!colon || colon == o->csp_client || !colon[1]) {
			wft_error_set(err, WFT_ERR_INVALID, "--csp-client wants ID:SECRET");
			return -1;
		}
		sb->csp_client_id = strndup(o->csp_client, (size_t)(colon - o->csp_client));
		sb->csp_client_secret = strdup(colon + 1);
		if (!sb->csp_client_id || !sb->csp_client_secret)
			goto nomem;
	}
	if (o->csp_roles && !(sb->csp_roles = strdup(o->csp_roles)))
		goto nomem;
	if (o->admin_token && (strlen(o->admin_token) < 8 || strlen(o->admin_token) > 60 ||
	                       !body_text_ok(o->admin_token, strlen(o->admin_token)) ||
	                       strchr(o->admin_token, ' '))) {
		wft_error_set(err, WFT_ERR_INVALID, "--admin-token must be 8 to 60 printable characters");
		return -1;
	}
	return 0;
nomem:
	wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	return -1;
}

/* Opens the store and fills it as the options ask: the administrator,
 * the seeded tokens, the CSP's accounts, the saved searches. */
static int sandbox_fill_store(struct sandbox *sb, const struct sandbox_options *o,
                              wft_millis now, struct wft_error *err)
{
	if (store_open(sb, o->db_path, err) < 0)
		return -1;
	if ((o->admin_token || o->csp_api_token || o->csp_client) &&
	    store_ensure_admin(sb, o->admin_token, now) < 0) {
		wft_error_set(err, WFT_ERR_IO, "cannot create the administrator: %s",
		              sqlite3_errmsg(store_db(sb)));
		return -1;
	}
	sb->csp_onboarded = o->csp_onboarded;
	if (o->seed_tokens && seed_store(sb, o->seed_tokens, o->random_seed, now, err) < 0)
		return -1;
	if ((o->csp_api_token || o->csp_client) &&
	    seed_csp(sb, now, o->csp_token_days == 0 ? 90 : o->csp_token_days, err) < 0)
		return -1;
	if (o->seed_saved && seed_saved(sb, o->seed_saved, now, err) < 0)
		return -1;
	sb->seed_groups = o->seed_groups;
	sb->seed_roles = o->seed_roles;
	return 0;
}

/* Reads the TLS certificate and key, when the options name them. */
static int sandbox_take_tls(struct sandbox *sb, const struct sandbox_options *o,
                            struct wft_error *err)
{
	if (!o->tls_cert && !o->tls_key)
		return 0;
	if (!o->tls_cert || !o->tls_key) {
		wft_error_set(err, WFT_ERR_INVALID, "TLS needs both --tls-cert and --tls-key");
		return -1;
	}
	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		wft_error_set(err, WFT_ERR_INVALID, "this libmicrohttpd has no TLS support");
		return -1;
	}
	if (!(sb->tls_cert = read_file(o->tls_cert, err)) ||
	    !(sb->tls_key = read_file(o->tls_key, err)))
		return -1;
	return 0;
}

/* Starts the HTTP daemon on ss; sb->daemon is NULL when it cannot. */
static void sandbox_listen(struct sandbox *sb, const struct sandbox_options *o,
                           struct sockaddr_storage *ss, bool v6)
{
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD;
	struct MHD_OptionItem opts[16];
	unsigned n = 0;

	if (sb->tls_cert)
		flags |= MHD_USE_TLS;
	if (v6)
		flags |= MHD_USE_IPv6;
	/* epoll: no select() and its FD_SETSIZE ceiling on open connections. */
	if (MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES)
		flags = (flags & ~(unsigned)MHD_USE_AUTO_INTERNAL_THREAD) | MHD_USE_EPOLL_INTERNAL_THREAD;
#define OPT(o_, v_, p_) (opts[n++] = (struct MHD_OptionItem){ (o_), (intptr_t)(v_), (p_) })
	OPT(MHD_OPTION_SOCK_ADDR, 0, ss);
	OPT(MHD_OPTION_THREAD_POOL_SIZE, SB_THREADS, NULL);
	OPT(MHD_OPTION_CONNECTION_LIMIT, connection_limit(o->max_connections), NULL);
	OPT(MHD_OPTION_CONNECTION_TIMEOUT, sb->idle_timeout, NULL);
	if (o->per_ip_limit)
		OPT(MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->per_ip_limit, NULL);
	OPT(MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024, NULL);
	if (sb->tls_cert) {
		OPT(MHD_OPTION_HTTPS_MEM_CERT, 0, sb->tls_cert);
		OPT(MHD_OPTION_HTTPS_MEM_KEY, 0, sb->tls_key);
	}
	OPT(MHD_OPTION_END, 0, NULL);
#undef OPT
	/* The callbacks go in the argument list, not in opts: an option
	 * item holds a data pointer, which ISO C cannot convert a function
	 * pointer to. */
	sb->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, sb,
	                              MHD_OPTION_NOTIFY_CONNECTION, on_connection, sb,
	                              MHD_OPTION_URI_LOG_CALLBACK, on_uri, sb,
	                              MHD_OPTION_NOTIFY_COMPLETED, on_completed, sb,
	                              MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
}

/* The port the daemon listens on and the sandbox's URL from it. */
static void sandbox_set_url(struct sandbox *sb, const struct sockaddr_storage *ss, bool v6)
{
	const union MHD_DaemonInfo *info;
	char host[INET6_ADDRSTRLEN];

	info = MHD_get_daemon_info(sb->daemon, MHD_DAEMON_INFO_BIND_PORT);
	sb->port = info ? info->port : 0;
	if (v6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)ss)->sin6_addr,
		          host, sizeof host);
	else
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)ss)->sin_addr,
		          host, sizeof host);
	snprintf(sb->url, sizeof sb->url, "%s://%s%s%s:%u", sb->tls_cert ? "https" : "http",
	         v6 ? "[" : "", host, v6 ? "]" : "", sb->port);
}

struct sandbox *sandbox_start(const struct sandbox_options *o, struct wft_error *err)
{
	struct sandbox_options defaults;
	struct sandbox *sb;
	struct sockaddr_storage ss;
	socklen_t sslen;
	bool v6 = false;
	wft_millis now;

	if (!o) {
		sandbox_options_init(&defaults);
		o = &defaults;
	}
	sb = sandbox_new(o);
	if (!sb) {
		wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		return NULL;
	}
	now = sb->clock(sb->clock_ud);
	if (o->faults) {
		struct body_err e = { "" };
		if (faults_parse_spec(o->faults, &sb->faults, &e) < 0) {
			wft_error_set(err, WFT_ERR_INVALID, "--faults: %s", e.msg);
			goto fail;
		}
	}
	if (sandbox_take_credentials(sb, o, err) < 0 ||
	    parse_listen(o->listen ? o->listen : "127.0.0.1:0", &ss, &sslen, &v6, err) < 0 ||
	    sandbox_fill_store(sb, o, now, err) < 0 ||
	    sandbox_take_tls(sb, o, err) < 0)
		goto fail;
	sandbox_listen(sb, o, &ss, v6);
	if (!sb->daemon) {
		wft_error_set(err, WFT_ERR_IO, "cannot listen on %s%s",
		              o->listen ? o->listen : "127.0.0.1:0",
		              sb->tls_cert ? " (or the TLS certificate or key is unusable)" : "");
		goto fail;
	}
	sandbox_set_url(sb, &ss, v6);
	(void)sslen;
	return sb;
fail:
	sandbox_stop(sb);
	return NULL;
}

unsigned short sandbox_port(const struct sandbox *sb)
{
	return sb->port;
}

const char *sandbox_url(const struct sandbox *sb)
{
	return sb->url;
}

unsigned sandbox_connections(const struct sandbox *sb)
{
	const union MHD_DaemonInfo *info =
		MHD_get_daemon_info(sb->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);

	return info ? info->num_connections : 0;
}
