/*
 * test_math.c - tests lang/std/math_go.c: every case compares the exact float64 bits of a
 * result with what Go 1.19's math package returns on amd64 for the same argument bits.
 *
 * Expected values were printed by real Go (math.Float64bits). Exp's amd64 assembly takes a
 * fused multiply-add path when the CPU has AVX and FMA, so Go's own results for Exp (and
 * for Pow, Sinh, Gamma, Erf ... which call it) depend on the CPU; each case carries both
 * answers, the second printed by Go run with GODEBUG=cpu.fma=off.
 */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "lang/std/math_go.h"

static double fb(uint64_t u)
{
	double d;
	memcpy(&d, &u, sizeof d);
	return d;
}

static uint64_t bf(double d)
{
	uint64_t u;
	memcpy(&u, &d, sizeof u);
	return u;
}

static double modf_int(double x)
{
	double frac;
	return math_modf(x, &frac);
}

static double modf_frac(double x)
{
	double frac;
	math_modf(x, &frac);
	return frac;
}

static double sincos_sin(double x)
{
	double s, c;
	math_sincos(x, &s, &c);
	return s;
}

static double sincos_cos(double x)
{
	double s, c;
	math_sincos(x, &s, &c);
	return c;
}

typedef struct BitsCase {
	const char *name;
	double (*f1)(double);
	double (*f2)(double, double);
	uint64_t x, y;
	uint64_t want;     /* Go's result on a CPU with AVX and FMA */
	uint64_t want_old; /* Go's result without them */
} BitsCase;

#define U(name, f, x, want, want_old)               \
	{                                           \
		name, f, NULL, x, 0, want, want_old \
	}
#define B(name, f, x, y, want, want_old)            \
	{                                           \
		name, NULL, f, x, y, want, want_old \
	}

