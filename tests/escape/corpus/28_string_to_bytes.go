// []byte(string) and []rune(string) conversions.
package main

var gb []byte

func local(s string) int {
	b := []byte(s)
	b[0] = 'X'
	return int(b[0])
}

func returned(s string) []byte {
	return []byte(s)
}

func global(s string) {
	gb = []byte(s)
}

func runes(s string) int {
	r := []rune(s)
	return len(r)
}

func ranged(s string) int {
	n := 0
	for _, c := range []byte(s) {
		n += int(c)
	}
	return n
}

func main() {
	global("gg")
	println(local("abc"), len(returned("hello")), len(gb), runes("héllo"), ranged("ab"))
}
