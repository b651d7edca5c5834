/*
 * test_chan.c - runtime/chan.c: the ring buffer, the wait queues, direct hand-off between
 * parked goroutines, close, and selectgo (its case choice, its parking on every channel at once
 * and the withdrawal from the channels not chosen, and its fairness).
 *
 * Goroutines here are bare Gs from proc_newg: a parked operation's values live in the G's slot
 * stack at the indices the test passes (as a native's argument block would), gopark only marks
 * the G waiting, and goready puts it on the scheduler's queues, which the tests read back with
 * sched_next. Element types are built by hand (lang/types.h's layout). Expected values follow
 * from Go's rules: FIFO buffers and wait queues, a waiting receiver is served before the
 * buffer, close wakes receivers with the zero value and ok == false, and a select picks
 * uniformly among its ready cases.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gc/gc.h"
#include "gc/malloc.h"
#include "gc/mheap.h"
#include "runtime/chan.h"
#include "runtime/sched.h"

/* ---------------------------------------------------------------- types */

static uint8_t mask1[1] = {0x01};
static uint8_t mask_w1[1] = {0x02};
static Type int_t = {.kind = K_INT, .size = 8, .align = 8, .str = "int", .comparable = true};
static Type ptr_t = {.kind = K_POINTER,
                     .size = 8,
                     .align = 8,
                     .ptrdata = 8,
                     .ptrmask = mask1,
                     .str = "*int",
                     .direct_iface = true,
                     .elem = &int_t};
/* string: {ptr, len}, two slots */
static Type str_t = {.kind = K_STRING,
                     .size = 16,
                     .align = 8,
                     .ptrdata = 8,
                     .ptrmask = mask1,
                     .str = "string",
                     .comparable = true};
/* struct { n int; p *int } */
static Type np_t = {.kind = K_STRUCT,
                    .size = 16,
                    .align = 8,
                    .ptrdata = 16,
                    .ptrmask = mask_w1,
                    .str = "struct { n int; p *int }"};
static Type empty_t = {.kind = K_STRUCT, .size = 0, .align = 1, .str = "struct {}"};

/* ---------------------------------------------------------------- roots and helpers */

static uintptr_t roots[16];
static size_t nroots;

static void scan_roots(void)
{
	gc_scan_words(roots, nroots, NULL);
}

static void drain(void)
{
	while (sched_next()) {
	}
}

/* C memory a test allocates (Gs, their stacks and frames, descriptors), freed after it. */
static void *owned[64];
static int nowned;

static void *own(void *p)
{
	cr_assert_not_null(p);
	cr_assert_lt(nowned, 64);
	owned[nowned++] = p;
	return p;
}

static void fresh(void)
{
	gc_init();
	gc_set_root_scanner(scan_roots);
	nroots = 0;
	nowned = 0;
	drain();
}

static void cleanup(void)
{
	while (nowned > 0)
		free(owned[--nowned]);
}

TestSuite(chan, .init = fresh, .fini = cleanup);

static Hchan *mk(Type *t, int64_t size)
{
	ChanStatus st;
	Hchan *c = makechan(t, size, &st);
	cr_assert_not_null(c);
	cr_assert_eq(st, CHAN_DONE);
	return c;
}

static G *newg(void)
{
	G *g = own(proc_newg());
	own(g->stack);
	g->status = G_RUNNING;
	return g;
}

static void send_int(Hchan *c, int64_t v)
{
	Slot s = (Slot)v;
	cr_assert_eq(chansend(c, &s, false, NULL, CHAN_NO_SLOT), CHAN_DONE, "send of %lld",
	             (long long)v);
}

static int64_t recv_int(Hchan *c, bool *ok)
{
	Slot s = 0xdead;
	bool k;
	cr_assert_eq(chanrecv(c, &s, &k, false, NULL, CHAN_NO_SLOT, CHAN_NO_SLOT), CHAN_DONE);
	if (ok)
		*ok = k;
	return (int64_t)s;
}

