/* test_fingerprint.c: HMAC-SHA256 against published vectors;
 * the fingerprint of a token list: its key (made once, 0600), its file
 * (no full id in it, names escaped, read back whole, a damaged one or one
 * of the older JSON form set aside, 50,000 tokens), and what changed
 * since: created, revoked, first used, went stale. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "fingerprint.h"
#include "sha256.h"
#include "statefile.h"
#include "tmpdir.h"

#define DAY ((wft_millis)86400000)
#define NOW ((wft_millis)1800000000000)

static const char *const ids[] = {
	"0a1b2c3d-0000-4000-8000-00000000aa01", "0a1b2c3d-0000-4000-8000-00000000aa02",
	"0a1b2c3d-0000-4000-8000-00000000aa03", "0a1b2c3d-0000-4000-8000-00000000aa04",
	"0a1b2c3d-0000-4000-8000-00000000aa05",
};

/* HMAC-SHA256 through libcrypto, against RFC 4231's test cases 2 and 6 (a
 * key longer than a block), one message at a time and many under one key. */
static void hmac_vectors(void **state)
{
	char out[65];
	unsigned char mac[SHA256_SIZE], key[131];
	const char *msg = "Test Using Larger Than Block-Size Key - Hash Key First";
	struct sha256_hmac m;
	(void)state;
	assert_true(sha256_hmac("Jefe", 4, "what do ya want for nothing?", 28, mac));
	sha256_hex(mac, sizeof mac, out);
	assert_string_equal(out, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	memset(key, 0xaa, sizeof key);
	assert_true(sha256_hmac_init(&m, key, sizeof key));
	for (int round = 0; round < 2; round++) {
		assert_true(sha256_hmac_run(&m, msg, strlen(msg), mac));
		sha256_hex(mac, sizeof mac, out);
		assert_string_equal(out, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
	}
	sha256_hmac_clear(&m);
}

static void key_is_made_once_0600(void **state)
{
	unsigned char k1[FINGERPRINT_KEY_SIZE], k2[FINGERPRINT_KEY_SIZE];
	struct wft_error err;
	struct stat st;
	char path[128];
	(void)state;
	assert_int_equal(fingerprint_key(tmpdir, k1, &err), WFT_OK);
	assert_int_equal(fingerprint_key(tmpdir, k2, &err), WFT_OK);
	assert_memory_equal(k1, k2, sizeof k1);
	snprintf(path, sizeof path, "%s/fingerprint.key", tmpdir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* A damaged key is refused, not replaced (old fingerprints need it). */
	FILE *f = fopen(path, "w");
	fputs("not a key\n", f);
	fclose(f);
	assert_int_equal(fingerprint_key(tmpdir, k2, &err), WFT_ERR_PARSE);
	assert_non_null(strstr(err.message, "hex digits"));
}

static void add(struct tokenset *ts, int k, const char *name, wft_millis created, wft_millis used)
{
	struct wft_token_rec r = { .id = ids[k], .name = name, .account = "sa::ops",
	                           .account_type = WFT_ACCOUNT_SERVICE,
	                           .date_generated = created, .last_used = used };
	struct wft_error err;
	assert_int_equal(tokenset_add(ts, &r, &err), WFT_OK);
}

static const unsigned char test_key[FINGERPRINT_KEY_SIZE] = { 1, 2, 3, 4, 5, 6, 7, 8 };

/* The file's text, read whole (a new string). */
static char *file_text(const char *path)
{
	char *text = NULL;
	size_t len;
	struct wft_error err;

	assert_int_equal(statefile_read(path, FINGERPRINT_FILE_MAX, &text, &len, &err), WFT_OK);
	assert_non_null(text);
	return text;
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void file_holds_no_id_and_reads_back(void **state)
{
	struct tokenset *ts = tokenset_new();
	struct fingerprint fp, back;
	struct wft_error err;
	bool found;
	char *path, *text;
	(void)state;
	add(ts, 0, "deploy", NOW - 90 * DAY, NOW - DAY);
	add(ts, 1, "ci \"quoted\"\ttab\nnewline\\back\r", NOW - 5 * DAY, 0);
	assert_int_equal(fingerprint_take(ts, test_key, NOW, &fp, &err), WFT_OK);
	assert_int_equal(fp.n, 2);
	path = fingerprint_path(tmpdir, test_key, "http://127.0.0.1:8080");
	assert_non_null(strstr(path, "/fingerprint-"));
	assert_int_equal(fingerprint_save(path, &fp, &err), WFT_OK);
	text = file_text(path);
	for (int k = 0; k < 2; k++) {
		assert_null(strstr(text, ids[k]));
		assert_null(strstr(text, ids[k] + 9));   /* nor any long part of one */
	}
	assert_non_null(strstr(text, "aa01"));
	/* The first line, then one line a token: escaped, 6 fields each. */
	const char *first = "wftokens-fingerprint\t2\t1800000000000\t2\n";
	assert_memory_equal(text, first, strlen(first));
	assert_non_null(strstr(text, "\tci \"quoted\"\\ttab\\nnewline\\\\back\\r\n"));
	assert_non_null(strstr(text, "\t****-...-aa01\t" "1792224000000\t1799913600000\tsa::ops\tdeploy\n"));
	free(text);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(fingerprint_load(path, NOW, &back, &found, &err), WFT_OK);
	assert_true(found);
	assert_int_equal(back.n, 2);
	assert_int_equal(back.saved_at, NOW);
	for (size_t i = 0; i < 2; i++) {
		assert_true(back.tokens[i].hash == fp.tokens[i].hash);
		assert_string_equal(back.tokens[i].masked, fp.tokens[i].masked);
		assert_string_equal(back.tokens[i].name, fp.tokens[i].name);
		assert_string_equal(back.tokens[i].account, fp.tokens[i].account);
		assert_int_equal(back.tokens[i].last_used, fp.tokens[i].last_used);
		assert_int_equal(back.tokens[i].created, fp.tokens[i].created);
	}
	fingerprint_clear(&back);
	/* Another instance has another file. */
	char *other = fingerprint_path(tmpdir, test_key, "https://acme.wavefront.com");
	assert_string_not_equal(path, other);
	assert_int_equal(fingerprint_load(other, NOW, &back, &found, &err), WFT_OK);
	assert_false(found);
	free(other);
	free(path);
	fingerprint_clear(&fp);
	tokenset_free(ts);
}

/* A name or an account longer than FINGERPRINT_TEXT_MAX bytes is cut at
 * the start of a character. */
static void long_names_are_cut_at_a_character(void **state)
{
	struct tokenset *ts = tokenset_new();
	struct fingerprint fp;
	struct wft_error err;
	char name[FINGERPRINT_TEXT_MAX + 8];
	(void)state;
	memset(name, 'x', sizeof name);
	memcpy(name + FINGERPRINT_TEXT_MAX - 1, "\xc3\xa9", 2);   /* an e acute across the cut */
	name[sizeof name - 1] = '\0';
	add(ts, 0, name, NOW, 0);
	assert_int_equal(fingerprint_take(ts, test_key, NOW, &fp, &err), WFT_OK);
	assert_int_equal(strlen(fp.tokens[0].name), FINGERPRINT_TEXT_MAX - 1);
	assert_memory_equal(fp.tokens[0].name, name, FINGERPRINT_TEXT_MAX - 1);
	fingerprint_clear(&fp);
	tokenset_free(ts);
}

/* Each damaged file is set aside with a message naming why. */
static void damaged_files_are_set_aside(void **state)
{
	static const struct { const char *text, *why; } cases[] = {
		{ "", "empty" },
		{ "{\"version\": 1, \"savedAt\": 1, \"tokens\": []}\n", "JSON" },
		{ "wftokens-fingerprint\t3\t1\t0\n", "another version" },
		{ "wftokens-fingerprint\t2\t1\n", "first line" },
		{ "wftokens-fingerprint\t2\t1\t99999999\n", "count" },
		{ "wftokens-fingerprint\t2\t1\t2\n0123456789abcdef\t****\t1\t2\ta\tb\n", "fewer" },
		{ "wftokens-fingerprint\t2\t1\t1\n0123456789abcdef\t****\t1\t2\ta\tb", "cut short" },
		{ "wftokens-fingerprint\t2\t1\t1\n0123456789abcdeZ\t****\t1\t2\ta\tb\n", "damaged" },
		{ "wftokens-fingerprint\t2\t1\t1\n0123456789abcdef\t****\tx\t2\ta\tb\n", "damaged" },
		{ "wftokens-fingerprint\t2\t1\t1\n0123456789abcdef\t****\t1\t2\ta\\q\tb\n", "damaged" },
		{ "wftokens-fingerprint\t2\t1\t1\n0123456789abcdef\t****\t1\t2\ta\n", "damaged" },
		{ "wftokens-fingerprint\t2\t1\t1\n0123456789abcdef\t****\t1\t2\ta\tb\tc\n", "damaged" },
		{ "wftokens-fingerprint\t2\t1\t1\nabc\n", "damaged" },
		{ "wftokens-fingerprint\t2\t1\t1\n0123456789abcdef\t****\t1\t2\ta\tb\nmore\n",
		  "more lines" },
	};
	struct fingerprint back;
	struct wft_error err;
	struct stat st;
	bool found;
	char *path = fingerprint_path(tmpdir, test_key, "http://127.0.0.1:8080"), *big;
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		write_text(path, cases[i].text);
		assert_int_equal(fingerprint_load(path, NOW, &back, &found, &err), WFT_ERR_PARSE);
		assert_false(found);
		if (!strstr(err.message, "corrupt") || !strstr(err.message, cases[i].why))
			fail_msg("case %zu: %s", i, err.message);
		assert_int_equal(stat(path, &st), -1);
	}
	/* A line longer than any the console writes. */
	const char *start = "wftokens-fingerprint\t2\t1\t1\n0123456789abcdef\t****\t1\t2\ta\t";
	size_t k = strlen(start);
	big = malloc(k + 5 * FINGERPRINT_TEXT_MAX + 2);
	memcpy(big, start, k);
	memset(big + k, 'x', 5 * FINGERPRINT_TEXT_MAX);
	strcpy(big + k + 5 * FINGERPRINT_TEXT_MAX, "\n");
	write_text(path, big);
	free(big);
	assert_int_equal(fingerprint_load(path, NOW, &back, &found, &err), WFT_ERR_PARSE);
	assert_non_null(strstr(err.message, "too long"));
	/* A fingerprint of the older JSON form beside the new file's place is
	 * set aside too (once: the next start finds none). */
	size_t len = strlen(path);
	char old[512];
	snprintf(old, sizeof old, "%.*s.json", (int)(len - 4), path);
	write_text(old, "{\"version\": 1, \"savedAt\": 1, \"tokens\": []}\n");
	assert_int_equal(fingerprint_load(path, NOW, &back, &found, &err), WFT_ERR_PARSE);
	assert_non_null(strstr(err.message, "older JSON form"));
	assert_int_equal(stat(old, &st), -1);
	assert_int_equal(fingerprint_load(path, NOW, &back, &found, &err), WFT_OK);
	assert_false(found);
	free(path);
}

static bool has(char **list, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], id) == 0)
			return true;
	return false;
}

