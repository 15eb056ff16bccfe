#!/bin/sh
# timelimit.sh COMMAND [ARG]...: runs one test under a time limit, as the
# harness's LOG_COMPILER. The limit is $WFT_TEST_TIMEOUT seconds (default
# 300); `timeout` signals the test's whole process group, so a sandbox or
# console it started ends with it. A limit reached is a failure that names
# the test: a TAP "Bail out!" line, which the driver counts as an error.
limit=${WFT_TEST_TIMEOUT:-300}
for last; do :; done
name=${last##*/}
timeout -k 10 "$limit" "$@"
rc=$?
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	echo "Bail out! $name reached its time limit of $limit s"
fi
exit "$rc"
