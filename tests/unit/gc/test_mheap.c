/*
 * test_mheap.c - gc/mheap.c: the page heap.
 *
 * Every test starts from a fresh heap (Criterion runs each test in its own process and the
 * fixture calls mheap_init). The expected addresses and byte counts are worked out from the
 * heap's documented rules: the heap grows 4 MiB (512 pages) at a time into 64 MiB-aligned
 * reservations, a run is allocated from its low end, fresh memory counts as released, and
 * HeapSys == HeapInuse + HeapIdle.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gc/asan.h"
#include "gc/mheap.h"

#define KiB        ((uint64_t)1 << 10)
#define MiB        ((uint64_t)1 << 20)
#define PAGE       ((uint64_t)8192)
#define GROW_BYTES (4 * MiB)

static int some_global;

static void fresh_heap(void)
{
	mheap_init();
}

TestSuite(mheap, .init = fresh_heap);

static MHeapStats stats(void)
{
	MHeapStats st;
	mheap_stats(&st);
	cr_assert_eq(st.heap_sys, st.heap_inuse + st.heap_idle, "HeapSys %lu != %lu + %lu",
	             (unsigned long)st.heap_sys, (unsigned long)st.heap_inuse,
	             (unsigned long)st.heap_idle);
	cr_assert_leq(st.heap_released, st.heap_idle);
	return st;
}

static MSpan *alloc(uintptr_t npages)
{
	MSpan *s = mheap_alloc(npages, 0, true);
	cr_assert_not_null(s);
	cr_assert_eq(s->npages, npages);
	cr_assert_eq(s->startAddr % PAGE, 0);
	cr_assert_eq(s->state, MSPAN_INUSE);
	return s;
}

static char *base_of(MSpan *s)
{
	return (char *)s->startAddr;
}

static void assert_all_bytes(const char *p, size_t n, unsigned char want)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] != want)
			cr_assert_fail("byte %zu is %#x, want %#x", i, (unsigned char)p[i], want);
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
	nanosleep(&ts, NULL);
}

Test(mheap, empty_heap_has_no_memory)
{
	MHeapStats st = stats();
	cr_assert_eq(st.heap_sys, 0);
	cr_assert_eq(st.heap_inuse, 0);
	cr_assert_eq(st.heap_released, 0);
	int local;
	cr_assert_null(spanOf(&local));
	cr_assert_null(spanOf(NULL));
}

Test(mheap, first_alloc_grows_by_four_mib)
{
	alloc(1);
	MHeapStats st = stats();
	cr_assert_eq(st.heap_sys, 4 * MiB);
	cr_assert_eq(st.heap_inuse, 8 * KiB);
	cr_assert_eq(st.heap_idle, 4 * MiB - 8 * KiB);
	/* The 511 pages never handed out are fresh: released, not resident. */
	cr_assert_eq(st.heap_released, 4 * MiB - 8 * KiB);
}

Test(mheap, alloc_1_3_16_pages)
{
	MSpan *a = alloc(1), *b = alloc(3), *c = alloc(16);
	/* The first span starts the first arena, the others follow it in address order. */
	cr_assert_eq(a->startAddr % (64 * MiB), 0);
	cr_assert_eq(b->startAddr, a->startAddr + 1 * PAGE);
	cr_assert_eq(c->startAddr, a->startAddr + 4 * PAGE);
	cr_assert_eq(stats().heap_inuse, 20 * PAGE);
	cr_assert_eq(stats().heap_sys, GROW_BYTES);
	/* Fresh memory is zero and writable. */
	assert_all_bytes(base_of(c), 16 * PAGE, 0);
	memset(base_of(c), 0x5a, 16 * PAGE);
	cr_assert_eq(a->needzero, false);
}

