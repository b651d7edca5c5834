/*
 * compile.c - the compiler's driver: programs, functions and statements.
 *
 * How a program is compiled:
 *   1. Every function and method of every loaded package gets a Proto shell (name, parameter
 *      and result layout), so calls can refer to functions not compiled yet.
 *   2. Package-level variables are laid out in the globals area in memory layout (like a heap
 *      object), with a pointer bitmap the collector uses as a root.
 *   3. Each function body is compiled (compile_expr.c has expressions, assignments and calls;
 *      compile_iface.c interface conversions and method wrappers).
 *   4. The entry Proto initialises each package's variables in dependency order, runs its
 *      init functions, and calls main.main.
 *
 * Statements compile in one pass over the checked AST. Loops and switches push a Loop record
 * whose break and continue jumps are patched when the statement ends. Go 1.22's per-iteration
 * loop variables cost nothing unless a variable lives in a heap cell (captured or address
 * taken): then each iteration copies it into a fresh cell before the post statement.
 *
 * Invariants:
 *   - A slot's class (pointer or scalar) never changes within a function (compile_int.h).
 *   - Every local variable is explicitly initialised where it is declared (slots are reused,
 *     and a declaration inside a loop runs many times).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/chan.h"
#include "compile_int.h"
#include "escape.h"

CompiledProgram *cur_prog;
Type *rt_errorString_type;
Type *rt_plainError_type;

void fail(Pos pos, const char *msg)
{
	fprintf(stderr, "%s:%d:%d: internal compiler error: %s\n",
	        cur_prog ? cur_prog->filename : "?", pos.line, pos.col, msg);
	exit(2);
}

/* ---------------------------------------------------------------- emitting code */

int emit(FS *fs, int op, int a, int b, int c)
{
	Instr in = {(uint16_t)op, (uint16_t)a, (uint16_t)b, (uint16_t)c};
	if (fs->nlines == 0 || fs->lines[fs->nlines - 1].line != (uint32_t)fs->line) {
		LineEntry le = {(uint32_t)fs->ncode, (uint32_t)fs->line};
		VEC_PUSH(fs->lines, fs->nlines, fs->caplines, le);
	}
	VEC_PUSH(fs->code, fs->ncode, fs->capcode, in);
	return fs->ncode - 1;
}

void emitk(FS *fs, uint64_t k)
{
	Instr in;
	memcpy(&in, &k, sizeof in);
	VEC_PUSH(fs->code, fs->ncode, fs->capcode, in);
}

int here(FS *fs)
{
	return fs->ncode;
}

int emit_jump(FS *fs, int op, int a)
{
	return emit(fs, op, a, 0, 0);
}

void patch_jump(FS *fs, int pc, int target)
{
	Instr *in = &fs->code[pc];
	int off = target - (pc + 1);
	switch (in->op) {
	case OP_JLT:
	case OP_JLE:
	case OP_JEQ:
	case OP_JNE:
	case OP_JLTI:
	case OP_JGEI:
		if (off < -32768 || off > 32767)
			fail((Pos){0, 0}, "function too large (jump out of range)");
		in->c = (uint16_t)(int16_t)off;
		break;
	default:
		in->b = (uint16_t)((uint32_t)off & 0xffff);
		in->c = (uint16_t)((uint32_t)off >> 16);
	}
}

void set_line(FS *fs, Pos pos)
{
	if (pos.line > 0)
		fs->line = pos.line;
}

const char *fs_file(FS *fs)
{
	return fs->file;
}

/* ---------------------------------------------------------------- slot allocation */

void type_classes(Type *t, uint8_t *out)
{
	uint32_t n = type_slots(t);
	for (uint32_t i = 0; i < n; i++) {
		bool ptr = i * 8 < t->ptrdata && t->ptrmask && (t->ptrmask[i / 8] >> (i % 8)) & 1;
		out[i] = ptr ? CLS_PTR : CLS_SCALAR;
	}
}

static void ensure_slots(FS *fs, int n)
{
	if (n <= fs->capslots)
		return;
	int ncap = fs->capslots ? fs->capslots : 32;
	while (ncap < n)
		ncap *= 2;
	uint8_t *c = arena_alloc((size_t)ncap), *b = arena_alloc((size_t)ncap);
	uint8_t *d = arena_alloc((size_t)ncap);
	if (fs->capslots) {
		memcpy(c, fs->cls, (size_t)fs->capslots);
		memcpy(b, fs->busy, (size_t)fs->capslots);
		memcpy(d, fs->dirty, (size_t)fs->capslots);
	}
	fs->cls = c;
	fs->busy = b;
	fs->dirty = d;
	fs->capslots = ncap;
}

static bool fits(FS *fs, int s, const uint8_t *cls, int n)
{
	for (int i = 0; i < n; i++) {
		if (s + i >= fs->capslots)
			continue;
		if (fs->busy[s + i])
			return false;
		if (fs->cls[s + i] != CLS_NONE && fs->cls[s + i] != cls[i])
			return false;
	}
	return true;
}

static int take(FS *fs, int s, const uint8_t *cls, int n)
{
	ensure_slots(fs, s + n);
	if (s + n > 65000)
		fail((Pos){fs->line, 0}, "function needs too many slots");
	for (int i = 0; i < n; i++) {
		fs->busy[s + i] = 1;
		fs->cls[s + i] = cls[i];
		if (cls[i] == CLS_PTR)
			fs->dirty[s + i] = 1;
	}
	if (s + n > fs->nslots)
		fs->nslots = s + n;
	return s;
}

static int alloc_cls(FS *fs, const uint8_t *cls, int n)
{
	for (int s = 0;; s++)
		if (fits(fs, s, cls, n))
			return take(fs, s, cls, n);
}

int slots_alloc(FS *fs, Type *t)
{
	int n = (int)type_slots(t);
	if (n == 0)
		n = 1; /* zero-sized values still get a slot so operands stay distinct */
	uint8_t cls[n];
	if (t->size == 0)
		cls[0] = CLS_SCALAR;
	else
		type_classes(t, cls);
	return alloc_cls(fs, cls, n);
}

int slots_alloc_n(FS *fs, int n, int c)
{
	uint8_t cls[n > 0 ? n : 1];
	memset(cls, c, sizeof cls);
	return alloc_cls(fs, cls, n > 0 ? n : 1);
}

int slots_alloc_block(FS *fs, const uint8_t *cls, int n)
{
	int top = 0;
	for (int i = 0; i < fs->capslots; i++)
		if (fs->busy[i])
			top = i + 1;
	for (int s = top;; s++)
		if (fits(fs, s, cls, n))
			return take(fs, s, cls, n);
}

/*
 * A frame object takes at most STACK_OBJECT_MAX_SLOTS slots: 64 KiB, Go's limit for an explicit
 * allocation on the stack (escape analysis already sends bigger ones to the heap). The cost of a
 * big one is paid at every call whether the allocation runs or not: a returning frame's slots
 * are cleared (vm.c clear_locals). Its slots are never reused, so a function with very many of
 * them could run out of slot numbers (65000). Escape analysis keeps each function's frame
 * objects and frame variables within 128 KiB (escape.c frame_budget), deciding for the whole
 * function, so the limit here (256 KiB) is a last resort that is never reached.
 */
#define STACK_OBJECT_MAX_SLOTS       8192
#define STACK_OBJECTS_MAX_FUNC_SLOTS 32768

/* The slots of a frame object of 'count' elements of type t, and each slot's class (from the
 * element's pointer mask at the slot's offset within its element: an element with pointers is
 * 8-aligned, so its words line up with slots). Returns 0 when the object must go to the heap:
 * escape analysis says so, it is empty (Go points those at zerobase), too big, or, for a
 * single object (not an array), does not fill whole slots. */
static int frame_layout(Expr *site, Type *t, int64_t count, bool array, uint8_t *cls)
{
	if (!escape_on_stack(site))
		return 0;
	types_complete(t);
	if (t->size == 0 || count <= 0 || (!array && t->size % 8) ||
	    (uint64_t)count > STACK_OBJECT_MAX_SLOTS * 8 / t->size)
		return 0;
	int n = (int)(((uint64_t)count * t->size + 7) / 8);
	for (int i = 0; i < n; i++) {
		uint64_t off = (uint64_t)i * 8 % t->size;
		cls[i] = t->size % 8 == 0 && off < t->ptrdata &&
		                         t->ptrmask[off / 64] >> (off / 8 % 8) & 1
		                 ? CLS_PTR
		                 : CLS_SCALAR;
	}
	return n;
}

static FrameBlock *frame_reserved(FS *fs, Expr *site, bool array)
{
	for (int i = 0; i < fs->nreserved; i++)
		if (fs->reserved[i].site == site && fs->reserved[i].array == array)
			return &fs->reserved[i];
	return NULL;
}

