/* journal_cmd.c: `wftokens journal [TEXT]`: the journal of changes, one
 * line each, oldest first; with TEXT only the lines that hold it (any case). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"
#include "wftokens.h"

struct print_ctx {
	const char *filter;
	size_t shown;
};

static void print_line(void *ud, const struct journal_rec *r)
{
	struct print_ctx *p = ud;
	char *text = journal_format(r);

	if (!text)
		return;
	if (!*p->filter || strcasestr(text, p->filter)) {
		puts(text);
		p->shown++;
	}
	free(text);
}

int run_journal(int argc, char **argv)
{
	struct print_ctx p = { argc > 1 ? argv[1] : "", 0 };
	struct wft_error err;
	char *path;
	size_t skipped;

	if (argc > 2 || (argc > 1 && (strcmp(argv[1], "-h") == 0 ||
	                              strcmp(argv[1], "--help") == 0))) {
		fprintf(argc > 2 ? stderr : stdout, "Usage: wftokens journal [TEXT]\n"
		        "Show the journal of changes (the lines holding TEXT, any case).\n");
		return argc > 2 ? EXIT_FAILURE : EXIT_SUCCESS;
	}
	if (journal_default_path(NULL, &path, &err) != WFT_OK ||
	    journal_read(path, print_line, &p, &skipped, &err) != WFT_OK) {
		fprintf(stderr, "wftokens: %s\n", err.message);
		free(path);
		return EXIT_FAILURE;
	}
	if (skipped)
		fprintf(stderr, "wftokens: %zu unreadable line%s of %s skipped\n", skipped,
		        skipped == 1 ? "" : "s", path);
	free(path);
	return EXIT_SUCCESS;
}
