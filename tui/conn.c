/* conn.c: the connection of the console, `wftokens list` and the
 * subcommands: the profile resolved and signed in, or the demo sandbox
 * started in process with a random administrator's token. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "conn.h"
#include "mask.h"
#include "sandbox/sandbox.h"
#include "uuid.h"

/* Tokens the demo organisation holds: a realistic mix, quick to load. */
#define DEMO_TOKENS 300

void conn_close(struct conn *c)
{
	session_free(c->session);
	c->session = NULL;
	if (c->sandbox)
		sandbox_stop(c->sandbox);
	c->sandbox = NULL;
	wft_profile_free(c->profile);
	c->profile = NULL;
	wft_wipe(c->demo_token, sizeof c->demo_token);
}

enum wft_status conn_open(struct conn *c, const struct cli *cli,
                          const struct session_hooks *hooks, struct wft_error *err)
{
	struct wft_auth_params ap;
	struct wft_http_options ho;
	struct session_params sp;
	enum wft_status st;

	memset(&ap, 0, sizeof ap);
	memset(&ho, 0, sizeof ho);
	memset(&sp, 0, sizeof sp);
	if (cli->demo) {
		struct sandbox_options so;
		sandbox_options_init(&so);
		if (wft_uuid_random(c->demo_token) != 0)
			return wft_error_set(err, WFT_ERR_IO, "no randomness for the demo's token: %s",
			                     strerror(errno));
		so.listen = "127.0.0.1:0";
		so.seed_tokens = cli->demo_tokens ? cli->demo_tokens : DEMO_TOKENS;
		so.random_seed = cli->demo_seed;
		so.csp_onboarded = cli->csp_onboarded;
		/* Onboarded to VMware Cloud services, the administrator signs in
		 * through CSP (the sandbox serves the sign-in too). */
		if (cli->csp_onboarded)
			so.csp_api_token = c->demo_token;
		else
			so.admin_token = c->demo_token;
		if (!(c->sandbox = sandbox_start(&so, err)))
			return err->code ? err->code : WFT_ERR_IO;
		snprintf(c->label, sizeof c->label, "demo");
		snprintf(c->endpoint, sizeof c->endpoint, "%s", sandbox_url(c->sandbox));
		if (cli->csp_onboarded) {
			ap.method = WFT_AUTH_CSP_API_TOKEN;
			ap.csp_api_token = c->demo_token;
			ap.csp_url = c->endpoint;
		} else {
			ap.method = WFT_AUTH_TOKEN;
			ap.token = c->demo_token;
		}
	} else {
		struct wft_profile_opts po;
		memset(&po, 0, sizeof po);
		po.config_file = cli->config;
		po.profile = cli->profile;
		po.endpoint = cli->endpoint;
		po.auth = cli->auth;
		po.csp_url = cli->csp_url;
		po.org_id = cli->org_id;
		po.cacert = cli->cacert;
		po.theme = cli->theme;
		po.page_size = cli->page_size;
		po.insecure = cli->insecure;
		if ((st = wft_profile_resolve(&po, &c->profile, err)) != WFT_OK)
			return st;
		wft_profile_auth_params(c->profile, &ap);
		ho.cacert = c->profile->cacert;
		ho.max_answer_bytes = (size_t)c->profile->max_answer_mb << 20;
		ho.insecure = c->profile->insecure;
		/* Said by every subcommand, before anything is sent. */
		if (ho.insecure)
			fprintf(stderr, "wftokens: warning: --insecure: the certificate of %s is not "
			        "verified; whoever answers in its name receives the token\n",
			        c->profile->endpoint);
		snprintf(c->label, sizeof c->label, "%s", c->profile->profile);
		snprintf(c->endpoint, sizeof c->endpoint, "%s", c->profile->endpoint);
	}
	sp.endpoint = c->endpoint;
	sp.auth = &ap;
	sp.http = &ho;
	if ((st = session_new(&c->session, &sp, hooks, err)) != WFT_OK) {
		conn_close(c);
		return st;
	}
	return WFT_OK;
}