/*
 * The frame block of an object whose layout is cls[0..n): the one taken for its site ahead
 * of time (frame_reserve), else a new one, except while a call's argument block is being
 * filled: a block taken then would lie above the argument block, where the callee's frame is
 * about to start. Returns -1 when the object must go to the heap.
 */
static int frame_block(FS *fs, Expr *site, bool array, const uint8_t *cls, int n)
{
	FrameBlock *r = frame_reserved(fs, site, array);
	if (r)
		return r->blk;
	if (fs->argdepth > 0 || fs->stack_obj_slots + n > STACK_OBJECTS_MAX_FUNC_SLOTS)
		return -1;
	fs->stack_obj_slots += n;
	return slots_alloc_block(fs, cls, n);
}

/*
 * Takes the block of a frame object (count elements of type t; array: a slice's backing array)
 * now, before a call's argument block, for a site that the call's arguments will evaluate:
 * stack_new and stack_slice then find it. Does nothing when the object goes to the heap.
 */
void frame_reserve(FS *fs, Expr *site, Type *t, int64_t count, bool array)
{
	uint8_t cls[STACK_OBJECT_MAX_SLOTS];
	int n = frame_layout(site, t, count, array, cls);
	if (n == 0 || frame_reserved(fs, site, array) ||
	    fs->stack_obj_slots + n > STACK_OBJECTS_MAX_FUNC_SLOTS)
		return;
	if (fs->nreserved == fs->capreserved) {
		int cap = fs->capreserved ? fs->capreserved * 2 : 8;
		FrameBlock *a = arena_alloc(sizeof *a * (size_t)cap);
		if (fs->nreserved)
			memcpy(a, fs->reserved, sizeof *a * (size_t)fs->nreserved);
		fs->reserved = a;
		fs->capreserved = cap;
	}
	fs->stack_obj_slots += n;
	fs->reserved[fs->nreserved++] = (FrameBlock){site, array, slots_alloc_block(fs, cls, n)};
}

/*
 * A new(T) or &T{...} that escape analysis keeps in the frame (lang/escape.c): a block of slots
 * with T's layout, taken for the rest of the function (never reused, so the pointer stays good
 * wherever it is kept), zeroed each time the allocation runs (it may run in a loop: the pointer
 * from the previous iteration is dead by then, which is what "does not escape" guarantees), and
 * its address in a pointer slot (OP_LEA). The collector scans the block through the frame's bitmap;
 * when the stack moves, the VM relocates pointers into it (vm_stack_moved). Returns false when
 * the object must go to the heap after all (see frame_layout and frame_block).
 */
bool stack_new(FS *fs, Expr *site, Type *t, Op *out)
{
	uint8_t cls[STACK_OBJECT_MAX_SLOTS];
	int n = frame_layout(site, t, 1, false, cls);
	int blk = n ? frame_block(fs, site, false, cls, n) : -1;
	if (blk < 0)
		return false;
	Op r = {slots_alloc_n(fs, 1, CLS_PTR), 1, true};
	emit(fs, OP_ZERO, blk, n, 0);
	emit(fs, OP_LEA, r.slot, blk, 0);
	vm_use_stack_objects();
	*out = r;
	return true;
}

/*
 * The closure of a function literal that escape analysis keeps in the frame (closure type ct:
 * the function, then the captured cells): the first slot of its block, or -1 for the heap. The
 * caller fills every slot, so nothing is zeroed. A stack move relocates pointers to it in the
 * frames' slots and in the frame records of its running calls (lang/vm.c).
 */
int stack_closure(FS *fs, Expr *site, Type *ct)
{
	uint8_t cls[STACK_OBJECT_MAX_SLOTS];
	int n = frame_layout(site, ct, 1, false, cls);
	int blk = n ? frame_block(fs, site, false, cls, n) : -1;
	if (blk >= 0)
		vm_use_stack_objects();
	return blk;
}

/*
 * The backing array of a slice literal or of make([]T, len, cap) with a constant capacity that
 * escape analysis keeps in the frame: as for stack_new, a block of slots taken for the rest of
 * the function and zeroed each time the allocation runs, here cap elements rounded up to whole
 * slots (a []byte of 10 takes 2). Fills the three slots of the slice r: the block's address, the
 * length and cap. A len of -1 means the length is already in r's second slot (of an unsigned
 * type if len_unsigned), not yet checked: it must be within [0, cap], else the program panics as
 * make does. Returns false, emitting nothing, when the array must go to the heap.
 */
bool stack_slice(FS *fs, Expr *site, Type *elem, int64_t len, bool len_unsigned, int64_t cap, Op r)
{
	uint8_t cls[STACK_OBJECT_MAX_SLOTS];
	int n = frame_layout(site, elem, cap, true, cls);
	int blk = n ? frame_block(fs, site, true, cls, n) : -1;
	if (blk < 0)
		return false;
	int c = r.slot + 2;
	load_int(fs, c, (uint64_t)cap);
	if (len < 0) {
		/* Go's check: if uint64(len) > cap { if len < 0 { len panic }; cap panic }, where
		 * len < 0 never holds for an unsigned length */
		int ok = slots_alloc_n(fs, 1, CLS_SCALAR);
		emit(fs, OP_LEU, ok, r.slot + 1, c);
		int j = emit_jump(fs, OP_JT, ok);
		if (len_unsigned) /* any length past cap makes make panic with Go's cap message */
			load_int(fs, ok, (uint64_t)cap + 1);
		else
			emit(fs, OP_MOVE, ok, r.slot + 1, 0);
		emit(fs, OP_MAKESLICE, r.slot, ok, c); /* panics */
		emitk(fs, (uint64_t)(uintptr_t)elem);
		slots_free(fs, ok, 1);
		patch_jump(fs, j, here(fs));
	} else {
		load_int(fs, r.slot + 1, (uint64_t)len);
	}
	emit(fs, OP_ZERO, blk, n, 0);
	emit(fs, OP_LEA, r.slot, blk, 0);
	vm_use_stack_objects();
	return true;
}

void slots_free(FS *fs, int slot, int n)
{
	for (int i = 0; i < n; i++)
		fs->busy[slot + i] = 0;
}

void op_release(FS *fs, Op o)
{
	if (o.temp)
		slots_free(fs, o.slot, o.n);
}

/* ---------------------------------------------------------------- protos */

static const char *func_symbol(Object *fn)
{
	/* Go names functions by import path: "runtime/pprof.Lookup", "sync/atomic.(*Value).Load" */
	const char *pkg = fn->pkg ? fn->pkg->path : "main";
	if (fn->recv_type) {
		const char *tn = fn->recv_type->name ? fn->recv_type->name : "?";
		if (fn->ptr_recv)
			return arena_printf("%s.(*%s).%s", pkg, tn, fn->name);
		return arena_printf("%s.%s.%s", pkg, tn, fn->name);
	}
	return arena_printf("%s.%s", pkg, fn->name);
}

/* Slots taken by a signature's parameters (with receiver) and results. */
static void sig_layout(Type *sig, Type *recv, uint32_t *np, uint32_t *nr)
{
	uint32_t p = recv ? type_slots(recv) : 0;
	for (int i = 0; i < sig->nparams; i++)
		p += type_slots(sig->params[i]);
	uint32_t r = 0;
	for (int i = 0; i < sig->nresults; i++)
		r += type_slots(sig->results[i]);
	*np = p;
	*nr = r;
}

Proto *proto_of(Object *fn)
{
	if (fn->code)
		return fn->code;
	Proto *p = arena_alloc(sizeof *p);
	p->name = func_symbol(fn);
	p->file = fn->pkg && fn->pkg->file ? fn->pkg->file->filename : "?";
	p->line = fn->pos.line;
	Type *recv = NULL;
	if (fn->recv_type)
		recv = fn->ptr_recv ? types_pointer(fn->recv_type) : fn->recv_type;
	types_complete(fn->type);
	sig_layout(fn->type, recv, &p->nparams, &p->nresults);
	if (fn->native) {
		p->native = native_lookup(fn->native);
		if (!p->native) {
			fprintf(stderr, "minirt: internal error: no native implementation of %s\n",
			        fn->native);
			exit(2);
		}
		p->nslots = p->nparams + p->nresults;
	}
	fn->code = p;
	return p;
}

/* ---------------------------------------------------------------- functions */

/* The zeroing range at frame entry: results, and every pointer slot (see Proto.zero_end). */
void proto_set_zero_end(Proto *p)
{
	uint32_t end = p->nparams + p->nresults;
	for (uint32_t i = 0; i < p->nslots; i++)
		if ((p->ptrmask[i / 8] >> (i % 8)) & 1 && i + 1 > end)
			end = i + 1;
	p->zero_end = end > p->nslots ? p->nslots : end;
	if (p->zero_end == 0)
		p->zero_end = p->nparams; /* nothing to zero */
}

