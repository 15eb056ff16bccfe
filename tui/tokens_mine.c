/* tokens_mine.c: "Mine" in the tokens page's side panel: the signed-in
 * user's own Operations for Applications API tokens (the session reads
 * GET /api/v2/apitoken with every load), a filter on the table. On an
 * instance onboarded to VMware Cloud services there are none to manage
 * here: the entry says where they are. */
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "tokens_page.h"
#include "tokens_page_state.h"
#include "ui.h"
#include "view.h"

bool tokens_mine_onboarded(const struct ui *ui)
{
	return ui->session && session_csp_onboarded(ui->session);
}

/* The live tokens that are the user's own: their ids (borrowed from the
 * set, in *ids when ids is not NULL; free the array) and their count;
 * -1 when that is not known. */
static long mine_ids(const struct ui *ui, const char ***ids)
{
	const struct tokenset *ts = TS(ui);
	size_t n = 0;

	if (ids)
		*ids = NULL;
	if (!ts || !ui->session || tokens_mine_onboarded(ui) ||
	    session_token_is_own(ui->session, "") < 0)
		return -1;
	if (ids && !(*ids = malloc((tokenset_size(ts) + 1) * sizeof **ids)))
		return -1;
	for (tokenset_idx i = 0; i < tokenset_size(ts); i++) {
		if (!tokenset_is_live(ts, i) || session_token_is_own(ui->session, tokenset_id(ts, i)) != 1)
			continue;
		if (ids)
			(*ids)[n] = tokenset_id(ts, i);
		n++;
	}
	return (long)n;
}

long tokens_mine_count(const struct ui *ui)
{
	return mine_ids(ui, NULL);
}

bool tokens_is_mine(const struct ui *ui, tokenset_idx i)
{
	return TS(ui) && ui->session && session_token_is_own(ui->session, tokenset_id(TS(ui), i)) == 1;
}

void tokens_mine_toggle(struct ui *ui)
{
	const char **ids;
	long n;

	if (tokens_mine_onboarded(ui)) {
		ui_toast(ui, TOAST_INFO, "This instance is onboarded to VMware Cloud services: your own "
		         "API tokens live there, not here (tab 3, VMware Cloud).");
		return;
	}
	if ((n = mine_ids(ui, &ids)) < 0) {
		ui_toast(ui, TOAST_INFO, "Your own tokens are not known yet (Ctrl-R reads them again).");
		return;
	}
	tokens_toggle_pick(ui, PICK_MINE, (char *const *)ids, (size_t)n);
	free(ids);
}
