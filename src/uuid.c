/* uuid.c: random UUIDs. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "mask.h"
#include "uuid.h"

void wft_uuid_format(const unsigned char in[16], char out[WFT_UUID_SIZE])
{
	unsigned char b[16];

	memcpy(b, in, sizeof b);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, WFT_UUID_SIZE,
	         "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	         b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
	         b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
	wft_wipe(b, sizeof b);
}

int wft_uuid_random(char out[WFT_UUID_SIZE])
{
	unsigned char b[16];
	size_t got = 0;

	out[0] = '\0';
	while (got < sizeof b) {
		ssize_t n = getrandom(b + got, sizeof b - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			wft_wipe(b, sizeof b);
			return -1;
		}
		got += (size_t)n;
	}
	wft_uuid_format(b, out);
	wft_wipe(b, sizeof b);
	return 0;
}

bool wft_uuid_valid(const char *s)
{
	if (!s || strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!isxdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}