static void changes_since(void **state)
{
	struct tokenset *then = tokenset_new(), *now = tokenset_new();
	struct fingerprint fp;
	struct fingerprint_changes c;
	struct wft_error err;
	wft_millis t0 = NOW - 10 * DAY;
	(void)state;
	add(then, 0, "kept", t0 - 100 * DAY, t0 - DAY);     /* used since: nothing to say */
	add(then, 1, "revoked", t0 - 50 * DAY, t0 - DAY);
	add(then, 2, "first use", t0 - 5 * DAY, 0);
	add(then, 3, "goes stale", t0 - 200 * DAY, t0 - 25 * DAY);
	assert_int_equal(fingerprint_take(then, test_key, t0, &fp, &err), WFT_OK);
	add(now, 0, "kept", t0 - 100 * DAY, NOW - DAY);
	add(now, 2, "first use", t0 - 5 * DAY, NOW - DAY);
	add(now, 3, "goes stale", t0 - 200 * DAY, t0 - 25 * DAY);
	add(now, 4, "new", NOW - DAY, 0);
	assert_int_equal(fingerprint_compare(&fp, now, test_key, NOW, &c, &err), WFT_OK);
	assert_int_equal(c.since, t0);
	assert_int_equal(c.n_created, 1);
	assert_true(has(c.created, c.n_created, ids[4]));
	assert_int_equal(c.n_first_used, 1);
	assert_true(has(c.first_used, c.n_first_used, ids[2]));
	assert_int_equal(c.n_went_stale, 1);
	assert_true(has(c.went_stale, c.n_went_stale, ids[3]));
	assert_int_equal(c.n_revoked, 1);
	assert_string_equal(c.revoked[0].name, "revoked");
	assert_string_equal(c.revoked[0].account, "sa::ops");
	assert_string_equal(c.revoked[0].masked, "****-...-aa02");
	fingerprint_changes_clear(&c);
	/* The same list again: nothing changed. */
	fingerprint_clear(&fp);
	assert_int_equal(fingerprint_take(now, test_key, NOW, &fp, &err), WFT_OK);
	assert_int_equal(fingerprint_compare(&fp, now, test_key, NOW, &c, &err), WFT_OK);
	assert_int_equal(c.n_created + c.n_first_used + c.n_went_stale + c.n_revoked, 0);
	fingerprint_changes_clear(&c);
	fingerprint_clear(&fp);
	tokenset_free(then);
	tokenset_free(now);
}

