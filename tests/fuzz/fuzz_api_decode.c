/* fuzz_api_decode.c: every response decoder of the client, and the error
 * body reader, on arbitrary bytes: errors are fine, crashes and leaks not. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "apierror.h"
#include "apimodel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	struct wft_error err;
	struct wft_token_list tl;
	struct wft_token t;
	struct wft_service_account a;
	struct wft_account_list al;
	struct wft_role_list rl;
	struct wft_group_list gl;
	struct wft_saved_search s;
	struct wft_saved_search_list sl;
	struct wft_strv v;
	struct wft_page p;
	struct wft_facets f;
	char msg[WFT_SERVICE_MESSAGE_MAX + 1];
	int code;

	if (wft_decode_token_list("fuzz", body, size, &tl, &err) == WFT_OK)
		wft_token_list_clear(&tl);
	if (wft_decode_token("fuzz", body, size, &t, &err) == WFT_OK)
		wft_token_clear(&t);
	if (wft_decode_account("fuzz", body, size, &a, &err) == WFT_OK)
		wft_service_account_clear(&a);
	if (wft_decode_account_list("fuzz", body, size, &al, &err) == WFT_OK)
		wft_account_list_clear(&al);
	if (wft_decode_role_list("fuzz", body, size, &rl, &err) == WFT_OK)
		wft_role_list_clear(&rl);
	if (wft_decode_group_list("fuzz", body, size, &gl, &err) == WFT_OK)
		wft_group_list_clear(&gl);
	if (wft_decode_saved_search("fuzz", body, size, &s, &err) == WFT_OK)
		wft_saved_search_clear(&s);
	if (wft_decode_saved_search_list("fuzz", body, size, &sl, &err) == WFT_OK)
		wft_saved_search_list_clear(&sl);
	if (wft_decode_facet("fuzz", body, size, &v, &p, &err) == WFT_OK) {
		wft_strv_clear(&v);
		wft_page_clear(&p);
	}
	if (wft_decode_facets("fuzz", body, size, &f, &err) == WFT_OK)
		wft_facets_clear(&f);
	wft_apierror_service_message(body, size, msg, sizeof msg, &code);
	if (strlen(msg) > WFT_SERVICE_MESSAGE_MAX)
		abort();
	return 0;
}
