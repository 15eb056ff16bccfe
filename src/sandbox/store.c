/* store.c: the SQLite store, in WAL mode. One writer connection, used
 * under sb->db_lock, where every change is one transaction, so that a
 * killed process loses nothing it acknowledged; and a pool of read
 * connections, each reading a consistent snapshot while the writer works.
 * Each connection caches its prepared statements. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

/* The connection of the calling thread's request; NULL = the writer. A
 * thread serves one request at a time, so this is the request's own. */
static _Thread_local struct sb_db *store_cur;

void store_use(struct sb_db *d)
{
	store_cur = d;
}

struct sb_db *store_current(struct sandbox *sb)
{
	return store_cur && store_cur->sb == sb ? store_cur : &sb->writer;
}

sqlite3 *store_db(struct sandbox *sb)
{
	return store_current(sb)->db;
}

int store_exec(struct sandbox *sb, const char *sql)
{
	return sqlite3_exec(store_db(sb), sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int exec_on(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

#define SB_TMP_PREFIX "wftokens-sandbox."
#define SB_TMP_FILE "store.db"
#define SB_TMP_GRACE 10   /* seconds a new directory has to get its lock */

static const char *const tmp_tails[] = { "", "-wal", "-shm", "-journal" };

static void remove_dir_files(const char *dir)
{
	char path[4096 + 32];

	for (size_t i = 0; i < sizeof tmp_tails / sizeof tmp_tails[0]; i++) {
		snprintf(path, sizeof path, "%s/" SB_TMP_FILE "%s", dir, tmp_tails[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* A sandbox without --db keeps its store in a private directory, locked
 * (flock on the directory) while the sandbox lives. One killed with
 * SIGKILL leaves its directory behind unlocked; the next sandbox started
 * removes such directories of the same user. */
static void sweep_stale(const char *tmp)
{
	DIR *d = opendir(tmp);
	struct dirent *e;
	time_t now = time(NULL);

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char dir[4096];
		struct stat st;
		int fd;

		if (strncmp(e->d_name, SB_TMP_PREFIX, sizeof SB_TMP_PREFIX - 1) != 0 ||
		    snprintf(dir, sizeof dir, "%s/%s", tmp, e->d_name) >= (int)sizeof dir)
			continue;
		fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (fstat(fd, &st) == 0 && st.st_uid == getuid() && now - st.st_mtime > SB_TMP_GRACE &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0)
			remove_dir_files(dir);
		close(fd);
	}
	closedir(d);
}

static void remove_temp_file(struct sandbox *sb)
{
	if (sb->tmp_dir)
		remove_dir_files(sb->tmp_dir);
	if (sb->tmp_lock >= 0)
		close(sb->tmp_lock);
	sb->tmp_lock = -1;
}

/* A private directory for the database of a sandbox without --db. */
static int make_temp_file(struct sandbox *sb, struct wft_error *err)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096];

	if (!tmp || !*tmp)
		tmp = "/tmp";
	sweep_stale(tmp);
	if (snprintf(dir, sizeof dir, "%s/" SB_TMP_PREFIX "XXXXXX", tmp) >= (int)sizeof dir ||
	    !mkdtemp(dir)) {
		wft_error_set(err, WFT_ERR_IO, "cannot create a temporary directory in %s: %s",
		              tmp, strerror(errno));
		return -1;
	}
	sb->tmp_lock = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sb->tmp_lock < 0 || flock(sb->tmp_lock, LOCK_EX) < 0) {
		wft_error_set(err, WFT_ERR_IO, "cannot lock the temporary directory %s: %s",
		              dir, strerror(errno));
		if (sb->tmp_lock >= 0)
			close(sb->tmp_lock);
		sb->tmp_lock = -1;
		rmdir(dir);
		return -1;
	}
	sb->tmp_dir = strdup(dir);
	sb->db_file = malloc(strlen(dir) + sizeof "/" SB_TMP_FILE);
	if (!sb->tmp_dir || !sb->db_file) {
		close(sb->tmp_lock);
		sb->tmp_lock = -1;
		rmdir(dir);
		wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		return -1;
	}
	sprintf(sb->db_file, "%s/" SB_TMP_FILE, dir);
	return 0;
}

static int open_conn(struct sandbox *sb, struct sb_db *d, bool writer)
{
	int rc;

	d->sb = sb;
	rc = sqlite3_open_v2(sb->db_file, &d->db,
	                     (writer ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
	                             : SQLITE_OPEN_READONLY) | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(d->db, 5000);
	/* Readers map the file rather than copy pages into each connection. */
	return exec_on(d->db, "PRAGMA mmap_size=1073741824");
}

static void close_conn(struct sb_db *d)
{
	for (unsigned i = 0; i < d->n_stmts; i++)
		sqlite3_finalize(d->stmts[i].st);
	d->n_stmts = 0;
	if (d->db)
		sqlite3_close(d->db);
	d->db = NULL;
}

int store_open(struct sandbox *sb, const char *path, struct wft_error *err)
{
	struct sb_db *w = &sb->writer;
	const char *name;

	if (path && !(sb->db_file = strdup(path))) {
		wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		return -1;
	}
	if (!path && make_temp_file(sb, err) < 0)
		return -1;
	name = path ? path : "a temporary file";
	if (open_conn(sb, w, true) < 0) {
		wft_error_set(err, WFT_ERR_IO, "cannot open database %s: %s", name,
		              w->db ? sqlite3_errmsg(w->db) : "out of memory");
		close_conn(w);
		return -1;
	}
	/* synchronous=NORMAL in WAL mode: a commit is in the OS's hands once
	 * acknowledged, which survives kill -9 (not a power cut). The
	 * temporary file of a sandbox without --db outlives nothing, so it
	 * is never synced at all. */
	if (exec_on(w->db, "PRAGMA journal_mode=WAL") < 0 ||
	    exec_on(w->db, path ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=OFF") < 0 ||
	    exec_on(w->db, "PRAGMA foreign_keys=ON") < 0 ||
	    exec_on(w->db, schema) < 0) {
		wft_error_set(err, WFT_ERR_IO, "cannot set up database %s: %s", name,
		              sqlite3_errmsg(w->db));
		close_conn(w);
		return -1;
	}
	atomic_store(&sb->gen, 2);
	return 0;
}

void store_close(struct sandbox *sb)
{
	for (unsigned i = 0; i < sb->n_readers; i++) {
		close_conn(sb->readers[i]);
		free(sb->readers[i]);
	}
	sb->n_readers = 0;
	sb->pool_free = NULL;
	close_conn(&sb->writer);
	remove_temp_file(sb);
	free(sb->tmp_dir);
	free(sb->db_file);
	sb->tmp_dir = sb->db_file = NULL;
}

struct sb_db *store_reader_get(struct sandbox *sb)
{
	struct sb_db *d;

	pthread_mutex_lock(&sb->pool_lock);
	d = sb->pool_free;
	if (d) {
		sb->pool_free = d->next_free;
		d->next_free = NULL;
		pthread_mutex_unlock(&sb->pool_lock);
		return d;
	}
	if (sb->n_readers == SB_MAX_READERS || !sb->db_file ||
	    !(d = calloc(1, sizeof *d))) {
		pthread_mutex_unlock(&sb->pool_lock);
		return NULL;
	}
	/* Reserve the slot now, open outside the lock. */
	sb->readers[sb->n_readers++] = d;
	pthread_mutex_unlock(&sb->pool_lock);
	if (open_conn(sb, d, false) < 0) {
		/* Kept in the list (closed and freed by store_close), never handed out. */
		close_conn(d);
		return NULL;
	}
	return d;
}

void store_reader_put(struct sandbox *sb, struct sb_db *d)
{
	if (!d)
		return;
	pthread_mutex_lock(&sb->pool_lock);
	d->next_free = sb->pool_free;
	sb->pool_free = d;
	pthread_mutex_unlock(&sb->pool_lock);
}

int store_read_begin(struct sandbox *sb, uint64_t *gen, bool *exact)
{
	uint64_t before = atomic_load(&sb->gen), after;
	sqlite3_stmt *st;
	int rc;

	*gen = before;
	*exact = false;
	if (store_exec(sb, "BEGIN") < 0)
		return -1;
	/* The snapshot starts with the first read. */
	st = store_stmt(sb, "SELECT 1 FROM sqlite_schema LIMIT 1");
	if (!st) {
		store_read_end(sb);
		return -1;
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_read_end(sb);
		return -1;
	}
	after = atomic_load(&sb->gen);
	*exact = before == after && (before & 1) == 0;
	return 0;
}

void store_read_end(struct sandbox *sb)
{
	if (!sqlite3_get_autocommit(store_db(sb)))
		store_exec(sb, "COMMIT");
}

void store_write_enter(struct sandbox *sb)
{
	atomic_fetch_add(&sb->gen, 1);
}

void store_write_leave(struct sandbox *sb)
{
	atomic_fetch_add(&sb->gen, 1);
}

sqlite3_stmt *store_stmt(struct sandbox *sb, const char *sql)
{
	struct sb_db *d = store_current(sb);
	sqlite3_stmt *st;

	for (unsigned i = 0; i < d->n_stmts; i++) {
		if (d->stmts[i].sql == sql) {
			sqlite3_reset(d->stmts[i].st);
			sqlite3_clear_bindings(d->stmts[i].st);
			return d->stmts[i].st;
		}
	}
	if (sqlite3_prepare_v3(d->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		return NULL;
	if (d->n_stmts < SB_MAX_STMTS) {
		d->stmts[d->n_stmts].sql = sql;
		d->stmts[d->n_stmts].st = st;
		d->n_stmts++;
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
	if (!sqlite3_get_autocommit(store_db(sb)))
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
