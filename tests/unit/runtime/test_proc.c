/*
 * test_proc.c - runtime/proc.c: goroutine stacks grow by copying (contents and frame indices
 * survive, the 1 GB limit is refused) and shrink by half when less than a quarter is used.
 * Frames address their slots by index, so a moved stack needs no pointer adjustment: the
 * tests check that a frame's slots read the same through its base index after each move.
 */
#include <criterion/criterion.h>
#include <stdint.h>

#include "runtime/proc.h"

static Proto small_fn = {.name = "f", .nslots = 4};

Test(proc, new_goroutines_get_distinct_ids_and_a_small_stack)
{
	G *a = proc_newg(), *b = proc_newg();
	cr_assert_neq(a->goid, b->goid);
	cr_assert_leq(a->stack_size * sizeof(Slot), 2048, "at most Go's 2 KiB");
	cr_assert_geq(a->stack_size, 16);
	for (uint32_t i = 0; i < a->stack_size; i++)
		cr_assert_eq(a->stack[i], 0);
}

Test(proc, growth_keeps_contents_and_frames)
{
	G *g = proc_newg();
	uint32_t initial = g->stack_size;
	for (uint32_t i = 0; i < initial; i++)
		g->stack[i] = 1000 + i;
	Slot *before = g->stack;
	cr_assert(proc_growstack(g, initial, 10 * initial));
	cr_assert_geq(g->stack_size, 11 * initial);
	cr_assert_eq(g->stack_size & (g->stack_size - 1), 0, "sizes stay powers of two");
	for (uint32_t i = 0; i < initial; i++)
		cr_assert_eq(g->stack[i], 1000 + i, "slot %u changed when the stack moved", i);
	for (uint32_t i = initial; i < g->stack_size; i++)
		cr_assert_eq(g->stack[i], 0, "new slots are zero");
	(void)before;
}

Test(proc, the_1gb_limit_is_refused)
{
	G *g = proc_newg();
	cr_assert_not(proc_growstack(g, 0, MAX_STACK_BYTES / sizeof(Slot) + 1));
	cr_assert(proc_growstack(g, 0, 1 << 20));
}

Test(proc, shrink_halves_a_mostly_unused_stack)
{
	G *g = proc_newg();
	uint32_t initial = g->stack_size;
	cr_assert(proc_growstack(g, 0, 64 * initial));
	uint32_t big = g->stack_size;
	/* one frame of 4 slots at base 0: used = 4 + 8, far below a quarter */
	Frame fr = {.fn = &small_fn, .base = 0};
	g->frames = &fr;
	g->nframes = 1;
	g->stack[0] = 7;
	g->stack[3] = 9;
	cr_assert(proc_shrinkstack(g));
	cr_assert_eq(g->stack_size, big / 2);
	cr_assert_eq(g->stack[0], 7);
	cr_assert_eq(g->stack[3], 9);
	while (proc_shrinkstack(g)) {
	}
	cr_assert_eq(g->stack_size, initial, "never below the initial size");
	cr_assert_eq(g->stack[3], 9);
	g->frames = NULL;
	g->nframes = 0;
}

Test(proc, shrink_keeps_a_busy_stack)
{
	G *g = proc_newg();
	cr_assert(proc_growstack(g, 0, 8 * g->stack_size));
	uint32_t size = g->stack_size;
	/* a frame reaching past a quarter of the stack */
	Proto wide = {.name = "w", .nslots = size / 4};
	Frame fr = {.fn = &wide, .base = 0};
	g->frames = &fr;
	g->nframes = 1;
	cr_assert_not(proc_shrinkstack(g));
	cr_assert_eq(g->stack_size, size);
	g->frames = NULL;
	g->nframes = 0;
}
