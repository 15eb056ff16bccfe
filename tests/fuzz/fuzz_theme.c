/* fuzz_theme.c: the theme parser on any bytes: no crash, bounded messages,
 * and whatever it accepts resolves to colours the terminal has. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int depths[] = { 256, 16, 8, 0 };
	struct theme t;

	theme_init(&t, "fuzz");
	theme_parse(&t, (const char *)data, size, "fuzz.theme", NULL);
	if (t.n_msgs > THEME_MAX_MSGS)
		abort();
	for (size_t i = 0; i < t.n_msgs; i++)
		if (strlen(t.msgs[i].text) >= sizeof t.msgs[i].text)
			abort();
	for (size_t d = 0; d < sizeof depths / sizeof *depths; d++) {
		struct theme_style out[THEME_N_ELEMENTS];
		theme_resolve(&t, depths[d], out);
		for (int e = 0; e < THEME_N_ELEMENTS; e++)
			if (out[e].fg < -1 || out[e].bg < -1 ||
			    out[e].fg >= (depths[d] ? depths[d] : 1) ||
			    out[e].bg >= (depths[d] ? depths[d] : 1))
				abort();
	}
	return 0;
}
