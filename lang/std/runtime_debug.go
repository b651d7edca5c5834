// Package debug: runtime/debug's knobs over the collector, and its statistics.
//
// ReadGCStats is split as in Go: the runtime half (readGCStats, runtime.c) copies the pause
// history out of the collector's statistics into a buffer this half provides, and this half
// turns it into Durations and Times and computes the quantiles, step for step as Go's
// runtime/debug/garbage.go, so the reuse of the caller's slices is the same too.
package debug

import (
	"sort"
	"time"
)

// GCStats collects information about recent garbage collections.
type GCStats struct {
	LastGC         time.Time       // time of last collection
	NumGC          int64           // number of garbage collections
	PauseTotal     time.Duration   // total pause for all collections
	Pause          []time.Duration // pause history, most recent first
	PauseEnd       []time.Time     // pause end times history, most recent first
	PauseQuantiles []time.Duration
}

// maxPause is the length of the collector's pause history (len(runtime.MemStats.PauseNs)).
const maxPause = 256

// readGCStats stores in *pauses, whose capacity must be at least maxPause+3, the last
// n = min(NumGC, maxPause) pauses most recent first, their end times (Unix ns), then the time
// of the last collection (Unix ns), NumGC and the total pause, and sets its length to 2n+3.
func readGCStats(pauses *[]time.Duration)

// ReadGCStats reads statistics about garbage collection into stats. The pause history holds
// up to 256 entries; stats.Pause is reused if its capacity is large enough (ReadGCStats may
// use all of that capacity) and reallocated otherwise, and so is stats.PauseEnd. If
// stats.PauseQuantiles is non-empty it is filled with quantiles of the pause times: with
// length 5, the minimum, 25%, 50%, 75% and maximum.
func ReadGCStats(stats *GCStats) {
	// Room for two copies of the history plus the three totals: the second copy carries the
	// end times, then serves as scratch space for sorting the quantiles.
	if cap(stats.Pause) < 2*maxPause+3 {
		stats.Pause = make([]time.Duration, 2*maxPause+3)
	}
	readGCStats(&stats.Pause)
	n := len(stats.Pause) - 3
	stats.LastGC = time.Unix(0, int64(stats.Pause[n]))
	stats.NumGC = int64(stats.Pause[n+1])
	stats.PauseTotal = stats.Pause[n+2]
	n /= 2
	stats.Pause = stats.Pause[:n]

	if cap(stats.PauseEnd) < maxPause {
		stats.PauseEnd = make([]time.Time, 0, maxPause)
	}
	stats.PauseEnd = stats.PauseEnd[:0]
	for _, ns := range stats.Pause[n : n+n] {
		stats.PauseEnd = append(stats.PauseEnd, time.Unix(0, int64(ns)))
	}

	if len(stats.PauseQuantiles) == 0 {
		return
	}
	if n == 0 {
		for i := range stats.PauseQuantiles {
			stats.PauseQuantiles[i] = 0
		}
		return
	}
	sorted := stats.Pause[n : n+n]
	copy(sorted, stats.Pause)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	last := len(stats.PauseQuantiles) - 1
	for i := 0; i < last; i++ {
		stats.PauseQuantiles[i] = sorted[len(sorted)*i/last]
	}
	stats.PauseQuantiles[last] = sorted[len(sorted)-1]
}

// SetGCPercent sets the collection target percentage (GOGC): a collection is triggered when
// the heap allocated since the last one reaches this percentage of the live heap. It returns
// the previous setting (initially 100, or the value set from the environment). A negative percentage disables
// collection.
func SetGCPercent(percent int) int

// SetMemoryLimit sets a soft memory limit in bytes and returns the previous limit (initially
// math.MaxInt64, or the value set from the environment). A negative limit only reads the current one.
func SetMemoryLimit(limit int64) int64

// FreeOSMemory forces a collection and then returns as much memory to the OS as possible.
func FreeOSMemory()

// PrintStack prints the current goroutine's stack to standard error.
func PrintStack()
