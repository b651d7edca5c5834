/*
 * chan.h - channels and select (Go's runtime/chan.go and select.go).
 *
 * A channel value is a pointer to an Hchan, a GC-heap object made by makechan. Its element
 * buffer is a ring of 'dataqsiz' elements kept in frame-slot form (elemslots 8-byte slots each,
 * exactly as a value of the element type sits in a frame), so moving a value between a
 * goroutine's slots and the buffer is a plain copy of slots.
 *
 * Blocking. An operation that cannot complete parks its goroutine (runtime/sched.h, "Blocking
 * from C") after queueing a Sudog on the channel. A Sudog names its goroutine and the STACK
 * INDEX of the value involved, never a raw pointer, because a parked goroutine's stack may be
 * reallocated by the collector's stack shrinking: the value being sent stays in the sender's
 * argument block (a GC root), and the receiver's destination is its result slots. Whoever
 * completes the operation copies the value through g->stack + index and readies the goroutine.
 *
 * How compiled code calls in (lang/std/chan_natives.c defines the natives, lang/compile_call.c
 * emits the calls): each operation is a CALL of a native with an argument block
 *     runtime.makechan   [elemtype (constant Type *), size] -> [ch]
 *     runtime.chansend1  [ch, value slots...]
 *     runtime.chanrecv1  [ch] -> [value slots...]
 *     runtime.chanrecv2  [ch] -> [value slots..., ok]
 *     runtime.closechan  [ch]
 *     runtime.selectgo   [desc (constant SelectDesc *), per case: ch, send value slots...]
 *                          -> [chosen, per receive case that assigns: value slots..., ok]
 *     runtime.block      []  (select {})
 * The SelectDesc gives the offsets of all of these in the block; 'ok' is there only for the
 * v, ok forms. len(ch) and cap(ch) load qcount / dataqsiz straight from the Hchan (0 for a nil
 * channel). A select with no case, only a default, or one case and no default is compiled as
 * runtime.block, its default clause, or a plain send or receive, as gc compiles them.
 */
#ifndef MINIRT_RUNTIME_CHAN_H
#define MINIRT_RUNTIME_CHAN_H

#include <stdbool.h>
#include <stdint.h>

#include "proc.h"

/* "No slot" for Sudog and SelectCase indices (nothing to copy, no ok to write). */
#define CHAN_NO_SLOT UINT32_MAX

/* Byte offsets of qcount and dataqsiz, read by compiled len(ch) and cap(ch). */
#define HCHAN_QCOUNT_OFF   0
#define HCHAN_DATAQSIZ_OFF 8

typedef struct Sudog Sudog;
typedef struct Hchan Hchan;

/* A FIFO of Sudogs, linked through next/prev (Go's waitq). */
typedef struct WaitQ {
	Sudog *first, *last;
} WaitQ;

/* Go's hchan. One P runs script code, so no lock: every field is touched only by the running
 * goroutine's natives or by the scheduler's timer callbacks, never concurrently. */
struct Hchan {
	int64_t qcount;   /* elements in the buffer now */
	int64_t dataqsiz; /* buffer capacity (0: unbuffered) */
	Slot *buf; /* the ring: dataqsiz * elemslots slots (GC heap), NULL when empty-sized */
	Type *elemtype;
	uint32_t elemslots; /* slots per element: type_slots(elemtype), 0 for struct{} */
	bool closed;
	int64_t sendx; /* next buffer index to send into */
	int64_t recvx; /* next buffer index to receive from */
	WaitQ recvq;   /* goroutines blocked receiving */
	WaitQ sendq;   /* goroutines blocked sending */
};

/* A goroutine waiting on one channel (one per case when it waits in a select). C heap, kept on
 * a free list; it holds no heap pointer the collector must see (see the top comment). */
struct Sudog {
	G *g;
	Sudog *next, *prev; /* in the channel's recvq or sendq */
	Hchan *c;
	uint32_t elem;   /* stack index in g: value to send, or where the received value goes;
	                    CHAN_NO_SLOT: receive and discard */
	uint32_t okslot; /* receive: stack index of the 'ok' bool; CHAN_NO_SLOT: none */
	uint32_t base;   /* stack index of the parked native's argument block */
	uint32_t selres; /* select: stack index of the 'chosen' result */
	int32_t casei;   /* select: the case this Sudog stands for */
	bool is_select;
	bool is_send;
	bool success;    /* set by the waker: true when a value was passed, false on close */
	Sudog *waitlink; /* select: the goroutine's next Sudog (g->waiting heads the list) */
};

