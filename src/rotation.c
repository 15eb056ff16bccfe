/* rotation.c: guided rotation without the screen (rotation.h). */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "journal.h"
#include "rotation.h"

#define DAY_S 86400

/* One duration at *p ("60s", "24h", "90"): its seconds, p moved past it;
 * -1 when none is there. */
static int64_t parse_duration(const char **p)
{
	const char *s = *p;
	int64_t v = 0, unit = 1;
	int digits = 0;

	while (*s == ' ' || *s == '\t' || *s == ',')
		s++;
	for (; isdigit((unsigned char)*s) && digits < 9; s++, digits++)
		v = v * 10 + (*s - '0');
	if (!digits)
		return -1;
	if (*s == ' ' && strchr("smhdSMHD", s[1]) && s[1])
		s++;    /* "60 s" */
	switch (tolower((unsigned char)*s)) {
	case 's': unit = 1; s++; break;
	case 'm': unit = 60; s++; break;
	case 'h': unit = 3600; s++; break;
	case 'd': unit = DAY_S; s++; break;
	default: break;
	}
	if (*s && *s != ' ' && *s != '\t' && *s != ',')
		return -1;
	*p = s;
	return v * unit;
}

enum wft_status rotation_parse_times(const char *text, int64_t *interval_s, int64_t *quiet_s,
                                     struct wft_error *err)
{
	const char *p = text ? text : "";
	int64_t iv = parse_duration(&p), q = iv < 0 ? -1 : parse_duration(&p);

	while (*p == ' ' || *p == '\t')
		p++;
	if (iv < 0 || q < 0 || *p)
		return wft_error_set(err, WFT_ERR_INVALID, "give the re-read interval, then the "
		                     "quiet time, each a number with s, m, h or d (as \"%s\")",
		                     ROTATE_DEFAULT_TIMES);
	if (iv < 1 || iv > DAY_S)
		return wft_error_set(err, WFT_ERR_INVALID, "the re-read interval must be from 1 s "
		                     "to 1 d");
	if (q < 1 || q > 365 * DAY_S)
		return wft_error_set(err, WFT_ERR_INVALID, "the quiet time must be from 1 s to "
		                     "365 d");
	*interval_s = iv;
	*quiet_s = q;
	return WFT_OK;
}

char *rotation_duration_text(int64_t s, char *out, size_t outsz)
{
	if (s >= DAY_S && s % DAY_S == 0)
		snprintf(out, outsz, "%" PRId64 " d", s / DAY_S);
	else if (s >= 3600 && s % 3600 == 0)
		snprintf(out, outsz, "%" PRId64 " h", s / 3600);
	else if (s >= 60 && s % 60 == 0)
		snprintf(out, outsz, "%" PRId64 " m", s / 60);
	else
		snprintf(out, outsz, "%" PRId64 " s", s);
	return out;
}

/* An elapsed time in its largest whole unit, rounded down: "12 s", "3 m". */
static char *elapsed_text(int64_t s, char *out, size_t outsz)
{
	if (s < 0)
		s = 0;
	if (s >= DAY_S)
		s -= s % DAY_S;
	else if (s >= 3600)
		s -= s % 3600;
	else if (s >= 60)
		s -= s % 60;
	return rotation_duration_text(s, out, outsz);
}

/* Length of name without a rotation suffix of its own: " (rotated
 * YYYY-MM-DD)" at its end. */
static size_t base_length(const char *name)
{
	size_t n = strlen(name), sl = strlen(ROTATE_SUFFIX), tail = sl + 11;
	const char *t;

	if (n < tail)
		return n;
	t = name + n - tail;
	if (strncmp(t, ROTATE_SUFFIX, sl) != 0 || t[tail - 1] != ')')
		return n;
	for (size_t i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? t[sl + i] != '-' : !isdigit((unsigned char)t[sl + i]))
			return n;
	return n - tail;
}

void rotation_new_name(const char *old, wft_millis day, char *out, size_t outsz)
{
	char suffix[40], date[16] = "";
	time_t t = (time_t)(day / 1000);
	struct tm tm;
	size_t keep = base_length(old ? old : ""), room;

	if (gmtime_r(&t, &tm))
		strftime(date, sizeof date, "%Y-%m-%d", &tm);
	snprintf(suffix, sizeof suffix, "%s%s)", ROTATE_SUFFIX, date);
	room = SA_TOKEN_NAME_MAX - strlen(suffix);
	if (outsz < strlen(suffix) + 1) {
		if (outsz)
			out[0] = '\0';
		return;
	}
	if (room > outsz - 1 - strlen(suffix))
		room = outsz - 1 - strlen(suffix);
	if (keep > room) {
		keep = room;
		/* never half a character: back to the start of one */
		while (keep > 0 && ((unsigned char)old[keep] & 0xC0) == 0x80)
			keep--;
	}
	memcpy(out, old ? old : "", keep);
	snprintf(out + keep, outsz - keep, "%s", suffix);
}

void rotation_init(struct rotation *r, const char *id, const char *name, const char *account,
                   wft_millis generated, int64_t interval_s, int64_t quiet_s)
{
	memset(r, 0, sizeof *r);
	wft_mask_id(id, r->old_masked, sizeof r->old_masked);
	snprintf(r->name, sizeof r->name, "%s", name ? name : "");
	snprintf(r->account, sizeof r->account, "%s", account ? account : "");
	r->old_generated = generated;
	r->interval_s = interval_s;
	r->quiet_s = quiet_s;
}

void rotation_clear(struct rotation *r)
{
	wft_free_secret(r->old_id);
	r->old_id = NULL;
}

