/*
 * rtstring.c - strings, UTF-8 and slice growth: Go's runtime/string.go, utf8.go and the
 * growslice half of slice.go.
 *
 * Strings are immutable {ptr, len} pairs; every operation that makes a new one allocates
 * pointer-free memory with mallocgc and fills it before anyone else can see it.
 *
 * UTF-8 decoding follows Go's rules exactly (unicode/utf8 and runtime.decoderune):
 *   1. A byte below 0x80 is itself.
 *   2. Otherwise the first byte picks the sequence length (C2..DF: 2, E0..EF: 3, F0..F4: 4)
 *      and the allowed range of the second byte (E0: A0..BF, ED: 80..9F, F0: 90..BF, F4: 80..8F,
 *      others 80..BF), which excludes overlong forms, surrogates and values past U+10FFFF.
 *   3. Any violation, or a sequence cut short by the end of the string, decodes as U+FFFD and
 *      consumes exactly one byte.
 *
 * Slice growth follows Go 1.22's growslice:
 *   1. nextslicecap: twice the old capacity while it is below 256 elements; above, grow by
 *      (cap + 3*256) / 4 until newlen fits; newlen itself when that is more than double.
 *   2. roundupsize: round the byte size up to the allocator's size class (gc/sizeclasses.h: the classes of
 *      Go's sizeclasses.go up to 32 KiB, then whole 8 KiB pages). An object with pointers larger
 *      than 512 bytes carries an 8-byte malloc header in Go 1.22, which the rounding accounts for.
 *   3. The new capacity is the rounded size divided by the element size, so cap() after append
 *      prints what Go prints.
 *
 * Write barriers (gc/gc.h): growslice copies the old elements of a pointerful slice into the
 * new (black) array, so each element's pointer words are shaded first, by the element Type's
 * mask (Go's bulkBarrierPreWriteSrcOnly). Strings and rt_slice_make's zeroed arrays store no
 * pointers.
 *
 * Invariants:
 *   - A string or slice returned here never aliases a caller's mutable buffer (concatstrings
 *     may return one of its parts, which is immutable).
 *   - The size-class table below is Go's; once gc/sizeclasses.c exists it must agree with it.
 */
#include "rtstring.h"

#include <string.h>

#include "../gc/gc.h"
#include "../gc/malloc.h"
#include "../gc/sizeclasses.h"
#include "../lang/native.h"

/* The address of every zero-byte allocation (Go's zerobase): non-nil, never dereferenced. */
static uint64_t zerobase;

/* One-byte strings point here instead of allocating (Go's staticuint64s does the same). */
static const uint8_t bytestrings[256] = {
#define B4(n)  n, n + 1, n + 2, n + 3
#define B16(n) B4(n), B4(n + 4), B4(n + 8), B4(n + 12)
#define B64(n) B16(n), B16(n + 16), B16(n + 32), B16(n + 48)
        B64(0), B64(64), B64(128), B64(192)
#undef B64
#undef B16
#undef B4
};

/* ---------------------------------------------------------------- allocation helpers */

uint8_t *rt_string_alloc(int64_t len, String *out)
{
	uint8_t *p = len > 0 ? mallocgc(NULL, (size_t)len, false) : (uint8_t *)&zerobase;
	out->ptr = p;
	out->len = len;
	return p;
}

String rt_string_copy(const void *bytes, int64_t len)
{
	String s = {NULL, 0};
	if (len <= 0)
		return s;
	if (len == 1) {
		s.ptr = &bytestrings[*(const uint8_t *)bytes];
		s.len = 1;
		return s;
	}
	memcpy(rt_string_alloc(len, &s), bytes, (size_t)len);
	return s;
}

Slice rt_slice_make(Type *elem, int64_t len, int64_t cap)
{
	Slice s = {&zerobase, len, cap};
	uint64_t bytes = (uint64_t)cap * elem->size;
	if (bytes)
		s.ptr = mallocgc(elem->ptrdata ? elem : NULL, (size_t)bytes, true);
	return s;
}

/* ---------------------------------------------------------------- strings */

String concatstrings(const String *parts, int n)
{
	int64_t total = 0;
	int nonempty = 0, last = 0;
	for (int i = 0; i < n; i++) {
		if (parts[i].len == 0)
			continue;
		total += parts[i].len;
		nonempty++;
		last = i;
	}
	String r = {NULL, 0};
	if (nonempty == 0)
		return r;
	if (nonempty == 1)
		return parts[last];
	uint8_t *p = rt_string_alloc(total, &r);
	for (int i = 0; i < n; i++) {
		if (parts[i].len == 0)
			continue;
		memcpy(p, parts[i].ptr, (size_t)parts[i].len);
		p += parts[i].len;
	}
	return r;
}

