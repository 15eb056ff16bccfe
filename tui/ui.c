/* ui.c: the terminal (set-up, restore on every way out, script mode with the
 * screen on /dev/null), the one loop, key dispatch through the action table,
 * the : commands every page shares, toasts and the spinner's timer. */
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
#include "secretfile.h"
#include "session.h"
#include "statefile.h"
#include "textwidth.h"
#include "ui.h"

#define MIN_COLS 80
#define MIN_LINES 24
#define TOAST_MS 4000
#define SPIN_MS 100

static bool colors_ready;              /* colors_init has run */
static struct ui *g_ui;                 /* for the signal handlers */
static volatile sig_atomic_t g_stop;    /* SIGTERM, SIGHUP, SIGINT */

int64_t ui_now_ms(void)
{
	return ui_now_us() / 1000;
}

int64_t ui_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void ui_toast(struct ui *ui, enum toast_kind kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->toast, sizeof ui->toast, fmt, ap);
	va_end(ap);
	ui->toast_kind = kind;
	/* Kept whole in the log, so a later message never hides its cause. */
	if (ui->log) {
		struct timespec ts;
		struct wft_error err;
		clock_gettime(CLOCK_REALTIME, &ts);
		msglog_add(ui->log, (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, kind, ui->toast,
		           &err);
	}
	/* Errors stay until a key is pressed: they must not be missed. */
	ui->toast_until = kind == TOAST_ERROR ? 0 : ui_now_ms() + TOAST_MS;
}

attr_t ui_attr(enum theme_element e)
{
	static const unsigned mono[THEME_N_ELEMENTS] = {
#define X(id, name, parent, m, what) [THEME_##id] = (m),
		THEME_ELEMENTS(X)
#undef X
	};
	unsigned m = (unsigned)e < THEME_N_ELEMENTS ? mono[e] : 0;

	if (colors_ready)
		return colors_attr(e);
	attr_t a = A_NORMAL;

	if (m & THEME_A_BOLD) a |= A_BOLD;
	if (m & THEME_A_DIM) a |= A_DIM;
	if (m & THEME_A_UNDERLINE) a |= A_UNDERLINE;
	if (m & THEME_A_REVERSE) a |= A_REVERSE;
	if (m & THEME_A_STANDOUT) a |= A_STANDOUT;
	return a;
}

const struct wg_style *ui_style(void)
{
	/* Read again at each call: :theme changes the colours. */
	static struct wg_style st;

	st.dialog = ui_attr(THEME_DIALOG);
	st.border = ui_attr(THEME_BORDER);
	st.title = ui_attr(THEME_DIALOG_TITLE);
	st.button = ui_attr(THEME_BUTTON);
	st.focused = ui_attr(THEME_BUTTON_FOCUSED);
	st.hint = ui_attr(THEME_KEY_HINT);
	return &st;
}

/* Requests in flight: the tracked ones (request.h) and the session's own
 * (the token list, revokes, renames and their read-backs); the spinner
 * turns and script mode waits while there are any. */
static bool work_pending(struct ui *ui)
{
	return request_pending(ui, REQ_ANY) > 0 || (ui->session && session_pending(ui->session) > 0);
}

