/* journal.c: the journal of changes (see journal.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <json-c/json.h>

#include "journal.h"
#include "mask.h"
#include "statefile.h"

/* Longest line read back; a longer one is skipped as unreadable. */
#define JOURNAL_LINE_MAX (64 * 1024)

struct journal {
	int fd;
	char *instance;
	char *identity;
	char session[48];
	unsigned long next_change;
};

static int64_t wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

enum wft_status journal_default_path(const char *(*getenv_fn)(const char *name), char **out,
                                     struct wft_error *err)
{
	char *dir;
	enum wft_status st = statefile_dir(getenv_fn, &dir, err);

	*out = NULL;
	if (st != WFT_OK)
		return st;
	*out = statefile_path(dir, "journal.jsonl");
	free(dir);
	return *out ? WFT_OK : wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
}

/* The directory part of path, a new string. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

enum wft_status journal_open(const char *path, const char *instance, const char *identity,
                             struct journal **out, struct wft_error *err)
{
	struct journal *j;
	struct stat st;
	char *dir;
	enum wft_status s;
	int fd;

	*out = NULL;
	if (!(dir = dir_of(path)))
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	s = statefile_mkdirs(dir, err);
	free(dir);
	if (s != WFT_OK)
		return s;
	/* A new file is made 0600 whatever the umask; an existing one is
	 * opened without following a link, then checked. */
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd >= 0)
		(void)fchmod(fd, 0600);
	else if (errno == EEXIST)
		fd = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return wft_error_set(err, WFT_ERR_IO, "cannot open the journal %s: %s%s", path,
		                     strerror(errno), errno == ELOOP ? " (it is a link)" : "");
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return wft_error_set(err, WFT_ERR_IO, "the journal %s is not a regular file; "
		                     "nothing is written to it", path);
	}
	if (st.st_uid != geteuid()) {
		close(fd);
		return wft_error_set(err, WFT_ERR_IO, "the journal %s belongs to another user; "
		                     "nothing is written to it", path);
	}
	if (st.st_mode & 077) {
		close(fd);
		return wft_error_set(err, WFT_ERR_IO, "the journal %s can be read or written by "
		                     "others (mode %03o); nothing is written to it until `chmod 600 "
		                     "%s`", path, (unsigned)(st.st_mode & 0777), path);
	}
	if (!(j = calloc(1, sizeof *j)) || !(j->instance = strdup(instance ? instance : "")) ||
	    !(j->identity = strdup(identity ? identity : ""))) {
		if (j) {
			free(j->instance);
			free(j);
		}
		close(fd);
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	}
	j->fd = fd;
	/* Unique per open: the time, the process, and how many it opened. */
	static unsigned opened;
	snprintf(j->session, sizeof j->session, "%lld-%ld-%u", (long long)wall_ms(),
	         (long)getpid(), ++opened);
	j->next_change = 1;
	*out = j;
	return WFT_OK;
}

void journal_close(struct journal *j)
{
	if (!j)
		return;
	close(j->fd);
	free(j->instance);
	free(j->identity);
	free(j);
}

const char *journal_session(const struct journal *j)
{
	return j->session;
}

const char *journal_instance(const struct journal *j)
{
	return j->instance;
}

/* A string field, every noted secret masked and anything shaped like a
 * token id hidden: the journal never holds one. */
static int add_text(json_object *o, const char *key, const char *s)
{
	size_t len;
	char *buf;
	int rc;

	if (!s)
		s = "";
	len = strlen(s);
	if (!(buf = malloc(len * WFT_REDACT_GROWTH + WFT_MASK_SIZE + 1)))
		return -1;
	wft_secret_redact(s, len, buf, len * WFT_REDACT_GROWTH + WFT_MASK_SIZE + 1);
	wft_mask_ids_in(buf);
	rc = json_object_object_add(o, key, json_object_new_string(buf));
	free(buf);
	return rc;
}

static void iso_time(int64_t ms, char *out, size_t n)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char base[32];

	if (!gmtime_r(&t, &tm) || !strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm))
		snprintf(base, sizeof base, "%lld", (long long)t);
	snprintf(out, n, "%s.%03dZ", base, (int)(ms % 1000));
}

/* Writes one line: the fields of r (its id already masked). */
static enum wft_status write_line(struct journal *j, const struct journal_rec *r,
                                  struct wft_error *err)
{
	json_object *o = json_object_new_object(), *t = json_object_new_object();
	char when[48];
	const char *s;
	enum wft_status st = WFT_OK;
	bool ok;

