# CDF of the zone lock waits, allocators, hinting path and the allocator
# waits overlapping a hinting hold, per variant.
load dir.'/wait_cdf.vars'
load here.'/common.gp'
set logscale x
set format x "%.0s%c"
set xlabel "zone lock wait, lock:contention_begin to _end (ns, log scale)"
set ylabel "fraction of waits <= x"
set yrange [0:1.02]
set key bottom right
set title "Zone lock contention waits: allocators, hinting path, allocators during hinting holds (TCG: compare the variants, not the absolute times)"
do for [t in "png svg"] {
	eval term(t)
	set output dir.'/wait_cdf.'.t
	plot for [i=0:nblocks-1] dir.'/wait_cdf.dat' index i using 1:2 \
		with steps lw 2 title word(names, i+1)
	unset output
}
