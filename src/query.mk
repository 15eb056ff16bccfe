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
