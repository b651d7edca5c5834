/*
 * chan.c - channels and select: the hchan ring buffer, the wait queues of sudogs, direct
 * hand-off between goroutines, close, and selectgo (Go's runtime/chan.go and select.go).
 *
 * A send (chansend), in Go's order:
 *   1. nil channel: block forever ("chan send (nil chan)");
 *   2. closed channel: the caller panics "send on closed channel";
 *   3. a receiver is waiting (recvq): hand the value straight to it - copy it into the
 *      receiver's destination slots in its own stack - and make it runnable (runnext);
 *   4. room in the buffer: copy the value to buf[sendx];
 *   5. otherwise queue a Sudog on sendq that names the value's stack slot, and park.
 * A receive (chanrecv) mirrors it: closed and drained gives the zero value and ok = false; a
 * waiting sender is served first (unbuffered: copy its value directly; buffered and so full:
 * take the head of the buffer and move the sender's value into the freed tail); then the
 * buffer; then park on recvq. close wakes every waiting receiver (zero value, ok = false) and
 * every waiting sender (which then panics), readying them in Go's order.
 *
 * select (selectgo): every non-nil case goes into a random permutation (Go's pollorder,
 * uniform); pass 1 takes the first case in that order that can proceed; without one, a select
 * with default returns SELECT_DEFAULT, else pass 2 queues one Sudog per case (in poll order),
 * all listed on g->waiting through waitlink, and parks. Whoever completes one of them runs Go's pass 3 at
 * once (select_done): it takes the goroutine's other Sudogs off their queues and writes the
 * chosen case's index into the goroutine's result slot. Go does pass 3 in the woken
 * goroutine; doing it in the waker is equivalent with one P and means a parked select never
 * resumes inside the runtime.
 *
 * Completing a parked operation. The parked goroutine sits after the CALL of its native
 * (runtime/sched.h), so the waker writes its results - the value, ok, the chosen case - into
 * its stack before readying it. A sender woken by close must panic instead: the waker moves
 * the goroutine's pc back onto the CALL (CALL_WORDS) so the native runs again and finds the
 * channel closed; a select is rerun with its descriptor replaced by chan_select_closed, so it
 * panics for the case that was chosen rather than picking again.
 *
 * The collector. The Hchan is a GC object. When the element type holds pointers the buffer
 * is a second object allocated with the element type (mallocgc of dataqsiz elements), which
 * the Hchan's pointer mask reaches through 'buf'; otherwise Hchan and buffer are one noscan
 * object. Sudogs live in C memory and hold no heap pointer the collector must see: the values
 * they refer to stay in the parked goroutines' stacks, which are roots, and their Hchan is in
 * the parked native's argument block.
 *
 * Write barriers (gc/gc.h), as Go's chan.go: every copy into the buffer (bufsend, the sender's
 * value moving into a full buffer in recv_direct) runs the bulk barrier over the element
 * type's pointer words first, and so does clearing a slot after a receive (typedmemclr). A
 * value handed straight from one goroutine's stack to another's (send_direct, recv_direct on
 * an unbuffered channel: Go's sendDirect and recvDirect) is shaded, because the receiving
 * stack may already have been scanned. Only element types with pointers pay for any of this.
 *
 * The block profile (prof/mprof.h). A goroutine that parks in a send, a receive or a select
 * notes the time (g->block_t0) when the block profile is on; whoever wakes it charges the wait
 * to the parked goroutine's stack (the channel native first: runtime.chanrecv1, chanrecv2,
 * chansend1 or runtime.selectgo, as in Go's profiles) before readying it. As Go: a close counts
 * too, except for a select woken to panic on a send to the closed channel; blocking forever
 * (nil channels, select {}) never ends, so it is never recorded.
 *
 * Invariants:
 *   - 0 <= qcount <= dataqsiz; the elements are buf[recvx], buf[recvx+1], ... (mod dataqsiz),
 *     and sendx == (recvx + qcount) % dataqsiz; freed buffer slots are zero.
 *   - sendq is non-empty only when the buffer is full (unbuffered: always "full"); recvq is
 *     non-empty only when the buffer is empty. Both are empty once the channel is closed.
 *   - Every Sudog on a queue belongs to a G_WAITING goroutine; a select's Sudogs are all queued
 *     or none is.
 */
#include "chan.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../gc/gc.h"
#include "../gc/malloc.h"
#include "../prof/mprof.h"
#include "sched.h"

/* A native is called by CALL, two instruction words long (op, then the Proto * word). */
#define CALL_WORDS 2

/* Largest buffer makechan accepts, in bytes (as makeslice's limit). */
#define MAX_CHAN_BYTES ((int64_t)1 << 40)

