/* profile.c: the config file (INI, read with libinih), profiles, precedence
 * and token_command. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <ini.h>

#include "profile.h"
#include "http.h"
#include "mask.h"

#define MAX_FILE (1024 * 1024)
#define MAX_LINE 8192
#define MAX_COMMAND_OUTPUT 65536
#define MAX_WORDS 64

extern char **environ;

/* ---- INI ---- */

/* libinih reads the INI. What it allows and this format does not (a
 * "key: value" line, text after a section's "]", a continuation line) and
 * what it does not check (the characters of a section name, a line too long
 * for its buffer) is checked line by line as the reader hands it each line,
 * so that every error names its line. */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool section_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.' || c == '@';
}

/* libinih keeps section names in a buffer of 50 bytes: a longer name would
 * be cut, and then match another profile's. */
#define MAX_SECTION 49

struct ini_run {
	const char *text;
	size_t len, pos;
	int lineno;                /* the line last handed to libinih */
	const char *file;
	wft_ini_fn fn;
	void *ud;
	struct wft_error *err;
	enum wft_status st;        /* the first error; parsing stops there */
	char value[MAX_LINE + 1];  /* a value without its quotes */
};

static void ini_fail(struct ini_run *r, const char *what)
{
	r->st = wft_error_set(r->err, WFT_ERR_INVALID, "%s:%d: %s", r->file, r->lineno, what);
}

/* Checks the section line s (blanks stripped, starting with '[') and
 * rewrites it as "[NAME]" (libinih would keep blanks around NAME, and a
 * comment after it). NULL if it is fine; else what is wrong with it. */
static const char *section_line(char *s)
{
	char *close = strchr(s, ']'), *after, *b, *e;

	if (!close)
		return "a section needs a closing ]";
	for (after = close + 1; is_blank(*after); after++)
		;
	if (*after && *after != '#' && *after != ';')
		return "text after the section name";
	for (b = s + 1; is_blank(*b); b++)
		;
	for (e = close; e > b && is_blank(e[-1]); e--)
		;
	if (e == b || e - b > MAX_SECTION)
		return "a section name must have 1 to 49 characters";
	for (const char *c = b; c < e; c++)
		if (!section_char(*c))
			return "a section name may hold letters, digits and _-.@ only";
	memmove(s + 1, b, (size_t)(e - b));
	s[1 + (e - b)] = ']';
	s[2 + (e - b)] = '\0';
	return NULL;
}

/* libinih's fgets: the next line of r->text into buf, its leading blanks
 * taken off (libinih would take an indented line for the continuation of
 * the value before it), after the checks above. NULL at the end or after an
 * error, which stops libinih. */
