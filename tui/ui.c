/* ui.c: the one loop, the pages (page.h) and the tab bar, key dispatch
 * through the action table to the overlay or page in front, the :
 * commands every page shares and its prompt, script mode, the footer's
 * messages and the spinner's timer. The terminal is ui_term.c, the
 * message log and the journal ui_journal.c. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include <curses.h>

#include "colors.h"
#include "journal.h"
#include "keys.h"
#include "mask.h"
#include "msglog.h"
#include "osc52.h"
#include "request.h"
#include "revoke_hold.h"
#include "secretfile.h"
#include "session.h"
#include "statefile.h"
#include "textwidth.h"
#include "ui.h"

#define MIN_COLS 80
#define MIN_LINES 24
#define SPIN_MS 100
#define FRAME_MS 30

/* Requests in flight (every tracked call: the pages' and the session's
 * own); the spinner turns and script mode waits while there are any. */
static bool work_pending(struct ui *ui)
{
	return request_pending(ui, REQ_ANY) > 0;
}

/* A badge of the header's right end ("[read-only]"), and a blank. */
static void header_badge(attr_t a, const char *text)
{
	attrset(a);
	addstr(text);
	attrset(ui_attr(THEME_HEADER));
	addch(' ');
}

/* The header's left end, " wftokens  PROFILE (ENDPOINT)", within x
 * columns: the endpoint gives way first, then the profile is cut, with a
 * blank kept before the tabs. Returns the column the tabs start at. */
static int header_left(const struct ui *ui, int x)
{
	char left[400], fitted[1024];

	snprintf(left, sizeof left, " wftokens  %s (%s)   ", ui->profile, ui->endpoint);
	if (tw_width(left) > x)
		snprintf(left, sizeof left, " wftokens  %s   ", ui->profile);
	if (tw_width(left) > x)
		snprintf(left, sizeof left, " wftokens  %s", ui->profile);
	if (tw_width(left) <= x)
		x = tw_fit(left, x, 0, fitted, sizeof fitted);
	else if (x > 1)
		x = tw_fit(left, x - 1, 0, fitted, sizeof fitted) + 1;
	else
		x = tw_fit(" ", 1, 0, fitted, sizeof fitted);
	mvaddstr(0, 0, fitted);
	return x;
}

/* The tab bar from column x, ending a blank before column end, the last
 * titles cut if they must be. */
static void header_tabs(const struct ui *ui, int x, int end)
{
	attr_t h = ui_attr(THEME_HEADER);
	char fitted[256];

	move(0, x);
	for (int i = 0, room = end - 1 - x; i < ui->n_pages && room > 0; i++) {
		if (i) {
			attrset(h);
			addnstr(" | ", room);
			room -= 3;
		}
		attrset(h | (i == ui->front ? ui_attr(THEME_TAB_ACTIVE) : 0));
		if (room > 0) {
			room -= tw_fit(ui->pages[i].ops->title, room, 0, fitted, sizeof fitted);
			addstr(fitted);
		}
	}
}

void ui_draw_header(struct ui *ui)
{
	static const char spin[] = "|/-\\";
	attr_t h = ui_attr(THEME_HEADER);
	bool csp = ui->session && session_csp_onboarded(ui->session);
	int right = 9 + (ui->read_only ? 12 : 0) + (ui->insecure ? 11 : 0) +
	            (ui->dry_run ? 10 : 0), tabs = 0, x;
	const char *sign_in, *csp_badge = csp ? "[VMware Cloud]" : "";

	for (int i = 0; i < ui->n_pages; i++)
		tabs += tw_width(ui->pages[i].ops->title) + (i ? 3 : 0);
	/* The sign-in's expiry, in its short form when the tabs need the room;
	 * then, as short, the instance's VMware Cloud mark. */
	sign_in = tabs + right + (csp ? 15 : 0) + (int)strlen(ui->signin_badge) + 13 > ui->cols
	          ? ui->signin_short : ui->signin_badge;
	right += sign_in[0] ? (int)strlen(sign_in) + 1 : 0;
	if (csp && tabs + right + 15 + 2 > ui->cols)
		csp_badge = "[CSP]";
	right += csp ? (int)strlen(csp_badge) + 1 : 0;
	attrset(h);
	mvhline(0, 0, ' ', ui->cols);
	x = ui->cols - right - 1 - tabs;
	x = header_left(ui, x > ui->cols - 40 ? ui->cols - 40 : x);
	header_tabs(ui, x, ui->cols - right);
	move(0, ui->cols - right > 0 ? ui->cols - right : 0);
	if (sign_in[0])
		header_badge(h | (ui->signin_warn ? ui_attr(THEME_WARNING) | A_BOLD : 0), sign_in);
	/* An instance onboarded to VMware Cloud services, seen from its answers. */
	if (csp)
		header_badge(h | A_BOLD, csp_badge);
	if (ui->insecure)
		header_badge(h | ui_attr(THEME_ERROR), "[insecure]");
	if (ui->dry_run)
		header_badge(h | ui_attr(THEME_READ_ONLY), "[dry run]");
	if (ui->read_only)
		header_badge(h | ui_attr(THEME_READ_ONLY), "[read-only]");
	attrset(h);
	addch(work_pending(ui) ? (chtype)spin[ui->spin % 4] : ' ');
	addstr("  ? help ");
}

