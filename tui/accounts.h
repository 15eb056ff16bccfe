/* accounts.h: the service-account dialog and the hand-over of a new
 * token, which the Service Accounts tab and the API Tokens page both open
 * (Enter, g, a). Both are overlays (overlay.h): while one is up it takes
 * every key. */
#ifndef WFT_ACCOUNTS_H
#define WFT_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>

#include "api.h"
#include "lineedit.h"
#include "request.h"
#include "sacheck.h"
#include "ui.h"

/* ---- the service-account dialog (account_dialog.c) ---- */
/* Opens the dialog of account id (read from the server first); with
 * generate, straight into naming a new token. */
void dialog_open(struct ui *ui, const char *id, bool generate);
/* Opens the dialog for a new account. */
void dialog_open_new(struct ui *ui);
void dialog_close(struct ui *ui);

/* ---- the hand-over (newtoken_dialog.c) ---- */
/* Shows id (copied; the caller wipes its own copy). */
bool newtoken_open(struct ui *ui, const char *account, const char *id, const char *name);
/* The same hand-over for any secret: title of the box, a line about it
 * ("App: x   Client ID: y"), what it is ("client secret"). */
bool newtoken_open_secret(struct ui *ui, const char *title, const char *about, const char *what,
                          const char *secret);
void newtoken_close(struct ui *ui);

/* ---- text both draw ---- */
/* The accounts tab's filter "near the limit" shows the accounts with this
 * many tokens or more (of 20). */
#define ACCT_NEAR_LIMIT (WFT_MAX_TOKENS_PER_ACCOUNT - 2)
/* With this many free slots or fewer the dialog names the stalest tokens
 * as candidates to revoke. */
#define ACCT_CANDIDATE_SLOTS 3
/* "Maximum of 20 tokens - N remaining" */
void acct_limit_text(size_t n_tokens, char *out, size_t outsz);

#endif
