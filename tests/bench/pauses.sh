#!/usr/bin/env bash
# Pause benchmark: programs/livepause.go under minirt (the default: background mark worker and
# sweeper), minirt with RT_TRACE=stoptheworld and Go (when installed), at several live-heap
# sizes and with 10,000 parked goroutines; then, for throughput, programs/binarytrees.go and
# ../shared/bench/gcpause.go (200 MB live) under the default, RT_TRACE=nobgmark,nobgsweep
# (marking in steps on the program's thread), stoptheworld (the worker still helping mark) and
# stoptheworld,nobgmark,nobgsweep (everything on the program's thread), and Go. Prints a
# Markdown table: wall time, collections, median and maximum stop-the-world pause per cycle
# (setup + termination, the first and third clock figures of each gctrace line; the whole cycle
# in the stop-the-world mode), minirt's longest mark step (from RT_TRACE=gc=2: the program does
# not run during a step either) and the GC CPU share of the last gctrace line. Not part of
# `meson test`.
#
# usage: tests/bench/pauses.sh [ROUNDS]   (default 3000000 garbage rounds per run)
# Environment: MINIRT (binary; default build/minirt), BENCH_TIMEOUT (seconds, default 600).
set -uo pipefail
here=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd -P -- "$here/../.." && pwd -P)
minirt=${MINIRT:-$root/build/minirt}
rounds=${1:-3000000}
tmo=${BENCH_TIMEOUT:-600}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gobin=
if command -v go >/dev/null; then
	cp "$here/programs/livepause.go" "$tmp/main.go"
	(cd "$tmp" && GO111MODULE=off go build -o lp main.go) && gobin=$tmp/lp
	cp "$here/programs/binarytrees.go" "$tmp/bt.go"
	(cd "$tmp" && GO111MODULE=off go build -o bt bt.go) || true
fi

# summary of a gctrace log: "cycles median_pause_ms max_pause_ms gc_cpu%"; the pause of a
# cycle is its setup + termination (a + c of "a+b+c ms clock"), or all three when the whole
# cycle stopped the program (second argument "all")
summarize() {
	local cpu
	cpu=$(grep -E '^gc [0-9]+ @' "$1" | tail -n 1 | awk '{sub(":", "", $4); print $4}')
	grep -E '^gc [0-9]+ @' "$1" | awk -v all="${2:-}" '{ split($5, c, "+");
		print c[1] + c[3] + (all == "all" ? c[2] : 0) }' | sort -g |
		awk -v cpu="${cpu:--}" '{ v[NR] = $1 } END { if (!NR) { print "0 - - -"; exit }
			printf "%d %.3f %.3f %s\n", NR, v[int((NR + 1) / 2)], v[NR], cpu }'
}
maxstep() {
	grep -E '^gc [0-9]+ mark steps' "$1" | awk '{ m = $(NF - 4); if (m + 0 > mx) mx = m + 0 }
		END { printf "%.2f\n", mx }'
}

row() { # label kind args...
	local label=$1 kind=$2
	shift 2
	local t0 t1 log=$tmp/log
	t0=$(date +%s.%N)
	case $kind in
	minirt) RT_TRACE=gc=2 timeout "$tmo" "$minirt" "$@" >/dev/null 2>"$log" ;;
	steps) RT_TRACE=gc=2,nobgmark,nobgsweep timeout "$tmo" "$minirt" "$@" >/dev/null 2>"$log" ;;
	stw) RT_TRACE=gc=2,stoptheworld timeout "$tmo" "$minirt" "$@" >/dev/null 2>"$log" ;;
	stw1) RT_TRACE=gc=2,stoptheworld,nobgmark,nobgsweep timeout "$tmo" "$minirt" "$@" >/dev/null 2>"$log" ;;
	go) GODEBUG=gctrace=1 timeout "$tmo" "$@" >/dev/null 2>"$log" ;;
	esac
	local st=$?
	t1=$(date +%s.%N)
	if ((st)); then
		echo "| $label | failed | | | | | |"
		return
	fi
	local whole=
	[[ $kind == stw* ]] && whole=all
	read -r n med mx cpu < <(summarize "$log" $whole)
	local step=-
	[[ $kind != go ]] && step=$(maxstep "$log")
	printf '| %s | %.2f s | %s | %s ms | %s ms | %s ms | %s |\n' "$label" "$(echo "$t1 - $t0" | bc)" \
		"$n" "$med" "$mx" "$step" "$cpu"
}

echo "| run | time | cycles | median pause | max pause | longest mark step | GC CPU |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for mb in 50 100 200 400; do
	row "minirt, $mb MB live" minirt "$here/programs/livepause.go" $mb "$rounds" 0
	row "minirt stoptheworld, $mb MB" stw "$here/programs/livepause.go" $mb "$rounds" 0
	[[ -n $gobin ]] && row "go, $mb MB live" go "$gobin" $mb "$rounds" 0
done
row "minirt, 200 MB, 10000 parked" minirt "$here/programs/livepause.go" 200 "$rounds" 10000
row "minirt stoptheworld, 200 MB, 10000 parked" stw "$here/programs/livepause.go" 200 "$rounds" 10000
[[ -n $gobin ]] && row "go, 200 MB, 10000 parked" go "$gobin" 200 "$rounds" 10000
# throughput: the default (background mark worker and sweeper), marking in steps on the
# program's thread alone, stop-the-world (the worker helping), stop-the-world on one thread
gp=$root/../shared/bench/gcpause.go
[[ -f $gp ]] || gp=
if [[ -n $gp ]] && command -v go >/dev/null; then
	cp "$gp" "$tmp/gp.go"
	(cd "$tmp" && GO111MODULE=off go build -o gpbin gp.go) || true
fi
for t in "binarytrees 17:$here/programs/binarytrees.go:17:$tmp/bt" \
	"gcpause 5000000:$gp:5000000:$tmp/gpbin"; do
	IFS=: read -r name prog arg gob <<<"$t"
	[[ -n $prog ]] || continue
	row "minirt, $name" minirt "$prog" "$arg"
	row "minirt nobgmark (steps), $name" steps "$prog" "$arg"
	row "minirt stoptheworld, $name" stw "$prog" "$arg"
	row "minirt stoptheworld one thread, $name" stw1 "$prog" "$arg"
	[[ -x $gob ]] && row "go, $name" go "$gob" "$arg"
done