/* ---- the terminal ---------------------------------------------------- */

/* ---- drawing ------------------------------------------------------------ */

/* ---- the message log and long messages ------------------------------------ */

/* ---- the journal, the quit question ------------------------------------- */

static void prompt_draw(struct ui *ui, void *data);
static int prompt_key(struct ui *ui, void *data, int key);
static const struct overlay_ops prompt_ops = { "prompt", prompt_draw, prompt_key, NULL };

void ui_prompt_open(struct ui *ui, const char *text)
{
	lineedit_set(&ui->prompt, text);
	overlay_push(&ui->overlays, &prompt_ops, NULL);
}

/* ---- the pages ------------------------------------------------------------ */

bool ui_add_page(struct ui *ui, const struct page_ops *ops, void *st)
{
	if (ui->n_pages >= UI_MAX_PAGES)
		return false;
	ui->pages[ui->n_pages++] = (struct page){ ops, st };
	return true;
}

void *ui_page_state(const struct ui *ui, const struct page_ops *ops)
{
	for (int i = 0; i < ui->n_pages; i++)
		if (ui->pages[i].ops == ops)
			return ui->pages[i].state;
	return NULL;
}

bool ui_in_front(const struct ui *ui, const struct page_ops *ops)
{
	return ui->front < ui->n_pages && ui->pages[ui->front].ops == ops;
}

void ui_notify(struct ui *ui, enum page_event ev)
{
	for (int i = 0; i < ui->n_pages; i++)
		if (ui->pages[i].ops->changed)
			ui->pages[i].ops->changed(ui, ui->pages[i].state, ev);
}

void ui_pages_free(struct ui *ui)
{
	for (int i = ui->n_pages - 1; i >= 0; i--)
		if (ui->pages[i].ops->free)
			ui->pages[i].ops->free(ui, ui->pages[i].state);
	ui->n_pages = 0;
	ui->front = 0;
}

/* The page in front, or NULL before any was added. */
static const struct page *front(const struct ui *ui)
{
	return ui->front < ui->n_pages ? &ui->pages[ui->front] : NULL;
}

static void front_sync(struct ui *ui)
{
	const struct page *p = front(ui);

	if (p && p->ops->sync)
		p->ops->sync(ui, p->state);
}

/* Puts the page of the tab flag (ACTF_TOKENS, ACTF_ACCOUNTS, ACTF_CSP) in front. */
static int show_page(struct ui *ui, unsigned flag)
{
	for (int i = 0; i < ui->n_pages; i++)
		if (ui->pages[i].ops->flag == flag) {
			ui->front = i;
			clearok(curscr, TRUE);
			if (ui->pages[i].ops->shown)
				ui->pages[i].ops->shown(ui, ui->pages[i].state);
		}
	return UI_HANDLED | UI_RELAYOUT;
}

/* Quit was asked: true when a page asks a question first. */
static bool pages_before_quit(struct ui *ui)
{
	for (int i = 0; i < ui->n_pages; i++)
		if (ui->pages[i].ops->before_quit &&
		    ui->pages[i].ops->before_quit(ui, ui->pages[i].state))
			return true;
	return false;
}

