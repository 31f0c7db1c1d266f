#!/usr/bin/env bash
# apt-mirror.sh [SUITE]: the Debian mirror this machine's apt sources already
# use for SUITE (default bookworm), from one-line .list files or deb822
# .sources stanzas, so that bookworm-backports comes from the same place;
# http://deb.debian.org/debian when none names one. APT_ETC (default
# /etc/apt) is where the sources are read, for the tests.
set -euo pipefail
suite=${1:-bookworm}
etc=${APT_ETC:-/etc/apt}
shopt -s nullglob
uri=""
lists=("$etc"/sources.list "$etc"/sources.list.d/*.list)
for f in "${lists[@]}"; do
	[ -f "$f" ] || continue
	uri=$(sed -nE "s/^deb +(\[[^]]*\] +)?(https?:\/\/[^ ]+) +$suite( .*)?$/\2/p" "$f" | head -n 1 || true)
	[ -z "$uri" ] || break
done
if [ -z "$uri" ]; then
	for f in "$etc"/sources.list.d/*.sources; do
		# a stanza ends at a blank line; its URIs and Suites in any order
		uri=$(awk -v suite="$suite" '
			function done() { if (has && u != "") { print u; has = 0; exit } u = ""; has = 0 }
			/^[[:space:]]*$/ { done(); next }
			/^URIs:/ { u = $2 }
			/^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) has = 1 }
			END { done() }' "$f")
		[ -z "$uri" ] || break
	done
fi
echo "${uri:-http://deb.debian.org/debian}"
