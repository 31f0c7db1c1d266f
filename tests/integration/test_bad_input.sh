#!/usr/bin/env bash
# Bad input to bench, the Makefile and the kernel build: each case must end
# with a non-zero exit and one line naming the value and what is accepted
# (make's own "make: *** ... Error N" trailer lines aside), and no result
# directory may be created or touched. Prints a table input -> outcome.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh

out=$(mktemp -d /tmp/lockhold-bad-input.XXXXXX)
tmpvariants=()
cleanup() {
	rm -rf "$out" "${tmpvariants[@]}"
}
trap cleanup EXIT
mkdir "$out/earlier-run" && echo keep >"$out/earlier-run/meta.json"
mkdir "$out/matrix-dup" && echo keep >"$out/matrix-dup/jobs.txt"
touch "$out/a-file"
snapshot() { (cd "$out" && find . -printf '%p %s %T@\n' | sort; cat earlier-run/meta.json); }
before=$(snapshot)
reports_before=$(ls -a reports)
rows=()

# expect_error "TEXT THE ERROR MUST CONTAIN" COMMAND...
expect_error() {
	local want=$1 err rc lines what
	shift
	what="$*"
	what=${what//$'\n'/\\n}
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	# make's own trailer lines say which target failed, not why.
	err=$(printf '%s\n' "$err" | grep -vE '^make(\[[0-9]+\])?: \*\*\* ')
	lines=$(printf '%s' "$err" | grep -c '')
	rows+=("$(printf '%s | exit %s | %s' "$what" "$rc" "$err")")
	if [ $rc -eq 0 ]; then
		fail "$what: exit 0"
	elif [ "$lines" -ne 1 ]; then
		fail "$what: $lines lines of error: $err"
	elif [[ "$err" != *"$want"* ]]; then
		fail "$what: '$err' does not say '$want'"
	elif [[ "$err" != *"(accepted: "* ]]; then
		fail "$what: '$err' does not say what is accepted"
	elif [ "$(snapshot)" != "$before" ]; then
		fail "$what: the result directory $out changed"
	else
		pass "$what -> exit $rc: $err"
	fi
}

b() { ./bench --accel tcg --out "$out" "$@"; }
mk() { make --no-print-directory "$@" OUT="$out/make-run"; }

variants=$(for c in kernel-variants/*/variant.conf; do basename "$(dirname "$c")"; done | LC_ALL=C sort | paste -sd, | sed 's/,/, /g')
accepted_out="(accepted: a directory path shorter than 3840 bytes, without '..' components, commas or control characters)"

# bench options: unknown names, malformed, out of range, hostile.
expect_error "unknown variant 'nosuch' (accepted: $variants)" b --variant nosuch
expect_error "invalid --variant '../../etc' (accepted: up to 16 names" b --variant ../../etc
expect_error "invalid --variant '' (accepted: " b --variant ''
expect_error "unknown workload 'nosuch' (accepted: " b --variant none --workload nosuch
expect_error "invalid --workload '../bin/sh' (accepted: a workload name" b --variant none --workload ../bin/sh
expect_error "invalid --mem '12Q' (accepted: up to 16 sizes from 256M to 16G" b --variant none --mem 12Q
expect_error "invalid --mem '99999999999999G' (accepted: up to 16 sizes from 256M to 16G" b --variant none --mem 99999999999999G
expect_error "invalid --mem '255M' (accepted: up to 16 sizes from 256M to 16G" b --variant none --mem 255M
expect_error "invalid --vcpus '0' (accepted: 1..8)" b --variant none --vcpus 0
expect_error "invalid --vcpus '2x' (accepted: 1..8)" b --variant none --vcpus 2x
expect_error "invalid --runs '-1' (accepted: 1..1000)" b --variant none --runs -1
expect_error "invalid --duration '99999999999999999999' (accepted: 1..3600 seconds)" b --variant none --duration 99999999999999999999
expect_error "invalid --migrate-at '5' (accepted: 0..4 seconds" b --variant none --duration 5 --migrate-at 5
expect_error "invalid --accel 'xen' (accepted: auto, kvm, tcg)" b --variant none --accel xen
expect_error "invalid --prefill '96' (accepted: 0..95 percent)" b --variant none --prefill 96
expect_error "invalid --bandwidth '0' (accepted: 1..100000 MiB/s)" b --variant none --bandwidth 0
expect_error "invalid --trace 'maybe' (accepted: on, off)" b --variant none --trace maybe
expect_error "invalid --events 'lock:x;reboot' (accepted: " b --variant none --events 'lock:x;reboot'
expect_error "unknown trace event 'bogus:event' in kernel mainline of variant 'none' (accepted: " b --variant none --events lock:contention_begin,bogus:event
expect_error "invalid --timeout '10' (accepted: 11..86400 seconds, more than --duration)" b --variant none --duration 10 --timeout 10
expect_error "invalid --out '$out/../../etc' $accepted_out" ./bench --variant none --out "$out/../../etc"
expect_error "invalid --out '$out/x,security_model=passthrough' $accepted_out" ./bench --variant none --out "$out/x,security_model=passthrough"
expect_error "invalid --out '$out/a?b' $accepted_out" ./bench --variant none --out "$out/a
b"
expect_error "invalid --out '$out/a-file/x': $out/a-file/x is Not a directory (accepted: a writable directory" ./bench --variant none --out "$out/a-file/x"
expect_error "invalid --out '' $accepted_out" ./bench --variant none --out ''
expect_error "unknown option '--frobnicate' (accepted: see --help)" b --variant none --frobnicate
expect_error "unexpected argument 'stray' (accepted: options only, see --help)" b --variant none stray
# a matrix: lists of its factors, its cells one run each, never over one
expect_error "invalid --workload 'idle,pagefault': several workloads only with --matrix (accepted: " b --variant none --workload idle,pagefault
expect_error "unknown workload 'nosuch' (accepted: " b --matrix m --variant none --workload idle,nosuch
expect_error "invalid --cell 'm:0' (accepted: NAME:K" b --variant none --cell m:0
expect_error "invalid --cell 'm:2': a cell is one run (accepted: " b --variant none,cursor --cell m:2
expect_error "invalid --matrix 'dup': $out/matrix-dup exists, left as it was (accepted: " b --matrix dup --variant none

# Makefile variables: rejected before any kernel is built.
expect_error "invalid --mem '12Q' (accepted: " mk bench MEM=12Q
expect_error "unknown variant 'nosuch' (accepted: $variants)" mk bench VARIANT=nosuch
expect_error "invalid --variant 'none'x' (accepted: " mk bench "VARIANT=none'x"
expect_error "invalid --duration 'abc' (accepted: 1..3600 seconds)" mk bench DURATION=abc
expect_error "unknown variant 'nosuch;true' (accepted: $variants)" make --no-print-directory kernel "VARIANT=nosuch;true"
expect_error "invalid DEBUG 'yes;true' (accepted: 0, 1)" make --no-print-directory kernel VARIANT=none "DEBUG=yes;true"
expect_error "invalid DEBUG 'yes' (accepted: 0, 1)" mk bench VARIANT=none DEBUG=yes
expect_error "invalid --out '../x' $accepted_out" make --no-print-directory bench VARIANT=none OUT=../x
expect_error "invalid --mem '1T' (accepted: " mk check-kernels VARIANT=none CHECK_MEM=1T
expect_error "empty CHECK_WORKLOADS (accepted: " mk check-kernels VARIANT=none CHECK_WORKLOADS=
expect_error "MATRIX is empty (accepted: " mk matrix VARIANT=none
expect_error "invalid --matrix '../x' (accepted: " mk matrix VARIANT=none MATRIX=../x
expect_error "RESULTS=$out $out names 2 directories and REPORT_OUT is empty (accepted: " mk report "RESULTS=$out $out"

# Variant directories: a variant.conf with an unknown key, a patch that
# does not apply. Made for the case and removed at once, so no other case
# sees them.
v=zz-badkey-$$
tmpvariants+=("kernel-variants/$v")
mkdir "kernel-variants/$v" && printf 'description = test\nfrobnicate = 1\n' >"kernel-variants/$v/variant.conf"
expect_error "kernel-variants/$v/variant.conf:2: unknown key 'frobnicate' (accepted: description, kernel, balloon, cmdline)" b --variant "$v"
expect_error "kernel-variants/$v/variant.conf:2: unknown key 'frobnicate' (accepted: description, kernel, balloon, cmdline)" make --no-print-directory kernel VARIANT="$v"
printf 'description = test\nkernel = ../../../tmp/evil\n' >"kernel-variants/$v/variant.conf"
expect_error "kernel-variants/$v/variant.conf:2: invalid kernel '../../../tmp/evil' (accepted: " b --variant "$v"
expect_error "kernel-variants/$v/variant.conf:2: invalid kernel '../../../tmp/evil' (accepted: " make --no-print-directory kernel VARIANT="$v"
rm -rf "kernel-variants/$v"
v=zz-badpatch-$$
tmpvariants+=("kernel-variants/$v")
mkdir "kernel-variants/$v" && printf 'description = test\n' >"kernel-variants/$v/variant.conf"
cat >"kernel-variants/$v/0004-does-not-apply.patch" <<'PATCH'
--- a/mm/page_alloc.c
+++ b/mm/page_alloc.c
@@ -1,3 +1,3 @@
-this line is not in mm/page_alloc.c
+nor is this one
 and neither is this
PATCH
if [ -f build/linux-source-6.12/.lockhold-extracted ]; then
	expect_error "error: patch $PWD/kernel-variants/$v/0004-does-not-apply.patch does not apply to 6.12" make --no-print-directory kernel VARIANT="$v"
else
	fail "kernel source not extracted: run make kernels first"
fi
rm -rf "kernel-variants/$v"

check "no result directory created or touched" [ "$(snapshot)" = "$before" ]
check "nothing new under reports/" [ "$(ls -a reports)" = "$reports_before" ]
check "no temporary variant left" sh -c "! ls -d kernel-variants/zz-bad* 2>/dev/null"
echo "bad input | outcome | error"
printf 'BADINPUT | %s\n' "${rows[@]}"
finish
