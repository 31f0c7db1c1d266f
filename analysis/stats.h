/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_STATS_H
#define LOCKHOLD_STATS_H

#include <stdbool.h>
#include <stddef.h>

/* One metric over the repetitions of one group. */
struct summary {
	size_t n;
	double mean, sd, min, max;
	double ci95; /* half width of the 95 % interval of the mean; 0 if n < 2 */
};

/* Welch's unequal-variance t-test of a against the baseline b. */
struct welch {
	bool valid; /* both sides have n >= 2 */
	double t, df, p; /* two-sided p */
	double change_pct; /* (mean a - mean b) / mean b, in % */
	bool change_valid; /* mean b is not 0 */
};

struct summary summarize(const double *v, size_t n);

struct welch welch_test(const struct summary *a, const struct summary *b);

/* "**" p < 0.01, "*" p < 0.05, "" otherwise, the marks of the report. */
const char *significance_mark(const struct welch *w);

#endif
