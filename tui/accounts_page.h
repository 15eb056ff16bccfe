/* accounts_page.h: the Service Accounts tab, a page (page.h). */
#ifndef WFT_ACCOUNTS_PAGE_H
#define WFT_ACCOUNTS_PAGE_H

#include "page.h"

extern const struct page_ops accounts_page_ops;
/* The tab's state, for ui_add_page; NULL when out of memory. */
void *accounts_page_new(void);

#endif
