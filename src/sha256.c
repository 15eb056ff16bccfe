/* sha256.c: HMAC-SHA256 through libcrypto's EVP_MAC. The key is given once;
 * each message re-initialises the context with that key. */
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "sha256.h"

bool sha256_hmac_init(struct sha256_hmac *m, const void *key, size_t key_len)
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
		OSSL_PARAM_construct_end(),
	};

	/* The context keeps its own reference to the algorithm. */
	EVP_MAC_free(mac);
	m->ctx = NULL;
	if (!ctx)
		return false;
	/* An empty key is still a key: libcrypto wants a pointer for it. */
	if (!EVP_MAC_init(ctx, key_len ? key : (const void *)"", key_len, params)) {
		EVP_MAC_CTX_free(ctx);
		return false;
	}
	m->ctx = ctx;
	return true;
}

bool sha256_hmac_run(const struct sha256_hmac *m, const void *data, size_t n,
                     unsigned char out[SHA256_SIZE])
{
	size_t len = 0;

	return m->ctx && EVP_MAC_init(m->ctx, NULL, 0, NULL) &&
	       EVP_MAC_update(m->ctx, data, n) &&
	       EVP_MAC_final(m->ctx, out, &len, SHA256_SIZE) && len == SHA256_SIZE;
}

void sha256_hmac_clear(struct sha256_hmac *m)
{
	/* Freeing the context cleanses the key it holds. */
	EVP_MAC_CTX_free(m->ctx);
	m->ctx = NULL;
}

bool sha256_hmac(const void *key, size_t key_len, const void *data, size_t n,
                 unsigned char out[SHA256_SIZE])
{
	struct sha256_hmac m;
	bool ok = sha256_hmac_init(&m, key, key_len) && sha256_hmac_run(&m, data, n, out);

	sha256_hmac_clear(&m);
	return ok;
}

void sha256_hex(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}
