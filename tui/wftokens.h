/* wftokens.h: what main.c shares with `wftokens list`: the parsed command
 * line and the connection (a profile, or the in-process demo sandbox). */
#ifndef WFT_WFTOKENS_H
#define WFT_WFTOKENS_H

#include <stdbool.h>

#include "error.h"
#include "profile.h"
#include "session.h"

struct cli {
	bool list;                      /* `wftokens list` */
	const char *profile, *config, *endpoint, *auth, *csp_url, *org_id, *cacert;
	const char *theme;
	const char *saved_search;       /* --saved-search ID: open on that view */
	bool insecure, demo, read_only, no_mouse, no_color;
	bool csp_onboarded;             /* --demo --csp-onboarded */
	bool dry_run;                   /* --dry-run: changes shown, not sent */
	bool server_search;             /* --server-search: never download the list */
	int page_size;
	unsigned demo_tokens;           /* WFTOKENS_DEMO_TOKENS; 0 = the default */
	unsigned long demo_seed;        /* WFTOKENS_DEMO_SEED; 0 = random */
	/* list */
	const char *query, *sort, *format;
	bool unmasked;
	/* The subcommands for scripts (cli.h): the name ("revoke", ...; NULL
	 * for the console and `list`), the operands after the options, and
	 * their own options. */
	const char *cmd;
	char **args;
	int n_args;
	bool ids;                       /* --id: the operands are token ids */
	bool yes;                       /* --yes */
	long max;                       /* --max N; -1: none */
	long days;                      /* --days N (check-expiry); -1: the default */
	const char *name, *name_template, *output;
	const char *description;        /* accounts create --description */
};

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

/* `wftokens journal [TEXT]` (journal_cmd.c): the exit status. */
int run_journal(int argc, char **argv);

/* The long options of wftokens (main.c), ended by a NULL name: the one
 * list getopt reads and the completion scripts offer. */
struct option;
const struct option *wft_options(void);

/* `wftokens list`: the exit status. */
int run_list(const struct cli *cli);

#endif
