/* mask.c: masking and wiping of secrets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mask.h"

char *wft_mask_id(const char *id, char *out, size_t outsz)
{
	size_t len = id ? strlen(id) : 0;

	if (outsz == 0)
		return out;
	if (len < 2 * WFT_MASK_VISIBLE)
		snprintf(out, outsz, "****");
	else
		snprintf(out, outsz, "****-...-%s", id + len - WFT_MASK_VISIBLE);
	return out;
}

void wft_wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n--)
		*v++ = 0;
}

void wft_free_secret(char *s)
{
	if (!s)
		return;
	wft_wipe(s, strlen(s));
	free(s);
}
