# src/client.mk: the client part of libwft and its tests (see the header of each file).
src_libwft_a_SOURCES += \
	src/http.c src/http.h

check_PROGRAMS += tests/unit/test_http
TESTS += tests/unit/test_http
tests_unit_test_http_CFLAGS = $(TEST_CFLAGS) $(CURL_CFLAGS)
tests_unit_test_http_SOURCES = tests/unit/test_http.c
tests_unit_test_http_LDADD = $(TEST_LIBS)
