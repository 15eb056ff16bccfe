/* bench_query.c: figures for the query engine (`make bench`, not a test).
 * For each size: writes a customertokens body, decodes it streaming in
 * 16 KiB reads, times each filter kind, each sort, a page, peak RSS per
 * phase, and the same filter-and-sort with jq on the same file. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mask.h"
#include "view.h"

#define NOW ((wft_millis)1750000000000)
#define DAY ((wft_millis)86400000)
#define CHUNK 16384

static wft_millis bench_clock(void *ud)
{
	(void)ud;
	return NOW;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Peak RSS since the last reset, in MiB (VmHWM; reset via clear_refs). */
static double peak_mb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	double kb = 0;

	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = atof(line + 6);
	if (f)
		fclose(f);
	return kb / 1024;
}

static void reset_peak(void)
{
	int fd = open("/proc/self/clear_refs", O_WRONLY);

	if (fd >= 0) {
		if (write(fd, "5", 1) != 1)
			fprintf(stderr, "bench: could not reset the peak RSS\n");
		close(fd);
	}
}

static uint64_t rng = 88172645463325252u;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void write_body(const char *path, size_t n)
{
	static const char *const words[] = { "ci", "deploy", "grafana", "prometheus", "backup",
		"terraform", "nightly", "read-only", "ingest", "alerting", "sync", "report" };
	static const char *const types[] = { "SERVICE_ACCOUNT", "USER_ACCOUNT",
		"INACTIVE_SERVICE_ACCOUNT", "CSP_SERVICE_ACCOUNT" };
	FILE *f = fopen(path, "w");
	/* About a third as many accounts as tokens, as in the sandbox's
	 * seeded organisation (36294 accounts for 100k tokens). */
	size_t n_accounts = n / 3 + 1;

	if (!f) {
		perror(path);
		exit(1);
	}
	fputs("{\"status\":{\"result\":\"OK\",\"message\":\"\",\"code\":200},\"response\":[", f);
	for (size_t i = 0; i < n; i++) {
		uint64_t r = rnd(), a = rnd() % n_accounts;
		int t = (int)(a % 7 == 0 ? 1 : a % 11 == 0 ? 2 : a % 13 == 0 ? 3 : 0);
		wft_millis gen = NOW - (wft_millis)(rnd() % (3 * 365)) * DAY - (wft_millis)(rnd() % DAY);
		wft_millis used = NOW - (wft_millis)(rnd() % 400) * DAY - (wft_millis)(rnd() % DAY);
		char acct[64], lu[40];
		if (t == 1)
			snprintf(acct, sizeof acct, "user%zu@example.com", (size_t)a);
		else
			snprintf(acct, sizeof acct, "sa::%s-%zu", words[a % 12], (size_t)a);
		if (r % 10 < 3)
			snprintf(lu, sizeof lu, "%s", r % 2 ? "" : ",\"lastUsed\":null");
		else
			snprintf(lu, sizeof lu, ",\"lastUsed\":%lld", (long long)used);
		fprintf(f, "%s{\"id\":\"%08x-%04x-4%03x-8%03x-%012llx\",\"name\":\"%s-%s-%zu\","
		        "\"account\":\"%s\",\"accountType\":\"%s\",\"customer\":\"acme\","
		        "\"dateGenerated\":%lld%s,\"createdEpochMillis\":%lld}",
		        i ? "," : "", (unsigned)(r >> 32), (unsigned)(r >> 16 & 0xffff),
		        (unsigned)(r >> 4 & 0xfff), (unsigned)(rnd() & 0xfff),
		        (unsigned long long)(rnd() & 0xffffffffffffull), words[r % 12],
		        words[(r >> 8) % 12], i, acct, types[t], (long long)gen, lu, (long long)gen);
	}
	fputs("]}\n", f);
	fclose(f);
}

/* The first name order of a set of n tokens whose names take only ten
 * values (one name per pipeline is common): ties decided by name and id. */
