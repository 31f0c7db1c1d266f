#!/usr/bin/env bash
# initramfs.sh OUT WORKLOAD_BIN...: one guest image for every variant:
# busybox, trace-cmd with the shared libraries it loads, the guest init,
# prefill and the workload binaries.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$1
shift
stage=$(mktemp -d "${out}.stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,usr/bin,lockhold/bin,proc,sys,dev,tmp,results,etc}
cp /bin/busybox "$stage/bin/busybox"
cp "$root/guest/init" "$stage/init"
cp "$root/build/guest/prefill" "$stage/lockhold/bin/"
for w in "$@"; do cp "$w" "$stage/lockhold/bin/"; done

# trace-cmd is linked dynamically (libtraceevent, libtracefs, libzstd, libc):
# copy it with the libraries ldd resolves and the loader. So is perf, the
# second instrument, when PERF_BIN names one (make PERF=1).
for tool in /usr/bin/trace-cmd ${PERF_BIN:+"$PERF_BIN"}; do
	cp "$tool" "$stage/usr/bin/"
	ldd "$tool" | grep -o '/[^ ]*' | while read -r lib; do
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
done

(cd "$stage" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc --owner=0:0 --quiet --reproducible) | gzip -9n >"$out.tmp"
mv "$out.tmp" "$out"
echo "==> initramfs $out: $(du -h "$out" | cut -f1), workloads: $(for w in "$@"; do basename "$w"; done | tr '\n' ' ')"
