#!/usr/bin/env bash
# run.sh [--suite unit|native|integration]... [UNIT_TEST_BINARY...]: the
# suites asked for (all three when none is named), with one closing
# "N passed, N failed" line over all of them. `make test` runs every suite,
# `make unit` and `make integration` one each.
set -u
here=$(dirname "$0")
. "$here/lib.sh"
suites=()
while [ $# -gt 0 ]; do
	case $1 in
	--suite)
		case ${2:-} in
		unit | native | integration) suites+=("$2") ;;
		*)
			echo "error: invalid --suite '${2:-}' (accepted: unit, native, integration)" >&2
			exit 2
			;;
		esac
		shift 2
		;;
	*) break ;;
	esac
done
[ ${#suites[@]} -gt 0 ] || suites=(unit native integration)
echo "TAP version 13"
start=$(date +%s)
for suite in "${suites[@]}"; do
	case $suite in
	unit) run_units "$@" ;;
	*) run_scripts "$suite" "$here/$suite" ;;
	esac
done
echo "# tests took $(($(date +%s) - start)) s"
finish
