#!/usr/bin/env bash
# run-unit.sh TEST_BINARY...: the cmocka unit tests (built with ASan/UBSan).
set -u
. "$(dirname "$0")/lib.sh"
run_units "$@"
finish
