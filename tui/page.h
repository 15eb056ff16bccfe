/* page.h: what a page of the console is to the loop. A page (the API
 * Tokens page, the Service Accounts tab, any later tab) is a struct
 * page_ops and a private state that only its own file knows; ui.c keeps
 * the pages in tab order, gives every action, command and frame to the
 * page in front, and tells every page about events through changed. Keys
 * reach a page through the key map (actions.h); its search bars, prompts,
 * menus and dialogs are overlays (overlay.h), which take the keys first.
 * Every function gets the ui and the page's own state. */
#ifndef WFT_PAGE_H
#define WFT_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "actions.h"

struct ui;
struct lineedit;

/* Events one part of the console tells the pages about (ui_notify). */
enum page_event {
	/* A service account was changed on the server: lists of accounts are
	 * read again. */
	PAGE_EVENT_ACCOUNTS_CHANGED,
	/* The service-account dialog closed: the page in front shows what
	 * changed meanwhile. */
	PAGE_EVENT_DIALOG_CLOSED,
};

struct page_ops {
	const char *title;             /* on the tab bar */
	unsigned flag;                 /* ACTF_TOKENS or ACTF_ACCOUNTS: its actions */
	/* Before a key or a frame: work typed but not yet done (the filter
	 * of the search bar; while a typing overlay is in front, once a frame
	 * only). NULL: none. */
	void (*sync)(struct ui *ui, void *st);
	/* Draws the whole page (header, body, footer) with its own dialogs. */
	void (*draw)(struct ui *ui, void *st);
	/* Where the keys apply now: SCOPE_PANEL when a side panel has the
	 * focus, else SCOPE_TABLE (NULL: the table). */
	enum action_scope (*scope)(struct ui *ui, void *st);
	/* An action of the key map or of the : prompt; 0 when not the page's. */
	int (*action)(struct ui *ui, void *st, enum action a);
	/* A : command (the name, then the rest); 0 when not the page's. */
	int (*command)(struct ui *ui, void *st, const char *cmd, const char *arg);
	int (*mouse)(struct ui *ui, void *st, int y, int x, unsigned long bstate);
	/* Tab at the : prompt: completes the word before the cursor; true
	 * when the text changed. NULL: no completion. */
	bool (*complete)(struct ui *ui, void *st, struct lineedit *le);
	/* The page came to the front. */
	void (*shown)(struct ui *ui, void *st);
	/* An event (enum page_event) from elsewhere in the console. */
	void (*changed)(struct ui *ui, void *st, enum page_event ev);
	/* Timers: ms from now until the page next needs timer (-1: none) ... */
	int64_t (*wake)(struct ui *ui, void *st, int64_t now);
	/* ... and running them. NULL: the page has no timers. */
	void (*timer)(struct ui *ui, void *st, int64_t now);
	/* Quit was asked: true when the page asks a question first (it then
	 * quits or not itself). */
	bool (*before_quit)(struct ui *ui, void *st);
	void (*free)(struct ui *ui, void *st);
};

struct page {
	const struct page_ops *ops;
	void *state;
};

#define UI_MAX_PAGES 4

#endif
