/* statefile.c: the state directory and its atomically replaced files. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <json-c/json.h>

#include "statefile.h"

static const char *env(const char *(*getenv_fn)(const char *), const char *name)
{
	const char *v = getenv_fn ? getenv_fn(name) : getenv(name);
	return v && *v ? v : NULL;
}

char *statefile_path(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);

	if (!p)
		return NULL;
	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

enum wft_status statefile_xdg_dir(const char *(*getenv_fn)(const char *name), const char *var,
                                  const char *under_home, char **out, struct wft_error *err)
{
	const char *x = env(getenv_fn, var), *home = env(getenv_fn, "HOME");
	char *base;

	*out = NULL;
	if (x && x[0] == '/') {
		base = strdup(x);
	} else if (home) {
		base = statefile_path(home, under_home);
	} else {
		return wft_error_set(err, WFT_ERR_INVALID,
		                     "no place for the files of wftokens: set HOME or %s", var);
	}
	if (!base || strlen(base) > PATH_MAX - 64) {
		free(base);
		return wft_error_set(err, base ? WFT_ERR_INVALID : WFT_ERR_NOMEM,
		                     base ? "the directory's name in %s is too long" : "out of memory",
		                     var);
	}
	*out = statefile_path(base, "wftokens");
	free(base);
	return *out ? WFT_OK : wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
}

enum wft_status statefile_dir(const char *(*getenv_fn)(const char *name), char **out,
                              struct wft_error *err)
{
	return statefile_xdg_dir(getenv_fn, "XDG_STATE_HOME", ".local/state", out, err);
}

enum wft_status statefile_mkdirs(const char *dir, struct wft_error *err)
{
	char buf[PATH_MAX];
	size_t n = strlen(dir);
	struct stat st;

	if (n == 0 || n >= sizeof buf)
		return wft_error_set(err, WFT_ERR_INVALID, "bad directory name");
	memcpy(buf, dir, n + 1);
	for (char *p = buf + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(buf, 0700) != 0 && errno != EEXIST)
			return wft_error_set(err, WFT_ERR_IO, "cannot create %s: %s", buf,
			                     strerror(errno));
		*p = c;
		if (!c)
			break;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return wft_error_set(err, WFT_ERR_IO, "%s is not a directory", dir);
	return WFT_OK;
}

enum wft_status statefile_read(const char *path, size_t max, char **out, size_t *len,
                               struct wft_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf = NULL;
	size_t n = 0;

	*out = NULL;
	*len = 0;
	if (fd < 0) {
		if (errno == ENOENT)
			return WFT_OK;
		return wft_error_set(err, WFT_ERR_IO, "cannot read %s: %s", path, strerror(errno));
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return wft_error_set(err, WFT_ERR_IO, "%s is not a regular file", path);
	}
	if ((unsigned long long)st.st_size > max) {
		close(fd);
		return wft_error_set(err, WFT_ERR_PARSE, "%s is larger than %zu bytes", path, max);
	}
	if (!(buf = malloc((size_t)st.st_size + 1))) {
		close(fd);
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	}
	/* Read to the end even when the file grew since fstat, up to max. */
	for (;;) {
		if (n == (size_t)st.st_size) {
			char extra;
			ssize_t r = read(fd, &extra, 1);
			if (r == 0)
				break;
			if (r < 0 && errno == EINTR)
				continue;
			free(buf);
			close(fd);
			return wft_error_set(err, r < 0 ? WFT_ERR_IO : WFT_ERR_PARSE,
			                     r < 0 ? "cannot read %s" : "%s changed while it was read",
			                     path);
		}
		ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(buf);
			close(fd);
			return wft_error_set(err, WFT_ERR_IO, "cannot read %s: %s", path, strerror(e));
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return WFT_OK;
}

bool statefile_write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		p += w;
		n -= (size_t)w;
	}
	return true;
}

char *statefile_json_list(const char *key, size_t n,
                          struct json_object *(*item)(const void *ctx, size_t i),
                          const void *ctx)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array();
	char *out = NULL;
	bool ok = o && a && json_object_object_add(o, key, a) == 0;

	if (!ok)
		json_object_put(a);
	for (size_t i = 0; ok && i < n; i++) {
		json_object *e = item(ctx, i);
		ok = e && json_object_array_add(a, e) == 0;
		if (!ok)
			json_object_put(e);
	}
	if (ok) {
		const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
		                                               JSON_C_TO_STRING_NOSLASHESCAPE);
		size_t len = s ? strlen(s) : 0;
		if (s && (out = malloc(len + 2))) {
			memcpy(out, s, len);
			out[len] = '\n';
			out[len + 1] = '\0';
		}
	}
	json_object_put(o);
	return out;
}

