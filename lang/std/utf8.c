/*
 * utf8.c - package unicode/utf8, plus the UTF-8 and Unicode helpers the other std natives
 * share (std_int.h): decoding and encoding as Go's utf8 package, unicode.IsSpace, and simple
 * case mapping (unicode.ToUpper/ToLower) from the generated table in unicode_tables.h.
 *
 * Decoding follows Go's utf8.DecodeRune:
 *   1. A byte below 0x80 is itself.
 *   2. Otherwise the first byte gives the sequence length (2, 3 or 4) and the range the
 *      second byte must be in (narrower after E0, ED, F0 and F4 so that overlong forms,
 *      surrogates and runes above U+10FFFF are rejected); later bytes must be 80..BF.
 *   3. Anything else - including a sequence cut short by the end of input - is
 *      (RuneError, 1), so a decoder always makes progress one byte at a time.
 *
 * Invariants:
 *   - utf8_encode never writes more than 4 bytes and writes U+FFFD for surrogates and values
 *     outside 0..U+10FFFF.
 */
#include <string.h>

#include "fmt.h"
#include "std_int.h"
#include "unicode_tables.h"

/* First-byte classes: 0 invalid, else length | (accept range index << 4). */
static uint8_t first_class(uint8_t b)
{
	if (b < 0xC2)
		return 0;
	if (b < 0xE0)
		return 2;
	if (b == 0xE0)
		return 3 | 1 << 4;
	if (b == 0xED)
		return 3 | 2 << 4;
	if (b < 0xF0)
		return 3;
	if (b == 0xF0)
		return 4 | 3 << 4;
	if (b < 0xF4)
		return 4;
	if (b == 0xF4)
		return 4 | 4 << 4;
	return 0;
}

static const uint8_t accept_lo[] = {0x80, 0xA0, 0x80, 0x90, 0x80};
static const uint8_t accept_hi[] = {0xBF, 0xBF, 0x9F, 0xBF, 0x8F};

int32_t utf8_decode(const uint8_t *s, size_t n, int *size)
{
	uint8_t b0 = s[0];
	if (b0 < 0x80) {
		*size = 1;
		return b0;
	}
	uint8_t x = first_class(b0);
	*size = 1;
	if (!x)
		return UTF8_RUNE_ERROR;
	size_t sz = x & 7;
	if (n < sz)
		return UTF8_RUNE_ERROR;
	uint8_t b1 = s[1];
	if (b1 < accept_lo[x >> 4] || b1 > accept_hi[x >> 4])
		return UTF8_RUNE_ERROR;
	if (sz == 2) {
		*size = 2;
		return (int32_t)(b0 & 0x1F) << 6 | (b1 & 0x3F);
	}
	uint8_t b2 = s[2];
	if (b2 < 0x80 || b2 > 0xBF)
		return UTF8_RUNE_ERROR;
	if (sz == 3) {
		*size = 3;
		return (int32_t)(b0 & 0x0F) << 12 | (int32_t)(b1 & 0x3F) << 6 | (b2 & 0x3F);
	}
	uint8_t b3 = s[3];
	if (b3 < 0x80 || b3 > 0xBF)
		return UTF8_RUNE_ERROR;
	*size = 4;
	return (int32_t)(b0 & 0x07) << 18 | (int32_t)(b1 & 0x3F) << 12 | (int32_t)(b2 & 0x3F) << 6 |
	       (b3 & 0x3F);
}

int32_t utf8_decode_last(const uint8_t *s, size_t n, int *size)
{
	size_t end = n, start = end - 1;
	if (s[start] < 0x80) {
		*size = 1;
		return s[start];
	}
	size_t lim = end >= 4 ? end - 4 : 0;
	/* step back to a rune start (a byte that is not 10xxxxxx), at most 3 bytes */
	ptrdiff_t st = (ptrdiff_t)start - 1;
	for (; st >= (ptrdiff_t)lim; st--)
		if ((s[st] & 0xC0) != 0x80)
			break;
	if (st < 0)
		st = 0;
	int32_t r = utf8_decode(s + st, end - (size_t)st, size);
	if ((size_t)st + (size_t)*size != end) {
		*size = 1;
		return UTF8_RUNE_ERROR;
	}
	return r;
}

