// string([]byte) conversions.
package main

var gstr string

func local(b []byte) int {
	s := string(b)
	return len(s)
}

func returned(b []byte) string {
	return string(b)
}

func global(b []byte) {
	gstr = string(b)
}

func compare(b []byte) bool {
	return string(b) == "abc"
}

func main() {
	b := []byte{'a', 'b', 'c'}
	global(b)
	println(local(b), returned(b), gstr, compare(b))
}
