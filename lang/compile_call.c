/*
 * compile_call.c - calls, builtins, channel operations, composite literals, closures, method
 * values, defer, and the compiler-generated wrapper functions (method values, itab entries).
 *
 * A call evaluates its operands, then places the arguments in an argument block above every
 * live slot (compile_int.h) and emits CALL (static), CALLF (func value) or CALLI (interface
 * method); the results are left in the block's result slots. A method call first builds its
 * receiver by following the selector's embedding path, taking the address (pointer methods on
 * addressable values) or dereferencing (value methods through pointers) as the checker decided.
 * Channel operations (make, send, receive, close) are calls of runtime natives with blocks
 * sized for the element type (runtime/chan.h); len and cap of a channel read its hchan.
 *
 * Wrappers are small bytecode functions the compiler writes itself, as Go's compiler does:
 *   - method values (x.M): a closure holding the receiver; its code calls M with it;
 *   - itab entries: take the interface's data word and rebuild the receiver M expects;
 *   - defer thunks: hold the operands evaluated at the defer statement and make the call.
 *
 * Invariants:
 *   - A wrapper never appears in tracebacks (Proto.wrapper).
 *   - Composite literals are built in zeroed storage, so zero-valued elements emit nothing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/chan.h"
#include "compile_int.h"
#include "walk.h"

static Type *sig_of_call(Expr *fun)
{
	return types_under(fun->type);
}

/* ---------------------------------------------------------------- calls */

static int block_for(FS *fs, Type **params, int np, Type *recv, Type **results, int nr, int *pslots)
{
	uint8_t cls[1024];
	int n = 0;
	if (recv) {
		type_classes(recv, cls + n);
		n += (int)type_slots(recv);
	}
	for (int i = 0; i < np; i++) {
		type_classes(params[i], cls + n);
		n += (int)type_slots(params[i]);
	}
	*pslots = n;
	for (int i = 0; i < nr; i++) {
		type_classes(results[i], cls + n);
		n += (int)type_slots(results[i]);
	}
	if (n == 0)
		return slots_alloc_block(fs, cls, 0);
	return slots_alloc_block(fs, cls, n);
}

/* Evaluates the arguments of a call into the block, after the receiver slots. */
static void call_args(FS *fs, Expr *call, Type *sig, int dst)
{
	int nargs = call->u.call.nargs;
	Expr **args = call->u.call.args;
	int np = sig->nparams;
	if (nargs == 1 && args[0]->type && args[0]->type->kind == K_TUPLE &&
	    args[0]->type->nresults > 1) {
		/* f(g()) with g multi-valued */
		Type *tt = args[0]->type;
		Op v = expr(fs, args[0]);
		int src = v.slot;
		int fixed = sig->variadic ? np - 1 : np;
		for (int i = 0; i < fixed; i++) {
			convert_value(fs, tt->results[i], src, sig->params[i], dst);
			src += (int)type_slots(tt->results[i]);
			dst += (int)type_slots(sig->params[i]);
		}
		if (sig->variadic) {
			int rest = tt->nresults - fixed;
			Type *st = sig->params[np - 1];
			Type *et = types_under(st)->elem;
			int n = slots_alloc_n(fs, 1, CLS_SCALAR);
			load_int(fs, n, (uint64_t)rest);
			emit(fs, OP_MAKESLICE, dst, n, n);
			emitk(fs, (uint64_t)(uintptr_t)et);
			slots_free(fs, n, 1);
			for (int i = 0; i < rest; i++) {
				Type *from = tt->results[fixed + i];
				int ev = slots_alloc(fs, et);
				convert_value(fs, from, src, et, ev);
				src += (int)type_slots(from);
				int ix = slots_alloc_n(fs, 1, CLS_SCALAR);
				load_int(fs, ix, (uint64_t)i);
				int ptr = slots_alloc_n(fs, 1, CLS_PTR);
				emit(fs, OP_SIDXADDR, ptr, dst, ix);
				emitk(fs, et->size);
				emit(fs, OP_STOREM, ptr, ev, 0);
				emitk(fs, mk_imm(et));
				slots_free(fs, ptr, 1);
				slots_free(fs, ix, 1);
				slots_free(fs, ev, (int)type_slots(et));
			}
		}
		op_release(fs, v);
		return;
	}
	int fixed = sig->variadic && !call->u.call.has_ellipsis ? np - 1 : np;
	int dsts[nargs > 0 ? nargs : 1];
	for (int i = 0; i < fixed && i < nargs; i++) {
		dsts[i] = dst;
		dst += (int)type_slots(sig->params[i]);
	}
	Type *et = NULL;
	if (sig->variadic && !call->u.call.has_ellipsis) {
		int rest = nargs - fixed;
		if (rest <= 0) {
			zero_slots(fs, dst, 3);
		} else {
			et = types_under(sig->params[np - 1])->elem;
			/* the "... argument" array: in the frame when it does not escape (reserved
			 * by call_expr before the argument block) */
			if (!stack_slice(fs, call, et, rest, false, rest, (Op){dst, 3, false})) {
				int n = slots_alloc_n(fs, 1, CLS_SCALAR);
				load_int(fs, n, (uint64_t)rest);
				emit(fs, OP_MAKESLICE, dst, n, n);
				emitk(fs, (uint64_t)(uintptr_t)et);
				slots_free(fs, n, 1);
			}
		}
	}
	/* Go's compiler runs the calls among the arguments before it reads plain operands
	 * (fmt.Println(x, f()) prints x as f left it): arguments with calls go first. */
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < nargs; i++) {
			if (expr_has_call(args[i]) != (pass == 0))
				continue;
			if (i < fixed) {
				expr_conv_into(fs, args[i], sig->params[i], dsts[i]);
				continue;
			}
			int ev = slots_alloc(fs, et);
			expr_conv_into(fs, args[i], et, ev);
			int ix = slots_alloc_n(fs, 1, CLS_SCALAR);
			load_int(fs, ix, (uint64_t)(i - fixed));
			int ptr = slots_alloc_n(fs, 1, CLS_PTR);
			emit(fs, OP_SIDXADDR, ptr, dst, ix);
			emitk(fs, et->size);
			emit(fs, OP_STOREM, ptr, ev, 0);
			emitk(fs, mk_imm(et));
			slots_free(fs, ptr, 1);
			slots_free(fs, ix, 1);
			slots_free(fs, ev, (int)type_slots(et));
		}
	}
}