String slicebytetostring(const uint8_t *p, int64_t n)
{
	return rt_string_copy(p, n);
}

Slice stringtoslicebyte(String s)
{
	int64_t cap = (int64_t)roundupsize((uint64_t)s.len, true);
	Slice b = {&zerobase, s.len, cap};
	if (cap == 0)
		return b;
	b.ptr = mallocgc(NULL, (size_t)cap, false);
	memcpy(b.ptr, s.ptr, (size_t)s.len);
	memset((uint8_t *)b.ptr + s.len, 0, (size_t)(cap - s.len));
	return b;
}

Slice stringtoslicerune(String s)
{
	int64_t n = countrunes(s);
	int64_t cap = (int64_t)(roundupsize((uint64_t)n * 4, true) / 4);
	Slice r = {&zerobase, n, cap};
	if (cap == 0)
		return r;
	int32_t *p = mallocgc(NULL, (size_t)cap * 4, true);
	int64_t k = 0, i = 0;
	while (k < s.len)
		p[i++] = decoderune(s, k, &k);
	r.ptr = p;
	return r;
}

String slicerunetostring(const int32_t *r, int64_t n)
{
	int64_t total = 0;
	for (int64_t i = 0; i < n; i++)
		total += runelen(r[i]);
	String s = {NULL, 0};
	if (total == 0)
		return s;
	uint8_t *p = rt_string_alloc(total, &s);
	for (int64_t i = 0; i < n; i++)
		p += encoderune(p, r[i]);
	return s;
}

String intstring(int64_t v)
{
	int32_t r = v == (int32_t)v ? (int32_t)v : RUNE_ERROR;
	uint8_t buf[UTF_MAX];
	int n = encoderune(buf, r);
	return rt_string_copy(buf, n);
}

int cmpstring(String a, String b)
{
	int64_t n = a.len < b.len ? a.len : b.len;
	int c = n > 0 ? memcmp(a.ptr, b.ptr, (size_t)n) : 0;
	if (c != 0)
		return c < 0 ? -1 : 1;
	return a.len < b.len ? -1 : a.len > b.len ? 1 : 0;
}

bool eqstring(String a, String b)
{
	return a.len == b.len &&
	       (a.ptr == b.ptr || a.len == 0 || memcmp(a.ptr, b.ptr, (size_t)a.len) == 0);
}

/* ---------------------------------------------------------------- UTF-8 */

int32_t decoderune(String s, int64_t k, int64_t *next)
{
	const uint8_t *p = s.ptr + k;
	int64_t left = s.len - k;
	*next = k + 1;
	if (left <= 0)
		return RUNE_ERROR;
	uint8_t c0 = p[0];
	if (c0 < RUNE_SELF)
		return c0;
	int n;
	uint8_t lo = 0x80, hi = 0xBF;
	int32_t r;
	if (c0 >= 0xC2 && c0 <= 0xDF) {
		n = 2;
		r = c0 & 0x1F;
	} else if (c0 >= 0xE0 && c0 <= 0xEF) {
		n = 3;
		r = c0 & 0x0F;
		if (c0 == 0xE0)
			lo = 0xA0;
		else if (c0 == 0xED)
			hi = 0x9F;
	} else if (c0 >= 0xF0 && c0 <= 0xF4) {
		n = 4;
		r = c0 & 0x07;
		if (c0 == 0xF0)
			lo = 0x90;
		else if (c0 == 0xF4)
			hi = 0x8F;
	} else {
		return RUNE_ERROR;
	}
	if (left < n)
		return RUNE_ERROR;
	if (p[1] < lo || p[1] > hi)
		return RUNE_ERROR;
	r = (r << 6) | (p[1] & 0x3F);
	for (int i = 2; i < n; i++) {
		if (p[i] < 0x80 || p[i] > 0xBF)
			return RUNE_ERROR;
		r = (r << 6) | (p[i] & 0x3F);
	}
	*next = k + n;
	return r;
}

static bool valid_rune(int32_t r)
{
	return r >= 0 && r <= MAX_RUNE && !(r >= 0xD800 && r <= 0xDFFF);
}

