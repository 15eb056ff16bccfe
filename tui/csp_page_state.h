/* csp_page_state.h: the VMware Cloud tab's state and the functions its
 * files share, for those files only: csp_page.c (the page, its sections,
 * the sign-in and your token), csp_apps.c (the OAuth apps table),
 * csp_app_change.c (the changes to an app), csp_tokens.c (a new CSP API
 * token, the organisation's tokens), csp_lookup.c (a token by its value)
 * and csp_form.c (their dialogs). */
#ifndef WFT_CSP_PAGE_STATE_H
#define WFT_CSP_PAGE_STATE_H

#include <stdbool.h>

#include "csp_api.h"
#include "csp_roles.h"
#include "lineedit.h"
#include "outcome.h"
#include "request.h"
#include "ui.h"

#define CSP_WARN_DAYS 14

enum csp_section { CSP_SEC_APPS, CSP_SEC_TOKEN, CSP_SEC_ORG, CSP_N_SECTIONS };
/* The row of the apps' search bar, the first of the section. */
#define CSP_SEARCH_ROW 3

/* How one id of a batched change ended. */
enum csp_id_end {
	CSP_ID_DONE,
	CSP_ID_REFUSED,
	CSP_ID_UNCONFIRMED,
	CSP_ID_NOT_SENT,
	CSP_ID_DRY_RUN,                  /* not sent either: --dry-run */
};

/* One id's result of a batched change, as the org tokens section lists it. */
struct csp_id_result {
	char masked[64];                 /* the id, masked */
	char text[200];                  /* "deactivated", "refused: ..." */
	enum csp_id_end end;
};

struct csp_page {
	enum csp_section section;
	/* the sign-in credential (a CSP API token's details) */
	struct csp_token_details details;
	bool details_loaded;
	char details_err[600];
	long oauth_ttl;                  /* an OAuth sign-in: the app's access-token TTL, s; 0 unknown */
	/* the OAuth apps */
	struct csp_oauth_app_list apps;
	bool apps_loaded;
	char apps_err[600];
	struct wg_rows table;
	struct lineedit search;
	int sort_col;
	bool sort_desc;
	int sort_sel;
	char confirm_id[160];            /* the app a question is about */
	char confirm_name[160];
	/* the roles the dialogs offer */
	struct csp_roles roles;
	/* the org tokens: a token looked up by its value (csp_lookup.c) */
	struct csp_token_details lookup;
	bool lookup_loaded;
	/* the org tokens: the last batched change's result, id by id */
	struct csp_id_result *results;
	size_t n_results, results_top;
	char results_title[200];
};

/* ---- csp_page.c ---- */
struct csp_page *csp_state(struct ui *ui);
wft_millis csp_now(struct ui *ui);
/* The organisation: from the token's details, else --org-id; NULL when
 * unknown (said in err-like words by the caller). */
const char *csp_org(struct ui *ui);
/* The CSP client with a request for fn, or NULL (said in the footer as
 * "what: ..."). */
struct request *csp_request(struct ui *ui, const char *what, request_csp_fn fn, void *arg);

/* A change of the tab in flight: what the journal and the footer name. */
struct csp_change {
	unsigned long journal;           /* the journal's change number */
	const char *action;              /* "csp-app-create" */
	char id[160];                    /* an app's id, or "" */
	char name[160];
	char more[160];                  /* a description, a TTL: what a read-back compares */
	long ttl;
	wft_millis sent;
	struct wft_error first;          /* the change's own error while reading back */
};
/* A new change: journaled as pending (id may be NULL); NULL when out of
 * memory (said). */
struct csp_change *csp_change_new(struct ui *ui, const char *action, const char *id,
                                  const char *name);
/* Journals the change's end (a dry run when err says so) and says msg in
 * the footer as kind. Frees x. */
void csp_change_end(struct ui *ui, struct csp_change *x, const struct wft_error *err,
                    enum wft_settled settled, enum toast_kind kind, const char *msg);

/* Signed in with an OAuth app: its access-token TTL is ttl seconds (for
 * the header and the sign-in line). */
void csp_oauth_ttl_known(struct ui *ui, long ttl);

/* ---- csp_apps.c ---- */
/* "30 min", "5 h" */
char *csp_ttl_text(long s, char *out, size_t n);
void csp_apps_reload(struct ui *ui);
void csp_apps_rebuild(struct csp_page *P);
void csp_apps_draw(struct ui *ui, struct csp_page *P, int top, int h);
const struct csp_oauth_app *csp_apps_selected(struct csp_page *P);
int csp_apps_action(struct ui *ui, struct csp_page *P, enum action a);
void csp_apps_sort_menu(struct ui *ui, struct csp_page *P);
bool csp_apps_sort_by(struct csp_page *P, const char *name, bool desc);

/* ---- csp_app_change.c ---- */
/* Create (a), edit (e), regenerate the secret (R), delete (d), add to the
 * organisation (o): a form or a confirmation first. */
void csp_app_change(struct ui *ui, struct csp_page *P, enum action a);

/* ---- csp_lookup.c ---- */
void csp_lookup_open(struct ui *ui);
/* Draws the token looked up from row y; the next free row. */
int csp_lookup_draw(struct ui *ui, struct csp_page *P, int y);

/* ---- csp_tokens.c ---- */
void csp_token_generate_open(struct ui *ui, struct csp_page *P);
void csp_org_ids_open(struct ui *ui, bool deactivate);
void csp_org_draw(struct ui *ui, struct csp_page *P, int top, int h);
void csp_results_clear(struct csp_page *P);

#endif
