/* csp_page.h: the VMware Cloud tab (tab 3): server-to-server OAuth apps,
 * your own CSP API token and the organisation's tokens, over the VMware
 * Cloud services client (csp_api.h). doc/csp.md says what it assumes. */
#ifndef WFT_CSP_PAGE_H
#define WFT_CSP_PAGE_H

#include "page.h"

struct ui;

extern const struct page_ops csp_page_ops;
void *csp_page_new(void);
/* At start: reads the sign-in credential's expiry (the CSP API token's
 * details) for the header, and warns within the warning window. */
void csp_page_start(struct ui *ui);

#endif
