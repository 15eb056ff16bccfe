/* keys.h: keys as one integer (a character, or a curses function key with
 * KEYF()), their names as scripts and the help write them ("<C-r>", "<F5>"),
 * and the key map built from the action table. */
#ifndef WFT_KEYS_H
#define WFT_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "actions.h"

/* Curses function keys sit above every Unicode code point. */
#define KEYF_FLAG 0x1000000
#define KEYF(k) ((k) | KEYF_FLAG)
#define KEY_IS_FUNC(k) (((k) & KEYF_FLAG) != 0)
#define KEY_CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27

/* Parses one key name at s ("a", "<Enter>", "<C-r>", "<F5>", "<lt>") and
 * returns the bytes used (0 when s is empty or the name is unknown). A
 * "<Resize WxH>" sets *resize_w and *resize_h and gives key 0. */
size_t keys_parse(const char *s, int *key, int *resize_w, int *resize_h);
/* Writes the name of key into out ("<Down>", "x"). */
char *keys_name(int key, char *out, size_t outsz);

/* The action bound to key where the focus is (scope TABLE or PANEL) on the
 * page in front (ACTF_TOKENS or ACTF_ACCOUNTS): the focus's own binding
 * first, then one that applies anywhere. */
enum action keymap_lookup(int key, enum action_scope focus, unsigned page);
/* The keys of an action, as the help shows them ("d, Delete"). */
char *keymap_keys_text(enum action a, char *out, size_t outsz);

/* Writes the man page's key table (roff) for every action. */
void keymap_dump_man(FILE *out);

struct lineedit;
/* The shell-like editing keys every prompt shares (Left/Right, Home/End,
 * Ctrl-A/E, Backspace, Delete, Ctrl-D/W/U, typed characters); true when the
 * key edited the line. */
bool keys_edit_line(struct lineedit *le, int key);

#endif
