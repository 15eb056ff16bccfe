/* test_tokenset.c: the token set and its streaming decoder, fed whole, in
 * two pieces at every byte boundary and byte by byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tokenset.h"

static const char doc[] =
	"{\"status\":{\"result\":\"OK\",\"message\":\"\",\"code\":200},\n"
	" \"response\":[\n"
	"  {\"id\":\"a411c16b-3cf7-4f03-bf11-8ca05aab898d\",\"name\":\"ci-deploy\","
	"\"account\":\"sa::ci-bot\",\"accountType\":\"SERVICE_ACCOUNT\",\"customer\":\"acme\","
	"\"dateGenerated\":1700000000000,\"lastUsed\":1710000000000,\"createdEpochMillis\":1},\n"
	"  {\"lastUsed\":null,\"accountType\":\"USER_ACCOUNT\",\"account\":\"jo@example.com\","
	"\"extra\":{\"nested\":[1,2,{\"name\":\"not me\"}],\"t\":true,\"f\":false},"
	"\"name\":\"caf\\u00e9 \\\"q\\\" \\ud83d\\udd11\",\"id\":\"b2\",\"dateGenerated\":1.7e12},\n"
	"  {\"id\":\"c3\",\"account\":\"sa::ci-bot\",\"lastUsed\":0,\"name\":null},\n"
	"  {\"id\":\"d4\",\"accountType\":\"SOMETHING_NEW\",\"dateGenerated\":-5}\n"
	" ]}";

/* A stable text form of a set, to compare decodings. */
static char *dump(const struct tokenset *ts)
{
	size_t cap = 4096, len = 0;
	char *s = malloc(cap);

	assert_non_null(s);
	s[0] = '\0';
	for (tokenset_idx i = 0; i < tokenset_size(ts); i++) {
		struct wft_token_rec r;
		if (!tokenset_is_live(ts, i))
			continue;
		tokenset_get(ts, i, &r);
		len += (size_t)snprintf(s + len, cap - len, "%s|%s|%s|%d|%lld|%lld|%u\n", r.id,
		                        r.name, r.account, (int)r.account_type,
		                        (long long)r.date_generated, (long long)r.last_used,
		                        tokenset_account_of(ts, i));
		assert_true(len < cap);
	}
	return s;
}

static struct tokenset *decode_ok(const char *body, size_t len)
{
	struct tokenset *ts = tokenset_new();
	struct wft_error err = {0};

	assert_non_null(ts);
	assert_int_equal(tokenset_decode(ts, body, len, &err), WFT_OK);
	return ts;
}

static void add_find_and_intern(void **state)
{
	struct tokenset *ts = tokenset_new();
	struct wft_error err;
	struct wft_token_rec a = { "id-1", "one", "sa::x", WFT_ACCOUNT_SERVICE, 10, 20 };
	struct wft_token_rec b = { "id-2", "two", "sa::x", WFT_ACCOUNT_SERVICE, 11, 0 };
	struct wft_token_rec c = { "id-3", NULL, NULL, WFT_ACCOUNT_USER, 0, -4 };
	(void)state;

	assert_int_equal(tokenset_add(ts, &a, &err), WFT_OK);
	assert_int_equal(tokenset_add(ts, &b, &err), WFT_OK);
	assert_int_equal(tokenset_add(ts, &c, &err), WFT_OK);
	assert_int_equal(tokenset_count(ts), 3);
	assert_int_equal(tokenset_account_count(ts), 2);
	assert_int_equal(tokenset_account_of(ts, 0), tokenset_account_of(ts, 1));
	/* Shared, not copied: the same bytes. */
	assert_ptr_equal(tokenset_account(ts, 0), tokenset_account(ts, 1));
	assert_int_equal(tokenset_find(ts, "id-2"), 1);
	assert_int_equal(tokenset_find(ts, "id-9"), TOKENSET_NONE);
	assert_string_equal(tokenset_name(ts, 2), "");
	assert_string_equal(tokenset_account(ts, 2), "");
	assert_int_equal(tokenset_last_used(ts, 2), 0);
	assert_int_equal(tokenset_account_find(ts, "sa::x"), 0);
	assert_int_equal(tokenset_account_find(ts, "sa::y"), UINT32_MAX);

	/* Same id again: replaced in place. */
	a.name = "uno";
	assert_int_equal(tokenset_add(ts, &a, &err), WFT_OK);
	assert_int_equal(tokenset_count(ts), 3);
	assert_string_equal(tokenset_name(ts, tokenset_find(ts, "id-1")), "uno");

	struct wft_token_rec bad = { "", "x", "y", 0, 0, 0 };
	assert_int_equal(tokenset_add(ts, &bad, &err), WFT_ERR_INVALID);
	tokenset_free(ts);
}