/* The buffer invariants of chan.c's header. */
static void check_ring(Hchan *c)
{
	cr_assert_geq(c->qcount, 0);
	cr_assert_leq(c->qcount, c->dataqsiz);
	if (c->dataqsiz) {
		cr_assert_eq(c->sendx, (c->recvx + c->qcount) % c->dataqsiz);
		/* freed slots are zero */
		for (int64_t i = c->qcount; i < c->dataqsiz; i++) {
			int64_t k = (c->recvx + i) % c->dataqsiz;
			for (uint32_t j = 0; j < c->elemslots; j++)
				cr_assert_eq(c->buf[k * c->elemslots + j], 0,
				             "slot %lld not cleared", (long long)k);
		}
	}
	if (c->sendq.first)
		cr_assert_eq(c->qcount, c->dataqsiz, "senders wait only on a full buffer");
	if (c->recvq.first)
		cr_assert_eq(c->qcount, 0, "receivers wait only on an empty buffer");
}

static int queue_len(WaitQ *q)
{
	int n = 0;
	Sudog *prev = NULL;
	for (Sudog *s = q->first; s; s = s->next) {
		cr_assert_eq(s->prev, prev, "broken prev link");
		prev = s;
		n++;
	}
	cr_assert_eq(q->last, prev);
	return n;
}

/* ---------------------------------------------------------------- make */

Test(chan, makechan_sizes)
{
	ChanStatus st;
	cr_assert_null(makechan(&int_t, -1, &st));
	cr_assert_eq(st, CHAN_BADSIZE);
	cr_assert_null(makechan(&int_t, (int64_t)1 << 62, &st));
	cr_assert_eq(st, CHAN_BADSIZE);
	/* zero-sized elements need no buffer, whatever the capacity */
	Hchan *e = mk(&empty_t, (int64_t)1 << 50);
	cr_assert_eq(e->dataqsiz, (int64_t)1 << 50);
	cr_assert_eq(e->elemslots, 0);
	Hchan *c = mk(&str_t, 5);
	cr_assert_eq(c->elemslots, 2);
	cr_assert_eq(c->dataqsiz, 5);
	cr_assert_eq(c->qcount, 0);
	cr_assert_not(c->closed);
	/* len(ch) and cap(ch) are compiled as loads at these offsets */
	cr_assert_eq(*(int64_t *)((char *)c + HCHAN_QCOUNT_OFF), 0);
	cr_assert_eq(*(int64_t *)((char *)c + HCHAN_DATAQSIZ_OFF), 5);
}

/* ---------------------------------------------------------------- the ring buffer */

Test(chan, buffer_is_a_fifo_ring)
{
	Hchan *c = mk(&int_t, 4);
	for (int i = 1; i <= 4; i++) {
		send_int(c, i);
		check_ring(c);
	}
	Slot v = 5;
	cr_assert_eq(chansend(c, &v, false, NULL, CHAN_NO_SLOT), CHAN_WOULDBLOCK, "full");
	cr_assert_eq(recv_int(c, NULL), 1);
	cr_assert_eq(recv_int(c, NULL), 2);
	check_ring(c);
	send_int(c, 5);
	send_int(c, 6); /* wraps around */
	check_ring(c);
	cr_assert_eq(c->sendx, 2);
	cr_assert_eq(c->recvx, 2);
	cr_assert_eq(c->qcount, 4);
	for (int want = 3; want <= 6; want++) {
		cr_assert_eq(recv_int(c, NULL), want);
		check_ring(c);
	}
	Slot out;
	bool ok;
	cr_assert_eq(chanrecv(c, &out, &ok, false, NULL, CHAN_NO_SLOT, CHAN_NO_SLOT),
	             CHAN_WOULDBLOCK, "empty");
}

