#!/usr/bin/env bash
# GOGC benchmark: runs programs/binarytrees.go under minirt with RT_GOGC set to each value and
# RT_TRACE=gc, and prints a Markdown table: GOGC, wall time, CPU time (user + system), peak RSS,
# collections, median and maximum pause. With Go installed, the same rows for the program
# built by `go build` and run with GOGC and GODEBUG=gctrace=1. Not part of `meson test`.
#
# usage: tests/bench/gogc.sh [-n RUNS] [SIZE] [GOGC ...]
#   -n RUNS   runs per row (default 1): median times, peak RSS and collections; the pauses of
#             all runs pooled
#   SIZE      binarytrees size (default 17)
#   GOGC ...  the values to try (default 50 100 200)
# Environment: MINIRT (binary; default: build/minirt, built by ./minirt first),
#   BENCH_TIMEOUT (seconds per run, default 600).
#
# Collections and pauses come from the gctrace lines both runtimes print on standard error,
# "gc N @Ts P%: a+b+c ms clock, ...": a is the stop-the-world sweep termination, b the
# (concurrent, in Go) mark, c the stop-the-world mark termination, so a cycle's pause is a+c.
# minirt stops the world for the whole cycle and reports its mark in c (b is 0). The output
# is checked against programs/binarytrees.SIZE.expected (or what the Go build prints): a
# wrong output marks the row "WRONG", a failed or timed-out run "failed". Time and pauses are
# wall clock: on a loaded machine they include waiting for a core, which CPU time does not.
set -uo pipefail

here=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd -P -- "$here/../.." && pwd -P)
src=$here/programs/binarytrees.go
runs=1
tmo=${BENCH_TIMEOUT:-600}
size=17
size_set=0
gogcs=()

while (($#)); do
	case $1 in
	-n) runs=$2; shift 2 ;;
	-n*) runs=${1#-n}; shift ;;
	-h | --help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
	[0-9]*)
		if ((size_set)); then gogcs+=("$1"); else size=$1 size_set=1; fi
		shift
		;;
	*) echo "gogc: unknown argument $1" >&2; exit 2 ;;
	esac
done
((${#gogcs[@]})) || gogcs=(50 100 200)
if [[ ! -x /usr/bin/time ]]; then
	echo "gogc: /usr/bin/time (GNU time) is needed for peak RSS" >&2
	exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/minirt-gogc.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# shellcheck source=tests/bench/lib.sh
. "$here/lib.sh"
minirt=$(bench_minirt gogc) || exit 2
gobin=
if command -v go >/dev/null 2>&1; then
	if go build -o "$work/binarytrees" "$src"; then
		gobin=$work/binarytrees
	else
		echo "gogc: go build failed; no Go rows" >&2
	fi
fi

expected=$here/programs/binarytrees.$size.expected
if [[ ! -f $expected && -n $gobin ]]; then
	"$gobin" "$size" >"$work/expected" && expected=$work/expected
fi

# row LABEL GOGC VAR=VALUE... -- CMD...: runs CMD $runs times with the environment settings
# and prints one table row.
row() {
	local label=$1 gogc=$2
	shift 2
	local envs=()
	while [[ $1 != -- ]]; do
		envs+=("$1")
		shift
	done
	shift
	local times=() cpus=() rss=() counts=() i st t0 r u s wrong=0
	: >"$work/pauses"
	for ((i = 0; i < runs; i++)); do
		t0=$EPOCHREALTIME
		env "${envs[@]}" timeout "$tmo" /usr/bin/time -f '%M %U %S' -o "$work/time" "$@" \
			>"$work/out" 2>"$work/trace"
		st=$?
		times+=("$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f", b - a }')")
		if ((st != 0)); then
			echo "gogc: $label GOGC=$gogc failed (status $st):" >&2
			grep -v '^gc [0-9]' "$work/trace" | head -n 5 >&2
			echo "| $label | $gogc | failed | | | | | |"
			return
		fi
		[[ -f $expected ]] && ! cmp -s "$work/out" "$expected" && wrong=1
		# GNU time writes "Command exited with non-zero status N" before the figures.
		read -r r u s < <(tail -n 1 "$work/time")
		rss+=("$r")
		cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')")
		# a+b+c of each gctrace line; the pause is a+c (ms).
		sed -n 's/^gc [0-9][0-9]* @[0-9.]*s [0-9]*%: \([0-9.]*\)+\([0-9.]*\)+\([0-9.]*\) ms clock.*/\1 \3/p' \
			"$work/trace" | awk '{ printf "%.6f\n", $1 + $2 }' >>"$work/pauses"
		counts+=("$(grep -c '^gc [0-9][0-9]* @' "$work/trace")")
	done
	local med='{a[NR]=$1} END {print a[int((NR+1)/2)]}'
	local t c n
	t=$(printf '%s\n' "${times[@]}" | sort -g | awk "$med")
	c=$(printf '%s\n' "${cpus[@]}" | sort -g | awk "$med")
	n=$(printf '%s\n' "${counts[@]}" | sort -g | awk "$med")
	r=$(printf '%s\n' "${rss[@]}" | sort -g | awk "$med")
	local pauses
	pauses=$(sort -g "$work/pauses" | awk '
		function ms(x) { return sprintf(x < 1 ? "%.3f ms" : x < 10 ? "%.2f ms" : "%.0f ms", x) }
		{ a[NR] = $1 }
		END {
			if (NR == 0) { print "- | -"; exit }
			m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
			print ms(m) " | " ms(a[NR])
		}')
	local cell
	cell=$(awk -v t="$t" -v c="$c" -v k="$r" 'BEGIN { printf "%.2f s | %.2f s | %.1f MB", t, c, k / 1024 }')
	((wrong)) && cell="$cell WRONG"
	echo "| $label | $gogc | $cell | $n | $pauses |"
}

echo "binarytrees $size: $runs run(s) per row; load: $(uptime | sed 's/.*load average/load average/')" >&2
echo "| runtime | GOGC | time | CPU | peak RSS | collections | median pause | max pause |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for g in "${gogcs[@]}"; do
	echo "  minirt GOGC=$g" >&2
	row minirt "$g" RT_GOGC="$g" RT_TRACE=gc -- "$minirt" "$src" "$size"
done
if [[ -n $gobin ]]; then
	for g in "${gogcs[@]}"; do
		echo "  go GOGC=$g" >&2
		row "go $(go env GOVERSION)" "$g" GOGC="$g" GODEBUG=gctrace=1 -- "$gobin" "$size"
	done
fi