/* The receiver value for a method call x.M(...), per the selector's path and flags. */
static Op method_receiver(FS *fs, Expr *sel)
{
	Expr *x = sel->u.sel.x;
	int np = sel->u.sel.npath;
	if (sel->u.sel.addr) {
		/* pointer method on an addressable value: &x.path */
		if (np == 0) {
			Place p = place_of(fs, x);
			Op a = place_addr(fs, &p);
			place_release(fs, &p);
			return a;
		}
		Place p = place_of(fs, x);
		Type *t = p.t;
		if (types_under(x->type)->kind == K_POINTER) {
			Op ptr = place_load(fs, &p);
			int keep = slots_alloc_n(fs, 1, CLS_PTR);
			emit(fs, OP_MOVE, keep, ptr.slot, 0);
			op_release(fs, ptr);
			place_release(fs, &p);
			emit(fs, OP_NILCHK, keep, 0, 0);
			p.kind = PL_MEM;
			p.slot = keep;
			p.off = 0;
			place_keep(&p, keep, 1);
			t = types_under(x->type)->elem;
			p.t = t;
		}
		for (int i = 0; i < np; i++) {
			SelStep st = sel->u.sel.path[i];
			if (i == 0 && types_under(x->type)->kind == K_POINTER)
				st.deref = false;
			place_field(fs, &p, p.t, st);
		}
		Op a = place_addr(fs, &p);
		place_release(fs, &p);
		return a;
	}
	Op v;
	Type *t = x->type;
	if (np == 0) {
		v = expr(fs, x);
	} else {
		Place p = sub_place(fs, x);
		if (types_under(x->type)->kind == K_POINTER) {
			Op ptr = place_load(fs, &p);
			int keep = slots_alloc_n(fs, 1, CLS_PTR);
			emit(fs, OP_MOVE, keep, ptr.slot, 0);
			op_release(fs, ptr);
			place_release(fs, &p);
			emit(fs, OP_NILCHK, keep, 0, 0);
			p.kind = PL_MEM;
			p.slot = keep;
			p.off = 0;
			place_keep(&p, keep, 1);
			p.t = types_under(x->type)->elem;
		}
		for (int i = 0; i < np; i++) {
			SelStep st = sel->u.sel.path[i];
			if (i == 0 && types_under(x->type)->kind == K_POINTER)
				st.deref = false;
			place_field(fs, &p, p.t, st);
		}
		t = p.t;
		Op l = place_load(fs, &p);
		v = temp(fs, t);
		move_slots(fs, v.slot, l.slot, v.n);
		op_release(fs, l);
		place_release(fs, &p);
	}
	if (sel->u.sel.deref) {
		Type *et = types_under(t)->elem;
		Op r = temp(fs, et);
		emit(fs, OP_LOADM, r.slot, v.slot, 0);
		emitk(fs, mk_imm(et));
		op_release(fs, v);
		return r;
	}
	return v;
}

static Op builtin_call(FS *fs, Expr *e);

/* The value of a constant make size, when it is one (a non-negative integer constant, also
 * when written as a float such as 1e3 or converted, as in int64(8)). */
static bool const_size(Expr *e, int64_t *out)
{
	if (e->mode != MODE_CONSTANT || !e->cval)
		return false;
	ConstVal *cv = e->cval;
	if (cv->kind == CV_INT) {
		if (cv->i < 0 || cv->i > INT64_MAX)
			return false;
		*out = (int64_t)cv->i;
		return true;
	}
	if (cv->kind == CV_FLOAT && cv->f >= 0 && cv->f < 0x1p62L && cv->f == (int64_t)cv->f) {
		*out = (int64_t)cv->f;
		return true;
	}
	return false;
}

/* The length of a slice literal: past its highest index (keyed elements count from their key). */
static int64_t slice_lit_len(Expr *e)
{
	int64_t n = 0, idx = 0;
	for (int i = 0; i < e->u.composite.nelts; i++) {
		Expr *el = e->u.composite.elts[i];
		if (el->kind == E_KEYVALUE)
			idx = (int64_t)el->u.kv.key->cval->i;
		idx++;
		if (idx > n)
			n = idx;
	}
	return n;
}

static Type *method_value_type(Expr *e);

/* The "... argument" array of a call to a variadic function, when it may go in the frame. */
static void reserve_variadic(FS *fs, Expr *e)
{
	if (e->u.call.builtin || e->u.call.conversion || e->u.call.has_ellipsis)
		return;
	Expr *fun = e->u.call.fun;
	while (fun->kind == E_PAREN)
		fun = fun->u.paren.x;
	Type *sig = sig_of_call(fun);
	if (!sig || !sig->variadic)
		return;
	int rest = e->u.call.nargs - (sig->nparams - 1);
	if (rest <= 0 || (e->u.call.nargs == 1 && e->u.call.args[0]->type &&
	                  e->u.call.args[0]->type->kind == K_TUPLE))
		return;
	frame_reserve(fs, e, types_under(sig->params[sig->nparams - 1])->elem, rest, true);
}

typedef struct Reserver {
	Walker w; /* first: the walk's callback gets the Reserver */
	FS *fs;
} Reserver;

static bool reserve_node(Walker *w, Expr *e)
{
	FS *fs = ((Reserver *)(void *)w)->fs;
	if (e->mode == MODE_CONSTANT || e->mode == MODE_TYPE)
		return false;
	switch (e->kind) {
	case E_CALL: {
		Expr **args = e->u.call.args;
		int nargs = e->u.call.nargs;
		int64_t cap;
		if (e->u.call.builtin == BI_NEW)
			frame_reserve(fs, e, types_under(e->type)->elem, 1, false);
		else if (e->u.call.builtin == BI_MAKE && nargs > 1 &&
		         types_under(args[0]->type)->kind == K_SLICE &&
		         const_size(args[nargs > 2 ? 2 : 1], &cap))
			frame_reserve(fs, e, types_under(args[0]->type)->elem, cap, true);
		else
			reserve_variadic(fs, e);
		return true;
	}
	case E_SELECTOR:
		if (e->u.sel.is_value && e->type && types_under(e->type)->kind == K_FUNC &&
		    e->u.sel.kind != SEL_PKG)
			frame_reserve(fs, e, method_value_type(e), 1, false);
		return true;
	case E_UNARY: {
		Expr *x = e->u.op.x;
		while (e->u.op.op == T_AND && x->kind == E_PAREN)
			x = x->u.paren.x;
		if (e->u.op.op == T_AND && x->kind == E_COMPOSITE) /* &T{...}, as unary() does */
			frame_reserve(fs, x, x->type, 1, false);
		return true;
	}
	case E_FUNCLIT: {
		/* its closure only: the objects of its body are in its own frame */
		FuncLitInfo *info = e->u.funclit.info;
		int nc = info ? info->ncaptures : 0;
		if (nc > 0) {
			uint8_t cls[nc];
			memset(cls, CLS_PTR, (size_t)nc);
			frame_reserve(fs, e, closure_type(cls, nc), 1, false);
		}
		return false;
	}
	case E_COMPOSITE:
		if (types_under(e->type)->kind == K_SLICE && !e->esc_addr_site)
			frame_reserve(fs, e, types_under(e->type)->elem, slice_lit_len(e), true);
		return true;
	default: return true;
	}
}

/*
 * Takes the frame blocks of the frame objects that expression e (a call's argument) creates,
 * as stack_new and stack_slice would, before the call's argument block is taken: a block taken
 * while the arguments are evaluated would lie above the argument block, inside the callee's
 * frame. Of a function literal, only its closure: the objects of its body are in its own
 * frame.
 */
static void reserve_frame_objects(FS *fs, Expr *e)
{
	Reserver r = {{.expr = reserve_node}, fs};
	walk_expr(&r.w, e);
}

