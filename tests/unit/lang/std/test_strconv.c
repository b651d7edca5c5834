/*
 * test_strconv.c - tests lang/std/strconv.c: ParseInt/ParseUint/ParseFloat (values and which
 * error Go reports), quoting (Quote, QuoteToASCII, QuoteToGraphic, QuoteRune, CanBackquote).
 * The *NumError messages themselves are built by strconv.go from these result codes.
 *
 * Expected values come from Go 1.19's strconv on the same inputs.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "lang/std/fmt.h"

typedef struct IntCase {
	const char *s;
	int64_t base, bits;
	int64_t want;
	int code;
} IntCase;

typedef struct UintCase {
	const char *s;
	int64_t base, bits;
	uint64_t want;
	int code;
} UintCase;

typedef struct FloatCase {
	const char *s;
	int64_t bits;
	uint64_t want; /* IEEE bits of the float64 Go returns */
	int code;
} FloatCase;

typedef struct QuoteCase {
	const char *s;
	size_t n;
	const char *quote, *ascii, *graphic;
	int can_backquote;
} QuoteCase;

typedef struct RuneCase {
	int32_t r;
	const char *quote, *ascii;
} RuneCase;

static const IntCase int_cases[] = {
	{"0", 10, 64, 0LL, STRCONV_OK},
	{"-0", 10, 64, 0LL, STRCONV_OK},
	{"+5", 10, 64, 5LL, STRCONV_OK},
	{"12a", 10, 64, 0LL, STRCONV_SYNTAX},
	{"", 10, 64, 0LL, STRCONV_SYNTAX},
	{"-", 10, 64, 0LL, STRCONV_SYNTAX},
	{"+", 0, 64, 0LL, STRCONV_SYNTAX},
	{"9223372036854775807", 10, 64, 9223372036854775807LL, STRCONV_OK},
	{"9223372036854775808", 10, 64, 9223372036854775807LL, STRCONV_RANGE},
	{"-9223372036854775808", 10, 64, INT64_MIN, STRCONV_OK},
	{"-9223372036854775809", 10, 64, INT64_MIN, STRCONV_RANGE},
	{"999999999999999999999", 10, 64, 9223372036854775807LL, STRCONV_RANGE},
	{"127", 10, 8, 127LL, STRCONV_OK},
	{"128", 10, 8, 127LL, STRCONV_RANGE},
	{"-128", 10, 8, -128LL, STRCONV_OK},
	{"-129", 10, 8, -128LL, STRCONV_RANGE},
	{"0x1F", 0, 64, 31LL, STRCONV_OK},
	{"0X1f", 0, 64, 31LL, STRCONV_OK},
	{"0b101", 0, 64, 5LL, STRCONV_OK},
	{"0o17", 0, 64, 15LL, STRCONV_OK},
	{"017", 0, 64, 15LL, STRCONV_OK},
	{"08", 0, 64, 0LL, STRCONV_SYNTAX},
	{"1_000", 0, 64, 1000LL, STRCONV_OK},
	{"1_000", 10, 64, 0LL, STRCONV_SYNTAX},
	{"_1", 0, 64, 0LL, STRCONV_SYNTAX},
	{"1__0", 0, 64, 0LL, STRCONV_SYNTAX},
	{"1_", 0, 64, 0LL, STRCONV_SYNTAX},
	{"0x_1F", 0, 64, 31LL, STRCONV_OK},
	{"0_7", 0, 64, 7LL, STRCONV_OK},
	{"ff", 16, 64, 255LL, STRCONV_OK},
	{"FF", 16, 64, 255LL, STRCONV_OK},
	{"zz", 36, 64, 1295LL, STRCONV_OK},
	{"z", 35, 64, 0LL, STRCONV_SYNTAX},
	{"10", 1, 64, 0LL, STRCONV_BASE},
	{"10", 37, 64, 0LL, STRCONV_BASE},
	{"10", 10, 65, 0LL, STRCONV_BITSIZE},
	{"10", 10, -1, 0LL, STRCONV_BITSIZE},
	{"0x", 0, 64, 0LL, STRCONV_SYNTAX},
	{"0b", 0, 64, 0LL, STRCONV_SYNTAX},
	{"0b2", 0, 64, 0LL, STRCONV_SYNTAX},
	{"7fffffff", 16, 32, 2147483647LL, STRCONV_OK},
	{"80000000", 16, 32, 2147483647LL, STRCONV_RANGE},
	{"-80000000", 16, 32, -2147483648LL, STRCONV_OK},
	{" 1", 10, 64, 0LL, STRCONV_SYNTAX},
	{"1 ", 10, 64, 0LL, STRCONV_SYNTAX},
	{"\357\274\221", 10, 64, 0LL, STRCONV_SYNTAX},
	{"-0x10", 0, 64, -16LL, STRCONV_OK},
	{"0x8000000000000000", 0, 64, 9223372036854775807LL, STRCONV_RANGE},
	{"11111111111111111111111111111111111111111111111111111111111111111", 2, 64, 9223372036854775807LL, STRCONV_RANGE},
};