Test(chan, multi_slot_elements_keep_every_word)
{
	Hchan *c = mk(&str_t, 3);
	for (int round = 0; round < 5; round++) {
		Slot a[2] = {(Slot)(0x1000 + round), (Slot)round * 3};
		Slot b[2] = {(Slot)(0x2000 + round), (Slot)round * 5};
		cr_assert_eq(chansend(c, a, false, NULL, CHAN_NO_SLOT), CHAN_DONE);
		cr_assert_eq(chansend(c, b, false, NULL, CHAN_NO_SLOT), CHAN_DONE);
		Slot r[2];
		bool ok;
		cr_assert_eq(chanrecv(c, r, &ok, false, NULL, CHAN_NO_SLOT, CHAN_NO_SLOT),
		             CHAN_DONE);
		cr_assert(ok);
		cr_assert_eq(r[0], a[0]);
		cr_assert_eq(r[1], a[1]);
		cr_assert_eq(chanrecv(c, r, &ok, false, NULL, CHAN_NO_SLOT, CHAN_NO_SLOT),
		             CHAN_DONE);
		cr_assert_eq(r[0], b[0]);
		cr_assert_eq(r[1], b[1]);
		check_ring(c);
	}
}

Test(chan, zero_sized_elements_count)
{
	Hchan *c = mk(&empty_t, 2);
	cr_assert_eq(chansend(c, NULL, false, NULL, CHAN_NO_SLOT), CHAN_DONE);
	cr_assert_eq(chansend(c, NULL, false, NULL, CHAN_NO_SLOT), CHAN_DONE);
	cr_assert_eq(chansend(c, NULL, false, NULL, CHAN_NO_SLOT), CHAN_WOULDBLOCK);
	cr_assert_eq(c->qcount, 2);
	bool ok;
	cr_assert_eq(chanrecv(c, NULL, &ok, false, NULL, CHAN_NO_SLOT, CHAN_NO_SLOT), CHAN_DONE);
	cr_assert_eq(c->qcount, 1);
}

/* ---------------------------------------------------------------- parking and hand-off */

Test(chan, unbuffered_receiver_parks_and_sender_hands_off)
{
	Hchan *c = mk(&int_t, 0);
	G *r = newg();
	r->native_block = 10;
	r->stack[11] = 0x5555; /* result slot: overwritten by the sender */
	r->stack[12] = 7;      /* ok slot */
	bool ok;
	cr_assert_eq(chanrecv(c, r->stack + 11, &ok, true, r, 11, 12), CHAN_PARKED);
	cr_assert_eq(r->status, G_WAITING);
	cr_assert_eq(r->waitreason, WAIT_CHAN_RECEIVE);
	cr_assert_eq(queue_len(&c->recvq), 1);
	cr_assert_eq(r->waiting, c->recvq.first);
	check_ring(c);
	cr_assert_null(sched_next());

	Slot v = 42;
	cr_assert_eq(chansend(c, &v, true, NULL, CHAN_NO_SLOT), CHAN_DONE);
	cr_assert_eq(r->stack[11], 42);
	cr_assert_eq(r->stack[12], 1, "ok written as true");
	cr_assert_eq(queue_len(&c->recvq), 0);
	cr_assert_null(r->waiting);
	cr_assert_eq(c->qcount, 0, "an unbuffered hand-off never touches the buffer");
	cr_assert_eq(sched_next(), r, "the receiver is made runnable");
	cr_assert_eq(r->status, G_RUNNABLE);
	cr_assert_null(sched_next());
}

Test(chan, unbuffered_sender_parks_and_receiver_takes_its_value)
{
	Hchan *c = mk(&str_t, 0);
	G *s = newg();
	s->native_block = 4;
	s->stack[5] = 0xabc; /* the value: two slots */
	s->stack[6] = 3;
	cr_assert_eq(chansend(c, s->stack + 5, true, s, 5), CHAN_PARKED);
	cr_assert_eq(s->waitreason, WAIT_CHAN_SEND);
	cr_assert_eq(queue_len(&c->sendq), 1);
	/* the sender's stack may be reallocated while it waits: only the index is kept */
	Slot *moved = own(calloc(s->stack_size, sizeof(Slot)));
	memcpy(moved, s->stack, s->stack_size * sizeof(Slot));
	memset(s->stack, 0, s->stack_size * sizeof(Slot));
	s->stack = moved; /* the old array is freed with the test's other memory */
	Slot out[2];
	bool ok;
	cr_assert_eq(chanrecv(c, out, &ok, true, NULL, CHAN_NO_SLOT, CHAN_NO_SLOT), CHAN_DONE);
	cr_assert(ok);
	cr_assert_eq(out[0], 0xabc);
	cr_assert_eq(out[1], 3);
	cr_assert_eq(sched_next(), s);
}

