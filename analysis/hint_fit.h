/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_HINT_FIT_H
#define LOCKHOLD_HINT_FIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Fewer holds than this say nothing about the cost of a unit of work. */
#define HINT_FIT_MIN_HOLDS 10
/*
 * A hold counts as inflated (its vCPU lost the host CPU while holding the
 * lock) when it took both more than this many times the fitted time and
 * this much longer than it.
 */
#define HINT_FIT_INFLATED_RATIO 2.0
#define HINT_FIT_INFLATED_NS 20000.0

/* The work columns a hold's time is fitted on. */
enum hint_fit_col { HINT_FIT_VISITED, HINT_FIT_PAGES_SCANNED, HINT_FIT_COLS };

struct hint_fit_point {
	double hold_ns;
	double x[HINT_FIT_COLS];
};

/*
 * Robust (bisquare) linear fit of hold_ns on the columns that vary, then
 * the inflated holds counted against it, as JSON: {"fitted": true, n,
 * intercept_ns, ns_per_visited, ns_per_page_scanned, r2, r2_of, inflated,
 * inflated_share, columns} or {"fitted": false, n, reason}. known[c] false:
 * column c was not measured (named in the reason when it matters).
 */
json_t *hint_fit(const struct hint_fit_point *p, size_t n,
		 const bool known[HINT_FIT_COLS]);

#endif