_Static_assert(offsetof(Hchan, qcount) == HCHAN_QCOUNT_OFF, "len(ch) reads qcount");
_Static_assert(offsetof(Hchan, dataqsiz) == HCHAN_DATAQSIZ_OFF, "cap(ch) reads dataqsiz");
_Static_assert(offsetof(Hchan, buf) == 16, "hchan_mask marks word 2");

/* The Hchan of a channel whose buffer holds pointers: only 'buf' is a heap pointer. */
static uint8_t hchan_mask[1] = {1u << 2};
static Type hchan_type = {
        .kind = K_STRUCT,
        .size = sizeof(Hchan),
        .align = 8,
        .ptrdata = 3 * sizeof(Slot),
        .ptrmask = hchan_mask,
        .str = "runtime.hchan",
        .complete = true,
};

const SelectDesc chan_select_closed = {0, 0, true};

/* ---------------------------------------------------------------- helpers */

static inline Slot *chanbuf(Hchan *c, int64_t i)
{
	return c->buf + i * (int64_t)c->elemslots;
}

/* Elements are mostly one or two slots: copy those inline rather than through memcpy. */
static inline void copy_slots(Slot *dst, const Slot *src, uint32_t n)
{
	switch (n) {
	case 0: return;
	case 2: dst[1] = src[1]; /* fall through */
	case 1: dst[0] = src[0]; return;
	default: memcpy(dst, src, n * sizeof(Slot));
	}
}

static inline void zero_slots(Slot *dst, uint32_t n)
{
	if (n)
		memset(dst, 0, n * sizeof(Slot));
}

/* The write barrier for overwriting one buffer element at dst with the value at src (NULL:
 * clearing it). A pointerful element type is 8-byte aligned, so its slot form is its memory
 * layout and its pointer mask applies to the slots as they are. */
static inline void wb_elem(const Hchan *c, Slot *dst, const Slot *src)
{
	const Type *t = c->elemtype;
	if (t->ptrdata)
		gc_wb_bulk(dst, src, t->ptrdata / sizeof(Slot), t->ptrmask);
}

/* Shades the pointers of a value that moves from one goroutine's stack to another's. */
static inline void shade_elem(const Hchan *c, const Slot *v)
{
	const Type *t = c->elemtype;
	if (t->ptrdata)
		gc_wb_shade(v, t->ptrdata / sizeof(Slot), t->ptrmask);
}

/* ---------------------------------------------------------------- block profile */

/* A goroutine parks: Go's t0 = cputicks(), taken only while the block profile is on. */
static inline void block_start(G *g)
{
	g->block_t0 = blockprofilerate > 0 ? mprof_cputicks() : 0;
}

/* The stack of a parked goroutine as Go's block profile shows it: the channel native first
 * (runtime.chanrecv1, chanrecv2, chansend1, selectgo), then the script frames. */
static int parked_stack(void *arg, uintptr_t *stk, int max)
{
	return vm_goroutine_stack(arg, stk, max);
}

/* The parked gp is being woken (it is still G_WAITING, so its stack starts with the native that
 * parked it): Go's blockevent(releasetime - t0). */
static void block_end(G *gp)
{
	int64_t t0 = gp->block_t0;
	if (!t0)
		return;
	gp->block_t0 = 0;
	mprof_blockevent(mprof_cputicks() - t0, parked_stack, gp);
}

/* ---------------------------------------------------------------- sudogs and queues */

static Sudog *sudog_free; /* free list through 'next' */

static Sudog *acquire_sudog(void)
{
	Sudog *s = sudog_free;
	if (s)
		sudog_free = s->next;
	else if (!(s = malloc(sizeof *s)))
		gc_fatal("runtime: out of memory");
	memset(s, 0, sizeof *s);
	return s;
}

static void release_sudog(Sudog *s)
{
	s->g = NULL;
	s->c = NULL;
	s->waitlink = NULL;
	s->prev = NULL;
	s->next = sudog_free;
	sudog_free = s;
}

static void enqueue(WaitQ *q, Sudog *s)
{
	s->next = NULL;
	s->prev = q->last;
	if (q->last)
		q->last->next = s;
	else
		q->first = s;
	q->last = s;
}

/* Takes the first Sudog off q (Go's waitq.dequeue). A select's other Sudogs are removed by
 * select_done as soon as one of them is taken, so no stale entry is ever found here. */
static Sudog *dequeue(WaitQ *q)
{
	Sudog *s = q->first;
	if (!s)
		return NULL;
	q->first = s->next;
	if (q->first)
		q->first->prev = NULL;
	else
		q->last = NULL;
	s->next = s->prev = NULL;
	return s;
}

