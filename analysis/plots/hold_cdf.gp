# CDF of the hint path's zone->lock hold times, one line per variant.
load dir.'/hold_cdf.vars'
load here.'/common.gp'
set logscale x
set format x "%.0s%c"
set xlabel "hint-path zone->lock hold time (ns, log scale)"
set ylabel "fraction of holds <= x"
set yrange [0:1.02]
set key bottom right
set title "Hint-path zone->lock hold time (TCG: compare the variants, not the absolute times)"
do for [t in "png svg"] {
	eval term(t)
	set output dir.'/hold_cdf.'.t
	plot for [i=0:nblocks-1] dir.'/hold_cdf.dat' index i using 1:2 \
		with steps lw 2 title word(names, i+1)
	unset output
}
