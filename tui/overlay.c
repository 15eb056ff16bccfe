/* overlay.c: the overlay stack (overlay.h). */
#include <string.h>

#include "overlay.h"

static void free_item(struct overlay *o)
{
	if (o->ops && o->ops->free && o->data)
		o->ops->free(o->data);
}

static bool push(struct overlay_stack *s, const struct overlay_ops *ops, void *data,
                 bool typing)
{
	struct overlay o = { ops, data, typing };

	if (s->n >= OVERLAY_MAX) {
		free_item(&o);
		return false;
	}
	s->items[s->n++] = o;
	return true;
}

bool overlay_push(struct overlay_stack *s, const struct overlay_ops *ops, void *data)
{
	return push(s, ops, data, false);
}

bool overlay_push_typing(struct overlay_stack *s, const struct overlay_ops *ops, void *data)
{
	return push(s, ops, data, true);
}

const struct overlay *overlay_top(const struct overlay_stack *s)
{
	return s->n > 0 ? &s->items[s->n - 1] : NULL;
}

bool overlay_has(const struct overlay_stack *s, const struct overlay_ops *ops)
{
	for (int i = 0; i < s->n; i++)
		if (s->items[i].ops == ops)
			return true;
	return false;
}

void *overlay_find(const struct overlay_stack *s, const struct overlay_ops *ops)
{
	for (int i = s->n - 1; i >= 0; i--)
		if (s->items[i].ops == ops)
			return s->items[i].data;
	return NULL;
}

void *overlay_find_named(const struct overlay_stack *s, const char *name)
{
	for (int i = s->n - 1; i >= 0; i--)
		if (s->items[i].ops->name && strcmp(s->items[i].ops->name, name) == 0)
			return s->items[i].data;
	return NULL;
}

static void remove_at(struct overlay_stack *s, int i)
{
	struct overlay o = s->items[i];

	memmove(&s->items[i], &s->items[i + 1], (size_t)(s->n - i - 1) * sizeof s->items[0]);
	s->n--;
	/* Freed once off the stack: a free that looks at the stack sees it gone. */
	free_item(&o);
}

bool overlay_remove(struct overlay_stack *s, const void *data)
{
	for (int i = s->n - 1; i >= 0; i--)
		if (s->items[i].data == data) {
			remove_at(s, i);
			return true;
		}
	return false;
}

void overlay_remove_all(struct overlay_stack *s, const struct overlay_ops *ops)
{
	for (int i = s->n - 1; i >= 0; i--)
		if (s->items[i].ops == ops)
			remove_at(s, i);
}

bool overlay_typing(const struct overlay_stack *s)
{
	return s->n > 0 && s->items[s->n - 1].typing;
}

int overlay_key(struct overlay_stack *s, struct ui *ui, int key)
{
	struct overlay o;
	int r;

	if (s->n == 0)
		return 0;
	o = s->items[s->n - 1];
	r = o.ops->key ? o.ops->key(ui, o.data, key) : 0;
	/* The handler may have pushed another overlay over itself: it is
	 * found by its data, wherever it now is. */
	if (r & OVERLAY_CLOSE)
		for (int i = s->n - 1; i >= 0; i--)
			if (s->items[i].ops == o.ops && s->items[i].data == o.data) {
				remove_at(s, i);
				break;
			}
	return r & ~OVERLAY_CLOSE;
}

void overlay_draw(const struct overlay_stack *s, struct ui *ui)
{
	for (int i = 0; i < s->n; i++)
		if (s->items[i].ops->draw)
			s->items[i].ops->draw(ui, s->items[i].data);
}

void overlay_clear(struct overlay_stack *s)
{
	while (s->n > 0)
		remove_at(s, s->n - 1);
}
