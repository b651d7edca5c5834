#!/bin/sh
# pprof_go.sh - checks that `go tool pprof` reads the profiles prof/pprof.c writes.
# Usage: pprof_go.sh PPROF_WRITER GO. The writer produces heap.pb and block.pb with known values;
# `go tool pprof -raw` and `-top` must parse them and report those functions and values.
set -eu
writer=$1
go=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$writer" "$dir"

fail() { echo "FAIL: $*"; echo "--- output:"; cat "$dir/out"; exit 1; }
expect() { grep -q -- "$1" "$dir/out" || fail "missing: $1"; }

# -raw prints the decoded profile: header fields, then samples as values and location ids.
"$go" tool pprof -raw "$dir/heap.pb" >"$dir/out" 2>&1 || fail "pprof -raw heap"
expect 'PeriodType: space bytes'
expect 'Period: 1$'
expect 'alloc_objects/count alloc_space/bytes inuse_objects/count inuse_space/bytes'
expect '32       1024         32       1024: 1 2 $'
expect '1024    1048576          0          0: 3 4 $'
expect 'bytes:\[32\]'
expect 'bytes:\[1024\]'
expect 'main.allocPersistent /src/heap.go:11'
expect 'main.main /src/heap.go:30'
expect 'main.allocTransient /src/heap.go:17'
expect 'main.main /src/heap.go:31'
expect '1: 0x0/0x0/0x0   \[FN\]'

# -top with the default sample type (the last one: inuse_space) and with alloc_space.
"$go" tool pprof -top "$dir/heap.pb" >"$dir/out" 2>&1 || fail "pprof -top heap"
expect 'Type: inuse_space'
expect '^ *1kB   100%   100% *1kB   100%  main.allocPersistent$'
"$go" tool pprof -top -nodefraction=0 -sample_index=alloc_space "$dir/heap.pb" >"$dir/out" 2>&1 \
	|| fail "pprof -top alloc_space"
expect 'Type: alloc_space'
expect '^ *1024kB 99\.90% 99\.90% *1024kB 99\.90%  main.allocTransient$'
expect '^ *1kB 0\.098%   100% *1kB 0\.098%  main.allocPersistent$'
expect '^ *0     0%   100% *1025kB   100%  main.main$'

"$go" tool pprof -top "$dir/block.pb" >"$dir/out" 2>&1 || fail "pprof -top block"
expect 'Type: delay'
expect '^ *7ms 70.00% 70.00% *7ms 70.00%  main.locker$'
expect '^ *3ms 30.00%   100% *3ms 30.00%  main.consumer$'
expect '^ *0     0%   100% *10ms   100%  main.main$'
echo ok
