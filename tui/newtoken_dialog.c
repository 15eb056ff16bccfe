/* newtoken_dialog.c: the hand-over of a newly generated token or secret
 * (a service-account token, a CSP API token, an OAuth app's client
 * secret), the one place a full token id or secret is drawn: c copies it
 * with OSC 52, f writes it to a new 0600 file; closing wipes it from
 * memory and repaints the screen. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <curses.h>

#include "accounts.h"
#include "overlay.h"
#include "keys.h"
#include "mask.h"
#include "osc52.h"
#include "secretfile.h"
#include "textwidth.h"
#include "tmuxclip.h"

struct newtoken {
	char *id;                        /* the secret: wiped on close */
	char title[64];                  /* "New token" */
	char about[300];                 /* "Account: sa::x   Name: y" */
	char what[64];                   /* "The token" */
	bool is_token;                   /* an Operations for Applications token id */
	bool asking_path;
	struct lineedit path;
	char msg[600];
	enum toast_kind msg_kind;
	char tmux_buffer[32];            /* a tmux paste buffer holding the id, or "" */
	struct ui *ui;                   /* for the warning when the buffer stays */
};

static const struct overlay_ops newtoken_ops;

/* The hand-over, while it is on the overlay stack. */
static struct newtoken *NT(struct ui *ui)
{
	return overlay_find(&ui->overlays, &newtoken_ops);
}

bool newtoken_open_secret(struct ui *ui, const char *title, const char *about, const char *what,
                          const char *secret)
{
	struct newtoken *t;

	if (!secret)
		return false;
	if (NT(ui))
		newtoken_close(ui);
	if (!(t = calloc(1, sizeof *t)) || !(t->id = strdup(secret))) {
		free(t);
		ui_toast(ui, TOAST_ERROR, "Out of memory: the new %s cannot be shown.", what);
		return false;
	}
	snprintf(t->title, sizeof t->title, "%s", title);
	snprintf(t->about, sizeof t->about, "%s", about);
	snprintf(t->what, sizeof t->what, "%s", what);
	lineedit_init(&t->path);
	t->ui = ui;
	return overlay_push(&ui->overlays, &newtoken_ops, t);
}

bool newtoken_open(struct ui *ui, const char *account, const char *id, const char *name)
{
	char about[300];
	bool ok;
	struct newtoken *t;

	snprintf(about, sizeof about, "Account: %s   Name: %s", account,
	         name && *name ? name : "(no name)");
	ok = newtoken_open_secret(ui, "New token", about, "token", id);
	if (ok && (t = NT(ui)))
		t->is_token = true;
	return ok;
}

void newtoken_close(struct ui *ui)
{
	struct newtoken *t = NT(ui);

	if (t)
		overlay_remove(&ui->overlays, t);   /* runs newtoken_free */
}

static void newtoken_free(void *data)
{
	struct newtoken *t = data;
	struct ui *ui = t->ui;

	if (t->tmux_buffer[0]) {
		/* The copy through tmux left the id in a paste buffer: it goes too. */
		struct wft_error err;
		if (tmuxclip_delete(t->tmux_buffer, &err) != WFT_OK)
			ui_toast(ui, TOAST_WARNING, "The tmux paste buffer %s may still hold the token "
			         "(%s): tmux delete-buffer -b %s", t->tmux_buffer, err.message,
			         t->tmux_buffer);
	}
	wft_free_secret(t->id);
	lineedit_free(&t->path);
	wft_wipe(t, sizeof *t);
	free(t);
	/* Every cell is drawn again: nothing of the id stays on the terminal. */
	clearok(curscr, TRUE);
}

static void newtoken_draw(struct ui *ui, void *data)
{
	(void)data;
	struct newtoken *t = NT(ui);
	int w = ui->cols - 4 < 76 ? ui->cols - 4 : 76, h = 14;
	int y = (ui->lines - h) / 2, x = (ui->cols - w) / 2, r;
	attr_t da = ui_attr(THEME_DIALOG);
	char line[700];

	if (!t)
		return;
	wg_box(ui_style(), y, x, h, w, t->title);
	r = y + 2;
	wg_text(r++, x + 2, w - 4, t->about, da);
	r++;
	snprintf(line, sizeof line, "The %s (shown this once only; it is a password):", t->what);
	wg_text(r++, x + 2, w - 4, line, da);
	wg_text(r++, x + 4, w - 6, t->id, da | A_BOLD);
	r++;
	wg_text(r++, x + 2, w - 4, t->is_token ? "Store it now: after this dialog only its last 4 "
	        "characters" : "Store it now: after this dialog it is never shown again, and", da);
	wg_text(r++, x + 2, w - 4, t->is_token ? "are ever shown again." : "no one can read it "
	        "back from the server.", da);
	if (t->asking_path) {
		const char *lab = "Write to new file: ";
		int lx = x + 2 + tw_width(lab);
		wg_text(r, x + 2, tw_width(lab), lab, ui_attr(THEME_PROMPT));
		wg_text(r, lx, w - 4 - tw_width(lab), lineedit_text(&t->path), ui_attr(THEME_PROMPT));
		move(r, lx + lineedit_cursor_col(&t->path));
		curs_set(1);
	} else {
		curs_set(0);
	}
	r++;
	if (t->msg[0])
		wg_text(r, x + 2, w - 4, t->msg,
		          t->msg_kind == TOAST_ERROR ? ui_attr(THEME_ERROR)
		          : t->msg_kind == TOAST_WARNING ? ui_attr(THEME_WARNING) : ui_attr(THEME_INFO));
	wg_text(y + h - 2, x + 2, w - 4,
	          t->asking_path ? "Enter write  Esc back" : "c copy (OSC 52)  f write to a 0600 file  "
	          "Esc/q/Enter close", da | ui_attr(THEME_KEY_HINT));
}

