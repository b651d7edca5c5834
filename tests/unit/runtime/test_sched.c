/*
 * test_sched.c - runtime/sched.c's run queues: runnext, the local FIFO ring, the global queue
 * and Go's rule that every 61st pick looks at the global queue first.
 */
#include <criterion/criterion.h>
#include <stdint.h>

#include "runtime/sched.h"

static G gs[600];

static void drain(void)
{
	while (sched_next()) {
	}
}

TestSuite(sched, .init = drain);

Test(sched, runnext_runs_first_and_displaced_goes_to_the_back)
{
	goready(&gs[0], false); /* runnext = 0 */
	goready(&gs[1], false); /* runnext = 1, 0 -> local queue */
	goready(&gs[2], true);  /* local queue: 0, 2 */
	cr_assert_eq(sched_next(), &gs[1]);
	cr_assert_eq(sched_next(), &gs[0]);
	cr_assert_eq(sched_next(), &gs[2]);
	cr_assert_null(sched_next());
	cr_assert_eq(gs[0].status, G_RUNNABLE);
}

Test(sched, local_queue_is_fifo_and_overflows_to_global)
{
	/* 300 goroutines readied to the back: 256 fit the local ring, 44 go to the global queue.
	 * Each queue is FIFO (the 61-pick rule may interleave the two). */
	for (int i = 0; i < 300; i++)
		goready(&gs[i], true);
	int seen = 0, last_local = -1, last_global = 255;
	G *gp;
	while ((gp = sched_next())) {
		int i = (int)(gp - gs);
		if (i < 256) {
			cr_assert_eq(i, last_local + 1, "local queue out of order at %d", i);
			last_local = i;
		} else {
			cr_assert_eq(i, last_global + 1, "global queue out of order at %d", i);
			last_global = i;
		}
		seen++;
	}
	cr_assert_eq(seen, 300);
	cr_assert_eq(last_local, 255);
	cr_assert_eq(last_global, 299);
}

Test(sched, global_queue_is_not_starved)
{
	/* a yielded goroutine waits on the global queue while the local queue stays busy: it is
	 * picked within 61 picks */
	gosched(&gs[500]);
	for (int i = 0; i < 100; i++)
		goready(&gs[i], true);
	int picks = 0;
	G *gp;
	do {
		gp = sched_next();
		picks++;
		if (gp != &gs[500])
			goready(gp, true); /* keep the local queue full */
	} while (gp != &gs[500] && picks < 200);
	cr_assert_eq(gp, &gs[500]);
	cr_assert_leq(picks, 61);
}
