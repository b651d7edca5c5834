/*
 * strings.c - package strings' natives: searching, splitting, joining, replacing, case
 * mapping and trimming, with Go's exact results (src/strings/strings.go).
 *
 * Notes on matching Go:
 *   1. Results that are pieces of the input (Split, Fields, Trim...) share the input's bytes,
 *      as Go's substrings do; only the []string backing array is allocated.
 *   2. Invalid UTF-8 is decoded as (RuneError, 1) wherever Go ranges over runes: Split with an
 *      empty separator yields such bytes one by one, IndexRune(s, RuneError) finds the first
 *      invalid byte or real U+FFFD, and ToUpper/ToLower (Go's Map) replace invalid bytes with
 *      U+FFFD once anything changes.
 *   3. Replace counts matches first, then builds the result in one pass; with an empty 'old'
 *      it inserts 'new' before every rune and at the end, as Go does.
 *   4. EqualFold compares runes by simple case folding approximated as equal upper or lower
 *      case mappings (Go walks unicode.SimpleFold orbits; the two agree on every rune whose
 *      orbit has at most one upper and one lower form).
 *   5. The pieces Split and Fields store into their new []string array go through the write
 *      barrier (gc/gc.h, store_string): the array is black while marking runs, and the input
 *      they point into may be reachable only from a stack not scanned yet.
 *
 * Invariants:
 *   - Every native allocates at most once, after all reading of its inputs.
 */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "../../gc/gc.h"
#include "fmt.h"
#include "std_int.h"

/* out[i] = v for an element of a []string array in the heap, with the write barrier. */
static inline void store_string(String *dst, String v)
{
	gc_write_ptr(&dst->ptr, (void *)v.ptr);
	dst->len = v.len;
}

static int64_t index_str(String s, String sub)
{
	if (sub.len == 0)
		return 0;
	if (sub.len > s.len)
		return -1;
	if (sub.len == 1) {
		const uint8_t *p = memchr(s.ptr, sub.ptr[0], (size_t)s.len);
		return p ? p - s.ptr : -1;
	}
	const uint8_t *p = memmem(s.ptr, (size_t)s.len, sub.ptr, (size_t)sub.len);
	return p ? p - s.ptr : -1;
}

static int64_t last_index_str(String s, String sub)
{
	if (sub.len == 0)
		return s.len;
	for (int64_t i = s.len - sub.len; i >= 0; i--)
		if (s.ptr[i] == sub.ptr[0] && memcmp(s.ptr + i, sub.ptr, (size_t)sub.len) == 0)
			return i;
	return -1;
}

static int64_t index_rune(String s, int32_t r)
{
	if (r >= 0 && r < 0x80) {
		const uint8_t *p = s.len ? memchr(s.ptr, r, (size_t)s.len) : NULL;
		return p ? p - s.ptr : -1;
	}
	if (r == UTF8_RUNE_ERROR) {
		for (int64_t i = 0; i < s.len;) {
			int size = 1;
			int32_t c = s.ptr[i] < 0x80
			                    ? s.ptr[i]
			                    : utf8_decode(s.ptr + i, (size_t)(s.len - i), &size);
			if (c == UTF8_RUNE_ERROR)
				return i;
			i += size;
		}
		return -1;
	}
	if (utf8_runelen(r) < 0)
		return -1;
	uint8_t enc[4];
	String sub = {enc, utf8_encode(enc, r)};
	return index_str(s, sub);
}

/* The rune at s[i] (invalid bytes as RuneError, size 1). */
static int32_t rune_at(String s, int64_t i, int *size)
{
	*size = 1;
	if (s.ptr[i] < 0x80)
		return s.ptr[i];
	return utf8_decode(s.ptr + i, (size_t)(s.len - i), size);
}

static int64_t count_str(String s, String sub)
{
	if (sub.len == 0)
		return utf8_count(s.ptr, (size_t)s.len) + 1;
	int64_t n = 0;
	for (;;) {
		int64_t i = index_str(s, sub);
		if (i < 0)
			return n;
		n++;
		s.ptr += i + sub.len;
		s.len -= i + sub.len;
	}
}

static String substr(String s, int64_t i, int64_t j)
{
	String r = {s.ptr + i, j - i};
	return r;
}

/* func Index(s, substr string) int */
static void n_index(G *g, Slot *a)
{
	a[4] = (Slot)index_str(arg_string(a), arg_string(a + 2));
}
/* func LastIndex(s, substr string) int */
static void n_last_index(G *g, Slot *a)
{
	a[4] = (Slot)last_index_str(arg_string(a), arg_string(a + 2));
}

