# Max and p99 hint-path hold time against guest size, per variant.
load dir.'/hold_vs_size.vars'
load here.'/common.gp'
set logscale y
set xlabel "guest size (MiB)"
set ylabel "hint-path zone->lock hold (µs, log scale)"
set key outside right top
set offsets graph 0.08, graph 0.08, 0, 0
set title "Hold time against guest size: max (solid), p99 (dashed); mean, 95 % CI"
f = dir.'/hold_vs_size.dat'
do for [t in "png svg"] {
	eval term(t)
	set output dir.'/hold_vs_size.'.t
	# has1: some run had the 100 holds a p99 needs
	if (has1) {
		plot for [i=0:nblocks-1] f index i using 1:2:3 with yerrorlines lw 2 lc i+1 \
			title word(names, i+1).' max', \
		     for [i=0:nblocks-1] f index i using 1:4:5 with yerrorlines lw 2 dt 2 lc i+1 \
			title word(names, i+1).' p99'
	} else {
		set title "Hold time against guest size: max; p99 not drawn, n < 100 holds in every run; mean, 95 % CI"
		plot for [i=0:nblocks-1] f index i using 1:2:3 with yerrorlines lw 2 lc i+1 \
			title word(names, i+1).' max'
	}
	unset output
}
