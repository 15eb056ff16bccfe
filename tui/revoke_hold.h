/* revoke_hold.h: the undo window (undo_seconds of the profile). A
 * confirmed revoke is held that long before it is sent; u (or :undo)
 * cancels it and nothing is sent. One mechanism for every place that
 * revokes, the API Tokens page and the service-account dialog: each keeps
 * what it holds (its tokens) and a struct revoke_hold; this file keeps the
 * window's clock, wakes the loop for its countdown, sends at its end, and
 * asks before a quit (or the dialog's close) while revokes are held: send
 * now, cancel them, or stay. A crash or a lost session sends nothing: the
 * journal's "held" lines are reported at the next start. */
#ifndef WFT_REVOKE_HOLD_H
#define WFT_REVOKE_HOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ui;

/* What the owner of held revokes does at the window's turns. */
struct hold_ops {
	/* The window ended, or "send now": the held revokes go out. */
	void (*send)(struct ui *ui, void *owner);
	/* u, :undo or "cancel them": nothing is sent; why (NULL: u) goes to
	 * the journal. */
	void (*undo)(struct ui *ui, void *owner, const char *why);
	/* The console ended with them held (the script ended, a hang-up, a
	 * SIGTERM): nothing is sent, and the journal says so. */
	void (*lost)(struct ui *ui, void *owner);
};

struct revoke_hold {
	const struct hold_ops *ops;
	void *owner;
	struct ui *ui;            /* while running */
	size_t n;                 /* revokes held, for the question */
	int64_t until;            /* monotonic ms of the window's end; 0: nothing held */
	int64_t left;             /* ms that were left when the question paused it */
	bool paused;
	struct revoke_hold *next; /* the ui's list of running windows */
};

/* Sets who owns h and what it does (once, when the owner is made). */
void hold_init(struct revoke_hold *h, const struct hold_ops *ops, void *owner);
/* Starts h's window of ms over n revokes. */
void hold_start(struct ui *ui, struct revoke_hold *h, size_t n, int ms);
/* Ends h's window (the revokes were sent or undone); nothing is called. */
void hold_end(struct revoke_hold *h);
bool hold_running(const struct revoke_hold *h);
/* Seconds left of h's window, rounded up (while paused, what was left);
 * 0 when it is not running. */
int hold_seconds_left(const struct revoke_hold *h);
/* u on the owner's own screen: h's revokes are undone (ops->undo with
 * why), the window ends. */
void hold_undo(struct revoke_hold *h, const char *why);
/* The owner goes away with h running: ops->lost, then the window ends. */
void hold_abandon(struct revoke_hold *h);

/* ---- for the loop ---- */
/* ms until hold_timers must run (0: overdue); -1 when nothing is held. */
int64_t hold_wake(struct ui *ui, int64_t now);
/* Sends what is held in windows that have ended. */
void hold_timers(struct ui *ui, int64_t now);
/* u and :undo: undoes the window started last; false when none runs. */
bool hold_undo_newest(struct ui *ui);
/* A quit while revokes are held: asks first (the windows pause meanwhile)
 * and returns true; the answer quits or not. */
bool hold_before_quit(struct ui *ui);
/* Closing the owner of h while it holds revokes: asks first and returns
 * true; "send now" and "cancel them" then run close(ui), "stay" does not. */
bool hold_before_close(struct ui *ui, struct revoke_hold *h, void (*close)(struct ui *ui));

#endif
