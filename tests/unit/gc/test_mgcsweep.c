/*
 * test_mgcsweep.c - gc/mgcsweep.c: the sweeper, and how allocation sweeps lazily.
 *
 * Every test starts from a fresh heap (Criterion runs each test in its own process and the
 * fixture calls gc_init). Tests allocate objects, hold some of them in 'roots' (reported by the
 * root scanner the fixture installs), run a cycle with gc_collect - which marks but leaves
 * every span unswept - and then look at spans before and after sweeping: their sweepgen
 * against mheap_sweepgen, their allocBits and allocCount, whether they are still in use, and
 * which addresses the next allocations get.
 *
 * Expected values come from the rules the sweeper implements (Go's): mark termination raises
 * mheap_sweepgen by 2, which makes every in-use span unswept (sweepgen == mheap_sweepgen - 2);
 * sweeping makes the mark bits the allocation bits and stamps sweepgen = mheap_sweepgen; a span
 * left empty goes back to the heap; the next allocation of a class sweeps that class's span
 * first and hands out its freed slots lowest index first. Class sizes are Go's: a 16-byte
 * span holds 512 objects on one page, a 48-byte span 170.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "gc/gc.h"
#include "gc/malloc.h"
#include "gc/mcentral.h"
#include "gc/mgcsweep.h"
#include "gc/mheap.h"
#include "lang/types.h"

static uint8_t node_mask[] = {0x1};
static Type node_t = {.size = 16, .align = 8, .ptrdata = 8, .ptrmask = node_mask};

/* {ptr; int}: pointer in word 0. */
static uint8_t w0_mask[] = {0x1};
static Type w0_t = {.size = 16, .align = 8, .ptrdata = 8, .ptrmask = w0_mask};
/* {int; ptr}: pointer in word 1. */
static uint8_t w1_mask[] = {0x2};
static Type w1_t = {.size = 16, .align = 8, .ptrdata = 16, .ptrmask = w1_mask};

#define MAX_ROOTS 4096
static uintptr_t roots[MAX_ROOTS];
static size_t nroots;

static void scan_roots(void)
{
	gc_scan_words(roots, nroots, NULL);
}

static void root(const void *p)
{
	cr_assert_lt(nroots, MAX_ROOTS);
	roots[nroots++] = (uintptr_t)p;
}

static void fresh(void)
{
	gc_init();
	gc_set_root_scanner(scan_roots);
	nroots = 0;
}

TestSuite(mgcsweep, .init = fresh);

static uint32_t slot_of(const void *p, const MSpan *s)
{
	return (uint32_t)(((uintptr_t)p - s->startAddr) / s->elemsize);
}

/* The object at p is allocated: its slot's allocBits bit is set (see test_mgc.c). */
static bool is_allocated(const void *p)
{
	MSpan *s = spanOf(p);
	if (!s)
		return false;
	uint32_t i = slot_of(p, s);
	return s->allocBits[i / 64] >> (i % 64) & 1;
}

static GCMemStats ms;

static uint64_t frees(void)
{
	gc_read_memstats(&ms);
	return ms.Frees;
}

static uint64_t heap_inuse(void)
{
	gc_read_memstats(&ms);
	return ms.HeapInuse;
}

static void *noscan(size_t n)
{
	return mallocgc(NULL, n, true);
}

static void *scan16(void)
{
	return mallocgc(&node_t, 16, true);
}

static uint32_t popcount_bits(const uint64_t *b, uint32_t nwords)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < nwords; i++)
		n += (uint32_t)__builtin_popcountll(b[i]);
	return n;
}

/* The sweeper's postcondition on a swept small-object span (gc/mgcsweep.c's invariants). */
static void assert_swept(const MSpan *s)
{
	cr_assert_eq(s->state, MSPAN_INUSE);
	cr_assert_eq(s->sweepgen, mheap_sweepgen);
	cr_assert_eq(popcount_bits(s->allocBits, mspan_bits_words(s)), s->allocCount);
	for (uint32_t i = 0; i < mspan_bits_words(s); i++)
		cr_assert_eq(s->gcmarkBits[i], 0, "mark word %u left set", i);
}

