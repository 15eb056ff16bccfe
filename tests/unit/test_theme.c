/* test_theme.c: theme files parse, report their mistakes by line, are found
 * by name, and degrade to 16, 8 and no colours without becoming unreadable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "theme.h"

static size_t parse(struct theme *t, const char *text)
{
	theme_init(t, "test");
	return theme_parse(t, text, strlen(text), "test.theme", NULL);
}

static bool has_msg(const struct theme *t, const char *needle)
{
	for (size_t i = 0; i < t->n_msgs; i++)
		if (strstr(t->msgs[i].text, needle))
			return true;
	return false;
}

static void valid_file_sets_elements(void **state)
{
	struct theme t;
	(void)state;
	assert_int_equal(parse(&t,
		"# a comment\n"
		"\n"
		"description = Test colours   # trailing comment\n"
		"background = light\n"
		"header = white color24 bold\n"
		"  selected_row\t=\tBrightWhite #005f87 bold, underline\r\n"
		"row = default default\n"), 0);
	assert_int_equal(t.n_msgs, 0);
	assert_string_equal(t.description, "Test colours");
	assert_int_equal(t.background, THEME_BG_LIGHT);
	assert_true(t.set[THEME_HEADER]);
	assert_int_equal(t.el[THEME_HEADER].fg, 7);
	assert_int_equal(t.el[THEME_HEADER].bg, 24);
	assert_int_equal(t.el[THEME_HEADER].attrs, THEME_A_BOLD);
	assert_int_equal(t.el[THEME_SELECTED_ROW].fg, 15);
	assert_int_equal(t.el[THEME_SELECTED_ROW].bg, 24);
	assert_int_equal(t.el[THEME_SELECTED_ROW].attrs, THEME_A_BOLD | THEME_A_UNDERLINE);
	assert_int_equal(t.el[THEME_ROW].fg, THEME_COLOR_DEFAULT);
	assert_false(t.set[THEME_FOOTER]);
}

static void later_line_wins(void **state)
{
	struct theme t;
	(void)state;
	assert_int_equal(parse(&t, "row = red blue\nrow = green default dim\n"), 0);
	assert_int_equal(t.el[THEME_ROW].fg, 2);
	assert_int_equal(t.el[THEME_ROW].bg, THEME_COLOR_DEFAULT);
	assert_int_equal(t.el[THEME_ROW].attrs, THEME_A_DIM);
}

static void errors_name_their_line_and_the_rest_loads(void **state)
{
	struct theme t;
	(void)state;
	assert_int_equal(parse(&t,
		"header = white blue\n"          /* 1 ok */
		"hedaer = white blue\n"          /* 2 unknown element */
		"row = chartreuse black\n"       /* 3 bad colour */
		"footer = white\n"               /* 4 missing bg */
		"just some words\n"              /* 5 no '=' */
		"info = cyan default sparkly\n"  /* 6 bad attribute, rest kept */
		"background = purple\n"          /* 7 */
		"error = red default bold\n"),   /* 8 ok */
		6);
	assert_int_equal(t.n_msgs, 6);
	assert_int_equal(t.msgs[0].line, 2);
	assert_string_equal(t.msgs[0].text, "test.theme:2: unknown element \"hedaer\"");
	assert_int_equal(t.msgs[1].line, 3);
	assert_true(has_msg(&t, "test.theme:3: unknown colour \"chartreuse\""));
	assert_true(has_msg(&t, "test.theme:4: footer needs a foreground and a background"));
	assert_true(has_msg(&t, "test.theme:5: expected"));
	assert_true(has_msg(&t, "test.theme:6: unknown attribute \"sparkly\""));
	assert_true(has_msg(&t, "test.theme:7: background is dark or light"));
	assert_true(t.set[THEME_HEADER]);
	assert_false(t.set[THEME_ROW]);
	assert_false(t.set[THEME_FOOTER]);
	assert_true(t.set[THEME_INFO]);
	assert_int_equal(t.el[THEME_INFO].fg, 6);
	assert_int_equal(t.el[THEME_INFO].attrs, 0);
	assert_true(t.set[THEME_ERROR]);
}

