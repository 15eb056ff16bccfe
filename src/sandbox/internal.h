/* internal.h: what the sandbox's modules share: the server state, one
 * request being answered, the store's helpers and the role/group catalogue. */
#ifndef WFT_SANDBOX_INTERNAL_H
#define WFT_SANDBOX_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <microhttpd.h>
#include <sqlite3.h>

#include "error.h"
#include "model.h"
#include "sandbox/body.h"
#include "sandbox/faults.h"
#include "sandbox/jsonw.h"
#include "sandbox/sandbox.h"

#define SB_MAX_STMTS 96
#define SB_ID_MAX 256          /* longest account identifier */
#define SB_MAX_READERS 64      /* read connections open at most */
#define SB_SEARCH_CACHE 8      /* token-search orders kept */

struct sb_stmt {
	const char *sql;       /* a string literal: the cache compares pointers */
	sqlite3_stmt *st;
};

/* One SQLite connection with its own cache of prepared statements. */
struct sb_db {
	struct sandbox *sb;
	sqlite3 *db;
	struct sb_stmt stmts[SB_MAX_STMTS];
	unsigned n_stmts;
	struct sb_db *next_free;      /* in the pool of idle read connections */
};

/* The order of one token search (its ids, t.seq, in order), shared by the
 * requests that use it; freed by the last one. */
struct sb_ids {
	atomic_uint refs;
	size_t n;
	int64_t ids[];
};

struct sb_cached_search {
	char *key;                    /* the SQL text and its parameters */
	size_t key_len;
	uint64_t gen;                 /* the store's write generation it was read at */
	struct sb_ids *ids;
	uint64_t used;                /* for least-recently-used replacement */
};

struct sandbox {
	struct MHD_Daemon *daemon;
	/* The writer: every change goes through it, one request at a time
	 * under db_lock, each change one transaction. */
	struct sb_db writer;
	pthread_mutex_t db_lock;
	/* Readers: requests that only read take an idle read connection (or
	 * open one) and read in one transaction of their own, a snapshot
	 * that never holds half of a change (WAL mode). */
	pthread_mutex_t pool_lock;
	struct sb_db *pool_free;
	struct sb_db *readers[SB_MAX_READERS];
	unsigned n_readers;
	/* The write generation: odd while a write request is under way, made
	 * even again when it ends. A reader whose snapshot began and ended
	 * inside one even generation read exactly that state. */
	_Atomic uint64_t gen;
	char *db_file;                /* the database file the readers open */
	char *tmp_dir;                /* without --db: the private directory holding it */
	int tmp_lock;                 /* that directory, open and locked; -1 */
	pthread_mutex_t cache_lock;
	struct sb_cached_search cache[SB_SEARCH_CACHE];
	uint64_t cache_tick;
	pthread_mutex_t faults_lock;
	struct sb_faults faults;
	wft_clock_fn clock;
	void *clock_ud;
	int access_ttl;
	unsigned idle_timeout;        /* seconds */
	char *csp_api_token;
	char *csp_client_id, *csp_client_secret;
	char *csp_roles;              /* NULL = "org_owner" */
	char *tls_cert, *tls_key;
	unsigned short port;
	unsigned seed_groups, seed_roles; /* listed after the built-in ones */
	bool csp_onboarded;           /* an instance onboarded to VMware Cloud services */
	char url[96];
	void (*on_request)(void *ud, const struct sandbox_seen *seen);
	void *on_request_ud;
	void (*on_answer)(void *ud, const char *method, const char *path, int status,
	                  const char *body, size_t len);
	void *on_answer_ud;
};

/* The account a request acts as. */
struct sb_caller {
	char account[SB_ID_MAX + 1];
	bool is_sa;
	uint32_t perms;        /* united permissions, bits of sb_perm_bit() */
	char token[64];        /* the API token used, "" for a CSP access token */
};

struct sb_req {
	struct sandbox *sb;
	struct MHD_Connection *conn;
	const char *method;
	const char *path;
	const char *cap[2];    /* the path segments matched by '*' */
	const char *body;
	size_t body_len;
	struct sb_caller caller;
	wft_millis now;
	struct jw out;         /* the payload (the `response` of the envelope) */
	bool raw;              /* out is the whole body: CSP answers, bare models */
	bool on_reader;        /* runs on a read connection, in a read transaction */
	bool snap_exact;       /* the snapshot is exactly write generation snap_gen */
	uint64_t snap_gen;
	/* A handler may answer a long list by leaving its statement (on the
	 * request's read connection) in stream_st and the writer of one row in
	 * stream_row, when can_stream is set: the rows are then written as the
	 * client takes them instead of being built whole in out. */
	bool can_stream;
	sqlite3_stmt *stream_st;
	void (*stream_row)(const struct sandbox *sb, struct jw *w, sqlite3_stmt *st, int col);
	char msg[300];         /* the error message for a failed request */
	char allow[64];        /* the Allow header of a 405 */
};

