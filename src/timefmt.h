/* timefmt.h: how times are shown: relative ("3m ago", "91d ago", "never"),
 * as a date ("2024-03-02") and in full for the footer. */
#ifndef WFT_TIMEFMT_H
#define WFT_TIMEFMT_H

#include <stddef.h>

#include "model.h"

/* "never" for 0, "just now" under a minute (and for times in the future,
 * which a skewed server clock can give), then "Nm ago", "Nh ago", "Nd ago"
 * (up to two years) and "Ny ago". Returns out. */
char *timefmt_relative(wft_millis then, wft_millis now, char *out, size_t outsz);

/* The local date, "2024-03-02"; "" for 0. Returns out. */
char *timefmt_date(wft_millis t, char *out, size_t outsz);

/* The local time in full, "2024-03-02 14:05:09 UTC"; "never" for 0. */
char *timefmt_absolute(wft_millis t, char *out, size_t outsz);

#endif
