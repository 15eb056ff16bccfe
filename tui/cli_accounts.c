/* cli_accounts.c: `wftokens accounts list|show|create|activate|deactivate|
 * delete`: the service accounts, for scripts. Each change's outcome follows
 * outcome.h as the console words it: an answer that does not settle it (no
 * answer, a 404, an unreadable error) is followed by a read of the account,
 * and what that read does not settle is reported "not confirmed". Every
 * change is journalled before it is sent and again with its outcome. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "cli.h"
#include "listing.h"
#include "mask.h"
#include "sacheck.h"
#include "timefmt.h"

/* Reads one account into w (cleared first). */
static void read_account(struct cli_run *r, const char *id, struct cli_call *w)
{
	struct wft_error err;

	cli_call_clear(w);
	wft_error_clear(&err);
	cli_call_run(r, wft_api_account(cli_api(r), id, cli_call_done, w, &err), &err, w);
}

/* ---- output ------------------------------------------------------------------------- */

static void put_time_json(wft_millis t)
{
	if (t > 0)
		printf("%lld", (long long)t);
	else
		fputs("null", stdout);
}

static const char *when(wft_millis t, char *buf, size_t n)
{
	return t > 0 ? timefmt_absolute(t, buf, n) : "never";
}

/* One account as a JSON object: the API's field names, token ids masked;
 * full adds the groups, roles and the tokens' dates. */
static void account_json(const struct wft_service_account *a, bool full)
{
	char m[WFT_MASK_SIZE];

	fputs("{\"identifier\":", stdout);
	listing_json_string(stdout, a->identifier ? a->identifier : "");
	fputs(",\"description\":", stdout);
	listing_json_string(stdout, a->description ? a->description : "");
	printf(",\"active\":%s,\"lastUsed\":", a->active ? "true" : "false");
	put_time_json(a->last_used);
	fputs(",\"tokens\":[", stdout);
	for (size_t i = 0; i < a->n_tokens; i++) {
		const struct wft_token *t = &a->tokens[i];
		fputs(i ? ",{\"tokenID\":" : "{\"tokenID\":", stdout);
		listing_json_string(stdout, wft_mask_id(t->id, m, sizeof m));
		fputs(",\"tokenName\":", stdout);
		listing_json_string(stdout, t->name ? t->name : "");
		if (full) {
			fputs(",\"lastUsed\":", stdout);
			put_time_json(t->last_used);
			fputs(",\"dateGenerated\":", stdout);
			put_time_json(t->date_generated);
		}
		fputc('}', stdout);
	}
	fputc(']', stdout);
	if (full) {
		fputs(",\"groups\":[", stdout);
		for (size_t i = 0; i < a->groups.n; i++) {
			if (i)
				fputc(',', stdout);
			listing_json_string(stdout, a->groups.items[i]);
		}
		fputs("],\"roles\":[", stdout);
		for (size_t i = 0; i < a->n_roles; i++) {
			if (i)
				fputc(',', stdout);
			listing_json_string(stdout, a->roles[i].name ? a->roles[i].name
			                                             : a->roles[i].id ? a->roles[i].id : "");
		}
		fputs("],\"userGroups\":[", stdout);
		for (size_t i = 0; i < a->n_user_groups; i++) {
			const struct wft_user_group *g = &a->user_groups[i];
			if (i)
				fputc(',', stdout);
			listing_json_string(stdout, g->name ? g->name : g->id ? g->id : "");
		}
		fputc(']', stdout);
	}
	fputc('}', stdout);
}

static void account_csv(const struct wft_service_account *a)
{
	char n[24], t[64];

	snprintf(n, sizeof n, "%zu", a->n_tokens);
	listing_csv_cell(stdout, a->identifier ? a->identifier : "", false);
	listing_csv_cell(stdout, a->description ? a->description : "", false);
	listing_csv_cell(stdout, a->active ? "true" : "false", false);
	listing_csv_cell(stdout, n, false);
	listing_csv_cell(stdout, a->last_used > 0 ? timefmt_absolute(a->last_used, t, sizeof t) : "",
	                 true);
}

