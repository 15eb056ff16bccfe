/* lineedit.h: a one-line editor that behaves like a shell prompt (UTF-8
 * aware cursor, word and line kills, history with the draft kept). */
#ifndef WFT_LINEEDIT_H
#define WFT_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* Longest line, in bytes: more than any token name or query needs. */
#define LINEEDIT_MAX 1024
/* Entries kept in a history; the oldest goes first. */
#define LINEEDIT_HISTORY 100

struct lineedit {
	char buf[LINEEDIT_MAX + 1];
	size_t len;      /* bytes in buf */
	size_t cur;      /* cursor, a byte offset on a character boundary */
	char **hist;     /* oldest first; owned */
	size_t nhist;
	size_t hpos;     /* nhist while editing the draft */
	char *draft;     /* the line being typed when history was entered */
};

void lineedit_init(struct lineedit *le);
/* Frees the history; the editor can be used again after lineedit_init. */
void lineedit_free(struct lineedit *le);

/* Replaces the text, cursor at the end (text is cut at LINEEDIT_MAX on a
 * character boundary). */
void lineedit_set(struct lineedit *le, const char *text);
void lineedit_clear(struct lineedit *le);
const char *lineedit_text(const struct lineedit *le);

/* Inserts n bytes of UTF-8 at the cursor. Returns false (and inserts
 * nothing) when the line would grow beyond LINEEDIT_MAX. */
bool lineedit_insert(struct lineedit *le, const char *s, size_t n);

void lineedit_left(struct lineedit *le);   /* one character */
void lineedit_right(struct lineedit *le);
void lineedit_home(struct lineedit *le);   /* Home, Ctrl-A */
void lineedit_end(struct lineedit *le);    /* End, Ctrl-E */
void lineedit_backspace(struct lineedit *le);
void lineedit_delete(struct lineedit *le);
void lineedit_kill_word(struct lineedit *le); /* Ctrl-W: the word before */
void lineedit_kill_line(struct lineedit *le); /* Ctrl-U: all before the cursor */

/* Adds a line to the history (empty lines and repeats of the last entry are
 * not added) and leaves the history walk. */
enum wft_status lineedit_history_add(struct lineedit *le, const char *line,
                                     struct wft_error *err);
/* Up: the previous entry (the draft is kept the first time). Down: the next
 * one, and finally the draft again. Return false when there is nowhere to
 * go. */
bool lineedit_history_prev(struct lineedit *le);
bool lineedit_history_next(struct lineedit *le);

/* Display columns before the cursor, for placing the terminal cursor. */
int lineedit_cursor_col(const struct lineedit *le);

#endif
