/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_ZONE_LOCKS_H
#define LOCKHOLD_ZONE_LOCKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../guest/protocol.h"
#include "trace_reader.h"

#define ZONE_LOCKS_FILE PROTO_FILE_ZONE_LOCKS
#define ZONE_LOCKS_MAX 64

/*
 * One line of the kernel's boot record of its lock addresses: a zone's
 * zone->lock ("nid=0 zone=DMA32 lock=0x...") or a node's LRU lock
 * ("nid=0 lru_lock=0x...").
 */
struct zone_lock_record {
	uint64_t addr;
	int nid;
	bool lru; /* the node's lru_lock; zone is "" */
	char zone[TRACE_ZONE_NAME_LEN];
};

struct zone_lock_boot {
	struct zone_lock_record rec[ZONE_LOCKS_MAX];
	int n;
};

/*
 * Parse the lines of f; name is the file as errors call it. Returns 0, or
 * -1 with a one-line error naming the file, the line and the value.
 */
int zone_locks_parse(FILE *f, const char *name, struct zone_lock_boot *b,
		     char *err, size_t errlen);

/*
 * dir/zone-locks.txt: 0 read, 1 no such file (a run from before the
 * kernels wrote it), -1 unreadable or malformed (err says why).
 */
int zone_locks_load(const char *dir, struct zone_lock_boot *b, char *err,
		    size_t errlen);

#endif
