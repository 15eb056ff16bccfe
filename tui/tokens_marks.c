/* tokens_marks.c: the tokens page's marks (m, *, U), by place in the token
 * set, and which marked tokens and revoke targets are out of view. */
#include <stdlib.h>
#include <string.h>

#include "tokens_page_state.h"
#include "tokenset.h"
#include "ui.h"
#include "view.h"

static bool marks_fit(struct ui *ui)
{
	size_t n = TS(ui) ? tokenset_size(TS(ui)) : 0;

	if (n <= T(ui)->n_marks_cap)
		return true;
	unsigned char *m = realloc(T(ui)->marks, n);
	if (!m)
		return false;
	memset(m + T(ui)->n_marks_cap, 0, n - T(ui)->n_marks_cap);
	T(ui)->marks = m;
	T(ui)->n_marks_cap = n;
	return true;
}

bool tokens_is_marked(struct ui *ui, tokenset_idx i)
{
	return i < T(ui)->n_marks_cap && T(ui)->marks[i];
}

void tokens_set_mark(struct ui *ui, tokenset_idx i, bool on)
{
	if (!marks_fit(ui) || i >= T(ui)->n_marks_cap || T(ui)->marks[i] == on)
		return;
	T(ui)->marks[i] = on;
	if (on)
		T(ui)->n_marked++;
	else
		T(ui)->n_marked--;
}

void tokens_clear_marks(struct ui *ui)
{
	if (T(ui)->marks)
		memset(T(ui)->marks, 0, T(ui)->n_marks_cap);
	T(ui)->n_marked = 0;
}

/* Marks are kept when the search or the filters change (a search can be
 * narrowed to check a selection), so some may be out of view: this counts
 * them, for the footer and the revoke dialog. */
size_t tokens_marks_hidden(struct ui *ui)
{
	size_t n = 0;

	if (!T(ui)->n_marked || !V(ui))
		return 0;
	for (size_t i = 0; i < T(ui)->n_marks_cap; i++)
		if (T(ui)->marks[i] && tokenset_is_live(TS(ui), (tokenset_idx)i) &&
		    view_row_of(V(ui), (tokenset_idx)i) == VIEW_NO_ROW)
			n++;
	return n;
}

/* Of the revoke targets, those not in the current view. */
size_t tokens_targets_hidden(struct ui *ui)
{
	size_t n = 0;

	for (size_t k = 0; k < T(ui)->n_targets && V(ui); k++) {
		tokenset_idx i = tokenset_find(TS(ui), T(ui)->targets[k].id);
		if (i == TOKENSET_NONE || view_row_of(V(ui), i) == VIEW_NO_ROW)
			n++;
	}
	return n;
}