Op call_expr(FS *fs, Expr *e)
{
	Expr *fun = e->u.call.fun;
	while (fun->kind == E_PAREN)
		fun = fun->u.paren.x;
	if (e->u.call.builtin)
		return builtin_call(fs, e);
	if (e->u.call.conversion) {
		Expr *arg = e->u.call.args[0];
		Op r = temp(fs, e->type);
		expr_conv_into(fs, arg, e->type, r.slot);
		return r;
	}
	Type *sig = sig_of_call(fun);
	Op fv = {-1, 0, false};
	Op recv = {-1, 0, false};
	Type *recvtype = NULL;
	Proto *direct = NULL;
	int imethod = -1;
	if (fun->kind == E_IDENT && fun->u.ident.obj && fun->u.ident.obj->kind == OBJ_FUNC) {
		direct = proto_of(fun->u.ident.obj);
	} else if (fun->kind == E_SELECTOR && fun->u.sel.kind == SEL_PKG &&
	           fun->u.sel.obj->kind == OBJ_FUNC) {
		direct = proto_of(fun->u.sel.obj);
	} else if (fun->kind == E_SELECTOR && fun->u.sel.kind == SEL_METHOD &&
	           !fun->u.sel.is_value) {
		Object *m = fun->u.sel.obj;
		direct = proto_of(m);
		recvtype = m->ptr_recv ? types_pointer(m->recv_type) : m->recv_type;
		recv = method_receiver(fs, fun);
	} else if (fun->kind == E_SELECTOR && fun->u.sel.kind == SEL_IMETHOD &&
	           !fun->u.sel.is_value) {
		imethod = fun->u.sel.index;
		Op iv = expr(fs, fun->u.sel.x);
		recv = (Op){slots_alloc(fs, fun->u.sel.x->type), 2, true};
		move_slots(fs, recv.slot, iv.slot, 2);
		op_release(fs, iv);
		recvtype = t_unsafeptr;
	} else {
		Op f0 = expr(fs, fun);
		fv = (Op){slots_alloc_n(fs, 1, CLS_PTR), 1, true};
		move_slots(fs, fv.slot, f0.slot, 1);
		op_release(fs, f0);
	}
	if (fs->argdepth == 0) { /* nested calls' arguments are covered by the outermost call's */
		reserve_variadic(fs, e);
		for (int i = 0; i < e->u.call.nargs; i++)
			reserve_frame_objects(fs, e->u.call.args[i]);
	}
	int pslots;
	int blk = block_for(fs, sig->params, sig->nparams, recvtype, sig->results, sig->nresults,
	                    &pslots);
	int argdst = blk;
	if (recvtype) {
		if (imethod >= 0)
			emit(fs, OP_MOVE, blk, recv.slot + 1, 0);
		else
			move_slots(fs, blk, recv.slot, (int)type_slots(recvtype));
		argdst += (int)type_slots(recvtype);
	}
	fs->argdepth++;
	call_args(fs, e, sig, argdst);
	fs->argdepth--;
	set_line(fs, e->pos);
	if (direct) {
		emit(fs, OP_CALL, blk, 0, 0);
		emitk(fs, (uint64_t)(uintptr_t)direct);
	} else if (imethod >= 0) {
		emit(fs, OP_CALLI, blk, recv.slot, imethod);
	} else {
		emit(fs, OP_CALLF, blk, fv.slot, 0);
	}
	op_release(fs, recv);
	op_release(fs, fv);
	int rs = 0;
	for (int i = 0; i < sig->nresults; i++)
		rs += (int)type_slots(sig->results[i]);
	slots_free(fs, blk, pslots);
	return (Op){blk + pslots, rs, rs > 0};
}

/* ---------------------------------------------------------------- builtins */

