/*
 * test_malloc.c - gc/malloc.c: mallocgc, the allocator's front end.
 *
 * Every test starts from a fresh heap (Criterion runs each test in its own process and the
 * fixture calls gc_init). Expected classes and counts come from Go's size-class table
 * (runtime/sizeclasses.go): 100 bytes -> 112, 600 + 8 header bytes -> 640, 32768 bytes of
 * pointer-free data -> a large object (Go 1.22 serves at most 32760 bytes from classes).
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdint.h>
#include <string.h>

#include "gc/malloc.h"
#include "gc/mheap.h"
#include "lang/types.h"

static uint8_t ptrtype_mask[1] = {1};
static Type ptrtype = {.size = 8, .align = 8, .ptrdata = 8, .ptrmask = ptrtype_mask};

static void fresh(void)
{
	gc_init();
}

TestSuite(malloc, .init = fresh);

static uintptr_t offset_in_span(void *p)
{
	MSpan *s = spanOf(p);
	cr_assert_not_null(s);
	return (uintptr_t)p - s->startAddr;
}

typedef struct SizeCase {
	size_t size;
	uint32_t classsize;
} SizeCase;

ParameterizedTestParameters(malloc, class_of_size)
{
	static SizeCase cases[] = {
	        {1, 8},     {8, 8},       {9, 16},      {17, 24},       {33, 48},       {100, 112},
	        {500, 512}, {1025, 1152}, {9000, 9472}, {27265, 28672}, {32760, 32768},
	};
	return cr_make_param_array(SizeCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(SizeCase *c, malloc, class_of_size, .init = fresh)
{
	void *a = mallocgc(NULL, c->size, true);
	void *b = mallocgc(NULL, c->size, true);
	cr_assert_eq(spanOf(a)->elemsize, c->classsize, "size %zu: elemsize %zu want %u", c->size,
	             (size_t)spanOf(a)->elemsize, c->classsize);
	cr_assert_eq(offset_in_span(a) % c->classsize, 0);
	cr_assert_eq(offset_in_span(b) % c->classsize, 0);
	cr_assert_eq(gc_total_alloc(), 2 * (uint64_t)c->classsize);
	cr_assert_eq(gc_mallocs(), 2);
}

Test(malloc, zero_size_is_zerobase)
{
	void *a = mallocgc(NULL, 0, true);
	void *b = mallocgc(&ptrtype, 0, true);
	cr_assert_not_null(a);
	cr_assert_eq(a, b);
	cr_assert_null(spanOf(a));
	cr_assert_eq(gc_mallocs(), 0);
	cr_assert_eq(gc_total_alloc(), 0);
}

Test(malloc, scan_and_noscan_use_different_spans)
{
	void *n = mallocgc(NULL, 16, true);
	void *s = mallocgc(&ptrtype, 16, true);
	cr_assert_neq(spanOf(n), spanOf(s));
	cr_assert(spanclass_noscan(spanOf(n)->spanclass));
	cr_assert_not(spanclass_noscan(spanOf(s)->spanclass));
	cr_assert_eq(spanclass_sizeclass(spanOf(n)->spanclass),
	             spanclass_sizeclass(spanOf(s)->spanclass));
}

Test(malloc, header_for_pointerful_objects_over_512_bytes)
{
	/* 600 + 8 header bytes -> class 640; the object starts 8 bytes into its slot. */
	uint8_t *p = mallocgc(&ptrtype, 600, true);
	MSpan *s = spanOf(p);
	cr_assert_eq(s->elemsize, 640);
	cr_assert_eq(offset_in_span(p) % 640, 8);
	cr_assert_eq(*(Type **)(p - 8), &ptrtype);
	cr_assert_eq(gc_total_alloc(), 640);
	/* 512 bytes get no header: class 512, at a slot start. */
	void *q = mallocgc(&ptrtype, 512, true);
	cr_assert_eq(spanOf(q)->elemsize, 512);
	cr_assert_eq(offset_in_span(q) % 512, 0);
	/* A slice capacity rounded by growslice (class(1000 + 8) - 8 = 1016) fits its slot. */
	void *r = mallocgc(&ptrtype, 1016, true);
	cr_assert_eq(spanOf(r)->elemsize, 1024);
	cr_assert_eq(gc_total_alloc(), 640 + 512 + 1024);
}

Test(malloc, large_objects_get_their_own_span)
{
	uint8_t *p = mallocgc(NULL, 40000, true); /* ceil(40000 / 8192) = 5 pages */
	MSpan *s = spanOf(p);
	cr_assert_eq((uintptr_t)p, s->startAddr);
	cr_assert_eq(s->npages, 5);
	cr_assert_eq(spanclass_sizeclass(s->spanclass), 0);
	cr_assert(spanclass_noscan(s->spanclass));
	cr_assert_eq(s->allocBits[0], 1);
	cr_assert_eq(spanOf(p + 39999), s);
	cr_assert_eq(gc_total_alloc(), 5 * 8192);

	void *q = mallocgc(&ptrtype, 32768, true); /* over 32760: large, 4 pages */
	cr_assert_eq(spanOf(q)->npages, 4);
	cr_assert_not(spanclass_noscan(spanOf(q)->spanclass));
	cr_assert_eq(spanOf(q)->largeType, &ptrtype);
	cr_assert_eq(gc_total_alloc(), 9 * 8192);
	cr_assert_eq(gc_mallocs(), 2);
}

Test(malloc, memory_is_zeroed_when_asked)
{
	for (int i = 0; i < 3000; i++) {
		uint8_t *p = mallocgc(NULL, 48, true);
		for (int k = 0; k < 48; k++)
			cr_assert_eq(p[k], 0);
		memset(p, 0xAB, 48);
	}
	uint8_t *big = mallocgc(NULL, 100000, true);
	for (int k = 0; k < 100000; k += 97)
		cr_assert_eq(big[k], 0);
}

Test(malloc, heap_stats_follow_spans)
{
	mallocgc(NULL, 8, true);        /* one 1-page span of class 8 */
	mallocgc(NULL, 3 * 8192, true); /* 24576 bytes: class 24576, a 3-page span */
	MHeapStats st;
	mheap_stats(&st);
	cr_assert_eq(st.heap_inuse, 4 * 8192);
	cr_assert_eq(st.heap_sys, st.heap_inuse + st.heap_idle);
}

#include "gc/asan.h"
#ifdef MINIRT_ASAN
/* In sanitizer builds, exactly the requested bytes of an object are accessible: the slack of its
 * size-class slot and the slots not handed out yet are poisoned. */
Test(malloc, asan_poisons_slack_and_free_slots)
{
	gc_init();
	uint8_t *p = mallocgc(NULL, 20, true); /* 24-byte class: 4 bytes of slack */
	cr_assert_not(__asan_address_is_poisoned(p));
	cr_assert_not(__asan_address_is_poisoned(p + 19));
	cr_assert(__asan_address_is_poisoned(p + 20));
	cr_assert(__asan_address_is_poisoned(p + 24)); /* the next, unallocated slot */
	uint8_t *big = mallocgc(NULL, 40000, true);    /* large: 5 pages */
	cr_assert_not(__asan_address_is_poisoned(big + 39999));
	cr_assert(__asan_address_is_poisoned(big + 40000));
}
#endif
