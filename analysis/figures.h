/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_FIGURES_H
#define LOCKHOLD_FIGURES_H

#include <jansson.h>
#include <stdbool.h>

/*
 * The figures of one run, flat: name -> number. They are what the
 * comparison averages, one statistic per name; the nested parts of
 * metrics.json are the detail behind them.
 */
struct figure_def {
	const char *name;
	const char *source; /* "part.path.in.metrics", dots between keys */
	const char *unit;
	bool from_trace; /* unusable when the trace is not */
	const char *what;
	/* what the figure is of, in metrics, e.g. the holds of a p50: the
	 * report shows it next to the figure; NULL when it is a count */
	const char *of;
};

extern const struct figure_def figure_defs[];
extern const int figure_count;

const struct figure_def *figure_find(const char *name);

/* Every figure_defs entry found in metrics, as {name: number}. */
json_t *figures_from_metrics(json_t *metrics, bool trace_usable);

/* The value at a dotted path of j ("a.b.c"), or NULL. */
json_t *figure_path(json_t *j, const char *path);

/* The number at a dotted path of j, or NULL. */
json_t *figure_lookup(json_t *j, const char *path);

/*
 * Why a run's metrics lack figure d, when they say (a percentile left out:
 * "n too small (n=3)"), or NULL.
 */
const char *figure_note(json_t *metrics, const struct figure_def *d);

/* The count behind figure d in a run's metrics (d->of), if it has one. */
bool figure_n(json_t *metrics, const struct figure_def *d, double *n);

#endif
