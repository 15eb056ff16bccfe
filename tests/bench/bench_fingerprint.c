/* bench_fingerprint.c: figures for SINCE LAST SESSION (`make
 * bench-fingerprint`, not a test). For each size N: a token list of N
 * tokens shaped as bench_query's (about a third as many accounts as
 * tokens), and the times of fingerprint_take and fingerprint_save (the
 * quit), fingerprint_load and fingerprint_compare against the list with 1%
 * of its tokens revoked, 1% created and 1% used for the first time (the
 * start), the file's size, and whether the load found the file. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fingerprint.h"

#define NOW ((wft_millis)1750000000000)
#define DAY ((wft_millis)86400000)

static uint64_t rng = 88172645463325252u;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void must(enum wft_status st, const struct wft_error *err, const char *what)
{
	if (st != WFT_OK) {
		fprintf(stderr, "bench-fingerprint: %s: %s\n", what, err->message);
		exit(1);
	}
}

/* Token i of the list (a second list shares ids with the first). */
static void add_token(struct tokenset *ts, size_t i, size_t n, wft_millis used)
{
	static const char *const words[] = { "ci", "deploy", "grafana", "prometheus", "backup",
		"terraform", "nightly", "read-only", "ingest", "alerting", "sync", "report" };
	uint64_t h = (i + 1) * 0x9e3779b97f4a7c15u;
	size_t a = (size_t)(h % (n / 3 + 1));
	char id[48], name[64], acct[64];
	struct wft_error err;

	snprintf(id, sizeof id, "%08x-%04x-4%03x-8%03x-%012llx", (unsigned)(h >> 32),
	         (unsigned)(h >> 16 & 0xffff), (unsigned)(h >> 4 & 0xfff), (unsigned)(i & 0xfff),
	         (unsigned long long)(i & 0xffffffffffffull));
	snprintf(name, sizeof name, "%s-%s-%zu", words[h % 12], words[(h >> 8) % 12], i);
	if (a % 7 == 0)
		snprintf(acct, sizeof acct, "user%zu@example.com", a);
	else
		snprintf(acct, sizeof acct, "sa::%s-%zu", words[a % 12], a);
	struct wft_token_rec rec = { id, name, acct, a % 7 ? WFT_ACCOUNT_SERVICE : WFT_ACCOUNT_USER,
	                             NOW - (wft_millis)(h % 1000) * DAY, used };
	must(tokenset_add(ts, &rec, &err), &err, "tokenset_add");
}

static void bench(size_t n, const char *dir)
{
	struct tokenset *then = tokenset_new(), *now = tokenset_new();
	static const unsigned char key[FINGERPRINT_KEY_SIZE] = { 7, 1, 7 };
	struct fingerprint fp, back;
	struct fingerprint_changes c;
	struct wft_error err;
	char path[512];
	struct stat st;
	bool found;
	double t0, take, save, load, compare;

	for (size_t i = 0; i < n; i++) {
		wft_millis used = i % 10 < 3 ? 0 : NOW - (wft_millis)(rnd() % 400) * DAY;
		add_token(then, i, n, used);
		if (i % 100 == 1)
			continue;                                  /* revoked since */
		add_token(now, i, n, used == 0 && i % 100 == 2 ? NOW - DAY : used);
	}
	for (size_t i = n; i < n + n / 100; i++)
		add_token(now, i, n, 0);                       /* created since */
	snprintf(path, sizeof path, "%s/fingerprint-bench", dir);
	t0 = now_ms();
	must(fingerprint_take(then, key, NOW - DAY, &fp, &err), &err, "take");
	take = now_ms() - t0;
	t0 = now_ms();
	must(fingerprint_save(path, &fp, &err), &err, "save");
	save = now_ms() - t0;
	t0 = now_ms();
	enum wft_status ls = fingerprint_load(path, NOW, &back, &found, &err);
	load = now_ms() - t0;
	if (ls != WFT_OK || !found) {
		printf("%8zu tokens: take %7.1f ms  save %7.1f ms  load FAILED (%s)\n", n, take, save,
		       ls != WFT_OK ? err.message : "no file");
		fingerprint_clear(&fp);
		tokenset_free(then);
		tokenset_free(now);
		return;
	}
	t0 = now_ms();
	must(fingerprint_compare(&back, now, key, NOW, &c, &err), &err, "compare");
	compare = now_ms() - t0;
	printf("%8zu tokens: take %7.1f ms  save %7.1f ms  (quit %7.1f)  load %7.1f ms  "
	       "compare %7.1f ms  (start %7.1f)  file %.1f MiB  created %zu revoked %zu "
	       "first used %zu\n", n, take, save, take + save, load, compare, load + compare,
	       stat(path, &st) == 0 ? (double)st.st_size / (1 << 20) : -1.0, c.n_created,
	       c.n_revoked, c.n_first_used);
	unlink(path);
	fingerprint_changes_clear(&c);
	fingerprint_clear(&back);
	fingerprint_clear(&fp);
	tokenset_free(then);
	tokenset_free(now);
}

/* The files of dir (a fingerprint set aside, say) and dir itself. */
static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512];

	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			unlink(path);
		}
	if (d)
		closedir(d);
	rmdir(dir);
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/bench-fingerprint-XXXXXX";

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	if (argc < 2) {
		bench(100000, dir);
		bench(500000, dir);
	}
	for (int i = 1; i < argc; i++)
		bench((size_t)strtoul(argv[i], NULL, 10), dir);
	remove_dir(dir);
	return 0;
}
