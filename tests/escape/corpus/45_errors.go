// Error values.
package main

import (
	"errors"
	"fmt"
)

type myErr struct{ code int }

func (e *myErr) Error() string {
	return fmt.Sprint("code ", e.code)
}

func fail(c int) error {
	if c > 0 {
		return &myErr{c}
	}
	return nil
}

func wrap(err error) error {
	return fmt.Errorf("wrapped: %w", err)
}

var errBase = errors.New("base")

func main() {
	e := fail(3)
	w := wrap(errBase)
	fmt.Println(e.Error(), w.Error(), errors.Is(w, errBase))
}
