/* test_outcome.c: the one rule that classifies a change's answer (outcome.h):
 * done, done with an unreadable answer, refused, or not confirmed; what a
 * read-back found, and the verdict after it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "outcome.h"

static struct wft_error mk(enum wft_status code, int status, bool unread)
{
	struct wft_error e;

	wft_error_clear(&e);
	wft_error_set(&e, code, "x");
	e.http_status = status;
	e.body_unread = unread;
	return e;
}

static void success_is_done(void **state)
{
	struct wft_error e = mk(WFT_OK, 200, false);
	(void)state;
	assert_int_equal(wft_outcome_of(NULL), WFT_OUTCOME_DONE);
	assert_int_equal(wft_outcome_of(&e), WFT_OUTCOME_DONE);
}

static void unreadable_2xx_is_done_unread(void **state)
{
	struct wft_error e = mk(WFT_ERR_PARSE, 200, true);
	struct wft_error n = mk(WFT_ERR_NOMEM, 201, false);
	(void)state;
	assert_int_equal(wft_outcome_of(&e), WFT_OUTCOME_DONE_UNREAD);
	assert_int_equal(wft_outcome_of(&n), WFT_OUTCOME_DONE_UNREAD);
}

static void no_answer_is_unconfirmed(void **state)
{
	struct wft_error drop = mk(WFT_ERR_NETWORK, 0, false);
	struct wft_error io = mk(WFT_ERR_IO, 0, false);
	struct wft_error esc = mk(WFT_ERR_CANCELLED, 0, false);
	(void)state;
	assert_int_equal(wft_outcome_of(&drop), WFT_OUTCOME_UNCONFIRMED);
	assert_int_equal(wft_outcome_of(&io), WFT_OUTCOME_UNCONFIRMED);
	assert_int_equal(wft_outcome_of(&esc), WFT_OUTCOME_UNCONFIRMED);
}

static void not_sent_is_refused(void **state)
{
	struct wft_error inv = mk(WFT_ERR_INVALID, 0, false);
	struct wft_error auth = mk(WFT_ERR_AUTH, 0, false);
	(void)state;
	assert_int_equal(wft_outcome_of(&inv), WFT_OUTCOME_REFUSED);
	assert_int_equal(wft_outcome_of(&auth), WFT_OUTCOME_REFUSED);
}

static void readable_refusals_are_refused_but_404(void **state)
{
	static const int refused[] = { 400, 401, 403, 409, 429, 500, 502, 503 };
	(void)state;
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		struct wft_error e = mk(refused[i] == 401 ? WFT_ERR_AUTH : WFT_ERR_HTTP,
		                        refused[i], false);
		assert_int_equal(wft_outcome_of(&e), WFT_OUTCOME_REFUSED);
	}
	struct wft_error nf = mk(WFT_ERR_HTTP, 404, false);
	assert_int_equal(wft_outcome_of(&nf), WFT_OUTCOME_UNCONFIRMED);
}

static void unreadable_refusal_is_unconfirmed(void **state)
{
	struct wft_error gw = mk(WFT_ERR_HTTP, 502, true);
	struct wft_error odd = mk(WFT_ERR_HTTP, 302, false);
	(void)state;
	assert_int_equal(wft_outcome_of(&gw), WFT_OUTCOME_UNCONFIRMED);
	assert_int_equal(wft_outcome_of(&odd), WFT_OUTCOME_UNCONFIRMED);
}

static void error_set_resets_unread(void **state)
{
	struct wft_error e = mk(WFT_ERR_HTTP, 502, true);
	(void)state;
	wft_error_set(&e, WFT_ERR_HTTP, "again");
	assert_false(e.body_unread);
}

static void readback_verdicts(void **state)
{
	struct wft_error ok = mk(WFT_OK, 200, false);
	struct wft_error gone = mk(WFT_ERR_HTTP, 404, false);
	struct wft_error gone_html = mk(WFT_ERR_HTTP, 404, true);
	struct wft_error busy = mk(WFT_ERR_HTTP, 503, false);
	struct wft_error drop = mk(WFT_ERR_NETWORK, 0, false);
	struct wft_error junk = mk(WFT_ERR_PARSE, 200, true);
	(void)state;
	assert_int_equal(wft_outcome_read(NULL), WFT_READ_PRESENT);
	assert_int_equal(wft_outcome_read(&ok), WFT_READ_PRESENT);
	assert_int_equal(wft_outcome_read(&gone), WFT_READ_ABSENT);
	assert_int_equal(wft_outcome_read(&gone_html), WFT_READ_UNKNOWN);
	assert_int_equal(wft_outcome_read(&busy), WFT_READ_UNKNOWN);
	assert_int_equal(wft_outcome_read(&drop), WFT_READ_UNKNOWN);
	assert_int_equal(wft_outcome_read(&junk), WFT_READ_UNKNOWN);
}

static void settle_verdicts(void **state)
{
	(void)state;
	/* A revoke: gone is done, still there is not done. */
	assert_int_equal(wft_outcome_settle(WFT_READ_ABSENT, true), WFT_SETTLED_DONE);
	assert_int_equal(wft_outcome_settle(WFT_READ_PRESENT, false), WFT_SETTLED_NOT_DONE);
	/* A rename: present with the new name is done. */
	assert_int_equal(wft_outcome_settle(WFT_READ_PRESENT, true), WFT_SETTLED_DONE);
	assert_int_equal(wft_outcome_settle(WFT_READ_UNKNOWN, true), WFT_SETTLED_UNKNOWN);
	assert_int_equal(wft_outcome_settle(WFT_READ_UNKNOWN, false), WFT_SETTLED_UNKNOWN);
}

