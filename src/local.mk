# src/local.mk: libwft, every module that needs no terminal (each file's
# header says what it does). Its unit tests are in tests/unit/local.mk.
noinst_LIBRARIES += src/libwft.a
src_libwft_a_SOURCES = \
	src/apierror.c src/apierror.h \
	src/apimodel.c src/apimodel.h \
	src/api.c src/api.h \
	src/auth.c src/auth.h \
	src/complete.c src/complete.h \
	src/csp_api.c src/csp_api.h \
	src/error.c src/error.h \
	src/history.c src/history.h \
	src/http.c src/http.h \
	src/journal.c src/journal.h \
	src/lineedit.c src/lineedit.h \
	src/listing.c src/listing.h \
	src/localsearch.c src/localsearch.h \
	src/mask.c src/mask.h \
	src/model.c src/model.h \
	src/msglog.c src/msglog.h \
	src/osc52.c src/osc52.h \
	src/outcome.c src/outcome.h \
	src/profile.c src/profile.h \
	src/query.c src/query.h \
	src/sacheck.c src/sacheck.h \
	src/savedquery.c src/savedquery.h \
	src/searchlist.c src/searchlist.h \
	src/serverquery.c src/serverquery.h \
	src/secretfile.c src/secretfile.h \
	src/statefile.c src/statefile.h \
	src/textwidth.c src/textwidth.h \
	src/theme.c src/theme.h \
	src/timefmt.c src/timefmt.h \
	src/tmuxclip.c src/tmuxclip.h \
	src/tokenset.c src/tokenset.h \
	src/uuid.c src/uuid.h \
	src/view.c src/view.h
