#!/bin/sh
# pprof_go.sh - checks that `go tool pprof` reads the profiles prof/pprof.c writes.
# Usage: pprof_go.sh PPROF_WRITER GO [MINIRT]. The writer produces heap.pb, block.pb and mutex.pb
# with known values; `go tool pprof -raw` and `-top` must parse them and report those functions
# and values. With MINIRT, a script run with --blockprofile and --mutexprofile gives a block and a
# mutex profile written by minirt itself, checked the same way (delays are timed, so only their
# order of magnitude is checked).
set -eu
writer=$1
go=$2
minirt=${3:-}
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

"$go" tool pprof -top "$dir/mutex.pb" >"$dir/out" 2>&1 || fail "pprof -top mutex"
expect 'Type: delay'
expect '^ *12ms   100%   100% *12ms   100%  sync.(\*Mutex).Unlock$'
"$go" tool pprof -top -sample_index=contentions "$dir/mutex.pb" >"$dir/out" 2>&1 \
	|| fail "pprof -top mutex contentions"
expect 'Type: contentions'
expect '^ *4   100%   100% *4   100%  sync.(\*Mutex).Unlock$'
expect '^ *0     0%   100% *4   100%  main.worker$'

[ -n "$minirt" ] || { echo ok; exit 0; }

# Profiles written by minirt: main receives after a 30 ms sleep of the sender, then holds mu
# for 20 ms while locker waits. Block profile: the receive (~30 ms) and locker's Lock (~20 ms),
# one event each; mutex profile: the ~20 ms charged to main's Unlock.
cat >"$dir/s.go" <<'EOF'
package main

import (
	"fmt"
	"sync"
	"time"
)

var mu sync.Mutex

func consumer(c chan int) int {
	return <-c
}

func locker() {
	mu.Lock()
	mu.Unlock()
}

func main() {
	c := make(chan int)
	go func() { time.Sleep(30 * time.Millisecond); c <- 1 }()
	consumer(c)
	mu.Lock()
	go locker()
	time.Sleep(20 * time.Millisecond)
	mu.Unlock()
	time.Sleep(time.Millisecond)
	fmt.Println("done")
}
EOF
"$minirt" --blockprofile="$dir/mb.pb" --mutexprofile="$dir/mm.pb" "$dir/s.go" >"$dir/out" 2>&1 \
	|| fail "minirt run"
expect '^done$'

"$go" tool pprof -raw "$dir/mb.pb" >"$dir/out" 2>&1 || fail "pprof -raw minirt block"
expect 'PeriodType: contentions count'
expect 'Period: 1$'
expect 'contentions/count delay/nanoseconds'
# sorted by delay: the receive (3 frames), then the Lock (2 frames); 10 ms .. 999 ms each
grep -Eq '^ +1 +[0-9]{8,9}: 1 2 3 $' "$dir/out" || fail "receive sample"
grep -Eq '^ +1 +[0-9]{8,9}: 4 5 $' "$dir/out" || fail "lock sample"
expect '1: 0x0 M=1 runtime.chanrecv1 '
expect '2: 0x0 M=1 main.consumer .*s.go:12 s=0$'
expect '3: 0x0 M=1 main.main .*s.go:23 s=0$'
expect '4: 0x0 M=1 sync.(\*Mutex).Lock '
expect '5: 0x0 M=1 main.locker .*s.go:16 s=0$'

"$go" tool pprof -top "$dir/mb.pb" >"$dir/out" 2>&1 || fail "pprof -top minirt block"
expect 'Type: delay'
grep -Eq '^ *[0-9.]+ms +[0-9.]+% +[0-9.]+% +[0-9.]+ms +[0-9.]+%  runtime.chanrecv1$' "$dir/out" \
	|| fail "runtime.chanrecv1 in -top"
grep -Eq '^ *[0-9.]+ms +[0-9.]+% +100% +[0-9.]+ms +[0-9.]+%  sync.\(\*Mutex\).Lock$' "$dir/out" \
	|| fail "sync.(*Mutex).Lock in -top"

"$go" tool pprof -top "$dir/mm.pb" >"$dir/out" 2>&1 || fail "pprof -top minirt mutex"
grep -Eq '^ *[0-9.]+ms +100% +100% +[0-9.]+ms +100%  sync.\(\*Mutex\).Unlock$' "$dir/out" \
	|| fail "sync.(*Mutex).Unlock in -top"
grep -Eq '^ *0 +0% +100% +[0-9.]+ms +100%  main.main$' "$dir/out" || fail "main.main in -top"
"$go" tool pprof -raw "$dir/mm.pb" >"$dir/out" 2>&1 || fail "pprof -raw minirt mutex"
grep -Eq '^ +1 +[0-9]{8,9}: 1 2 $' "$dir/out" || fail "mutex sample"
expect '2: 0x0 M=1 main.main .*s.go:27 s=0$'

# The legacy text heap profile (WriteTo(w, 1)) written by minirt: pprof parses its header and
# records. At MemProfileRate 1: 32 persistent 32-byte objects (a linked list: no other
# allocation on that line), all in use; 1024 transient 1 KiB arrays, all freed by runtime.GC().
cat >"$dir/h.go" <<'GO'
package main

import (
	"os"
	"runtime"
	"runtime/pprof"
)

type node struct {
	next *node
	pad  [3]int
}

var list *node
var sink *[1024]byte

func main() {
	runtime.MemProfileRate = 1
	for i := 0; i < 32; i++ {
		list = &node{next: list}
	}
	for i := 0; i < 1024; i++ {
		sink = new([1024]byte)
	}
	sink = nil
	runtime.GC()
	pprof.Lookup("heap").WriteTo(os.Stdout, 1)
}
GO
"$minirt" "$dir/h.go" >"$dir/h.txt" 2>"$dir/out" || fail "minirt text heap profile"
"$go" tool pprof -raw "$dir/h.txt" >"$dir/out" 2>&1 || fail "pprof -raw text heap profile"
expect 'PeriodType: space bytes'
expect 'alloc_objects/count alloc_space/bytes inuse_objects/count inuse_space/bytes'
expect '^ *32 *1024 *32 *1024: '
expect '^ *1024 *1048576 *0 *0: '
expect 'bytes:\[32\]'
expect 'bytes:\[1024\]'
echo ok
