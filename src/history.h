/* history.h: the search bar's history kept across runs: most recent last,
 * de-duplicated, bounded, in a JSON state file merged on every save. */
#ifndef WFT_HISTORY_H
#define WFT_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "model.h"

#define HISTORY_DEFAULT_MAX 200
/* Longest entry kept (longer lines are not remembered). */
#define HISTORY_MAX_LINE 4096

struct history {
	char **items;          /* oldest first; owned */
	size_t n;
	size_t max;
	char **added;          /* entries added since the load, in order: merged on save */
	size_t n_added;
	char *path;            /* NULL: nothing is written */
	bool frozen;           /* a corrupt file could not be set aside: never written */
};

void history_init(struct history *h, size_t max);  /* max 0 = the default */
void history_free(struct history *h);              /* back to init's state */

/* Adds line as the most recent entry: an earlier equal entry is removed,
 * the oldest ones go when there are more than max. Blank lines, lines with
 * control characters, over-long lines and lines that hold what looks like a
 * secret (wft_looks_secret) are ignored (WFT_OK). */
enum wft_status history_add(struct history *h, const char *line, struct wft_error *err);
/* Entry i, 0 the oldest; NULL past the end. */
const char *history_get(const struct history *h, size_t i);

/* The JSON form {"history":["oldest",...,"newest"]} (new string). */
char *history_to_json(const struct history *h);
/* Replaces the entries from that form; WFT_ERR_PARSE naming what is wrong. */
enum wft_status history_from_json(struct history *h, const char *json, size_t len,
                                  struct wft_error *err);

/* Reads path (a missing file is an empty history). A corrupt file is set
 * aside (statefile_set_aside): the history starts empty and the result is
 * WFT_ERR_PARSE with the message to show; WFT_ERR_IO when it could not be
 * set aside (then the history is never written). */
enum wft_status history_load(struct history *h, const char *path, wft_millis now,
                             struct wft_error *err);
/* Re-reads the file (another run may have written it), adds the entries
 * added here since, and replaces it atomically. */
enum wft_status history_save(struct history *h, wft_millis now, struct wft_error *err);

#endif
