// SPDX-License-Identifier: GPL-2.0
/*
 * Time under the lock against work under the lock. The work counts do not
 * depend on the host; the time does, and under TCG on 2 host cores a vCPU
 * that holds zone->lock can lose its host CPU for tens of microseconds.
 * The bisquare fit gives such holds no weight, so the slopes are the cost
 * of the work; holds far above the fit are then counted, not averaged in.
 */
#include "hint_fit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_statistics_double.h>

static const char *const col_name[HINT_FIT_COLS] = { "visited",
						     "pages_scanned" };
static const char *const col_key[HINT_FIT_COLS] = { "ns_per_visited",
						    "ns_per_page_scanned" };

/*
 * Two columns that move together (every entry visited isolated, each
 * scanning a pageblock) cannot be told apart: the split of the time
 * between them would be arbitrary.
 */
#define HINT_FIT_COLLINEAR 0.999

static double column_sd(const struct hint_fit_point *p, size_t n, int c)
{
	double mean = 0, ss = 0;

	for (size_t i = 0; i < n; i++)
		mean += p[i].x[c];
	mean /= (double)n;
	for (size_t i = 0; i < n; i++)
		ss += (p[i].x[c] - mean) * (p[i].x[c] - mean);
	return sqrt(ss / (double)n);
}

static double correlation(const struct hint_fit_point *p, size_t n, int a,
			  int b)
{
	double ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;

	for (size_t i = 0; i < n; i++) {
		ma += p[i].x[a];
		mb += p[i].x[b];
	}
	ma /= (double)n;
	mb /= (double)n;
	for (size_t i = 0; i < n; i++) {
		double da = p[i].x[a] - ma, db = p[i].x[b] - mb;

		sab += da * db;
		saa += da * da;
		sbb += db * db;
	}
	return sab / sqrt(saa * sbb);
}

static json_t *no_fit(size_t n, const char *reason)
{
	return json_pack("{s:b, s:I, s:s}", "fitted", 0, "n", (json_int_t)n,
			 "reason", reason);
}

/* Which columns go in; NULL, or why none does. */
static const char *choose(const struct hint_fit_point *p, size_t n,
			  const bool known[HINT_FIT_COLS],
			  bool use[HINT_FIT_COLS], json_t *notes, char *buf,
			  size_t len)
{
	size_t used = 0;
	int k = 0;

	buf[0] = '\0';
	for (int c = 0; c < HINT_FIT_COLS; c++) {
		use[c] = known[c] && column_sd(p, n, c) > 0;
		k += use[c];
		used += snprintf(buf + used, used < len ? len - used : 0,
				 "%s%s %s", c ? "; " : "", col_name[c],
				 !known[c] ? "not measured" :
				 use[c]	   ? "varies" :
					     "constant");
	}
	if (!k)
		return buf;
	if (use[HINT_FIT_VISITED] && use[HINT_FIT_PAGES_SCANNED]) {
		double r = correlation(p, n, HINT_FIT_VISITED,
				       HINT_FIT_PAGES_SCANNED);
		char note[160];

		if (fabs(r) > HINT_FIT_COLLINEAR) {
			/* isolating blocks costs far more than walking past
			 * entries: the time goes with the pages */
			use[HINT_FIT_VISITED] = false;
			snprintf(
				note, sizeof(note),
				"visited and pages_scanned collinear (r=%.4f): fitted on pages_scanned alone",
				r);
			json_array_append_new(notes, json_string(note));
		}
	}
	return NULL;
}

static gsl_matrix *design(const struct hint_fit_point *p, size_t n,
			  const bool use[HINT_FIT_COLS], size_t cols)
{
	gsl_matrix *X = gsl_matrix_alloc(n, cols);

	for (size_t i = 0; i < n; i++) {
		size_t j = 0;

		gsl_matrix_set(X, i, j++, 1.0);
		for (int c = 0; c < HINT_FIT_COLS; c++)
			if (use[c])
				gsl_matrix_set(X, i, j++, p[i].x[c]);
	}
	return X;
}

/* R² of the ordinary least squares fit of the rows kept. */
static double ols_r2(const gsl_matrix *X, const gsl_vector *y,
		     const bool *inflated, size_t kept)
{
	size_t n = X->size1, p = X->size2, r = 0;
	gsl_matrix *Xk;
	gsl_vector *yk, *c;
	gsl_matrix *cov;
	gsl_multifit_linear_workspace *w;
	double chisq, tss = 0, mean = 0, r2 = NAN;

	if (kept <= p)
		return NAN;
	Xk = gsl_matrix_alloc(kept, p);
	yk = gsl_vector_alloc(kept);
	for (size_t i = 0; i < n; i++) {
		if (inflated[i])
			continue;
		for (size_t j = 0; j < p; j++)
			gsl_matrix_set(Xk, r, j, gsl_matrix_get(X, i, j));
		gsl_vector_set(yk, r++, gsl_vector_get(y, i));
	}
	c = gsl_vector_alloc(p);
	cov = gsl_matrix_alloc(p, p);
	w = gsl_multifit_linear_alloc(kept, p);
	if (!gsl_multifit_linear(Xk, yk, c, cov, &chisq, w)) {
		for (size_t i = 0; i < kept; i++)
			mean += gsl_vector_get(yk, i);
		mean /= (double)kept;
		for (size_t i = 0; i < kept; i++) {
			double d = gsl_vector_get(yk, i) - mean;

			tss += d * d;
		}
		r2 = tss > 0 ? 1 - chisq / tss : NAN;
	}
	gsl_multifit_linear_free(w);
	gsl_matrix_free(cov);
	gsl_vector_free(c);
	gsl_vector_free(yk);
	gsl_matrix_free(Xk);
	return r2;
}

