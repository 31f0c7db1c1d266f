# Shared by the figures: one look, PNG and SVG. Each figure script runs
#   do for [t in "png svg"] { eval term(t); set output dir.'/NAME.'.t; ... }
# with dir, the report directory, given on the command line.
term(t) = t eq "png" ? \
	"set terminal pngcairo size 1000,620 font 'DejaVu Sans,10' noenhanced" : \
	"set terminal svg size 1000,620 dynamic font 'DejaVu Sans,10' noenhanced"
set grid
set key noenhanced
set style fill solid 0.55 border -1
set boxwidth 0.6
set errorbars 1.5
# eval yrange_of(c): a y range holding columns c ± c+1 (mean ± CI) of the
# data file f, and 0; autoscale alone leaves error bars outside the frame.
# stats obeys the ranges in force, so they are lifted while it reads.
yrange_of(c) = "set xrange [*:*]; set yrange [*:*]; " . \
	sprintf("stats f using (column(%d)+column(%d)) name 'HI' nooutput; ", c, c+1) . \
	sprintf("stats f using (column(%d)-column(%d)) name 'LO' nooutput; ", c, c+1) . \
	"set xrange [-0.6:nblocks-0.4]; " . \
	"set yrange [(LO_min < 0 ? 1.08*LO_min : 0):(HI_max > 0 ? 1.08*HI_max : 1)]"
# A panel saying why it is empty, without axes that would mean something.
empty_panel(why) = sprintf("set label 9 '%s' at graph 0.5,0.5 center; unset tics; unset border; unset grid; plot NaN notitle; unset label 9; set tics; set border; set grid", why)