/* An account without a token (the server-side mode's facet values) gets a
 * number; a token of it later shares that number; the generation moves. */
static void accounts_without_tokens(void **state)
{
	struct tokenset *ts = tokenset_new();
	struct wft_error err;
	struct wft_token_rec a = { "id-1", "one", "sa::b", WFT_ACCOUNT_SERVICE, 10, 20 };
	uint64_t gen = tokenset_generation(ts);
	(void)state;

	assert_int_equal(tokenset_add_account(ts, "sa::a", &err), WFT_OK);
	assert_int_equal(tokenset_add_account(ts, "sa::b", &err), WFT_OK);
	assert_int_equal(tokenset_add_account(ts, "sa::a", &err), WFT_OK);
	assert_true(tokenset_generation(ts) > gen);
	assert_int_equal(tokenset_account_count(ts), 2);
	assert_int_equal(tokenset_count(ts), 0);
	assert_int_equal(tokenset_add(ts, &a, &err), WFT_OK);
	assert_int_equal(tokenset_account_count(ts), 2);
	assert_int_equal(tokenset_account_of(ts, 0), tokenset_account_find(ts, "sa::b"));
	assert_string_equal(tokenset_account_name(ts, 0), "sa::a");
	tokenset_free(ts);
}

/* Equal names share one number and one copy; a rename or a replacement
 * moves the token to its new name's number, which stays found. */
static void names_are_interned(void **state)
{
	struct tokenset *ts = tokenset_new();
	struct wft_error err;
	char id[32], name[32];
	(void)state;

	for (int i = 0; i < 3000; i++) {
		snprintf(id, sizeof id, "tok-%d", i);
		snprintf(name, sizeof name, i % 3 ? "pipe %d" : "", i % 101);
		struct wft_token_rec r = { id, name, "sa::a", WFT_ACCOUNT_SERVICE, i, i };
		assert_int_equal(tokenset_add(ts, &r, &err), WFT_OK);
	}
	/* "" and the 101 "pipe N" (every N comes with i % 3 != 0). */
	assert_int_equal(tokenset_name_count(ts), 102);
	for (tokenset_idx i = 0; i < 3000; i++) {
		uint32_t n = tokenset_name_of(ts, i);
		assert_true(n < tokenset_name_count(ts));
		assert_ptr_equal(tokenset_name(ts, i), tokenset_name_text(ts, n));
		snprintf(name, sizeof name, i % 3 ? "pipe %u" : "", i % 101);
		assert_string_equal(tokenset_name(ts, i), name);
		if (i >= 3)
			assert_int_equal(n == tokenset_name_of(ts, i - 3),
			                 (i % 101 == (i - 3) % 101 && i % 3) || !(i % 3));
	}
	assert_int_equal(tokenset_name_of(ts, 1), tokenset_name_of(ts, 1 + 3 * 101));
	assert_int_equal(tokenset_rename(ts, "tok-1", "pipe 2", &err), WFT_OK);
	assert_int_equal(tokenset_name_of(ts, 1), tokenset_name_of(ts, 2));
	assert_int_equal(tokenset_rename(ts, "tok-1", "brand new", &err), WFT_OK);
	assert_int_equal(tokenset_name_count(ts), 103);
	assert_string_equal(tokenset_name_text(ts, tokenset_name_of(ts, 1)), "brand new");
	/* The other tokens of its old name keep it. */
	assert_string_equal(tokenset_name(ts, 1 + 3 * 101), "pipe 1");
	struct wft_token_rec again = { "tok-2", "brand new", "sa::a", WFT_ACCOUNT_SERVICE, 0, 0 };
	assert_int_equal(tokenset_add(ts, &again, &err), WFT_OK);
	assert_int_equal(tokenset_name_of(ts, 2), tokenset_name_of(ts, 1));
	assert_int_equal(tokenset_name_count(ts), 103);
	tokenset_free(ts);
}

