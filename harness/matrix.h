/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_MATRIX_H
#define LOCKHOLD_MATRIX_H

#include <stddef.h>

#include "options.h"
#include "sweep.h"

#define MATRIX_CELLS_MAX 100000
#define MATRIX_JOBS "jobs.txt"
#define MATRIX_JSON "matrix.json"

/*
 * A matrix (bench --matrix NAME): the runs bench would make, each a cell
 * of its own, one run, written as a job list for GNU parallel or a Slurm
 * array instead of run. OUT/matrix-NAME/ holds jobs.txt, line K the
 * self-contained command of cell K (run from the lockhold tree, as
 * ./bench is), and matrix.json, what each cell is. Cell K writes its run
 * directory under OUT/matrix-NAME/cell-K (K zero-padded to the width of
 * the count), so that a cell run again after a failure adds a directory
 * beside its failed attempt and touches no other cell's.
 */

/* What cell k (from 1) runs, in the order bench would run them:
 * repetition outermost, then the workloads, then sweep_plan's points. */
struct matrix_cell {
	unsigned int repetition; /* from 1 */
	unsigned int workload; /* index into o->workloads */
	size_t point; /* index into the points */
};

/* How many cells: repetitions x workloads x points */
size_t matrix_cells(const struct bench_options *o, size_t npoints);

struct matrix_cell matrix_cell_at(const struct bench_options *o, size_t npoints,
				  size_t k);

/*
 * s quoted for a POSIX shell, when it needs it: in single quotes, each '
 * as '\''. -1 when out is too short.
 */
int matrix_shell_quote(const char *s, char *out, size_t len);

/*
 * Cell k's command line into buf: ./bench --cell NAME:K and the cell's
 * variant, workload, size, --param values, --first-run and --out, then
 * every other option given to bench --matrix, as given. -1 when buf is too
 * short.
 */
int matrix_command(const struct bench_options *o, const char *dir,
		   const struct sweep_point *points, size_t npoints, size_t k,
		   char *buf, size_t len);

/* The directory of cell k of a matrix of n cells, under dir; -1 when buf
 * is too short */
int matrix_cell_dir(const char *dir, size_t n, size_t k, char *buf, size_t len);

/*
 * Write the matrix of o (o->matrix) of the points into a new
 * OUT/matrix-NAME, renamed into place whole; root is the lockhold tree,
 * where the cells' commands run (a relative --out is taken from there).
 * 0, or -1 with a one-line message in err; an existing directory of that
 * name is an error, left as it was.
 */
int matrix_write(const struct bench_options *o, const char *root,
		 const struct sweep_point *points, size_t npoints, char *err,
		 size_t errlen);

#endif