/* ---------------------------------------------------------------- sweep generations */

Test(mgcsweep, sweepgen_advances_by_two_per_cycle)
{
	cr_assert_eq(mheap_sweepgen, 0);
	void *p = scan16();
	root(p);
	MSpan *s = spanOf(p);
	cr_assert_eq(s->sweepgen, 0, "a new span is born swept");
	gc_collect();
	cr_assert_eq(mheap_sweepgen, 2);
	cr_assert_eq(s->sweepgen, 0, "after mark termination the span is unswept");
	gc_finish_sweep();
	cr_assert_eq(s->sweepgen, 2);
	gc_collect(); /* nothing to sweep first: the previous sweep is complete */
	cr_assert_eq(mheap_sweepgen, 4);
	cr_assert_eq(s->sweepgen, 2);
	gc_collect(); /* this cycle first sweeps what the last one left */
	cr_assert_eq(mheap_sweepgen, 6);
	cr_assert_eq(s->sweepgen, 4);
	gc_runtime_GC(); /* runtime.GC sweeps everything before returning */
	cr_assert_eq(mheap_sweepgen, 8);
	cr_assert_eq(s->sweepgen, 8);
	cr_assert(is_allocated(p));
}

Test(mgcsweep, spans_stay_unswept_until_swept)
{
	/* 100 dead objects in a 16-byte scan span, 100 in a 48-byte noscan span, one large. */
	void *a[100], *b[100];
	for (int i = 0; i < 100; i++) {
		a[i] = scan16();
		b[i] = noscan(48);
	}
	void *big = noscan(40000);
	root(a[0]);
	root(b[0]);
	MSpan *sa = spanOf(a[0]), *sb = spanOf(b[0]), *sbig = spanOf(big);
	uint64_t f0 = frees(), inuse0 = heap_inuse();
	gc_collect();
	/* Marked but not swept: nothing freed, every old span unswept, the garbage still
	 * allocated and the mark bits in place. */
	cr_assert_eq(frees(), f0);
	cr_assert_eq(heap_inuse(), inuse0);
	cr_assert_eq(sa->sweepgen, mheap_sweepgen - 2);
	cr_assert_eq(sb->sweepgen, mheap_sweepgen - 2);
	cr_assert_eq(sbig->sweepgen, mheap_sweepgen - 2);
	cr_assert(is_allocated(a[99]));
	cr_assert(is_allocated(b[99]));
	cr_assert_eq(spanOf(big), sbig);
	cr_assert_eq(sa->gcmarkBits[0], 1, "only slot 0 marked");
	cr_assert_eq(sb->gcmarkBits[0], 1);
	cr_assert_eq(sbig->gcmarkBits[0], 0);
	cr_assert_eq(sa->allocCount, 100);
	gc_finish_sweep();
	cr_assert_eq(frees() - f0, 99 + 99 + 1);
	assert_swept(sa);
	assert_swept(sb);
	cr_assert_eq(sa->allocCount, 1);
	cr_assert_eq(sb->allocCount, 1);
	cr_assert_not(is_allocated(a[1]));
	cr_assert_not(is_allocated(b[99]));
	cr_assert_null(spanOf(big));
	cr_assert_eq(inuse0 - heap_inuse(), 5 * 8192);
}

Test(mgcsweep, allocation_sweeps_only_the_span_it_needs)
{
	void *a[10], *b[10];
	for (int i = 0; i < 10; i++) {
		a[i] = scan16();
		b[i] = noscan(48);
	}
	root(a[0]);
	root(b[0]);
	MSpan *sa = spanOf(a[0]), *sb = spanOf(b[0]);
	uint64_t f0 = frees();
	gc_collect();
	/* A 16-byte scan allocation: its MCentral sweeps sa before handing it to the mcache
	 * and the first freed slot (1) is reused; the 48-byte span is left alone. */
	void *n = scan16();
	cr_assert_eq(spanOf(n), sa);
	cr_assert_eq(n, a[1]);
	cr_assert_eq(sa->sweepgen, mheap_sweepgen);
	cr_assert_eq(sb->sweepgen, mheap_sweepgen - 2);
	cr_assert(is_allocated(b[9]));
	cr_assert_eq(frees() - f0, 9);
	cr_assert_eq(sa->allocCount, 2);
	gc_finish_sweep();
	cr_assert_eq(frees() - f0, 18);
	cr_assert_eq(sb->sweepgen, mheap_sweepgen);
	cr_assert(is_allocated(n), "allocated after mark termination: never freed by this sweep");
	cr_assert(is_allocated(a[0]));
}

