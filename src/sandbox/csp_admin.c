/* csp_admin.c: the VMware Cloud services administration endpoints the
 * console uses (doc/csp.md): API token details, a new API token for the
 * signed-in user, the organisation owner's deactivate and activate, and the
 * organisation's server-to-server OAuth apps. One organisation
 * (SANDBOX_CSP_ORG_ID); the signed-in administrator holds the CSP roles of
 * the csp_roles option. Answers are bare JSON (no envelope); failures are
 * CSP's {"message", "moduleCode", "statusCode"}. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "mask.h"
#include "sandbox/internal.h"
#include "uuid.h"

#define CSP_BATCH_MAX 15
#define CSP_CLIENTS_MAX 10
#define CSP_TOKENS_PER_USER 50
#define CSP_TOKEN_TTL_MIN 60                     /* seconds */
#define CSP_TOKEN_TTL_MAX (5LL * 365 * 86400)
#define CSP_APP_TTL_MIN 60                       /* 1 minute */
#define CSP_APP_TTL_MAX 18000                    /* 300 minutes */
#define CSP_PAGE_DEFAULT 20
#define CSP_PAGE_MAX 200
#define DAY_MS 86400000LL

/* ------------------------------------------------------------- catalogue */

/* Organisation roles; the first is high-privilege and never given to a
 * token or an app. */
static const char *const org_roles[] = {
	"org_owner", "org_member", "developer", "billing_read_only", "support_user",
};
#define HIGH_PRIVILEGE_ROLE "org_owner"

static const char *const service_roles[] = {
	"aoa:admin", "aoa:member", "aoa:viewer", "aoa:directDataIngestion",
	"aoa:metricsManagement",
};

static bool in_list(const char *const *l, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(l[i], s) == 0)
			return true;
	return false;
}

/* Whether the signed-in administrator holds role (csp_roles: names
 * separated by spaces or commas). */
static bool caller_has(const struct sandbox *sb, const char *role)
{
	const char *p = sb->csp_roles ? sb->csp_roles : "org_owner";
	size_t n = strlen(role);

	while (*p) {
		size_t k;
		while (*p == ' ' || *p == ',')
			p++;
		k = strcspn(p, " ,");
		if (k == n && strncmp(p, role, n) == 0)
			return true;
		p += k;
	}
	return false;
}

/* The organisation in the path: this sandbox's, or 403. */
static int check_org(struct sb_req *r)
{
	if (!r->cap[0] || strcmp(r->cap[0], SANDBOX_CSP_ORG_ID) != 0)
		return sb_fail(r, 403, "The user is not a member of the organization");
	return 200;
}

static int need_owner(struct sb_req *r)
{
	int st = check_org(r);

	if (st != 200)
		return st;
	if (!caller_has(r->sb, "org_owner"))
		return sb_fail(r, 403, "This needs the Organization Owner role");
	return 200;
}

static int need_app_manager(struct sb_req *r)
{
	int st = check_org(r);

	if (st != 200)
		return st;
	if (!caller_has(r->sb, "org_owner") && !caller_has(r->sb, "developer"))
		return sb_fail(r, 403, "This needs the Organization Owner role or the Developer role");
	return 200;
}

static const char *col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	return s ? (const char *)s : "";
}

/* A random string of n letters and digits (n < size of out). */
static int random_text(char *out, size_t n)
{
	static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char b[128];

	if (n >= sizeof b || getrandom(b, n, 0) != (ssize_t)n)
		return -1;
	for (size_t i = 0; i < n; i++)
		out[i] = alnum[b[i] % 62];
	out[n] = '\0';
	wft_wipe(b, sizeof b);
	return 0;
}

/* ------------------------------------------------------------ scopes */

/* Checks a roles array ([{name, resource}]) against allowed; writes it. */
static int check_roles(struct sb_req *r, json_object *arr, const char *const *allowed,
                       size_t n_allowed, bool org, struct jw *w, int *count)
{
	size_t n;

	jw_arr(w);
	if (arr) {
		if (!json_object_is_type(arr, json_type_array))
			return sb_fail(r, 400, "roles must be a list");
		n = json_object_array_length(arr);
		for (size_t i = 0; i < n; i++) {
			json_object *e = json_object_array_get_idx(arr, i), *v;
			const char *name;
			if (!json_object_is_type(e, json_type_object) ||
			    !json_object_object_get_ex(e, "name", &v) ||
			    !json_object_is_type(v, json_type_string))
				return sb_fail(r, 400, "Every role needs a name");
			name = json_object_get_string(v);
			if (org && strcmp(name, HIGH_PRIVILEGE_ROLE) == 0)
				return sb_fail(r, 400, "The role '%s' is high-privilege and cannot be given",
				               name);
			if (!in_list(allowed, n_allowed, name))
				return sb_fail(r, 400, "Unknown role '%.80s'", name);
			jw_obj(w);
			jw_kstr(w, "name", name);
			if (json_object_object_get_ex(e, "resource", &v) &&
			    json_object_is_type(v, json_type_string))
				jw_kstr(w, "resource", json_object_get_string(v));
			jw_obj_end(w);
			(*count)++;
		}
	}
	jw_arr_end(w);
	return 200;
}

static bool all_roles(json_object *o)
{
	json_object *v;

	return o && json_object_object_get_ex(o, "allRoles", &v) &&
	       json_object_is_type(v, json_type_boolean) && json_object_get_boolean(v);
}