static void account_row(const struct wft_service_account *a)
{
	char n[24], t[64];

	cli_put_name(stdout, a->identifier ? a->identifier : "", 40);
	for (size_t w = listing_text_width(a->identifier ? a->identifier : ""); w < 40; w++)
		fputc(' ', stdout);
	snprintf(n, sizeof n, "%zu/%d", a->n_tokens, WFT_MAX_TOKENS_PER_ACCOUNT);
	printf("  %-8s  %-6s  %-23s  ", a->active ? "active" : "inactive", n,
	       when(a->last_used, t, sizeof t));
	cli_put_name(stdout, a->description ? a->description : "", 60);
	fputc('\n', stdout);
}

#define CSV_HEAD "identifier,description,active,tokens,lastUsed\r\n"

static int accounts_list(struct cli_run *r)
{
	struct cli_call w;
	struct wft_error err;
	const struct wft_account_list *l;

	if (r->cli->n_args != 1)
		return cli_error(r, CLI_EXIT_USAGE, "accounts list takes no operand");
	memset(&w, 0, sizeof w);
	wft_error_clear(&err);
	cli_call_run(r, wft_api_accounts(cli_api(r), cli_call_done, &w, &err), &err, &w);
	if (w.res.err.code != WFT_OK) {
		int rc = cli_error(r, CLI_EXIT_FAILED, "cannot read the service accounts: %s",
		                   w.res.err.message);
		cli_call_clear(&w);
		return rc;
	}
	l = &w.res.accounts;
	if (r->fmt == CLI_FMT_JSON)
		fputc('[', stdout);
	else if (r->fmt == CLI_FMT_CSV)
		fputs(CSV_HEAD, stdout);
	else if (r->fmt == CLI_FMT_TABLE)
		printf("%-40s  %-8s  %-6s  %-23s  %s\n", "IDENTIFIER", "STATUS", "TOKENS", "LAST USED",
		       "DESCRIPTION");
	for (size_t i = 0; i < l->n; i++) {
		switch (r->fmt) {
		case CLI_FMT_JSON:
			fputs(i ? ",\n" : "\n", stdout);
			account_json(&l->items[i], false);
			break;
		case CLI_FMT_NDJSON:
			account_json(&l->items[i], false);
			fputc('\n', stdout);
			break;
		case CLI_FMT_CSV:
			account_csv(&l->items[i]);
			break;
		case CLI_FMT_TABLE:
			account_row(&l->items[i]);
			break;
		}
	}
	if (r->fmt == CLI_FMT_JSON)
		fputs(l->n ? "\n]\n" : "]\n", stdout);
	if (l->skipped)
		cli_note(r, "%zu service account%s of the answer could not be read and %s left out",
		         l->skipped, l->skipped == 1 ? "" : "s", l->skipped == 1 ? "is" : "are");
	cli_call_clear(&w);
	return CLI_EXIT_OK;
}

static int accounts_show(struct cli_run *r, const char *id)
{
	struct cli_call w;
	const struct wft_service_account *a;
	char t[64], rel[32], m[WFT_MASK_SIZE];
	wft_millis now = wft_clock_real(NULL);

	memset(&w, 0, sizeof w);
	read_account(r, id, &w);
	if (w.res.err.code != WFT_OK) {
		int rc = cli_error(r, CLI_EXIT_FAILED, "cannot read %s: %s", id,
		                   w.res.err.http_status == 404 ? "no such service account"
		                                            : w.res.err.message);
		cli_call_clear(&w);
		return rc;
	}
	a = &w.res.account;
	switch (r->fmt) {
	case CLI_FMT_JSON:
	case CLI_FMT_NDJSON:
		account_json(a, true);
		fputc('\n', stdout);
		break;
	case CLI_FMT_CSV:
		fputs(CSV_HEAD, stdout);
		account_csv(a);
		break;
	case CLI_FMT_TABLE:
		fputs("identifier   ", stdout);
		cli_put_name(stdout, a->identifier ? a->identifier : "", 300);
		fputs("\ndescription  ", stdout);
		cli_put_name(stdout, a->description ? a->description : "", 300);
		printf("\nstatus       %s\nlast used    %s\ntokens       %zu of %d\n",
		       a->active ? "active" : "inactive", when(a->last_used, t, sizeof t),
		       a->n_tokens, WFT_MAX_TOKENS_PER_ACCOUNT);
		for (size_t i = 0; i < a->n_tokens; i++) {
			printf("  %s  ", wft_mask_id(a->tokens[i].id, m, sizeof m));
			cli_put_name(stdout, a->tokens[i].name && *a->tokens[i].name ? a->tokens[i].name
			                                                             : "(no name)", 40);
			printf("  used %s\n", a->tokens[i].last_used > 0
			       ? timefmt_relative(a->tokens[i].last_used, now, rel, sizeof rel) : "never");
		}
		fputs("permissions ", stdout);
		for (size_t i = 0; i < a->groups.n; i++) {
			fputc(' ', stdout);
			cli_put_name(stdout, a->groups.items[i], 60);
		}
		fputs("\nroles       ", stdout);
		for (size_t i = 0; i < a->n_roles; i++) {
			fputc(' ', stdout);
			cli_put_name(stdout, a->roles[i].name ? a->roles[i].name
			                     : a->roles[i].id ? a->roles[i].id : "", 60);
		}
		fputs("\ngroups      ", stdout);
		for (size_t i = 0; i < a->n_user_groups; i++) {
			fputc(' ', stdout);
			cli_put_name(stdout, a->user_groups[i].name ? a->user_groups[i].name
			                     : a->user_groups[i].id ? a->user_groups[i].id : "", 60);
		}
		fputc('\n', stdout);
		break;
	}
	cli_call_clear(&w);
	return CLI_EXIT_OK;
}

