/* api_handlers.c: the sandbox's handlers (api_*) of the /api/v2 token
 * endpoints (T1-T11 of doc/api.md 2), service accounts, accounts, roles and
 * user groups; not to be confused with the client's src/api.c. Handlers
 * that change anything run on the writer under the store lock; those that
 * only read run on a read connection, in a read transaction of their own. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/internal.h"
#include "uuid.h"

static const char *col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	return s ? (const char *)s : "";
}

const char *sb_account_type(const struct sandbox *sb, const char *account, bool is_sa,
                            bool active)
{
	if (is_sa)
		return active ? "SERVICE_ACCOUNT" : "INACTIVE_SERVICE_ACCOUNT";
	if (!sb->csp_onboarded)
		return "USER_ACCOUNT";
	/* Users sign in through VMware Cloud services: the administrator as an
	 * authorized CSP user, everyone else as a plain CSP user. */
	return strcmp(account, SANDBOX_ADMIN_ID) == 0 ? "CSP_AUTHORIZED_USER_ACCOUNT"
	                                              : "CSP_USER_ACCOUNT";
}

static const char *account_type(const struct sandbox *sb, sqlite3_stmt *st, int col)
{
	return sb_account_type(sb, col_text(st, col + 2), sqlite3_column_int(st, col + 3),
	                       sqlite3_column_int(st, col + 4));
}

void sb_row_user_token(const struct sandbox *sb, struct jw *w, sqlite3_stmt *st, int col)
{
	jw_obj(w);
	jw_kstr(w, "tokenID", col_text(st, col));
	jw_kstr(w, "tokenName", col_text(st, col + 1));
	jw_kstr(w, "account", col_text(st, col + 2));
	jw_kstr(w, "accountType", account_type(sb, st, col));
	jw_kint(w, "dateGenerated", sqlite3_column_int64(st, col + 5));
	if (sqlite3_column_type(st, col + 6) != SQLITE_NULL)
		jw_kint(w, "lastUsed", sqlite3_column_int64(st, col + 6));
	jw_obj_end(w);
}

void sb_row_token_model(const struct sandbox *sb, struct jw *w, sqlite3_stmt *st, int col)
{
	jw_obj(w);
	jw_kstr(w, "id", col_text(st, col));
	jw_kstr(w, "name", col_text(st, col + 1));
	jw_kstr(w, "account", col_text(st, col + 2));
	jw_kstr(w, "accountType", account_type(sb, st, col));
	jw_kstr(w, "customer", SANDBOX_CUSTOMER);
	jw_kint(w, "dateGenerated", sqlite3_column_int64(st, col + 5));
	if (sqlite3_column_type(st, col + 6) != SQLITE_NULL)
		jw_kint(w, "lastUsed", sqlite3_column_int64(st, col + 6));
	jw_kint(w, "createdEpochMillis", sqlite3_column_int64(st, col + 5));
	jw_obj_end(w);
}

/* Writes the token list of an account (generation order, newest last). */
static int write_tokens_of(struct sb_req *r, const char *account, int64_t *last_used)
{
	sqlite3_stmt *st = store_stmt(r->sb,
		"SELECT " SB_TOKEN_COLS SB_TOKEN_FROM "WHERE t.account = ?1 ORDER BY t.seq");
	int rc;

	if (!st)
		return sb_db_fail(r);
	sqlite3_bind_text(st, 1, account, -1, SQLITE_TRANSIENT);
	jw_arr(&r->out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (last_used && sqlite3_column_type(st, 6) != SQLITE_NULL &&
		    sqlite3_column_int64(st, 6) > *last_used)
			*last_used = sqlite3_column_int64(st, 6);
		sb_row_user_token(r->sb, &r->out, st, 0);
	}
	sqlite3_reset(st);
	jw_arr_end(&r->out);
	return rc == SQLITE_DONE ? 200 : sb_db_fail(r);
}

/* Normalises a service-account identifier (lower case) into out; 400 if
 * it does not start with sa:: or holds characters an identifier cannot. */
static int sa_id(struct sb_req *r, const char *in, char out[SB_ID_MAX + 1])
{
	size_t n = strlen(in);

	if (n < 5 || n > SB_ID_MAX || strncasecmp(in, "sa::", 4) != 0)
		return sb_fail(r, 400, "Service account identifiers start with 'sa::' and a name");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if (i >= 4 && !isalnum(c) && !strchr("._-@+", c))
			return sb_fail(r, 400, "Service account names may hold letters, digits and . _ - @ +");
		out[i] = (char)tolower(c);
	}
	out[n] = '\0';
	return 200;
}