static char *ini_read_line(char *buf, int size, void *stream)
{
	struct ini_run *r = stream;
	size_t end, n;
	const char *s;

	if (r->st || r->pos >= r->len)
		return NULL;
	end = r->pos;
	while (end < r->len && r->text[end] != '\n')
		end++;
	r->lineno++;
	s = r->text + r->pos;
	n = end - r->pos;
	r->pos = end + 1;
	while (n && is_blank(*s)) {
		s++;
		n--;
	}
	/* Room for the line, its newline and the NUL libinih adds. */
	if (n > MAX_LINE || size < 3 || n > (size_t)size - 3) {
		ini_fail(r, "the line is too long");
		return NULL;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	while (n && is_blank(buf[n - 1]))
		buf[--n] = '\0';
	if (buf[0] == '[') {
		const char *why = section_line(buf);
		if (why) {
			ini_fail(r, why);
			return NULL;
		}
		n = strlen(buf);
	} else if (buf[0] && buf[0] != '#' && buf[0] != ';') {
		size_t k = strcspn(buf, "=:");
		if (buf[k] != '=') {
			ini_fail(r, "expected key = value");
			return NULL;
		}
	}
	buf[n] = '\n';
	buf[n + 1] = '\0';
	return buf;
}

/* libinih's handler: one key = value, passed on to r->fn with its line. */
static int ini_on_pair(void *user, const char *section, const char *key, const char *value)
{
	struct ini_run *r = user;
	size_t n;
	char *v = r->value;

	if (r->st)
		return 0;
	if (!*section) {
		ini_fail(r, "a key outside any [profile] section");
		return 0;
	}
	if (!*key) {
		ini_fail(r, "a value without a key");
		return 0;
	}
	snprintf(v, sizeof r->value, "%s", value);
	n = strlen(v);
	if (n >= 2 && ((v[0] == '"' && v[n - 1] == '"') || (v[0] == '\'' && v[n - 1] == '\''))) {
		v[n - 1] = '\0';
		v++;
	}
	r->st = r->fn(r->ud, section, key, v, r->lineno, r->err);
	wft_wipe(r->value, sizeof r->value);
	return r->st == WFT_OK;
}

enum wft_status wft_ini_parse(const char *text, size_t len, const char *file, wft_ini_fn fn,
                              void *ud, struct wft_error *err)
{
	struct ini_run run = { .text = text, .len = len, .file = file ? file : "config",
	                       .fn = fn, .ud = ud, .err = err };
	int line;

	if (memchr(text, '\0', len))
		return wft_error_set(err, WFT_ERR_INVALID, "%s: holds a NUL byte", run.file);
#if HAVE_DECL_INI_USE_STACK && HAVE_DECL_INI_INITIAL_ALLOC && HAVE_DECL_INI_MAX_LINE
	/* Debian's libinih takes its line buffer's size at run time: make room
	 * for lines as long as this format allows (else lines over libinih's
	 * compiled-in 200 bytes are refused as too long). */
	ini_use_stack = false;
	ini_initial_alloc = ini_max_line = MAX_LINE + 3;
#endif
	line = ini_parse_stream(ini_read_line, &run, ini_on_pair, &run);
	if (run.st == WFT_OK && line == -2)
		run.st = wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	else if (run.st == WFT_OK && line != 0)
		run.st = wft_error_set(err, WFT_ERR_INVALID, "%s:%d: expected key = value",
		                       run.file, line);
	return run.st;
}

/* ---- profiles ---- */

enum key {
	K_ENDPOINT, K_AUTH, K_TOKEN, K_CSP_API_TOKEN, K_CLIENT_ID, K_CLIENT_SECRET, K_ORG_ID,
	K_TOKEN_COMMAND, K_CSP_URL, K_THEME, K_PAGE_SIZE, K_USED_DAYS, K_UNUSED_DAYS, K_CACERT,
	K_MAX_ANSWER_MB, K_INSECURE, K_UNDO_SECONDS, K_SERVER_SEARCH_THRESHOLD, N_KEYS
};

static const char *const key_names[N_KEYS] = {
	"endpoint", "auth", "token", "csp_api_token", "client_id", "client_secret", "org_id",
	"token_command", "csp_url", "theme", "page_size", "used_days", "unused_days", "cacert",
	"max_answer_mb",
	"insecure", "undo_seconds", "server_search_threshold",
};

struct ini_profile {
	const char *want;
	bool found;
	bool has_secret;       /* in any section: decides the permission check */
	char *val[N_KEYS];
	int line[N_KEYS];
};

static bool key_is_secret(int k)
{
	return k == K_TOKEN || k == K_CSP_API_TOKEN || k == K_CLIENT_SECRET ||
	       k == K_TOKEN_COMMAND;
}

static enum wft_status on_ini(void *ud, const char *section, const char *key,
                              const char *value, int line, struct wft_error *err)
{
	struct ini_profile *p = ud;
	int k;

	for (k = 0; k < N_KEYS; k++)
		if (strcmp(key, key_names[k]) == 0)
			break;
	if (k == N_KEYS)
		return wft_error_set(err, WFT_ERR_INVALID, "unknown key '%.64s'", key);
	if (key_is_secret(k) && *value)
		p->has_secret = true;
	if (strcmp(section, p->want) != 0)
		return WFT_OK;
	p->found = true;
	if (p->val[k])
		wft_free_secret(p->val[k]);
	p->val[k] = strdup(value);
	if (!p->val[k])
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	p->line[k] = line;
	return WFT_OK;
}

/* Wraps on_ini so its errors carry FILE:LINE. */
struct ini_ctx {
	struct ini_profile *p;
	const char *file;
};

static enum wft_status on_ini_located(void *ud, const char *section, const char *key,
                                      const char *value, int line, struct wft_error *err)
{
	struct ini_ctx *c = ud;
	enum wft_status st = on_ini(c->p, section, key, value, line, err);

	if (st && err) {
		char m[sizeof err->message];
		snprintf(m, sizeof m, "%s", err->message);
		wft_error_set(err, st, "%s:%d: %s", c->file, line, m);
	}
	return st;
}

static void profile_clear(struct ini_profile *p)
{
	for (int k = 0; k < N_KEYS; k++)
		wft_free_secret(p->val[k]);
	memset(p->val, 0, sizeof p->val);
}

char *wft_profile_default_path(const char *(*getenv_fn)(const char *name))
{
	const char *x, *home;
	char buf[PATH_MAX];

	if (!getenv_fn)
		getenv_fn = (const char *(*)(const char *))getenv;
	x = getenv_fn("XDG_CONFIG_HOME");
	home = getenv_fn("HOME");
	if (x && *x == '/')
		snprintf(buf, sizeof buf, "%s/wftokens/config", x);
	else if (home && *home)
		snprintf(buf, sizeof buf, "%s/.config/wftokens/config", home);
	else
		return NULL;
	return strdup(buf);
}

/* What a file that is not a regular one is, for a message. */
static const char *file_kind(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket"
	       : S_ISCHR(m) || S_ISBLK(m) ? "a device" : "not a regular file";
}

/* Refuses a file whose directory others (group or world) may write: they
 * could put a file of their own in its place. */
static enum wft_status check_dir_of(const char *file, const char *shown, struct wft_error *err)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(file, '/');
	struct stat d;

	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == file)
		snprintf(dir, sizeof dir, "/");
	else if ((size_t)(slash - file) < sizeof dir)
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - file), file);
	else
		return wft_error_set(err, WFT_ERR_INVALID, "%s: the path is too long", shown);
	if (stat(dir, &d) != 0)
		return wft_error_set(err, WFT_ERR_IO, "cannot check the directory of %s: %s", shown,
		                     strerror(errno));
	if (d.st_mode & (S_IWGRP | S_IWOTH))
		return wft_error_set(err, WFT_ERR_INVALID,
		                     "%s is in %s, a directory others can write (they could put "
		                     "their own file in its place); run: chmod go-w %s", shown, dir,
		                     dir);
	return WFT_OK;
}

