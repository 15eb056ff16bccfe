# lib.sh: TAP helpers for shell tests. Source it, call plan N, then ok/not_ok.
_tap_n=0
plan() { echo "1..$1"; }
ok() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $*"; }
not_ok() { _tap_n=$((_tap_n + 1)); echo "not ok $_tap_n - $*"; }
# check DESCRIPTION COMMAND...: one test case from a command's exit status.
check() { _d=$1; shift; if "$@"; then ok "$_d"; else not_ok "$_d"; fi; }
# need COMMAND PACKAGE: a test that calls a tool this machine lacks fails at
# once, naming the Debian package, instead of failing case by case (or
# hanging on an empty answer).
need() {
	command -v "$1" > /dev/null 2>&1 && return 0
	echo "Bail out! needs $1 (apt-get install $2)"
	exit 1
}
