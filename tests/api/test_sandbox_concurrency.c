/* test_sandbox_concurrency.c: several clients generating and revoking
 * tokens at once; the final state matches what each was told, and the
 * 20-token limit holds under a race. Readers running while a writer
 * creates and deletes an account with its tokens (each one transaction)
 * never see the change half applied. */
#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sandbox_fixture.h"

#define ADMIN SBFIX_ADMIN_TOKEN
#define N_CLIENTS 6
#define ROUNDS 40

static struct sandbox *sb;

struct client {
	int n;
	char held[64][40];   /* tokens this client was told it holds */
	int n_held;
	int errors;
	int shared_ok, shared_full;
};

static void last_id(const char *body, char out[40])
{
	const char *p = body, *q;

	out[0] = '\0';
	while ((q = strstr(p, "\"tokenID\":\"")) != NULL) {
		p = q + 11;
		snprintf(out, 40, "%.36s", p);
	}
}

static void *run(void *arg)
{
	struct client *c = arg;
	char path[128], path2[192];
	struct sbfix_resp r;
	unsigned seed = (unsigned)c->n * 7919u + 1;

	snprintf(path, sizeof path, "/api/v2/apitoken/serviceaccount/sa::conc-%d", c->n);
	for (int i = 0; i < ROUNDS; i++) {
		bool revoke = c->n_held > 0 && (rand_r(&seed) % 3 == 0 || c->n_held >= 18);
		if (!revoke) {
			if (sbfix_call(sb, "POST", path, "{\"tokenName\":\"c\"}", ADMIN, &r) == 0 && r.status == 200) {
				last_id(r.body, c->held[c->n_held++]);
			} else {
				c->errors++;
			}
		} else {
			int k = (int)(rand_r(&seed) % (unsigned)c->n_held);
			snprintf(path2, sizeof path2, "%s/%s", path, c->held[k]);
			if (sbfix_call(sb, "DELETE", path2, NULL, ADMIN, &r) == 0 && r.status == 200)
				memmove(c->held[k], c->held[c->n_held - 1], sizeof c->held[k]), c->n_held--;
			else
				c->errors++;
		}
		sbfix_resp_free(&r);
		/* Everyone also races for the shared account's 20 places. */
		if (i < 10) {
			if (sbfix_call(sb, "POST", "/api/v2/apitoken/serviceaccount/sa::shared", NULL, ADMIN, &r) == 0) {
				if (r.status == 200)
					c->shared_ok++;
				else if (r.status == 400 && strstr(r.body, "maximum of 20"))
					c->shared_full++;
			}
			sbfix_resp_free(&r);
		}
	}
	return NULL;
}

static void test_concurrent_clients(void **state)
{
	static struct client cl[N_CLIENTS];
	pthread_t th[N_CLIENTS];
	struct sbfix_resp r;
	int ok = 0, full = 0;

	(void)state;
	for (int i = 0; i < N_CLIENTS; i++) {
		char body[64];
		snprintf(body, sizeof body, "{\"identifier\":\"sa::conc-%d\"}", i);
		assert_int_equal(sbfix_call(sb, "POST", "/api/v2/account/serviceaccount", body, ADMIN, &r), 0);
		assert_int_equal(r.status, 200);
		sbfix_resp_free(&r);
		cl[i].n = i;
	}
	assert_int_equal(sbfix_call(sb, "POST", "/api/v2/account/serviceaccount",
	                            "{\"identifier\":\"sa::shared\"}", ADMIN, &r), 0);
	sbfix_resp_free(&r);
	for (int i = 0; i < N_CLIENTS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, run, &cl[i]), 0);
	for (int i = 0; i < N_CLIENTS; i++)
		pthread_join(th[i], NULL);

	for (int i = 0; i < N_CLIENTS; i++) {
		char path[128];
		json_object *o, *list;
		assert_int_equal(cl[i].errors, 0);
		snprintf(path, sizeof path, "/api/v2/apitoken/serviceaccount/sa::conc-%d", i);
		assert_int_equal(sbfix_call(sb, "GET", path, NULL, ADMIN, &r), 0);
		o = sbfix_json(&r);
		list = sbfix_path(o, "response");
		assert_non_null(list);
		assert_int_equal(json_object_array_length(list), cl[i].n_held);
		for (int k = 0; k < cl[i].n_held; k++)
			assert_non_null(strstr(r.body, cl[i].held[k]));
		json_object_put(o);
		sbfix_resp_free(&r);
		ok += cl[i].shared_ok;
		full += cl[i].shared_full;
	}
	assert_int_equal(ok, 20);
	assert_int_equal(full, N_CLIENTS * 10 - 20);
	assert_int_equal(sbfix_call(sb, "GET", "/api/v2/apitoken/serviceaccount/sa::shared", NULL, ADMIN, &r), 0);
	{
		json_object *o = sbfix_json(&r);
		assert_int_equal(json_object_array_length(sbfix_path(o, "response")), 20);
		json_object_put(o);
	}
	sbfix_resp_free(&r);
}

/* ---- reads during writes ---- */

#define ATOM "sa::atom"
#define ATOM_TOKENS 5
#define WRITE_ROUNDS 80
#define READERS 3

static atomic_bool writing;
static long long base_total;

struct reader {
	int n;
	int reads, half, bad, present;
};

