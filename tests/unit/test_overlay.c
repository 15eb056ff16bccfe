/* test_overlay.c: the overlay stack without a terminal: push and pop,
 * keys going to the overlay in front only, an overlay closing itself or
 * pushing another from its key handler, drawing from the bottom up, a line
 * of typed text known while it is in front, and every overlay's data
 * freed once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "overlay.h"

/* What the test overlays did, in order. */
static char trail[256];

static void note(const char *what, const char *name)
{
	size_t n = strlen(trail);
	snprintf(trail + n, sizeof trail - n, "%s%s:%s", n ? " " : "", what, name);
}

struct probe {
	const char *name;
	int closes_on;      /* this key closes it */
	int pushes_on;      /* this key pushes another probe over it */
	struct overlay_stack *stack;
	int freed;
};

static int freed_total;

static void probe_draw(struct ui *ui, void *data)
{
	(void)ui;
	note("draw", ((struct probe *)data)->name);
}

static void probe_free(void *data)
{
	struct probe *p = data;
	note("free", p->name);
	p->freed++;
	freed_total++;
}

static struct probe pushed = { "pushed", 'x', 0, NULL, 0 };
static const struct overlay_ops probe_ops;

static int probe_key(struct ui *ui, void *data, int key)
{
	struct probe *p = data;
	(void)ui;
	note("key", p->name);
	if (key == p->pushes_on) {
		overlay_push(p->stack, &probe_ops, &pushed);
		return 1 | OVERLAY_CLOSE;
	}
	return key == p->closes_on ? 1 | OVERLAY_CLOSE : 1;
}

static const struct overlay_ops probe_ops = { "probe", probe_draw, probe_key, probe_free };
static const struct overlay_ops other_ops = { "other", probe_draw, probe_key, probe_free };

static void reset(void)
{
	trail[0] = '\0';
	freed_total = 0;
	pushed.freed = 0;
}

static void push_pop_and_top(void **state)
{
	struct overlay_stack s = { .n = 0 };
	struct probe a = { "a", 'q', 0, &s, 0 }, b = { "b", 'q', 0, &s, 0 };
	(void)state;
	reset();
	assert_null(overlay_top(&s));
	assert_int_equal(overlay_key(&s, NULL, 'q'), 0);
	assert_true(overlay_push(&s, &probe_ops, &a));
	assert_true(overlay_push(&s, &other_ops, &b));
	assert_ptr_equal(overlay_top(&s)->data, &b);
	assert_ptr_equal(overlay_find(&s, &probe_ops), &a);
	assert_ptr_equal(overlay_find(&s, &other_ops), &b);
	assert_true(overlay_has(&s, &other_ops));
	assert_ptr_equal(overlay_find_named(&s, "other"), &b);
	assert_ptr_equal(overlay_find_named(&s, "probe"), &a);
	assert_null(overlay_find_named(&s, "none"));
	assert_true(overlay_remove(&s, &b));
	assert_false(overlay_remove(&s, &b));
	assert_false(overlay_has(&s, &other_ops));
	assert_int_equal(b.freed, 1);
	assert_ptr_equal(overlay_top(&s)->data, &a);
	overlay_clear(&s);
	assert_null(overlay_top(&s));
	assert_int_equal(a.freed, 1);
	assert_int_equal(freed_total, 2);
}

static void keys_go_to_the_front_only(void **state)
{
	struct overlay_stack s = { .n = 0 };
	struct probe a = { "a", 'q', 0, &s, 0 }, b = { "b", 'q', 0, &s, 0 };
	(void)state;
	reset();
	overlay_push(&s, &probe_ops, &a);
	overlay_push(&s, &probe_ops, &b);
	assert_int_equal(overlay_key(&s, NULL, 'j'), 1);
	assert_int_equal(overlay_key(&s, NULL, 'q'), 1);   /* b closes; the flag is not passed on */
	assert_int_equal(s.n, 1);
	assert_int_equal(overlay_key(&s, NULL, 'j'), 1);
	assert_string_equal(trail, "key:b key:b free:b key:a");
	overlay_clear(&s);
}