/* A list of 50,000 tokens (a JSON file of about 190 bytes a token went
 * over the state files' 4 MiB from about 20,000): saved, loaded back whole
 * and compared with the same list less one token and plus one. */
static void large_list_saves_loads_and_compares(void **state)
{
	enum { N = 50000 };
	struct tokenset *then = tokenset_new(), *now = tokenset_new();
	struct fingerprint fp, back;
	struct fingerprint_changes c;
	struct wft_error err;
	char id[48], name[48], account[48], *path;
	bool found = false;
	(void)state;
	for (int i = 0; i <= N; i++) {
		snprintf(id, sizeof id, "0a1b2c3d-0000-4000-8000-%012d", i);
		snprintf(name, sizeof name, "ingest-pipeline-%d", i);
		snprintf(account, sizeof account, "sa::ingest-%d", i % 9000);
		struct wft_token_rec r = { .id = id, .name = name, .account = account,
		                           .account_type = WFT_ACCOUNT_SERVICE,
		                           .date_generated = NOW - 40 * DAY, .last_used = NOW - i };
		if (i < N)
			assert_int_equal(tokenset_add(then, &r, &err), WFT_OK);
		if (i != 7)
			assert_int_equal(tokenset_add(now, &r, &err), WFT_OK);
	}
	assert_int_equal(fingerprint_take(then, test_key, NOW, &fp, &err), WFT_OK);
	path = fingerprint_path(tmpdir, test_key, "http://127.0.0.1:8080");
	assert_int_equal(fingerprint_save(path, &fp, &err), WFT_OK);
	assert_int_equal(fingerprint_load(path, NOW, &back, &found, &err), WFT_OK);
	assert_true(found);
	assert_int_equal(back.n, N);
	assert_int_equal(fingerprint_compare(&back, now, test_key, NOW + DAY, &c, &err), WFT_OK);
	assert_int_equal(c.n_created, 1);
	assert_string_equal(c.created[0], "0a1b2c3d-0000-4000-8000-000000050000");
	assert_int_equal(c.n_revoked, 1);
	assert_string_equal(c.revoked[0].name, "ingest-pipeline-7");
	assert_string_equal(c.revoked[0].account, "sa::ingest-7");
	assert_int_equal(c.n_first_used + c.n_went_stale, 0);
	fingerprint_changes_clear(&c);
	fingerprint_clear(&back);
	fingerprint_clear(&fp);
	free(path);
	tokenset_free(then);
	tokenset_free(now);
}

static void stale_rule(void **state)
{
	(void)state;
	assert_false(fingerprint_is_stale(NOW - 29 * DAY, NOW - 400 * DAY, NOW));
	assert_true(fingerprint_is_stale(NOW - 30 * DAY, 0, NOW));
	assert_true(fingerprint_is_stale(0, NOW - 31 * DAY, NOW));    /* never used, old */
	assert_false(fingerprint_is_stale(0, NOW - 3 * DAY, NOW));    /* never used, new */
	assert_false(fingerprint_is_stale(0, 0, NOW));                /* nothing known */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hmac_vectors),
		cmocka_unit_test_setup_teardown(key_is_made_once_0600, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(file_holds_no_id_and_reads_back, tmpdir_setup,
		                                tmpdir_teardown),
		cmocka_unit_test(long_names_are_cut_at_a_character),
		cmocka_unit_test_setup_teardown(damaged_files_are_set_aside, tmpdir_setup,
		                                tmpdir_teardown),
		cmocka_unit_test(changes_since),
		cmocka_unit_test_setup_teardown(large_list_saves_loads_and_compares, tmpdir_setup,
		                                tmpdir_teardown),
		cmocka_unit_test(stale_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
