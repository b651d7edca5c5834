// Package pprof: writing runtime profiles in the format of pprof's profile.proto (gzipped),
// as Go's runtime/pprof. Heap profiles so far ("heap" and "allocs"); they reflect the heap as of
// the last completed garbage collection, as Go's do.
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

// Lookup returns the profile with the given name, or nil if no such profile exists.
func Lookup(name string) *Profile {
	switch name {
	case "heap", "allocs":
		return &Profile{name: name}
	}
	return nil
}

// Name returns this profile's name.
func (p *Profile) Name() string { return p.name }

// WriteTo writes a pprof-formatted snapshot of the profile to w. debug 0 writes the gzipped
// protocol buffer; other values (Go's legacy text formats) are not available yet.
func (p *Profile) WriteTo(w io.Writer, debug int) error {
	if debug != 0 {
		return errors.New("minirt: runtime/pprof: text profiles (debug != 0) are not supported yet")
	}
	defaultType := ""
	if p.name == "allocs" {
		defaultType = "alloc_space"
	}
	_, err := w.Write(heapProfile(defaultType))
	return err
}

// WriteHeapProfile is shorthand for Lookup("heap").WriteTo(w, 0).
func WriteHeapProfile(w io.Writer) error {
	return Lookup("heap").WriteTo(w, 0)
}

// heapProfile is the heap profile in pprof's format; defaultType names the sample type pprof
// shows first ("" for the heap profile's own default).
func heapProfile(defaultType string) []byte
