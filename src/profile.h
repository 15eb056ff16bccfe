/* profile.h: profiles from $XDG_CONFIG_HOME/wftokens/config (INI), the
 * environment and the command line, resolved into one connection setup. */
#ifndef WFT_PROFILE_H
#define WFT_PROFILE_H

#include <stdbool.h>

#include "auth.h"
#include "error.h"

/* What the console's getopt found; NULL / 0 / false = not given. No secret
 * is taken from the command line (others can read it in ps). */
struct wft_profile_opts {
	const char *config_file;   /* --config FILE; NULL = the XDG default */
	const char *profile;       /* --profile NAME; NULL = "default" */
	const char *endpoint;      /* --endpoint URL */
	const char *auth;          /* --auth token|csp-api-token|csp-oauth */
	const char *csp_url;       /* --csp-url URL */
	const char *org_id;        /* --org-id ID */
	const char *cacert;        /* --cacert FILE */
	const char *theme;         /* --theme NAME */
	int page_size;             /* --page-size N */
	bool insecure;             /* --insecure: refused for a host other than
	                            * this machine unless the profile says
	                            * insecure = yes */
	/* Environment lookup; NULL = getenv (tests inject their own). */
	const char *(*getenv_fn)(const char *name);
};

/* How long a confirmed revoke waits for an undo unless the profile says. */
#define WFT_UNDO_SECONDS_DEFAULT 10
/* Above this many tokens the console searches on the server instead of
 * downloading the list, unless the profile says otherwise. */
#define WFT_SERVER_SEARCH_THRESHOLD_DEFAULT 500000

/* The resolved setup. Secrets are wiped by wft_profile_free. */
struct wft_profile {
	char *file;                /* the config file read, or NULL */
	char *profile;
	char *endpoint;            /* without a trailing slash */
	enum wft_auth_method auth;
	char *token, *csp_api_token, *client_id, *client_secret, *org_id;
	char *csp_url;
	char *cacert;
	char *theme;               /* NULL = the console's default */
	int page_size;             /* default 25 */
	int used_days;             /* "used in the last N days", default 7 */
	int unused_days;           /* "unused for N days or more", default 30 */
	int max_answer_mb;         /* the most one answer may hold, default 512 */
	int undo_seconds;          /* a confirmed revoke is held this long, during
	                            * which u undoes it; 0 = sent at once */
	int server_search_threshold; /* more tokens than this: server-side search */
	bool insecure;             /* certificates not verified: the caller warns */
	/* The profile names the instance by itself: its section is in the file
	 * and the endpoint is the file's (no option or environment variable
	 * replaced it). Only then can "--profile NAME" reach it elsewhere. */
	bool named_by_file;
};

/* Command-line options over environment over the file's profile. Runs
 * token_command when the secret comes from nowhere else. Errors in the file
 * carry FILE:LINE; a file that holds a secret or a command and can be read
 * or written by others is refused, naming `chmod 600 FILE`. */
enum wft_status wft_profile_resolve(const struct wft_profile_opts *o, struct wft_profile **out,
                                   struct wft_error *err);
void wft_profile_free(struct wft_profile *c);

/* The parameters for wft_auth_new (pointers into c). */
void wft_profile_auth_params(const struct wft_profile *c, struct wft_auth_params *p);

/* The default file: $XDG_CONFIG_HOME/wftokens/config, else
 * $HOME/.config/wftokens/config. A new string, or NULL. */
char *wft_profile_default_path(const char *(*getenv_fn)(const char *name));

/* The INI reader on its own, for the fuzz target: calls fn for each
 * key = value of each section. fn returns WFT_OK or fills err. */
typedef enum wft_status (*wft_ini_fn)(void *ud, const char *section, const char *key,
                                      const char *value, int line, struct wft_error *err);
enum wft_status wft_ini_parse(const char *text, size_t len, const char *file, wft_ini_fn fn,
                              void *ud, struct wft_error *err);

/* Runs a token_command (split into words on blanks, single and double
 * quotes group; no shell) and hands back its trimmed standard output. */
enum wft_status wft_profile_run_command(const char *command, char **secret,
                                       struct wft_error *err);
/* The same with a time limit: a command still running after timeout_ms is
 * killed and reported. wft_profile_run_command allows this long: */
#define WFT_TOKEN_COMMAND_TIMEOUT_MS 30000
enum wft_status wft_profile_run_command_within(const char *command, int timeout_ms,
                                              char **secret, struct wft_error *err);

#endif
