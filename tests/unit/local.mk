# tests/unit/local.mk: the unit tests (cmocka), one program per module of
# libwft, each linked with the global LDADD. Add a test by its name here.
UNIT_TESTS = \
	tests/unit/test_apimodel \
	tests/unit/test_auth \
	tests/unit/test_call \
	tests/unit/test_complete \
	tests/unit/test_config \
	tests/unit/test_csp_roles \
	tests/unit/test_fingerprint \
	tests/unit/test_history \
	tests/unit/test_http \
	tests/unit/test_journal \
	tests/unit/test_lineedit \
	tests/unit/test_listwrite \
	tests/unit/test_localsearch \
	tests/unit/test_mask \
	tests/unit/test_model \
	tests/unit/test_msglog \
	tests/unit/test_namecache \
	tests/unit/test_osc52 \
	tests/unit/test_outcome \
	tests/unit/test_query \
	tests/unit/test_rotation \
	tests/unit/test_sacheck \
	tests/unit/test_savedquery \
	tests/unit/test_savedlist \
	tests/unit/test_serverquery \
	tests/unit/test_secretfile \
	tests/unit/test_stalest \
	tests/unit/test_statefile \
	tests/unit/test_textwidth \
	tests/unit/test_theme \
	tests/unit/test_timefmt \
	tests/unit/test_tokenset \
	tests/unit/test_uuid \
	tests/unit/test_view \
	tests/unit/test_viewexport
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
EXTRA_DIST += tests/unit/tmpdir.h

# tui/colors.c tested on real terminal descriptions, the screen going to
# /dev/null: the one unit test of a tui/ file, so it names its sources.
check_PROGRAMS += tests/unit/test_colors
TESTS += tests/unit/test_colors
tests_unit_test_colors_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) -I$(top_srcdir)/tui
tests_unit_test_colors_SOURCES = tests/unit/test_colors.c tui/colors.c tui/colors.h
tests_unit_test_colors_LDADD = $(LDADD) $(NCURSES_LIBS)

# tui/widgets.c, the widget kit, drawn on a screen that goes to /dev/null
# and read back.
check_PROGRAMS += tests/unit/test_widgets
TESTS += tests/unit/test_widgets
tests_unit_test_widgets_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) -I$(top_srcdir)/tui
tests_unit_test_widgets_SOURCES = tests/unit/test_widgets.c tui/widgets.c tui/widgets.h
tests_unit_test_widgets_LDADD = $(LDADD) $(NCURSES_LIBS)

# tui/overlay.c, the overlay stack: no terminal needed.
check_PROGRAMS += tests/unit/test_overlay
TESTS += tests/unit/test_overlay
tests_unit_test_overlay_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/tui
tests_unit_test_overlay_SOURCES = tests/unit/test_overlay.c tui/overlay.c tui/overlay.h

# tui/revoke_hold.c, the undo window, on a clock the test moves: no
# terminal (the question is never drawn).
check_PROGRAMS += tests/unit/test_revoke_hold
TESTS += tests/unit/test_revoke_hold
tests_unit_test_revoke_hold_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) -I$(top_srcdir)/tui
tests_unit_test_revoke_hold_SOURCES = tests/unit/test_revoke_hold.c tui/revoke_hold.c \
	tui/revoke_hold.h tui/overlay.c tui/overlay.h
tests_unit_test_revoke_hold_LDADD = $(LDADD) $(NCURSES_LIBS)
