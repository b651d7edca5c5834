/*
 * vm.c - the interpreter: a register machine over the goroutine's slot stack.
 *
 * How it runs:
 *   1. run() executes instructions of the top frame, dispatching with computed goto (a plain
 *      switch when MINIRT_SWITCH_DISPATCH is defined, for debugging).
 *   2. CALL pushes a Frame whose slots start at the caller's argument block; RET pops it. No C
 *      recursion: a script call is a jump, so a goroutine can later be parked at any instruction.
 *      The only nesting is vm_call, used by natives that call back into script code (fmt calling
 *      a String method): it runs a nested run() until that one call returns.
 *   3. RET first runs the frame's pending deferred calls, one at a time: it calls the deferred
 *      closure with the RET itself as the return address, so each return re-executes RET until
 *      no defer is left. RET with a = 1 only runs the defers (used before copying heap-resident
 *      named results back into their slots).
 *   4. A panic (from PANIC, a failed check, or a native) records a Panic and unwinds: each frame's
 *      deferred calls run as FRAME_PANICCALL frames that return to a shared UNWIND instruction;
 *      if one of them recovered, execution resumes at the frame's return sequence
 *      (Proto.deferreturn); otherwise frames are popped. With no frame left, the panic is printed
 *      as Go prints it and the program exits with status 2.
 *
 * Invariants:
 *   - 'R' is g->stack + frame base. It is recomputed after anything that may grow the stack
 *     (calls, natives), since growth moves the slots.
 *   - The running frame's saved pc is current whenever an instruction can panic, so tracebacks
 *     and recover see the right line (the SAVE macro).
 */
#include "vm.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../gc/gc.h"
#include "../gc/malloc.h"
#include "../runtime/map.h"
#include "../runtime/proc.h"
#include "../runtime/rtstring.h"
#include "../runtime/sched.h"
#include "arena.h"
#include "compile.h"
#include "compile_int.h"
#include "std/cpuprof.h"
#include "std/fmt.h"

/* ---------------------------------------------------------------- value conversions */

/* Memory form -> canonical slot form. */
static inline void load_kind(Slot *dst, const void *src, uint64_t k)
{
	switch (k & 0x7f) {
	case MK_I8: dst[0] = (Slot)(int64_t) * (const int8_t *)src; break;
	case MK_U8: dst[0] = *(const uint8_t *)src; break;
	case MK_I16: {
		int16_t v;
		memcpy(&v, src, 2);
		dst[0] = (Slot)(int64_t)v;
		break;
	}
	case MK_U16: {
		uint16_t v;
		memcpy(&v, src, 2);
		dst[0] = v;
		break;
	}
	case MK_I32: {
		int32_t v;
		memcpy(&v, src, 4);
		dst[0] = (Slot)(int64_t)v;
		break;
	}
	case MK_U32: {
		uint32_t v;
		memcpy(&v, src, 4);
		dst[0] = v;
		break;
	}
	case MK_64: memcpy(dst, src, 8); break;
	case MK_F32: {
		float f;
		memcpy(&f, src, 4);
		dst[0] = f64_slot((double)f);
		break;
	}
	default: memcpy(dst, src, (size_t)((k >> 8) & 0xffffffff)); break;
	}
}

/* Canonical slot form -> memory form. */
static inline void store_kind(void *dst, const Slot *src, uint64_t k)
{
	switch (k & 0x7f) {
	case MK_I8:
	case MK_U8: *(uint8_t *)dst = (uint8_t)src[0]; break;
	case MK_I16:
	case MK_U16: {
		uint16_t v = (uint16_t)src[0];
		memcpy(dst, &v, 2);
		break;
	}
	case MK_I32:
	case MK_U32: {
		uint32_t v = (uint32_t)src[0];
		memcpy(dst, &v, 4);
		break;
	}
	case MK_64: memcpy(dst, src, 8); break;
	case MK_F32: {
		float f = (float)slot_f64(src[0]);
		memcpy(dst, &f, 4);
		break;
	}
	default: memmove(dst, src, (size_t)((k >> 8) & 0xffffffff)); break;
	}
}

static uint64_t type_mk(Type *t)
{
	int mk;
	switch (types_under(t)->kind) {
	case K_BOOL:
	case K_UINT8: mk = MK_U8; break;
	case K_INT8: mk = MK_I8; break;
	case K_INT16: mk = MK_I16; break;
	case K_UINT16: mk = MK_U16; break;
	case K_INT32: mk = MK_I32; break;
	case K_UINT32: mk = MK_U32; break;
	case K_FLOAT32: mk = MK_F32; break;
	case K_STRING:
	case K_SLICE:
	case K_INTERFACE:
	case K_ARRAY:
	case K_STRUCT: mk = MK_BLK; break;
	default: mk = MK_64; break;
	}
	if (t->ptrdata)
		mk |= MK_PTRS;
	return (uint64_t)mk | ((uint64_t)t->size << 8);
}

void vm_load_value(Slot *dst, const void *src, Type *t)
{
	load_kind(dst, src, type_mk(t));
}
void vm_store_value(void *dst, const Slot *src, Type *t)
{
	store_kind(dst, src, type_mk(t));
}

/* Results of string and slice operations into frame slots. */
static inline void put_string(Slot *dst, String s)
{
	dst[0] = (Slot)(uintptr_t)s.ptr;
	dst[1] = (Slot)s.len;
}

static inline void put_slice(Slot *dst, Slice s)
{
	dst[0] = (Slot)(uintptr_t)s.ptr;
	dst[1] = (Slot)s.len;
	dst[2] = (Slot)s.cap;
}

/*
 * Maps store keys in memory form; a narrow scalar key (int8, float32, ...) is canonical in its
 * slot, so it is narrowed into *buf first. Word-sized and aggregate keys are used in place.
 */
static inline const void *map_key(const Slot *slot, Type *kt, Slot *buf)
{
	uint64_t k = type_mk(kt);
	if ((k & 0x7f) == MK_64 || (k & 0x7f) == MK_BLK)
		return slot;
	store_kind(buf, slot, k);
	return buf;
}

/* ---------------------------------------------------------------- panics */

static const Instr unwind_code[1] = {{OP_UNWIND, 0, 0, 0}};

static String cstr(const char *s)
{
	return rt_string_copy(s, (int64_t)strlen(s));
}

/* Box a Go string into an empty interface of the given named string type. */
static Iface box_string_as(Type *t, String s)
{
	String *box = mallocgc(t, sizeof(String), false);
	*box = s;
	return (Iface){t, box};
}

void rt_panic_runtime(G *g, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	g->native_panic = true;
	g->native_panic_signal = strstr(buf, "nil pointer dereference") != NULL;
	if (rt_errorString_type)
		g->native_panic_val = box_string_as(rt_errorString_type, cstr(buf));
	else
		g->native_panic_val = box_string_as(t_string, cstr(buf));
}

/* A runtime error whose text has no "runtime error: " prefix (as Go's plainError and
 * TypeAssertionError print). */
