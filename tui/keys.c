/* keys.c: key names, the action table and the key map derived from it. */
#include <curses.h>
#include <string.h>
#include <stdlib.h>
#include <wchar.h>

#include "keys.h"
#include "lineedit.h"
#include "textwidth.h"

const struct action_info action_table[ACT_COUNT] = {
	[ACT_NONE] = { ACT_NONE, "", SCOPE_ANY, 0, "", "" },
#define CHANGE ACTF_CHANGE
#define TOKENS ACTF_TOKENS
#define ACCTS ACTF_ACCOUNTS
#define CSP ACTF_CSP
#define A(id, name, scope, flags, keys, help) \
	[ACT_##id] = { ACT_##id, name, SCOPE_##scope, flags, keys, help },
	WFT_ACTIONS(A)
#undef A
#undef CHANGE
#undef TOKENS
#undef ACCTS
#undef CSP
};

enum action action_by_name(const char *name)
{
	for (int i = 1; i < ACT_COUNT; i++)
		if (strcmp(action_table[i].name, name) == 0)
			return (enum action)i;
	return ACT_NONE;
}

static const struct { const char *name; int key; } named[] = {
	{ "Enter", '\n' }, { "Esc", KEY_ESC }, { "Tab", '\t' },
	{ "S-Tab", KEYF(KEY_BTAB) }, { "Space", ' ' }, { "lt", '<' },
	{ "Up", KEYF(KEY_UP) }, { "Down", KEYF(KEY_DOWN) },
	{ "Left", KEYF(KEY_LEFT) }, { "Right", KEYF(KEY_RIGHT) },
	{ "PgUp", KEYF(KEY_PPAGE) }, { "PgDown", KEYF(KEY_NPAGE) },
	{ "Home", KEYF(KEY_HOME) }, { "End", KEYF(KEY_END) },
	{ "Delete", KEYF(KEY_DC) }, { "Insert", KEYF(KEY_IC) },
	{ "Backspace", KEYF(KEY_BACKSPACE) },
};

size_t keys_parse(const char *s, int *key, int *rw, int *rh)
{
	const char *end;
	char name[32];
	size_t n;
	uint32_t cp;

	*key = 0;
	if (!s || !*s)
		return 0;
	if (*s != '<' || !(end = strchr(s, '>')) || end == s + 1) {
		n = tw_decode(s, strlen(s), &cp);
		*key = (int)cp;
		return n;
	}
	n = (size_t)(end - s - 1);
	if (n >= sizeof name) {
		*key = '<';
		return 1;
	}
	memcpy(name, s + 1, n);
	name[n] = '\0';
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strcasecmp(name, named[i].name) == 0) {
			*key = named[i].key;
			return n + 2;
		}
	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] && !name[3]) {
		*key = KEY_CTRL(name[2]);
		return n + 2;
	}
	if ((name[0] == 'F' || name[0] == 'f') && name[1]) {
		int f = atoi(name + 1);
		if (f >= 1 && f <= 12) {
			*key = KEYF(KEY_F(f));
			return n + 2;
		}
	}
	if (strncmp(name, "Resize ", 7) == 0 && rw && rh &&
	    sscanf(name + 7, "%dx%d", rw, rh) == 2 && *rw > 0 && *rh > 0 &&
	    *rw <= 1000 && *rh <= 1000) {
		*key = 0;
		return n + 2;
	}
	/* Not a name: the '<' is a key of its own. */
	*key = '<';
	return 1;
}

char *keys_name(int key, char *out, size_t outsz)
{
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (named[i].key == key && named[i].key != '<') {
			snprintf(out, outsz, "%s", named[i].name);
			return out;
		}
	if (KEY_IS_FUNC(key) && (key & ~KEYF_FLAG) >= KEY_F(1) && (key & ~KEYF_FLAG) <= KEY_F(12))
		snprintf(out, outsz, "F%d", (key & ~KEYF_FLAG) - KEY_F0);
	else if (key > 0 && key < 32)
		snprintf(out, outsz, "Ctrl-%c", key + 'A' - 1);
	else if (!KEY_IS_FUNC(key) && key >= 32 && key < 127)
		snprintf(out, outsz, "%c", key);
	else
		snprintf(out, outsz, "key %d", key);
	return out;
}