static Op builtin_call(FS *fs, Expr *e)
{
	Expr **args = e->u.call.args;
	int nargs = e->u.call.nargs;
	switch (e->u.call.builtin) {
	case BI_LEN:
	case BI_CAP: {
		Type *u = types_under(args[0]->type);
		if (u->kind == K_POINTER)
			u = types_under(u->elem);
		Op r = temp(fs, t_int);
		if (u->kind == K_ARRAY) {
			load_int(fs, r.slot, (uint64_t)u->len);
			return r;
		}
		Op v = expr(fs, args[0]);
		if (u->kind == K_MAP) {
			emit(fs, OP_MAPLEN, r.slot, v.slot, 0);
		} else if (u->kind == K_CHAN) {
			/* qcount or dataqsiz of the hchan; 0 for a nil channel */
			emit(fs, OP_LOADI, r.slot, 0, 0);
			int j = emit(fs, OP_JF, v.slot, 0, 0);
			emit(fs, OP_LOAD64, r.slot, v.slot,
			     e->u.call.builtin == BI_CAP ? HCHAN_DATAQSIZ_OFF : HCHAN_QCOUNT_OFF);
			patch_jump(fs, j, here(fs));
		} else
			emit(fs, OP_MOVE, r.slot, v.slot + (e->u.call.builtin == BI_CAP ? 2 : 1),
			     0);
		op_release(fs, v);
		return r;
	}
	case BI_NEW: {
		Op r;
		if (stack_new(fs, e, types_under(e->type)->elem, &r))
			return r;
		r = (Op){slots_alloc_n(fs, 1, CLS_PTR), 1, true};
		emit(fs, OP_NEW, r.slot, 0, 0);
		emitk(fs, (uint64_t)(uintptr_t)types_under(e->type)->elem);
		return r;
	}
	case BI_MAKE: {
		Type *t = args[0]->type;
		Type *u = types_under(t);
		if (u->kind == K_SLICE) {
			Op r = temp(fs, t);
			/* a constant capacity: the array may live in the frame (a length that is not
			 * constant is computed first and checked against it) */
			int64_t len = 0, cap = 0;
			bool klen = const_size(args[1], &len);
			bool kcap = nargs > 2 ? const_size(args[2], &cap) : (cap = len, klen);
			if (kcap && klen && stack_slice(fs, e, u->elem, len, false, cap, r))
				return r;
			if (kcap && !klen) {
				Op l = expr(fs, args[1]);
				move_slots(fs, r.slot + 1, l.slot, 1);
				op_release(fs, l);
				bool uns = types_is_unsigned(types_under(args[1]->type));
				if (stack_slice(fs, e, u->elem, -1, uns, cap, r))
					return r;
				Op c = const_value(fs, args[2], t_int);
				emit(fs, OP_MAKESLICE, r.slot, r.slot + 1, c.slot);
				emitk(fs, (uint64_t)(uintptr_t)u->elem);
				op_release(fs, c);
				return r;
			}
			Op l = args[1]->mode == MODE_CONSTANT ? const_value(fs, args[1], t_int)
			                                      : expr(fs, args[1]);
			Op c = nargs > 2 ? (args[2]->mode == MODE_CONSTANT
			                            ? const_value(fs, args[2], t_int)
			                            : expr(fs, args[2]))
			                 : l;
			emit(fs, OP_MAKESLICE, r.slot, l.slot, c.slot);
			emitk(fs, (uint64_t)(uintptr_t)u->elem);
			if (nargs > 2)
				op_release(fs, c);
			op_release(fs, l);
			return r;
		}
		if (u->kind == K_MAP) {
			Op r = temp(fs, t);
			int h = slots_alloc_n(fs, 1, CLS_SCALAR);
			if (nargs > 1)
				expr_conv_into(fs, args[1], t_int, h);
			else
				emit(fs, OP_LOADI, h, 0, 0);
			emit(fs, OP_MAKEMAP, r.slot, h, 0);
			emitk(fs, (uint64_t)(uintptr_t)t);
			slots_free(fs, h, 1);
			return r;
		}
		if (u->kind == K_CHAN) {
			/* makechan(elemtype, size) */
			uint8_t cls[3] = {CLS_SCALAR, CLS_SCALAR, CLS_PTR};
			int blk = slots_alloc_block(fs, cls, 3);
			if (nargs > 1)
				expr_conv_into(fs, args[1], t_int, blk + 1);
			else
				emit(fs, OP_LOADI, blk + 1, 0, 0);
			emit(fs, OP_LOADK, blk, 0, 0);
			emitk(fs, (uint64_t)(uintptr_t)u->elem);
			set_line(fs, e->pos);
			emit(fs, OP_CALL, blk, 0, 0);
			emitk(fs, (uint64_t)(uintptr_t)chan_native("runtime.makechan", 2, 1));
			slots_free(fs, blk, 2);
			return (Op){blk + 2, 1, true};
		}
		fail(e->pos, "make of this type is not supported yet");
		break;
	}
	case BI_CLOSE: {
		uint8_t cls[1] = {CLS_PTR};
		int blk = slots_alloc_block(fs, cls, 1);
		expr_conv_into(fs, args[0], args[0]->type, blk);
		set_line(fs, e->pos);
		emit(fs, OP_CALL, blk, 0, 0);
		emitk(fs, (uint64_t)(uintptr_t)chan_native("runtime.closechan", 1, 0));
		slots_free(fs, blk, 1);
		return (Op){0, 0, false};
	}
	case BI_APPEND: {
		Type *st = e->type;
		Type *et = types_under(st)->elem;
		Op r = temp(fs, st);
		expr_conv_into(fs, args[0], st, r.slot);
		if (nargs == 1)
			return r;
		if (e->u.call.has_ellipsis) {
			Expr *src = args[1];
			Op v = expr(fs, src);
			if (types_is_string(src->type)) {
				int s3 = slots_alloc_n(fs, 3, CLS_SCALAR);
				slots_free(fs, s3, 3);
				s3 = slots_alloc(fs, types_slice(t_uint8));
				emit(fs, OP_MOVE2, s3, v.slot, 0);
				emit(fs, OP_MOVE, s3 + 2, v.slot + 1, 0);
				emit(fs, OP_APPENDSL, r.slot, s3, 0);
				slots_free(fs, s3, 3);
			} else {
				emit(fs, OP_APPENDSL, r.slot, v.slot, 0);
			}
			emitk(fs, (uint64_t)(uintptr_t)et);
			op_release(fs, v);
			return r;
		}
		int n = nargs - 1;
		int es = (int)type_slots(et);
		if (es == 0)
			es = 1;
		uint8_t cls[es * n + 1];
		for (int i = 0; i < n; i++) {
			if (et->size == 0)
				cls[i] = CLS_SCALAR;
			else
				type_classes(et, cls + i * es);
		}
		int vals = slots_alloc_block(fs, cls, es * n);
		for (int i = 0; i < n; i++)
			expr_conv_into(fs, args[1 + i], et, vals + i * es);
		emit(fs, OP_APPEND, r.slot, vals, n);
		emitk(fs, (uint64_t)(uintptr_t)et);
		slots_free(fs, vals, es * n);
		return r;
	}
	case BI_COPY: {
		Op d = expr(fs, args[0]);
		Op s = expr(fs, args[1]);
		Op r = temp(fs, t_int);
		Type *et = types_under(args[0]->type)->elem;
		if (types_is_string(args[1]->type)) {
			int s3 = slots_alloc(fs, types_slice(t_uint8));
			emit(fs, OP_MOVE2, s3, s.slot, 0);
			emit(fs, OP_MOVE, s3 + 2, s.slot + 1, 0);
			emit(fs, OP_COPY, r.slot, d.slot, s3);
			emitk(fs, (uint64_t)(uintptr_t)et);
			slots_free(fs, s3, 3);
		} else {
			emit(fs, OP_COPY, r.slot, d.slot, s.slot);
			emitk(fs, (uint64_t)(uintptr_t)et);
		}
		op_release(fs, s);
		op_release(fs, d);
		return r;
	}
	case BI_DELETE: {
		Type *mt = args[0]->type;
		Op m = expr(fs, args[0]);
		int k = slots_alloc(fs, types_under(mt)->key);
		expr_conv_into(fs, args[1], types_under(mt)->key, k);
		emit(fs, OP_MAPDEL, m.slot, k, 0);
		emitk(fs, (uint64_t)(uintptr_t)mt);
		slots_free(fs, k, (int)type_slots(types_under(mt)->key));
		op_release(fs, m);
		return (Op){0, 0, false};
	}
	case BI_CLEAR: {
		Op v = expr(fs, args[0]);
		Type *u = types_under(args[0]->type);
		if (u->kind == K_MAP)
			emit(fs, OP_MAPCLEAR, v.slot, 0, 0);
		else {
			emit(fs, OP_MAPCLEAR, v.slot, 1, 0);
			emitk(fs, (uint64_t)(uintptr_t)u->elem);
		}
		op_release(fs, v);
		return (Op){0, 0, false};
	}
	case BI_PANIC: {
		int v = slots_alloc(fs, t_any);
		expr_conv_into(fs, args[0], t_any, v);
		emit(fs, OP_PANIC, v, 0, 0);
		slots_free(fs, v, 2);
		return (Op){0, 0, false};
	}
	case BI_RECOVER: {
		Op r = temp(fs, t_any);
		emit(fs, OP_RECOVER, r.slot, 0, 0);
		return r;
	}
	case BI_PRINT:
	case BI_PRINTLN: {
		bool ln = e->u.call.builtin == BI_PRINTLN;
		for (int i = 0; i < nargs; i++) {
			Type *t = args[i]->type;
			if (types_is_untyped(t)) {
				/* untyped constants print with their default types */
				t = args[i]->cval && args[i]->cval->kind == CV_FLOAT ? t_float64
				                                                     : t_int;
			}
			Op v = args[i]->mode == MODE_CONSTANT ? const_value(fs, args[i], t)
			                                      : expr(fs, args[i]);
			emit(fs, OP_PRINT, v.slot, 0, (ln && i > 0 ? 1 : 0) | (i == 0 ? 2 : 0));
			emitk(fs, (uint64_t)(uintptr_t)t);
			op_release(fs, v);
		}
		emit(fs, OP_PRINTNL, ln ? 1 : 0, nargs == 0 ? 1 : 0, 0);
		return (Op){0, 0, false};
	}
	case BI_MIN:
	case BI_MAX: {
		Type *t = e->type;
		Op r = temp(fs, t);
		expr_conv_into(fs, args[0], t, r.slot);
		Type *u = types_under(t);
		int kind = types_is_string(u)     ? 2
		           : types_is_float(u)    ? 1
		           : types_is_unsigned(u) ? 3
		                                  : 0;
		for (int i = 1; i < nargs; i++) {
			Op v = temp(fs, t);
			expr_conv_into(fs, args[i], t, v.slot);
			emit(fs, OP_MINMAX, r.slot, r.slot, v.slot);
			emitk(fs, (uint64_t)kind | (e->u.call.builtin == BI_MAX ? 4u : 0u));
			op_release(fs, v);
		}
		return r;
	}
	default: fail(e->pos, "builtin not supported yet");
	}
	return (Op){0, 0, false};
}

/* ---------------------------------------------------------------- channels */

/*
 * Channel operations call the natives of lang/std/chan_natives.c with the argument blocks
 * runtime/chan.h lists. No declaration stands behind them, so their Protos are made here, one
 * per (native, block size), since the block holds a whole element value.
 */
Proto *chan_native(const char *name, uint32_t nparams, uint32_t nresults)
{
	static Proto **made;
	static int nmade, capmade;
	for (int i = 0; i < nmade; i++)
		if (!strcmp(made[i]->name, name) && made[i]->nparams == nparams &&
		    made[i]->nresults == nresults)
			return made[i];
	Proto *p = arena_alloc(sizeof *p);
	p->name = name;
	p->file = "<autogenerated>";
	p->line = 1;
	p->wrapper = true;
	p->native = native_lookup(name);
	if (!p->native)
		fail((Pos){0, 0}, "no native for a channel operation");
	p->nparams = nparams;
	p->nresults = nresults;
	p->nslots = nparams + nresults;
	p->native_leaf = true; /* channel operations never run script code */
	VEC_PUSH(made, nmade, capmade, p);
	return p;
}

