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
/* Candidates for a completion: a list of strings (the list is allocated,
 * the strings are not) and room for names read from disk. */
struct cands {
	const char **v;
	size_t n;
	char names[16][THEME_NAME_MAX];
};

static bool cands_alloc(struct cands *c, size_t n)
{
	c->n = 0;
	return (c->v = calloc(n ? n : 1, sizeof *c->v)) != NULL;
}

/* At the : prompt, for the word after lead bytes of text: commands, sort
 * columns, theme names, saved-search names; false when none apply. */
static bool prompt_cands(struct ui *ui, const char *text, size_t lead, struct cands *c)
{
	if (lead == 0) {
		if (!cands_alloc(c, ACT_COUNT + sizeof prompt_commands / sizeof *prompt_commands))
			return false;
		for (int i = 1; i < ACT_COUNT; i++)
			c->v[c->n++] = action_table[i].name;
		for (size_t i = 0; i < sizeof prompt_commands / sizeof *prompt_commands; i++)
			c->v[c->n++] = prompt_commands[i];
	} else if (strncmp(text, "sort ", 5) == 0 && lead == 5) {
		if (!cands_alloc(c, VIEW_N_COLUMNS))
			return false;
		for (int k = 0; k < VIEW_N_COLUMNS; k++)
			c->v[c->n++] = view_column_name((enum view_column)k);
	} else if (strncmp(text, "theme ", 6) == 0 && lead == 6) {
		struct theme_search ts;
		theme_search_init(&ts, getenv("XDG_CONFIG_HOME"), getenv("HOME"));
		size_t k = theme_list(&ts, c->names, 16);
		if (!cands_alloc(c, k))
			return false;
		for (size_t i = 0; i < k; i++)
			c->v[c->n++] = c->names[i];
	} else if (strncmp(text, "save ", 5) == 0 && lead == 5) {
		if (!cands_alloc(c, T(ui)->n_saved))
			return false;
		for (size_t i = 0; i < T(ui)->n_saved; i++)
			c->v[c->n++] = T(ui)->saved_names[i];
	} else {
		return false;
	}
	return true;
}

/* In the search bar: field names, type: values, account names. *word
 * moves past a field name it completes the value of, and *prefix says
 * what it carried ("-", "type:", "-account:" ...). */
static bool search_cands(struct ui *ui, const char **word, const char **prefix,
                         struct cands *c)
{
	if (**word == '-') {
		(*word)++;
		*prefix = "-";
	}
	if (strncasecmp(*word, "type:", 5) == 0) {
		static const char *const types[] = { "service", "user" };
		if (!cands_alloc(c, 2))
			return false;
		c->v[c->n++] = types[0];
		c->v[c->n++] = types[1];
		*prefix = **prefix ? "-type:" : "type:";
		*word += 5;
	} else if (strncasecmp(*word, "account:", 8) == 0 && TS(ui)) {
		size_t na;
		uint32_t *acc = tokens_sorted_accounts(ui, &na);
		if (!acc || !cands_alloc(c, na))
			return false;
		for (size_t i = 0; i < na; i++)
			c->v[c->n++] = tokenset_account_name(TS(ui), acc[i]);
		*prefix = **prefix ? "-account:" : "account:";
		*word += 8;
	} else if (!strchr(*word, ':')) {
		if (!cands_alloc(c, sizeof search_fields / sizeof *search_fields))
			return false;
		for (size_t i = 0; i < sizeof search_fields / sizeof *search_fields; i++)
			c->v[c->n++] = search_fields[i];
	} else {
		return false;
	}
	return true;
}

/* Several matches of word: as many as fit, in the footer. */
static void say_matches(struct ui *ui, const struct cands *c, const char *word, size_t m)
{
	char list[600];
	size_t o = 0, shown = 0;

	list[0] = '\0';
	for (size_t i = 0; i < c->n && o + 80 < sizeof list; i++)
		if (strncasecmp(c->v[i], word, strlen(word)) == 0 && shown < 12) {
			o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", shown ? "  " : "",
			                      c->v[i]);
			shown++;
		}
	ui_toast(ui, TOAST_INFO, "%zu matches: %s%s", m, list, m > shown ? "  ..." : "");
}

bool tokens_complete_line(struct ui *ui, struct lineedit *le, bool prompt)
{
	const char *text = lineedit_text(le), *first, *prefix = "", *word = text;
	char out[LINEEDIT_MAX + 1], line[2 * LINEEDIT_MAX + 16];
	struct cands c = { 0 };
	size_t m;

	if (le->cur != le->len)
		return false;
	for (const char *p = text; *p; p++)
		if (*p == ' ')
			word = p + 1;
	if (!(prompt ? prompt_cands(ui, text, (size_t)(word - text), &c)
	             : search_cands(ui, &word, &prefix, &c))) {
		free(c.v);
		return false;
	}
	m = complete_word(word, c.v, c.n, out, sizeof out, &first);
	if (m > 1)
		say_matches(ui, &c, word, m);
	else if (m == 0)
		ui_toast(ui, TOAST_INFO, "No completion for \"%s\".", word);
	if (m == 1) {
		/* The one match, whole, and a space after a finished word. */
		size_t l = strlen(first);
		snprintf(out, sizeof out, "%s%s", first, l && first[l - 1] != ':' ? " " : "");
	}
	free(c.v);
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
