/* outcome.c: the one place that classifies a change's answer (see outcome.h). */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "outcome.h"

enum wft_outcome wft_outcome_of(const struct wft_error *err)
{
	int st;

	if (!err || err->code == WFT_OK)
		return WFT_OUTCOME_DONE;
	st = err->http_status;
	if (err->code == WFT_ERR_CANCELLED)
		return WFT_OUTCOME_UNCONFIRMED;
	if (st >= 200 && st < 300)
		return WFT_OUTCOME_DONE_UNREAD;
	if (st == 0)
		/* No answer: a transport failure may come after the request was
		 * sent; anything else stopped it before. */
		return err->code == WFT_ERR_NETWORK || err->code == WFT_ERR_IO
		       ? WFT_OUTCOME_UNCONFIRMED : WFT_OUTCOME_REFUSED;
	if (st == 404 || st < 400 || st > 599 || err->body_unread)
		return WFT_OUTCOME_UNCONFIRMED;
	return WFT_OUTCOME_REFUSED;
}

enum wft_readback wft_outcome_read(const struct wft_error *err)
{
	if (!err || err->code == WFT_OK)
		return WFT_READ_PRESENT;
	if (err->code == WFT_ERR_HTTP && err->http_status == 404 && !err->body_unread)
		return WFT_READ_ABSENT;
	return WFT_READ_UNKNOWN;
}

enum wft_settled wft_outcome_settle(enum wft_readback rb, bool shows_change)
{
	if (rb == WFT_READ_UNKNOWN)
		return WFT_SETTLED_UNKNOWN;
	return shows_change ? WFT_SETTLED_DONE : WFT_SETTLED_NOT_DONE;
}

static bool has_string(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string);
}

bool wft_outcome_refusal_readable(const char *body, size_t len)
{
	json_tokener *tok;
	json_object *root = NULL, *status, *res;
	bool ok = false;

	if (!body || !len || len > 1 << 20 || !(tok = json_tokener_new_ex(16)))
		return false;
	root = json_tokener_parse_ex(tok, body, (int)len);
	/* The whole body must be one complete JSON value. */
	if (json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) < len) {
		size_t end = json_tokener_get_parse_end(tok);
		bool rest_blank = json_tokener_get_error(tok) == json_tokener_success;
		for (; rest_blank && end < len; end++)
			if (!strchr(" \t\r\n", body[end]))
				rest_blank = false;
		if (!rest_blank) {
			json_object_put(root);
			root = NULL;
		}
	}
	json_tokener_free(tok);
	if (root && json_object_is_type(root, json_type_object)) {
		if (json_object_object_get_ex(root, "status", &status) &&
		    json_object_is_type(status, json_type_object) &&
		    json_object_object_get_ex(status, "result", &res) &&
		    json_object_is_type(res, json_type_string))
			ok = strcmp(json_object_get_string(res), "ERROR") == 0;
		else
			ok = has_string(root, "message") || has_string(root, "error");
	}
	json_object_put(root);
	return ok;
}

const char *wft_outcome_name(enum wft_outcome o)
{
	switch (o) {
	case WFT_OUTCOME_DONE: return "done";
	case WFT_OUTCOME_DONE_UNREAD: return "done, answer unreadable";
	case WFT_OUTCOME_REFUSED: return "refused";
	case WFT_OUTCOME_UNCONFIRMED: return "not confirmed";
	}
	return "not confirmed";
}

const char *wft_outcome_acct_verb(enum wft_acct_change k)
{
	switch (k) {
	case WFT_ACCT_CREATE: return "created";
	case WFT_ACCT_ACTIVATE: return "activated";
	case WFT_ACCT_DEACTIVATE: return "deactivated";
	case WFT_ACCT_DELETE: return "deleted";
	default: return "";
	}
}

bool wft_outcome_acct_shows(enum wft_acct_change k, enum wft_readback rb, bool active)
{
	switch (k) {
	case WFT_ACCT_DELETE: return rb == WFT_READ_ABSENT;
	case WFT_ACCT_CREATE: return rb == WFT_READ_PRESENT;
	default: return rb == WFT_READ_PRESENT && active == (k == WFT_ACCT_ACTIVATE);
	}
}

const char *wft_outcome_acct_not_done(enum wft_acct_change k, const char *id, enum wft_readback rb,
                                       bool active, const char *why, char *out, size_t n)
{
	snprintf(out, n, "%.300s %s (the answer was: %.800s)", id,
	         rb == WFT_READ_ABSENT ? "does not exist" : k == WFT_ACCT_DELETE ? "still exists"
	         : active ? "is still active" : "is still inactive", why ? why : "");
	return out;
}

const char *wft_outcome_saved_not_done(bool deleted, const char *name, const char *why, char *out,
                                        size_t n)
{
	snprintf(out, n, "\"%.200s\" is %s on the server (the answer was: %.800s)",
	         name ? name : "", deleted ? "still" : "not", why ? why : "");
	return out;
}

const char *wft_outcome_read_back(const char *why, char *out, size_t n)
{
	snprintf(out, n, "read back; the answer was: %.1000s", why ? why : "");
	return out;
}
