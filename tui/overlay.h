/* overlay.h: the overlay stack. Whatever sits over a page and takes the
 * keys while it is shown (the message log, the journal, the help, the quit
 * question, dialogs, confirmations, menus) is an overlay pushed on the
 * stack; the one in front (the top) takes the keys, and all are drawn from
 * the bottom up after the page. The stack knows nothing of curses or of
 * the pages: an overlay is its functions and its own data. */
#ifndef WFT_OVERLAY_H
#define WFT_OVERLAY_H

#include <stdbool.h>

struct ui;

/* A key handler returns the loop's flags (ui.h), and OVERLAY_CLOSE when
 * the overlay is done: it is then taken off the stack and freed. */
#define OVERLAY_CLOSE 0x100

struct overlay_ops {
	const char *name;                                 /* for tests and messages */
	void (*draw)(struct ui *ui, void *data);
	int (*key)(struct ui *ui, void *data, int key);
	void (*free)(void *data);                         /* NULL: nothing to free */
};

#define OVERLAY_MAX 8

struct overlay {
	const struct overlay_ops *ops;
	void *data;
	/* A line of typed text (a search bar): while it is in front, the page
	 * filters once a frame rather than before every key (ui.c). */
	bool typing;
};

struct overlay_stack {
	struct overlay items[OVERLAY_MAX];
	int n;
};

/* Puts an overlay in front. False (and data freed with ops->free) when the
 * stack is full. */
bool overlay_push(struct overlay_stack *s, const struct overlay_ops *ops, void *data);
/* overlay_push for a line of typed text (overlay_typing). */
bool overlay_push_typing(struct overlay_stack *s, const struct overlay_ops *ops, void *data);
/* The overlay in front, or NULL. */
const struct overlay *overlay_top(const struct overlay_stack *s);
/* True when an overlay of kind ops is on the stack. */
bool overlay_has(const struct overlay_stack *s, const struct overlay_ops *ops);
/* The data of the nearest overlay of kind ops from the front, or NULL. */
void *overlay_find(const struct overlay_stack *s, const struct overlay_ops *ops);
/* The data of the nearest overlay named name (its ops' name) from the
 * front, or NULL: for a module's parts that must not depend on the file
 * that defines the overlay's functions. */
void *overlay_find_named(const struct overlay_stack *s, const char *name);
/* Takes the overlay holding data off the stack, wherever it is, and frees
 * it; false when it is not on the stack. */
bool overlay_remove(struct overlay_stack *s, const void *data);
/* Takes every overlay of kind ops off the stack. */
void overlay_remove_all(struct overlay_stack *s, const struct overlay_ops *ops);
/* True when the overlay in front is a line of typed text. */
bool overlay_typing(const struct overlay_stack *s);
/* Gives key to the overlay in front: its flags without OVERLAY_CLOSE, the
 * overlay removed when it asked; 0 when the stack is empty. */
int overlay_key(struct overlay_stack *s, struct ui *ui, int key);
/* Draws every overlay, the bottom one first. */
void overlay_draw(const struct overlay_stack *s, struct ui *ui);
/* Empties the stack, freeing every overlay. */
void overlay_clear(struct overlay_stack *s);

#endif