/* The soonest a page's timers want to run, in ms from now; -1: never. */
static int64_t pages_wake(struct ui *ui, int64_t now)
{
	int64_t t = -1;

	for (int i = 0; i < ui->n_pages; i++)
		if (ui->pages[i].ops->wake) {
			int64_t w = ui->pages[i].ops->wake(ui, ui->pages[i].state, now);
			if (w >= 0 && (t < 0 || w < t))
				t = w;
		}
	return t;
}

/* ---- the : prompt ---------------------------------------------------------- */

static void prompt_draw(struct ui *ui, void *data)
{
	(void)data;
	wg_prompt(ui->lines - 1, ui->cols, ":", &ui->prompt, ui_attr(THEME_PROMPT));
	curs_set(1);
}

static int prompt_key(struct ui *ui, void *data, int key)
{
	struct wft_error err;
	char line[LINEEDIT_MAX + 1];
	const struct page *p = front(ui);

	(void)data;
	if (key == '\n') {
		snprintf(line, sizeof line, "%s", lineedit_text(&ui->prompt));
		lineedit_history_add(&ui->prompt, line, &err);
		lineedit_clear(&ui->prompt);
		/* Closed first: the command may open another overlay. */
		overlay_remove_all(&ui->overlays, &prompt_ops);
		return ui_command(ui, line) | UI_HANDLED;
	}
	if (key == KEY_ESC) {
		lineedit_clear(&ui->prompt);
		return UI_HANDLED | OVERLAY_CLOSE;
	}
	if (key == KEYF(KEY_UP))
		lineedit_history_prev(&ui->prompt);
	else if (key == KEYF(KEY_DOWN))
		lineedit_history_next(&ui->prompt);
	else if (key == '\t') {
		if (p && p->ops->complete)
			p->ops->complete(ui, p->state, &ui->prompt);
	} else
		keys_edit_line(&ui->prompt, key);
	return UI_HANDLED;
}

static void draw(struct ui *ui)
{
	ui->lines = LINES;
	ui->cols = COLS;
	ui->too_small = LINES < MIN_LINES || COLS < MIN_COLS;
	erase();
	if (ui->too_small) {
		char msg[96];
		snprintf(msg, sizeof msg, "Terminal too small: %dx%d, need at least %dx%d",
		         COLS, LINES, MIN_COLS, MIN_LINES);
		int y = LINES / 2;
		mvaddnstr(y > 0 ? y - 1 : 0, 0, msg, COLS);
		if (LINES > 1)
			mvaddnstr(y, 0, "Enlarge the window, or press q to quit", COLS);
		refresh();
		return;
	}
	front_sync(ui);
	if (front(ui))
		front(ui)->ops->draw(ui, front(ui)->state);
	/* Each overlay shows the cursor or hides it as it needs. */
	overlay_draw(&ui->overlays, ui);
	refresh();
}

/* ---- actions and commands ----------------------------------------------- */

unsigned ui_page(struct ui *ui)
{
	return front(ui) ? front(ui)->ops->flag : 0;
}

bool ui_refuse_change(struct ui *ui, enum action a)
{
	if (a <= ACT_NONE || a >= ACT_COUNT || !(action_table[a].flags & ACTF_CHANGE) ||
	    !ui->read_only)
		return false;
	ui_toast(ui, TOAST_WARNING, "Read-only: %s is disabled (started with --read-only).",
	         action_table[a].name);
	return true;
}