/* A configuration file decides where the secret is sent, so it must be the
 * user's own regular file (root's own file when root reads it), in a
 * directory only its owner can write: both the path given and, for a link,
 * the file it leads to. */
static enum wft_status check_file(const char *file, const struct stat *sb,
                                  struct wft_error *err)
{
	enum wft_status st;
	struct stat lsb;
	char *real;

	if (!S_ISREG(sb->st_mode))
		return wft_error_set(err, WFT_ERR_INVALID, "%s is %s, not a regular file; give "
		                     "the path of the configuration file itself", file,
		                     file_kind(sb->st_mode));
	if (sb->st_uid != geteuid())
		return wft_error_set(err, WFT_ERR_INVALID, "%s belongs to another user (uid %u); "
		                     "a configuration file must be your own (it decides where the "
		                     "token is sent)", file, (unsigned)sb->st_uid);
	if ((st = check_dir_of(file, file, err)))
		return st;
	if (lstat(file, &lsb) == 0 && S_ISLNK(lsb.st_mode) && (real = realpath(file, NULL))) {
		st = check_dir_of(real, file, err);
		free(real);
	}
	return st;
}

/* Reads and parses file into p. *missing is set when it does not exist.
 * The file is checked before it is opened (a FIFO would block the open),
 * and opened without blocking in case it changed in between. */
static enum wft_status read_file(const char *file, struct ini_profile *p, bool *missing,
                                 struct wft_error *err)
{
	int fd;
	struct stat sb, before;
	char *text;
	ssize_t n;
	size_t len = 0;
	enum wft_status st;
	struct ini_ctx ctx = { p, file };

