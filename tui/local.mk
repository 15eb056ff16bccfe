# tui/local.mk: the console, wftokens (the terminal-free modules it uses are
# in libwft, src/local.mk), and its man page.
bin_PROGRAMS += wftokens
wftokens_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
wftokens_LDADD = $(SANDBOX_LIBS) $(WFT_LIBS) $(NCURSES_LIBS)
wftokens_SOURCES = \
	tui/account_dialog.c tui/account_dialog_state.h \
	tui/account_dialog_base.c \
	tui/account_dialog_save.c \
	tui/account_dialog_tokens.c \
	tui/accounts.h \
	tui/accounts_page.c tui/accounts_page.h \
	tui/actions.h \
	tui/cli.c tui/cli.h tui/cli_commands.c tui/cli_commands.h tui/cli_accounts.c tui/cli_complete.c \
	tui/cli_expiry.c tui/cli_saved.c \
	tui/cli_generate.c tui/cli_rename.c tui/cli_revoke.c tui/cli_targets.c tui/cli_targets.h \
	tui/cli_whoami.c \
	tui/colors.c tui/colors.h \
	tui/conn.c tui/conn.h \
	tui/csp_app_change.c \
	tui/csp_apps.c \
	tui/csp_form.c tui/csp_form.h \
	tui/csp_lookup.c \
	tui/csp_page.c tui/csp_page.h tui/csp_page_state.h \
	tui/csp_tokens.c \
	tui/help.c tui/help.h \
	tui/journal_cmd.c \
	tui/keys.c tui/keys.h \
	tui/list.c \
	tui/main.c \
	tui/newtoken_dialog.c \
	tui/options.c tui/options.h \
	tui/overlay.c tui/overlay.h \
	tui/page.h \
	tui/request.c tui/request.h \
	tui/saved_searches.c tui/saved_searches.h tui/saved_searches_state.h \
	tui/saved_server.c \
	tui/saved_share.c \
	tui/saved_store.c \
	tui/session.c tui/session.h \
	tui/tokens_complete.c \
	tui/tokens_draw.c \
	tui/tokens_input.c \
	tui/tokens_marks.c \
	tui/tokens_page.c tui/tokens_page.h tui/tokens_page_state.h \
	tui/tokens_load.c \
	tui/tokens_panel.c tui/tokens_since.c tui/tokens_mine.c \
	tui/tokens_remote.c \
	tui/tokens_revoke.c \
	tui/revoke_hold.c tui/revoke_hold.h \
	tui/tokens_rotate.c \
	tui/ui.c tui/ui.h \
	tui/ui_base.c \
	tui/ui_journal.c \
	tui/ui_term.c \
	tui/widgets.c tui/widgets.h \
	tui/wftokens.h

# The man page's key table comes from the action table, so they never drift.
man_MANS = wftokens.1
CLEANFILES += wftokens.1
EXTRA_DIST += tui/wftokens.1.in
wftokens.1: tui/wftokens.1.in wftokens$(EXEEXT)
	$(AM_V_GEN)./wftokens$(EXEEXT) --dump-actions > $@.keys && \
	sed -e '/^@KEYS@$$/{r $@.keys' -e 'd;}' $(srcdir)/tui/wftokens.1.in > $@.tmp && \
	rm -f $@.keys && mv $@.tmp $@
all-local: wftokens.1