Test(chan, full_buffer_sender_value_moves_into_the_buffer)
{
	Hchan *c = mk(&int_t, 2);
	send_int(c, 1);
	send_int(c, 2);
	G *s = newg();
	s->stack[3] = 3;
	cr_assert_eq(chansend(c, s->stack + 3, true, s, 3), CHAN_PARKED);
	check_ring(c);
	/* the receiver gets the head; the sender's value takes the freed place at the tail */
	cr_assert_eq(recv_int(c, NULL), 1);
	cr_assert_eq(c->qcount, 2);
	cr_assert_eq(queue_len(&c->sendq), 0);
	cr_assert_eq(sched_next(), s);
	check_ring(c);
	cr_assert_eq(recv_int(c, NULL), 2);
	cr_assert_eq(recv_int(c, NULL), 3);
	check_ring(c);
}

Test(chan, waiting_receivers_are_served_in_fifo_order)
{
	Hchan *c = mk(&int_t, 0);
	G *r[3];
	for (int i = 0; i < 3; i++) {
		r[i] = newg();
		cr_assert_eq(chanrecv(c, NULL, NULL, true, r[i], 1, CHAN_NO_SLOT), CHAN_PARKED);
	}
	cr_assert_eq(queue_len(&c->recvq), 3);
	for (int i = 0; i < 3; i++)
		send_int(c, 100 + i);
	for (int i = 0; i < 3; i++)
		cr_assert_eq(r[i]->stack[1], (Slot)(100 + i), "receiver %d", i);
	cr_assert_eq(queue_len(&c->recvq), 0);
	/* each goready takes runnext and pushes the previous one to the local queue */
	cr_assert_eq(sched_next(), r[2]);
	cr_assert_eq(sched_next(), r[0]);
	cr_assert_eq(sched_next(), r[1]);
}

Test(chan, nil_channel_blocks_forever)
{
	G *g = newg();
	Slot v = 1;
	cr_assert_eq(chansend(NULL, &v, false, g, 0), CHAN_WOULDBLOCK);
	cr_assert_eq(chansend(NULL, &v, true, g, 0), CHAN_PARKED);
	cr_assert_eq(g->waitreason, WAIT_CHAN_SEND_NIL);
	G *h = newg();
	bool ok;
	cr_assert_eq(chanrecv(NULL, &v, &ok, true, h, 0, CHAN_NO_SLOT), CHAN_PARKED);
	cr_assert_eq(h->waitreason, WAIT_CHAN_RECEIVE_NIL);
	cr_assert_null(g->waiting);
	cr_assert_null(sched_next());
	cr_assert_eq(closechan(NULL), CHAN_NIL);
}

/* ---------------------------------------------------------------- close */

Test(chan, close_drains_the_buffer_then_gives_zero_and_not_ok)
{
	Hchan *c = mk(&int_t, 3);
	send_int(c, 8);
	send_int(c, 9);
	cr_assert_eq(closechan(c), CHAN_DONE);
	cr_assert_eq(closechan(c), CHAN_CLOSED);
	Slot v = 1;
	cr_assert_eq(chansend(c, &v, true, NULL, CHAN_NO_SLOT), CHAN_CLOSED);
	cr_assert_eq(chansend(c, &v, false, NULL, CHAN_NO_SLOT), CHAN_CLOSED);
	bool ok;
	cr_assert_eq(recv_int(c, &ok), 8);
	cr_assert(ok);
	cr_assert_eq(recv_int(c, &ok), 9);
	cr_assert(ok);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(recv_int(c, &ok), 0);
		cr_assert_not(ok);
	}
	cr_assert_not(chan_trysend(c, &v));
}

