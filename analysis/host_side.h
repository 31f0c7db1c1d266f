/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_HOST_SIDE_H
#define LOCKHOLD_HOST_SIDE_H

#include <jansson.h>
#include <stddef.h>

#include "host_samples.h"

/*
 * A give-back this small against the peak is no give-back: no time to
 * half or 90 % of it (what QEMU's own heap moves by, not guest RAM).
 */
#define HOST_GIVE_BACK_MIN_SHARE 0.05
/* Points of a QEMU's memory over time kept for the plot, at most */
#define HOST_SERIES_POINTS 1000

/*
 * metrics.json "host" of a run, from its host sampler's files (h) and
 * meta.json's host_sampling (sampling, may be NULL). Per QEMU (roles):
 * the guest RAM resident (RssAnon) at its peak and at the end, what was
 * given back (peak - end) and how fast (from the peak to half and 90 %
 * of it), at the migration's start and, for a destination, right after
 * the switch-over; and the VMM's CPU time per thread class (vcpu,
 * migration, io, rcu, main, other) over the run and inside the migration
 * windows, as ms and as % of one CPU.
 */
json_t *host_side(const struct host_samples_read *h, json_t *sampling);

#endif
