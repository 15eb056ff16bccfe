/* store.c: the SQLite store. One connection, used under sb->db_lock; every
 * change is one transaction, in WAL mode, so that a killed process loses
 * nothing it acknowledged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "sandbox/internal.h"

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS accounts ("
	"  id TEXT PRIMARY KEY,"
	"  is_sa INTEGER NOT NULL,"
	"  active INTEGER NOT NULL DEFAULT 1,"
	"  description TEXT NOT NULL DEFAULT '',"
	"  perms TEXT NOT NULL DEFAULT '',"      /* permission ids, space separated */
	"  roles TEXT NOT NULL DEFAULT '',"      /* role ids */
	"  groups TEXT NOT NULL DEFAULT '',"     /* user group ids */
	"  created INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS tokens ("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT," /* generation order: new tokens last */
	"  id TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL DEFAULT '',"
	"  account TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	"  generated INTEGER NOT NULL,"
	"  last_used INTEGER);"
	"CREATE INDEX IF NOT EXISTS tokens_account ON tokens(account, seq);"
	"CREATE TABLE IF NOT EXISTS saved_searches ("
	"  id TEXT PRIMARY KEY,"
	"  entity_type TEXT NOT NULL,"
	"  query TEXT NOT NULL,"
	"  user_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	"  creator TEXT NOT NULL, updater TEXT NOT NULL,"
	"  created INTEGER NOT NULL, updated INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS saved_user ON saved_searches(user_id);"
	"CREATE TABLE IF NOT EXISTS access_tokens ("
	"  token TEXT PRIMARY KEY,"
	"  account TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	"  expires INTEGER NOT NULL);"
	/* VMware Cloud services: API tokens of the organisation's users and
	 * its OAuth apps (csp_admin.c). Times in epoch ms; expires 0 = never. */
	"CREATE TABLE IF NOT EXISTS csp_api_tokens ("
	"  id TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL UNIQUE,"           /* the token itself, a secret */
	"  name TEXT NOT NULL,"
	"  user_id TEXT NOT NULL, username TEXT NOT NULL,"
	"  created INTEGER NOT NULL, expires INTEGER NOT NULL, last_used INTEGER,"
	"  scopes TEXT NOT NULL DEFAULT '{}',"    /* allowedScopes, JSON */
	"  deactivated INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE IF NOT EXISTS csp_oauth_apps ("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT," /* listing order */
	"  id TEXT NOT NULL UNIQUE,"
	"  secret TEXT NOT NULL,"
	"  display_name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',"
	"  ttl INTEGER NOT NULL,"                 /* access-token TTL, seconds */
	"  scopes TEXT NOT NULL DEFAULT '{}',"
	"  created INTEGER NOT NULL, created_by TEXT NOT NULL, last_used INTEGER,"
	"  secret_set INTEGER NOT NULL,"
	"  in_org INTEGER NOT NULL DEFAULT 0,"    /* added to the org with roles */
	"  org_roles TEXT NOT NULL DEFAULT '[]');";