/* func IndexByte(s string, c byte) int */
static void n_index_byte(G *g, Slot *a)
{
	String s = arg_string(a);
	const uint8_t *p = s.len ? memchr(s.ptr, (int)(uint8_t)a[2], (size_t)s.len) : NULL;
	a[3] = (Slot)(p ? p - s.ptr : -1);
}

/* func LastIndexByte(s string, c byte) int */
static void n_last_index_byte(G *g, Slot *a)
{
	String s = arg_string(a);
	uint8_t c = (uint8_t)a[2];
	int64_t i = s.len - 1;
	while (i >= 0 && s.ptr[i] != c)
		i--;
	a[3] = (Slot)i;
}

/* func IndexRune(s string, r rune) int */
static void n_index_rune(G *g, Slot *a)
{
	a[3] = (Slot)index_rune(arg_string(a), (int32_t)(int64_t)a[2]);
}

/* func IndexAny(s, chars string) int */
static void n_index_any(G *g, Slot *a)
{
	String s = arg_string(a), chars = arg_string(a + 2);
	int64_t res = -1;
	if (chars.len > 0)
		for (int64_t i = 0; i < s.len;) {
			int size;
			int32_t r = rune_at(s, i, &size);
			if (index_rune(chars, r) >= 0) {
				res = i;
				break;
			}
			i += size;
		}
	a[4] = (Slot)res;
}

/* func LastIndexAny(s, chars string) int */
static void n_last_index_any(G *g, Slot *a)
{
	String s = arg_string(a), chars = arg_string(a + 2);
	int64_t res = -1;
	if (chars.len > 0)
		for (int64_t i = s.len; i > 0;) {
			int size;
			int32_t r = utf8_decode_last(s.ptr, (size_t)i, &size);
			i -= size;
			if (index_rune(chars, r) >= 0) {
				res = i;
				break;
			}
		}
	a[4] = (Slot)res;
}

/* func Count(s, substr string) int */
static void n_count(G *g, Slot *a)
{
	a[4] = (Slot)count_str(arg_string(a), arg_string(a + 2));
}

/* Go's genSplit: n < 0 means all; sep_save is 0 (Split) or len(sep) (SplitAfter). */
static Slice gen_split(String s, String sep, int64_t sep_save, int64_t n)
{
	Slice nil = {0};
	if (n == 0)
		return nil;
	if (sep.len == 0) {
		int64_t l = utf8_count(s.ptr, (size_t)s.len);
		if (n < 0 || n > l)
			n = l;
		Slice r = rt_slice_make(t_string, n, n);
		String *out = r.ptr;
		for (int64_t i = 0; i < n - 1; i++) {
			int size;
			rune_at(s, 0, &size);
			store_string(&out[i], substr(s, 0, size));
			s = substr(s, size, s.len);
		}
		if (n > 0)
			store_string(&out[n - 1], s);
		return r;
	}
	if (n < 0)
		n = count_str(s, sep) + 1;
	if (n > s.len + 1)
		n = s.len + 1;
	Slice r = rt_slice_make(t_string, n, n);
	String *out = r.ptr;
	n--;
	int64_t i = 0;
	while (i < n) {
		int64_t m = index_str(s, sep);
		if (m < 0)
			break;
		store_string(&out[i], substr(s, 0, m + sep_save));
		s = substr(s, m + sep.len, s.len);
		i++;
	}
	store_string(&out[i], s);
	r.len = i + 1;
	return r;
}

/* func Split(s, sep string) []string */
static void n_split(G *g, Slot *a)
{
	put_slice(a + 4, gen_split(arg_string(a), arg_string(a + 2), 0, -1));
}

/* func SplitN(s, sep string, n int) []string */
static void n_split_n(G *g, Slot *a)
{
	put_slice(a + 5, gen_split(arg_string(a), arg_string(a + 2), 0, (int64_t)a[4]));
}

/* func SplitAfter(s, sep string) []string */
static void n_split_after(G *g, Slot *a)
{
	String sep = arg_string(a + 2);
	put_slice(a + 4, gen_split(arg_string(a), sep, sep.len, -1));
}

/* func SplitAfterN(s, sep string, n int) []string */
static void n_split_after_n(G *g, Slot *a)
{
	String sep = arg_string(a + 2);
	put_slice(a + 5, gen_split(arg_string(a), sep, sep.len, (int64_t)a[4]));
}

/* Walks the fields of s (runs of non-space runes); stores them when out != NULL. */
static int64_t fields(String s, String *out)
{
	int64_t n = 0, start = -1;
	for (int64_t i = 0; i < s.len;) {
		int size;
		int32_t r = rune_at(s, i, &size);
		bool space = unicode_is_space(r);
		if (space && start >= 0) {
			if (out)
				store_string(&out[n], substr(s, start, i));
			n++;
			start = -1;
		} else if (!space && start < 0)
			start = i;
		i += size;
	}
	if (start >= 0) {
		if (out)
			store_string(&out[n], substr(s, start, s.len));
		n++;
	}
	return n;
}