/* The directory part of path ("." when none), into buf. */
static void dir_of(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(buf, size, ".");
	else if (slash == path)
		snprintf(buf, size, "/");
	else
		snprintf(buf, size, "%.*s", (int)(slash - path), path);
}

/* Writes the temporary file fd (named tmp) through write and closes it:
 * false, with errno set and tmp removed, on any failure. */
static bool write_temporary(int fd, const char *tmp,
                            bool (*writer)(FILE *f, const void *ctx), const void *ctx)
{
	FILE *f = fdopen(fd, "w");
	bool ok;
	int e;

	if (!f) {
		e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		return false;
	}
	ok = writer(f, ctx) && fflush(f) == 0 && !ferror(f) && fsync(fileno(f)) == 0;
	e = errno;
	if (fclose(f) != 0 && ok) {
		ok = false;
		e = errno;
	}
	if (!ok) {
		unlink(tmp);
		errno = e ? e : EIO;
	}
	return ok;
}

enum wft_status statefile_write_with(const char *path,
                                     bool (*writer)(FILE *f, const void *ctx), const void *ctx,
                                     struct wft_error *err)
{
	char dir[PATH_MAX], tmp[PATH_MAX];
	enum wft_status st;
	int fd, e;

	if (strlen(path) + 16 > sizeof tmp)
		return wft_error_set(err, WFT_ERR_INVALID, "the file name is too long");
	dir_of(path, dir, sizeof dir);
	if ((st = statefile_mkdirs(dir, err)) != WFT_OK)
		return st;
	snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0)
		return wft_error_set(err, WFT_ERR_IO, "cannot write in %s: %s", dir, strerror(errno));
	if (!write_temporary(fd, tmp, writer, ctx))
		return wft_error_set(err, WFT_ERR_IO, "cannot write %s: %s (the old file is kept)",
		                     path, strerror(errno));
	if (rename(tmp, path) != 0) {
		e = errno;
		unlink(tmp);
		return wft_error_set(err, WFT_ERR_IO, "cannot replace %s: %s (the old file is kept)",
		                     path, strerror(e));
	}
	/* The rename itself must reach the disk too. */
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
	return WFT_OK;
}

struct buffer {
	const char *data;
	size_t len;
};

static bool write_buffer(FILE *f, const void *ctx)
{
	const struct buffer *b = ctx;

	return fwrite(b->data, 1, b->len, f) == b->len;
}

enum wft_status statefile_write(const char *path, const char *data, size_t len,
                                struct wft_error *err)
{
	struct buffer b = { data, len };

	return statefile_write_with(path, write_buffer, &b, err);
}

enum wft_status statefile_set_aside(const char *path, const char *why, wft_millis now,
                                    char **aside, struct wft_error *err)
{
	char stamp[32], name[PATH_MAX];
	time_t t = (time_t)(now / 1000);
	struct tm tm;
	int e = 0;

	if (aside)
		*aside = NULL;
	if (!gmtime_r(&t, &tm) || !strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm))
		snprintf(stamp, sizeof stamp, "%lld", (long long)t);
	for (int k = 1; k < 100; k++) {
		if (k == 1)
			snprintf(name, sizeof name, "%s.corrupt-%s", path, stamp);
		else
			snprintf(name, sizeof name, "%s.corrupt-%s-%d", path, stamp, k);
		/* link + unlink never replaces an earlier corrupt copy. */
		if (link(path, name) == 0) {
			unlink(path);
			e = 0;
			break;
		}
		e = errno;
		if (e == EEXIST)
			continue;
		/* File systems without hard links: rename, having checked. */
		if (access(name, F_OK) == 0)
			continue;
		if (rename(path, name) == 0)
			e = 0;
		else
			e = errno;
		break;
	}
	if (e) {
		wft_error_set(err, WFT_ERR_IO,
		              "%s is corrupt (%s) and could not be set aside (%s); it is left as it "
		              "is and nothing will be written to it", path, why, strerror(e));
		return WFT_ERR_IO;
	}
	if (aside)
		*aside = strdup(name);
	wft_error_set(err, WFT_ERR_PARSE, "%s was corrupt (%s); it was kept as %s and a new one "
	              "is started", path, why, name);
	return WFT_ERR_PARSE;
}
