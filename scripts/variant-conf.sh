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

# variant_dir NAME: the directory of a variant, or a one-line error.
variant_dir() {
	local dir="$LOCKHOLD_ROOT/kernel-variants/$1"
	case "$1" in
	"" | */* | .*) ;;
	*) [ -f "$dir/variant.conf" ] && { echo "$dir"; return 0; } ;;
	esac
	echo "error: unknown variant '$1' (accepted: $(variant_list | paste -sd, | sed 's/,/, /g'))" >&2
	return 1
}
