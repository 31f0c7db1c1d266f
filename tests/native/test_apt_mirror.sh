#!/usr/bin/env bash
# scripts/apt-mirror.sh: bookworm-backports comes from the mirror the
# machine's apt sources already name, in either format, and from
# deb.debian.org only when none does.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
etc=$(mktemp -d /tmp/lockhold-test-apt.XXXXXX)
trap 'rm -rf "$etc"' EXIT
mirror() { APT_ETC="$etc/$1" scripts/apt-mirror.sh; }

mkdir -p "$etc"/list/sources.list.d "$etc"/deb822/sources.list.d "$etc"/none/sources.list.d
cat >"$etc/list/sources.list" <<'END'
# deb http://commented.example.org/debian bookworm main
deb http://mirror.example.org/debian bookworm-backports main
deb [arch=amd64 signed-by=/k.gpg] http://mirror.example.org/debian bookworm main contrib
END
cat >"$etc/deb822/sources.list.d/debian.sources" <<'END'
Types: deb
URIs: http://security.example.org/debian-security
Suites: bookworm-security

Types: deb
Suites: bookworm bookworm-updates
URIs: http://ftp.example.de/debian
Components: main
END
echo "deb http://other.example.org/ubuntu jammy main" >"$etc/none/sources.list"

check "one-line sources: the bookworm line's mirror ($(mirror list))" \
	[ "$(mirror list)" = http://mirror.example.org/debian ]
check "deb822 sources: the stanza with Suites bookworm, URIs after it ($(mirror deb822))" \
	[ "$(mirror deb822)" = http://ftp.example.de/debian ]
check "no bookworm source: deb.debian.org ($(mirror none))" \
	[ "$(mirror none)" = http://deb.debian.org/debian ]
finish
