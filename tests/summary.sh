#!/bin/sh
# summary.sh LOG...: prints "N passed, N failed" from automake test-suite logs.
# PASS and XFAIL count as passed; FAIL, XPASS and ERROR as failed. Only the
# first count of each kind is read: the logs of failed tests follow it.
passed=0 failed=0
for log in "$@"; do
  [ -f "$log" ] || { failed=$((failed + 1)); continue; }
  eval "$(awk '
    function take(k) { if (!(k in seen)) { seen[k] = 1; return 1 } return 0 }
    /^# PASS:/  && take("p")  { p += $3 }
    /^# XFAIL:/ && take("xf") { p += $3 }
    /^# FAIL:/  && take("f")  { f += $3 }
    /^# XPASS:/ && take("xp") { f += $3 }
    /^# ERROR:/ && take("e")  { f += $3 }
    END { printf "p=%d f=%d\n", p, f }' "$log")"
  passed=$((passed + p)) failed=$((failed + f))
done
echo "$passed passed, $failed failed"