static const UintCase uint_cases[] = {
	{"0", 10, 64, 0ULL, STRCONV_OK},
	{"-0", 10, 64, 0ULL, STRCONV_SYNTAX},
	{"+5", 10, 64, 0ULL, STRCONV_SYNTAX},
	{"12a", 10, 64, 0ULL, STRCONV_SYNTAX},
	{"", 10, 64, 0ULL, STRCONV_SYNTAX},
	{"-", 10, 64, 0ULL, STRCONV_SYNTAX},
	{"+", 0, 64, 0ULL, STRCONV_SYNTAX},
	{"9223372036854775807", 10, 64, 9223372036854775807ULL, STRCONV_OK},
	{"9223372036854775808", 10, 64, 9223372036854775808ULL, STRCONV_OK},
	{"-9223372036854775808", 10, 64, 0ULL, STRCONV_SYNTAX},
	{"-9223372036854775809", 10, 64, 0ULL, STRCONV_SYNTAX},
	{"999999999999999999999", 10, 64, 18446744073709551615ULL, STRCONV_RANGE},
	{"127", 10, 8, 127ULL, STRCONV_OK},
	{"128", 10, 8, 128ULL, STRCONV_OK},
	{"-128", 10, 8, 0ULL, STRCONV_SYNTAX},
	{"-129", 10, 8, 0ULL, STRCONV_SYNTAX},
	{"0x1F", 0, 64, 31ULL, STRCONV_OK},
	{"0X1f", 0, 64, 31ULL, STRCONV_OK},
	{"0b101", 0, 64, 5ULL, STRCONV_OK},
	{"0o17", 0, 64, 15ULL, STRCONV_OK},
	{"017", 0, 64, 15ULL, STRCONV_OK},
	{"08", 0, 64, 0ULL, STRCONV_SYNTAX},
	{"1_000", 0, 64, 1000ULL, STRCONV_OK},
	{"1_000", 10, 64, 0ULL, STRCONV_SYNTAX},
	{"_1", 0, 64, 0ULL, STRCONV_SYNTAX},
	{"1__0", 0, 64, 0ULL, STRCONV_SYNTAX},
	{"1_", 0, 64, 0ULL, STRCONV_SYNTAX},
	{"0x_1F", 0, 64, 31ULL, STRCONV_OK},
	{"0_7", 0, 64, 7ULL, STRCONV_OK},
	{"ff", 16, 64, 255ULL, STRCONV_OK},
	{"FF", 16, 64, 255ULL, STRCONV_OK},
	{"zz", 36, 64, 1295ULL, STRCONV_OK},
	{"z", 35, 64, 0ULL, STRCONV_SYNTAX},
	{"10", 1, 64, 0ULL, STRCONV_BASE},
	{"10", 37, 64, 0ULL, STRCONV_BASE},
	{"10", 10, 65, 0ULL, STRCONV_BITSIZE},
	{"10", 10, -1, 0ULL, STRCONV_BITSIZE},
	{"0x", 0, 64, 0ULL, STRCONV_SYNTAX},
	{"0b", 0, 64, 0ULL, STRCONV_SYNTAX},
	{"0b2", 0, 64, 0ULL, STRCONV_SYNTAX},
	{"7fffffff", 16, 32, 2147483647ULL, STRCONV_OK},
	{"80000000", 16, 32, 2147483648ULL, STRCONV_OK},
	{"-80000000", 16, 32, 0ULL, STRCONV_SYNTAX},
	{" 1", 10, 64, 0ULL, STRCONV_SYNTAX},
	{"1 ", 10, 64, 0ULL, STRCONV_SYNTAX},
	{"\357\274\221", 10, 64, 0ULL, STRCONV_SYNTAX},
	{"-0x10", 0, 64, 0ULL, STRCONV_SYNTAX},
	{"0x8000000000000000", 0, 64, 9223372036854775808ULL, STRCONV_OK},
	{"11111111111111111111111111111111111111111111111111111111111111111", 2, 64, 18446744073709551615ULL, STRCONV_RANGE},
	{"18446744073709551615", 0, 64, 18446744073709551615ULL, STRCONV_OK},
	{"18446744073709551616", 0, 64, 18446744073709551615ULL, STRCONV_RANGE},
	{"0xFFFFFFFFFFFFFFFF", 0, 64, 18446744073709551615ULL, STRCONV_OK},
};