static void long_lines_and_binary_are_errors(void **state)
{
	struct theme t;
	char text[1024];
	(void)state;

	memset(text, 'x', 600);
	memcpy(text + 600, "\nrow = red default\nrow\0= blue default\n", 38);
	theme_init(&t, "test");
	assert_int_equal(theme_parse(&t, text, 638, "test.theme", NULL), 2);
	assert_true(has_msg(&t, "test.theme:1: line longer than 255"));
	assert_true(has_msg(&t, "test.theme:3: binary data"));
	assert_int_equal(t.el[THEME_ROW].fg, 1);

	assert_int_equal(parse(&t, "row = red\x01 default\n"), 1);
	assert_true(has_msg(&t, "control character"));
	assert_int_equal(parse(&t, "r\xc3\xb6w = red default\n"), 1);
	assert_true(has_msg(&t, "outside ASCII"));
	/* ... but comments may hold any UTF-8 */
	assert_int_equal(parse(&t, "# th\xc3\xa8me \xf0\x9f\x8e\xa8\nrow = red default\n"), 0);
}

static void messages_are_bounded_and_safe(void **state)
{
	struct theme t;
	char text[8192] = "";
	(void)state;

	for (int i = 0; i < 100; i++)
		strcat(text, "nosuch\x1b[31m = red red\n");
	assert_int_equal(parse(&t, text), 100);
	assert_int_equal(t.n_msgs, THEME_MAX_MSGS);
	assert_int_equal(t.n_lost, 100 - THEME_MAX_MSGS);
	/* the escape byte is rejected before it could be echoed */
	for (size_t i = 0; i < t.n_msgs; i++)
		assert_null(strchr(t.msgs[i].text, '\x1b'));

	assert_int_equal(parse(&t, "abcdefghijklmnopqrstuvwxyz0123456789 = red red\n"), 1);
	assert_true(has_msg(&t, "\"abcdefghijklmnopqrstuvwx...\""));
}

static void colour_names(void **state)
{
	(void)state;
	assert_int_equal(theme_color_parse("black"), 0);
	assert_int_equal(theme_color_parse("WHITE"), 7);
	assert_int_equal(theme_color_parse("brightred"), 9);
	assert_int_equal(theme_color_parse("bright_red"), 9);
	assert_int_equal(theme_color_parse("Bright-Blue"), 12);
	assert_int_equal(theme_color_parse("brightwhite"), 15);
	assert_int_equal(theme_color_parse("grey"), 8);
	assert_int_equal(theme_color_parse("gray"), 8);
	assert_int_equal(theme_color_parse("default"), THEME_COLOR_DEFAULT);
	assert_int_equal(theme_color_parse("orange"), 214);   /* #ffa500 */
	assert_int_equal(theme_color_parse("navy"), 18);      /* #000080 */
	assert_int_equal(theme_color_parse("silver"), 250);   /* #c0c0c0 */
	assert_int_equal(theme_color_parse("chartreuse"), THEME_COLOR_INVALID);
	assert_int_equal(theme_color_parse(""), THEME_COLOR_INVALID);
	assert_int_equal(theme_color_parse("brightbrightbrightbrightred"), THEME_COLOR_INVALID);
}

static void colour_numbers_bounds(void **state)
{
	(void)state;
	assert_int_equal(theme_color_parse("color0"), 0);
	assert_int_equal(theme_color_parse("color255"), 255);
	assert_int_equal(theme_color_parse("colour24"), 24);
	assert_int_equal(theme_color_parse("COLOR007"), 7);
	assert_int_equal(theme_color_parse("color256"), THEME_COLOR_INVALID);
	assert_int_equal(theme_color_parse("color-1"), THEME_COLOR_INVALID);
	assert_int_equal(theme_color_parse("color"), THEME_COLOR_INVALID);
	assert_int_equal(theme_color_parse("color1000"), THEME_COLOR_INVALID);
	assert_int_equal(theme_color_parse("color12a"), THEME_COLOR_INVALID);
	assert_int_equal(theme_color_parse("color+1"), THEME_COLOR_INVALID);
}

