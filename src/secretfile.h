/* secretfile.h: writing a secret (a new token) to a file that did not
 * exist before, readable by its owner only (mode 0600). */
#ifndef WFT_SECRETFILE_H
#define WFT_SECRETFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* Longest path accepted. */
#define SECRETFILE_PATH_MAX 4096

/* A new string: path with a leading "~/" replaced by home ("~" alone is
 * refused: a file is needed). NULL with err filled when path is empty,
 * too long, or "~" is used without a home. */
char *secretfile_expand(const char *path, const char *home, struct wft_error *err);

/* Creates path (O_CREAT|O_EXCL, no symlink followed, mode 0600 whatever the
 * umask) and returns a descriptor open for writing, to be closed by the
 * caller; -1 with err filled when it cannot (an existing file or link is
 * refused and left alone). Messages name the path. */
int secretfile_create(const char *path, struct wft_error *err);

/* Creates path (O_CREAT|O_EXCL, no symlink followed, mode 0600 whatever the
 * umask) and writes data[0..n), plus a newline when newline is true, then
 * syncs it. An existing file (or link) is refused and left alone; a file
 * this call created is removed again if the write fails. Messages name the
 * path, never the data. */
enum wft_status secretfile_write(const char *path, const char *data, size_t n,
                                 bool newline, struct wft_error *err);

#endif