static void many_tokens_grow_tables(void **state)
{
	struct tokenset *ts = tokenset_new();
	struct wft_error err;
	char id[32], name[32], acct[32];
	(void)state;

	for (int i = 0; i < 20000; i++) {
		snprintf(id, sizeof id, "tok-%d", i);
		snprintf(name, sizeof name, "name %d", i);
		snprintf(acct, sizeof acct, "sa::a%d", i % 97);
		struct wft_token_rec r = { id, name, acct, WFT_ACCOUNT_SERVICE, i, i };
		assert_int_equal(tokenset_add(ts, &r, &err), WFT_OK);
	}
	assert_int_equal(tokenset_account_count(ts), 97);
	for (int i = 0; i < 20000; i += 7) {
		snprintf(id, sizeof id, "tok-%d", i);
		tokenset_idx k = tokenset_find(ts, id);
		assert_int_equal(k, (tokenset_idx)i);
		snprintf(acct, sizeof acct, "sa::a%d", i % 97);
		assert_string_equal(tokenset_account(ts, k), acct);
	}
	tokenset_free(ts);
}

static void remove_and_rename(void **state)
{
	struct tokenset *ts = decode_ok(doc, sizeof doc - 1);
	struct wft_error err;
	uint64_t g = tokenset_generation(ts);
	(void)state;

	assert_int_equal(tokenset_remove(ts, "b2", &err), WFT_OK);
	assert_true(tokenset_generation(ts) > g);
	assert_int_equal(tokenset_count(ts), 3);
	assert_int_equal(tokenset_size(ts), 4);
	assert_false(tokenset_is_live(ts, 1));
	assert_int_equal(tokenset_find(ts, "b2"), TOKENSET_NONE);
	assert_string_equal(tokenset_id(ts, 1), ""); /* wiped */
	assert_int_equal(tokenset_id_tail_column(ts)[1], 0);
	/* "...898D" as written would fold the same: "8", "9", "8", "d", first lowest. */
	assert_int_equal(tokenset_id_tail_column(ts)[0], 0x64383938);
	assert_int_equal(tokenset_remove(ts, "b2", &err), WFT_ERR_INVALID);
	assert_int_equal(tokenset_find(ts, "c3"), 2);

	assert_int_equal(tokenset_rename(ts, "c3", "renamed", &err), WFT_OK);
	assert_string_equal(tokenset_name(ts, 2), "renamed");
	assert_int_equal(tokenset_rename(ts, "zz", "x", &err), WFT_ERR_INVALID);
	/* A removed id can come back (a new token with the same id). */
	struct wft_token_rec r = { "b2", "again", "u", WFT_ACCOUNT_USER, 1, 1 };
	assert_int_equal(tokenset_add(ts, &r, &err), WFT_OK);
	assert_int_equal(tokenset_find(ts, "b2"), 4);
	tokenset_free(ts);
}

static void decodes_fields(void **state)
{
	struct tokenset *ts = decode_ok(doc, sizeof doc - 1);
	tokenset_idx i;
	(void)state;

	assert_int_equal(tokenset_count(ts), 4);
	i = tokenset_find(ts, "a411c16b-3cf7-4f03-bf11-8ca05aab898d");
	assert_int_equal(i, 0);
	assert_string_equal(tokenset_name(ts, i), "ci-deploy");
	assert_string_equal(tokenset_account(ts, i), "sa::ci-bot");
	assert_int_equal(tokenset_account_type(ts, i), WFT_ACCOUNT_SERVICE);
	assert_int_equal(tokenset_date_generated(ts, i), 1700000000000);
	assert_int_equal(tokenset_last_used(ts, i), 1710000000000);

	i = tokenset_find(ts, "b2");
	assert_string_equal(tokenset_name(ts, i), "caf\xc3\xa9 \"q\" \xf0\x9f\x94\x91");
	assert_string_equal(tokenset_account(ts, i), "jo@example.com");
	assert_int_equal(tokenset_account_type(ts, i), WFT_ACCOUNT_USER);
	assert_int_equal(tokenset_date_generated(ts, i), 1700000000000);
	assert_int_equal(tokenset_last_used(ts, i), 0);

	i = tokenset_find(ts, "c3");
	assert_string_equal(tokenset_name(ts, i), "");
	assert_int_equal(tokenset_last_used(ts, i), 0);
	assert_int_equal(tokenset_account_of(ts, i), tokenset_account_of(ts, 0));

	i = tokenset_find(ts, "d4");
	assert_int_equal(tokenset_account_type(ts, i), WFT_ACCOUNT_UNKNOWN);
	assert_string_equal(tokenset_account(ts, i), "");
	assert_int_equal(tokenset_last_used(ts, i), 0);
	tokenset_free(ts);
}

