#!/usr/bin/env bash
# run-unit.sh TEST_BINARY...: the cmocka unit tests (built with ASan/UBSan).
set -u
. "$(dirname "$0")/lib.sh"
for t in "$@"; do
	if "$t"; then pass "unit: $(basename "$t")"; else fail "unit: $(basename "$t")"; fi
done
finish