/* func Fields(s string) []string */
static void n_fields(G *g, Slot *a)
{
	String s = arg_string(a);
	int64_t n = fields(s, NULL);
	Slice r = rt_slice_make(t_string, n, n);
	fields(s, r.ptr);
	put_slice(a + 2, r);
}

/* func Join(elems []string, sep string) string */
static void n_join(G *g, Slot *a)
{
	Slice e = arg_slice(a);
	String sep = arg_string(a + 3);
	const String *el = e.ptr;
	if (e.len == 0) {
		a[5] = a[6] = 0;
		return;
	}
	if (e.len == 1) {
		put_string(a + 5, el[0]);
		return;
	}
	int64_t n = sep.len * (e.len - 1);
	for (int64_t i = 0; i < e.len; i++)
		n += el[i].len;
	String r;
	uint8_t *p = rt_string_alloc(n, &r);
	for (int64_t i = 0; i < e.len; i++) {
		if (i > 0) {
			memcpy(p, sep.ptr, (size_t)sep.len);
			p += sep.len;
		}
		if (el[i].len)
			memcpy(p, el[i].ptr, (size_t)el[i].len);
		p += el[i].len;
	}
	put_string(a + 5, r);
}

/* func Replace(s, old, new string, n int) string */
static void n_replace(G *g, Slot *a)
{
	String s = arg_string(a), old = arg_string(a + 2), nw = arg_string(a + 4);
	int64_t n = (int64_t)a[6];
	Slot *res = a + 7;
	bool same = old.len == nw.len &&
	            (old.len == 0 || memcmp(old.ptr, nw.ptr, (size_t)old.len) == 0);
	if (same || n == 0) {
		put_string(res, s);
		return;
	}
	int64_t m = count_str(s, old);
	if (m == 0) {
		put_string(res, s);
		return;
	}
	if (n < 0 || m < n)
		n = m;
	String r;
	uint8_t *p = rt_string_alloc(s.len + n * (nw.len - old.len), &r);
	int64_t start = 0;
	for (int64_t i = 0; i < n; i++) {
		int64_t j = start;
		if (old.len == 0) {
			if (i > 0) {
				int size;
				rune_at(s, start, &size);
				j += size;
			}
		} else
			j += index_str(substr(s, start, s.len), old);
		memcpy(p, s.ptr + start, (size_t)(j - start));
		p += j - start;
		if (nw.len)
			memcpy(p, nw.ptr, (size_t)nw.len);
		p += nw.len;
		start = j + old.len;
	}
	if (s.len > start)
		memcpy(p, s.ptr + start, (size_t)(s.len - start));
	put_string(res, r);
}

/* func Repeat(s string, count int) string */
static void n_repeat(G *g, Slot *a)
{
	String s = arg_string(a);
	int64_t count = (int64_t)a[2];
	if (count < 0) {
		rt_panic_string(g, "strings: negative Repeat count");
		return;
	}
	if (s.len > 0 && count > INT64_MAX / s.len) {
		rt_panic_string(g, "strings: Repeat output length overflow");
		return;
	}
	int64_t n = s.len * count;
	if (n == 0) {
		a[3] = a[4] = 0;
		return;
	}
	String r;
	uint8_t *p = rt_string_alloc(n, &r);
	memcpy(p, s.ptr, (size_t)s.len);
	for (int64_t done = s.len; done < n;) {
		int64_t c = done <= n - done ? done : n - done;
		memcpy(p + done, p, (size_t)c);
		done += c;
	}
	put_string(a + 3, r);
}

/* Go's Map(mapping, s) for unicode.ToUpper / ToLower. */
static String map_case(String s, int32_t (*mapping)(int32_t))
{
	bool change = false;
	int64_t outlen = 0;
	for (int64_t i = 0; i < s.len;) {
		int size;
		int32_t c = rune_at(s, i, &size);
		int32_t r = mapping(c);
		if (r != c || (c == UTF8_RUNE_ERROR && size == 1))
			change = true;
		outlen += utf8_runelen(r) > 0 ? utf8_runelen(r) : 3;
		i += size;
	}
	if (!change)
		return s;
	String res;
	uint8_t *p = rt_string_alloc(outlen, &res);
	for (int64_t i = 0; i < s.len;) {
		int size;
		int32_t c = rune_at(s, i, &size);
		p += utf8_encode(p, mapping(c));
		i += size;
	}
	return res;
}

