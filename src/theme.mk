# src/theme.mk: the theme part of libwft and its tests (see the header of each file).
src_libwft_a_SOURCES += src/theme.c src/theme.h

include $(srcdir)/themes/local.mk

check_PROGRAMS += tests/unit/test_theme
TESTS += tests/unit/test_theme
tests_unit_test_theme_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_theme_SOURCES = tests/unit/test_theme.c
tests_unit_test_theme_LDADD = $(TEST_LIBS)

# tui/colors.c (linked into wftokens by tui/local.mk) tested on real terminal
# descriptions, the screen going to /dev/null.
check_PROGRAMS += tests/unit/test_colors
TESTS += tests/unit/test_colors
tests_unit_test_colors_CFLAGS = $(TEST_CFLAGS) $(NCURSES_CFLAGS) -I$(top_srcdir)/tui
tests_unit_test_colors_SOURCES = tests/unit/test_colors.c tui/colors.c tui/colors.h
tests_unit_test_colors_LDADD = $(TEST_LIBS) $(NCURSES_LIBS)

check_PROGRAMS += tests/fuzz/check_theme
TESTS += tests/fuzz/check_theme
tests_fuzz_check_theme_SOURCES = tests/fuzz/fuzz_theme.c $(FUZZ_DRIVER)
tests_fuzz_check_theme_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"theme"'
tests_fuzz_check_theme_LDADD = $(WFT_LIBS)
EXTRA_PROGRAMS += tests/fuzz/fuzz_theme
FUZZ_BINARIES += tests/fuzz/fuzz_theme$(EXEEXT)
tests_fuzz_fuzz_theme_SOURCES = tests/fuzz/fuzz_theme.c
tests_fuzz_fuzz_theme_LDFLAGS = $(AM_LDFLAGS) $(LIBFUZZER_FLAGS)
tests_fuzz_fuzz_theme_LDADD = $(WFT_LIBS)

# A screen of every element in a theme, read back through tmux by
# tests/e2e/test_theme_swatch.sh (escape sequences per TERM and NO_COLOR).
check_PROGRAMS += tests/e2e/theme_swatch
tests_e2e_theme_swatch_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) -I$(top_srcdir)/tui
tests_e2e_theme_swatch_SOURCES = tests/e2e/theme_swatch.c tui/colors.c tui/colors.h
tests_e2e_theme_swatch_LDADD = $(WFT_LIBS) $(NCURSES_LIBS)
TESTS += tests/e2e/test_theme_swatch.sh
EXTRA_DIST += tests/e2e/test_theme_swatch.sh tests/e2e/sgr.awk
