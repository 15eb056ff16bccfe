/* history.c: the search history across runs. */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "history.h"
#include "mask.h"
#include "statefile.h"

void history_init(struct history *h, size_t max)
{
	memset(h, 0, sizeof *h);
	h->max = max ? max : HISTORY_DEFAULT_MAX;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void history_free(struct history *h)
{
	size_t max = h->max;

	free_list(h->items, h->n);
	free_list(h->added, h->n_added);
	free(h->path);
	history_init(h, max);
}

const char *history_get(const struct history *h, size_t i)
{
	return i < h->n ? h->items[i] : NULL;
}

/* Worth remembering: not blank, one line of text, not too long. */
static bool keepable(const char *line)
{
	bool blank = true;
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)line; *p; p++, n++) {
		if (*p < 32 || *p == 127)
			return false;
		if (*p != ' ')
			blank = false;
	}
	/* A search for a pasted token id must not leave the id on disk. */
	return !blank && n <= HISTORY_MAX_LINE && !wft_looks_secret(line);
}

/* Adds to the list alone (no record in added). */
static enum wft_status add_entry(struct history *h, const char *line, struct wft_error *err)
{
	char *copy;

	if (!keepable(line))
		return WFT_OK;
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->items[i], line) == 0) {
			/* Moves to the end. */
			char *s = h->items[i];
			memmove(h->items + i, h->items + i + 1, (h->n - i - 1) * sizeof *h->items);
			h->items[h->n - 1] = s;
			return WFT_OK;
		}
	if (!(copy = strdup(line)))
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	if (h->n >= h->max) {
		size_t drop = h->n - h->max + 1;
		for (size_t i = 0; i < drop; i++)
			free(h->items[i]);
		memmove(h->items, h->items + drop, (h->n - drop) * sizeof *h->items);
		h->n -= drop;
	} else {
		char **grown = realloc(h->items, (h->n + 1) * sizeof *grown);
		if (!grown) {
			free(copy);
			return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		}
		h->items = grown;
	}
	h->items[h->n++] = copy;
	return WFT_OK;
}

enum wft_status history_add(struct history *h, const char *line, struct wft_error *err)
{
	enum wft_status st;
	char **grown;
	char *copy;

	if (!keepable(line))
		return WFT_OK;
	if ((st = add_entry(h, line, err)) != WFT_OK)
		return st;
	/* What to merge into the file on save: bounded like the list. */
	for (size_t i = 0; i < h->n_added; i++)
		if (strcmp(h->added[i], line) == 0) {
			char *s = h->added[i];
			memmove(h->added + i, h->added + i + 1, (h->n_added - i - 1) * sizeof *h->added);
			h->added[h->n_added - 1] = s;
			return WFT_OK;
		}
	if (!(copy = strdup(line)))
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	if (h->n_added >= h->max) {
		free(h->added[0]);
		memmove(h->added, h->added + 1, (h->n_added - 1) * sizeof *h->added);
		h->n_added--;
	} else if (!(grown = realloc(h->added, (h->n_added + 1) * sizeof *grown))) {
		free(copy);
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	} else {
		h->added = grown;
	}
	h->added[h->n_added++] = copy;
	return WFT_OK;
}

static json_object *item_json(const void *ctx, size_t i)
{
	const struct history *h = ctx;
	return json_object_new_string(h->items[i]);
}

char *history_to_json(const struct history *h)
{
	return statefile_json_list("history", h->n, item_json, h);
}

enum wft_status history_from_json(struct history *h, const char *json, size_t len,
                                  struct wft_error *err)
{
	struct history fresh;
	json_tokener *tok;
	json_object *o, *a;
	enum wft_status st = WFT_OK;
	size_t max = h->max;

