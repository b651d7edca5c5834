// string(rune), []rune and string([]rune) conversions.
package main

func fromRune(r rune) int {
	s := string(r)
	return len(s)
}

func retRune(r rune) string {
	return string(r)
}

func fromRunes(rs []rune) string {
	return string(rs)
}

func localRunes() int {
	rs := []rune{'h', 'i'}
	s := string(rs)
	return len(s)
}

func main() {
	println(fromRune('é'), retRune('A'), fromRunes([]rune{'o', 'k'}), localRunes())
}
