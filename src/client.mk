# src/client.mk: the client part of libwft and its tests (see the header of each file).
src_libwft_a_SOURCES += \
	src/http.c src/http.h \
	src/apierror.c src/apierror.h \
	src/apimodel.c src/apimodel.h \
	src/auth.c src/auth.h \
	src/api.c src/api.h \
	src/outcome.c src/outcome.h \
	src/profile.c src/profile.h \
	src/csp_api.c src/csp_api.h

CLIENT_TEST_CFLAGS = $(TEST_CFLAGS) $(CURL_CFLAGS)
CLIENT_TEST_LIBS = $(TEST_LIBS) -lm

check_PROGRAMS += tests/unit/test_http
TESTS += tests/unit/test_http
tests_unit_test_http_CFLAGS = $(CLIENT_TEST_CFLAGS)
tests_unit_test_http_SOURCES = tests/unit/test_http.c
tests_unit_test_http_LDADD = $(CLIENT_TEST_LIBS)

check_PROGRAMS += tests/unit/test_outcome
TESTS += tests/unit/test_outcome
tests_unit_test_outcome_CFLAGS = $(CLIENT_TEST_CFLAGS)
tests_unit_test_outcome_SOURCES = tests/unit/test_outcome.c
tests_unit_test_outcome_LDADD = $(CLIENT_TEST_LIBS)

check_PROGRAMS += tests/unit/test_stalest
TESTS += tests/unit/test_stalest
tests_unit_test_stalest_CFLAGS = $(CLIENT_TEST_CFLAGS)
tests_unit_test_stalest_SOURCES = tests/unit/test_stalest.c
tests_unit_test_stalest_LDADD = $(CLIENT_TEST_LIBS)

check_PROGRAMS += tests/unit/test_apimodel
TESTS += tests/unit/test_apimodel
tests_unit_test_apimodel_CFLAGS = $(CLIENT_TEST_CFLAGS)
tests_unit_test_apimodel_SOURCES = tests/unit/test_apimodel.c
tests_unit_test_apimodel_LDADD = $(CLIENT_TEST_LIBS)

check_PROGRAMS += tests/fuzz/check_api_decode
TESTS += tests/fuzz/check_api_decode
tests_fuzz_check_api_decode_SOURCES = tests/fuzz/fuzz_api_decode.c $(FUZZ_DRIVER)
tests_fuzz_check_api_decode_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"api_decode"'
tests_fuzz_check_api_decode_LDADD = $(WFT_LIBS) -lm
EXTRA_PROGRAMS += tests/fuzz/fuzz_api_decode
FUZZ_BINARIES += tests/fuzz/fuzz_api_decode$(EXEEXT)
tests_fuzz_fuzz_api_decode_SOURCES = tests/fuzz/fuzz_api_decode.c
tests_fuzz_fuzz_api_decode_LDFLAGS = $(AM_LDFLAGS) $(LIBFUZZER_FLAGS)
tests_fuzz_fuzz_api_decode_LDADD = $(WFT_LIBS) -lm

check_PROGRAMS += tests/unit/test_auth
TESTS += tests/unit/test_auth
tests_unit_test_auth_CFLAGS = $(CLIENT_TEST_CFLAGS)
tests_unit_test_auth_SOURCES = tests/unit/test_auth.c
tests_unit_test_auth_LDADD = $(CLIENT_TEST_LIBS)

check_PROGRAMS += tests/unit/test_config
TESTS += tests/unit/test_config
tests_unit_test_config_CFLAGS = $(CLIENT_TEST_CFLAGS)
tests_unit_test_config_SOURCES = tests/unit/test_config.c
tests_unit_test_config_LDADD = $(CLIENT_TEST_LIBS)

check_PROGRAMS += tests/fuzz/check_api_config
TESTS += tests/fuzz/check_api_config
tests_fuzz_check_api_config_SOURCES = tests/fuzz/fuzz_api_config.c $(FUZZ_DRIVER)
tests_fuzz_check_api_config_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"api_config"'
tests_fuzz_check_api_config_LDADD = $(WFT_LIBS) -lm
EXTRA_PROGRAMS += tests/fuzz/fuzz_api_config
FUZZ_BINARIES += tests/fuzz/fuzz_api_config$(EXEEXT)
tests_fuzz_fuzz_api_config_SOURCES = tests/fuzz/fuzz_api_config.c
tests_fuzz_fuzz_api_config_LDFLAGS = $(AM_LDFLAGS) $(LIBFUZZER_FLAGS)
tests_fuzz_fuzz_api_config_LDADD = $(WFT_LIBS) -lm

check_PROGRAMS += tests/api/test_client
TESTS += tests/api/test_client
tests_api_test_client_CFLAGS = $(CLIENT_TEST_CFLAGS) -I$(top_srcdir)/tests/api
tests_api_test_client_SOURCES = tests/api/test_client.c
tests_api_test_client_LDADD = $(SANDBOX_FIXTURE_LIBS) $(CLIENT_TEST_LIBS)

check_PROGRAMS += tests/api/test_client_wire
TESTS += tests/api/test_client_wire
tests_api_test_client_wire_CFLAGS = $(CLIENT_TEST_CFLAGS) -I$(top_srcdir)/tests/api
tests_api_test_client_wire_SOURCES = tests/api/test_client_wire.c
tests_api_test_client_wire_LDADD = $(SANDBOX_FIXTURE_LIBS) $(CLIENT_TEST_LIBS)

check_PROGRAMS += tests/api/test_client_tls
TESTS += tests/api/test_client_tls
tests_api_test_client_tls_CFLAGS = $(CLIENT_TEST_CFLAGS) -I$(top_srcdir)/tests/api
tests_api_test_client_tls_SOURCES = tests/api/test_client_tls.c
tests_api_test_client_tls_LDADD = $(SANDBOX_FIXTURE_LIBS) $(CLIENT_TEST_LIBS)

check_PROGRAMS += tests/api/test_client_lists
TESTS += tests/api/test_client_lists
tests_api_test_client_lists_CFLAGS = $(CLIENT_TEST_CFLAGS) -I$(top_srcdir)/tests/api
tests_api_test_client_lists_SOURCES = tests/api/test_client_lists.c
tests_api_test_client_lists_LDADD = $(SANDBOX_FIXTURE_LIBS) $(CLIENT_TEST_LIBS)

check_PROGRAMS += tests/api/test_contract
TESTS += tests/api/test_contract
EXTRA_DIST += doc/api-models.md tests/api/contract_models.h
tests_api_test_contract_CFLAGS = $(CLIENT_TEST_CFLAGS) -I$(top_srcdir)/tests/api
tests_api_test_contract_SOURCES = tests/api/test_contract.c tests/api/contract_models.h
tests_api_test_contract_LDADD = $(SANDBOX_FIXTURE_LIBS) $(CLIENT_TEST_LIBS)

check_PROGRAMS += tests/api/test_csp_admin
TESTS += tests/api/test_csp_admin
tests_api_test_csp_admin_CFLAGS = $(CLIENT_TEST_CFLAGS) -I$(top_srcdir)/tests/api
tests_api_test_csp_admin_SOURCES = tests/api/test_csp_admin.c
tests_api_test_csp_admin_LDADD = $(SANDBOX_FIXTURE_LIBS) $(CLIENT_TEST_LIBS)
