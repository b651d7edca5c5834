// Deferred closures at the top level of a function do not escape; in a loop they do.
package main

func deferred() (r int) {
	x := 1
	defer func() {
		r = x * 10
	}()
	x = 2
	return 0
}

func inLoop(n int) (r int) {
	for i := 0; i < n; i++ {
		defer func() {
			r++
		}()
	}
	return 0
}

func recovered() (msg string) {
	defer func() {
		if e := recover(); e != nil {
			msg = "recovered"
		}
	}()
	panic("boom")
}

func main() {
	println(deferred(), inLoop(3), recovered())
}
