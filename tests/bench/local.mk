# tests/bench/local.mk: figures, not tests; built and run only on request.

# `make bench`: the query engine, built with -O2 (its own objects of the
# engine).
EXTRA_PROGRAMS += tests/bench/bench_query
tests_bench_bench_query_SOURCES = tests/bench/bench_query.c \
	src/tokenset.c src/query.c src/view.c
tests_bench_bench_query_CFLAGS = $(AM_CFLAGS) -O2
bench: tests/bench/bench_query$(EXEEXT)
	$(builddir)/tests/bench/bench_query $(BENCH_SIZES)

# `make bench-sandbox`: a load driver against the in-process sandbox (4
# keep-alive clients: one service account, sorted search pages, customertokens).
EXTRA_PROGRAMS += tests/bench/sandbox_bench
bench-sandbox: tests/bench/sandbox_bench$(EXEEXT)
	tests/bench/sandbox_bench 10000 3

# `make bench-console`: the search bar's figure.
EXTRA_DIST += tests/bench/console_search.sh
bench-console: wftokens$(EXEEXT)
	top_builddir=. $(SHELL) $(srcdir)/tests/bench/console_search.sh

# `make bench-server-search`: the server-side mode's search and page turn,
# against a sandbox seeded with BENCH_SERVER_TOKENS (default 1000000).
EXTRA_DIST += tests/bench/server_search.sh
bench-server-search: wftokens$(EXEEXT) wftokens-sandbox$(EXEEXT)
	top_builddir=. $(SHELL) $(srcdir)/tests/bench/server_search.sh

# `make bench-fingerprint`: SINCE LAST SESSION's take, save, load and
# compare at BENCH_FINGERPRINT_SIZES tokens (default 100k and 500k), -O2
# (its own objects of the modules).
EXTRA_PROGRAMS += tests/bench/bench_fingerprint
tests_bench_bench_fingerprint_SOURCES = tests/bench/bench_fingerprint.c \
	src/fingerprint.c src/statefile.c src/sha256.c src/tokenset.c src/mask.c src/error.c
tests_bench_bench_fingerprint_CFLAGS = $(AM_CFLAGS) -O2
BENCH_FINGERPRINT_SIZES = 100000 500000
bench-fingerprint: tests/bench/bench_fingerprint$(EXEEXT)
	$(builddir)/tests/bench/bench_fingerprint $(BENCH_FINGERPRINT_SIZES)

CLEANFILES += tests/bench/bench_query$(EXEEXT) tests/bench/sandbox_bench$(EXEEXT) \
	tests/bench/bench_fingerprint$(EXEEXT)
.PHONY: bench bench-sandbox bench-console bench-server-search bench-fingerprint

# `make bench-first-screen`: the time to the first rows and to the full
# load, against the sandbox on loopback.
EXTRA_DIST += tests/bench/first_screen.sh
bench-first-screen: wftokens$(EXEEXT) wftokens-sandbox$(EXEEXT)
	top_builddir=. $(SHELL) $(srcdir)/tests/bench/first_screen.sh
.PHONY: bench-first-screen
