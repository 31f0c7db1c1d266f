#!/usr/bin/env bash
# Install the Debian packages lockhold needs, if any is missing. As root this
# runs apt-get; otherwise it prints the exact commands and fails.
# --list prints the packages, one a line, those of --slurm too
# (tests/native/test_deps_cover_commands.sh). --slurm also installs Slurm
# and munge, for scripts/slurm-local.sh's one-node cluster and for
# scripts/matrix.sh slurm: daemons most machines do not want.
# GNU parallel runs a matrix of cells (scripts/matrix.sh run), over ssh
# on other hosts, rsync bringing their results back.
#
# Without recommends: they pulled in hundreds of packages nothing here uses
# (speech data, spell checkers, GUI themes). What the scripts run is listed
# explicitly instead, column (bsdextrautils), ss (iproute2), pgrep (procps) and git among it;
# tests/native/test_deps_cover_commands.sh checks the list covers them.
#
# QEMU comes from bookworm-backports (10.0): Debian 12's QEMU 7.2 loses guest
# writes across a TCG live migration (fixed upstream in 9.0, "physmem: Fix
# migration dirty bitmap coherency with TCG memory access"); here that
# corrupted 2 of 12 migrated guests on 7.2 and 0 of 12 on 10.0.
set -euo pipefail
packages=(
	build-essential pkg-config ccache flex bison bc cpio xz-utils kmod
	libelf-dev libssl-dev linux-source-6.12
	busybox-static
	trace-cmd libtracecmd-dev libtracefs-dev libtraceevent-dev
	libjansson-dev libcmocka-dev libgsl-dev gnuplot-nox jq
	clang-format patch git bsdextrautils iproute2 procps
	parallel openssh-client rsync
)
qemu_packages=(qemu-system-x86 qemu-utils)
slurm_packages=(slurm-wlm munge)
case ${1:-} in
--list)
	printf '%s\n' "${packages[@]}" "${qemu_packages[@]}" "${slurm_packages[@]}"
	exit 0
	;;
--slurm) packages+=("${slurm_packages[@]}") ;;
'') ;;
*)
	echo "error: invalid option '$1' (accepted: --list, --slurm, or none)" >&2
	exit 2
	;;
esac
qemu_min=1:9.0
backports_list=/etc/apt/sources.list.d/lockhold-bookworm-backports.list
# from the mirror the machine already uses, not one written here
backports_line="deb $("$(dirname "$0")/apt-mirror.sh" bookworm) bookworm-backports main"

missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing+=("$p")
done
qemu=$(dpkg-query -W -f='${Version}' qemu-system-x86 2>/dev/null || true)
need_qemu=0
if [ -z "$qemu" ] || ! dpkg --compare-versions "$qemu" ge "$qemu_min"; then
	need_qemu=1
fi
[ ${#missing[@]} -eq 0 ] && [ $need_qemu -eq 0 ] && exit 0

have_backports=0
grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/ && have_backports=1

if [ "$(id -u)" != 0 ]; then
	echo "error: missing Debian packages: ${missing[*]}${need_qemu:+ }$([ $need_qemu = 1 ] && echo "qemu-system-x86 (>= $qemu_min, have '${qemu:-none}')")" >&2
	echo "run as root:" >&2
	[ $have_backports = 1 ] || echo "  echo '$backports_line' > $backports_list" >&2
	echo "  apt-get update" >&2
	[ ${#missing[@]} -eq 0 ] || echo "  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}" >&2
	[ $need_qemu = 0 ] || echo "  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -t bookworm-backports ${qemu_packages[*]}" >&2
	exit 1
fi
if [ $need_qemu = 1 ] && [ $have_backports = 0 ]; then
	echo "==> adding bookworm-backports for QEMU >= $qemu_min: $backports_list"
	echo "$backports_line" >"$backports_list"
fi
apt-get update -q
if [ ${#missing[@]} -gt 0 ]; then
	echo "==> installing: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if [ $need_qemu = 1 ]; then
	echo "==> installing QEMU from bookworm-backports (have '${qemu:-none}', need >= $qemu_min)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -t bookworm-backports "${qemu_packages[@]}"
fi