static const FloatCase float_cases[] = {
	{"1", 64, 0x3ff0000000000000ULL, STRCONV_OK},
	{"1", 32, 0x3ff0000000000000ULL, STRCONV_OK},
	{"1.5", 64, 0x3ff8000000000000ULL, STRCONV_OK},
	{"1.5", 32, 0x3ff8000000000000ULL, STRCONV_OK},
	{"-1.5e3", 64, 0xc097700000000000ULL, STRCONV_OK},
	{"-1.5e3", 32, 0xc097700000000000ULL, STRCONV_OK},
	{".5", 64, 0x3fe0000000000000ULL, STRCONV_OK},
	{".5", 32, 0x3fe0000000000000ULL, STRCONV_OK},
	{"5.", 64, 0x4014000000000000ULL, STRCONV_OK},
	{"5.", 32, 0x4014000000000000ULL, STRCONV_OK},
	{".", 64, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{".", 32, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"", 64, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"", 32, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"e5", 64, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"e5", 32, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"1e", 64, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"1e", 32, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"1e+", 64, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"1e+", 32, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"1e-5", 64, 0x3ee4f8b588e368f1ULL, STRCONV_OK},
	{"1e-5", 32, 0x3ee4f8b580000000ULL, STRCONV_OK},
	{"inf", 64, 0x7ff0000000000000ULL, STRCONV_OK},
	{"inf", 32, 0x7ff0000000000000ULL, STRCONV_OK},
	{"+Inf", 64, 0x7ff0000000000000ULL, STRCONV_OK},
	{"+Inf", 32, 0x7ff0000000000000ULL, STRCONV_OK},
	{"-infinity", 64, 0xfff0000000000000ULL, STRCONV_OK},
	{"-infinity", 32, 0xfff0000000000000ULL, STRCONV_OK},
	{"infin", 64, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"infin", 32, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"INFINITY", 64, 0x7ff0000000000000ULL, STRCONV_OK},
	{"INFINITY", 32, 0x7ff0000000000000ULL, STRCONV_OK},
	{"nan", 64, 0x7ff8000000000001ULL, STRCONV_OK},
	{"nan", 32, 0x7ff8000000000000ULL, STRCONV_OK},
	{"NaN", 64, 0x7ff8000000000001ULL, STRCONV_OK},
	{"NaN", 32, 0x7ff8000000000000ULL, STRCONV_OK},
	{"+nan", 64, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"+nan", 32, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"-nan", 64, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"-nan", 32, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"1e400", 64, 0x7ff0000000000000ULL, STRCONV_RANGE},
	{"1e400", 32, 0x7ff0000000000000ULL, STRCONV_RANGE},
	{"-1e400", 64, 0xfff0000000000000ULL, STRCONV_RANGE},
	{"-1e400", 32, 0xfff0000000000000ULL, STRCONV_RANGE},
	{"1e-400", 64, 0x0000000000000000ULL, STRCONV_OK},
	{"1e-400", 32, 0x0000000000000000ULL, STRCONV_OK},
	{"0x1p-2", 64, 0x3fd0000000000000ULL, STRCONV_OK},
	{"0x1p-2", 32, 0x3fd0000000000000ULL, STRCONV_OK},
	{"0x1.8p1", 64, 0x4008000000000000ULL, STRCONV_OK},
	{"0x1.8p1", 32, 0x4008000000000000ULL, STRCONV_OK},
	{"0x1", 64, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"0x1", 32, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"0x", 64, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"0x", 32, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"0X1P+3", 64, 0x4020000000000000ULL, STRCONV_OK},
	{"0X1P+3", 32, 0x4020000000000000ULL, STRCONV_OK},
	{"1_000.5", 64, 0x408f440000000000ULL, STRCONV_OK},
	{"1_000.5", 32, 0x408f440000000000ULL, STRCONV_OK},
	{"1__0", 64, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"1__0", 32, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"_1", 64, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"_1", 32, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"0x_1p0", 64, 0x3ff0000000000000ULL, STRCONV_OK},
	{"0x_1p0", 32, 0x3ff0000000000000ULL, STRCONV_OK},
	{"1.5e3_0", 64, 0x4632eec2eb3869afULL, STRCONV_OK},
	{"1.5e3_0", 32, 0x4632eec2e0000000ULL, STRCONV_OK},
	{"0.1", 64, 0x3fb999999999999aULL, STRCONV_OK},
	{"0.1", 32, 0x3fb99999a0000000ULL, STRCONV_OK},
	{"3.4028235e38", 64, 0x47efffffe54daff8ULL, STRCONV_OK},
	{"3.4028235e38", 32, 0x47efffffe0000000ULL, STRCONV_OK},
	{"3.5e38", 64, 0x47f074f8c4d3cd7bULL, STRCONV_OK},
	{"3.5e38", 32, 0x7ff0000000000000ULL, STRCONV_RANGE},
	{"1e-46", 64, 0x366244ce242c5561ULL, STRCONV_OK},
	{"1e-46", 32, 0x0000000000000000ULL, STRCONV_OK},
	{"123456789e-3", 64, 0x40fe240c9fbe76c9ULL, STRCONV_OK},
	{"123456789e-3", 32, 0x40fe240ca0000000ULL, STRCONV_OK},
	{"+0", 64, 0x0000000000000000ULL, STRCONV_OK},
	{"+0", 32, 0x0000000000000000ULL, STRCONV_OK},
	{"-0", 64, 0x8000000000000000ULL, STRCONV_OK},
	{"-0", 32, 0x8000000000000000ULL, STRCONV_OK},
	{"1.7976931348623157e308", 64, 0x7fefffffffffffffULL, STRCONV_OK},
	{"1.7976931348623157e308", 32, 0x7ff0000000000000ULL, STRCONV_RANGE},
	{"1.7976931348623159e308", 64, 0x7ff0000000000000ULL, STRCONV_RANGE},
	{"1.7976931348623159e308", 32, 0x7ff0000000000000ULL, STRCONV_RANGE},
	{"2.2250738585072011e-308", 64, 0x000fffffffffffffULL, STRCONV_OK},
	{"2.2250738585072011e-308", 32, 0x0000000000000000ULL, STRCONV_OK},
	{"4.9e-324", 64, 0x0000000000000001ULL, STRCONV_OK},
	{"4.9e-324", 32, 0x0000000000000000ULL, STRCONV_OK},
	{"2e-324", 64, 0x0000000000000000ULL, STRCONV_OK},
	{"2e-324", 32, 0x0000000000000000ULL, STRCONV_OK},
	{"0.000000000000000000000000000000000000000000001", 64, 0x3696d601ad376ab9ULL, STRCONV_OK},
	{"0.000000000000000000000000000000000000000000001", 32, 0x36a0000000000000ULL, STRCONV_OK},
	{"1x", 64, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"1x", 32, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"1.2.3", 64, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"1.2.3", 32, 0x0000000000000000ULL, STRCONV_SYNTAX},
	{"0x1.fffffffffffff8p1023", 64, 0x7ff0000000000000ULL, STRCONV_RANGE},
	{"0x1.fffffffffffff8p1023", 32, 0x7ff0000000000000ULL, STRCONV_RANGE},
	{"0x1p1024", 64, 0x7ff0000000000000ULL, STRCONV_RANGE},
	{"0x1p1024", 32, 0x7ff0000000000000ULL, STRCONV_RANGE},
	{"1e0001", 64, 0x4024000000000000ULL, STRCONV_OK},
	{"1e0001", 32, 0x4024000000000000ULL, STRCONV_OK},
};

static const QuoteCase quote_cases[] = {
	{"", 0, "\"\"", "\"\"", "\"\"", 1},
	{"abc", 3, "\"abc\"", "\"abc\"", "\"abc\"", 1},
	{"a\"b\\c", 5, "\"a\\\"b\\\\c\"", "\"a\\\"b\\\\c\"", "\"a\\\"b\\\\c\"", 1},
	{"\007\010\014\012\015\011\013", 7, "\"\\a\\b\\f\\n\\r\\t\\v\"", "\"\\a\\b\\f\\n\\r\\t\\v\"", "\"\\a\\b\\f\\n\\r\\t\\v\"", 0},
	{"\000\001\177", 3, "\"\\x00\\x01\\x7f\"", "\"\\x00\\x01\\x7f\"", "\"\\x00\\x01\\x7f\"", 0},
	{"\346\227\245\346\234\254\350\252\236", 9, "\"\346\227\245\346\234\254\350\252\236\"", "\"\\u65e5\\u672c\\u8a9e\"", "\"\346\227\245\346\234\254\350\252\236\"", 1},
	{"\377\376", 2, "\"\\xff\\xfe\"", "\"\\xff\\xfe\"", "\"\\xff\\xfe\"", 0},
	{"\302\240\302\255", 4, "\"\\u00a0\\u00ad\"", "\"\\u00a0\\u00ad\"", "\"\302\240\\u00ad\"", 1},
	{"\342\200\250", 3, "\"\\u2028\"", "\"\\u2028\"", "\"\\u2028\"", 1},
	{"\360\237\230\200", 4, "\"\360\237\230\200\"", "\"\\U0001f600\"", "\"\360\237\230\200\"", 1},
	{"\357\273\277", 3, "\"\\ufeff\"", "\"\\ufeff\"", "\"\\ufeff\"", 0},
	{"\303\251", 2, "\"\303\251\"", "\"\\u00e9\"", "\"\303\251\"", 1},
	{"\315\270", 2, "\"\\u0378\"", "\"\\u0378\"", "\"\\u0378\"", 1},
	{"a\346\227b", 4, "\"a\\xe6\\x97b\"", "\"a\\xe6\\x97b\"", "\"a\\xe6\\x97b\"", 0},
	{"'", 1, "\"'\"", "\"'\"", "\"'\"", 1},
	{"`", 1, "\"`\"", "\"`\"", "\"`\"", 0},
};

static const RuneCase rune_cases[] = {
	{97, "'a'", "'a'"},
	{39, "'\\''", "'\\''"},
	{34, "'\"'", "'\"'"},
	{10, "'\\n'", "'\\n'"},
	{0, "'\\x00'", "'\\x00'"},
	{127, "'\\x7f'", "'\\x7f'"},
	{233, "'\303\251'", "'\\u00e9'"},
	{19990, "'\344\270\226'", "'\\u4e16'"},
	{128512, "'\360\237\230\200'", "'\\U0001f600'"},
	{55296, "'\357\277\275'", "'\\ufffd'"},
	{1114112, "'\357\277\275'", "'\\ufffd'"},
	{-1, "'\357\277\275'", "'\\ufffd'"},
	{160, "'\\u00a0'", "'\\u00a0'"},
	{8232, "'\\u2028'", "'\\u2028'"},
};

Test(strconv, parse_int)
{
	for (size_t i = 0; i < sizeof int_cases / sizeof int_cases[0]; i++) {
		const IntCase *c = &int_cases[i];
		int64_t v;
		int code = strconv_parse_int((const uint8_t *)c->s, strlen(c->s), c->base, c->bits, &v);
		cr_expect_eq(code, c->code, "ParseInt(%s, %lld, %lld) code %d, want %d", c->s, (long long)c->base,
		             (long long)c->bits, code, c->code);
		cr_expect_eq(v, c->want, "ParseInt(%s, %lld, %lld) = %lld, want %lld", c->s, (long long)c->base,
		             (long long)c->bits, (long long)v, (long long)c->want);
	}
}

Test(strconv, parse_uint)
{
	for (size_t i = 0; i < sizeof uint_cases / sizeof uint_cases[0]; i++) {
		const UintCase *c = &uint_cases[i];
		uint64_t v;
		int code = strconv_parse_uint((const uint8_t *)c->s, strlen(c->s), c->base, c->bits, &v);
		cr_expect_eq(code, c->code, "ParseUint(%s, %lld, %lld) code %d, want %d", c->s, (long long)c->base,
		             (long long)c->bits, code, c->code);
		cr_expect_eq(v, c->want, "ParseUint(%s) = %llu, want %llu", c->s, (unsigned long long)v,
		             (unsigned long long)c->want);
	}
}

Test(strconv, parse_float)
{
	for (size_t i = 0; i < sizeof float_cases / sizeof float_cases[0]; i++) {
		const FloatCase *c = &float_cases[i];
		double v;
		int code = strconv_parse_float((const uint8_t *)c->s, strlen(c->s), c->bits, &v);
		uint64_t bits;
		memcpy(&bits, &v, 8);
		cr_expect_eq(code, c->code, "ParseFloat(%s, %lld) code %d, want %d", c->s, (long long)c->bits, code,
		             c->code);
		if (isnan(v)) {
			double w;
			memcpy(&w, &c->want, 8);
			cr_expect(isnan(w), "ParseFloat(%s) = NaN, want %#llx", c->s, (unsigned long long)c->want);
		} else
			cr_expect_eq(bits, c->want, "ParseFloat(%s, %lld) = %#llx (%g), want %#llx", c->s,
			             (long long)c->bits, (unsigned long long)bits, v, (unsigned long long)c->want);
	}
}

static void expect_buf(FmtBuf *b, const char *want, const char *what, const char *in)
{
	cr_expect(b->len == strlen(want) && memcmp(b->p, want, b->len) == 0, "%s(%s) = %.*s, want %s", what, in,
	          (int)b->len, b->p, want);
	fmtbuf_free(b);
}

Test(strconv, quote)
{
	for (size_t i = 0; i < sizeof quote_cases / sizeof quote_cases[0]; i++) {
		const QuoteCase *c = &quote_cases[i];
		const uint8_t *s = (const uint8_t *)c->s;
		FmtBuf b = {0};
		strconv_quote(&b, s, c->n, '"', false, false);
		expect_buf(&b, c->quote, "Quote", c->s);
		strconv_quote(&b, s, c->n, '"', true, false);
		expect_buf(&b, c->ascii, "QuoteToASCII", c->s);
		strconv_quote(&b, s, c->n, '"', false, true);
		expect_buf(&b, c->graphic, "QuoteToGraphic", c->s);
		cr_expect_eq(strconv_can_backquote(s, c->n), c->can_backquote, "CanBackquote(%s)", c->s);
	}
}

Test(strconv, quote_rune)
{
	for (size_t i = 0; i < sizeof rune_cases / sizeof rune_cases[0]; i++) {
		const RuneCase *c = &rune_cases[i];
		FmtBuf b = {0};
		strconv_quote_rune(&b, c->r, '\'', false, false);
		expect_buf(&b, c->quote, "QuoteRune", "r");
		strconv_quote_rune(&b, c->r, '\'', true, false);
		expect_buf(&b, c->ascii, "QuoteRuneToASCII", "r");
	}
}

Test(strconv, is_print_latin1)
{
	/* Go: IsPrint is true for ' '..'~' and U+00A1..U+00FF except U+00AD; false for controls,
	 * U+007F..U+00A0 and U+00AD. */
	for (int32_t r = 0; r < 0x100; r++) {
		bool want = (r >= 0x20 && r <= 0x7E) || (r >= 0xA1 && r <= 0xFF && r != 0xAD);
		cr_expect_eq(strconv_isprint(r), want, "IsPrint(%#x)", r);
	}
	cr_expect(strconv_isprint(0x4E16));
	cr_expect(!strconv_isprint(0xD800));
	cr_expect(!strconv_isprint(0x110000));
	cr_expect(!strconv_isprint(-1));
	cr_expect(strconv_isgraphic(0xA0) && !strconv_isprint(0xA0));
}