bool rotation_is_old(const struct rotation *r, const char *id, const char *account,
                     wft_millis generated)
{
	char m[WFT_MASK_SIZE];

	if (r->old_id && id)
		return strcmp(r->old_id, id) == 0;
	wft_mask_id(id, m, sizeof m);
	return strcmp(m, r->old_masked) == 0 && account && strcmp(account, r->account) == 0 &&
	       generated == r->old_generated;
}

int64_t rotation_quiet_ms(const struct rotation *r)
{
	wft_millis from = r->last_used > r->since ? r->last_used : r->since;

	if (!r->last_read)
		return -1;
	return r->last_read > from ? r->last_read - from : 0;
}

bool rotation_is_quiet(const struct rotation *r)
{
	return r->generated && rotation_quiet_ms(r) >= r->quiet_s * 1000;
}

void rotation_status(const struct rotation *r, wft_millis now, char *out, size_t outsz)
{
	char q[24], ago[24];
	int64_t quiet = rotation_quiet_ms(r);

	rotation_duration_text(r->quiet_s, q, sizeof q);
	if (!r->generated)
		snprintf(out, outsz, "rotating: generating");
	else if (quiet < 0)
		snprintf(out, outsz, "rotating: reading the old token%s%s",
		         *r->read_error ? ": " : "", r->read_error);
	else if (rotation_is_quiet(r))
		snprintf(out, outsz, "quiet %s: R revokes it", q);
	else if (r->last_used > r->since)
		snprintf(out, outsz, "old token last used %s ago",
		         elapsed_text((now - r->last_used) / 1000, ago, sizeof ago));
	else
		snprintf(out, outsz, "rotating: unused %s of %s",
		         elapsed_text(quiet / 1000, ago, sizeof ago), q);
}

void rotation_detail(const struct rotation *r, char *out, size_t outsz)
{
	snprintf(out, outsz, "generated=%" PRId64 " interval=%" PRId64 " quiet=%" PRId64
	         " since=%" PRId64 " new=%s", (int64_t)r->old_generated, r->interval_s,
	         r->quiet_s, (int64_t)r->since, *r->new_masked ? r->new_masked : "-");
}

/* The value of key= in detail, as a number; false when missing. */
static bool detail_num(const char *detail, const char *key, int64_t *v)
{
	size_t kl = strlen(key);

	for (const char *p = detail; (p = strstr(p, key)) != NULL; p += kl)
		if ((p == detail || p[-1] == ' ') && p[kl] == '=') {
			char *end;
			long long x = strtoll(p + kl + 1, &end, 10);
			if (end == p + kl + 1)
				return false;
			*v = x;
			return true;
		}
	return false;
}

static bool parse_detail(const char *detail, struct rotation *r)
{
	int64_t gen, iv, q, since;
	const char *nw = strstr(detail, " new=");

	if (!detail_num(detail, "generated", &gen) || !detail_num(detail, "interval", &iv) ||
	    !detail_num(detail, "quiet", &q) || !detail_num(detail, "since", &since) ||
	    iv < 1 || q < 1)
		return false;
	r->old_generated = gen;
	r->interval_s = iv;
	r->quiet_s = q;
	r->since = since;
	if (nw && strncmp(nw + 5, "-", 2) != 0)
		snprintf(r->new_masked, sizeof r->new_masked, "%.*s", (int)strcspn(nw + 5, " "),
		         nw + 5);
	return true;
}

struct collect {
	const char *instance;
	struct rotation *v;
	bool *open;                /* by v's index: its last line leaves it open */
	size_t n, cap;
	bool nomem;
};

static void collect_line(void *ud, const struct journal_rec *rec)
{
	struct collect *c = ud;
	struct rotation r, *hit = NULL;

	if (c->nomem || strcmp(rec->action, ROTATE_ACTION) != 0 ||
	    strcmp(rec->instance, c->instance) != 0)
		return;
	rotation_init(&r, rec->id, rec->name, rec->account, 0, 0, 0);
	if (!parse_detail(rec->detail, &r))
		return;
	for (size_t i = 0; i < c->n && !hit; i++)
		if (strcmp(c->v[i].old_masked, r.old_masked) == 0 &&
		    strcmp(c->v[i].account, r.account) == 0 &&
		    c->v[i].old_generated == r.old_generated)
			hit = &c->v[i];
	if (!hit) {
		if (c->n == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 4;
			struct rotation *g = realloc(c->v, cap * sizeof *g);
			bool *o = g ? realloc(c->open, cap * sizeof *o) : NULL;
			if (g)
				c->v = g;
			if (!o) {
				c->nomem = true;
				return;
			}
			c->open = o;
			c->cap = cap;
		}
		hit = &c->v[c->n++];
	}
	r.generated = strcmp(rec->state, ROTATE_GENERATED) == 0;
	/* open: generated (watched), or started (cut off); closed otherwise */
	c->open[hit - c->v] = r.generated || strcmp(rec->state, ROTATE_STARTED) == 0;
	*hit = r;
}

enum wft_status rotation_collect(const char *journal_path, const char *instance,
                                 struct rotation **out, size_t *n, struct wft_error *err)
{
	struct collect c = { .instance = instance ? instance : "" };
	enum wft_status st;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	st = journal_read(journal_path, collect_line, &c, NULL, err);
	if (st == WFT_OK && c.nomem)
		st = wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	for (size_t i = 0; st == WFT_OK && i < c.n; i++)
		if (c.open[i])
			c.v[k++] = c.v[i];
	free(c.open);
	if (!k) {
		free(c.v);
		return st;
	}
	*out = c.v;
	*n = k;
	return WFT_OK;
}
