/*
 * print.c - the runtime's own printing, as Go's src/runtime/print.go and error.go do it:
 * the builtins print and println, and the text of a panic value.
 *
 * Builtin print writes straight to standard error with Go's low-level formats, not fmt's:
 *   - integers in decimal, bools as true/false, strings as their bytes;
 *   - floats as printfloat does: sign, one digit, '.', six digits, 'e', sign, three exponent
 *     digits ("+1.500000e+000"), computed with float64 arithmetic exactly as Go does it
 *     (normalise by repeated *10 or /10, add half of the last digit, peel digits);
 *   - pointers, maps, channels and funcs as printpointer: "0x" and hex digits;
 *   - slices as "[len/cap]0xptr"; interfaces as "(0xtype,0xdata)".
 * The VM brackets one statement with rt_print_begin/rt_print_end; the text of the statement is
 * gathered and written with a single write after standard output is flushed.
 *
 * Panic values (rt_format_panic_value): Go's preprintpanics turns an error into its Error()
 * text and a Stringer into its String() text first; printpanicval then prints basic values
 * as print does, named basic types as main.T(5) / main.S("x") (printanycustomtype), and other
 * values as "(main.T) 0xADDR" with the interface's data word.
 *
 * Invariants:
 *   - print_line is only non-empty between rt_print_begin and rt_print_end.
 */
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "std_int.h"

static FmtBuf print_line;

void fmt_printfloat(FmtBuf *out, double v)
{
	if (v != v) {
		fmtbuf_puts(out, "NaN");
		return;
	}
	if (v + v == v && v > 0) {
		fmtbuf_puts(out, "+Inf");
		return;
	}
	if (v + v == v && v < 0) {
		fmtbuf_puts(out, "-Inf");
		return;
	}
	enum { N = 7 };
	char buf[N + 7];
	buf[0] = '+';
	int e = 0;
	if (v == 0) {
		if (1 / v < 0)
			buf[0] = '-';
	} else {
		if (v < 0) {
			v = -v;
			buf[0] = '-';
		}
		while (v >= 10) {
			e++;
			v /= 10;
		}
		while (v < 1) {
			e--;
			v *= 10;
		}
		double h = 5.0;
		for (int i = 0; i < N; i++)
			h /= 10;
		v += h;
		if (v >= 10) {
			e++;
			v /= 10;
		}
	}
	for (int i = 0; i < N; i++) {
		int s = (int)v;
		buf[i + 2] = (char)(s + '0');
		v -= s;
		v *= 10;
	}
	buf[1] = buf[2];
	buf[2] = '.';
	buf[N + 2] = 'e';
	buf[N + 3] = '+';
	if (e < 0) {
		e = -e;
		buf[N + 3] = '-';
	}
	buf[N + 4] = (char)(e / 100 + '0');
	buf[N + 5] = (char)((e / 10) % 10 + '0');
	buf[N + 6] = (char)(e % 10 + '0');
	fmtbuf_write(out, buf, sizeof buf);
}

static void print_hex(FmtBuf *out, uint64_t v)
{
	char tmp[24];
	snprintf(tmp, sizeof tmp, "0x%llx", (unsigned long long)v);
	fmtbuf_puts(out, tmp);
}

static void print_int(FmtBuf *out, int64_t v)
{
	char tmp[24];
	snprintf(tmp, sizeof tmp, "%lld", (long long)v);
	fmtbuf_puts(out, tmp);
}

static void print_uint(FmtBuf *out, uint64_t v)
{
	char tmp[24];
	snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)v);
	fmtbuf_puts(out, tmp);
}

