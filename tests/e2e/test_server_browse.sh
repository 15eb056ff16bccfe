#!/bin/sh
# test_server_browse.sh: the assertions of test_console_browse.sh, with the console
# in its server-side mode (--server-search): the same screens and the same
# sandbox state when every page is fetched from the token search.
WFT_SERVER_SEARCH=1
. "$top_srcdir/tests/e2e/test_console_browse.sh"