	*missing = false;
	if (stat(file, &before) != 0) {
		if (errno == ENOENT) {
			*missing = true;
			return WFT_OK;
		}
		return wft_error_set(err, WFT_ERR_IO, "cannot read %s: %s", file, strerror(errno));
	}
	if ((st = check_file(file, &before, err)))
		return st;
	fd = open(file, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return wft_error_set(err, WFT_ERR_IO, "cannot read %s: %s", file, strerror(errno));
	if (fstat(fd, &sb) != 0 || sb.st_dev != before.st_dev || sb.st_ino != before.st_ino) {
		close(fd);
		return wft_error_set(err, WFT_ERR_IO, "%s changed while it was read; try again", file);
	}
	if ((st = check_file(file, &sb, err))) {
		close(fd);
		return st;
	}
	if (sb.st_size > MAX_FILE) {
		close(fd);
		return wft_error_set(err, WFT_ERR_INVALID, "%s is larger than 1 MiB", file);
	}
	text = malloc((size_t)sb.st_size + 1);
	if (!text) {
		close(fd);
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	}
	while ((n = read(fd, text + len, (size_t)sb.st_size - len)) > 0)
		len += (size_t)n;
	close(fd);
	if (n < 0) {
		free(text);
		return wft_error_set(err, WFT_ERR_IO, "cannot read %s: %s", file, strerror(errno));
	}
	st = wft_ini_parse(text, len, file, on_ini_located, &ctx, err);
	wft_wipe(text, len);
	free(text);
	if (st == WFT_OK && p->has_secret && (sb.st_mode & (S_IRWXG | S_IRWXO)))
		st = wft_error_set(err, WFT_ERR_INVALID,
		                   "%s holds a secret and others may read or change it; "
		                   "run: chmod 600 %s", file, file);
	return st;
}

/* ---- token_command ---- */

/* Splits cmd into words; quotes group, a backslash escapes outside single
 * quotes. Returns the number of words or -1. buf receives the words. */
static int split_words(const char *cmd, char *buf, char **argv, int max)
{
	int n = 0;
	char *o = buf;

	while (*cmd) {
		char q = 0;
		while (*cmd == ' ' || *cmd == '\t')
			cmd++;
		if (!*cmd)
			break;
		if (n == max - 1)
			return -1;
		argv[n++] = o;
		while (*cmd && (q || (*cmd != ' ' && *cmd != '\t'))) {
			if (!q && (*cmd == '\'' || *cmd == '"')) {
				q = *cmd++;
			} else if (q && *cmd == q) {
				q = 0;
				cmd++;
			} else if (*cmd == '\\' && q != '\'' && cmd[1]) {
				*o++ = cmd[1];
				cmd += 2;
			} else {
				*o++ = *cmd++;
			}
		}
		if (q)
			return -1;
		*o++ = '\0';
	}
	argv[n] = NULL;
	return n;
}

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

enum wft_status wft_profile_run_command(const char *command, char **secret,
                                       struct wft_error *err)
{
	return wft_profile_run_command_within(command, WFT_TOKEN_COMMAND_TIMEOUT_MS, secret, err);
}

/* Starts argv with its standard output into a pipe; *fd is the pipe's
 * reading end. */
static enum wft_status spawn_command(char **argv, pid_t *pid, int *fd, struct wft_error *err)
{
	int pipefd[2], rc;
	posix_spawn_file_actions_t fa;

