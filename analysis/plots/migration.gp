# Migration total time, downtime and bytes transferred per variant.
load dir.'/migration.vars'
load here.'/common.gp'
set xtics rotate by -25
set xrange [-0.6:nblocks-0.4]
f = dir.'/migration.dat'
do for [t in "png svg"] {
	eval term(t)
	set output dir.'/migration.'.t
	set multiplot layout 1,3 title "Live migration (mean, 95 % CI)"
	set title "total time (ms)"
	eval yrange_of(2)
	plot f using 0:2:3:xtic(1) with boxerrorbars lc 1 notitle
	set title "downtime (ms)"
	eval yrange_of(4)
	plot f using 0:4:5:xtic(1) with boxerrorbars lc 2 notitle
	set title "RAM transferred (MiB)"
	eval yrange_of(6)
	plot f using 0:6:7:xtic(1) with boxerrorbars lc 3 notitle
	unset multiplot
	unset output
}
