#!/bin/sh
# test_server_trust.sh: the assertions of test_trust.sh (the undo window,
# the journal, bulk revokes, failures kept in the log) with the console in
# its server-side mode (--server-search).
WFT_SERVER_SEARCH=1
. "$top_srcdir/tests/e2e/test_trust.sh"