static void chunking_at_every_boundary(void **state)
{
	struct tokenset *whole = decode_ok(doc, sizeof doc - 1);
	char *want = dump(whole);
	size_t n = sizeof doc - 1;
	(void)state;

	for (size_t cut = 0; cut <= n; cut++) {
		struct tokenset *ts = tokenset_new();
		struct tokenset_decoder *d = tokenset_decoder_new(ts);
		struct wft_error err;
		assert_int_equal(tokenset_decoder_feed(d, doc, cut, &err), WFT_OK);
		assert_int_equal(tokenset_decoder_feed(d, doc + cut, n - cut, &err), WFT_OK);
		assert_int_equal(tokenset_decoder_finish(d, &err), WFT_OK);
		char *got = dump(ts);
		assert_string_equal(got, want);
		free(got);
		tokenset_decoder_free(d);
		tokenset_free(ts);
	}
	/* One byte at a time. */
	struct tokenset *ts = tokenset_new();
	struct tokenset_decoder *d = tokenset_decoder_new(ts);
	struct wft_error err;
	for (size_t k = 0; k < n; k++)
		assert_int_equal(tokenset_decoder_feed(d, doc + k, 1, &err), WFT_OK);
	assert_int_equal(tokenset_decoder_finish(d, &err), WFT_OK);
	char *got = dump(ts);
	assert_string_equal(got, want);
	free(got);
	tokenset_decoder_free(d);
	tokenset_free(ts);
	free(want);
	tokenset_free(whole);
}

static void truncated_input_fails_everywhere(void **state)
{
	size_t n = sizeof doc - 1;
	(void)state;

	for (size_t cut = 0; cut < n; cut++) {
		struct tokenset *ts = tokenset_new();
		struct wft_error err = {0};
		/* A cut inside trailing whitespace is still a whole document. */
		enum wft_status st = tokenset_decode(ts, doc, cut, &err);
		assert_int_equal(st, WFT_ERR_PARSE);
		assert_non_null(strstr(err.message, cut ? "cut short" : "empty"));
		tokenset_free(ts);
	}
}

static enum wft_status decode_err(const char *body, struct wft_error *err)
{
	struct tokenset *ts = tokenset_new();
	enum wft_status st = tokenset_decode(ts, body, strlen(body), err);

	tokenset_free(ts);
	return st;
}

static void reports_errors_with_offsets(void **state)
{
	struct wft_error err;
	(void)state;

	assert_int_equal(decode_err("hello", &err), WFT_ERR_PARSE);
	assert_non_null(strstr(err.message, "byte 0"));
	assert_int_equal(decode_err("<html>502</html>", &err), WFT_ERR_PARSE);
	assert_non_null(strstr(err.message, "not JSON"));

	assert_int_equal(decode_err("{\"status\":{\"code\":\"x\"},\"response\":[]}", &err),
	                 WFT_ERR_PARSE);
	assert_non_null(strstr(err.message, "status.code must be a number"));
	assert_non_null(strstr(err.message, "byte 18"));

	assert_int_equal(decode_err("{\"response\":{}}", &err), WFT_ERR_PARSE);
	assert_non_null(strstr(err.message, "response must be a list"));
	assert_int_equal(decode_err("{\"response\":[]} x", &err), WFT_ERR_PARSE);
	assert_non_null(strstr(err.message, "after the end"));
	assert_int_equal(decode_err("{\"response\":[],}", &err), WFT_ERR_PARSE);
	assert_int_equal(decode_err("{\"response\":[01]}", &err), WFT_ERR_PARSE);
	assert_int_equal(decode_err("{\"response\":[{\"id\":\"a\tb\"}]}", &err), WFT_ERR_PARSE);
	assert_int_equal(decode_err("{\"response\":[{\"id\":\"\\x\"}]}", &err), WFT_ERR_PARSE);
	assert_int_equal(decode_err("{\"status\":{\"result\":\"OK\"}}", &err), WFT_ERR_PARSE);
	assert_non_null(strstr(err.message, "no response"));
	assert_int_equal(decode_err("42", &err), WFT_ERR_PARSE);
	assert_int_equal(decode_err("{\"response\":[nul]}", &err), WFT_ERR_PARSE);
	assert_int_equal(decode_err("{\"response\":[]]", &err), WFT_ERR_PARSE);

	/* Deep nesting is refused, not recursed into. */
	char deep[300];
	memset(deep, '[', sizeof deep - 1);
	memcpy(deep, "{\"a\":", 5);
	deep[sizeof deep - 1] = '\0';
	assert_int_equal(decode_err(deep, &err), WFT_ERR_PARSE);
	assert_non_null(strstr(err.message, "deeply"));

	/* A bare array is a token list too; a null response an empty one. */
	assert_int_equal(decode_err("[{\"id\":\"x\"}]", &err), WFT_OK);
	assert_int_equal(decode_err("{\"response\":null}", &err), WFT_OK);
}