static void hex_colours_map_to_the_palette(void **state)
{
	uint8_t rgb[3];
	(void)state;
	assert_int_equal(theme_color_parse("#005f87"), 24);
	assert_int_equal(theme_color_parse("#000000"), 16);   /* cube, not 0 */
	assert_int_equal(theme_color_parse("#ffffff"), 231);
	assert_int_equal(theme_color_parse("#FF0000"), 196);
	assert_int_equal(theme_color_parse("#808080"), 244);
	assert_int_equal(theme_color_parse("#767676"), 243);  /* grey ramp */
	assert_int_equal(theme_color_parse("#fff"), THEME_COLOR_INVALID);
	assert_int_equal(theme_color_parse("#gg0000"), THEME_COLOR_INVALID);
	assert_int_equal(theme_color_parse("#0000000"), THEME_COLOR_INVALID);
	theme_color_rgb(24, rgb);
	assert_int_equal(rgb[0], 0);
	assert_int_equal(rgb[1], 95);
	assert_int_equal(rgb[2], 135);
	theme_color_rgb(232, rgb);
	assert_int_equal(rgb[0], 8);
	theme_color_rgb(255, rgb);
	assert_int_equal(rgb[2], 238);
	theme_color_rgb(12, rgb);
	assert_int_equal(rgb[0], 92);
}

static void attributes(void **state)
{
	(void)state;
	assert_int_equal(theme_attr_parse("bold"), THEME_A_BOLD);
	assert_int_equal(theme_attr_parse("Underline"), THEME_A_UNDERLINE);
	assert_int_equal(theme_attr_parse("standout"), THEME_A_STANDOUT);
	assert_int_equal(theme_attr_parse("none"), 0);
	assert_int_equal(theme_attr_parse("bolder"), -1);
}

static void degradation_known_cases(void **state)
{
	(void)state;
	/* color24 #005f87 is nearest cyan (0,205,205) among 16 and among 8 */
	assert_int_equal(theme_color_degrade(24, 8), 6);
	assert_int_equal(theme_color_degrade(24, 16), 6);
	assert_int_equal(theme_color_degrade(24, 256), 24);
	assert_int_equal(theme_color_degrade(196, 16), 9);    /* #ff0000 */
	assert_int_equal(theme_color_degrade(196, 8), 1);
	assert_int_equal(theme_color_degrade(9, 16), 9);      /* kept */
	assert_int_equal(theme_color_degrade(9, 8), 1);       /* bright red -> red */
	assert_int_equal(theme_color_degrade(8, 8), 7);       /* bright black -> white, not black */
	assert_int_equal(theme_color_degrade(235, 16), 0);    /* dark grey -> black */
	assert_int_equal(theme_color_degrade(244, 16), 8);
	assert_int_equal(theme_color_degrade(231, 8), 7);
	assert_int_equal(theme_color_degrade(3, 8), 3);
	assert_int_equal(theme_color_degrade(THEME_COLOR_DEFAULT, 8), THEME_COLOR_DEFAULT);
	assert_int_equal(theme_color_degrade(24, 0), THEME_COLOR_DEFAULT);
	assert_int_equal(theme_color_degrade(24, 88), 6);     /* 88 colours: as 16 */
}

static int luma(int c)
{
	uint8_t rgb[3];
	theme_color_rgb(c, rgb);
	return (299 * rgb[0] + 587 * rgb[1] + 114 * rgb[2]) / 1000;
}

