/* sandbox_fixture.h: for tests, an in-process wftokens-sandbox on an
 * ephemeral loopback port with a known admin token, and a tiny blocking
 * libcurl client to call it. */
#ifndef WFT_SANDBOX_FIXTURE_H
#define WFT_SANDBOX_FIXTURE_H

#include <stddef.h>

#include <json-c/json.h>

#include "api.h"
#include "sandbox/sandbox.h"

/* The administrator's API token (all permissions) in every fixture sandbox. */
#define SBFIX_ADMIN_TOKEN "5a4d6d1e-7c3b-4f2a-9e1d-0000000ad001"

/* Starts a sandbox seeded with about seed_tokens tokens (random seed 1);
 * NULL (with a message on stderr) on failure. Stop it with sandbox_stop. */
struct sandbox *sbfix_start(unsigned seed_tokens);
/* The same with options of your own; unset listen, admin_token and
 * random_seed get the fixture's defaults. */
struct sandbox *sbfix_start_with(struct sandbox_options *o);

struct sbfix_resp {
	long status;          /* HTTP status; 0 when no answer came */
	int curl_code;        /* CURLcode of the transfer */
	char *body;           /* NUL-terminated; free with sbfix_resp_free */
	size_t len;
	char retry_after[32]; /* the Retry-After header, "" if none */
};

/* One blocking call: body (JSON) may be NULL; bearer NULL sends no
 * Authorization header. Returns 0 when an HTTP answer came, -1 otherwise. */
int sbfix_call(const struct sandbox *sb, const char *method, const char *path,
               const char *body, const char *bearer, struct sbfix_resp *out);
/* The general form: any base URL, content type and extra headers
 * (NULL-terminated list of "Name: value"); body_len lets a body hold NULs.
 * Every call but a GET names a Content-Type: content_type, or
 * application/json when it is NULL; "" sends none. */
int sbfix_request(const char *base_url, const char *method, const char *path,
                  const char *content_type, const char *body, size_t body_len,
                  const char *const *headers, struct sbfix_resp *out);
void sbfix_resp_free(struct sbfix_resp *r);

/* Sets the sandbox's faults (POST /_sandbox/faults), e.g.
 * "{\"fail_next\":1,\"status\":503}"; "{}" clears. 0 on success. */
int sbfix_faults(const struct sandbox *sb, const char *json);

/* A client call's whole result, moved out of its callback: start the call
 * with sbfix_grab and &got; free with sbfix_got_clear. calls counts the
 * callback's runs (exactly one is the contract). */
struct sbfix_got {
	int calls;
	struct wft_api_result r;
};
void sbfix_grab(void *ud, struct wft_api_result *res);
void sbfix_got_clear(struct sbfix_got *g);

/* Parses a response body as JSON (NULL if it is not JSON); json_object_put it. */
json_object *sbfix_json(const struct sbfix_resp *r);
/* Follows a dotted path of keys and array indexes ("response.items.0.id");
 * NULL if any step is missing. The result is borrowed from o. */
json_object *sbfix_path(json_object *o, const char *path);
/* Shorthands on a dotted path: the string ("" if absent) and the integer (-1). */
const char *sbfix_str(json_object *o, const char *path);
long long sbfix_int(json_object *o, const char *path);

#endif