	if (pipe2(pipefd, O_CLOEXEC) != 0)
		return wft_error_set(err, WFT_ERR_IO, "cannot run token_command");
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
	rc = posix_spawnp(pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	if (rc != 0) {
		close(pipefd[0]);
		return wft_error_set(err, WFT_ERR_IO, "token_command: cannot run %.200s: %s",
		                     argv[0], strerror(rc));
	}
	*fd = pipefd[0];
	return WFT_OK;
}

/* Reads fd into out (MAX_COMMAND_OUTPUT bytes at most) until end of file,
 * an error, a full buffer or the deadline. True when the deadline passed. */
static bool read_output(int fd, char *out, size_t *len, long long deadline)
{
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		long long left = deadline - mono_ms();
		ssize_t n;
		int pr;
		if (left <= 0)
			return true;
		pr = poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr < 0)
			return false;
		if (pr == 0)
			continue;
		n = read(fd, out + *len, MAX_COMMAND_OUTPUT - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		*len += (size_t)n;
		if (*len == MAX_COMMAND_OUTPUT)
			return false;
	}
}

static bool is_space_or_newline(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The one line the command printed, trimmed, as *secret. */
static enum wft_status one_line_secret(const char *name, char *out, size_t len, char **secret,
                                       struct wft_error *err)
{
	char *s = out, *e = out + len;

	while (s < e && is_space_or_newline(*s))
		s++;
	while (e > s && is_space_or_newline(e[-1]))
		e--;
	if (e == s || memchr(s, '\0', (size_t)(e - s)) || memchr(s, '\n', (size_t)(e - s)))
		return wft_error_set(err, WFT_ERR_AUTH, "token_command %.200s printed no "
		                     "usable secret (one line expected)", name);
	if (!(*secret = strndup(s, (size_t)(e - s))))
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	return WFT_OK;
}

/* What the finished command gave: a secret, or why there is none. */
static enum wft_status command_outcome(const char *name, bool timed_out, int timeout_ms,
                                       int status, char *out, size_t len, char **secret,
                                       struct wft_error *err)
{
	if (timed_out)
		return wft_error_set(err, WFT_ERR_AUTH, "token_command %.200s did not finish within "
		                     "%d s and was stopped", name, (timeout_ms + 999) / 1000);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return wft_error_set(err, WFT_ERR_AUTH, "token_command %.200s failed (%s %d)", name,
		                     WIFEXITED(status) ? "exit status" : "signal",
		                     WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	if (len == MAX_COMMAND_OUTPUT)
		return wft_error_set(err, WFT_ERR_AUTH, "token_command %.200s printed too much",
		                     name);
	return one_line_secret(name, out, len, secret, err);
}

enum wft_status wft_profile_run_command_within(const char *command, int timeout_ms,
                                              char **secret, struct wft_error *err)
{
	long long deadline = mono_ms() + timeout_ms;
	bool timed_out;
	char *words, *argv[MAX_WORDS], *out;
	int fd = -1, status = 0;
	pid_t pid;
	size_t len = 0;
	enum wft_status st;

	*secret = NULL;
	if (!command || strlen(command) > MAX_LINE)
		return wft_error_set(err, WFT_ERR_INVALID, "token_command is empty or too long");
	words = malloc(strlen(command) + 1);
	if (!words)
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	if (split_words(command, words, argv, MAX_WORDS) <= 0) {
		free(words);
		return wft_error_set(err, WFT_ERR_INVALID,
		                     "token_command is empty or has an unclosed quote");
	}
	out = malloc(MAX_COMMAND_OUTPUT + 1);
	st = out ? spawn_command(argv, &pid, &fd, err)
	         : wft_error_set(err, WFT_ERR_IO, "cannot run token_command");
	if (st) {
		free(out);
		free(words);
		return st;
	}
	/* A helper that hangs (a prompt nobody sees, a dead agent) must not
	 * hang the console: it gets until the deadline, then is killed. */
	timed_out = read_output(fd, out, &len, deadline);
	close(fd);
	if (timed_out)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	out[len] = '\0';
	st = command_outcome(argv[0], timed_out, timeout_ms, status, out, len, secret, err);
	wft_wipe(out, MAX_COMMAND_OUTPUT + 1);
	free(out);
	free(words);
	return st;
}

/* ---- resolution ---- */

void wft_profile_free(struct wft_profile *c)
{
	if (!c)
		return;
	free(c->file);
	free(c->profile);
	free(c->endpoint);
	wft_free_secret(c->token);
	wft_free_secret(c->csp_api_token);
	wft_free_secret(c->client_id);
	wft_free_secret(c->client_secret);
	free(c->org_id);
	free(c->csp_url);
	free(c->cacert);
	free(c->theme);
	free(c);
}

void wft_profile_auth_params(const struct wft_profile *c, struct wft_auth_params *p)
{
	memset(p, 0, sizeof *p);
	p->method = c->auth;
	p->token = c->token;
	p->csp_api_token = c->csp_api_token;
	p->client_id = c->client_id;
	p->client_secret = c->client_secret;
	p->org_id = c->org_id;
	p->csp_url = c->csp_url;
}

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

/* First of command line, environment, file. */
static const char *pick(const char *opt, const char *env, const char *file)
{
	if (nonempty(opt))
		return opt;
	if (nonempty(env))
		return env;
	return nonempty(file);
}

static enum wft_status set_copy(char **dst, const char *v, struct wft_error *err)
{
	*dst = NULL;
	if (!v)
		return WFT_OK;
	*dst = strdup(v);
	return *dst ? WFT_OK : wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
}

/* "where" for messages about a file value: "FILE:LINE: ". */
static void where(char *out, size_t n, const struct ini_profile *p, int k, const char *file,
                  bool from_file)
{
	if (from_file && file)
		snprintf(out, n, "%s:%d: ", file, p->line[k]);
	else
		out[0] = '\0';
}

static enum wft_status parse_int(const struct ini_profile *p, int k, const char *file, int lo,
                                 int hi, int dflt, int opt, int *out, struct wft_error *err)
{
	char *end;
	long v;

	*out = dflt;
	if (opt > 0) {
		if (opt < lo || opt > hi)
			return wft_error_set(err, WFT_ERR_INVALID, "%s must be between %d and %d",
			                     key_names[k], lo, hi);
		*out = opt;
		return WFT_OK;
	}
	if (!nonempty(p->val[k]))
		return WFT_OK;
	errno = 0;
	v = strtol(p->val[k], &end, 10);
	if (errno || *end || v < lo || v > hi)
		return wft_error_set(err, WFT_ERR_INVALID, "%s:%d: %s must be a number between "
		                     "%d and %d", file, p->line[k], key_names[k], lo, hi);
	*out = (int)v;
	return WFT_OK;
}

static enum wft_status resolve_secret(struct wft_profile *c, const struct ini_profile *p,
                                      const char *env_value, int file_key,
                                      char **dst, const char *what, const char *env_name,
                                      struct wft_error *err)
{
	enum wft_status st;

	if (nonempty(env_value))
		return set_copy(dst, env_value, err);
	if (nonempty(p->val[file_key]))
		return set_copy(dst, p->val[file_key], err);
	if (nonempty(p->val[K_TOKEN_COMMAND])) {
		st = wft_profile_run_command(p->val[K_TOKEN_COMMAND], dst, err);
		if (st && err) {
			char m[sizeof err->message];
			snprintf(m, sizeof m, "%s", err->message);
			wft_error_set(err, st, "%s:%d: %s", c->file, p->line[K_TOKEN_COMMAND], m);
		}
		return st;
	}
	return wft_error_set(err, WFT_ERR_AUTH, "no %s: set %s, or %s or token_command in "
	                     "profile [%s]%s%s", what, env_name, key_names[file_key], c->profile,
	                     c->file ? " of " : "", c->file ? c->file : "");
}

static char *with_scheme(const char *url)
{
	char *out;

	if (strstr(url, "://"))
		return strdup(url);
	out = malloc(strlen(url) + 9);
	if (out)
		sprintf(out, "https://%s", url);
	return out;
}

/* --insecure skips the check of the server's certificate, so whoever
 * answers in the server's name gets the secret. It is accepted when every
 * host the secret goes to (the endpoint, and CSP for a CSP sign-in) is this
 * machine, or when the profile confirms it with insecure = yes; the key
 * alone does not turn the check off. */
static enum wft_status check_insecure(const struct wft_profile_opts *o, struct wft_profile *c,
                                      const struct ini_profile *p, struct wft_error *err)
{
	const char *v = p->val[K_INSECURE];
	char loc[300];
	bool confirmed = false;

	if (v && *v) {
		if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "on")) {
			confirmed = true;
		} else if (strcmp(v, "no") && strcmp(v, "false") && strcmp(v, "0") && strcmp(v, "off")) {
			where(loc, sizeof loc, p, K_INSECURE, c->file, true);
			return wft_error_set(err, WFT_ERR_INVALID, "%sinsecure must be yes or no", loc);
		}
	}
	c->insecure = o->insecure;
	if (!o->insecure || confirmed)
		return WFT_OK;
	if (!wft_http_url_is_loopback(c->endpoint))
		return wft_error_set(err, WFT_ERR_INVALID,
		                     "--insecure is refused for %s: the token would go to a server "
		                     "whose certificate is not checked. To accept that risk for "
		                     "this host, put insecure = yes in profile [%s]%s%s",
		                     c->endpoint, c->profile, c->file ? " of " : "",
		                     c->file ? c->file : " (of the configuration file)");
	if (c->auth != WFT_AUTH_TOKEN && !wft_http_url_is_loopback(c->csp_url))
		return wft_error_set(err, WFT_ERR_INVALID,
		                     "--insecure is refused for %s: the CSP secret would go to a "
		                     "server whose certificate is not checked. To accept that risk, "
		                     "put insecure = yes in profile [%s]%s%s", c->csp_url, c->profile,
		                     c->file ? " of " : "",
		                     c->file ? c->file : " (of the configuration file)");
	return WFT_OK;
}

/* The secrets the environment gives, each NULL when unset. */
struct env_secrets {
	const char *token, *csp_api_token, *client_id, *client_secret;
};

/* Puts "FILE:LINE: " (when the value came from the file) and label
 * before err's message. */
static enum wft_status locate_error(struct wft_error *err, enum wft_status st,
                                    const struct ini_profile *p, int k, const char *file,
                                    bool from_file, const char *label)
{
	char loc[300], m[sizeof err->message];

	where(loc, sizeof loc, p, k, file, from_file);
	snprintf(m, sizeof m, "%s", err->message);
	return wft_error_set(err, st, "%s%s%s", loc, label, m);
}

/* The profile's name, and its file read into p. */
static enum wft_status resolve_file(const struct wft_profile_opts *o, struct wft_profile *c,
                                    struct ini_profile *p, struct wft_error *err)
{
	bool missing;
	enum wft_status st;

