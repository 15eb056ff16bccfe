#!/bin/sh
# test_harness.sh: the harness's own guarantees. A test that hangs is
# stopped at its time limit and reported as a failure that names it, with
# whatever it started; a test that needs a missing tool fails at once and
# names the Debian package.
. "$top_srcdir/tests/lib.sh"
plan 6
work=$(mktemp -d "${TMPDIR:-/tmp}/wft-harness.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT

# A "test" that starts a child and then hangs.
cat > "$work/hangs.sh" <<'EOT'
echo 1..1
sleep 60 &
echo $! > "$WORK/child"
sleep 60
EOT
start=$(date +%s)
WORK=$work WFT_TEST_TIMEOUT=1 sh "$top_srcdir/tests/timelimit.sh" sh "$work/hangs.sh" > "$work/out" 2>&1
rc=$?
took=$(( $(date +%s) - start ))
check "a hanging test ends at its limit (exit $rc)" test "$rc" -eq 124
check "it ended within seconds of the limit ($took s)" test "$took" -le 5
check "the failure names the test and the limit" \
	grep -qx "Bail out! hangs.sh reached its time limit of 1 s" "$work/out"
child=$(cat "$work/child" 2>/dev/null)
# Gone, or a zombie waiting for its new parent to reap it.
gone() { [ -n "$child" ] && { [ ! -d "/proc/$child" ] || grep -q '^[0-9]* ([^)]*) Z' "/proc/$child/stat"; }; }
check "what the test started ended with it" gone
# A test that ends in time is left alone, exit status and output.
out=$(sh "$top_srcdir/tests/timelimit.sh" sh -c 'echo 1..0; exit 3' quick.sh)
check "a test in time keeps its exit status and output" test "$?" -eq 3 -a "$out" = "1..0"

out=$(env PATH=/nonexistent /bin/sh -c '. "$1/tests/lib.sh"; need curl curl; echo reached' sh "$top_srcdir")
check "a missing tool fails at once, naming the package" \
	test "$out" = "Bail out! needs curl (apt-get install curl)"
