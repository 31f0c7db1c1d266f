#!/usr/bin/env bash
# scripts/deps.sh installs without recommends, so every package whose
# programs the host-side scripts run must come from its list: each command
# the scripts, tests and Makefiles invoke, when a Debian package provides it
# here, must belong to a package in the dependency closure of the list
# (recommends left out) or to the essential/required base of any Debian.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh

if ! apt-cache show build-essential >/dev/null 2>&1; then
	skip "apt has no package lists here (run apt-get update)" "deps: the closure of scripts/deps.sh --list"
	finish
	exit
fi
mapfile -t listed < <(scripts/deps.sh --list)
closure=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
	--no-breaks --no-replaces --no-enhances "${listed[@]}" 2>/dev/null | grep -v '^[ <]' | sort -u)
base=$(dpkg-query -W -f='${Package} ${Essential} ${Priority}\n' | awk '$2 == "yes" || $3 == "required" { print $1 }')

# Words in command position: line starts, after | ; & ( $( then do else !,
# recipe lines; only those a package here owns are kept.
command_words() {
	sed 's/#.*$//' scripts/*.sh tests/*.sh tests/*/*.sh analysis/*.sh analysis/analysis.mk Makefile .ci/run |
		grep -oE '(^|[|;&(`]|\$\(|\bthen |\bdo |\belse |! |^\s*@|exec |xargs )\s*[a-z][a-z0-9_.+-]*' |
		grep -oE '[a-z][a-z0-9_.+-]*$' | sort -u
}
owner() {
	local p o
	for p in "$1" "${1#/usr}" "$(readlink -f "$1")"; do
		o=$(dpkg -S "$p" 2>/dev/null | grep -v '^diversion' | head -n1 | cut -d: -f1)
		[ -n "$o" ] && { echo "$o"; return; }
	done
}

# Words the pattern takes for commands that no script runs from a package:
# perf is built from the kernel tree (make perf); reboot is a bad --events
# value in test_bad_input.sh.
not_from_packages=" perf reboot "
uncovered=() covered=0
for w in $(command_words); do
	[[ $not_from_packages == *" $w "* ]] && continue
	path=$(type -P "$w") || continue
	pkg=$(owner "$path")
	[ -n "$pkg" ] || continue
	if grep -qx "$pkg" <<<"$closure$(printf '\n%s' "$base")"; then
		covered=$((covered + 1))
	else
		uncovered+=("$w ($pkg)")
	fi
done
check "deps: $covered commands the scripts run come from deps.sh's packages without recommends${uncovered[*]:+; not: ${uncovered[*]}}" \
	[ ${#uncovered[@]} -eq 0 ]
finish
