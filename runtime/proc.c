/*
 * proc.c - goroutine records and their growable slot stacks (runtime/sched.c schedules them).
 *
 * A goroutine's stack starts at 32 slots (256 bytes: an eighth of Go's 2 KiB, since a million
 * parked goroutines must stay well under 1 GB) and doubles by copying when a call needs more
 * room, up to Go's 1 GB limit; the collector halves a stack that is less than a quarter used
 * (proc_shrinkstack, Go's shrinkstack). Frames record their base as an
 * index, not a pointer, so copying needs no frame fix-ups; pointers into the stack exist only
 * transiently (LEA, used before any call), so none needs adjusting yet. When escape analysis
 * starts placing objects in frames, growth will adjust pointers found through the frames'
 * pointer bitmaps.
 *
 * Invariants:
 *   - stack_size * 8 <= MAX_STACK_BYTES.
 */
#include "proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

G *g_current;

#define INITIAL_SLOTS 32 /* 256 bytes; stacks grow by doubling */

static int64_t next_goid = 1;

int64_t proc_next_goid(void)
{
	return next_goid++;
}

G *proc_newg(void)
{
	G *g = calloc(1, sizeof *g);
	if (!g)
		return NULL;
	g->goid = next_goid++;
	g->stack_size = INITIAL_SLOTS;
	g->stack = calloc(INITIAL_SLOTS, sizeof(Slot));
	return g;
}

void (*proc_stack_moved)(G *g, uintptr_t old, uint64_t oldn);

bool proc_growstack(G *g, uint64_t top, uint64_t need)
{
	uint64_t want = top + need;
	uint64_t n = g->stack_size;
	while (n < want)
		n *= 2;
	if (n * sizeof(Slot) > MAX_STACK_BYTES) {
		if (want * sizeof(Slot) > MAX_STACK_BYTES)
			return false;
		n = MAX_STACK_BYTES / sizeof(Slot);
	}
	uintptr_t old = (uintptr_t)g->stack;
	uint64_t oldn = g->stack_size;
	Slot *s = realloc(g->stack, n * sizeof(Slot));
	if (!s) {
		fputs("fatal error: runtime: out of memory\n", stderr);
		exit(2);
	}
	memset(s + g->stack_size, 0, (n - g->stack_size) * sizeof(Slot));
	g->stack = s;
	g->stack_size = (uint32_t)n;
	if ((uintptr_t)s != old && proc_stack_moved)
		proc_stack_moved(g, old, oldn);
	return true;
}

bool proc_shrinkstack(G *g)
{
	uint64_t used = 0;
	if (g->nframes) {
		Frame *top = &g->frames[g->nframes - 1];
		used = (uint64_t)top->base + top->fn->nslots + 8;
	}
	uint64_t n = g->stack_size;
	if (n <= INITIAL_SLOTS || used * 4 > n)
		return false;
	n /= 2;
	uintptr_t old = (uintptr_t)g->stack;
	uint64_t oldn = g->stack_size;
	Slot *s = realloc(g->stack, n * sizeof(Slot));
	if (!s)
		return false;
	g->stack = s;
	g->stack_size = (uint32_t)n;
	if ((uintptr_t)s != old && proc_stack_moved)
		proc_stack_moved(g, old, oldn);
	return true;
}
