/* test_rotation.c: guided rotation without the screen: the questions'
 * answers, the replacement's name within the limit, when the old token is
 * quiet, what its row says, and the rotation's state kept in the journal
 * (never a full id) and found again, last line winning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "journal.h"
#include "rotation.h"
#include "statefile.h"
#include "tmpdir.h"

static const char ID[] = "0f2e1d3c-4b5a-4968-8776-a5b4c3d2e1f0";
static const char NEW_ID[] = "11111111-2222-4333-8444-555555555555";
/* 2024-05-01T00:00:00Z */
#define MAY1 1714521600000LL

static void times_parsed(void **state)
{
	struct wft_error err;
	int64_t iv = 0, q = 0;
	(void)state;

	assert_int_equal(rotation_parse_times(ROTATE_DEFAULT_TIMES, &iv, &q, &err), WFT_OK);
	assert_int_equal(iv, 60);
	assert_int_equal(q, 86400);
	assert_int_equal(rotation_parse_times(" 5m, 2d ", &iv, &q, &err), WFT_OK);
	assert_int_equal(iv, 300);
	assert_int_equal(q, 2 * 86400);
	assert_int_equal(rotation_parse_times("1 3", &iv, &q, &err), WFT_OK);
	assert_int_equal(iv, 1);
	assert_int_equal(q, 3);
	assert_int_equal(rotation_parse_times("1s", &iv, &q, &err), WFT_ERR_INVALID);
	assert_non_null(strstr(err.message, "the quiet time"));
	assert_int_equal(rotation_parse_times("0s 1h", &iv, &q, &err), WFT_ERR_INVALID);
	assert_non_null(strstr(err.message, "interval must be"));
	assert_int_equal(rotation_parse_times("2d 1h", &iv, &q, &err), WFT_ERR_INVALID);
	assert_int_equal(rotation_parse_times("60x 1h", &iv, &q, &err), WFT_ERR_INVALID);
	assert_int_equal(rotation_parse_times("60s 1h extra", &iv, &q, &err), WFT_ERR_INVALID);
	assert_int_equal(rotation_parse_times("60s 400d", &iv, &q, &err), WFT_ERR_INVALID);
}

static void durations_shown(void **state)
{
	char b[32];
	(void)state;

	assert_string_equal(rotation_duration_text(45, b, sizeof b), "45 s");
	assert_string_equal(rotation_duration_text(300, b, sizeof b), "5 m");
	assert_string_equal(rotation_duration_text(86400, b, sizeof b), "1 d");
	assert_string_equal(rotation_duration_text(7200, b, sizeof b), "2 h");
	assert_string_equal(rotation_duration_text(90, b, sizeof b), "90 s");
}

static void replacement_named(void **state)
{
	char out[SA_TOKEN_NAME_MAX + 1], big[SA_TOKEN_NAME_MAX + 1];
	(void)state;

	rotation_new_name("ci deploy", MAY1, out, sizeof out);
	assert_string_equal(out, "ci deploy (rotated 2024-05-01)");
	/* a rotated token rotated again: one suffix, the new date */
	rotation_new_name("ci deploy (rotated 2023-01-02)", MAY1, out, sizeof out);
	assert_string_equal(out, "ci deploy (rotated 2024-05-01)");
	rotation_new_name("", MAY1, out, sizeof out);
	assert_string_equal(out, " (rotated 2024-05-01)");
	/* at the limit: cut, never half a character (é is 2 bytes) */
	memset(big, 'a', sizeof big);
	for (size_t i = 480; i + 1 < SA_TOKEN_NAME_MAX; i += 2)
		memcpy(big + i, "\xc3\xa9", 2);
	big[SA_TOKEN_NAME_MAX] = '\0';
	rotation_new_name(big, MAY1, out, sizeof out);
	assert_true(strlen(out) <= SA_TOKEN_NAME_MAX);
	assert_non_null(strstr(out, " (rotated 2024-05-01)"));
	struct wft_error err;
	assert_int_equal(sa_check_token_name(out, &err), WFT_OK);
}