/* Results of the operations below. */
typedef enum ChanStatus {
	CHAN_DONE,       /* completed now; received values are in *ep */
	CHAN_WOULDBLOCK, /* non-blocking attempt that could not complete */
	CHAN_PARKED,     /* g is parked; the waker completes the operation */
	CHAN_CLOSED,  /* send on a closed channel (or close of a closed one): the caller panics */
	CHAN_NIL,     /* close of a nil channel: the caller panics */
	CHAN_BADSIZE, /* makechan: size out of range */
} ChanStatus;

/* Go's makechan: a channel of elements of type elem with a buffer of 'size'. Returns NULL
 * (and CHAN_BADSIZE in *st) when size is negative or too large. */
Hchan *makechan(Type *elem, int64_t size, ChanStatus *st);

/*
 * Go's chansend. ep holds the value (c->elemslots slots) now; epslot is where the same value
 * sits in g's stack, for a receiver to read after g has parked. With block false nothing
 * parks (CHAN_WOULDBLOCK instead). A nil channel blocks forever.
 */
ChanStatus chansend(Hchan *c, const Slot *ep, bool block, G *g, uint32_t epslot);

/*
 * Go's chanrecv. On CHAN_DONE the value is in ep (when not NULL) and *ok tells whether it was
 * sent (false: the channel is closed and drained; ep holds the zero value). When g parks, the
 * waker writes the value at g->stack[epslot] and the ok bool at g->stack[okslot] (each unless
 * CHAN_NO_SLOT).
 */
ChanStatus chanrecv(Hchan *c, Slot *ep, bool *ok, bool block, G *g, uint32_t epslot,
                    uint32_t okslot);

/* Go's closechan: CHAN_DONE, CHAN_NIL or CHAN_CLOSED. Readies every waiting goroutine. */
ChanStatus closechan(Hchan *c);

/* A non-blocking send from C (timers): true when the value was sent. */
bool chan_trysend(Hchan *c, const Slot *ep);

/* ---------------------------------------------------------------- select */

/* One case of a select, as slot offsets into the selectgo argument block. */
typedef struct SelectCase {
	uint32_t c;    /* the channel */
	uint32_t elem; /* send: the value; receive: its destination (CHAN_NO_SLOT: discard) */
	uint32_t ok;   /* receive: the ok bool (CHAN_NO_SLOT: none) */
	bool send;
} SelectCase;

/* A select statement's shape, made once by the compiler and passed as a constant. */
typedef struct SelectDesc {
	uint32_t ncases; /* send and receive cases, in source order (default excluded) */
	uint32_t chosen; /* slot offset of the 'chosen' result */
	bool block;      /* no default clause */
	SelectCase cases[];
} SelectDesc;

/* selectgo's results besides a case index. */
enum {
	SELECT_DEFAULT = -1, /* nothing ready, and the select has a default */
	SELECT_PARKED = -2,  /* g parked; the waker writes 'chosen' and the case's value */
	SELECT_CLOSED = -3,  /* the chosen case sends on a closed channel: the caller panics */
};

/*
 * Go's selectgo over the argument block a (a copy of the block at stack index base of g):
 * picks a ready case uniformly at random (nil channels never are), performs it and returns its
 * index with received values written into a; otherwise returns SELECT_DEFAULT, or queues one
 * Sudog per case and parks g. A goroutine woken because a channel it sends to was closed is
 * resumed at the select's call again, with a[0] replaced by chan_select_closed, so selectgo
 * then reports SELECT_CLOSED.
 */
int selectgo(G *g, const SelectDesc *d, Slot *a, uint32_t base);

/* The stand-in descriptor that makes selectgo report a send on a closed channel. */
extern const SelectDesc chan_select_closed;

/* Random numbers for select's poll order (Go's cheaprandn): uniform in [0, n). */
uint32_t chan_randn(uint32_t n);

#endif
