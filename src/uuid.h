/* uuid.h: random (version 4) UUIDs, the shape of every token id, and the
 * check that a string has that shape. */
#ifndef WFT_UUID_H
#define WFT_UUID_H

#include <stdbool.h>

/* 36 characters and the NUL. */
#define WFT_UUID_SIZE 37

/* Writes a new random UUID ("xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx") from
 * the kernel's random source. Returns 0, or -1 with errno set when no
 * randomness could be had (out is then ""). */
int wft_uuid_random(char out[WFT_UUID_SIZE]);

/* Formats 16 bytes as a version 4 UUID (the version and variant bits are
 * set here). */
void wft_uuid_format(const unsigned char b[16], char out[WFT_UUID_SIZE]);

/* True when s is 8-4-4-4-12 hexadecimal digits. */
bool wft_uuid_valid(const char *s);

#endif
