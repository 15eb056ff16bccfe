# tests/api/local.mk: the API tests, the client library and the sandbox
# talking over an ephemeral loopback port, and the fixture they link (an
# in-process sandbox and a blocking client, in the global LDADD).
check_LIBRARIES += tests/api/libsandboxfixture.a
tests_api_libsandboxfixture_a_SOURCES = tests/api/sandbox_fixture.c tests/api/sandbox_fixture.h

API_TESTS = \
	tests/api/test_client \
	tests/api/test_client_lists \
	tests/api/test_client_tls \
	tests/api/test_client_wire \
	tests/api/test_contract \
	tests/api/test_csp_admin \
	tests/api/test_sandbox \
	tests/api/test_sandbox_csp \
	tests/api/test_sandbox_concurrency \
	tests/api/test_sandbox_more \
	tests/api/test_sandbox_strict
check_PROGRAMS += $(API_TESTS)
TESTS += $(API_TESTS)

API_SH_TESTS = \
	tests/api/test_sandbox_cli.sh \
	tests/api/test_sandbox_durability.sh
TESTS += $(API_SH_TESTS)
EXTRA_DIST += $(API_SH_TESTS) tests/api/contract_models.h
