/*
 * support_malloc.c - a stand-in for gc/malloc.c so the runtime unit tests can be built by hand
 * before the allocator exists: calloc-backed mallocgc that never frees. It is not part of any
 * meson target (the unit tests there link the real gc library); build it explicitly, e.g.
 *   gcc -I. tests/unit/runtime/test_map.c runtime/map.c tests/unit/runtime/support_malloc.c -lcriterion
 *
 * Invariants:
 *   - Memory is always zeroed, whatever 'needzero' says.
 */
#include <stdlib.h>

#include "gc/malloc.h"

static uint64_t total_alloc, nmallocs;

void *mallocgc(Type *typ, size_t size, bool needzero)
{
	(void)typ;
	(void)needzero;
	void *p = calloc(1, size ? size : 1);
	if (!p)
		abort();
	total_alloc += size;
	nmallocs++;
	return p;
}

uint64_t gc_total_alloc(void) { return total_alloc; }
uint64_t gc_mallocs(void) { return nmallocs; }
void gc_init(void) {}