static void finish_proto(FS *fs)
{
	Proto *p = fs->p;
	p->code = fs->code;
	p->ncode = (uint32_t)fs->ncode;
	p->lines = fs->lines;
	p->nlines = (uint32_t)fs->nlines;
	p->nslots = (uint32_t)(fs->nslots > 0 ? fs->nslots : 1);
	p->ptrmask = arena_alloc((p->nslots + 7) / 8);
	for (uint32_t i = 0; i < (uint32_t)fs->nslots; i++)
		if (fs->cls[i] == CLS_PTR)
			p->ptrmask[i / 8] |= (uint8_t)(1u << (i % 8));
	proto_set_zero_end(p);
}

/* Binds the parameter or result objects of a field list to consecutive slots from *slot. */
static void bind_fields(FS *fs, Field *fields, int nfields, Type **types, int *ti, int *slot,
                        Object **objs, int *nobjs)
{
	for (int i = 0; i < nfields; i++) {
		int n = fields[i].nnames ? fields[i].nnames : 1;
		for (int j = 0; j < n; j++) {
			Type *t = types[*ti];
			(*ti)++;
			uint8_t cls[type_slots(t) + 1];
			type_classes(t, cls);
			int s = take(fs, *slot, cls, (int)type_slots(t));
			*slot += (int)type_slots(t);
			Object *o = fields[i].nnames ? fields[i].names[j]->u.ident.obj : NULL;
			if (o) {
				o->slot = s;
				objs[(*nobjs)++] = o;
			}
		}
	}
}

/* Moves heap-resident parameters into fresh cells at function entry. */
static void params_to_heap(FS *fs, Object **objs, int n, bool results)
{
	for (int i = 0; i < n; i++) {
		Object *o = objs[i];
		if (o->storage != VAR_HEAP)
			continue;
		int valslot = o->slot;
		int cell = slots_alloc_n(fs, 1, CLS_PTR);
		emit(fs, OP_NEW, cell, 0, 0);
		emitk(fs, (uint64_t)(uintptr_t)o->type);
		if (!results) {
			emit(fs, OP_STOREM, cell, valslot, 0);
			emitk(fs, mk_imm(o->type));
		}
		o->slot = cell;
		if (results)
			fs->heap_results = true;
	}
}

typedef struct FuncSrc {
	Proto *p;
	FuncLitInfo *info;
	Field *recv; /* receiver field or NULL */
	Type *recvtype;
	Expr *ftype; /* E_FUNCTYPE */
	Stmt *body;
	Package *pkg;
	Pos pos;
} FuncSrc;

static Object **result_objs; /* for the return statement of the function being compiled */
static int nresult_objs;

static void compile_function(FuncSrc *src, FS *parent)
{
	FS fsv = {0}, *fs = &fsv;
	fs->p = src->p;
	fs->info = src->info;
	fs->pkg = src->pkg;
	fs->file = src->p->file;
	fs->sig = src->info ? src->info->sig : NULL;
	fs->parent = parent;
	fs->name = src->p->name;
	fs->line = src->pos.line;
	Type *sig = src->ftype->type;
	Object *objs[512];
	int nobjs = 0, slot = 0, ti = 0;
	if (src->recv) {
		Type *rt[1] = {src->recvtype};
		int rti = 0;
		bind_fields(fs, src->recv, 1, rt, &rti, &slot, objs, &nobjs);
	}
	Expr *ft = src->ftype;
	bind_fields(fs, ft->u.func.params, ft->u.func.nparams, sig->params, &ti, &slot, objs,
	            &nobjs);
	int nparamobjs = nobjs;
	fs->result_base = slot;
	ti = 0;
	Object *robjs[256];
	int nrobjs = 0;
	int rslot = slot;
	bind_fields(fs, ft->u.func.results, ft->u.func.nresults, sig->results, &ti, &rslot, robjs,
	            &nrobjs);
	fs->nresult_slots = rslot - slot;
	/* Captured variables of a closure: their cell pointers, loaded at entry. */
	if (src->info && src->info->ncaptures) {
		fs->p->is_closure = true;
		for (int i = 0; i < src->info->ncaptures; i++) {
			int s = slots_alloc_n(fs, 1, CLS_PTR);
			emit(fs, OP_CAPLOAD, s, i, 0);
			(void)s;
		}
	}
	params_to_heap(fs, objs, nparamobjs, false);
	params_to_heap(fs, robjs, nrobjs, true);
	Object **saved = result_objs;
	int savedn = nresult_objs;
	bool named = nrobjs > 0;
	result_objs = named ? robjs : NULL;
	nresult_objs = named ? nrobjs : 0;

	stmt_block(fs, src->body->u.block.stmts, src->body->u.block.nstmts);
	set_line(fs, src->body->u.block.rbrace);
	/* Falling off the end (functions without results): the return sequence. */
	fs->p->deferreturn = (uint32_t)here(fs);
	if (fs->heap_results) {
		emit(fs, OP_RET, 1, 0, 0); /* a=1: run defers only */
		for (int i = 0; i < nrobjs; i++) {
			Object *o = robjs[i];
			if (o->storage == VAR_HEAP) {
				int valslot = fs->result_base;
				for (int j = 0; j < i; j++)
					valslot += (int)type_slots(robjs[j]->type);
				emit(fs, OP_LOADM, valslot, o->slot, 0);
				emitk(fs, mk_imm(o->type));
			}
		}
	}
	emit(fs, OP_RET, 0, 0, 0);
	result_objs = saved;
	nresult_objs = savedn;
	finish_proto(fs);
}

/* The return statement: results into their slots, then the return sequence. */
static void return_stmt(FS *fs, Stmt *s)
{
	Type *sig = fs->sig;
	int n = s->u.ret.nresults;
	if (n == 0) {
		goto ret;
	}
	if (n == 1 && sig->nresults > 1) {
		/* return f() with several results */
		Op o = expr(fs, s->u.ret.results[0]);
		Type *tt = s->u.ret.results[0]->type;
		int dst = fs->result_base, src = o.slot;
		for (int i = 0; i < sig->nresults; i++) {
			convert_value(fs, tt->results[i], src, sig->results[i], dst);
			src += (int)type_slots(tt->results[i]);
			dst += (int)type_slots(sig->results[i]);
		}
		op_release(fs, o);
	} else if (result_objs) {
		/* Named results may appear in the expressions: evaluate everything first. */
		int tmp[n];
		for (int i = 0; i < n; i++)
			tmp[i] = slots_alloc(fs, sig->results[i]);
		for (int pass = 0; pass < 2; pass++)
			for (int i = 0; i < n; i++)
				if (expr_has_call(s->u.ret.results[i]) == (pass == 0))
					expr_conv_into(fs, s->u.ret.results[i], sig->results[i],
					               tmp[i]);
		for (int i = 0; i < n; i++) {
			store_var(fs, result_objs[i], tmp[i]);
			slots_free(fs, tmp[i], (int)type_slots(sig->results[i]));
		}
	} else {
		/* calls first, then plain operands, as Go's compiler orders them */
		for (int pass = 0; pass < 2; pass++) {
			int dst = fs->result_base;
			for (int i = 0; i < n; i++) {
				if (expr_has_call(s->u.ret.results[i]) == (pass == 0))
					expr_conv_into(fs, s->u.ret.results[i], sig->results[i],
					               dst);
				dst += (int)type_slots(sig->results[i]);
			}
		}
	}
ret:
	if (fs->heap_results) {
		/* Named results in cells: defers may still change them; the shared sequence at
		 * the end copies them out. Emit it inline. */
		emit(fs, OP_RET, 1, 0, 0);
		int base = fs->result_base;
		for (int i = 0; i < nresult_objs; i++) {
			Object *o = result_objs[i];
			if (o->storage == VAR_HEAP) {
				emit(fs, OP_LOADM, base, o->slot, 0);
				emitk(fs, mk_imm(o->type));
			}
			base += (int)type_slots(o->type);
		}
	}
	emit(fs, OP_RET, 0, 0, 0);
}

/* A function literal: compiled as its own Proto when first met. */
Proto *compile_funclit(FS *fs, Expr *e)
{
	Proto *p = arena_alloc(sizeof *p);
	/* Go's names: main.f.func1, main.f.func2 inside f; main.f.func1.1 inside main.f.func1 */
	fs->nfunclits++;
	if (fs->parent)
		p->name = arena_printf("%s.%d", fs->name, fs->nfunclits);
	else
		p->name = arena_printf("%s.func%d", fs->name, fs->nfunclits);
	p->file = fs->file;
	p->line = e->pos.line;
	uint32_t np, nr;
	sig_layout(e->type, NULL, &np, &nr);
	p->nparams = np;
	p->nresults = nr;
	FuncSrc src = {
	        p,     e->u.funclit.info, NULL, NULL, e->u.funclit.type, e->u.funclit.body, fs->pkg,
	        e->pos};
	compile_function(&src, fs);
	return p;
}

