/* sha256.h: HMAC-SHA256 for keyed hashes of token ids (fingerprint.h),
 * through OpenSSL's libcrypto. */
#ifndef WFT_SHA256_H
#define WFT_SHA256_H

#include <stdbool.h>
#include <stddef.h>

#define SHA256_SIZE 32

/* HMAC-SHA256 under one key for many messages. Holds the key: clear it. */
struct sha256_hmac {
	void *ctx;            /* libcrypto's EVP_MAC_CTX */
};

/* False when libcrypto cannot make the context (out of memory). */
bool sha256_hmac_init(struct sha256_hmac *m, const void *key, size_t key_len);
/* out = HMAC-SHA256(key, data[0..n)); false when libcrypto fails. */
bool sha256_hmac_run(const struct sha256_hmac *m, const void *data, size_t n,
                     unsigned char out[SHA256_SIZE]);
void sha256_hmac_clear(struct sha256_hmac *m);
/* out = HMAC-SHA256(key, data), in one call. */
bool sha256_hmac(const void *key, size_t key_len, const void *data, size_t n,
                 unsigned char out[SHA256_SIZE]);
/* The n bytes of in as 2n lower-case hex digits and a NUL in out. */
void sha256_hex(const unsigned char *in, size_t n, char *out);

#endif
