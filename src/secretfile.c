/* secretfile.c: a secret written to a new 0600 file, never over another. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "secretfile.h"
#include "statefile.h"

char *secretfile_expand(const char *path, const char *home, struct wft_error *err)
{
	size_t n = path ? strlen(path) : 0;
	char *out;

	if (n == 0) {
		wft_error_set(err, WFT_ERR_INVALID, "a file name is needed");
		return NULL;
	}
	if (n > SECRETFILE_PATH_MAX) {
		wft_error_set(err, WFT_ERR_INVALID, "the file name is too long (at most %d bytes)",
		              SECRETFILE_PATH_MAX);
		return NULL;
	}
	if (strcmp(path, "~") == 0 || (path[0] == '~' && path[1] == '/' && !path[2])) {
		wft_error_set(err, WFT_ERR_INVALID, "a file name is needed, not a directory");
		return NULL;
	}
	if (path[0] == '~' && path[1] == '/') {
		size_t h;
		if (!home || !*home) {
			wft_error_set(err, WFT_ERR_INVALID, "~ cannot be used: HOME is not set");
			return NULL;
		}
		h = strlen(home);
		if (!(out = malloc(h + n))) {
			wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
			return NULL;
		}
		memcpy(out, home, h);
		memcpy(out + h, path + 1, n); /* from the slash, with the NUL */
		return out;
	}
	if (!(out = strdup(path)))
		wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	return out;
}

int secretfile_create(const char *path, struct wft_error *err)
{
	int fd, e;

	if (!path || !*path) {
		wft_error_set(err, WFT_ERR_INVALID, "a file name is needed");
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		e = errno;
		if (e == EEXIST)
			wft_error_set(err, WFT_ERR_IO, "%.300s already exists; it was left alone "
			              "(choose a new file name)", path);
		else
			wft_error_set(err, WFT_ERR_IO, "cannot create %.300s: %s", path, strerror(e));
		return -1;
	}
	/* The umask may have given less; never more than the owner. */
	if (fchmod(fd, 0600) != 0) {
		e = errno;
		close(fd);
		unlink(path);
		wft_error_set(err, WFT_ERR_IO, "cannot set the mode of %.300s: %s (the file was "
		              "removed)", path, strerror(e));
		return -1;
	}
	return fd;
}

enum wft_status secretfile_write(const char *path, const char *data, size_t n,
                                 bool newline, struct wft_error *err)
{
	int fd, e;

	if ((fd = secretfile_create(path, err)) < 0)
		return err && err->code ? err->code : WFT_ERR_IO;
	if (!statefile_write_all(fd, data, n) ||
	    (newline && !statefile_write_all(fd, "\n", 1)) || fsync(fd) != 0) {
		e = errno;
		close(fd);
		unlink(path);
		return wft_error_set(err, WFT_ERR_IO, "cannot write %.300s: %s (the file was "
		                     "removed)", path, strerror(e));
	}
	if (close(fd) != 0) {
		e = errno;
		unlink(path);
		return wft_error_set(err, WFT_ERR_IO, "cannot write %.300s: %s (the file was "
		                     "removed)", path, strerror(e));
	}
	return WFT_OK;
}