/* 200 if id names a service account (active set), else 404. */
static int sa_lookup(struct sb_req *r, const char *id, bool *active)
{
	sqlite3_stmt *st = store_stmt(r->sb, "SELECT active FROM accounts WHERE id = ?1 AND is_sa = 1");
	int rc;

	if (!st)
		return sb_db_fail(r);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && active)
		*active = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 200;
	if (rc != SQLITE_DONE)
		return sb_db_fail(r);
	return sb_fail(r, 404, "Service account %s not found", id);
}

static int check_name(struct sb_req *r, const char *name)
{
	if (name && !body_text_ok(name, strlen(name)))
		return sb_fail(r, 400, "Token names must not contain control characters");
	return 200;
}

/* Generates a token for account, refusing a 21st (doc/api.md 5.1). */
static int generate(struct sb_req *r, const char *account, const char *name)
{
	struct sandbox *sb = r->sb;
	char id[37];
	int n;

	if (store_begin(sb) < 0)
		return sb_db_fail(r);
	n = store_count_tokens(sb, account);
	if (n < 0)
		return sb_db_fail(r);
	if (n >= WFT_MAX_TOKENS_PER_ACCOUNT) {
		store_rollback(sb);
		return sb_fail(r, 400, "Account %s already has the maximum of %d API tokens; revoke one first",
		               account, WFT_MAX_TOKENS_PER_ACCOUNT);
	}
	if (wft_uuid_random(id) != 0) {
		store_rollback(sb);
		return sb_fail(r, 500, "no randomness for a new token id");
	}
	if (store_insert_token(sb, id, name, account, r->now, NULL) < 0 || store_commit(sb) < 0)
		return sb_db_fail(r);
	return 200;
}

/* Writes one token (UserApiToken) by id; 404 if it is gone. */
static int write_one_token(struct sb_req *r, const char *id, bool model)
{
	sqlite3_stmt *st = store_stmt(r->sb, "SELECT " SB_TOKEN_COLS SB_TOKEN_FROM "WHERE t.id = ?1");
	int rc;

	if (!st)
		return sb_db_fail(r);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (model)
			sb_row_token_model(r->sb, &r->out, st, 0);
		else
			sb_row_user_token(r->sb, &r->out, st, 0);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 200;
	return rc == SQLITE_DONE ? sb_fail(r, 404, "API token not found") : sb_db_fail(r);
}

