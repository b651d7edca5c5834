/*
 * test_rtstring.c - runtime/rtstring.c: string conversions, UTF-8 and slice growth.
 *
 * Expected values come from Go: decoding results are what `for i, r := range s` and
 * utf8.DecodeRuneInString print under Go, and slice capacities are what cap() prints after
 * append (noscan element types as printed by Go 1.19, whose growth policy Go 1.22 keeps;
 * pointerful slices over 512 bytes worked out from Go 1.22's msize_allocheaders.go, where an
 * 8-byte malloc header changes the rounding).
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "gc/malloc.h"
#include "lang/native.h"
#include "runtime/rtstring.h"

static uint8_t mask1[1] = {0x01};
static Type t_int_ = {.kind = K_INT, .size = 8, .align = 8, .str = "int", .comparable = true};
static Type t_u8_ = {.kind = K_UINT8, .size = 1, .align = 1, .str = "uint8", .comparable = true};
static Type t_i32_ = {.kind = K_INT32, .size = 4, .align = 4, .str = "int32", .comparable = true};
static Type t_str_ = {.kind = K_STRING, .size = 16, .align = 8, .ptrdata = 8, .ptrmask = mask1,
                      .str = "string", .comparable = true};
static Type t_pint_ = {.kind = K_POINTER, .size = 8, .align = 8, .ptrdata = 8, .ptrmask = mask1,
                       .str = "*int", .comparable = true, .elem = &t_int_};
/* struct { a, b, c int }: 24 bytes, no pointers */
static Type t_t3_ = {.kind = K_STRUCT, .size = 24, .align = 8, .str = "main.T3", .comparable = true};
/* [5]byte */
static Type t_b5_ = {.kind = K_ARRAY, .size = 5, .align = 1, .str = "[5]uint8", .comparable = true,
                     .elem = &t_u8_, .len = 5};
static Type t_empty_ = {.kind = K_STRUCT, .size = 0, .align = 1, .str = "struct {}", .comparable = true};

static String S(const char *s) { return (String){(const uint8_t *)s, (int64_t)strlen(s)}; }
static String SN(const char *s, int64_t n) { return (String){(const uint8_t *)s, n}; }

static void setup(void) { gc_init(); }

TestSuite(rtstring, .init = setup);

static void assert_str(String got, const char *want, int64_t wantlen)
{
	cr_assert_eq(got.len, wantlen, "length %ld, want %ld", (long)got.len, (long)wantlen);
	if (wantlen)
		cr_assert(memcmp(got.ptr, want, (size_t)wantlen) == 0);
}

/* ---------------------------------------------------------------- UTF-8 decoding */

Test(rtstring, decoderune_matches_go_range)
{
	/* Go: for i, r := range this string prints
	 * 0:61 1:fffd 2:62 3:fffd 4:fffd 5:e9 7:fffd 8:fffd 9:fffd 10:fffd 11:fffd 12:fffd 13:fffd 14:1f600 */
	String s = S("a\xff" "b\xe2\x82\xc3\xa9\xed\xa0\x80\xf4\x90\x80\x80\xf0\x9f\x98\x80");
	int64_t want_i[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14};
	int32_t want_r[] = {0x61, 0xfffd, 0x62, 0xfffd, 0xfffd, 0xe9, 0xfffd, 0xfffd, 0xfffd,
	                    0xfffd, 0xfffd, 0xfffd, 0xfffd, 0x1f600};
	int n = 0;
	int64_t k = 0;
	while (k < s.len) {
		cr_assert_lt(n, 14);
		cr_assert_eq(k, want_i[n], "step %d at %ld", n, (long)k);
		int32_t r = decoderune(s, k, &k);
		cr_assert_eq(r, want_r[n], "step %d: %x", n, r);
		n++;
	}
	cr_assert_eq(n, 14);
	cr_assert_eq(k, s.len);
	cr_assert_eq(countrunes(s), 14);
}

