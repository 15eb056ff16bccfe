/* msglog.h: the session's messages, kept in order with their time and kind,
 * so that a message replaced on screen is never lost (the message log, L).
 * The oldest are dropped past a fixed number, and counted. */
#ifndef WFT_MSGLOG_H
#define WFT_MSGLOG_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct msglog_entry {
	int64_t when_ms;     /* wall clock, milliseconds since the epoch */
	int kind;            /* the caller's own (info, warning, error) */
	char *text;          /* owned by the log */
};

struct msglog;

/* A log that keeps the last capacity messages (capacity >= 1). */
struct msglog *msglog_new(size_t capacity);
void msglog_free(struct msglog *log);
/* Appends a copy of text. A message equal to the last one, of the same
 * kind, only moves that one's time, so a repeated error does not push the
 * cause out. */
enum wft_status msglog_add(struct msglog *log, int64_t when_ms, int kind, const char *text,
                           struct wft_error *err);
/* Messages kept, and entry i of them (0 is the oldest kept). */
size_t msglog_count(const struct msglog *log);
const struct msglog_entry *msglog_get(const struct msglog *log, size_t i);
/* Messages dropped to keep within the capacity. */
size_t msglog_dropped(const struct msglog *log);

#endif