/* ---------------------------------------------------------------- statements */

static void stmt(FS *fs, Stmt *s);

static Loop *push_loop(FS *fs, Stmt *s, bool is_loop)
{
	Loop *l = arena_alloc(sizeof *l);
	l->stmt = s;
	l->is_loop = is_loop;
	l->outer = fs->loop;
	fs->loop = l;
	return l;
}

static void pop_loop(FS *fs, Loop *l, int brk, int cont)
{
	for (int i = 0; i < l->nbreaks; i++)
		patch_jump(fs, l->breaks[i], brk);
	for (int i = 0; i < l->nconts; i++)
		patch_jump(fs, l->conts[i], cont);
	fs->loop = l->outer;
}

/* Zeroes the pointer slots of a variable whose scope ends (see stmt_block). */
static void clear_dead_var(FS *fs, Object *o)
{
	/* a variable kept in the frame with its address taken may be used through a pointer
	 * after its block (lang/escape.c): it is left alone */
	if (!o || o->storage == VAR_GLOBAL || o->owner != fs->info || o->slot < 0 || o->esc_frame)
		return;
	if (o->storage == VAR_HEAP)
		emit(fs, OP_ZERO, o->slot, 1, 0);
	else if (o->type && o->type->ptrdata)
		emit(fs, OP_ZERO, o->slot, (int)type_slots(o->type), 0);
}

/*
 * A block's statements. When the block ends, the variables it declared are dead: their pointer
 * slots are zeroed so the collector does not keep what they pointed to alive (a scope-based
 * stand-in for Go's liveness maps: `b := make(...)` in a loop body no longer pins the last
 * b after the loop), and so are the block's temporaries (pointer slots it used and released).
 * A jump out of the block (break, continue, return) skips the zeroing; the slots are then
 * cleared by a later block end or when the frame returns.
 */
void stmt_block(FS *fs, Stmt **stmts, int n)
{
	for (int i = 0; i < n; i++)
		stmt(fs, stmts[i]);
	/* Temporaries: pointer slots used in the block and free again (runs of them). */
	for (int i = 0; i < fs->capslots; i++) {
		if (!fs->dirty[i] || fs->busy[i] || fs->cls[i] != CLS_PTR)
			continue;
		int j = i;
		while (j < fs->capslots && fs->dirty[j] && !fs->busy[j] && fs->cls[j] == CLS_PTR)
			fs->dirty[j++] = 0;
		emit(fs, OP_ZERO, i, j - i, 0);
		i = j - 1;
	}
	for (int i = 0; i < n; i++) {
		Stmt *st = stmts[i];
		if (st->kind == S_ASSIGN && st->u.assign.op == T_DEFINE) {
			for (int j = 0; j < st->u.assign.nlhs; j++) {
				Expr *e = st->u.assign.lhs[j];
				if (e->kind == E_IDENT && (!st->u.assign.is_new || st->u.assign.is_new[j]))
					clear_dead_var(fs, e->u.ident.obj);
			}
		} else if (st->kind == S_DECL && st->u.decl->kind == D_VAR) {
			for (int j = 0; j < st->u.decl->u.value.nnames; j++)
				clear_dead_var(fs, st->u.decl->u.value.objs
				                           ? st->u.decl->u.value.objs[j]
				                           : NULL);
		}
	}
}

static void free_var(FS *fs, Object *o)
{
	/* a variable kept in the frame keeps its slots: a pointer to it may outlive its scope */
	if (o && o->storage != VAR_GLOBAL && o->owner == fs->info && o->slot >= 0 && !o->esc_frame)
		slots_free(fs, o->slot, o->storage == VAR_HEAP ? 1 : (int)type_slots(o->type));
}

static void if_stmt(FS *fs, Stmt *s)
{
	if (s->u.ifs.init)
		stmt(fs, s->u.ifs.init);
	int *f = NULL, nf = 0, cf = 0;
	set_line(fs, s->u.ifs.cond->pos);
	cond_jump(fs, s->u.ifs.cond, false, &f, &nf, &cf);
	stmt(fs, s->u.ifs.then);
	if (s->u.ifs.els) {
		int j = emit(fs, OP_JMP, 0, 0, 0);
		for (int i = 0; i < nf; i++)
			patch_jump(fs, f[i], here(fs));
		stmt(fs, s->u.ifs.els);
		patch_jump(fs, j, here(fs));
	} else {
		for (int i = 0; i < nf; i++)
			patch_jump(fs, f[i], here(fs));
	}
}

/* Go 1.22: before the post statement, give each heap-resident loop variable a fresh cell. */
static void renew_loopvars(FS *fs, Object **vars, int n)
{
	for (int i = 0; i < n; i++) {
		Object *o = vars[i];
		if (!o || o->storage != VAR_HEAP)
			continue;
		int tmp = slots_alloc(fs, o->type);
		emit(fs, OP_LOADM, tmp, o->slot, 0);
		emitk(fs, mk_imm(o->type));
		emit(fs, OP_NEW, o->slot, 0, 0);
		emitk(fs, (uint64_t)(uintptr_t)o->type);
		emit(fs, OP_STOREM, o->slot, tmp, 0);
		emitk(fs, mk_imm(o->type));
		slots_free(fs, tmp, (int)type_slots(o->type));
	}
}

static void for_stmt(FS *fs, Stmt *s)
{
	if (s->u.fors.init)
		stmt(fs, s->u.fors.init);
	Loop *l = push_loop(fs, s, true);
	int top = here(fs);
	int *f = NULL, nf = 0, cf = 0;
	if (s->u.fors.cond) {
		set_line(fs, s->u.fors.cond->pos);
		cond_jump(fs, s->u.fors.cond, false, &f, &nf, &cf);
	}
	stmt(fs, s->u.fors.body);
	int cont = here(fs);
	renew_loopvars(fs, s->u.fors.loopvars, s->u.fors.nloopvars);
	if (s->u.fors.post)
		stmt(fs, s->u.fors.post);
	int j = emit(fs, OP_JMP, 0, 0, 0);
	patch_jump(fs, j, top);
	int end = here(fs);
	for (int i = 0; i < nf; i++)
		patch_jump(fs, f[i], end);
	pop_loop(fs, l, end, cont);
	for (int i = 0; i < s->u.fors.nloopvars; i++)
		free_var(fs, s->u.fors.loopvars[i]);
}

/* Assigns the range key or value: defines it (:=) or stores through the lvalue (=). */
static void range_assign(FS *fs, Stmt *s, Expr *target, Type *t, int src)
{
	if (!target)
		return;
	if (target->kind == E_IDENT && target->u.ident.name == intern_cstr("_"))
		return;
	if (s->u.range.define) {
		define_var(fs, target->u.ident.obj, src);
		return;
	}
	/* x = value: reuse the assignment machinery through a synthetic statement. */
	Expr tmp = {0};
	tmp.kind = E_BAD;
	tmp.type = t;
	tmp.mode = MODE_VALUE;
	tmp.u.lit.text = (const char *)(intptr_t)src; /* slot carried through E_BAD */
	Expr *lhs[1] = {target}, *rhs[1] = {&tmp};
	Stmt as = {0};
	as.kind = S_ASSIGN;
	as.pos = target->pos;
	as.u.assign.lhs = lhs;
	as.u.assign.nlhs = 1;
	as.u.assign.rhs = rhs;
	as.u.assign.nrhs = 1;
	as.u.assign.op = T_ASSIGN;
	assign_stmt(fs, &as);
}

static bool is_blank(Expr *e)
{
	return !e || (e->kind == E_IDENT && e->u.ident.name == intern_cstr("_"));
}