/* <-ch: chanrecv1 [ch] -> [value], or chanrecv2 [ch] -> [value, ok]. Returns the results. */
Op chan_recv(FS *fs, Expr *e, bool commaok)
{
	Expr *ch = e->u.op.x;
	Type *et = types_under(ch->type)->elem;
	int n = (int)type_slots(et);
	uint8_t cls[n + 2];
	cls[0] = CLS_PTR;
	type_classes(et, cls + 1);
	cls[n + 1] = CLS_SCALAR;
	int nres = n + (commaok ? 1 : 0);
	int blk = slots_alloc_block(fs, cls, 1 + nres);
	expr_conv_into(fs, ch, ch->type, blk);
	set_line(fs, e->pos);
	emit(fs, OP_CALL, blk, 0, 0);
	const char *name = commaok ? "runtime.chanrecv2" : "runtime.chanrecv1";
	Proto *p = chan_native(name, 1, (uint32_t)nres);
	emitk(fs, (uint64_t)(uintptr_t)p);
	slots_free(fs, blk, 1);
	return (Op){blk + 1, nres, true};
}

/* ch <- v: chansend1 [ch, value]. Operands with calls first, as gc (expr_has_call). */
void chan_send(FS *fs, Stmt *s)
{
	Expr *ch = s->u.send.chan, *v = s->u.send.value;
	Type *et = types_under(ch->type)->elem;
	int n = (int)type_slots(et);
	uint8_t cls[n + 2];
	cls[0] = cls[1] = CLS_PTR;
	type_classes(et, cls + 1);
	/* a zero-sized value still gets a slot, which its evaluation may write */
	if (n == 0)
		cls[1] = CLS_SCALAR;
	int blk = slots_alloc_block(fs, cls, n > 0 ? 1 + n : 2);
	for (int pass = 0; pass < 2; pass++) {
		if (expr_has_call(ch) == (pass == 0))
			expr_conv_into(fs, ch, ch->type, blk);
		if (expr_has_call(v) == (pass == 0))
			expr_conv_into(fs, v, et, blk + 1);
	}
	set_line(fs, s->pos);
	emit(fs, OP_CALL, blk, 0, 0);
	emitk(fs, (uint64_t)(uintptr_t)chan_native("runtime.chansend1", (uint32_t)(1 + n), 0));
	slots_free(fs, blk, n > 0 ? 1 + n : 2);
}

/* ---------------------------------------------------------------- composite literals */

static bool is_nil_expr(Expr *v)
{
	while (v->kind == E_PAREN)
		v = v->u.paren.x;
	return (v->kind == E_IDENT && v->u.ident.obj && v->u.ident.obj->kind == OBJ_NIL) ||
	       (v->type && types_under(v->type)->kind == K_UNTYPED_NIL);
}

/* nil, 0, false, "" : stores of these into zeroed memory are no-ops */
static bool is_zero_const(Expr *v)
{
	while (v->kind == E_PAREN)
		v = v->u.paren.x;
	if (v->kind == E_IDENT && v->u.ident.obj && v->u.ident.obj->kind == OBJ_NIL)
		return true;
	if (v->type && types_under(v->type)->kind == K_UNTYPED_NIL)
		return true;
	if (v->mode != MODE_CONSTANT || !v->cval)
		return false;
	ConstVal *c = v->cval;
	switch (c->kind) {
	case CV_BOOL: return !c->b;
	case CV_INT: return c->i == 0;
	case CV_FLOAT: return c->f == 0 && !signbit(c->f);
	case CV_STRING: return c->slen == 0;
	}
	return false;
}

/* Stores element value expression v (of type t) at place p, recursing into elided literals. */
static void elem_store(FS *fs, Expr *v, Type *t, Place *p)
{
	if (v->kind == E_COMPOSITE && types_under(v->type)->kind != K_POINTER && v->type == t &&
	    (types_under(t)->kind == K_STRUCT || types_under(t)->kind == K_ARRAY)) {
		Place q = *p;
		q.ntmp = 0;
		q.t = t;
		composite_into_place(fs, v, &q);
		return;
	}
	Place q = *p;
	q.ntmp = 0;
	q.t = t;
	/* a zero constant is a zero store, except into an interface, where 0 boxes to a non-nil
	 * value (only nil is the zero interface) */
	if (p->zeroed && is_zero_const(v) && (!types_is_interface(t) || is_nil_expr(v)))
		return;
	if (v->mode != MODE_CONSTANT && v->type == t) {
		Op o = expr(fs, v);
		place_store(fs, &q, o.slot);
		op_release(fs, o);
		return;
	}
	int s = slots_alloc(fs, t);
	expr_conv_into(fs, v, t, s);
	place_store(fs, &q, s);
	slots_free(fs, s, (int)type_slots(t));
}

static int64_t const_index(Expr *k)
{
	return (int64_t)k->cval->i;
}

/* Fills a struct or array literal into a zeroed place. */
void composite_into_place(FS *fs, Expr *e, Place *p)
{
	Type *t = e->type;
	Type *u = types_under(t);
	uint32_t base = p->off;
	if (u->kind == K_STRUCT) {
		for (int i = 0; i < e->u.composite.nelts; i++) {
			Expr *el = e->u.composite.elts[i];
			int fi = i;
			Expr *v = el;
			if (el->kind == E_KEYVALUE) {
				const char *name = el->u.kv.key->u.ident.name;
				for (fi = 0; fi < u->nfields; fi++)
					if (u->fields[fi].name == name)
						break;
				v = el->u.kv.value;
			}
			Place q = *p;
			q.off = base + u->fields[fi].offset;
			elem_store(fs, v, u->fields[fi].type, &q);
		}
	} else {
		int64_t idx = 0;
		Type *et = u->elem;
		for (int i = 0; i < e->u.composite.nelts; i++) {
			Expr *el = e->u.composite.elts[i];
			Expr *v = el;
			if (el->kind == E_KEYVALUE) {
				idx = const_index(el->u.kv.key);
				v = el->u.kv.value;
			}
			Place q = *p;
			q.off = base + (uint32_t)(idx * et->size);
			elem_store(fs, v, et, &q);
			idx++;
		}
	}
}

