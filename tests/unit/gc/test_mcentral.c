/*
 * test_mcentral.c - gc/mcentral.c: the central span lists of each span class.
 *
 * Each test starts from a fresh heap (gc_init). Span shapes come from Go's size-class table:
 * class 1 is 8 bytes, 1 page, 1024 objects; class 67 is 32768 bytes, 4 pages, 1 object;
 * class 32 is 1024 bytes, 1 page, 8 objects.
 */
#include <criterion/criterion.h>
#include <stdint.h>

#include "gc/malloc.h"
#include "gc/mcentral.h"

static void fresh(void)
{
	gc_init();
}

TestSuite(mcentral, .init = fresh);

Test(mcentral, new_span_has_class_shape)
{
	MSpan *s = mcentral_cacheSpan(&mheap_central[make_spanclass(1, true)]);
	cr_assert_not_null(s);
	cr_assert_eq(s->npages, 1);
	cr_assert_eq(s->elemsize, 8);
	cr_assert_eq(s->nelems, 1024);
	cr_assert_eq(s->freeindex, 0);
	cr_assert_eq(s->allocCache, UINT64_MAX);
	for (int w = 0; w < 16; w++) {
		cr_assert_eq(s->allocBits[w], 0);
		cr_assert_eq(s->gcmarkBits[w], 0);
	}
	cr_assert_eq(spanOf((void *)s->startAddr), s);

	MSpan *big = mcentral_cacheSpan(&mheap_central[make_spanclass(67, false)]);
	cr_assert_eq(big->npages, 4);
	cr_assert_eq(big->nelems, 1);
	cr_assert_eq(big->spanclass, make_spanclass(67, false));
	cr_assert_not_null(big->gcmarkBits);
}

Test(mcentral, uncache_files_full_and_partial)
{
	MCentral *c = &mheap_central[make_spanclass(32, true)];
	MSpan *a = mcentral_cacheSpan(c);
	MSpan *b = mcentral_cacheSpan(c);
	cr_assert_neq(a, b);
	cr_assert_eq(c->nmalloc_spans, 2);
	for (int i = 0; i < 8; i++)
		cr_assert_eq(mspan_nextFreeIndex(a), (uint32_t)i);
	cr_assert_eq(mspan_nextFreeIndex(a), 8); /* none left: nelems */
	a->allocCount = 8;
	cr_assert_eq(mspan_nextFreeIndex(b), 0);
	b->allocCount = 1;
	mcentral_uncacheSpan(c, a);
	mcentral_uncacheSpan(c, b);
	cr_assert_eq(mcentral_fullSwept(c)->first, a);
	cr_assert_eq(mcentral_partialSwept(c)->first, b);
	/* The next request reuses the partial span, its cache starting at slot 1. */
	MSpan *again = mcentral_cacheSpan(c);
	cr_assert_eq(again, b);
	cr_assert_eq(mcentral_partialSwept(c)->n, 0);
	cr_assert_eq(again->allocCache & 1, 1);
	cr_assert_eq(mspan_nextFreeIndex(again), 1);
	cr_assert_eq(c->nmalloc_spans, 2);
}
