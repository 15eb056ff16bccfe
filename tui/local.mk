# tui/local.mk: the console, and the terminal-free helpers it adds to libwft.
src_libwft_a_SOURCES += \
	src/lineedit.c src/lineedit.h \
	src/textwidth.c src/textwidth.h \
	src/timefmt.c src/timefmt.h \
	src/msglog.c src/msglog.h \
	src/complete.c src/complete.h

bin_PROGRAMS += wftokens
wftokens_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
wftokens_SOURCES = tui/main.c tui/wftokens.h tui/actions.h tui/keys.c tui/keys.h \
	tui/ui.c tui/ui.h tui/tokens_page.c tui/session.c tui/session.h tui/list.c
EXTRA_DIST += tui/wftokens.1.in

# The man page's key table comes from the action table, so they never drift.
man_MANS = wftokens.1
CLEANFILES += wftokens.1
wftokens.1: tui/wftokens.1.in wftokens$(EXEEXT)
	$(AM_V_GEN)./wftokens$(EXEEXT) --dump-actions > $@.keys && \
	sed -e '/^@KEYS@$$/{r $@.keys' -e 'd;}' $(srcdir)/tui/wftokens.1.in > $@.tmp && \
	rm -f $@.keys && mv $@.tmp $@
all-local: wftokens.1
wftokens_LDADD = $(SANDBOX_LIBS) $(WFT_LIBS) $(NCURSES_LIBS)

check_PROGRAMS += tests/unit/test_lineedit tests/unit/test_textwidth tests/unit/test_timefmt \
	tests/unit/test_msglog
TESTS += tests/unit/test_lineedit tests/unit/test_textwidth tests/unit/test_timefmt \
	tests/unit/test_msglog
check_PROGRAMS += tests/unit/test_complete
TESTS += tests/unit/test_complete
tests_unit_test_complete_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_complete_SOURCES = tests/unit/test_complete.c
tests_unit_test_complete_LDADD = $(TEST_LIBS)
tests_unit_test_msglog_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_msglog_SOURCES = tests/unit/test_msglog.c
tests_unit_test_msglog_LDADD = $(TEST_LIBS)
tests_unit_test_lineedit_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_lineedit_SOURCES = tests/unit/test_lineedit.c
tests_unit_test_lineedit_LDADD = $(TEST_LIBS)
tests_unit_test_textwidth_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_textwidth_SOURCES = tests/unit/test_textwidth.c
tests_unit_test_textwidth_LDADD = $(TEST_LIBS)
tests_unit_test_timefmt_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_timefmt_SOURCES = tests/unit/test_timefmt.c
tests_unit_test_timefmt_LDADD = $(TEST_LIBS)
wftokens_SOURCES += tui/colors.c tui/colors.h

TESTS += tests/e2e/test_manpage.sh
EXTRA_DIST += tests/e2e/test_manpage.sh

# Screen tests: the console in script mode against a sandbox.
TESTS += tests/e2e/test_console_browse.sh tests/e2e/test_console_change.sh tests/e2e/test_list.sh \
	tests/e2e/test_console_tmux.sh tests/e2e/test_console_keys.sh tests/e2e/test_console_term.sh \
	tests/e2e/test_theme.sh tests/e2e/test_trust.sh tests/e2e/test_tmux_clipboard.sh
EXTRA_DIST += tests/e2e/test_trust.sh tests/e2e/test_tmux_clipboard.sh
EXTRA_DIST += tests/e2e/e2e.sh tests/e2e/tmux.sh tests/e2e/test_console_browse.sh tests/e2e/test_console_change.sh \
	tests/e2e/test_list.sh tests/e2e/test_console_tmux.sh tests/e2e/test_console_keys.sh tests/e2e/test_console_term.sh \
	tests/e2e/test_theme.sh

# Service accounts (issue 7): the clipboard sequence and the 0600 file in
# libwft, with their unit tests.
src_libwft_a_SOURCES += src/osc52.c src/osc52.h src/secretfile.c src/secretfile.h \
	src/tmuxclip.c src/tmuxclip.h
check_PROGRAMS += tests/unit/test_osc52 tests/unit/test_secretfile
TESTS += tests/unit/test_osc52 tests/unit/test_secretfile
tests_unit_test_osc52_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_osc52_SOURCES = tests/unit/test_osc52.c
tests_unit_test_osc52_LDADD = $(TEST_LIBS)
tests_unit_test_secretfile_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_secretfile_SOURCES = tests/unit/test_secretfile.c tests/unit/tmpdir.h
tests_unit_test_secretfile_LDADD = $(TEST_LIBS)
# The Service Accounts tab, its dialog and the new-token hand-over.
src_libwft_a_SOURCES += src/sacheck.c src/sacheck.h
check_PROGRAMS += tests/unit/test_sacheck
TESTS += tests/unit/test_sacheck
tests_unit_test_sacheck_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sacheck_SOURCES = tests/unit/test_sacheck.c
tests_unit_test_sacheck_LDADD = $(TEST_LIBS)
wftokens_SOURCES += tui/accounts.h tui/accounts_page.c tui/account_dialog.c tui/newtoken_dialog.c

