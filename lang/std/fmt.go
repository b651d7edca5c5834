// Package fmt: formatted I/O with Go's verbs. The formatting engine is native (fmt.c); this
// file holds the functions that write to an io.Writer and Errorf's wrapping errors.
package fmt

import (
	"errors"
	"io"
)

// Stringer is implemented by any value that has a String method, which defines the "native"
// format for that value.
type Stringer interface {
	String() string
}

// GoStringer is implemented by any value that has a GoString method, used by %#v.
type GoStringer interface {
	GoString() string
}

// Sprintf formats according to a format specifier and returns the resulting string.
func Sprintf(format string, a ...any) string

// Sprint formats its operands with %v, adding spaces between operands when neither is a string.
func Sprint(a ...any) string

// Sprintln formats its operands with %v, always adding spaces between them and a newline.
func Sprintln(a ...any) string

// Printf formats according to a format specifier and writes to standard output.
func Printf(format string, a ...any) (n int, err error)

// Print formats like Sprint and writes to standard output.
func Print(a ...any) (n int, err error)

// Println formats like Sprintln and writes to standard output.
func Println(a ...any) (n int, err error)

// Appendf formats like Sprintf and appends the result to b.
func Appendf(b []byte, format string, a ...any) []byte

// Append formats like Sprint and appends the result to b.
func Append(b []byte, a ...any) []byte

// Appendln formats like Sprintln and appends the result to b.
func Appendln(b []byte, a ...any) []byte

// Fprintf formats according to a format specifier and writes to w.
func Fprintf(w io.Writer, format string, a ...any) (n int, err error) {
	return w.Write(Appendf(nil, format, a...))
}

// Fprint formats like Sprint and writes to w.
func Fprint(w io.Writer, a ...any) (n int, err error) {
	return w.Write(Append(nil, a...))
}

// Fprintln formats like Sprintln and writes to w.
func Fprintln(w io.Writer, a ...any) (n int, err error) {
	return w.Write(Appendln(nil, a...))
}

// errorf is Sprintf accepting %w; the argument indexes of the %w verbs go to idx and their
// number is returned.
func errorf(format string, a []any, idx []int) (string, int)

// Errorf formats according to a format specifier and returns the string as an error. With
// one %w verb the error wraps that operand (Unwrap() error), with several it wraps them all
// (Unwrap() []error), in argument order.
func Errorf(format string, a ...any) error {
	idx := make([]int, len(a)+1)
	s, n := errorf(format, a, idx)
	if n > len(idx) {
		n = len(idx)
	}
	switch n {
	case 0:
		return errors.New(s)
	case 1:
		w := &wrapError{msg: s}
		w.err, _ = a[idx[0]].(error)
		return w
	}
	wrapped := idx[:n]
	for i := 1; i < len(wrapped); i++ {
		for j := i; j > 0 && wrapped[j] < wrapped[j-1]; j-- {
			wrapped[j], wrapped[j-1] = wrapped[j-1], wrapped[j]
		}
	}
	var errs []error
	for i, argNum := range wrapped {
		if i > 0 && wrapped[i-1] == argNum {
			continue
		}
		if e, ok := a[argNum].(error); ok {
			errs = append(errs, e)
		}
	}
	return &wrapErrors{s, errs}
}

type wrapError struct {
	msg string
	err error
}

func (e *wrapError) Error() string {
	return e.msg
}

func (e *wrapError) Unwrap() error {
	return e.err
}

type wrapErrors struct {
	msg  string
	errs []error
}

func (e *wrapErrors) Error() string {
	return e.msg
}

func (e *wrapErrors) Unwrap() []error {
	return e.errs
}
