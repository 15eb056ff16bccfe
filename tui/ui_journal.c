/* ui_journal.c: the journal of changes as the console keeps it (opened
 * for the session, a line per change, :journal), and the overlay that
 * shows a log: the message log (L) and the journal. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <curses.h>

#include "journal.h"
#include "keys.h"
#include "msglog.h"
#include "outcome.h"
#include "overlay.h"
#include "textwidth.h"
#include "ui.h"

/* A log in an overlay: the message log (L), and the journal (:journal),
 * whose lines carry their own date, so no time is put before them. */
struct log_view {
	const struct msglog *log;      /* the session's messages, or owned below */
	struct msglog *owned;          /* the journal's lines, read for the overlay */
	const char *what, *empty;
	bool stamped;
	int scroll;                    /* first line shown; the draw clamps it */
};

struct jfill {
	struct msglog *log;
	const char *filter;
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
				attrset(e->kind == TOAST_INFO ? ui_attr(THEME_DIALOG)
				                              : ui_toast_attr((enum toast_kind)e->kind));
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
void ui_log_open(struct ui *ui, const struct msglog *log, struct msglog *owned,
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

const char *ui_journal_state(const struct wft_error *err)
{
	enum wft_outcome o = wft_outcome_of(err);

	if (err && err->code == WFT_ERR_DRY_RUN)
		return JOURNAL_DRY_RUN;
	return journal_state_of(o, o == WFT_OUTCOME_REFUSED ? WFT_SETTLED_NOT_DONE
	                           : o == WFT_OUTCOME_UNCONFIRMED ? WFT_SETTLED_UNKNOWN
	                           : WFT_SETTLED_DONE);
}

void ui_journal_answer(struct ui *ui, unsigned long *change, const char *action, const char *id,
                       const char *name, const char *account, const struct wft_error *err)
{
	ui_journal(ui, change, action, id, name, account, ui_journal_state(err),
	           err && err->code != WFT_OK ? err->message : NULL);
}

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
int ui_journal_show(struct ui *ui, const char *filter)
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
	ui_log_open(ui, NULL, jlog, "Journal of changes", "No change recorded yet.", false);
	return UI_HANDLED;
}
