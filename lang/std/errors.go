// Package errors: creating errors and inspecting chains of wrapped errors, as Go's.
package errors

// errorString is the error errors.New returns (printed by %T as *errors.errorString).
type errorString struct {
	s string
}

func (e *errorString) Error() string {
	return e.s
}

// New returns an error whose Error method returns text. Each call makes a distinct error.
func New(text string) error {
	return &errorString{text}
}

// Unwrap returns the result of err's Unwrap method when it has one returning an error.
func Unwrap(err error) error {
	u, ok := err.(interface{ Unwrap() error })
	if !ok {
		return nil
	}
	return u.Unwrap()
}

// isComparable reports whether err's dynamic type supports ==.
func isComparable(err error) bool

// Is reports whether any error in err's tree matches target: equal to it, or with an
// Is(error) bool method reporting a match. The tree is walked depth first through
// Unwrap() error and Unwrap() []error.
func Is(err, target error) bool {
	if err == nil || target == nil {
		return err == target
	}
	return is(err, target, isComparable(target))
}

func is(err, target error, targetComparable bool) bool {
	for {
		if targetComparable && err == target {
			return true
		}
		if x, ok := err.(interface{ Is(error) bool }); ok && x.Is(target) {
			return true
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
			if err == nil {
				return false
			}
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				if e != nil && is(e, target, targetComparable) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
}

// checkAsTarget returns 0 for a usable As target, 1 when it is not a non-nil pointer and 2
// when it points to a type that is neither an interface nor an error.
func checkAsTarget(target any) int

// assignTo stores err into *target when err's dynamic type is assignable to it.
func assignTo(err error, target any) bool

// As finds the first error in err's tree assignable to the value target points to, stores
// it there and reports true; an error with an As(any) bool method may also claim the match.
func As(err error, target any) bool {
	if err == nil {
		return false
	}
	if target == nil {
		panic("errors: target cannot be nil")
	}
	switch checkAsTarget(target) {
	case 1:
		panic("errors: target must be a non-nil pointer")
	case 2:
		panic("errors: *target must be interface or implement error")
	}
	return as(err, target)
}

func as(err error, target any) bool {
	for {
		if assignTo(err, target) {
			return true
		}
		if x, ok := err.(interface{ As(any) bool }); ok && x.As(target) {
			return true
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
			if err == nil {
				return false
			}
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				if e != nil && as(e, target) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
}

// joinError is the error Join returns: its message is the messages of its errors, one per line.
type joinError struct {
	errs []error
}

func (e *joinError) Error() string {
	s := ""
	for i, err := range e.errs {
		if i > 0 {
			s += "\n"
		}
		s += err.Error()
	}
	return s
}

func (e *joinError) Unwrap() []error {
	return e.errs
}

// Join returns an error wrapping the given non-nil errors, or nil if there are none.
func Join(errs ...error) error {
	n := 0
	for _, err := range errs {
		if err != nil {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	e := &joinError{errs: make([]error, 0, n)}
	for _, err := range errs {
		if err != nil {
			e.errs = append(e.errs, err)
		}
	}
	return e
}
