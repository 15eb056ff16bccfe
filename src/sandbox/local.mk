# src/sandbox/local.mk: the API emulator, as a library (for --demo and the
# tests) and as the program wftokens-sandbox.
noinst_LIBRARIES += src/sandbox/libwftsandbox.a
src_sandbox_libwftsandbox_a_CFLAGS = $(AM_CFLAGS) $(MHD_CFLAGS) $(SQLITE_CFLAGS) $(JSONC_CFLAGS)
src_sandbox_libwftsandbox_a_SOURCES = \
	src/sandbox/sandbox.c src/sandbox/sandbox.h

bin_PROGRAMS += wftokens-sandbox
wftokens_sandbox_SOURCES = src/sandbox/main.c
wftokens_sandbox_LDADD = $(SANDBOX_LIBS) $(WFT_LIBS)