Test(chan, close_wakes_receivers_with_zero_and_senders_to_panic)
{
	Hchan *c = mk(&str_t, 0);
	G *r[3];
	for (int i = 0; i < 3; i++) {
		r[i] = newg();
		r[i]->stack[1] = 0x77; /* stale result slots: close must zero them */
		r[i]->stack[2] = 0x77;
		r[i]->stack[3] = 5;
		cr_assert_eq(chanrecv(c, NULL, NULL, true, r[i], 1, 3), CHAN_PARKED);
	}
	cr_assert_eq(closechan(c), CHAN_DONE);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(r[i]->stack[1], 0);
		cr_assert_eq(r[i]->stack[2], 0);
		cr_assert_eq(r[i]->stack[3], 0, "ok is false");
		cr_assert_null(r[i]->waiting);
	}
	cr_assert_eq(queue_len(&c->recvq), 0);
	/* Go readies them last-collected first, each taking runnext: the first waiter runs
	 * first, then the rest from the local queue in reverse. */
	cr_assert_eq(sched_next(), r[0]);
	cr_assert_eq(sched_next(), r[2]);
	cr_assert_eq(sched_next(), r[1]);
	cr_assert_null(sched_next());

	/* A blocked sender is readied with its pc moved back onto its CALL (two words), so
	 * the send runs again and panics. */
	Hchan *d = mk(&int_t, 0);
	G *s = newg();
	static Instr code[8];
	static Proto fn = {.name = "main.f", .code = code, .ncode = 8, .nslots = 8};
	s->frames = own(calloc(1, sizeof(Frame)));
	s->framecap = 1;
	s->nframes = 1;
	s->frames[0].fn = &fn;
	s->frames[0].pc = code + 4;
	s->stack[1] = 1;
	cr_assert_eq(chansend(d, s->stack + 1, true, s, 1), CHAN_PARKED);
	cr_assert_eq(closechan(d), CHAN_DONE);
	cr_assert_eq(s->frames[0].pc, code + 2);
	cr_assert_eq(sched_next(), s);
	cr_assert_eq(chansend(d, s->stack + 1, true, s, 1), CHAN_CLOSED, "the rerun send panics");
}

/* ---------------------------------------------------------------- select */

/* A select block: [desc, c0, c1, c2, c3 | chosen, v0, ok0, v1, ok1, v2, ok2, v3, ok3] with
 * four receive cases of int. */
enum { NCASE = 4, CHOSEN = 1 + NCASE };

static SelectDesc *recv_desc(bool block)
{
	SelectDesc *d = own(calloc(1, sizeof *d + NCASE * sizeof(SelectCase)));
	d->ncases = NCASE;
	d->chosen = CHOSEN;
	d->block = block;
	for (uint32_t i = 0; i < NCASE; i++) {
		d->cases[i].c = 1 + i;
		d->cases[i].elem = CHOSEN + 1 + 2 * i;
		d->cases[i].ok = CHOSEN + 2 + 2 * i;
	}
	return d;
}

Test(chan, select_fairness_over_four_ready_cases)
{
	SelectDesc *d = recv_desc(true);
	Hchan *cs[NCASE];
	Slot a[CHOSEN + 1 + 2 * NCASE];
	for (int i = 0; i < NCASE; i++) {
		cs[i] = mk(&int_t, 1);
		send_int(cs[i], i);
		a[1 + i] = (Slot)(uintptr_t)cs[i];
	}
	G *g = newg();
	int count[NCASE] = {0};
	const int rounds = 100000;
	for (int n = 0; n < rounds; n++) {
		int r = selectgo(g, d, a, 0);
		cr_assert(r >= 0 && r < NCASE, "every case is ready, got %d", r);
		cr_assert_eq(a[d->cases[r].elem], (Slot)r, "the value of the chosen channel");
		cr_assert_eq(a[d->cases[r].ok], 1);
		count[r]++;
		send_int(cs[r], r); /* make it ready again */
	}
	for (int i = 0; i < NCASE; i++)
		cr_assert(count[i] >= rounds / 5 && count[i] <= rounds * 3 / 10,
		          "case %d chosen %d times of %d", i, count[i], rounds);
	cr_assert_eq(g->status, G_RUNNING, "never parked");
}

