# Shared by the test scripts: count checks and print the closing line.
passed=0
failed=0
failures=()

pass() {
	passed=$((passed + 1))
	echo "PASS: $*"
}

fail() {
	failed=$((failed + 1))
	failures+=("$*")
	echo "FAIL: $*"
}

# check "description" command...: the command's exit status decides.
check() {
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}

# run_units BINARY...: each cmocka binary is one check.
run_units() {
	local t
	for t in "$@"; do
		check "unit: ${t#build/tests/}" "$t"
	done
}

# run_scripts SUITE DIR: each DIR/test_*.sh is one check, its own checks
# printed as it goes.
run_scripts() {
	local suite=$1 dir=$2 t
	for t in "$dir"/test_*.sh; do
		echo "==> $(basename "$t")"
		check "$suite: $(basename "$t" .sh)" "$t"
	done
}

finish() {
	if [ ${#failures[@]} -gt 0 ]; then
		printf 'failed: %s\n' "${failures[@]}"
	fi
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
