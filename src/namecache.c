/* namecache.c: the completion scripts' cache of names (namecache.h). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "mask.h"
#include "namecache.h"
#include "statefile.h"

/* The first line: "# wftokens completion names, written MILLIS". */
#define HEADER "# wftokens completion names, written "
/* More than a cache of names ever holds: anything bigger is not read. */
#define NAMECACHE_MAX ((size_t)1 << 20)

static const char *const kind_name[] = { "accounts", "saved" };

enum wft_status namecache_path(const char *(*getenv_fn)(const char *name), const char *instance,
                               enum namecache_kind kind, char **out, struct wft_error *err)
{
	char name[128], *dir;
	size_t k = 0;
	enum wft_status st;

	*out = NULL;
	if ((st = statefile_xdg_dir(getenv_fn, "XDG_CACHE_HOME", ".cache", &dir, err)) != WFT_OK)
		return st;
	k = (size_t)snprintf(name, sizeof name, "names-");
	for (const char *p = instance && *instance ? instance : "default"; *p && k < 90; p++) {
		char c = *p;
		int plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
		            || c == '.' || c == '-' || c == '_';
		name[k++] = plain ? c : '_';
	}
	snprintf(name + k, sizeof name - k, ".%s", kind_name[kind]);
	*out = statefile_path(dir, name);
	free(dir);
	return *out ? WFT_OK : wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
}

/* True when s may go in the cache: no control character, nothing shaped
 * like a secret. */
static int is_plain(const char *s)
{
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
	return !wft_looks_secret(s);
}

enum wft_status namecache_write(const char *path, const struct namecache_entry *e, size_t n,
                                wft_millis now, struct wft_error *err)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	enum wft_status st;

	if (!m)
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	fprintf(m, HEADER "%" PRId64 "\n", (int64_t)now);
	for (size_t i = 0; i < n; i++) {
		if (!e[i].word || !*e[i].word || !is_plain(e[i].word))
			continue;
		if (e[i].label && *e[i].label && is_plain(e[i].label))
			fprintf(m, "%s\t%s\n", e[i].word, e[i].label);
		else
			fprintf(m, "%s\n", e[i].word);
	}
	if (fclose(m) != 0) {
		free(text);
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	}
	st = statefile_write(path, text, len, err);
	free(text);
	return st;
}

size_t namecache_print(const char *path, wft_millis now, wft_millis ttl, int with_labels,
                       FILE *out)
{
	char *text = NULL, *line, *next;
	size_t len, n = 0;
	struct wft_error err;
	long long when;

	wft_error_clear(&err);
	if (statefile_read(path, NAMECACHE_MAX, &text, &len, &err) != WFT_OK || !text)
		return 0;
	if (strncmp(text, HEADER, strlen(HEADER)) != 0
	    || sscanf(text + strlen(HEADER), "%lld", &when) != 1
	    || when > now || now - when >= ttl || !(line = strchr(text, '\n'))) {
		free(text);
		return 0;
	}
	for (line++; *line; line = next) {
		char *tab;
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (!*line)
			continue;
		if (!with_labels && (tab = strchr(line, '\t')))
			*tab = '\0';
		fprintf(out, "%s\n", line);
		n++;
	}
	free(text);
	return n;
}

void namecache_store(const char *instance, enum namecache_kind kind,
                     const struct namecache_entry *e, size_t n)
{
	struct wft_error err;
	char *path;

	wft_error_clear(&err);
	if (namecache_path(NULL, instance, kind, &path, &err) != WFT_OK)
		return;
	(void)namecache_write(path, e, n, wft_clock_real(NULL), &err);
	free(path);
}

void namecache_store_accounts(const char *instance, const struct wft_account_list *l)
{
	struct namecache_entry *e = calloc(l->n + 1, sizeof *e);
	size_t k = 0;

	if (!e)
		return;
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].identifier)
			e[k++].word = l->items[i].identifier;
	namecache_store(instance, NAMECACHE_ACCOUNTS, e, k);
	free(e);
}

void namecache_store_saved(const char *instance, const struct wft_saved_search *items, size_t n)
{
	struct namecache_entry *e = calloc(n + 1, sizeof *e);
	size_t k = 0;

	if (!e)
		return;
	for (size_t i = 0; i < n; i++) {
		const char *t = items[i].entity_type;
		if (!items[i].id || (t && *t && strcmp(t, "TOKEN") != 0))
			continue;
		e[k].word = items[i].id;
		e[k++].label = items[i].name;
	}
	namecache_store(instance, NAMECACHE_SAVED, e, k);
	free(e);
}
