/* actions.h: every user action, declared once. The key map, the help
 * overlay, the `:` prompt and the man page's key table come from this table.
 * A(id, name for the : prompt, scope, flags, default keys, help text)
 * Scope: where the keys apply (ANY, TABLE: the table has focus, PANEL: the
 * side panel has focus). Flags: CHANGE for actions that change the
 * server's state or the saved searches (refused in --read-only); TOKENS,
 * ACCTS or CSP for actions of some pages only (the API Tokens page, the
 * Service Accounts tab, the VMware Cloud tab): their keys and help show
 * there only. Keys are written as
 * in scripts. */
#ifndef WFT_ACTIONS_H
#define WFT_ACTIONS_H

#define WFT_ACTIONS(A) \
	A(HELP,          "help",          ANY, 0,   "?",               "Show the actions of the page in front and their keys; type to filter") \
	A(QUIT,          "quit",          ANY, 0,   "q",               "Close the dialog or panel in front; on the main page, quit") \
	A(QUIT_NOW,      "quit-now",      ANY, 0,   "Q <C-c>",         "Quit at once") \
	A(CANCEL,        "cancel",        ANY, 0,   "<Esc>",           "Close a dialog, leave the search bar, cancel a running request") \
	A(PROMPT,        "prompt",        ANY, 0,   ":",               "Command prompt (:sort NAME, :page-size N, :theme NAME, :journal [TEXT], :export FILE, :save-display FILE, :q)") \
	A(FOCUS_NEXT,    "focus-next",    ANY, TOKENS,   "<Tab>",           "Move focus between the side panel and the table") \
	A(FOCUS_PREV,    "focus-prev",    ANY, TOKENS,   "<S-Tab>",         "Move focus back") \
	A(MOVE_UP,       "move-up",       ANY, 0,   "<Up> k",          "Select the previous row or entry") \
	A(MOVE_DOWN,     "move-down",     ANY, 0,   "<Down> j",        "Select the next row or entry") \
	A(PAGE_DOWN,     "page-down",     TABLE, 0, "<PgDown> <Space>", "Next page") \
	A(PAGE_UP,       "page-up",       TABLE, 0, "<PgUp> b",        "Previous page") \
	A(FIRST_ROW,     "first-row",     ANY, 0,   "<Home>",          "First row") \
	A(LAST_ROW,      "last-row",      ANY, 0,   "<End>",           "Last row") \
	A(SEARCH,        "search",        ANY, 0,   "/",               "Search bar: the table narrows as you type; Enter keeps, Esc clears") \
	A(NEXT_MATCH,    "next-match",    TABLE, TOKENS, "n",               "Next row that matches the search") \
	A(PREV_MATCH,    "prev-match",    TABLE, TOKENS, "N",               "Previous row that matches the search") \
	A(SORT_MENU,     "sort-menu",     ANY, 0,   "s",               "Choose the sort column") \
	A(SORT_REVERSE,  "sort-reverse",  ANY, 0,   "S",               "Reverse the sort order") \
	A(CLEAR,         "clear",         ANY, 0,   "x",               "Clear the search and all filters") \
	A(TOGGLE,        "toggle",        PANEL, TOKENS, "<Enter> <Space>", "Apply or toggle the side-panel entry (on SINCE LAST SESSION's Revoked: list the tokens revoked since)") \
	A(PANEL_FILTER,  "account-filter", ANY, TOKENS, "F",              "Filter the side panel's accounts: type to narrow, Enter applies the highlighted one") \
	A(REVOKE,        "revoke",        TABLE, CHANGE|TOKENS, "d <Delete>",      "Revoke the selected token, or every marked token, after a confirmation") \
	A(RENAME,        "rename",        TABLE, CHANGE|TOKENS, "r",               "Rename the selected token") \
	A(ROTATE,        "rotate",        TABLE, CHANGE|TOKENS, "R",               "Rotate the selected service-account token: generate a replacement, hand it over, re-read the old one's last use, offer its revoke once quiet") \
	A(ROTATE_CANCEL, "rotate-cancel", ANY, TOKENS, "",                "End the rotation of the selected old token (or the only one): both tokens stay") \
	A(MARK,          "mark",          TABLE, TOKENS, "m",               "Mark or unmark the row for bulk revoke") \
	A(MARK_MATCHING, "mark-matching", TABLE, TOKENS, "*",               "Mark every row that matches the current search") \
	A(CLEAR_MARKS,   "clear-marks",   TABLE, TOKENS, "U",               "Clear every mark, also of tokens out of view (marks stay when the search changes)") \
	A(UNDO,          "undo",          ANY, TOKENS|ACCTS, "u",               "Undo the revokes waiting in the undo window (undo_seconds of the profile, 10 by default), on the tokens page or in the service-account dialog: nothing is sent") \
	A(RELOAD,        "reload",        ANY, 0,   "<C-r> <F5>",      "Reload from the server; the selection stays on the same token") \
	A(REDRAW,        "redraw",        ANY, 0,   "<C-l>",           "Redraw the screen") \
	A(MESSAGES,      "messages",      ANY, 0,   "L",               "Message log: every message of the session, whole, with its time") \
	A(SUSPEND,       "suspend",       ANY, 0,   "<C-z>",           "Suspend wftokens (resume with fg)") \
	A(SAVE_SEARCH,   "save-search",   ANY, CHANGE|TOKENS, "w",               "Save the search, filters and sort as a saved search (:save NAME names it)") \
	A(SAVED_MENU,    "saved-menu",    PANEL, TOKENS, "e",               "Menu of the selected saved search: apply, rename, clone, delete, share") \
	A(SAVED_RENAME,  "saved-rename",  PANEL, CHANGE|TOKENS, "r",               "Rename the selected saved search") \
	A(SAVED_CLONE,   "saved-clone",   PANEL, CHANGE|TOKENS, "c",               "Clone the selected saved search as \"NAME (copy)\"") \
	A(SAVED_DELETE,  "saved-delete",  PANEL, CHANGE|TOKENS, "d <Delete>",      "Delete the selected saved search, after a confirmation") \
	A(SAVED_SHARE,   "saved-share",   PANEL, TOKENS, "y",               "Copy a command line that opens the selected saved search (OSC 52)") \
	A(EXPORT,        "export",        ANY, TOKENS, "X",               "Write the rows in view (search, filters and sort as shown) to a new file, ids masked, mode 0600: X asks for its name; :export FILE.csv, .json or .ndjson; :export! FILE replaces a file") \
	A(TAB_TOKENS,    "tokens-tab",    ANY, 0,   "1",               "Show the API Tokens tab") \
	A(TAB_ACCOUNTS,  "accounts-tab",  ANY, 0,   "2",               "Show the Service Accounts tab") \
	A(TAB_CSP,       "csp-tab",       ANY, 0,   "3",               "Show the VMware Cloud tab (OAuth apps, your CSP API token, org tokens)") \
	A(OPEN_ACCOUNT,  "open-account",  TABLE, TOKENS|ACCTS, "<Enter>", "Open the service account of the selected token or row (its edit dialog)") \
	A(GENERATE,      "generate",      TABLE, CHANGE|TOKENS|ACCTS, "g", "Generate a token for the selected or open service account") \
	A(GENERATE_MINE, "generate-mine", PANEL, CHANGE|TOKENS, "g",   "On Mine in the side panel: generate an API token of your own and hand it over once") \
	A(NEW_ACCOUNT,   "new-account",   TABLE, CHANGE|ACCTS, "a",          "Create a service account") \
	A(DELETE_ACCOUNT, "delete-account", TABLE, CHANGE|ACCTS, "d <Delete>", "Delete the selected service account and its tokens, after a confirmation naming how many") \
	A(TOGGLE_ACTIVE, "toggle-active", TABLE, CHANGE|ACCTS, "t",          "Activate or deactivate the selected service account, after a confirmation") \
	A(NEAR_LIMIT,    "near-limit",    ANY, ACCTS, "l",                "Show only the accounts near the 20-token limit (18 tokens or more); again shows them all") \
	A(UPDATE,        "update",        ANY, CHANGE|TOKENS|ACCTS, "<C-s>",        "In the service-account dialog: save the account fields (Update)") \
	A(CSP_SECTION,   "csp-section",   ANY, CSP, "<Tab>",           "Next section: OAuth apps, your CSP API token, organisation tokens") \
	A(CSP_APP_NEW,   "csp-app-create", TABLE, CHANGE|CSP, "a",     "Create an OAuth app (name, description, roles, access-token TTL); its secret is handed over once") \
	A(CSP_APP_EDIT,  "csp-app-edit",  TABLE, CHANGE|CSP, "e",      "Edit the selected OAuth app's name, description and access-token TTL") \
	A(CSP_APP_SECRET, "csp-app-secret", TABLE, CHANGE|CSP, "R",    "Regenerate the selected OAuth app's secret, after a confirmation (scripts using the old one break)") \
	A(CSP_APP_DELETE, "csp-app-delete", TABLE, CHANGE|CSP, "d <Delete>", "Delete the selected OAuth app, after a confirmation") \
	A(CSP_APP_ORG,   "csp-app-add-org", TABLE, CHANGE|CSP, "o",    "Add the selected OAuth app to the organisation with the roles you choose") \
	A(CSP_GENERATE,  "csp-token-generate", TABLE, CHANGE|CSP, "g", "Generate a CSP API token for yourself (roles and TTL); it is handed over once") \
	A(CSP_LOOKUP,    "csp-token-lookup", TABLE, CSP, "i",          "Organisation tokens: look an API token up by its value (typed hidden): its id, owner, expiry and state") \
	A(CSP_DEACTIVATE, "csp-deactivate", TABLE, CHANGE|CSP, "D",    "Organisation tokens: deactivate the API tokens whose ids you enter (owners)") \
	A(CSP_ACTIVATE,  "csp-activate",  TABLE, CHANGE|CSP, "A",      "Organisation tokens: activate the API tokens whose ids you enter (owners)")