static void range_stmt(FS *fs, Stmt *s)
{
	Expr *x = s->u.range.x;
	Type *xt = types_under(x->type);
	Loop *l;
	int cont, end;
	set_line(fs, x->pos);
	if (types_is_integer(xt)) {
		/* for i := range n */
		Op n = expr(fs, x);
		int lim = slots_alloc_n(fs, 1, CLS_SCALAR);
		move_slots(fs, lim, n.slot, 1);
		op_release(fs, n);
		int i = slots_alloc_n(fs, 1, CLS_SCALAR);
		emit(fs, OP_LOADI, i, 0, 0);
		l = push_loop(fs, s, true);
		int top = here(fs);
		int jexit = emit(fs, OP_JLT, i, lim, 0);
		int jout = emit(fs, OP_JMP, 0, 0, 0);
		patch_jump(fs, jexit, here(fs));
		range_assign(fs, s, s->u.range.key, x->type, i);
		stmt(fs, s->u.range.body);
		cont = here(fs);
		emit(fs, OP_ADDI, i, i, 1);
		int j = emit(fs, OP_JMP, 0, 0, 0);
		patch_jump(fs, j, top);
		end = here(fs);
		patch_jump(fs, jout, end);
		pop_loop(fs, l, end, cont);
		slots_free(fs, i, 1);
		slots_free(fs, lim, 1);
		if (s->u.range.define) {
			if (!is_blank(s->u.range.key))
				free_var(fs, s->u.range.key->u.ident.obj);
		}
		return;
	}
	if (xt->kind == K_MAP) {
		Op m = expr(fs, x);
		int it = slots_alloc_n(fs, 3, CLS_PTR);
		emit(fs, OP_MAPITER, it, m.slot, 0);
		op_release(fs, m);
		Type *kt = xt->key, *vt = xt->elem;
		int ks = slots_alloc(fs, kt), vs = slots_alloc(fs, vt);
		l = push_loop(fs, s, true);
		int top = here(fs);
		int jn = emit(fs, OP_MAPNEXT, it, ks, vs);
		emitk(fs, (uint64_t)(uintptr_t)xt);
		emitk(fs, 0); /* jump offset to the end, patched below */
		range_assign(fs, s, s->u.range.key, kt, ks);
		range_assign(fs, s, s->u.range.value, vt, vs);
		stmt(fs, s->u.range.body);
		cont = here(fs);
		int j = emit(fs, OP_JMP, 0, 0, 0);
		patch_jump(fs, j, top);
		end = here(fs);
		int64_t off = end - (jn + 3);
		memcpy(&fs->code[jn + 2], &off, 8);
		pop_loop(fs, l, end, cont);
		slots_free(fs, it, 3);
		slots_free(fs, ks, (int)type_slots(kt));
		slots_free(fs, vs, (int)type_slots(vt));
		goto freevars;
	}
	if (xt->kind == K_CHAN) {
		/* for v := range ch: receive with chanrecv2 until ok is false */
		Type *et = xt->elem;
		Op c0 = expr(fs, x);
		int cs = slots_alloc_n(fs, 1, CLS_PTR);
		move_slots(fs, cs, c0.slot, 1);
		op_release(fs, c0);
		int n = (int)type_slots(et);
		uint8_t cls[n + 2];
		cls[0] = CLS_PTR;
		type_classes(et, cls + 1);
		cls[n + 1] = CLS_SCALAR;
		l = push_loop(fs, s, true);
		int top = here(fs);
		int blk = slots_alloc_block(fs, cls, n + 2);
		emit(fs, OP_MOVE, blk, cs, 0);
		set_line(fs, x->pos);
		emit(fs, OP_CALL, blk, 0, 0);
		Proto *recv2 = chan_native("runtime.chanrecv2", 1, (uint32_t)n + 1);
		emitk(fs, (uint64_t)(uintptr_t)recv2);
		int jout = emit(fs, OP_JF, blk + 1 + n, 0, 0);
		range_assign(fs, s, s->u.range.key, et, blk + 1);
		slots_free(fs, blk, n + 2);
		stmt(fs, s->u.range.body);
		cont = here(fs);
		int j = emit(fs, OP_JMP, 0, 0, 0);
		patch_jump(fs, j, top);
		end = here(fs);
		patch_jump(fs, jout, end);
		pop_loop(fs, l, end, cont);
		slots_free(fs, cs, 1);
		goto freevars;
	}
	{
		/* arrays, pointers to arrays, slices, strings: an index loop over a snapshot */
		bool isstr = types_is_string(xt);
		bool isptr = xt->kind == K_POINTER;
		Type *at = isptr ? types_under(xt->elem) : xt;
		Type *et = isstr ? t_int32 : at->elem;
		Op xv;
		int base = -1; /* pointer to the elements or the string/slice slots */
		int len = slots_alloc_n(fs, 1, CLS_SCALAR);
		bool need_value = !is_blank(s->u.range.value);
		if (isstr || at->kind == K_SLICE) {
			int ns = isstr ? 2 : 3;
			xv = expr(fs, x);
			base = slots_alloc_n(fs, ns, CLS_SCALAR);
			uint8_t cls[3];
			type_classes(isstr ? t_string : at, cls);
			slots_free(fs, base, ns);
			base = slots_alloc_block(fs, cls, ns);
			move_slots(fs, base, xv.slot, ns);
			op_release(fs, xv);
			emit(fs, OP_MOVE, len, base + 1, 0);
		} else {
			/* array or pointer to array: len is constant. The array is evaluated once
			 * (a copy for arrays, as Go, only when the value is used). */
			emit(fs, OP_LOADI, len, (uint16_t)(at->len & 0xffff),
			     (uint16_t)(at->len >> 16));
			if (isptr) {
				xv = expr(fs, x);
				base = slots_alloc_n(fs, 1, CLS_PTR);
				move_slots(fs, base, xv.slot, 1);
				op_release(fs, xv);
				if (need_value)
					emit(fs, OP_NILCHK, base, 0, 0);
			} else if (need_value) {
				xv = expr(fs, x);
				int copy = slots_alloc(fs, at);
				move_slots(fs, copy, xv.slot, (int)type_slots(at));
				op_release(fs, xv);
				base = copy;
			} else if (x->kind != E_IDENT) {
				xv = expr(fs, x);
				op_release(fs, xv);
			}
		}
		int i = slots_alloc_n(fs, 1, CLS_SCALAR);
		int next = isstr ? slots_alloc_n(fs, 1, CLS_SCALAR) : -1;
		int val = need_value || isstr ? slots_alloc(fs, et) : -1;
		emit(fs, OP_LOADI, i, 0, 0);
		if (isstr)
			emit(fs, OP_LOADI, next, 0, 0);
		l = push_loop(fs, s, true);
		int top = here(fs);
		if (isstr)
			emit(fs, OP_MOVE, i, next, 0);
		int jin = emit(fs, OP_JLT, i, len, 0);
		int jout = emit(fs, OP_JMP, 0, 0, 0);
		patch_jump(fs, jin, here(fs));
		if (isstr) {
			/* val = rune at i, next = following index */
			int pair = slots_alloc_n(fs, 2, CLS_SCALAR);
			emit(fs, OP_STRRUNE, pair, base, i);
			emit(fs, OP_MOVE, val, pair, 0);
			emit(fs, OP_MOVE, next, pair + 1, 0);
			slots_free(fs, pair, 2);
		} else if (need_value) {
			int p = slots_alloc_n(fs, 1, CLS_PTR);
			if (at->kind == K_SLICE) {
				emit(fs, OP_SIDXADDR, p, base, i);
				emitk(fs, et->size);
			} else {
				if (isptr)
					emit(fs, OP_MOVE, p, base, 0);
				else
					emit(fs, OP_LEA, p, base, 0);
				emit(fs, OP_IDXADDR, p, p, i);
				emitk(fs, (uint64_t)et->size | ((uint64_t)at->len << 32));
			}
			emit(fs, OP_LOADM, val, p, 0);
			emitk(fs, mk_imm(et));
			slots_free(fs, p, 1);
		}
		range_assign(fs, s, s->u.range.key, t_int, i);
		if (need_value)
			range_assign(fs, s, s->u.range.value, et, val);
		stmt(fs, s->u.range.body);
		cont = here(fs);
		if (!isstr)
			emit(fs, OP_ADDI, i, i, 1);
		int j = emit(fs, OP_JMP, 0, 0, 0);
		patch_jump(fs, j, top);
		end = here(fs);
		patch_jump(fs, jout, end);
		pop_loop(fs, l, end, cont);
		slots_free(fs, i, 1);
		slots_free(fs, len, 1);
		if (next >= 0)
			slots_free(fs, next, 1);
		if (val >= 0)
			slots_free(fs, val, (int)type_slots(et));
		if (base >= 0)
			slots_free(fs, base,
			           isstr                 ? 2
			           : at->kind == K_SLICE ? 3
			           : isptr               ? 1
			                                 : (int)type_slots(at));
	}
freevars:
	if (s->u.range.define) {
		if (!is_blank(s->u.range.key))
			free_var(fs, s->u.range.key->u.ident.obj);
		if (!is_blank(s->u.range.value))
			free_var(fs, s->u.range.value->u.ident.obj);
	}
}

