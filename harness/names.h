/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_NAMES_H
#define LOCKHOLD_NAMES_H

#include <stdbool.h>
#include <string.h>

/*
 * Variant, kernel and workload names become path components: allow only
 * characters that cannot climb out of their directory.
 */
static inline bool name_is_safe(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 63 || s[0] == '.' || s[0] == '-')
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz"
			 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == n;
}

#endif