static double first_view_few_names(size_t n)
{
	struct tokenset *ts = tokenset_new();
	struct wft_error err;
	char id[48], name[32];

	for (size_t i = 0; ts && i < n; i++) {
		uint64_t r = rnd();
		snprintf(id, sizeof id, "%08x-%04x-4%03x-8%03x-%012llx", (unsigned)(r >> 32),
		         (unsigned)(r >> 16 & 0xffff), (unsigned)(r >> 4 & 0xfff),
		         (unsigned)(rnd() & 0xfff), (unsigned long long)(rnd() & 0xffffffffffffull));
		snprintf(name, sizeof name, "%s-pipeline", i % 10 ? "Terraform" : "terraform");
		name[0] = (char)(name[0] + (int)(r % 5)); /* five initials, two cases */
		struct wft_token_rec rec = { id, name, "sa::ci", WFT_ACCOUNT_SERVICE, NOW, 0 };
		if (tokenset_add(ts, &rec, &err))
			exit(1);
	}
	double t0 = now_ms();
	struct view *v = view_new(ts, bench_clock, NULL);
	double t = now_ms() - t0;
	if (!v || view_rows(v) != n)
		exit(1);
	view_free(v);
	return t;
}

/* Runs a shell command, returns its wall time in ms. */
static double run_ms(const char *cmd)
{
	double t0 = now_ms();
	int rc = system(cmd);

	if (rc != 0)
		fprintf(stderr, "bench: '%s' failed (%d)\n", cmd, rc);
	return now_ms() - t0;
}

static void row(const char *what, double ms, double rss)
{
	if (rss >= 0)
		printf("  %-40s %10.3f ms   peak %7.1f MB\n", what, ms, rss);
	else
		printf("  %-40s %10.3f ms\n", what, ms);
}

