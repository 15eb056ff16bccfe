/* cli_whoami.c: `wftokens whoami`: the instance, the profile, who the
 * credential signs in as (the account of its own tokens), the sign-in
 * method and when the credential expires. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "listwrite.h"
#include "timefmt.h"

struct whoami_wait {
	bool done;
	struct wft_error err;
	char account[256];
};

static void whoami_done(void *ud, struct wft_api_result *res)
{
	struct whoami_wait *w = ud;

	w->done = true;
	w->err = res->err;
	for (size_t i = 0; res->err.code == WFT_OK && i < res->tokens.n; i++)
		if (res->tokens.items[i].account && *res->tokens.items[i].account) {
			snprintf(w->account, sizeof w->account, "%s", res->tokens.items[i].account);
			break;
		}
}

int cli_whoami(struct cli_run *r)
{
	struct whoami_wait w;
	struct wft_api_call *call;
	struct wft_error err;
	const char *method;
	char identity[320], expires[64];
	wft_millis exp;
	int rc;

	if (r->cli->n_args || r->cli->query || r->cli->ids)
		return cli_error(r, CLI_EXIT_USAGE, "whoami takes no operand");
	memset(&w, 0, sizeof w);
	if ((rc = cli_connect(r)) != 0)
		return rc;
	if ((call = wft_api_my_tokens(cli_api(r), whoami_done, &w, &err)))
		wft_api_wait(cli_api(r), call, &err);
	else
		w.err = err;
	if (w.err.code == WFT_ERR_AUTH || (w.err.http_status == 401))
		return cli_error(r, CLI_EXIT_FAILED, "cannot sign in: %s", w.err.message);
	if (*w.account)
		snprintf(identity, sizeof identity, "%s", w.account);
	else
		snprintf(identity, sizeof identity, "unknown (%.280s)", w.err.code == WFT_OK
		         ? "the credential has no user tokens listed" : w.err.message);
	method = wft_auth_method_name(wft_auth_method(session_auth(r->conn.session)));
	exp = wft_auth_expires_at(session_auth(r->conn.session));
	if (exp > 0)
		timefmt_absolute(exp, expires, sizeof expires);
	else
		snprintf(expires, sizeof expires, "not known");
	switch (r->fmt) {
	case CLI_FMT_JSON:
	case CLI_FMT_NDJSON:
		fputs("{\"instance\":", stdout);
		listwrite_json_string(stdout, r->conn.endpoint);
		fputs(",\"profile\":", stdout);
		listwrite_json_string(stdout, r->conn.label);
		fputs(",\"identity\":", stdout);
		if (*w.account)
			listwrite_json_string(stdout, w.account);
		else
			fputs("null", stdout);
		fputs(",\"auth\":", stdout);
		listwrite_json_string(stdout, method);
		if (exp > 0)
			printf(",\"expires\":%lld}\n", (long long)exp);
		else
			fputs(",\"expires\":null}\n", stdout);
		break;
	case CLI_FMT_CSV:
		fputs("instance,profile,identity,auth,expires\r\n", stdout);
		listwrite_csv_cell(stdout, r->conn.endpoint, false);
		listwrite_csv_cell(stdout, r->conn.label, false);
		listwrite_csv_cell(stdout, w.account, false);
		listwrite_csv_cell(stdout, method, false);
		listwrite_csv_cell(stdout, exp > 0 ? expires : "", true);
		break;
	case CLI_FMT_TABLE:
		printf("instance  %s\nprofile   %s\nidentity  ", r->conn.endpoint, r->conn.label);
		cli_put_name(stdout, identity, 300);
		printf("\nauth      %s\nexpires   %s\n", method, expires);
		break;
	}
	return CLI_EXIT_OK;
}
