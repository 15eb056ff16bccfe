# src/sandbox/local.mk: the API emulator, as a library (for --demo and the
# tests) and as the program wftokens-sandbox (doc/sandbox.md). Its tests and
# the fixture they link are in tests/api/local.mk.
noinst_LIBRARIES += src/sandbox/libwftsandbox.a
src_sandbox_libwftsandbox_a_SOURCES = \
	src/sandbox/sandbox.c src/sandbox/sandbox.h \
	src/sandbox/internal.h \
	src/sandbox/api_handlers.c \
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
wftokens_sandbox_SOURCES = src/sandbox/main.c
wftokens_sandbox_LDADD = $(SANDBOX_LIBS) $(WFT_LIBS)
