/* sandbox.h: the API emulator as a library, so that tests and
 * `wftokens --demo` can run it in-process. */
#ifndef WFT_SANDBOX_H
#define WFT_SANDBOX_H

/* The name the sandbox gives in its answers' Server header. */
const char *sandbox_server_name(void);

#endif