	iso_time(r->when_ms, when, sizeof when);
	ok = o && t && json_object_object_add(o, "time", json_object_new_string(when)) == 0 &&
	     json_object_object_add(o, "ms", json_object_new_int64(r->when_ms)) == 0 &&
	     json_object_object_add(o, "session", json_object_new_string(r->session)) == 0 &&
	     json_object_object_add(o, "change", json_object_new_int64((int64_t)r->change)) == 0 &&
	     add_text(o, "instance", r->instance) == 0 && add_text(o, "identity", r->identity) == 0 &&
	     add_text(o, "action", r->action) == 0 && add_text(t, "id", r->id) == 0 &&
	     add_text(t, "name", r->name) == 0 && add_text(t, "account", r->account) == 0;
	if (ok)
		ok = json_object_object_add(o, "target", t) == 0;
	else
		json_object_put(t);
	ok = ok && add_text(o, "state", r->state) == 0 &&
	     (!r->detail || !*r->detail || add_text(o, "detail", r->detail) == 0);
	if (!ok) {
		json_object_put(o);
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	}
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	                                   JSON_C_TO_STRING_NOSLASHESCAPE);
	{
		size_t n = strlen(s);
		char *line = malloc(n + 2);
		if (!line) {
			st = wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		} else {
			memcpy(line, s, n);
			line[n] = '\n';
			/* One write of the whole line (O_APPEND), then synced. */
			if (!statefile_write_all(j->fd, line, n + 1) || fsync(j->fd) != 0)
				st = wft_error_set(err, WFT_ERR_IO, "cannot write the journal: %s",
				                   strerror(errno));
			free(line);
		}
	}
	json_object_put(o);
	return st;
}

enum wft_status journal_add(struct journal *j, unsigned long *change, const char *action,
                            const struct journal_target *t, const char *state,
                            const char *detail, struct wft_error *err)
{
	struct journal_rec r;
	char masked[WFT_MASK_SIZE] = "";

	if (!j)
		return WFT_OK;
	if (*change == 0)
		*change = j->next_change++;
	memset(&r, 0, sizeof r);
	r.when_ms = wall_ms();
	r.session = j->session;
	r.change = *change;
	r.instance = j->instance;
	r.identity = j->identity;
	r.action = action;
	if (t && t->id && *t->id)
		wft_mask_id(t->id, masked, sizeof masked);
	r.id = masked;
	r.name = t ? t->name : NULL;
	r.account = t ? t->account : NULL;
	r.state = state;
	r.detail = detail;
	return write_line(j, &r, err);
}

const char *journal_state_of(enum wft_outcome o, enum wft_settled s)
{
	if (s == WFT_SETTLED_UNKNOWN)
		return JOURNAL_UNCONFIRMED;
	if (s == WFT_SETTLED_NOT_DONE)
		return JOURNAL_REFUSED;
	return o == WFT_OUTCOME_DONE_UNREAD ? JOURNAL_DONE_UNREAD : JOURNAL_DONE;
}

/* ---- reading ---------------------------------------------------------------- */

static const char *str_of(json_object *o, const char *key)
{
	json_object *v;

	if (o && json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	return "";
}

static bool decode_line(const char *line, size_t len, json_object **root, struct journal_rec *r)
{
	json_tokener *tok = json_tokener_new();
	json_object *o, *t = NULL, *v;

	if (!tok)
		return false;
	o = json_tokener_parse_ex(tok, line, (int)len);
	json_tokener_free(tok);
	if (!o || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return false;
	}
	memset(r, 0, sizeof *r);
	if (json_object_object_get_ex(o, "ms", &v))
		r->when_ms = json_object_get_int64(v);
	if (json_object_object_get_ex(o, "change", &v))
		r->change = (unsigned long)json_object_get_int64(v);
	json_object_object_get_ex(o, "target", &t);
	r->session = str_of(o, "session");
	r->instance = str_of(o, "instance");
	r->identity = str_of(o, "identity");
	r->action = str_of(o, "action");
	r->id = str_of(t, "id");
	r->name = str_of(t, "name");
	r->account = str_of(t, "account");
	r->state = str_of(o, "state");
	r->detail = str_of(o, "detail");
	*root = o;
	return true;
}

enum wft_status journal_read(const char *path,
                             void (*fn)(void *ud, const struct journal_rec *r), void *ud,
                             size_t *skipped, struct wft_error *err)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (skipped)
		*skipped = 0;
	if (!f)
		return errno == ENOENT ? WFT_OK
		       : wft_error_set(err, WFT_ERR_IO, "cannot read the journal %s: %s", path,
		                       strerror(errno));
	while ((n = getline(&line, &cap, f)) >= 0) {
		json_object *root = NULL;
		struct journal_rec r;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0)
			continue;
		if (n > JOURNAL_LINE_MAX || !decode_line(line, (size_t)n, &root, &r)) {
			/* A line cut off by a crash, or not ours. */
			if (skipped)
				(*skipped)++;
			continue;
		}
		fn(ud, &r);
		json_object_put(root);
	}
	free(line);
	fclose(f);
	return WFT_OK;
}

