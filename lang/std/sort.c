/*
 * sort.c - package sort's natives: Ints, Float64s and Strings sorted in C, and the two
 * helpers sort.go's generic code needs to move elements of any slice (sliceLen, sliceSwap).
 *
 * Go 1.22 sorts []int, []float64 and []string with slices.Sort, whose pdqsortOrdered is the
 * same pattern-defeating quicksort as sort.Sort (both generated from one template in Go's
 * source). The order of equal elements is observable for floats (-0 and +0 compare equal but
 * print differently), so this file runs the very same algorithm, step for step:
 *   1. Ranges of at most 12 elements: insertion sort.
 *   2. Otherwise choose a pivot (median of three, or of three medians-of-three - Tukey's
 *      ninther - from 50 elements), counting swaps to guess whether the range is sorted
 *      (no swaps) or reversed (all 12 swaps, then reverse it).
 *   3. On a sorted guess after a balanced, already-partitioned step, try a partial insertion
 *      sort that gives up after 5 out-of-order pairs.
 *   4. If the element before the range equals the pivot, partition off the equal elements;
 *      otherwise partition around the pivot, recurse into the smaller side, loop on the other.
 *   5. After an unbalanced partition shuffle three elements with a xorshift generator seeded
 *      by the length; after log2(n) of those, finish the range with heapsort.
 * It is written once as a macro over the element type and its less-than.
 *
 * Write barriers (gc/gc.h). Sorting only permutes the words already in the array, so every
 * pointer a swap overwrites or stores is one of the array's own: Strings shades all of them
 * once before sorting instead of barriering each move, which is what the hybrid barrier
 * requires (a native runs between safepoints, so marking cannot start in the middle).
 * sliceSwap runs the bulk barrier over both elements before exchanging them.
 *
 * Invariants:
 *   - The comparison for float64 puts NaN first: less(a, b) = a < b || (isNaN(a) && !isNaN(b)).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../gc/gc.h"
#include "std_int.h"

static int bits_len(uint64_t x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

#define DEFINE_PDQSORT(NAME, T, LESS)                                                             \
	static void NAME##_insertion(T *d, int64_t a, int64_t b)                                  \
	{                                                                                         \
		for (int64_t i = a + 1; i < b; i++)                                               \
			for (int64_t j = i; j > a && LESS(d[j], d[j - 1]); j--) {                 \
				T t = d[j];                                                       \
				d[j] = d[j - 1];                                                  \
				d[j - 1] = t;                                                     \
			}                                                                         \
	}                                                                                         \
	static void NAME##_swap(T *d, int64_t i, int64_t j)                                       \
	{                                                                                         \
		T t = d[i];                                                                       \
		d[i] = d[j];                                                                      \
		d[j] = t;                                                                         \
	}                                                                                         \
	static void NAME##_sift_down(T *d, int64_t lo, int64_t hi, int64_t first)                 \
	{                                                                                         \
		int64_t root = lo;                                                                \
		for (;;) {                                                                        \
			int64_t child = 2 * root + 1;                                             \
			if (child >= hi)                                                          \
				return;                                                           \
			if (child + 1 < hi && LESS(d[first + child], d[first + child + 1]))       \
				child++;                                                          \
			if (!LESS(d[first + root], d[first + child]))                             \
				return;                                                           \
			NAME##_swap(d, first + root, first + child);                              \
			root = child;                                                             \
		}                                                                                 \
	}                                                                                         \
	static void NAME##_heap(T *d, int64_t a, int64_t b)                                       \
	{                                                                                         \
		int64_t first = a, hi = b - a;                                                    \
		for (int64_t i = (hi - 1) / 2; i >= 0; i--)                                       \
			NAME##_sift_down(d, i, hi, first);                                        \
		for (int64_t i = hi - 1; i >= 0; i--) {                                           \
			NAME##_swap(d, first, first + i);                                         \
			NAME##_sift_down(d, 0, i, first);                                         \
		}                                                                                 \
	}                                                                                         \
	static int64_t NAME##_partition(T *d, int64_t a, int64_t b, int64_t pivot, bool *already) \
	{                                                                                         \
		NAME##_swap(d, a, pivot);                                                         \
		int64_t i = a + 1, j = b - 1;                                                     \
		while (i <= j && LESS(d[i], d[a]))                                                \
			i++;                                                                      \
		while (i <= j && !LESS(d[j], d[a]))                                               \
			j--;                                                                      \
		if (i > j) {                                                                      \
			NAME##_swap(d, j, a);                                                     \
			*already = true;                                                          \
			return j;                                                                 \
		}                                                                                 \
		NAME##_swap(d, i, j);                                                             \
		i++;                                                                              \
		j--;                                                                              \
		for (;;) {                                                                        \
			while (i <= j && LESS(d[i], d[a]))                                        \
				i++;                                                              \
			while (i <= j && !LESS(d[j], d[a]))                                       \
				j--;                                                              \
			if (i > j)                                                                \
				break;                                                            \
			NAME##_swap(d, i, j);                                                     \
			i++;                                                                      \
			j--;                                                                      \
		}                                                                                 \
		NAME##_swap(d, j, a);                                                             \
		*already = false;                                                                 \
		return j;                                                                         \
	}                                                                                         \
	static int64_t NAME##_partition_equal(T *d, int64_t a, int64_t b, int64_t pivot)          \
	{                                                                                         \
		NAME##_swap(d, a, pivot);                                                         \
		int64_t i = a + 1, j = b - 1;                                                     \
		for (;;) {                                                                        \
			while (i <= j && !LESS(d[a], d[i]))                                       \
				i++;                                                              \
			while (i <= j && LESS(d[a], d[j]))                                        \
				j--;                                                              \
			if (i > j)                                                                \
				break;                                                            \
			NAME##_swap(d, i, j);                                                     \
			i++;                                                                      \
			j--;                                                                      \
		}                                                                                 \
		return i;                                                                         \
	}                                                                                         \
	static bool NAME##_partial_insertion(T *d, int64_t a, int64_t b)                          \
	{                                                                                         \
		int64_t i = a + 1;                                                                \
		for (int step = 0; step < 5; step++) {                                            \
			while (i < b && !LESS(d[i], d[i - 1]))                                    \
				i++;                                                              \
			if (i == b)                                                               \
				return true;                                                      \
			if (b - a < 50)                                                           \
				return false;                                                     \
			NAME##_swap(d, i, i - 1);                                                 \
			if (i - a >= 2)                                                           \
				for (int64_t j = i - 1; j >= 1; j--) {                            \
					if (!LESS(d[j], d[j - 1]))                                \
						break;                                            \
					NAME##_swap(d, j, j - 1);                                 \
				}                                                                 \
			if (b - i >= 2)                                                           \
				for (int64_t j = i + 1; j < b; j++) {                             \
					if (!LESS(d[j], d[j - 1]))                                \
						break;                                            \
					NAME##_swap(d, j, j - 1);                                 \
				}                                                                 \
		}                                                                                 \
		return false;                                                                     \
	}                                                                                         \
	static void NAME##_break_patterns(T *d, int64_t a, int64_t b)                             \
	{                                                                                         \
		int64_t length = b - a;                                                           \
		if (length >= 8) {                                                                \
			uint64_t random = (uint64_t)length;                                       \
			uint64_t modulus = 1ull << bits_len((uint64_t)length);                    \
			for (int64_t idx = a + (length / 4) * 2 - 1;                              \
			     idx <= a + (length / 4) * 2 + 1; idx++) {                            \
				random ^= random << 13;                                           \
				random ^= random >> 17;                                           \
				random ^= random << 5;                                            \
				int64_t other = (int64_t)(random & (modulus - 1));                \
				if (other >= length)                                              \
					other -= length;                                          \
				NAME##_swap(d, idx, a + other);                                   \
			}                                                                         \
		}                                                                                 \
	}                                                                                         \
	static void NAME##_order2(T *d, int64_t *x, int64_t *y, int *swaps)                       \
	{                                                                                         \
		if (LESS(d[*y], d[*x])) {                                                         \
			(*swaps)++;                                                               \
			int64_t t = *x;                                                           \
			*x = *y;                                                                  \
			*y = t;                                                                   \
		}                                                                                 \
	}                                                                                         \
	static int64_t NAME##_median(T *d, int64_t x, int64_t y, int64_t z, int *swaps)           \
	{                                                                                         \
		NAME##_order2(d, &x, &y, swaps);                                                  \
		NAME##_order2(d, &y, &z, swaps);                                                  \
		NAME##_order2(d, &x, &y, swaps);                                                  \
		return y;                                                                         \
	}                                                                                         \
	/* hint: 0 unknown, 1 increasing, 2 decreasing */                                         \
	static int64_t NAME##_choose_pivot(T *d, int64_t a, int64_t b, int *hint)                 \
	{                                                                                         \
		int64_t l = b - a;                                                                \
		int swaps = 0;                                                                    \
		int64_t i = a + l / 4 * 1, j = a + l / 4 * 2, k = a + l / 4 * 3;                  \
		if (l >= 8) {                                                                     \
			if (l >= 50) {                                                            \
				i = NAME##_median(d, i - 1, i, i + 1, &swaps);                    \
				j = NAME##_median(d, j - 1, j, j + 1, &swaps);                    \
				k = NAME##_median(d, k - 1, k, k + 1, &swaps);                    \
			}                                                                         \
			j = NAME##_median(d, i, j, k, &swaps);                                    \
		}                                                                                 \
		*hint = swaps == 0 ? 1 : swaps == 12 ? 2 : 0;                                     \
		return j;                                                                         \
	}                                                                                         \
	static void NAME##_pdq(T *d, int64_t a, int64_t b, int limit)                             \
	{                                                                                         \
		bool was_balanced = true, was_partitioned = true;                                 \
		for (;;) {                                                                        \
			int64_t length = b - a;                                                   \
			if (length <= 12) {                                                       \
				NAME##_insertion(d, a, b);                                        \
				return;                                                           \
			}                                                                         \
			if (limit == 0) {                                                         \
				NAME##_heap(d, a, b);                                             \
				return;                                                           \
			}                                                                         \
			if (!was_balanced) {                                                      \
				NAME##_break_patterns(d, a, b);                                   \
				limit--;                                                          \
			}                                                                         \
			int hint;                                                                 \
			int64_t pivot = NAME##_choose_pivot(d, a, b, &hint);                      \
			if (hint == 2) {                                                          \
				for (int64_t i = a, j = b - 1; i < j; i++, j--)                   \
					NAME##_swap(d, i, j);                                     \
				pivot = (b - 1) - (pivot - a);                                    \
				hint = 1;                                                         \
			}                                                                         \
			if (was_balanced && was_partitioned && hint == 1 &&                       \
			    NAME##_partial_insertion(d, a, b))                                    \
				return;                                                           \
			if (a > 0 && !LESS(d[a - 1], d[pivot])) {                                 \
				a = NAME##_partition_equal(d, a, b, pivot);                       \
				continue;                                                         \
			}                                                                         \
			bool already;                                                             \
			int64_t mid = NAME##_partition(d, a, b, pivot, &already);                 \
			was_partitioned = already;                                                \
			int64_t left = mid - a, right = b - mid, threshold = length / 8;          \
			if (left < right) {                                                       \
				was_balanced = left >= threshold;                                 \
				NAME##_pdq(d, a, mid, limit);                                     \
				a = mid + 1;                                                      \
			} else {                                                                  \
				was_balanced = right >= threshold;                                \
				NAME##_pdq(d, mid + 1, b, limit);                                 \
				b = mid;                                                          \
			}                                                                         \
		}                                                                                 \
	}

#define LESS_INT(x, y) ((x) < (y))
#define LESS_F64(x, y) ((x) < (y) || (isnan(x) && !isnan(y)))
#define LESS_STR(x, y) (cmp_bytes((x), (y)) < 0)

DEFINE_PDQSORT(ints, int64_t, LESS_INT)
DEFINE_PDQSORT(floats, double, LESS_F64)
DEFINE_PDQSORT(strs, String, LESS_STR)

/* func Ints(x []int) */
static void n_ints(G *g, Slot *a)
{
	Slice s = arg_slice(a);
	ints_pdq(s.ptr, 0, s.len, bits_len((uint64_t)s.len));
}

/* func Float64s(x []float64) */
static void n_float64s(G *g, Slot *a)
{
	Slice s = arg_slice(a);
	floats_pdq(s.ptr, 0, s.len, bits_len((uint64_t)s.len));
}

/* func Strings(x []string) */
static void n_strings(G *g, Slot *a)
{
	Slice s = arg_slice(a);
	if (gc_wb_enabled) {
		const String *e = s.ptr;
		for (int64_t i = 0; i < s.len; i++)
			gc_wb_shade(&e[i].ptr, 1, NULL);
	}
	strs_pdq(s.ptr, 0, s.len, bits_len((uint64_t)s.len));
}

static const char *kind_name(Kind k)
{
	static const char *names[] = {
	        [K_BOOL] = "bool",
	        [K_INT] = "int",
	        [K_INT8] = "int8",
	        [K_INT16] = "int16",
	        [K_INT32] = "int32",
	        [K_INT64] = "int64",
	        [K_UINT] = "uint",
	        [K_UINT8] = "uint8",
	        [K_UINT16] = "uint16",
	        [K_UINT32] = "uint32",
	        [K_UINT64] = "uint64",
	        [K_UINTPTR] = "uintptr",
	        [K_FLOAT32] = "float32",
	        [K_FLOAT64] = "float64",
	        [K_STRING] = "string",
	        [K_ARRAY] = "array",
	        [K_STRUCT] = "struct",
	        [K_POINTER] = "ptr",
	        [K_FUNC] = "func",
	        [K_INTERFACE] = "interface",
	        [K_MAP] = "map",
	        [K_CHAN] = "chan",
	        [K_UNSAFEPTR] = "unsafe.Pointer",
	};
	if (k < sizeof names / sizeof names[0] && names[k])
		return names[k];
	return "invalid";
}

/* The slice inside an empty interface, or NULL with a pending panic (reflect's message). */
static Slice *iface_slice(G *g, Slot *a, const char *method, Type **elem)
{
	Type *t = (Type *)(uintptr_t)a[0];
	if (!t || t->kind != K_SLICE) {
		char msg[96];
		snprintf(msg, sizeof msg, "reflect: call of %s on %s Value", method,
		         t ? kind_name(t->kind) : "zero");
		rt_panic_string(g, msg);
		return NULL;
	}
	*elem = t->elem;
	return (Slice *)(uintptr_t)a[1];
}

/* func sliceLen(x any) int */
static void n_slice_len(G *g, Slot *a)
{
	Type *elem;
	Slice *s = iface_slice(g, a, "Swapper", &elem);
	if (s)
		a[2] = (Slot)s->len;
}

/* func sliceSwap(x any, i, j int) */
static void n_slice_swap(G *g, Slot *a)
{
	Type *elem;
	Slice *s = iface_slice(g, a, "Swapper", &elem);
	if (!s)
		return;
	int64_t i = (int64_t)a[2], j = (int64_t)a[3];
	if ((uint64_t)i >= (uint64_t)s->len || (uint64_t)j >= (uint64_t)s->len) {
		int64_t bad = (uint64_t)i >= (uint64_t)s->len ? i : j;
		rt_panic_runtime(g, "index out of range [%lld] with length %lld", (long long)bad,
		                 (long long)s->len);
		return;
	}
	if (i == j)
		return;
	size_t size = elem->size;
	char *p = (char *)s->ptr + (size_t)i * size, *q = (char *)s->ptr + (size_t)j * size;
	/* Shades the pointers of both elements: all that either store writes or overwrites. */
	if (elem->ptrdata)
		gc_wb_bulk(p, q, elem->ptrdata / 8, elem->ptrmask);
	if (size == 8) {
		uint64_t t;
		memcpy(&t, p, 8);
		memcpy(p, q, 8);
		memcpy(q, &t, 8);
		return;
	}
	char tmp[256];
	while (size > 0) {
		size_t n = size < sizeof tmp ? size : sizeof tmp;
		memcpy(tmp, p, n);
		memcpy(p, q, n);
		memcpy(q, tmp, n);
		p += n;
		q += n;
		size -= n;
	}
}

const NativeEntry std_sort_natives[] = {
        {"sort.Ints", n_ints},
        {"sort.Float64s", n_float64s},
        {"sort.Strings", n_strings},
        {"sort.sliceLen", n_slice_len},
        {"sort.sliceSwap", n_slice_swap},
        {NULL, NULL},
};
