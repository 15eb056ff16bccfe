/* main.c: wftokens-sandbox, the API emulator as a standalone program. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "sandbox/sandbox.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: wftokens-sandbox [OPTION]...\n"
		"Emulate the Operations for Applications token API on a loopback port.\n"
		"\n"
		"  -h, --help      display this help and exit\n"
		"  -V, --version   output version information and exit\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "hV", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("%s\n", sandbox_server_name());
			return EXIT_SUCCESS;
		default:
			usage(stderr);
			return EXIT_FAILURE;
		}
	}
	fprintf(stderr, "wftokens-sandbox: not serving yet\n");
	return EXIT_FAILURE;
}
