#!/usr/bin/env bash
# run.sh UNIT_TEST_BINARY...: everything `make test` runs, with one closing
# "N passed, N failed" line over all of it.
set -u
here=$(dirname "$0")
. "$here/lib.sh"
start=$(date +%s)
run_units "$@"
for t in "$here"/native/test_*.sh; do
	echo "==> $(basename "$t")"
	if "$t"; then pass "native: $(basename "$t" .sh)"; else fail "native: $(basename "$t" .sh)"; fi
done
for t in "$here"/integration/test_*.sh; do
	echo "==> $(basename "$t")"
	if "$t"; then pass "integration: $(basename "$t" .sh)"; else fail "integration: $(basename "$t" .sh)"; fi
done
echo "tests took $(($(date +%s) - start)) s"
finish