/* Validates allowedScopes and writes it, normalised, into w. 200 or 400. */
static int check_scopes(struct sb_req *r, json_object *s, struct jw *w, bool need_role)
{
	json_object *org = NULL, *svcs = NULL, *gen = NULL, *v;
	int count = 0, st;

	if (s && !json_object_is_type(s, json_type_object))
		return sb_fail(r, 400, "allowedScopes must be an object");
	if (s) {
		json_object_object_get_ex(s, "organizationScopes", &org);
		json_object_object_get_ex(s, "servicesScopes", &svcs);
		json_object_object_get_ex(s, "generalScopes", &gen);
	}
	if (all_roles(org))
		return sb_fail(r, 400, "'All Roles' cannot be given: choose the roles");
	jw_obj(w);
	jw_key(w, "organizationScopes");
	jw_obj(w);
	jw_key(w, "roles");
	v = NULL;
	if (org && json_object_is_type(org, json_type_object))
		json_object_object_get_ex(org, "roles", &v);
	if ((st = check_roles(r, v, org_roles, sizeof org_roles / sizeof *org_roles, true, w,
	                      &count)) != 200)
		return st;
	jw_obj_end(w);
	jw_key(w, "servicesScopes");
	jw_arr(w);
	if (svcs && !json_object_is_type(svcs, json_type_array))
		return sb_fail(r, 400, "servicesScopes must be a list");
	for (size_t i = 0; svcs && i < json_object_array_length(svcs); i++) {
		json_object *e = json_object_array_get_idx(svcs, i), *id = NULL, *roles = NULL;
		if (!json_object_is_type(e, json_type_object) ||
		    !json_object_object_get_ex(e, "serviceDefinitionId", &id) ||
		    !json_object_is_type(id, json_type_string))
			return sb_fail(r, 400, "Every service scope needs a serviceDefinitionId");
		if (strcmp(json_object_get_string(id), SANDBOX_CSP_SERVICE_ID) != 0)
			return sb_fail(r, 400, "Unknown service '%.80s'", json_object_get_string(id));
		if (all_roles(e))
			return sb_fail(r, 400, "'All Roles' cannot be given: choose the roles");
		json_object_object_get_ex(e, "roles", &roles);
		jw_obj(w);
		jw_kstr(w, "serviceDefinitionId", SANDBOX_CSP_SERVICE_ID);
		jw_key(w, "roles");
		if ((st = check_roles(r, roles, service_roles,
		                      sizeof service_roles / sizeof *service_roles, false, w,
		                      &count)) != 200)
			return st;
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "generalScopes");
	jw_arr(w);
	if (gen && !json_object_is_type(gen, json_type_array))
		return sb_fail(r, 400, "generalScopes must be a list");
	for (size_t i = 0; gen && i < json_object_array_length(gen); i++) {
		json_object *e = json_object_array_get_idx(gen, i);
		if (!json_object_is_type(e, json_type_string))
			return sb_fail(r, 400, "generalScopes must be strings");
		jw_str(w, json_object_get_string(e));
	}
	jw_arr_end(w);
	jw_obj_end(w);
	if (need_role && count == 0)
		return sb_fail(r, 400, "Choose at least one role");
	return 200;
}

/* ------------------------------------------------------------- API tokens */

#define TOKEN_COLS "id, name, user_id, username, created, expires, last_used, scopes, deactivated"

static void write_details(struct jw *w, sqlite3_stmt *st)
{
	jw_obj(w);
	jw_kstr(w, "tokenId", col_text(st, 0));
	jw_kstr(w, "tokenName", col_text(st, 1));
	jw_kstr(w, "orgId", SANDBOX_CSP_ORG_ID);
	jw_kstr(w, "userId", col_text(st, 2));
	jw_kstr(w, "username", col_text(st, 3));
	jw_kstr(w, "domain", "sandbox.example");
	jw_kint(w, "createdAt", sqlite3_column_int64(st, 4));
	if (sqlite3_column_int64(st, 5) > 0)
		jw_kint(w, "expiresAt", sqlite3_column_int64(st, 5));
	else {
		jw_key(w, "expiresAt");
		jw_null(w);
	}
	if (sqlite3_column_type(st, 6) != SQLITE_NULL)
		jw_kint(w, "lastUsedAt", sqlite3_column_int64(st, 6));
	jw_key(w, "scope");
	jw_arr(w);
	jw_str(w, "openid");
	jw_str(w, "csp:org_member");
	jw_arr_end(w);
	jw_key(w, "allowedScopes");
	jw_raw(w, col_text(st, 7));
	jw_kbool(w, "deactivated", sqlite3_column_int(st, 8) != 0);
	jw_obj_end(w);
}

int csp_admin_details(struct sb_req *r)
{
	json_object *o;
	const char *value = NULL;
	struct body_err e = { "" };
	sqlite3_stmt *st;
	int status = sb_json_body(r, &o), rc;

	if (status != 200)
		return status;
	if (!o || body_get_string(o, "tokenValue", 4096, &value, &e) != 0 || !*value) {
		json_object_put(o);
		return sb_fail(r, 400, "tokenValue is required");
	}
	st = store_stmt(r->sb, "SELECT " TOKEN_COLS " FROM csp_api_tokens WHERE value = ?1");
	if (!st) {
		json_object_put(o);
		return sb_db_fail(r);
	}
	sqlite3_bind_text(st, 1, value, -1, SQLITE_TRANSIENT);
	wft_wipe((char *)value, strlen(value));
	json_object_put(o);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r->raw = true;
		write_details(&r->out, st);
		sqlite3_reset(st);
		return 200;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sb_db_fail(r);
	return sb_fail(r, 400, "Invalid API token");
}