/* tag == value for a switch case; jumps to the body when equal. */
static void switch_stmt(FS *fs, Stmt *s)
{
	if (s->u.swtch.init)
		stmt(fs, s->u.swtch.init);
	Op tag = {-1, 0, false};
	Type *tt = NULL;
	if (s->u.swtch.tag) {
		set_line(fs, s->u.swtch.tag->pos);
		tt = s->u.swtch.tag->type;
		Op t0 = expr(fs, s->u.swtch.tag);
		tag.slot = slots_alloc(fs, tt);
		tag.n = (int)type_slots(tt);
		tag.temp = true;
		move_slots(fs, tag.slot, t0.slot, tag.n);
		op_release(fs, t0);
	}
	Loop *l = push_loop(fs, s, false);
	int n = s->u.swtch.nclauses;
	int body_jumps[n + 1][64]; /* n may be 0: switch {} */
	int nbj[n + 1];
	int dflt = -1;
	for (int c = 0; c < n; c++) {
		Stmt *cl = s->u.swtch.clauses[c];
		nbj[c] = 0;
		if (cl->u.clause.nlist == 0)
			dflt = c;
		for (int k = 0; k < cl->u.clause.nlist && k < 64; k++) {
			Expr *e = cl->u.clause.list[k];
			set_line(fs, e->pos);
			if (tag.slot < 0) {
				int *t = NULL, nt = 0, ct = 0;
				cond_jump(fs, e, true, &t, &nt, &ct);
				for (int q = 0; q < nt && nbj[c] < 64; q++)
					body_jumps[c][nbj[c]++] = t[q];
			} else {
				/* build "tag == e" as a synthetic comparison */
				Expr tagx = {0};
				tagx.kind = E_BAD;
				tagx.type = tt;
				tagx.mode = MODE_VALUE;
				tagx.u.lit.text = (const char *)(intptr_t)tag.slot;
				Expr cmp = {0};
				cmp.kind = E_BINARY;
				cmp.pos = e->pos;
				cmp.type = t_bool;
				cmp.mode = MODE_VALUE;
				cmp.u.op.op = T_EQL;
				cmp.u.op.x = &tagx;
				cmp.u.op.y = e;
				int *t = NULL, nt = 0, ct = 0;
				cond_jump(fs, &cmp, true, &t, &nt, &ct);
				for (int q = 0; q < nt && nbj[c] < 64; q++)
					body_jumps[c][nbj[c]++] = t[q];
			}
		}
	}
	int jdefault = emit(fs, OP_JMP, 0, 0, 0);
	int ft_pending = -1;
	int ends[n + 1];
	int nends = 0;
	for (int c = 0; c < n; c++) {
		Stmt *cl = s->u.swtch.clauses[c];
		int start = here(fs);
		for (int q = 0; q < nbj[c]; q++)
			patch_jump(fs, body_jumps[c][q], start);
		if (c == dflt)
			patch_jump(fs, jdefault, start);
		if (ft_pending >= 0) {
			patch_jump(fs, ft_pending, start);
			ft_pending = -1;
		}
		int nb = cl->u.clause.nbody;
		bool ft = nb > 0 && cl->u.clause.body[nb - 1]->kind == S_BRANCH &&
		          cl->u.clause.body[nb - 1]->u.branch.tok == T_FALLTHROUGH;
		stmt_block(fs, cl->u.clause.body, ft ? nb - 1 : nb);
		if (ft)
			ft_pending = emit(fs, OP_JMP, 0, 0, 0);
		else
			ends[nends++] = emit(fs, OP_JMP, 0, 0, 0);
	}
	int end = here(fs);
	if (dflt < 0)
		patch_jump(fs, jdefault, end);
	if (ft_pending >= 0)
		patch_jump(fs, ft_pending, end);
	for (int i = 0; i < nends; i++)
		patch_jump(fs, ends[i], end);
	pop_loop(fs, l, end, end);
	op_release(fs, tag);
}

static void typeswitch_stmt(FS *fs, Stmt *s)
{
	if (s->u.tswitch.init)
		stmt(fs, s->u.tswitch.init);
	Expr *x = s->u.tswitch.x;
	Type *xt = x->type;
	bool empty = types_is_empty_interface(xt);
	set_line(fs, x->pos);
	Op x0 = expr(fs, x);
	int xv = slots_alloc(fs, xt);
	move_slots(fs, xv, x0.slot, 2);
	op_release(fs, x0);
	int dyn = slots_alloc_n(fs, 1, CLS_SCALAR);
	emit(fs, OP_EFACETYPE, dyn, xv, empty ? 1 : 0);
	Loop *l = push_loop(fs, s, false);
	int n = s->u.tswitch.nclauses;
	int jumps[n + 1][64];
	int nj[n + 1];
	int dflt = -1;
	int tmp = slots_alloc_n(fs, 1, CLS_SCALAR);
	for (int c = 0; c < n; c++) {
		Stmt *cl = s->u.tswitch.clauses[c];
		nj[c] = 0;
		if (cl->u.clause.nlist == 0)
			dflt = c;
		for (int k = 0; k < cl->u.clause.nlist && k < 64; k++) {
			Expr *e = cl->u.clause.list[k];
			if (e->mode != MODE_TYPE) {
				/* case nil */
				emit(fs, OP_LOADI, tmp, 0, 0);
			} else if (types_is_interface(e->type)) {
				int r = slots_alloc_n(fs, 3, CLS_SCALAR);
				slots_free(fs, r, 3);
				uint8_t cls[3] = {CLS_SCALAR, CLS_PTR, CLS_SCALAR};
				r = slots_alloc_block(fs, cls, 3);
				emit(fs, OP_ASSERTI, r, xv, 1 | (empty ? 2 : 0));
				emitk(fs, (uint64_t)(uintptr_t)e->type);
				int jt = emit(fs, OP_JT, r + 2, 0, 0);
				jumps[c][nj[c]++] = jt;
				slots_free(fs, r, 3);
				continue;
			} else {
				emit(fs, OP_LOADK, tmp, 0, 0);
				emitk(fs, (uint64_t)(uintptr_t)e->type);
			}
			int jt = emit(fs, OP_JEQ, dyn, tmp, 0);
			jumps[c][nj[c]++] = jt;
		}
	}
	int jdefault = emit(fs, OP_JMP, 0, 0, 0);
	int ends[n + 1];
	int nends = 0;
	for (int c = 0; c < n; c++) {
		Stmt *cl = s->u.tswitch.clauses[c];
		int start = here(fs);
		for (int q = 0; q < nj[c]; q++)
			patch_jump(fs, jumps[c][q], start);
		if (c == dflt)
			patch_jump(fs, jdefault, start);
		Object *v = cl->u.clause.tsvar;
		if (v) {
			Type *vt = v->type;
			int vs = slots_alloc(fs, vt);
			if (types_is_interface(vt)) {
				if (vt == xt)
					move_slots(fs, vs, xv, 2);
				else {
					int r = slots_alloc_n(fs, 3, CLS_SCALAR);
					slots_free(fs, r, 3);
					uint8_t cls[3] = {CLS_SCALAR, CLS_PTR, CLS_SCALAR};
					r = slots_alloc_block(fs, cls, 3);
					emit(fs, OP_ASSERTI, r, xv, 1 | (empty ? 2 : 0));
					emitk(fs, (uint64_t)(uintptr_t)vt);
					move_slots(fs, vs, r, 2);
					slots_free(fs, r, 3);
				}
			} else {
				emit(fs, OP_ASSERT, vs, xv, empty ? 2 : 0);
				emitk(fs, (uint64_t)(uintptr_t)vt);
			}
			define_var(fs, v, vs);
			slots_free(fs, vs, (int)type_slots(vt));
		}
		stmt_block(fs, cl->u.clause.body, cl->u.clause.nbody);
		if (v)
			free_var(fs, v);
		ends[nends++] = emit(fs, OP_JMP, 0, 0, 0);
	}
	int end = here(fs);
	if (dflt < 0)
		patch_jump(fs, jdefault, end);
	for (int i = 0; i < nends; i++)
		patch_jump(fs, ends[i], end);
	pop_loop(fs, l, end, end);
	slots_free(fs, tmp, 1);
	slots_free(fs, dyn, 1);
	slots_free(fs, xv, 2);
}

/* The channel operand of a select case's receive (the comm is <-ch, v := <-ch, v, ok = <-ch). */
static Expr *comm_recv(Stmt *comm)
{
	Expr *e = comm->kind == S_EXPR ? comm->u.expr.x : comm->u.assign.rhs[0];
	while (e->kind == E_PAREN)
		e = e->u.paren.x;
	return e;
}

/* Frees the variables a select case's short variable declaration made. */
static void free_comm_vars(FS *fs, Stmt *comm)
{
	if (!comm || comm->kind != S_ASSIGN || comm->u.assign.op != T_DEFINE)
		return;
	for (int i = 0; i < comm->u.assign.nlhs; i++) {
		Expr *l = comm->u.assign.lhs[i];
		if (l->kind == E_IDENT && comm->u.assign.is_new && comm->u.assign.is_new[i])
			free_var(fs, l->u.ident.obj);
	}
}