Test(mgcsweep, sweepone_walks_every_span_once)
{
	void *p = scan16(), *q = noscan(48), *r = noscan(40000);
	root(p);
	(void)q;
	(void)r;
	gc_collect();
	/* Three unswept spans: p's (kept), q's (empty: 1 page back), r's (large: 5 pages back).
	 * gc_sweepone reports pages returned, 0 for a kept span, UINTPTR_MAX when done. */
	uintptr_t got[4], total = 0;
	int n = 0;
	uintptr_t r1;
	while ((r1 = gc_sweepone()) != UINTPTR_MAX) {
		cr_assert_lt(n, 4, "more sweeps than spans");
		got[n++] = r1;
		total += r1;
	}
	cr_assert_eq(n, 3);
	cr_assert_eq(total, 1 + 5);
	int zeros = 0;
	for (int i = 0; i < n; i++)
		zeros += got[i] == 0;
	cr_assert_eq(zeros, 1);
	cr_assert_eq(gc_sweepone(), UINTPTR_MAX, "still done");
	cr_assert(is_allocated(p));
}

/* ---------------------------------------------------------------- freeing spans */

Test(mgcsweep, an_empty_span_goes_back_to_the_heap)
{
	/* Fill one 48-byte span (170 objects) and one 16-byte span partly; keep nothing from
	 * the first and one object of the second. */
	void *full[170];
	for (int i = 0; i < 170; i++)
		full[i] = noscan(48);
	MSpan *s48 = spanOf(full[0]);
	cr_assert_eq(spanOf(full[169]), s48);
	cr_assert_eq(s48->allocCount, 170);
	void *keep = scan16();
	for (int i = 0; i < 50; i++)
		scan16();
	root(keep);
	uint64_t inuse0 = heap_inuse(), f0 = frees();
	gc_runtime_GC();
	cr_assert_null(spanOf(full[0]));
	cr_assert_null(spanOf(full[169]));
	cr_assert_eq(inuse0 - heap_inuse(), 8192, "exactly the 48-byte span's page");
	cr_assert_eq(frees() - f0, 170 + 50);
	cr_assert(is_allocated(keep));
	assert_swept(spanOf(keep));
	/* The page is free again: the next span made reuses it. */
	void *n = noscan(96);
	cr_assert_eq(spanOf(n)->startAddr, (uintptr_t)full[0]);
}

Test(mgcsweep, large_objects_are_freed_whole_and_marks_cleared)
{
	uint8_t *keep = noscan(100000); /* 13 pages */
	uint8_t *lose = noscan(100000);
	root(keep + 50000);
	MSpan *sk = spanOf(keep);
	uint64_t inuse0 = heap_inuse();
	gc_runtime_GC();
	cr_assert_eq(spanOf(keep), sk);
	cr_assert_null(spanOf(lose));
	cr_assert_eq(inuse0 - heap_inuse(), 13 * 8192);
	cr_assert_eq(sk->gcmarkBits[0], 0, "the sweeper clears a kept large object's mark");
	cr_assert_eq(sk->allocBits[0], 1);
	cr_assert_eq(sk->sweepgen, mheap_sweepgen);
	/* Dropped in the next cycle: the old mark must not keep it. */
	nroots = 0;
	gc_runtime_GC();
	cr_assert_null(spanOf(keep));
	cr_assert_eq(inuse0 - heap_inuse(), 26 * 8192);
}

/* ---------------------------------------------------------------- reusing freed slots */