/* func ToUpper(s string) string */
static void n_to_upper(G *g, Slot *a)
{
	put_string(a + 2, map_case(arg_string(a), unicode_to_upper));
}
/* func ToLower(s string) string */
static void n_to_lower(G *g, Slot *a)
{
	put_string(a + 2, map_case(arg_string(a), unicode_to_lower));
}

static bool in_cutset(String cutset, int32_t r)
{
	return index_rune(cutset, r) >= 0;
}

static String trim_left(String s, String cutset)
{
	while (s.len > 0) {
		int size;
		int32_t r = rune_at(s, 0, &size);
		if (!in_cutset(cutset, r))
			break;
		s = substr(s, size, s.len);
	}
	return s;
}

static String trim_right(String s, String cutset)
{
	while (s.len > 0) {
		int size = 1;
		int32_t r = s.ptr[s.len - 1];
		if (r >= 0x80)
			r = utf8_decode_last(s.ptr, (size_t)s.len, &size);
		if (!in_cutset(cutset, r))
			break;
		s.len -= size;
	}
	return s;
}

/* func Trim(s, cutset string) string */
static void n_trim(G *g, Slot *a)
{
	String s = arg_string(a), cut = arg_string(a + 2);
	if (s.len && cut.len)
		s = trim_right(trim_left(s, cut), cut);
	put_string(a + 4, s);
}

/* func TrimLeft(s, cutset string) string */
static void n_trim_left(G *g, Slot *a)
{
	String s = arg_string(a), cut = arg_string(a + 2);
	if (s.len && cut.len)
		s = trim_left(s, cut);
	put_string(a + 4, s);
}

/* func TrimRight(s, cutset string) string */
static void n_trim_right(G *g, Slot *a)
{
	String s = arg_string(a), cut = arg_string(a + 2);
	if (s.len && cut.len)
		s = trim_right(s, cut);
	put_string(a + 4, s);
}

/* func TrimSpace(s string) string */
static void n_trim_space(G *g, Slot *a)
{
	String s = arg_string(a);
	while (s.len > 0) {
		int size;
		if (!unicode_is_space(rune_at(s, 0, &size)))
			break;
		s = substr(s, size, s.len);
	}
	while (s.len > 0) {
		int size = 1;
		int32_t r = s.ptr[s.len - 1];
		if (r >= 0x80)
			r = utf8_decode_last(s.ptr, (size_t)s.len, &size);
		if (!unicode_is_space(r))
			break;
		s.len -= size;
	}
	put_string(a + 2, s);
}

static bool fold_equal(int32_t a, int32_t b)
{
	if (a == b)
		return true;
	if (a < 0x80 && b < 0x80) {
		if (a >= 'A' && a <= 'Z')
			a += 32;
		if (b >= 'A' && b <= 'Z')
			b += 32;
		return a == b;
	}
	return unicode_to_lower(a) == unicode_to_lower(b) ||
	       unicode_to_upper(a) == unicode_to_upper(b);
}

/* func EqualFold(s, t string) bool */
static void n_equal_fold(G *g, Slot *a)
{
	String s = arg_string(a), t = arg_string(a + 2);
	int64_t i = 0, j = 0;
	bool eq = true;
	while (i < s.len && j < t.len) {
		int si, sj;
		int32_t r1 = rune_at(s, i, &si), r2 = rune_at(t, j, &sj);
		if (!fold_equal(r1, r2)) {
			eq = false;
			break;
		}
		i += si;
		j += sj;
	}
	a[4] = eq && i == s.len && j == t.len;
}

const NativeEntry std_strings_natives[] = {
        {"strings.Index", n_index},
        {"strings.LastIndex", n_last_index},
        {"strings.IndexByte", n_index_byte},
        {"strings.LastIndexByte", n_last_index_byte},
        {"strings.IndexRune", n_index_rune},
        {"strings.IndexAny", n_index_any},
        {"strings.LastIndexAny", n_last_index_any},
        {"strings.Count", n_count},
        {"strings.Split", n_split},
        {"strings.SplitN", n_split_n},
        {"strings.SplitAfter", n_split_after},
        {"strings.SplitAfterN", n_split_after_n},
        {"strings.Fields", n_fields},
        {"strings.Join", n_join},
        {"strings.Replace", n_replace},
        {"strings.Repeat", n_repeat},
        {"strings.ToUpper", n_to_upper},
        {"strings.ToLower", n_to_lower},
        {"strings.Trim", n_trim},
        {"strings.TrimLeft", n_trim_left},
        {"strings.TrimRight", n_trim_right},
        {"strings.TrimSpace", n_trim_space},
        {"strings.EqualFold", n_equal_fold},
        {NULL, NULL},
};
