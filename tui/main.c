/* main.c: wftokens, the console: options, then the app loop. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: wftokens [OPTION]...\n"
		"       wftokens list [--query Q] [--sort COLUMN[:desc]] [--format table|json|csv]\n"
		"                     [--unmasked] [--demo]\n"
		"Administer the API tokens of an Operations for Applications instance.\n"
		"\n"
		"  -p, --profile NAME   use the profile NAME of the configuration file\n"
		"      --demo           start a local sandbox with demo data and use it\n"
		"      --read-only      refuse every change (revoke, rename)\n"
		"      --no-mouse       leave the mouse to the terminal (text selection)\n"
		"      --no-color       monochrome (as NO_COLOR does)\n"
		"      --theme NAME     colour theme\n"
		"      --dump-actions   write the key table of the manual (roff) and exit\n"
		"  -h, --help           display this help and exit\n"
		"  -V, --version        output version information and exit\n"
		"\n"
		"In the console press ? for every key. Script mode for tests: set\n"
		"WFTOKENS_SCRIPT to a file of keys and commands.\n");
}

int main(int argc, char **argv)
{
	enum { OPT_DEMO = 256, OPT_RO, OPT_NOMOUSE, OPT_NOCOLOR, OPT_THEME, OPT_DUMP };
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "demo", no_argument, NULL, OPT_DEMO },
		{ "read-only", no_argument, NULL, OPT_RO },
		{ "no-mouse", no_argument, NULL, OPT_NOMOUSE },
		{ "no-color", no_argument, NULL, OPT_NOCOLOR },
		{ "theme", required_argument, NULL, OPT_THEME },
		{ "dump-actions", no_argument, NULL, OPT_DUMP },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "p:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			return EXIT_SUCCESS;
		case OPT_DUMP:
			keymap_dump_man(stdout);
			return EXIT_SUCCESS;
		case 'p': case OPT_DEMO: case OPT_RO: case OPT_NOMOUSE:
		case OPT_NOCOLOR: case OPT_THEME:
			break;
		default:
			usage(stderr);
			return EXIT_FAILURE;
		}
	}
	fprintf(stderr, "wftokens: the console is not wired to the client yet; "
	        "see --help\n");
	return EXIT_FAILURE;
}
