/* fuzz_query.c: the search language parser, its evaluation, highlight
 * spans and the saved-search round trip, on arbitrary input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "savedquery.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct tokenset *fixture(void)
{
	static const struct wft_token_rec recs[] = {
		{ "a411c16b-3cf7-4f03-bf11-8ca05aab898d", "ci-deploy", "sa::ci-bot",
		  WFT_ACCOUNT_SERVICE, 1700000000000, 1710000000000 },
		{ "b2", "caf\xc3\xa9 \xff name", "jo@example.com", WFT_ACCOUNT_USER, 0, 0 },
	};
	struct tokenset *ts = tokenset_new();
	struct wft_error err;

	for (size_t i = 0; ts && i < sizeof recs / sizeof *recs; i++)
		tokenset_add(ts, &recs[i], &err);
	return ts;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	struct query *q = NULL;
	struct query_error qe;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (query_parse(s, &q, &qe) == WFT_OK) {
		struct tokenset *ts = fixture();
		struct query_span sp[4];
		for (tokenset_idx i = 0; ts && i < tokenset_size(ts); i++) {
			query_match(q, ts, i, 1720000000000);
			query_spans(q, QF_NAME, tokenset_name(ts, i), sp, 4);
			query_spans(q, QF_ID, tokenset_id(ts, i), sp, 4);
		}
		tokenset_free(ts);
		/* A query that parses survives a saved search unchanged. */
		struct savedquery a, b;
		struct wft_error err;
		char *json = NULL;
		savedquery_init(&a);
		a.query = strdup(s);
		if (a.query && savedquery_to_json(&a, &json, &err) == WFT_OK) {
			if (savedquery_from_json(json, strlen(json), &b, &err) != WFT_OK ||
			    strcmp(b.query, s) != 0)
				abort();
			savedquery_clear(&b);
		}
		free(json);
		savedquery_clear(&a);
		query_free(q);
	} else if (qe.pos > size) {
		abort(); /* an error position outside the input */
	}
	free(s);
	return 0;
}