static void error_envelope(void **state)
{
	struct tokenset *ts = tokenset_new();
	struct tokenset_decoder *d = tokenset_decoder_new(ts);
	struct wft_error err = {0};
	const char *body = "{\"status\":{\"result\":\"ERROR\",\"message\":\"Invalid\\nthing\","
	                   "\"code\":400}}";
	int code;
	char msg[64];
	(void)state;

	assert_int_equal(tokenset_decoder_feed(d, body, strlen(body), &err), WFT_ERR_HTTP);
	assert_int_equal(tokenset_decoder_finish(d, &err), WFT_ERR_HTTP);
	assert_int_equal(err.http_status, 400);
	assert_int_equal(tokenset_decoder_status_code(d), 400);
	assert_string_equal(tokenset_decoder_status_message(d), "Invalid thing");
	assert_non_null(strstr(err.message, "Invalid thing"));
	tokenset_decoder_free(d);

	/* Message after code, and the gateway shape with no status. */
	assert_int_equal(decode_err("{\"status\":{\"code\":403,\"message\":\"no\",\"result\":\"ERROR\"}}",
	                            &err), WFT_ERR_HTTP);
	assert_int_equal(err.http_status, 403);
	assert_int_equal(decode_err("{\"code\":401,\"message\":\"Unauthorized\"}", &err), WFT_ERR_HTTP);
	assert_int_equal(err.http_status, 401);
	assert_non_null(strstr(err.message, "Unauthorized"));

	assert_int_equal(tokenset_error_envelope(body, strlen(body), &code, msg, sizeof msg), WFT_OK);
	assert_int_equal(code, 400);
	assert_string_equal(msg, "Invalid thing");
	assert_int_equal(tokenset_error_envelope("{\"error\":\"bad\",\"code\":429}", 27, &code, msg,
	                                         sizeof msg), WFT_OK);
	assert_int_equal(code, 429);
	assert_string_equal(msg, "bad");
	assert_int_equal(tokenset_error_envelope("oops", 4, &code, msg, sizeof msg), WFT_ERR_PARSE);
	tokenset_free(ts);
}

/* An over-long name is kept cut, on a character boundary and with an
 * ellipsis, so one odd token does not stop the list from loading; an
 * over-long id is refused. */
static void too_long_strings_are_cut_or_refused(void **state)
{
	size_t n = TOKENSET_MAX_FIELD + 64;
	char *body = malloc(2 * n + 64);
	struct tokenset *ts = tokenset_new();
	struct tokenset_decoder *dec = tokenset_decoder_new(ts);
	struct wft_error err;
	const char *name;
	size_t l, nl;
	(void)state;

	assert_non_null(body);
	strcpy(body, "{\"response\":[{\"id\":\"abcd-1234\",\"name\":\"");
	l = strlen(body);
	/* "é" is two bytes: the cut must not split one. */
	for (size_t i = 0; i < n; i += 2)
		memcpy(body + l + i, "\xc3\xa9", 2);
	strcpy(body + l + n, "\"}]}");
	assert_int_equal(tokenset_decoder_feed(dec, body, strlen(body), &err), WFT_OK);
	assert_int_equal(tokenset_decoder_finish(dec, &err), WFT_OK);
	assert_int_equal(tokenset_count(ts), 1);
	assert_int_not_equal(tokenset_find(ts, "abcd-1234"), TOKENSET_NONE);
	name = tokenset_name(ts, tokenset_find(ts, "abcd-1234"));
	nl = strlen(name);
	assert_true(nl <= TOKENSET_MAX_FIELD);
	assert_memory_equal(name + nl - 3, "\xe2\x80\xa6", 3);
	assert_int_equal((nl - 3) % 2, 0);
	tokenset_decoder_free(dec);
	tokenset_free(ts);

	/* An unknown field may be long: it is skipped, not kept. */
	memcpy(body + l - 8, "\"xame\"", 6);
	assert_int_equal(decode_err(body, &err), WFT_OK);

	/* A token id that long is no token id: that token is left out. */
	strcpy(body, "{\"response\":[{\"id\":\"");
	l = strlen(body);
	memset(body + l, 'a', n);
	strcpy(body + l + n, "\"},{\"id\":\"ok\"}]}");
	ts = decode_ok(body, strlen(body));
	assert_int_equal(tokenset_count(ts), 1);
	assert_int_equal(tokenset_skipped_unreadable(ts), 1);
	tokenset_free(ts);
	free(body);
}

