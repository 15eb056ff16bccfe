/* complete.h: Tab completion of a word from a list of candidates, for the
 * : prompt and the search bar (the console supplies the candidates). */
#ifndef WFT_COMPLETE_H
#define WFT_COMPLETE_H

#include <stddef.h>

/* The candidates of cands (n of them) that start with word, ignoring
 * case. Writes into out (size outsz) the longest text that every match
 * starts with (at least word; the matches' own spelling), and returns how
 * many matched. *first is the first match (NULL when none). */
size_t complete_word(const char *word, const char *const *cands, size_t n, char *out,
                     size_t outsz, const char **first);

#endif