static void nothing_becomes_invisible(void **state)
{
	struct theme t;
	struct theme_style out[THEME_N_ELEMENTS];
	(void)state;

	/* blue on black, the same colour twice, grey on white, two dark greys
	 * that both become black on 16 colours */
	assert_int_equal(parse(&t,
		"row = blue black\n"
		"marked_row = red red\n"
		"info = color252 color255\n"
		"footer = color234 color236\n"
		"header = navy default\n"), 0);
	theme_resolve(&t, 256, out);
	assert_int_equal(out[THEME_ROW].fg, THEME_COLOR_DEFAULT);  /* dark bg: own fg */
	assert_int_equal(out[THEME_ROW].bg, 0);
	assert_int_not_equal(out[THEME_MARKED_ROW].fg, 1);
	assert_int_equal(out[THEME_HEADER].fg, THEME_COLOR_DEFAULT);
	assert_int_equal(out[THEME_INFO].fg, 0);                  /* black on near white */
	theme_resolve(&t, 16, out);
	assert_int_equal(out[THEME_FOOTER].bg, 0);
	assert_int_equal(out[THEME_FOOTER].fg, THEME_COLOR_DEFAULT);
	theme_resolve(&t, 8, out);
	assert_int_equal(out[THEME_ROW].fg, THEME_COLOR_DEFAULT);
	assert_int_equal(out[THEME_MARKED_ROW].fg, THEME_COLOR_DEFAULT); /* own fg reads on red */

	/* on a light background the terminal's own fg is dark: yellow on it
	 * stays, white on it does not */
	assert_int_equal(parse(&t, "background = light\nrow = brightwhite default\n"
	                           "info = black blue\n"), 0);
	theme_resolve(&t, 256, out);
	assert_int_equal(out[THEME_ROW].fg, THEME_COLOR_DEFAULT);
	assert_int_equal(out[THEME_INFO].fg, 15);
	theme_resolve(&t, 8, out);
	assert_int_equal(out[THEME_INFO].fg, 7);
}

static void mono_keeps_the_selection_visible(void **state)
{
	struct theme t;
	struct theme_style out[THEME_N_ELEMENTS];
	(void)state;

	assert_int_equal(parse(&t, "selected_row = white color24 bold\nrow = red default\n"), 0);
	theme_resolve(&t, 0, out);
	for (int e = 0; e < THEME_N_ELEMENTS; e++) {
		assert_int_equal(out[e].fg, THEME_COLOR_DEFAULT);
		assert_int_equal(out[e].bg, THEME_COLOR_DEFAULT);
	}
	assert_true(out[THEME_SELECTED_ROW].attrs & THEME_A_REVERSE);
	assert_true(out[THEME_SELECTED_ROW].attrs & THEME_A_BOLD);
	assert_true(out[THEME_HEADER].attrs & THEME_A_REVERSE);
	assert_int_equal(out[THEME_ROW].attrs, 0);
	assert_true(out[THEME_STALE_TOKEN].attrs & THEME_A_UNDERLINE);
	/* 2 colours (some terminals say so) is mono too */
	theme_resolve(&t, 2, out);
	assert_int_equal(out[THEME_HEADER].fg, THEME_COLOR_DEFAULT);
}

static void unset_elements_inherit_from_parent(void **state)
{
	struct theme t;
	struct theme_style out[THEME_N_ELEMENTS];
	(void)state;

	assert_int_equal(parse(&t, "side_panel = cyan color236\nrow = white default\n"), 0);
	theme_resolve(&t, 256, out);
	assert_int_equal(out[THEME_SIDE_PANEL_TITLE].fg, 6);
	assert_int_equal(out[THEME_SIDE_PANEL_TITLE].bg, 236);
	assert_int_equal(out[THEME_SIDE_PANEL_TITLE].attrs, THEME_A_BOLD);
	assert_int_equal(out[THEME_SELECTED_ROW].fg, 7);
	assert_int_equal(out[THEME_SELECTED_ROW].attrs, THEME_A_REVERSE);
	/* no parent: the terminal's colours and the mono look */
	assert_int_equal(out[THEME_HEADER].fg, THEME_COLOR_DEFAULT);
	assert_int_equal(out[THEME_HEADER].attrs, THEME_A_REVERSE | THEME_A_BOLD);
}

