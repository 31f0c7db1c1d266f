/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_EVENTS_H
#define LOCKHOLD_EVENTS_H

#include <stddef.h>

/*
 * Check a --events list against a guest kernel's System.map: a
 * "system:event" needs the event's tracepoint and the trace system, a
 * "system" the trace system. Returns 0 when every name is there, 1 with the
 * first unknown name copied into bad, or -1 when System.map cannot be read.
 */
int events_check(const char *system_map, const char *events, char *bad,
		 size_t badlen);

#endif
