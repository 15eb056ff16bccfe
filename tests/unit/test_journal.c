/* test_journal.c: the journal of changes: a 0600 file of JSON lines that
 * never holds a full token id, refused when others can read it, and the
 * changes of a dead session found (once) at the next start. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "journal.h"
#include "mask.h"
#include "statefile.h"
#include "tmpdir.h"

static const char ID1[] = "0f2e1d3c-4b5a-4968-8776-a5b4c3d2e1f0";
static const char ID2[] = "11111111-2222-4333-8444-555555555555";

static char *path_in(const char *name)
{
	return statefile_path(tmpdir, name);
}

static char *slurp(const char *path)
{
	struct wft_error err;
	char *s;
	size_t n;

	assert_int_equal(statefile_read(path, 1 << 20, &s, &n, &err), WFT_OK);
	assert_non_null(s);
	return s;
}

static void lines_are_json_and_ids_masked(void **state)
{
	struct wft_error err;
	struct journal *j;
	struct stat st;
	unsigned long c1 = 0, c2 = 0;
	char *p = path_in("sub/dir/journal.jsonl"), *text, masked[WFT_MASK_SIZE];
	struct journal_target t1 = { ID1, "ci deploy", "sa::ci" };
	struct journal_target t2 = { ID2, "named after " "11111111-2222-4333-8444-555555555555", NULL };
	(void)state;

	assert_int_equal(journal_open(p, "acme.wavefront.com", "token", &j, &err), WFT_OK);
	assert_int_equal(journal_add(j, &c1, "revoke", &t1, JOURNAL_PENDING, NULL, &err), WFT_OK);
	assert_int_equal(journal_add(j, &c2, "rename", &t2, JOURNAL_PENDING, NULL, &err), WFT_OK);
	assert_int_not_equal(c1, c2);
	assert_int_equal(journal_add(j, &c1, "revoke", &t1, JOURNAL_REFUSED,
	                             "the server said no to " "0f2e1d3c-4b5a-4968-8776-a5b4c3d2e1f0",
	                             &err), WFT_OK);
	journal_close(j);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	text = slurp(p);
	/* No full id anywhere, whether given as the id, in a name or a reason. */
	assert_null(strstr(text, ID1));
	assert_null(strstr(text, ID2));
	assert_non_null(strstr(text, wft_mask_id(ID1, masked, sizeof masked)));
	assert_non_null(strstr(text, "\"state\":\"refused\""));
	assert_non_null(strstr(text, "\"instance\":\"acme.wavefront.com\""));
	assert_non_null(strstr(text, "\"account\":\"sa::ci\""));
	/* Three lines, each a whole JSON object. */
	int lines = 0;
	for (char *q = text; (q = strchr(q, '\n')) != NULL; q++)
		lines++;
	assert_int_equal(lines, 3);
	free(text);
	free(p);
}

static void others_file_refused(void **state)
{
	struct wft_error err;
	struct journal *j = NULL;
	char *p = path_in("open.jsonl"), *l = path_in("link.jsonl");
	FILE *f = fopen(p, "w");
	(void)state;

	assert_non_null(f);
	fclose(f);
	assert_int_equal(chmod(p, 0644), 0);
	assert_int_equal(journal_open(p, "h", "token", &j, &err), WFT_ERR_IO);
	assert_null(j);
	assert_non_null(strstr(err.message, "chmod 600"));
	/* A link is not followed, even to a good file. */
	assert_int_equal(chmod(p, 0600), 0);
	assert_int_equal(symlink(p, l), 0);
	assert_int_equal(journal_open(l, "h", "token", &j, &err), WFT_ERR_IO);
	assert_null(j);
	assert_int_equal(journal_open(p, "h", "token", &j, &err), WFT_OK);
	journal_close(j);
	free(p);
	free(l);
}

struct collected {
	int n;
	char states[8][32];
};

static void collect(void *ud, const struct journal_rec *r)
{
	struct collected *c = ud;
	if (c->n < 8)
		snprintf(c->states[c->n++], sizeof c->states[0], "%s", r->state);
}