/* One value of static type t in canonical frame-slot form. */
static void print_slots(FmtBuf *out, Type *t, const Slot *s)
{
	switch (t->kind) {
	case K_BOOL: fmtbuf_puts(out, s[0] ? "true" : "false"); return;
	case K_INT:
	case K_INT8:
	case K_INT16:
	case K_INT32:
	case K_INT64: print_int(out, (int64_t)s[0]); return;
	case K_UINT:
	case K_UINT8:
	case K_UINT16:
	case K_UINT32:
	case K_UINT64:
	case K_UINTPTR: print_uint(out, s[0]); return;
	case K_FLOAT32:
	case K_FLOAT64: fmt_printfloat(out, slot_f64(s[0])); return;
	case K_STRING: {
		String str = string_from_slots(s);
		fmtbuf_write(out, str.ptr, (size_t)str.len);
		return;
	}
	case K_SLICE:
		fmtbuf_putc(out, '[');
		print_int(out, (int64_t)s[1]);
		fmtbuf_putc(out, '/');
		print_int(out, (int64_t)s[2]);
		fmtbuf_putc(out, ']');
		print_hex(out, s[0]);
		return;
	case K_INTERFACE:
		fmtbuf_putc(out, '(');
		print_hex(out, s[0]);
		fmtbuf_putc(out, ',');
		print_hex(out, s[1]);
		fmtbuf_putc(out, ')');
		return;
	default: /* pointers, maps, chans, funcs */ print_hex(out, s[0]);
	}
}

void rt_print_begin(void)
{
	print_line.len = 0;
}

void rt_print_arg(Type *t, const Slot *slots)
{
	print_slots(&print_line, t, slots);
}

void rt_print_sp(void)
{
	fmtbuf_putc(&print_line, ' ');
}

void rt_print_nl(void)
{
	fmtbuf_putc(&print_line, '\n');
}

void rt_print_end(void)
{
	rt_stderr_write(print_line.p, print_line.len);
	print_line.len = 0;
}

/* ---------------------------------------------------------------- panic values */

/* A value in memory layout, read into canonical slot form (the interface's boxed copy). */
static Slot load_slot(const Type *t, const void *p)
{
	switch (t->kind) {
	case K_BOOL:
	case K_UINT8: return *(const uint8_t *)p;
	case K_INT8: return (Slot)(int64_t) * (const int8_t *)p;
	case K_INT16: return (Slot)(int64_t) * (const int16_t *)p;
	case K_UINT16: return *(const uint16_t *)p;
	case K_INT32: return (Slot)(int64_t) * (const int32_t *)p;
	case K_UINT32: return *(const uint32_t *)p;
	case K_FLOAT32: return f64_slot((double)*(const float *)p);
	default: return *(const uint64_t *)p;
	}
}

static bool basic_kind(Kind k)
{
	return k >= K_BOOL && k <= K_STRING;
}

bool rt_format_panic_value(G *g, Iface v, FmtBuf *out)
{
	Type *t = v.tab;
	if (!t) {
		fmtbuf_puts(out, "nil");
		return true;
	}
	if (std_may_have_methods(t)) {
		String s;
		int r = rt_call_string_method(g, t, v.data, "Error", &s);
		if (r == 0)
			r = rt_call_string_method(g, t, v.data, "String", &s);
		if (r < 0)
			return false;
		if (r > 0) {
			fmtbuf_write(out, s.ptr, (size_t)s.len);
			return true;
		}
	}
	const void *p = t->direct_iface ? (const void *)&v.data : v.data;
	if (basic_kind(t->kind)) {
		Slot s[2];
		if (t->kind == K_STRING)
			memcpy(s, p, sizeof(String));
		else
			s[0] = load_slot(t, p);
		if (!t->name) {
			print_slots(out, t, s);
			return true;
		}
		fmtbuf_puts(out, t->str);
		fmtbuf_puts(out, t->kind == K_STRING ? "(\"" : "(");
		print_slots(out, t, s);
		fmtbuf_puts(out, t->kind == K_STRING ? "\")" : ")");
		return true;
	}
	fmtbuf_putc(out, '(');
	fmtbuf_puts(out, t->str);
	fmtbuf_puts(out, ") ");
	print_hex(out, (uint64_t)(uintptr_t)v.data);
	return true;
}
