/* lineedit.c: the line editor. The text is UTF-8; the cursor moves over
 * whole characters (a continuation byte is never a cursor position). */
#include <stdlib.h>
#include <string.h>

#include "lineedit.h"
#include "textwidth.h"

static int is_cont(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

void lineedit_init(struct lineedit *le)
{
	memset(le, 0, sizeof *le);
}

void lineedit_free(struct lineedit *le)
{
	for (size_t i = 0; i < le->nhist; i++)
		free(le->hist[i]);
	free(le->hist);
	free(le->draft);
	memset(le, 0, sizeof *le);
}

static size_t boundary_at_most(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	while (max > 0 && is_cont(s[max]))
		max--;
	return max;
}

void lineedit_set(struct lineedit *le, const char *text)
{
	size_t n = text ? strlen(text) : 0;

	n = boundary_at_most(text, n, LINEEDIT_MAX);
	if (n)
		memmove(le->buf, text, n);
	le->buf[n] = '\0';
	le->len = le->cur = n;
}

void lineedit_clear(struct lineedit *le)
{
	lineedit_set(le, "");
}

const char *lineedit_text(const struct lineedit *le)
{
	return le->buf;
}

bool lineedit_insert(struct lineedit *le, const char *s, size_t n)
{
	if (n == 0)
		return true;
	if (le->len + n > LINEEDIT_MAX || memchr(s, '\0', n))
		return false;
	memmove(le->buf + le->cur + n, le->buf + le->cur, le->len - le->cur + 1);
	memcpy(le->buf + le->cur, s, n);
	le->len += n;
	le->cur += n;
	return true;
}

static size_t prev_char(const struct lineedit *le, size_t at)
{
	if (at == 0)
		return 0;
	at--;
	while (at > 0 && is_cont(le->buf[at]))
		at--;
	return at;
}

static size_t next_char(const struct lineedit *le, size_t at)
{
	if (at >= le->len)
		return le->len;
	at++;
	while (at < le->len && is_cont(le->buf[at]))
		at++;
	return at;
}

static void cut(struct lineedit *le, size_t from, size_t to)
{
	memmove(le->buf + from, le->buf + to, le->len - to + 1);
	le->len -= to - from;
	le->cur = from;
}

void lineedit_left(struct lineedit *le) { le->cur = prev_char(le, le->cur); }
void lineedit_right(struct lineedit *le) { le->cur = next_char(le, le->cur); }
void lineedit_home(struct lineedit *le) { le->cur = 0; }
void lineedit_end(struct lineedit *le) { le->cur = le->len; }

void lineedit_backspace(struct lineedit *le)
{
	if (le->cur > 0)
		cut(le, prev_char(le, le->cur), le->cur);
}

void lineedit_delete(struct lineedit *le)
{
	if (le->cur < le->len) {
		size_t at = le->cur;
		cut(le, at, next_char(le, at));
	}
}

void lineedit_kill_word(struct lineedit *le)
{
	size_t at = le->cur;

	/* As in a shell: spaces before the cursor, then the word. */
	while (at > 0 && le->buf[at - 1] == ' ')
		at--;
	while (at > 0 && le->buf[at - 1] != ' ')
		at--;
	cut(le, at, le->cur);
}

void lineedit_kill_line(struct lineedit *le)
{
	cut(le, 0, le->cur);
}

static void leave_history(struct lineedit *le)
{
	free(le->draft);
	le->draft = NULL;
	le->hpos = le->nhist;
}

enum wft_status lineedit_history_add(struct lineedit *le, const char *line,
                                     struct wft_error *err)
{
	char *copy, **grown;

	leave_history(le);
	if (!line || !*line)
		return WFT_OK;
	if (le->nhist && strcmp(le->hist[le->nhist - 1], line) == 0)
		return WFT_OK;
	copy = strdup(line);
	if (!copy)
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	if (le->nhist == LINEEDIT_HISTORY) {
		free(le->hist[0]);
		memmove(le->hist, le->hist + 1, (le->nhist - 1) * sizeof *le->hist);
		le->nhist--;
	} else {
		grown = realloc(le->hist, (le->nhist + 1) * sizeof *le->hist);
		if (!grown) {
			free(copy);
			return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		}
		le->hist = grown;
	}
	le->hist[le->nhist++] = copy;
	le->hpos = le->nhist;
	return WFT_OK;
}

bool lineedit_history_prev(struct lineedit *le)
{
	if (le->hpos > le->nhist)
		le->hpos = le->nhist;
	if (le->hpos == 0)
		return false;
	if (le->hpos == le->nhist) {
		free(le->draft);
		le->draft = strdup(le->buf);
		if (!le->draft)
			return false; /* no memory to keep the draft: stay put */
	}
	le->hpos--;
	lineedit_set(le, le->hist[le->hpos]);
	return true;
}

bool lineedit_history_next(struct lineedit *le)
{
	if (le->hpos >= le->nhist)
		return false;
	le->hpos++;
	if (le->hpos == le->nhist) {
		lineedit_set(le, le->draft ? le->draft : "");
		free(le->draft);
		le->draft = NULL;
	} else {
		lineedit_set(le, le->hist[le->hpos]);
	}
	return true;
}

int lineedit_cursor_col(const struct lineedit *le)
{
	return tw_width_n(le->buf, le->cur);
}
