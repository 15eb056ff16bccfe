# src/query.mk: the query part of libwft and its tests (see the header of each file).
src_libwft_a_SOURCES += \
	src/tokenset.c src/tokenset.h \
	src/query.c src/query.h \
	src/view.c src/view.h \
	src/savedquery.c src/savedquery.h \
	src/listing.c src/listing.h

QUERY_TESTS = tests/unit/test_tokenset tests/unit/test_query tests/unit/test_view \
	tests/unit/test_savedquery tests/unit/test_listing
check_PROGRAMS += $(QUERY_TESTS)
TESTS += $(QUERY_TESTS)
tests_unit_test_tokenset_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_tokenset_SOURCES = tests/unit/test_tokenset.c
tests_unit_test_tokenset_LDADD = $(TEST_LIBS)
tests_unit_test_query_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_query_SOURCES = tests/unit/test_query.c
tests_unit_test_query_LDADD = $(TEST_LIBS)
tests_unit_test_view_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_view_SOURCES = tests/unit/test_view.c
tests_unit_test_view_LDADD = $(TEST_LIBS)
tests_unit_test_savedquery_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_savedquery_SOURCES = tests/unit/test_savedquery.c
tests_unit_test_savedquery_LDADD = $(TEST_LIBS)
tests_unit_test_listing_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_listing_SOURCES = tests/unit/test_listing.c
tests_unit_test_listing_LDADD = $(TEST_LIBS)

# Fuzz targets: a short run in make check, libFuzzer binaries for make fuzz.
check_PROGRAMS += tests/fuzz/check_query tests/fuzz/check_tokenset
TESTS += tests/fuzz/check_query tests/fuzz/check_tokenset
tests_fuzz_check_query_SOURCES = tests/fuzz/fuzz_query.c $(FUZZ_DRIVER)
tests_fuzz_check_query_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"query"'
tests_fuzz_check_query_LDADD = $(WFT_LIBS)
tests_fuzz_check_tokenset_SOURCES = tests/fuzz/fuzz_tokenset.c $(FUZZ_DRIVER)
tests_fuzz_check_tokenset_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"tokenset"'
tests_fuzz_check_tokenset_LDADD = $(WFT_LIBS)
EXTRA_PROGRAMS += tests/fuzz/fuzz_query tests/fuzz/fuzz_tokenset
FUZZ_BINARIES += tests/fuzz/fuzz_query$(EXEEXT) tests/fuzz/fuzz_tokenset$(EXEEXT)
tests_fuzz_fuzz_query_SOURCES = tests/fuzz/fuzz_query.c
tests_fuzz_fuzz_query_LDFLAGS = $(AM_LDFLAGS) $(LIBFUZZER_FLAGS)
tests_fuzz_fuzz_query_LDADD = $(WFT_LIBS)
tests_fuzz_fuzz_tokenset_SOURCES = tests/fuzz/fuzz_tokenset.c
tests_fuzz_fuzz_tokenset_LDFLAGS = $(AM_LDFLAGS) $(LIBFUZZER_FLAGS)
tests_fuzz_fuzz_tokenset_LDADD = $(WFT_LIBS)

# `make bench`: figures for the query engine, built with -O2 (its own
# objects of the engine), not run by make check.
EXTRA_PROGRAMS += tests/bench/bench_query
tests_bench_bench_query_SOURCES = tests/bench/bench_query.c \
	src/tokenset.c src/query.c src/view.c
tests_bench_bench_query_CFLAGS = $(src_libwft_a_CFLAGS) -O2
tests_bench_bench_query_LDADD = $(WFT_LIBS)
bench: tests/bench/bench_query$(EXEEXT)
	$(builddir)/tests/bench/bench_query $(BENCH_SIZES)
.PHONY: bench
