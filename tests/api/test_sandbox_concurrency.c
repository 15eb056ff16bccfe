/* test_sandbox_concurrency.c: several clients generating and revoking
 * tokens at once; the final state matches what each was told, and the
 * 20-token limit holds under a race. */
#include <pthread.h>
#include <setjmp.h>
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
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