/* Renames token `id` of `account`; the body is {"tokenID","tokenName"}. */
static int rename_token(struct sb_req *r, const char *account, const char *id)
{
	struct body_err e = { "" };
	struct body_token t;
	sqlite3_stmt *st;
	json_object *o;
	int status = sb_json_body(r, &o), rc;

	if (status != 200)
		return status;
	if (body_token(o, &t, &e) < 0) {
		json_object_put(o);
		return sb_fail(r, 400, "%s", e.msg);
	}
	if (t.token_id && strcmp(t.token_id, id) != 0) {
		json_object_put(o);
		return sb_fail(r, 400, "The body's tokenID does not match the path");
	}
	if (!t.token_name) {
		json_object_put(o);
		return sb_fail(r, 400, "Field 'tokenName' is required");
	}
	if ((status = check_name(r, t.token_name)) != 200) {
		json_object_put(o);
		return status;
	}
	st = store_stmt(r->sb, "UPDATE tokens SET name = ?3 WHERE id = ?1 AND account = ?2");
	if (!st) {
		json_object_put(o);
		return sb_db_fail(r);
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, account, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, t.token_name, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	json_object_put(o);
	if (rc != SQLITE_DONE)
		return sb_db_fail(r);
	if (sqlite3_changes(store_db(r->sb)) == 0)
		return sb_fail(r, 404, "API token not found for account %s", account);
	return write_one_token(r, id, false);
}

static int delete_token(struct sb_req *r, const char *account, const char *id)
{
	sqlite3_stmt *st = store_stmt(r->sb, "DELETE FROM tokens WHERE id = ?1 AND account = ?2");
	int rc;

	if (!st)
		return sb_db_fail(r);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, account, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sb_db_fail(r);
	if (sqlite3_changes(store_db(r->sb)) == 0)
		return sb_fail(r, 404, "API token not found for account %s", account);
	return write_tokens_of(r, account, NULL);
}

/* T1 */
int api_own_list(struct sb_req *r)
{
	return write_tokens_of(r, r->caller.account, NULL);
}

/* T2: no body is expected; any is ignored. */
int api_own_create(struct sb_req *r)
{
	int st = generate(r, r->caller.account, "");

	return st != 200 ? st : write_tokens_of(r, r->caller.account, NULL);
}

/* T3 */
int api_own_rename(struct sb_req *r)
{
	return rename_token(r, r->caller.account, r->cap[0]);
}

/* T4 */
int api_own_delete(struct sb_req *r)
{
	return delete_token(r, r->caller.account, r->cap[0]);
}

/* T5 */
int api_sa_tokens(struct sb_req *r)
{
	char id[SB_ID_MAX + 1];
	int st = sa_id(r, r->cap[0], id);

	if (st == 200)
		st = sa_lookup(r, id, NULL);
	return st != 200 ? st : write_tokens_of(r, id, NULL);
}

/* T6: optional body {"tokenName": ...}. */
int api_sa_generate(struct sb_req *r)
{
	struct body_err e = { "" };
	char id[SB_ID_MAX + 1];
	const char *name = NULL;
	json_object *o = NULL;
	int st = sa_id(r, r->cap[0], id);

	if (st == 200)
		st = sa_lookup(r, id, NULL);
	if (st == 200)
		st = sb_json_body(r, &o);
	if (st != 200)
		return st;
	if (o && !json_object_is_type(o, json_type_object))
		st = sb_fail(r, 400, "Request body must be a JSON object");
	else if (body_get_string(o, "tokenName", BODY_MAX_NAME, &name, &e) < 0)
		st = sb_fail(r, 400, "%s", e.msg);
	if (st == 200)
		st = check_name(r, name);
	if (st == 200)
		st = generate(r, id, name ? name : "");
	json_object_put(o);
	return st != 200 ? st : write_tokens_of(r, id, NULL);
}

/* T7 */
int api_sa_rename(struct sb_req *r)
{
	char id[SB_ID_MAX + 1];
	int st = sa_id(r, r->cap[0], id);

	if (st == 200)
		st = sa_lookup(r, id, NULL);
	return st != 200 ? st : rename_token(r, id, r->cap[1]);
}

/* T8 */
int api_sa_delete_token(struct sb_req *r)
{
	char id[SB_ID_MAX + 1];
	int st = sa_id(r, r->cap[0], id);

	if (st == 200)
		st = sa_lookup(r, id, NULL);
	return st != 200 ? st : delete_token(r, id, r->cap[1]);
}

/* T9: every token of the organisation, not paged. */
int api_customer_tokens(struct sb_req *r)
{
	sqlite3_stmt *st = store_stmt(r->sb, "SELECT " SB_TOKEN_COLS SB_TOKEN_FROM "ORDER BY t.seq");
	int rc;

	if (!st)
		return sb_db_fail(r);
	if (r->can_stream) {
		r->stream_st = st;
		r->stream_row = sb_row_token_model;
		return 200;
	}
	jw_arr(&r->out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		sb_row_token_model(r->sb, &r->out, st, 0);
	sqlite3_reset(st);
	jw_arr_end(&r->out);
	return rc == SQLITE_DONE ? 200 : sb_db_fail(r);
}

/* T10 */
int api_customer_token(struct sb_req *r)
{
	return write_one_token(r, r->cap[0], true);
}

/* T11: body {"tokenID": id} (or {"id": id}); answers the revoked token. */
int api_customer_revoke(struct sb_req *r)
{
	struct body_err e = { "" };
	struct body_token t;
	sqlite3_stmt *st;
	json_object *o;
	int status = sb_json_body(r, &o), rc;

	if (status != 200)
		return status;
	if (body_token(o, &t, &e) < 0) {
		json_object_put(o);
		return sb_fail(r, 400, "%s", e.msg);
	}
	if (!t.token_id) {
		json_object_put(o);
		return sb_fail(r, 400, "Field 'tokenID' is required");
	}
	status = write_one_token(r, t.token_id, false);
	if (status == 200) {
		st = store_stmt(r->sb, "DELETE FROM tokens WHERE id = ?1");
		if (!st) {
			status = sb_db_fail(r);
		} else {
			sqlite3_bind_text(st, 1, t.token_id, -1, SQLITE_TRANSIENT);
			rc = sqlite3_step(st);
			sqlite3_reset(st);
			if (rc != SQLITE_DONE)
				status = sb_db_fail(r);
		}
	}
	json_object_put(o);
	return status;
}

/* ------------------------------------------------------- service accounts */

static bool has_word(const char *words, const char *w)
{
	size_t n = strlen(w);
	const char *p = words;

	while ((p = strstr(p, w)) != NULL) {
		if ((p == words || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
		p += n;
	}
	return false;
}

static void write_united_roles(struct jw *w, const char *roles, const char *groups)
{
	char seen[1024] = "";
	char word[80];
	const char *p;

	jw_arr(w);
	for (p = roles; p && *p;) {
		size_t n;
		while (*p == ' ')
			p++;
		n = strcspn(p, " ");
		if (n && n < sizeof word) {
			memcpy(word, p, n);
			word[n] = '\0';
			if (!has_word(seen, word) && strlen(seen) + n + 2 < sizeof seen) {
				jw_str(w, word);
				strcat(seen, " ");
				strcat(seen, word);
			}
		}
		p += n;
	}
	for (p = groups; p && *p;) {
		size_t n;
		while (*p == ' ')
			p++;
		n = strcspn(p, " ");
		if (n && n < sizeof word) {
			const struct sb_group *g;
			memcpy(word, p, n);
			word[n] = '\0';
			g = sb_group_find(word);
			if (g && g->roles[0] && !has_word(seen, g->roles) &&
			    strlen(seen) + strlen(g->roles) + 2 < sizeof seen) {
				jw_str(w, g->roles);
				strcat(seen, " ");
				strcat(seen, g->roles);
			}
		}
		p += n;
	}
	jw_arr_end(w);
}

static void write_perm_bits(struct jw *w, uint32_t bits)
{
	jw_arr(w);
	for (unsigned i = 0; i < sb_n_perms; i++)
		if (bits & (1u << i))
			jw_str(w, sb_perm_names[i]);
	jw_arr_end(w);
}

static void write_objects(struct jw *w, const char *words, bool groups)
{
	char word[80];
	const char *p = words;

	jw_arr(w);
	while (p && *p) {
		size_t n;
		while (*p == ' ')
			p++;
		n = strcspn(p, " ");
		if (n && n < sizeof word) {
			memcpy(word, p, n);
			word[n] = '\0';
			if (groups) {
				const struct sb_group *g = sb_group_find(word);
				if (g)
					sb_write_group(w, g);
			} else {
				const struct sb_role *ro = sb_role_find(word);
				if (ro)
					sb_write_role(w, ro);
			}
		}
		p += n;
	}
	jw_arr_end(w);
}

int sb_write_sa(struct sb_req *r, sqlite3_stmt *st)
{
	struct jw *w = &r->out;
	const char *perms = col_text(st, 3), *roles = col_text(st, 4), *groups = col_text(st, 5);
	int64_t last_used = -1;
	int status;

	jw_obj(w);
	jw_kstr(w, "identifier", col_text(st, 0));
	jw_kbool(w, "active", sqlite3_column_int(st, 1));
	jw_kstr(w, "description", col_text(st, 2));
	jw_key(w, "groups");
	sb_write_words(w, perms);
	jw_key(w, "roles");
	write_objects(w, roles, false);
	jw_key(w, "userGroups");
	write_objects(w, groups, true);
	jw_key(w, "unitedPermissions");
	write_perm_bits(w, sb_united_perms(perms, roles, groups));
	jw_key(w, "unitedRoles");
	write_united_roles(w, roles, groups);
	jw_key(w, "tokens");
	status = write_tokens_of(r, col_text(st, 0), &last_used);
	if (last_used >= 0)
		jw_kint(w, "lastUsed", last_used);
	jw_obj_end(w);
	return status;
}

static int write_sa_by_id(struct sb_req *r, const char *id)
{
	sqlite3_stmt *st = store_stmt(r->sb,
		"SELECT " SB_SA_COLS " FROM accounts a WHERE a.id = ?1 AND a.is_sa = 1");
	int rc, status;

	if (!st)
		return sb_db_fail(r);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? sb_fail(r, 404, "Service account %s not found", id)
		                         : sb_db_fail(r);
	}
	status = sb_write_sa(r, st);
	sqlite3_reset(st);
	return status;
}

int api_sa_list(struct sb_req *r)
{
	/* Not cached: sb_write_sa runs its own statements inside this loop. */
	sqlite3_stmt *st;
	int rc = SQLITE_DONE, status = 200;

	if (sqlite3_prepare_v2(store_db(r->sb), "SELECT " SB_SA_COLS " FROM accounts a WHERE a.is_sa = 1 ORDER BY a.id",
	                       -1, &st, NULL) != SQLITE_OK)
		return sb_db_fail(r);
	jw_arr(&r->out);
	while (status == 200 && (rc = sqlite3_step(st)) == SQLITE_ROW)
		status = sb_write_sa(r, st);
	jw_arr_end(&r->out);
	sqlite3_finalize(st);
	if (status != 200)
		return status;
	return rc == SQLITE_DONE ? 200 : sb_db_fail(r);
}

int api_sa_get(struct sb_req *r)
{
	char id[SB_ID_MAX + 1];
	int st = sa_id(r, r->cap[0], id);

	return st != 200 ? st : write_sa_by_id(r, id);
}

/* Joins validated ids into a space-separated list in out. */
static int join_ids(struct sb_req *r, const char *what, const char **ids, int n,
                    char *out, size_t outsz, bool is_sa)
{
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		bool ok;
		if (strcmp(what, "groups") == 0) {
			ok = sb_perm_bit(ids[i]) != 0;
			if (ok && is_sa && strcmp(ids[i], "token_management") == 0)
				return sb_fail(r, 400, "Service accounts cannot hold the API Tokens permission (token_management)");
		} else if (strcmp(what, "roles") == 0) {
			ok = sb_role_find(ids[i]) != NULL;
		} else {
			ok = sb_group_find(ids[i]) != NULL;
		}
		if (!ok)
			return sb_fail(r, 400, "Unknown %s entry '%.80s'",
			               strcmp(what, "groups") == 0 ? "permission" :
			               strcmp(what, "roles") == 0 ? "role" : "user group", ids[i]);
		if (has_word(out, ids[i]))
			continue;
		if (strlen(out) + strlen(ids[i]) + 2 > outsz)
			return sb_fail(r, 400, "Too many %s", what);
		if (out[0])
			strcat(out, " ");
		strcat(out, ids[i]);
	}
	return 200;
}

/* Makes the token set of account exactly ids (creating the missing ones). */
static int set_tokens(struct sb_req *r, const char *account, const char **ids, int n)
{
	sqlite3_stmt *st;
	int count;

	for (int i = 0; i < n; i++) {
		if (!wft_uuid_valid(ids[i]))
			return sb_fail(r, 400, "Token ids in 'tokens' must be UUIDs");
		for (int k = 0; k < i; k++)
			if (strcmp(ids[k], ids[i]) == 0)
				return sb_fail(r, 400, "A token id appears twice in 'tokens'");
	}
	if (n > WFT_MAX_TOKENS_PER_ACCOUNT)
		return sb_fail(r, 400, "Account %s cannot hold more than the maximum of %d API tokens",
		               account, WFT_MAX_TOKENS_PER_ACCOUNT);
	/* Remove the tokens not listed. */
	st = store_stmt(r->sb, "SELECT id FROM tokens WHERE account = ?1");
	if (!st)
		return sb_db_fail(r);
	sqlite3_bind_text(st, 1, account, -1, SQLITE_TRANSIENT);
	{
		char gone[WFT_MAX_TOKENS_PER_ACCOUNT * 4][64];
		int n_gone = 0, rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW && n_gone < (int)(sizeof gone / sizeof gone[0])) {
			const char *have = col_text(st, 0);
			bool listed = false;
			for (int i = 0; i < n; i++)
				listed = listed || strcmp(ids[i], have) == 0;
			if (!listed)
				snprintf(gone[n_gone++], sizeof gone[0], "%s", have);
		}
		sqlite3_reset(st);
		st = store_stmt(r->sb, "DELETE FROM tokens WHERE id = ?1");
		if (!st)
			return sb_db_fail(r);
		for (int i = 0; i < n_gone; i++) {
			sqlite3_bind_text(st, 1, gone[i], -1, SQLITE_TRANSIENT);
			rc = sqlite3_step(st);
			sqlite3_reset(st);
			if (rc != SQLITE_DONE)
				return sb_db_fail(r);
		}
	}
	for (int i = 0; i < n; i++) {
		const char *owner = NULL;
		int rc;
		st = store_stmt(r->sb, "SELECT account FROM tokens WHERE id = ?1");
		if (!st)
			return sb_db_fail(r);
		sqlite3_bind_text(st, 1, ids[i], -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			owner = col_text(st, 0);
		if (owner && strcmp(owner, account) != 0) {
			sqlite3_reset(st);
			return sb_fail(r, 400, "A token in 'tokens' belongs to another account");
		}
		sqlite3_reset(st);
		if (rc == SQLITE_ROW)
			continue;
		if (store_insert_token(r->sb, ids[i], "", account, r->now, NULL) < 0)
			return sb_db_fail(r);
	}
	count = store_count_tokens(r->sb, account);
	if (count < 0)
		return sb_db_fail(r);
	return 200;
}

int api_sa_create(struct sb_req *r)
{
	struct body_err e = { "" };
	struct body_sa_write w;
	char id[SB_ID_MAX + 1], perms[1024], roles[1024], groups[1024];
	sqlite3_stmt *st;
	json_object *o;
	int status = sb_json_body(r, &o), rc;

	if (status != 200)
		return status;
	if (body_sa_write(o, &w, &e) < 0)
		status = sb_fail(r, 400, "%s", e.msg);
	else if (!w.identifier)
		status = sb_fail(r, 400, "Field 'identifier' is required");
	if (status == 200)
		status = sa_id(r, w.identifier, id);
	if (status == 200 && w.description && strlen(w.description) > BODY_MAX_TEXT)
		status = sb_fail(r, 400, "Description is too long");
	if (status == 200)
		status = join_ids(r, "groups", w.perms, w.n_perms > 0 ? w.n_perms : 0, perms, sizeof perms, true);
	if (status == 200)
		status = join_ids(r, "roles", w.roles, w.n_roles > 0 ? w.n_roles : 0, roles, sizeof roles, true);
	if (status == 200)
		status = join_ids(r, "userGroups", w.groups, w.n_groups > 0 ? w.n_groups : 0, groups, sizeof groups, true);
	if (status == 200 && !has_word(groups, SB_GROUP_SERVICE_ACCOUNTS)) {
		/* Every service account is in the Service Accounts group. */
		memmove(groups + strlen(SB_GROUP_SERVICE_ACCOUNTS) + (groups[0] ? 1 : 0), groups, strlen(groups) + 1);
		memcpy(groups, SB_GROUP_SERVICE_ACCOUNTS, strlen(SB_GROUP_SERVICE_ACCOUNTS));
		if (groups[strlen(SB_GROUP_SERVICE_ACCOUNTS)])
			groups[strlen(SB_GROUP_SERVICE_ACCOUNTS)] = ' ';
	}
	if (status != 200) {
		json_object_put(o);
		return status;
	}
	if (store_begin(r->sb) < 0) {
		json_object_put(o);
		return sb_db_fail(r);
	}
	st = store_stmt(r->sb,
		"INSERT INTO accounts (id, is_sa, active, description, perms, roles, groups, created) "
		"VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(id) DO NOTHING");
	if (!st) {
		json_object_put(o);
		return sb_db_fail(r);
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, w.active != 0);
	sqlite3_bind_text(st, 3, w.description ? w.description : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, perms, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, roles, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, groups, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 7, r->now);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		status = sb_db_fail(r);
	else if (sqlite3_changes(store_db(r->sb)) == 0)
		status = sb_fail(r, 409, "Service account %s already exists", id);
	if (status == 200 && w.n_tokens > 0)
		status = set_tokens(r, id, w.tokens, w.n_tokens);
	json_object_put(o);
	if (status != 200) {
		store_rollback(r->sb);
		return status;
	}
	if (store_commit(r->sb) < 0)
		return sb_db_fail(r);
	return write_sa_by_id(r, id);
}

int api_sa_update(struct sb_req *r)
{
	struct body_err e = { "" };
	struct body_sa_write w;
	char id[SB_ID_MAX + 1], body_id[SB_ID_MAX + 1], list[1024];
	sqlite3_stmt *st;
	json_object *o = NULL;
	int status = sa_id(r, r->cap[0], id), rc;

	if (status == 200)
		status = sa_lookup(r, id, NULL);
	if (status == 200)
		status = sb_json_body(r, &o);
	if (status != 200)
		return status;
	if (body_sa_write(o, &w, &e) < 0)
		status = sb_fail(r, 400, "%s", e.msg);
	else if (w.identifier && (sa_id(r, w.identifier, body_id) != 200 || strcmp(body_id, id) != 0))
		status = sb_fail(r, 400, "The body's identifier does not match the path");
	if (status != 200 || store_begin(r->sb) < 0) {
		json_object_put(o);
		return status != 200 ? status : sb_db_fail(r);
	}
#define UPDATE_COL(sql, bind) do { \
		st = store_stmt(r->sb, sql); \
		if (!st) { status = sb_db_fail(r); break; } \
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT); \
		bind; \
		rc = sqlite3_step(st); \
		sqlite3_reset(st); \
		if (rc != SQLITE_DONE) status = sb_db_fail(r); \
	} while (0)
	if (status == 200 && w.active >= 0)
		UPDATE_COL("UPDATE accounts SET active = ?2 WHERE id = ?1", sqlite3_bind_int(st, 2, w.active));
	if (status == 200 && w.description)
		UPDATE_COL("UPDATE accounts SET description = ?2 WHERE id = ?1",
		           sqlite3_bind_text(st, 2, w.description, -1, SQLITE_TRANSIENT));
	if (status == 200 && w.n_perms >= 0 &&
	    (status = join_ids(r, "groups", w.perms, w.n_perms, list, sizeof list, true)) == 200)
		UPDATE_COL("UPDATE accounts SET perms = ?2 WHERE id = ?1",
		           sqlite3_bind_text(st, 2, list, -1, SQLITE_TRANSIENT));
	if (status == 200 && w.n_roles >= 0 &&
	    (status = join_ids(r, "roles", w.roles, w.n_roles, list, sizeof list, true)) == 200)
		UPDATE_COL("UPDATE accounts SET roles = ?2 WHERE id = ?1",
		           sqlite3_bind_text(st, 2, list, -1, SQLITE_TRANSIENT));
	if (status == 200 && w.n_groups >= 0 &&
	    (status = join_ids(r, "userGroups", w.groups, w.n_groups, list, sizeof list, true)) == 200) {
		if (!has_word(list, SB_GROUP_SERVICE_ACCOUNTS) &&
		    strlen(list) + strlen(SB_GROUP_SERVICE_ACCOUNTS) + 2 < sizeof list) {
			if (list[0])
				strcat(list, " ");
			strcat(list, SB_GROUP_SERVICE_ACCOUNTS);
		}
		UPDATE_COL("UPDATE accounts SET groups = ?2 WHERE id = ?1",
		           sqlite3_bind_text(st, 2, list, -1, SQLITE_TRANSIENT));
	}
#undef UPDATE_COL
	if (status == 200 && w.n_tokens >= 0)
		status = set_tokens(r, id, w.tokens, w.n_tokens);
	json_object_put(o);
	if (status != 200) {
		store_rollback(r->sb);
		return status;
	}
	if (store_commit(r->sb) < 0)
		return sb_db_fail(r);
	return write_sa_by_id(r, id);
}

