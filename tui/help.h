/* help.h: the help overlay (? and :help): the actions of a page and their
 * keys, grouped by where they apply; typing filters, the arrows, PgDn,
 * PgUp, Home and End scroll, Esc or Enter closes. */
#ifndef WFT_HELP_H
#define WFT_HELP_H

struct ui;

/* Puts the help of page (ACTF_TOKENS or ACTF_ACCOUNTS) in front. */
void help_open(struct ui *ui, unsigned page);

#endif
