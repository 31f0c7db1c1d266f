// SPDX-License-Identifier: GPL-2.0
/* The host sampler's files of a run read back (host_samples.h). */
#include "host_samples.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../harness/host_files.h"
#include "run_files.h"

#define MAX_FIELDS 8

/* line split at its tabs, in place; the number of fields */
static int split(char *line, char *fields[MAX_FIELDS])
{
	int n = 0;

	line[strcspn(line, "\n")] = '\0';
	for (char *p = line; n < MAX_FIELDS; p++) {
		fields[n++] = p;
		p = strchr(p, '\t');
		if (!p)
			break;
		*p = '\0';
	}
	return n;
}

static bool number(const char *s, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return !errno && end != s && !*end;
}

/* A row of a file into the next element of its array; false when not one */
typedef bool (*row_fn)(char *fields[MAX_FIELDS], int n, void *element);

static bool rss_row(char *f[MAX_FIELDS], int n, void *element)
{
	struct host_rss_row *r = element;
	double pid;

	snprintf(r->role, sizeof(r->role), "%s", n > 1 ? f[1] : "");
	return n == 6 && number(f[0], &r->t_s) && number(f[2], &pid) &&
	       number(f[3], &r->rss_kib) && number(f[4], &r->anon_kib);
}

static bool thread_row(char *f[MAX_FIELDS], int n, void *element)
{
	struct host_thread_row *r = element;
	double pid, tid;

	if (n != 7)
		return false;
	snprintf(r->role, sizeof(r->role), "%s", f[1]);
	snprintf(r->class, sizeof(r->class), "%s", f[4]);
	snprintf(r->name, sizeof(r->name), "%s", f[6]);
	r->tid = atoi(f[3]);
	return number(f[0], &r->t_s) && number(f[2], &pid) &&
	       number(f[3], &tid) && number(f[5], &r->cpu_ms);
}

static bool mark_row(char *f[MAX_FIELDS], int n, void *element)
{
	struct host_mark_row *r = element;

	snprintf(r->mark, sizeof(r->mark), "%s", n > 1 ? f[1] : "");
	return n == 2 && number(f[0], &r->t_s);
}

/*
 * The rows of dir/name, comments and blank lines skipped, into *rows; 1
 * when there is no such file, 0 when read, -1 with err naming the line.
 */
static int load(const char *dir, const char *name, row_fn parse, size_t size,
		void **rows, size_t *n, char *err, size_t errlen)
{
	char path[PATH_MAX], line[512], *fields[MAX_FIELDS];
	size_t cap = 0, lineno = 0;
	FILE *f;

	*rows = NULL;
	*n = 0;
	f = run_file_open(dir, name, path, sizeof(path), err, errlen);
	if (!f)
		return err[0] ? -1 : 1;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (*n == cap) {
			size_t more = cap ? 2 * cap : 1024;
			void *grown = realloc(*rows, more * size);

			if (!grown) {
				snprintf(err, errlen, "%s: out of memory",
					 path);
				fclose(f);
				return -1;
			}
			*rows = grown;
			cap = more;
		}
		if (!parse(fields, split(line, fields),
			   (char *)*rows + *n * size)) {
			snprintf(
				err, errlen,
				"%s: line %zu is not a row of the host sampler's (see harness/host_files.h)",
				path, lineno);
			fclose(f);
			return -1;
		}
		(*n)++;
	}
	fclose(f);
	return 0;
}

int host_samples_load(const char *dir, struct host_samples_read *h, char *err,
		      size_t errlen)
{
	void *rss = NULL, *threads = NULL, *marks = NULL;
	int a, b = -1, c = -1;

	memset(h, 0, sizeof(*h));
	err[0] = '\0';
	a = load(dir, HOST_FILE_RSS, rss_row, sizeof(*h->rss), &rss, &h->nrss,
		 err, errlen);
	h->rss = rss;
	if (a == 1)
		return 1;
	if (a >= 0)
		b = load(dir, HOST_FILE_THREADS, thread_row,
			 sizeof(*h->threads), &threads, &h->nthreads, err,
			 errlen);
	h->threads = threads;
	if (b >= 0)
		c = load(dir, HOST_FILE_MARKS, mark_row, sizeof(*h->marks),
			 &marks, &h->nmarks, err, errlen);
	h->marks = marks;
	if (a < 0 || b < 0 || c < 0) {
		host_samples_free(h);
		return -1;
	}
	return 0;
}

void host_samples_free(struct host_samples_read *h)
{
	free(h->rss);
	free(h->threads);
	free(h->marks);
	memset(h, 0, sizeof(*h));
}