static void dead_session_reported_once(void **state)
{
	struct wft_error err;
	struct journal *a, *b;
	unsigned long c1 = 0, c2 = 0, c3 = 0;
	char *p = path_in("dead.jsonl"), *report = NULL, masked[WFT_MASK_SIZE];
	struct journal_target t1 = { ID1, "ci deploy", "sa::ci" }, t2 = { ID2, "", "" };
	size_t n;
	(void)state;

	assert_int_equal(journal_open(p, "h", "token", &a, &err), WFT_OK);
	/* A revoke sent without an answer, one held in the undo window, and
	 * one that ended: only the first two are unfinished. */
	assert_int_equal(journal_add(a, &c1, "revoke", &t1, JOURNAL_PENDING, NULL, &err), WFT_OK);
	assert_int_equal(journal_add(a, &c2, "revoke", &t2, JOURNAL_HELD, NULL, &err), WFT_OK);
	assert_int_equal(journal_add(a, &c3, "rename", &t2, JOURNAL_PENDING, NULL, &err), WFT_OK);
	assert_int_equal(journal_add(a, &c3, "rename", &t2, JOURNAL_DONE, NULL, &err), WFT_OK);
	/* Its own session's open changes are not another's to settle. */
	assert_int_equal(journal_settle_unfinished(a, p, &n, &report, &err), WFT_OK);
	assert_int_equal(n, 0);
	assert_null(report);
	journal_close(a);   /* as a kill -9 would leave it */

	assert_int_equal(journal_open(p, "h", "token", &b, &err), WFT_OK);
	assert_int_equal(journal_settle_unfinished(b, p, &n, &report, &err), WFT_OK);
	assert_int_equal(n, 2);
	assert_non_null(report);
	assert_non_null(strstr(report, "1 change of the last session has no recorded outcome: "
	                               "revoke"));
	assert_non_null(strstr(report, wft_mask_id(ID1, masked, sizeof masked)));
	assert_non_null(strstr(report, "1 held revoke of the last session was not sent"));
	free(report);
	report = NULL;
	/* Said once: the closing lines are in the journal now. */
	assert_int_equal(journal_settle_unfinished(b, p, &n, &report, &err), WFT_OK);
	assert_int_equal(n, 0);
	assert_null(report);
	journal_close(b);

	struct collected c = { 0 };
	size_t skipped;
	assert_int_equal(journal_read(p, collect, &c, &skipped, &err), WFT_OK);
	assert_int_equal(c.n, 6);
	assert_string_equal(c.states[4], JOURNAL_LOST);
	assert_string_equal(c.states[5], JOURNAL_NOT_SENT);
	free(p);
}

static void cut_line_skipped(void **state)
{
	struct wft_error err;
	struct journal *j;
	unsigned long c1 = 0;
	char *p = path_in("cut.jsonl");
	struct journal_target t1 = { ID1, "n", "a" };
	struct collected c = { 0 };
	size_t skipped;
	FILE *f;
	(void)state;

	assert_int_equal(journal_open(p, "h", "token", &j, &err), WFT_OK);
	assert_int_equal(journal_add(j, &c1, "revoke", &t1, JOURNAL_PENDING, NULL, &err), WFT_OK);
	journal_close(j);
	f = fopen(p, "a");
	assert_non_null(f);
	fputs("{\"time\":\"2024-0", f);   /* a line a crash cut off */
	fclose(f);
	assert_int_equal(journal_read(p, collect, &c, &skipped, &err), WFT_OK);
	assert_int_equal(c.n, 1);
	assert_int_equal(skipped, 1);
	free(p);
}

static void outcome_names(void **state)
{
	(void)state;
	assert_string_equal(journal_state_of(WFT_OUTCOME_DONE, WFT_SETTLED_DONE), "done");
	assert_string_equal(journal_state_of(WFT_OUTCOME_DONE_UNREAD, WFT_SETTLED_DONE),
	                    "done, answer unreadable");
	assert_string_equal(journal_state_of(WFT_OUTCOME_REFUSED, WFT_SETTLED_NOT_DONE), "refused");
	assert_string_equal(journal_state_of(WFT_OUTCOME_UNCONFIRMED, WFT_SETTLED_UNKNOWN),
	                    "not confirmed");
	/* A read-back that found the change made: done, not "not confirmed". */
	assert_string_equal(journal_state_of(WFT_OUTCOME_UNCONFIRMED, WFT_SETTLED_DONE), "done");
}

static void format_for_a_person(void **state)
{
	struct journal_rec r = { .when_ms = 86400000, .session = "s", .change = 1,
	                         .instance = "acme", .identity = "token", .action = "revoke",
	                         .id = "****-...-e1f0", .name = "ci", .account = "sa::ci",
	                         .state = "refused", .detail = "no" };
	char *s = journal_format(&r);
	(void)state;
	assert_non_null(s);
	assert_string_equal(s, "1970-01-02 00:00:00  acme  revoke ****-...-e1f0 \"ci\" (sa::ci)  "
	                       "refused: no");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines_are_json_and_ids_masked),
		cmocka_unit_test(others_file_refused),
		cmocka_unit_test(dead_session_reported_once),
		cmocka_unit_test(cut_line_skipped),
		cmocka_unit_test(outcome_names),
		cmocka_unit_test(format_for_a_person),
	};
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
