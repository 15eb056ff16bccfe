/* rotation.h: guided rotation of a service-account token, without the
 * screen: the questions' answers (re-read interval and quiet time), the
 * replacement's name, when the old token counts as quiet, what its row
 * says, and the rotation's state as the journal keeps it, so that a
 * rotation survives a restart.
 *
 * The journal holds a rotation as lines of action "rotate" (journal.h):
 * the target is the old token (its id masked, its name, its account), the
 * state one of ROTATE_* below, and the detail the non-secret rest, as
 * "generated=MS interval=S quiet=S since=MS new=****-...-abcd": the old
 * token's generation time tells it apart from another token of the account
 * with the same last four characters. The last line of a rotation wins;
 * one whose last state is ROTATE_GENERATED is still being watched. */
#ifndef WFT_ROTATION_H
#define WFT_ROTATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "mask.h"
#include "model.h"
#include "sacheck.h"

#define ROTATE_ACTION "rotate"
#define ROTATE_STARTED "started"                   /* the replacement is being generated */
#define ROTATE_GENERATED "replacement generated"   /* handed over: the old one is watched */
#define ROTATE_OLD_REVOKED "old revoked"           /* done */
#define ROTATE_ABANDONED "abandoned"               /* ended without revoking the old one */

#define ROTATE_DEFAULT_TIMES "60s 24h"
#define ROTATE_SUFFIX " (rotated "                  /* then the date and ")" */

struct rotation {
	/* kept in the journal */
	char old_masked[WFT_MASK_SIZE];
	char account[SA_ID_MAX + 1];
	char name[SA_TOKEN_NAME_MAX + 1];     /* the old token's */
	wft_millis old_generated;             /* the old token's dateGenerated */
	char new_masked[WFT_MASK_SIZE];       /* the replacement, once generated */
	wft_millis since;                     /* when the replacement was handed over */
	int64_t interval_s, quiet_s;
	bool generated;                       /* last state ROTATE_GENERATED */
	/* this session's only */
	unsigned long serial;                 /* who it is to its requests */
	char *old_id;                         /* the old token's id once found (a secret) */
	wft_millis last_used;                 /* as last read; 0: never used */
	wft_millis last_read;                 /* when it was last read; 0: not yet */
	int64_t next_read;                    /* monotonic ms of the next read */
	bool reading;                         /* a read is in flight */
	bool offered;                         /* the revoke was offered (and declined) */
	unsigned long change;                 /* its change in this session's journal */
	char read_error[160];                 /* the last read's failure, or "" */
};

/* "60s 24h", "5m 2d", "1 30": the re-read interval then the quiet time,
 * each a number with s, m, h or d (none: seconds). The interval is 1 s to
 * 1 d, the quiet time 1 s to 365 d. WFT_ERR_INVALID with a sentence. */
enum wft_status rotation_parse_times(const char *text, int64_t *interval_s, int64_t *quiet_s,
                                     struct wft_error *err);
/* "90 s", "5 m", "24 h", "2 d" (the largest whole unit) into out. */
char *rotation_duration_text(int64_t s, char *out, size_t outsz);
/* The replacement's name: old's name (any rotation suffix of its own taken
 * off) and " (rotated YYYY-MM-DD)" for day (UTC), cut at a whole character
 * so that it stays within SA_TOKEN_NAME_MAX bytes. */
void rotation_new_name(const char *old, wft_millis day, char *out, size_t outsz);

/* Fills r's journaled fields for the old token (id is masked here). */
void rotation_init(struct rotation *r, const char *id, const char *name, const char *account,
                   wft_millis generated, int64_t interval_s, int64_t quiet_s);
/* Wipes and frees old_id. */
void rotation_clear(struct rotation *r);
/* True when token (id, account, generated) is r's old token. */
bool rotation_is_old(const struct rotation *r, const char *id, const char *account,
                     wft_millis generated);
/* ms the old token has been unused since the replacement was handed over
 * (as last read); -1 before the first read. */
int64_t rotation_quiet_ms(const struct rotation *r);
/* The old token has been read and quiet for quiet_s. */
bool rotation_is_quiet(const struct rotation *r);
/* What the old token's row says, short enough for the columns it covers:
 * "old token last used 3 m ago", "rotating: unused 5 m of 24 h" (not used
 * since the replacement), "quiet 24 h: R revokes it". */
void rotation_status(const struct rotation *r, wft_millis now, char *out, size_t outsz);

/* The journal's detail of r (see above). */
void rotation_detail(const struct rotation *r, char *out, size_t outsz);
/* The rotations a journal leaves open for instance: *out (a new array of
 * *n, NULL when none) holds those whose last line is ROTATE_GENERATED
 * (generated true) or ROTATE_STARTED (the session ended during the
 * generation: generated false). */
enum wft_status rotation_collect(const char *journal_path, const char *instance,
                                 struct rotation **out, size_t *n, struct wft_error *err);

#endif