typedef struct DecodeCase {
	char s[8]; /* inline: parameters are copied into the test's process */
	int len;
	int32_t r;  /* first rune */
	int size;   /* bytes it takes */
	int nrunes; /* runes range produces */
} DecodeCase;

static DecodeCase decode_cases[] = {
	{"\xc0\x80", 2, 0xfffd, 1, 2},         /* overlong NUL */
	{"\xe0\x80\x80", 3, 0xfffd, 1, 3},     /* overlong 3-byte */
	{"\xf0\x80\x80\x80", 4, 0xfffd, 1, 4}, /* overlong 4-byte */
	{"\xf0\x9f\x98", 3, 0xfffd, 1, 3},     /* truncated */
	{"\xc2", 1, 0xfffd, 1, 1},             /* truncated at the end */
	{"\xdf\xbf", 2, 0x7ff, 2, 1},
	{"\xe0\xa0\x80", 3, 0x800, 3, 1},
	{"\xed\x9f\xbf", 3, 0xd7ff, 3, 1},
	{"\xed\xa0\x80", 3, 0xfffd, 1, 3},     /* surrogate */
	{"\xef\xbf\xbf", 3, 0xffff, 3, 1},
	{"\xf4\x8f\xbf\xbf", 4, 0x10ffff, 4, 1},
	{"\xf4\x90\x80\x80", 4, 0xfffd, 1, 4}, /* past U+10FFFF */
	{"\xf5\x80\x80\x80", 4, 0xfffd, 1, 4},
	{"\x80", 1, 0xfffd, 1, 1},             /* lone continuation */
	{"\x00", 1, 0, 1, 1},
	{"\x7f", 1, 0x7f, 1, 1},
};

ParameterizedTestParameters(rtstring, decoderune_cases)
{
	return cr_make_param_array(DecodeCase, decode_cases, sizeof decode_cases / sizeof decode_cases[0]);
}

ParameterizedTest(DecodeCase *c, rtstring, decoderune_cases)
{
	String s = SN(c->s, c->len);
	int64_t next;
	int32_t r = decoderune(s, 0, &next);
	cr_assert_eq(r, c->r, "%x want %x", r, c->r);
	cr_assert_eq(next, c->size);
	cr_assert_eq(countrunes(s), c->nrunes);
}

/* ---------------------------------------------------------------- encoding */

Test(rtstring, encoderune_and_intstring)
{
	uint8_t buf[4];
	cr_assert_eq(encoderune(buf, 'A'), 1);
	cr_assert_eq(buf[0], 'A');
	cr_assert_eq(encoderune(buf, 0xe9), 2);
	cr_assert(memcmp(buf, "\xc3\xa9", 2) == 0);
	cr_assert_eq(encoderune(buf, 0x20ac), 3);
	cr_assert(memcmp(buf, "\xe2\x82\xac", 3) == 0);
	cr_assert_eq(encoderune(buf, 0x1f600), 4);
	cr_assert(memcmp(buf, "\xf0\x9f\x98\x80", 4) == 0);
	cr_assert_eq(encoderune(buf, 0xd800), 3);
	cr_assert(memcmp(buf, "\xef\xbf\xbd", 3) == 0);
	cr_assert_eq(runelen(-5), 3);
	cr_assert_eq(runelen(0x10000), 4);

	assert_str(intstring('A'), "A", 1);
	assert_str(intstring(0x10ffff), "\xf4\x8f\xbf\xbf", 4);
	assert_str(intstring(0), "\0", 1);
	const char *bad = "\xef\xbf\xbd";
	assert_str(intstring(0xd800), bad, 3);
	assert_str(intstring(0xdfff), bad, 3);
	assert_str(intstring(0x110000), bad, 3);
	assert_str(intstring(-1), bad, 3);
	/* string(int64(1<<32 + 65)) is "\uFFFD" in Go: the value is not a rune. */
	assert_str(intstring((1ll << 32) + 65), bad, 3);
}

/* ---------------------------------------------------------------- conversions */