static void no_default_colours(void **state)
{
	struct theme_style st = { THEME_COLOR_DEFAULT, THEME_COLOR_DEFAULT, 0 };
	(void)state;
	theme_style_no_default(&st, THEME_BG_DARK);
	assert_int_equal(st.fg, 7);
	assert_int_equal(st.bg, 0);
	st = (struct theme_style){ 0, THEME_COLOR_DEFAULT, 0 };
	theme_style_no_default(&st, THEME_BG_DARK);
	assert_int_equal(st.bg, 0);
	assert_int_equal(st.fg, 7);
	st = (struct theme_style){ THEME_COLOR_DEFAULT, THEME_COLOR_DEFAULT, 0 };
	theme_style_no_default(&st, THEME_BG_LIGHT);
	assert_int_equal(st.fg, 0);
	assert_int_equal(st.bg, 7);
}

static void element_table(void **state)
{
	(void)state;
	assert_int_equal(theme_element_find("selected_row"), THEME_SELECTED_ROW);
	assert_int_equal(theme_element_find("SELECTED_ROW"), THEME_SELECTED_ROW);
	assert_int_equal(theme_element_find("selected-row"), -1);
	for (int e = 0; e < THEME_N_ELEMENTS; e++) {
		assert_int_equal(theme_element_find(theme_element_name(e)), e);
		assert_true(strlen(theme_element_what(e)) > 0);
	}
	assert_true(theme_name_valid("solarized-dark"));
	assert_true(theme_name_valid("my_theme.v2"));
	assert_false(theme_name_valid("../etc/passwd"));
	assert_false(theme_name_valid(".hidden"));
	assert_false(theme_name_valid(""));
	assert_false(theme_name_valid(NULL));
	assert_false(theme_name_valid("a b"));
}

/* ---- shipped themes and the search path ------------------------------- */

static const char *const shipped[] = {
	"default", "light", "solarized-dark", "high-contrast", "mono",
};

static void shipped_search(struct theme_search *s)
{
	/* no user directory: the build tree's themes */
	theme_search_init(s, NULL, NULL);
}

static void every_shipped_theme_loads_cleanly(void **state)
{
	struct theme_search s;
	(void)state;
	shipped_search(&s);
	for (size_t i = 0; i < sizeof shipped / sizeof *shipped; i++) {
		struct theme t;
		struct wft_error err;
		char path[2048];
		assert_true(theme_find(&s, shipped[i], path, sizeof path));
		assert_int_equal(theme_load_by_name(&t, shipped[i], &s, &err), WFT_OK);
		for (size_t m = 0; m < t.n_msgs; m++)
			print_message("%s\n", t.msgs[m].text);
		assert_int_equal(t.n_msgs, 0);
		assert_string_equal(t.name, shipped[i]);
		assert_true(strlen(t.description) > 0);
		/* each one sets every element: no surprise from the fallbacks */
		for (int e = 0; e < THEME_N_ELEMENTS; e++)
			assert_true(t.set[e]);
	}
}

static bool readable(const struct theme_style *st, enum theme_background k)
{
	int f, b;
	if (st->fg < 0 && st->bg < 0)
		return true;
	f = st->fg >= 0 ? luma(st->fg) : (k == THEME_BG_DARK ? 255 : 0);
	b = st->bg >= 0 ? luma(st->bg) : (k == THEME_BG_DARK ? 0 : 255);
	return abs(f - b) >= 50;
}

static bool same_look(const struct theme_style *a, const struct theme_style *b)
{
	return a->fg == b->fg && a->bg == b->bg && a->attrs == b->attrs;
}

/* Every shipped theme at every depth: every element readable, colours
 * within the depth, the selected row and the header unlike a plain row. */