void ui_draw_header(struct ui *ui)
{
	static const char spin[] = "|/-\\";
	attr_t h = ui_attr(THEME_HEADER);
	char left[400], fitted[1024];
	bool busy = work_pending(ui);
	bool csp = ui->session && session_csp_onboarded(ui->session);
	int right = 9 + (ui->read_only ? 12 : 0) + (ui->insecure ? 11 : 0) + (csp ? 15 : 0) +
	            (ui->dry_run ? 10 : 0);
	int x;

	attrset(h);
	mvhline(0, 0, ' ', ui->cols);
	snprintf(left, sizeof left, " wftokens  %s (%s)   ", ui->profile, ui->endpoint);
	x = tw_fit(left, ui->cols - 40 > 0 ? ui->cols - 40 : 0, 0, fitted, sizeof fitted);
	mvaddstr(0, 0, fitted);
	move(0, x);
	for (int i = 0; i < ui->n_pages; i++) {
		if (i) {
			attrset(h);
			addstr(" | ");
		}
		attrset(h | (i == ui->front ? ui_attr(THEME_TAB_ACTIVE) : 0));
		addstr(ui->pages[i].ops->title);
	}
	move(0, ui->cols - right > 0 ? ui->cols - right : 0);
	/* An instance onboarded to VMware Cloud services, seen from its answers. */
	if (csp) {
		attrset(h | A_BOLD);
		addstr("[VMware Cloud]");
		attrset(h);
		addch(' ');
	}
	if (ui->insecure) {
		attrset(h | ui_attr(THEME_ERROR));
		addstr("[insecure]");
		attrset(h);
		addch(' ');
	}
	if (ui->dry_run) {
		attrset(h | ui_attr(THEME_READ_ONLY));
		addstr("[dry run]");
		attrset(h);
		addch(' ');
	}
	if (ui->read_only) {
		attrset(h | ui_attr(THEME_READ_ONLY));
		addstr("[read-only]");
		attrset(h);
		addch(' ');
	}
	attrset(h);
	addch(busy ? (chtype)spin[ui->spin % 4] : ' ');
	addstr("  ? help ");
}

/* ---- the terminal ---------------------------------------------------- */

static void restore_stderr(struct ui *ui, bool replay)
{
	char buf[4096];
	size_t n;

	if (ui->saved_stderr < 0)
		return;
	fflush(stderr);
	dup2(ui->saved_stderr, STDERR_FILENO);
	close(ui->saved_stderr);
	ui->saved_stderr = -1;
	if (ui->stderr_capture) {
		/* What libraries wrote while the screen was up, shown now. */
		if (replay) {
			rewind(ui->stderr_capture);
			while ((n = fread(buf, 1, sizeof buf, ui->stderr_capture)) > 0)
				if (write(STDERR_FILENO, buf, n) < 0)
					break;
		}
		fclose(ui->stderr_capture);
		ui->stderr_capture = NULL;
	}
}

static void on_crash(int sig)
{
	static const char msg[] = "wftokens: crashed; the terminal was restored\n";

	if (g_ui) {
		endwin();
		if (g_ui->saved_stderr >= 0) {
			dup2(g_ui->saved_stderr, STDERR_FILENO);
			/* What was written to stderr meanwhile may tell why: shown
			 * with calls that are safe in a signal handler. */
			if (g_ui->stderr_capture) {
				int fd = fileno(g_ui->stderr_capture);
				char buf[1024];
				ssize_t n;
				if (lseek(fd, 0, SEEK_SET) == 0)
					while ((n = read(fd, buf, sizeof buf)) > 0)
						if (write(STDERR_FILENO, buf, (size_t)n) < 0)
							break;
			}
		}
	}
	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
		/* nothing more can be done */
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void on_stop(int sig)
{
	(void)sig;
	g_stop = 1;
}

static void install_signals(void)
{
	static const int crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < sizeof crash / sizeof crash[0]; i++)
		sigaction(crash[i], &sa, NULL);
	sa.sa_handler = on_stop;
	sa.sa_flags = 0;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static void set_mouse(struct ui *ui)
{
	if (ui->mouse) {
		mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED |
		          BUTTON5_PRESSED, NULL);
		mouseinterval(0);
	} else {
		mousemask(0, NULL);
	}
}

enum wft_status ui_term_start(struct ui *ui, struct wft_error *err)
{
	const char *term = getenv("TERM");