int ui_dispatch(struct ui *ui, enum action a)
{
	if (a == ACT_NONE)
		return 0;
	if (!ACTION_ON_PAGE(a, ui_page(ui))) {
		/* A : command of the other page: say where it belongs. */
		unsigned f = action_table[a].flags;
		ui_toast(ui, TOAST_WARNING, "%s belongs to the %s (%c shows it).", action_table[a].name,
		         f & ACTF_TOKENS ? "API Tokens page" : f & ACTF_ACCOUNTS ? "Service Accounts tab"
		                                                   : "VMware Cloud tab",
		         f & ACTF_TOKENS ? '1' : f & ACTF_ACCOUNTS ? '2' : '3');
		return UI_HANDLED;
	}
	if (ui_refuse_change(ui, a))
		return UI_HANDLED;
	switch (a) {
	case ACT_QUIT_NOW:
		return UI_QUIT;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		return UI_HANDLED;
	case ACT_SUSPEND:
		ui_term_suspend(ui);
		return UI_HANDLED | UI_RELAYOUT;
	case ACT_UNDO:
		if (!hold_undo_newest(ui))
			ui_toast(ui, TOAST_INFO, "Nothing to undo: no revoke is waiting.");
		return UI_HANDLED;
	case ACT_MESSAGES:
		/* The newest at the bottom, as a log reads. */
		ui_log_open(ui, ui->log, NULL, "Messages", "No messages yet.", true);
		return UI_HANDLED;
	case ACT_PROMPT:
		ui_prompt_open(ui, "");
		return UI_HANDLED;
	case ACT_TAB_TOKENS:
		return show_page(ui, ACTF_TOKENS);
	case ACT_TAB_ACCOUNTS:
		return show_page(ui, ACTF_ACCOUNTS);
	case ACT_TAB_CSP:
		return show_page(ui, ACTF_CSP);
	default: {
		const struct page *p = front(ui);
		return p && p->ops->action ? p->ops->action(ui, p->state, a) : 0;
	}
	}
}

int ui_command(struct ui *ui, const char *line)
{
	char cmd[64];
	const char *arg;
	size_t n;
	enum action a;

	while (*line == ' ' || *line == ':')
		line++;
	n = strcspn(line, " ");
	if (n == 0)
		return UI_HANDLED;
	if (n >= sizeof cmd) {
		ui_toast(ui, TOAST_ERROR, "Unknown command.");
		return UI_HANDLED;
	}
	memcpy(cmd, line, n);
	cmd[n] = '\0';
	arg = line + n;
	while (*arg == ' ')
		arg++;
	if (strcmp(cmd, "q") == 0 || strcmp(cmd, "quit") == 0)
		return UI_QUIT;
	if (strcmp(cmd, "theme") == 0)
		return ui_term_set_theme(ui, arg);
	if (strcmp(cmd, "journal") == 0)
		return ui_journal_show(ui, arg);
	if (strcmp(cmd, "sleep") == 0) {
		/* Scripts only: lets time pass (the loop's timers run) before the
		 * next key, e.g. for the undo window to end. */
		char *end;
		long ms = strtol(arg, &end, 10);
		if (!ui->script_mode || end == arg || *end || ms < 0 || ms > 600000) {
			ui_toast(ui, TOAST_ERROR, ":sleep MS is for scripts (0 to 600000 ms).");
			return UI_HANDLED;
		}
		ui->sleep_until = ui_now_ms() + ms;
		return UI_HANDLED;
	}
	if (strcmp(cmd, "save-display") == 0) {
		if (!*arg) {
			ui_toast(ui, TOAST_ERROR, ":save-display needs a file name.");
			return UI_HANDLED;
		}
		ui_term_save_display(ui, arg);
		return UI_HANDLED;
	}
	/* The page in front takes its commands first. */
	const struct page *p = front(ui);
	int r = p && p->ops->command ? p->ops->command(ui, p->state, cmd, arg) : 0;
	if (r)
		return r;
	a = action_by_name(cmd);
	if (a != ACT_NONE)
		return ui_dispatch(ui, a);
	ui_toast(ui, TOAST_ERROR, "Unknown command: %.60s (press ? for the list)", cmd);
	return UI_HANDLED;
}