/* Removes s, which is on q, from wherever it is (Go's dequeueSudoG). */
static void dequeue_sudog(WaitQ *q, Sudog *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		q->first = s->next;
	if (s->next)
		s->next->prev = s->prev;
	else
		q->last = s->prev;
	s->next = s->prev = NULL;
}

/*
 * Go's selectgo pass 3, run by the waker: win has been taken off its queue; the goroutine's
 * other Sudogs leave theirs, and the chosen case's index goes into its result slot.
 */
static void select_done(Sudog *win)
{
	G *gp = win->g;
	Sudog *s = gp->waiting;
	while (s) {
		Sudog *next = s->waitlink;
		if (s != win) {
			dequeue_sudog(s->is_send ? &s->c->sendq : &s->c->recvq, s);
			release_sudog(s);
		}
		s = next;
	}
	gp->stack[win->selres] = (Slot)(int64_t)win->casei;
}

/* The operation of s is complete (its results are written): release it and its goroutine's
 * other Sudogs. Returns the goroutine, still to be readied. */
static G *finish(Sudog *s)
{
	G *gp = s->g;
	if (s->is_select)
		select_done(s);
	gp->waiting = NULL;
	release_sudog(s);
	return gp;
}

/* A parked sender woken by close runs its native again, which then panics. */
static void retry_call(G *gp, Sudog *s)
{
	if (s->is_select)
		gp->stack[s->base] = (Slot)(uintptr_t)&chan_select_closed;
	if (gp->nframes)
		gp->frames[gp->nframes - 1].pc -= CALL_WORDS;
}

/* ---------------------------------------------------------------- make, send, receive */

Hchan *makechan(Type *elem, int64_t size, ChanStatus *st)
{
	uint32_t es = type_slots(elem);
	int64_t stride = (int64_t)es * (int64_t)sizeof(Slot);
	if (size < 0 || (stride && size > MAX_CHAN_BYTES / stride)) {
		*st = CHAN_BADSIZE;
		return NULL;
	}
	size_t bytes = (size_t)(size * stride);
	Hchan *c;
	if (bytes == 0) {
		c = mallocgc(NULL, sizeof(Hchan), true);
	} else if (elem->ptrdata == 0) {
		c = mallocgc(NULL, sizeof(Hchan) + bytes, true);
		c->buf = (Slot *)(c + 1);
	} else {
		/* A pointerful type is 8-byte aligned, so its slot form is its memory size. */
		if ((int64_t)elem->size != stride)
			gc_fatal("makechan: invalid channel element type");
		c = mallocgc(&hchan_type, sizeof(Hchan), true);
		gc_write_ptr(&c->buf, mallocgc(elem, bytes, true));
	}
	c->dataqsiz = size;
	c->elemtype = elem;
	c->elemslots = es;
	*st = CHAN_DONE;
	return c;
}

/* A receiver sg is waiting (so the buffer is empty): give it the value at ep directly. */
static G *send_direct(Hchan *c, Sudog *sg, const Slot *ep)
{
	G *gp = sg->g;
	block_end(gp);
	if (sg->elem != CHAN_NO_SLOT) {
		shade_elem(c, ep);
		copy_slots(gp->stack + sg->elem, ep, c->elemslots);
	}
	if (sg->okslot != CHAN_NO_SLOT)
		gp->stack[sg->okslot] = 1;
	sg->success = true;
	return finish(sg);
}

/* A sender sg is waiting (so the buffer is full): take a value for ep (may be NULL). */
static G *recv_direct(Hchan *c, Sudog *sg, Slot *ep)
{
	G *gp = sg->g;
	uint32_t n = c->elemslots;
	block_end(gp);
	if (c->dataqsiz == 0) {
		if (ep) {
			shade_elem(c, gp->stack + sg->elem);
			copy_slots(ep, gp->stack + sg->elem, n);
		}
	} else {
		/* The head of the queue goes to the receiver; the sender's value takes its place
		 * at the tail (the same index, since the buffer is full). */
		Slot *qp = chanbuf(c, c->recvx);
		if (ep)
			copy_slots(ep, qp, n);
		wb_elem(c, qp, gp->stack + sg->elem);
		copy_slots(qp, gp->stack + sg->elem, n);
		if (++c->recvx == c->dataqsiz)
			c->recvx = 0;
		c->sendx = c->recvx;
	}
	sg->success = true;
	return finish(sg);
}

