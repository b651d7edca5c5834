// Package debug: runtime/debug's knobs over the collector.
package debug

// SetGCPercent sets the collection target percentage (GOGC) and returns the previous setting.
// A negative percentage disables collection.
func SetGCPercent(percent int) int

// SetMemoryLimit sets a soft memory limit in bytes and returns the previous limit.
// A negative limit only reads the current one.
func SetMemoryLimit(limit int64) int64

// FreeOSMemory forces a collection and returns as much memory to the OS as possible.
func FreeOSMemory()

// PrintStack prints the current goroutine's stack to standard error.
func PrintStack()
