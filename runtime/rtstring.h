/*
 * rtstring.h - the string and slice helpers the VM and the natives call, under the names Go's
 * runtime gives them (src/runtime/string.go, utf8.go, slice.go, msize.go).
 *
 * Every result that needs memory gets it from mallocgc: string bytes and []byte/[]rune backing
 * arrays as pointer-free ("noscan") objects, grown slices with their element Type.
 * A result of length zero may have a NULL data pointer (strings) or point at a shared
 * zero-sized object (slices, so that an empty slice made here is never nil).
 */
#ifndef MINIRT_RUNTIME_RTSTRING_H
#define MINIRT_RUNTIME_RTSTRING_H

#include <stdbool.h>
#include <stdint.h>

#include "value.h"

#define RUNE_ERROR 0xFFFD
#define RUNE_SELF  0x80
#define MAX_RUNE   0x10FFFF
#define UTF_MAX    4

/* s1 + s2 + ... in one allocation; a single non-empty part is returned without copying. */
String concatstrings(const String *parts, int n);

/* string(b) for b := p[0..n): a copy. */
String slicebytetostring(const uint8_t *p, int64_t n);
/* []byte(s): a fresh slice, capacity rounded up to the allocation size as Go does. */
Slice stringtoslicebyte(String s);
/* []rune(s): one element per rune that range over s produces. */
Slice stringtoslicerune(String s);
/* string(r) for r := []rune p[0..n): invalid runes become U+FFFD. */
String slicerunetostring(const int32_t *r, int64_t n);
/* string(rune(v)) for any integer v: out-of-range values and surrogates give "\uFFFD". */
String intstring(int64_t v);

/* Decodes the rune at byte k of s (0 <= k < len) for range over a string: an invalid or
 * truncated sequence yields RUNE_ERROR and *next = k + 1, exactly as Go. */
int32_t decoderune(String s, int64_t k, int64_t *next);
/* Writes r's UTF-8 form to p (room for UTF_MAX bytes); invalid runes write U+FFFD.
 * Returns the bytes written. */
int encoderune(uint8_t *p, int32_t r);
/* Bytes encoderune writes for r (3 for an invalid rune). */
int runelen(int32_t r);
/* Runes that range over s produces (utf8.RuneCountInString). */
int64_t countrunes(String s);

/* -1, 0 or +1 as a < b, a == b, a > b bytewise. */
int cmpstring(String a, String b);
bool eqstring(String a, String b);

/*
 * append's slow path: a new backing array for at least newlen elements of 'elem' (newlen >
 * old.cap), sized by Go's growth policy and rounded up to the allocator's size class, holding
 * old's old.len elements followed by zeros. The result has len newlen.
 */
Slice growslice(Type *elem, Slice old, int64_t newlen);
/* The capacity growslice picks for newlen elements of elemsize bytes when the old cap is
 * oldcap (Go's nextslicecap followed by the size-class rounding). */
int64_t growslice_cap(uint32_t elemsize, bool noscan, int64_t oldcap, int64_t newlen);
/* Bytes mallocgc really hands out for a request of 'size' (Go 1.22's roundupsize: size
 * classes up to 32 KiB, whole 8 KiB pages above; pointerful objects over 512 bytes carry an
 * 8-byte header the result leaves out). */
uint64_t roundupsize(uint64_t size, bool noscan);

#endif