static const BitsCase cases[] = {
        U("Cbrt", math_cbrt, 0x403B000000000000, 0x4008000000000000, 0x4008000000000000),
        U("Cbrt", math_cbrt, 0x3FB999999999999A, 0x3FDDB4C7760BCFF3, 0x3FDDB4C7760BCFF3),
        U("Cbrt", math_cbrt, 0x8000000000000001, 0xA990000000000000, 0xA990000000000000),
        U("Log10", math_log10, 0x3FB999999999999A, 0xBFEFFFFFFFFFFFFF, 0xBFEFFFFFFFFFFFFF),
        U("Log10", math_log10, 0x4008000000000000, 0x3FDE8927964FD5FC, 0x3FDE8927964FD5FC),
        U("Log", math_log, 0x4008000000000000, 0x3FF193EA7AAD030A, 0x3FF193EA7AAD030A),
        U("Log", math_log, 0x3FB999999999999A, 0xC0026BB1BBB55515, 0xC0026BB1BBB55515),
        U("Log", math_log, 0x0000000000000001, 0xC08628B76E3A7B61, 0xC08628B76E3A7B61),
        U("Log", math_log, 0xBFF0000000000000, 0x7FF8000000000001, 0x7FF8000000000001),
        U("Log", math_log, 0x3FE6A09E667F3BCD, 0xBFD62E42FEFA39EE, 0xBFD62E42FEFA39EE),
        U("Log2", math_log2, 0x4020000000000000, 0x4008000000000000, 0x4008000000000000),
        U("Log2", math_log2, 0x3FB999999999999A, 0xC00A934F0979A371, 0xC00A934F0979A371),
        U("Log1p", math_log1p, 0x3EE4F8B588E368F1, 0x3EE4F8AEA9AE7317, 0x3EE4F8AEA9AE7317),
        U("Log1p", math_log1p, 0xBFE0000000000000, 0xBFE62E42FEFA39EF, 0xBFE62E42FEFA39EF),
        U("Sin", math_sin, 0x4000000000000000, 0x3FED18F6EAD1B445, 0x3FED18F6EAD1B445),
        U("Sin", math_sin, 0x405EDD2F1A9FBE77, 0xBFE9B9DADC41AEB5, 0xBFE9B9DADC41AEB5),
        U("Sin", math_sin, 0x7E37E43C8800759C, 0xBFEA2C16B010E386, 0xBFEA2C16B010E386),
        U("Sin", math_sin, 0xC480F0CF064DD592, 0x3FEB453AB76BF398, 0x3FEB453AB76BF398),
        U("Cos", math_cos, 0x4024000000000000, 0xBFEAD9AC890C6B1F, 0xBFEAD9AC890C6B1F),
        U("Cos", math_cos, 0x4480F0CF064DD592, 0x3FE0BE2CEF01C8F3, 0x3FE0BE2CEF01C8F3),
        U("Tan", math_tan, 0x3FF0000000000000, 0x3FF8EB245CBEE3A5, 0x3FF8EB245CBEE3A5),
        U("Tan", math_tan, 0x4059000000000000, 0xBFE2CA74D62B5D37, 0xBFE2CA74D62B5D37),
        U("Tan", math_tan, 0x41F2A05F20000000, 0xBFD0A82B469E4567, 0xBFD0A82B469E4567),
        U("Asin", math_asin, 0x3F847AE147AE147B, 0x3F847AF7A68F8EEE, 0x3F847AF7A68F8EEE),
        U("Asin", math_asin, 0x3FECCCCCCCCCCCCD, 0x3FF1EA93705FA172, 0x3FF1EA93705FA172),
        U("Acos", math_acos, 0x3FE0000000000000, 0x3FF0C152382D7365, 0x3FF0C152382D7365),
        U("Atan", math_atan, 0x4024000000000000, 0x3FF789BD2C160053, 0x3FF789BD2C160053),
        U("Atan", math_atan, 0x3FE6666666666666, 0x3FE38B112D7BD4AD, 0x3FE38B112D7BD4AD),
        U("Asinh", math_asinh, 0x7E37E43C8800759C, 0x40859BBFD8B83E43, 0x40859BBFD8B83E43),
        U("Asinh", math_asinh, 0x3FD3333333333333, 0x3FD2EC4EA565FCC1, 0x3FD2EC4EA565FCC1),
        U("Acosh", math_acosh, 0x4008000000000000, 0x3FFC34366179D426, 0x3FFC34366179D426),
        U("Atanh", math_atanh, 0x3FE0000000000000, 0x3FE193EA7AAD030A, 0x3FE193EA7AAD030A),
        U("Expm1", math_expm1, 0x3E7AD7F29ABCAF48, 0x3E7AD7F2B1414ADB, 0x3E7AD7F2B1414ADB),
        U("Expm1", math_expm1, 0x403E000000000000, 0x42A370470AEC26ED, 0x42A370470AEC26ED),
        U("Exp2", math_exp2, 0x3FD3333333333333, 0x3FF3B2C47BFF8329, 0x3FF3B2C47BFF8329),
        U("Exp2", math_exp2, 0xC090CA0000000000, 0x0000000000000000, 0x0000000000000000),
        U("Exp", math_exp, 0x3F847AE147AE147B, 0x3FF0292A5D2F2227, 0x3FF0292A5D2F2226),
        U("Exp", math_exp, 0x4024000000000000, 0x40D5829DCF950560, 0x40D5829DCF950560),
        U("Exp", math_exp, 0x3FF0000000000000, 0x4005BF0A8B145769, 0x4005BF0A8B145769),
        U("Exp", math_exp, 0xC087200000000000, 0x0000000000000055, 0x0000000000000055),
        U("Exp", math_exp, 0x40862F3333333333, 0x7FF0000000000000, 0x7FF0000000000000),
        U("Sinh", math_sinh, 0x3FB999999999999A, 0x3FB9A487337B59B4, 0x3FB9A487337B59B4),
        U("Sinh", math_sinh, 0x403E000000000000, 0x429370470AEC28EC, 0x429370470AEC28EC),
        U("Cosh", math_cosh, 0x3FB999999999999A, 0x3FF0147F40224B38, 0x3FF0147F40224B38),
        U("Tanh", math_tanh, 0x3FD3333333333333, 0x3FD2A4DDA7D914FA, 0x3FD2A4DDA7D914FA),
        U("Tanh", math_tanh, 0x4000000000000000, 0x3FEED9505E1BC3D4, 0x3FEED9505E1BC3D4),
        U("Gamma", math_gamma, 0x3FE0000000000000, 0x3FFC5BF891B4EF6A, 0x3FFC5BF891B4EF6A),
        U("Gamma", math_gamma, 0x4014000000000000, 0x4038000000000000, 0x4038000000000000),
        U("Gamma", math_gamma, 0xC004000000000000, 0xBFEE3FF812E32183, 0xBFEE3FF812E32183),
        U("Gamma", math_gamma, 0x4062D00000000000, 0x7642F26C34C6C251, 0x7642F26C34C6C251),
        U("Gamma", math_gamma, 0xC044400000000000, 0xB5EC357AA9AD5057, 0xB5EC357AA9AD5057),
        U("Erf", math_erf, 0x3FE0000000000000, 0x3FE0A7EF5C18EDD2, 0x3FE0A7EF5C18EDD2),
        U("Erf", math_erf, 0x4000000000000000, 0x3FEFD9AE142795E3, 0x3FEFD9AE142795E3),
        U("Erfc", math_erfc, 0x4008000000000000, 0x3EF729DF65034229, 0x3EF729DF65034229),
        U("Erfc", math_erfc, 0x3FF0000000000000, 0x3FC4226162FBDDD5, 0x3FC4226162FBDDD5),
        U("Logb", math_logb, 0x0000000000000001, 0xC090C80000000000, 0xC090C80000000000),
        U("Floor", math_floor, 0x7FF0000000000001, 0x7FF8000000000001, 0x7FF8000000000001),
        U("Floor", math_floor, 0xC004000000000000, 0xC008000000000000, 0xC008000000000000),
        U("Round", math_round, 0xC004000000000000, 0xC008000000000000, 0xC008000000000000),
        U("RoundToEven", math_roundToEven, 0xC004000000000000, 0xC000000000000000,
          0xC000000000000000),
        U("Sqrt", math_sqrt, 0xBFF0000000000000, 0xFFF8000000000000, 0xFFF8000000000000),
        U("Modf.int", modf_int, 0x7FF0000000000000, 0x7FF0000000000000, 0x7FF0000000000000),
        U("Modf.frac", modf_frac, 0x7FF0000000000000, 0xFFF8000000000000, 0xFFF8000000000000),
        U("Modf.int", modf_int, 0xC00E000000000000, 0xC008000000000000, 0xC008000000000000),
        U("Modf.frac", modf_frac, 0xC00E000000000000, 0xBFE8000000000000, 0xBFE8000000000000),
        U("Sincos.sin", sincos_sin, 0x4008000000000000, 0x3FC210386DB6D55B, 0x3FC210386DB6D55B),
        U("Sincos.cos", sincos_cos, 0x4008000000000000, 0xBFEFAE04BE85E5D2, 0xBFEFAE04BE85E5D2),
        B("Pow", math_pow, 0x4024000000000000, 0x3FF8000000000000, 0x403F9F6E4990F228,
          0x403F9F6E4990F229),
        B("Pow", math_pow, 0x4000000000000000, 0x3FF8000000000000, 0x4006A09E667F3BCC,
          0x4006A09E667F3BCC),
        B("Pow", math_pow, 0x4024000000000000, 0x3FD3333333333333, 0x3FFFEC982D5BB8B0,
          0x3FFFEC982D5BB8B0),
        B("Pow", math_pow, 0x3FF000001AD7F29B, 0x41CDCD6500000000, 0x48F349445A543AB1,
          0x48F349445A543AB1),
        B("Pow", math_pow, 0xC000000000000000, 0x4008000000000000, 0xC020000000000000,
          0xC020000000000000),
        B("Pow", math_pow, 0xC020000000000000, 0x3FD5555555555555, 0x7FF8000000000001,
          0x7FF8000000000001),
        B("Pow", math_pow, 0x8000000000000000, 0xC008000000000000, 0xFFF0000000000000,
          0xFFF0000000000000),
        B("Atan2", math_atan2, 0x4024000000000000, 0x4008000000000000, 0x3FF4782CBABC8156,
          0x3FF4782CBABC8156),
        B("Atan2", math_atan2, 0xBFF0000000000000, 0xFFF0000000000000, 0xC00921FB54442D18,
          0xC00921FB54442D18),
        B("Hypot", math_hypot, 0x4008000000000000, 0x4010000000000000, 0x4014000000000000,
          0x4014000000000000),
        B("Hypot", math_hypot, 0x7E37E43C8800759C, 0x7E37E43C8800759C, 0x7E40E4D50F99B211,
          0x7E40E4D50F99B211),
        B("Hypot", math_hypot, 0x7FF8000000000001, 0x7FF0000000000000, 0x7FF0000000000000,
          0x7FF0000000000000),
        B("Mod", math_mod, 0x4016000000000000, 0xC000000000000000, 0x3FF8000000000000,
          0x3FF8000000000000),
        B("Mod", math_mod, 0x7E37E43C8800759C, 0x4008000000000000, 0x0000000000000000,
          0x0000000000000000),
        B("Remainder", math_remainder, 0x4014000000000000, 0x4008000000000000, 0xBFF0000000000000,
          0xBFF0000000000000),
        B("Dim", math_dim, 0x7FF0000000000000, 0x7FF0000000000000, 0xFFF8000000000000,
          0xFFF8000000000000),
        B("Max", math_max, 0x8000000000000000, 0x0000000000000000, 0x0000000000000000,
          0x0000000000000000),
        B("Min", math_min, 0x8000000000000000, 0x0000000000000000, 0x8000000000000000,
          0x8000000000000000),
        B("Max", math_max, 0x7FF8000000000001, 0x7FF0000000000000, 0x7FF0000000000000,
          0x7FF0000000000000),
        B("Nextafter", math_nextafter, 0x3FF0000000000000, 0x4000000000000000, 0x3FF0000000000001,
          0x3FF0000000000001),
};

