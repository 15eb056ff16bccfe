# tests/fuzz/local.mk: the fuzz targets. A target is tests/fuzz/fuzz_NAME.c
# (LLVMFuzzerTestOneInput) with a corpus in tests/fuzz/corpus/NAME/; add its
# name to the list. Each is built twice:
#   - tests/fuzz/fuzz_NAME, run by `make check`: a short deterministic run.
#     It defines no main(), so the linker takes main.c's from libfuzzmain.a,
#     the first library of the global LDADD (as flex's -lfl does); a program
#     with its own main never pulls it in.
#   - tests/fuzz/fuzz_NAME.libfuzzer, a real libFuzzer binary, from the same
#     object, when configured with CC=clang --enable-fuzzing: `make fuzz`
#     builds them all (run them by hand).
FUZZ_TARGETS = \
	tests/fuzz/fuzz_api_config \
	tests/fuzz/fuzz_api_decode \
	tests/fuzz/fuzz_query \
	tests/fuzz/fuzz_sandbox_body \
	tests/fuzz/fuzz_theme \
	tests/fuzz/fuzz_tokenset
check_PROGRAMS += $(FUZZ_TARGETS)
TESTS += $(FUZZ_TARGETS)
check_LIBRARIES += tests/fuzz/libfuzzmain.a
tests_fuzz_libfuzzmain_a_SOURCES = tests/fuzz/main.c
EXTRA_DIST += tests/fuzz/corpus

LIBFUZZER_FLAGS = -fsanitize=fuzzer
fuzz: $(FUZZ_TARGETS)
	@for t in $(FUZZ_TARGETS); do \
	  echo "  CCLD     $$t.libfuzzer"; \
	  $(CCLD) $(AM_CFLAGS) $(CFLAGS) $(AM_LDFLAGS) $(LDFLAGS) $(LIBFUZZER_FLAGS) \
	    -o $$t.libfuzzer $$t.$(OBJEXT) $(TEST_LIBS) $(LIBS) || exit 1; \
	done
CLEANFILES += tests/fuzz/*.libfuzzer
.PHONY: fuzz