Test(rtstring, slicerunetostring_replaces_invalid)
{
	/* Go: string([]rune{0x41, -1, 0xD800, 0x10FFFF, 0x110000, 0xE9}) == "A\uFFFD\uFFFD\U0010FFFF\uFFFDé" */
	int32_t r[] = {0x41, -1, 0xd800, 0x10ffff, 0x110000, 0xe9};
	String s = slicerunetostring(r, 6);
	assert_str(s, "A\xef\xbf\xbd\xef\xbf\xbd\xf4\x8f\xbf\xbf\xef\xbf\xbd\xc3\xa9", 16);
	assert_str(slicerunetostring(r, 0), "", 0);
}

Test(rtstring, stringtoslicerune_and_back)
{
	/* Go: []rune("a\xffb\xe2\x82") == [97 65533 98 65533 65533]; cap 6 when it escapes. */
	Slice rs = stringtoslicerune(S("a\xff" "b\xe2\x82"));
	cr_assert_eq(rs.len, 5);
	cr_assert_eq(rs.cap, 6);
	int32_t want[] = {97, 0xfffd, 98, 0xfffd, 0xfffd};
	cr_assert(memcmp(rs.ptr, want, sizeof want) == 0);
	cr_assert_eq(((int32_t *)rs.ptr)[5], 0, "the spare element is zero");

	const char *text = "héllo, 世界 😀";
	Slice r2 = stringtoslicerune(S(text));
	cr_assert_eq(r2.len, 11);
	String back = slicerunetostring(r2.ptr, r2.len);
	assert_str(back, text, (int64_t)strlen(text));

	Slice empty = stringtoslicerune(S(""));
	cr_assert_eq(empty.len, 0);
	cr_assert_eq(empty.cap, 0);
	cr_assert_not_null(empty.ptr, "[]rune(\"\") is not nil");
}

Test(rtstring, bytes_roundtrip)
{
	/* Go: b := []byte(s) for a 6-byte s that escapes has cap 8. */
	String s = S("h\xc3\xa9llo");
	Slice b = stringtoslicebyte(s);
	cr_assert_eq(b.len, 6);
	cr_assert_eq(b.cap, 8);
	cr_assert(memcmp(b.ptr, s.ptr, 6) == 0);
	cr_assert(b.ptr != (void *)s.ptr);
	((uint8_t *)b.ptr)[0] = 'H';
	cr_assert_eq(s.ptr[0], 'h', "the slice is a copy");
	String t = slicebytetostring(b.ptr, b.len);
	assert_str(t, "H\xc3\xa9llo", 6);
	((uint8_t *)b.ptr)[1] = 'X';
	cr_assert_eq(t.ptr[1], 0xc3, "the string is a copy");

	Slice e = stringtoslicebyte(S(""));
	cr_assert_eq(e.len, 0);
	cr_assert_eq(e.cap, 0);
	cr_assert_not_null(e.ptr, "[]byte(\"\") is not nil");
	assert_str(slicebytetostring((const uint8_t *)"x", 1), "x", 1);
	assert_str(slicebytetostring(NULL, 0), "", 0);
}

Test(rtstring, concatstrings_joins)
{
	String parts[] = {S("foo"), S(""), S("bar"), S("baz!")};
	String r = concatstrings(parts, 4);
	assert_str(r, "foobarbaz!", 10);
	String one[] = {S(""), S("only"), S("")};
	String r1 = concatstrings(one, 3);
	cr_assert_eq(r1.ptr, one[1].ptr, "a single non-empty part is returned as is");
	cr_assert_eq(r1.len, 4);
	String none[] = {S(""), S("")};
	cr_assert_eq(concatstrings(none, 2).len, 0);
	cr_assert_eq(concatstrings(NULL, 0).len, 0);
}

