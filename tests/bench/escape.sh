#!/usr/bin/env bash
# Escape-analysis benchmark: programs/escape.go under minirt with frame allocation (the
# default), minirt with RT_TRACE=nostackalloc (every allocation on the heap, as before escape
# analysis), compiled Go (when installed) and Go with -gcflags=-l (no inlining, as minirt), for
# each workload: "structs" (two small structs per operation that do not escape) and "slices" (a
# slice literal and a make([]byte, 64) per operation that do not escape). Prints a Markdown
# table: median wall time of RUNS runs, heap allocations per operation (the program's own
# MemStats count), peak RSS. Not part of `meson test`.
#
# usage: tests/bench/escape.sh [N] [RUNS] [WORKLOAD]   (default 3000000 operations, 3 runs,
#        both workloads; WORKLOAD: structs or slices)
# Environment: MINIRT (binary; default build/minirt).
set -uo pipefail
here=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd -P -- "$here/../.." && pwd -P)
minirt=${MINIRT:-$root/build/minirt}
n=${1:-3000000}
runs=${2:-3}
workloads=${3:-structs slices}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if command -v go >/dev/null; then
	cp "$here/programs/escape.go" "$tmp/main.go"
	(cd "$tmp" && GO111MODULE=off go build -o go_escape main.go &&
		GO111MODULE=off go build -gcflags=-l -o go_escape_l main.go) || true
fi

# row LABEL ENV... -- CMD...: median time, allocs/op of the last run, max RSS
row() {
	local label=$1
	shift
	local envs=()
	while [[ $1 != -- ]]; do
		envs+=("$1")
		shift
	done
	shift
	local times=() rss=0 allocs=-
	for ((r = 0; r < runs; r++)); do
		if ! env "${envs[@]}" /usr/bin/time -f '%e %M' -o "$tmp/t" "$@" >"$tmp/out" 2>/dev/null; then
			echo "| $label | failed | | |"
			return
		fi
		read -r t m <"$tmp/t"
		times+=("$t")
		((m > rss)) && rss=$m
		allocs=$(sed -n 's/^allocs\/op: //p' "$tmp/out")
	done
	local med
	med=$(printf '%s\n' "${times[@]}" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
	printf '| %s | %s s | %s | %.1f MB |\n' "$label" "$med" "$allocs" "$(echo "$rss / 1024" | bc -l)"
}

echo "| run ($n operations) | time | allocs/op | peak RSS |"
echo "|---|---:|---:|---:|"
for w in $workloads; do
	row "$w: minirt (frame allocation)" X=1 -- "$minirt" "$here/programs/escape.go" "$n" "$w"
	row "$w: minirt RT_TRACE=nostackalloc" RT_TRACE=nostackalloc -- \
		"$minirt" "$here/programs/escape.go" "$n" "$w"
	[[ -x $tmp/go_escape ]] && row "$w: go" X=1 -- "$tmp/go_escape" "$n" "$w"
	[[ -x $tmp/go_escape_l ]] && row "$w: go -gcflags=-l" X=1 -- "$tmp/go_escape_l" "$n" "$w"
done
true
