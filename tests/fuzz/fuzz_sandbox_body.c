/* fuzz_sandbox_body.c: the sandbox's request-body decoding: JSON parsing
 * and every typed decoder over it, the form and Basic decoders, and the
 * fault spec parser. Input: one byte selecting the decoder, then the body. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/body.h"
#include "sandbox/faults.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct body_err err;
	json_object *o = NULL;
	const char *body;
	char *text, out[512];
	unsigned sel;

	if (size == 0)
		return 0;
	sel = data[0];
	body = (const char *)data + 1;
	size--;
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, body, size);
	text[size] = '\0';

	if (body_parse_json(body, size, &o, &err) == 0) {
		struct body_token t;
		struct body_sa_write *w = malloc(sizeof *w);
		struct body_search *s = malloc(sizeof *s);
		struct body_saved sv;
		struct sb_faults f;
		const char *ids[BODY_MAX_LIST];

		body_token(o, &t, &err);
		if (w)
			body_sa_write(o, w, &err);
		for (int k = BODY_SEARCH_SORTABLE; s && k <= BODY_SEARCH_FACETS; k++)
			body_search(o, (enum body_search_kind)k, s, &err);
		if (body_saved(o, &sv, &err) == 0)
			free(sv.query_json);
		faults_from_json(o, &f, &err);
		body_string_list(o, ids, BODY_MAX_LIST, &err);
		free(w);
		free(s);
		json_object_put(o);
	}
	switch (sel % 4) {
	case 0:
		body_form_get(body, size, "api_token", out, sizeof out);
		body_form_get(body, size, "grant_type", out, 8);
		break;
	case 1:
		body_base64_decode(text, out, sizeof out);
		break;
	case 2: {
		struct sb_faults f;
		faults_parse_spec(text, &f, &err);
		break;
	}
	default:
		body_text_ok(body, size);
	}
	free(text);
	return 0;
}
