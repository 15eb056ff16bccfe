/* saved_searches.h: saved searches on the API Tokens page: the save prompt
 * (w, :save NAME), rename, clone, delete and share of a side-panel entry, the
 * local store when the server refuses them, the search history across runs,
 * and the view that --saved-search ID or --query Q opens on. */
#ifndef WFT_SAVED_SEARCHES_H
#define WFT_SAVED_SEARCHES_H

#include <stdbool.h>
#include <stddef.h>

#include "actions.h"

struct ui;
struct tokens_page;
/* The module's state, held by the tokens page (tokens_page_state.h). */
struct saved_searches;

struct saved_opts {
	const char *profile;       /* a profile that names the instance in the config file */
	const char *endpoint;      /* else the endpoint, for a shared command line */
	const char *auth;          /* and the sign-in method ("token", "csp-api-token" ...) */
	bool demo;                 /* --demo: nothing on the server outlives the run */
	const char *saved_search;  /* --saved-search ID: open on it */
	const char *query;         /* --query Q */
	const char *sort;          /* --sort COLUMN[:desc] */
};

/* Makes the module's state for the tokens page tp (held there), reads
 * the state directory (local searches, search history), lists the
 * server's saved searches and opens the view the options name. Problems
 * are told in the footer; the console runs on. */
void saved_start(struct ui *ui, struct tokens_page *tp, const struct saved_opts *o);
/* Cancels what is in flight and frees the state, the side panel's names
 * too; call before the session goes. */
void saved_stop(struct ui *ui, struct tokens_page *tp);

/* Hooks for the page (S: its state; NULL before saved_start, when they
 * do nothing): each returns 0 when the action or command is not
 * one of this module's, else the loop's flags. The prompts, the menu and
 * the delete question of a saved search are an overlay of this module. */
int saved_action(struct saved_searches *S, struct ui *ui, enum action a);
int saved_command(struct saved_searches *S, struct ui *ui, const char *cmd, const char *arg);

/* Applies the panel's saved search i: query, facets and sort, with a note
 * naming every term that was ignored. */
void saved_apply(struct saved_searches *S, struct ui *ui, size_t i);
/* A search kept with Enter in the search bar: into the history file. */
void saved_history_add(struct saved_searches *S, struct ui *ui, const char *line);

/* The command line that opens a view, for share (exposed for tests):
 * `wftokens --profile P --saved-search ID` for a server's search (id
 * non-NULL), else `wftokens --profile P --query Q [--sort C[:desc]]`; every
 * argument shell-quoted. A new string, or NULL when out of memory. */
char *saved_share_line(const char *profile, const char *endpoint, const char *auth, bool demo,
                       const char *id, const char *query_json,
                       char *note, size_t note_size);

#endif
