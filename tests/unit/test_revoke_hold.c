/* test_revoke_hold.c: the undo window (tui/revoke_hold.c) on a clock the
 * test moves: the countdown and the loop's wake-ups, the window's end
 * sending once, u undoing the newest window with nothing sent, a window
 * given up when its owner goes, and the question before a quit or a
 * close: send now, cancel them, stay (the countdown paused while it asks,
 * going on from where it stood after). No terminal: the question is never
 * drawn here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "revoke_hold.h"
#include "ui.h"

/* The clock of the window, moved by the tests. */
static int64_t clock_ms = 1000000;

int64_t ui_now_ms(void)
{
	return clock_ms;
}

/* What the question's draw needs, never called here. */
attr_t ui_attr(enum theme_element e)
{
	(void)e;
	return 0;
}

const struct wg_style *ui_style(void)
{
	return NULL;
}

void wg_box(const struct wg_style *st, int y, int x, int h, int w, const char *title)
{
	(void)st, (void)y, (void)x, (void)h, (void)w, (void)title;
}

/* An owner of held revokes: what the window asked of it. */
struct owner {
	int sent, undone, lost, closed;
	char why[64];
};

static void o_send(struct ui *ui, void *owner)
{
	(void)ui;
	((struct owner *)owner)->sent++;
}

static void o_undo(struct ui *ui, void *owner, const char *why)
{
	struct owner *o = owner;

	(void)ui;
	o->undone++;
	snprintf(o->why, sizeof o->why, "%s", why ? why : "u");
}

static void o_lost(struct ui *ui, void *owner)
{
	(void)ui;
	((struct owner *)owner)->lost++;
}

static const struct hold_ops ops = { o_send, o_undo, o_lost };
static struct owner *closing;

static void o_close(struct ui *ui)
{
	(void)ui;
	closing->closed++;
}

static void test_countdown_and_end(void **state)
{
	struct ui ui;
	struct owner o = { 0 };
	struct revoke_hold h = { 0 };

	(void)state;
	memset(&ui, 0, sizeof ui);
	hold_init(&h, &ops, &o);
	assert_int_equal(hold_wake(&ui, clock_ms), -1);
	hold_start(&ui, &h, 2, 10000);
	assert_true(hold_running(&h));
	assert_int_equal(hold_seconds_left(&h), 10);
	/* Every second of the countdown wakes the loop. */
	assert_int_equal(hold_wake(&ui, clock_ms), 1000);
	clock_ms += 2500;
	assert_int_equal(hold_seconds_left(&h), 8);
	assert_int_equal(hold_wake(&ui, clock_ms), 500);
	hold_timers(&ui, clock_ms);
	assert_int_equal(o.sent, 0);
	clock_ms += 7500;
	assert_int_equal(hold_wake(&ui, clock_ms), 0);
	hold_timers(&ui, clock_ms);
	assert_int_equal(o.sent, 1);
	assert_false(hold_running(&h));
	assert_null(ui.holds);
	hold_timers(&ui, clock_ms + 5000);
	assert_int_equal(o.sent, 1);
	assert_int_equal(hold_seconds_left(&h), 0);
}

static void test_undo_newest_and_abandon(void **state)
{
	struct ui ui;
	struct owner a = { 0 }, b = { 0 };
	struct revoke_hold ha = { 0 }, hb = { 0 };

	(void)state;
	memset(&ui, 0, sizeof ui);
	hold_init(&ha, &ops, &a);
	hold_init(&hb, &ops, &b);
	assert_false(hold_undo_newest(&ui));
	hold_start(&ui, &ha, 1, 10000);
	clock_ms += 1000;
	hold_start(&ui, &hb, 1, 10000);
	/* u: the window started last, nothing sent. */
	assert_true(hold_undo_newest(&ui));
	assert_int_equal(b.undone, 1);
	assert_string_equal(b.why, "u");
	assert_false(hold_running(&hb));
	assert_true(hold_running(&ha));
	/* Its owner goes: lost, never sent. */
	hold_abandon(&ha);
	assert_int_equal(a.lost, 1);
	assert_int_equal(a.sent + b.sent, 0);
	assert_null(ui.holds);
	hold_abandon(&ha);
	assert_int_equal(a.lost, 1);
}

