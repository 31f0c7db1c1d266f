# Shell helpers for kernel-variants/<name>/variant.conf, sourced by the build
# scripts. The C harness parses the same format (harness/variant.c) and
# rejects unknown keys: "key = value" lines, '#' comments.

# variant_get FILE KEY: print the value of KEY, empty when absent.
variant_get() {
	sed -n "s/^[[:space:]]*$2[[:space:]]*=[[:space:]]*//p" "$1" | tail -n 1 |
		sed 's/[[:space:]]*$//'
}

variant_list() {
	local d
	for d in "$LOCKHOLD_ROOT"/kernel-variants/*/; do
		[ -f "$d/variant.conf" ] && basename "$d"
	done
}

# variant_check FILE: a one-line error for a line of FILE that is not a
# comment or a known key, as harness/variant.c rejects it.
variant_check() {
	local line key value n=0 keys="description, kernel, balloon, cmdline"
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		line=$(echo "$line" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
		case "$line" in
		"" | "#"*) continue ;;
		*=*) ;;
		*)
			echo "error: $1:$n: expected 'key = value', got '$line' (accepted keys: $keys)" >&2
			return 1
			;;
		esac
		key=$(echo "${line%%=*}" | sed 's/[[:space:]]*$//')
		case "$key" in
		kernel)
			# It names a build directory: nothing that climbs out.
			value=$(echo "${line#*=}" | sed 's/^[[:space:]]*//')
			case "$value" in
			"" | [.-]* | *[!A-Za-z0-9._-]*)
				[ -z "$value" ] || {
					echo "error: $1:$n: invalid kernel '$value' (accepted: letters, digits, '-', '_', '.', not first '.' or '-')" >&2
					return 1
				}
				;;
			esac
			;;
		description | balloon | cmdline) ;;
		*)
			echo "error: $1:$n: unknown key '$key' (accepted: $keys)" >&2
			return 1
			;;
		esac
	done <"$1"
}

# variant_dir NAME: the directory of a variant, or a one-line error; its
# variant.conf must hold only known keys.
variant_dir() {
	local dir="$LOCKHOLD_ROOT/kernel-variants/$1"
	case "$1" in
	"" | */* | .*) ;;
	*) [ -f "$dir/variant.conf" ] && { variant_check "$dir/variant.conf" && echo "$dir"; return; } ;;
	esac
	echo "error: unknown variant '$1' (accepted: $(variant_list | paste -sd, | sed 's/,/, /g'))" >&2
	return 1
}
