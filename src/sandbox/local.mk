# src/sandbox/local.mk: the API emulator, as a library (for --demo and the
# tests) and as the program wftokens-sandbox; its tests, fixture and fuzz target.
noinst_LIBRARIES += src/sandbox/libwftsandbox.a
src_sandbox_libwftsandbox_a_CFLAGS = $(AM_CFLAGS) $(MHD_CFLAGS) $(SQLITE_CFLAGS) $(JSONC_CFLAGS)
src_sandbox_libwftsandbox_a_SOURCES = \
	src/sandbox/sandbox.c src/sandbox/sandbox.h \
	src/sandbox/internal.h \
	src/sandbox/api.c \
	src/sandbox/search.c \
	src/sandbox/saved.c \
	src/sandbox/csp.c \
	src/sandbox/csp_admin.c \
	src/sandbox/store.c \
	src/sandbox/seed.c \
	src/sandbox/body.c src/sandbox/body.h \
	src/sandbox/faults.c src/sandbox/faults.h \
	src/sandbox/jsonw.c src/sandbox/jsonw.h

bin_PROGRAMS += wftokens-sandbox
wftokens_sandbox_CFLAGS = $(AM_CFLAGS)
wftokens_sandbox_SOURCES = src/sandbox/main.c
wftokens_sandbox_LDADD = $(SANDBOX_LIBS) $(WFT_LIBS)

# The fixture other parts' API tests link: an in-process sandbox and a
# blocking client. Link with $(SANDBOX_FIXTURE_LIBS) $(WFT_LIBS).
noinst_LIBRARIES += tests/api/libsandboxfixture.a
tests_api_libsandboxfixture_a_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS) $(JSONC_CFLAGS)
tests_api_libsandboxfixture_a_SOURCES = tests/api/sandbox_fixture.c tests/api/sandbox_fixture.h
SANDBOX_FIXTURE_LIBS = tests/api/libsandboxfixture.a $(SANDBOX_LIBS)
SANDBOX_TEST_LIBS = $(SANDBOX_FIXTURE_LIBS) $(TEST_LIBS)

check_PROGRAMS += tests/api/test_sandbox
TESTS += tests/api/test_sandbox
tests_api_test_sandbox_CFLAGS = $(TEST_CFLAGS)
tests_api_test_sandbox_SOURCES = tests/api/test_sandbox.c
tests_api_test_sandbox_LDADD = $(SANDBOX_TEST_LIBS)

check_PROGRAMS += tests/api/test_sandbox_more
TESTS += tests/api/test_sandbox_more
tests_api_test_sandbox_more_CFLAGS = $(TEST_CFLAGS) $(CURL_CFLAGS)
tests_api_test_sandbox_more_SOURCES = tests/api/test_sandbox_more.c
tests_api_test_sandbox_more_LDADD = $(SANDBOX_TEST_LIBS)

TESTS += tests/api/test_sandbox_cli.sh tests/api/test_sandbox_durability.sh
EXTRA_DIST += doc/sandbox.md doc/csp.md
EXTRA_DIST += tests/api/test_sandbox_cli.sh tests/api/test_sandbox_durability.sh

check_PROGRAMS += tests/api/test_sandbox_strict
TESTS += tests/api/test_sandbox_strict
tests_api_test_sandbox_strict_CFLAGS = $(TEST_CFLAGS)
tests_api_test_sandbox_strict_SOURCES = tests/api/test_sandbox_strict.c
tests_api_test_sandbox_strict_LDADD = $(SANDBOX_TEST_LIBS)

check_PROGRAMS += tests/api/test_sandbox_concurrency
TESTS += tests/api/test_sandbox_concurrency
tests_api_test_sandbox_concurrency_CFLAGS = $(TEST_CFLAGS)
tests_api_test_sandbox_concurrency_SOURCES = tests/api/test_sandbox_concurrency.c
tests_api_test_sandbox_concurrency_LDADD = $(SANDBOX_TEST_LIBS)

# Fuzz target over request-body decoding.
check_PROGRAMS += tests/fuzz/check_sandbox_body
TESTS += tests/fuzz/check_sandbox_body
tests_fuzz_check_sandbox_body_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
tests_fuzz_check_sandbox_body_SOURCES = tests/fuzz/fuzz_sandbox_body.c $(FUZZ_DRIVER)
tests_fuzz_check_sandbox_body_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"sandbox_body"'
tests_fuzz_check_sandbox_body_LDADD = $(SANDBOX_LIBS) $(WFT_LIBS)
EXTRA_PROGRAMS += tests/fuzz/fuzz_sandbox_body
FUZZ_BINARIES += tests/fuzz/fuzz_sandbox_body$(EXEEXT)
tests_fuzz_fuzz_sandbox_body_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
tests_fuzz_fuzz_sandbox_body_SOURCES = tests/fuzz/fuzz_sandbox_body.c
tests_fuzz_fuzz_sandbox_body_LDFLAGS = $(AM_LDFLAGS) $(LIBFUZZER_FLAGS)
tests_fuzz_fuzz_sandbox_body_LDADD = $(SANDBOX_LIBS) $(WFT_LIBS)

# Load driver (figures, not a test): `make bench-sandbox`.
EXTRA_PROGRAMS += tests/bench/sandbox_bench
tests_bench_sandbox_bench_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS) $(JSONC_CFLAGS)
tests_bench_sandbox_bench_SOURCES = tests/bench/sandbox_bench.c
tests_bench_sandbox_bench_LDADD = $(SANDBOX_FIXTURE_LIBS) $(WFT_LIBS)
CLEANFILES += tests/bench/sandbox_bench$(EXEEXT)
bench-sandbox: tests/bench/sandbox_bench$(EXEEXT)
	tests/bench/sandbox_bench 10000 3
.PHONY: bench-sandbox

check_PROGRAMS += tests/api/test_sandbox_csp
TESTS += tests/api/test_sandbox_csp
tests_api_test_sandbox_csp_CFLAGS = $(TEST_CFLAGS)
tests_api_test_sandbox_csp_SOURCES = tests/api/test_sandbox_csp.c
tests_api_test_sandbox_csp_LDADD = $(SANDBOX_TEST_LIBS)