int utf8_encode(uint8_t *p, int32_t r)
{
	uint32_t u = (uint32_t)r;
	if (u < 0x80) {
		p[0] = (uint8_t)u;
		return 1;
	}
	if (u < 0x800) {
		p[0] = (uint8_t)(0xC0 | u >> 6);
		p[1] = (uint8_t)(0x80 | (u & 0x3F));
		return 2;
	}
	if (u > UTF8_MAX_RUNE || (u >= 0xD800 && u <= 0xDFFF))
		u = UTF8_RUNE_ERROR;
	if (u < 0x10000) {
		p[0] = (uint8_t)(0xE0 | u >> 12);
		p[1] = (uint8_t)(0x80 | (u >> 6 & 0x3F));
		p[2] = (uint8_t)(0x80 | (u & 0x3F));
		return 3;
	}
	p[0] = (uint8_t)(0xF0 | u >> 18);
	p[1] = (uint8_t)(0x80 | (u >> 12 & 0x3F));
	p[2] = (uint8_t)(0x80 | (u >> 6 & 0x3F));
	p[3] = (uint8_t)(0x80 | (u & 0x3F));
	return 4;
}

int utf8_runelen(int32_t r)
{
	if (r < 0)
		return -1;
	if (r < 0x80)
		return 1;
	if (r < 0x800)
		return 2;
	if (r >= 0xD800 && r <= 0xDFFF)
		return -1;
	if (r < 0x10000)
		return 3;
	if (r <= UTF8_MAX_RUNE)
		return 4;
	return -1;
}

int64_t utf8_count(const uint8_t *s, size_t n)
{
	int64_t count = 0;
	for (size_t i = 0; i < n; count++) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		int size;
		utf8_decode(s + i, n - i, &size);
		i += (size_t)size;
	}
	return count;
}

bool utf8_valid(const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		int size;
		int32_t r = utf8_decode(s + i, n - i, &size);
		if (r == UTF8_RUNE_ERROR && size == 1)
			return false;
		i += (size_t)size;
	}
	return true;
}

bool utf8_full_rune(const uint8_t *s, size_t n)
{
	if (n == 0)
		return false;
	uint8_t x = first_class(s[0]);
	if (s[0] < 0x80 || !x || n >= (size_t)(x & 7))
		return true;
	/* Go: a short sequence is full if its second or third byte already makes it invalid. */
	if (n > 1 && (s[1] < accept_lo[x >> 4] || s[1] > accept_hi[x >> 4]))
		return true;
	if (n > 2 && (s[2] < 0x80 || s[2] > 0xBF))
		return true;
	return false;
}

bool unicode_is_space(int32_t r)
{
	if (r <= 0xFF)
		return r == ' ' || (r >= '\t' && r <= '\r') || r == 0x85 || r == 0xA0;
	return r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029 ||
	       r == 0x202F || r == 0x205F || r == 0x3000;
}

/* The case_ranges entry holding r, or -1. */
static int case_find(int32_t r)
{
	int lo = 0, hi = case_ranges_LEN - 1;
	while (lo <= hi) {
		int m = (lo + hi) / 2;
		if (r < case_ranges[m].lo)
			hi = m - 1;
		else if (r > case_ranges[m].hi)
			lo = m + 1;
		else
			return m;
	}
	return -1;
}

int32_t unicode_to_upper(int32_t r)
{
	if (r < 0x80)
		return r >= 'a' && r <= 'z' ? r - 32 : r;
	int i = case_find(r);
	if (i < 0)
		return r;
	if (case_ranges[i].alt)
		return (r - case_ranges[i].lo) % 2 ? r - 1 : r;
	return r + case_ranges[i].du;
}

int32_t unicode_to_lower(int32_t r)
{
	if (r < 0x80)
		return r >= 'A' && r <= 'Z' ? r + 32 : r;
	int i = case_find(r);
	if (i < 0)
		return r;
	if (case_ranges[i].alt)
		return (r - case_ranges[i].lo) % 2 ? r : r + 1;
	return r + case_ranges[i].dl;
}

static bool in_ranges(const uint32_t (*t)[2], int n, uint32_t r)
{
	int lo = 0, hi = n - 1;
	while (lo <= hi) {
		int m = (lo + hi) / 2;
		if (r < t[m][0])
			hi = m - 1;
		else if (r > t[m][1])
			lo = m + 1;
		else
			return true;
	}
	return false;
}

bool strconv_isprint(int32_t r)
{
	if (r < 0)
		return false;
	return in_ranges(print_ranges, print_ranges_LEN, (uint32_t)r);
}

bool strconv_isgraphic(int32_t r)
{
	if (r < 0)
		return false;
	return in_ranges(graphic_ranges, graphic_ranges_LEN, (uint32_t)r);
}

/* ---------------------------------------------------------------- natives */

