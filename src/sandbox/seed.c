/* seed.c: fills an empty store with an organisation that looks real: mostly
 * service accounts holding a few tokens, some full (20/20), some inactive,
 * users by e-mail, names in several scripts, last use from minutes to years
 * ago or never. Deterministic for a given random seed and clock. */
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "sandbox/internal.h"
#include "uuid.h"

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *g)
{
	uint64_t z = (g->s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static double rng_unit(struct rng *g)
{
	return (double)(rng_next(g) >> 11) / 9007199254740992.0;
}

static unsigned rng_below(struct rng *g, unsigned n)
{
	return (unsigned)(rng_next(g) % n);
}

#define PICK(g, arr) (arr[rng_below(g, sizeof arr / sizeof arr[0])])

/* A time span between lo and hi milliseconds, spread evenly over the
 * doublings between them (about log-uniform, without libm). */
static wft_millis log_span(struct rng *g, double lo, double hi)
{
	unsigned doublings = 0;
	double v;

	if (hi <= lo)
		return (wft_millis)lo;
	for (double x = lo; x * 2 <= hi; x *= 2)
		doublings++;
	v = lo;
	for (unsigned k = rng_below(g, doublings + 1); k > 0; k--)
		v *= 2;
	v *= 1.0 + rng_unit(g);
	return (wft_millis)(v > hi ? hi : v);
}

static void rng_uuid(struct rng *g, char out[37])
{
	uint64_t w[2] = { rng_next(g), rng_next(g) };
	unsigned char b[16];

	for (int i = 0; i < 16; i++)
		b[i] = (unsigned char)(w[i / 8] >> (56 - 8 * (i % 8)));
	wft_uuid_format(b, out);
}

static const char *const teams[] = {
	"payments", "search", "checkout", "platform", "data", "ml", "infra", "billing",
	"mobile", "web", "edge", "identity", "analytics", "ops", "sre", "qa", "growth",
	"ads", "maps", "mail", "logistics", "fraud",
};
static const char *const purposes[] = {
	"ci", "deploy", "ingest", "metrics", "alerts", "backup", "etl", "grafana",
	"terraform", "k8s", "collector", "exporter", "sync", "reporter", "canary",
	"loadtest", "audit", "proxy",
};
static const char *const envs[] = { "prod", "staging", "dev", "eu-west", "us-east", "apac" };
static const char *const fancy_names[] = {
	"Grafana reader", "Terraform pipeline", "Jenkins \xe2\x80\x93 nightly",
	"old key (do not use)", "temp", "main", "laptop", "monitoring",
	"\xe7\x9b\xa3\xe8\xa6\x96\xe3\x82\xb7\xe3\x82\xb9\xe3\x83\x86\xe3\x83\xa0",          /* 監視システム */
	"\xe3\x83\x87\xe3\x83\xbc\xe3\x82\xbf\xe5\x8f\x8e\xe9\x9b\x86",                      /* データ収集 */
	"\xe6\xb5\x8b\xe8\xaf\x95\xe4\xbb\xa4\xe7\x89\x8c",                                  /* 测试令牌 */
	"\xec\x9a\xb4\xec\x98\x81 \xed\x86\xa0\xed\x81\xb0",                                 /* 운영 토큰 */
	"\xf0\x9f\x9a\x80 release bot",                                                      /* 🚀 */
	"\xf0\x9f\x94\x91 backup key",                                                       /* 🔑 */
	"\xf0\x9f\x93\x88 dashboards",                                                       /* 📈 */
	"\xc3\x89quipe donn\xc3\xa9""es",                                                    /* Équipe données */
	"Z\xc3\xbcrich ops",
	"a rather long token name that someone typed to explain exactly what this is for",
};
static const char *const first_names[] = {
	"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
	"mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor",
	"walter", "yuki", "zoe", "akira", "mei", "jonas", "priya",
};
static const char *const last_names[] = {
	"smith", "jones", "garcia", "mueller", "tanaka", "kim", "nguyen", "rossi",
	"dubois", "silva", "kowalski", "ivanova", "chen", "patel", "okafor",
};
static const char *const domains[] = { "example.com", "corp.example.com", "example.org" };
static const char *const descriptions[] = {
	"", "CI pipeline", "Sends metrics from the collectors", "Owned by the platform team",
	"Legacy integration \xe2\x80\x94 ask before deleting", "Nightly export",
	"\xe6\x9c\xac\xe7\x95\xaa\xe7\x92\xb0\xe5\xa2\x83\xe3\x81\xae\xe7\x9b\xa3\xe8\xa6\x96", /* 本番環境の監視 */
};
static const char *const sa_perm_sets[] = {
	"", "ingestion", "ingestion metrics_management", "dashboard_management alerts_management",
	"events_management", "ingestion", "user_management",
};

static void token_name(struct rng *g, char *out, size_t n)
{
	double u = rng_unit(g);

	if (u < 0.35)
		snprintf(out, n, "%s %s", PICK(g, purposes), PICK(g, envs));
	else if (u < 0.65)
		snprintf(out, n, "%s", PICK(g, fancy_names));
	else if (u < 0.9)
		snprintf(out, n, "%s-%s-%u", PICK(g, teams), PICK(g, purposes), 1 + rng_below(g, 9));
	else
		out[0] = '\0';
}

static unsigned token_count(struct rng *g, bool is_sa)
{
	double u = rng_unit(g);

	if (u < 0.05)
		return WFT_MAX_TOKENS_PER_ACCOUNT;
	if (is_sa && u < 0.13)
		return 0;
	{
		unsigned n = 1;
		while (n < 8 && rng_unit(g) < 0.45)
			n++;
		return n;
	}
}

int seed_saved(struct sandbox *sb, unsigned n, wft_millis now, struct wft_error *err)
{
	sqlite3_stmt *st = store_stmt(sb,
		"INSERT OR IGNORE INTO saved_searches SELECT ?1, 'TOKEN', ?2, id, id, id, ?3, ?3 "
		"FROM accounts WHERE id = '" SANDBOX_ADMIN_ID "'");

	if (!st || store_begin(sb) < 0)
		goto fail;
	for (unsigned i = 0; i < n; i++) {
		char id[32], query[160];
		int rc;
		snprintf(id, sizeof id, "Seeded%05u", i);
		snprintf(query, sizeof query, "{\"Seeded search %05u\":\"{\\\"searchTerms\\\":"
		         "[{\\\"type\\\":\\\"freetext\\\",\\\"value\\\":\\\"s%u\\\"}]}\"}", i, i);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, query, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, now - (wft_millis)(n - i) * 1000);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			goto fail;
	}
	if (store_commit(sb) < 0)
		goto fail;
	return 0;
fail:
	wft_error_set(err, WFT_ERR_IO, "cannot seed saved searches: %s", sqlite3_errmsg(store_db(sb)));
	store_rollback(sb);
	return -1;
}

int seed_store(struct sandbox *sb, unsigned n_tokens, unsigned long random_seed,
               wft_millis now, struct wft_error *err)
{
	const double minute = 60e3, year = 365.25 * 24 * 3600e3;
	struct rng g;
	sqlite3_stmt *acc, *cnt;
	unsigned made = 0, accounts = 0, legacy_users = 0;
	int existing;

	if (random_seed == 0) {
		uint64_t s = 0;
		if (getrandom(&s, sizeof s, 0) != (ssize_t)sizeof s)
			s = (uint64_t)now;
		g.s = s;
	} else {
		g.s = random_seed;
	}
	cnt = store_stmt(sb, "SELECT count(*) FROM accounts WHERE id != ?1");
	if (!cnt || (sqlite3_bind_text(cnt, 1, SANDBOX_ADMIN_ID, -1, SQLITE_STATIC),
	             sqlite3_step(cnt)) != SQLITE_ROW) {
		wft_error_set(err, WFT_ERR_IO, "cannot seed: %s", sqlite3_errmsg(store_db(sb)));
		return -1;
	}
	existing = sqlite3_column_int(cnt, 0);
	sqlite3_reset(cnt);
	if (existing > 0)
		return 0; /* a store that already holds an organisation is kept as is */

	acc = store_stmt(sb,
		"INSERT OR IGNORE INTO accounts (id, is_sa, active, description, perms, roles, groups, created) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	if (!acc || store_begin(sb) < 0)
		goto fail;
	while (made < n_tokens) {
		bool is_sa = rng_unit(&g) < 0.65;
		char id[SB_ID_MAX + 1];
		unsigned n = token_count(&g, is_sa);
		int rc;

		/* Onboarded to VMware Cloud services: users hold CSP API tokens,
		 * which are not listed here; a few kept a legacy token. */
		if (sb->csp_onboarded && !is_sa)
			n = legacy_users++ < SB_CSP_LEGACY_USER_TOKENS ? 1 : 0;

		accounts++;
		if (is_sa) {
			snprintf(id, sizeof id, "sa::%s-%s", PICK(&g, teams), PICK(&g, purposes));
			if (rng_unit(&g) < 0.3)
				snprintf(id + strlen(id), sizeof id - strlen(id), "-%s", PICK(&g, envs));
		} else {
			snprintf(id, sizeof id, "%s.%s@%s", PICK(&g, first_names), PICK(&g, last_names),
			         PICK(&g, domains));
		}
		for (int attempt = 0;; attempt++) {
			double u = rng_unit(&g);
			sqlite3_bind_text(acc, 1, id, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(acc, 2, is_sa);
			sqlite3_bind_int(acc, 3, is_sa ? rng_unit(&g) >= 0.12 : 1);
			sqlite3_bind_text(acc, 4, is_sa ? PICK(&g, descriptions) : "", -1, SQLITE_STATIC);
			sqlite3_bind_text(acc, 5, is_sa ? PICK(&g, sa_perm_sets)
			                  : u < 0.1 ? "user_management token_management"
			                  : u < 0.7 ? "token_management" : "", -1, SQLITE_STATIC);
			sqlite3_bind_text(acc, 6, "", -1, SQLITE_STATIC);
			sqlite3_bind_text(acc, 7, is_sa ? SB_GROUP_SERVICE_ACCOUNTS : SB_GROUP_EVERYONE,
			                  -1, SQLITE_STATIC);
			sqlite3_bind_int64(acc, 8, now - log_span(&g, minute, 4 * year));
			rc = sqlite3_step(acc);
			sqlite3_reset(acc);
			if (rc != SQLITE_DONE)
				goto fail;
			if (sqlite3_changes(store_db(sb)) == 1)
				break;
			/* Taken: make the name unique the way people do. */
			if (is_sa)
				snprintf(id + strlen(id), sizeof id - strlen(id), "-%u", accounts + (unsigned)attempt);
			else
				snprintf(strchr(id, '@'), sizeof id - (size_t)(strchr(id, '@') - id),
				         "%u@%s", accounts + (unsigned)attempt, PICK(&g, domains));
		}
		if (n > n_tokens - made)
			n = n_tokens - made;
		for (unsigned k = 0; k < n; k++) {
			char tid[37], name[128];
			wft_millis gen = now - log_span(&g, 10 * minute, 4 * year), used;
			rng_uuid(&g, tid);
			token_name(&g, name, sizeof name);
			used = now - log_span(&g, minute, (double)(now - gen));
			if (used < gen)
				used = gen;
			if (store_insert_token(sb, tid, name, id, gen, rng_unit(&g) < 0.12 ? NULL : &used) < 0)
				goto fail;
		}
		made += n;
	}
	/* Two saved searches for the administrator, if there is one. */
	if (store_exec(sb,
		"INSERT OR IGNORE INTO saved_searches SELECT 'Unused30', 'TOKEN', "
		"'{\"Unused for 30 days\":\"{\\\"searchTerms\\\":[{\\\"type\\\":\\\"usage\\\",\\\"value\\\":\\\"unused:30d\\\"}],\\\"sortField\\\":\\\"lastUsed\\\",\\\"sortOrder\\\":\\\"ascending\\\"}\"}', "
		"id, id, id, created, created FROM accounts WHERE id = '" SANDBOX_ADMIN_ID "';"
		"INSERT OR IGNORE INTO saved_searches SELECT 'SvcToks1', 'TOKEN', "
		"'{\"Service accounts\":\"{\\\"searchTerms\\\":[{\\\"type\\\":\\\"accountType\\\",\\\"value\\\":\\\"SERVICE_ACCOUNT\\\"}],\\\"sortField\\\":\\\"name\\\",\\\"sortOrder\\\":\\\"ascending\\\"}\"}', "
		"id, id, id, created, created FROM accounts WHERE id = '" SANDBOX_ADMIN_ID "';") < 0)
		goto fail;
	if (store_commit(sb) < 0)
		goto fail;
	return 0;
fail:
	wft_error_set(err, WFT_ERR_IO, "cannot seed: %s", sqlite3_errmsg(store_db(sb)));
	store_rollback(sb);
	return -1;
}