static void shipped_themes_at_every_depth(void **state)
{
	static const int depths[] = { 256, 16, 8, 0 };
	struct theme_search s;
	(void)state;
	shipped_search(&s);
	for (size_t i = 0; i < sizeof shipped / sizeof *shipped; i++) {
		struct theme t;
		struct wft_error err;
		assert_int_equal(theme_load_by_name(&t, shipped[i], &s, &err), WFT_OK);
		for (size_t d = 0; d < sizeof depths / sizeof *depths; d++) {
			struct theme_style out[THEME_N_ELEMENTS];
			int max = depths[d] ? depths[d] : 0;
			theme_resolve(&t, depths[d], out);
			for (int e = 0; e < THEME_N_ELEMENTS; e++) {
				if (!readable(&out[e], t.background))
					print_message("%s at %d: %s unreadable\n",
					              shipped[i], depths[d], theme_element_name(e));
				assert_true(readable(&out[e], t.background));
				assert_true(out[e].fg < max);
				assert_true(out[e].bg < max);
			}
			assert_false(same_look(&out[THEME_SELECTED_ROW], &out[THEME_ROW]));
			assert_false(same_look(&out[THEME_MARKED_ROW], &out[THEME_ROW]));
			assert_false(same_look(&out[THEME_HEADER], &out[THEME_ROW]));
			assert_false(same_look(&out[THEME_BUTTON_FOCUSED], &out[THEME_BUTTON]));
			assert_false(same_look(&out[THEME_TAB_ACTIVE], &out[THEME_TABS]));
			if (depths[d] == 0)
				assert_true(out[THEME_SELECTED_ROW].attrs & THEME_A_REVERSE);
		}
	}
}

