/*
 * malloc.c - mallocgc, for now a simple bump allocator with no collection.
 *
 * Memory comes from 4 MiB chunks (large objects get their own), is zeroed, and is never freed:
 * programs that allocate more than memory holds run out of memory. The size-class allocator
 * and the precise collector replace this behind the same API (malloc.h), which already takes
 * every allocation's type so that the collector can be precise.
 *
 * Invariants:
 *   - Every returned block is 8-byte aligned and zeroed (fresh memory from calloc).
 */
#include "malloc.h"

#include <stdio.h>
#include <stdlib.h>

#define CHUNK (4u << 20)

static uint8_t *cur;
static size_t left;
static uint64_t total_alloc, nmalloc;

static void out_of_memory(void)
{
	fputs("fatal error: runtime: out of memory\n", stderr);
	exit(2);
}

void *mallocgc(Type *typ, size_t size, bool needzero)
{
	(void)typ;
	(void)needzero;
	size = (size + 7) & ~(size_t)7;
	if (size == 0)
		size = 8;
	total_alloc += size;
	nmalloc++;
	if (size > CHUNK / 4) {
		void *p = calloc(1, size);
		if (!p)
			out_of_memory();
		return p;
	}
	if (size > left) {
		cur = calloc(1, CHUNK);
		if (!cur)
			out_of_memory();
		left = CHUNK;
	}
	void *p = cur;
	cur += size;
	left -= size;
	return p;
}

uint64_t gc_total_alloc(void)
{
	return total_alloc;
}
uint64_t gc_mallocs(void)
{
	return nmalloc;
}

void gc_init(void) {}