Test(mgcsweep, freed_slots_are_reused_in_order_and_zeroed)
{
	/* 64 objects in a fresh 16-byte scan span; the even ones are kept. */
	uint8_t *o[64];
	for (int i = 0; i < 64; i++) {
		o[i] = scan16();
		memset(o[i], 0xAB, 16);
		if (i % 2 == 0)
			root(o[i]);
	}
	MSpan *s = spanOf(o[0]);
	cr_assert_eq(slot_of(o[63], s), 63);
	gc_runtime_GC();
	cr_assert_eq(s->allocCount, 32);
	cr_assert_eq(s->allocBits[0], 0x5555555555555555ull);
	cr_assert_eq(s->freeindex, 0, "allocation restarts from the first slot");
	/* The next 32 allocations get the odd slots, lowest first, zeroed; the 33rd the first
	 * slot never used (64). */
	for (int i = 1; i < 64; i += 2) {
		uint8_t *n = scan16();
		cr_assert_eq(n, o[i], "allocation for slot %d got slot %u", i,
		             slot_of(n, spanOf(n)));
		for (int k = 0; k < 16; k++)
			cr_assert_eq(n[k], 0, "reused slot %d not zeroed", i);
	}
	uint8_t *next = scan16();
	cr_assert_eq(spanOf(next), s);
	cr_assert_eq(slot_of(next, s), 64);
	cr_assert_eq(s->allocCount, 65);
	/* Kept objects were not touched by the sweep. */
	for (int k = 0; k < 16; k++)
		cr_assert_eq(o[62][k], 0xAB);
}

Test(mgcsweep, reused_slot_gets_the_new_types_pointer_bits)
{
	/* x is held by the pointer word 0 of an object of w0_t, which dies; its slot is reused by
	 * an object of w1_t whose word 0 is an integer still holding x's address (the slot is
	 * reused without zeroing). Only word 1 of the new object is a pointer, so x must die. */
	void *k = mallocgc(&w0_t, 16, true);
	void *x = noscan(16);
	uintptr_t *old = mallocgc(&w0_t, 16, true);
	old[0] = (uintptr_t)x;
	root(k);
	root(x);
	gc_runtime_GC();
	cr_assert_not(is_allocated(old));
	uintptr_t *nw = mallocgc(&w1_t, 16, false);
	cr_assert_eq(nw, old, "the freed slot is reused");
	nw[0] = (uintptr_t)x; /* an integer word */
	nw[1] = 0;
	roots[1] = (uintptr_t)nw;
	gc_runtime_GC();
	cr_assert(is_allocated(nw));
	cr_assert_not(is_allocated(x), "stale heap bit: word 0 of the reused slot was scanned");
}

Test(mgcsweep, swept_spans_go_on_the_right_lists)
{
	/* A 48-byte span completely full of live objects and a 16-byte span with one. */
	static void *full[170];
	for (int i = 0; i < 170; i++) {
		full[i] = noscan(48);
		root(full[i]);
	}
	void *one = scan16();
	root(one);
	MSpan *sf = spanOf(full[0]), *so = spanOf(one);
	gc_runtime_GC();
	MCentral *cf = &mheap_central[sf->spanclass], *co = &mheap_central[so->spanclass];
	cr_assert_eq(sf->list, mcentral_fullSwept(cf));
	cr_assert_eq(so->list, mcentral_partialSwept(co));
	assert_swept(sf);
	assert_swept(so);
	gc_collect();
	/* The same list objects are now the unswept ones. */
	cr_assert_eq(sf->list, mcentral_fullUnswept(cf));
	cr_assert_eq(so->list, mcentral_partialUnswept(co));
}

Test(mgcsweep, spans_made_after_mark_termination_are_not_swept)
{
	void *old = scan16();
	(void)old;
	gc_collect();
	/* Objects of classes and large objects allocated now, held by nothing: they were never
	 * marked, but this cycle's sweep must leave them alone (the next cycle decides). */
	void *fresh16 = noscan(16), *fresh80 = mallocgc(&node_t, 80, true), *big = noscan(50000);
	cr_assert_eq(spanOf(fresh16)->sweepgen, mheap_sweepgen);
	cr_assert_eq(spanOf(big)->sweepgen, mheap_sweepgen);
	gc_finish_sweep();
	cr_assert(is_allocated(fresh16));
	cr_assert(is_allocated(fresh80));
	cr_assert(is_allocated(big));
	gc_runtime_GC();
	cr_assert_not(is_allocated(fresh16));
	cr_assert_not(is_allocated(fresh80));
	cr_assert_null(spanOf(big));
}

