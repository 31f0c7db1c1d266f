/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_SCALING_H
#define LOCKHOLD_SCALING_H

#include <jansson.h>
#include <stdio.h>

#include "groups.h"

/*
 * How each variant's hinting holds grow with the guest: the groups of one
 * variant (and boot parameters) that differ only in guest size, pooled.
 * Per size: holds, hold p50/max, entries visited per hold, rounds, free
 * blocks walked per round by zone, total hold and time per round. Fits:
 * hold on entries visited (hint_fit: ns per entry, R², inflated holds),
 * the longest hold's entries and time, and the total hold per round,
 * each on guest size (least squares: slope per GiB, R²); and from those
 * an extrapolation to 64 GiB, 256 GiB and 1 TiB guests. As JSON, an array
 * of series {variant, context, sizes, fits, extrapolation}; an empty array
 * when no variant ran at two sizes or more.
 */
json_t *scaling_series(const struct comparison *c);

/* The report's "Scaling with guest size" section, from scaling_series() */
void scaling_report(FILE *f, json_t *series, int tcg);

#endif
