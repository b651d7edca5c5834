// Package strconv: conversions to and from strings, as Go's. Parsing and formatting are
// native (strconv.c); this file builds the *NumError values Go returns.
package strconv

import "errors"

// IntSize is the size in bits of an int or uint value.
const IntSize = 64

// ErrRange indicates that a value is out of range for the target type.
var ErrRange = errors.New("value out of range")

// ErrSyntax indicates that a value does not have the right syntax for the target type.
var ErrSyntax = errors.New("invalid syntax")

// A NumError records a failed conversion.
type NumError struct {
	Func string // the failing function (ParseBool, ParseInt, ParseUint, ParseFloat, ...)
	Num  string // the input
	Err  error  // the reason the conversion failed (e.g. ErrRange, ErrSyntax, etc.)
}

func (e *NumError) Error() string {
	return "strconv." + e.Func + ": " + "parsing " + Quote(e.Num) + ": " + e.Err.Error()
}

func (e *NumError) Unwrap() error {
	return e.Err
}

// Result codes of the parsing natives.
const (
	codeOK = iota
	codeSyntax
	codeRange
	codeBase
	codeBitSize
)

func numError(fn, s string, code int, base, bitSize int) error {
	switch code {
	case codeSyntax:
		return &NumError{fn, s, ErrSyntax}
	case codeRange:
		return &NumError{fn, s, ErrRange}
	case codeBase:
		return &NumError{fn, s, errors.New("invalid base " + Itoa(base))}
	case codeBitSize:
		return &NumError{fn, s, errors.New("invalid bit size " + Itoa(bitSize))}
	}
	return nil
}

// Itoa is FormatInt(int64(i), 10).
func Itoa(i int) string

// FormatInt returns the string representation of i in the given base (2..36).
func FormatInt(i int64, base int) string

// FormatUint returns the string representation of i in the given base (2..36).
func FormatUint(i uint64, base int) string

// FormatBool returns "true" or "false".
func FormatBool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// AppendInt appends the string form of i to dst.
func AppendInt(dst []byte, i int64, base int) []byte {
	return append(dst, FormatInt(i, base)...)
}

// AppendUint appends the string form of i to dst.
func AppendUint(dst []byte, i uint64, base int) []byte {
	return append(dst, FormatUint(i, base)...)
}

// AppendQuote appends Quote(s) to dst.
func AppendQuote(dst []byte, s string) []byte {
	return append(dst, Quote(s)...)
}

// AppendFloat appends FormatFloat(f, fmt, prec, bitSize) to dst.
func AppendFloat(dst []byte, f float64, fmt byte, prec, bitSize int) []byte {
	return append(dst, FormatFloat(f, fmt, prec, bitSize)...)
}

// AppendBool appends "true" or "false" to dst.
func AppendBool(dst []byte, b bool) []byte {
	return append(dst, FormatBool(b)...)
}

func atoi(s string) (int, int)
func parseInt(s string, base int, bitSize int) (int64, int)
func parseUint(s string, base int, bitSize int) (uint64, int)
func parseFloat(s string, bitSize int) (float64, int)

// Atoi is ParseInt(s, 10, 0) converted to int, with Func "Atoi" in its errors.
func Atoi(s string) (int, error) {
	v, code := atoi(s)
	if code != codeOK {
		return v, numError("Atoi", s, code, 10, 0)
	}
	return v, nil
}

// ParseInt interprets s in the given base (0, 2 to 36) and bit size (0 to 64).
func ParseInt(s string, base int, bitSize int) (i int64, err error) {
	v, code := parseInt(s, base, bitSize)
	if code != codeOK {
		return v, numError("ParseInt", s, code, base, bitSize)
	}
	return v, nil
}

// ParseUint is like ParseInt but for unsigned numbers; a sign prefix is not permitted.
func ParseUint(s string, base int, bitSize int) (uint64, error) {
	v, code := parseUint(s, base, bitSize)
	if code != codeOK {
		return v, numError("ParseUint", s, code, base, bitSize)
	}
	return v, nil
}

// ParseFloat converts s to a floating-point number with the precision of bitSize (32 or 64).
func ParseFloat(s string, bitSize int) (float64, error) {
	v, code := parseFloat(s, bitSize)
	if code != codeOK {
		return v, numError("ParseFloat", s, code, 10, bitSize)
	}
	return v, nil
}

// ParseBool accepts 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False.
func ParseBool(str string) (bool, error) {
	switch str {
	case "1", "t", "T", "true", "TRUE", "True":
		return true, nil
	case "0", "f", "F", "false", "FALSE", "False":
		return false, nil
	}
	return false, &NumError{"ParseBool", str, ErrSyntax}
}

// FormatFloat converts f to a string in format fmt ('b', 'e', 'E', 'f', 'g', 'G', 'x', 'X')
// with precision prec (-1 for the fewest digits that read back exactly) for bitSize 32 or 64.
func FormatFloat(f float64, fmt byte, prec, bitSize int) string

// Quote returns a double-quoted Go string literal representing s.
func Quote(s string) string

// QuoteToASCII is Quote with non-ASCII runes escaped.
func QuoteToASCII(s string) string

// QuoteToGraphic is Quote leaving graphic runes (such as spaces) unescaped.
func QuoteToGraphic(s string) string

// QuoteRune returns a single-quoted Go character literal representing r.
func QuoteRune(r rune) string

// QuoteRuneToASCII is QuoteRune with non-ASCII runes escaped.
func QuoteRuneToASCII(r rune) string

// QuoteRuneToGraphic is QuoteRune leaving graphic runes unescaped.
func QuoteRuneToGraphic(r rune) string

// IsPrint reports whether r is printable as Go defines it.
func IsPrint(r rune) bool

// IsGraphic reports whether r is graphic (printable, or a Unicode space).
func IsGraphic(r rune) bool

// CanBackquote reports whether s can be a single-line raw string literal.
func CanBackquote(s string) bool