/* Removals leave dead slots; growth drops them and moves the rest by their
 * stored hashes. Every id must still be found, every removed one not, and
 * strings handed out earlier must stay valid. */
static void removals_then_growth(void **state)
{
	struct tokenset *ts = tokenset_new();
	struct wft_error err;
	char id[32], acct[32];
	(void)state;

	for (int i = 0; i < 3000; i++) {
		snprintf(id, sizeof id, "tok-%d", i);
		snprintf(acct, sizeof acct, "sa::a%d", i);
		struct wft_token_rec r = { id, "n", acct, WFT_ACCOUNT_SERVICE, i, i };
		assert_int_equal(tokenset_add(ts, &r, &err), WFT_OK);
	}
	const char *first_acct = tokenset_account(ts, 0);
	for (int i = 0; i < 3000; i += 2) {
		snprintf(id, sizeof id, "tok-%d", i);
		assert_int_equal(tokenset_remove(ts, id, &err), WFT_OK);
	}
	/* Enough new tokens (and accounts) to grow both tables twice. */
	for (int i = 3000; i < 20000; i++) {
		snprintf(id, sizeof id, "tok-%d", i);
		snprintf(acct, sizeof acct, "sa::a%d", i);
		struct wft_token_rec r = { id, "n", acct, WFT_ACCOUNT_SERVICE, i, i };
		assert_int_equal(tokenset_add(ts, &r, &err), WFT_OK);
	}
	assert_int_equal(tokenset_count(ts), 20000 - 1500);
	assert_int_equal(tokenset_account_count(ts), 20000);
	for (int i = 0; i < 20000; i++) {
		snprintf(id, sizeof id, "tok-%d", i);
		snprintf(acct, sizeof acct, "sa::a%d", i);
		tokenset_idx k = tokenset_find(ts, id);
		if (i < 3000 && i % 2 == 0) {
			assert_int_equal(k, TOKENSET_NONE);
		} else {
			assert_int_equal(k, (tokenset_idx)i);
			assert_string_equal(tokenset_id(ts, k), id);
			assert_string_equal(tokenset_account(ts, k), acct);
		}
		assert_int_equal(tokenset_account_find(ts, acct), (uint32_t)i);
	}
	assert_string_equal(first_acct, "sa::a0");
	assert_ptr_equal(first_acct, tokenset_account_name(ts, 0));
	/* A removed id comes back at a new place. */
	struct wft_token_rec again = { "tok-0", "back", "sa::a0", WFT_ACCOUNT_USER, 1, 1 };
	assert_int_equal(tokenset_add(ts, &again, &err), WFT_OK);
	assert_int_equal(tokenset_find(ts, "tok-0"), 20000);
	assert_int_equal(tokenset_account_of(ts, 20000), 0);
	tokenset_free(ts);
}

/* Numbers of every shape, fed whole and byte by byte (the digits of a
 * number may arrive in several pieces). */
