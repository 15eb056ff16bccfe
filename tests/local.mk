# tests/local.mk: the harness, then one local.mk per part: unit tests
# (cmocka), API tests (client and sandbox), screen tests (e2e), fuzz targets
# and the benchmarks (built on request only). A test is its name in
# check_PROGRAMS (a C program, linked with the global LDADD) and in TESTS.
EXTRA_DIST += tests/summary.sh tests/lib.sh tests/timelimit.sh tests/fresh/debian12.sh

# The harness itself (time limits and missing tools), and the docs: no
# comment cites a document outside the repository.
TESTS += tests/test_harness.sh tests/test_docs.sh tests/test_tui_graph.sh
EXTRA_DIST += tests/test_harness.sh tests/test_docs.sh tests/test_tui_graph.sh tests/tui_graph.sh

# Without cmocka (configure says so) the unit tests compile against
# tests/nocmocka/cmocka.h, which stops `make check` with the package to install.
EXTRA_DIST += tests/nocmocka/cmocka.h

# `make check` ends with one line, "N passed, N failed", counted from the
# harness's logs: automake runs check-local right after its check-TESTS, and
# tests/check-local.gmk (read by GNU make, not by automake) lets it run after
# failed tests too. A failed test still fails `make check`.
check-local:
	@line=`$(SHELL) $(srcdir)/tests/summary.sh $(TEST_SUITE_LOG)`; echo "$$line"; \
	case $$line in *" 0 failed") ;; *) exit 1 ;; esac
.PHONY: check-local
include $(abs_top_srcdir)/tests/check-local.gmk
EXTRA_DIST += tests/check-local.gmk

include $(srcdir)/tests/unit/local.mk
include $(srcdir)/tests/api/local.mk
include $(srcdir)/tests/e2e/local.mk
include $(srcdir)/tests/fuzz/local.mk
include $(srcdir)/tests/bench/local.mk