static int bench(size_t n, bool with_jq)
{
	char path[256];
	struct wft_error err;
	double t0, t, decode_ms, filter_ms = 0, sort_ms = 0, refilter_ms = 0;
	size_t sink = 0;

	snprintf(path, sizeof path, "%s/wft-bench-%zu.json", getenv("TMPDIR") ? getenv("TMPDIR")
	                                                                      : "/tmp", n);
	write_body(path, n);
	printf("\n%zu tokens (%s)\n", n, path);

	/* Decode, streaming. */
	reset_peak();
	t0 = now_ms();
	struct tokenset *ts = tokenset_new();
	struct tokenset_decoder *d = tokenset_decoder_new(ts);
	int fd = open(path, O_RDONLY);
	char buf[CHUNK];
	ssize_t got;
	while ((got = read(fd, buf, sizeof buf)) > 0)
		if (tokenset_decoder_feed(d, buf, (size_t)got, &err)) {
			fprintf(stderr, "bench: %s\n", err.message);
			return 1;
		}
	close(fd);
	if (tokenset_decoder_finish(d, &err)) {
		fprintf(stderr, "bench: %s\n", err.message);
		return 1;
	}
	tokenset_decoder_free(d);
	decode_ms = now_ms() - t0;
	row("decode (16 KiB chunks)", decode_ms, peak_mb());
	if (tokenset_count(ts) != n)
		return 1;

	reset_peak();
	t0 = now_ms();
	struct view *v = view_new(ts, bench_clock, NULL);
	row("view (first sort by name, all rows)", now_ms() - t0, peak_mb());
	row("view, names of ten values (apart)", first_view_few_names(n), -1);

	/* Filters: a fresh evaluation over every token each time. */
	static const struct { const char *what, *q; } filters[] = {
		{ "filter substring", "deploy" },
		{ "filter field", "name:nightly" },
		{ "filter regex", "/^ci-.*-[0-9]+7$/" },
		{ "filter regex (uppercase: sensitive)", "name:/^CI|Sync/" },
		{ "filter usage", "unused:30d" },
		{ "filter time", "generated:<90d" },
		{ "filter combined", "ci type:service unused:30d -name:test /7$/" },
	};
	reset_peak();
	for (size_t k = 0; k < sizeof filters / sizeof *filters; k++) {
		/* Best of 3: the machine is shared. A different query before
		 * each run, and no result kept from the last, make it a fresh
		 * evaluation, not a narrowing. */
		t = 1e9;
		for (int rep = 0; rep < 3; rep++) {
			view_set_query(v, "type:user", NULL);
			view_drop_caches(v);
			t0 = now_ms();
			if (view_set_query(v, filters[k].q, NULL))
				return 1;
			if (now_ms() - t0 < t)
				t = now_ms() - t0;
		}
		char what[96];
		snprintf(what, sizeof what, "%s (%zu rows)", filters[k].what, view_rows(v));
		row(what, t, -1);
		if (t > filter_ms)
			filter_ms = t;
	}
	/* Narrowing: typing one more character (best of 3). */
	t = 1e9;
	for (int rep = 0; rep < 3; rep++) {
		view_set_query(v, "type:user", NULL);
		view_drop_caches(v);
		view_set_query(v, "deplo", NULL);
		t0 = now_ms();
		view_set_query(v, "deploy", NULL);
		if (now_ms() - t0 < t)
			t = now_ms() - t0;
	}
	row("narrow 'deplo' -> 'deploy'", t, -1);
	/* Widening back to a prefix: Backspace, Ctrl-W and Ctrl-U after
	 * typing (best of 3; each run types the longer query first). */
	static const struct { const char *what, *from, *to; } widen[] = {
		{ "widen 'deploy' -> 'deplo' (Backspace)", "deploy", "deplo" },
		{ "widen 'ci deploy' -> 'ci ' (Ctrl-W)", "ci deploy", "ci " },
		{ "widen 'account:sa ci 7' -> 'account:sa ci'", "account:sa ci 7", "account:sa ci" },
		{ "widen 'deploy' -> '' (Ctrl-U)", "deploy", "" },
	};
	for (size_t k = 0; k < sizeof widen / sizeof *widen; k++) {
		t = 1e9;
		for (int rep = 0; rep < 3; rep++) {
			view_set_query(v, "", NULL);
			/* Typed up to the longer query, as a user does. */
			for (size_t l = 1; l <= strlen(widen[k].from); l++) {
				char pre[64];
				snprintf(pre, sizeof pre, "%.*s", (int)l, widen[k].from);
				view_set_query(v, pre, NULL);
			}
			t0 = now_ms();
			if (view_set_query(v, widen[k].to, NULL))
				return 1;
			if (now_ms() - t0 < t)
				t = now_ms() - t0;
		}
		row(widen[k].what, t, -1);
	}
	/* Typing a query with account terms one key at a time, each key with
	 * what the side panel asks: 2 type, 3 usage and 20 account counts. */
	{
		static const char typed[] = "account:sa deploy -account:7 nightly";
		double best_med = 1e9, best_worst = 1e9, best_cnt = 1e9;
		for (int rep = 0; rep < 3; rep++) {
			double keys[sizeof typed], cnt_worst = 0;
			size_t nk = 0;
			view_set_query(v, "", NULL);
			for (size_t l = 1; l < sizeof typed; l++) {
				char pre[64];
				snprintf(pre, sizeof pre, "%.*s", (int)l, typed);
				t0 = now_ms();
				/* "account:" and "-" alone are parse errors: the
				 * last result stays, the panel is drawn all the same. */
				view_set_query(v, pre, NULL);
				double t1 = now_ms();
				size_t c = view_count_type(v, FACET_TYPE_SERVICE) +
				           view_count_type(v, FACET_TYPE_USER);
				for (unsigned b = 1; b <= 4; b <<= 1)
					c += view_count_usage(v, b);
				for (uint32_t a = 0; a < 20 && a < tokenset_account_count(view_tokenset(v)); a++)
					c += view_count_account(v, a);
				sink += c;
				keys[nk++] = now_ms() - t0;
				if (now_ms() - t1 > cnt_worst)
					cnt_worst = now_ms() - t1;
			}
			/* Median by a small sort. */
			for (size_t a = 1; a < nk; a++)
				for (size_t b = a; b > 0 && keys[b - 1] > keys[b]; b--) {
					double x = keys[b];
					keys[b] = keys[b - 1];
					keys[b - 1] = x;
				}
			if (keys[nk / 2] < best_med)
				best_med = keys[nk / 2];
			if (keys[nk - 1] < best_worst)
				best_worst = keys[nk - 1];
			if (cnt_worst < best_cnt)
				best_cnt = cnt_worst;
		}
		row("typing 'account:sa deploy ...' median/key", best_med, -1);
		row("typing 'account:sa deploy ...' worst key", best_worst, -1);
		row("  of which panel counts, worst key", best_cnt, -1);
	}
	/* The side panel's counts after a filter change, alone. */
	t = 1e9;
	for (int rep = 0; rep < 3; rep++) {
		view_set_query(v, "type:user", NULL);
		view_drop_caches(v);
		view_set_query(v, "c", NULL);
		t0 = now_ms();
		size_t c = view_count_type(v, FACET_TYPE_SERVICE) + view_count_type(v, FACET_TYPE_USER);
		for (unsigned b = 1; b <= 4; b <<= 1)
			c += view_count_usage(v, b);
		for (uint32_t a = 0; a < 20 && a < tokenset_account_count(view_tokenset(v)); a++)
			c += view_count_account(v, a);
		sink += c;
		if (now_ms() - t0 < t)
			t = now_ms() - t0;
	}
	row("panel counts after a filter ('c')", t, -1);
	printf("  %-40s %10s      peak %7.1f MB\n", "(filters)", "", peak_mb());

	/* Sorts of all rows: cold (order built) and warm (cached). */
	view_set_query(v, "", NULL);
	reset_peak();
	for (int c = 0; c < VIEW_N_COLUMNS; c++)
		for (int desc = 0; desc < 2; desc++) {
			char what[64];
			t0 = now_ms();
			view_set_sort(v, (enum view_column)c, desc);
			t = now_ms() - t0;
			snprintf(what, sizeof what, "sort %s %s", view_column_name((enum view_column)c),
			         desc ? "desc" : "asc");
			row(what, t, -1);
			if (t > sort_ms)
				sort_ms = t;
		}
	t0 = now_ms();
	view_set_sort(v, VIEW_COL_LAST_USED, true);
	row("sort lastused desc again (cached)", now_ms() - t0, -1);
	printf("  %-40s %10s      peak %7.1f MB\n", "(sorts)", "", peak_mb());

	/* A page: its rows, formatted as the table does. */
	view_set_page_size(v, 25);
	view_select(v, view_rows(v) / 2);
	t0 = now_ms();
	const int reps = 1000;
	for (int r = 0; r < reps; r++) {
		struct view_page p;
		char foot[64], m[WFT_MASK_SIZE];
		view_page(v, &p);
		for (size_t k = 0; k < p.count; k++) {
			struct wft_token_rec rec;
			tokenset_get(view_tokenset(v), view_row(v, p.first + k), &rec);
			sink += strlen(wft_mask_id(rec.id, m, sizeof m)) + strlen(rec.name);
		}
		view_footer(v, foot, sizeof foot);
		sink += strlen(foot);
	}
	row("page of 25 rows (mask, footer)", (now_ms() - t0) / reps, -1);

	/* Re-filter of loaded data (what jq must redo from the file). */
	refilter_ms = 1e9;
	for (int rep = 0; rep < 3; rep++) {
		view_set_query(v, "type:user", NULL);
		view_drop_caches(v);
		t0 = now_ms();
		view_set_query(v, "deploy", NULL);
		if (now_ms() - t0 < refilter_ms)
			refilter_ms = now_ms() - t0;
	}
	row("re-filter 'deploy', sorted by last used", refilter_ms, -1);
	printf("  %-40s %10s      peak %7.1f MB (process)\n", "", "", peak_mb());

	if (with_jq) {
		char cmd[512];
		snprintf(cmd, sizeof cmd, "jq -c '[.response[] | select((.name|ascii_downcase|"
		         "contains(\"deploy\")) or (.account|ascii_downcase|contains(\"deploy\")))] "
		         "| sort_by(-(.lastUsed // 0), .name, .id) | length' %s > /dev/null", path);
		double jq = run_ms(cmd);
		double ours = decode_ms + filter_ms + sort_ms;
		row("jq: decode + filter + sort", jq, -1);
		printf("  ratio jq / ours, decode+filter+sort (worst filter and sort): %.1fx\n",
		       jq / ours);
		printf("  ratio jq / ours, re-filter of loaded data:                   %.0fx\n",
		       jq / refilter_ms);
	}
	view_free(v);
	if (!getenv("WFT_BENCH_KEEP")) unlink(path);
	return sink == 0;
}

int main(int argc, char **argv)
{
	size_t sizes[8];
	int n = 0;

	for (int i = 1; i < argc && n < 8; i++)
		sizes[n++] = (size_t)strtoull(argv[i], NULL, 10);
	if (!n) {
		sizes[n++] = 10000;
		sizes[n++] = 100000;
		sizes[n++] = 1000000;
	}
	/* WFT_BENCH_NO_JQ=1 leaves jq out (a minute at a million tokens). */
	bool with_jq = !getenv("WFT_BENCH_NO_JQ") && system("jq --version > /dev/null 2>&1") == 0;
	printf("wftokens query engine benchmark (times in ms; peak RSS per phase, VmHWM)\n");
	for (int i = 0; i < n; i++) {
		/* Each size in its own process, so peaks do not carry over. */
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) {
			int rc = bench(sizes[i], with_jq);
			fflush(stdout);
			_exit(rc);
		}
		int status;
		if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status)) {
			fprintf(stderr, "bench: size %zu failed\n", sizes[i]);
			return 1;
		}
	}
	return 0;
}