	if ((st = set_copy(&c->profile, nonempty(o->profile) ? o->profile : "default", err)))
		return st;
	p->want = c->profile;
	if (o->config_file)
		st = set_copy(&c->file, o->config_file, err);
	else if (!(c->file = wft_profile_default_path(o->getenv_fn)))
		st = WFT_OK;
	if (st)
		return st;
	if (c->file) {
		if ((st = read_file(c->file, p, &missing, err)))
			return st;
		if (missing && o->config_file)
			return wft_error_set(err, WFT_ERR_IO, "cannot read %s: it does not exist",
			                     c->file);
		if (missing) {
			free(c->file);
			c->file = NULL;
		}
	}
	if (o->profile && *o->profile && !p->found)
		return wft_error_set(err, WFT_ERR_INVALID, "no profile [%s] in %s", c->profile,
		                     c->file ? c->file : "any config file (none was found)");
	return WFT_OK;
}

/* The sign-in method: chosen explicitly, implied by a secret in the
 * environment, chosen by the profile, or implied by its secrets. */
static enum wft_status resolve_auth(const struct wft_profile_opts *o, struct wft_profile *c,
                                    const struct ini_profile *p, const struct env_secrets *e,
                                    struct wft_error *err)
{
	const char *v = nonempty(o->auth);
	char loc[300];

