// Calls into the strings and strconv packages.
package main

import (
	"strconv"
	"strings"
)

func build(n int) string {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		sb.WriteString(strconv.Itoa(i))
	}
	return sb.String()
}

func words(s string) int {
	return len(strings.Fields(s))
}

func join(parts []string) string {
	return strings.Join(parts, ",")
}

func main() {
	n, err := strconv.Atoi("12")
	println(build(4), words("a b c"), join([]string{"x", "y"}), n, err == nil)
}