static void put_rune_size(Slot *r, int32_t rune, int size)
{
	r[0] = (Slot)(int64_t)rune;
	r[1] = (Slot)(int64_t)size;
}

/* func RuneCountInString(s string) int */
static void n_rune_count_in_string(G *g, Slot *a)
{
	String s = arg_string(a);
	a[2] = (Slot)utf8_count(s.ptr, (size_t)s.len);
}

/* func RuneCount(p []byte) int */
static void n_rune_count(G *g, Slot *a)
{
	Slice p = arg_slice(a);
	a[3] = (Slot)utf8_count(p.ptr, (size_t)p.len);
}

/* func DecodeRuneInString(s string) (rune, int) */
static void n_decode_rune_in_string(G *g, Slot *a)
{
	String s = arg_string(a);
	if (s.len == 0) {
		put_rune_size(a + 2, UTF8_RUNE_ERROR, 0);
		return;
	}
	int size;
	int32_t r = utf8_decode(s.ptr, (size_t)s.len, &size);
	put_rune_size(a + 2, r, size);
}

/* func DecodeRune(p []byte) (rune, int) */
static void n_decode_rune(G *g, Slot *a)
{
	Slice p = arg_slice(a);
	if (p.len == 0) {
		put_rune_size(a + 3, UTF8_RUNE_ERROR, 0);
		return;
	}
	int size;
	int32_t r = utf8_decode(p.ptr, (size_t)p.len, &size);
	put_rune_size(a + 3, r, size);
}

/* func DecodeLastRuneInString(s string) (rune, int) */
static void n_decode_last_rune_in_string(G *g, Slot *a)
{
	String s = arg_string(a);
	if (s.len == 0) {
		put_rune_size(a + 2, UTF8_RUNE_ERROR, 0);
		return;
	}
	int size;
	int32_t r = utf8_decode_last(s.ptr, (size_t)s.len, &size);
	put_rune_size(a + 2, r, size);
}

/* func DecodeLastRune(p []byte) (rune, int) */
static void n_decode_last_rune(G *g, Slot *a)
{
	Slice p = arg_slice(a);
	if (p.len == 0) {
		put_rune_size(a + 3, UTF8_RUNE_ERROR, 0);
		return;
	}
	int size;
	int32_t r = utf8_decode_last(p.ptr, (size_t)p.len, &size);
	put_rune_size(a + 3, r, size);
}

/* func EncodeRune(p []byte, r rune) int: panics with an index error when p is too short. */
static void n_encode_rune(G *g, Slot *a)
{
	Slice p = arg_slice(a);
	int32_t r = (int32_t)(int64_t)a[3];
	uint8_t tmp[4];
	int n = utf8_encode(tmp, r);
	if (p.len < n) {
		rt_panic_runtime(g, "index out of range [%d] with length %lld", n - 1,
		                 (long long)p.len);
		return;
	}
	memcpy(p.ptr, tmp, (size_t)n);
	a[4] = (Slot)(int64_t)n;
}

/* func ValidString(s string) bool */
static void n_valid_string(G *g, Slot *a)
{
	String s = arg_string(a);
	a[2] = utf8_valid(s.ptr, (size_t)s.len);
}

/* func Valid(p []byte) bool */
static void n_valid(G *g, Slot *a)
{
	Slice p = arg_slice(a);
	a[3] = utf8_valid(p.ptr, (size_t)p.len);
}

/* func FullRune(p []byte) bool */
static void n_full_rune(G *g, Slot *a)
{
	Slice p = arg_slice(a);
	a[3] = utf8_full_rune(p.ptr, (size_t)p.len);
}

/* func FullRuneInString(s string) bool */
static void n_full_rune_in_string(G *g, Slot *a)
{
	String s = arg_string(a);
	a[2] = utf8_full_rune(s.ptr, (size_t)s.len);
}

const NativeEntry std_utf8_natives[] = {
        {"utf8.RuneCountInString", n_rune_count_in_string},
        {"utf8.RuneCount", n_rune_count},
        {"utf8.DecodeRuneInString", n_decode_rune_in_string},
        {"utf8.DecodeRune", n_decode_rune},
        {"utf8.DecodeLastRuneInString", n_decode_last_rune_in_string},
        {"utf8.DecodeLastRune", n_decode_last_rune},
        {"utf8.EncodeRune", n_encode_rune},
        {"utf8.ValidString", n_valid_string},
        {"utf8.Valid", n_valid},
        {"utf8.FullRune", n_full_rune},
        {"utf8.FullRuneInString", n_full_rune_in_string},
        {NULL, NULL},
};
