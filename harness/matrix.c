// SPDX-License-Identifier: GPL-2.0
/* bench --matrix: the runs as cells of a job list (matrix.h). */
#include "matrix.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "provenance.h"
#include "rundir.h"

#define COMMAND_LEN 8192

/* The options a cell sets itself, from its place in the matrix */
static const char *const factor_options[] = {
	"variant", "workload", "mem",  "param", "runs", "first-run",
	"out",	   "matrix",   "cell", "check", "list", "help",
};

static bool is_factor(const char *name)
{
	for (size_t i = 0; i < sizeof(factor_options) / sizeof(*factor_options);
	     i++)
		if (!strcmp(name, factor_options[i]))
			return true;
	return false;
}

size_t matrix_cells(const struct bench_options *o, size_t npoints)
{
	return (size_t)o->runs * o->nworkloads * npoints;
}

struct matrix_cell matrix_cell_at(const struct bench_options *o, size_t npoints,
				  size_t k)
{
	size_t i = k - 1, per_rep = o->nworkloads * npoints;

	return (struct matrix_cell){
		.repetition = i / per_rep + 1,
		.workload = (i / npoints) % o->nworkloads,
		.point = i % npoints,
	};
}

int matrix_shell_quote(const char *s, char *out, size_t len)
{
	static const char plain[] = "abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "0123456789_-./:=,+@%";
	size_t used = 0;

	if (*s && strspn(s, plain) == strlen(s))
		return snprintf(out, len, "%s", s) < (int)len ? 0 : -1;
	if (len < 3)
		return -1;
	out[used++] = '\'';
	for (; *s; s++) {
		bool quote = *s == '\'';
		size_t n = quote ? 4 : 1;

		if (used + n + 2 > len)
			return -1;
		if (quote)
			memcpy(out + used, "'\\''", n);
		else
			out[used] = *s;
		used += n;
	}
	out[used++] = '\'';
	out[used] = '\0';
	return 0;
}

/* " --NAME VALUE" (VALUE quoted) onto buf at *used; -1 when full */
static int add_option(char *buf, size_t len, size_t *used, const char *name,
		      const char *value)
{
	char quoted[PATH_MAX * 2];
	int n;

	if (value && matrix_shell_quote(value, quoted, sizeof(quoted)))
		return -1;
	n = snprintf(buf + *used, len - *used, " --%s%s%s", name,
		     value ? " " : "", value ? quoted : "");
	if (n < 0 || (size_t)n >= len - *used)
		return -1;
	*used += n;
	return 0;
}

int matrix_cell_dir(const char *dir, size_t n, size_t k, char *buf, size_t len)
{
	int width = snprintf(NULL, 0, "%zu", n);
	int used = snprintf(buf, len, "%s/cell-%0*zu", dir, width, k);

	return used < 0 || (size_t)used >= len ? -1 : 0;
}

/* "512M", or "2G" for whole GiB, as --mem takes it */
static void mem_text(unsigned int mib, char *buf, size_t len)
{
	if (mib % 1024)
		snprintf(buf, len, "%uM", mib);
	else
		snprintf(buf, len, "%uG", mib / 1024);
}

int matrix_command(const struct bench_options *o, const char *dir,
		   const struct sweep_point *points, size_t npoints, size_t k,
		   char *buf, size_t len)
{
	struct matrix_cell c = matrix_cell_at(o, npoints, k);
	const struct sweep_point *pt = &points[c.point];
	char cell[96], mem[32], rep[16], out[PATH_MAX + 32], params[256];
	size_t used = snprintf(buf, len, "./bench");
	int bad = 0;

	snprintf(cell, sizeof(cell), "%s:%zu", o->matrix, k);
	mem_text(pt->mem_mib, mem, sizeof(mem));
	snprintf(rep, sizeof(rep), "%u", c.repetition);
	bad |= matrix_cell_dir(dir, matrix_cells(o, npoints), k, out,
			       sizeof(out));
	bad |= add_option(buf, len, &used, "cell", cell);
	bad |= add_option(buf, len, &used, "variant", o->variants[pt->variant]);
	bad |= add_option(buf, len, &used, "workload",
			  o->workloads[c.workload]);
	bad |= add_option(buf, len, &used, "mem", mem);
	/* "m.p=v m.q=w": one --param each */
	snprintf(params, sizeof(params), "%s", pt->params);
	for (char *save, *tok = strtok_r(params, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save))
		bad |= add_option(buf, len, &used, "param", tok);
	bad |= add_option(buf, len, &used, "first-run", rep);
	bad |= add_option(buf, len, &used, "out", out);
	for (unsigned int i = 0; i < o->ngiven; i++)
		if (!is_factor(o->given[i].name))
			bad |= add_option(buf, len, &used, o->given[i].name,
					  o->given[i].value);
	return bad ? -1 : 0;
}

/* The command that wrote the matrix, as given */
static void matrix_argv(const struct bench_options *o, char *buf, size_t len)
{
	size_t used = snprintf(buf, len, "./bench");

	for (unsigned int i = 0; i < o->ngiven; i++)
		if (add_option(buf, len, &used, o->given[i].name,
			       o->given[i].value))
			break;
}