/* Sends the id to the terminal's clipboard: inside tmux through tmux
 * itself (its default settings drop an application's OSC 52), elsewhere
 * with OSC 52. */
static void copy(struct ui *ui, struct newtoken *t)
{
	enum osc52_wrap wrap;
	struct wft_error err;
	const char *tmux = getenv("TMUX");

	if (tmux && *tmux && !getenv("WFTOKENS_OSC52_FILE")) {
		char name[32];
		tmuxclip_buffer_name(name, sizeof name);
		if (tmuxclip_load(name, t->id, &err) == WFT_OK) {
			snprintf(t->tmux_buffer, sizeof t->tmux_buffer, "%s", name);
			snprintf(t->msg, sizeof t->msg, "Sent to the clipboard through tmux (load-buffer -w, "
			         "buffer %s, deleted when this closes). If paste gives nothing, the "
			         "terminal outside tmux refuses OSC 52: use f.", name);
			t->msg_kind = TOAST_INFO;
			return;
		}
		/* tmux refused: try the wrapped sequence, and say both. */
		char why[200];
		snprintf(why, sizeof why, "%.150s", err.message);
		if (!ui_clipboard(ui, t->id, &wrap, &err)) {
			snprintf(t->msg, sizeof t->msg, "Not copied: tmux: %s; OSC 52: %.300s", why,
			         err.message);
			t->msg_kind = TOAST_ERROR;
			return;
		}
		snprintf(t->msg, sizeof t->msg, "tmux load-buffer failed (%s); sent OSC 52 through "
		         "tmux instead, which tmux drops unless allow-passthrough is on: use f if "
		         "paste gives nothing.", why);
		t->msg_kind = TOAST_WARNING;
		return;
	}
	if (!ui_clipboard(ui, t->id, &wrap, &err)) {
		snprintf(t->msg, sizeof t->msg, "Not copied: %s", err.message);
		t->msg_kind = TOAST_ERROR;
		return;
	}
	snprintf(t->msg, sizeof t->msg, "Sent to the clipboard through the terminal (OSC 52%s). If "
	         "paste gives nothing, the terminal refuses OSC 52: use f.",
	         wrap == OSC52_TMUX ? ", via tmux" : wrap == OSC52_SCREEN ? ", via screen" : "");
	t->msg_kind = TOAST_INFO;
}

static void write_file(struct newtoken *t)
{
	struct wft_error err;
	char *path = secretfile_expand(lineedit_text(&t->path), getenv("HOME"), &err);

	if (!path || secretfile_write(path, t->id, strlen(t->id), true, &err) != WFT_OK) {
		snprintf(t->msg, sizeof t->msg, "Not written: %s", err.message);
		t->msg_kind = TOAST_ERROR;
		free(path);
		return;          /* the path stays for another try */
	}
	snprintf(t->msg, sizeof t->msg, "Written to %.300s (mode 0600, readable by you only).", path);
	t->msg_kind = TOAST_INFO;
	t->asking_path = false;
	free(path);
}

static int newtoken_key(struct ui *ui, void *data, int key)
{
	(void)data;
	struct newtoken *t = NT(ui);

	if (!t)
		return 0;
	if (t->asking_path) {
		if (key == '\n')
			write_file(t);
		else if (key == KEY_ESC)
			t->asking_path = false;
		else
			keys_edit_line(&t->path, key);
		return UI_HANDLED;
	}
	switch (key) {
	case 'c':
		copy(ui, t);
		break;
	case 'f':
		t->asking_path = true;
		t->msg[0] = '\0';
		break;
	case KEY_ESC: case 'q': case '\n':
		newtoken_close(ui);
		return UI_HANDLED | UI_RELAYOUT;
	default:
		break;
	}
	return UI_HANDLED;
}

static const struct overlay_ops newtoken_ops = { "new-token", newtoken_draw, newtoken_key,
                                                 newtoken_free };
