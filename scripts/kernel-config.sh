#!/usr/bin/env bash
# kernel-config.sh SRC OUT FRAGMENT...: tinyconfig + fragments into OUT/.config,
# then fail if any option a fragment asks for is not in the result (Kconfig
# drops options whose dependencies are unmet, without an error).
set -euo pipefail
src=$1 out=$2
shift 2
make -s -C "$src" O="$out" tinyconfig >/dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$@" >"$out/merge_config.log"
make -s -C "$src" O="$out" olddefconfig >/dev/null

missing=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=n) want="# ${line%=n} is not set" ;;
	CONFIG_*=*) want=$line ;;
	*) continue ;;
	esac
	if ! grep -qxF "$want" "$out/.config"; then
		if [ "${line#*=}" = n ] && ! grep -q "^${line%=n}=" "$out/.config"; then
			continue
		fi
		echo "error: kernel option '$line' did not survive the merge (unmet dependency?)" >&2
		missing=1
	fi
done < <(cat "$@")
exit $missing