Test(chan, select_with_default_and_nothing_ready_takes_default)
{
	SelectDesc *d = recv_desc(false);
	Slot a[CHOSEN + 1 + 2 * NCASE] = {0};
	for (int i = 0; i < NCASE; i++)
		a[1 + i] = i % 2 ? 0 : (Slot)(uintptr_t)mk(&int_t, 0); /* nil channels too */
	G *g = newg();
	cr_assert_eq(selectgo(g, d, a, 0), SELECT_DEFAULT);
	cr_assert_eq(g->status, G_RUNNING);
	cr_assert_null(g->waiting);
	for (int i = 0; i < NCASE; i += 2)
		cr_assert_null(((Hchan *)(uintptr_t)a[1 + i])->recvq.first);
}

Test(chan, select_never_picks_a_nil_channel)
{
	SelectDesc *d = recv_desc(true);
	Hchan *live = mk(&int_t, 100);
	Slot a[CHOSEN + 1 + 2 * NCASE] = {0};
	a[1 + 2] = (Slot)(uintptr_t)live; /* cases 0, 1, 3 are nil */
	G *g = newg();
	for (int n = 0; n < 100; n++) {
		send_int(live, n);
		cr_assert_eq(selectgo(g, d, a, 0), 2);
		cr_assert_eq(a[d->cases[2].elem], (Slot)n);
	}
}

Test(chan, blocked_select_is_woken_by_one_channel_and_leaves_the_others)
{
	SelectDesc *d = recv_desc(true);
	Hchan *cs[NCASE];
	G *g = newg();
	uint32_t base = 20;
	Slot *a = g->stack + base;
	for (int i = 0; i < NCASE; i++) {
		cs[i] = mk(&int_t, 0);
		a[1 + i] = (Slot)(uintptr_t)cs[i];
	}
	g->native_block = base;
	cr_assert_eq(selectgo(g, d, a, base), SELECT_PARKED);
	cr_assert_eq(g->status, G_WAITING);
	cr_assert_eq(g->waitreason, WAIT_SELECT);
	for (int i = 0; i < NCASE; i++)
		cr_assert_eq(queue_len(&cs[i]->recvq), 1, "one sudog on channel %d", i);
	/* a send on channel 2 completes the select */
	send_int(cs[2], 77);
	cr_assert_eq(a[CHOSEN], 2, "chosen written into the parked goroutine's results");
	cr_assert_eq(a[d->cases[2].elem], 77);
	cr_assert_eq(a[d->cases[2].ok], 1);
	for (int i = 0; i < NCASE; i++)
		cr_assert_eq(queue_len(&cs[i]->recvq), 0, "channel %d no longer waited on", i);
	cr_assert_null(g->waiting);
	cr_assert_eq(sched_next(), g);
	/* a later send on another channel finds no receiver */
	Slot v = 5;
	cr_assert_eq(chansend(cs[0], &v, false, NULL, CHAN_NO_SLOT), CHAN_WOULDBLOCK);
}

