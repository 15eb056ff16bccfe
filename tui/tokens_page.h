/* tokens_page.h: the API Tokens page, a page (page.h), and the hooks the
 * session calls when its work finishes. */
#ifndef WFT_TOKENS_PAGE_H
#define WFT_TOKENS_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "apimodel.h"
#include "model.h"
#include "page.h"

struct ui;
struct session_hooks;
struct tokens_page;

extern const struct page_ops tokens_page_ops;
/* The page's state, for ui_add_page, its view showing times by clock;
 * NULL when out of memory. */
struct tokens_page *tokens_page_new(wft_clock_fn clock, void *clock_ud);
/* :page-size N from the start (--page-size, the profile); without it the
 * page fits the window. */
void tokens_page_set_page_size(struct tokens_page *tp, size_t n);

/* SINCE LAST SESSION (tokens_since.c): finds this instance's fingerprint
 * (instance: the endpoint) in the state directory; once the first list
 * has loaded the side panel says what changed since. tokens_since_stop
 * keeps the list's fingerprint for the next start (a normal quit). */
void tokens_since_start(struct ui *ui, const char *instance);
void tokens_since_stop(struct ui *ui);

/* R on token t of service account account in the service-account dialog
 * (its own checks done: not read-only, under the 20-token limit): the
 * rotation of tokens_rotate.c. The loop hands it to the dialog as
 * ui->rotate_token, so that the dialog does not call this page. */
void tokens_page_rotate_token(struct ui *ui, const struct wft_token *t, const char *account);

/* The server-side mode (tokens_remote.c): forced (--server-search), or
 * chosen at the first load when the organisation holds more than
 * threshold tokens. */
void tokens_page_set_server_search(struct tokens_page *tp, bool forced, long threshold);

/* The session's hooks, all pointing at the page (ud = ui). */
void page_hooks(struct ui *ui, struct session_hooks *h);

#endif