int csp_admin_generate(struct sb_req *r)
{
	json_object *o, *scopes = NULL;
	const char *name = NULL;
	int64_t ttl = 0;
	bool notify = false;
	struct body_err e = { "" };
	struct jw sc;
	char id[WFT_UUID_SIZE], value[66];
	sqlite3_stmt *st;
	int status = sb_json_body(r, &o), rc, n;

	if (status != 200)
		return status;
	if (!o || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return sb_fail(r, 400, "A JSON object is required");
	}
	if (body_get_string(o, "tokenName", BODY_MAX_NAME, &name, &e) != 0 || !*name) {
		json_object_put(o);
		return sb_fail(r, 400, "tokenName is required");
	}
	if (body_get_int(o, "refreshTokenTTL", CSP_TOKEN_TTL_MIN, CSP_TOKEN_TTL_MAX, &ttl, &e) != 0) {
		json_object_put(o);
		return sb_fail(r, 400, "refreshTokenTTL must be from %d seconds to %lld seconds",
		               CSP_TOKEN_TTL_MIN, CSP_TOKEN_TTL_MAX);
	}
	if (body_get_bool(o, "notifyBeforeExpiry", &notify, &e) < 0) {
		json_object_put(o);
		return sb_fail(r, 400, "%s", e.msg);
	}
	json_object_object_get_ex(o, "allowedScopes", &scopes);
	jw_init(&sc);
	if ((status = check_scopes(r, scopes, &sc, true)) != 200 || sc.oom) {
		jw_free(&sc);
		json_object_put(o);
		return status != 200 ? status : sb_fail(r, 500, "Out of memory");
	}
	st = store_stmt(r->sb, "SELECT count(*) FROM csp_api_tokens WHERE user_id = ?1");
	if (!st || (sqlite3_bind_text(st, 1, SANDBOX_ADMIN_ID, -1, SQLITE_STATIC),
	            sqlite3_step(st)) != SQLITE_ROW) {
		jw_free(&sc);
		json_object_put(o);
		return sb_db_fail(r);
	}
	n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (n >= CSP_TOKENS_PER_USER) {
		jw_free(&sc);
		json_object_put(o);
		return sb_fail(r, 400, "A user may hold at most %d API tokens", CSP_TOKENS_PER_USER);
	}
	if (wft_uuid_random(id) != 0 || random_text(value, 65) != 0) {
		jw_free(&sc);
		json_object_put(o);
		return sb_fail(r, 500, "No randomness for the token");
	}
	st = store_stmt(r->sb,
		"INSERT INTO csp_api_tokens (id, value, name, user_id, username, created, expires, scopes) "
		"VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7)");
	if (!st) {
		wft_wipe(value, sizeof value);
		jw_free(&sc);
		json_object_put(o);
		return sb_db_fail(r);
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, SANDBOX_ADMIN_ID, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, r->now);
	sqlite3_bind_int64(st, 6, r->now + ttl * 1000);
	sqlite3_bind_text(st, 7, sc.buf ? sc.buf : "{}", -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	jw_free(&sc);
	json_object_put(o);
	if (rc != SQLITE_DONE) {
		wft_wipe(value, sizeof value);
		return sb_db_fail(r);
	}
	r->raw = true;
	jw_obj(&r->out);
	jw_kstr(&r->out, "apiToken", value);
	jw_obj_end(&r->out);
	wft_wipe(value, sizeof value);
	return 200;
}

/* Reads {key: [ids]} of at most max ids into ids; the count, or -1 (400). */
static int read_ids(struct sb_req *r, json_object *o, const char *key, int max,
                    const char **ids, int cap)
{
	json_object *arr;
	int n;

	if (!o || !json_object_object_get_ex(o, key, &arr) ||
	    !json_object_is_type(arr, json_type_array) || json_object_array_length(arr) == 0) {
		sb_fail(r, 400, "%s must be a list of ids", key);
		return -1;
	}
	n = (int)json_object_array_length(arr);
	if (n > max) {
		sb_fail(r, 400, "At most %d ids per request (%d given)", max, n);
		return -1;
	}
	for (int i = 0; i < n && i < cap; i++) {
		json_object *e = json_object_array_get_idx(arr, i);
		if (!json_object_is_type(e, json_type_string) || !json_object_get_string_len(e) ||
		    json_object_get_string_len(e) > 256) {
			sb_fail(r, 400, "%s must hold id strings", key);
			return -1;
		}
		ids[i] = json_object_get_string(e);
	}
	return n;
}

/* The start of a batch change of the ids in key of the body (at most
 * CSP_BATCH_MAX): the caller's right (need: its status), the body (*o),
 * the ids, a transaction and the two lists of the answer. Returns how many
 * ids, or minus the status already answered when it cannot start. */
static int batch_begin(struct sb_req *r, int need, const char *key, const char **ids,
                       json_object **o, struct jw *ok, struct jw *bad)
{
	int n, status;

	if (need != 200)
		return -need;
	if ((status = sb_json_body(r, o)) != 200)
		return -status;
	if ((n = read_ids(r, *o, key, CSP_BATCH_MAX, ids, CSP_BATCH_MAX)) < 0) {
		json_object_put(*o);
		return -400;
	}
	if (store_begin(r->sb) < 0) {
		json_object_put(*o);
		return -sb_db_fail(r);
	}
	jw_init(ok);
	jw_init(bad);
	jw_arr(ok);
	jw_arr(bad);
	return n;
}

/* The end of a batch change: commits, answers {ok_key: [...], bad_key:
 * [...]} from the two lists (or the database failure when ok_key is NULL or
 * the commit fails), and frees the lists and the request body o. */
static int batch_answer(struct sb_req *r, struct jw *ok, struct jw *bad, const char *ok_key,
                        const char *bad_key, json_object *o)
{
	int status = 200;

	if (!ok_key || store_commit(r->sb) < 0) {
		status = sb_db_fail(r);
	} else {
		jw_arr_end(ok);
		jw_arr_end(bad);
		r->raw = true;
		jw_obj(&r->out);
		jw_key(&r->out, ok_key);
		jw_raw(&r->out, ok->buf ? ok->buf : "[]");
		jw_key(&r->out, bad_key);
		jw_raw(&r->out, bad->buf ? bad->buf : "[]");
		jw_obj_end(&r->out);
	}
	jw_free(ok);
	jw_free(bad);
	json_object_put(o);
	return status;
}

static int set_deactivated(struct sb_req *r, bool deactivated)
{
	const char *ids[CSP_BATCH_MAX];
	json_object *o;
	struct jw ok, bad;
	int n = batch_begin(r, need_owner(r), "ids", ids, &o, &ok, &bad), rc;

	if (n < 0)
		return -n;
	for (int i = 0; i < n; i++) {
		sqlite3_stmt *st = store_stmt(r->sb,
			"UPDATE csp_api_tokens SET deactivated = ?2 WHERE id = ?1");
		if (!st)
			goto db;
		sqlite3_bind_text(st, 1, ids[i], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, deactivated);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			goto db;
		if (sqlite3_changes(store_db(r->sb)) > 0) {
			jw_str(&ok, ids[i]);
		} else {
			jw_obj(&bad);
			jw_kstr(&bad, "id", ids[i]);
			jw_kstr(&bad, "message", "No API token with this id in the organization");
			jw_obj_end(&bad);
		}
	}
	return batch_answer(r, &ok, &bad, "successes", "failures", o);
db:
	return batch_answer(r, &ok, &bad, NULL, NULL, o);
}

int csp_admin_deactivate(struct sb_req *r)
{
	return set_deactivated(r, true);
}

int csp_admin_activate(struct sb_req *r)
{
	return set_deactivated(r, false);
}

/* ---------------------------------------------------------------- OAuth apps */

#define APP_COLS "id, display_name, description, ttl, scopes, created, created_by, last_used, secret_set"

static void write_app(struct jw *w, sqlite3_stmt *st, wft_millis now)
{
	jw_obj(w);
	jw_kstr(w, "id", col_text(st, 0));
	jw_kstr(w, "displayName", col_text(st, 1));
	jw_kstr(w, "description", col_text(st, 2));
	jw_kint(w, "accessTokenTTL", sqlite3_column_int64(st, 3));
	jw_key(w, "allowedScopes");
	jw_raw(w, col_text(st, 4));
	jw_key(w, "grantTypes");
	jw_arr(w);
	jw_str(w, "client_credentials");
	jw_arr_end(w);
	jw_kint(w, "createdAt", sqlite3_column_int64(st, 5));
	jw_kstr(w, "createdBy", col_text(st, 6));
	if (sqlite3_column_type(st, 7) != SQLITE_NULL)
		jw_kint(w, "lastUsedAt", sqlite3_column_int64(st, 7));
	jw_kint(w, "secretAge", now - sqlite3_column_int64(st, 8));
	jw_kstr(w, "organizationId", SANDBOX_CSP_ORG_ID);
	jw_obj_end(w);
}

/* Percent-encodes s into w (a query value). */
static void write_query_value(struct jw *w, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || strchr("-._~", c)) {
			jw_bytes(w, (const char *)&c, 1);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			jw_bytes(w, e, 3);
		}
	}
}

