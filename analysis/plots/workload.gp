# Workload throughput and p99 latency per variant, relative to the baseline.
load dir.'/workload.vars'
load here.'/common.gp'
set xtics rotate by -25
set xrange [-0.6:nblocks-0.4]
f = dir.'/workload.dat'
do for [t in "png svg"] {
	eval term(t)
	set output dir.'/workload.'.t
	set multiplot layout 1,2 title "Workload relative to the baseline (mean, 95 % CI of the variant)"
	set title "throughput (ops/s) / baseline"
	# has0: a throughput to compare (the idle workload counts no ops)
	if (has0) {
		eval yrange_of(2)
		plot f using 0:2:3:xtic(1) with boxerrorbars lc 1 notitle, 1 dt 2 lc rgb "black" notitle
	} else {
		set yrange [0:1]
		eval empty_panel("no throughput to compare")
	}
	set title "p99 latency / baseline"
	if (has1) {
		eval yrange_of(4)
		plot f using 0:4:5:xtic(1) with boxerrorbars lc 2 notitle, 1 dt 2 lc rgb "black" notitle
	} else {
		eval empty_panel("the workload reports no latency")
	}
	unset multiplot
	unset output
}
