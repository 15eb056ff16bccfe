/* saved_searches_state.h: the state of saved searches and what their
 * files share (saved_searches.c, saved_server.c, saved_store.c); private
 * to them. */
#ifndef WFT_SAVED_SEARCHES_STATE_H
#define WFT_SAVED_SEARCHES_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "api.h"
#include "history.h"
#include "lineedit.h"
#include "localsearch.h"
#include "model.h"
#include "savedlist.h"

struct ui;
struct request;
struct tokens_page;

/* The name of the module's overlay (its prompts, menu and question). */
#define SAVED_OVERLAY "saved-search"

#define NAME_MAX_BYTES LOCALSEARCH_MAX_NAME

struct entry {
	char *id, *name, *query;
};

enum smode { SM_NONE, SM_SAVE, SM_RENAME, SM_MENU, SM_CONFIRM };
enum call_kind { C_LIST, C_CREATE, C_CLONE, C_UPDATE, C_DELETE, C_OPEN,
                 C_LOOKUP,      /* a create's read-back: the list, searched by name */
                 C_READ };      /* a rename's or delete's read-back: the one search */

/* A request of this module: its tracked request (request.h) and what the
 * answer needs. */
struct call {
	struct saved_searches *S;     /* the module's state, for the answer */
	struct call *next;
	enum call_kind kind;
	struct request *req;          /* tracked; NULL once answered */
	struct wft_api_call *h;       /* NULL until started */
	void (*done)(void *c, struct wft_api_result *res);
	char *id, *name, *query;
	unsigned long mark;           /* a listing: the list's sequence when asked */
	enum call_kind of;            /* a read-back: the change it settles */
	bool then_create;             /* C_LOOKUP before a retry: create if absent */
	struct wft_error first;       /* a read-back: the change's own error */
	unsigned long change;         /* a change, or a read-back of one: its
	                               * change in the journal; 0: none yet */
};

struct saved_searches {
	struct ui *ui;
	struct tokens_page *tp;       /* the page whose panel and search these are */
	bool started;
	struct wft_api *api;
	struct savedlist srv;        /* the server's, in its order */
	struct localsearch local;
	bool local_ready;
	struct history hist;
	bool hist_warned;
	bool refused;                 /* the server refuses saved searches */
	bool said_local;
	char *profile;
	char *endpoint, *auth;   /* for a shared line when no profile names the instance */
	bool demo;
	struct call *calls;
	/* what is in front */
	enum smode mode;
	struct lineedit edit;
	char target[64];              /* the entry a rename, menu or delete is about */
	char error[256];              /* why the last try of the prompt failed */
	int menu_sel;
	char *unsure_name;            /* a create not confirmed: looked for before
	                               * the same name is sent again */
	/* Reopens prompt m with text for target after a failure (the front
	 * file's open_prompt: the other files do not draw). */
	void (*reopen)(struct saved_searches *S, enum smode m, const char *text,
	               const char *target);
};


/* ---- saved_store.c ---- */
void saved_apply_json(struct saved_searches *S, const char *name, const char *json);
void saved_call_free(struct saved_searches *S, struct call *c);
/* Tracks h, the started call of c; false (c freed) when h is NULL. */
bool saved_call_go(struct saved_searches *S, struct call *c, struct wft_api_call *h);
struct call *saved_call_new(struct saved_searches *S, enum call_kind kind, const char *id,
                            const char *name, const char *query);
/* Starts c with h (NULL: it could not start; err says why). */
bool saved_call_started(struct saved_searches *S, struct call *c, struct wft_api_call *h,
                        const struct wft_error *err);
/* A line in the journal of the change c makes (or reads back). */
void saved_jot(struct saved_searches *S, struct call *c, const char *state, const char *detail);
/* c's outcome line from its answer err. */
void saved_jot_answer(struct saved_searches *S, struct call *c, const struct wft_error *err);
char *saved_current_json(struct saved_searches *S, struct wft_error *err);
/* Entry i (borrowed): server ones first, then local ones. */
bool saved_entry_at(struct saved_searches *S, size_t i, struct entry *out, bool *local);
size_t saved_find_entry(struct saved_searches *S, const char *id);
size_t saved_n_entries(struct saved_searches *S);
bool saved_name_taken(struct saved_searches *S, const char *name, const char *except_id);
wft_millis saved_now_ms(void);
void saved_prompt_failed(struct saved_searches *S, enum smode m, const char *text,
                         const char *target, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Hands the panel its copy of the list (names of local ones marked). */
void saved_publish(struct saved_searches *S);
bool saved_refusal(const struct wft_error *err);
void saved_say_local_once(struct saved_searches *S, const struct wft_error *err);
/* The side panel's saved-search entries (names is handed over; NULL: none). */
void saved_set_names(struct saved_searches *S, char **names, size_t n);
void saved_srv_confirm(struct saved_searches *S, const char *id, const char *name,
                       const char *query);
void saved_srv_remove(struct saved_searches *S, const char *id);
/* A problem with a state file: in the footer until a key, and on stderr,
 * which the console shows when it ends, so it is never lost. */
void saved_state_problem(struct saved_searches *S, const char *msg);
/* The callback data of a wft_api call that answers to done. */
struct request *saved_track(struct call *c, void (*done)(void *c, struct wft_api_result *res));

/* ---- saved_server.c ---- */
void saved_clone(struct saved_searches *S, size_t i);
void saved_delete_entry(struct saved_searches *S, const char *id);
void saved_list_server(struct saved_searches *S);
void saved_open_done(void *ud, struct wft_api_result *res);
void saved_rename_to(struct saved_searches *S, const char *id, const char *name);
void saved_save_as(struct saved_searches *S, const char *name);

#endif