json_t *hint_fit(const struct hint_fit_point *p, size_t n,
		 const bool known[HINT_FIT_COLS])
{
	bool use[HINT_FIT_COLS], *inflated;
	char why[256];
	const char *reason;
	size_t cols = 1, ninfl = 0;
	json_t *notes, *j, *colj;
	gsl_matrix *X, *cov;
	gsl_vector *y, *c;
	gsl_multifit_robust_workspace *w;
	gsl_error_handler_t *old;
	int status;
	double r2;

	if (n < HINT_FIT_MIN_HOLDS) {
		snprintf(why, sizeof(why),
			 "too few holds (%zu, at least %d needed)", n,
			 HINT_FIT_MIN_HOLDS);
		return no_fit(n, why);
	}
	notes = json_array();
	reason = choose(p, n, known, use, notes, why, sizeof(why));
	if (reason) {
		char msg[320];

		json_decref(notes);
		snprintf(msg, sizeof(msg), "no work column varies (%s)",
			 reason);
		return no_fit(n, msg);
	}
	for (int k = 0; k < HINT_FIT_COLS; k++)
		cols += use[k];

	X = design(p, n, use, cols);
	y = gsl_vector_alloc(n);
	for (size_t i = 0; i < n; i++)
		gsl_vector_set(y, i, p[i].hold_ns);
	c = gsl_vector_alloc(cols);
	cov = gsl_matrix_alloc(cols, cols);
	w = gsl_multifit_robust_alloc(gsl_multifit_robust_bisquare, n, cols);
	/* GSL's 100 iterations are too few when a column takes two values */
	gsl_multifit_robust_maxiter(1000, w);
	/* GSL aborts on errors by default; a fit that fails is a result */
	old = gsl_set_error_handler_off();
	status = gsl_multifit_robust(X, y, c, cov, w);

	if (status && status != GSL_EMAXITER) {
		snprintf(why, sizeof(why), "robust fit failed: %s",
			 gsl_strerror(status));
		j = no_fit(n, why);
		json_decref(notes);
		goto out;
	}
	if (status == GSL_EMAXITER)
		json_array_append_new(
			notes,
			json_string(
				"robust fit stopped at its iteration limit: coefficients from the last iteration"));

	inflated = calloc(n, sizeof(*inflated));
	for (size_t i = 0; i < n; i++) {
		double fit = 0;

		for (size_t k = 0; k < cols; k++)
			fit += gsl_matrix_get(X, i, k) * gsl_vector_get(c, k);
		inflated[i] = p[i].hold_ns > HINT_FIT_INFLATED_RATIO * fit &&
			      p[i].hold_ns > fit + HINT_FIT_INFLATED_NS;
		ninfl += inflated[i];
	}
	r2 = ols_r2(X, y, inflated, n - ninfl);
	free(inflated);

	colj = json_array();
	j = json_pack("{s:b, s:I, s:s, s:f, s:I, s:f, s:s, s:o, s:o}", "fitted",
		      1, "n", (json_int_t)n, "method",
		      "robust linear fit (GSL gsl_multifit_robust, bisquare)",
		      "intercept_ns", gsl_vector_get(c, 0), "inflated",
		      (json_int_t)ninfl, "inflated_share",
		      (double)ninfl / (double)n, "inflated_rule",
		      "hold_ns > 2 x fitted and > fitted + 20 us", "columns",
		      colj, "notes", notes);
	for (int k = 0, idx = 1; k < HINT_FIT_COLS; k++) {
		if (!use[k])
			continue;
		json_array_append_new(colj, json_string(col_name[k]));
		json_object_set_new(j, col_key[k],
				    json_real(gsl_vector_get(c, idx++)));
	}
	if (isfinite(r2))
		json_object_set_new(j, "r2", json_real(r2));
	json_object_set_new(
		j, "r2_of",
		json_string(
			"ordinary least squares on the same columns, inflated holds left out"));
out:
	gsl_set_error_handler(old);
	gsl_multifit_robust_free(w);
	gsl_matrix_free(cov);
	gsl_vector_free(c);
	gsl_vector_free(y);
	gsl_matrix_free(X);
	return j;
}
