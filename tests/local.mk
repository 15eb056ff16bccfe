# tests/local.mk: unit tests (cmocka), api tests (client and sandbox),
# screen tests (e2e). Each part may add its own tests/<part>/local.mk.
TEST_LIBS = $(WFT_LIBS) $(CMOCKA_LIBS)
TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(JSONC_CFLAGS)
EXTRA_DIST += tests/summary.sh tests/lib.sh tests/test_harness.sh

# The harness itself: time limits and missing tools.
TESTS += tests/test_harness.sh

check_PROGRAMS += tests/unit/test_mask
TESTS += tests/unit/test_mask
tests_unit_test_mask_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_mask_SOURCES = tests/unit/test_mask.c
tests_unit_test_mask_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/unit/test_model
TESTS += tests/unit/test_model
tests_unit_test_model_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_model_SOURCES = tests/unit/test_model.c
tests_unit_test_model_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/unit/test_uuid
TESTS += tests/unit/test_uuid
tests_unit_test_uuid_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_uuid_SOURCES = tests/unit/test_uuid.c
tests_unit_test_uuid_LDADD = $(TEST_LIBS)

include $(srcdir)/tests/fuzz/local.mk
