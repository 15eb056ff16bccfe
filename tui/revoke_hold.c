/* revoke_hold.c: the undo window of a revoke, for every place that
 * revokes: its clock, the loop's wake-ups for the countdown, the send at
 * its end, u, and the question before a quit or a close while revokes are
 * held. */
#include <stdlib.h>
#include <curses.h>

#include "revoke_hold.h"
#include "ui.h"

void hold_init(struct revoke_hold *h, const struct hold_ops *ops, void *owner)
{
	h->ops = ops;
	h->owner = owner;
}

bool hold_running(const struct revoke_hold *h)
{
	return h->until != 0;
}

void hold_start(struct ui *ui, struct revoke_hold *h, size_t n, int ms)
{
	if (!hold_running(h)) {
		h->next = ui->holds;
		ui->holds = h;
	}
	h->ui = ui;
	h->n = n;
	h->paused = false;
	h->until = ui_now_ms() + ms;
}

void hold_end(struct revoke_hold *h)
{
	if (!hold_running(h))
		return;
	for (struct revoke_hold **p = &h->ui->holds; *p; p = &(*p)->next)
		if (*p == h) {
			*p = h->next;
			break;
		}
	h->until = 0;
	h->paused = false;
	h->next = NULL;
}

int hold_seconds_left(const struct revoke_hold *h)
{
	int64_t left = !hold_running(h) ? 0 : h->paused ? h->left : h->until - ui_now_ms();

	return left > 0 ? (int)((left + 999) / 1000) : 0;
}

void hold_abandon(struct revoke_hold *h)
{
	if (!hold_running(h))
		return;
	if (h->ops && h->ops->lost)
		h->ops->lost(h->ui, h->owner);
	hold_end(h);
}

int64_t hold_wake(struct ui *ui, int64_t now)
{
	int64_t t = -1;

	for (const struct revoke_hold *h = ui->holds; h; h = h->next) {
		if (h->paused)
			continue;
		/* Each second of the countdown redraws; an overdue end at once. */
		int64_t left = h->until - now, s = left % 1000 ? left % 1000 : 1000;
		int64_t w = left <= 0 ? 0 : left < s ? left : s;
		if (t < 0 || w < t)
			t = w;
	}
	return t;
}

/* Sends h's revokes: the owner's send ends the window (or it is ended here). */
static void send_now(struct revoke_hold *h)
{
	struct ui *ui = h->ui;

	h->paused = false;
	h->ops->send(ui, h->owner);
	hold_end(h);
}

void hold_timers(struct ui *ui, int64_t now)
{
	struct revoke_hold *h = ui->holds;

	while (h) {
		struct revoke_hold *next = h->next;
		if (!h->paused && now >= h->until) {
			send_now(h);
			/* The send may have changed the list: start again. */
			next = ui->holds;
		}
		h = next;
	}
}

void hold_undo(struct revoke_hold *h, const char *why)
{
	h->paused = false;
	h->ops->undo(h->ui, h->owner, why);
	hold_end(h);
}

bool hold_undo_newest(struct ui *ui)
{
	if (!ui->holds)
		return false;
	hold_undo(ui->holds, NULL);
	return true;
}

/* ---- the question -------------------------------------------------------- */

/* What the question asks about: one window (a close), or every one (a quit). */
struct hold_question {
	struct ui *ui;
	struct revoke_hold *only;
	void (*close)(struct ui *ui);
};

static bool asked(const struct hold_question *q, const struct revoke_hold *h)
{
	return !q->only || q->only == h;
}

static void draw_question(struct ui *ui, void *data)
{
	struct hold_question *q = data;
	int w = 62, h = 8, y = ui->lines / 2 - 4, x = (ui->cols - w) / 2;
	const char *verb = q->close ? "close" : "quit";
	char line[128];
	size_t n = 0;
	int64_t left = 0;

	for (const struct revoke_hold *r = ui->holds; r; r = r->next)
		if (asked(q, r)) {
			n += r->n;
			left = r->left > left ? r->left : left;
		}
	curs_set(0);
	wg_box(ui_style(), y, x, h, w, q->close ? "Close with revokes waiting?"
	                                        : "Quit with revokes waiting?");
	attrset(ui_attr(THEME_DIALOG));
	snprintf(line, sizeof line, "%zu revoke%s not sent yet (%d s were left).", n,
	         n == 1 ? " is" : "s are", (int)((left + 999) / 1000));
	mvaddnstr(y + 2, x + 2, line, w - 4);
	snprintf(line, sizeof line, "s Send now, then %s", verb);
	mvaddnstr(y + 4, x + 2, line, w - 4);
	snprintf(line, sizeof line, "c Cancel them (nothing is sent) and %s", verb);
	mvaddnstr(y + 5, x + 2, line, w - 4);
	mvaddstr(y + 6, x + 2, "Esc Stay (the countdown goes on)");
}

/* The first running window q asks about, or NULL. */
static struct revoke_hold *first_asked(struct ui *ui, const struct hold_question *q)
{
	for (struct revoke_hold *h = ui->holds; h; h = h->next)
		if (asked(q, h))
			return h;
	return NULL;
}

/* Any key answers: s sends, c cancels, anything else stays. */
static int question_key(struct ui *ui, void *data, int key)
{
	struct hold_question *q = data;
	struct revoke_hold *h;

	if (key == 's' || key == 'S' || key == 'c' || key == 'C') {
		bool send = key == 's' || key == 'S';
		while ((h = first_asked(ui, q)) != NULL) {
			if (send)
				send_now(h);
			else
				hold_undo(h, q->close ? "cancelled at close" : "cancelled at quit");
		}
		if (q->close) {
			q->close(ui);
			return UI_HANDLED | UI_RELAYOUT | OVERLAY_CLOSE;
		}
		/* Sent: quit once every answer is in (or read back). */
		if (send)
			ui->quit_when_idle = true;
		return (send ? UI_HANDLED : UI_QUIT) | OVERLAY_CLOSE;
	}
	/* Stay: the windows go on from where they stood. */
	for (h = ui->holds; h; h = h->next)
		if (asked(q, h) && h->paused) {
			h->paused = false;
			h->until = ui_now_ms() + h->left;
		}
	return UI_HANDLED | OVERLAY_CLOSE;
}

static const struct overlay_ops question_ops = { "hold-question", draw_question, question_key,
                                                 free };

/* Puts the question up, the windows it asks about paused. */
static bool ask(struct ui *ui, struct revoke_hold *only, void (*close)(struct ui *ui))
{
	struct hold_question *q;

	if (overlay_has(&ui->overlays, &question_ops) || !(q = calloc(1, sizeof *q)))
		return false;
	q->ui = ui;
	q->only = only;
	q->close = close;
	for (struct revoke_hold *h = ui->holds; h; h = h->next)
		if (asked(q, h) && !h->paused) {
			h->left = h->until - ui_now_ms();
			if (h->left < 0)
				h->left = 0;
			h->paused = true;
		}
	return overlay_push(&ui->overlays, &question_ops, q);
}

bool hold_before_quit(struct ui *ui)
{
	/* A second quit while the question is up quits: nothing is sent. */
	return ui->holds && ask(ui, NULL, NULL);
}

bool hold_before_close(struct ui *ui, struct revoke_hold *h, void (*close)(struct ui *ui))
{
	return hold_running(h) && ask(ui, h, close);
}