static json_t *factors(const struct bench_options *o)
{
	json_t *f = json_pack("{s:[], s:[], s:[], s:[], s:I}", "variants",
			      "workloads", "mem_mib", "params", "repetitions",
			      (json_int_t)o->runs);

	for (unsigned int i = 0; i < o->nvariants; i++)
		json_array_append_new(json_object_get(f, "variants"),
				      json_string(o->variants[i]));
	for (unsigned int i = 0; i < o->nworkloads; i++)
		json_array_append_new(json_object_get(f, "workloads"),
				      json_string(o->workloads[i]));
	for (unsigned int i = 0; i < o->nmems; i++)
		json_array_append_new(json_object_get(f, "mem_mib"),
				      json_integer(o->mems_mib[i]));
	for (unsigned int i = 0; i < o->nparams; i++) {
		json_t *values = json_array();

		for (unsigned int v = 0; v < o->params[i].nvalues; v++)
			json_array_append_new(
				values, json_string(o->params[i].values[v]));
		json_array_append_new(json_object_get(f, "params"),
				      json_pack("{s:s, s:o}", "name",
						o->params[i].name, "values",
						values));
	}
	return f;
}

/* Cells run from the tree: a relative --out must be taken from there too */
static int check_where(const struct bench_options *o, const char *root,
		       char *err, size_t errlen)
{
	char here[PATH_MAX], tree[PATH_MAX];

	if (o->out_dir[0] == '/')
		return 0;
	if (getcwd(here, sizeof(here)) && realpath(root, tree) &&
	    !strcmp(here, tree))
		return 0;
	snprintf(
		err, errlen,
		"invalid --out '%s' with --matrix from outside the lockhold tree %s, where the cells run (accepted: an absolute --out, or bench run from %s)",
		o->out_dir, root, root);
	return -1;
}

/* jobs.txt and matrix.json into the partial directory */
static int write_cells(const struct bench_options *o, const struct rundir *rd,
		       const char *dir, const struct sweep_point *points,
		       size_t npoints, json_t *list, char *err, size_t errlen)
{
	static char line[COMMAND_LEN];
	char path[PATH_MAX], out[PATH_MAX + 32];
	size_t n = matrix_cells(o, npoints);
	FILE *f;

	rundir_path(rd, MATRIX_JOBS, path, sizeof(path));
	f = fopen(path, "w");
	if (!f) {
		snprintf(err, errlen, "cannot write %s: %s", path,
			 strerror(errno));
		return -1;
	}
	for (size_t k = 1; k <= n; k++) {
		struct matrix_cell c = matrix_cell_at(o, npoints, k);
		const struct sweep_point *pt = &points[c.point];

		if (matrix_command(o, dir, points, npoints, k, line,
				   sizeof(line))) {
			fclose(f);
			snprintf(
				err, errlen,
				"the command of cell %zu is longer than %d bytes (accepted: shorter option values)",
				k, COMMAND_LEN - 1);
			return -1;
		}
		fprintf(f, "%s\n", line);
		/* the command holds it, so it fits */
		(void)!matrix_cell_dir(dir, n, k, out, sizeof(out));
		json_array_append_new(
			list,
			json_pack("{s:I, s:s, s:s, s:I, s:s, s:I, s:s, s:s}",
				  "cell", (json_int_t)k, "variant",
				  o->variants[pt->variant], "workload",
				  o->workloads[c.workload], "mem_mib",
				  (json_int_t)pt->mem_mib, "params", pt->params,
				  "repetition", (json_int_t)c.repetition, "out",
				  out, "command", line));
	}
	if (fclose(f)) {
		snprintf(err, errlen, "cannot write %s: %s", path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

int matrix_write(const struct bench_options *o, const char *root,
		 const struct sweep_point *points, size_t npoints, char *err,
		 size_t errlen)
{
	char name[64], dir[PATH_MAX], command[COMMAND_LEN];
	size_t n = matrix_cells(o, npoints);
	struct rundir rd;
	struct stat st;
	json_t *meta;
	int ret;

	snprintf(name, sizeof(name), "matrix-%s", o->matrix);
	snprintf(dir, sizeof(dir), "%s/%s", o->out_dir, name);
	if (check_where(o, root, err, errlen))
		return -1;
	if (n > MATRIX_CELLS_MAX) {
		snprintf(
			err, errlen,
			"invalid --matrix '%s': %zu cells (accepted: up to %d: fewer repetitions, workloads, sizes, variants or --param values)",
			o->matrix, n, MATRIX_CELLS_MAX);
		return -1;
	}
	if (!stat(dir, &st)) {
		snprintf(
			err, errlen,
			"invalid --matrix '%s': %s exists, left as it was (accepted: a new name; scripts/matrix.sh run %s resumes that one)",
			o->matrix, dir, dir);
		return -1;
	}
	if (rundir_create(&rd, o->out_dir, name, err, errlen))
		return -1;
	matrix_argv(o, command, sizeof(command));
	meta = json_pack("{s:s, s:I, s:s, s:s, s:o, s:o, s:[]}", "matrix",
			 o->matrix, "cells", (json_int_t)n, "dir", dir,
			 "command", command, "created", provenance_host(root),
			 "factors", factors(o), "list");
	ret = write_cells(o, &rd, dir, points, npoints,
			  json_object_get(meta, "list"), err, errlen);
	if (!ret)
		ret = rundir_write_json(&rd, MATRIX_JSON, meta, err, errlen);
	json_decref(meta);
	if (!ret)
		ret = rundir_commit_exact(&rd, err, errlen);
	if (ret) {
		char path[PATH_MAX];

		rundir_path(&rd, MATRIX_JOBS, path, sizeof(path));
		unlink(path);
		rundir_path(&rd, MATRIX_JSON, path, sizeof(path));
		unlink(path);
		rmdir(rd.partial);
		return -1;
	}
	printf("bench: matrix %s: %zu cell(s), one run each, in %s/%s\n",
	       o->matrix, n, dir, MATRIX_JOBS);
	return 0;
}