enum action {
	ACT_NONE = 0,
#define A(id, name, scope, flags, keys, help) ACT_##id,
	WFT_ACTIONS(A)
#undef A
	ACT_COUNT
};

enum action_scope { SCOPE_ANY, SCOPE_TABLE, SCOPE_PANEL };
#define ACTF_CHANGE 1
#define ACTF_TOKENS 2      /* the API Tokens page only */
#define ACTF_ACCOUNTS 4    /* the Service Accounts tab only */
#define ACTF_CSP 8         /* the VMware Cloud tab only */
#define ACTF_PAGES (ACTF_TOKENS | ACTF_ACCOUNTS | ACTF_CSP)
/* True when action a applies on page (ACTF_TOKENS, ACTF_ACCOUNTS or ACTF_CSP). */
#define ACTION_ON_PAGE(a, page) \
	(!(action_table[a].flags & ACTF_PAGES) || (action_table[a].flags & (page)))

struct action_info {
	enum action id;
	const char *name;
	enum action_scope scope;
	unsigned flags;
	const char *keys;
	const char *help;
};

/* The table, indexed by enum action (entry 0 is ACT_NONE). */
extern const struct action_info action_table[ACT_COUNT];
/* The action named name (as at the : prompt), or ACT_NONE. */
enum action action_by_name(const char *name);

#endif
