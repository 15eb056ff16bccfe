/* faults.c: decoding and encoding of fault settings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/faults.h"

static const struct {
	const char *name;
	size_t off;
	int max;
} fields[] = {
	{ "latency_ms", offsetof(struct sb_faults, latency_ms), 60000 },
	{ "fail_next", offsetof(struct sb_faults, fail_next), 1000000 },
	{ "status", offsetof(struct sb_faults, status), 599 },
	{ "retry_after", offsetof(struct sb_faults, retry_after), 86400 },
	{ "garbage_next", offsetof(struct sb_faults, garbage_next), 1000000 },
	{ "truncate_next", offsetof(struct sb_faults, truncate_next), 1000000 },
	{ "drop_next", offsetof(struct sb_faults, drop_next), 1000000 },
	{ "stream_delay_ms", offsetof(struct sb_faults, stream_delay_ms), 60000 },
	{ "stream_cut_rows", offsetof(struct sb_faults, stream_cut_rows), 100000000 },
	{ "wait_for_change", offsetof(struct sb_faults, wait_for_change), 1 },
	{ "changes_only", offsetof(struct sb_faults, changes_only), 1 },
};
#define N_FIELDS (sizeof fields / sizeof fields[0])

static int *field(struct sb_faults *f, size_t i)
{
	return (int *)((char *)f + fields[i].off);
}

static int check(struct sb_faults *f, struct body_err *err)
{
	if (f->fail_next && !f->status)
		f->status = 503;
	if (f->status && (f->status < 400 || f->status > 599)) {
		snprintf(err->msg, sizeof err->msg, "Fault 'status' must be between 400 and 599");
		return -1;
	}
	return 0;
}

int faults_from_json(json_object *o, struct sb_faults *f, struct body_err *err)
{
	memset(f, 0, sizeof *f);
	if (!o)
		return 0;
	if (!json_object_is_type(o, json_type_object)) {
		snprintf(err->msg, sizeof err->msg, "Faults must be a JSON object");
		return -1;
	}
	{
		json_object_object_foreach(o, k, v) {
			size_t i;
			(void)v;
			for (i = 0; i < N_FIELDS; i++)
				if (strcmp(k, fields[i].name) == 0)
					break;
			if (i == N_FIELDS) {
				snprintf(err->msg, sizeof err->msg, "Unknown fault '%.40s'", k);
				return -1;
			}
		}
	}
	for (size_t i = 0; i < N_FIELDS; i++) {
		int64_t n;
		int r = body_get_int(o, fields[i].name, 0, fields[i].max, &n, err);
		if (r < 0)
			return -1;
		if (r == 0)
			*field(f, i) = (int)n;
	}
	return check(f, err);
}

int faults_parse_spec(const char *spec, struct sb_faults *f, struct body_err *err)
{
	const char *p = spec;

	memset(f, 0, sizeof *f);
	while (*p == ' ')
		p++;
	if (*p == '{') {
		json_object *o;
		int r;
		if (body_parse_json(spec, strlen(spec), &o, err) < 0)
			return -1;
		r = faults_from_json(o, f, err);
		json_object_put(o);
		return r;
	}
	while (*p) {
		size_t klen = strcspn(p, "=,");
		size_t i;
		char *end;
		long v;

		for (i = 0; i < N_FIELDS; i++)
			if (strlen(fields[i].name) == klen && strncmp(p, fields[i].name, klen) == 0)
				break;
		if (i == N_FIELDS || p[klen] != '=') {
			snprintf(err->msg, sizeof err->msg,
			         "Bad fault spec near '%.20s' (want key=value,...)", p);
			return -1;
		}
		p += klen + 1;
		v = strtol(p, &end, 10);
		if (end == p || v < 0 || v > fields[i].max || (*end && *end != ',')) {
			snprintf(err->msg, sizeof err->msg, "Bad value for fault '%s'", fields[i].name);
			return -1;
		}
		*field(f, i) = (int)v;
		p = *end ? end + 1 : end;
	}
	return check(f, err);
}

void faults_to_json(const struct sb_faults *f, struct jw *w)
{
	jw_obj(w);
	for (size_t i = 0; i < N_FIELDS; i++)
		jw_kint(w, fields[i].name, *(const int *)((const char *)f + fields[i].off));
	jw_obj_end(w);
}