	ui->saved_stderr = -1;
	if (ui->script_mode) {
		/* Tests: the screen goes nowhere and has a fixed size. */
		if (!getenv("LINES"))
			setenv("LINES", "24", 1);
		if (!getenv("COLUMNS"))
			setenv("COLUMNS", "80", 1);
		if (!term || !*term || strcmp(term, "dumb") == 0)
			term = "xterm";
		ui->null_out = fopen("/dev/null", "w");
		ui->null_in = fopen("/dev/null", "r");
		if (!ui->null_out || !ui->null_in)
			return wft_error_set(err, WFT_ERR_IO, "cannot open /dev/null: %s",
			                     strerror(errno));
		ui->screen = newterm(term, ui->null_out, ui->null_in);
		if (!ui->screen)
			return wft_error_set(err, WFT_ERR_IO,
			                     "cannot start the screen for terminal type %s", term);
		set_term(ui->screen);
	} else {
		if (!term || !*term)
			return wft_error_set(err, WFT_ERR_INVALID,
			                     "TERM is not set; set it to your terminal's type");
		ui->screen = newterm(NULL, stdout, stdin);
		if (!ui->screen)
			return wft_error_set(err, WFT_ERR_IO,
			                     "this terminal (TERM=%s) is not known to curses", term);
		set_term(ui->screen);
		/* TERM=dumb and the like cannot move the cursor: the console would
		 * draw nothing a person could use (or answer keys blind). */
		const char *cup = tigetstr("cup");
		if (!cup || cup == (const char *)-1) {
			endwin();
			delscreen(ui->screen);
			ui->screen = NULL;
			return wft_error_set(err, WFT_ERR_INVALID,
			                     "this terminal (TERM=%s) cannot move the cursor, which "
			                     "the console needs; set TERM to your terminal's type (e.g. "
			                     "xterm-256color or vt100), or use `wftokens list`", term);
		}
	}
	/* Nothing written to stderr may land on the screen. */
	ui->stderr_capture = tmpfile();
	ui->saved_stderr = dup(STDERR_FILENO);
	if (ui->stderr_capture && ui->saved_stderr >= 0)
		dup2(fileno(ui->stderr_capture), STDERR_FILENO);
	g_ui = ui;
	install_signals();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	{
		/* Home and End as tmux, screen, PuTTY and rxvt send them, when the
		 * terminal description (TERM=xterm...) names other sequences. */
		static const struct { const char *seq; int key; } alt[] = {
			{ "\033[1~", KEY_HOME }, { "\033[4~", KEY_END }, { "\033[7~", KEY_HOME },
			{ "\033[8~", KEY_END }, { "\033[H", KEY_HOME }, { "\033[F", KEY_END },
			{ "\033OH", KEY_HOME }, { "\033OF", KEY_END },
		};
		for (size_t i = 0; i < sizeof alt / sizeof alt[0]; i++)
			if (key_defined(alt[i].seq) == 0)
				define_key(alt[i].seq, alt[i].key);
	}
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	set_mouse(ui);
	{
		/* A theme that cannot be loaded falls back to the default and
		 * says why; the console still starts. NO_COLOR and --no-color
		 * mean the mono theme, whatever the profile says. */
		struct theme *t = malloc(sizeof *t);
		struct theme_search ts;
		struct wft_error terr;
		if (ui->no_color || colors_no_color_env())
			snprintf(ui->theme, sizeof ui->theme, "mono");
		if (t) {
			theme_search_init(&ts, getenv("XDG_CONFIG_HOME"), getenv("HOME"));
			if (theme_load_by_name(t, ui->theme[0] ? ui->theme : "default", &ts,
			                       &terr) != WFT_OK && ui->theme[0])
				ui_toast(ui, TOAST_WARNING, "%s", terr.message);
			else if (t->n_msgs)
				ui_toast(ui, TOAST_WARNING, "%s", t->msgs[0].text);
			colors_init(t, ui->no_color);
			colors_ready = true;
			free(t);
		}
	}
	return WFT_OK;
}

/* `:theme NAME`: another theme, live. An unknown name or an unreadable
 * file keeps the current theme; errors inside the file are reported and
 * the rest of it is used. */
