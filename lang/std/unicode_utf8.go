// Package utf8: UTF-8 encoding and decoding, as Go's unicode/utf8. Decoding is native (utf8.c).
package utf8

// Numbers fundamental to the encoding.
const (
	RuneError = '\uFFFD'     // the "error" Rune or "Unicode replacement character"
	RuneSelf  = 0x80         // characters below RuneSelf are represented as themselves in a single byte
	MaxRune   = '\U0010FFFF' // maximum valid Unicode code point
	UTFMax    = 4            // maximum number of bytes of a UTF-8 encoded Unicode character
)

func RuneCountInString(s string) int
func RuneCount(p []byte) int
func DecodeRuneInString(s string) (rune, int)
func DecodeRune(p []byte) (rune, int)
func DecodeLastRuneInString(s string) (rune, int)
func DecodeLastRune(p []byte) (rune, int)
func EncodeRune(p []byte, r rune) int
func ValidString(s string) bool
func Valid(p []byte) bool
func FullRune(p []byte) bool
func FullRuneInString(s string) bool

// RuneLen returns the number of bytes needed to encode r, or -1 if r is not valid.
func RuneLen(r rune) int {
	switch {
	case r < 0:
		return -1
	case r < 0x80:
		return 1
	case r < 0x800:
		return 2
	case 0xD800 <= r && r <= 0xDFFF:
		return -1
	case r < 0x10000:
		return 3
	case r <= MaxRune:
		return 4
	}
	return -1
}

// ValidRune reports whether r can be legally encoded as UTF-8.
func ValidRune(r rune) bool {
	switch {
	case 0 <= r && r < 0xD800:
		return true
	case 0xDFFF < r && r <= MaxRune:
		return true
	}
	return false
}

// RuneStart reports whether b could be the first byte of an encoded rune.
func RuneStart(b byte) bool {
	return b&0xC0 != 0x80
}

// AppendRune appends the UTF-8 encoding of r to the end of p.
func AppendRune(p []byte, r rune) []byte {
	if r >= 0 && r < RuneSelf {
		return append(p, byte(r))
	}
	var buf [UTFMax]byte
	n := EncodeRune(buf[:], r)
	return append(p, buf[:n]...)
}