Test(mgcsweep, mcache_span_is_handed_back_and_swept)
{
	/* The span the mcache is allocating from at the start of a cycle is swept like any other:
	 * its dead objects are freed and its free slots reused. */
	void *a = scan16(), *b = scan16(), *c = scan16();
	root(a);
	root(c);
	gc_collect();
	gc_finish_sweep();
	cr_assert_not(is_allocated(b));
	cr_assert_eq(scan16(), b);
	cr_assert_eq(spanOf(a)->allocCount, 3);
}

/* ---------------------------------------------------------------- reclaiming before growing */

/*
 * The heap first grows by 4 MiB. A 4 MiB garbage object fills it; after a cycle (which leaves
 * it unswept), a second 4 MiB allocation must sweep before the heap grows (Go's mheap.alloc
 * calls reclaim(npages) whenever the sweep is not done; gc/mgcsweep.c says the same: "before
 * the heap grows mheap_reclaim sweeps spans until enough pages came back"). The freed pages
 * are then reused and the heap stays at 4 MiB.
 */
Test(mgcsweep, large_allocation_reclaims_before_growing)
{
	void *a = noscan(4 << 20);
	gc_read_memstats(&ms);
	cr_assert_eq(ms.HeapSys, 4 << 20);
	gc_collect();
	void *b = noscan(4 << 20);
	gc_read_memstats(&ms);
	cr_assert_eq(ms.HeapSys, 4 << 20, "the heap grew to %lu instead of reusing the garbage",
	             (unsigned long)ms.HeapSys);
	cr_assert_eq(b, a);
	cr_assert_eq(ms.HeapInuse, 4 << 20);
}

Test(mgcsweep, small_allocation_reclaims_before_growing)
{
	/* The same with small objects: 512 one-page spans of 48-byte objects fill 4 MiB. */
	enum { SPANS = 512 };
	for (int i = 0; i < SPANS * 170; i++)
		noscan(48);
	gc_read_memstats(&ms);
	cr_assert_eq(ms.HeapSys, 4 << 20);
	cr_assert_eq(ms.HeapInuse, 4 << 20);
	gc_collect();
	/* A 96-byte object needs a new span: sweeping one dead span gives its page back. */
	noscan(96);
	gc_read_memstats(&ms);
	cr_assert_eq(ms.HeapSys, 4 << 20);
}

/* ---------------------------------------------------------------- reused pages are zeroed */

Test(mgcsweep, pages_of_freed_objects_are_zeroed_when_reused)
{
	/* A large object freed and its pages given to the next large object; and a small span
	 * freed and its page given to a large object. Both must read as zero. */
	uint8_t *a = noscan(40000);
	memset(a, 0xCD, 40000);
	gc_runtime_GC();
	cr_assert_null(spanOf(a));
	uint8_t *b = noscan(40000);
	cr_assert_eq(b, a, "the freed pages are reused");
	for (int i = 0; i < 40000; i++)
		if (b[i])
			cr_assert_fail("byte %d is %#x", i, b[i]);

	uint8_t *s[8];
	for (int i = 0; i < 8; i++) {
		s[i] = noscan(1000); /* class 1024: 8 objects fill one page */
		memset(s[i], 0xEE, 1000);
	}
	root(b);
	gc_runtime_GC();
	cr_assert_null(spanOf(s[0]));
	uint8_t *c = noscan(8000); /* class 8192: its page is the freed one */
	cr_assert_eq(c, s[0]);
	for (int i = 0; i < 8000; i++)
		if (c[i])
			cr_assert_fail("byte %d is %#x", i, c[i]);
	uint8_t *d = noscan(33000); /* large: 5 pages */
	for (int i = 0; i < 33000; i++)
		if (d[i])
			cr_assert_fail("large byte %d is %#x", i, d[i]);
}
