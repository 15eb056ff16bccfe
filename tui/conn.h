/* conn.h: the connection of every command: a profile signed in through
 * its client, or the in-process demo sandbox of --demo (conn.c). */
#ifndef WFT_CONN_H
#define WFT_CONN_H

#include "error.h"
#include "profile.h"
#include "session.h"
#include "wftokens.h"

struct sandbox;

struct conn {
	struct sandbox *sandbox;        /* --demo */
	char demo_token[37];            /* the demo administrator's token: wiped */
	struct wft_profile *profile;    /* otherwise */
	struct session *session;
	char label[64];                 /* the profile's name, or "demo" */
	char endpoint[256];
};

/* Signs in (nothing is sent yet) with the profile, or starts the demo
 * sandbox and connects to it through the same client. */
enum wft_status conn_open(struct conn *c, const struct cli *cli,
                          const struct session_hooks *hooks, struct wft_error *err);
void conn_close(struct conn *c);

#endif