Test(chan, select_on_one_channel_twice_and_close)
{
	/* two receive cases on the same channel and one on another: close of the shared one
	 * completes the select once, with ok == false, and no sudog is left behind */
	SelectDesc *d = recv_desc(true);
	Hchan *shared = mk(&int_t, 0), *other = mk(&int_t, 0);
	G *g = newg();
	Slot *a = g->stack + 10;
	a[1] = a[2] = (Slot)(uintptr_t)shared;
	a[3] = (Slot)(uintptr_t)other;
	a[4] = 0;
	a[d->cases[0].elem] = a[d->cases[1].elem] = 0x99;
	cr_assert_eq(selectgo(g, d, a, 10), SELECT_PARKED);
	cr_assert_eq(queue_len(&shared->recvq), 2);
	cr_assert_eq(closechan(shared), CHAN_DONE);
	int chosen = (int)a[CHOSEN];
	cr_assert(chosen == 0 || chosen == 1, "a case on the closed channel, got %d", chosen);
	cr_assert_eq(a[d->cases[chosen].elem], 0);
	cr_assert_eq(a[d->cases[chosen].ok], 0);
	cr_assert_eq(queue_len(&shared->recvq), 0);
	cr_assert_eq(queue_len(&other->recvq), 0);
	cr_assert_eq(sched_next(), g);
	cr_assert_null(sched_next(), "readied once");
}

Test(chan, blocked_select_with_two_cases_on_one_channel_picks_either)
{
	/* cases 0 and 1 receive from the same channel (2 and 3 are nil): a value sent while the
	 * select waits completes one of them, each about half the time, as in Go */
	SelectDesc *d = recv_desc(true);
	Hchan *c = mk(&int_t, 0);
	G *g = newg();
	Slot *a = g->stack + 8;
	int count[2] = {0};
	for (int n = 0; n < 4000; n++) {
		a[1] = a[2] = (Slot)(uintptr_t)c;
		a[3] = a[4] = 0;
		g->status = G_RUNNING;
		cr_assert_eq(selectgo(g, d, a, 8), SELECT_PARKED);
		send_int(c, n);
		int r = (int)a[CHOSEN];
		cr_assert(r == 0 || r == 1);
		cr_assert_eq(a[d->cases[r].elem], (Slot)n);
		cr_assert_eq(queue_len(&c->recvq), 0);
		cr_assert_eq(sched_next(), g);
		count[r]++;
	}
	cr_assert(count[0] > 1600 && count[1] > 1600, "chosen %d and %d times", count[0], count[1]);
}

Test(chan, select_send_cases)
{
	/* [desc, c0, v0, c1, v1 | chosen]: two send cases */
	SelectDesc *d = own(calloc(1, sizeof *d + 2 * sizeof(SelectCase)));
	d->ncases = 2;
	d->chosen = 5;
	d->block = true;
	d->cases[0] = (SelectCase){.c = 1, .elem = 2, .ok = CHAN_NO_SLOT, .send = true};
	d->cases[1] = (SelectCase){.c = 3, .elem = 4, .ok = CHAN_NO_SLOT, .send = true};
	Hchan *full = mk(&int_t, 1), *room = mk(&int_t, 1);
	send_int(full, 1);
	G *g = newg();
	Slot *a = g->stack + 8;
	a[1] = (Slot)(uintptr_t)full;
	a[2] = 10;
	a[3] = (Slot)(uintptr_t)room;
	a[4] = 20;
	cr_assert_eq(selectgo(g, d, a, 8), 1, "only the channel with room is ready");
	cr_assert_eq(recv_int(room, NULL), 20);
	/* now both are full: park, then a receiver on 'full' takes the select's value */
	send_int(room, 2);
	cr_assert_eq(selectgo(g, d, a, 8), SELECT_PARKED);
	cr_assert_eq(queue_len(&full->sendq), 1);
	cr_assert_eq(queue_len(&room->sendq), 1);
	cr_assert_eq(recv_int(full, NULL), 1);
	cr_assert_eq(a[5], 0, "case 0 chosen");
	cr_assert_eq(recv_int(full, NULL), 10, "its value moved into the buffer");
	cr_assert_eq(queue_len(&room->sendq), 0);
	cr_assert_eq(sched_next(), g);

	/* a send case on a closed channel: SELECT_CLOSED at once, or after a wake-up */
	closechan(full);
	cr_assert_eq(selectgo(g, d, a, 8), SELECT_CLOSED);
	Hchan *c2 = mk(&int_t, 0);
	a[1] = (Slot)(uintptr_t)c2;
	a[0] = (Slot)(uintptr_t)d;
	cr_assert_eq(selectgo(g, d, a, 8), SELECT_PARKED);
	closechan(c2);
	cr_assert_eq(a[0], (Slot)(uintptr_t)&chan_select_closed, "rerun as a closed send");
	cr_assert_eq(queue_len(&room->sendq), 0);
	cr_assert_eq(sched_next(), g);
	/* rerun: even with the other case ready now, the select reports the closed send */
	recv_int(room, NULL);
	cr_assert_eq(selectgo(g, (const SelectDesc *)(uintptr_t)a[0], a, 8), SELECT_CLOSED);
}