static int page_arg(struct sb_req *r, const char *name, int64_t def, int64_t min, int64_t max,
                    int64_t *out)
{
	const char *v = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
	char *end;
	long long n;

	*out = def;
	if (!v)
		return 200;
	n = strtoll(v, &end, 10);
	if (end == v || *end || n < min || n > max)
		return sb_fail(r, 400, "%s must be a number from %lld to %lld", name,
		               (long long)min, (long long)max);
	*out = n;
	return 200;
}

int csp_admin_apps(struct sb_req *r)
{
	const char *term = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "searchTerm");
	int64_t start, limit, total = 0, shown = 0;
	int status = need_app_manager(r), rc;
	sqlite3_stmt *st;

	if (status != 200)
		return status;
	if ((status = page_arg(r, "pageStart", 1, 1, INT32_MAX, &start)) != 200 ||
	    (status = page_arg(r, "pageLimit", CSP_PAGE_DEFAULT, 1, 100000, &limit)) != 200)
		return status;
	if (limit > CSP_PAGE_MAX)
		limit = CSP_PAGE_MAX;
	if (term && strlen(term) > 256)
		return sb_fail(r, 400, "searchTerm is too long");
	st = store_stmt(r->sb,
		"SELECT " APP_COLS ", count(*) OVER () FROM csp_oauth_apps "
		"WHERE instr(lower(display_name), lower(?1)) > 0 OR instr(lower(description), lower(?1)) > 0 "
		"OR instr(lower(id), lower(?1)) > 0 OR ?1 = '' "
		"ORDER BY seq LIMIT ?2 OFFSET ?3");
	if (!st)
		return sb_db_fail(r);
	sqlite3_bind_text(st, 1, term ? term : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, limit);
	sqlite3_bind_int64(st, 3, start - 1);
	r->raw = true;
	jw_obj(&r->out);
	jw_key(&r->out, "results");
	jw_arr(&r->out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		write_app(&r->out, st, r->now);
		total = sqlite3_column_int64(st, 9);
		shown++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sb_db_fail(r);
	jw_arr_end(&r->out);
	if (shown && start - 1 + shown < total) {
		struct jw link;
		char head[200];
		jw_init(&link);
		snprintf(head, sizeof head, "/csp/gateway/am/api/orgs/%s/oauth-apps?pageStart=%lld&pageLimit=%lld",
		         SANDBOX_CSP_ORG_ID, (long long)(start + shown), (long long)limit);
		jw_bytes(&link, head, strlen(head));
		if (term && *term) {
			jw_bytes(&link, "&searchTerm=", 12);
			write_query_value(&link, term);
		}
		jw_bytes(&link, "", 1);
		jw_kstr(&r->out, "nextLink", link.buf ? link.buf : "");
		jw_free(&link);
	}
	if (start > 1) {
		char prev[200];
		int64_t p = start - limit < 1 ? 1 : start - limit;
		snprintf(prev, sizeof prev, "/csp/gateway/am/api/orgs/%s/oauth-apps?pageStart=%lld&pageLimit=%lld",
		         SANDBOX_CSP_ORG_ID, (long long)p, (long long)limit);
		jw_kstr(&r->out, "prevLink", prev);
	}
	if (!shown) {
		/* count(*) OVER () is not known without a row. */
		sqlite3_stmt *c = store_stmt(r->sb, "SELECT count(*) FROM csp_oauth_apps");
		if (c && sqlite3_step(c) == SQLITE_ROW && !term)
			total = sqlite3_column_int64(c, 0);
		if (c)
			sqlite3_reset(c);
	}
	jw_kint(&r->out, "totalResults", total);
	jw_obj_end(&r->out);
	return 200;
}

