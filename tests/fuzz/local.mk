# tests/fuzz/local.mk: the fuzz targets' shared parts. Each target
# tests/fuzz/fuzz_NAME.c (with a corpus in tests/fuzz/corpus/NAME/) is built
# twice, in the fragment of the part it tests:
#   - tests/fuzz/check_NAME, with driver.c, run by `make check` (a short run);
#   - tests/fuzz/fuzz_NAME, a real libFuzzer binary, when configured with
#     CC=clang --enable-fuzzing (`make fuzz` builds them; run them by hand).
EXTRA_DIST += tests/fuzz/corpus
FUZZ_DRIVER = tests/fuzz/driver.c
LIBFUZZER_FLAGS = -fsanitize=fuzzer

# A target's fragment adds, for NAME:
#   check_PROGRAMS += tests/fuzz/check_NAME
#   TESTS += tests/fuzz/check_NAME
#   tests_fuzz_check_NAME_SOURCES = tests/fuzz/fuzz_NAME.c $(FUZZ_DRIVER)
#   tests_fuzz_check_NAME_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"NAME"'
#   tests_fuzz_check_NAME_LDADD = $(WFT_LIBS)
#   EXTRA_PROGRAMS += tests/fuzz/fuzz_NAME
#   FUZZ_BINARIES += tests/fuzz/fuzz_NAME$(EXEEXT)
#   tests_fuzz_fuzz_NAME_SOURCES = tests/fuzz/fuzz_NAME.c
#   tests_fuzz_fuzz_NAME_LDFLAGS = $(AM_LDFLAGS) $(LIBFUZZER_FLAGS)
#   tests_fuzz_fuzz_NAME_LDADD = $(WFT_LIBS)