static void bufsend(Hchan *c, const Slot *ep)
{
	Slot *qp = chanbuf(c, c->sendx);
	wb_elem(c, qp, ep);
	copy_slots(qp, ep, c->elemslots);
	if (++c->sendx == c->dataqsiz)
		c->sendx = 0;
	c->qcount++;
}

static void bufrecv(Hchan *c, Slot *ep)
{
	Slot *qp = chanbuf(c, c->recvx);
	if (ep)
		copy_slots(ep, qp, c->elemslots);
	wb_elem(c, qp, NULL);
	zero_slots(qp, c->elemslots);
	if (++c->recvx == c->dataqsiz)
		c->recvx = 0;
	c->qcount--;
}

/* Blocks g on c: queues a sudog for the send or receive whose value is at stack index elem
 * (and whose ok bool, for a receive, goes to okslot), then parks g. */
static ChanStatus park_on(Hchan *c, G *g, uint32_t elem, uint32_t okslot, bool is_send)
{
	Sudog *sg = acquire_sudog();
	sg->g = g;
	sg->c = c;
	sg->elem = elem;
	sg->okslot = okslot;
	sg->base = g->native_block;
	sg->is_send = is_send;
	enqueue(is_send ? &c->sendq : &c->recvq, sg);
	g->waiting = sg;
	block_start(g);
	gopark(g, is_send ? WAIT_CHAN_SEND : WAIT_CHAN_RECEIVE);
	return CHAN_PARKED;
}

ChanStatus chansend(Hchan *c, const Slot *ep, bool block, G *g, uint32_t epslot)
{
	if (!c) {
		if (!block)
			return CHAN_WOULDBLOCK;
		gopark(g, WAIT_CHAN_SEND_NIL);
		return CHAN_PARKED;
	}
	if (c->closed)
		return CHAN_CLOSED;
	Sudog *sg = dequeue(&c->recvq);
	if (sg) {
		goready(send_direct(c, sg, ep), false);
		return CHAN_DONE;
	}
	if (c->qcount < c->dataqsiz) {
		bufsend(c, ep);
		return CHAN_DONE;
	}
	if (!block)
		return CHAN_WOULDBLOCK;
	return park_on(c, g, epslot, CHAN_NO_SLOT, true);
}

ChanStatus chanrecv(Hchan *c, Slot *ep, bool *ok, bool block, G *g, uint32_t epslot,
                    uint32_t okslot)
{
	if (!c) {
		if (!block)
			return CHAN_WOULDBLOCK;
		gopark(g, WAIT_CHAN_RECEIVE_NIL);
		return CHAN_PARKED;
	}
	if (c->closed && c->qcount == 0) {
		if (ep)
			zero_slots(ep, c->elemslots);
		*ok = false;
		return CHAN_DONE;
	}
	Sudog *sg = dequeue(&c->sendq);
	if (sg) {
		goready(recv_direct(c, sg, ep), false);
		*ok = true;
		return CHAN_DONE;
	}
	if (c->qcount > 0) {
		bufrecv(c, ep);
		*ok = true;
		return CHAN_DONE;
	}
	if (!block)
		return CHAN_WOULDBLOCK;
	return park_on(c, g, epslot, okslot, false);
}

bool chan_trysend(Hchan *c, const Slot *ep)
{
	return chansend(c, ep, false, NULL, CHAN_NO_SLOT) == CHAN_DONE;
}

ChanStatus closechan(Hchan *c)
{
	if (!c)
		return CHAN_NIL;
	if (c->closed)
		return CHAN_CLOSED;
	c->closed = true;
	/* Collect the woken goroutines first and ready them afterwards, last collected first
	 * (Go's gList), so they run in Go's order. */
	G *glist = NULL;
	Sudog *sg;
	while ((sg = dequeue(&c->recvq))) {
		G *gp = sg->g;
		block_end(gp);
		if (sg->elem != CHAN_NO_SLOT)
			zero_slots(gp->stack + sg->elem, c->elemslots);
		if (sg->okslot != CHAN_NO_SLOT)
			gp->stack[sg->okslot] = 0;
		sg->success = false;
		finish(sg);
		gp->schedlink = glist;
		glist = gp;
	}
	while ((sg = dequeue(&c->sendq))) {
		G *gp = sg->g;
		sg->success = false;
		/* Go's chansend records its wait before panicking; selectgo panics at once */
		if (sg->is_select)
			gp->block_t0 = 0;
		else
			block_end(gp);
		retry_call(gp, sg);
		finish(sg);
		gp->schedlink = glist;
		glist = gp;
	}
	while (glist) {
		G *gp = glist;
		glist = gp->schedlink;
		gp->schedlink = NULL;
		goready(gp, false);
	}
	return CHAN_DONE;
}

