// Mutually recursive functions.
package main

type T struct{ v int }

var gt *T

func even(n int, p *T) bool {
	if n == 0 {
		return true
	}
	return odd(n-1, p)
}

func odd(n int, p *T) bool {
	if n == 0 {
		return false
	}
	return even(n-1, p)
}

func ping(n int, p *T) *T {
	if n == 0 {
		return p
	}
	return pong(n-1, p)
}

func pong(n int, p *T) *T {
	if n == 0 {
		gt = p
		return nil
	}
	return ping(n-1, p)
}

func main() {
	t := T{1}
	u := &T{2}
	r := ping(4, u)
	println(even(4, &t), odd(4, &t), r.v)
}