Test(rtstring, compare)
{
	cr_assert_eq(cmpstring(S("a"), S("b")), -1);
	cr_assert_eq(cmpstring(S("b"), S("a")), 1);
	cr_assert_eq(cmpstring(S("ab"), S("a")), 1);
	cr_assert_eq(cmpstring(S("a"), S("ab")), -1);
	cr_assert_eq(cmpstring(S(""), S("")), 0);
	cr_assert_eq(cmpstring(S("abc"), S("abc")), 0);
	cr_assert_eq(cmpstring(S("\xff"), S("a")), 1, "bytes compare unsigned");
	cr_assert(eqstring(S("abc"), S("abc")));
	cr_assert_not(eqstring(S("abc"), S("abd")));
	cr_assert_not(eqstring(S("abc"), S("ab")));
	cr_assert(eqstring(SN(NULL, 0), S("")));
}

Test(rtstring, rt_string_helpers)
{
	String s = rt_string_copy("hello", 5);
	assert_str(s, "hello", 5);
	String a;
	uint8_t *p = rt_string_alloc(3, &a);
	memcpy(p, "xyz", 3);
	assert_str(a, "xyz", 3);
	Slice sl = rt_slice_make(&t_int_, 3, 10);
	cr_assert_eq(sl.len, 3);
	cr_assert_eq(sl.cap, 10);
	for (int i = 0; i < 10; i++)
		cr_assert_eq(((int64_t *)sl.ptr)[i], 0);
	Slice z = rt_slice_make(&t_int_, 0, 0);
	cr_assert_not_null(z.ptr, "make([]int, 0) is not nil");
}

/* ---------------------------------------------------------------- slice growth */

/* Appends one element at a time to a nil slice, recording every new capacity. */
static int caps_of_appends(Type *elem, int n, int64_t *caps, int maxcaps)
{
	Slice s = {NULL, 0, 0};
	int ncaps = 0;
	for (int i = 0; i < n; i++) {
		if (s.len == s.cap) {
			s = growslice(elem, s, s.len + 1);
			cr_assert_lt(ncaps, maxcaps);
			caps[ncaps++] = s.cap;
		} else {
			s.len++;
		}
		cr_assert_eq(s.len, i + 1);
	}
	return ncaps;
}

static void check_caps(Type *elem, int n, const int64_t *want, int nwant)
{
	int64_t caps[64];
	int ncaps = caps_of_appends(elem, n, caps, 64);
	for (int i = 0; i < nwant && i < ncaps; i++)
		cr_assert_eq(caps[i], want[i], "%s growth %d: cap %ld, want %ld", elem->str, i,
		             (long)caps[i], (long)want[i]);
	cr_assert_eq(ncaps, nwant, "%s: %d growths, want %d", elem->str, ncaps, nwant);
}

Test(rtstring, growslice_caps_match_go)
{
	/* Printed by Go for `s = append(s, x)` in a loop, each time cap changes. */
	int64_t ints[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 848, 1280, 1792, 2560, 3408, 5120};
	check_caps(&t_int_, 5000, ints, 16);
	int64_t bytes[] = {8, 16, 32, 64, 128, 256, 512, 896, 1408, 2048, 3072, 4096, 5376};
	check_caps(&t_u8_, 5000, bytes, 13);
	int64_t t3[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 853, 1365, 2048, 3072};
	check_caps(&t_t3_, 3000, t3, 14);
	int64_t b5[] = {1, 3, 6, 12, 25, 51, 102, 204, 409, 819, 1228, 1894, 2713, 3686};
	check_caps(&t_b5_, 3000, b5, 14);
	int64_t i32[] = {2, 4, 8, 16, 32, 64, 128, 256, 512, 864, 1344, 2048, 3072};
	check_caps(&t_i32_, 3000, i32, 13);
}