Test(chan, randn_is_in_range_and_covers_it)
{
	int seen[7] = {0};
	for (int i = 0; i < 7000; i++) {
		uint32_t r = chan_randn(7);
		cr_assert_lt(r, 7);
		seen[r]++;
	}
	for (int i = 0; i < 7; i++)
		cr_assert_gt(seen[i], 700, "value %d drawn %d times", i, seen[i]);
	cr_assert_eq(chan_randn(1), 0);
}

/* ---------------------------------------------------------------- the collector */

static bool is_allocated(const void *p)
{
	MSpan *s = spanOf(p);
	if (!s)
		return false;
	uintptr_t i = ((uintptr_t)p - s->startAddr) / s->elemsize;
	return s->allocBits[i / 64] >> (i % 64) & 1;
}

Test(chan, buffered_pointers_live_while_the_channel_does)
{
	Hchan *c = mk(&np_t, 4);
	int64_t *objs[4];
	for (int i = 0; i < 4; i++) {
		objs[i] = mallocgc(&int_t, sizeof(int64_t), true);
		*objs[i] = 1000 + i;
		Slot v[2] = {(Slot)i, (Slot)(uintptr_t)objs[i]};
		cr_assert_eq(chansend(c, v, false, NULL, CHAN_NO_SLOT), CHAN_DONE);
	}
	int64_t *garbage = mallocgc(&int_t, sizeof(int64_t), true);
	roots[nroots++] = (uintptr_t)c; /* only the channel is a root */
	gc_runtime_GC();
	cr_assert(is_allocated(c));
	cr_assert(is_allocated(c->buf), "the buffer is reached through the hchan");
	for (int i = 0; i < 4; i++)
		cr_assert(is_allocated(objs[i]), "object %d kept by the buffer", i);
	cr_assert_not(is_allocated(garbage));
	/* received values leave the buffer: their objects become garbage */
	Slot r[2];
	bool ok;
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(chanrecv(c, r, &ok, false, NULL, CHAN_NO_SLOT, CHAN_NO_SLOT),
		             CHAN_DONE);
		cr_assert_eq(*(int64_t *)(uintptr_t)r[1], 1000 + i);
	}
	gc_runtime_GC();
	cr_assert_not(is_allocated(objs[0]));
	cr_assert_not(is_allocated(objs[1]));
	cr_assert(is_allocated(objs[2]));
	cr_assert(is_allocated(objs[3]));
	nroots = 0;
	gc_runtime_GC();
	cr_assert_not(is_allocated(c));
	cr_assert_not(is_allocated(objs[3]));
}

Test(chan, pointer_free_channel_is_one_noscan_object)
{
	Hchan *c = mk(&int_t, 8);
	cr_assert_eq((void *)c->buf, (void *)(c + 1), "the buffer follows the hchan");
	MSpan *s = spanOf(c);
	cr_assert_not_null(s);
	cr_assert(spanclass_noscan(s->spanclass), "noscan span class");
	Hchan *p = mk(&ptr_t, 8);
	cr_assert_neq((void *)p->buf, (void *)(p + 1));
	cr_assert_not(spanclass_noscan(spanOf(p)->spanclass),
	              "an hchan with a pointer buffer is scanned");
}
