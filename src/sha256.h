/* sha256.h: SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), for keyed
 * hashes of token ids (fingerprint.h): small, with no library behind it. */
#ifndef WFT_SHA256_H
#define WFT_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_SIZE 32

struct sha256 {
	uint32_t h[8];
	uint64_t len;         /* bytes hashed so far */
	unsigned char buf[64];
	size_t fill;
	uint32_t w[64];       /* the message schedule of the last block */
};

/* HMAC-SHA256 under one key for many messages: the key's two padded
 * blocks are hashed once. Holds what the key gives away: clear it. */
struct sha256_hmac {
	struct sha256 inner, outer;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
void sha256_final(struct sha256 *s, unsigned char out[SHA256_SIZE]);
void sha256_hmac_init(struct sha256_hmac *m, const void *key, size_t key_len);
/* out = HMAC-SHA256(key, data[0..n)). */
void sha256_hmac_run(const struct sha256_hmac *m, const void *data, size_t n,
                     unsigned char out[SHA256_SIZE]);
void sha256_hmac_clear(struct sha256_hmac *m);
/* out = HMAC-SHA256(key, data), in one call. */
void sha256_hmac(const void *key, size_t key_len, const void *data, size_t n,
                 unsigned char out[SHA256_SIZE]);
/* The n bytes of in as 2n lower-case hex digits and a NUL in out. */
void sha256_hex(const unsigned char *in, size_t n, char *out);

#endif