static void test_quit_question(void **state)
{
	struct ui ui;
	struct owner a = { 0 }, b = { 0 };
	struct revoke_hold ha = { 0 }, hb = { 0 };
	int r;

	(void)state;
	memset(&ui, 0, sizeof ui);
	hold_init(&ha, &ops, &a);
	hold_init(&hb, &ops, &b);
	assert_false(hold_before_quit(&ui));
	hold_start(&ui, &ha, 1, 10000);
	hold_start(&ui, &hb, 3, 10000);
	clock_ms += 4000;
	assert_true(hold_before_quit(&ui));
	assert_int_equal(ui.overlays.n, 1);
	/* Paused while it asks: time passes, nothing leaves, nothing wakes. */
	clock_ms += 60000;
	assert_int_equal(hold_seconds_left(&ha), 6);
	assert_int_equal(hold_wake(&ui, clock_ms), -1);
	hold_timers(&ui, clock_ms);
	assert_int_equal(a.sent + b.sent, 0);
	/* A second quit while it asks is not asked again. */
	assert_false(hold_before_quit(&ui));
	/* Stay: the countdown goes on from where it stood. */
	r = overlay_key(&ui.overlays, &ui, 27);
	assert_int_equal(r & UI_QUIT, 0);
	assert_int_equal(ui.overlays.n, 0);
	assert_int_equal(hold_seconds_left(&ha), 6);
	/* Send now: every window, then quit once answered. */
	assert_true(hold_before_quit(&ui));
	r = overlay_key(&ui.overlays, &ui, 's');
	assert_int_equal(a.sent, 1);
	assert_int_equal(b.sent, 1);
	assert_true(ui.quit_when_idle);
	assert_int_equal(r & UI_QUIT, 0);
	assert_null(ui.holds);
	/* Cancel them: nothing sent, and quit. */
	ui.quit_when_idle = false;
	hold_start(&ui, &ha, 1, 10000);
	assert_true(hold_before_quit(&ui));
	r = overlay_key(&ui.overlays, &ui, 'c');
	assert_int_equal(a.undone, 1);
	assert_string_equal(a.why, "cancelled at quit");
	assert_int_equal(a.sent, 1);
	assert_true(r & UI_QUIT);
	assert_false(ui.quit_when_idle);
}

static void test_close_question(void **state)
{
	struct ui ui;
	struct owner a = { 0 }, b = { 0 };
	struct revoke_hold ha = { 0 }, hb = { 0 };

	(void)state;
	memset(&ui, 0, sizeof ui);
	hold_init(&ha, &ops, &a);
	hold_init(&hb, &ops, &b);
	closing = &b;
	assert_false(hold_before_close(&ui, &hb, o_close));
	hold_start(&ui, &ha, 1, 10000);
	hold_start(&ui, &hb, 1, 10000);
	/* Closing b asks about b's window alone. */
	assert_true(hold_before_close(&ui, &hb, o_close));
	clock_ms += 20000;
	hold_timers(&ui, clock_ms);
	assert_int_equal(a.sent, 1);
	assert_int_equal(b.sent, 0);
	overlay_key(&ui.overlays, &ui, 'c');
	assert_int_equal(b.undone, 1);
	assert_string_equal(b.why, "cancelled at close");
	assert_int_equal(b.closed, 1);
	/* Send now, then close. */
	hold_start(&ui, &hb, 1, 10000);
	assert_true(hold_before_close(&ui, &hb, o_close));
	overlay_key(&ui.overlays, &ui, 's');
	assert_int_equal(b.sent, 1);
	assert_int_equal(b.closed, 2);
	assert_null(ui.holds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_countdown_and_end),
		cmocka_unit_test(test_undo_newest_and_abandon),
		cmocka_unit_test(test_quit_question),
		cmocka_unit_test(test_close_question),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
