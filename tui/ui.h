/* ui.h: the console's state and the pieces of it that the loop, the
 * terminal code and the API Tokens page share. One thread, one loop. */
#ifndef WFT_UI_H
#define WFT_UI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "actions.h"
#include <curses.h>

#include "lineedit.h"
#include "mask.h"
#include "apimodel.h"
#include "model.h"
#include "osc52.h"
#include "page.h"
#include "overlay.h"
#include "theme.h"
#include "widgets.h"

struct session;
struct wft_error;
struct revoke_hold;

/* What a handler asks of the loop (as htop's handlers do). There is no
 * flag for a redraw: the loop draws the screen again after every key,
 * command and wake-up, whatever the handler returned. */
enum {
	UI_HANDLED = 1,   /* the key was taken: no one after this handler sees it */
	UI_RELAYOUT = 4,  /* the whole terminal is repainted (clearok) */
	UI_QUIT = 8,      /* quit (after the question about held revokes) */
};

enum toast_kind { TOAST_NONE, TOAST_INFO, TOAST_WARNING, TOAST_ERROR };

struct ui {
	/* the terminal */
	bool script_mode;
	FILE *script;
	int script_line;
	FILE *timing;                  /* WFTOKENS_TIMING: per-key frame times, and
	                                * the first rows' and the full load's time */
	int64_t start_us;              /* when the console started (ui_now_us) */
	void *screen;                  /* SCREEN * in script mode */
	FILE *null_in, *null_out;
	int saved_stderr;              /* fd of the real stderr while curses runs */
	FILE *stderr_capture;
	bool mouse;
	bool no_color;
	char theme[64];                /* --theme NAME; "" for the default */
	bool read_only;
	bool insecure;                 /* certificates not checked: said in the header */
	bool too_small;
	bool quit;
	int lines, cols;

	/* what the header says */
	char profile[64];
	char endpoint[256];
	/* When the sign-in credential expires ("[sign-in expires in 9 days]"),
	 * set by the VMware Cloud tab once known; warn: within the warning
	 * window (drawn as a warning). "" when unknown or none. */
	char signin_badge[48];
	char signin_short[48];         /* the same where room is short: "[8d left]" */
	bool signin_warn;

	/* the clock every page shows times by (tests set their own) */
	wft_clock_fn clock;
	void *clock_ud;
	struct lineedit prompt;        /* the : prompt (an overlay of ui.c), its history */

	/* footer message, and every message of the session (L) */
	char toast[1024];
	struct msglog *log;
	enum toast_kind toast_kind;
	int64_t toast_until;           /* monotonic ms; 0: until a key (errors) */

	/* the pages, in the order of the tab bar, and the one in front */
	struct page pages[UI_MAX_PAGES];
	int n_pages;
	int front;
	/* The role and group lists the service-account dialog offers, read
	 * once a session whichever page opens the dialog. */
	struct ui_pickers {
		struct wft_role_list roles;
		struct wft_group_list groups;
		bool loaded;
	} pickers;
	/* A change on the server touched the token list (a token generated,
	 * revoked or renamed in the dialog, an account deleted or
	 * (de)activated, a change of the tokens page not confirmed): the
	 * tokens page reads it again (at once, or when next shown). */
	bool tokens_stale;
	/* R in the service-account dialog: the API Tokens page's rotation of
	 * token t of account (tokens_page.h); NULL when there is none. */
	void (*rotate_token)(struct ui *ui, const struct wft_token *t, const char *account);

	/* work in flight */
	struct session *session;
	int spin;
	int64_t spin_next;

	/* the safety net: the journal, --dry-run */
	struct journal *journal;       /* NULL when it could not be opened (said) */
	char *journal_path;
	bool journal_failed;           /* a write failed: said once */
	bool quit_when_idle;           /* "send now" at quit: quit once they are answered */
	int64_t sleep_until;           /* script mode's :sleep MS */
	bool dry_run;                  /* --dry-run: changes are shown, not sent */
	int undo_ms;                   /* the undo window (undo_seconds), in ms; 0: off */
	struct revoke_hold *holds;     /* running undo windows, newest first (revoke_hold.h) */

	/* what is shown over the page and takes the keys (overlay.h) */
	struct overlay_stack overlays;
};

/* The clock, the theme's attributes, the footer's message (ui_base.c). */
int64_t ui_now_ms(void);
int64_t ui_now_us(void);           /* monotonic microseconds */
/* The footer's message: on row y from column x when it fits there, else
 * wrapped over up to three whole lines just above row y (never cut: the
 * message log has the rest). Returns the first row used. */
