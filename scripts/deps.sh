#!/usr/bin/env bash
# Install the Debian packages lockhold needs, if any is missing. As root this
# runs apt-get; otherwise it prints the exact command and fails.
set -euo pipefail
packages=(
	build-essential pkg-config ccache flex bison bc cpio xz-utils kmod
	libelf-dev libssl-dev linux-source-6.12
	qemu-system-x86 qemu-utils busybox-static
	trace-cmd libtracecmd-dev libtracefs-dev libtraceevent-dev
	libjansson-dev libcmocka-dev libgsl-dev gnuplot-nox jq
	clang-format
)
missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
	echo "error: missing Debian packages: ${missing[*]}" >&2
	echo "run as root: $cmd" >&2
	exit 1
fi
echo "==> installing: ${missing[*]}"
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