/*
 * select, lowered as gc lowers it: with no case it blocks forever (runtime.block); with only a
 * default it is that clause; with one case and no default it is that send or receive followed
 * by the clause. Otherwise one runtime.selectgo call does the choosing:
 *   1. its argument block is [desc, per case: channel, send value...] and its results are
 *      [chosen, per receive case with an assignment: value..., ok]; desc (a SelectDesc made
 *      here) gives those offsets to the runtime;
 *   2. the case operands (channels, values to send) are evaluated once, in source order;
 *   3. after the call, 'chosen' selects the clause (-1: default); a receive clause first
 *      assigns the received value - its left side is evaluated only now, as the spec says -
 *      through the ordinary assignment code, with the right side replaced by the result slots.
 */
static void select_stmt(FS *fs, Stmt *s)
{
	int nc = s->u.select.nclauses;
	Stmt **clauses = s->u.select.clauses;
	int ncases = 0, dflt = -1;
	for (int i = 0; i < nc; i++) {
		if (clauses[i]->u.comm.comm)
			ncases++;
		else
			dflt = i;
	}
	Loop *l = push_loop(fs, s, false);
	if (ncases == 0 && dflt < 0) {
		set_line(fs, s->pos);
		int blk = slots_alloc_block(fs, NULL, 0);
		emit(fs, OP_CALL, blk, 0, 0);
		emitk(fs, (uint64_t)(uintptr_t)chan_native("runtime.block", 0, 0));
		int end = here(fs);
		pop_loop(fs, l, end, end);
		return;
	}
	if (ncases <= 1 && (ncases == 0 || dflt < 0)) {
		Stmt *cl = clauses[0];
		if (cl->u.comm.comm)
			stmt(fs, cl->u.comm.comm);
		stmt_block(fs, cl->u.comm.body, cl->u.comm.nbody);
		free_comm_vars(fs, cl->u.comm.comm);
		int end = here(fs);
		pop_loop(fs, l, end, end);
		return;
	}
	/* 1. the block's layout */
	SelectDesc *d = arena_alloc(sizeof *d + sizeof(SelectCase) * (size_t)ncases);
	d->ncases = (uint32_t)ncases;
	d->block = dflt < 0;
	int caseof[nc + 1]; /* clause -> case index, -1 for default */
	int np = 1, nr = 1;
	for (int i = 0, k = 0; i < nc; i++) {
		Stmt *comm = clauses[i]->u.comm.comm;
		caseof[i] = comm ? k : -1;
		if (!comm)
			continue;
		SelectCase *sc = &d->cases[k++];
		sc->elem = sc->ok = CHAN_NO_SLOT;
		sc->c = (uint32_t)np++;
		if (comm->kind == S_SEND) {
			sc->send = true;
			sc->elem = (uint32_t)np;
			/* a zero-sized value still gets a slot, which its evaluation may write */
			int n = (int)type_slots(types_under(comm->u.send.chan->type)->elem);
			np += n > 0 ? n : 1;
		}
	}
	for (int i = 0; i < nc; i++) {
		Stmt *comm = clauses[i]->u.comm.comm;
		if (!comm || comm->kind != S_ASSIGN)
			continue;
		SelectCase *sc = &d->cases[caseof[i]];
		sc->elem = (uint32_t)(np + nr);
		nr += (int)type_slots(comm_recv(comm)->type);
		if (comm->u.assign.nlhs == 2)
			sc->ok = (uint32_t)(np + nr++);
	}
	d->chosen = (uint32_t)np;
	uint8_t cls[np + nr];
	memset(cls, CLS_SCALAR, sizeof cls);
	for (int i = 0; i < nc; i++) {
		Stmt *comm = clauses[i]->u.comm.comm;
		if (!comm)
			continue;
		SelectCase *sc = &d->cases[caseof[i]];
		cls[sc->c] = CLS_PTR;
		if (sc->elem != CHAN_NO_SLOT) {
			Type *et = comm->kind == S_SEND ? types_under(comm->u.send.chan->type)->elem
			                                : comm_recv(comm)->type;
			type_classes(et, cls + sc->elem);
		}
		if (sc->ok != CHAN_NO_SLOT)
			cls[sc->ok] = CLS_SCALAR;
	}
	int blk = slots_alloc_block(fs, cls, np + nr);
	emit(fs, OP_LOADK, blk, 0, 0);
	emitk(fs, (uint64_t)(uintptr_t)d);
	/* 2. the operands */
	for (int i = 0; i < nc; i++) {
		Stmt *comm = clauses[i]->u.comm.comm;
		if (!comm)
			continue;
		SelectCase *sc = &d->cases[caseof[i]];
		set_line(fs, comm->pos);
		if (comm->kind == S_SEND) {
			Expr *ch = comm->u.send.chan;
			expr_conv_into(fs, ch, ch->type, blk + (int)sc->c);
			expr_conv_into(fs, comm->u.send.value, types_under(ch->type)->elem,
			               blk + (int)sc->elem);
		} else {
			Expr *ch = comm_recv(comm)->u.op.x;
			expr_conv_into(fs, ch, ch->type, blk + (int)sc->c);
		}
	}
	set_line(fs, s->pos);
	emit(fs, OP_CALL, blk, 0, 0);
	emitk(fs, (uint64_t)(uintptr_t)chan_native("runtime.selectgo", (uint32_t)np, (uint32_t)nr));
	slots_free(fs, blk, np);
	/* 3. dispatch on 'chosen' */
	int chosen = blk + np;
	int k = slots_alloc_n(fs, 1, CLS_SCALAR);
	int jumps[nc + 1];
	for (int i = 0; i < nc; i++) {
		if (caseof[i] < 0)
			continue;
		emit(fs, OP_LOADI, k, (uint16_t)caseof[i], 0);
		int skip = emit(fs, OP_JNE, chosen, k, 0);
		jumps[i] = emit(fs, OP_JMP, 0, 0, 0);
		patch_jump(fs, skip, here(fs));
	}
	slots_free(fs, k, 1);
	slots_free(fs, chosen, 1);
	int jdefault = emit(fs, OP_JMP, 0, 0, 0);
	int ends[nc + 1];
	int nends = 0;
	for (int i = 0; i < nc; i++) {
		Stmt *cl = clauses[i];
		Stmt *comm = cl->u.comm.comm;
		if (caseof[i] < 0)
			patch_jump(fs, jdefault, here(fs));
		else
			patch_jump(fs, jumps[i], here(fs));
		set_line(fs, cl->pos);
		if (comm && comm->kind == S_ASSIGN) {
			SelectCase *sc = &d->cases[caseof[i]];
			Expr recvd = {0};
			recvd.kind = E_BAD;
			recvd.pos = comm->pos;
			recvd.type = comm_recv(comm)->type;
			recvd.mode = MODE_VALUE;
			recvd.u.lit.text = (const char *)(intptr_t)(blk + (int)sc->elem);
			Expr *rhs[1] = {&recvd};
			Stmt as = *comm;
			as.u.assign.rhs = rhs;
			assign_stmt(fs, &as);
			int n = (int)type_slots(recvd.type) + (sc->ok != CHAN_NO_SLOT ? 1 : 0);
			slots_free(fs, blk + (int)sc->elem, n);
		}
		stmt_block(fs, cl->u.comm.body, cl->u.comm.nbody);
		free_comm_vars(fs, comm);
		ends[nends++] = emit(fs, OP_JMP, 0, 0, 0);
	}
	if (dflt < 0)
		ends[nends++] = jdefault; /* unreachable: a blocking select always picks a case */
	int end = here(fs);
	for (int i = 0; i < nends; i++)
		patch_jump(fs, ends[i], end);
	pop_loop(fs, l, end, end);
}

static void branch_stmt(FS *fs, Stmt *s)
{
	Stmt *target = s->u.branch.target;
	Loop *l = fs->loop;
	if (s->u.branch.tok == T_BREAK) {
		while (l && target && l->stmt != target)
			l = l->outer;
		if (!l)
			fail(s->pos, "break outside loop");
		int j = emit(fs, OP_JMP, 0, 0, 0);
		VEC_PUSH(l->breaks, l->nbreaks, l->capb, j);
	} else if (s->u.branch.tok == T_CONTINUE) {
		while (l && (target ? l->stmt != target : !l->is_loop))
			l = l->outer;
		if (!l)
			fail(s->pos, "continue outside loop");
		int j = emit(fs, OP_JMP, 0, 0, 0);
		VEC_PUSH(l->conts, l->nconts, l->capc, j);
	} else {
		fail(s->pos, "unsupported branch statement");
	}
}

