#!/usr/bin/env bash
# Build the guest kernel of one variant: pristine linux-source-6.12, the common
# patches and the variant's own, tinyconfig plus the config fragments. A kernel
# is identified by a hash of all of its inputs, so an unchanged kernel costs
# nothing, and variants that name the same kernel share one build.
# --debug=1 builds the variant's debug kernel instead: the same kernel plus
# kernel-variants/common/debug.config (lockdep, KASAN, ...), in
# build/kernel/<kernel>-debug, with inputs of its own.
set -euo pipefail
LOCKHOLD_ROOT=$(cd "$(dirname "$0")/.." && pwd)

debug=0
case "${1:-}" in
--debug=*)
	debug=${1#--debug=}
	shift
	;;
esac
case "$debug" in
0 | 1) ;;
*)
	echo "error: invalid DEBUG '$debug' (accepted: 0, 1)" >&2
	exit 2
	;;
esac
variant=${1:?usage: kernel.sh [--debug=0|1] VARIANT}
tarball=${LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
build=$LOCKHOLD_ROOT/build
pristine=$build/linux-source-6.12
# variant.conf has one parser, the harness's (harness/variant.c).
make -s -C "$LOCKHOLD_ROOT" build/host/variant-conf >/dev/null
kernel=$(LOCKHOLD_ROOT=$LOCKHOLD_ROOT "$build/host/variant-conf" "$variant" kernel)
vdir=$LOCKHOLD_ROOT/kernel-variants/$variant
common=$LOCKHOLD_ROOT/kernel-variants/common

shopt -s nullglob
own_patches=("$vdir"/*.patch)
own_config=()
[ -f "$vdir/config" ] && own_config=("$vdir/config")
if [ "$kernel" != "$variant" ] && [ $((${#own_patches[@]} + ${#own_config[@]})) -gt 0 ]; then
	echo "error: variant '$variant' shares kernel '$kernel' but has patches or a config of its own; set kernel = $variant in $vdir/variant.conf" >&2
	exit 1
fi
# A shared kernel is built from the patches and config of the variant
# named after it (batched-bounded runs batched's kernel); mainline has none.
# Any other choice would rebuild the shared kernel without them.
kdir=$LOCKHOLD_ROOT/kernel-variants/$kernel
kernel_patches=("${own_patches[@]}")
kernel_config=("${own_config[@]}")
if [ "$kernel" != "$variant" ] && [ -d "$kdir" ]; then
	kernel_patches=("$kdir"/*.patch)
	kernel_config=()
	[ -f "$kdir/config" ] && kernel_config=("$kdir/config")
fi
patches=("$common"/*.patch "${kernel_patches[@]}")
fragments=("$common/config" "${kernel_config[@]}")
suffix=""
if [ "$debug" = 1 ]; then
	fragments+=("$common/debug.config")
	suffix=-debug
fi

[ -f "$tarball" ] || { echo "error: kernel source $tarball missing: run 'make deps'" >&2; exit 1; }
if [ ! -f "$pristine/.lockhold-extracted" ]; then
	echo "==> extracting $tarball"
	rm -rf "$pristine" "$pristine.tmp"
	mkdir -p "$pristine.tmp"
	tar -C "$pristine.tmp" --strip-components=1 -xf "$tarball"
	touch "$pristine.tmp/.lockhold-extracted"
	mv "$pristine.tmp" "$pristine"
fi

out=$build/kernel/$kernel$suffix
bzimage=$out/arch/x86/boot/bzImage
inputs=$( (stat -c '%n %s %Y' "$tarball"; sha256sum "${patches[@]}" "${fragments[@]}" \
	"$LOCKHOLD_ROOT/scripts/kernel.sh" "$LOCKHOLD_ROOT/scripts/kernel-config.sh") | sha256sum | cut -c1-16)
if [ -f "$bzimage" ] && [ "$(cat "$out/.lockhold-inputs" 2>/dev/null)" = "$inputs" ]; then
	echo "==> kernel $kernel$suffix (variant $variant) up to date: $(cat "$out/kernel.release")"
	exit 0
fi

# Every kernel is built from the same path, so ccache hits across kernels on
# every file the patches leave alone (the source path is part of its hash).
# Hence one kernel build at a time.
src=$build/src/current
exec 9>"$build/.kernel-build.lock"
flock 9
echo "==> kernel $kernel$suffix: ${#patches[@]} patch(es) on $(make -s -C "$pristine" kernelversion)"
rm -rf "$src"
mkdir -p "$build/src"
# Hard links keep the copy cheap; patch(1) replaces the files it modifies, so
# the pristine tree is never written through a link.
cp -al "$pristine" "$src"
for p in "${patches[@]}"; do
	if ! patch -d "$src" -p1 --batch --forward --quiet <"$p" >"$build/src/patch.log" 2>&1; then
		echo "error: patch $p does not apply to $(make -s -C "$pristine" kernelversion): $(head -n 3 "$build/src/patch.log" | tr '\n' ' ')(accepted: git format-patch patches that apply in order after kernel-variants/common's)" >&2
		exit 1
	fi
done

mkdir -p "$out"
rm -f "$out/.lockhold-inputs"
"$LOCKHOLD_ROOT/scripts/kernel-config.sh" "$src" "$out" "${fragments[@]}"

jobs=$(($(nproc) + 1))
echo "==> building kernel $kernel$suffix for variant $variant ($(make -s -C "$src" kernelversion), -j$jobs, ccache)"
start=$(date +%s)
# Fixed build identity keeps version strings, and so ccache hits, stable.
export CCACHE_BASEDIR=$build CCACHE_SLOPPINESS=time_macros,include_file_mtime,include_file_ctime
make -s -C "$src" O="$out" -j"$jobs" CC="ccache gcc" HOSTCC="ccache gcc" \
	KBUILD_BUILD_TIMESTAMP="$(date -u -R -d @"$(stat -c %Y "$tarball")")" KBUILD_BUILD_USER=lockhold KBUILD_BUILD_HOST=lockhold \
	bzImage
make -s -C "$src" O="$out" kernelrelease >"$out/kernel.release"
echo "$inputs" >"$out/.lockhold-inputs"
echo "==> kernel $kernel$suffix built in $(($(date +%s) - start)) s: $(cat "$out/kernel.release")"