static int set_theme(struct ui *ui, const char *name)
{
	struct theme_search ts;
	struct wft_error err;
	char path[THEME_DIR_MAX + THEME_NAME_MAX + 16];
	struct theme *t;

	theme_search_init(&ts, getenv("XDG_CONFIG_HOME"), getenv("HOME"));
	if (!*name) {
		char names[16][THEME_NAME_MAX], list[256] = "";
		size_t n = theme_list(&ts, names, 16), o = 0;
		for (size_t i = 0; i < n && o < sizeof list; i++)
			o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", names[i]);
		ui_toast(ui, TOAST_INFO, "Theme: %s. Themes: %s.", ui->theme[0] ? ui->theme : "default",
		         n ? list : "none found");
		return UI_HANDLED;
	}
	if (!theme_name_valid(name) || !theme_find(&ts, name, path, sizeof path)) {
		ui_toast(ui, TOAST_ERROR, "Unknown theme \"%.*s\"; kept %s (:theme lists them).",
		         THEME_NAME_MAX, name, ui->theme[0] ? ui->theme : "default");
		return UI_HANDLED;
	}
	if (!(t = malloc(sizeof *t))) {
		ui_toast(ui, TOAST_ERROR, "Out of memory.");
		return UI_HANDLED;
	}
	if (theme_load_by_name(t, name, &ts, &err) != WFT_OK) {
		ui_toast(ui, TOAST_ERROR, "%s; the current theme stays.", err.message);
		free(t);
		return UI_HANDLED;
	}
	colors_apply_theme(t);
	snprintf(ui->theme, sizeof ui->theme, "%s", name);
	if (t->n_msgs)
		ui_toast(ui, TOAST_WARNING, "%s", t->msgs[0].text);
	else
		ui_toast(ui, TOAST_INFO, "Theme %s%s.", name,
		         colors_mono() ? " (no colours: monochrome attributes only)" : "");
	free(t);
	clearok(curscr, TRUE);
	return UI_HANDLED;
}

/* The file WFTOKENS_OSC52_FILE names, once created: a test hook that must
 * never hand a secret to a file someone else could read or made ready. */
static int clip_fd = -1;

void ui_term_stop(struct ui *ui)
{
	if (!ui->screen)
		return;
	endwin();
	delscreen(ui->screen);
	ui->screen = NULL;
	restore_stderr(ui, true);
	if (ui->null_out)
		fclose(ui->null_out);
	if (ui->null_in)
		fclose(ui->null_in);
	ui->null_out = ui->null_in = NULL;
	g_ui = NULL;
	overlay_clear(&ui->overlays);
	wft_role_list_clear(&ui->pickers.roles);
	wft_group_list_clear(&ui->pickers.groups);
	if (clip_fd >= 0)
		close(clip_fd);
	clip_fd = -1;
}

