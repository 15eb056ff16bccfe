#!/bin/sh
# debian12.sh: the README's two commands on a truly fresh Debian 12.
#
# Builds a minimal Debian 12 root (debootstrap --variant=minbase, plus git
# and ca-certificates, nothing else), clones the committed HEAD of this
# repository into it, and there, as root:
#   1. runs the README's test command, ./bootstrap && make check;
#   2. runs ./bootstrap a second time, which must install and configure
#      nothing and finish in seconds;
#   3. runs the README's first command, ./bootstrap && ./wftokens --demo, in
#      tmux until the first screen of tokens shows, then quits with q.
# The last line says "passed" or names the step that failed, with the time
# of each step. Exit status: 0 passed, 1 failed, 77 skipped (not root, no
# debootstrap, or the Debian archive cannot be reached), with the reason.
#
# The minbase root is cached as a tarball between runs, in
# $WFT_FRESH_CACHE (default /var/cache/wftokens). WFT_KEEP=1 keeps the
# root and its logs after the run. The root uses this machine's apt
# sources and apt settings, so it installs from the same archive.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cache=${WFT_FRESH_CACHE:-/var/cache/wftokens}
tarball="$cache/debian12-minbase.tar.gz"
say() { echo "fresh: $*"; }
skip() { say "skipped: $*"; echo "fresh Debian 12 check: skipped ($*)"; exit 77; }

[ "$(id -u)" -eq 0 ] || skip "needs root (chroot and mounts)"
command -v debootstrap > /dev/null || skip "needs debootstrap (apt-get install debootstrap)"
command -v git > /dev/null || skip "needs git (apt-get install git)"
git -C "$top" rev-parse --verify -q HEAD > /dev/null || skip "no commit to clone"

# The Debian archive this machine installs from: its first deb source.
mirror=${WFT_DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
	mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
		awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }')
fi
if [ -z "$mirror" ]; then
	mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
		awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { print $i; exit } }')
fi
mirror=${mirror:-http://deb.debian.org/debian}
if command -v curl > /dev/null; then
	curl -sf -o /dev/null --max-time 20 "$mirror/dists/bookworm/Release" ||
		skip "the Debian archive cannot be reached"
fi

work=$(mktemp -d "${TMPDIR:-/var/tmp}/wft-fresh.XXXXXX") || exit 1
root="$work/root"
log="$work/log"
mounted=""
cleanup() {
	if [ -d "$root/proc" ]; then
		# Whatever still runs inside the root (tmux, the demo) goes first.
		for p in /proc/[0-9]*; do
			[ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill -9 "${p#/proc/}" 2>/dev/null
		done
	fi
	for m in $mounted; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; done
	if [ -n "${WFT_KEEP:-}" ]; then
		say "kept $work"
	elif ! grep -q " $work" /proc/mounts; then
		rm -rf --one-file-system "$work"
	else
		say "left $work: something is still mounted there"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

times=""
add() { times="${times:+$times, }$1"; }
failed() {
	say "the end of the log of step '$1':"
	tail -n 40 "$log" | sed 's/^/  | /'
	echo "fresh Debian 12 check: failed at step '$1'${times:+ (so far: $times)}"
	exit 1
}
now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# ---- the root, from the cache or from the archive -----------------------
t0=$(now)
mkdir -p "$root"
if [ -f "$tarball" ] && tar -xzf "$tarball" -C "$root" 2> "$log"; then
	add "debootstrap $(took "$t0") s (cached)"
else
	rm -rf --one-file-system "$root" && mkdir -p "$root"
	debootstrap --variant=minbase --include=git,ca-certificates bookworm "$root" "$mirror" \
		> "$log" 2>&1 || failed debootstrap
	mkdir -p "$cache" && tar -czf "$tarball.tmp" -C "$root" . 2>> "$log" &&
		mv "$tarball.tmp" "$tarball"
	add "debootstrap $(took "$t0") s (cold)"
fi

# This machine's apt sources and settings (a mirror, a proxy, a snapshot's
# validity), and its resolver.
cp /etc/resolv.conf "$root/etc/resolv.conf" 2> /dev/null
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources \
	/etc/apt/apt.conf.d/*; do
	[ -f "$f" ] && cp "$f" "$root$f"
done

# A container without the right to mount cannot run this check at all:
# that is a skip with its reason, not a failure of the product.
mount -t proc proc "$root/proc" 2>> "$log" && mounted="$root/proc $mounted" ||
	skip "this machine does not allow mounting /proc in a chroot"
mount --bind /dev "$root/dev" && mounted="$root/dev $mounted" || skip "cannot bind-mount /dev"
mount --bind /dev/pts "$root/dev/pts" && mounted="$root/dev/pts $mounted" || skip "cannot bind-mount /dev/pts"

# ---- the committed HEAD, cloned -----------------------------------------
git clone -q --no-hardlinks "$top" "$root/root/wftokens" > "$log" 2>&1 || failed clone

# in_root COMMAND: runs the shell line COMMAND in the clone, as a fresh
# login would: root, no terminal, a plain environment.
in_root() {
	chroot "$root" /usr/bin/env -i HOME=/root \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		/bin/sh -c "cd /root/wftokens && $1"
}

# ---- 1. the README's test command ---------------------------------------
t0=$(now)
in_root 'timeout -k 10 1200 sh -c "./bootstrap && make check"' > "$log" 2>&1 < /dev/null || failed "./bootstrap && make check"
summary=$(tail -n 1 "$log")
case $summary in
*" passed, 0 failed") ;;
*) failed "./bootstrap && make check" ;;
esac
add "bootstrap && make check $(took "$t0") s ($summary)"

# ---- 2. a second bootstrap changes nothing ------------------------------
t0=$(now)
in_root './bootstrap' > "$log" 2>&1 < /dev/null || failed "second ./bootstrap"
second=$(took "$t0")
if grep -q -e '^bootstrap: installing' -e '^checking ' -e 'autoreconf' "$log"; then
	failed "second ./bootstrap (it installed or configured again)"
fi
awk -v t="$second" 'BEGIN { exit !(t < 20) }' || failed "second ./bootstrap (took $second s)"
add "second bootstrap $second s"

# ---- 3. the README's first command, to the first screen -----------------
t0=$(now)
tm() { chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/bin:/bin tmux -L fresh -f /dev/null "$@"; }
tm new-session -d -x 100 -y 30 -s demo \
	"cd /root/wftokens && ./bootstrap && ./wftokens --demo; echo EXIT=\$?; sleep 30" \
	> "$log" 2>&1 || failed "./bootstrap && ./wftokens --demo (tmux)"
shown=""
i=0
while [ $i -lt 600 ]; do
	tm capture-pane -p -t demo > "$log" 2>&1
	if grep -q 'rows 1-[0-9]* of [0-9]*' "$log" && grep -q '\*\*\*\*-' "$log"; then
		shown=1
		break
	fi
	sleep 0.1
	i=$((i + 1))
done
[ -n "$shown" ] || failed "./bootstrap && ./wftokens --demo (no first screen within 60 s)"
add "first screen $(took "$t0") s"
tm send-keys -t demo q
i=0
while [ $i -lt 100 ]; do
	tm capture-pane -p -t demo > "$log" 2>&1
	grep -q '^EXIT=' "$log" && break
	sleep 0.1
	i=$((i + 1))
done
grep -q '^EXIT=0' "$log" || failed "q (the console did not quit cleanly)"
tm kill-server 2> /dev/null

echo "fresh Debian 12 check: passed ($times)"
