// SPDX-License-Identifier: GPL-2.0
#include "stats.h"

#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

struct summary summarize(const double *v, size_t n)
{
	struct summary s = { .n = n };

	if (!n)
		return s;
	s.mean = gsl_stats_mean(v, 1, n);
	gsl_stats_minmax(&s.min, &s.max, v, 1, n);
	if (n >= 2) {
		s.sd = gsl_stats_sd_m(v, 1, n, s.mean);
		s.ci95 = gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) * s.sd /
			 sqrt((double)n);
	}
	return s;
}

struct welch welch_test(const struct summary *a, const struct summary *b)
{
	struct welch w = { 0 };

	if (a->n && b->n && b->mean != 0) {
		w.change_valid = true;
		w.change_pct = (a->mean - b->mean) / fabs(b->mean) * 100.0;
	}
	if (a->n < 2 || b->n < 2)
		return w;
	double va = a->sd * a->sd / (double)a->n;
	double vb = b->sd * b->sd / (double)b->n;
	double se = sqrt(va + vb);

	w.valid = true;
	if (se == 0) {
		/* No spread on either side: equal means or a certain change. */
		w.t = a->mean == b->mean ?
			      0 :
			      copysign(INFINITY, a->mean - b->mean);
		w.df = (double)(a->n + b->n - 2);
		w.p = a->mean == b->mean ? 1 : 0;
		return w;
	}
	w.t = (a->mean - b->mean) / se;
	/* Welch-Satterthwaite degrees of freedom */
	w.df = (va + vb) * (va + vb) /
	       (va * va / (double)(a->n - 1) + vb * vb / (double)(b->n - 1));
	w.p = 2 * gsl_cdf_tdist_Q(fabs(w.t), w.df);
	return w;
}

const char *significance_mark(const struct welch *w)
{
	if (!w->valid)
		return "";
	if (w->p < 0.01)
		return "**";
	if (w->p < 0.05)
		return "*";
	return "";
}