int runelen(int32_t r)
{
	if (!valid_rune(r))
		return 3;
	return r < 0x80 ? 1 : r < 0x800 ? 2 : r < 0x10000 ? 3 : 4;
}

int encoderune(uint8_t *p, int32_t r)
{
	if (!valid_rune(r))
		r = RUNE_ERROR;
	if (r < 0x80) {
		p[0] = (uint8_t)r;
		return 1;
	}
	if (r < 0x800) {
		p[0] = (uint8_t)(0xC0 | (r >> 6));
		p[1] = (uint8_t)(0x80 | (r & 0x3F));
		return 2;
	}
	if (r < 0x10000) {
		p[0] = (uint8_t)(0xE0 | (r >> 12));
		p[1] = (uint8_t)(0x80 | ((r >> 6) & 0x3F));
		p[2] = (uint8_t)(0x80 | (r & 0x3F));
		return 3;
	}
	p[0] = (uint8_t)(0xF0 | (r >> 18));
	p[1] = (uint8_t)(0x80 | ((r >> 12) & 0x3F));
	p[2] = (uint8_t)(0x80 | ((r >> 6) & 0x3F));
	p[3] = (uint8_t)(0x80 | (r & 0x3F));
	return 4;
}

int64_t countrunes(String s)
{
	int64_t n = 0, k = 0;
	while (k < s.len) {
		if (s.ptr[k] < RUNE_SELF)
			k++;
		else
			decoderune(s, k, &k);
		n++;
	}
	return n;
}

/* ---------------------------------------------------------------- slice growth */

/* Go 1.22 puts an 8-byte type header in front of pointerful objects over 512 bytes (Go 1.21
 * and earlier did not: set GO_ALLOC_HEADERS to 0 to get their capacities). */
#define GO_ALLOC_HEADERS           1
#define MALLOC_HEADER_SIZE         8u
#define MIN_SIZE_FOR_MALLOC_HEADER 512u

uint64_t roundupsize(uint64_t size, bool noscan)
{
	uint64_t req = size;
	if (req == 0)
		return 0;
	if (req <= MAX_SMALL_SIZE - MALLOC_HEADER_SIZE) {
		if (GO_ALLOC_HEADERS && !noscan && req > MIN_SIZE_FOR_MALLOC_HEADER)
			req += MALLOC_HEADER_SIZE;
		return roundupsize_class(req) - (req - size);
	}
	return roundupsize_class(req);
}

static int64_t nextslicecap(int64_t newlen, int64_t oldcap)
{
	int64_t newcap = oldcap, doublecap = oldcap + oldcap;
	if (newlen > doublecap)
		return newlen;
	const int64_t threshold = 256;
	if (oldcap < threshold)
		return doublecap;
	while (newcap < newlen)
		newcap += (newcap + 3 * threshold) >> 2;
	return newcap;
}

int64_t growslice_cap(uint32_t elemsize, bool noscan, int64_t oldcap, int64_t newlen)
{
	int64_t newcap = nextslicecap(newlen, oldcap);
	if (elemsize == 0)
		return newlen;
	uint64_t capmem = roundupsize((uint64_t)newcap * elemsize, noscan);
	return (int64_t)(capmem / elemsize);
}

Slice growslice(Type *elem, Slice old, int64_t newlen)
{
	Slice r = {old.ptr, newlen, old.cap};
	if (newlen <= old.cap)
		return r;
	if (elem->size == 0) {
		r.ptr = &zerobase;
		r.cap = newlen;
		return r;
	}
	bool noscan = elem->ptrdata == 0;
	int64_t newcap = growslice_cap(elem->size, noscan, old.cap, newlen);
	size_t oldmem = (size_t)old.len * elem->size, capmem = (size_t)newcap * elem->size;
	void *p;
	if (noscan) {
		p = mallocgc(NULL, capmem, false);
		memset((uint8_t *)p + oldmem, 0, capmem - oldmem);
	} else {
		p = mallocgc(elem, capmem, true);
	}
	if (!noscan && gc_wb_enabled)
		for (int64_t i = 0; i < old.len; i++)
			gc_wb_bulk((uint8_t *)p + (size_t)i * elem->size,
			           (const uint8_t *)old.ptr + (size_t)i * elem->size,
			           elem->ptrdata / 8, elem->ptrmask);
	if (oldmem)
		memmove(p, old.ptr, oldmem);
	r.ptr = p;
	r.cap = newcap;
	return r;
}
