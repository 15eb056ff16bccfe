/* ui_term.c: the terminal: set-up and restore on every way out (signals,
 * a crash), script mode with the screen on /dev/null, the theme's
 * attributes, :theme, :save-display, suspend, and OSC 52 copies. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <curses.h>

#include "colors.h"
#include "osc52.h"
#include "secretfile.h"
#include "statefile.h"
#include "tmuxclip.h"
#include "ui.h"

static struct ui *g_ui;                 /* for the signal handlers */
static volatile sig_atomic_t g_stop;    /* SIGTERM, SIGHUP, SIGINT */

bool ui_term_stopped(void)
{
	return g_stop != 0;
}

/* The file WFTOKENS_OSC52_FILE names, once created: a test hook that must
 * never hand a secret to a file someone else could read or made ready. */
static int clip_fd = -1;

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

/* Script mode: the screen goes to /dev/null with a fixed size (tests). */
static enum wft_status open_null_screen(struct ui *ui, const char *term, struct wft_error *err)
{
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
	return WFT_OK;
}

/* The real terminal, which must be able to move the cursor. */
static enum wft_status open_screen(struct ui *ui, const char *term, struct wft_error *err)
{
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
	return WFT_OK;
}

/* Keys: raw, no echo, the keypad, Home and End as other terminals send
 * them, no waiting for a key, the mouse if wanted. */
static void set_keys(struct ui *ui)
{
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
}

/* The theme: one that cannot be loaded falls back to the default and says
 * why; NO_COLOR and --no-color mean the mono theme. */
static void set_colors(struct ui *ui)
{
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
		free(t);
	}
}

/* A console that crashed, or whose SSH session was lost, during a
 * hand-over inside tmux left the new token in its paste buffer: those
 * buffers go now. */
static void sweep_tmux_buffers(struct ui *ui)
{
	struct wft_error err;
	size_t n = 0;

	if (!getenv("TMUX") || !*getenv("TMUX"))
		return;
	if (tmuxclip_sweep(&n, &err) != WFT_OK)
		ui_toast(ui, TOAST_WARNING, "Could not clear old tmux paste buffers: %s", err.message);
	else if (n > 0)
		ui_toast(ui, TOAST_INFO, "Deleted %zu tmux paste buffer%s left holding a new token by a "
		         "wftokens that ended abnormally", n, n == 1 ? "" : "s");
}

enum wft_status ui_term_start(struct ui *ui, struct wft_error *err)
{
	const char *term = getenv("TERM");
	enum wft_status st;

	ui->saved_stderr = -1;
	st = ui->script_mode ? open_null_screen(ui, term, err) : open_screen(ui, term, err);
	if (st != WFT_OK)
		return st;
	/* Nothing written to stderr may land on the screen. */
	ui->stderr_capture = tmpfile();
	ui->saved_stderr = dup(STDERR_FILENO);
	if (ui->stderr_capture && ui->saved_stderr >= 0)
		dup2(fileno(ui->stderr_capture), STDERR_FILENO);
	g_ui = ui;
	install_signals();
	set_keys(ui);
	set_colors(ui);
	sweep_tmux_buffers(ui);
	return WFT_OK;
}

/* `:theme NAME`: another theme, live. An unknown name or an unreadable
 * file keeps the current theme; errors inside the file are reported and
 * the rest of it is used. */
int ui_term_set_theme(struct ui *ui, const char *name)
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
int ui_term_save_display(struct ui *ui, const char *path)
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

void ui_term_suspend(struct ui *ui)
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