int store_exec(struct sandbox *sb, const char *sql)
{
	return sqlite3_exec(sb->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int store_open(struct sandbox *sb, const char *path, struct wft_error *err)
{
	int rc = sqlite3_open_v2(path ? path : ":memory:", &sb->db,
	                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                         SQLITE_OPEN_NOMUTEX, NULL);

	if (rc != SQLITE_OK) {
		wft_error_set(err, WFT_ERR_IO, "cannot open database %s: %s",
		              path ? path : ":memory:",
		              sb->db ? sqlite3_errmsg(sb->db) : sqlite3_errstr(rc));
		sqlite3_close(sb->db);
		sb->db = NULL;
		return -1;
	}
	sqlite3_busy_timeout(sb->db, 5000);
	/* synchronous=NORMAL in WAL mode: a commit is in the OS's hands once
	 * acknowledged, which survives kill -9 (not a power cut). */
	if (store_exec(sb, "PRAGMA journal_mode=WAL") < 0 ||
	    store_exec(sb, "PRAGMA synchronous=NORMAL") < 0 ||
	    store_exec(sb, "PRAGMA foreign_keys=ON") < 0 ||
	    store_exec(sb, schema) < 0) {
		wft_error_set(err, WFT_ERR_IO, "cannot set up database %s: %s",
		              path ? path : ":memory:", sqlite3_errmsg(sb->db));
		sqlite3_close(sb->db);
		sb->db = NULL;
		return -1;
	}
	return 0;
}

void store_close(struct sandbox *sb)
{
	for (unsigned i = 0; i < sb->n_stmts; i++)
		sqlite3_finalize(sb->stmts[i].st);
	sb->n_stmts = 0;
	if (sb->db)
		sqlite3_close(sb->db);
	sb->db = NULL;
}

sqlite3_stmt *store_stmt(struct sandbox *sb, const char *sql)
{
	sqlite3_stmt *st;

	for (unsigned i = 0; i < sb->n_stmts; i++) {
		if (sb->stmts[i].sql == sql) {
			sqlite3_reset(sb->stmts[i].st);
			sqlite3_clear_bindings(sb->stmts[i].st);
			return sb->stmts[i].st;
		}
	}
	if (sqlite3_prepare_v3(sb->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		return NULL;
	if (sb->n_stmts < SB_MAX_STMTS) {
		sb->stmts[sb->n_stmts].sql = sql;
		sb->stmts[sb->n_stmts].st = st;
		sb->n_stmts++;
	}
	/* A full cache would leak here; SB_MAX_STMTS exceeds the literals used. */
	return st;
}

int store_begin(struct sandbox *sb)
{
	return store_exec(sb, "BEGIN IMMEDIATE");
}

int store_commit(struct sandbox *sb)
{
	if (store_exec(sb, "COMMIT") == 0)
		return 0;
	store_rollback(sb);
	return -1;
}

void store_rollback(struct sandbox *sb)
{
	if (!sqlite3_get_autocommit(sb->db))
		store_exec(sb, "ROLLBACK");
}

int store_count_tokens(struct sandbox *sb, const char *account)
{
	sqlite3_stmt *st = store_stmt(sb, "SELECT count(*) FROM tokens WHERE account = ?1");
	int n;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW)
		return -1;
	n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

int store_insert_token(struct sandbox *sb, const char *id, const char *name,
                       const char *account, wft_millis generated, const wft_millis *last_used)
{
	sqlite3_stmt *st = store_stmt(sb,
		"INSERT INTO tokens (id, name, account, generated, last_used) VALUES (?1, ?2, ?3, ?4, ?5)");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name ? name : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, account, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, generated);
	if (last_used)
		sqlite3_bind_int64(st, 5, *last_used);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_ensure_admin(struct sandbox *sb, const char *token, wft_millis now)
{
	char perms[512] = "";
	sqlite3_stmt *st;

	for (unsigned i = 0; i < sb_n_perms; i++) {
		if (i)
			strcat(perms, " ");
		strcat(perms, sb_perm_names[i]);
	}
	if (store_begin(sb) < 0)
		return -1;
	st = store_stmt(sb,
		"INSERT INTO accounts (id, is_sa, active, description, perms, groups, created) "
		"VALUES (?1, 0, 1, 'Sandbox administrator', ?2, ?3, ?4) "
		"ON CONFLICT(id) DO UPDATE SET perms = excluded.perms, active = 1");
	if (!st)
		goto fail;
	sqlite3_bind_text(st, 1, SANDBOX_ADMIN_ID, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, perms, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, SB_GROUP_EVERYONE, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	sqlite3_reset(st);
	if (token) {
		st = store_stmt(sb,
			"INSERT INTO tokens (id, name, account, generated) VALUES (?1, 'sandbox admin', ?2, ?3) "
			"ON CONFLICT(id) DO UPDATE SET account = excluded.account");
		if (!st)
			goto fail;
		sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, SANDBOX_ADMIN_ID, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, now);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
		sqlite3_reset(st);
	}
	return store_commit(sb);
fail:
	store_rollback(sb);
	return -1;
}
