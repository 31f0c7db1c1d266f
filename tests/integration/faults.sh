# Shared by the fault-injection tests (test_fault_*.sh), sourced after
# tests/lib.sh: start bench in the background, wait for a point in the run,
# inject the fault, then check what every fault must end with.

# fault_setup NAME: $out is a fresh result parent holding an earlier run's
# directory, whose checksums are taken.
fault_setup() {
	out=$(mktemp -d "/tmp/lockhold-it-fault-$1.XXXXXX")
	earlier_setup
}

earlier_setup() {
	earlier=$out/20200101-000000-none-pagefault-256M-run1
	mkdir -p "$earlier"
	echo '{"status": "ok"}' >"$earlier/meta.json"
	echo "earlier serial log" >"$earlier/serial.log"
	earlier_sums=$(earlier_checksums)
}

earlier_checksums() {
	(cd "$earlier" && find . -printf '%p %s %T@ %m\n' | sort && cat ./*) | sha256sum
}

# fault_bench ARGS...: bench in the background, output in $out.stdout and
# $out.stderr; sets bench_pid.
fault_bench() {
	./bench --accel tcg --out "$out" "$@" >"$out.stdout" 2>"$out.stderr" &
	bench_pid=$!
}

# wait_partial FILE PATTERN [SECONDS]: wait until FILE in the run's partial
# directory holds PATTERN (grep -E); sets $partial. False on timeout or
# when bench has exited.
wait_partial() {
	local file=$1 pattern=$2 limit=${3:-300} f
	for _ in $(seq $((limit * 10))); do
		f=$(ls "$out"/.*partial*/"$file" 2>/dev/null | head -n1)
		if [ -n "$f" ] && grep -qE "$pattern" "$f"; then
			partial=$(dirname "$f")
			return 0
		fi
		kill -0 "$bench_pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# fault_abort WHY: the fault could not be injected; end the test failed.
fault_abort() {
	fail "$1 (bench: $(tail -n 3 "$out.stdout" "$out.stderr" | tr '\n' ' '))"
	kill "$bench_pid" 2>/dev/null
	wait "$bench_pid"
	fault_cleanup
	finish
	exit
}

# fault_outcome WHAT EXPECTED [SERIAL_PATTERN]: bench ended non-zero with a
# one-line error containing EXPECTED, the failed run directory kept with the
# serial log (holding SERIAL_PATTERN, default the kernel banner), no partial
# directory, the earlier run untouched and no QEMU of this run left.
fault_outcome() {
	local what=$1 expected=$2 pattern=${3:-Linux version} rc dir lines
	local timeout_s=${FAULT_WAIT_S:-120}
	for _ in $(seq $((timeout_s * 10))); do
		kill -0 "$bench_pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$bench_pid" 2>/dev/null; then
		fail "$what: bench still running ${timeout_s} s after the fault"
		kill -9 "$bench_pid"
	fi
	wait "$bench_pid"
	rc=$?
	err=$(cat "$out.stderr")
	lines=$(wc -l <"$out.stderr")
	fault_row "$what" "exit $rc: $err"
	check "$what: bench exits non-zero (rc $rc)" [ "$rc" -ne 0 ]
	check "$what: one line on stderr ($lines)" [ "$lines" -eq 1 ]
	check "$what: the error names it ('$expected')" grep -qF -- "$expected" "$out.stderr"
	dir=$(ls -d "$out"/*.failed 2>/dev/null | head -n1)
	check "$what: run directory kept as .failed" [ -n "$dir" ]
	check "$what: meta.json says failed, with the error" \
		sh -c "jq -e --arg e '$expected' '.status == \"failed\" and (.error | contains(\$e))' '$dir/meta.json' >/dev/null"
	check "$what: serial log kept ('$pattern')" \
		sh -c "cat '$dir'/serial*.log 2>/dev/null | grep -qE '$pattern'"
	check "$what: no partial directory left" [ -z "$(ls -d "$out"/.*partial* 2>/dev/null)" ]
	check "$what: earlier result directory untouched" [ "$(earlier_checksums)" = "$earlier_sums" ]
	check "$what: no QEMU of this run left" no_qemu_left
}

# No QEMU whose command line names $out ("[q]" keeps a shell whose own
# command line holds this pattern from matching it).
no_qemu_left() {
	! pgrep -f "[q]emu-system-x86_64 .*$out" >/dev/null
}

# One row of the table of faults and outcomes, quoted in reports.
fault_row() {
	printf 'FAULT | %s | %s\n' "$1" "$2"
}

# A QEMU bench failed to end is ended here, by the pid bench recorded.
fault_cleanup() {
	local f pid
	for f in "$out"/*/qemu-*.pid "$out"/.*partial*/qemu-*.pid; do
		[ -f "$f" ] || continue
		pid=$(cat "$f")
		if pgrep -f "[q]emu-system-x86_64 .*$out" | grep -qx "$pid"; then
			kill -9 "$pid"
		fi
	done
	rm -rf "$out" "$out.stdout" "$out.stderr"
}

# qemu_pid ROLE: the pid of this run's source or destination QEMU.
qemu_pid() {
	cat "$partial/qemu-$1.pid"
}
