/*
 * test_timer.c - runtime/timer.c: the timer heap fires timers in order of 'when', removes
 * pending ones, re-adds periodic ones, and reports the earliest deadline.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>

#include "runtime/timer.h"

static int64_t fired[4096];
static int nfired;

static void record(Timer *t, int64_t now)
{
	(void)now;
	fired[nfired++] = t->when;
}

static void fresh(void)
{
	nfired = 0;
}

TestSuite(timer, .init = fresh);

Test(timer, fires_in_deadline_order)
{
	/* 1000 timers with pseudo-random deadlines, inserted in that random order */
	static Timer ts[1000];
	uint64_t x = 88172645463325252ull;
	for (int i = 0; i < 1000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		timer_init(&ts[i], record, NULL);
		ts[i].when = (int64_t)(x % 1000000) + 1;
		timer_add(&ts[i]);
	}
	int64_t min = ts[0].when;
	for (int i = 1; i < 1000; i++)
		if (ts[i].when < min)
			min = ts[i].when;
	cr_assert_eq(timers_next(), min);
	cr_assert_eq(timers_run(0), 0, "nothing is due at time 0");
	cr_assert_eq(timers_run(2000000), 1000);
	cr_assert_eq(nfired, 1000);
	for (int i = 1; i < nfired; i++)
		cr_assert_leq(fired[i - 1], fired[i], "timer %d fired out of order", i);
	cr_assert_eq(timers_next(), -1);
	for (int i = 0; i < 1000; i++)
		cr_assert_eq(ts[i].idx, TIMER_NONE);
}

Test(timer, only_due_timers_fire)
{
	static Timer ts[10];
	for (int i = 0; i < 10; i++) {
		timer_init(&ts[i], record, NULL);
		ts[i].when = (i + 1) * 100;
		timer_add(&ts[i]);
	}
	cr_assert_eq(timers_run(550), 5);
	cr_assert_eq(fired[4], 500);
	cr_assert_eq(timers_next(), 600);
}

Test(timer, deleted_timers_do_not_fire)
{
	static Timer ts[100];
	for (int i = 0; i < 100; i++) {
		timer_init(&ts[i], record, NULL);
		ts[i].when = 1000 - i * 7;
		timer_add(&ts[i]);
	}
	/* delete every third one, including the current minimum (i = 99) */
	int kept = 0;
	for (int i = 0; i < 100; i++) {
		if (i % 3 == 0) {
			cr_assert(timer_del(&ts[i]));
			cr_assert_not(timer_del(&ts[i]), "a second delete finds nothing");
		} else {
			kept++;
		}
	}
	cr_assert_eq(timers_next(), 1000 - 98 * 7);
	cr_assert_eq(timers_run(100000), kept);
	for (int i = 1; i < nfired; i++)
		cr_assert_leq(fired[i - 1], fired[i]);
	for (int i = 0; i < nfired; i++)
		cr_assert_neq((1000 - fired[i]) / 7 % 3, 0, "a deleted timer fired");
}

Test(timer, periodic_timers_are_readded)
{
	static Timer t;
	timer_init(&t, record, NULL);
	t.when = 100;
	t.period = 50;
	timer_add(&t);
	cr_assert_eq(timers_run(100), 1);
	cr_assert_eq(timers_next(), 150);
	cr_assert_eq(timers_run(260), 1, "one tick per run; it fell behind, so the next is now + period");
	cr_assert_eq(timers_next(), 310);
	cr_assert(timer_del(&t));
}
