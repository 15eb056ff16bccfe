/* fuzz_tokenset.c: the streaming customertokens decoder on arbitrary input,
 * fed whole and in uneven chunks; both must agree. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tokenset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tokenset *a = tokenset_new(), *b = tokenset_new();
	struct tokenset_decoder *d = b ? tokenset_decoder_new(b) : NULL;
	struct wft_error ea, eb;
	enum wft_status sa, sb = WFT_OK;
	int code;
	char msg[128];

	if (!a || !d)
		goto out;
	sa = tokenset_decode(a, data, size, &ea);
	for (size_t off = 0, step = 1; off < size && !sb; off += step, step = step * 3 % 17 + 1)
		sb = tokenset_decoder_feed(d, data + off, off + step > size ? size - off : step, &eb);
	if (!sb)
		sb = tokenset_decoder_finish(d, &eb);
	if (sa != sb || (sa && strcmp(ea.message, eb.message) != 0))
		abort();
	if (!sa && tokenset_count(a) != tokenset_count(b))
		abort();
	tokenset_error_envelope(data, size, &code, msg, sizeof msg);
out:
	tokenset_decoder_free(d);
	tokenset_free(a);
	tokenset_free(b);
	return 0;
}
