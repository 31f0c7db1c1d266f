# Pages migration skipped, and coverage of the hints, per variant.
load dir.'/hinting.vars'
load here.'/common.gp'
set xtics rotate by -25
set xrange [-0.6:nblocks-0.4]
f = dir.'/hinting.dat'
do for [t in "png svg"] {
	eval term(t)
	set output dir.'/hinting.'.t
	set multiplot layout 1,2 title "Benefit of the hints (mean, 95 % CI)"
	set title "guest pages not sent (lower bound; < 0: pages sent twice)"
	# has0: some run migrated (rounds on demand run without a migration)
	if (has0) {
		eval yrange_of(2)
		set xzeroaxis lt -1
		plot f using 0:2:3:xtic(1) with boxerrorbars lc 1 notitle
	} else {
		set yrange [0:1]
		eval empty_panel("no migration in these runs")
	}
	set title "coverage: pages hinted / free pages at round start"
	set yrange [0:1.1]
	if (has1) {
		plot f using 0:4:5:xtic(1) with boxerrorbars lc 2 notitle
	} else {
		eval empty_panel("no hinting rounds in these runs")
	}
	unset multiplot
	unset output
}