Op composite(FS *fs, Expr *e)
{
	Type *t = e->type;
	Type *u = types_under(t);
	if (u->kind == K_POINTER) {
		/* an elided &T{...} inside another literal */
		Type *et = u->elem;
		Expr in = *e;
		in.type = et;
		Op r = {slots_alloc_n(fs, 1, CLS_PTR), 1, true};
		emit(fs, OP_NEW, r.slot, 0, 0);
		emitk(fs, (uint64_t)(uintptr_t)et);
		Op v = composite(fs, &in);
		emit(fs, OP_STOREM, r.slot, v.slot, 0);
		emitk(fs, mk_imm(et));
		op_release(fs, v);
		return r;
	}
	if (u->kind == K_STRUCT || u->kind == K_ARRAY) {
		Op r = temp(fs, t);
		zero_slots(fs, r.slot, r.n);
		Place p = {0};
		p.kind = PL_SLOTS;
		p.slot = r.slot;
		p.t = t;
		p.zeroed = true;
		composite_into_place(fs, e, &p);
		return r;
	}
	if (u->kind == K_SLICE) {
		Type *et = u->elem;
		int64_t n = slice_lit_len(e), idx = 0;
		Op r = temp(fs, t);
		/* the site of &[]T{...} stands for the slice (compile_expr.c unary), not its array,
		 * which escape analysis does not follow apart */
		if (e->esc_addr_site || !stack_slice(fs, e, et, n, false, n, r)) {
			int ns = slots_alloc_n(fs, 1, CLS_SCALAR);
			load_int(fs, ns, (uint64_t)n);
			emit(fs, OP_MAKESLICE, r.slot, ns, ns);
			emitk(fs, (uint64_t)(uintptr_t)et);
			slots_free(fs, ns, 1);
		}
		idx = 0;
		for (int i = 0; i < e->u.composite.nelts; i++) {
			Expr *el = e->u.composite.elts[i];
			Expr *v = el;
			if (el->kind == E_KEYVALUE) {
				idx = const_index(el->u.kv.key);
				v = el->u.kv.value;
			}
			int ptr = slots_alloc_n(fs, 1, CLS_PTR);
			emit(fs, OP_MOVE, ptr, r.slot, 0);
			Place q = {0};
			q.kind = PL_MEM;
			q.slot = ptr;
			q.off = (uint32_t)(idx * et->size);
			if (q.off > 0xffff) {
				emit(fs, OP_ADDPTR, ptr, ptr, 0);
				emitk(fs, q.off);
				q.off = 0;
			}
			q.t = et;
			q.zeroed = true; /* fresh from MAKESLICE, or a frame block just zeroed */
			elem_store(fs, v, et, &q);
			slots_free(fs, ptr, 1);
			idx++;
		}
		return r;
	}
	if (u->kind == K_MAP) {
		Op r = temp(fs, t);
		int h = slots_alloc_n(fs, 1, CLS_SCALAR);
		load_int(fs, h, (uint64_t)e->u.composite.nelts);
		emit(fs, OP_MAKEMAP, r.slot, h, 0);
		emitk(fs, (uint64_t)(uintptr_t)t);
		slots_free(fs, h, 1);
		for (int i = 0; i < e->u.composite.nelts; i++) {
			Expr *el = e->u.composite.elts[i];
			int k = slots_alloc(fs, u->key);
			expr_conv_into(fs, el->u.kv.key, u->key, k);
			int v = slots_alloc(fs, u->elem);
			expr_conv_into(fs, el->u.kv.value, u->elem, v);
			emit(fs, OP_MAPSET, r.slot, k, v);
			emitk(fs, (uint64_t)(uintptr_t)t);
			slots_free(fs, v, (int)type_slots(u->elem));
			slots_free(fs, k, (int)type_slots(u->key));
		}
		return r;
	}
	fail(e->pos, "composite literal of this type is not supported");
	return (Op){0, 0, false};
}

/* ---------------------------------------------------------------- closures and method values */

Op funclit(FS *fs, Expr *e)
{
	Proto *p = compile_funclit(fs, e);
	FuncLitInfo *info = e->u.funclit.info;
	Op r = {slots_alloc_n(fs, 1, CLS_PTR), 1, true};
	int nc = info ? info->ncaptures : 0;
	if (nc <= 0) {
		Closure *c = arena_alloc(sizeof *c);
		c->fn = p;
		emit(fs, OP_LOADK, r.slot, 0, 0);
		emitk(fs, (uint64_t)(uintptr_t)c);
		return r;
	}
	uint8_t cls[nc];
	memset(cls, CLS_PTR, (size_t)nc);
	Type *ct = closure_type(cls, nc);
	int blk = stack_closure(fs, e, ct);
	if (blk >= 0) {
		/* the closure in the frame: its function, then its captured cells (Closure) */
		emit(fs, OP_LOADK, blk, 0, 0);
		emitk(fs, (uint64_t)(uintptr_t)p);
		for (int i = 0; i < nc; i++)
			emit(fs, OP_MOVE, blk + 1 + i, var_slot(fs, info->captures[i]), 0);
		emit(fs, OP_LEA, r.slot, blk, 0);
		return r;
	}
	int caps = slots_alloc_n(fs, nc, CLS_PTR);
	for (int i = 0; i < nc; i++)
		emit(fs, OP_MOVE, caps + i, var_slot(fs, info->captures[i]), 0);
	emit(fs, OP_CLOSURE, r.slot, caps, nc);
	emitk(fs, (uint64_t)(uintptr_t)p);
	emitk(fs, (uint64_t)(uintptr_t)ct);
	slots_free(fs, caps, nc);
	return r;
}

Op static_func(FS *fs, Object *fn)
{
	Op r = {slots_alloc_n(fs, 1, CLS_PTR), 1, true};
	Closure *c = arena_alloc(sizeof *c);
	c->fn = proto_of(fn);
	emit(fs, OP_LOADK, r.slot, 0, 0);
	emitk(fs, (uint64_t)(uintptr_t)c);
	return r;
}

/* The closure type of method value e: the wrapper function, then the receiver's words (the
 * whole interface value for an interface method). */
static Type *method_value_type(Expr *e)
{
	if (e->u.sel.kind == SEL_IMETHOD) {
		uint8_t cls[2] = {CLS_SCALAR, CLS_PTR};
		return closure_type(cls, 2);
	}
	Object *mo = e->u.sel.obj;
	Type *recvtype = mo->ptr_recv ? types_pointer(mo->recv_type) : mo->recv_type;
	int n = (int)type_slots(recvtype);
	uint8_t cls[n + 1];
	type_classes(recvtype, cls);
	return closure_type(cls, n);
}

/* The method value closure of wrapper p with the n receiver words at rv: in the frame when
 * escape analysis allows (as funclit does), else BIND allocates it. */
static void bind(FS *fs, Expr *e, Op r, Proto *p, int rv, int n)
{
	Type *ct = method_value_type(e);
	int blk = stack_closure(fs, e, ct);
	if (blk >= 0) {
		emit(fs, OP_LOADK, blk, 0, 0);
		emitk(fs, (uint64_t)(uintptr_t)p);
		move_slots(fs, blk + 1, rv, n);
		emit(fs, OP_LEA, r.slot, blk, 0);
		return;
	}
	emit(fs, OP_BIND, r.slot, rv, n);
	emitk(fs, (uint64_t)(uintptr_t)p);
	emitk(fs, (uint64_t)(uintptr_t)ct);
}

Op method_value(FS *fs, Expr *e)
{
	Op r = {slots_alloc_n(fs, 1, CLS_PTR), 1, true};
	if (e->u.sel.kind == SEL_IMETHOD) {
		Op iv = expr(fs, e->u.sel.x);
		/* Go evaluates the interface now and panics on nil at the call; bind the whole
		 * interface value. */
		Type *it = e->u.sel.x->type;
		Method *m = &types_under(it)->imethods[e->u.sel.index];
		emit(fs, OP_NILCHK, iv.slot, 0, 0);
		bind(fs, e, r, method_value_wrapper(m, it), iv.slot, 2);
		op_release(fs, iv);
		return r;
	}
	Object *mo = e->u.sel.obj;
	Type *recvtype = mo->ptr_recv ? types_pointer(mo->recv_type) : mo->recv_type;
	Op rv = method_receiver(fs, e);
	Method *m = NULL;
	Type *named = mo->recv_type;
	for (int i = 0; i < named->nmethods; i++)
		if (named->methods[i].obj == mo)
			m = &named->methods[i];
	bind(fs, e, r, method_value_wrapper(m, recvtype), rv.slot, (int)type_slots(recvtype));
	op_release(fs, rv);
	return r;
}