	if (!v && nonempty(e->token))
		v = "token";
	else if (!v && nonempty(e->csp_api_token))
		v = "csp-api-token";
	else if (!v && nonempty(e->client_id) && nonempty(e->client_secret))
		v = "csp-oauth";
	else if (!v && nonempty(p->val[K_AUTH]))
		v = p->val[K_AUTH];
	else if (!v && nonempty(p->val[K_CSP_API_TOKEN]))
		v = "csp-api-token";
	else if (!v && nonempty(p->val[K_CLIENT_ID]))
		v = "csp-oauth";
	else if (!v)
		v = "token";
	if (!wft_auth_method_parse(v, &c->auth)) {
		where(loc, sizeof loc, p, K_AUTH, c->file, !o->auth && v == p->val[K_AUTH]);
		return wft_error_set(err, WFT_ERR_INVALID, "%sauth must be token, csp-api-token "
		                     "or csp-oauth", loc);
	}
	return WFT_OK;
}

static enum wft_status resolve_endpoint(const struct wft_profile_opts *o, struct wft_profile *c,
                                        const struct ini_profile *p, const char *env_endpoint,
                                        struct wft_error *err)
{
	const char *v = pick(o->endpoint, env_endpoint, p->val[K_ENDPOINT]);
	enum wft_status st;

