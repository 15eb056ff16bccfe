/* cli_expiry.c: wftokens check-expiry, for cron: says when the sign-in
 * credential expires and exits 1 within the warning window (--days N,
 * default 14). A VMware Cloud services API token's expiry comes from the
 * details call (doc/csp.md); an OAuth app's credentials and an Operations
 * for Applications API token have none the API tells, which is said. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csp_api.h"
#include "mask.h"
#include "profile.h"
#include "timefmt.h"

#define DAY_MS (24LL * 60 * 60 * 1000)

struct expiry_wait {
	bool done;
	struct wft_error err;
	struct csp_token_details details;
};

static void details_done(void *ud, struct csp_api_result *res)
{
	struct expiry_wait *w = ud;

	w->done = true;
	w->err = res->err;
	w->details = res->details;
	memset(&res->details, 0, sizeof res->details);
}

/* The details of the CSP API token of profile p, on a client of its own. */
static enum wft_status read_details(const struct wft_profile *p, struct expiry_wait *w,
                                    struct wft_error *err)
{
	struct wft_http_options ho;
	struct wft_auth_params ap;
	struct wft_http *http = NULL;
	struct wft_auth *auth = NULL;
	struct csp_api *api = NULL;
	struct csp_api_call *call;
	enum wft_status st;

	memset(&ho, 0, sizeof ho);
	ho.cacert = p->cacert;
	ho.insecure = p->insecure;
	ho.max_answer_bytes = (size_t)p->max_answer_mb << 20;
	wft_profile_auth_params(p, &ap);
	if ((st = wft_http_new(&http, &ho, err)) == WFT_OK &&
	    (st = wft_auth_new(&auth, &ap, http, err)) == WFT_OK &&
	    (st = csp_api_new(&api, p->csp_url, http, auth, err)) == WFT_OK) {
		if ((call = csp_api_token_details(api, p->csp_api_token, details_done, w, err)))
			st = csp_api_wait(api, call, err);
		else
			st = err->code;
		if (st == WFT_OK && w->err.code != WFT_OK) {
			*err = w->err;
			st = err->code;
		}
	}
	csp_api_free(api);
	wft_auth_free(auth);
	wft_http_free(http);
	return st;
}

int cli_check_expiry(struct cli_run *r)
{
	const struct wft_profile *p;
	struct expiry_wait w;
	struct wft_error err;
	char when[64], detail[256];
	const char *result;
	long days = r->cli->days >= 0 ? r->cli->days : 14;
	int rc = CLI_EXIT_OK;

	if (r->cli->n_args || r->cli->query || r->cli->ids)
		return cli_error(r, CLI_EXIT_USAGE, "check-expiry takes no operand");
	if ((rc = cli_connect(r)) != 0)
		return rc;
	p = r->conn.profile;
	memset(&w, 0, sizeof w);
	cli_results_begin(r);
	if (!p || p->auth == WFT_AUTH_TOKEN) {
		cli_item_result(r, "credential", "token", NULL, NULL, "no expiry known",
		                "an Operations for Applications API token: the API tells no "
		                "expiry; nothing to check");
	} else if (p->auth == WFT_AUTH_CSP_OAUTH) {
		cli_item_result(r, "credential", "csp-oauth", NULL, NULL, "does not expire",
		                "a server-to-server OAuth app: its id and secret do not expire "
		                "(its access tokens are renewed at each sign-in)");
	} else if (read_details(p, &w, &err) != WFT_OK) {
		cli_results_end(r);
		csp_token_details_clear(&w.details);
		return cli_error(r, CLI_EXIT_FAILED, "cannot read the CSP API token's details: %s",
		                 err.message);
	} else {
		wft_millis now = wft_clock_real(NULL), exp = w.details.expires_at;
		long left = exp > now ? (long)((exp - now) / DAY_MS) : 0;
		timefmt_date(exp, when, sizeof when);
		if (w.details.deactivated) {
			result = "deactivated";
			snprintf(detail, sizeof detail, "the token was deactivated in VMware Cloud "
			         "services: sign-in fails; generate a new one");
			rc = CLI_EXIT_FAILED;
		} else if (exp <= 0) {
			result = "does not expire";
			snprintf(detail, sizeof detail, "the token has no expiry");
		} else if (exp <= now) {
			result = "expired";
			snprintf(detail, sizeof detail, "expired on %s: generate a new one", when);
			rc = CLI_EXIT_FAILED;
		} else if (exp - now <= days * DAY_MS) {
			result = "expires soon";
			snprintf(detail, sizeof detail, "expires on %s, in %ld day%s (warning from %ld "
			         "days): generate a replacement", when, left, left == 1 ? "" : "s", days);
			rc = CLI_EXIT_FAILED;
		} else {
			result = "valid";
			snprintf(detail, sizeof detail, "expires on %s, in %ld days", when, left);
		}
		cli_item_result(r, "credential", "csp-api-token", "name",
		                w.details.token_name ? w.details.token_name : "", result, detail);
	}
	cli_results_end(r);
	csp_token_details_clear(&w.details);
	return rc;
}