/* ---------------------------------------------------------------- defer */

/*
 * defer f(args) and go f(args): Go evaluates the function value and the arguments at the
 * statement (defer: DEFER pushes the call; go: GO starts a goroutine running it).
 * A call with no arguments of a func value is deferred as is. Otherwise a thunk closure is
 * built: its data holds the evaluated operands, and its code (compiled here) reloads them and
 * performs the call.
 */
void defer_stmt(FS *fs, Stmt *s)
{
	Expr *call = s->u.call.call;
	Expr *fun = call->u.call.fun;
	while (fun->kind == E_PAREN)
		fun = fun->u.paren.x;
	bool staticfn =
	        (fun->kind == E_IDENT && fun->u.ident.obj && fun->u.ident.obj->kind == OBJ_FUNC) ||
	        (fun->kind == E_SELECTOR && fun->u.sel.kind == SEL_PKG);
	/* (a goroutine cannot start in a native: `go pkg.F()` gets a thunk too) */
	if (!call->u.call.builtin && !call->u.call.conversion && call->u.call.nargs == 0 &&
	    (fun->kind != E_SELECTOR || (fun->u.sel.kind == SEL_PKG && s->kind != S_GO) ||
	     fun->u.sel.kind == SEL_FIELD)) {
		Op f = expr(fs, fun);
		emit(fs, s->kind == S_GO ? OP_GO : OP_DEFER, f.slot, 0, 0);
		op_release(fs, f);
		return;
	}
	/* Collect the operands to evaluate now: the function value (unless static or a builtin)
	 * and every argument. */
	Expr *ops[64];
	int nops = 0;
	bool fun_is_value = !call->u.call.builtin && !staticfn;
	if (fun_is_value)
		ops[nops++] = fun;
	for (int i = 0; i < call->u.call.nargs && nops < 64; i++)
		ops[nops++] = call->u.call.args[i];
	/* Evaluate them into a contiguous block of words. */
	Type *types[64];
	int words = 0;
	for (int i = 0; i < nops; i++) {
		Type *t = ops[i]->type;
		if (ops[i] == fun && fun->kind == E_SELECTOR &&
		    (fun->u.sel.kind == SEL_METHOD || fun->u.sel.kind == SEL_IMETHOD))
			t = fun->type; /* method value: a func */
		if (types_is_untyped(t) || ops[i]->mode == MODE_CONSTANT)
			t = NULL; /* constants are re-materialised in the thunk */
		types[i] = t;
		if (t)
			words += (int)type_slots(t);
	}
	uint8_t cls[words + 1];
	cls[0] = CLS_SCALAR; /* the placeholder slot when nothing is saved */
	int w = 0;
	for (int i = 0; i < nops; i++)
		if (types[i]) {
			type_classes(types[i], cls + w);
			w += (int)type_slots(types[i]);
		}
	int data = slots_alloc_block(fs, cls, words > 0 ? words : 1);
	w = 0;
	for (int i = 0; i < nops; i++) {
		if (!types[i])
			continue;
		Op v = expr(fs, ops[i]);
		move_slots(fs, data + w, v.slot, (int)type_slots(types[i]));
		op_release(fs, v);
		w += (int)type_slots(types[i]);
	}
	/* The thunk: a wrapper function whose body loads the data and makes the call. */
	Proto *p = arena_alloc(sizeof *p);
	p->name = s->kind == S_GO ? arena_printf("%s.gowrap%d", fs->name, ++fs->ngowraps)
	                          : arena_printf("%s.deferwrap%d", fs->name, ++fs->ndeferwraps);
	p->file = fs->file;
	p->line = s->pos.line;
	p->wrapper = true;
	p->is_closure = true;
	FS tv = {0}, *ts = &tv;
	ts->p = p;
	ts->file = fs->file;
	ts->name = p->name;
	ts->pkg = fs->pkg;
	ts->info = NULL;
	ts->line = s->pos.line;
	int tdata = slots_alloc_block(ts, cls, words > 0 ? words : 1);
	if (words)
		emit(ts, OP_CAPDATA, tdata, 0, words);
	/* Rewrite the operands as pre-evaluated values (E_BAD carrying the slot). */
	Expr *copies = arena_alloc(sizeof(Expr) * (size_t)(nops + 1));
	Expr **newargs = arena_alloc(sizeof(Expr *) * (size_t)(call->u.call.nargs + 1));
	Expr newcall = *call;
	Expr newfun = *fun;
	w = 0;
	for (int i = 0; i < nops; i++) {
		Expr *c = &copies[i];
		if (types[i]) {
			memset(c, 0, sizeof *c);
			c->kind = E_BAD;
			c->type = types[i];
			c->mode = MODE_VALUE;
			c->pos = ops[i]->pos;
			c->u.lit.text = (const char *)(intptr_t)(tdata + w);
			w += (int)type_slots(types[i]);
		} else {
			*c = *ops[i];
		}
	}
	int k = 0;
	if (fun_is_value) {
		newfun = copies[k++];
	}
	for (int i = 0; i < call->u.call.nargs; i++)
		newargs[i] = &copies[k++];
	newcall.u.call.fun = &newfun;
	newcall.u.call.args = newargs;
	Op r = call_expr(ts, &newcall);
	op_release(ts, r);
	emit(ts, OP_RET, 0, 0, 0);
	p->deferreturn = (uint32_t)(ts->ncode - 1);
	/* finish the thunk proto */
	p->code = ts->code;
	p->ncode = (uint32_t)ts->ncode;
	p->lines = ts->lines;
	p->nlines = (uint32_t)ts->nlines;
	p->nslots = (uint32_t)(ts->nslots > 0 ? ts->nslots : 1);
	p->ptrmask = arena_alloc((p->nslots + 7) / 8);
	for (uint32_t i = 0; i < (uint32_t)ts->nslots; i++)
		if (ts->cls[i] == CLS_PTR)
			p->ptrmask[i / 8] |= (uint8_t)(1u << (i % 8));
	proto_set_zero_end(p);
	int cl = slots_alloc_n(fs, 1, CLS_PTR);
	emit(fs, OP_BIND, cl, data, words);
	emitk(fs, (uint64_t)(uintptr_t)p);
	emitk(fs, (uint64_t)(uintptr_t)closure_type(cls, words));
	emit(fs, s->kind == S_GO ? OP_GO : OP_DEFER, cl, 0, 0);
	slots_free(fs, cl, 1);
	slots_free(fs, data, words > 0 ? words : 1);
}

/* ---------------------------------------------------------------- method wrappers */

static Proto *new_wrapper(const char *name, Type *sig, Type *first, FS *ts)
{
	Proto *p = arena_alloc(sizeof *p);
	p->name = name;
	p->file = "<autogenerated>";
	p->line = 1;
	p->wrapper = true;
	memset(ts, 0, sizeof *ts);
	ts->p = p;
	ts->file = p->file;
	ts->name = name;
	ts->line = 1;
	/* parameters: [first], sig params, then results */
	uint8_t cls[1024];
	int n = 0;
	if (first) {
		type_classes(first, cls + n);
		n += (int)type_slots(first);
	}
	for (int i = 0; i < sig->nparams; i++) {
		type_classes(sig->params[i], cls + n);
		n += (int)type_slots(sig->params[i]);
	}
	p->nparams = (uint32_t)n;
	for (int i = 0; i < sig->nresults; i++) {
		type_classes(sig->results[i], cls + n);
		n += (int)type_slots(sig->results[i]);
	}
	p->nresults = (uint32_t)n - p->nparams;
	if (n)
		slots_alloc_block(ts, cls, n);
	return p;
}