static void stmt(FS *fs, Stmt *s)
{
	if (!s)
		return;
	set_line(fs, s->pos);
	switch (s->kind) {
	case S_EMPTY: break;
	case S_DECL: {
		Decl *d = s->u.decl;
		if (d->kind != D_VAR)
			break;
		int nn = d->u.value.nnames, nv = d->u.value.nvalues;
		if (nv == 0) {
			for (int i = 0; i < nn; i++)
				define_var(fs, d->u.value.names[i]->u.ident.obj, -1);
		} else if (nv == nn) {
			int tmp[nn];
			for (int i = 0; i < nn; i++) {
				Object *o = d->u.value.names[i]->u.ident.obj;
				Type *t = o ? o->type : d->u.value.values[i]->type;
				tmp[i] = slots_alloc(fs, t);
				expr_conv_into(fs, d->u.value.values[i], t, tmp[i]);
			}
			for (int i = 0; i < nn; i++) {
				Object *o = d->u.value.names[i]->u.ident.obj;
				if (o)
					define_var(fs, o, tmp[i]);
				slots_free(
				        fs, tmp[i],
				        (int)type_slots(o ? o->type : d->u.value.values[i]->type));
			}
		} else {
			/* var a, b = f() with f multi-valued, or var v, ok = m[k] / x.(T) / <-ch */
			Expr *v0 = d->u.value.values[0];
			Type *tt = v0->type;
			bool tuple = tt->kind == K_TUPLE;
			Op o = tuple ? expr(fs, v0) : commaok_value(fs, v0);
			int src = o.slot;
			for (int i = 0; i < nn; i++) {
				Type *st = tuple ? tt->results[i] : i == 0 ? tt : t_bool;
				Object *ob = d->u.value.names[i]->u.ident.obj;
				if (ob) {
					int t = slots_alloc(fs, ob->type);
					convert_value(fs, st, src, ob->type, t);
					define_var(fs, ob, t);
					slots_free(fs, t, (int)type_slots(ob->type));
				}
				src += (int)type_slots(st);
			}
			op_release(fs, o);
		}
		break;
	}
	case S_LABELED: stmt(fs, s->u.labeled.stmt); break;
	case S_EXPR: {
		Op o = expr(fs, s->u.expr.x);
		op_release(fs, o);
		break;
	}
	case S_INCDEC: incdec_stmt(fs, s); break;
	case S_ASSIGN: assign_stmt(fs, s); break;
	case S_SEND: chan_send(fs, s); break;
	case S_SELECT: select_stmt(fs, s); break;
	case S_DEFER:
	case S_GO: defer_stmt(fs, s); break;
	case S_RETURN: return_stmt(fs, s); break;
	case S_BRANCH: branch_stmt(fs, s); break;
	case S_BLOCK: stmt_block(fs, s->u.block.stmts, s->u.block.nstmts); break;
	case S_IF: if_stmt(fs, s); break;
	case S_SWITCH: switch_stmt(fs, s); break;
	case S_TYPESWITCH: typeswitch_stmt(fs, s); break;
	case S_FOR: for_stmt(fs, s); break;
	case S_RANGE: range_stmt(fs, s); break;
	default: fail(s->pos, "statement not supported yet");
	}
}

/* ---------------------------------------------------------------- program */

static void layout_globals(CompiledProgram *cp, Program *prog)
{
	uint32_t off = 0;
	for (int i = 0; i < prog->npkgs; i++) {
		Package *pk = prog->pkgs[i];
		for (int j = 0; j < pk->nvars; j++) {
			Object *o = pk->vars[j];
			types_complete(o->type);
			uint32_t al = o->type->align ? o->type->align : 1;
			if (al < 8 && o->type->ptrdata)
				al = 8;
			off = (off + al - 1) & ~(al - 1);
			o->slot = (int)off;
			off += o->type->size;
		}
	}
	off = (off + 7) & ~7u;
	cp->globals_size = off;
	cp->globals = calloc(1, off + 8);
	cp->globals_ptrmask = calloc(1, off / 64 + 1);
	for (int i = 0; i < prog->npkgs; i++) {
		Package *pk = prog->pkgs[i];
		for (int j = 0; j < pk->nvars; j++) {
			Object *o = pk->vars[j];
			Type *t = o->type;
			for (uint32_t w = 0; w * 8 < t->ptrdata; w++)
				if ((t->ptrmask[w / 8] >> (w % 8)) & 1) {
					uint32_t gw = (uint32_t)o->slot / 8 + w;
					cp->globals_ptrmask[gw / 8] |= (uint8_t)(1u << (gw % 8));
				}
		}
	}
}

static void compile_decl_func(Package *pk, Decl *d)
{
	Object *fn = d->u.func.obj;
	if (!fn || !d->u.func.body)
		return;
	Proto *p = proto_of(fn);
	Type *recvtype = NULL;
	if (d->u.func.recv)
		recvtype = fn->ptr_recv ? types_pointer(fn->recv_type) : fn->recv_type;
	FuncSrc src = {p,  d->u.func.info, d->u.func.recv, recvtype, d->u.func.type, d->u.func.body,
	               pk, d->pos};
	compile_function(&src, NULL);
}

/* Package initialisation: variables in order, then init functions, then (for main) main.main. */
static Proto *compile_entry(Program *prog)
{
	Proto *p = arena_alloc(sizeof *p);
	p->name = "runtime.main";
	p->file = "<runtime>";
	p->wrapper = true;
	FS fsv = {0}, *fs = &fsv;
	fs->p = p;
	fs->file = p->file;
	fs->name = p->name;
	for (int i = 0; i < prog->npkgs; i++) {
		Package *pk = prog->pkgs[i];
		fs->pkg = pk;
		fs->file = pk->file ? pk->file->filename : "?";
		Decl *done = NULL;
		for (int j = 0; j < pk->nvars; j++) {
			Object *o = pk->vars[j];
			Decl *d = o->vdecl;
			if (!d || d->u.value.nvalues == 0)
				continue;
			set_line(fs, o->pos);
			if (d->u.value.nvalues == d->u.value.nnames) {
				Expr *v = d->u.value.values[o->vindex];
				int t = slots_alloc(fs, o->type);
				expr_conv_into(fs, v, o->type, t);
				store_var(fs, o, t);
				slots_free(fs, t, (int)type_slots(o->type));
			} else if (d != done) {
				/* var a, b = f() (or m[k], x.(T), <-ch with ok): all names at once */
				done = d;
				Expr *v0 = d->u.value.values[0];
				Type *tt = v0->type;
				bool tuple = tt->kind == K_TUPLE;
				Op r = tuple ? expr(fs, v0) : commaok_value(fs, v0);
				int src = r.slot;
				for (int k = 0; k < d->u.value.nnames; k++) {
					Type *st = tuple ? tt->results[k] : k == 0 ? tt : t_bool;
					Object *ob = d->u.value.names[k]->u.ident.obj;
					if (ob && ob->storage == VAR_GLOBAL) {
						int t = slots_alloc(fs, ob->type);
						convert_value(fs, st, src, ob->type, t);
						store_var(fs, ob, t);
						slots_free(fs, t, (int)type_slots(ob->type));
					}
					src += (int)type_slots(st);
				}
				op_release(fs, r);
			}
		}
		for (int j = 0; j < pk->ninits; j++) {
			Proto *ip = proto_of(pk->inits[j]);
			int blk = slots_alloc_block(fs, (const uint8_t *)"", 0);
			emit(fs, OP_CALL, blk, 0, 0);
			emitk(fs, (uint64_t)(uintptr_t)ip);
		}
	}
	Object *mainfn = scope_lookup_local(prog->main->scope, intern_cstr("main"));
	int blk = slots_alloc_block(fs, (const uint8_t *)"", 0);
	emit(fs, OP_CALL, blk, 0, 0);
	emitk(fs, (uint64_t)(uintptr_t)proto_of(mainfn));
	emit(fs, OP_GOEXIT, 0, 0, 0);
	finish_proto(fs);
	return p;
}

CompiledProgram *compile_program(Program *prog, const char *filename)
{
	CompiledProgram *cp = arena_alloc(sizeof *cp);
	cp->prog = prog;
	cp->filename = filename;
	cur_prog = cp;
	if (prog->runtime) {
		Object *o = scope_lookup_local(prog->runtime->scope, intern_cstr("errorString"));
		rt_errorString_type = o ? o->type : NULL;
		o = scope_lookup_local(prog->runtime->scope, intern_cstr("plainError"));
		rt_plainError_type = o ? o->type : NULL;
	}
	layout_globals(cp, prog);
	for (int i = 0; i < prog->npkgs; i++) {
		Package *pk = prog->pkgs[i];
		for (int j = 0; j < pk->nfuncs; j++)
			proto_of(pk->funcs[j]);
	}
	for (int i = 0; i < prog->npkgs; i++) {
		Package *pk = prog->pkgs[i];
		File *f = pk->file;
		for (int j = 0; f && j < f->ndecls; j++)
			if (f->decls[j]->kind == D_FUNC)
				compile_decl_func(pk, f->decls[j]);
	}
	cp->entry = compile_entry(prog);
	return cp;
}