static int set_active(struct sb_req *r, int active)
{
	char id[SB_ID_MAX + 1];
	sqlite3_stmt *st;
	int status = sa_id(r, r->cap[0], id), rc;

	if (status != 200)
		return status;
	st = store_stmt(r->sb, "UPDATE accounts SET active = ?2 WHERE id = ?1 AND is_sa = 1");
	if (!st)
		return sb_db_fail(r);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, active);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sb_db_fail(r);
	if (sqlite3_changes(store_db(r->sb)) == 0)
		return sb_fail(r, 404, "Service account %s not found", id);
	return write_sa_by_id(r, id);
}

int api_sa_activate(struct sb_req *r)
{
	return set_active(r, 1);
}

int api_sa_deactivate(struct sb_req *r)
{
	return set_active(r, 0);
}

/* Writes the Account model of id and deletes it (tokens go with it). */
static int delete_account(struct sb_req *r, const char *id, bool write)
{
	sqlite3_stmt *st;
	int rc;

	if (strcmp(id, r->caller.account) == 0)
		return sb_fail(r, 400, "You cannot delete your own account");
	st = store_stmt(r->sb, "SELECT " SB_SA_COLS " FROM accounts a WHERE a.id = ?1");
	if (!st)
		return sb_db_fail(r);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? sb_fail(r, 404, "Account %s not found", id) : sb_db_fail(r);
	}
	if (write) {
		struct jw *w = &r->out;
		const char *perms = col_text(st, 3), *roles = col_text(st, 4), *groups = col_text(st, 5);
		jw_obj(w);
		jw_kstr(w, "identifier", col_text(st, 0));
		jw_key(w, "groups");
		sb_write_words(w, perms);
		jw_key(w, "roles");
		sb_write_words(w, roles);
		jw_key(w, "userGroups");
		sb_write_words(w, groups);
		jw_key(w, "unitedPermissions");
		write_perm_bits(w, sb_united_perms(perms, roles, groups));
		jw_key(w, "unitedRoles");
		write_united_roles(w, roles, groups);
		jw_obj_end(w);
	}
	sqlite3_reset(st);
	st = store_stmt(r->sb, "DELETE FROM accounts WHERE id = ?1");
	if (!st)
		return sb_db_fail(r);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 200 : sb_db_fail(r);
}