/* Writes app id into r->out; 404 when there is none. */
static int answer_app(struct sb_req *r, const char *id)
{
	sqlite3_stmt *st = store_stmt(r->sb, "SELECT " APP_COLS " FROM csp_oauth_apps WHERE id = ?1");
	int rc;

	if (!st)
		return sb_db_fail(r);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r->raw = true;
		jw_reset(&r->out);
		write_app(&r->out, st, r->now);
		sqlite3_reset(st);
		return 200;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sb_db_fail(r);
	return sb_fail(r, 404, "No OAuth app with this id in the organization");
}

int csp_admin_app(struct sb_req *r)
{
	int status = need_app_manager(r);

	return status != 200 ? status : answer_app(r, r->cap[1]);
}

/* Checks the writable fields of an app body (create: all required). */
static int app_fields(struct sb_req *r, json_object *o, bool create, const char **name,
                      const char **desc, int64_t *ttl)
{
	struct body_err e = { "" };
	json_object *g;
	int got;

	*name = *desc = NULL;
	*ttl = 0;
	if (!o || !json_object_is_type(o, json_type_object))
		return sb_fail(r, 400, "A JSON object is required");
	got = body_get_string(o, "displayName", BODY_MAX_NAME, name, &e);
	if (got < 0 || (got == 0 && !**name) || (create && got == 1))
		return sb_fail(r, 400, "displayName is required");
	if (body_get_string(o, "description", BODY_MAX_TEXT, desc, &e) < 0)
		return sb_fail(r, 400, "%s", e.msg);
	got = body_get_int(o, "accessTokenTTL", CSP_APP_TTL_MIN, CSP_APP_TTL_MAX, ttl, &e);
	if (got < 0 || (create && got == 1))
		return sb_fail(r, 400, "accessTokenTTL must be from %d to %d seconds",
		               CSP_APP_TTL_MIN, CSP_APP_TTL_MAX);
	if (json_object_object_get_ex(o, "grantTypes", &g) && g) {
		if (!json_object_is_type(g, json_type_array) || json_object_array_length(g) != 1 ||
		    strcmp(json_object_get_string(json_object_array_get_idx(g, 0)),
		           "client_credentials") != 0)
			return sb_fail(r, 400, "grantTypes must be [\"client_credentials\"]");
	} else if (create) {
		return sb_fail(r, 400, "grantTypes must be [\"client_credentials\"]");
	}
	return 200;
}

static int answer_secret(struct sb_req *r, const char *id, const char *secret)
{
	r->raw = true;
	jw_reset(&r->out);
	jw_obj(&r->out);
	jw_kstr(&r->out, "clientId", id);
	jw_kstr(&r->out, "clientSecret", secret);
	jw_obj_end(&r->out);
	return 200;
}

