/*
 * test_mcache.c - gc/mcache.c and the fast path in gc/mcache.h.
 *
 * Each test starts from a fresh heap (gc_init). Counts are worked out from Go's size-class
 * table: class 3 is 24 bytes in 1-page spans, 8192 / 24 = 341 objects per span (8 bytes of
 * tail waste); class 5 is 48 bytes, 170 objects per span.
 */
#include <criterion/criterion.h>
#include <stdint.h>

#include "gc/malloc.h"
#include "gc/mcache.h"

static void fresh(void)
{
	gc_init();
}

TestSuite(mcache, .init = fresh);

static int popcount_bits(const MSpan *s)
{
	int n = 0;
	for (uint32_t w = 0; w < (s->nelems + 63) / 64; w++)
		n += __builtin_popcountll(s->allocBits[w]);
	return n;
}

Test(mcache, starts_empty)
{
	for (int i = 0; i < NUM_SPAN_CLASSES; i++)
		cr_assert_eq(mcache0.alloc[i], &emptymspan);
	cr_assert_null(mcache_nextFreeFast(&emptymspan));
}

Test(mcache, fills_a_span_then_moves_on)
{
	uint8_t spc = make_spanclass(3, true);
	MSpan *first = NULL, *s;
	uintptr_t prev = 0;
	for (int i = 0; i < 341; i++) {
		uintptr_t p = (uintptr_t)mcache_alloc(&mcache0, spc, &s);
		if (!first)
			first = s;
		cr_assert_eq(s, first, "object %d left the first span", i);
		cr_assert_eq(p, first->startAddr + (uintptr_t)i * 24, "object %d", i);
		cr_assert_gt(p + 1, prev);
		prev = p;
	}
	cr_assert_eq(first->nelems, 341);
	cr_assert_eq(first->allocCount, 341);
	cr_assert_eq(popcount_bits(first), 341);
	cr_assert_eq(first->allocBits[5] /* slots 320..340 */, ((uint64_t)1 << 21) - 1);

	uintptr_t p = (uintptr_t)mcache_alloc(&mcache0, spc, &s);
	cr_assert_neq(s, first);
	cr_assert_eq(p, s->startAddr);
	cr_assert_eq(mcache0.alloc[spc], s);
	cr_assert_eq(popcount_bits(s), 1);
	cr_assert_eq(s->allocBits[0], 1);
	/* The full span went back to its MCentral's full list. */
	cr_assert_eq(mcentral_fullSwept(&mheap_central[spc])->first, first);
	cr_assert_eq(mcentral_fullSwept(&mheap_central[spc])->n, 1);
	cr_assert_eq(mcentral_partialSwept(&mheap_central[spc])->n, 0);
}

Test(mcache, allocbits_exact_after_each_allocation)
{
	uint8_t spc = make_spanclass(5, false);
	MSpan *s = NULL;
	for (uint32_t i = 1; i <= 170; i++) {
		mcache_alloc(&mcache0, spc, &s);
		cr_assert_eq(s->allocCount, i);
		cr_assert_eq((uint32_t)popcount_bits(s), i, "after %u allocations", i);
		cr_assert_eq(s->freeindex, i);
	}
	cr_assert_eq(s->nelems, 170);
	cr_assert_eq(s->allocBits[0], UINT64_MAX);
	cr_assert_eq(s->allocBits[1], UINT64_MAX);
	cr_assert_eq(s->allocBits[2], ((uint64_t)1 << 42) - 1); /* slots 128..169 */
}

Test(mcache, slow_path_skips_allocated_slots)
{
	/* Pretend slots 1, 2 and 64..127 of a fresh span were taken by someone else. */
	uint8_t spc = make_spanclass(3, true);
	MSpan *s;
	mcache_alloc(&mcache0, spc, &s); /* slot 0 */
	s->allocBits[0] |= 6;
	s->allocBits[1] = UINT64_MAX;
	s->allocCount += 66;
	mspan_refillAllocCache(s, 0);
	s->allocCache >>= s->freeindex;
	uintptr_t p = (uintptr_t)mcache_alloc(&mcache0, spc, &s);
	cr_assert_eq(p, s->startAddr + 3 * 24);
	for (int i = 4; i < 64; i++)
		mcache_alloc(&mcache0, spc, &s);
	p = (uintptr_t)mcache_alloc(&mcache0, spc, &s);
	cr_assert_eq(p, s->startAddr + 128 * 24);
	cr_assert_eq(s->freeindex, 129);
}
