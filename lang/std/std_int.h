/*
 * std_int.h - what the standard library's C files share among themselves: UTF-8 and Unicode
 * helpers (utf8.c, strings.c), the argument-block accessors natives use, and the native
 * tables natives.c collects. Not part of any contract with the rest of minirt.
 *
 * Invariants:
 *   - utf8_decode follows Go's utf8.DecodeRune exactly: an invalid or truncated sequence,
 *     a surrogate or an overlong form decodes as (RuneError, 1).
 */
#ifndef MINIRT_LANG_STD_STD_INT_H
#define MINIRT_LANG_STD_STD_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../runtime/value.h"
#include "../native.h"

#define UTF8_RUNE_ERROR 0xFFFD
#define UTF8_MAX_RUNE   0x10FFFF

/* Decodes the rune at s[0..n) (n > 0); *size gets its length in bytes. */
int32_t utf8_decode(const uint8_t *s, size_t n, int *size);
/* Decodes the last rune of s[0..n) (n > 0), as utf8.DecodeLastRune. */
int32_t utf8_decode_last(const uint8_t *s, size_t n, int *size);
/* Writes r as UTF-8 (invalid runes as U+FFFD); returns the length (1..4). */
int utf8_encode(uint8_t *p, int32_t r);
int utf8_runelen(int32_t r); /* -1 for an invalid rune, as utf8.RuneLen */
int64_t utf8_count(const uint8_t *s, size_t n);
bool utf8_valid(const uint8_t *s, size_t n);
bool utf8_full_rune(const uint8_t *s, size_t n);

/* unicode.IsSpace, unicode.ToUpper, unicode.ToLower. */
bool unicode_is_space(int32_t r);
int32_t unicode_to_upper(int32_t r);
int32_t unicode_to_lower(int32_t r);

/* Can t have a String or Error method in its method set? (cheap test before calling the VM) */
bool std_may_have_methods(const Type *t);

/* Argument-block accessors (lang/native.h's layout). */
static inline String arg_string(const Slot *a)
{
	return string_from_slots(a);
}
static inline Slice arg_slice(const Slot *a)
{
	Slice s = {(void *)(uintptr_t)a[0], (int64_t)a[1], (int64_t)a[2]};
	return s;
}
static inline void put_string(Slot *a, String s)
{
	a[0] = (Slot)(uintptr_t)s.ptr;
	a[1] = (Slot)s.len;
}
static inline void put_slice(Slot *a, Slice s)
{
	a[0] = (Slot)(uintptr_t)s.ptr;
	a[1] = (Slot)s.len;
	a[2] = (Slot)s.cap;
}
static inline int64_t cmp_bytes(String a, String b)
{
	int64_t n = a.len < b.len ? a.len : b.len;
	int c = n ? memcmp(a.ptr, b.ptr, (size_t)n) : 0;
	if (c)
		return c;
	return a.len < b.len ? -1 : a.len > b.len ? 1 : 0;
}

/* Native tables, one per file; natives.c searches them all. */
extern const NativeEntry std_fmt_natives[];
extern const NativeEntry std_strconv_natives[];
extern const NativeEntry std_strings_natives[];
extern const NativeEntry std_math_natives[];
extern const NativeEntry std_utf8_natives[];
extern const NativeEntry std_sort_natives[];
extern const NativeEntry std_os_natives[];
extern const NativeEntry std_errors_natives[];
extern const NativeEntry std_runtime_natives[]; /* the runtime package's, defined by the runtime */
extern const NativeEntry std_time_natives[];
extern const NativeEntry std_sync_natives[];   /* sync.c */
extern const NativeEntry std_pprof_natives[];  /* heapprof.c */
extern const NativeEntry std_contprof_natives[]; /* contprof.c: block and mutex profiles */
extern const NativeEntry std_atomic_natives[]; /* atomic.c: package sync/atomic */
extern const NativeEntry std_chan_natives[]; /* compiled channel operations (chan_natives.c) */
extern const NativeEntry std_goprof_natives[], std_cpuprof_natives[]; /* goprof.c, cpuprof.c */

/* Writes the heap profile (pprof protobuf, gzipped) to path; default_type is NULL for "heap",
 * "alloc_space" for "allocs". Returns 0, or -1 with errno set (lang/std/heapprof.c). */
int rt_write_heap_profile(const char *path, const char *default_type);
/* Writes the "block" or "mutex" profile (pprof protobuf, gzipped) to path. Returns 0, or -1
 * with errno set (lang/std/contprof.c). */
int rt_write_contention_profile(const char *which, const char *path);
/* Go's legacy text heap profile (debug=1) appended to b; -1 when out of memory. */
struct FmtBuf;
int rt_heap_profile_text(struct FmtBuf *b);

#endif
