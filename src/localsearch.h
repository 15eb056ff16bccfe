/* localsearch.h: saved searches kept in a local state file when the server
 * refuses them: SavedSearch records (doc/api.md 3.4) in {"items":[...]}. */
#ifndef WFT_LOCALSEARCH_H
#define WFT_LOCALSEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "apimodel.h"
#include "error.h"
#include "model.h"

/* Ids of local searches start so; a server's are 8 word characters. */
#define LOCALSEARCH_ID_PREFIX "local-"
#define LOCALSEARCH_MAX 500
#define LOCALSEARCH_MAX_NAME 256

struct localsearch {
	struct wft_saved_search_list list;
	char *path;            /* NULL until loaded */
	bool frozen;           /* a corrupt file could not be set aside: never written */
};

void localsearch_init(struct localsearch *ls);
void localsearch_free(struct localsearch *ls);

bool localsearch_is_local_id(const char *id);

/* The file's form (new string) and back (replaces the list; WFT_ERR_PARSE
 * naming what is wrong: records need an id and a name). */
char *localsearch_to_json(const struct localsearch *ls);
enum wft_status localsearch_from_json(struct localsearch *ls, const char *json, size_t len,
                                      struct wft_error *err);

/* Reads path (missing = empty). A corrupt file is set aside: the list
 * starts empty and the result is WFT_ERR_PARSE with the message to show;
 * WFT_ERR_IO when it could not be moved (then nothing is ever written). */
enum wft_status localsearch_load(struct localsearch *ls, const char *path, wft_millis now,
                                 struct wft_error *err);

/* Each change re-reads the file (another run may have changed it), makes
 * the change and replaces the file atomically; when the write fails the
 * list and the file stay as they were. */
/* Adds name -> query (the JSON of doc/api.md 5.6); *id gets a new copy of the
 * new record's id when id is not NULL. */
enum wft_status localsearch_create(struct localsearch *ls, const char *name, const char *query,
                                   wft_millis now, char **id, struct wft_error *err);
enum wft_status localsearch_rename(struct localsearch *ls, const char *id, const char *name,
                                   wft_millis now, struct wft_error *err);
enum wft_status localsearch_delete(struct localsearch *ls, const char *id, wft_millis now,
                                   struct wft_error *err);
/* The record with that id, or NULL. */
const struct wft_saved_search *localsearch_find(const struct localsearch *ls, const char *id);

#endif
