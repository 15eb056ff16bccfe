/* test_history.c: the search history: de-duplicated, bounded, kept in a
 * state file across runs, merged with what another run wrote, and a
 * corrupt file set aside. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "history.h"
#include "statefile.h"
#include "tmpdir.h"


static void dedups_and_moves_to_the_end(void **state)
{
	struct history h;
	struct wft_error err;
	(void)state;
	history_init(&h, 0);
	assert_int_equal(h.max, HISTORY_DEFAULT_MAX);
	assert_int_equal(history_add(&h, "a", &err), WFT_OK);
	assert_int_equal(history_add(&h, "b", &err), WFT_OK);
	assert_int_equal(history_add(&h, "a", &err), WFT_OK);
	assert_int_equal(h.n, 2);
	assert_string_equal(history_get(&h, 0), "b");
	assert_string_equal(history_get(&h, 1), "a");
	/* Blank lines, control characters: not remembered. */
	assert_int_equal(history_add(&h, "   ", &err), WFT_OK);
	assert_int_equal(history_add(&h, "", &err), WFT_OK);
	assert_int_equal(history_add(&h, "x\ny", &err), WFT_OK);
	/* A pasted token id is a secret: never written to the state file. */
	assert_int_equal(history_add(&h, "id:5a4d6d1e-7c3b-4f2a-9e1d-0000000ad001", &err), WFT_OK);
	/* Also in disguise: dotted, or split over two id: terms. */
	assert_int_equal(history_add(&h, "/f89c5aca.8c44.4a78.8de2.b0ab6b89f8ac/", &err), WFT_OK);
	assert_int_equal(history_add(&h, "id:f89c5aca-8c44-4a78 id:-8de2-b0ab6b89f8ac", &err),
	                 WFT_OK);
	assert_int_equal(h.n, 2);
	assert_int_equal(h.n_added, 2);
	assert_null(history_get(&h, 2));
	history_free(&h);
}

static void bounded(void **state)
{
	struct history h;
	struct wft_error err;
	char line[16];
	(void)state;
	history_init(&h, 5);
	for (int i = 0; i < 12; i++) {
		snprintf(line, sizeof line, "q%d", i);
		assert_int_equal(history_add(&h, line, &err), WFT_OK);
	}
	assert_int_equal(h.n, 5);
	assert_string_equal(history_get(&h, 0), "q7");
	assert_string_equal(history_get(&h, 4), "q11");
	history_free(&h);
}

static void json_round_trip_and_refusals(void **state)
{
	struct history h, g;
	struct wft_error err;
	char *json;
	(void)state;
	history_init(&h, 0);
	history_init(&g, 0);
	history_add(&h, "name:ci- unused:30d", &err);
	history_add(&h, "\"quoted\" /re\\d/ 名前", &err);
	assert_non_null(json = history_to_json(&h));
	assert_int_equal(history_from_json(&g, json, strlen(json), &err), WFT_OK);
	assert_int_equal(g.n, 2);
	assert_string_equal(history_get(&g, 0), "name:ci- unused:30d");
	assert_string_equal(history_get(&g, 1), "\"quoted\" /re\\d/ 名前");
	free(json);
	assert_int_equal(history_from_json(&g, "[1,2]", 5, &err), WFT_ERR_PARSE);
	assert_int_equal(history_from_json(&g, "{\"history\":[1]}", 15, &err), WFT_ERR_PARSE);
	assert_non_null(strstr(err.message, "entry 1"));
	assert_int_equal(history_from_json(&g, "{\"history\":[]} x", 16, &err), WFT_ERR_PARSE);
	assert_int_equal(history_from_json(&g, "{\"history\":[\"a\"", 15, &err), WFT_ERR_PARSE);
	/* The last good entries stay after a refusal. */
	assert_int_equal(g.n, 2);
	history_free(&h);
	history_free(&g);
}

static void kept_across_runs_and_merged(void **state)
{
	struct history a, b, c;
	struct wft_error err;
	char p[128];
	(void)state;
	snprintf(p, sizeof p, "%s/search-history.json", tmpdir);
	history_init(&a, 0);
	history_init(&b, 0);
	assert_int_equal(history_load(&a, p, 0, &err), WFT_OK);
	assert_int_equal(a.n, 0);
	assert_int_equal(history_load(&b, p, 0, &err), WFT_OK);
	/* Two runs at once: each keeps what the other added. */
	history_add(&a, "from-a", &err);
	history_add(&b, "from-b", &err);
	assert_int_equal(history_save(&a, 0, &err), WFT_OK);
	assert_int_equal(history_save(&b, 0, &err), WFT_OK);
	assert_int_equal(b.n, 2);
	history_init(&c, 0);
	assert_int_equal(history_load(&c, p, 0, &err), WFT_OK);
	assert_int_equal(c.n, 2);
	assert_string_equal(history_get(&c, 0), "from-a");
	assert_string_equal(history_get(&c, 1), "from-b");
	/* Used again: moves to the end, once. */
	history_add(&c, "from-a", &err);
	assert_int_equal(history_save(&c, 0, &err), WFT_OK);
	history_free(&c);
	history_init(&c, 0);
	assert_int_equal(history_load(&c, p, 0, &err), WFT_OK);
	assert_int_equal(c.n, 2);
	assert_string_equal(history_get(&c, 1), "from-a");
	history_free(&a);
	history_free(&b);
	history_free(&c);
}

static void corrupt_file_is_set_aside(void **state)
{
	struct history h;
	struct wft_error err;
	char p[128], aside[160], *buf;
	size_t len;
	(void)state;
	snprintf(p, sizeof p, "%s/broken.json", tmpdir);
	assert_int_equal(statefile_write(p, "{\"history\": [\"a\", 7", 19, &err), WFT_OK);
	history_init(&h, 0);
	assert_int_equal(history_load(&h, p, (wft_millis)86400000, &err), WFT_ERR_PARSE);
	assert_int_equal(h.n, 0);
	snprintf(aside, sizeof aside, "%s.corrupt-19700102T000000Z", p);
	assert_non_null(strstr(err.message, aside));
	assert_int_equal(statefile_read(aside, STATEFILE_MAX, &buf, &len, &err), WFT_OK);
	assert_string_equal(buf, "{\"history\": [\"a\", 7");
	free(buf);
	/* And the history works on: a new file is started. */
	history_add(&h, "fresh", &err);
	assert_int_equal(history_save(&h, 0, &err), WFT_OK);
	history_free(&h);
	history_init(&h, 0);
	assert_int_equal(history_load(&h, p, 0, &err), WFT_OK);
	assert_int_equal(h.n, 1);
	history_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dedups_and_moves_to_the_end),
		cmocka_unit_test(bounded),
		cmocka_unit_test(json_round_trip_and_refusals),
		cmocka_unit_test(kept_across_runs_and_merged),
		cmocka_unit_test(corrupt_file_is_set_aside),
	};
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
