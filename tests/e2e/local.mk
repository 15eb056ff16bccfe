# tests/e2e/local.mk: the screen tests, the console in script mode against a
# sandbox (helpers in e2e.sh), and in a real terminal through tmux (tmux.sh).
E2E_SH_TESTS = \
	tests/e2e/test_accounts.sh \
	tests/e2e/test_accounts_page.sh \
	tests/e2e/test_accounts_ro.sh \
	tests/e2e/test_capacity.sh \
	tests/e2e/test_cli_accounts.sh \
	tests/e2e/test_cli_completion.sh \
	tests/e2e/test_cli_names.sh \
	tests/e2e/test_cli_expiry.sh \
	tests/e2e/test_cli_generate.sh \
	tests/e2e/test_cli_journal.sh \
	tests/e2e/test_cli_rename.sh \
	tests/e2e/test_cli_revoke.sh \
	tests/e2e/test_cli_saved.sh \
	tests/e2e/test_cli_whoami.sh \
	tests/e2e/test_csp_faults.sh \
	tests/e2e/test_csp_org.sh \
	tests/e2e/test_csp_tab.sh \
	tests/e2e/test_console_browse.sh \
	tests/e2e/test_console_change.sh \
	tests/e2e/test_console_keys.sh \
	tests/e2e/test_console_term.sh \
	tests/e2e/test_console_tmux.sh \
	tests/e2e/test_dry_run.sh \
	tests/e2e/test_export.sh \
	tests/e2e/test_journal_console.sh \
	tests/e2e/test_first_screen.sh \
	tests/e2e/test_list.sh \
	tests/e2e/test_list_skipped.sh \
	tests/e2e/test_manpage.sh \
	tests/e2e/test_mine.sh \
	tests/e2e/test_onboarded.sh \
	tests/e2e/test_outcomes.sh \
	tests/e2e/test_partial_list.sh \
	tests/e2e/test_qa_term.sh \
	tests/e2e/test_rotate.sh \
	tests/e2e/test_saved_searches.sh \
	tests/e2e/test_saved_searches_ro.sh \
	tests/e2e/test_secrets.sh \
	tests/e2e/test_server_browse.sh \
	tests/e2e/test_server_change.sh \
	tests/e2e/test_server_search.sh \
	tests/e2e/test_server_tmux.sh \
	tests/e2e/test_server_trust.sh \
	tests/e2e/test_since.sh \
	tests/e2e/test_since_large.sh \
	tests/e2e/test_since_partial.sh \
	tests/e2e/test_theme.sh \
	tests/e2e/test_theme_swatch.sh \
	tests/e2e/test_tmux_clipboard.sh \
	tests/e2e/test_tmux_sweep.sh \
	tests/e2e/test_trust.sh \
	tests/e2e/test_unconfirmed.sh \
	tests/e2e/test_undo.sh \
	tests/e2e/test_undo_dialog.sh
TESTS += $(E2E_SH_TESTS)
EXTRA_DIST += $(E2E_SH_TESTS) tests/e2e/e2e.sh tests/e2e/tmux.sh tests/e2e/outcomes.sh tests/e2e/cli.sh tests/e2e/csp.sh \
	tests/e2e/sgr.awk

# Helper programs of the screen tests. fixed_answer: an HTTP server with one
# fixed answer (tokens without ids, for tolerant decoding).
check_PROGRAMS += tests/e2e/fixed_answer
# theme_swatch: a screen of every element in a theme, read back through tmux
# by test_theme_swatch.sh (escape sequences per TERM and NO_COLOR).
check_PROGRAMS += tests/e2e/theme_swatch
tests_e2e_theme_swatch_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) -I$(top_srcdir)/tui
tests_e2e_theme_swatch_SOURCES = tests/e2e/theme_swatch.c tui/colors.c tui/colors.h
tests_e2e_theme_swatch_LDADD = $(LDADD) $(NCURSES_LIBS)

# The outcome of every change under injected faults: a short form in make
# check, the whole matrix (every change x every fault) with `make check-faults`.
check-faults:
	WFT_FULL_MATRIX=1 $(MAKE) $(AM_MAKEFLAGS) check TESTS=tests/e2e/test_outcomes.sh
.PHONY: check-faults
