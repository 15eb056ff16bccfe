/* tokens_page.h: the API Tokens page, a page (page.h), and the hooks the
 * session calls when its work finishes. */
#ifndef WFT_TOKENS_PAGE_H
#define WFT_TOKENS_PAGE_H

#include <stddef.h>

#include "page.h"

struct ui;
struct session_hooks;

extern const struct page_ops tokens_page_ops;

/* The session's hooks, all pointing at the page (ud = ui). */
void page_hooks(struct ui *ui, struct session_hooks *h);

#endif
