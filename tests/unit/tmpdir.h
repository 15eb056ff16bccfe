/* tmpdir.h: a fresh directory under /tmp for the unit tests that write
 * files, made and removed by cmocka fixtures; its path in tmpdir. */
#ifndef WFT_TESTS_TMPDIR_H
#define WFT_TESTS_TMPDIR_H

#include <stdio.h>
#include <stdlib.h>

static char tmpdir[64];

static inline int tmpdir_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/wft-test.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static inline int tmpdir_teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif
