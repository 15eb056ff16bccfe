/* sandbox_bench.c: a small load driver for the sandbox on loopback, from
 * 4 keep-alive clients: requests per second for a small read (one service
 * account), for sorted token-search pages of 100 rows at random offsets,
 * and for GET customertokens (all tokens, MB/s). Figures, not pass/fail. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "../api/sandbox_fixture.h"

#define CLIENTS 4

static struct sandbox *sb;
static double seconds = 2.0;
enum mode { SMALL_READ, SEARCH_PAGES, CUSTOMER_TOKENS };
static enum mode mode;
static char one_sa[300];      /* the service account of the small read */
static long total_tokens;

struct worker {
	long requests, bytes, failures;
};

static size_t sink(char *d, size_t s, size_t n, void *ud)
{
	struct worker *w = ud;
	(void)d;
	w->bytes += (long)(s * n);
	return s * n;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	char url[512], body[256];
	unsigned seed = (unsigned)(size_t)arg;
	double end = now_s() + seconds;

	h = curl_slist_append(h, "Authorization: Bearer " SBFIX_ADMIN_TOKEN);
	h = curl_slist_append(h, "Content-Type: application/json");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, w);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	while (now_s() < end) {
		long code = 0;
		if (mode == SMALL_READ) {
			snprintf(url, sizeof url, "%s/api/v2/account/serviceaccount/%s",
			         sandbox_url(sb), one_sa);
			curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
		} else if (mode == CUSTOMER_TOKENS) {
			snprintf(url, sizeof url, "%s/api/v2/apitoken/customertokens", sandbox_url(sb));
			curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
		} else {
			long off = (long)(rand_r(&seed) % (unsigned)(total_tokens / 100)) * 100;
			snprintf(url, sizeof url, "%s/api/v2/search/token", sandbox_url(sb));
			snprintf(body, sizeof body,
			         "{\"offset\":%ld,\"limit\":100,\"sort\":{\"field\":\"name\",\"ascending\":true},"
			         "\"query\":[{\"key\":\"accountType\",\"value\":\"SERVICE\"}]}", off);
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		}
		curl_easy_setopt(c, CURLOPT_URL, url);
		if (curl_easy_perform(c) == CURLE_OK &&
		    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK && code == 200)
			w->requests++;
		else
			w->failures++;
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return NULL;
}

static void run(const char *what)
{
	struct worker w[CLIENTS];
	pthread_t th[CLIENTS];
	long req = 0, bytes = 0, fail = 0;
	double t0 = now_s(), dt;

	memset(w, 0, sizeof w);
	for (int i = 0; i < CLIENTS; i++)
		pthread_create(&th[i], NULL, work, &w[i]);
	for (int i = 0; i < CLIENTS; i++) {
		pthread_join(th[i], NULL);
		req += w[i].requests;
		bytes += w[i].bytes;
		fail += w[i].failures;
	}
	dt = now_s() - t0;
	printf("%-46s %8.1f req/s  %7.1f MB/s  (%ld requests, %ld failed, %d clients, %.1f s)\n",
	       what, req / dt, bytes / dt / 1e6, req, fail, CLIENTS, dt);
}

int main(int argc, char **argv)
{
	unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 10000;

	if (argc > 2)
		seconds = atof(argv[2]);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	sb = sbfix_start(n);
	if (!sb)
		return 1;
	total_tokens = n;
	printf("sandbox with about %u tokens at %s\n", n, sandbox_url(sb));
	{
		struct sbfix_resp r;
		json_object *o = NULL;
		const char *id = NULL;
		if (sbfix_call(sb, "POST", "/api/v2/search/serviceaccount", "{\"limit\":1}",
		               SBFIX_ADMIN_TOKEN, &r) == 0 && (o = sbfix_json(&r)) != NULL)
			id = sbfix_str(o, "response.items.0.identifier");
		snprintf(one_sa, sizeof one_sa, "%s", id ? id : "");
		json_object_put(o);
		sbfix_resp_free(&r);
		if (!one_sa[0]) {
			fprintf(stderr, "sandbox_bench: the sandbox has no service account\n");
			sandbox_stop(sb);
			return 1;
		}
	}
	mode = SMALL_READ;
	run("GET /api/v2/account/serviceaccount/{id}");
	mode = SEARCH_PAGES;
	run("POST /api/v2/search/token (100/page, sorted)");
	mode = CUSTOMER_TOKENS;
	run("GET /api/v2/apitoken/customertokens");
	sandbox_stop(sb);
	curl_global_cleanup();
	return 0;
}
