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

finish() {
	if [ ${#failures[@]} -gt 0 ]; then
		printf 'failed: %s\n' "${failures[@]}"
	fi
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
