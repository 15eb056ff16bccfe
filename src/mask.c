/* mask.c: masking and wiping of secrets. */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mask.h"

char *wft_mask_id(const char *id, char *out, size_t outsz)
{
	size_t len = id ? strlen(id) : 0;

	if (outsz == 0)
		return out;
	if (len < 2 * WFT_MASK_VISIBLE)
		snprintf(out, outsz, "****");
	else
		snprintf(out, outsz, "****-...-%s", id + len - WFT_MASK_VISIBLE);
	return out;
}

static bool uuid_at(const char *s)
{
	static const int groups[] = { 8, 4, 4, 4, 12 };

	for (size_t g = 0; g < 5; g++) {
		for (int i = 0; i < groups[g]; i++, s++)
			if (!isxdigit((unsigned char)*s))
				return false;
		if (g < 4 && *s++ != '-')
			return false;
	}
	return true;
}

/* The length of a field name and its colon ("id:", "name:") at p, or 0. */
static size_t field_prefix(const char *p)
{
	size_t n = 0;

	while (isalpha((unsigned char)p[n]))
		n++;
	return n && p[n] == ':' ? n + 1 : 0;
}

/* True at p when p starts a word: the text's start or after a character
 * that is neither a letter nor a digit. */
static bool word_start(const char *text, const char *p)
{
	return p == text || !isalnum((unsigned char)p[-1]);
}

/* True when an id: term (any case) holds more hex digits than the table
 * shows of an id (WFT_MASK_VISIBLE): its value is a word, a "phrase" or a
 * /pattern/. */
static bool long_id_term(const char *text)
{
	for (const char *p = text; *p; p++) {
		const char *v;
		char close;
		size_t hex = 0;

		if (!word_start(text, p) || strncasecmp(p, "id:", 3) != 0)
			continue;
		v = p + 3;
		close = *v == '"' || *v == '/' ? *v++ : '\0';
		for (; *v && (close ? *v != close : !isspace((unsigned char)*v)); v++) {
			if (close == '/' && *v == '\\' && v[1])
				v++;
			hex += isxdigit((unsigned char)*v) != 0;
		}
		if (hex > WFT_MASK_VISIBLE)
			return true;
	}
	return false;
}

/* True when 32 or more hex digits, a digit and a letter among them, follow
 * one another with nothing between them but characters that are neither
 * letters nor digits (dashes or dots anywhere, blanks, quotes, slashes) and
 * field names ("id:", "name:"): a token id in any disguise, also split
 * across terms. Any other letter ends the run. */
static bool hex_run(const char *text)
{
	size_t hex = 0, f;
	bool digit = false, alpha = false;

	for (const char *p = text; *p;) {
		unsigned char c = (unsigned char)*p;
		if (word_start(text, p) && (f = field_prefix(p))) {
			p += f;
			continue;
		}
		if (isxdigit(c)) {
			hex++;
			digit |= isdigit(c) != 0;
			alpha |= isalpha(c) != 0;
			if (hex >= 32 && digit && alpha)
				return true;
		} else if (isalnum(c)) {
			hex = 0;
			digit = alpha = false;
		}
		p++;
	}
	return false;
}

bool wft_looks_secret(const char *text)
{
	size_t run = 0;
	bool digit = false, alpha = false;

	if (!text)
		return false;
	for (const char *p = text; *p; p++) {
		if (isxdigit((unsigned char)*p) && uuid_at(p))
			return true;
		if (isalnum((unsigned char)*p)) {
			run++;
			digit |= isdigit((unsigned char)*p) != 0;
			alpha |= isalpha((unsigned char)*p) != 0;
			if (run >= 32 && digit && alpha)
				return true;
		} else {
			run = 0;
			digit = alpha = false;
		}
	}
	return hex_run(text) || long_id_term(text);
}

void wft_wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n--)
		*v++ = 0;
}

void wft_free_secret(char *s)
{
	if (!s)
		return;
	wft_wipe(s, strlen(s));
	free(s);
}

/* ---- secrets noted while in use ------------------------------------------ */

static pthread_mutex_t noted_lock = PTHREAD_MUTEX_INITIALIZER;
static char **noted;
static size_t n_noted;

bool wft_secret_note(const char *secret)
{
	char *copy, **grown;

	if (!secret || !*secret)
		return true;
	if (!(copy = strdup(secret)))
		return false;
	pthread_mutex_lock(&noted_lock);
	grown = realloc(noted, (n_noted + 1) * sizeof *noted);
	if (grown) {
		noted = grown;
		noted[n_noted++] = copy;
	}
	pthread_mutex_unlock(&noted_lock);
	if (!grown)
		wft_free_secret(copy);
	return grown != NULL;
}

void wft_secret_forget(const char *secret)
{
	if (!secret || !*secret)
		return;
	pthread_mutex_lock(&noted_lock);
	for (size_t i = n_noted; i-- > 0;)
		if (strcmp(noted[i], secret) == 0) {
			wft_free_secret(noted[i]);
			memmove(noted + i, noted + i + 1, (n_noted - i - 1) * sizeof *noted);
			n_noted--;
			break;
		}
	if (n_noted == 0) {
		free(noted);
		noted = NULL;
	}
	pthread_mutex_unlock(&noted_lock);
}

size_t wft_secret_redact(const char *in, size_t len, char *out, size_t outsz)
{
	size_t o = 0, i = 0;

	if (outsz == 0)
		return 0;
	pthread_mutex_lock(&noted_lock);
	while (i < len && o + 1 < outsz) {
		const char *best = NULL;
		size_t best_len = 0;
		for (size_t k = 0; k < n_noted; k++) {
			size_t n = strlen(noted[k]);
			if (n > best_len && n <= len - i && memcmp(in + i, noted[k], n) == 0) {
				best = noted[k];
				best_len = n;
			}
		}
		if (best) {
			char m[WFT_MASK_SIZE];
			wft_mask_id(best, m, sizeof m);
			for (const char *c = m; *c && o + 1 < outsz; c++)
				out[o++] = *c;
			i += best_len;
		} else {
			out[o++] = in[i++];
		}
	}
	pthread_mutex_unlock(&noted_lock);
	out[o] = '\0';
	return o;
}

/* Every UUID in s masked in place (the masked form is shorter). */
void wft_mask_ids_in(char *s)
{
	char masked[WFT_MASK_SIZE], id[37];

	for (char *p = s; *p; p++) {
		if (!uuid_at(p))
			continue;
		memcpy(id, p, 36);
		id[36] = '\0';
		wft_mask_id(id, masked, sizeof masked);
		size_t m = strlen(masked);
		memcpy(p, masked, m);
		memmove(p + m, p + 36, strlen(p + 36) + 1);
		wft_wipe(id, sizeof id);
		p += m - 1;
	}
}
