// Package runtime: the parts of Go's runtime package a script can use, and the runtime's own
// error types (the values recover() returns for run-time panics).
package runtime

// Error identifies a run-time error, as Go's runtime.Error.
type Error interface {
	error
	RuntimeError()
}

// errorString is a run-time error such as "index out of range [5] with length 3".
type errorString string

func (e errorString) RuntimeError() {}

func (e errorString) Error() string { return "runtime error: " + string(e) }

// plainError is a run-time error printed without the "runtime error: " prefix
// ("assignment to entry in nil map", "interface conversion: ...").
type plainError string

func (e plainError) RuntimeError() {}

func (e plainError) Error() string { return string(e) }

// MemProfileRate controls the fraction of allocations recorded in the memory profile.
var MemProfileRate int = memProfileRateAtStart()

// memProfileRateAtStart is 512 * 1024, or the value of minirt's --memprofilerate flag.
func memProfileRateAtStart() int

// MemStats records statistics about the memory allocator, with Go's field names and meanings.
// Its fields are gc/gc.h's GCMemStats in the same order and widths (ReadMemStats copies one
// into the other), so a field added here must be added there too. Go's BySize table is not
// kept.
type MemStats struct {
	Alloc         uint64      // bytes of allocated heap objects (= HeapAlloc)
	TotalAlloc    uint64      // cumulative bytes allocated for heap objects
	Sys           uint64      // total bytes of memory obtained from the OS
	Lookups       uint64      // pointer lookups by the runtime (always 0)
	Mallocs       uint64      // cumulative count of heap objects allocated
	Frees         uint64      // cumulative count of heap objects freed
	HeapAlloc     uint64      // bytes of allocated heap objects, including unswept dead ones
	HeapSys       uint64      // bytes of heap memory obtained from the OS
	HeapIdle      uint64      // bytes in idle (unused) spans
	HeapInuse     uint64      // bytes in in-use spans
	HeapReleased  uint64      // bytes of physical memory returned to the OS
	HeapObjects   uint64      // number of allocated heap objects (Mallocs - Frees)
	StackInuse    uint64      // bytes in stack spans
	StackSys      uint64      // bytes of stack memory obtained from the OS
	MSpanInuse    uint64      // bytes of allocated mspan structures
	MSpanSys      uint64      // bytes obtained from the OS for mspan structures
	MCacheInuse   uint64      // bytes of allocated mcache structures
	MCacheSys     uint64      // bytes obtained from the OS for mcache structures
	BuckHashSys   uint64      // bytes of memory in profiling bucket hash tables
	GCSys         uint64      // bytes of memory in garbage collection metadata
	OtherSys      uint64      // bytes of memory in miscellaneous off-heap runtime allocations
	NextGC        uint64      // target heap size of the next GC cycle
	LastGC        uint64      // time the last collection finished, as nanoseconds since 1970
	PauseTotalNs  uint64      // cumulative nanoseconds in stop-the-world pauses
	PauseNs       [256]uint64 // recent pause times; the most recent is at [(NumGC+255)%256]
	PauseEnd      [256]uint64 // recent pause end times (ns since 1970), indexed as PauseNs
	NumGC         uint32      // number of completed GC cycles
	NumForcedGC   uint32      // number of GC cycles forced by the application calling GC
	GCCPUFraction float64     // fraction of the CPU time used by the GC since the program started
	EnableGC      bool        // always true
	DebugGC       bool        // currently unused
}

// ReadMemStats fills m with the allocator's statistics, current as of the call.
func ReadMemStats(m *MemStats)

// GC runs a garbage collection, blocking the caller until it is complete.
func GC()
func Gosched()
func NumGoroutine() int
func NumCPU() int
func GOMAXPROCS(n int) int

// KeepAlive marks its argument as reachable until this call: the argument stays live in the
// caller's frame up to here, so the function itself has nothing to do.
func KeepAlive(x any)

// SetFinalizer sets the finalizer associated with obj to the provided finalizer function.
// When the collector finds obj unreachable, it queues finalizer(obj) to run on the finalizer
// goroutine and clears the association; obj survives that cycle. A nil finalizer clears it.
func SetFinalizer(obj any, finalizer any) {
	if setFinalizer(obj, finalizer) {
		go runfinq()
	}
}

func setFinalizer(obj any, finalizer any) bool
func nextfin() (func(), bool)

// runfinq is the finalizer goroutine: it runs queued finalizers one at a time, in order.
func runfinq() {
	for {
		if f, ok := nextfin(); ok {
			f()
		}
	}
}

// SetBlockProfileRate controls the fraction of goroutine blocking events that are reported in
// the blocking profile: on average one event per rate nanoseconds spent blocked. rate 1
// reports every event; rate <= 0 turns the profile off.
func SetBlockProfileRate(rate int)

// SetMutexProfileFraction controls the fraction of mutex contention events reported in the
// mutex profile: on average 1/rate events. 0 turns it off, a negative rate only reads the
// current value. It returns the previous rate.
func SetMutexProfileFraction(rate int) int

func Caller(skip int) (pc uintptr, file string, line int, ok bool)
func Stack(buf []byte, all bool) int