/* The number of times needle occurs in hay. */
static int occurrences(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void *read_loop(void *arg)
{
	struct reader *rd = arg;
	struct sbfix_resp r;
	int i = 0;

	while (atomic_load(&writing) || i < 4) {
		json_object *o = NULL;
		int kind = (rd->n + i++) % 4, seen = -1;
		bool ok = false;

		if (kind == 0) {
			/* The whole list (streamed): the account's tokens all or none. */
			if (sbfix_call(sb, "GET", "/api/v2/apitoken/customertokens", NULL, ADMIN, &r) == 0 &&
			    r.status == 200 && (o = sbfix_json(&r)) != NULL) {
				seen = occurrences(r.body, "\"account\":\"" ATOM "\"");
				ok = json_object_array_length(sbfix_path(o, "response")) ==
				     (size_t)(base_total + seen);
			}
		} else if (kind == 1) {
			if (sbfix_call(sb, "POST", "/api/v2/search/token",
			               "{\"limit\":100,\"query\":[{\"key\":\"account\",\"value\":\"" ATOM
			               "\",\"matchingMethod\":\"EXACT\"}]}", ADMIN, &r) == 0 &&
			    r.status == 200 && (o = sbfix_json(&r)) != NULL) {
				seen = (int)sbfix_int(o, "response.totalItems");
				ok = json_object_array_length(sbfix_path(o, "response.items")) == (size_t)seen;
			}
		} else if (kind == 2) {
			/* A sorted page of everything: the total moves by the whole batch. */
			if (sbfix_call(sb, "POST", "/api/v2/search/token",
			               "{\"offset\":50,\"limit\":100,\"sort\":{\"field\":\"name\",\"ascending\":true}}",
			               ADMIN, &r) == 0 && r.status == 200 && (o = sbfix_json(&r)) != NULL) {
				seen = (int)(sbfix_int(o, "response.totalItems") - base_total);
				ok = json_object_array_length(sbfix_path(o, "response.items")) == 100;
			}
		} else {
			if (sbfix_call(sb, "GET", "/api/v2/account/serviceaccount/" ATOM, NULL, ADMIN, &r) == 0) {
				if (r.status == 404) {
					seen = 0;
					ok = true;
				} else if (r.status == 200 && (o = sbfix_json(&r)) != NULL) {
					/* The account without its tokens is half of the change too. */
					seen = (int)json_object_array_length(sbfix_path(o, "response.tokens"));
					if (seen == 0)
						seen = -1;
					ok = true;
				}
			}
		}
		rd->reads++;
		if (!ok)
			rd->bad++;
		else if (seen != 0 && seen != ATOM_TOKENS)
			rd->half++;
		else if (seen == ATOM_TOKENS)
			rd->present++;
		json_object_put(o);
		sbfix_resp_free(&r);
	}
	return NULL;
}

static void test_reads_during_writes(void **state)
{
	struct reader rd[READERS];
	pthread_t th[READERS];
	struct sbfix_resp r;
	json_object *o;
	int writes = 0;

	(void)state;
	assert_int_equal(sbfix_call(sb, "GET", "/api/v2/apitoken/customertokens", NULL, ADMIN, &r), 0);
	o = sbfix_json(&r);
	assert_non_null(o);
	base_total = (long long)json_object_array_length(sbfix_path(o, "response"));
	assert_true(base_total > 150);
	json_object_put(o);
	sbfix_resp_free(&r);

	atomic_store(&writing, true);
	memset(rd, 0, sizeof rd);
	for (int i = 0; i < READERS; i++) {
		rd[i].n = i;
		assert_int_equal(pthread_create(&th[i], NULL, read_loop, &rd[i]), 0);
	}
	for (int k = 0; k < WRITE_ROUNDS; k++) {
		char body[512];
		int len = snprintf(body, sizeof body, "{\"identifier\":\"" ATOM "\",\"tokens\":[");
		for (int t = 0; t < ATOM_TOKENS; t++)
			len += snprintf(body + len, sizeof body - (size_t)len,
			                "%s\"00000000-0000-4000-8000-%06d%06d\"", t ? "," : "", k, t);
		snprintf(body + len, sizeof body - (size_t)len, "]}");
		if (sbfix_call(sb, "POST", "/api/v2/account/serviceaccount", body, ADMIN, &r) == 0 &&
		    r.status == 200)
			writes++;
		sbfix_resp_free(&r);
		if (sbfix_call(sb, "DELETE", "/api/v2/account/" ATOM, NULL, ADMIN, &r) == 0 &&
		    r.status == 200)
			writes++;
		sbfix_resp_free(&r);
	}
	atomic_store(&writing, false);
	for (int i = 0; i < READERS; i++)
		pthread_join(th[i], NULL);

	assert_int_equal(writes, 2 * WRITE_ROUNDS);
	for (int i = 0; i < READERS; i++) {
		assert_true(rd[i].reads >= 4);
		assert_int_equal(rd[i].bad, 0);
		assert_int_equal(rd[i].half, 0);
	}
	/* Afterwards: gone from the list and from a search. */
	assert_int_equal(sbfix_call(sb, "GET", "/api/v2/apitoken/customertokens", NULL, ADMIN, &r), 0);
	assert_int_equal(occurrences(r.body, "\"account\":\"" ATOM "\""), 0);
	sbfix_resp_free(&r);
}

static int setup(void **state)
{
	(void)state;
	sb = sbfix_start(100);
	return sb ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	sandbox_stop(sb);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_concurrent_clients),
		cmocka_unit_test(test_reads_during_writes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