int api_account_delete(struct sb_req *r)
{
	char id[SB_ID_MAX + 1];

	if (strncasecmp(r->cap[0], "sa::", 4) == 0) {
		int st = sa_id(r, r->cap[0], id);
		if (st != 200)
			return st;
	} else {
		snprintf(id, sizeof id, "%s", r->cap[0]);
	}
	return delete_account(r, id, true);
}

/* POST account/deleteAccounts: deletes those that exist, answers their ids. */
int api_accounts_delete(struct sb_req *r)
{
	struct body_err e = { "" };
	const char *ids[BODY_MAX_LIST];
	json_object *o;
	int status = sb_json_body(r, &o), n;

	if (status != 200)
		return status;
	n = body_string_list(o, ids, BODY_MAX_LIST, &e);
	if (n < 0) {
		json_object_put(o);
		return sb_fail(r, 400, "%s", e.msg);
	}
	if (store_begin(r->sb) < 0) {
		json_object_put(o);
		return sb_db_fail(r);
	}
	jw_arr(&r->out);
	for (int i = 0; i < n && status == 200; i++) {
		char id[SB_ID_MAX + 1];
		snprintf(id, sizeof id, "%s", ids[i]);
		if (strncasecmp(id, "sa::", 4) == 0)
			for (char *p = id; *p; p++)
				*p = (char)tolower((unsigned char)*p);
		status = delete_account(r, id, false);
		if (status == 404) {
			status = 200; /* absent ids are simply not in the answer */
			r->msg[0] = '\0';
		} else if (status == 200) {
			jw_str(&r->out, id);
		}
	}
	jw_arr_end(&r->out);
	json_object_put(o);
	if (status != 200) {
		store_rollback(r->sb);
		return status;
	}
	return store_commit(r->sb) < 0 ? sb_db_fail(r) : 200;
}

