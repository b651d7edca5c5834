#!/usr/bin/env bash
# Heap-profiling cost benchmark: runs programs/binarytrees.go under minirt with
# --memprofilerate=0 (sampling off), the default rate (512 KiB) and 1 (every allocation), runs
# interleaved so machine noise spreads evenly, and prints a Markdown table: rate, median wall
# time, median CPU time (user + system), peak RSS, and the CPU time relative to rate 0.
# With Go installed, the same three rows for the Go build, with runtime.MemProfileRate set by
# an init function added to it. Not part of `meson test`.
#
# usage: tests/bench/profcost.sh [-n RUNS] [SIZE]
#   -n RUNS   runs per row, median reported (default 5)
#   SIZE      binarytrees size (default 17)
# Environment: MINIRT (binary; default: build/minirt), BENCH_TIMEOUT (seconds, default 600).
set -uo pipefail

here=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd -P -- "$here/../.." && pwd -P)
src=$here/programs/binarytrees.go
runs=5
size=17
tmo=${BENCH_TIMEOUT:-600}
while (($#)); do
	case $1 in
	-n) runs=$2; shift 2 ;;
	-h | --help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
	[0-9]*) size=$1; shift ;;
	*) echo "profcost: unknown argument $1" >&2; exit 2 ;;
	esac
done
if [[ ! -x /usr/bin/time ]]; then
	echo "profcost: /usr/bin/time (GNU time) is needed" >&2
	exit 2
fi
minirt=${MINIRT:-$root/build/minirt}
[[ -x $minirt ]] || { echo "profcost: $minirt not built" >&2; exit 2; }
want=$here/programs/binarytrees.$size.expected
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

gobin=
if command -v go >/dev/null; then
	cp "$src" "$tmp/main.go"
	# Go's linker turns memory profiling off (MemProfileRate = 0 at start) in programs that
	# never use runtime.MemProfile; this file uses it, and sets the rate from $MEMPROFILERATE
	# in an init function (as early as a Go program can).
	cat >"$tmp/keep.go" <<'GO'
package main

import (
	"os"
	"runtime"
	"strconv"
)

var keepMemProfile = runtime.MemProfile

func init() {
	if r, err := strconv.Atoi(os.Getenv("MEMPROFILERATE")); err == nil {
		runtime.MemProfileRate = r
	}
	if keepMemProfile == nil {
		panic("unreachable")
	}
}
GO
	(cd "$tmp" && GO111MODULE=off go build -o bt main.go keep.go) && gobin=$tmp/bt
fi

rates=(0 524288 1)
# one measurement: "wall cpu rss_kb" or "failed"/"WRONG"
measure() { # kind rate
	local out=$tmp/out t=$tmp/t
	if [[ $1 == minirt ]]; then
		timeout "$tmo" /usr/bin/time -f '%e %U %S %M' -o "$t" "$minirt" --memprofilerate="$2" \
			"$src" "$size" >"$out" 2>/dev/null || { echo failed; return; }
	else
		MEMPROFILERATE=$2 timeout "$tmo" /usr/bin/time -f '%e %U %S %M' -o "$t" \
			"$gobin" "$size" >"$out" 2>/dev/null || { echo failed; return; }
	fi
	if [[ -f $want ]] && ! cmp -s "$out" "$want"; then echo WRONG; return; fi
	awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$t"
}

declare -A res
kinds=(minirt)
[[ -n $gobin ]] && kinds+=(go)
for ((r = 0; r < runs; r++)); do
	for k in "${kinds[@]}"; do
		for rate in "${rates[@]}"; do
			res[$k,$rate]+="$(measure "$k" "$rate");"
		done
	done
done

median() { # field index, list "a b c;a b c;..."
	tr ';' '\n' <<<"$2" | awk -v f="$1" 'NF==3{print $f}' | sort -g |
		awk '{v[NR]=$1} END{if (NR==0) print "failed"; else if (NR%2) print v[(NR+1)/2]; else printf "%.2f\n", (v[NR/2]+v[NR/2+1])/2}'
}

echo "binarytrees $size, $runs runs each, medians"
echo
echo "| runtime | MemProfileRate | wall s | CPU s | peak RSS MB | CPU vs rate 0 |"
echo "|---|---|---|---|---|---|"
for k in "${kinds[@]}"; do
	base=$(median 2 "${res[$k,0]}")
	for rate in "${rates[@]}"; do
		w=$(median 1 "${res[$k,$rate]}")
		c=$(median 2 "${res[$k,$rate]}")
		m=$(median 3 "${res[$k,$rate]}")
		rel=$(awk -v c="$c" -v b="$base" 'BEGIN{if (b+0>0 && c+0>0) printf "%+.1f%%", (c/b-1)*100; else print "-"}')
		mb=$(awk -v m="$m" 'BEGIN{if (m+0>0) printf "%.0f", m/1024; else print m}')
		echo "| $k | $rate | $w | $c | $mb | $rel |"
	done
done