static void quiet_and_status(void **state)
{
	struct rotation r;
	char s[200];
	(void)state;

	rotation_init(&r, ID, "ci", "sa::ci", MAY1 - 1000, 60, 3600);
	assert_string_equal(r.old_masked, "****-...-e1f0");
	assert_true(rotation_is_old(&r, ID, "sa::ci", MAY1 - 1000));
	assert_false(rotation_is_old(&r, ID, "sa::ci", MAY1));
	assert_false(rotation_is_old(&r, NEW_ID, "sa::ci", MAY1 - 1000));
	rotation_status(&r, MAY1, s, sizeof s);
	assert_string_equal(s, "rotating: generating");
	r.generated = true;
	r.since = MAY1;
	assert_int_equal(rotation_quiet_ms(&r), -1);
	assert_false(rotation_is_quiet(&r));
	/* used after the replacement: quiet counts from that use */
	r.last_used = MAY1 + 180000;
	r.last_read = MAY1 + 360000;
	rotation_status(&r, MAY1 + 360000, s, sizeof s);
	assert_string_equal(s, "old token last used 3 m ago");
	assert_false(rotation_is_quiet(&r));
	/* used only before: quiet counts from the replacement */
	r.last_used = MAY1 - 5000;
	r.last_read = MAY1 + 120000;
	rotation_status(&r, MAY1 + 120000, s, sizeof s);
	assert_string_equal(s, "rotating: unused 2 m of 1 h");
	r.last_read = MAY1 + 3600000;
	assert_true(rotation_is_quiet(&r));
	rotation_status(&r, MAY1 + 3600000, s, sizeof s);
	assert_string_equal(s, "quiet 1 h: R revokes it");
	/* once found, the id itself decides */
	r.old_id = strdup(ID);
	assert_true(rotation_is_old(&r, ID, NULL, 0));
	rotation_clear(&r);
	assert_null(r.old_id);
}

static void add(struct journal *j, unsigned long *c, const struct rotation *r, const char *id,
                const char *state)
{
	struct journal_target t = { id, r->name, r->account };
	struct wft_error err;
	char detail[256];

	rotation_detail(r, detail, sizeof detail);
	assert_int_equal(journal_add(j, c, ROTATE_ACTION, &t, state, detail, &err), WFT_OK);
}

static void kept_in_the_journal(void **state)
{
	struct wft_error err;
	struct journal *j;
	struct rotation a, b, other, *got;
	unsigned long ca = 0, cb = 0, co = 0;
	size_t n;
	char *p = statefile_path(tmpdir, "journal.jsonl"), *text;
	size_t len;
	(void)state;

	assert_int_equal(journal_open(p, "acme.wavefront.com", "me", &j, &err), WFT_OK);
	rotation_init(&a, ID, "ci", "sa::ci", MAY1 - 1000, 60, 86400);
	rotation_init(&b, NEW_ID, "web", "sa::web", MAY1 - 2000, 5, 30);
	rotation_init(&other, ID, "ci", "sa::ci", MAY1 - 1000, 60, 86400);
	add(j, &ca, &a, ID, ROTATE_STARTED);
	a.since = MAY1;
	snprintf(a.new_masked, sizeof a.new_masked, "****-...-5555");
	add(j, &ca, &a, ID, ROTATE_GENERATED);
	add(j, &cb, &b, NEW_ID, ROTATE_STARTED);
	journal_close(j);
	/* another instance's rotation is not this one's */
	assert_int_equal(journal_open(p, "other.wavefront.com", "me", &j, &err), WFT_OK);
	add(j, &co, &other, ID, ROTATE_GENERATED);
	journal_close(j);

	assert_int_equal(statefile_read(p, 1 << 20, &text, &len, &err), WFT_OK);
	assert_null(strstr(text, ID));
	assert_null(strstr(text, NEW_ID));
	free(text);

	assert_int_equal(rotation_collect(p, "acme.wavefront.com", &got, &n, &err), WFT_OK);
	assert_int_equal(n, 2);
	assert_true(got[0].generated);
	assert_string_equal(got[0].old_masked, "****-...-e1f0");
	assert_string_equal(got[0].account, "sa::ci");
	assert_string_equal(got[0].name, "ci");
	assert_int_equal(got[0].old_generated, MAY1 - 1000);
	assert_int_equal(got[0].since, MAY1);
	assert_int_equal(got[0].interval_s, 60);
	assert_int_equal(got[0].quiet_s, 86400);
	assert_string_equal(got[0].new_masked, "****-...-5555");
	assert_null(got[0].old_id);
	assert_false(got[1].generated);     /* cut off while generating */
	assert_string_equal(got[1].new_masked, "");
	free(got);

	/* a later session closes both: nothing is left open */
	assert_int_equal(journal_open(p, "acme.wavefront.com", "me", &j, &err), WFT_OK);
	ca = cb = 0;
	add(j, &ca, &a, ID, ROTATE_OLD_REVOKED);
	add(j, &cb, &b, NEW_ID, ROTATE_ABANDONED);
	journal_close(j);
	assert_int_equal(rotation_collect(p, "acme.wavefront.com", &got, &n, &err), WFT_OK);
	assert_int_equal(n, 0);
	assert_null(got);
	/* a missing journal: nothing */
	free(p);
	p = statefile_path(tmpdir, "none.jsonl");
	assert_int_equal(rotation_collect(p, "acme.wavefront.com", &got, &n, &err), WFT_OK);
	assert_int_equal(n, 0);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(times_parsed),
		cmocka_unit_test(durations_shown),
		cmocka_unit_test(replacement_named),
		cmocka_unit_test(quiet_and_status),
		cmocka_unit_test(kept_in_the_journal),
	};
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
