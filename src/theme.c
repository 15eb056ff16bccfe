/* theme.c: theme files parsed, searched and resolved to concrete colours for
 * a terminal's depth. The format and the rules are described in theme.h. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "theme.h"

#ifndef WFT_SRCDIR
#define WFT_SRCDIR ""
#endif
#ifndef WFT_DATADIR
#define WFT_DATADIR ""
#endif

struct element_info {
	const char *name;
	int parent;           /* an element, or -1 */
	unsigned mono;
	const char *what;
};

enum { THEME_NONE = -1 };

static const struct element_info elements[THEME_N_ELEMENTS] = {
#define THEME_X_INFO(id, name, parent, mono, what) \
	[THEME_##id] = { name, THEME_##parent, mono, what },
	THEME_ELEMENTS(THEME_X_INFO)
#undef THEME_X_INFO
};

const char *theme_element_name(enum theme_element e)
{
	return (unsigned)e < THEME_N_ELEMENTS ? elements[e].name : "";
}

const char *theme_element_what(enum theme_element e)
{
	return (unsigned)e < THEME_N_ELEMENTS ? elements[e].what : "";
}

int theme_element_find(const char *name)
{
	for (int i = 0; i < THEME_N_ELEMENTS; i++)
		if (strcasecmp(name, elements[i].name) == 0)
			return i;
	return -1;
}

/* ---- colours ---------------------------------------------------------- */

/* xterm's values for the 16 system colours. */
static const uint8_t system_rgb[16][3] = {
	{ 0, 0, 0 },       { 205, 0, 0 },     { 0, 205, 0 },     { 205, 205, 0 },
	{ 0, 0, 238 },     { 205, 0, 205 },   { 0, 205, 205 },   { 229, 229, 229 },
	{ 127, 127, 127 }, { 255, 0, 0 },     { 0, 255, 0 },     { 255, 255, 0 },
	{ 92, 92, 255 },   { 255, 0, 255 },   { 0, 255, 255 },   { 255, 255, 255 },
};

static const uint8_t cube_level[6] = { 0, 95, 135, 175, 215, 255 };

void theme_color_rgb(int c, uint8_t rgb[3])
{
	if (c < 0 || c > 255) {
		rgb[0] = rgb[1] = rgb[2] = 0;
	} else if (c < 16) {
		memcpy(rgb, system_rgb[c], 3);
	} else if (c < 232) {
		c -= 16;
		rgb[0] = cube_level[c / 36];
		rgb[1] = cube_level[(c / 6) % 6];
		rgb[2] = cube_level[c % 6];
	} else {
		rgb[0] = rgb[1] = rgb[2] = (uint8_t)(8 + 10 * (c - 232));
	}
}

static long rgb_distance(const uint8_t a[3], const uint8_t b[3])
{
	long d = 0;
	for (int i = 0; i < 3; i++)
		d += (long)(a[i] - b[i]) * (a[i] - b[i]);
	return d;
}

/* The nearest palette colour in [from, to) to rgb; the first on ties. */
static int nearest(const uint8_t rgb[3], int from, int to)
{
	int best = from;
	long best_d = -1;

	for (int c = from; c < to; c++) {
		uint8_t p[3];
		long d;
		theme_color_rgb(c, p);
		d = rgb_distance(rgb, p);
		if (best_d < 0 || d < best_d) {
			best = c;
			best_d = d;
		}
	}
	return best;
}

/* Colours 0..15 are left out: terminals let users redefine them, while
 * 16..255 mean the same everywhere. */
int theme_rgb_to_256(uint8_t r, uint8_t g, uint8_t b)
{
	const uint8_t rgb[3] = { r, g, b };
	return nearest(rgb, 16, 256);
}

static bool is_grey(const uint8_t rgb[3])
{
	int lo = rgb[0], hi = rgb[0];
	for (int i = 1; i < 3; i++) {
		if (rgb[i] < lo)
			lo = rgb[i];
		if (rgb[i] > hi)
			hi = rgb[i];
	}
	return hi - lo <= 16;
}

static int depth_of(int ncolors)
{
	if (ncolors >= 256)
		return 256;
	if (ncolors >= 16)
		return 16;
	if (ncolors >= 8)
		return 8;
	return 0;
}

int theme_color_degrade(int color, int ncolors)
{
	int depth = depth_of(ncolors);
	uint8_t rgb[3];

	if (color < 0 || color > 255 || depth == 0)
		return THEME_COLOR_DEFAULT;
	if (color < depth)
		return color;
	theme_color_rgb(color, rgb);
	if (is_grey(rgb)) {
		/* A grey stays a grey: by distance alone mid grey would become
		 * yellow on 8 colours. */
		static const int greys[] = { 0, 7, 8, 15 };
		int n = depth == 16 ? 4 : 2, best = 0;
		long best_d = -1;
		for (int i = 0; i < n; i++) {
			uint8_t p[3];
			long d;
			theme_color_rgb(greys[i], p);
			d = rgb_distance(rgb, p);
			if (best_d < 0 || d < best_d) {
				best = greys[i];
				best_d = d;
			}
		}
		return best;
	}
	return nearest(rgb, 0, depth);
}

static const struct { const char *name; int color; const char *hex; } color_names[] = {
	{ "default", THEME_COLOR_DEFAULT, NULL },
	{ "black", 0, NULL }, { "red", 1, NULL }, { "green", 2, NULL },
	{ "yellow", 3, NULL }, { "blue", 4, NULL }, { "magenta", 5, NULL },
	{ "cyan", 6, NULL }, { "white", 7, NULL },
	{ "brightblack", 8, NULL }, { "brightred", 9, NULL },
	{ "brightgreen", 10, NULL }, { "brightyellow", 11, NULL },
	{ "brightblue", 12, NULL }, { "brightmagenta", 13, NULL },
	{ "brightcyan", 14, NULL }, { "brightwhite", 15, NULL },
	{ "grey", 8, NULL }, { "gray", 8, NULL },
	{ "orange", -3, "#ffa500" }, { "purple", -3, "#800080" },
	{ "pink", -3, "#ffc0cb" }, { "brown", -3, "#a52a2a" },
	{ "navy", -3, "#000080" }, { "teal", -3, "#008080" },
	{ "olive", -3, "#808000" }, { "maroon", -3, "#800000" },
	{ "lime", -3, "#00ff00" }, { "silver", -3, "#c0c0c0" },
};

static int hex_digit(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

static int parse_hex(const char *s)
{
	uint8_t rgb[3];

	if (s[0] != '#' || strlen(s) != 7)
		return THEME_COLOR_INVALID;
	for (int i = 0; i < 3; i++) {
		int hi = hex_digit((unsigned char)s[1 + 2 * i]);
		int lo = hex_digit((unsigned char)s[2 + 2 * i]);
		if (hi < 0 || lo < 0)
			return THEME_COLOR_INVALID;
		rgb[i] = (uint8_t)(hi * 16 + lo);
	}
	return theme_rgb_to_256(rgb[0], rgb[1], rgb[2]);
}

int theme_color_parse(const char *s)
{
	char name[24];
	size_t n = 0;

	if (!s || !*s)
		return THEME_COLOR_INVALID;
	if (s[0] == '#')
		return parse_hex(s);
	if (strncasecmp(s, "color", 5) == 0 || strncasecmp(s, "colour", 6) == 0) {
		const char *d = s + (tolower((unsigned char)s[4]) == 'u' ? 6 : 5);
		int v = 0;
		size_t nd = strlen(d);
		if (nd < 1 || nd > 3)
			return THEME_COLOR_INVALID;
		for (; *d; d++) {
			if (*d < '0' || *d > '9')
				return THEME_COLOR_INVALID;
			v = v * 10 + (*d - '0');
		}
		return v <= 255 ? v : THEME_COLOR_INVALID;
	}
	/* "bright_red", "bright-red" and "brightred" are one name. */
	for (; *s; s++) {
		if (*s == '_' || *s == '-')
			continue;
		if (n + 1 >= sizeof name)
			return THEME_COLOR_INVALID;
		name[n++] = (char)tolower((unsigned char)*s);
	}
	name[n] = '\0';
	for (size_t i = 0; i < sizeof color_names / sizeof *color_names; i++)
		if (strcmp(name, color_names[i].name) == 0)
			return color_names[i].hex ? parse_hex(color_names[i].hex)
			                          : color_names[i].color;
	return THEME_COLOR_INVALID;
}

int theme_attr_parse(const char *s)
{
	static const struct { const char *name; unsigned flag; } attrs[] = {
		{ "none", 0 }, { "normal", 0 },
		{ "bold", THEME_A_BOLD }, { "dim", THEME_A_DIM },
		{ "underline", THEME_A_UNDERLINE }, { "reverse", THEME_A_REVERSE },
		{ "italic", THEME_A_ITALIC }, { "blink", THEME_A_BLINK },
		{ "standout", THEME_A_STANDOUT },
	};
	for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++)
		if (strcasecmp(s, attrs[i].name) == 0)
			return (int)attrs[i].flag;
	return -1;
}

/* ---- messages --------------------------------------------------------- */

static void add_msg(struct theme *t, const char *source, int line,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void add_msg(struct theme *t, const char *source, int line,
                    const char *fmt, ...)
{
	struct theme_msg *m;
	char text[180];
	va_list ap;

	if (t->n_msgs >= THEME_MAX_MSGS) {
		t->n_lost++;
		return;
	}
	m = &t->msgs[t->n_msgs++];
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	m->line = line;
	if (line > 0)
		snprintf(m->text, sizeof m->text, "%.48s:%d: %s", source, line, text);
	else
		snprintf(m->text, sizeof m->text, "%.48s: %s", source, text);
}

/* A word from the file, made safe to show: printable ASCII, at most 24
 * characters, anything else as '?'. */
static const char *shown(const char *s, char out[32])
{
	size_t n = 0;
	for (; *s && n < 24; s++)
		out[n++] = (*s >= 0x20 && *s < 0x7f) ? *s : '?';
	if (*s && n >= 24) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
	return out;
}

/* ---- parsing ---------------------------------------------------------- */

struct parse_ctx {
	const struct theme_search *search;
	const char *chain[THEME_MAX_DEPTH + 1]; /* files being read, outermost first */
	int depth;
	size_t errors;
};

static void parse_text(struct theme *t, const char *text, size_t len,
                       const char *source, struct parse_ctx *ctx);
static bool find_skipping(const struct theme_search *s, const char *name,
                          const struct parse_ctx *ctx, char *path, size_t n);
static enum wft_status load_file(struct theme *t, const char *path,
                                 struct parse_ctx *ctx, struct wft_error *err);

#define ERR(...) do { ctx->errors++; add_msg(t, source, lineno, __VA_ARGS__); } while (0)

static bool is_blank(int ch)
{
	return ch == ' ' || ch == '\t';
}

/* Cuts a comment off a trimmed line: '#' first, or after a blank and
 * followed by a blank or the end ("#ff0000" is a colour, not a comment). */
static void strip_comment(char *line)
{
	for (char *p = line; *p; p++) {
		if (*p == '#' && (p == line || (is_blank(p[-1]) &&
		                                (p[1] == '\0' || is_blank(p[1]))))) {
			*p = '\0';
			return;
		}
	}
}

static char *trim(char *s)
{
	char *e;
	while (is_blank(*s))
		s++;
	e = s + strlen(s);
	while (e > s && is_blank(e[-1]))
		e--;
	*e = '\0';
	return s;
}

static void parse_element(struct theme *t, int e, char *value,
                          const char *source, int lineno, struct parse_ctx *ctx)
{
	char *words[16];
	char *save = NULL;
	int n = 0;
	char buf[32];
	int fg, bg;
	unsigned attrs = 0;

	for (char *w = strtok_r(value, " \t,", &save); w;
	     w = strtok_r(NULL, " \t,", &save)) {
		if (n == (int)(sizeof words / sizeof *words)) {
			ERR("too many words for %s", elements[e].name);
			return;
		}
		words[n++] = w;
	}
	if (n < 2) {
		ERR("%s needs a foreground and a background colour", elements[e].name);
		return;
	}
	fg = theme_color_parse(words[0]);
	if (fg == THEME_COLOR_INVALID) {
		ERR("unknown colour \"%s\"", shown(words[0], buf));
		return;
	}
	bg = theme_color_parse(words[1]);
	if (bg == THEME_COLOR_INVALID) {
		ERR("unknown colour \"%s\"", shown(words[1], buf));
		return;
	}
	for (int i = 2; i < n; i++) {
		int a = theme_attr_parse(words[i]);
		if (a < 0)
			ERR("unknown attribute \"%s\"", shown(words[i], buf));
		else
			attrs |= (unsigned)a;
	}
	t->set[e] = true;
	t->el[e].fg = (short)fg;
	t->el[e].bg = (short)bg;
	t->el[e].attrs = attrs;
}

static void parse_inherits(struct theme *t, const char *name, const char *source,
                           int lineno, struct parse_ctx *ctx)
{
	char path[THEME_DIR_MAX + THEME_NAME_MAX + 8];
	char buf[32];
	struct wft_error err;

	if (!theme_name_valid(name)) {
		ERR("\"%s\" is not a theme name", shown(name, buf));
		return;
	}
	if (!ctx->search) {
		ERR("inherits cannot be used here");
		return;
	}
	if (ctx->depth >= THEME_MAX_DEPTH) {
		ERR("themes inherit too deeply (more than %d)", THEME_MAX_DEPTH);
		return;
	}
	if (!find_skipping(ctx->search, name, ctx, path, sizeof path)) {
		ERR("theme \"%s\" to inherit from not found", name);
		return;
	}
	wft_error_clear(&err);
	if (load_file(t, path, ctx, &err) != WFT_OK)
		ERR("%s", err.message);
}

static void parse_line(struct theme *t, char *line, const char *source,
                       int lineno, struct parse_ctx *ctx)
{
	char *eq, *key, *value;
	char buf[32];
	int e;

	line = trim(line);
	strip_comment(line);
	line = trim(line);
	if (!*line)
		return;
	for (const char *p = line; *p; p++) {
		if ((unsigned char)*p < 0x20 && *p != '\t') {
			ERR("control character in line");
			return;
		}
		if ((unsigned char)*p >= 0x7f) {
			ERR("character outside ASCII (only comments may hold them)");
			return;
		}
	}
	eq = strchr(line, '=');
	if (!eq) {
		ERR("expected \"element = foreground background [attributes]\"");
		return;
	}
	*eq = '\0';
	key = trim(line);
	value = trim(eq + 1);
	if (strcasecmp(key, "description") == 0) {
		snprintf(t->description, sizeof t->description, "%s", value);
	} else if (strcasecmp(key, "background") == 0) {
		if (strcasecmp(value, "dark") == 0)
			t->background = THEME_BG_DARK;
		else if (strcasecmp(value, "light") == 0)
			t->background = THEME_BG_LIGHT;
		else
			ERR("background is dark or light, not \"%s\"", shown(value, buf));
	} else if (strcasecmp(key, "inherits") == 0) {
		parse_inherits(t, value, source, lineno, ctx);
	} else if ((e = theme_element_find(key)) >= 0) {
		parse_element(t, e, value, source, lineno, ctx);
	} else {
		ERR("unknown element \"%s\"", shown(key, buf));
	}
}

static void parse_text(struct theme *t, const char *text, size_t len,
                       const char *source, struct parse_ctx *ctx)
{
	char line[THEME_MAX_LINE + 1];
	size_t pos = 0;
	int lineno = 0;

	/* A UTF-8 byte order mark is no error. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (pos < len) {
		size_t start = pos, n;
		bool nul = false;

		lineno++;
		while (pos < len && text[pos] != '\n') {
			if (text[pos] == '\0')
				nul = true;
			pos++;
		}
		n = pos - start;
		if (pos < len)
			pos++; /* the newline */
		if (n && text[start + n - 1] == '\r')
			n--;
		if (nul) {
			ERR("binary data (a NUL byte) in line");
			continue;
		}
		if (n >= THEME_MAX_LINE) {
			ERR("line longer than %d characters", THEME_MAX_LINE - 1);
			continue;
		}
		memcpy(line, text + start, n);
		line[n] = '\0';
		parse_line(t, line, source, lineno, ctx);
	}
}

#undef ERR

size_t theme_parse(struct theme *t, const char *text, size_t len,
                   const char *source, const struct theme_search *search)
{
	struct parse_ctx ctx = { .search = search };

	parse_text(t, text, len, source ? source : "theme", &ctx);
	return ctx.errors;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static enum wft_status load_file(struct theme *t, const char *path,
                                 struct parse_ctx *ctx, struct wft_error *err)
{
	FILE *f;
	char *buf;
	size_t n;
	struct stat st;
	enum wft_status rc = WFT_OK;

	f = fopen(path, "rb");
	if (!f)
		return wft_error_set(err, WFT_ERR_IO, "cannot read theme %s: %s",
		                     base_name(path), strerror(errno));
	if (fstat(fileno(f), &st) == 0 && !S_ISREG(st.st_mode)) {
		fclose(f);
		return wft_error_set(err, WFT_ERR_IO, "theme %s is not a file",
		                     base_name(path));
	}
	buf = malloc(THEME_MAX_FILE + 1);
	if (!buf) {
		fclose(f);
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	}
	n = fread(buf, 1, THEME_MAX_FILE + 1, f);
	if (ferror(f)) {
		rc = wft_error_set(err, WFT_ERR_IO, "cannot read theme %s: %s",
		                   base_name(path), strerror(errno));
	} else {
		if (n > THEME_MAX_FILE) {
			add_msg(t, base_name(path), 0,
			        "file larger than %d bytes; the rest is ignored",
			        THEME_MAX_FILE);
			ctx->errors++;
			n = THEME_MAX_FILE;
		}
		ctx->chain[ctx->depth++] = path;
		parse_text(t, buf, n, base_name(path), ctx);
		ctx->depth--;
	}
	free(buf);
	fclose(f);
	return rc;
}

enum wft_status theme_load_file(struct theme *t, const char *path,
                                const struct theme_search *search,
                                struct wft_error *err)
{
	struct parse_ctx ctx = { .search = search };
	return load_file(t, path, &ctx, err);
}

void theme_init(struct theme *t, const char *name)
{
	memset(t, 0, sizeof *t);
	snprintf(t->name, sizeof t->name, "%s", name ? name : "");
	t->background = THEME_BG_DARK;
	for (int i = 0; i < THEME_N_ELEMENTS; i++)
		t->el[i].fg = t->el[i].bg = THEME_COLOR_DEFAULT;
}

/* ---- finding themes --------------------------------------------------- */

static void add_dir(struct theme_search *s, const char *a, const char *b)
{
	int n;

	if (!a || !*a || s->n >= THEME_MAX_DIRS)
		return;
	n = snprintf(s->dirs[s->n], THEME_DIR_MAX, "%s%s", a, b);
	if (n > 0 && n < THEME_DIR_MAX)
		s->n++; /* a path that does not fit is left out, not cut short */
}

void theme_search_init(struct theme_search *s, const char *xdg_config_home,
                       const char *home)
{
	memset(s, 0, sizeof *s);
	/* XDG says a relative XDG_CONFIG_HOME is to be ignored. */
	if (xdg_config_home && xdg_config_home[0] == '/')
		add_dir(s, xdg_config_home, "/wftokens/themes");
	else if (home && home[0] == '/')
		add_dir(s, home, "/.config/wftokens/themes");
	add_dir(s, WFT_SRCDIR, "/themes");
	add_dir(s, WFT_DATADIR, "/themes");
}

bool theme_name_valid(const char *name)
{
	size_t n = 0;

	if (!name || !*name || name[0] == '.')
		return false;
	for (; name[n]; n++) {
		char c = name[n];
		if (n >= THEME_NAME_MAX - 1)
			return false;
		if (!(isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.'))
			return false;
	}
	return true;
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool find_skipping(const struct theme_search *s, const char *name,
                          const struct parse_ctx *ctx, char *path, size_t n)
{
	if (!s || !theme_name_valid(name))
		return false;
	for (size_t i = 0; i < s->n; i++) {
		bool busy = false;
		int k = snprintf(path, n, "%s/%s.theme", s->dirs[i], name);
		if (k < 0 || (size_t)k >= n || !is_file(path))
			continue;
		/* A file being read is skipped, so a user's default.theme may
		 * say `inherits = default` and mean the shipped one. */
		for (int d = 0; ctx && d < ctx->depth; d++)
			if (strcmp(ctx->chain[d], path) == 0)
				busy = true;
		if (!busy)
			return true;
	}
	return false;
}

bool theme_find(const struct theme_search *s, const char *name, char *path,
                size_t n)
{
	return find_skipping(s, name, NULL, path, n);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(a, b);
}

size_t theme_list(const struct theme_search *s,
                  char names[][THEME_NAME_MAX], size_t max)
{
	size_t count = 0;

	for (size_t i = 0; s && i < s->n; i++) {
		DIR *d = opendir(s->dirs[i]);
		struct dirent *de;
		if (!d)
			continue;
		while ((de = readdir(d)) && count < max) {
			char name[THEME_NAME_MAX];
			size_t len = strlen(de->d_name);
			bool dup = false;
			if (len <= 6 || len - 6 >= THEME_NAME_MAX ||
			    strcmp(de->d_name + len - 6, ".theme") != 0)
				continue;
			memcpy(name, de->d_name, len - 6);
			name[len - 6] = '\0';
			if (!theme_name_valid(name))
				continue;
			for (size_t j = 0; j < count; j++)
				if (strcmp(names[j], name) == 0)
					dup = true;
			if (!dup)
				memcpy(names[count++], name, sizeof name);
		}
		closedir(d);
	}
	qsort(names, count, THEME_NAME_MAX, cmp_names);
	return count;
}

enum wft_status theme_load_by_name(struct theme *t, const char *name,
                                   const struct theme_search *search,
                                   struct wft_error *err)
{
	char path[THEME_DIR_MAX + THEME_NAME_MAX + 8];
	char buf[32];
	struct wft_error e2;
	enum wft_status rc;

	theme_init(t, name);
	if (!theme_name_valid(name)) {
		rc = wft_error_set(err, WFT_ERR_INVALID,
		                   "\"%s\" is not a theme name; using the default theme",
		                   shown(name ? name : "", buf));
	} else if (!theme_find(search, name, path, sizeof path)) {
		rc = wft_error_set(err, WFT_ERR_IO,
		                   "theme \"%s\" not found; using the default theme", name);
	} else if ((rc = theme_load_file(t, path, search, &e2)) == WFT_OK) {
		return WFT_OK;
	} else {
		wft_error_set(err, rc, "%s; using the default theme", e2.message);
	}
	/* Without a default file either, every element stays unset: the mono
	 * look, which is always usable. */
	theme_init(t, "default");
	if (theme_find(search, "default", path, sizeof path) &&
	    theme_load_file(t, path, search, &e2) != WFT_OK)
		theme_init(t, "default");
	return rc;
}

/* ---- resolving -------------------------------------------------------- */

#define MIN_CONTRAST 50

/* Perceived brightness 0..255 of a colour; the terminal's own colours are
 * assumed from the theme's background. */
static int luma(int c, bool is_fg, enum theme_background bgkind)
{
	uint8_t rgb[3];

	if (c < 0) {
		bool light = (bgkind == THEME_BG_LIGHT);
		return (is_fg ? !light : light) ? 255 : 0;
	}
	theme_color_rgb(c, rgb);
	return (299 * rgb[0] + 587 * rgb[1] + 114 * rgb[2]) / 1000;
}

static int contrast(const struct theme_style *st, enum theme_background k)
{
	return abs(luma(st->fg, true, k) - luma(st->bg, false, k));
}

/* Replaces a foreground that cannot be read on its background: by the
 * terminal's own foreground when that reads well, else black or white. */
static void keep_visible(struct theme_style *st, int depth,
                         enum theme_background k)
{
	int black = 0, white = depth >= 16 ? 15 : 7;
	struct theme_style a = *st, b = *st;

	if (contrast(st, k) >= MIN_CONTRAST)
		return;
	if (st->fg != THEME_COLOR_DEFAULT) {
		a.fg = THEME_COLOR_DEFAULT;
		if (contrast(&a, k) >= MIN_CONTRAST) {
			*st = a;
			return;
		}
	}
	a.fg = (short)black;
	b.fg = (short)white;
	st->fg = contrast(&a, k) >= contrast(&b, k) ? a.fg : b.fg;
}

static void resolve_one(const struct theme *t, int e, bool done[],
                        struct theme_style out[])
{
	if (done[e])
		return;
	if (t->set[e]) {
		out[e] = t->el[e];
	} else if (elements[e].parent >= 0) {
		int p = elements[e].parent;
		resolve_one(t, p, done, out);
		out[e] = out[p];
		out[e].attrs |= elements[e].mono;
	} else {
		out[e].fg = out[e].bg = THEME_COLOR_DEFAULT;
		out[e].attrs = elements[e].mono;
	}
	done[e] = true;
}

void theme_resolve(const struct theme *t, int ncolors,
                   struct theme_style out[THEME_N_ELEMENTS])
{
	bool done[THEME_N_ELEMENTS] = { false };
	int depth = depth_of(ncolors);

	/* Undegraded first, so children inherit their parent's own colours. */
	for (int e = 0; e < THEME_N_ELEMENTS; e++)
		resolve_one(t, e, done, out);
	for (int e = 0; e < THEME_N_ELEMENTS; e++) {
		struct theme_style *st = &out[e];
		if (depth == 0) {
			/* Mono: what colour showed, the mono attributes show. */
			st->fg = st->bg = THEME_COLOR_DEFAULT;
			st->attrs |= elements[e].mono;
			continue;
		}
		st->fg = (short)theme_color_degrade(st->fg, depth);
		st->bg = (short)theme_color_degrade(st->bg, depth);
		keep_visible(st, depth, t->background);
	}
}

void theme_style_no_default(struct theme_style *st, enum theme_background k)
{
	bool light = (k == THEME_BG_LIGHT);

	if (st->fg == THEME_COLOR_DEFAULT)
		st->fg = light ? 0 : 7;
	if (st->bg == THEME_COLOR_DEFAULT)
		st->bg = light ? 7 : 0;
	if (st->fg == st->bg)
		st->fg = st->bg == 0 ? 7 : 0;
}