int ui_draw_toast(struct ui *ui, int y, int x, attr_t footer);
void ui_toast(struct ui *ui, enum toast_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The attribute of element e in the theme in use (its mono attributes
 * before the terminal starts). */
attr_t ui_attr(enum theme_element e);
/* The header line of every page (ui.c): profile and endpoint, the tab bar (the
 * page in front marked), the [insecure] and [read-only] badges, the
 * spinner, "? help". */
void ui_draw_header(struct ui *ui);
/* Puts text on the local clipboard (ui_term.c) with an OSC 52 sequence written to the
 * terminal (wrapped for tmux or screen; *wrap_out says which), or to the file
 * WFTOKENS_OSC52_FILE names (a test hook): that file must not exist; the
 * first copy creates it, mode 0600, without following a link, and later
 * copies of the same run append to it. The sequence is wiped after use.
 * False with err filled when it could not be written. */
bool ui_clipboard(struct ui *ui, const char *text, enum osc52_wrap *wrap_out,
                  struct wft_error *err);
/* The widget kit's colours (widgets.h) from the theme in use. */
const struct wg_style *ui_style(void);

/* The terminal (ui_term.c). */
enum wft_status ui_term_start(struct ui *ui, struct wft_error *err);
void ui_term_stop(struct ui *ui);
/* SIGTERM, SIGHUP or SIGINT arrived: the loop ends. */
bool ui_term_stopped(void);
/* :save-display FILE: the visible screen as UTF-8 text, trailing blanks
 * removed; -1 (said in the footer) when it cannot be written. */
int ui_term_save_display(struct ui *ui, const char *path);
/* Ctrl-Z: the terminal restored, the process stopped; back after fg. */
void ui_term_suspend(struct ui *ui);
/* :theme NAME (empty: the themes there are); the loop's flags. */
int ui_term_set_theme(struct ui *ui, const char *name);

/* The message log and the journal (ui_journal.c). */
/* Shows log (owned: freed with the overlay) newest at the bottom, what
 * as its title, empty when there is nothing, each message after its time
 * when stamped. */
void ui_log_open(struct ui *ui, const struct msglog *log, struct msglog *owned,
                 const char *what, const char *empty, bool stamped);
/* :journal [TEXT]: the journal's lines (with TEXT those that hold it). */
int ui_journal_show(struct ui *ui, const char *filter);
/* The colour of a message of kind k. */
attr_t ui_toast_attr(enum toast_kind k);

/* The loop (ui.c). */
int ui_run(struct ui *ui);
int ui_dispatch(struct ui *ui, enum action a);
/* True (and says so in the footer) when a is a change and the console
 * runs --read-only: for changes reached other than through ui_dispatch. */
bool ui_refuse_change(struct ui *ui, enum action a);
/* The pages (page.h). ui_add_page appends a page to the tab bar (the
 * first one added is in front); false when there is no room (st is then
 * the caller's). */
bool ui_add_page(struct ui *ui, const struct page_ops *ops, void *st);
/* The state of the page of kind ops, or NULL. */
void *ui_page_state(const struct ui *ui, const struct page_ops *ops);
/* True when the page of kind ops is in front. */
bool ui_in_front(const struct ui *ui, const struct page_ops *ops);
/* Tells every page about ev (page.h). */
void ui_notify(struct ui *ui, enum page_event ev);
/* Frees every page (after the session's work has ended). */
void ui_pages_free(struct ui *ui);
/* The page in front: ACTF_TOKENS or ACTF_ACCOUNTS (actions.h). */
unsigned ui_page(struct ui *ui);
int ui_command(struct ui *ui, const char *line);
/* Opens the : prompt holding text ("" for none), the cursor at its end. */
void ui_prompt_open(struct ui *ui, const char *text);

/* The journal (ui.c): opened on the state directory's journal.jsonl for
 * instance (the endpoint's host) and identity (the signed-in user, else the
 * sign-in method); changes an earlier session left without an outcome are
 * reported in the footer. Failures are said in the footer, never fatal. */
void ui_journal_start(struct ui *ui, const char *instance, const char *identity);
void ui_journal_stop(struct ui *ui);
/* Writes a line of a change (*change 0: a new one) to the journal; id is a
 * full token id or NULL (masked by the journal). A failure is said once. */
void ui_journal(struct ui *ui, unsigned long *change, const char *action, const char *id,
                const char *name, const char *account, const char *state,
                const char *detail);
/* The outcome line of a change answered with err (NULL or WFT_OK: done),
 * by the outcome rule (outcome.h): done, done with an unreadable answer,
 * refused or not confirmed, err's message as the detail; "dry run" when
 * --dry-run kept it back. A change read back after its answer writes its
 * verdict with ui_journal and journal_state_of instead. */
void ui_journal_answer(struct ui *ui, unsigned long *change, const char *action, const char *id,
                       const char *name, const char *account, const struct wft_error *err);
/* The state ui_journal_answer writes for err. */
const char *ui_journal_state(const struct wft_error *err);

#endif