/* ---------------------------------------------------------------- select */

static uint64_t rngstate;

/* xorshift64*, seeded from the clock on first use. */
static uint64_t cheaprand(void)
{
	if (!rngstate) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		rngstate = ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)ts.tv_nsec ^
		           (uint64_t)(uintptr_t)&ts;
		if (!rngstate)
			rngstate = 0x9E3779B97F4A7C15ull;
	}
	uint64_t x = rngstate;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rngstate = x;
	return x * 0x2545F4914F6CDD1Dull;
}

uint32_t chan_randn(uint32_t n)
{
	/* Lemire's multiply-shift on the high 32 bits (Go's cheaprandn). */
	return (uint32_t)(((cheaprand() >> 32) * (uint64_t)n) >> 32);
}

/* Pass 1 for one case: performs it if it can proceed now. Returns true when done. */
static bool select_try(const SelectCase *cs, Slot *a, G **woken, bool *sendclosed)
{
	Hchan *c = (Hchan *)(uintptr_t)a[cs->c];
	if (cs->send) {
		if (c->closed) {
			*sendclosed = true;
			return true;
		}
		Sudog *sg = dequeue(&c->recvq);
		if (sg)
			*woken = send_direct(c, sg, a + cs->elem);
		else if (c->qcount < c->dataqsiz)
			bufsend(c, a + cs->elem);
		else
			return false;
		return true;
	}
	Slot *ep = cs->elem == CHAN_NO_SLOT ? NULL : a + cs->elem;
	bool ok = true;
	Sudog *sg = dequeue(&c->sendq);
	if (sg) {
		*woken = recv_direct(c, sg, ep);
	} else if (c->qcount > 0) {
		bufrecv(c, ep);
	} else if (c->closed) {
		if (ep)
			zero_slots(ep, c->elemslots);
		ok = false;
	} else {
		return false;
	}
	if (cs->ok != CHAN_NO_SLOT)
		a[cs->ok] = ok;
	return true;
}

/*
 * Pass 2: one Sudog per non-nil case, queued and listed on g->waiting; then park. They are
 * queued in poll order, so when several cases wait on one channel, the one that a sender or
 * receiver finds first is random, as Go's lock order (sorted from the poll order) makes it.
 */
static void select_park(G *g, const SelectDesc *d, Slot *a, uint32_t base, const uint32_t *order,
                        uint32_t norder)
{
	Sudog **nextp = (Sudog **)&g->waiting;
	*nextp = NULL;
	for (uint32_t k = 0; k < norder; k++) {
		uint32_t i = order[k];
		const SelectCase *cs = &d->cases[i];
		Hchan *c = (Hchan *)(uintptr_t)a[cs->c];
		Sudog *sg = acquire_sudog();
		sg->g = g;
		sg->c = c;
		sg->is_select = true;
		sg->is_send = cs->send;
		sg->casei = (int32_t)i;
		sg->elem = cs->elem == CHAN_NO_SLOT ? CHAN_NO_SLOT : base + cs->elem;
		sg->okslot = cs->ok == CHAN_NO_SLOT ? CHAN_NO_SLOT : base + cs->ok;
		sg->selres = base + d->chosen;
		sg->base = base;
		*nextp = sg;
		nextp = &sg->waitlink;
		enqueue(cs->send ? &c->sendq : &c->recvq, sg);
	}
	block_start(g);
	gopark(g, WAIT_SELECT);
}

int selectgo(G *g, const SelectDesc *d, Slot *a, uint32_t base)
{
	if (d == &chan_select_closed)
		return SELECT_CLOSED;
	uint32_t n = d->ncases;
	uint32_t small[16];
	uint32_t *order = n <= 16 ? small : malloc(n * sizeof *order);
	if (!order)
		gc_fatal("runtime: out of memory");
	/* Go's pollorder: a uniform random permutation of the cases with a channel. */
	uint32_t norder = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (!a[d->cases[i].c])
			continue;
		uint32_t j = chan_randn(norder + 1);
		order[norder] = order[j];
		order[j] = i;
		norder++;
	}
	int result = SELECT_PARKED;
	G *woken = NULL;
	bool sendclosed = false;
	uint32_t k;
	for (k = 0; k < norder; k++)
		if (select_try(&d->cases[order[k]], a, &woken, &sendclosed))
			break;
	if (k < norder)
		result = sendclosed ? SELECT_CLOSED : (int)order[k];
	else if (!d->block)
		result = SELECT_DEFAULT;
	else
		select_park(g, d, a, base, order, norder);
	if (order != small)
		free(order);
	if (woken)
		goready(woken, false);
	return result;
}
