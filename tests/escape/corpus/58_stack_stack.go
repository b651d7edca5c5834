// A stack type whose methods store pointers into its own slice.
package main

type T struct{ v int }

type stack struct {
	items []*T
}

func (s *stack) push(t *T) {
	s.items = append(s.items, t)
}

func (s *stack) pop() *T {
	t := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return t
}

func (s *stack) peek() *T {
	return s.items[len(s.items)-1]
}

func main() {
	var s stack
	s.push(&T{1})
	s.push(&T{2})
	p := s.peek()
	q := s.pop()
	println(p.v, q.v, len(s.items))
}
