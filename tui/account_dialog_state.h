/* account_dialog_state.h: the service-account dialog's state and the
 * functions its files share, private to them: account_dialog.c (the
 * dialog on screen and its keys), account_dialog_save.c (reading,
 * updating and creating the account), account_dialog_tokens.c (its
 * tokens), account_dialog_base.c (what all of them use). */
#ifndef WFT_ACCOUNT_DIALOG_STATE_H
#define WFT_ACCOUNT_DIALOG_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "api.h"
#include "lineedit.h"
#include "revoke_hold.h"
#include "sacheck.h"
#include "ui.h"

enum row_kind {
	R_TITLE, R_ACTIVE, R_DESC, R_GENERATE, R_TOKEN, R_GROUP, R_ROLE, R_PERM,
	R_NAME, R_FIRST, R_FIRSTNAME, R_CREATE,
	R_STALE,     /* near the limit: a candidate to revoke (i: its rank; -1 the
	              * heading, -2 "none is stale"), not selectable */
};
struct row { enum row_kind kind; int i; };

enum edit_kind { ED_NONE, ED_DESC, ED_NAME, ED_FIRSTNAME, ED_RENAME, ED_GENERATE };

struct tok_change;

struct acct_dialog {
	bool is_new, loading, generate_on_open;
	char id[SA_ID_MAX + 1];
	struct wft_service_account base;   /* as last read from the server */
	bool active;
	struct lineedit desc, name, firstname, edit;
	bool first_token;
	bool perm[32];
	bool *grp, *role;                  /* by picker index */
	size_t n_grp, n_role;
	int cur, top;
	enum edit_kind editing;
	int edit_token;                    /* the token renamed */
	int confirm_revoke;                /* token index, or -1 */
	struct revoke_hold hold;           /* the undo window of a revoke confirmed here */
	struct tok_change *held;           /* that revoke, not sent yet */
	bool conflict, dirty, warned;
	char msg[600];
	enum toast_kind msg_kind;
};

/* The name of the dialog's overlay. */
#define DIALOG_OVERLAY "account-dialog"

/* ---- account_dialog_base.c ---- */
/* The dialog, while it is on the overlay stack; NULL otherwise. */
struct acct_dialog *dialog_find(struct ui *ui);
/* The dialog's own message line (kept whole, two lines). */
void dialog_say(struct acct_dialog *d, enum toast_kind k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool dialog_strv_has(const struct wft_strv *v, const char *s);
bool dialog_has_role(const struct wft_service_account *a, const char *id);
bool dialog_has_group(const struct wft_service_account *a, const char *id);
/* A group every account belongs to, which cannot be unticked. */
bool dialog_is_fixed_group(const struct wft_user_group *g);
/* The edit fields and boxes from d->base, as read from the server. */
void dialog_fields_from_base(struct ui *ui, struct acct_dialog *d);
/* The boxes sized to the pickers' lists; false when out of memory. */
bool dialog_pickers_fit(struct ui *ui, struct acct_dialog *d);

/* ---- account_dialog_tokens.c ---- */
void dialog_reload_tokens(struct ui *ui, struct acct_dialog *d);
/* Says the 20-token limit is reached (raced: the server said so). */
void dialog_limit_message(struct ui *ui, struct acct_dialog *d, bool raced);
/* Generates a token named as typed (d->edit). */
void dialog_start_generate(struct ui *ui, struct acct_dialog *d);
/* Renames token d->edit_token to what was typed (d->edit). */
void dialog_start_rename(struct ui *ui, struct acct_dialog *d);
/* When 3 or fewer slots remain: the stalest tokens (at most 3) as
 * candidates to revoke, indexes into d->base.tokens in idx, ranked by
 * wft_tokens_stalest; *near tells whether the account is that close. */
size_t dialog_candidates(struct ui *ui, const struct acct_dialog *d, size_t idx[3], bool *near);
/* Revokes token t of the account: held for the undo window first, when
 * there is one. */
void dialog_revoke_token(struct ui *ui, struct acct_dialog *d, int t);
/* What the undo window does with a revoke held in the dialog. */
extern const struct hold_ops dialog_hold_ops;
/* While a revoke is held: says so and returns true (no other starts). */
bool dialog_refuse_while_held(struct acct_dialog *d);
/* True when token t is the one held in the undo window. */
bool dialog_token_held(const struct acct_dialog *d, int t);

/* ---- account_dialog_save.c ---- */
/* The account as read (a request's function, arg unused). */
void dialog_loaded(struct ui *ui, struct wft_api_result *res, void *arg);
/* The role list (arg non-NULL) or the group list for the pickers. */
void dialog_pickers_done(struct ui *ui, struct wft_api_result *res, void *arg);
void dialog_start_update(struct ui *ui, struct acct_dialog *d);
void dialog_start_create(struct ui *ui, struct acct_dialog *d);

#endif