	if (len > STATEFILE_MAX || (int)len < 0)
		return wft_error_set(err, WFT_ERR_PARSE, "too large");
	if (!(tok = json_tokener_new()))
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	o = json_tokener_parse_ex(tok, json, (int)len);
	if (!o || json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) < len) {
		/* Trailing blanks are fine; anything else after the object is not. */
		size_t end = json_tokener_get_parse_end(tok);
		bool trailing = o && json_tokener_get_error(tok) == json_tokener_success;
		for (size_t i = end; trailing && i < len; i++)
			if (json[i] != ' ' && json[i] != '\n' && json[i] != '\t' && json[i] != '\r')
				trailing = false;
		if (!trailing) {
			json_object_put(o);
			json_tokener_free(tok);
			return wft_error_set(err, WFT_ERR_PARSE, "not valid JSON");
		}
	}
	json_tokener_free(tok);
	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "history", &a) || !json_object_is_type(a, json_type_array)) {
		json_object_put(o);
		return wft_error_set(err, WFT_ERR_PARSE, "no \"history\" list");
	}
	history_init(&fresh, max);
	for (size_t i = 0; i < json_object_array_length(a) && st == WFT_OK; i++) {
		json_object *s = json_object_array_get_idx(a, i);
		if (!json_object_is_type(s, json_type_string))
			st = wft_error_set(err, WFT_ERR_PARSE, "entry %zu is not a string", i + 1);
		else
			st = add_entry(&fresh, json_object_get_string(s), err);
	}
	json_object_put(o);
	if (st != WFT_OK) {
		history_free(&fresh);
		return st;
	}
	free_list(h->items, h->n);
	h->items = fresh.items;
	h->n = fresh.n;
	return WFT_OK;
}

/* Reads path into h's entries; a corrupt file is set aside. */
static enum wft_status read_file(struct history *h, const char *path, wft_millis now,
                                 struct wft_error *err)
{
	char *buf;
	size_t len;
	enum wft_status st = statefile_read(path, STATEFILE_MAX, &buf, &len, err);
	struct wft_error why;

	if (st == WFT_ERR_PARSE)
		return statefile_set_aside(path, err->message, now, NULL, err);
	if (st != WFT_OK || !buf)
		return st;
	st = history_from_json(h, buf, len, &why);
	free(buf);
	if (st == WFT_ERR_PARSE)
		return statefile_set_aside(path, why.message, now, NULL, err);
	if (st != WFT_OK && err)
		*err = why;
	return st;
}

enum wft_status history_load(struct history *h, const char *path, wft_millis now,
                             struct wft_error *err)
{
	enum wft_status st;

	free_list(h->items, h->n);
	free_list(h->added, h->n_added);
	h->items = h->added = NULL;
	h->n = h->n_added = 0;
	free(h->path);
	h->frozen = false;
	if (!(h->path = strdup(path)))
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	st = read_file(h, path, now, err);
	if (st == WFT_ERR_IO)
		h->frozen = true;
	return st;
}

enum wft_status history_save(struct history *h, wft_millis now, struct wft_error *err)
{
	struct history merged;
	struct wft_error rerr;
	enum wft_status st, rst;
	char *json;

	if (!h->path)
		return WFT_OK;
	if (h->frozen)
		return wft_error_set(err, WFT_ERR_IO, "%s is left untouched (it could not be set "
		                     "aside)", h->path);
	history_init(&merged, h->max);
	/* What other runs wrote since, then ours on top. */
	rst = read_file(&merged, h->path, now, &rerr);
	if (rst == WFT_ERR_IO || rst == WFT_ERR_NOMEM) {
		history_free(&merged);
		if (rst == WFT_ERR_IO)
			h->frozen = true;
		if (err)
			*err = rerr;
		return rst;
	}
	for (size_t i = 0; i < h->n_added; i++)
		if ((st = add_entry(&merged, h->added[i], err)) != WFT_OK) {
			history_free(&merged);
			return st;
		}
	if (!(json = history_to_json(&merged))) {
		history_free(&merged);
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	}
	st = statefile_write(h->path, json, strlen(json), err);
	free(json);
	if (st == WFT_OK) {
		free_list(h->items, h->n);
		h->items = merged.items;
		h->n = merged.n;
		merged.items = NULL;
		merged.n = 0;
		/* They are in the file now. */
		free_list(h->added, h->n_added);
		h->added = NULL;
		h->n_added = 0;
	}
	history_free(&merged);
	/* A corrupt file met on the way was set aside: say so. */
	if (st == WFT_OK && rst == WFT_ERR_PARSE) {
		if (err)
			*err = rerr;
		return WFT_ERR_PARSE;
	}
	return st;
}
