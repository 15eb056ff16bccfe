/* timefmt.c: relative and absolute times, in the local time zone. */
#include <stdio.h>
#include <time.h>

#include "timefmt.h"

#define MIN_MS  (60LL * 1000)
#define HOUR_MS (60 * MIN_MS)
#define DAY_MS  (24 * HOUR_MS)

char *timefmt_relative(wft_millis then, wft_millis now, char *out, size_t outsz)
{
	wft_millis d = now - then;

	if (outsz == 0)
		return out;
	if (then <= 0)
		snprintf(out, outsz, "never");
	else if (d < MIN_MS)
		snprintf(out, outsz, "just now");
	else if (d < HOUR_MS)
		snprintf(out, outsz, "%lldm ago", (long long)(d / MIN_MS));
	else if (d < DAY_MS)
		snprintf(out, outsz, "%lldh ago", (long long)(d / HOUR_MS));
	else if (d < 730 * DAY_MS)
		snprintf(out, outsz, "%lldd ago", (long long)(d / DAY_MS));
	else
		snprintf(out, outsz, "%lldy ago", (long long)(d / (365 * DAY_MS)));
	return out;
}

static int to_tm(wft_millis t, struct tm *tm)
{
	time_t s = (time_t)(t / 1000);

	return localtime_r(&s, tm) != NULL;
}

char *timefmt_date(wft_millis t, char *out, size_t outsz)
{
	struct tm tm;

	if (outsz == 0)
		return out;
	out[0] = '\0';
	if (t > 0 && to_tm(t, &tm) && strftime(out, outsz, "%Y-%m-%d", &tm) == 0)
		out[0] = '\0';
	return out;
}

char *timefmt_absolute(wft_millis t, char *out, size_t outsz)
{
	struct tm tm;

	if (outsz == 0)
		return out;
	if (t <= 0) {
		snprintf(out, outsz, "never");
		return out;
	}
	if (!to_tm(t, &tm) || strftime(out, outsz, "%Y-%m-%d %H:%M:%S %Z", &tm) == 0)
		out[0] = '\0';
	return out;
}