/* ------------------------------------------------------ roles and groups */

/* Roles and groups past the built-in ones are the seeded ones (--seed-roles,
 * --seed-groups): plain, numbered, granting nothing. */
static void write_role_at(struct jw *w, size_t i)
{
	char id[40], name[40];
	struct sb_role ro = { id, name, "Seeded role", "" };

	if (i < sb_n_roles) {
		sb_write_role(w, &sb_roles[i]);
		return;
	}
	snprintf(id, sizeof id, "seeded-role-%05zu", i - sb_n_roles);
	snprintf(name, sizeof name, "Seeded role %05zu", i - sb_n_roles);
	sb_write_role(w, &ro);
}

static void write_group_at(struct jw *w, size_t i)
{
	char id[40], name[40];
	struct sb_group g = { id, name, "Seeded group", "", false };

	if (i < sb_n_groups) {
		sb_write_group(w, &sb_groups[i]);
		return;
	}
	snprintf(id, sizeof id, "seeded-group-%05zu", i - sb_n_groups);
	snprintf(name, sizeof name, "Seeded group %05zu", i - sb_n_groups);
	sb_write_group(w, &g);
}

/* One page of a fixed list (roles, user groups). */
static int write_builtin_page(struct sb_req *r, size_t n, void (*write_at)(struct jw *, size_t))
{
	int64_t offset, limit;
	int st = sb_paging_args(r, &offset, &limit);

	if (st != 200)
		return st;
	jw_obj(&r->out);
	jw_key(&r->out, "items");
	jw_arr(&r->out);
	for (int64_t i = offset; i < (int64_t)n && i < offset + limit; i++)
		write_at(&r->out, (size_t)i);
	jw_arr_end(&r->out);
	jw_kint(&r->out, "offset", offset);
	jw_kint(&r->out, "limit", limit);
	jw_kint(&r->out, "totalItems", (int64_t)n);
	jw_kbool(&r->out, "moreItems", offset + limit < (int64_t)n);
	jw_obj_end(&r->out);
	return 200;
}

