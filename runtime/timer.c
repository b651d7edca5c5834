/*
 * timer.c - the timer heap (see runtime/timer.h): a binary min-heap of Timer pointers in a
 * growable array off the GC heap, with each timer knowing its index so it can be removed in
 * O(log n) (Go's 4-ary heap works the same way; binary is enough here).
 *
 * timers_run pops every due timer before calling any callback, one at a time: a callback may
 * add timers (a Ticker re-adds itself) or delete others without disturbing the walk.
 *
 * The collector. The heap array is C memory that timers_scan reports as roots. While marking
 * runs concurrently, a timer that enters or leaves the array is shaded, with its arg, as a
 * pointer stored into or deleted from a global would be (gc/gc.h's hybrid barrier); moves
 * inside the array need nothing. timer_init stores arg with the barrier, since a time.Timer's
 * record is a GC object.
 */
#include "timer.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../gc/gc.h"

static Timer **heap;
static uint32_t ntimers, heapcap;

int64_t rt_nanotime(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void timer_init(Timer *t, void (*f)(Timer *, int64_t), void *arg)
{
	t->when = 0;
	t->period = 0;
	t->f = f;
	gc_write_ptr(&t->arg, arg);
	t->seq = 0;
	t->idx = TIMER_NONE;
}

/* The barrier for t entering or leaving the heap array (a root in C memory). */
static inline void shade_timer(Timer *t)
{
	if (gc_wb_enabled) {
		void *words[2] = {t, t->arg};
		gc_wb_shade(words, 2, NULL);
	}
}

static void place(Timer *t, uint32_t i)
{
	heap[i] = t;
	t->idx = i;
}

static void siftup(uint32_t i)
{
	Timer *t = heap[i];
	while (i > 0) {
		uint32_t p = (i - 1) / 2;
		if (heap[p]->when <= t->when)
			break;
		place(heap[p], i);
		i = p;
	}
	place(t, i);
}

static void siftdown(uint32_t i)
{
	Timer *t = heap[i];
	for (;;) {
		uint32_t c = 2 * i + 1;
		if (c >= ntimers)
			break;
		if (c + 1 < ntimers && heap[c + 1]->when < heap[c]->when)
			c++;
		if (t->when <= heap[c]->when)
			break;
		place(heap[c], i);
		i = c;
	}
	place(t, i);
}

void timer_add(Timer *t)
{
	if (ntimers == heapcap) {
		heapcap = heapcap ? heapcap * 2 : 64;
		heap = realloc(heap, heapcap * sizeof *heap);
		if (!heap)
			gc_fatal("runtime: out of memory");
	}
	shade_timer(t);
	place(t, ntimers++);
	siftup(t->idx);
}

bool timer_del(Timer *t)
{
	uint32_t i = t->idx;
	if (i == TIMER_NONE)
		return false;
	shade_timer(t);
	t->idx = TIMER_NONE;
	Timer *last = heap[--ntimers];
	if (i < ntimers) {
		place(last, i);
		siftup(i);
		siftdown(last->idx);
	}
	return true;
}

int timers_run(int64_t now)
{
	int n = 0;
	while (ntimers && heap[0]->when <= now) {
		Timer *t = heap[0];
		timer_del(t);
		if (t->period > 0) {
			t->when += t->period;
			if (t->when <= now) /* fell behind: next tick from now, as Go */
				t->when = now + t->period;
			timer_add(t);
		}
		t->f(t, now);
		n++;
	}
	return n;
}

int64_t timers_next(void)
{
	return ntimers ? heap[0]->when : -1;
}

void timers_scan(void)
{
	for (uint32_t i = 0; i < ntimers; i++) {
		gc_mark_word((uintptr_t)heap[i]); /* a record that is a GC object (time.Timer's) */
		gc_mark_word((uintptr_t)heap[i]->arg);
	}
}
