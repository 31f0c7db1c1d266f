# Shared by the test scripts: count checks, print them as TAP (kselftest
# style) and the closing line.
#
#   ok 3 - what was checked
#   not ok 4 - what was checked
#   ok 5 - what was checked # SKIP why
#
# A check that runs a test binary or script nests that one's output, each
# line prefixed with "# ", so that its own checks do not read as ours.
# After the checks: the plan (1..N), what failed, then
# "N passed, N failed" (and "N skipped", when any was).
count=0
passed=0
failed=0
skipped=0
failures=()

pass() {
	count=$((count + 1))
	passed=$((passed + 1))
	echo "ok $count - $*"
}

fail() {
	count=$((count + 1))
	failed=$((failed + 1))
	failures+=("$*")
	echo "not ok $count - $*"
}

# skip "why" "description": not run, and neither passed nor failed.
skip() {
	local why=$1
	shift
	count=$((count + 1))
	skipped=$((skipped + 1))
	echo "ok $count - $* # SKIP $why"
}

# check "description" command...: the command's exit status decides.
check() {
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}

# nested command...: run it with its output (stdout and stderr) indented
# as TAP diagnostics; its exit status is the command's.
nested() {
	"$@" 2>&1 | sed -u 's/^/# /'
	return "${PIPESTATUS[0]}"
}

# run_units BINARY...: each cmocka binary is one check.
run_units() {
	local t
	for t in "$@"; do
		check "unit: ${t#build/tests/}" nested "$t"
	done
}

# run_scripts SUITE DIR: each DIR/test_*.sh is one check, its own checks
# printed, nested, as it goes.
run_scripts() {
	local suite=$1 dir=$2 t
	for t in "$dir"/test_*.sh; do
		echo "# ==> $(basename "$t")"
		check "$suite: $(basename "$t" .sh)" nested "$t"
	done
}

finish() {
	echo "1..$count"
	if [ ${#failures[@]} -gt 0 ]; then
		printf 'failed: %s\n' "${failures[@]}"
	fi
	[ "$skipped" -eq 0 ] || echo "$skipped skipped"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
