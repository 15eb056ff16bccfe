/* help.c: the help overlay: the actions of the page in front and their
 * keys, from the action table, filtered by what is typed. */
#include <stdlib.h>
#include <string.h>
#include <curses.h>

#include "help.h"
#include "keys.h"
#include "overlay.h"
#include "ui.h"

struct help {
	unsigned page;                 /* ACTF_TOKENS, ACTF_ACCOUNTS or ACTF_CSP */
	int scroll;                    /* first line shown; the draw clamps it */
	struct lineedit filter;
};

static bool help_matches(const struct help *H, int i)
{
	const char *f = lineedit_text(&H->filter);
	unsigned page = H->page;

	if (!ACTION_ON_PAGE(i, page))
		return false;
	return !*f || strcasestr(action_table[i].help, f) || strcasestr(action_table[i].name, f);
}

/* The help overlay lists the actions of the page in front grouped by
 * where their keys apply, so a key that means two things (d in the table
 * and in the side panel) is never shown without its context. It scrolls
 * with the arrows, PgDn, PgUp, Home and End. */
static const struct {
	enum action_scope scope;
	const char *title;
} help_groups[] = {
	{ SCOPE_ANY, "Anywhere" },
	{ SCOPE_TABLE, "In the table" },
	{ SCOPE_PANEL, "In the side panel (Tab moves there)" },
};

static void help_draw(struct ui *ui, void *data)
{
	struct help *H = data;
	unsigned page = H->page;
	int w = ui->cols - 4, h = ui->lines - 2, y = 1, x = 2;
	int room = h - 2, total = 0, r = 0, shown = 0;
	char keys[64], line[300], title[160];
	attr_t d = ui_attr(THEME_DIALOG);

	curs_set(0);
	snprintf(title, sizeof title, "Help (%s): type to filter [%s]  Esc closes",
	         page == ACTF_ACCOUNTS ? "Service Accounts" : page == ACTF_CSP ? "VMware Cloud"
	                                                                    : "API Tokens",
	         lineedit_text(&H->filter));
	wg_box(ui_style(), y, x, h, w, title);
	if (room < 1)
		return;
	/* Lines in all: a title per group with actions, then the actions. */
	for (size_t g = 0; g < sizeof help_groups / sizeof help_groups[0]; g++) {
		int n = 0;
		for (int i = 1; i < ACT_COUNT; i++)
			n += action_table[i].scope == help_groups[g].scope && help_matches(H, i);
		total += n ? n + 1 : 0;
	}
	if (H->scroll > total - room)
		H->scroll = total - room > 0 ? total - room : 0;
	if (H->scroll < 0)
		H->scroll = 0;
	/* The last line says when more follows. */
	int last = total - H->scroll > room ? room - 1 : room;
	for (size_t g = 0; g < sizeof help_groups / sizeof help_groups[0]; g++) {
		bool titled = false;
		for (int i = 1; i < ACT_COUNT; i++) {
			if (action_table[i].scope != help_groups[g].scope || !help_matches(H, i))
				continue;
			if (!titled) {
				titled = true;
				if (r++ >= H->scroll && shown < last)
					wg_text(y + 1 + shown++, x + 2, w - 4, help_groups[g].title,
					        ui_attr(THEME_DIALOG_TITLE));
			}
			if (r++ < H->scroll || shown >= last)
				continue;
			keymap_keys_text((enum action)i, keys, sizeof keys);
			snprintf(line, sizeof line, "  %-16s %-16s %s", keys, action_table[i].name,
			         action_table[i].help);
			wg_text(y + 1 + shown++, x + 2, w - 4, line, d);
		}
	}
	if (last < room) {
		snprintf(line, sizeof line, "-- more below (%d of %d lines; PgDn, End) --",
		         H->scroll + last, total);
		wg_text(y + room, x + 2, w - 4, line, ui_attr(THEME_KEY_HINT) | d);
	}
}

static int help_key(struct ui *ui, void *data, int key)
{
	struct help *H = data;
	int page = ui->lines > 6 ? ui->lines - 6 : 1;

	if (key == KEY_ESC || key == '\n' || (key == 'q' && !*lineedit_text(&H->filter)))
		return UI_HANDLED | OVERLAY_CLOSE;
	if (key == KEYF(KEY_DOWN))
		H->scroll++;
	else if (key == KEYF(KEY_UP) && H->scroll > 0)
		H->scroll--;
	else if (key == KEYF(KEY_NPAGE))
		H->scroll += page;
	else if (key == KEYF(KEY_PPAGE))
		H->scroll -= page;
	else if (key == KEYF(KEY_HOME))
		H->scroll = 0;
	else if (key == KEYF(KEY_END))
		H->scroll = 1 << 20;
	else if (keys_edit_line(&H->filter, key))
		H->scroll = 0;
	return UI_HANDLED;
}

static void help_free(void *data)
{
	struct help *H = data;

	lineedit_free(&H->filter);
	free(H);
}

static const struct overlay_ops help_ops = { "help", help_draw, help_key, help_free };

void help_open(struct ui *ui, unsigned page)
{
	struct help *H = calloc(1, sizeof *H);

	if (!H) {
		ui_toast(ui, TOAST_ERROR, "Out of memory.");
		return;
	}
	H->page = page;
	lineedit_init(&H->filter);
	overlay_push(&ui->overlays, &help_ops, H);
}