Test(rtstring, growslice_caps_with_malloc_headers)
{
	/* Go 1.22: a pointerful object over 512 bytes has an 8-byte header, so []*int grows
	 * 64 -> 128 elements as 1024 + 8 bytes -> size class 1152 -> (1152 - 8) / 8 = 143, then
	 * 286 * 8 + 8 = 2296 -> 2304 -> 287, then 287 + (287 + 768) / 4 = 550 -> 4408 -> 4864 -> 607. */
	int64_t ptrs[] = {1, 2, 4, 8, 16, 32, 64, 143, 287, 607};
	check_caps(&t_pint_, 600, ptrs, 10);
	/* []string: 64 * 16 = 1024 -> 1144 / 16 = 71; 142 * 16 + 8 = 2280 -> 2304 -> 143;
	 * 286 * 16 + 8 = 4584 -> 4864 -> 303; 303 + 267 = 570 -> 9128 -> 9472 -> 591. */
	int64_t strs[] = {1, 2, 4, 8, 16, 32, 71, 143, 303, 591};
	check_caps(&t_str_, 500, strs, 10);
	/* Large objects carry no header: 5000 pointers = 40000 bytes -> 5 pages -> 5120. */
	Slice s = growslice(&t_pint_, (Slice){NULL, 0, 0}, 5000);
	cr_assert_eq(s.cap, 5120);
}

Test(rtstring, growslice_multi_element_appends)
{
	/* Go: x := []int{1, 2}; x = append(x, 3, 4, 5) -> len 5 cap 6 */
	int64_t init[2] = {1, 2};
	Slice x = growslice(&t_int_, (Slice){init, 2, 2}, 5);
	cr_assert_eq(x.len, 5);
	cr_assert_eq(x.cap, 6);
	int64_t *xp = x.ptr;
	cr_assert(xp[0] == 1 && xp[1] == 2 && xp[2] == 0 && xp[5] == 0);
	/* Go: a []byte of len 2 cap 8 appended 19 bytes -> len 21 cap 24 */
	uint8_t b8[8] = "ab";
	Slice y = growslice(&t_u8_, (Slice){b8, 2, 8}, 21);
	cr_assert_eq(y.cap, 24);
	cr_assert(memcmp(y.ptr, "ab", 2) == 0);
	/* Go: append(nilInts, make([]int, 1000)...) -> cap 1024 */
	cr_assert_eq(growslice(&t_int_, (Slice){NULL, 0, 0}, 1000).cap, 1024);
	/* Go: append(nilBytes, make([]byte, 40000)...) -> cap 40960 */
	cr_assert_eq(growslice(&t_u8_, (Slice){NULL, 0, 0}, 40000).cap, 40960);
	/* Zero-sized elements never allocate. */
	Slice e = growslice(&t_empty_, (Slice){NULL, 0, 0}, 10);
	cr_assert_eq(e.len, 10);
	cr_assert_eq(e.cap, 10);
	cr_assert_not_null(e.ptr);
}

Test(rtstring, growslice_copies_pointers)
{
	int a = 1, b = 2;
	int *old[2] = {&a, &b};
	Slice s = growslice(&t_pint_, (Slice){old, 2, 2}, 3);
	int **p = s.ptr;
	cr_assert_eq(s.cap, 4);
	cr_assert(p[0] == &a && p[1] == &b && p[2] == NULL && p[3] == NULL);
}

Test(rtstring, roundupsize_classes)
{
	cr_assert_eq(roundupsize(0, true), 0);
	cr_assert_eq(roundupsize(1, true), 8);
	cr_assert_eq(roundupsize(9, true), 16);
	cr_assert_eq(roundupsize(33, true), 48);
	cr_assert_eq(roundupsize(1017, true), 1024);
	cr_assert_eq(roundupsize(1025, true), 1152);
	cr_assert_eq(roundupsize(6656, true), 6784);
	cr_assert_eq(roundupsize(32768, true), 32768);
	cr_assert_eq(roundupsize(32769, true), 40960);
	cr_assert_eq(roundupsize(512, false), 512);
	cr_assert_eq(roundupsize(513, false), 568); /* 521 -> 576, minus the header */
	cr_assert_eq(roundupsize(32760, false), 32760); /* class 32768 holds it with the header */
	cr_assert_eq(roundupsize(32761, false), 32768); /* a large object: whole pages, no header */
	cr_assert_eq(roundupsize(40000, false), 40960);
	cr_assert_eq(growslice_cap(8, true, 512, 513), 848);
}