# Saved searches (issue 8): the state directory, the search history and the
# local saved-search store in libwft, with their unit tests.
src_libwft_a_SOURCES += src/statefile.c src/statefile.h src/history.c src/history.h \
	src/localsearch.c src/localsearch.h
src_libwft_a_SOURCES += src/searchlist.c src/searchlist.h
check_PROGRAMS += tests/unit/test_searchlist
TESTS += tests/unit/test_searchlist
tests_unit_test_searchlist_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_searchlist_SOURCES = tests/unit/test_searchlist.c
tests_unit_test_searchlist_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/unit/test_statefile tests/unit/test_history tests/unit/test_localsearch
TESTS += tests/unit/test_statefile tests/unit/test_history tests/unit/test_localsearch
tests_unit_test_statefile_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_statefile_SOURCES = tests/unit/test_statefile.c tests/unit/tmpdir.h
tests_unit_test_statefile_LDADD = $(TEST_LIBS)
tests_unit_test_history_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_history_SOURCES = tests/unit/test_history.c tests/unit/tmpdir.h
tests_unit_test_history_LDADD = $(TEST_LIBS)
tests_unit_test_localsearch_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_localsearch_SOURCES = tests/unit/test_localsearch.c tests/unit/tmpdir.h
tests_unit_test_localsearch_LDADD = $(TEST_LIBS)
TESTS += tests/e2e/test_accounts.sh tests/e2e/test_accounts_ro.sh tests/e2e/test_accounts_page.sh
EXTRA_DIST += tests/e2e/test_accounts.sh tests/e2e/test_accounts_ro.sh tests/e2e/test_accounts_page.sh
wftokens_SOURCES += tui/saved_searches.c tui/saved_searches.h
TESTS += tests/e2e/test_saved_searches.sh tests/e2e/test_saved_searches_ro.sh
EXTRA_DIST += tests/e2e/test_saved_searches.sh tests/e2e/test_saved_searches_ro.sh
# Robustness (QA): changes that end unconfirmed, hostile names, terminals.
TESTS += tests/e2e/test_unconfirmed.sh tests/e2e/test_secrets.sh tests/e2e/test_qa_term.sh
EXTRA_DIST += tests/e2e/test_unconfirmed.sh tests/e2e/test_secrets.sh tests/e2e/test_qa_term.sh
# The outcome of every change under injected faults: a short form here, the
# whole matrix (every change x every fault) with `make check-faults`.
TESTS += tests/e2e/test_onboarded.sh
EXTRA_DIST += tests/e2e/test_onboarded.sh
TESTS += tests/e2e/test_outcomes.sh
EXTRA_DIST += tests/e2e/test_outcomes.sh tests/e2e/outcomes.sh doc/outcomes.md
check-faults:
	WFT_FULL_MATRIX=1 $(MAKE) $(AM_MAKEFLAGS) check TESTS=tests/e2e/test_outcomes.sh
.PHONY: check-faults

# The search-bar figure (not a test): `make bench-console`.
EXTRA_DIST += tests/bench/console_search.sh
bench-console: wftokens$(EXEEXT)
	top_builddir=. $(SHELL) $(srcdir)/tests/bench/console_search.sh
.PHONY: bench-console

# Tolerant decoding: a fixed answer holding tokens without ids, listed.
check_PROGRAMS += tests/e2e/fixed_answer
tests_e2e_fixed_answer_CFLAGS = $(AM_CFLAGS) $(MHD_CFLAGS)
tests_e2e_fixed_answer_SOURCES = tests/e2e/fixed_answer.c
tests_e2e_fixed_answer_LDADD = $(MHD_LIBS)
TESTS += tests/e2e/test_list_skipped.sh
EXTRA_DIST += tests/e2e/test_list_skipped.sh

# The subcommands for scripts (revoke, rename, generate): curses-free.
wftokens_SOURCES += tui/cli.c tui/cli.h tui/cli_tokens.c
TESTS += tests/e2e/test_cli_revoke.sh
EXTRA_DIST += tests/e2e/cli.sh tests/e2e/test_cli_revoke.sh
TESTS += tests/e2e/test_cli_rename.sh
EXTRA_DIST += tests/e2e/test_cli_rename.sh
TESTS += tests/e2e/test_cli_generate.sh
EXTRA_DIST += tests/e2e/test_cli_generate.sh
TESTS += tests/e2e/test_cli_completion.sh
EXTRA_DIST += tests/e2e/test_cli_completion.sh
TESTS += tests/e2e/test_cli_whoami.sh
EXTRA_DIST += tests/e2e/test_cli_whoami.sh

# The safety net: the journal of every change (libwft, unit-tested), the
# undo window for revokes, and --dry-run.
src_libwft_a_SOURCES += src/journal.c src/journal.h
wftokens_SOURCES += tui/journal_cmd.c
check_PROGRAMS += tests/unit/test_journal
TESTS += tests/unit/test_journal
tests_unit_test_journal_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_journal_SOURCES = tests/unit/test_journal.c tests/unit/tmpdir.h
tests_unit_test_journal_LDADD = $(TEST_LIBS)
TESTS += tests/e2e/test_undo.sh
EXTRA_DIST += tests/e2e/test_undo.sh
TESTS += tests/e2e/test_dry_run.sh
EXTRA_DIST += tests/e2e/test_dry_run.sh
