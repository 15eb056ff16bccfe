/* statefile.h: the console's state directory ($XDG_STATE_HOME/wftokens, by
 * default ~/.local/state/wftokens) and its files: read whole and bounded,
 * replaced atomically, and a corrupt one set aside with a message. */
#ifndef WFT_STATEFILE_H
#define WFT_STATEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "model.h"

/* Largest state file read: anything bigger is taken as corrupt. */
#define STATEFILE_MAX ((size_t)4 << 20)

/* The directory, as a new string (not created). getenv_fn NULL = getenv.
 * WFT_ERR_INVALID when neither XDG_STATE_HOME nor HOME is set. A relative
 * XDG_STATE_HOME is ignored, as the XDG specification asks. */
enum wft_status statefile_dir(const char *(*getenv_fn)(const char *name), char **out,
                              struct wft_error *err);
/* The same for another XDG base directory: $var/wftokens when var is an
 * absolute path, else $HOME/under_home/wftokens ("XDG_CACHE_HOME",
 * ".cache"). */
enum wft_status statefile_xdg_dir(const char *(*getenv_fn)(const char *name), const char *var,
                                  const char *under_home, char **out, struct wft_error *err);
/* dir + "/" + name, a new string, or NULL when out of memory. */
char *statefile_path(const char *dir, const char *name);
/* Creates dir and its missing parents, mode 0700. */
enum wft_status statefile_mkdirs(const char *dir, struct wft_error *err);

/* Reads the whole file (at most max bytes; more is WFT_ERR_PARSE) into a
 * new NUL-terminated buffer. A missing file is WFT_OK with *out = NULL. */
enum wft_status statefile_read(const char *path, size_t max, char **out, size_t *len,
                               struct wft_error *err);

/* Replaces path with data[0..len): a temporary file in the same directory
 * (mode 0600), written, fsync'ed, renamed over path, and the directory
 * fsync'ed. Creates the directory when missing. On any failure the old
 * file is left as it was and the temporary file removed. */
enum wft_status statefile_write(const char *path, const char *data, size_t len,
                                struct wft_error *err);
/* The same for a file written as it is made: writer(f, ctx) writes it to
 * f (a temporary file) and returns false, errno set, on a failure. */
enum wft_status statefile_write_with(const char *path,
                                     bool (*writer)(FILE *f, const void *ctx), const void *ctx,
                                     struct wft_error *err);
struct json_object;
/* The text of a state file that holds one list: {"key": [item 0, ...]},
 * pretty-printed, with a final newline. item(ctx, i) makes element i (a new
 * object; NULL when out of memory). A new string, or NULL when out of
 * memory. */
char *statefile_json_list(const char *key, size_t n,
                          struct json_object *(*item)(const void *ctx, size_t i),
                          const void *ctx);

/* Writes all of p[0..n) to fd, again after EINTR or a short write; false
 * with errno set on an error. For every file write that must be whole. */
bool statefile_write_all(int fd, const char *p, size_t n);

/* Sets a corrupt file aside as PATH.corrupt-YYYYMMDDTHHMMSSZ (the time now,
 * UTC; "-2", "-3" ... added when taken) and fills err with a message naming
 * the file, the reason and where it went. Returns WFT_ERR_PARSE, or
 * WFT_ERR_IO when it could not be moved (the message says so; the file is
 * then left in place and must not be overwritten). *aside (when aside is
 * not NULL) gets the new name, or NULL. */
enum wft_status statefile_set_aside(const char *path, const char *why, wft_millis now,
                                    char **aside, struct wft_error *err);

#endif