static int handle_key(struct ui *ui, int key)
{
	int r;

	if (ui->toast_kind == TOAST_ERROR) {
		ui->toast_kind = TOAST_NONE; /* an error stays until a key */
		ui->toast[0] = '\0';
	}
	if (key == KEYF(KEY_RESIZE))
		return UI_RELAYOUT;
	if (ui->too_small) {
		if (key == 'q' || key == 'Q' || key == KEY_CTRL('c'))
			return UI_QUIT;
		return 0;
	}
	if (key == KEYF(KEY_MOUSE)) {
		MEVENT ev;
		const struct page *p = front(ui);
		if (getmouse(&ev) == OK && !ui->overlays.n && p && p->ops->mouse)
			return p->ops->mouse(ui, p->state, ev.y, ev.x, (unsigned long)ev.bstate);
		return 0;
	}
	if (key == KEY_CTRL('c'))
		return UI_QUIT;
	/* Every key but the search bar's own sees the view filtered. */
	if (!overlay_typing(&ui->overlays))
		front_sync(ui);
	/* The search bars, prompts, menus and dialogs in front. */
	if (ui->overlays.n)
		return overlay_key(&ui->overlays, ui, key);
	/* The Service Accounts tab has no side panel: its keys are the table's. */
	const struct page *p = front(ui);
	r = ui_dispatch(ui, keymap_lookup(key, p && p->ops->scope ? p->ops->scope(ui, p->state)
	                                                          : SCOPE_TABLE, ui_page(ui)));
	return r;
}

static int apply(struct ui *ui, int r)
{
	if ((r & UI_QUIT) && !pages_before_quit(ui) && !hold_before_quit(ui))
		ui->quit = true;
	if (r & UI_RELAYOUT)
		clearok(curscr, TRUE);
	return r;
}

/* ---- script mode ---------------------------------------------------------- */

static char script_buf[4096];
static size_t script_pos, script_len;

static int64_t cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Runs the next key or command of the script; false at its end. */
static bool script_step(struct ui *ui)
{
	int key, w, h;
	size_t n;

	while (script_pos >= script_len) {
		if (!fgets(script_buf, sizeof script_buf, ui->script))
			return false;
		ui->script_line++;
		script_len = strcspn(script_buf, "\n");
		script_buf[script_len] = '\0';
		script_pos = 0;
		if (script_buf[0] == '#' || script_len == 0) {
			script_len = 0;
			continue;
		}
		if (script_buf[0] == ':') {
			script_pos = script_len;
			apply(ui, ui_command(ui, script_buf + 1));
			return true;
		}
	}
	w = h = 0;
	n = keys_parse(script_buf + script_pos, &key, &w, &h);
	if (n == 0) {
		script_pos = script_len;
		return true;
	}
	script_pos += n;
	if (key == 0 && w > 0) {
		resizeterm(h, w);
		apply(ui, UI_RELAYOUT);
		return true;
	}
	int64_t t0 = ui->timing ? ui_now_us() : 0, c0 = ui->timing ? cpu_us() : 0;
	bool typing = overlay_typing(&ui->overlays);
	apply(ui, handle_key(ui, key));
	if (ui->timing) {
		/* "search KEY TOTAL HANDLE DRAW CPU" in ms: the key's own work
		 * (the filter, the sort) apart from the frame, and the processor
		 * time of both (steadier than the clock on a busy machine). */
		char name[32];
		front_sync(ui); /* the filter counts as the key's work */
		int64_t t1 = ui_now_us();
		draw(ui);
		int64_t t2 = ui_now_us();
		keys_name(key, name, sizeof name);
		fprintf(ui->timing, "%s %s %.3f %.3f %.3f %.3f\n", typing ? "search" : "key",
		        name, (double)(t2 - t0) / 1e3, (double)(t1 - t0) / 1e3,
		        (double)(t2 - t1) / 1e3, (double)(cpu_us() - c0) / 1e3);
	}
	return true;
}

/* ---- the loop ---------------------------------------------------------- */

/* Anything in flight: script mode reads its next key only when not. */
static bool busy(struct ui *ui)
{
	if (ui->sleep_until && ui_now_ms() >= ui->sleep_until)
		ui->sleep_until = 0;
	return ui->sleep_until || work_pending(ui);
}

static int next_timeout(struct ui *ui, int64_t now)
{
	int64_t t = -1;

	if (ui->toast_kind != TOAST_NONE && ui->toast_until > 0)
		t = ui->toast_until - now;
	if (busy(ui)) {
		int64_t s = ui->spin_next - now;
		if (t < 0 || s < t)
			t = s;
	}
	if (ui->sleep_until) {
		int64_t s = ui->sleep_until - now;
		if (t < 0 || s < t)
			t = s;
	}
	{
		/* The pages' timers, and the undo window's countdown. */
		int64_t s = pages_wake(ui, now), u = hold_wake(ui, now);
		if (u >= 0 && (s < 0 || u < s))
			s = u;
		if (s >= 0 && (t < 0 || s < t))
			t = s;
	}
	if (t < 0 && t != -1)
		t = 0;
	return t > 1000000 ? 1000000 : (int)t;
}