static bool cpu_has_fma(void)
{
#if defined(__x86_64__)
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx") && __builtin_cpu_supports("fma");
#else
	return false;
#endif
}

Test(math, results_match_go_bits)
{
	bool fma = cpu_has_fma();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const BitsCase *c = &cases[i];
		double r = c->f1 ? c->f1(fb(c->x)) : c->f2(fb(c->x), fb(c->y));
		uint64_t want = fma ? c->want : c->want_old;
		cr_expect_eq(bf(r), want, "%s(%#llx, %#llx) = %#llx, want %#llx", c->name,
		             (unsigned long long)c->x, (unsigned long long)c->y,
		             (unsigned long long)bf(r), (unsigned long long)want);
	}
}

Test(math, issue_examples_print_as_go)
{
	/* fmt.Println(math.Cbrt(27), math.Log10(0.1), math.Sin(2), math.Tan(1)) in Go prints
	 * 3 -0.9999999999999999 0.9092974268256816 1.557407724654902. */
	cr_expect_eq(math_cbrt(27), 3.0);
	cr_expect_eq(math_log10(0.1), -0.9999999999999999);
	cr_expect_eq(math_sin(2), 0.9092974268256816);
	cr_expect_eq(math_tan(1), 1.557407724654902);
}

Test(math, ldexp_frexp_edges)
{
	int64_t e;
	/* Frexp of the smallest subnormal normalizes it: 0.5 * 2**-1073. */
	cr_expect_eq(bf(math_frexp(fb(1), &e)), 0x3FE0000000000000ULL);
	cr_expect_eq(e, -1073);
	cr_expect_eq(bf(math_frexp(-0.0, &e)), 0x8000000000000000ULL);
	cr_expect_eq(e, 0);
	/* Go's int addition wraps; Ldexp(1, MaxInt64) overflows to +Inf all the same. */
	cr_expect_eq(bf(math_ldexp(1, INT64_MAX)), 0x7FF0000000000000ULL);
	cr_expect_eq(bf(math_ldexp(1, INT64_MIN)), 0ULL);
	cr_expect_eq(bf(math_ldexp(0.75, -1074)), 1ULL);
	cr_expect_eq(bf(math_ldexp(-3, 10)), bf(-3072.0));
}

Test(math, nan_bits)
{
	/* math.NaN() is 0x7FF8000000000001; functions that return NaN() use it. */
	cr_expect_eq(bf(math_nan()), MATH_UVNAN);
	cr_expect_eq(bf(math_pow(-8, 1.0 / 3)), MATH_UVNAN);
	cr_expect_eq(bf(math_acosh(0.5)), MATH_UVNAN);
	/* Sin returns its NaN argument unchanged. */
	cr_expect_eq(bf(math_sin(fb(0x7FF8000000000123ULL))), 0x7FF8000000000123ULL);
}
