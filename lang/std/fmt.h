/*
 * fmt.h - Go's fmt formatting engine in C, and the runtime's own printing (builtin print and
 * println, panic values), shared by the fmt, strconv and os natives and called by the VM.
 *
 * Layers, lowest first:
 *   1. FmtBuf: a growable byte buffer in C memory (malloc), never in the GC heap, so building
 *      output can call back into script code (String methods) and survive a collection.
 *   2. Fmt: Go's 'fmt' struct (src/fmt/format.go): flags, width and precision, and the
 *      formatters for one value of a basic kind (fmt_integer, fmt_float, fmt_q, ...). These
 *      take plain C values, so tests can drive them without a VM.
 *   3. The printer (fmt.c, Go's 'pp' of src/fmt/print.go): walks Go values through their
 *      Type (structs, slices, maps with sorted keys, pointers, interfaces), honours the Error
 *      and String methods, and implements Printf's format-string language.
 *   4. Float digits (fmtfloat.c): strconv.FormatFloat's text for 'e' 'E' 'f' 'g' 'G' 'b' 'x'
 *      'X', shortest or with a precision, at 32 or 64 bits.
 *   5. The runtime's printer: builtin print/println (Go's printint, printfloat, printslice...)
 *      and the text of a panic value as Go's printpanics shows it.
 *
 * Invariants:
 *   - A FmtBuf's bytes are C memory; turning them into a Go string is one rt_string_copy at the
 *     end, so a native that formats makes a single GC allocation, after all callbacks.
 *   - Fmt functions append to f->buf and never read or clear the flags they did not set.
 */
#ifndef MINIRT_LANG_STD_FMT_H
#define MINIRT_LANG_STD_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../runtime/value.h"

typedef struct G G;

/* ---------------------------------------------------------------- buffers */

typedef struct FmtBuf {
	char *p;    /* malloc'd bytes, NULL while empty */
	size_t len; /* bytes in use */
	size_t cap; /* bytes allocated */
} FmtBuf;

void fmtbuf_grow(FmtBuf *b, size_t n); /* room for n more bytes */
void fmtbuf_write(FmtBuf *b, const void *p, size_t n);
void fmtbuf_puts(FmtBuf *b, const char *s);
void fmtbuf_putc(FmtBuf *b, char c);
void fmtbuf_putrune(FmtBuf *b, int32_t r); /* UTF-8; invalid runes as U+FFFD */
void fmtbuf_free(FmtBuf *b);
/* The contents as a new Go string (one GC allocation). */
String fmtbuf_string(const FmtBuf *b);

/* ---------------------------------------------------------------- Go's fmt struct */

typedef struct Fmt {
	FmtBuf *buf;
	bool wid_present, prec_present;
	bool minus, plus, sharp, space, zero;
	bool plus_v, sharp_v; /* %+v and %#v: set instead of plus and sharp for verb v */
	int wid, prec;
} Fmt;

void fmt_clearflags(Fmt *f);
void fmt_pad(Fmt *f, const char *s, size_t n); /* pads by rune count to the width */
void fmt_padding(Fmt *f, int n);               /* n pad bytes (' ' or '0' per f->zero) */
void fmt_boolean(Fmt *f, bool v);
/* Go's fmtInteger: base 2, 8, 10 or 16; verb matters for 'O'; digits is lower or upper hex. */
void fmt_integer(Fmt *f, uint64_t u, int base, bool is_signed, int verb, bool upper);
void fmt_unicode(Fmt *f, uint64_t u);                        /* %U */
void fmt_c(Fmt *f, uint64_t c);                              /* %c */
void fmt_qc(Fmt *f, uint64_t c);                             /* %q of a rune */
void fmt_s(Fmt *f, const uint8_t *s, size_t n);              /* %s: truncates to the precision */
void fmt_sx(Fmt *f, const uint8_t *s, size_t n, bool upper); /* %x %X of bytes */
void fmt_q(Fmt *f, const uint8_t *s, size_t n);              /* %q of a string */
/* Go's fmt.fmtFloat: verb is one of strconv's formats, prec the verb's default precision
 * (overridden by an explicit one); size is 32 or 64. */
void fmt_float(Fmt *f, double v, int size, int verb, int prec);

/* ---------------------------------------------------------------- floats (fmtfloat.c) */

/* Appends strconv.FormatFloat(v, fmt, prec, bitsize) ('b' 'e' 'E' 'f' 'g' 'G' 'x' 'X';
 * prec < 0 means the shortest text that reads back as the same float). */