static void timers(struct ui *ui, int64_t now, bool *redraw)
{
	if (ui->toast_kind != TOAST_NONE && ui->toast_until > 0 && now >= ui->toast_until) {
		ui->toast_kind = TOAST_NONE;
		ui->toast[0] = '\0';
		*redraw = true;
	}
	if (busy(ui) && now >= ui->spin_next) {
		ui->spin++;
		ui->spin_next = now + SPIN_MS;
		*redraw = true;
	}
	for (int i = 0; i < ui->n_pages; i++)
		if (ui->pages[i].ops->timer && ui->pages[i].ops->wake &&
		    ui->pages[i].ops->wake(ui, ui->pages[i].state, now) >= 0) {
			ui->pages[i].ops->timer(ui, ui->pages[i].state, now);
			*redraw = true;
		}
	if (hold_wake(ui, now) == 0) {
		hold_timers(ui, now);
		*redraw = true;
	}
}

static int wait_events(struct ui *ui, int fd, int timeout, bool *ready)
{
	struct wft_error err;

	*ready = false;
	if (ui->session) {
		if (session_wait(ui->session, fd, timeout, ready, &err) != WFT_OK) {
			ui_toast(ui, TOAST_ERROR, "%s", err.message);
			return -1;
		}
		return 0;
	}
	/* No connection (yet): only the keys. */
	struct pollfd p = { .fd = fd, .events = POLLIN };
	if (poll(&p, fd >= 0 ? 1 : 0, timeout) > 0 && (p.revents & (POLLIN | POLLHUP)))
		*ready = true;
	return 0;
}

/* A pending frame waits at most left ms (a timeout of -1 waits for ever). */
static int frame_wait(int timeout, int64_t left)
{
	if (left < 0)
		left = 0;
	return timeout < 0 || timeout > left ? (int)left : timeout;
}

int ui_run(struct ui *ui)
{
	bool redraw = true, keyed = true;
	int64_t drawn_at = 0;

	ui->spin_next = ui_now_ms();
	while (!ui->quit && !ui_term_stopped()) {
		int64_t now = ui_now_ms();
		if (ui->quit_when_idle && !busy(ui) && pages_wake(ui, now) < 0 && !ui->holds) {
			ui->quit = true;
			break;
		}
		/* While an answer streams in, a frame at most every FRAME_MS (each
		 * piece of it wakes the loop); a key's frame comes at once. */
		if (redraw && (keyed || !busy(ui) || now - drawn_at >= FRAME_MS)) {
			draw(ui);
			drawn_at = now;
			redraw = keyed = false;
		}
		if (ui->script_mode && !busy(ui)) {
			if (!script_step(ui))
				break;
			redraw = keyed = true;
			continue;
		}
		bool ready = false;
		int timeout = next_timeout(ui, now);
		if (redraw)
			timeout = frame_wait(timeout, FRAME_MS - (now - drawn_at));
		wait_events(ui, ui->script_mode ? -1 : STDIN_FILENO, timeout, &ready);
		/* Finished work may have changed the page. */
		redraw = true;
		/* Keys are read after every wake-up, not only when stdin is
		 * readable: a resize (SIGWINCH) arrives as KEY_RESIZE without
		 * any byte on stdin. nodelay() keeps this from blocking. */
		if (ready || !ui->script_mode) {
			wint_t wch;
			int rc;
			while ((rc = get_wch(&wch)) != ERR) {
				int key = rc == KEY_CODE_YES ? KEYF((int)wch) : (int)wch;
				if (key == '\r' || key == KEYF(KEY_ENTER))
					key = '\n';
				else if (key == 127 || key == 8)
					key = KEYF(KEY_BACKSPACE);
				keyed = true;
				apply(ui, handle_key(ui, key));
				if (ui->quit)
					break;
			}
		}
		timers(ui, ui_now_ms(), &redraw);
	}
	return 0;
}
