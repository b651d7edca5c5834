// Package pprof: writing runtime profiles in the format of pprof's profile.proto (gzipped),
// or in Go's legacy text formats, as Go's runtime/pprof. The predefined profiles are the same:
// goroutine, threadcreate, heap, allocs, block and mutex; heap and allocs reflect the heap as of
// the last completed garbage collection, as Go's do. A CPU profile is started and stopped with
// StartCPUProfile and StopCPUProfile.
package pprof

import (
	"errors"
	"io"
)

// A Profile is a collection of stack traces showing the call sequences that led to instances
// of a particular event, such as allocation.
type Profile struct {
	name string
}

var profileNames = []string{"allocs", "block", "goroutine", "heap", "mutex", "threadcreate"}

// Lookup returns the profile with the given name, or nil if no such profile exists.
func Lookup(name string) *Profile {
	for _, n := range profileNames {
		if n == name {
			return &Profile{name: name}
		}
	}
	return nil
}

// Profiles returns a slice of all the known profiles, sorted by name.
func Profiles() []*Profile {
	all := make([]*Profile, 0, len(profileNames))
	for _, n := range profileNames {
		all = append(all, &Profile{name: n})
	}
	return all
}

// Name returns this profile's name.
func (p *Profile) Name() string { return p.name }

// Count returns the number of execution stacks currently in the profile.
func (p *Profile) Count() int {
	switch p.name {
	case "heap", "allocs":
		return heapCount()
	case "block", "mutex":
		return contentionCount(p.name)
	case "goroutine":
		return goroutineCount()
	case "threadcreate":
		return threadcreateCount()
	}
	return 0
}

// WriteTo writes a pprof-formatted snapshot of the profile to w. debug 0 writes the gzipped
// protocol buffer; debug 1 writes Go's legacy text format, with function names and line
// numbers; for the goroutine profile, debug 2 prints every goroutine's stack as a panic does.
func (p *Profile) WriteTo(w io.Writer, debug int) error {
	var data []byte
	switch p.name {
	case "heap", "allocs":
		if debug != 0 {
			data = heapProfileText()
		} else if p.name == "allocs" {
			data = heapProfile("alloc_space")
		} else {
			data = heapProfile("")
		}
	case "block", "mutex":
		data = contentionProfile(p.name, debug)
	case "goroutine":
		data = goroutineProfile(debug)
	case "threadcreate":
		data = threadcreateProfile(debug)
	}
	_, err := w.Write(data)
	return err
}

// WriteHeapProfile is shorthand for Lookup("heap").WriteTo(w, 0).
func WriteHeapProfile(w io.Writer) error {
	return Lookup("heap").WriteTo(w, 0)
}

var cpuWriter io.Writer

// StartCPUProfile enables CPU profiling for the current process (100 samples per second of CPU
// time). While profiling, the profile is buffered; StopCPUProfile writes it to w.
func StartCPUProfile(w io.Writer) error {
	if !startCPUProfile() {
		return errors.New("cpu profiling already in use")
	}
	cpuWriter = w
	return nil
}

// StopCPUProfile stops the current CPU profile, if any, and writes it to the writer given to
// StartCPUProfile.
func StopCPUProfile() {
	data := stopCPUProfile()
	if data == nil || cpuWriter == nil {
		return
	}
	w := cpuWriter
	cpuWriter = nil
	w.Write(data)
}

// heapProfile is the heap profile in pprof's format; defaultType names the sample type pprof
// shows first ("" for the heap profile's own default). (heapprof.c)
func heapProfile(defaultType string) []byte

// heapProfileText is the heap profile in Go's legacy text format (debug=1). (heapprof.c)
func heapProfileText() []byte

// heapCount is the number of heap profile records. (heapprof.c)
func heapCount() int

// contentionProfile is the "block" or "mutex" profile: gzipped protobuf for debug 0, text
// otherwise. contentionCount is its number of records. (contprof.c)
func contentionProfile(name string, debug int) []byte
func contentionCount(name string) int

// goroutineProfile: debug 0 protobuf, 1 grouped text, 2 every stack. (goprof.c)
func goroutineProfile(debug int) []byte
func goroutineCount() int

// threadcreateProfile and its count. (goprof.c)
func threadcreateProfile(debug int) []byte
func threadcreateCount() int

// startCPUProfile starts the sampler (false when it is already running); stopCPUProfile stops
// it and returns the gzipped profile, or nil when none was running. (cpuprof.c)
func startCPUProfile() bool
func stopCPUProfile() []byte
