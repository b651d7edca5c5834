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
var MemProfileRate int = 512 * 1024

// MemStats records statistics about the memory allocator, with Go's field names.
type MemStats struct {
	Alloc         uint64
	TotalAlloc    uint64
	Sys           uint64
	Lookups       uint64
	Mallocs       uint64
	Frees         uint64
	HeapAlloc     uint64
	HeapSys       uint64
	HeapIdle      uint64
	HeapInuse     uint64
	HeapReleased  uint64
	HeapObjects   uint64
	StackInuse    uint64
	StackSys      uint64
	MSpanInuse    uint64
	MSpanSys      uint64
	MCacheInuse   uint64
	MCacheSys     uint64
	BuckHashSys   uint64
	GCSys         uint64
	OtherSys      uint64
	NextGC        uint64
	LastGC        uint64
	PauseTotalNs  uint64
	PauseNs       [256]uint64
	PauseEnd      [256]uint64
	NumGC         uint32
	NumForcedGC   uint32
	GCCPUFraction float64
	EnableGC      bool
	DebugGC       bool
}

// ReadMemStats fills m with the allocator's statistics.
func ReadMemStats(m *MemStats) {
	m.TotalAlloc = totalAlloc()
	m.Mallocs = mallocs()
	m.Alloc = m.TotalAlloc
	m.HeapAlloc = m.TotalAlloc
	m.HeapObjects = m.Mallocs
	m.HeapSys, m.HeapInuse, m.HeapIdle, m.HeapReleased = heapStats()
	m.Sys = m.HeapSys
	m.EnableGC = true
}

func totalAlloc() uint64
func mallocs() uint64
func heapStats() (sys, inuse, idle, released uint64)

func GC()
func Gosched()
func NumGoroutine() int
func NumCPU() int
func GOMAXPROCS(n int) int
func KeepAlive(x any)
func SetFinalizer(obj any, finalizer any)
func SetBlockProfileRate(rate int)
func SetMutexProfileFraction(rate int) int
func Caller(skip int) (pc uintptr, file string, line int, ok bool)
func Stack(buf []byte, all bool) int