/* ---- changes --------------------------------------------------------------------------- */

enum acc_change { ACC_CREATE, ACC_ACTIVATE, ACC_DEACTIVATE, ACC_DELETE };

static const char *const change_action[] = {
	"account create", "account activate", "account deactivate", "account delete",
};
static const char *const change_done_word[] = {
	"created", "activated", "deactivated", "deleted",
};
static const char *const change_not_word[] = {
	"not created", "not activated", "not deactivated", "not deleted",
};

/* Writes the result and the journal's outcome line of a change to id;
 * returns the exit status it stands for. */
static int report(struct cli_run *r, enum acc_change k, const char *id, unsigned long *change,
                  const char *result, const char *state, const char *detail)
{
	cli_journal(r, change, change_action[k], NULL, NULL, id, state, detail);
	cli_results_begin(r);
	cli_item_result(r, "identifier", id, NULL, NULL, result, detail);
	cli_results_end(r);
	return strcmp(state, JOURNAL_DONE) == 0 || strcmp(state, JOURNAL_DONE_UNREAD) == 0 ||
	       strcmp(state, JOURNAL_DRY_RUN) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILED;
}

/* Sends change k to account id (a for a create) and reports its outcome. */
/* Starts change k of account id (a: the new account, for a create) and
 * runs it to its answer, in w. */
static void account_send(struct cli_run *r, enum acc_change k, const char *id,
                         const struct wft_service_account *a, struct cli_call *w)
{
	struct wft_api_call *call = NULL;
	struct wft_error err;

	wft_error_clear(&err);
	switch (k) {
	case ACC_CREATE:
		call = wft_api_create_account(cli_api(r), a, cli_call_done, w, &err);
		break;
	case ACC_ACTIVATE:
		call = wft_api_activate_account(cli_api(r), id, cli_call_done, w, &err);
		break;
	case ACC_DEACTIVATE:
		call = wft_api_deactivate_account(cli_api(r), id, cli_call_done, w, &err);
		break;
	case ACC_DELETE:
		call = wft_api_delete_account(cli_api(r), id, cli_call_done, w, &err);
		break;
	}
	cli_call_run(r, call, &err, w);
}

/* Change k of account id was not settled by its answer (outcome o, why):
 * the account is read back, and what that shows is reported. The exit
 * status. */
static int account_read_back(struct cli_run *r, enum acc_change k, const char *id,
                             enum wft_outcome o, const char *why, unsigned long *change)
{
	struct cli_call back;
	char detail[1200];
	enum wft_readback rb;
	enum wft_settled v;
	bool shows;
	int rc;