static void numbers_of_every_shape(void **state)
{
	static const struct { const char *text; long long want; } cases[] = {
		{ "0", 0 }, { "-0", 0 }, { "7", 7 }, { "-12", -12 },
		{ "1700000000000", 1700000000000 },
		{ "999999999999999999", 999999999999999999 },       /* 18 digits */
		{ "1234567890123456789", 1234567890123456789 },     /* 19: strtoll */
		{ "-9223372036854775807", -9223372036854775807 },
		{ "1.7e12", 1700000000000 }, { "2E3", 2000 }, { "12.9", 12 },
	};
	char body[160];
	(void)state;

	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		snprintf(body, sizeof body, "{\"response\":[{\"id\":\"x\",\"dateGenerated\":%s}]}",
		         cases[c].text);
		for (int bytewise = 0; bytewise < 2; bytewise++) {
			struct tokenset *ts = tokenset_new();
			struct tokenset_decoder *d = tokenset_decoder_new(ts);
			struct wft_error err;
			size_t n = strlen(body);
			for (size_t k = 0; k < n; k += bytewise ? 1 : n)
				assert_int_equal(tokenset_decoder_feed(d, body + k, bytewise ? 1 : n, &err),
				                 WFT_OK);
			assert_int_equal(tokenset_decoder_finish(d, &err), WFT_OK);
			assert_int_equal(tokenset_date_generated(ts, 0), cases[c].want);
			tokenset_decoder_free(d);
			tokenset_free(ts);
		}
	}
	/* 65 digits: refused at the byte that goes over, whole or bytewise. */
	char digits[66];
	memset(digits, '1', 65);
	digits[65] = '\0';
	snprintf(body, sizeof body, "{\"response\":[{\"id\":\"x\",\"lastUsed\":%s}]}", digits);
	struct wft_error err;
	assert_int_equal(decode_err(body, &err), WFT_ERR_PARSE);
	assert_non_null(strstr(err.message, "too long"));
	assert_non_null(strstr(err.message, "byte 98")); /* 34 + 64 */
	struct tokenset *ts = tokenset_new();
	struct tokenset_decoder *d = tokenset_decoder_new(ts);
	enum wft_status st = WFT_OK;
	for (size_t k = 0; k < strlen(body) && !st; k++)
		st = tokenset_decoder_feed(d, body + k, 1, &err);
	assert_int_equal(st, WFT_ERR_PARSE);
	assert_non_null(strstr(err.message, "byte 98"));
	tokenset_decoder_free(d);
	tokenset_free(ts);
}

/* One token that cannot be read is left out and counted; every other token
 * of the answer loads. Fields of the wrong type are read where the reading
 * is unambiguous. */
static void one_bad_token_is_skipped_and_counted(void **state)
{
	static const char body[] =
		"{\"status\":{\"result\":\"OK\",\"code\":200},\"response\":["
		"{\"id\":12345,\"name\":\"numeric id\"},"                        /* unreadable */
		"{\"id\":null,\"name\":\"null id\"},"                            /* no id */
		"{\"name\":\"missing id\",\"accountType\":\"USER_ACCOUNT\"},"       /* no id */
		"{\"id\":\"\",\"name\":\"empty id\"},"                             /* no id */
		"{\"id\":\"t-name\",\"name\":5},"                                 /* unreadable */
		"{\"id\":\"t-obj\",\"account\":{\"a\":1}},"                        /* unreadable */
		"{\"id\":\"t-used\",\"lastUsed\":\"yesterday\"},"                   /* unreadable */
		"{\"id\":\"t-big\",\"lastUsed\":1e30},"                           /* unreadable */
		"17, \"text\", [1,{\"id\":\"inner\"}], true, null,"              /* 5 unreadable */
		"{\"id\":\"ok-1\",\"name\":\"caf\\u0000e\",\"dateGenerated\":\"1700000000000\","
		"\"lastUsed\":\"1710000000000\",\"accountType\":\"CSP_SERVICE_ACCOUNT\"},"
		"{\"id\":\"ok-2\",\"lastUsed\":\"\",\"accountType\":\"ROBOT_ACCOUNT\","
		"\"debugInfo\":{\"x\":[null]},\"customer\":null,\"extra\":12e400},"
		"{\"id\":\"ok-3\",\"accountType\":null}"
		"]}";
	size_t n = sizeof body - 1;
	(void)state;

	/* Whole, and cut at every byte: the same outcome. */
	for (size_t cut = 0; cut <= n; cut++) {
		struct tokenset *ts = tokenset_new();
		struct tokenset_decoder *d = tokenset_decoder_new(ts);
		struct wft_error err;
		tokenset_idx i;
		assert_int_equal(tokenset_decoder_feed(d, body, cut, &err), WFT_OK);
		assert_int_equal(tokenset_decoder_feed(d, body + cut, n - cut, &err), WFT_OK);
		assert_int_equal(tokenset_decoder_finish(d, &err), WFT_OK);
		assert_int_equal(tokenset_count(ts), 3);
		assert_int_equal(tokenset_skipped_no_id(ts), 3);
		assert_int_equal(tokenset_skipped_unreadable(ts), 10);
		assert_int_equal(tokenset_find(ts, "inner"), TOKENSET_NONE);
		char note[160];
		assert_true(tokenset_skipped_note(ts, note, sizeof note));
		assert_string_equal(note, "3 tokens could not be shown (no id); "
		                    "10 tokens could not be read");

		i = tokenset_find(ts, "ok-1");
		assert_int_not_equal(i, TOKENSET_NONE);
		assert_string_equal(tokenset_name(ts, i), "caf\xef\xbf\xbd" "e"); /* NUL: U+FFFD */
		assert_int_equal(tokenset_date_generated(ts, i), 1700000000000);
		assert_int_equal(tokenset_last_used(ts, i), 1710000000000);
		assert_int_equal(tokenset_account_type(ts, i), WFT_ACCOUNT_CSP_SERVICE);
		assert_string_equal(tokenset_account_type_label(ts, i), "Service");
		assert_string_equal(tokenset_account_type_text(ts, i), "CSP_SERVICE_ACCOUNT");

		i = tokenset_find(ts, "ok-2");
		assert_int_equal(tokenset_last_used(ts, i), 0);
		assert_int_equal(tokenset_account_type(ts, i), WFT_ACCOUNT_UNKNOWN);
		assert_string_equal(tokenset_account_type_label(ts, i), "ROBOT_ACCOUNT");
		assert_string_equal(tokenset_account_type_text(ts, i), "ROBOT_ACCOUNT");

		i = tokenset_find(ts, "ok-3");
		assert_string_equal(tokenset_account_type_label(ts, i), "?");
		assert_string_equal(tokenset_account_type_text(ts, i), "");
		tokenset_decoder_free(d);
		tokenset_free(ts);
	}
}

