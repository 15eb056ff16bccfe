/* msglog.c: a ring of the session's last messages. */
#include <stdlib.h>
#include <string.h>

#include "msglog.h"

struct msglog {
	struct msglog_entry *ring;
	size_t cap, first, n, dropped;
};

struct msglog *msglog_new(size_t capacity)
{
	struct msglog *log = calloc(1, sizeof *log);

	if (!log)
		return NULL;
	log->cap = capacity ? capacity : 1;
	log->ring = calloc(log->cap, sizeof *log->ring);
	if (!log->ring) {
		free(log);
		return NULL;
	}
	return log;
}

void msglog_free(struct msglog *log)
{
	if (!log)
		return;
	for (size_t i = 0; i < log->n; i++)
		free(log->ring[(log->first + i) % log->cap].text);
	free(log->ring);
	free(log);
}

enum wft_status msglog_add(struct msglog *log, int64_t when_ms, int kind, const char *text,
                           struct wft_error *err)
{
	struct msglog_entry *e;
	char *copy;

	if (log->n) {
		e = &log->ring[(log->first + log->n - 1) % log->cap];
		if (e->kind == kind && strcmp(e->text, text) == 0) {
			e->when_ms = when_ms;
			return WFT_OK;
		}
	}
	if (!(copy = strdup(text)))
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	if (log->n == log->cap) {
		e = &log->ring[log->first];
		free(e->text);
		log->first = (log->first + 1) % log->cap;
		log->n--;
		log->dropped++;
	}
	e = &log->ring[(log->first + log->n) % log->cap];
	e->when_ms = when_ms;
	e->kind = kind;
	e->text = copy;
	log->n++;
	return WFT_OK;
}

size_t msglog_count(const struct msglog *log) { return log ? log->n : 0; }

const struct msglog_entry *msglog_get(const struct msglog *log, size_t i)
{
	return log && i < log->n ? &log->ring[(log->first + i) % log->cap] : NULL;
}

size_t msglog_dropped(const struct msglog *log) { return log ? log->dropped : 0; }
