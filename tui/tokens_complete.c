/* tokens_complete.c: Tab completion in the tokens page's search bar and
 * at the : prompt. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curses.h>

#include "api.h"
#include "complete.h"
#include "keys.h"
#include "mask.h"
#include "query.h"
#include "session.h"
#include "textwidth.h"
#include "timefmt.h"
#include "tokenset.h"
#include "tokens_page.h"
#include "tokens_page_state.h"
#include "ui.h"
#include "view.h"

static const char *const search_fields[] = {
	"name:", "account:", "id:", "type:", "used:", "unused:", "generated:", "never",
};
static const char *const prompt_commands[] = {
	"sort", "page-size", "theme", "save", "save-display", "search", "q", "quit",
};

/* Completes the word before the cursor of le (only at the end of the
 * line): field names, type: values and account names in the search bar;
 * commands, sort columns, theme names and saved-search names at the :
 * prompt. Several matches extend the word as far as they agree and are
 * listed in the footer. Returns true when the text changed. */
bool tokens_complete_line(struct ui *ui, struct lineedit *le, bool prompt)
{
	const char *text = lineedit_text(le), *first, **cands = NULL, *prefix = "";
	const char *word = text;
	char names[16][THEME_NAME_MAX], out[LINEEDIT_MAX + 1], line[2 * LINEEDIT_MAX + 16];
	size_t n = 0, m;

	if (le->cur != le->len)
		return false;
	for (const char *p = text; *p; p++)
		if (*p == ' ')
			word = p + 1;
	if (prompt) {
		size_t lead = (size_t)(word - text);
		if (lead == 0) {
			if (!(cands = calloc(ACT_COUNT + sizeof prompt_commands / sizeof *prompt_commands,
			                     sizeof *cands)))
				return false;
			for (int i = 1; i < ACT_COUNT; i++)
				cands[n++] = action_table[i].name;
			for (size_t i = 0; i < sizeof prompt_commands / sizeof *prompt_commands; i++)
				cands[n++] = prompt_commands[i];
		} else if (strncmp(text, "sort ", 5) == 0 && lead == 5) {
			if (!(cands = calloc(VIEW_N_COLUMNS, sizeof *cands)))
				return false;
			for (int c = 0; c < VIEW_N_COLUMNS; c++)
				cands[n++] = view_column_name((enum view_column)c);
		} else if (strncmp(text, "theme ", 6) == 0 && lead == 6) {
			struct theme_search ts;
			theme_search_init(&ts, getenv("XDG_CONFIG_HOME"), getenv("HOME"));
			size_t k = theme_list(&ts, names, 16);
			if (!(cands = calloc(k ? k : 1, sizeof *cands)))
				return false;
			for (size_t i = 0; i < k; i++)
				cands[n++] = names[i];
		} else if (strncmp(text, "save ", 5) == 0 && lead == 5) {
			if (!(cands = calloc(T(ui)->n_saved ? T(ui)->n_saved : 1, sizeof *cands)))
				return false;
			for (size_t i = 0; i < T(ui)->n_saved; i++)
				cands[n++] = T(ui)->saved_names[i];
		} else {
			return false;
		}
	} else {
		if (*word == '-') {
			word++;
			prefix = "-";
		}
		if (strncasecmp(word, "type:", 5) == 0) {
			static const char *const types[] = { "service", "user" };
			cands = calloc(2, sizeof *cands);
			if (!cands)
				return false;
			cands[n++] = types[0];
			cands[n++] = types[1];
			prefix = *prefix ? "-type:" : "type:";
			word += 5;
		} else if (strncasecmp(word, "account:", 8) == 0 && TS(ui)) {
			size_t na;
			uint32_t *acc = tokens_sorted_accounts(ui, &na);
			if (!acc || !(cands = calloc(na ? na : 1, sizeof *cands)))
				return false;
			for (size_t i = 0; i < na; i++)
				cands[n++] = tokenset_account_name(TS(ui), acc[i]);
			prefix = *prefix ? "-account:" : "account:";
			word += 8;
		} else if (!strchr(word, ':')) {
			if (!(cands = calloc(sizeof search_fields / sizeof *search_fields, sizeof *cands)))
				return false;
			for (size_t i = 0; i < sizeof search_fields / sizeof *search_fields; i++)
				cands[n++] = search_fields[i];
		} else {
			return false;
		}
	}
	m = complete_word(word, cands, n, out, sizeof out, &first);
	if (m > 1) {
		/* The choices, as many as fit, in the footer. */
		char list[600];
		size_t o = 0, shown = 0;
		for (size_t i = 0; i < n && o + 80 < sizeof list; i++)
			if (strncasecmp(cands[i], word, strlen(word)) == 0 && shown < 12) {
				o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", shown ? "  " : "",
				                      cands[i]);
				shown++;
			}
		ui_toast(ui, TOAST_INFO, "%zu matches: %s%s", m, list, m > shown ? "  ..." : "");
	} else if (m == 0) {
		ui_toast(ui, TOAST_INFO, "No completion for \"%s\".", word);
	}
	if (m == 1) {
		/* The one match, whole, and a space after a finished word. */
		size_t l = strlen(first);
		snprintf(out, sizeof out, "%s%s", first,
		         l && first[l - 1] != ':' ? " " : "");
	}
	free(cands);
	if (m == 0)
		return false;
	/* What comes before the word, the prefix the word carried, the completion. */
	size_t before = (size_t)(word - text) - strlen(prefix);
	snprintf(line, sizeof line, "%.*s%s%s", (int)before, text, prefix, out);
	if (strcmp(line, text) == 0)
		return false;
	lineedit_set(le, line);
	return true;
}