static bool readable(const char *s)
{
	return wft_outcome_refusal_readable(s, strlen(s));
}

static void refusal_bodies(void **state)
{
	(void)state;
	assert_true(readable("{\"status\":{\"result\":\"ERROR\",\"message\":\"no\",\"code\":409}}"));
	assert_true(readable("{\"status\":{\"result\":\"ERROR\",\"message\":\"no\",\"code\":409}}\n"));
	assert_true(readable("{\"message\":\"invalid grant\",\"statusCode\":400}"));
	assert_true(readable("{\"error\":\"invalid_grant\"}"));
	assert_false(readable(""));
	assert_false(readable("<html><body><h1>502 Bad Gateway</h1></body></html>\n"));
	assert_false(readable("{\"status\":{\"result\":\"ERROR\",\"mess"));
	assert_false(readable("{\"status\":{\"result\":\"OK\"},\"response\":{}}"));
	assert_false(readable("{\"message\":\"x\"} trailing"));
	assert_false(readable("[\"message\"]"));
	assert_false(wft_outcome_refusal_readable(NULL, 3));
}

static void names(void **state)
{
	(void)state;
	assert_string_equal(wft_outcome_name(WFT_OUTCOME_DONE), "done");
	assert_string_equal(wft_outcome_name(WFT_OUTCOME_DONE_UNREAD), "done, answer unreadable");
	assert_string_equal(wft_outcome_name(WFT_OUTCOME_REFUSED), "refused");
	assert_string_equal(wft_outcome_name(WFT_OUTCOME_UNCONFIRMED), "not confirmed");
}

/* The words the console and the subcommands share for an account's and a
 * saved search's change. */
static void shared_words(void **state)
{
	char b[256];
	(void)state;
	assert_string_equal(wft_outcome_acct_verb(WFT_ACCT_DEACTIVATE), "deactivated");
	assert_string_equal(wft_outcome_acct_verb(WFT_ACCT_CREATE), "created");
	assert_true(wft_outcome_acct_shows(WFT_ACCT_DELETE, WFT_READ_ABSENT, false));
	assert_false(wft_outcome_acct_shows(WFT_ACCT_DELETE, WFT_READ_PRESENT, false));
	assert_true(wft_outcome_acct_shows(WFT_ACCT_CREATE, WFT_READ_PRESENT, false));
	assert_true(wft_outcome_acct_shows(WFT_ACCT_ACTIVATE, WFT_READ_PRESENT, true));
	assert_false(wft_outcome_acct_shows(WFT_ACCT_ACTIVATE, WFT_READ_PRESENT, false));
	assert_false(wft_outcome_acct_shows(WFT_ACCT_DEACTIVATE, WFT_READ_UNKNOWN, false));
	assert_string_equal(wft_outcome_acct_not_done(WFT_ACCT_DEACTIVATE, "sa::x", WFT_READ_PRESENT,
	                                              true, "gone (404)", b, sizeof b),
	                    "sa::x is still active (the answer was: gone (404))");
	wft_outcome_acct_not_done(WFT_ACCT_DELETE, "sa::x", WFT_READ_PRESENT, false, "e", b, sizeof b);
	assert_string_equal(b, "sa::x still exists (the answer was: e)");
	wft_outcome_acct_not_done(WFT_ACCT_CREATE, "sa::x", WFT_READ_ABSENT, false, "e", b, sizeof b);
	assert_string_equal(b, "sa::x does not exist (the answer was: e)");
	assert_string_equal(wft_outcome_saved_not_done(true, "Stale", "e", b, sizeof b),
	                    "\"Stale\" is still on the server (the answer was: e)");
	assert_string_equal(wft_outcome_saved_not_done(false, "Stale", "e", b, sizeof b),
	                    "\"Stale\" is not on the server (the answer was: e)");
	assert_string_equal(wft_outcome_read_back("dropped", b, sizeof b),
	                    "read back; the answer was: dropped");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(success_is_done),
		cmocka_unit_test(unreadable_2xx_is_done_unread),
		cmocka_unit_test(no_answer_is_unconfirmed),
		cmocka_unit_test(not_sent_is_refused),
		cmocka_unit_test(readable_refusals_are_refused_but_404),
		cmocka_unit_test(unreadable_refusal_is_unconfirmed),
		cmocka_unit_test(error_set_resets_unread),
		cmocka_unit_test(readback_verdicts),
		cmocka_unit_test(settle_verdicts),
		cmocka_unit_test(refusal_bodies),
		cmocka_unit_test(names),
		cmocka_unit_test(shared_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