/* Writes the visible screen as UTF-8 text, trailing blanks removed. */
static int save_display(struct ui *ui, const char *path)
{
	FILE *f = fopen(path, "w");
	cchar_t cc;
	wchar_t wc[CCHARW_MAX + 1];
	attr_t attrs;
	short pair;
	char line[4096], mb[MB_LEN_MAX * (CCHARW_MAX + 1)];
	mbstate_t st;

	if (!f) {
		ui_toast(ui, TOAST_ERROR, "Cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	for (int y = 0; y < LINES; y++) {
		size_t o = 0, keep = 0;
		for (int x = 0; x < COLS; x++) {
			if (mvin_wch(y, x, &cc) == ERR || getcchar(&cc, wc, &attrs, &pair, NULL) == ERR)
				break;
			memset(&st, 0, sizeof st);
			size_t n = 0;
			for (int i = 0; wc[i] && i < CCHARW_MAX; i++) {
				size_t k = wcrtomb(mb + n, wc[i], &st);
				if (k == (size_t)-1)
					break;
				n += k;
			}
			if (n == 0) {
				mb[0] = ' ';
				n = 1;
			}
			if ((attrs & A_ALTCHARSET) && n == 1) {
				/* Line drawing as plain text. */
				switch (mb[0]) {
				case 'q': mb[0] = '-'; break;
				case 'x': mb[0] = '|'; break;
				case 'l': case 'k': case 'm': case 'j': case 'n':
				case 't': case 'u': case 'v': case 'w': mb[0] = '+'; break;
				default: break;
				}
			}
			if (o + n >= sizeof line)
				break;
			memcpy(line + o, mb, n);
			o += n;
			if (!(n == 1 && mb[0] == ' '))
				keep = o;
			if (wc[0] && wcwidth(wc[0]) == 2)
				x++; /* the second cell of a wide character */
		}
		fwrite(line, 1, keep, f);
		fputc('\n', f);
	}
	if (fclose(f) != 0) {
		ui_toast(ui, TOAST_ERROR, "Cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* ---- drawing ------------------------------------------------------------ */

/* ---- the message log and long messages ------------------------------------ */

static attr_t toast_attr(enum toast_kind k)
{
	return k == TOAST_ERROR ? ui_attr(THEME_ERROR) : k == TOAST_WARNING ? ui_attr(THEME_WARNING)
	                                                                     : ui_attr(THEME_INFO);
}

int ui_draw_toast(struct ui *ui, int y, int x, attr_t footer)
{
	const char *s = ui->toast;
	size_t len = strlen(s), pos = 0, next;
	attr_t a = toast_attr(ui->toast_kind) | (ui->toast_kind == TOAST_INFO ? footer : 0);
	int w = ui->cols - 2, lines, top;
	char line[1100], fit[1100];

	if (!len)
		return y;
	if (tw_width(s) <= ui->cols - x - 1) {
		/* It fits beside the footer's own text. */
		tw_fit(s, ui->cols - x - 1, 0, fit, sizeof fit);
		attrset(a);
		mvaddstr(y, x, fit);
		return y;
	}
	/* Otherwise it takes whole lines above the footer, up to three; the
	 * message log (L) has any rest. */
	if (w < 1)
		return y;
	lines = tw_wrap_lines(s, w);
	if (lines > 3)
		lines = 3;
	if (lines > y)
		lines = y;
	top = y - lines;
	for (int r = top; r < y && pos < len; r++) {
		size_t n = tw_wrap(s + pos, len - pos, w, &next);
		if (r == y - 1 && pos + next < len) {
			const char *more = " ... (L shows all)";
			int mw = (int)strlen(more);
			n = tw_wrap(s + pos, len - pos, w > mw ? w - mw : 1, &next);
			snprintf(line, sizeof line, "%.*s%s", (int)n, s + pos, more);
		} else {
			snprintf(line, sizeof line, "%.*s", (int)n, s + pos);
		}
		attrset(footer);
		mvhline(r, 0, ' ', ui->cols);
		tw_fit(line, w, 0, fit, sizeof fit);
		attrset(a);
		mvaddstr(r, 1, fit);
		pos += next ? next : len - pos;
	}
	return top;
}

/* A log in an overlay: the message log (L), and the journal (:journal),
 * whose lines carry their own date, so no time is put before them. */
struct log_view {
	const struct msglog *log;      /* the session's messages, or owned below */
	struct msglog *owned;          /* the journal's lines, read for the overlay */
	const char *what, *empty;
	bool stamped;
	int scroll;                    /* first line shown; the draw clamps it */
};

static void draw_log(struct ui *ui, void *data)
{
	struct log_view *lv = data;
	const struct msglog *log = lv->log;
	const char *what = lv->what, *empty = lv->empty;
	bool stamped = lv->stamped;
	int w = ui->cols - 4, h = ui->lines - 2, y = 1, x = 2, room = h - 2;
	size_t n = msglog_count(log);
	int total = 0, row = 0, shown = 0;
	char title[160], stamp[16], text[1100];

	snprintf(title, sizeof title, "%s (%zu%s)  Up/Down PgUp/PgDn Home/End  Esc closes",
	         what, n, msglog_dropped(log) ? ", older ones dropped" : "");
	curs_set(0);
	wg_box(ui_style(), y, x, h, w, title);
	if (room < 1 || w < 20)
		return;
	int tw = w - 4 - (stamped ? 10 : 0);  /* "HH:MM:SS  " before each message */
	for (size_t i = 0; i < n; i++)
		total += tw_wrap_lines(msglog_get(log, i)->text, tw);
	if (!n) {
		attrset(ui_attr(THEME_DIALOG));
		mvaddstr(y + 1, x + 2, empty);
		return;
	}
	if (lv->scroll > total - room)
		lv->scroll = total - room > 0 ? total - room : 0;
	if (lv->scroll < 0)
		lv->scroll = 0;
	for (size_t i = 0; i < n && shown < room; i++) {
		const struct msglog_entry *e = msglog_get(log, i);
		time_t t = (time_t)(e->when_ms / 1000);
		struct tm tm;
		size_t len = strlen(e->text), pos = 0, next;
		bool first = true;
		localtime_r(&t, &tm);
		strftime(stamp, sizeof stamp, "%H:%M:%S", &tm);
		while (pos < len && shown < room) {
			size_t k = tw_wrap(e->text + pos, len - pos, tw, &next);
			if (row++ >= lv->scroll) {
				char fit[1100];
				if (stamped)
					snprintf(text, sizeof text, "%-8s  %.*s", first ? stamp : "", (int)k,
					         e->text + pos);
				else
					snprintf(text, sizeof text, "%s%.*s", first ? "" : "  ", (int)k,
					         e->text + pos);
				tw_fit(text, w - 4, 0, fit, sizeof fit);
				attrset(e->kind == TOAST_INFO ? ui_attr(THEME_DIALOG) : toast_attr((enum toast_kind)e->kind));
				mvaddstr(y + 1 + shown++, x + 2, fit);
			}
			first = false;
			pos += next ? next : len - pos;
		}
	}
}

/* The keys of a log overlay (the message log, the journal). */
static int log_key(struct ui *ui, void *data, int key)
{
	struct log_view *lv = data;
	int page = ui->lines > 6 ? ui->lines - 6 : 1;

	if (key == KEY_ESC || key == 'q' || key == 'L' || key == '\n')
		return UI_HANDLED | OVERLAY_CLOSE;
	if (key == KEYF(KEY_DOWN) || key == 'j')
		lv->scroll++;
	else if (key == KEYF(KEY_UP) || key == 'k')
		lv->scroll--;
	else if (key == KEYF(KEY_NPAGE) || key == ' ')
		lv->scroll += page;
	else if (key == KEYF(KEY_PPAGE) || key == 'b')
		lv->scroll -= page;
	else if (key == KEYF(KEY_HOME))
		lv->scroll = 0;
	else if (key == KEYF(KEY_END))
		lv->scroll = 1 << 20;
	return UI_HANDLED;
}

static void log_free(void *data)
{
	struct log_view *lv = data;

	msglog_free(lv->owned);
	free(lv);
}

static const struct overlay_ops log_ops = { "log", draw_log, log_key, log_free };

/* Shows log (owned: freed with the overlay) newest at the bottom. */
static void open_log(struct ui *ui, const struct msglog *log, struct msglog *owned,
                     const char *what, const char *empty, bool stamped)
{
	struct log_view *lv = calloc(1, sizeof *lv);

	if (!lv) {
		msglog_free(owned);
		ui_toast(ui, TOAST_ERROR, "Out of memory.");
		return;
	}
	*lv = (struct log_view){ owned ? owned : log, owned, what, empty, stamped, 1 << 20 };
	overlay_push(&ui->overlays, &log_ops, lv);
}

/* ---- the journal, the quit question ------------------------------------- */

void ui_journal_start(struct ui *ui, const char *instance, const char *identity)
{
	struct wft_error err;
	char *report = NULL;
	size_t n;

	if (journal_default_path(NULL, &ui->journal_path, &err) != WFT_OK ||
	    journal_open(ui->journal_path, instance, identity, &ui->journal, &err) != WFT_OK) {
		ui_toast(ui, TOAST_WARNING, "No journal of changes is kept: %s", err.message);
		return;
	}
	if (journal_settle_unfinished(ui->journal, ui->journal_path, &n, &report, &err) != WFT_OK)
		ui_toast(ui, TOAST_WARNING, "The journal could not be checked: %s", err.message);
	else if (n)
		ui_toast(ui, TOAST_WARNING, "%s (:journal shows them).", report);
	free(report);
}

void ui_journal_stop(struct ui *ui)
{
	journal_close(ui->journal);
	ui->journal = NULL;
	free(ui->journal_path);
	ui->journal_path = NULL;
}

void ui_journal(struct ui *ui, unsigned long *change, const char *action, const char *id,
                const char *name, const char *account, const char *state,
                const char *detail)
{
	struct journal_target t = { id, name, account };
	struct wft_error err;

	if (!ui->journal)
		return;
	/* --dry-run: what would have gone out is the whole story. */
	if (ui->dry_run && strcmp(state, JOURNAL_PENDING) == 0)
		return;
	if (ui->dry_run && detail && strstr(detail, "dry run, not sent"))
		state = JOURNAL_DRY_RUN;
	if (journal_add(ui->journal, change, action, &t, state, detail, &err) != WFT_OK &&
	    !ui->journal_failed) {
		ui->journal_failed = true;
		ui_toast(ui, TOAST_WARNING, "The journal of changes could not be written: %s",
		         err.message);
	}
}

struct jfill {
	struct msglog *log;
	const char *filter;
};

static void journal_line(void *ud, const struct journal_rec *r)
{
	struct jfill *f = ud;
	struct wft_error err;
	char *text = journal_format(r);
	int kind = TOAST_INFO;

	if (!text)
		return;
	if (!*f->filter || strcasestr(text, f->filter)) {
		if (strcmp(r->state, JOURNAL_REFUSED) == 0)
			kind = TOAST_ERROR;
		else if (strcmp(r->state, JOURNAL_UNCONFIRMED) == 0 ||
		         strcmp(r->state, JOURNAL_LOST) == 0 || strcmp(r->state, JOURNAL_NOT_SENT) == 0)
			kind = TOAST_WARNING;
		msglog_add(f->log, r->when_ms, kind, text, &err);
	}
	free(text);
}

/* `:journal [TEXT]`: the journal, newest at the bottom; with TEXT only the
 * lines that hold it (any case). */
static int show_journal(struct ui *ui, const char *filter)
{
	struct wft_error err;
	struct jfill f = { NULL, filter };
	struct msglog *jlog;

	if (!ui->journal_path) {
		ui_toast(ui, TOAST_WARNING, "No journal of changes is kept in this session.");
		return UI_HANDLED;
	}
	/* The newest lines; msglog folds a line equal to the one before it,
	 * which two lines of the journal never are (their times differ or
	 * their states do). */
	if (!(jlog = f.log = msglog_new(5000))) {
		ui_toast(ui, TOAST_ERROR, "Out of memory.");
		return UI_HANDLED;
	}
	if (journal_read(ui->journal_path, journal_line, &f, NULL, &err) != WFT_OK) {
		msglog_free(jlog);
		ui_toast(ui, TOAST_ERROR, "%s", err.message);
		return UI_HANDLED;
	}
	open_log(ui, NULL, jlog, "Journal of changes", "No change recorded yet.", false);
	return UI_HANDLED;
}

static void prompt_draw(struct ui *ui, void *data);
static int prompt_key(struct ui *ui, void *data, int key);
static const struct overlay_ops prompt_ops = { "prompt", prompt_draw, prompt_key, NULL };

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

/* True while the page in front takes typed text (its search bar). */
static bool front_typing(struct ui *ui)
{
	const struct page *p = front(ui);

	return p && p->ops->typing && p->ops->typing(ui, p->state);
}

static void front_sync(struct ui *ui)
{
	const struct page *p = front(ui);

	if (p && p->ops->sync)
		p->ops->sync(ui, p->state);
}

/* Puts the page of the tab flag (ACTF_TOKENS, ACTF_ACCOUNTS) in front. */
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

static void suspend(struct ui *ui)
{
	if (ui->script_mode)
		return;
	def_prog_mode();
	endwin();
	kill(getpid(), SIGSTOP);
	/* Here after `fg`. */
	reset_prog_mode();
	clearok(curscr, TRUE);
}

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
		bool tokens = action_table[a].flags & ACTF_TOKENS;
		ui_toast(ui, TOAST_WARNING, "%s belongs to the %s (%c shows it).", action_table[a].name,
		         tokens ? "API Tokens page" : "Service Accounts tab", tokens ? '1' : '2');
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
		suspend(ui);
		return UI_HANDLED | UI_RELAYOUT;
	case ACT_MESSAGES:
		/* The newest at the bottom, as a log reads. */
		open_log(ui, ui->log, NULL, "Messages", "No messages yet.", true);
		return UI_HANDLED;
	case ACT_PROMPT:
		lineedit_clear(&ui->prompt);
		overlay_push(&ui->overlays, &prompt_ops, NULL);
		return UI_HANDLED;
	case ACT_TAB_TOKENS:
		return show_page(ui, ACTF_TOKENS);
	case ACT_TAB_ACCOUNTS:
		return show_page(ui, ACTF_ACCOUNTS);
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
		return set_theme(ui, arg);
	if (strcmp(cmd, "journal") == 0)
		return show_journal(ui, arg);
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
		save_display(ui, arg);
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
	if (!front_typing(ui))
		front_sync(ui);
	if (ui->overlays.n)
		return overlay_key(&ui->overlays, ui, key);
	/* The page's own modes (the search bar, its prompts and dialogs). */
	const struct page *p = front(ui);
	r = p && p->ops->key ? p->ops->key(ui, p->state, key) : 0;
	if (r & UI_HANDLED)
		return r;
	/* The Service Accounts tab has no side panel: its keys are the table's. */
	r = ui_dispatch(ui, keymap_lookup(key, p && p->ops->scope ? p->ops->scope(ui, p->state)
	                                                          : SCOPE_TABLE, ui_page(ui)));
	return r;
}

static int apply(struct ui *ui, int r)
{
	if ((r & UI_QUIT) && !pages_before_quit(ui))
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
	bool typing = front_typing(ui);
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
		/* The pages' timers (the undo window's countdown). */
		int64_t s = pages_wake(ui, now);
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

int ui_run(struct ui *ui)
{
	bool redraw = true;

	ui->spin_next = ui_now_ms();
	while (!ui->quit && !g_stop) {
		if (ui->quit_when_idle && !busy(ui) && pages_wake(ui, ui_now_ms()) < 0) {
			ui->quit = true;
			break;
		}
		if (redraw) {
			draw(ui);
			redraw = false;
		}
		if (ui->script_mode && !busy(ui)) {
			if (!script_step(ui))
				break;
			redraw = true;
			continue;
		}
		bool ready = false;
		int timeout = next_timeout(ui, ui_now_ms());
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
				apply(ui, handle_key(ui, key));
				if (ui->quit)
					break;
			}
		}
		timers(ui, ui_now_ms(), &redraw);
	}
	return 0;
}

bool ui_clipboard(struct ui *ui, const char *text, enum osc52_wrap *wrap_out,
                  struct wft_error *err)
{
	const char *dest = getenv("WFTOKENS_OSC52_FILE");
	enum osc52_wrap wrap = osc52_detect(getenv("TMUX"), getenv("TERM"), getenv("STY"));
	struct wft_error ferr;
	char *seq;
	size_t n;
	bool ok;
	int fd;

	if (wrap_out)
		*wrap_out = wrap;
	if (osc52_build(text, strlen(text), wrap, &seq, &n, err) != WFT_OK)
		return false;
	if (dest && *dest) {
		/* Only a new 0600 file this process created itself (O_EXCL, no
		 * link followed), kept open for the copies that follow. */
		if (clip_fd < 0 && (clip_fd = secretfile_create(dest, &ferr)) < 0) {
			wft_error_set(err, WFT_ERR_IO, "WFTOKENS_OSC52_FILE: %s", ferr.message);
			wft_free_secret(seq);
			return false;
		}
		fd = dup(clip_fd);
	} else if (ui->script_mode) {
		fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	} else {
		fflush(stdout);
		fd = dup(STDOUT_FILENO);
	}
	if (fd < 0) {
		wft_error_set(err, WFT_ERR_IO, "%s", strerror(errno));
		wft_free_secret(seq);
		return false;
	}
	ok = statefile_write_all(fd, seq, n);
	close(fd);
	wft_free_secret(seq);
	if (!ok)
		wft_error_set(err, WFT_ERR_IO, "the terminal did not take the sequence");
	return ok;
}