int csp_admin_app_create(struct sb_req *r)
{
	json_object *o, *scopes = NULL;
	const char *name, *desc;
	int64_t ttl;
	char id[40], secret[41], rnd[9];
	struct jw sc;
	sqlite3_stmt *st;
	int status = need_app_manager(r), rc;

	if (status != 200)
		return status;
	if ((status = sb_json_body(r, &o)) != 200)
		return status;
	if ((status = app_fields(r, o, true, &name, &desc, &ttl)) != 200) {
		json_object_put(o);
		return status;
	}
	json_object_object_get_ex(o, "allowedScopes", &scopes);
	jw_init(&sc);
	if ((status = check_scopes(r, scopes, &sc, false)) != 200) {
		jw_free(&sc);
		json_object_put(o);
		return status;
	}
	if (random_text(rnd, 8) != 0 || random_text(secret, 40) != 0) {
		jw_free(&sc);
		json_object_put(o);
		return sb_fail(r, 500, "No randomness for the app");
	}
	for (char *p = rnd; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	snprintf(id, sizeof id, "sandbox-app-%s", rnd);
	st = store_stmt(r->sb,
		"INSERT INTO csp_oauth_apps (id, secret, display_name, description, ttl, scopes, created, "
		"created_by, secret_set) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7)");
	if (!st) {
		jw_free(&sc);
		json_object_put(o);
		return sb_db_fail(r);
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, secret, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, desc ? desc : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, ttl);
	sqlite3_bind_text(st, 6, sc.buf ? sc.buf : "{}", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 7, r->now);
	sqlite3_bind_text(st, 8, SANDBOX_ADMIN_ID, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	jw_free(&sc);
	json_object_put(o);
	if (rc != SQLITE_DONE) {
		wft_wipe(secret, sizeof secret);
		return sb_db_fail(r);
	}
	status = answer_secret(r, id, secret);
	wft_wipe(secret, sizeof secret);
	return status;
}

int csp_admin_app_modify(struct sb_req *r)
{
	json_object *o;
	const char *name, *desc;
	int64_t ttl;
	sqlite3_stmt *st;
	int status = need_app_manager(r), rc;

	if (status != 200)
		return status;
	if ((status = sb_json_body(r, &o)) != 200)
		return status;
	if ((status = app_fields(r, o, false, &name, &desc, &ttl)) != 200) {
		json_object_put(o);
		return status;
	}
	st = store_stmt(r->sb,
		"UPDATE csp_oauth_apps SET display_name = coalesce(?2, display_name), "
		"description = coalesce(?3, description), ttl = CASE WHEN ?4 > 0 THEN ?4 ELSE ttl END "
		"WHERE id = ?1");
	if (!st) {
		json_object_put(o);
		return sb_db_fail(r);
	}
	sqlite3_bind_text(st, 1, r->cap[1], -1, SQLITE_STATIC);
	if (name)
		sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	if (desc)
		sqlite3_bind_text(st, 3, desc, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, ttl);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	json_object_put(o);
	if (rc != SQLITE_DONE)
		return sb_db_fail(r);
	return answer_app(r, r->cap[1]);
}

int csp_admin_app_secret(struct sb_req *r)
{
	json_object *o;
	char secret[41];
	sqlite3_stmt *st;
	int status = need_app_manager(r), rc;

	if (status != 200)
		return status;
	if ((status = sb_json_body(r, &o)) != 200)
		return status;
	json_object_put(o);
	if (random_text(secret, 40) != 0)
		return sb_fail(r, 500, "No randomness for the secret");
	st = store_stmt(r->sb, "UPDATE csp_oauth_apps SET secret = ?2, secret_set = ?3 WHERE id = ?1");
	if (!st)
		return sb_db_fail(r);
	sqlite3_bind_text(st, 1, r->cap[1], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, secret, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, r->now);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		wft_wipe(secret, sizeof secret);
		return sb_db_fail(r);
	}
	if (sqlite3_changes(store_db(r->sb)) == 0) {
		wft_wipe(secret, sizeof secret);
		return sb_fail(r, 404, "No OAuth app with this id in the organization");
	}
	status = answer_secret(r, r->cap[1], secret);
	wft_wipe(secret, sizeof secret);
	return status;
}

int csp_admin_apps_delete(struct sb_req *r)
{
	const char *ids[CSP_BATCH_MAX];
	json_object *o;
	struct jw ok, bad;
	int n = batch_begin(r, need_app_manager(r), "clientIdsToDelete", ids, &o, &ok, &bad), rc;

	if (n < 0)
		return -n;
	for (int i = 0; i < n; i++) {
		sqlite3_stmt *st = store_stmt(r->sb, "DELETE FROM csp_oauth_apps WHERE id = ?1");
		if (!st)
			goto db;
		sqlite3_bind_text(st, 1, ids[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			goto db;
		jw_str(sqlite3_changes(store_db(r->sb)) > 0 ? &ok : &bad, ids[i]);
	}
	return batch_answer(r, &ok, &bad, "succeeded", "failed", o);
db:
	return batch_answer(r, &ok, &bad, NULL, NULL, o);
}

int csp_admin_clients(struct sb_req *r)
{
	const char *ids[CSP_CLIENTS_MAX];
	json_object *o, *orgr = NULL, *svcr = NULL;
	int status = need_owner(r), n, rc;
	struct jw roles, bad;
	int count = 0;

	if (status != 200)
		return status;
	if ((status = sb_json_body(r, &o)) != 200)
		return status;
	if ((n = read_ids(r, o, "ids", CSP_CLIENTS_MAX, ids, CSP_CLIENTS_MAX)) < 0) {
		json_object_put(o);
		return 400;
	}
	json_object_object_get_ex(o, "organizationRoles", &orgr);
	json_object_object_get_ex(o, "serviceRoles", &svcr);
	jw_init(&roles);
	jw_init(&bad);
	/* organizationRoles [{name}] reads as a roles list. */
	if ((status = check_roles(r, orgr, org_roles, sizeof org_roles / sizeof *org_roles, true,
	                          &roles, &count)) != 200)
		goto out;
	if (svcr && !json_object_is_type(svcr, json_type_array)) {
		status = sb_fail(r, 400, "serviceRoles must be a list");
		goto out;
	}
	for (size_t i = 0; svcr && i < json_object_array_length(svcr); i++) {
		json_object *e = json_object_array_get_idx(svcr, i), *id, *names;
		if (!json_object_is_type(e, json_type_object) ||
		    !json_object_object_get_ex(e, "serviceDefinitionId", &id) ||
		    !json_object_is_type(id, json_type_string) ||
		    strcmp(json_object_get_string(id), SANDBOX_CSP_SERVICE_ID) != 0) {
			status = sb_fail(r, 400, "Unknown service in serviceRoles");
			goto out;
		}
		if (!json_object_object_get_ex(e, "serviceRoleNames", &names) ||
		    !json_object_is_type(names, json_type_array)) {
			status = sb_fail(r, 400, "serviceRoleNames must be a list");
			goto out;
		}
		for (size_t k = 0; k < json_object_array_length(names); k++) {
			const char *nm = json_object_get_string(json_object_array_get_idx(names, k));
			if (!nm || !in_list(service_roles, sizeof service_roles / sizeof *service_roles, nm)) {
				status = sb_fail(r, 400, "Unknown service role '%.80s'", nm ? nm : "");
				goto out;
			}
			count++;
		}
	}
	if (count == 0) {
		status = sb_fail(r, 400, "Choose at least one role");
		goto out;
	}
	if (store_begin(r->sb) < 0) {
		status = sb_db_fail(r);
		goto out;
	}
	jw_arr(&bad);
	for (int i = 0; i < n; i++) {
		sqlite3_stmt *st = store_stmt(r->sb, "SELECT in_org FROM csp_oauth_apps WHERE id = ?1");
		const char *why = NULL;
		if (!st) {
			status = sb_db_fail(r);
			goto out;
		}
		sqlite3_bind_text(st, 1, ids[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE)
			why = "No OAuth app with this id";
		else if (rc == SQLITE_ROW && sqlite3_column_int(st, 0))
			why = "The app is already in the organization";
		sqlite3_reset(st);
		if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
			status = sb_db_fail(r);
			goto out;
		}
		if (why) {
			jw_obj(&bad);
			jw_kstr(&bad, "id", ids[i]);
			jw_kstr(&bad, "message", why);
			jw_obj_end(&bad);
			continue;
		}
		st = store_stmt(r->sb, "UPDATE csp_oauth_apps SET in_org = 1, org_roles = ?2 WHERE id = ?1");
		if (!st) {
			status = sb_db_fail(r);
			goto out;
		}
		sqlite3_bind_text(st, 1, ids[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, roles.buf ? roles.buf : "[]", -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			status = sb_db_fail(r);
			goto out;
		}
	}
	if (store_commit(r->sb) < 0) {
		status = sb_db_fail(r);
		goto out;
	}
	jw_arr_end(&bad);
	r->raw = true;
	jw_obj(&r->out);
	jw_key(&r->out, "failures");
	jw_raw(&r->out, bad.buf ? bad.buf : "[]");
	jw_obj_end(&r->out);
	status = 200;
out:
	jw_free(&roles);
	jw_free(&bad);
	json_object_put(o);
	return status;
}

/* ------------------------------------------------------------- sign-in */

int csp_admin_token_check(struct sandbox *sb, const char *value, wft_millis now)
{
	sqlite3_stmt *st = store_stmt(sb,
		"SELECT deactivated, expires FROM csp_api_tokens WHERE value = ?1");
	int rc, ok = -1;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		int64_t exp = sqlite3_column_int64(st, 1);
		ok = !sqlite3_column_int(st, 0) && (exp == 0 || exp > now);
	}
	sqlite3_reset(st);
	if (ok == 1 && (st = store_stmt(sb, "UPDATE csp_api_tokens SET last_used = ?2 WHERE value = ?1"))) {
		sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, now);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	return ok;
}

int csp_admin_client_check(struct sandbox *sb, const char *id, const char *secret,
                           wft_millis now)
{
	sqlite3_stmt *st = store_stmt(sb, "SELECT secret FROM csp_oauth_apps WHERE id = ?1");
	int rc, ok = -1;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *s = col_text(st, 0);
		size_t a = strlen(s), b = strlen(secret);
		unsigned char d = a != b;
		for (size_t i = 0; i < a && i < b; i++)
			d |= (unsigned char)(s[i] ^ secret[i]);
		ok = d == 0;
	}
	sqlite3_reset(st);
	if (ok == 1 && (st = store_stmt(sb, "UPDATE csp_oauth_apps SET last_used = ?2 WHERE id = ?1"))) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, now);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	return ok;
}

/* ---------------------------------------------------------------- seeding */

static const char seed_scopes_member[] =
	"{\"organizationScopes\":{\"roles\":[{\"name\":\"org_member\"}]},\"servicesScopes\":"
	"[{\"serviceDefinitionId\":\"" SANDBOX_CSP_SERVICE_ID "\",\"roles\":[{\"name\":\"aoa:admin\"}]}],"
	"\"generalScopes\":[]}";
static const char seed_scopes_ingest[] =
	"{\"organizationScopes\":{\"roles\":[]},\"servicesScopes\":"
	"[{\"serviceDefinitionId\":\"" SANDBOX_CSP_SERVICE_ID "\",\"roles\":[{\"name\":\"aoa:directDataIngestion\"}]}],"
	"\"generalScopes\":[]}";

static int seed_token(struct sandbox *sb, const char *id, const char *value, const char *name,
                      const char *user, wft_millis created, wft_millis expires,
                      const wft_millis *last_used, bool deactivated, bool replace)
{
	sqlite3_stmt *st = store_stmt(sb, replace
		? "INSERT INTO csp_api_tokens (id, value, name, user_id, username, created, expires, "
		  "last_used, scopes, deactivated) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8, ?9) "
		  "ON CONFLICT(id) DO UPDATE SET value = excluded.value, expires = excluded.expires, "
		  "deactivated = 0"
		: "INSERT OR IGNORE INTO csp_api_tokens (id, value, name, user_id, username, created, "
		  "expires, last_used, scopes, deactivated) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8, ?9)");
	char rnd[66];
	int rc;

	if (!st)
		return -1;
	if (!value) {
		if (random_text(rnd, 65) != 0)
			return -1;
		value = rnd;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, user, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, created);
	sqlite3_bind_int64(st, 6, expires);
	if (last_used)
		sqlite3_bind_int64(st, 7, *last_used);
	sqlite3_bind_text(st, 8, strstr(name, "ingest") ? seed_scopes_ingest : seed_scopes_member, -1,
	                  SQLITE_STATIC);
	sqlite3_bind_int(st, 9, deactivated);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	wft_wipe(rnd, sizeof rnd);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int seed_app(struct sandbox *sb, const char *id, const char *secret, const char *name,
                    const char *desc, int ttl, wft_millis created, const char *by,
                    const wft_millis *last_used, wft_millis secret_set, bool in_org,
                    bool replace)
{
	sqlite3_stmt *st = store_stmt(sb, replace
		? "INSERT INTO csp_oauth_apps (id, secret, display_name, description, ttl, scopes, "
		  "created, created_by, last_used, secret_set, in_org) "
		  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
		  "ON CONFLICT(id) DO UPDATE SET secret = excluded.secret"
		: "INSERT OR IGNORE INTO csp_oauth_apps (id, secret, display_name, description, ttl, "
		  "scopes, created, created_by, last_used, secret_set, in_org) "
		  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
	char rnd[41];
	int rc;

	if (!st)
		return -1;
	if (!secret) {
		if (random_text(rnd, 40) != 0)
			return -1;
		secret = rnd;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, secret, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, desc, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, ttl);
	sqlite3_bind_text(st, 6, strstr(name, "ngest") ? seed_scopes_ingest : seed_scopes_member, -1,
	                  SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, created);
	sqlite3_bind_text(st, 8, by, -1, SQLITE_STATIC);
	if (last_used)
		sqlite3_bind_int64(st, 9, *last_used);
	sqlite3_bind_int64(st, 10, secret_set);
	sqlite3_bind_int(st, 11, in_org);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	wft_wipe(rnd, sizeof rnd);
	return rc == SQLITE_DONE ? 0 : -1;
}

int seed_csp(struct sandbox *sb, wft_millis now, int token_days, struct wft_error *err)
{
	static const struct {
		const char *id, *name, *user;
		int created_days, expires_days, used_hours;   /* used_hours < 0: never */
		bool deactivated;
	} tokens[] = {
		{ SANDBOX_CSP_SEED_TOKEN "02", "ci-pipeline", SANDBOX_ADMIN_ID, 350, 9, 2, false },
		{ SANDBOX_CSP_SEED_TOKEN "03", "grafana-sync", "ops@sandbox.example", 120, 240, 72, false },
		{ SANDBOX_CSP_SEED_TOKEN "04", "old laptop", "dev@sandbox.example", 700, 30, -1, false },
		{ SANDBOX_CSP_SEED_TOKEN "05", "reporting", "ops@sandbox.example", 200, 160, 900, true },
		{ SANDBOX_CSP_SEED_TOKEN "06", "expired key", "dev@sandbox.example", 400, -5, 2400, false },
		{ SANDBOX_CSP_SEED_TOKEN "07", "ingest-edge", "ops@sandbox.example", 30, 150, 1, false },
	};
	static const struct {
		const char *id, *name, *desc;
		int ttl, created_days, used_hours, secret_days;
		bool in_org;
	} apps[] = {
		{ "sandbox-app-terraform", "terraform-ci", "Terraform pipeline", 1800, 400, 3, 400, true },
		{ "sandbox-app-grafana", "grafana-reader", "Dashboards in Grafana", 3600, 220, 1, 90, true },
		{ "sandbox-app-ingest", "ingest-gateway", "Direct ingestion from the edge", 300, 60, 0, 60, true },
		{ "sandbox-app-backup", "backup-exporter", "Nightly export", 18000, 800, 700 * 24, 800, true },
		{ "sandbox-app-k8s", "k8s-collector", "Kubernetes collector", 1800, 15, -1, 15, false },
		{ "sandbox-app-audit", "audit-reporter", "Quarterly audit report", 600, 365, 2000, 365, true },
		{ "sandbox-app-legacy", "legacy-sync", "Old sync job (to retire)", 7200, 1500, -1, 1500, true },
	};
	char id[64], name[32];

	if (store_begin(sb) < 0)
		goto fail;
	if (sb->csp_api_token) {
		wft_millis used = now - 3600000;
		if (seed_token(sb, SANDBOX_CSP_SEED_TOKEN "01", sb->csp_api_token, "wftokens console",
		               SANDBOX_ADMIN_ID, now - 30 * DAY_MS,
		               token_days > 0 ? now + token_days * DAY_MS : 0, &used, false, true) < 0)
			goto fail;
	}
	for (size_t i = 0; i < sizeof tokens / sizeof *tokens; i++) {
		wft_millis used = now - (wft_millis)tokens[i].used_hours * 3600000;
		if (seed_token(sb, tokens[i].id, NULL, tokens[i].name, tokens[i].user,
		               now - tokens[i].created_days * DAY_MS,
		               now + tokens[i].expires_days * DAY_MS,
		               tokens[i].used_hours >= 0 ? &used : NULL, tokens[i].deactivated, false) < 0)
			goto fail;
	}
	/* A fleet of tokens, so that one change can need several batches. */
	for (int i = 1; i <= 20; i++) {
		snprintf(id, sizeof id, SANDBOX_CSP_SEED_TOKEN "1%02d", i);
		snprintf(name, sizeof name, "fleet-%02d", i);
		if (seed_token(sb, id, NULL, name, "fleet@sandbox.example", now - (10 + i) * DAY_MS,
		               now + (100 + 7 * i) * DAY_MS, NULL, false, false) < 0)
			goto fail;
	}
	for (size_t i = 0; i < sizeof apps / sizeof *apps; i++) {
		wft_millis used = now - (wft_millis)apps[i].used_hours * 3600000;
		if (seed_app(sb, apps[i].id, NULL, apps[i].name, apps[i].desc, apps[i].ttl,
		             now - apps[i].created_days * DAY_MS, SANDBOX_ADMIN_ID,
		             apps[i].used_hours >= 0 ? &used : NULL, now - apps[i].secret_days * DAY_MS,
		             apps[i].in_org, false) < 0)
			goto fail;
	}
	if (sb->csp_client_id &&
	    seed_app(sb, sb->csp_client_id, sb->csp_client_secret, "wftokens console app",
	             "The app this console signs in with", sb->access_ttl, now - 10 * DAY_MS,
	             SANDBOX_ADMIN_ID, NULL, now - 10 * DAY_MS, true, true) < 0)
		goto fail;
	return store_commit(sb);
fail:
	store_rollback(sb);
	wft_error_set(err, WFT_ERR_IO, "cannot seed the VMware Cloud services data: %s",
	              sqlite3_errmsg(store_db(sb)));
	return -1;
}