	memset(&back, 0, sizeof back);
	read_account(r, id, &back);
	rb = wft_outcome_read(&back.res.err);
	if (k == ACC_CREATE)
		shows = rb == WFT_READ_PRESENT;
	else if (k == ACC_DELETE)
		shows = rb == WFT_READ_ABSENT;
	else
		shows = rb == WFT_READ_PRESENT && back.res.account.active == (k == ACC_ACTIVATE);
	v = o == WFT_OUTCOME_DONE_UNREAD && rb != WFT_READ_ABSENT ? WFT_SETTLED_DONE
	    : wft_outcome_settle(rb, shows);
	switch (v) {
	case WFT_SETTLED_DONE:
		if (o == WFT_OUTCOME_DONE_UNREAD)
			snprintf(detail, sizeof detail, "the answer was unreadable: %.1000s", why);
		else
			snprintf(detail, sizeof detail, "read back%s; the answer was: %.1000s",
			         k == ACC_DELETE ? ": no such account" : "", why);
		rc = report(r, k, id, change, change_done_word[k],
		            o == WFT_OUTCOME_DONE_UNREAD ? JOURNAL_DONE_UNREAD : JOURNAL_DONE, detail);
		break;
	case WFT_SETTLED_NOT_DONE:
		if (rb == WFT_READ_ABSENT)
			snprintf(detail, sizeof detail, "%.300s does not exist (the answer was: %.800s)",
			         id, why);
		else if (k == ACC_DELETE)
			snprintf(detail, sizeof detail, "%.300s still exists (the answer was: %.800s)",
			         id, why);
		else
			snprintf(detail, sizeof detail, "%.300s is still %s (the answer was: %.800s)", id,
			         back.res.account.active ? "active" : "inactive", why);
		rc = report(r, k, id, change, change_not_word[k], JOURNAL_REFUSED, detail);
		break;
	default:
		snprintf(detail, sizeof detail, "%.500s; reading the account back settled nothing "
		         "(%.500s)", why, back.res.err.message);
		rc = report(r, k, id, change, "not confirmed", JOURNAL_UNCONFIRMED, detail);
		break;
	}
	cli_call_clear(&back);
	return rc;
}

static int account_change(struct cli_run *r, enum acc_change k, const char *id,
                          const struct wft_service_account *a)
{
	struct cli_call w;
	unsigned long change = 0;
	char detail[1200];
	const char *why;
	enum wft_outcome o;
	int rc;

	memset(&w, 0, sizeof w);
	/* In the journal before the request goes out. */
	cli_journal(r, &change, change_action[k], NULL, NULL, id, JOURNAL_PENDING,
	            k == ACC_CREATE && a->description && *a->description ? a->description : NULL);
	account_send(r, k, id, a, &w);
	why = w.res.err.message;
	o = wft_outcome_of(&w.res.err);
	if (cli_is_dry_run(&w.res.err)) {
		rc = report(r, k, id, &change, "dry run", JOURNAL_DRY_RUN, why);
	} else if (o == WFT_OUTCOME_DONE) {
		rc = report(r, k, id, &change, change_done_word[k], JOURNAL_DONE, "");
	} else if (o == WFT_OUTCOME_DONE_UNREAD && k != ACC_CREATE) {
		/* (A create's answer names the account: it is read back all the same.) */
		snprintf(detail, sizeof detail, "the answer was unreadable: %.1000s", why);
		rc = report(r, k, id, &change, change_done_word[k], JOURNAL_DONE_UNREAD, detail);
	} else if (o == WFT_OUTCOME_REFUSED) {
		if (k == ACC_CREATE && w.res.err.http_status == 409)
			snprintf(detail, sizeof detail, "%.300s already exists (identifiers are stored "
			         "in lower case): %.800s", id, why);
		else
			snprintf(detail, sizeof detail, "%.1100s", why);
		rc = report(r, k, id, &change, change_not_word[k], JOURNAL_REFUSED, detail);
	} else {
		/* Not settled by its answer: the account is read back. */
		rc = account_read_back(r, k, id, o, why, &change);
	}
	cli_call_clear(&w);
	return rc;
}

