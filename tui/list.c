/* list.c: `wftokens list`: the organisation's tokens, filtered and sorted as
 * the console would, written as a table, JSON or CSV for scripts. */
#include <stdio.h>
#include <stdlib.h>

#include "wftokens.h"

int run_list(const struct cli *cli)
{
	(void)cli;
	fprintf(stderr, "wftokens list: not available in this build yet "
	        "(it needs the listing module)\n");
	return EXIT_FAILURE;
}
