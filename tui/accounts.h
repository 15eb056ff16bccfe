/* accounts.h: the Service Accounts tab, the service-account dialog and the
 * hand-over of a new token: the loop's hooks, and what the three share. */
#ifndef WFT_ACCOUNTS_H
#define WFT_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>

#include "api.h"
#include "lineedit.h"
#include "request.h"
#include "sacheck.h"
#include "ui.h"

/* ---- the loop's hooks (ui.c) ---- */
/* An action for the tab or its dialogs; 0 when the tokens page should take it. */
int accounts_action(struct ui *ui, enum action a);
/* A : command while the tab is in front (:sort COLUMN [desc], :search TEXT;
 * the tokens page's own commands are refused with a word); 0 otherwise. */
int accounts_command(struct ui *ui, const char *cmd, const char *arg);
/* The Service Accounts tab is in front. */
bool accounts_in_front(struct ui *ui);
/* A key for a dialog or mode of this part; UI_HANDLED when taken. */
int accounts_key(struct ui *ui, int key);
/* Draws the Service Accounts tab when it is in front; false otherwise. */
bool accounts_draw_page(struct ui *ui);
/* Draws the dialogs of this part over whichever page is in front. */
void accounts_draw_dialogs(struct ui *ui);
void accounts_free(struct ui *ui);


/* ---- state ---- */

struct accounts {
	bool tab;                        /* the Service Accounts tab is in front */
	struct wft_account_list list;
	bool loaded;
	size_t *rows;                    /* list indexes, filtered and sorted */
	size_t n_rows;
	size_t sel, top;
	struct lineedit search;
	bool searching;
	int sort_col;                    /* 0 id, 1 description, 2 status, 3 tokens, 4 last used */
	bool sort_desc;
	bool sort_menu;
	int sort_sel;
	int confirm;                     /* 0, or 'd' delete, 'a' activate, 'D' deactivate */
	char confirm_id[SA_ID_MAX + 1];
	size_t confirm_tokens;
};

struct accounts *acct_state(struct ui *ui);
/* Reloads the list of service accounts. */
void acct_reload(struct ui *ui);

/* ---- the service-account dialog (account_dialog.c) ---- */
void dialog_open(struct ui *ui, const char *id, bool generate);
void dialog_open_new(struct ui *ui);
void dialog_close(struct ui *ui);

/* ---- the hand-over (newtoken_dialog.c) ---- */
/* Shows id (copied; the caller wipes its own copy). */
bool newtoken_open(struct ui *ui, const char *account, const char *id, const char *name);
void newtoken_close(struct ui *ui);

/* ---- drawing and editing helpers ---- */
/* The stalest tokens of a list, as "****-...-abcd (never used), ...". */
void acct_stalest(const struct wft_token *t, size_t n, wft_millis now, char *out, size_t outsz);
/* "Maximum of 20 tokens - N remaining" */
void acct_limit_text(size_t n_tokens, char *out, size_t outsz);

#endif