/* The preview of a delete: the account and the tokens that go with it. */
static void delete_preview(void *ud, FILE *out)
{
	const struct wft_service_account *a = ud;
	char m[WFT_MASK_SIZE];

	fprintf(out, "  %s (%s), %zu token%s deleted with it%s\n", a->identifier,
	        a->active ? "active" : "inactive", a->n_tokens, a->n_tokens == 1 ? "" : "s",
	        a->n_tokens ? ":" : "");
	for (size_t i = 0; i < a->n_tokens; i++) {
		fprintf(out, "    %s  ", wft_mask_id(a->tokens[i].id, m, sizeof m));
		cli_put_name(out, a->tokens[i].name ? a->tokens[i].name : "", 40);
		fputc('\n', out);
	}
}

static int accounts_delete(struct cli_run *r, const char *id)
{
	struct cli_call w;
	int rc;

	memset(&w, 0, sizeof w);
	/* What goes is shown first: the account must exist. */
	read_account(r, id, &w);
	if (w.res.err.code != WFT_OK) {
		rc = cli_error(r, CLI_EXIT_FAILED, "cannot read %s: %s; nothing was sent", id,
		               w.res.err.http_status == 404 ? "no such service account" : w.res.err.message);
		cli_call_clear(&w);
		return rc;
	}
	if ((rc = cli_confirm_text(r, id, "delete", delete_preview, &w.res.account)) == 0)
		rc = account_change(r, ACC_DELETE, id, NULL);
	cli_call_clear(&w);
	return rc;
}

int cli_accounts(struct cli_run *r)
{
	const struct cli *c = r->cli;
	const char *verb = c->n_args > 0 ? c->args[0] : NULL;
	char id[SA_ID_MAX + 8];
	struct wft_error err;
	bool change;
	int rc;

	if (!verb)
		return cli_error(r, CLI_EXIT_USAGE, "accounts takes list, show, create, activate, "
		                 "deactivate or delete");
	if (c->query || c->ids || c->name || c->name_template || c->output)
		return cli_error(r, CLI_EXIT_USAGE, "accounts %s: unexpected option (see --help)",
		                 verb);
	change = strcmp(verb, "create") == 0 || strcmp(verb, "activate") == 0 ||
	         strcmp(verb, "deactivate") == 0 || strcmp(verb, "delete") == 0;
	if (!change && strcmp(verb, "list") != 0 && strcmp(verb, "show") != 0)
		return cli_error(r, CLI_EXIT_USAGE, "accounts: unknown action; use list, show, "
		                 "create, activate, deactivate or delete");
	if (strcmp(verb, "list") != 0 && c->n_args != 2)
		return cli_error(r, CLI_EXIT_USAGE, "accounts %s takes one ACCOUNT (%d operand%s "
		                 "given)", verb, c->n_args - 1, c->n_args == 2 ? "" : "s");
	if (c->description && strcmp(verb, "create") != 0)
		return cli_error(r, CLI_EXIT_USAGE, "--description goes with accounts create");
	if ((c->yes || c->max >= 0) && strcmp(verb, "delete") != 0)
		return cli_error(r, CLI_EXIT_USAGE, "--yes and --max go with accounts delete");
	if (c->n_args == 2 && sa_identifier(c->args[1], id, sizeof id, &err) != WFT_OK)
		return cli_error(r, CLI_EXIT_USAGE, "ACCOUNT: %s", err.message);
	if (c->description && sa_check_description(c->description, &err) != WFT_OK)
		return cli_error(r, CLI_EXIT_USAGE, "--description: %s", err.message);
	if (change && c->read_only)
		return cli_error(r, CLI_EXIT_USAGE, "--read-only refuses every change; nothing was "
		                 "sent");
	if (strcmp(verb, "delete") == 0 && (rc = cli_check_yes(r)) != 0)
		return rc;
	if ((rc = cli_connect(r)) != 0)
		return rc;
	if (strcmp(verb, "list") == 0)
		return accounts_list(r);
	if (strcmp(verb, "show") == 0)
		return accounts_show(r, id);
	if (strcmp(verb, "delete") == 0)
		return accounts_delete(r, id);
	if (strcmp(verb, "create") == 0) {
		struct wft_service_account a;
		memset(&a, 0, sizeof a);
		a.identifier = id;
		a.active = true;
		a.description = (char *)(c->description ? c->description : "");
		return account_change(r, ACC_CREATE, id, &a);
	}
	return account_change(r, strcmp(verb, "activate") == 0 ? ACC_ACTIVATE : ACC_DEACTIVATE,
	                      id, NULL);
}
