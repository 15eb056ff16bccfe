/* sandbox.c: the API emulator. */
#include "sandbox.h"

const char *sandbox_server_name(void)
{
	return PACKAGE_NAME "-sandbox/" PACKAGE_VERSION;
}