/* A handler returns the HTTP status: 200 with r->out holding the payload,
 * or an error status set through sb_fail. */
typedef int (*sb_handler)(struct sb_req *r);

int sb_fail(struct sb_req *r, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The 500 for a store failure (message names no secret). */
int sb_db_fail(struct sb_req *r);
/* Decodes the body as JSON into *o; on failure answers 400. */
int sb_json_body(struct sb_req *r, json_object **o);
/* offset/limit from the query string, for the paged GET lists. */
int sb_paging_args(struct sb_req *r, int64_t *offset, int64_t *limit);

/* ---- permissions, roles and user groups (fixed catalogue) ---- */
extern const char *const sb_perm_names[];
extern const unsigned sb_n_perms;
/* The bit of a permission id, 0 if unknown. */
uint32_t sb_perm_bit(const char *name);
#define SB_PERM_ALL ((uint32_t)((1u << sb_n_perms) - 1))

struct sb_role {
	const char *id, *name, *description;
	const char *perms;     /* space separated */
};
struct sb_group {
	const char *id, *name, *description;
	const char *roles;     /* role ids, space separated */
	bool system;
};
extern const struct sb_role sb_roles[];
extern const unsigned sb_n_roles;
extern const struct sb_group sb_groups[];
extern const unsigned sb_n_groups;
#define SB_GROUP_EVERYONE "a7d2e3c1-5b6f-4e8a-9c0d-1e2f3a4b5c01"
#define SB_GROUP_SERVICE_ACCOUNTS "a7d2e3c1-5b6f-4e8a-9c0d-1e2f3a4b5c02"
const struct sb_role *sb_role_find(const char *id);
const struct sb_group *sb_group_find(const char *id);
/* Permissions held directly, through roles, and through groups' roles. */
uint32_t sb_united_perms(const char *perms, const char *roles, const char *groups);

void sb_write_role(struct jw *w, const struct sb_role *ro);
void sb_write_group(struct jw *w, const struct sb_group *g);
/* Writes a space-separated list as a JSON array of strings. */
void sb_write_words(struct jw *w, const char *words);

/* ---- store (store.c) ---- */
/* Opens the writer on path; NULL = a private temporary file, removed by
 * store_close (readers need a file to share: WAL does not work in memory). */
int store_open(struct sandbox *sb, const char *path, struct wft_error *err);
/* Closes every connection (no request may be running). */
void store_close(struct sandbox *sb);
/* The connection the calling thread's request uses: the one given to
 * store_use, or the writer. Every store_* function below acts on it. */
void store_use(struct sb_db *d);     /* NULL = the writer */
struct sb_db *store_current(struct sandbox *sb);
sqlite3 *store_db(struct sandbox *sb);
/* An idle read connection (opened if needed), NULL if none can be had. */
struct sb_db *store_reader_get(struct sandbox *sb);
void store_reader_put(struct sandbox *sb, struct sb_db *d);
/* Starts the read transaction of the current (read) connection and its
 * snapshot; *exact tells whether that snapshot is write generation *gen. */
int store_read_begin(struct sandbox *sb, uint64_t *gen, bool *exact);
void store_read_end(struct sandbox *sb);
/* Around every use of the writer (under db_lock): the write generation. */
void store_write_enter(struct sandbox *sb);
void store_write_leave(struct sandbox *sb);
/* A cached prepared statement, reset; NULL on failure. */
sqlite3_stmt *store_stmt(struct sandbox *sb, const char *sql);
int store_exec(struct sandbox *sb, const char *sql);
int store_begin(struct sandbox *sb);
int store_commit(struct sandbox *sb);
void store_rollback(struct sandbox *sb);
/* A new random (v4) UUID from the system's random source. */
/* The number of tokens account holds, -1 on failure. */
int store_count_tokens(struct sandbox *sb, const char *account);
/* Inserts a token; 0 or -1. */
int store_insert_token(struct sandbox *sb, const char *id, const char *name,
                       const char *account, wft_millis generated, const wft_millis *last_used);
/* Creates the administrator (all permissions) if missing, and gives it token. */
int store_ensure_admin(struct sandbox *sb, const char *token, wft_millis now);

/* The SELECT list every token row writer expects. */
#define SB_TOKEN_COLS "t.id, t.name, t.account, a.is_sa, a.active, t.generated, t.last_used"
#define SB_TOKEN_FROM " FROM tokens t JOIN accounts a ON a.id = t.account "
void sb_row_user_token(const struct sandbox *sb, struct jw *w, sqlite3_stmt *st, int col);
void sb_row_token_model(const struct sandbox *sb, struct jw *w, sqlite3_stmt *st, int col);
/* The accountType of a token of account (doc/api-models.md, accountType); with csp_onboarded,
 * user accounts are CSP accounts. */
const char *sb_account_type(const struct sandbox *sb, const char *account, bool is_sa,
                            bool active);
/* The SELECT list of sb_write_sa. */
#define SB_SA_COLS "a.id, a.active, a.description, a.perms, a.roles, a.groups"
int sb_write_sa(struct sb_req *r, sqlite3_stmt *st);

/* ---- handlers ---- */
int api_own_list(struct sb_req *r);
int api_own_create(struct sb_req *r);
int api_own_rename(struct sb_req *r);
int api_own_delete(struct sb_req *r);
/* POST /_sandbox/last-used: a token's last use set (tests). */
int ctrl_last_used(struct sb_req *r);
int api_sa_tokens(struct sb_req *r);
int api_sa_generate(struct sb_req *r);
int api_sa_rename(struct sb_req *r);
int api_sa_delete_token(struct sb_req *r);
int api_customer_tokens(struct sb_req *r);
int api_customer_token(struct sb_req *r);
int api_customer_revoke(struct sb_req *r);
int api_sa_list(struct sb_req *r);
int api_sa_get(struct sb_req *r);
int api_sa_create(struct sb_req *r);
int api_sa_update(struct sb_req *r);
int api_sa_activate(struct sb_req *r);
int api_sa_deactivate(struct sb_req *r);
int api_account_delete(struct sb_req *r);
int api_accounts_delete(struct sb_req *r);
int api_roles(struct sb_req *r);
int api_usergroups(struct sb_req *r);
int search_tokens(struct sb_req *r);
int search_tokens_facet(struct sb_req *r);
int search_tokens_facets(struct sb_req *r);
int search_sas(struct sb_req *r);
int search_sas_facet(struct sb_req *r);
int search_sas_facets(struct sb_req *r);
int saved_create(struct sb_req *r);
int saved_list(struct sb_req *r);
int saved_list_type(struct sb_req *r);
int saved_get(struct sb_req *r);
int saved_update(struct sb_req *r);
int saved_delete(struct sb_req *r);
int csp_api_token_grant(struct sb_req *r);
int csp_client_grant(struct sb_req *r);
/* Looks up a CSP access token; fills the caller and returns 0, or -1. */
int csp_lookup(struct sb_req *r, const char *bearer);
/* VMware Cloud services administration (csp_admin.c). */
int csp_admin_details(struct sb_req *r);
int csp_admin_generate(struct sb_req *r);
int csp_admin_deactivate(struct sb_req *r);
int csp_admin_activate(struct sb_req *r);
int csp_admin_apps(struct sb_req *r);
int csp_admin_app(struct sb_req *r);
int csp_admin_app_create(struct sb_req *r);
int csp_admin_app_modify(struct sb_req *r);
int csp_admin_app_secret(struct sb_req *r);
int csp_admin_apps_delete(struct sb_req *r);
int csp_admin_clients(struct sb_req *r);
/* Sign-in checks against the stored CSP API tokens and OAuth apps: 1 the
 * credential is valid (its last use is noted), 0 it is known but refused
 * (deactivated, expired, wrong secret), -1 it is not known. */
int csp_admin_token_check(struct sandbox *sb, const char *value, wft_millis now);
int csp_admin_client_check(struct sandbox *sb, const char *id, const char *secret,
                           wft_millis now);

/* ---- search (search.c) ---- */
/* Frees the cached token-search orders. */
void search_cache_clear(struct sandbox *sb);

/* ---- seeding (seed.c) ---- */
/* N saved searches (entity TOKEN) for the administrator; 0 or -1. */
int seed_saved(struct sandbox *sb, unsigned n, wft_millis now, struct wft_error *err);
int seed_store(struct sandbox *sb, unsigned n_tokens, unsigned long random_seed,
               wft_millis now, struct wft_error *err);
/* The user tokens a seed of an instance onboarded to VMware Cloud services
 * keeps (legacy tokens, from before the onboarding). */
#define SB_CSP_LEGACY_USER_TOKENS 3
/* The answer of the own-token endpoints (T1-T4) there, as production's
 * note on them says: they apply only to instances not onboarded. */
#define SB_CSP_OWN_TOKENS_REFUSAL \
	"This instance is onboarded to VMware Cloud services: user API tokens are managed " \
	"in VMware Cloud services, not with /api/v2/apitoken; only service-account tokens " \
	"are managed here"
/* The VMware Cloud services data: CSP API tokens of varied ages (one
 * expiring within 14 days), OAuth apps, and the sign-in credentials given
 * (the --csp-api-token expires in token_days, never when <= 0); 0 or -1. */
int seed_csp(struct sandbox *sb, wft_millis now, int token_days, struct wft_error *err);

#endif
