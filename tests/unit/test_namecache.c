/* test_namecache.c: the completion scripts' cache of names: its place per
 * instance, written 0600, read back while fresh, not offered once expired,
 * and never holding a token id or anything else shaped like a secret. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "namecache.h"
#include "tmpdir.h"

static const char *cache_home;

static const char *fake_getenv(const char *name)
{
	if (strcmp(name, "XDG_CACHE_HOME") == 0)
		return cache_home;
	if (strcmp(name, "HOME") == 0)
		return "/home/u";
	return NULL;
}

#define WHEN ((wft_millis)1700000000000)

/* What namecache_print writes, as a new string. */
static char *printed(const char *path, wft_millis now, int labels, size_t *n)
{
	char *s = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&s, &len);

	assert_non_null(m);
	*n = namecache_print(path, now, NAMECACHE_TTL_MS, labels, m);
	fclose(m);
	return s;
}

static void path_per_instance_and_kind(void **state)
{
	struct wft_error err;
	char *p;
	(void)state;
	cache_home = "/x/cache";
	assert_int_equal(namecache_path(fake_getenv, "prod", NAMECACHE_ACCOUNTS, &p, &err), WFT_OK);
	assert_string_equal(p, "/x/cache/wftokens/names-prod.accounts");
	free(p);
	assert_int_equal(namecache_path(fake_getenv, "../a b", NAMECACHE_SAVED, &p, &err), WFT_OK);
	assert_string_equal(p, "/x/cache/wftokens/names-.._a_b.saved");
	free(p);
	cache_home = NULL;
	assert_int_equal(namecache_path(fake_getenv, NULL, NAMECACHE_SAVED, &p, &err), WFT_OK);
	assert_string_equal(p, "/home/u/.cache/wftokens/names-default.saved");
	free(p);
}

static void written_0600_and_read_while_fresh(void **state)
{
	struct wft_error err;
	struct namecache_entry e[] = { { "sa::ci-deploy", NULL }, { "abc123", "Stale tokens" } };
	struct stat st;
	char *p, *s;
	size_t n;
	(void)state;
	cache_home = tmpdir;
	assert_int_equal(namecache_path(fake_getenv, "prod", NAMECACHE_SAVED, &p, &err), WFT_OK);
	assert_int_equal(namecache_write(p, e, 2, WHEN, &err), WFT_OK);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	s = printed(p, WHEN + 60000, 0, &n);
	assert_int_equal(n, 2);
	assert_string_equal(s, "sa::ci-deploy\nabc123\n");
	free(s);
	s = printed(p, WHEN + 60000, 1, &n);
	assert_string_equal(s, "sa::ci-deploy\nabc123\tStale tokens\n");
	free(s);
	free(p);
}

static void expired_is_not_offered(void **state)
{
	struct wft_error err;
	struct namecache_entry e[] = { { "sa::ci-deploy", NULL } };
	char *p, *s;
	size_t n;
	(void)state;
	cache_home = tmpdir;
	assert_int_equal(namecache_path(fake_getenv, "old", NAMECACHE_ACCOUNTS, &p, &err), WFT_OK);
	assert_int_equal(namecache_write(p, e, 1, WHEN, &err), WFT_OK);
	s = printed(p, WHEN + NAMECACHE_TTL_MS - 1, 0, &n);
	assert_int_equal(n, 1);
	free(s);
	s = printed(p, WHEN + NAMECACHE_TTL_MS, 0, &n);
	assert_int_equal(n, 0);
	assert_string_equal(s, "");
	free(s);
	/* A clock set back: not trusted either. */
	s = printed(p, WHEN - 1, 0, &n);
	assert_int_equal(n, 0);
	free(s);
	free(p);
	/* A missing file offers nothing. */
	s = printed("/nonexistent/names-x.saved", WHEN, 0, &n);
	assert_int_equal(n, 0);
	free(s);
}

static void never_holds_a_secret(void **state)
{
	struct wft_error err;
	struct namecache_entry e[] = {
		{ "0f8fad5b-d9cb-469f-a165-70867728950e", NULL },          /* a token id */
		{ "sa::ok", "tokens like 0f8fad5bd9cb469fa16570867728950e" }, /* label dropped */
		{ "line\nbreak", NULL },
		{ "tab\there", NULL },
		{ "s1", "id:0f8fad5b-d9cb-469f-a165-70867728950e" },
		{ "kept", "Kept name" },
	};
	char *p, *s;
	size_t n;
	(void)state;
	cache_home = tmpdir;
	assert_int_equal(namecache_path(fake_getenv, "sec", NAMECACHE_SAVED, &p, &err), WFT_OK);
	assert_int_equal(namecache_write(p, e, sizeof e / sizeof e[0], WHEN, &err), WFT_OK);
	s = printed(p, WHEN, 1, &n);
	assert_string_equal(s, "sa::ok\ns1\nkept\tKept name\n");
	assert_null(strstr(s, "0f8fad5b"));
	free(s);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(path_per_instance_and_kind),
		cmocka_unit_test(written_0600_and_read_while_fresh),
		cmocka_unit_test(expired_is_not_offered),
		cmocka_unit_test(never_holds_a_secret),
	};
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