char *journal_format(const struct journal_rec *r)
{
	time_t t = (time_t)(r->when_ms / 1000);
	struct tm tm;
	char when[32], *out = NULL;
	size_t n;
	FILE *m;

	if (!gmtime_r(&t, &tm) || !strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(when, sizeof when, "?");
	if (!(m = open_memstream(&out, &n)))
		return NULL;
	fprintf(m, "%s  %s  %s", when, *r->instance ? r->instance : "?", r->action);
	if (*r->id)
		fprintf(m, " %s", r->id);
	if (*r->name)
		fprintf(m, " \"%s\"", r->name);
	if (*r->account)
		fprintf(m, " (%s)", r->account);
	fprintf(m, "  %s", r->state);
	if (*r->detail)
		fprintf(m, ": %s", r->detail);
	if (fclose(m) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* ---- changes without an outcome ------------------------------------------ */

struct open_change {
	char *session;
	unsigned long change;
	char *instance, *identity, *action, *id, *name, *account;
	bool held;
	bool open;
};

struct scan {
	struct open_change *v;
	size_t n, cap;
	const char *own;       /* this process's session: not settled */
	bool nomem;
};

static void free_change(struct open_change *c)
{
	free(c->session);
	free(c->instance);
	free(c->identity);
	free(c->action);
	free(c->id);
	free(c->name);
	free(c->account);
}

static void scan_line(void *ud, const struct journal_rec *r)
{
	struct scan *s = ud;
	struct open_change *c = NULL;

	if (strcmp(r->session, s->own) == 0 || s->nomem)
		return;
	for (size_t i = s->n; i-- > 0;)
		if (s->v[i].change == r->change && strcmp(s->v[i].session, r->session) == 0) {
			c = &s->v[i];
			break;
		}
	bool opening = strcmp(r->state, JOURNAL_PENDING) == 0 || strcmp(r->state, JOURNAL_HELD) == 0;
	if (!c) {
		if (!opening)
			return;
		if (s->n == s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 16;
			struct open_change *g = realloc(s->v, cap * sizeof *g);
			if (!g) {
				s->nomem = true;
				return;
			}
			s->v = g;
			s->cap = cap;
		}
		c = &s->v[s->n++];
		memset(c, 0, sizeof *c);
		c->session = strdup(r->session);
		c->change = r->change;
		c->instance = strdup(r->instance);
		c->identity = strdup(r->identity);
		c->action = strdup(r->action);
		c->id = strdup(r->id);
		c->name = strdup(r->name);
		c->account = strdup(r->account);
		if (!c->session || !c->instance || !c->identity || !c->action || !c->id ||
		    !c->name || !c->account)
			s->nomem = true;
	}
	c->open = opening;
	c->held = strcmp(r->state, JOURNAL_HELD) == 0;
}

static void describe(FILE *m, const struct open_change *c)
{
	fprintf(m, "%s", c->action);
	if (*c->id)
		fprintf(m, " %s", c->id);
	if (*c->name)
		fprintf(m, " (%s)", c->name);
	else if (*c->account)
		fprintf(m, " (%s)", c->account);
}

enum wft_status journal_settle_unfinished(struct journal *j, const char *path, size_t *n,
                                          char **report, struct wft_error *err)
{
	struct scan s = { .own = j ? j->session : "" };
	size_t lost = 0, held = 0;
	enum wft_status st;

	*n = 0;
	*report = NULL;
	if ((st = journal_read(path, scan_line, &s, NULL, err)) != WFT_OK)
		return st;
	if (s.nomem)
		st = wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	for (size_t i = 0; st == WFT_OK && i < s.n; i++) {
		struct open_change *c = &s.v[i];
		if (!c->open)
			continue;
		struct journal_rec r = { .when_ms = wall_ms(), .session = c->session,
		                         .change = c->change, .instance = c->instance,
		                         .identity = c->identity, .action = c->action, .id = c->id,
		                         .name = c->name, .account = c->account,
		                         .state = c->held ? JOURNAL_NOT_SENT : JOURNAL_LOST,
		                         .detail = c->held ? "the session ended during the undo window"
		                                           : "the session ended before the answer" };
		if (j && (st = write_line(j, &r, err)) != WFT_OK)
			break;
		if (c->held)
			held++;
		else
			lost++;
	}
	if (st == WFT_OK && lost + held) {
		size_t len;
		FILE *m = open_memstream(report, &len);
		if (!m) {
			st = wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		} else {
			for (int pass = 0; pass < 2; pass++) {
				size_t k = pass ? held : lost, shown = 0;
				if (!k)
					continue;
				if (pass && lost)
					fprintf(m, "; ");
				if (pass)
					fprintf(m, "%zu held revoke%s of the last session %s not sent: ", k,
					        k == 1 ? "" : "s", k == 1 ? "was" : "were");
				else
					fprintf(m, "%zu change%s of the last session %s no recorded outcome: ",
					        k, k == 1 ? "" : "s", k == 1 ? "has" : "have");
				for (size_t i = 0; i < s.n; i++) {
					if (!s.v[i].open || s.v[i].held != (pass == 1))
						continue;
					if (shown++ == 5) {
						fprintf(m, ", ... (:journal shows all)");
						break;
					}
					if (shown > 1)
						fprintf(m, ", ");
					describe(m, &s.v[i]);
				}
			}
			if (fclose(m) != 0) {
				free(*report);
				*report = NULL;
				st = wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
			}
		}
		*n = lost + held;
	}
	for (size_t i = 0; i < s.n; i++)
		free_change(&s.v[i]);
	free(s.v);
	return st;
}