Test(mheap, span_fields_of_small_and_large_classes)
{
	MSpan *s8 = mheap_alloc(1, make_spanclass(1, true), false);
	cr_assert_not_null(s8);
	cr_assert_eq(s8->spanclass, 3);
	cr_assert_eq(s8->elemsize, 8);
	cr_assert_eq(s8->nelems, 1024);
	cr_assert_eq(s8->freeindex, 0);
	cr_assert_eq(s8->allocCount, 0);
	assert_all_bytes((char *)s8->allocBits, 1024 / 8, 0);
	assert_all_bytes((char *)s8->gcmarkBits, 1024 / 8, 0);

	/* Class 5 is 48 bytes: 8192 / 48 = 170 objects (170 * 48 = 8160, 32 bytes of tail). */
	MSpan *s48 = mheap_alloc(1, make_spanclass(5, false), false);
	cr_assert_not_null(s48);
	cr_assert_eq(s48->spanclass, 10);
	cr_assert_eq(s48->elemsize, 48);
	cr_assert_eq(s48->nelems, 170);
	assert_all_bytes((char *)s48->allocBits, 3 * 8, 0);

	MSpan *large = mheap_alloc(3, make_spanclass(0, false), false);
	cr_assert_not_null(large);
	cr_assert_eq(large->elemsize, 3 * PAGE);
	cr_assert_eq(large->nelems, 1);
	cr_assert_neq(s8->allocBits, s8->gcmarkBits);
	cr_assert_neq(s8->allocBits, s48->allocBits);
}

Test(mheap, spanOf_finds_first_interior_and_last_byte)
{
	uintptr_t sizes[] = {1, 3, 16};
	MSpan *s[3];
	for (int i = 0; i < 3; i++)
		s[i] = alloc(sizes[i]);
	for (int i = 0; i < 3; i++) {
		char *p = base_of(s[i]);
		uint64_t len = sizes[i] * PAGE;
		cr_assert_eq(spanOf(p), s[i]);
		cr_assert_eq(spanOf(p + len / 2 + 7), s[i]);
		cr_assert_eq(spanOf(p + len - 1), s[i]);
	}
}

Test(mheap, spanOf_is_null_outside_in_use_spans)
{
	MSpan *a = alloc(1);
	alloc(3);
	alloc(16);
	char *base = base_of(a);
	int local = 0;
	void *cmem = malloc(64);
	cr_assert_null(spanOf(&local));
	cr_assert_null(spanOf(&some_global));
	cr_assert_null(spanOf(cmem));
	free(cmem);
	cr_assert_null(spanOf(base - 1));
	/* The free remainder of the first 4 MiB, reserved space never grown into, and one past
	 * the 64 MiB reservation. */
	cr_assert_null(spanOf(base + 20 * PAGE));
	cr_assert_null(spanOf(base + GROW_BYTES - 1));
	cr_assert_null(spanOf(base + 32 * MiB));
	cr_assert_null(spanOf(base + 64 * MiB));
}

Test(mheap, free_then_alloc_reuses_pages)
{
	alloc(1);
	MSpan *b = alloc(3);
	alloc(16);
	uintptr_t bstart = b->startAddr;
	mheap_free(b);
	cr_assert_null(spanOf((void *)bstart));
	MHeapStats before = stats();
	cr_assert_eq(before.heap_inuse, 17 * PAGE);
	MSpan *again = alloc(3);
	cr_assert_eq(again->startAddr, bstart);
	cr_assert_eq(spanOf((void *)(bstart + 1)), again);
	cr_assert_eq(stats().heap_sys, before.heap_sys);
	cr_assert_eq(stats().heap_inuse, 20 * PAGE);
}

/* The six orders in which to free three adjacent spans. */
typedef struct FreeOrder {
	int order[3];
} FreeOrder;

ParameterizedTestParameters(mheap, three_adjacent_spans_coalesce)
{
	static FreeOrder orders[] = {
	        {{0, 1, 2}}, {{0, 2, 1}}, {{1, 0, 2}}, {{1, 2, 0}}, {{2, 0, 1}}, {{2, 1, 0}},
	};
	return cr_make_param_array(FreeOrder, orders, sizeof orders / sizeof orders[0]);
}

ParameterizedTest(FreeOrder *fo, mheap, three_adjacent_spans_coalesce, .init = fresh_heap)
{
	MSpan *s[3] = {alloc(1), alloc(3), alloc(16)};
	alloc(1); /* a guard, so that the three cannot merge with the rest of the heap */
	uintptr_t first = s[0]->startAddr;
	MHeapStats before = stats();
	for (int i = 0; i < 3; i++)
		mheap_free(s[fo->order[i]]);
	cr_assert_eq(stats().heap_inuse, 1 * PAGE);
	/* 20 pages fit only if the three runs became one, which starts at the first span. */
	MSpan *all = alloc(20);
	cr_assert_eq(all->startAddr, first);
	cr_assert_eq(stats().heap_sys, before.heap_sys);
	cr_assert_eq(stats().heap_inuse, 21 * PAGE);
}