/* Every account type of the official enum (UserApiToken and ApiTokenModel
 * share it) is understood; the service kinds count as service accounts. */
static void every_official_account_type(void **state)
{
	static const struct { const char *text; bool service; const char *label; } types[] = {
		{ "USER_ACCOUNT", false, "User" }, { "SERVICE_ACCOUNT", true, "Service" },
		{ "INACTIVE_SERVICE_ACCOUNT", true, "Inactive" }, { "CSP_USER_ACCOUNT", false, "User" },
		{ "CSP_AUTHORIZED_USER_ACCOUNT", false, "User" },
		{ "CSP_SERVICE_ACCOUNT", true, "Service" },
		{ "CSP_AUTHORIZED_SERVICE_ACCOUNT", true, "Service" },
	};
	char body[256], note[8];
	(void)state;

	for (size_t k = 0; k < sizeof types / sizeof *types; k++) {
		snprintf(body, sizeof body, "{\"response\":[{\"id\":\"x\",\"accountType\":\"%s\"}]}",
		         types[k].text);
		struct tokenset *ts = decode_ok(body, strlen(body));
		enum wft_account_type t = tokenset_account_type(ts, 0);
		assert_int_not_equal(t, WFT_ACCOUNT_UNKNOWN);
		assert_int_equal(wft_account_type_is_service(t), types[k].service);
		assert_string_equal(tokenset_account_type_text(ts, 0), types[k].text);
		assert_string_equal(tokenset_account_type_label(ts, 0), types[k].label);
		assert_false(tokenset_skipped_note(ts, note, sizeof note));
		assert_string_equal(note, "");
		tokenset_free(ts);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(add_find_and_intern),
		cmocka_unit_test(accounts_without_tokens),
		cmocka_unit_test(names_are_interned),
		cmocka_unit_test(many_tokens_grow_tables),
		cmocka_unit_test(removals_then_growth),
		cmocka_unit_test(numbers_of_every_shape),
		cmocka_unit_test(remove_and_rename),
		cmocka_unit_test(decodes_fields),
		cmocka_unit_test(chunking_at_every_boundary),
		cmocka_unit_test(truncated_input_fails_everywhere),
		cmocka_unit_test(reports_errors_with_offsets),
		cmocka_unit_test(error_envelope),
		cmocka_unit_test(too_long_strings_are_cut_or_refused),
		cmocka_unit_test(one_bad_token_is_skipped_and_counted),
		cmocka_unit_test(every_official_account_type),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
