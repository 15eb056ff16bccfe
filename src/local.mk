# src/local.mk: libwft, everything that needs no terminal.
noinst_LIBRARIES += src/libwft.a
src_libwft_a_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS) $(JSONC_CFLAGS) $(PCRE2_CFLAGS)
src_libwft_a_SOURCES = \
	src/error.c src/error.h \
	src/mask.c src/mask.h \
	src/model.c src/model.h \
	src/uuid.c src/uuid.h
