/* complete.c: the common prefix of the candidates that match a word. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "complete.h"

size_t complete_word(const char *word, const char *const *cands, size_t n, char *out,
                     size_t outsz, const char **first)
{
	size_t wl = strlen(word), matches = 0, common = 0;

	*first = NULL;
	if (outsz)
		snprintf(out, outsz, "%s", word);
	for (size_t i = 0; i < n; i++) {
		const char *c = cands[i];
		if (!c || strncasecmp(c, word, wl) != 0)
			continue;
		if (!matches++) {
			*first = c;
			common = strlen(c);
			continue;
		}
		/* The prefix the matches share, compared without case. */
		size_t k = 0;
		while (k < common && c[k] && strncasecmp(c + k, *first + k, 1) == 0)
			k++;
		common = k;
	}
	if (matches && outsz) {
		/* Never end inside a UTF-8 character. */
		while (common > wl && ((unsigned char)(*first)[common] & 0xC0) == 0x80)
			common--;
		snprintf(out, outsz, "%.*s", (int)(common > wl ? common : wl),
		         common > wl ? *first : word);
	}
	return matches;
}