Test(mheap, split_leaves_remainder_allocatable)
{
	MSpan *a = alloc(10);
	alloc(1);
	uintptr_t start = a->startAddr;
	mheap_free(a);
	uint64_t sys = stats().heap_sys;
	MSpan *four = alloc(4);
	MSpan *six = alloc(6);
	cr_assert_eq(four->startAddr, start);
	cr_assert_eq(six->startAddr, start + 4 * PAGE);
	cr_assert_eq(spanOf((void *)(start + 4 * PAGE - 1)), four);
	cr_assert_eq(spanOf((void *)(start + 4 * PAGE)), six);
	cr_assert_eq(stats().heap_sys, sys);
	cr_assert_eq(stats().heap_inuse, 11 * PAGE);
}

Test(mheap, heap_fills_its_first_grow_before_growing_again)
{
	/* 512 pages are grown at first; 511 more fit without growing, the next one grows. */
	alloc(1);
	alloc(511);
	cr_assert_eq(stats().heap_sys, GROW_BYTES);
	cr_assert_eq(stats().heap_idle, 0);
	MSpan *s = alloc(1);
	cr_assert_eq(stats().heap_sys, 2 * GROW_BYTES);
	cr_assert_eq(spanOf(base_of(s)), s);
}

Test(mheap, hundred_mib_span_on_fresh_heap)
{
	uintptr_t npages = 100 * MiB / PAGE; /* 12800 */
	MSpan *s = alloc(npages);
	MHeapStats st = stats();
	cr_assert_eq(st.heap_sys, 100 * MiB);
	cr_assert_eq(st.heap_inuse, 100 * MiB);
	cr_assert_eq(st.heap_released, 0);
	char *p = base_of(s);
	cr_assert_eq(spanOf(p), s);
	cr_assert_eq(spanOf(p + 64 * MiB + 123), s);
	cr_assert_eq(spanOf(p + 100 * MiB - 1), s);
	p[0] = 1;
	p[100 * MiB - 1] = 2;
}

Test(mheap, hundred_mib_span_after_small_one)
{
	MSpan *small = alloc(1);
	MSpan *big = alloc(100 * MiB / PAGE);
	char *p = base_of(big);
	cr_assert_eq(spanOf(p), big);
	cr_assert_eq(spanOf(p + 50 * MiB), big);
	cr_assert_eq(spanOf(p + 100 * MiB - 1), big);
	cr_assert_eq(spanOf(base_of(small)), small);
	MHeapStats st = stats();
	cr_assert_eq(st.heap_inuse, 100 * MiB + PAGE);
	cr_assert_geq(st.heap_sys, 104 * MiB);

	/* Freed and allocated again, it comes back at the same place without growing. */
	uintptr_t start = big->startAddr;
	mheap_free(big);
	cr_assert_null(spanOf(p + 50 * MiB));
	MSpan *again = alloc(100 * MiB / PAGE);
	cr_assert_eq(again->startAddr, start);
	cr_assert_eq(stats().heap_sys, st.heap_sys);
}

Test(mheap, scavenge_releases_old_free_span_and_reuse_is_zero)
{
	MSpan *a = alloc(16);
	alloc(1);
	uintptr_t start = a->startAddr;
	memset(base_of(a), 0xab, 16 * PAGE);
	mheap_free(a);
	/* The 495 pages past the guard are fresh, so already released. */
	uint64_t released0 = stats().heap_released;
	cr_assert_eq(released0, 495 * PAGE);

	/* Just freed: not old enough. */
	cr_assert_eq(mheap_scavenge(10ull * 1000000000), 0);
	cr_assert_eq(stats().heap_released, released0);

	sleep_ms(30);
	cr_assert_eq(mheap_scavenge(10ull * 1000000), 16 * PAGE);
	MHeapStats st = stats();
	cr_assert_eq(st.heap_released, released0 + 16 * PAGE);
	cr_assert_eq(st.heap_idle, 511 * PAGE);
	/* freed pages are poisoned in sanitizer builds; this test may look at them */
	GC_UNPOISON((void *)start, 16 * PAGE);
	assert_all_bytes((char *)start, 16 * PAGE, 0); /* the OS gave back zero pages */

	/* Nothing is left to release. */
	cr_assert_eq(mheap_scavenge(0), 0);

	MSpan *b = alloc(16);
	cr_assert_eq(b->startAddr, start);
	cr_assert_eq(b->needzero, false);
	assert_all_bytes(base_of(b), 16 * PAGE, 0);
	cr_assert_eq(stats().heap_released, released0);
}