static void panic_plain(G *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void panic_plain(G *g, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	g->native_panic = true;
	g->native_panic_signal = false;
	Type *t = rt_plainError_type ? rt_plainError_type : t_string;
	g->native_panic_val = box_string_as(t, cstr(buf));
}

void rt_panic_string(G *g, const char *msg)
{
	/* errors.New-style panics from natives print like Go's panic(string). */
	g->native_panic = true;
	g->native_panic_signal = false;
	g->native_panic_val = box_string_as(t_string, cstr(msg));
}

void rt_panic_value(G *g, Iface v)
{
	g->native_panic = true;
	g->native_panic_signal = false;
	g->native_panic_val = v;
}

bool rt_panic_pending(G *g)
{
	return g->native_panic;
}

/* Line of pc in p. */
static int pc_line(Proto *p, const Instr *pc)
{
	if (!p->code || !p->nlines)
		return p->line;
	uint32_t off = (uint32_t)(pc - p->code);
	int line = (int)p->lines[0].line;
	for (uint32_t i = 0; i < p->nlines && p->lines[i].pc <= off; i++)
		line = (int)p->lines[i].line;
	return line;
}

/* A snapshot of the stack for the panic's traceback. */
typedef struct TraceFrame {
	Proto *fn;
	int line;
} TraceFrame;

static TraceFrame *trace;
static int ntrace;

/* Whether the goroutine being traced is parked: then its innermost frame's saved pc is after
 * the call that parked it, like a caller's. */
static bool trace_parked;

static void snapshot_trace(G *g)
{
	free(trace);
	trace = malloc(sizeof *trace * (g->nframes + 1));
	ntrace = 0;
	for (int i = (int)g->nframes - 1; i >= 0; i--) {
		Frame *f = &g->frames[i];
		if (!f->fn || f->fn->wrapper)
			continue;
		const Instr *pc = f->pc;
		/* a caller's saved pc points after its call instruction */
		if ((i != (int)g->nframes - 1 || trace_parked) && pc > f->fn->code)
			pc--;
		trace[ntrace].fn = f->fn;
		trace[ntrace].line = pc_line(f->fn, pc);
		ntrace++;
	}
}

static void print_panics(G *g, Panic *p)
{
	if (p->link) {
		print_panics(g, p->link);
		fputs("\t", stderr);
	}
	fputs("panic: ", stderr);
	FmtBuf b = {0};
	rt_format_panic_value(g, p->arg, &b);
	if (b.len) /* an empty FmtBuf has no buffer, and fwrite must not get NULL */
		fwrite(b.p, 1, b.len, stderr);
	fmtbuf_free(&b);
	if (p->recovered)
		fputs(" [recovered]", stderr);
	fputs("\n", stderr);
}

/* Appends printf-style text to b (tracebacks written into a buffer). */
static void bprintf(FmtBuf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof tmp) {
		fmtbuf_write(b, tmp, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big)
		return;
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	fmtbuf_write(b, big, (size_t)n);
	free(big);
}

/* Go's last traceback lines for a goroutine started by a go statement. */
static void format_created_by(FmtBuf *b, G *g)
{
	if (g->is_main || !g->created_fn)
		return;
	bprintf(b, "created by %s in goroutine %lld\n\t%s:%d\n", g->created_fn->name,
	        (long long)g->created_goid, g->created_fn->file, g->created_line);
}

static void print_created_by(G *g)
{
	FmtBuf b = {0};
	format_created_by(&b, g);
	if (b.len) /* an empty FmtBuf has no buffer, and fwrite must not get NULL */
		fwrite(b.p, 1, b.len, stderr);
	fmtbuf_free(&b);
}

static void fatal_panic(G *g)
{
	rt_stdout_flush();
	Panic *p = g->panic;
	/* Formatting the value may call Error/String methods: give them a fresh stack bottom. */
	g->panic = NULL;
	print_panics(g, p);
	if (p->runtime_error_signal)
		fputs("[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n",
		      stderr);
	fprintf(stderr, "\ngoroutine %lld [running]:\n", (long long)g->goid);
	for (int i = 0; i < ntrace; i++)
		fprintf(stderr, "%s(%s)\n\t%s:%d\n", trace[i].fn->name,
		        trace[i].fn->nparams ? "..." : "", trace[i].fn->file, trace[i].line);
	print_created_by(g);
	fflush(stderr);
	exit(2);
}

/* ---------------------------------------------------------------- frames */

/* A frame being pushed while the stack grows for it (push_frame): its arguments are in place. */
static Proto *pending_fn;
static uint32_t pending_base;

static Frame *push_frame(G *g, Proto *p, uint32_t base, Closure *cl, uint8_t kind)
{
	if (g->nframes == g->framecap) {
		g->framecap = g->framecap ? g->framecap * 2 : 2;
		g->frames = realloc(g->frames, sizeof(Frame) * g->framecap);
		if (!g->frames) {
			fputs("fatal error: runtime: out of memory\n", stderr);
			exit(2);
		}
	}
	if ((uint64_t)base + p->nslots + 8 > g->stack_size) {
		/* the arguments are already in place: a move must relocate them too */
		pending_fn = p;
		pending_base = base;
		uintptr_t old = (uintptr_t)g->stack, oldend = old + g->stack_size * sizeof(Slot);
		bool grown = proc_growstack(g, base, p->nslots + 8);
		pending_fn = NULL;
		/* a closure kept in a frame (escape analysis) moved with the stack */
		if (grown && (uintptr_t)cl >= old && (uintptr_t)cl < oldend)
			cl = (Closure *)(uintptr_t)((uintptr_t)cl + ((uintptr_t)g->stack - old));
		if (!grown) {
			rt_stdout_flush();
			fprintf(stderr, "runtime: goroutine stack exceeds %llu-byte limit\n",
			        (unsigned long long)MAX_STACK_BYTES);
			fputs("fatal error: stack overflow\n\n", stderr);
			snapshot_trace(g);
			fprintf(stderr, "goroutine %lld [running]:\n", (long long)g->goid);
			for (int i = 0; i < ntrace && i < 50; i++)
				fprintf(stderr, "%s(...)\n\t%s:%d\n", trace[i].fn->name,
				        trace[i].fn->file, trace[i].line);
			if (ntrace > 50)
				fprintf(stderr, "...additional frames elided...\n");
			exit(2);
		}
	}
	Frame *f = &g->frames[g->nframes++];
	f->fn = p;
	f->pc = p->code;
	f->base = base;
	f->closure = cl;
	f->ndefers = 0;
	f->kind = kind;
	Slot *s = g->stack + base;
	uint32_t from = p->nparams, to = p->zero_end;
	if (from < to)
		memset(s + from, 0, (to - from) * sizeof(Slot));
	return f;
}

static void push_defer(G *g, Closure *fn)
{
	if (g->ndefers == g->defercap) {
		g->defercap = g->defercap ? g->defercap * 2 : 16;
		g->defers = realloc(g->defers, sizeof(Defer) * g->defercap);
	}
	g->defers[g->ndefers].fn = fn;
	g->defers[g->ndefers].frame = g->nframes - 1;
	g->ndefers++;
	g->frames[g->nframes - 1].ndefers++;
}

/* ---------------------------------------------------------------- slices */

/* Go's message for a failed index check: a negative index omits the length. */
static void panic_index(G *g, int64_t i, int64_t n)
{
	if (i < 0)
		rt_panic_runtime(g, "index out of range [%" PRId64 "]", i);
	else
		rt_panic_runtime(g, "index out of range [%" PRId64 "] with length %" PRId64, i, n);
}

static bool slice_op(G *g, Slot *R, const Instr *in)
{
	uint64_t k, alen;
	memcpy(&k, in + 1, 8);
	memcpy(&alen, in + 2, 8);
	int mode = (int)(k & 3);
	bool has_hi = k & 4, has_max = k & 8;
	uint64_t esize = k >> 8;
	Slot *src = &R[in->b];
	Slot *ix = &R[in->c];
	int64_t lo = (int64_t)ix[0];
	uint8_t *base;
	int64_t len, cap;
	if (mode == 1) {
		base = (uint8_t *)(uintptr_t)src[0];
		len = cap = (int64_t)src[1];
	} else if (mode == 0) {
		base = (uint8_t *)(uintptr_t)src[0];
		len = (int64_t)src[1];
		cap = (int64_t)src[2];
	} else {
		base = (uint8_t *)(uintptr_t)src[0];
		if (!base && alen) {
			rt_panic_runtime(g, "invalid memory address or nil pointer dereference");
			return false;
		}
		len = cap = (int64_t)alen;
	}
	int64_t hi = has_hi ? (int64_t)ix[1] : len;
	int64_t max = has_max ? (int64_t)ix[2] : cap;
	/* Go checks from the right: max, then hi, then lo, with these messages. */
	if (has_max) {
		if ((uint64_t)max > (uint64_t)cap) {
			rt_panic_runtime(g,
			                 "slice bounds out of range [::%" PRId64
			                 "] with capacity %" PRId64,
			                 max, cap);
			return false;
		}
		if ((uint64_t)hi > (uint64_t)max) {
			rt_panic_runtime(g, "slice bounds out of range [:%" PRId64 ":%" PRId64 "]",
			                 hi, max);
			return false;
		}
	} else if ((uint64_t)hi > (uint64_t)(mode == 1 ? len : cap)) {
		if (mode == 1)
			rt_panic_runtime(
			        g, "slice bounds out of range [:%" PRId64 "] with length %" PRId64,
			        hi, len);
		else
			rt_panic_runtime(g,
			                 "slice bounds out of range [:%" PRId64
			                 "] with capacity %" PRId64,
			                 hi, cap);
		return false;
	}
	if ((uint64_t)lo > (uint64_t)hi) {
		rt_panic_runtime(g, "slice bounds out of range [%" PRId64 ":%" PRId64 "]", lo, hi);
		return false;
	}
	Slot *dst = &R[in->a];
	uint8_t *p = base && (mode == 1 ? lo < len || hi > lo : max - lo > 0)
	                     ? base + lo * (int64_t)esize
	                     : base;
	if (mode != 1 && max - lo == 0)
		p = base ? base + lo * (int64_t)esize : base;
	dst[0] = (Slot)(uintptr_t)p;
	dst[1] = (Slot)(hi - lo);
	if (mode != 1)
		dst[2] = (Slot)(max - lo);
	return true;
}

/* ---------------------------------------------------------------- interfaces */

static Type *dyn_type(const Slot *v, bool empty)
{
	if (!v[0])
		return NULL;
	return empty ? (Type *)(uintptr_t)v[0] : ((Itab *)(uintptr_t)v[0])->type;
}

/* The write barrier for n elements of type et about to be copied from src to dst. */
static inline void wb_elems(void *dst, const void *src, int64_t n, Type *et)
{
	if (__builtin_expect(gc_wb_enabled, 0) && et->ptrdata)
		for (int64_t i = 0; i < n; i++)
			gc_wb_bulk_slow((uint8_t *)dst + i * (int64_t)et->size,
			                (const uint8_t *)src + i * (int64_t)et->size, et->ptrdata / 8,
			                et->ptrmask);
}

static void box_value(Slot *dst, const Slot *src, void *tab, Type *t)
{
	dst[0] = (Slot)(uintptr_t)tab;
	if (t->direct_iface) {
		dst[1] = src[0];
	} else {
		void *p = mallocgc(t, t->size ? t->size : 1, false);
		if (t->ptrdata) /* the box is black while marking: shade what goes into it */
			gc_wb_shade(src, t->ptrdata / 8, t->ptrmask);
		store_kind(p, src, type_mk(t));
		dst[1] = (Slot)(uintptr_t)p;
	}
}

Iface rt_box(Type *t, const void *p)
{
	Iface r;
	r.tab = t;
	if (t->direct_iface) {
		memcpy(&r.data, p, 8);
	} else {
		void *q = mallocgc(t, t->size ? t->size : 1, false);
		if (t->ptrdata)
			gc_wb_shade(p, t->ptrdata / 8, t->ptrmask);
		memcpy(q, p, t->size);
		r.data = q;
	}
	return r;
}

Iface rt_assert_iface(Type *inter, Iface e, bool *ok)
{
	Iface r = {0, 0};
	*ok = false;
	if (!e.tab)
		return r;
	Type *t = e.tab;
	if (types_is_empty_interface(inter)) {
		*ok = true;
		return e;
	}
	Itab *tab = itab_get(inter, t, false);
	if (!tab)
		return r;
	*ok = true;
	r.tab = tab;
	r.data = e.data;
	return r;
}

/* Loads the value of type t held in interface v into dst. */
static void unbox(Slot *dst, const Slot *v, Type *t)
{
	if (t->direct_iface)
		dst[0] = v[1];
	else
		load_kind(dst, (const void *)(uintptr_t)v[1], type_mk(t));
}

static bool values_equal(G *g, Type *t, const void *a, const void *b, bool *ok)
{
	Type *bad = NULL;
	bool r = rt_equal(t, a, b, &bad);
	*ok = true;
	if (bad) {
		rt_panic_runtime(g, "comparing uncomparable type %s", types_string(bad));
		*ok = false;
	}
	return r;
}

/*
 * Objects kept in frames (a new(T) or &T{} that does not escape, lang/escape.c) are addressed by
 * plain pointers into the goroutine's stack, so when the stack moves, every pointer slot that
 * points into the old stack is moved by the same distance. Only frame slots can hold such a
 * pointer (escape analysis sends anything stored elsewhere to the heap); pointer slots are
 * found through each frame's bitmap, and a slot shared by a caller's and a callee's frame is
 * moved once.
 */
static bool vm_stack_objects;
static void stack_moved(G *g, uintptr_t old, uint64_t oldn);

void vm_use_stack_objects(void)
{
	vm_stack_objects = true;
	proc_stack_moved = stack_moved;
}

static void stack_moved(G *g, uintptr_t old, uint64_t oldn)
{
	if (!vm_stack_objects || !g->nframes)
		return;
	uintptr_t end = old + oldn * sizeof(Slot);
	intptr_t delta = (intptr_t)(uintptr_t)g->stack - (intptr_t)old;
	Frame *top = &g->frames[g->nframes - 1];
	uint64_t used = (uint64_t)top->base + top->fn->nslots;
	if (pending_fn && (uint64_t)pending_base + pending_fn->nparams > used)
		used = (uint64_t)pending_base + pending_fn->nparams;
	if (used > g->stack_size)
		used = g->stack_size;
	uint8_t *seen = calloc(used ? used : 1, 1);
	if (!seen) {
		fputs("fatal error: runtime: out of memory\n", stderr);
		exit(2);
	}
	for (uint32_t f = 0; f <= g->nframes; f++) {
		Proto *p;
		uint32_t base, n;
		if (f < g->nframes) {
			p = g->frames[f].fn;
			base = g->frames[f].base;
			n = p->nslots;
		} else if (pending_fn) { /* only its arguments hold values yet */
			p = pending_fn;
			base = pending_base;
			n = p->nparams;
		} else {
			break;
		}
		if (!p->ptrmask)
			continue;
		for (uint32_t i = 0; i < n && base + i < used; i++) {
			uint32_t at = base + i;
			if (!(p->ptrmask[i / 8] >> (i % 8) & 1) || seen[at])
				continue;
			seen[at] = 1;
			uintptr_t v = (uintptr_t)g->stack[at];
			if (v >= old && v < end)
				g->stack[at] = (Slot)(v + (uintptr_t)delta);
		}
	}
	free(seen);
	/* the running closures: one kept in a frame is in the old stack */
	for (uint32_t f = 0; f < g->nframes; f++) {
		uintptr_t c = (uintptr_t)g->frames[f].closure;
		if (c >= old && c < end)
			g->frames[f].closure = (Closure *)(c + (uintptr_t)delta);
	}
}

/*
 * The argument blocks of natives too big for call_native's C array live in malloc'd memory,
 * linked here while the native runs (innermost first), so the root scan sees the results a
 * native stores there: a collection can happen inside any allocation under --gc=boehm.
 */
typedef struct NativeBuf {
	struct NativeBuf *next;
	size_t n;
	Slot slots[];
} NativeBuf;
static NativeBuf *native_bufs;

static void native_bufs_scan(void)
{
	if (!gc_boehm)
		return; /* the native collector never collects while a native runs */
	for (NativeBuf *b = native_bufs; b; b = b->next)
		gc_scan_words(b->slots, b->n, NULL);
}

/*
 * Runs a native on a copy of its argument block. A native may call back into script code
 * (fmt calling String), and a deep callback can grow - and so move - the goroutine's stack, which
 * would leave a pointer into the block dangling. The parameters stay in the frame as well, so
 * what they point to stays reachable; the results are copied back when the native returns.
 */
static void call_native(G *g, Proto *p, uint32_t base)
{
	g->native_block = base;
	Proto *outer = g->native;
	int outer_cdepth = g->native_cdepth;
	g->native = p;
	g->native_cdepth = g->cdepth;
	if (p->native_leaf) {
		p->native(g, g->stack + base);
		g->native = outer;
		g->native_cdepth = outer_cdepth;
		return;
	}
	uint32_t n = p->nparams + p->nresults;
	Slot small[16];
	NativeBuf *big = NULL;
	Slot *buf = small;
	if (n > 16) {
		big = malloc(sizeof(NativeBuf) + n * sizeof(Slot));
		if (!big)
			gc_fatal("runtime: out of memory");
		big->n = n;
		big->next = native_bufs;
		native_bufs = big;
		buf = big->slots;
	}
	const Slot *src = g->stack + base;
	for (uint32_t i = 0; i < n; i++) /* blocks are short: a loop beats a memcpy call */
		buf[i] = src[i];
	/* libgc scans this frame conservatively: the slots past the block would otherwise still
	 * hold an earlier native's pointers and keep their objects alive */
	if (gc_boehm)
		for (uint32_t i = n; i < 16; i++)
			small[i] = 0;
	g->native_block = base;
	p->native(g, buf);
	/* A native that parked g (runtime/sched.h) has its results written into the stack by
	 * whoever wakes g. */
	if (g->status == G_RUNNING) {
		Slot *dst = g->stack + base;
		for (uint32_t i = p->nparams; i < n; i++)
			dst[i] = buf[i];
	}
	g->native = outer;
	g->native_cdepth = outer_cdepth;
	if (big) {
		NativeBuf **pp = &native_bufs; /* normally the head */
		while (*pp != big)
			pp = &(*pp)->next;
		*pp = big->next;
		free(big);
	}
}

/* ---------------------------------------------------------------- profile stacks */

/*
 * A heap-profile stack word names one frame: its Proto and the line it is at, as
 * proto | line << 47 (user-space addresses fit in 47 bits; lines are capped below 2^17). The
 * innermost frame is a running native when one is allocating (Go shows fmt.Sprint there),
 * then the interpreted frames from the innermost out; wrappers are left out as in tracebacks.
 */
#define STACKWORD_LINE_SHIFT 47

static uintptr_t stack_word(const Proto *p, int line)
{
	if (line < 0)
		line = 0;
	if (line >= (1 << 17))
		line = (1 << 17) - 1;
	return (uintptr_t)p | (uintptr_t)line << STACKWORD_LINE_SHIFT;
}

void vm_stack_word_frame(uintptr_t w, const Proto **fn, int *line)
{
	*fn = (const Proto *)(w & (((uintptr_t)1 << STACKWORD_LINE_SHIFT) - 1));
	*line = (int)(w >> STACKWORD_LINE_SHIFT);
}

uintptr_t vm_stack_word(const Proto *p, int line)
{
	return stack_word(p, line);
}

/* The native at the top of a stack is kept even when it is a wrapper if it stands for a runtime
 * function (the channel operations: Go's profiles show runtime.chanrecv1 and the like). */
static bool leaf_shown(const Proto *p)
{
	return p && (!p->wrapper || strncmp(p->name, "runtime.", 8) == 0);
}

int vm_goroutine_stack(G *g, uintptr_t *stk, int max)
{
	int n = 0;
	if (!g || g->status == G_DEAD)
		return 0;
	bool parked = g->status != G_RUNNING;
	/*
	 * The native first: for a parked goroutine the one that parked it (gopark); for the running
	 * one the native in progress - at the top when it is running itself, or right below the
	 * innermost C boundary frame when it has called back into script code (a String method
	 * called by fmt). Natives under outer boundaries are recorded nowhere and left out.
	 */
	Proto *leaf = NULL, *below_boundary = NULL;
	if (parked)
		leaf = g->status == G_WAITING ? g->parked_in : NULL;
	else if (g->native && g->cdepth > g->native_cdepth)
		below_boundary = g->native->wrapper ? NULL : g->native;
	else
		leaf = g->native;
	if (leaf_shown(leaf) && n < max)
		stk[n++] = stack_word(leaf, leaf->line);
	else
		leaf = NULL;
	for (int i = (int)g->nframes - 1; i >= 0 && n < max; i--) {
		Frame *f = &g->frames[i];
		if (f->fn && !f->fn->wrapper) {
			const Instr *pc = f->pc;
			/* a saved pc is after a call, except in the innermost frame of a running
			 * goroutine at a safepoint (GC_POLL and preemption checks save the
			 * instruction itself) */
			if ((i != (int)g->nframes - 1 || leaf || parked) && pc > f->fn->code)
				pc--;
			stk[n++] = stack_word(f->fn, pc_line(f->fn, pc));
		}
		if (f->kind == FRAME_CBOUNDARY && below_boundary && n < max) {
			stk[n++] = stack_word(below_boundary, below_boundary->line);
			below_boundary = NULL;
		}
	}
	return n;
}

static int profile_stack(uintptr_t *stk, int max)
{
	return vm_goroutine_stack(g_current, stk, max);
}

/* ---------------------------------------------------------------- goroutines */

/*
 * A func() closure that calls fn with the argument words args[0..nargs) and drops its results
 * (nres slots): built at run time for the finalizer goroutine. Its code is four instructions:
 * load the captured words, move the arguments into the call block, call, return. One Proto
 * serves every thunk of the same shape.
 */
Closure *vm_make_call_thunk(Closure *fn, const Slot *args, uint32_t nargs, uint32_t nres)
{
	enum { MAXA = 2, MAXR = 32 };
	static Proto *cache[MAXA + 1][MAXR + 1];
	if (nargs > MAXA || nres > MAXR)
		return NULL;
	uint32_t ndata = 1 + nargs;
	Proto *p = cache[nargs][nres];
	if (!p) {
		p = calloc(1, sizeof *p);
		Instr *code = calloc(8, sizeof *code);
		if (!p || !code)
			gc_fatal("runtime: out of memory");
		int n = 0;
		code[n++] = (Instr){OP_CAPDATA, 0, 0, (uint16_t)ndata};
		for (uint32_t i = 0; i < nargs; i++)
			code[n++] = (Instr){OP_MOVE, (uint16_t)(ndata + i), (uint16_t)(1 + i), 0};
		code[n++] = (Instr){OP_CALLF, (uint16_t)ndata, 0, 0};
		code[n++] = (Instr){OP_RET, 0, 0, 0};
		p->name = "runtime.callfinalizer";
		p->file = "<autogenerated>";
		p->code = code;
		p->ncode = (uint32_t)n;
		p->nslots = ndata + nargs + nres;
		p->ptrmask = calloc((p->nslots + 7) / 8 + 1, 1);
		for (uint32_t i = 0; i < ndata + nargs; i++)
			p->ptrmask[i / 8] |= (uint8_t)(1u << (i % 8));
		p->deferreturn = (uint32_t)n - 1;
		p->wrapper = true;
		p->is_closure = true;
		proto_set_zero_end(p);
		cache[nargs][nres] = p;
	}
	uint8_t cls[MAXA + 1];
	memset(cls, CLS_PTR, sizeof cls);
	Type *ct = closure_type(cls, (int)ndata);
	Closure *cl = mallocgc(ct, ct->size, true);
	cl->fn = p;
	gc_wb_shade(&fn, 1, NULL); /* the thunk is black while marking */
	gc_wb_shade(args, nargs, NULL);
	cl->data[0] = (Slot)(uintptr_t)fn;
	memcpy(&cl->data[1], args, nargs * sizeof(Slot));
	return cl;
}

void vm_start_goroutine(G *g, Closure *fn)
{
	Proto *p = fn->fn;
	push_frame(g, p, 0, p->is_closure ? fn : NULL, FRAME_NORMAL);
}

/*
 * One goroutine's frames, innermost first, as a dump prints them: the header, a function line
 * and a file:line line per frame, then "created by". A running goroutine inside a native (the
 * one asking for a dump) has its innermost saved pc after the call, like a parked one.
 */
static void format_goroutine(FmtBuf *b, G *g, const char *state)
{
	bprintf(b, "goroutine %lld [%s]:\n", (long long)g->goid, state);
	/* a panic's snapshot may be waiting to be printed (a dump from a deferred call) */
	TraceFrame *saved = trace;
	int nsaved = ntrace;
	trace = NULL;
	trace_parked = g->status != G_RUNNING || g->native;
	snapshot_trace(g);
	trace_parked = false;
	for (int i = 0; i < ntrace; i++)
		bprintf(b, "%s(%s)\n\t%s:%d\n", trace[i].fn->name,
		        trace[i].fn->nparams ? "..." : "", trace[i].fn->file, trace[i].line);
	free(trace);
	trace = saved;
	ntrace = nsaved;
	format_created_by(b, g);
}

static void print_goroutine(G *g, const char *state)
{
	FmtBuf b = {0};
	format_goroutine(&b, g, state);
	if (b.len) /* an empty FmtBuf has no buffer, and fwrite must not get NULL */
		fwrite(b.p, 1, b.len, stderr);
	fmtbuf_free(&b);
}

void vm_goroutine_traceback(FmtBuf *b, G *g)
{
	const char *state = g->status == G_RUNNING    ? "running"
	                    : g->status == G_RUNNABLE ? "runnable"
	                                              : waitreason_string(g->waitreason);
	format_goroutine(b, g, state);
}

/* No goroutine can run and nothing will wake one: Go's deadlock report. */
static void deadlock(void)
{
	rt_stdout_flush();
	fputs("fatal error: all goroutines are asleep - deadlock!\n", stderr);
	if (nallgs == 0 && g_current) { /* no go statement ran: main is the only goroutine */
		fputs("\n", stderr);
		print_goroutine(g_current, waitreason_string(g_current->waitreason));
	}
	for (uint32_t i = 0; i < nallgs; i++) {
		G *gp = allgs[i];
		if (gp->status == G_DEAD || gp->nframes == 0 || gp->is_system)
			continue;
		fputs("\n", stderr);
		print_goroutine(gp, waitreason_string(gp->waitreason));
	}
	fflush(stderr);
	exit(2);
}

/* A goroutine blocked in a native that a native called back into: not supported. */
static void park_in_callback(G *g)
{
	rt_stdout_flush();
	fputs("fatal error: minirt: a goroutine blocked inside a call made by a native function "
	      "(such as a String method called by fmt); minirt cannot suspend it there\n",
	      stderr);
	fputs("\n", stderr);
	print_goroutine(g, waitreason_string(g->waitreason));
	exit(2);
}

/* ---------------------------------------------------------------- the collector's view */

/*
 * A returning frame's slots past its results are zeroed. The frame overlays the caller's slots
 * from the call's argument block up, so whatever the callee left there would otherwise sit in
 * slots the caller's bitmap may call pointers, and keep dead objects alive.
 */
static inline void clear_locals(Slot *R, const Proto *p)
{
	uint32_t from = p->nparams + p->nresults;
	if (p->nslots > from)
		memset(R + from, 0, (p->nslots - from) * sizeof(Slot));
}

/* Reports one goroutine's roots: each frame's live slots through its pointer bitmap (the
 * slots below the next frame's base), running closures, deferred calls, panic values. */
static void scan_goroutine(G *g)
{
	for (uint32_t i = 0; i < g->nframes; i++) {
		Frame *f = &g->frames[i];
		/*
		 * The whole frame through its own bitmap, even where a callee's frame overlays it
		 * (from the call's argument block up): a caller slot the callee treats as a scalar
		 * may still hold the caller's stale pointer, which the caller's bitmap calls live
		 * again once the call returns. Marking in steps sees the frame during the call and
		 * after it, so both views must agree; scanning the union does. The callee's own
		 * scan covers its pointers; a scalar read as a pointer only retains garbage.
		 */
		uint32_t n = f->fn->nslots;
		if (f->base + n > g->stack_size)
			n = g->stack_size - f->base;
		gc_scan_words(g->stack + f->base, n, f->fn->ptrmask);
		if (i + 1 < g->nframes && g->frames[i + 1].base < f->base + n)
			n = g->frames[i + 1].base - f->base; /* the pacer counts each slot once */
		gc_note_stack_bytes((uint64_t)n * sizeof(Slot));
		gc_mark_word((uintptr_t)f->closure);
	}
	for (uint32_t i = 0; i < g->ndefers; i++)
		gc_mark_word((uintptr_t)g->defers[i].fn);
	for (Panic *p = g->panic; p; p = p->link)
		gc_mark_word((uintptr_t)p->arg.data);
	if (g->native_panic)
		gc_mark_word((uintptr_t)g->native_panic_val.data);
}

static CompiledProgram *prog;

/*
 * The roots as jobs (gc/gc.h GCRootJobs), so marking can take them a few at a time between
 * stretches of the program: the globals area in chunks of ROOT_CHUNK_WORDS words, then one
 * job per goroutine existing when the cycle started (goroutines made later start with nothing
 * the write barrier has not shaded), and at mark termination the runtime's C-side roots (timers
 * and the finalizer queue), which change without a barrier.
 */
#define ROOT_CHUNK_WORDS 4096
static size_t root_global_chunks, root_ngs, root_gs_done;
static uint64_t root_stack_bytes;

/* Counting only: walking 10,000 goroutines here would make mark setup's pause grow with them. */
static size_t root_count(void)
{
	size_t words = prog ? prog->globals_size / 8 : 0;
	root_global_chunks = (words + ROOT_CHUNK_WORDS - 1) / ROOT_CHUNK_WORDS;
	root_ngs = nallgs == 0 ? (g_current ? 1 : 0) : nallgs;
	root_gs_done = 0;
	root_stack_bytes = 0;
	return root_global_chunks + root_ngs;
}

static void root_scan(size_t job)
{
	if (job < root_global_chunks) {
		size_t w0 = job * ROOT_CHUNK_WORDS, words = prog->globals_size / 8;
		size_t n = words - w0 < ROOT_CHUNK_WORDS ? words - w0 : ROOT_CHUNK_WORDS;
		/* a chunk starts on a byte of the mask: ROOT_CHUNK_WORDS is a multiple of 8 */
		gc_scan_words((const uintptr_t *)prog->globals + w0, n,
		              prog->globals_ptrmask ? prog->globals_ptrmask + w0 / 8 : NULL);
		gc_note_globals_bytes(n * 8);
		return;
	}
	size_t j = job - root_global_chunks;
	G *gp = nallgs == 0 ? g_current : (j < nallgs ? allgs[j] : NULL);
	root_gs_done++;
	if (!gp)
		return;
	/* Go shrinks stacks while scanning them; not under Boehm, whose collections run inside
	 * any allocation, while C code may hold pointers into a parked goroutine's stack */
	if (gp != g_current && !gc_boehm)
		proc_shrinkstack(gp);
	root_stack_bytes += (uint64_t)gp->stack_size * sizeof(Slot);
	if (gp->status != G_DEAD)
		scan_goroutine(gp);
}

static void native_bufs_scan(void);

static void root_term(void)
{
	native_bufs_scan();
	timers_scan();
	rt_finq_scan();
	/* MemStats.StackInuse: the stacks of the goroutines scanned this cycle, once all are */
	if (root_ngs && root_gs_done >= root_ngs)
		gc_set_stack_inuse(root_stack_bytes);
}

static const GCRootJobs vm_root_jobs = {root_count, root_scan, root_term};

/* ---------------------------------------------------------------- the interpreter */

#define K64(in) (*(const uint64_t *)((in) + 1))

static int run(G *g, uint32_t stop);

/* Calls into a native and resynchronises. */

int vm_run_main(CompiledProgram *cp)
{
	prog = cp;
	gc_set_root_jobs(&vm_root_jobs);
	gc_set_stack_walker(profile_stack);
	G *g = g_current;
	g->status = G_RUNNING;
	g->is_main = true;
	sched_started(g);
	push_frame(g, cp->entry, 0, NULL, FRAME_NORMAL);
	return run(g, 0);
}

bool vm_call_proto(G *g, Proto *p, Slot *block, uint32_t nblock)
{
	/* The callee's frame goes above everything in use. */
	uint32_t base = 0;
	if (g->nframes) {
		Frame *top = &g->frames[g->nframes - 1];
		base = top->base + top->fn->nslots + 8;
	}
	if (p->native) {
		if ((uint64_t)base + nblock + 8 > g->stack_size)
			proc_growstack(g, base, nblock + 8);
		Slot *s = g->stack + base;
		memcpy(s, block, nblock * sizeof(Slot));
		p->native(g, s);
		memcpy(block, g->stack + base, nblock * sizeof(Slot));
		return !g->native_panic;
	}
	uint32_t stop = g->nframes;
	if ((uint64_t)base + p->nslots + nblock + 8 > g->stack_size)
		proc_growstack(g, base, p->nslots + nblock + 8);
	memcpy(g->stack + base, block, p->nparams * sizeof(Slot));
	Frame *f = push_frame(g, p, base, NULL, FRAME_CBOUNDARY);
	(void)f;
	g->cdepth++;
	int r = run(g, stop);
	g->cdepth--;
	memcpy(block, g->stack + base, nblock * sizeof(Slot));
	return r == 0;
}

bool vm_call(G *g, Closure *fn, Slot *block, uint32_t nblock)
{
	if (!fn) {
		rt_panic_runtime(g, "invalid memory address or nil pointer dereference");
		return false;
	}
	if (fn->fn->is_closure && !fn->fn->native) {
		uint32_t base = 0;
		if (g->nframes) {
			Frame *top = &g->frames[g->nframes - 1];
			base = top->base + top->fn->nslots + 8;
		}
		Proto *p = fn->fn;
		uint32_t stop = g->nframes;
		if ((uint64_t)base + p->nslots + nblock + 8 > g->stack_size)
			proc_growstack(g, base, p->nslots + nblock + 8);
		memcpy(g->stack + base, block, p->nparams * sizeof(Slot));
		push_frame(g, p, base, fn, FRAME_CBOUNDARY);
		g->cdepth++;
		int r = run(g, stop);
		g->cdepth--;
		memcpy(block, g->stack + base, nblock * sizeof(Slot));
		return r == 0;
	}
	return vm_call_proto(g, fn->fn, block, nblock);
}

int rt_call_string_method(G *g, Type *t, void *data, const char *name, String *out)
{
	if (!t)
		return 0;
	Type *sig = NULL;
	Lookup lk = types_lookup(t, intern_cstr(name), NULL);
	if (lk.kind != LOOKUP_METHOD || !lk.method || (!lk.method->obj && lk.imethod_index < 0))
		return 0;
	if (lk.method->ptr_recv && types_under(t)->kind != K_POINTER && !lk.indirect)
		return 0;
	sig = lk.method->sig;
	if (sig->nparams != 0 || sig->nresults != 1 ||
	    types_under(sig->results[0])->kind != K_STRING)
		return 0;
	Proto *p = iface_method_code(t, &lk);
	Slot block[3] = {(Slot)(uintptr_t)data, 0, 0};
	if (!vm_call_proto(g, p, block, 3))
		return -1;
	out->ptr = (const uint8_t *)(uintptr_t)block[1];
	out->len = (int64_t)block[2];
	return 1;
}

#ifdef MINIRT_SWITCH_DISPATCH
#define CASE(name) case OP_##name:
#define DISPATCH() goto dispatch
#else
#define CASE(name) L_##name:
#define DISPATCH() goto *labels[pc->op]
#endif

#define A      (pc->a)
#define B      (pc->b)
#define C      (pc->c)
#define SBX    ((int32_t)((uint32_t)pc->b | ((uint32_t)pc->c << 16)))
#define JC     ((int16_t)pc->c)
#define SAVE() (f->pc = pc)
#define NEXT(n)             \
	do {                \
		pc += (n);  \
		DISPATCH(); \
	} while (0)
#define RESYNC()                                \
	do {                                    \
		f = &g->frames[g->nframes - 1]; \
		R = g->stack + f->base;         \
	} while (0)
#define PANIC_NOW() goto raise
/* A safepoint (gc/gc.h): every live value is in a frame slot, so a due collection runs here. */
/* A preemption point (function entry, loop back edge): every PREEMPT_CHECK_EVERY of them the
 * scheduler is asked whether this goroutine has used up its time slice (runtime/sched.h), and
 * CPU profile ticks that arrived since are charged to the current stack (std/cpuprof.h). */
#define PREEMPT_CHECK_EVERY 1024
#define PREEMPT_POLL()                                                                      \
	do {                                                                                \
		if (__builtin_expect(--vm_preempt_budget < 0, 0)) {                         \
			vm_preempt_budget = PREEMPT_CHECK_EVERY;                            \
			gc_mark_poll();                                                     \
			if (atomic_load_explicit(&cpuprof_pending, memory_order_relaxed)) { \
				SAVE();                                                     \
				cpuprof_tick(g);                                            \
			}                                                                   \
			if (g->cdepth == 0 && stop == 0 && sched_should_preempt()) {        \
				SAVE();                                                     \
				gosched(g);                                                 \
				goto reschedule;                                            \
			}                                                                   \
		}                                                                           \
	} while (0)
#define GC_POLL()                                   \
	do {                                        \
		SAVE(); /* also the profile's pc */ \
		if (__builtin_expect(gc_wanted, 0)) \
			gc_safepoint();             \
	} while (0)
#define NIL_PANIC()                                                                       \
	do {                                                                              \
		SAVE();                                                                   \
		rt_panic_runtime(g, "invalid memory address or nil pointer dereference"); \
		PANIC_NOW();                                                              \
	} while (0)

/* The countdown to the next preemption check; the CPU profiler's SIGPROF handler zeroes it so
 * that a tick is charged at the very next check point (std/cpuprof.h). */
volatile sig_atomic_t vm_preempt_budget = PREEMPT_CHECK_EVERY;

static int run(G *g, uint32_t stop)
{
#ifndef MINIRT_SWITCH_DISPATCH
	static void *labels[] = {
#define X(name) &&L_##name,
	        OPCODES(X)
#undef X
	};
#endif
	Frame *f = &g->frames[g->nframes - 1];
	Slot *R = g->stack + f->base;
	const Instr *pc = f->pc;

#ifdef MINIRT_SWITCH_DISPATCH
dispatch:
	switch (pc->op) {
#else
	DISPATCH();
#endif

		CASE(NOP) NEXT(1);
		CASE(MOVE) R[A] = R[B];
		NEXT(1);
		CASE(MOVE2)
		{
			Slot x = R[B], y = R[B + 1];
			R[A] = x;
			R[A + 1] = y;
			NEXT(1);
		}
		CASE(MOVE3)
		{
			Slot x = R[B], y = R[B + 1], z = R[B + 2];
			R[A] = x;
			R[A + 1] = y;
			R[A + 2] = z;
			NEXT(1);
		}
		CASE(MOVEN) memmove(&R[A], &R[B], C * sizeof(Slot));
		NEXT(1);
		CASE(LOADI) R[A] = (Slot)(int64_t)SBX;
		NEXT(1);
		CASE(LOADK) R[A] = K64(pc);
		NEXT(2);
		CASE(LOADSTR)
		{
			const String *s = (const String *)(uintptr_t)K64(pc);
			R[A] = (Slot)(uintptr_t)s->ptr;
			R[A + 1] = (Slot)s->len;
			NEXT(2);
		}
		CASE(ZERO)
		for (uint32_t i = 0; i < B; i++) /* mostly 1-3 slots: no memset call */
			R[A + i] = 0;
		NEXT(1);
		CASE(ADD) R[A] = R[B] + R[C];
		NEXT(1);
		CASE(SUB) R[A] = R[B] - R[C];
		NEXT(1);
		CASE(MUL) R[A] = R[B] * R[C];
		NEXT(1);
		CASE(DIV)
		{
			int64_t d = (int64_t)R[C];
			if (d == 0) {
				SAVE();
				rt_panic_runtime(g, "integer divide by zero");
				PANIC_NOW();
			}
			R[A] = d == -1 ? (Slot)(0 - R[B]) : (Slot)((int64_t)R[B] / d);
			NEXT(1);
		}
		CASE(REM)
		{
			int64_t d = (int64_t)R[C];
			if (d == 0) {
				SAVE();
				rt_panic_runtime(g, "integer divide by zero");
				PANIC_NOW();
			}
			R[A] = d == -1 ? 0 : (Slot)((int64_t)R[B] % d);
			NEXT(1);
		}
		CASE(DIVU)
		{
			if (R[C] == 0) {
				SAVE();
				rt_panic_runtime(g, "integer divide by zero");
				PANIC_NOW();
			}
			R[A] = R[B] / R[C];
			NEXT(1);
		}
		CASE(REMU)
		{
			if (R[C] == 0) {
				SAVE();
				rt_panic_runtime(g, "integer divide by zero");
				PANIC_NOW();
			}
			R[A] = R[B] % R[C];
			NEXT(1);
		}
		CASE(AND) R[A] = R[B] & R[C];
		NEXT(1);
		CASE(OR) R[A] = R[B] | R[C];
		NEXT(1);
		CASE(XOR) R[A] = R[B] ^ R[C];
		NEXT(1);
		CASE(ANDNOT) R[A] = R[B] & ~R[C];
		NEXT(1);
		CASE(SHL)
		{
			int64_t n = (int64_t)R[C];
			if (n < 0) {
				SAVE();
				rt_panic_runtime(g, "negative shift amount");
				PANIC_NOW();
			}
			R[A] = n >= 64 ? 0 : R[B] << n;
			NEXT(1);
		}
		CASE(SHR)
		{
			int64_t n = (int64_t)R[C];
			if (n < 0) {
				SAVE();
				rt_panic_runtime(g, "negative shift amount");
				PANIC_NOW();
			}
			R[A] = (Slot)((int64_t)R[B] >> (n >= 64 ? 63 : n));
			NEXT(1);
		}
		CASE(SHRU)
		{
			int64_t n = (int64_t)R[C];
			if (n < 0) {
				SAVE();
				rt_panic_runtime(g, "negative shift amount");
				PANIC_NOW();
			}
			R[A] = n >= 64 ? 0 : R[B] >> n;
			NEXT(1);
		}
		CASE(ADDI) R[A] = R[B] + (Slot)(int64_t)(int16_t)C;
		NEXT(1);
		CASE(NEG) R[A] = 0 - R[B];
		NEXT(1);
		CASE(BNOT) R[A] = ~R[B];
		NEXT(1);
		CASE(NOT) R[A] = !R[B];
		NEXT(1);
		CASE(SEXT8) R[A] = (Slot)(int64_t)(int8_t)R[B];
		NEXT(1);
		CASE(SEXT16) R[A] = (Slot)(int64_t)(int16_t)R[B];
		NEXT(1);
		CASE(SEXT32) R[A] = (Slot)(int64_t)(int32_t)R[B];
		NEXT(1);
		CASE(ZEXT8) R[A] = (uint8_t)R[B];
		NEXT(1);
		CASE(ZEXT16) R[A] = (uint16_t)R[B];
		NEXT(1);
		CASE(ZEXT32) R[A] = (uint32_t)R[B];
		NEXT(1);
		CASE(EQ) R[A] = R[B] == R[C];
		NEXT(1);
		CASE(NE) R[A] = R[B] != R[C];
		NEXT(1);
		CASE(LT) R[A] = (int64_t)R[B] < (int64_t)R[C];
		NEXT(1);
		CASE(LE) R[A] = (int64_t)R[B] <= (int64_t)R[C];
		NEXT(1);
		CASE(LTU) R[A] = R[B] < R[C];
		NEXT(1);
		CASE(LEU) R[A] = R[B] <= R[C];
		NEXT(1);
		CASE(FADD) R[A] = f64_slot(slot_f64(R[B]) + slot_f64(R[C]));
		NEXT(1);
		CASE(FSUB) R[A] = f64_slot(slot_f64(R[B]) - slot_f64(R[C]));
		NEXT(1);
		CASE(FMUL) R[A] = f64_slot(slot_f64(R[B]) * slot_f64(R[C]));
		NEXT(1);
		CASE(FDIV) R[A] = f64_slot(slot_f64(R[B]) / slot_f64(R[C]));
		NEXT(1);
		CASE(FNEG) R[A] = f64_slot(-slot_f64(R[B]));
		NEXT(1);
		CASE(FEQ) R[A] = slot_f64(R[B]) == slot_f64(R[C]);
		NEXT(1);
		CASE(FNE) R[A] = slot_f64(R[B]) != slot_f64(R[C]);
		NEXT(1);
		CASE(FLT) R[A] = slot_f64(R[B]) < slot_f64(R[C]);
		NEXT(1);
		CASE(FLE) R[A] = slot_f64(R[B]) <= slot_f64(R[C]);
		NEXT(1);
		CASE(F32R) R[A] = f64_slot((double)(float)slot_f64(R[B]));
		NEXT(1);
		CASE(I2F) R[A] = f64_slot((double)(int64_t)R[B]);
		NEXT(1);
		CASE(U2F) R[A] = f64_slot((double)R[B]);
		NEXT(1);
		CASE(F2I)
		{
			double d = slot_f64(R[B]);
			R[A] = (d != d || d >= 9.3e18 || d <= -9.3e18) ? (Slot)INT64_MIN
			                                               : (Slot)(int64_t)d;
			NEXT(1);
		}
		CASE(F2U)
		{
			double d = slot_f64(R[B]);
			R[A] = (d != d || d >= 1.8e19 || d <= -1)
			               ? (d < 0 && d > -9.2e18 ? (Slot)(int64_t)d : (Slot)1 << 63)
			               : (Slot)(uint64_t)d;
			NEXT(1);
		}
		CASE(JMP)
		if (SBX < 0)
			PREEMPT_POLL();
		pc += 1 + SBX;
		DISPATCH();
		CASE(JT) if (R[A])
		{
			pc += 1 + SBX;
			DISPATCH();
		}
		NEXT(1);
		CASE(JF) if (!R[A])
		{
			pc += 1 + SBX;
			DISPATCH();
		}
		NEXT(1);
		CASE(JLT) if ((int64_t)R[A] < (int64_t)R[B])
		{
			pc += 1 + JC;
			DISPATCH();
		}
		NEXT(1);
		CASE(JLE) if ((int64_t)R[A] <= (int64_t)R[B])
		{
			pc += 1 + JC;
			DISPATCH();
		}
		NEXT(1);
		CASE(JEQ) if (R[A] == R[B])
		{
			pc += 1 + JC;
			DISPATCH();
		}
		NEXT(1);
		CASE(JNE) if (R[A] != R[B])
		{
			pc += 1 + JC;
			DISPATCH();
		}
		NEXT(1);
		CASE(JLTI) if ((int64_t)R[A] < (int64_t)(int16_t)B)
		{
			pc += 1 + JC;
			DISPATCH();
		}
		NEXT(1);
		CASE(JGEI) if ((int64_t)R[A] >= (int64_t)(int16_t)B)
		{
			pc += 1 + JC;
			DISPATCH();
		}
		NEXT(1);
		CASE(CONCAT)
		{
			GC_POLL();
			String parts[2] = {string_from_slots(&R[B]), string_from_slots(&R[C])};
			String r = concatstrings(parts, 2);
			put_string(&R[A], r);
			NEXT(1);
		}
		CASE(STRCMP)
		R[A] = (Slot)(int64_t)cmpstring(string_from_slots(&R[B]), string_from_slots(&R[C]));
		NEXT(1);
		CASE(STREQ)
		{
			int64_t n = (int64_t)R[B + 1];
			R[A] = n == (int64_t)R[C + 1] &&
			       (n == 0 || R[B] == R[C] ||
			        memcmp((void *)(uintptr_t)R[B], (void *)(uintptr_t)R[C],
			               (size_t)n) == 0);
			NEXT(1);
		}
		CASE(STRIDX)
		{
			uint64_t i = R[C], n = R[B + 1];
			if (i >= n) {
				SAVE();
				panic_index(g, (int64_t)i, (int64_t)n);
				PANIC_NOW();
			}
			R[A] = ((const uint8_t *)(uintptr_t)R[B])[i];
			NEXT(1);
		}
		CASE(LOAD64)
		{
			uint8_t *p = (uint8_t *)(uintptr_t)R[B];
			if (!p)
				NIL_PANIC();
			memcpy(&R[A], p + C, 8);
			NEXT(1);
		}
		CASE(STORE64)
		{
			uint8_t *p = (uint8_t *)(uintptr_t)R[A];
			if (!p)
				NIL_PANIC();
			memcpy(p + C, &R[B], 8);
			NEXT(1);
		}
		CASE(STOREP)
		{
			uint8_t *p = (uint8_t *)(uintptr_t)R[A];
			if (!p)
				NIL_PANIC();
			gc_write_ptr(p + C, (void *)(uintptr_t)R[B]);
			NEXT(1);
		}
		CASE(LOADM)
		{
			uint8_t *p = (uint8_t *)(uintptr_t)R[B];
			if (!p)
				NIL_PANIC();
			load_kind(&R[A], p + C, K64(pc));
			NEXT(2);
		}
		CASE(STOREM)
		{
			uint8_t *p = (uint8_t *)(uintptr_t)R[A];
			if (!p)
				NIL_PANIC();
			uint64_t k = K64(pc);
			if (k & MK_PTRS) /* the whole value; scalars in it are ignored by the marker */
				gc_wb_bulk(p + C, &R[B], ((k >> 8) & 0xffffffff) / 8, NULL);
			store_kind(p + C, &R[B], k);
			NEXT(2);
		}
		CASE(GADDR) R[A] = (Slot)(uintptr_t)(prog->globals + K64(pc));
		NEXT(2);
		CASE(LEA) R[A] = (Slot)(uintptr_t)&R[B];
		NEXT(1);
		CASE(NILCHK)
		{
			if (!R[A])
				NIL_PANIC();
			NEXT(1);
		}
		CASE(FLOAD)
		{
			uint64_t k = K64(pc);
			load_kind(&R[A], (uint8_t *)&R[B] + (k >> 40), k & 0xffffffffffull);
			NEXT(2);
		}
		CASE(FSTORE)
		{
			uint64_t k = K64(pc);
			store_kind((uint8_t *)&R[A] + (k >> 40), &R[B], k & 0xffffffffffull);
			NEXT(2);
		}
		CASE(ADDPTR) R[A] = R[B] + K64(pc);
		NEXT(2);
		CASE(IDXADDR)
		{
			uint64_t k = K64(pc);
			uint64_t esize = k & 0xffffffff, len = k >> 32, i = R[C];
			if (!R[B])
				NIL_PANIC();
			if (i >= len) {
				SAVE();
				panic_index(g, (int64_t)i, (int64_t)len);
				PANIC_NOW();
			}
			R[A] = R[B] + i * esize;
			NEXT(2);
		}
		CASE(SIDXADDR)
		{
			uint64_t i = R[C], n = R[B + 1];
			if (i >= n) {
				SAVE();
				panic_index(g, (int64_t)i, (int64_t)n);
				PANIC_NOW();
			}
			R[A] = R[B] + i * K64(pc);
			NEXT(2);
		}
		CASE(SGET64)
		{
			uint64_t i = R[C], n = R[B + 1];
			if (i >= n) {
				SAVE();
				panic_index(g, (int64_t)i, (int64_t)n);
				PANIC_NOW();
			}
			R[A] = ((const Slot *)(uintptr_t)R[B])[i];
			NEXT(1);
		}
		CASE(SSET64)
		{
			uint64_t i = R[B], n = R[A + 1];
			if (i >= n) {
				SAVE();
				panic_index(g, (int64_t)i, (int64_t)n);
				PANIC_NOW();
			}
			((Slot *)(uintptr_t)R[A])[i] = R[C];
			NEXT(1);
		}
		CASE(SLICE)
		{
			SAVE();
			if (!slice_op(g, R, pc))
				PANIC_NOW();
			NEXT(3);
		}
		CASE(NEW)
		{
			GC_POLL();
			Type *t = (Type *)(uintptr_t)K64(pc);
			R[A] = (Slot)(uintptr_t)mallocgc(t, t->size ? t->size : 1, true);
			NEXT(2);
		}
		CASE(MAKESLICE)
		{
			GC_POLL();
			Type *et = (Type *)(uintptr_t)K64(pc);
			int64_t len = (int64_t)R[B], cap = (int64_t)R[C];
			if (len < 0) {
				SAVE();
				rt_panic_runtime(g, "makeslice: len out of range");
				PANIC_NOW();
			}
			if (cap < len) {
				SAVE();
				rt_panic_runtime(g, "makeslice: cap out of range");
				PANIC_NOW();
			}
			if (et->size && (uint64_t)cap > (1ull << 40) / et->size) {
				SAVE();
				rt_panic_runtime(g, "makeslice: len out of range");
				PANIC_NOW();
			}
			Slice s = rt_slice_make(et, len, cap);
			put_slice(&R[A], s);
			/* libgc scans this frame conservatively, and s would keep the array alive
			 * until the next make (the slots hold it for as long as the program does) */
			if (gc_boehm) {
				s.ptr = NULL;
				__asm__ volatile("" : : "r"(&s) : "memory");
			}
			NEXT(2);
		}
		CASE(MAKEMAP)
		{
			GC_POLL();
			R[A] = (Slot)(uintptr_t)map_make((Type *)(uintptr_t)K64(pc), (int64_t)R[B]);
			NEXT(2);
		}
		CASE(APPEND)
		{
			GC_POLL();
			Type *et = (Type *)(uintptr_t)K64(pc);
			Slice s = {(void *)(uintptr_t)R[A], (int64_t)R[A + 1], (int64_t)R[A + 2]};
			int64_t n = C;
			if (s.len + n > s.cap) {
				int64_t oldlen = s.len;
				s = growslice(et, s, s.len + n);
				s.len = oldlen;
			}
			uint64_t mk = type_mk(et);
			uint32_t es = (uint32_t)type_slots(et);
			if (es == 0)
				es = 1;
			if (et->ptrdata)
				for (int64_t i = 0; i < n; i++)
					gc_wb_bulk((uint8_t *)s.ptr + (s.len + i) * (int64_t)et->size,
					           &R[B + i * es], et->ptrdata / 8, et->ptrmask);
			for (int64_t i = 0; i < n; i++)
				store_kind((uint8_t *)s.ptr + (s.len + i) * (int64_t)et->size,
				           &R[B + i * es], mk);
			R[A] = (Slot)(uintptr_t)s.ptr;
			R[A + 1] = (Slot)(s.len + n);
			R[A + 2] = (Slot)s.cap;
			NEXT(2);
		}
		CASE(APPENDSL)
		{
			GC_POLL();
			Type *et = (Type *)(uintptr_t)K64(pc);
			Slice s = {(void *)(uintptr_t)R[A], (int64_t)R[A + 1], (int64_t)R[A + 2]};
			const void *src = (const void *)(uintptr_t)R[B];
			int64_t n = (int64_t)R[B + 1];
			if (n > 0) {
				if (s.len + n > s.cap) {
					int64_t oldlen = s.len;
					s = growslice(et, s, s.len + n);
					s.len = oldlen;
				}
				/* src may alias the grown-from array: memmove handles the overlap */
				wb_elems((uint8_t *)s.ptr + s.len * (int64_t)et->size, src, n, et);
				memmove((uint8_t *)s.ptr + s.len * (int64_t)et->size, src,
				        (size_t)(n * (int64_t)et->size));
				s.len += n;
			}
			put_slice(&R[A], s);
			NEXT(2);
		}
		CASE(COPY)
		{
			Type *et = (Type *)(uintptr_t)K64(pc);
			int64_t n = (int64_t)R[B + 1] < (int64_t)R[C + 1] ? (int64_t)R[B + 1]
			                                                  : (int64_t)R[C + 1];
			if (n > 0) {
				wb_elems((void *)(uintptr_t)R[B], (void *)(uintptr_t)R[C], n, et);
				memmove((void *)(uintptr_t)R[B], (void *)(uintptr_t)R[C],
				        (size_t)(n * (int64_t)et->size));
			}
			R[A] = (Slot)n;
			NEXT(2);
		}
		CASE(STR2BYTES)
		{
			GC_POLL();
			Slice s = stringtoslicebyte(string_from_slots(&R[B]));
			put_slice(&R[A], s);
			NEXT(1);
		}
		CASE(BYTES2STR)
		{
			GC_POLL();
			String s = slicebytetostring((const uint8_t *)(uintptr_t)R[B],
			                             (int64_t)R[B + 1]);
			put_string(&R[A], s);
			NEXT(1);
		}
		CASE(STR2RUNES)
		{
			GC_POLL();
			Slice s = stringtoslicerune(string_from_slots(&R[B]));
			put_slice(&R[A], s);
			NEXT(1);
		}
		CASE(RUNES2STR)
		{
			GC_POLL();
			String s = slicerunetostring((const int32_t *)(uintptr_t)R[B],
			                             (int64_t)R[B + 1]);
			put_string(&R[A], s);
			NEXT(1);
		}
		CASE(RUNE2STR)
		{
			GC_POLL();
			String s = intstring((int64_t)R[B]);
			put_string(&R[A], s);
			NEXT(1);
		}
		CASE(STRRUNE)
		{
			int64_t next;
			int32_t r = decoderune(string_from_slots(&R[B]), (int64_t)R[C], &next);
			R[A] = (Slot)(int64_t)r;
			R[A + 1] = (Slot)next;
			NEXT(1);
		}
		CASE(MAPGET)
		CASE(MAPGET2)
		{
			Type *mt = (Type *)(uintptr_t)K64(pc);
			Type *mu = types_under(mt);
			Slot kbuf;
			const void *key = map_key(&R[C], mu->key, &kbuf);
			SAVE();
			void *v = map_access(g, (Map *)(uintptr_t)R[B], key);
			if (g->native_panic)
				PANIC_NOW();
			uint32_t vs = type_slots(mu->elem);
			if (v)
				load_kind(&R[A], v, type_mk(mu->elem));
			else
				memset(&R[A], 0, vs * sizeof(Slot));
			if (pc->op == OP_MAPGET2)
				R[A + vs] = v != NULL;
			NEXT(2);
		}
		CASE(MAPSET)
		CASE(MAPADDR)
		{
			GC_POLL();
			Type *mt = (Type *)(uintptr_t)K64(pc);
			Type *mu = types_under(mt);
			Map *m = (Map *)(uintptr_t)R[A];
			SAVE();
			if (!m) {
				panic_plain(g, "assignment to entry in nil map");
				PANIC_NOW();
			}
			Slot kbuf;
			const void *key = map_key(&R[B], mu->key, &kbuf);
			void *v = map_assign(g, m, key);
			if (!v)
				PANIC_NOW();
			if (mu->elem->ptrdata)
				gc_wb_bulk(v, &R[C], mu->elem->ptrdata / 8, mu->elem->ptrmask);
			store_kind(v, &R[C], type_mk(mu->elem));
			NEXT(2);
		}
		CASE(MAPDEL)
		{
			Type *mt = (Type *)(uintptr_t)K64(pc);
			Type *mu = types_under(mt);
			Slot kbuf;
			const void *key = map_key(&R[B], mu->key, &kbuf);
			SAVE();
			if (R[A])
				map_delete(g, (Map *)(uintptr_t)R[A], key);
			if (g->native_panic)
				PANIC_NOW();
			NEXT(2);
		}
		CASE(MAPLEN) R[A] = (Slot)map_len((Map *)(uintptr_t)R[B]);
		NEXT(1);
		CASE(MAPCLEAR)
		{
			if (B == 1) {
				Type *et = (Type *)(uintptr_t)K64(pc);
				if (R[A + 1])
					memset((void *)(uintptr_t)R[A], 0,
					       (size_t)R[A + 1] * et->size);
				NEXT(2);
			}
			if (R[A])
				map_clear((Map *)(uintptr_t)R[A]);
			NEXT(1);
		}
		CASE(MAPITER)
		{
			MapIter it;
			map_iter_init(&it, (Map *)(uintptr_t)R[B]);
			memcpy(&R[A], &it, sizeof it);
			NEXT(1);
		}
		CASE(MAPNEXT)
		{
			MapIter it;
			memcpy(&it, &R[A], sizeof it);
			void *k, *v;
			Type *mu = types_under((Type *)(uintptr_t)K64(pc));
			bool more = it.m && map_iter_next(&it, &k, &v);
			memcpy(&R[A], &it, sizeof it);
			if (!more) {
				int64_t off;
				memcpy(&off, pc + 2, 8);
				pc += 3 + off;
				DISPATCH();
			}
			load_kind(&R[B], k, type_mk(mu->key));
			load_kind(&R[C], v, type_mk(mu->elem));
			NEXT(3);
		}
		CASE(BOX)
		{
			GC_POLL();
			/* K is a Type * for an empty interface (c = 1), else an Itab * */
			void *tab = (void *)(uintptr_t)K64(pc);
			Type *t = C ? (Type *)tab : ((Itab *)tab)->type;
			box_value(&R[A], &R[B], tab, t);
			NEXT(2);
		}
		CASE(CONVI)
		{
			Type *to = (Type *)(uintptr_t)K64(pc);
			bool from_empty = C & 1;
			Type *t = dyn_type(&R[B], from_empty);
			if (!t) {
				R[A] = R[A + 1] = 0;
				NEXT(2);
			}
			Slot data = R[B + 1];
			if (types_is_empty_interface(to)) {
				R[A] = (Slot)(uintptr_t)t;
			} else {
				Itab *tab = itab_get(to, t, false);
				if (!tab) {
					SAVE();
					panic_plain(g, "interface conversion: %s is not %s",
					            types_string(t), types_string(to));
					PANIC_NOW();
				}
				R[A] = (Slot)(uintptr_t)tab;
			}
			R[A + 1] = data;
			NEXT(2);
		}
		CASE(ASSERT)
		{
			Type *t = (Type *)(uintptr_t)K64(pc);
			bool empty = C & 2, commaok = C & 1;
			Type *dt = dyn_type(&R[B], empty);
			uint32_t n = type_slots(t);
			if (dt == t) {
				Slot v[2] = {R[B], R[B + 1]};
				unbox(&R[A], v, t);
				if (commaok)
					R[A + n] = 1;
				NEXT(2);
			}
			if (commaok) {
				memset(&R[A], 0, n * sizeof(Slot));
				R[A + n] = 0;
				NEXT(2);
			}
			SAVE();
			{
				Type *st = NULL;
				/* the static type of the operand, for the message */
				const char *src =
				        empty ? "interface {}"
				              : types_string(
				                        ((Itab *)(uintptr_t)R[B]
				                                 ? ((Itab *)(uintptr_t)R[B])->inter
				                                 : t_any));
				(void)st;
				if (!dt)
					panic_plain(g, "interface conversion: %s is nil, not %s",
					            empty ? "interface {}" : "interface",
					            types_string(t));
				else
					panic_plain(g, "interface conversion: %s is %s, not %s",
					            src, types_string(dt), types_string(t));
			}
			PANIC_NOW();
		}
		CASE(ASSERTI)
		{
			Type *to = (Type *)(uintptr_t)K64(pc);
			bool empty = C & 2, commaok = C & 1;
			Type *dt = dyn_type(&R[B], empty);
			Slot data = R[B + 1];
			void *tab = NULL;
			if (dt)
				tab = types_is_empty_interface(to)
				              ? (void *)dt
				              : (void *)itab_get(to, dt, false);
			if (tab) {
				R[A] = (Slot)(uintptr_t)tab;
				R[A + 1] = data;
				if (commaok)
					R[A + 2] = 1;
				NEXT(2);
			}
			if (commaok) {
				R[A] = R[A + 1] = R[A + 2] = 0;
				NEXT(2);
			}
			SAVE();
			if (!dt)
				panic_plain(g, "interface conversion: interface is nil, not %s",
				            types_string(to));
			else {
				Type *iu = types_under(to);
				const char *missing = "?";
				for (int i = 0; i < iu->nimethods; i++) {
					Lookup lk = types_lookup(dt, iu->imethods[i].name,
					                         iu->imethods[i].pkg);
					if (lk.kind != LOOKUP_METHOD ||
					    (lk.method && lk.method->ptr_recv &&
					     types_under(dt)->kind != K_POINTER && !lk.indirect)) {
						missing = iu->imethods[i].name;
						break;
					}
				}
				panic_plain(g,
				            "interface conversion: %s is not %s: missing method %s",
				            types_string(dt), types_string(to), missing);
			}
			PANIC_NOW();
		}
		CASE(IFACEEQ)
		{
			Type *it = (Type *)(uintptr_t)K64(pc);
			bool empty = types_is_empty_interface(it);
			Type *ta = dyn_type(&R[B], empty), *tb = dyn_type(&R[C], empty);
			if (ta != tb) {
				R[A] = 0;
				NEXT(2);
			}
			if (!ta) {
				R[A] = 1;
				NEXT(2);
			}
			if (ta->direct_iface) {
				R[A] = R[B + 1] == R[C + 1];
				NEXT(2);
			}
			bool ok;
			SAVE();
			bool eq = values_equal(g, ta, (void *)(uintptr_t)R[B + 1],
			                       (void *)(uintptr_t)R[C + 1], &ok);
			if (!ok)
				PANIC_NOW();
			R[A] = eq;
			NEXT(2);
		}
		CASE(EFACETYPE) R[A] = (Slot)(uintptr_t)dyn_type(&R[B], C & 1);
		NEXT(1);
		CASE(EQMEM)
		{
			Type *t = (Type *)(uintptr_t)K64(pc);
			bool ok;
			SAVE();
			bool eq = values_equal(g, t, &R[B], &R[C], &ok);
			if (!ok)
				PANIC_NOW();
			R[A] = eq;
			NEXT(2);
		}
		CASE(CALL)
		{
			GC_POLL();
			PREEMPT_POLL();
			Proto *p = (Proto *)(uintptr_t)K64(pc);
			f->pc = pc + 2;
			if (p->native) {
				SAVE();
				f->pc = pc + 2;
				call_native(g, p, f->base + A);
				RESYNC();
				if (g->native_panic) {
					f->pc = pc;
					PANIC_NOW();
				}
				if (__builtin_expect(g->status != G_RUNNING, 0))
					goto reschedule;
				NEXT(2);
			}
			uint32_t base = f->base + A;
			if (__builtin_expect(g->nframes < g->framecap &&
			                             (uint64_t)base + p->nslots + 8 <=
			                                     g->stack_size,
			                     1)) {
				/* fast path: room for the frame record and the slots */
				Frame *nf = &g->frames[g->nframes++];
				nf->fn = p;
				nf->base = base;
				nf->closure = NULL;
				nf->ndefers = 0;
				nf->kind = FRAME_NORMAL;
				R += A;
				for (uint32_t i = p->nparams; i < p->zero_end; i++)
					R[i] = 0;
				f = nf;
				pc = p->code;
				DISPATCH();
			}
			push_frame(g, p, base, NULL, FRAME_NORMAL);
			RESYNC();
			pc = p->code;
			DISPATCH();
		}
		CASE(CALLF)
		{
			GC_POLL();
			PREEMPT_POLL();
			Closure *cl = (Closure *)(uintptr_t)R[B];
			if (!cl)
				NIL_PANIC();
			Proto *p = cl->fn;
			f->pc = pc + 1;
			if (p->native) {
				call_native(g, p, f->base + A);
				RESYNC();
				if (g->native_panic) {
					f->pc = pc;
					PANIC_NOW();
				}
				if (__builtin_expect(g->status != G_RUNNING, 0))
					goto reschedule;
				NEXT(1);
			}
			push_frame(g, p, f->base + A, cl, FRAME_NORMAL);
			RESYNC();
			pc = p->code;
			DISPATCH();
		}
		CASE(CALLI)
		{
			GC_POLL();
			PREEMPT_POLL();
			Itab *tab = (Itab *)(uintptr_t)R[B];
			if (!tab)
				NIL_PANIC();
			Proto *p = tab->fun[C];
			f->pc = pc + 1;
			if (p->native) {
				call_native(g, p, f->base + A);
				RESYNC();
				if (g->native_panic) {
					f->pc = pc;
					PANIC_NOW();
				}
				if (__builtin_expect(g->status != G_RUNNING, 0))
					goto reschedule;
				NEXT(1);
			}
			push_frame(g, p, f->base + A, NULL, FRAME_NORMAL);
			RESYNC();
			pc = p->code;
			DISPATCH();
		}
		CASE(RET)
		{
			if (f->ndefers) {
				/* run the next deferred call; it returns to this RET */
				Defer d = g->defers[--g->ndefers];
				f->ndefers--;
				f->pc = pc;
				push_frame(g, d.fn->fn, f->base + f->fn->nslots, d.fn,
				           FRAME_DEFERCALL);
				RESYNC();
				pc = f->pc;
				DISPATCH();
			}
			if (A == 1)
				NEXT(1);
			clear_locals(R, f->fn);
			g->nframes--;
			if (g->nframes == stop) {
				if (stop != 0 || g->is_main || g->cdepth)
					return 0;
				/* a goroutine's function returned: it ends (Go's goexit) */
				gfput(g);
				goto reschedule;
			}
			RESYNC();
			pc = f->pc;
			DISPATCH();
		}
		CASE(CLOSURE)
		{
			GC_POLL();
			Proto *p = (Proto *)(uintptr_t)K64(pc);
			Type *ct;
			memcpy(&ct, pc + 2, 8);
			Closure *cl = mallocgc(ct, ct->size, false);
			cl->fn = p;
			gc_wb_shade(&R[B], C, NULL); /* the closure is black while marking */
			memcpy(cl->data, &R[B], C * sizeof(Slot));
			R[A] = (Slot)(uintptr_t)cl;
			NEXT(3);
		}
		CASE(BIND)
		{
			GC_POLL();
			Proto *p = (Proto *)(uintptr_t)K64(pc);
			Type *ct;
			memcpy(&ct, pc + 2, 8);
			Closure *cl = mallocgc(ct, ct->size, false);
			cl->fn = p;
			gc_wb_shade(&R[B], C, NULL); /* the closure is black while marking */
			memcpy(cl->data, &R[B], C * sizeof(Slot));
			R[A] = (Slot)(uintptr_t)cl;
			NEXT(3);
		}
		CASE(CAPLOAD) R[A] = f->closure->data[B];
		NEXT(1);
		CASE(CAPDATA) memcpy(&R[A], f->closure->data, C * sizeof(Slot));
		NEXT(1);
		CASE(GO)
		{
			GC_POLL();
			Closure *cl = (Closure *)(uintptr_t)R[A];
			if (!cl) {
				rt_stdout_flush();
				fputs("fatal error: go of nil func value\n", stderr);
				exit(2);
			}
			/* the new goroutine's stack is never scanned in a cycle already marking: its
			 * one pointer, the closure, is shaded instead */
			gc_wb_shade(&cl, 1, NULL);
			G *ng = newproc(cl);
			ng->created_fn = f->fn;
			ng->created_line = pc_line(f->fn, pc);
			ng->created_goid = g->goid;
			NEXT(1);
		}
		CASE(DEFER)
		{
			push_defer(g, (Closure *)(uintptr_t)R[A]);
			NEXT(1);
		}
		CASE(RECOVER)
		{
			Panic *p = g->panic;
			bool ok = false;
			if (p && !p->recovered && !p->aborted) {
				if (f->kind == FRAME_PANICCALL)
					ok = true;
				else if (g->nframes >= 2) {
					Frame *caller = &g->frames[g->nframes - 2];
					if (caller->kind == FRAME_PANICCALL && caller->fn->wrapper)
						ok = true;
				}
			}
			if (ok) {
				p->recovered = true;
				R[A] = (Slot)(uintptr_t)p->arg.tab;
				R[A + 1] = (Slot)(uintptr_t)p->arg.data;
			} else {
				R[A] = R[A + 1] = 0;
			}
			NEXT(1);
		}
		CASE(PANIC)
		{
			SAVE();
			Iface v = {(void *)(uintptr_t)R[A], (void *)(uintptr_t)R[A + 1]};
			if (!v.tab) {
				/* panic(nil): Go 1.21+ panics with *runtime.PanicNilError */
				rt_panic_runtime(g, "panic called with nil argument (use "
				                    "GODEBUG=panicnil=1 to disable)");
				g->native_panic_val = box_string_as(
				        rt_plainError_type ? rt_plainError_type : t_string,
				        cstr("panic called with nil argument (obsolete "
				             "GODEBUG=panicnil=1)"));
			} else {
				rt_panic_value(g, v);
			}
			PANIC_NOW();
		}
		CASE(PANICNIL)
		{
			SAVE();
			rt_panic_runtime(g, "invalid memory address or nil pointer dereference");
			PANIC_NOW();
		}
		CASE(PANICIDX)
		{
			SAVE();
			panic_index(g, (int64_t)R[A], (int64_t)R[B]);
			PANIC_NOW();
		}
		CASE(UNWIND)
		{
			/* a deferred call run by a panic has returned */
			Panic *p = g->panic;
			if (p && p->recovered) {
				g->panic = p->link;
				while (g->panic && g->panic->aborted)
					g->panic = g->panic->link;
				free(p);
				f->kind = f->kind == FRAME_PANICCALL ? FRAME_NORMAL : f->kind;
				pc = f->fn->code + f->fn->deferreturn;
				DISPATCH();
			}
			goto unwind;
		}
		CASE(HALT) return 0;
		CASE(PRINT)
		{
			/* c: bit 1 = first argument (start the line), bit 0 = a space before it */
			if (C & 2)
				rt_print_begin();
			if (C & 1)
				rt_print_sp();
			rt_print_arg((Type *)(uintptr_t)K64(pc), &R[A]);
			NEXT(2);
		}
		CASE(PRINTNL)
		{
			/* a = 1: println's newline; b = 1: no argument started the line */
			if (B)
				rt_print_begin();
			if (A)
				rt_print_nl();
			rt_print_end();
			NEXT(1);
		}
		CASE(MINMAX)
		{
			uint64_t k = K64(pc);
			bool max = k & 4;
			switch (k & 3) {
			case 0: {
				int64_t x = (int64_t)R[B], y = (int64_t)R[C];
				R[A] = (Slot)(max ? (x > y ? x : y) : (x < y ? x : y));
				break;
			}
			case 3: {
				uint64_t x = R[B], y = R[C];
				R[A] = max ? (x > y ? x : y) : (x < y ? x : y);
				break;
			}
			case 1: {
				double x = slot_f64(R[B]), y = slot_f64(R[C]), r;
				if (x != x || y != y)
					r = NAN;
				else if (x == y)
					r = max ? (signbit(x) ? y : x) : (signbit(x) ? x : y);
				else
					r = max ? (x > y ? x : y) : (x < y ? x : y);
				R[A] = f64_slot(r);
				break;
			}
			default: {
				int c = cmpstring(string_from_slots(&R[B]),
				                  string_from_slots(&R[C]));
				bool takey = max ? c < 0 : c > 0;
				if (takey) {
					R[A] = R[C];
					R[A + 1] = R[C + 1];
				} else {
					R[A] = R[B];
					R[A + 1] = R[B + 1];
				}
			}
			}
			NEXT(2);
		}
		CASE(GOEXIT)
		{
			rt_stdout_flush();
			return 0;
		}
#ifdef MINIRT_SWITCH_DISPATCH
	default: fprintf(stderr, "minirt: bad opcode %d\n", pc->op); abort();
	}
#endif

reschedule:
	/* g stopped running (parked, yielded or ended): switch to the next runnable goroutine. */
	{
		if (g->cdepth > 0 || stop != 0) {
			if (g->status == G_WAITING)
				park_in_callback(g);
			g->status = G_RUNNING; /* a yield inside a callback just continues */
			RESYNC();
			pc = f->pc;
			DISPATCH();
		}
		G *next = sched_findrunnable();
		if (!next)
			deadlock();
		g = next;
		g_current = g;
		g->status = G_RUNNING;
		sched_started(g);
		RESYNC();
		pc = f->pc;
		DISPATCH();
	}

raise:
	/* A panic is pending in g (native_panic). Start a new Panic record. */
	{
		Panic *p = calloc(1, sizeof *p);
		p->arg = g->native_panic_val;
		p->runtime_error_signal = g->native_panic_signal;
		g->native_panic = false;
		/* A new panic while others are active was raised inside one of their deferred
		 * calls: those panics are aborted (Go marks them when the new one unwinds past the
		 * deferred call they started), recovered or not; they stay on the chain for printing. */
		for (Panic *q = g->panic; q; q = q->link)
			q->aborted = true;
		p->link = g->panic;
		g->panic = p;
		snapshot_trace(g);
	}
unwind:
	for (;;) {
		f = &g->frames[g->nframes - 1];
		if (f->ndefers) {
			Defer d = g->defers[--g->ndefers];
			f->ndefers--;
			f->pc = unwind_code;
			push_frame(g, d.fn->fn, f->base + f->fn->nslots, d.fn, FRAME_PANICCALL);
			RESYNC();
			pc = f->pc;
			DISPATCH();
		}
		/* no defers left in this frame: pop it */
		clear_locals(g->stack + f->base, f->fn);
		g->nframes--;
		if (g->nframes == stop || g->nframes == 0) {
			if (g->nframes == 0 || g->cdepth == 0)
				fatal_panic(g);
			/* a nested call from C panicked: hand the panic to the native's caller */
			g->native_panic = true;
			g->native_panic_val = g->panic->arg;
			g->native_panic_signal = g->panic->runtime_error_signal;
			Panic *p = g->panic;
			g->panic = p->link;
			free(p);
			return -1;
		}
	}
}

/* ---------------------------------------------------------------- disassembler */

static const char *opnames[] = {
#define X(name) #name,
        OPCODES(X)
#undef X
};

const char *vm_opname(int op)
{
	return op >= 0 && op < OP_COUNT ? opnames[op] : "?";
}

static int instr_words(int op)
{
	switch (op) {
	case OP_LOADK:
	case OP_LOADSTR:
	case OP_LOADM:
	case OP_STOREM:
	case OP_GADDR:
	case OP_ADDPTR:
	case OP_IDXADDR:
	case OP_SIDXADDR:
	case OP_NEW:
	case OP_MAKESLICE:
	case OP_MAKEMAP:
	case OP_APPEND:
	case OP_APPENDSL:
	case OP_COPY:
	case OP_MAPGET:
	case OP_MAPGET2:
	case OP_MAPSET:
	case OP_MAPADDR:
	case OP_MAPDEL:
	case OP_BOX:
	case OP_CONVI:
	case OP_ASSERT:
	case OP_ASSERTI:
	case OP_IFACEEQ:
	case OP_EQMEM:
	case OP_CALL:
	case OP_PRINT:
	case OP_MINMAX:
	case OP_FLOAD:
	case OP_FSTORE: return 2;
	case OP_SLICE:
	case OP_MAPNEXT:
	case OP_CLOSURE:
	case OP_BIND: return 3;
	default: return 1;
	}
}

void vm_disasm(Proto *p)
{
	fprintf(stderr, "%s: %u slots, params %u, results %u\n", p->name, p->nslots, p->nparams,
	        p->nresults);
	for (uint32_t i = 0; i < p->ncode;) {
		const Instr *in = &p->code[i];
		fprintf(stderr, "  %4u  %-10s %5u %5u %5u", i, vm_opname(in->op), in->a, in->b,
		        in->c);
		int w = in->op == OP_MAPCLEAR && in->b == 1 ? 2 : instr_words(in->op);
		for (int k = 1; k < w; k++) {
			uint64_t v;
			memcpy(&v, in + k, 8);
			fprintf(stderr, "  K=%#" PRIx64, v);
		}
		fputc('\n', stderr);
		i += (uint32_t)w;
	}
}