	c->named_by_file = p->found && v && v == p->val[K_ENDPOINT];
	if (!v)
		return wft_error_set(err, WFT_ERR_INVALID, "no endpoint: give --endpoint URL, set "
		                     "WAVEFRONT_ENDPOINT, or set endpoint in profile [%s]%s%s",
		                     c->profile, c->file ? " of " : "", c->file ? c->file : "");
	if (!(c->endpoint = with_scheme(v)))
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	for (size_t n = strlen(c->endpoint); n > 8 && c->endpoint[n - 1] == '/'; n--)
		c->endpoint[n - 1] = '\0';
	if ((st = wft_http_check_url(c->endpoint, err)))
		return locate_error(err, st, p, K_ENDPOINT, c->file, v == p->val[K_ENDPOINT], "");
	return WFT_OK;
}

static enum wft_status resolve_csp_url(const struct wft_profile_opts *o, struct wft_profile *c,
                                       const struct ini_profile *p, struct wft_error *err)
{
	const char *v = pick(o->csp_url, NULL, p->val[K_CSP_URL]);
	enum wft_status st;

	if ((st = set_copy(&c->csp_url, v ? v : WFT_CSP_DEFAULT_URL, err)))
		return st;
	if (c->auth != WFT_AUTH_TOKEN && (st = wft_http_check_url(c->csp_url, err)))
		return locate_error(err, st, p, K_CSP_URL, c->file, v == p->val[K_CSP_URL],
		                    "csp_url: ");
	return WFT_OK;
}

/* The numbers: the option's value, else the file's, else the default. */
static enum wft_status resolve_numbers(const struct wft_profile_opts *o, struct wft_profile *c,
                                       const struct ini_profile *p, struct wft_error *err)
{
	enum wft_status st;

	if ((st = parse_int(p, K_PAGE_SIZE, c->file, 1, 1000, 25, o->page_size, &c->page_size, err)) ||
	    (st = parse_int(p, K_USED_DAYS, c->file, 1, 3650, 7, 0, &c->used_days, err)) ||
	    (st = parse_int(p, K_UNUSED_DAYS, c->file, 1, 3650, 30, 0, &c->unused_days, err)) ||
	    (st = parse_int(p, K_MAX_ANSWER_MB, c->file, 1, 65536, 512, 0, &c->max_answer_mb, err)) ||
	    (st = parse_int(p, K_UNDO_SECONDS, c->file, 0, 3600, WFT_UNDO_SECONDS_DEFAULT, 0,
	                    &c->undo_seconds, err)) ||
	    (st = parse_int(p, K_SERVER_SEARCH_THRESHOLD, c->file, 0, 2000000000,
	                    WFT_SERVER_SEARCH_THRESHOLD_DEFAULT, 0, &c->server_search_threshold, err)))
		return st;
	return WFT_OK;
}

/* The secret (or OAuth client) of the sign-in method. */
static enum wft_status resolve_sign_in(struct wft_profile *c, const struct ini_profile *p,
                                       const struct env_secrets *e, struct wft_error *err)
{
	const char *v;
	enum wft_status st;

	switch (c->auth) {
	case WFT_AUTH_TOKEN:
		return resolve_secret(c, p, e->token, K_TOKEN, &c->token, "API token",
		                      "WAVEFRONT_TOKEN", err);
	case WFT_AUTH_CSP_API_TOKEN:
		return resolve_secret(c, p, e->csp_api_token, K_CSP_API_TOKEN, &c->csp_api_token,
		                      "CSP API token", "CSP_API_TOKEN", err);
	case WFT_AUTH_CSP_OAUTH:
		v = pick(NULL, e->client_id, p->val[K_CLIENT_ID]);
		if (!v)
			return wft_error_set(err, WFT_ERR_AUTH, "no OAuth client id: set CSP_CLIENT_ID "
			                     "or client_id in profile [%s]", c->profile);
		if ((st = set_copy(&c->client_id, v, err)))
			return st;
		return resolve_secret(c, p, e->client_secret, K_CLIENT_SECRET, &c->client_secret,
		                      "OAuth client secret", "CSP_CLIENT_SECRET", err);
	}
	return WFT_OK;
}

static enum wft_status resolve(const struct wft_profile_opts *o, struct wft_profile *c,
                               struct ini_profile *p, struct wft_error *err)
{
	const char *(*env)(const char *) = o->getenv_fn ? o->getenv_fn
	                                   : (const char *(*)(const char *))getenv;
	struct env_secrets e;
	enum wft_status st;

	e.token = env("WAVEFRONT_TOKEN");
	e.csp_api_token = env("CSP_API_TOKEN");
	e.client_id = env("CSP_CLIENT_ID");
	e.client_secret = env("CSP_CLIENT_SECRET");
	c->page_size = 25;
	c->used_days = 7;
	c->unused_days = 30;
	c->undo_seconds = WFT_UNDO_SECONDS_DEFAULT;
	c->server_search_threshold = WFT_SERVER_SEARCH_THRESHOLD_DEFAULT;
	if ((st = resolve_file(o, c, p, err)) ||
	    (st = resolve_auth(o, c, p, &e, err)) ||
	    (st = resolve_endpoint(o, c, p, env("WAVEFRONT_ENDPOINT"), err)) ||
	    (st = resolve_csp_url(o, c, p, err)))
		return st;
	if ((st = set_copy(&c->org_id, pick(o->org_id, env("CSP_ORG_ID"), p->val[K_ORG_ID]), err)) ||
	    (st = set_copy(&c->cacert, pick(o->cacert, NULL, p->val[K_CACERT]), err)) ||
	    (st = set_copy(&c->theme, pick(o->theme, NULL, p->val[K_THEME]), err)) ||
	    (st = check_insecure(o, c, p, err)) ||
	    (st = resolve_numbers(o, c, p, err)))
		return st;
	return resolve_sign_in(c, p, &e, err);
}

enum wft_status wft_profile_resolve(const struct wft_profile_opts *o, struct wft_profile **out,
                                   struct wft_error *err)
{
	struct wft_profile *c = calloc(1, sizeof *c);
	struct ini_profile p;
	enum wft_status st;

	*out = NULL;
	if (!c)
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	memset(&p, 0, sizeof p);
	st = resolve(o, c, &p, err);
	profile_clear(&p);
	if (st) {
		wft_profile_free(c);
		return st;
	}
	*out = c;
	return WFT_OK;
}