static char tmpdir[] = "/tmp/test_theme.XXXXXX";

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void user_themes_override_by_name(void **state)
{
	struct theme_search s;
	struct theme t;
	struct wft_error err;
	char dir[512], path[1024];
	char names[16][THEME_NAME_MAX];
	size_t n;
	(void)state;

	assert_non_null(mkdtemp(tmpdir));
	snprintf(dir, sizeof dir, "%s/wftokens", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(dir, sizeof dir, "%s/wftokens/themes", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	write_file(dir, "light.theme", "description = mine\nrow = red default\n");
	/* the user's default starts from the shipped default */
	write_file(dir, "default.theme", "inherits = default\nrow = green default\n");
	write_file(dir, "loop.theme", "inherits = loop2\n");
	write_file(dir, "loop2.theme", "inherits = loop\nrow = blue default\n");
	write_file(dir, "bad.theme", "row = red default\nnope = 1 2\n");

	theme_search_init(&s, tmpdir, "/nonexistent");
	assert_string_equal(s.dirs[0], dir);
	assert_true(theme_find(&s, "light", path, sizeof path));
	assert_ptr_not_equal(strstr(path, tmpdir), NULL);

	assert_int_equal(theme_load_by_name(&t, "light", &s, &err), WFT_OK);
	assert_string_equal(t.description, "mine");
	assert_int_equal(t.el[THEME_ROW].fg, 1);
	assert_false(t.set[THEME_HEADER]);

	assert_int_equal(theme_load_by_name(&t, "default", &s, &err), WFT_OK);
	assert_int_equal(t.n_msgs, 0);
	assert_int_equal(t.el[THEME_ROW].fg, 2);     /* own line */
	assert_true(t.set[THEME_HEADER]);            /* from the shipped one */
	assert_int_equal(t.el[THEME_HEADER].bg, 24);

	/* a loop ends at the depth limit with a message, not a hang */
	assert_int_equal(theme_load_by_name(&t, "loop", &s, &err), WFT_OK);
	assert_true(t.n_msgs >= 1);

	assert_int_equal(theme_load_by_name(&t, "bad", &s, &err), WFT_OK);
	assert_int_equal(t.n_msgs, 1);
	assert_string_equal(t.msgs[0].text, "bad.theme:2: unknown element \"nope\"");
	assert_int_equal(t.el[THEME_ROW].fg, 1);

	/* missing: the default theme, and a message */
	wft_error_clear(&err);
	assert_int_equal(theme_load_by_name(&t, "nosuch", &s, &err), WFT_ERR_IO);
	assert_string_equal(err.message, "theme \"nosuch\" not found; using the default theme");
	assert_string_equal(t.name, "default");
	assert_int_equal(t.el[THEME_ROW].fg, 2);     /* the user's default */
	assert_int_equal(theme_load_by_name(&t, "../../etc/passwd", &s, &err), WFT_ERR_INVALID);
	assert_string_equal(t.name, "default");

	n = theme_list(&s, names, 16);
	assert_true(n >= 8);
	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(names[i - 1], names[i]) < 0);
	assert_int_equal(theme_list(&s, names, 2), 2);

	/* with nothing found at all, the built-in mono look */
	memset(&s, 0, sizeof s);
	assert_int_equal(theme_load_by_name(&t, "default", &s, &err), WFT_ERR_IO);
	assert_false(t.set[THEME_HEADER]);

	/* HOME is used when XDG_CONFIG_HOME is not set or relative */
	theme_search_init(&s, "relative/dir", "/home/someone");
	assert_string_equal(s.dirs[0], "/home/someone/.config/wftokens/themes");
}

static void a_directory_is_no_theme(void **state)
{
	struct theme t;
	struct wft_error err;
	(void)state;
	theme_init(&t, "x");
	assert_int_equal(theme_load_file(&t, "/tmp", NULL, &err), WFT_ERR_IO);
	assert_int_equal(theme_load_file(&t, "/nonexistent/x.theme", NULL, &err), WFT_ERR_IO);
	assert_non_null(strstr(err.message, "x.theme"));
}

static void a_huge_file_loads_its_start(void **state)
{
	char path[] = "/tmp/test_theme_big.XXXXXX";
	struct theme t;
	struct wft_error err;
	int fd = mkstemp(path);
	FILE *f;
	(void)state;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("row = red default\n", f);
	for (int i = 0; i < 2000; i++)
		fputs("# a comment line of some length, repeated to pass 64 KiB\n", f);
	fclose(f);
	theme_init(&t, "big");
	assert_int_equal(theme_load_file(&t, path, NULL, &err), WFT_OK);
	unlink(path);
	assert_int_equal(t.el[THEME_ROW].fg, 1);
	assert_true(has_msg(&t, "file larger than 65536 bytes"));
}

static void inherits_without_search_is_an_error(void **state)
{
	struct theme t;
	(void)state;
	assert_int_equal(parse(&t, "inherits = default\nrow = red default\n"), 1);
	assert_true(has_msg(&t, "test.theme:1: inherits cannot be used here"));
	assert_int_equal(parse(&t, "inherits = ../x\n"), 1);
	assert_true(has_msg(&t, "is not a theme name"));
}

static int cleanup(void **state)
{
	char cmd[600];
	(void)state;
	if (strcmp(tmpdir, "/tmp/test_theme.XXXXXX") != 0) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			return -1;
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_file_sets_elements),
		cmocka_unit_test(later_line_wins),
		cmocka_unit_test(errors_name_their_line_and_the_rest_loads),
		cmocka_unit_test(long_lines_and_binary_are_errors),
		cmocka_unit_test(messages_are_bounded_and_safe),
		cmocka_unit_test(colour_names),
		cmocka_unit_test(colour_numbers_bounds),
		cmocka_unit_test(hex_colours_map_to_the_palette),
		cmocka_unit_test(attributes),
		cmocka_unit_test(degradation_known_cases),
		cmocka_unit_test(nothing_becomes_invisible),
		cmocka_unit_test(mono_keeps_the_selection_visible),
		cmocka_unit_test(unset_elements_inherit_from_parent),
		cmocka_unit_test(no_default_colours),
		cmocka_unit_test(element_table),
		cmocka_unit_test(every_shipped_theme_loads_cleanly),
		cmocka_unit_test(shipped_themes_at_every_depth),
		cmocka_unit_test_teardown(user_themes_override_by_name, cleanup),
		cmocka_unit_test(a_directory_is_no_theme),
		cmocka_unit_test(a_huge_file_loads_its_start),
		cmocka_unit_test(inherits_without_search_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
