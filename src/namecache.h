/* namecache.h: the short-lived cache of names the completion scripts offer
 * (service-account identifiers, saved searches' ids and names), one file
 * per instance and kind in $XDG_CACHE_HOME/wftokens (by default
 * ~/.cache/wftokens), mode 0600. Written whenever the console or a
 * subcommand reads the list; read by `wftokens complete-names`, which the
 * scripts run, so that completing a word never signs in or sends anything.
 * It never holds a secret: an entry that holds something shaped like one
 * (wft_looks_secret), or a tab, newline or other control character, is
 * left out. An entry older than NAMECACHE_TTL_MS is not offered. */
#ifndef WFT_NAMECACHE_H
#define WFT_NAMECACHE_H

#include <stdio.h>

#include "apimodel.h"
#include "error.h"
#include "model.h"

/* How long the names are offered after they were read: 10 minutes. */
#define NAMECACHE_TTL_MS ((wft_millis)10 * 60 * 1000)

enum namecache_kind { NAMECACHE_ACCOUNTS, NAMECACHE_SAVED };

/* One name to complete, and what it is (a saved search's name beside its
 * id; NULL for none). */
struct namecache_entry {
	const char *word;
	const char *label;
};

/* The file of instance (the profile's name, or "demo") and kind, in the
 * cache directory (getenv_fn NULL = getenv): a new string in *out.
 * Characters of instance other than letters, digits, '.', '-' and '_'
 * become '_'. */
enum wft_status namecache_path(const char *(*getenv_fn)(const char *name), const char *instance,
                               enum namecache_kind kind, char **out, struct wft_error *err);
/* Replaces the file at path with the n entries (written at now), 0600,
 * the directory made 0700 when missing. */
enum wft_status namecache_write(const char *path, const struct namecache_entry *e, size_t n,
                                wft_millis now, struct wft_error *err);
/* Writes the entries of the file at path to out, one a line ("word", or
 * "word<TAB>label" when with_labels), when it was written less than ttl
 * before now; a missing, expired or unreadable file writes nothing.
 * Returns the number of entries written. */
size_t namecache_print(const char *path, wft_millis now, wft_millis ttl, int with_labels,
                       FILE *out);
/* Best effort for the console and the subcommands: namecache_path and
 * namecache_write at the real time, errors ignored (a cache). */
void namecache_store(const char *instance, enum namecache_kind kind,
                     const struct namecache_entry *e, size_t n);
/* The identifiers of the service accounts of l, and the ids (with their
 * names) of the API Tokens page's saved searches among items, stored as
 * namecache_store does. */
void namecache_store_accounts(const char *instance, const struct wft_account_list *l);
void namecache_store_saved(const char *instance, const struct wft_saved_search *items, size_t n);

#endif