static void a_handler_may_push_over_itself(void **state)
{
	struct overlay_stack s = { .n = 0 };
	struct probe a = { "a", 'q', 'p', &s, 0 };
	(void)state;
	reset();
	overlay_push(&s, &probe_ops, &a);
	overlay_key(&s, NULL, 'p');   /* a pushes "pushed" and closes itself */
	assert_int_equal(s.n, 1);
	assert_ptr_equal(overlay_top(&s)->data, &pushed);
	assert_int_equal(a.freed, 1);
	assert_int_equal(pushed.freed, 0);
	overlay_key(&s, NULL, 'x');
	assert_int_equal(s.n, 0);
	assert_int_equal(pushed.freed, 1);
}

static void drawn_from_the_bottom_up(void **state)
{
	struct overlay_stack s = { .n = 0 };
	struct probe a = { "a", 'q', 0, &s, 0 }, b = { "b", 'q', 0, &s, 0 };
	(void)state;
	reset();
	overlay_push(&s, &probe_ops, &a);
	overlay_push(&s, &other_ops, &b);
	overlay_draw(&s, NULL);
	assert_string_equal(trail, "draw:a draw:b");
	overlay_remove_all(&s, &other_ops);
	assert_int_equal(s.n, 1);
	overlay_clear(&s);
}

static void a_full_stack_refuses_and_frees(void **state)
{
	struct overlay_stack s = { .n = 0 };
	struct probe p[OVERLAY_MAX + 1];
	(void)state;
	reset();
	for (int i = 0; i <= OVERLAY_MAX; i++) {
		p[i] = (struct probe){ "p", 'q', 0, &s, 0 };
		assert_int_equal(overlay_push(&s, &probe_ops, &p[i]), i < OVERLAY_MAX);
	}
	assert_int_equal(p[OVERLAY_MAX].freed, 1);
	overlay_clear(&s);
	assert_int_equal(freed_total, OVERLAY_MAX + 1);
}

/* A line of typed text (a search bar) says so while it is in front
 * only: a menu opened over it is not typing, and it is again once the
 * menu closes; a typing line that closes itself takes its flag along. */
static void typing_is_the_front_ones(void **state)
{
	struct overlay_stack s = { .n = 0 };
	struct probe bar = { "bar", 'q', 0, &s, 0 }, menu = { "menu", 'q', 0, &s, 0 };
	(void)state;
	reset();
	assert_false(overlay_typing(&s));
	overlay_push(&s, &probe_ops, &menu);
	assert_false(overlay_typing(&s));
	overlay_clear(&s);
	trail[0] = '\0';
	assert_true(overlay_push_typing(&s, &probe_ops, &bar));
	assert_true(overlay_typing(&s));
	overlay_push(&s, &other_ops, &menu);
	assert_false(overlay_typing(&s));
	assert_int_equal(overlay_key(&s, NULL, 'j'), 1);
	assert_string_equal(trail, "key:menu");
	overlay_key(&s, NULL, 'q');           /* the menu closes: the bar is in front again */
	assert_true(overlay_typing(&s));
	assert_ptr_equal(overlay_top(&s)->data, &bar);
	overlay_key(&s, NULL, 'q');           /* the bar closes itself */
	assert_int_equal(s.n, 0);
	assert_false(overlay_typing(&s));
	assert_int_equal(bar.freed, 1);
	assert_int_equal(menu.freed, 2);
}

/* A typing line pushed on a full stack is refused and freed like any. */
static void a_full_stack_refuses_a_typing_line(void **state)
{
	struct overlay_stack s = { .n = 0 };
	struct probe p[OVERLAY_MAX], bar = { "bar", 'q', 0, &s, 0 };
	(void)state;
	reset();
	for (int i = 0; i < OVERLAY_MAX; i++) {
		p[i] = (struct probe){ "p", 'q', 0, &s, 0 };
		overlay_push(&s, &probe_ops, &p[i]);
	}
	assert_false(overlay_push_typing(&s, &probe_ops, &bar));
	assert_int_equal(bar.freed, 1);
	assert_false(overlay_typing(&s));
	overlay_clear(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(push_pop_and_top),
		cmocka_unit_test(keys_go_to_the_front_only),
		cmocka_unit_test(a_handler_may_push_over_itself),
		cmocka_unit_test(drawn_from_the_bottom_up),
		cmocka_unit_test(a_full_stack_refuses_and_frees),
		cmocka_unit_test(typing_is_the_front_ones),
		cmocka_unit_test(a_full_stack_refuses_a_typing_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
