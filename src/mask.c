/* mask.c: masking and wiping of secrets. */
#include <ctype.h>
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

static bool uuid_at(const char *s)
{
	static const int groups[] = { 8, 4, 4, 4, 12 };

	for (size_t g = 0; g < 5; g++) {
		for (int i = 0; i < groups[g]; i++, s++)
			if (!isxdigit((unsigned char)*s))
				return false;
		if (g < 4 && *s++ != '-')
			return false;
	}
	return true;
}

bool wft_looks_secret(const char *text)
{
	size_t run = 0;
	bool digit = false, alpha = false;

	for (const char *p = text ? text : ""; *p; p++) {
		if (isxdigit((unsigned char)*p) && uuid_at(p))
			return true;
		if (isalnum((unsigned char)*p)) {
			run++;
			digit |= isdigit((unsigned char)*p) != 0;
			alpha |= isalpha((unsigned char)*p) != 0;
			if (run >= 32 && digit && alpha)
				return true;
		} else {
			run = 0;
			digit = alpha = false;
		}
	}
	return false;
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