void fmt_format_float(FmtBuf *out, double v, int fmt, int prec, int bitsize);
/* The shortest decimal digits of v that round-trip at bitsize: digits[0..*nd) without a
 * point, value = 0.d1d2... * 10^*dp. v must be finite and non-zero, sign ignored. */
void fmt_shortest_digits(double v, int bitsize, char *digits, int *nd, int *dp);

/* ---------------------------------------------------------------- strconv quoting (strconv.c) */

bool strconv_isprint(int32_t r);
bool strconv_isgraphic(int32_t r);
/* Go's appendQuotedWith / appendQuotedRuneWith. */
void strconv_quote(FmtBuf *out, const uint8_t *s, size_t n, char quote, bool ascii_only,
                   bool graphic_only);
void strconv_quote_rune(FmtBuf *out, int32_t r, char quote, bool ascii_only, bool graphic_only);
bool strconv_can_backquote(const uint8_t *s, size_t n);

/* Parsing (Go's ParseUint, ParseInt, ParseFloat); the result code tells which error Go
 * reports; *out gets the value Go returns alongside it (clamped on ErrRange). */
enum { STRCONV_OK, STRCONV_SYNTAX, STRCONV_RANGE, STRCONV_BASE, STRCONV_BITSIZE };
int strconv_parse_uint(const uint8_t *s, size_t n, int64_t base, int64_t bitsize, uint64_t *out);
int strconv_parse_int(const uint8_t *s, size_t n, int64_t base, int64_t bitsize, int64_t *out);
int strconv_parse_float(const uint8_t *s, size_t n, int64_t bitsize, double *out);

/* ---------------------------------------------------------------- the printer (fmt.c) */

/*
 * Formats like fmt.Sprintf / Sprint / Sprintln, appending to out. args are empty-interface
 * values. 'wrapped' (Errorf only, may be NULL) receives the argument indexes of %w verbs, at
 * most nwrapped_cap of them, and *nwrapped their count. Returns false when a String or Error
 * method panicked in a way Go does not recover from (the panic is pending in g; out is then
 * incomplete and must be dropped).
 */
bool fmt_sprintf(G *g, FmtBuf *out, String format, const Iface *args, int64_t nargs,
                 int64_t *wrapped, int64_t nwrapped_cap, int64_t *nwrapped);
bool fmt_sprint(G *g, FmtBuf *out, const Iface *args, int64_t nargs);
bool fmt_sprintln(G *g, FmtBuf *out, const Iface *args, int64_t nargs);

/* ---------------------------------------------------------------- the runtime's printing */

/*
 * Builtin print and println, lowered as Go's compiler does: for
 *     println(a, b)
 * the VM calls rt_print_begin(); rt_print_arg(ta, slots_a); rt_print_sp();
 * rt_print_arg(tb, slots_b); rt_print_nl(); rt_print_end();   (print: no sp, no nl).
 * Text is gathered and written to standard error by rt_print_end, after flushing the buffered
 * standard output so the two streams keep their order. rt_print_arg takes the argument's
 * static type and its value in canonical frame-slot form (runtime/value.h): ints and bools
 * as printint/printuint/printbool, floats as printfloat ("+1.500000e+000"), strings as is,
 * pointers, maps, chans, funcs as "0x..." (printpointer), slices as "[len/cap]0x...",
 * interfaces as "(0x<type>,0x<data>)".
 */
void rt_print_begin(void);
void rt_print_arg(Type *t, const Slot *slots);
void rt_print_sp(void);
void rt_print_nl(void);
void rt_print_end(void);

/* Go's printfloat text for v ("+1.500000e+000", "NaN", "+Inf"). */
void fmt_printfloat(FmtBuf *out, double v);

/*
 * Appends the text Go's printpanics shows after "panic: " for the panic value v (an empty
 * interface): an error's Error() or a Stringer's String() (preprintpanics), strings as is,
 * basic types as builtin print shows them, other named basic types as main.T(5) or
 * main.S("x"), everything else as "(main.T) 0xADDR" (printanycustomtype); nil as "nil".
 * Calls script code for Error/String. Returns false when that method panicked (the new panic
 * is pending in g and out holds nothing useful): Go then dies with
 * "panic while printing panic value".
 */
bool rt_format_panic_value(G *g, Iface v, FmtBuf *out);

#endif