/* Calls fn for every key of an action's key list. */
static int each_key(enum action a, int (*fn)(int key, void *ud), void *ud)
{
	const char *p = action_table[a].keys;
	int key, r;
	size_t n;

	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		n = keys_parse(p, &key, NULL, NULL);
		if (n == 0)
			break;
		p += n;
		if ((r = fn(key, ud)) != 0)
			return r;
	}
	return 0;
}

static int is_key(int key, void *ud)
{
	return key == *(int *)ud;
}

enum action keymap_lookup(int key, enum action_scope focus, unsigned page)
{
	for (int pass = 0; pass < 2; pass++)
		for (int i = 1; i < ACT_COUNT; i++) {
			enum action_scope s = action_table[i].scope;
			if (pass == 0 ? s != focus : s != SCOPE_ANY)
				continue;
			if (!ACTION_ON_PAGE(i, page))
				continue;
			if (each_key((enum action)i, is_key, &key))
				return (enum action)i;
		}
	return ACT_NONE;
}

struct keys_text { char *out; size_t outsz; size_t used; };

static int add_key_text(int key, void *ud)
{
	struct keys_text *t = ud;
	char name[32];
	int n;

	if (key == KEY_CTRL('c'))
		snprintf(name, sizeof name, "Ctrl-C");
	else
		keys_name(key, name, sizeof name);
	n = snprintf(t->out + t->used, t->outsz - t->used, "%s%s",
	             t->used ? ", " : "", name);
	if (n > 0 && (size_t)n < t->outsz - t->used)
		t->used += (size_t)n;
	return 0;
}

char *keymap_keys_text(enum action a, char *out, size_t outsz)
{
	struct keys_text t = { out, outsz, 0 };

	if (outsz)
		out[0] = '\0';
	each_key(a, add_key_text, &t);
	/* An action without a key is typed at the : prompt. */
	if (!t.used && outsz)
		snprintf(out, outsz, ":%s", action_table[a].name);
	return out;
}

static void man_escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", out);
		else if (*s == '-')
			fputs("\\-", out);
		else
			fputc(*s, out);
	}
}

void keymap_dump_man(FILE *out)
{
	static const char *const where[] = { "", " (in the table)", " (in the side panel)" };
	char keys[128];

	for (int i = 1; i < ACT_COUNT; i++) {
		keymap_keys_text((enum action)i, keys, sizeof keys);
		fputs(".TP\n.B ", out);
		man_escape(out, keys);
		fputs("\n", out);
		man_escape(out, action_table[i].help);
		man_escape(out, where[action_table[i].scope]);
		if ((action_table[i].flags & ACTF_PAGES) == (ACTF_TOKENS | ACTF_ACCOUNTS))
			fputs(" (API Tokens and Service Accounts tabs)", out);
		else if (action_table[i].flags & ACTF_TOKENS)
			fputs(" (API Tokens tab)", out);
		else if (action_table[i].flags & ACTF_ACCOUNTS)
			fputs(" (Service Accounts tab)", out);
		else if (action_table[i].flags & ACTF_CSP)
			fputs(" (VMware Cloud tab)", out);
		fputs(" (\\fB:", out);
		man_escape(out, action_table[i].name);
		fputs("\\fR)\n", out);
	}
}

bool keys_edit_line(struct lineedit *le, int key)
{
	char mb[8];
	mbstate_t st;
	size_t n;

	switch (key) {
	case KEYF(KEY_LEFT): lineedit_left(le); return true;
	case KEYF(KEY_RIGHT): lineedit_right(le); return true;
	case KEYF(KEY_HOME): case KEY_CTRL('a'): lineedit_home(le); return true;
	case KEYF(KEY_END): case KEY_CTRL('e'): lineedit_end(le); return true;
	case KEYF(KEY_BACKSPACE): lineedit_backspace(le); return true;
	case KEYF(KEY_DC): case KEY_CTRL('d'): lineedit_delete(le); return true;
	case KEY_CTRL('w'): lineedit_kill_word(le); return true;
	case KEY_CTRL('u'): lineedit_kill_line(le); return true;
	default: break;
	}
	if (KEY_IS_FUNC(key) || key < 32 || key == 127)
		return false;
	memset(&st, 0, sizeof st);
	n = wcrtomb(mb, (wchar_t)key, &st);
	if (n == (size_t)-1 || n == 0)
		return false;
	lineedit_insert(le, mb, n);
	return true;
}
