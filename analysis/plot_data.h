/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_PLOT_DATA_H
#define LOCKHOLD_PLOT_DATA_H

#include <stdbool.h>

#include "groups.h"

enum plot {
	PLOT_HOLD_CDF,
	PLOT_WAIT_CDF,
	PLOT_MIGRATION,
	PLOT_HINTING,
	PLOT_WORKLOAD,
	PLOT_HOLD_VS_SIZE,
	PLOT_HOST_RSS,
	PLOTS
};

struct plot_desc {
	const char *name; /* analysis/plots/NAME.gp draws data/NAME.dat */
	const char *caption;
};

extern const struct plot_desc plot_descs[PLOTS];

/*
 * The context most runs share: the plots but hold_vs_size show it (one
 * figure per context would bury the reader).
 */
const char *plot_context(const struct comparison *c);

/*
 * Write dir/NAME.dat and dir/NAME.vars (gnuplot variables: the block names)
 * for each plot the runs have data for; drawn[p] says which.
 */
int plot_data_write(const char *dir, const struct comparison *c,
		    bool drawn[PLOTS], char *err, size_t errlen);

#endif