static void finish_wrapper(FS *ts)
{
	Proto *p = ts->p;
	emit(ts, OP_RET, 0, 0, 0);
	p->deferreturn = (uint32_t)(ts->ncode - 1);
	p->code = ts->code;
	p->ncode = (uint32_t)ts->ncode;
	p->lines = ts->lines;
	p->nlines = (uint32_t)ts->nlines;
	p->nslots = (uint32_t)(ts->nslots > 0 ? ts->nslots : 1);
	p->ptrmask = arena_alloc((p->nslots + 7) / 8);
	for (uint32_t i = 0; i < (uint32_t)ts->nslots; i++)
		if (ts->cls[i] == CLS_PTR)
			p->ptrmask[i / 8] |= (uint8_t)(1u << (i % 8));
	proto_set_zero_end(p);
}

/* Copies the wrapper's own parameters (after 'skip' slots) into a call block, calls, and moves
 * the results back into the wrapper's result slots. */
static void forward_call(FS *ts, Type *sig, int recvslot, Type *recvtype, Proto *target,
                         int iface_slot, int imethod, int skip)
{
	int pslots;
	int blk = block_for(ts, sig->params, sig->nparams, recvtype, sig->results, sig->nresults,
	                    &pslots);
	int rs = recvtype ? (int)type_slots(recvtype) : 0;
	if (recvtype)
		move_slots(ts, blk, recvslot, rs);
	move_slots(ts, blk + rs, skip, pslots - rs);
	if (target) {
		emit(ts, OP_CALL, blk, 0, 0);
		emitk(ts, (uint64_t)(uintptr_t)target);
	} else {
		emit(ts, OP_CALLI, blk, iface_slot, imethod);
	}
	int nres = (int)ts->p->nresults;
	move_slots(ts, (int)ts->p->nparams, blk + pslots, nres);
}

/* The method's function object and Method entry of a named type. */
static Method *named_method(Type *named, Object *obj)
{
	for (int i = 0; i < named->nmethods; i++)
		if (named->methods[i].obj == obj)
			return &named->methods[i];
	return NULL;
}

Proto *method_value_wrapper(Method *m, Type *recv)
{
	FS tv, *ts = &tv;
	if (types_is_interface(recv)) {
		Type *it = types_under(recv);
		int idx = (int)(m - it->imethods);
		Proto *p = new_wrapper(arena_printf("%s.%s-fm", types_string(recv), m->name),
		                       m->sig, NULL, ts);
		p->is_closure = true;
		int iv = slots_alloc(ts, recv);
		emit(ts, OP_CAPDATA, iv, 0, 2);
		uint8_t one = CLS_PTR;
		(void)one;
		forward_call(ts, m->sig, iv + 1, t_unsafeptr, NULL, iv, idx, 0);
		finish_wrapper(ts);
		return p;
	}
	Object *obj = m->obj;
	Proto *target = proto_of(obj);
	Proto *p = new_wrapper(arena_printf("%s-fm", target->name), m->sig, NULL, ts);
	p->is_closure = true;
	int rv = slots_alloc(ts, recv);
	emit(ts, OP_CAPDATA, rv, 0, (int)type_slots(recv));
	forward_call(ts, m->sig, rv, recv, target, 0, 0, 0);
	finish_wrapper(ts);
	return p;
}

/* The place holding a value of concrete type t, given the interface data word in slot 0. */
static Place data_word_place(FS *ts, Type *t)
{
	Place pl = {0};
	if (types_under(t)->kind == K_POINTER) {
		emit(ts, OP_NILCHK, 0, 0, 0);
		pl.kind = PL_MEM;
		pl.slot = 0;
		pl.t = types_under(t)->elem;
	} else if (t->direct_iface) {
		pl.kind = PL_SLOTS;
		pl.slot = 0;
		pl.t = t;
	} else {
		pl.kind = PL_MEM;
		pl.slot = 0;
		pl.t = t;
	}
	return pl;
}

/* From the data word of a t in slot 0, the place reached by following lk's embedding path. */
static Place embedded_place(FS *ts, Type *t, Lookup *lk)
{
	Place pl = data_word_place(ts, t);
	for (int i = 0; i < lk->npath; i++) {
		SelStep st = lk->path[i];
		if (i == 0 && types_under(t)->kind == K_POINTER)
			st.deref = false; /* data_word_place already followed the pointer */
		place_field(ts, &pl, pl.t, st);
	}
	return pl;
}

/*
 * A method promoted from an interface embedded in a struct (type T struct{ io.Writer }): follow
 * the embedding path to the interface field and call its method through the field's own itab.
 */
static Proto *iface_promoted_code(Type *t, Lookup *lk)
{
	Method *m = lk->method;
	FS tv, *ts = &tv;
	Proto *p = new_wrapper(arena_printf("%s.%s", types_string(t), m->name), m->sig, t_unsafeptr,
	                       ts);
	Place pl = embedded_place(ts, t, lk);
	Op iv = place_load(ts, &pl);
	int keep = slots_alloc(ts, pl.t);
	move_slots(ts, keep, iv.slot, 2);
	op_release(ts, iv);
	forward_call(ts, m->sig, keep + 1, t_unsafeptr, NULL, keep, lk->imethod_index, 1);
	finish_wrapper(ts);
	return p;
}

/*
 * The code an itab uses for method lk->method of concrete type t: it receives the interface's
 * data word, rebuilds the receiver the method wants (dereferencing a boxed value, following
 * embedded fields) and calls it. When the data word already is the receiver, the method itself
 * is used.
 */
Proto *iface_method_code(Type *t, Lookup *lk)
{
	Method *m = lk->method;
	if (lk->imethod_index >= 0)
		return iface_promoted_code(t, lk);
	Object *obj = m->obj;
	Proto *target = proto_of(obj);
	Type *named = lk->recv_named;
	if (lk->npath == 0) {
		if (m->ptr_recv && types_under(t)->kind == K_POINTER)
			return target;
		if (!m->ptr_recv && t == named && t->direct_iface)
			return target;
	}
	FS tv, *ts = &tv;
	Proto *p = new_wrapper(arena_printf("%s.%s", types_string(t), m->name), m->sig, t_unsafeptr,
	                       ts);
	/* Slot 0: the data word; follow the embedding path to the method's receiver. */
	Place pl = embedded_place(ts, t, lk);
	Type *recvtype = m->ptr_recv ? types_pointer(named) : named;
	Op rv;
	if (m->ptr_recv) {
		if (types_under(pl.t)->kind == K_POINTER) {
			rv = place_load(ts, &pl);
		} else {
			rv = place_addr(ts, &pl);
		}
	} else {
		if (types_under(pl.t)->kind == K_POINTER) {
			Op ptr = place_load(ts, &pl);
			emit(ts, OP_NILCHK, ptr.slot, 0, 0);
			rv = temp(ts, named);
			emit(ts, OP_LOADM, rv.slot, ptr.slot, 0);
			emitk(ts, mk_imm(named));
		} else {
			rv = place_load(ts, &pl);
		}
	}
	forward_call(ts, m->sig, rv.slot, recvtype, target, 0, 0, 1);
	finish_wrapper(ts);
	(void)named_method;
	return p;
}