int api_roles(struct sb_req *r)
{
	return write_builtin_page(r, sb_n_roles + (size_t)r->sb->seed_roles, write_role_at);
}

int api_usergroups(struct sb_req *r)
{
	return write_builtin_page(r, sb_n_groups + (size_t)r->sb->seed_groups, write_group_at);
}

/* POST /_sandbox/last-used (loopback only): {"id": ID, "lastUsed": MS}
 * sets a token's last use (0 or null: never), so that a test can move it
 * back in time; answers the token (ApiTokenModel). */
int ctrl_last_used(struct sb_req *r)
{
	struct body_err e = { "" };
	const char *id = NULL;
	int64_t ms = 0;
	json_object *o;
	sqlite3_stmt *st;
	int status = sb_json_body(r, &o), rc;

	if (status != 200)
		return status;
	if (!o || body_get_string(o, "id", SB_ID_MAX, &id, &e) != 0 ||
	    body_get_int(o, "lastUsed", 0, INT64_MAX, &ms, &e) < 0) {
		json_object_put(o);
		return sb_fail(r, 400, "%s", e.msg[0] ? e.msg : "Fields 'id' and 'lastUsed' are required");
	}
	st = store_stmt(r->sb, "UPDATE tokens SET last_used = ?2 WHERE id = ?1");
	if (!st) {
		json_object_put(o);
		return sb_db_fail(r);
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if (ms > 0)
		sqlite3_bind_int64(st, 2, ms);
	else
		sqlite3_bind_null(st, 2);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_object_put(o);
		return sb_db_fail(r);
	}
	if (sqlite3_changes(store_db(r->sb)) == 0) {
		json_object_put(o);
		return sb_fail(r, 404, "No such token");
	}
	status = write_one_token(r, id, true);
	json_object_put(o);
	return status;
}
