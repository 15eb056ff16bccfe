# tui/local.mk: the console.
bin_PROGRAMS += wftokens
wftokens_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
wftokens_SOURCES = tui/main.c
wftokens_LDADD = $(SANDBOX_LIBS) $(WFT_LIBS) $(NCURSES_LIBS)