Test(mheap, reused_dirty_pages_are_zeroed_only_on_request)
{
	MSpan *a = alloc(2);
	alloc(1);
	uintptr_t start = a->startAddr;
	memset(base_of(a), 0xcd, 2 * PAGE);
	mheap_free(a);

	MSpan *b = mheap_alloc(2, make_spanclass(0, true), false);
	cr_assert_eq(b->startAddr, start);
	cr_assert_eq(b->needzero, true); /* the caller must zero what it hands out */
	mheap_free(b);

	MSpan *c = mheap_alloc(2, make_spanclass(0, true), true);
	cr_assert_eq(c->startAddr, start);
	cr_assert_eq(c->needzero, false);
	assert_all_bytes(base_of(c), 2 * PAGE, 0);
}

Test(mheap, partly_released_run_zeroes_its_dirty_pages)
{
	/* A released run merges with a dirty one; reusing both zeroes the dirty part. */
	MSpan *a = alloc(2);
	MSpan *b = alloc(2);
	alloc(1);
	memset(base_of(a), 0x11, 2 * PAGE);
	memset(base_of(b), 0x22, 2 * PAGE);
	uintptr_t start = a->startAddr;
	mheap_free(a);
	cr_assert_eq(mheap_scavenge(0), 2 * PAGE);
	mheap_free(b);
	cr_assert_eq(stats().heap_released, 2 * PAGE + 507 * PAGE);

	MSpan *c = alloc(4);
	cr_assert_eq(c->startAddr, start);
	assert_all_bytes(base_of(c), 4 * PAGE, 0);
	cr_assert_eq(stats().heap_released, 507 * PAGE);
}

Test(mheap, scavenge_zero_releases_every_free_page)
{
	MSpan *s[8];
	for (int i = 0; i < 8; i++)
		s[i] = alloc((uintptr_t)i + 1);
	for (int i = 0; i < 8; i += 2)
		mheap_free(s[i]);
	/* Freed: 1 + 3 + 5 + 7 = 16 pages; still in use: 2 + 4 + 6 + 8 = 20 pages. */
	cr_assert_eq(mheap_scavenge(0), 16 * PAGE);
	MHeapStats st = stats();
	cr_assert_eq(st.heap_inuse, 20 * PAGE);
	cr_assert_eq(st.heap_released, st.heap_idle);
	cr_assert_eq(st.heap_idle, 512 * PAGE - 20 * PAGE);
}

Test(mheap, statistics_stay_consistent_under_churn)
{
	/* A fixed pseudo-random sequence of allocations and frees, checked after every step
	 * against the page count the test keeps itself. */
	enum { SLOTS = 64 };
	MSpan *live[SLOTS] = {0};
	uint64_t pages = 0, x = 12345;
	for (int step = 0; step < 5000; step++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		int i = (int)(x >> 33) % SLOTS;
		if (live[i]) {
			pages -= live[i]->npages;
			mheap_free(live[i]);
			live[i] = NULL;
		} else {
			uintptr_t n = 1 + (x >> 20) % (step % 7 == 0 ? 300 : 20);
			live[i] = alloc(n);
			pages += n;
			cr_assert_eq(spanOf(base_of(live[i]) + n * PAGE - 1), live[i]);
		}
		if (step % 500 == 0)
			mheap_scavenge(0);
		cr_assert_eq(stats().heap_inuse, pages * PAGE);
	}
	for (int i = 0; i < SLOTS; i++)
		if (live[i])
			mheap_free(live[i]);
	MHeapStats st = stats();
	cr_assert_eq(st.heap_inuse, 0);
	cr_assert_eq(st.heap_idle, st.heap_sys);
}
