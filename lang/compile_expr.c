/*
 * compile_expr.c - expressions, places (addressable locations), operators and assignments.
 *
 * An expression compiles to an Op: the slots holding its value. A local variable's value is
 * used where it lives (no copy); anything computed goes to temporary slots the caller releases.
 *
 * A Place is where an addressable value lives, so it can be loaded, stored or have its address
 * taken without evaluating its operands twice:
 *   PL_SLOTS  inside a frame value (a local variable, or a temporary aggregate) at a byte offset
 *   PL_MEM    in memory at pointer R[slot] + offset (heap objects, heap cells, globals)
 * Scalars inside aggregates keep their memory form (an int8 field is one byte), so reading one
 * converts it to canonical slot form (FLOAD/LOADM with a memory kind) and writing converts back.
 *
 * Order of evaluation is Go's: operands left to right; in assignments, the index and pointer
 * operands on the left and the values on the right are evaluated first, then stored in order.
 *
 * Invariants:
 *   - Argument blocks are allocated after every operand that must survive the call is in a slot
 *     (compile_int.h explains why the block must sit above all live slots).
 *   - A pointer into the frame (LEA) is only used by the instructions right after it, before any
 *     call can move the stack.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile_int.h"

/* ---------------------------------------------------------------- helpers */

int mem_kind(Type *t)
{
	switch (types_under(t)->kind) {
	case K_BOOL:
	case K_UINT8: return MK_U8;
	case K_INT8: return MK_I8;
	case K_INT16: return MK_I16;
	case K_UINT16: return MK_U16;
	case K_INT32: return MK_I32;
	case K_UINT32: return MK_U32;
	case K_FLOAT32: return MK_F32;
	case K_INT:
	case K_INT64:
	case K_UINT:
	case K_UINT64:
	case K_UINTPTR:
	case K_FLOAT64:
	case K_POINTER:
	case K_MAP:
	case K_CHAN:
	case K_FUNC:
	case K_UNSAFEPTR: return MK_64;
	default: return MK_BLK;
	}
}

uint64_t mk_imm(Type *t)
{
	return (uint64_t)mem_kind(t) | (t->ptrdata ? MK_PTRS : 0) | ((uint64_t)t->size << 8);
}

static uint64_t mk_imm_off(Type *t, uint32_t off)
{
	return mk_imm(t) | ((uint64_t)off << 40);
}

void move_slots(FS *fs, int dst, int src, int n)
{
	if (dst == src || n <= 0)
		return;
	if (n == 1)
		emit(fs, OP_MOVE, dst, src, 0);
	else if (n == 2)
		emit(fs, OP_MOVE2, dst, src, 0);
	else if (n == 3)
		emit(fs, OP_MOVE3, dst, src, 0);
	else
		emit(fs, OP_MOVEN, dst, src, n);
}

void zero_slots(FS *fs, int dst, int n)
{
	if (n > 0)
		emit(fs, OP_ZERO, dst, n, 0);
}

Op temp(FS *fs, Type *t)
{
	Op o = {slots_alloc(fs, t), (int)type_slots(t), true};
	if (o.n == 0)
		o.n = 1;
	return o;
}

/*
 * Must e be evaluated in order with the calls of its statement? Go's compiler (gc) runs the
 * function calls of a statement first, left to right, and reads plain operands (variables,
 * fields, elements, arithmetic on them) afterwards, so fmt.Println(x, f()) prints x as f left
 * it. len and cap are evaluated in order with the calls (len(s), f() sees s before f). The
 * spec leaves this order open; minirt follows gc because scripts must print what go run prints.
 * A function literal's body does not run when the literal is evaluated.
 */
bool expr_has_call(Expr *e)
{
	if (!e || e->mode == MODE_CONSTANT || e->mode == MODE_TYPE)
		return false;
	switch (e->kind) {
	case E_CALL:
		if (!e->u.call.builtin && !e->u.call.conversion)
			return true;
		if (e->u.call.builtin == BI_LEN || e->u.call.builtin == BI_CAP)
			return true;
		for (int i = 0; i < e->u.call.nargs; i++)
			if (expr_has_call(e->u.call.args[i]))
				return true;
		return false;
	case E_PAREN: return expr_has_call(e->u.paren.x);
	case E_SELECTOR: return e->u.sel.kind != SEL_PKG && expr_has_call(e->u.sel.x);
	case E_INDEX: return expr_has_call(e->u.index.x) || expr_has_call(e->u.index.index);
	case E_SLICE:
		return expr_has_call(e->u.slice.x) || expr_has_call(e->u.slice.lo) ||
		       expr_has_call(e->u.slice.hi) || expr_has_call(e->u.slice.max);
	case E_TYPEASSERT: return expr_has_call(e->u.assert.x);
	case E_STAR: return expr_has_call(e->u.star.x);
	case E_UNARY: return e->u.op.op == T_ARROW || expr_has_call(e->u.op.x); /* receives too */
	case E_BINARY: return expr_has_call(e->u.op.x) || expr_has_call(e->u.op.y);
	case E_KEYVALUE: return expr_has_call(e->u.kv.key) || expr_has_call(e->u.kv.value);
	case E_COMPOSITE:
		for (int i = 0; i < e->u.composite.nelts; i++)
			if (expr_has_call(e->u.composite.elts[i]))
				return true;
		return false;
	default: return false;
	}
}

/* ---------------------------------------------------------------- variables */

int var_slot(FS *fs, Object *o)
{
	if (o->owner == fs->info || !fs->info)
		return o->slot;
	for (int i = 0; i < fs->info->ncaptures; i++)
		if (fs->info->captures[i] == o)
			return fs->p->nparams + fs->p->nresults + i;
	fail(o->pos, arena_printf("variable %s is not captured", o->name));
	return -1;
}

Op load_var(FS *fs, Object *o)
{
	Type *t = o->type;
	if (o->storage == VAR_LOCAL)
		return (Op){var_slot(fs, o), (int)type_slots(t), false};
	Op r = temp(fs, t);
	if (o->storage == VAR_HEAP) {
		emit(fs, OP_LOADM, r.slot, var_slot(fs, o), 0);
		emitk(fs, mk_imm(t));
	} else {
		int p = slots_alloc_n(fs, 1, CLS_PTR);
		emit(fs, OP_GADDR, p, 0, 0);
		emitk(fs, (uint64_t)o->slot);
		emit(fs, OP_LOADM, r.slot, p, 0);
		emitk(fs, mk_imm(t));
		slots_free(fs, p, 1);
	}
	return r;
}

void store_var(FS *fs, Object *o, int src)
{
	Type *t = o->type;
	if (o->storage == VAR_LOCAL) {
		move_slots(fs, var_slot(fs, o), src, (int)type_slots(t));
	} else if (o->storage == VAR_HEAP) {
		emit(fs, OP_STOREM, var_slot(fs, o), src, 0);
		emitk(fs, mk_imm(t));
	} else {
		int p = slots_alloc_n(fs, 1, CLS_PTR);
		emit(fs, OP_GADDR, p, 0, 0);
		emitk(fs, (uint64_t)o->slot);
		emit(fs, OP_STOREM, p, src, 0);
		emitk(fs, mk_imm(t));
		slots_free(fs, p, 1);
	}
}

void define_var(FS *fs, Object *o, int src)
{
	if (!o)
		return;
	Type *t = o->type;
	types_complete(t);
	if (o->storage == VAR_HEAP) {
		o->slot = slots_alloc_n(fs, 1, CLS_PTR);
		emit(fs, OP_NEW, o->slot, 0, 0);
		emitk(fs, (uint64_t)(uintptr_t)t);
		if (src >= 0) {
			emit(fs, OP_STOREM, o->slot, src, 0);
			emitk(fs, mk_imm(t));
		}
		return;
	}
	o->slot = slots_alloc(fs, t);
	if (src >= 0)
		move_slots(fs, o->slot, src, (int)type_slots(t));
	else
		zero_slots(fs, o->slot, (int)type_slots(t));
}

/* ---------------------------------------------------------------- constants */

static uint64_t const_bits(ConstVal *cv, Type *t)
{
	Type *u = types_under(t);
	if (types_is_float(u)) {
		long double f = cv->kind == CV_FLOAT ? cv->f : (long double)cv->i;
		double d = u->kind == K_FLOAT32 ? (double)(float)f : (double)f;
		return f64_slot(d);
	}
	if (cv->kind == CV_BOOL)
		return cv->b;
	if (cv->kind == CV_FLOAT)
		return (uint64_t)(int64_t)cv->f;
	return (uint64_t)cv->i;
}

void load_int(FS *fs, int dst, uint64_t v)
{
	int64_t s = (int64_t)v;
	if (s >= INT32_MIN && s <= INT32_MAX) {
		uint32_t u = (uint32_t)(int32_t)s;
		emit(fs, OP_LOADI, dst, u & 0xffff, u >> 16);
	} else {
		emit(fs, OP_LOADK, dst, 0, 0);
		emitk(fs, v);
	}
}

Op const_value(FS *fs, Expr *e, Type *t)
{
	ConstVal *cv = e->cval;
	if (!t || types_is_untyped(t))
		t = e->type;
	if (types_is_interface(t)) {
		/* untyped constant to interface: box its default-typed value */
		Type *dt = e->type;
		if (types_is_interface(dt) || types_is_untyped(dt)) {
			switch (cv->kind) {
			case CV_BOOL: dt = t_bool; break;
			case CV_STRING: dt = t_string; break;
			case CV_FLOAT: dt = t_float64; break;
			default: dt = t_int; break;
			}
		}
		Expr tmp = *e;
		tmp.type = dt;
		Op v = const_value(fs, &tmp, dt);
		Op r = temp(fs, t);
		convert_value(fs, dt, v.slot, t, r.slot);
		op_release(fs, v);
		return r;
	}
	Op r = temp(fs, t);
	if (cv->kind == CV_STRING) {
		String *s = arena_alloc(sizeof *s);
		s->ptr = (const uint8_t *)cv->s;
		s->len = cv->slen;
		emit(fs, OP_LOADSTR, r.slot, 0, 0);
		emitk(fs, (uint64_t)(uintptr_t)s);
	} else {
		load_int(fs, r.slot, const_bits(cv, t));
	}
	return r;
}

static bool is_comparison(TokenKind op);
static Op binary_to(FS *fs, Expr *e, int dst);

/* ---------------------------------------------------------------- conversions */

static void normalize_int(FS *fs, Type *t, int slot)
{
	switch (types_under(t)->kind) {
	case K_INT8: emit(fs, OP_SEXT8, slot, slot, 0); break;
	case K_INT16: emit(fs, OP_SEXT16, slot, slot, 0); break;
	case K_INT32: emit(fs, OP_SEXT32, slot, slot, 0); break;
	case K_UINT8: emit(fs, OP_ZEXT8, slot, slot, 0); break;
	case K_UINT16: emit(fs, OP_ZEXT16, slot, slot, 0); break;
	case K_UINT32: emit(fs, OP_ZEXT32, slot, slot, 0); break;
	default: break;
	}
}

void convert_value(FS *fs, Type *from, int src, Type *to, int dst)
{
	Type *fu = types_under(from), *tu = types_under(to);
	if (from == to || (tu->kind != K_INTERFACE && fu == tu && !types_is_numeric(fu))) {
		move_slots(fs, dst, src, (int)type_slots(to));
		return;
	}
	if (tu->kind == K_INTERFACE) {
		if (fu->kind == K_UNTYPED_NIL) {
			zero_slots(fs, dst, 2);
		} else if (fu->kind == K_INTERFACE) {
			if (types_is_empty_interface(to) && types_is_empty_interface(from))
				move_slots(fs, dst, src, 2);
			else {
				emit(fs, OP_CONVI, dst, src,
				     types_is_empty_interface(from) ? 1 : 0);
				emitk(fs, (uint64_t)(uintptr_t)to);
			}
		} else {
			emit(fs, OP_BOX, dst, src, types_is_empty_interface(to) ? 1 : 0);
			emitk(fs, (uint64_t)(uintptr_t)box_tab(from, to));
		}
		return;
	}
	if (fu->kind == K_UNTYPED_NIL) {
		zero_slots(fs, dst, (int)type_slots(to));
		return;
	}
	if (types_is_numeric(fu) && types_is_numeric(tu)) {
		bool ff = types_is_float(fu), tf = types_is_float(tu);
		if (!ff && !tf) {
			move_slots(fs, dst, src, 1);
			normalize_int(fs, to, dst);
		} else if (!ff && tf) {
			emit(fs, types_is_unsigned(fu) ? OP_U2F : OP_I2F, dst, src, 0);
			if (tu->kind == K_FLOAT32)
				emit(fs, OP_F32R, dst, dst, 0);
		} else if (ff && !tf) {
			emit(fs, types_is_unsigned(tu) ? OP_F2U : OP_F2I, dst, src, 0);
			normalize_int(fs, to, dst);
		} else {
			move_slots(fs, dst, src, 1);
			if (tu->kind == K_FLOAT32 && fu->kind != K_FLOAT32)
				emit(fs, OP_F32R, dst, dst, 0);
		}
		return;
	}
	if (tu->kind == K_STRING) {
		if (types_is_integer(fu)) {
			emit(fs, OP_RUNE2STR, dst, src, 0);
			return;
		}
		if (fu->kind == K_SLICE) {
			Type *el = types_under(fu->elem);
			emit(fs, el->kind == K_INT32 ? OP_RUNES2STR : OP_BYTES2STR, dst, src, 0);
			return;
		}
	}
	if (tu->kind == K_SLICE && fu->kind == K_STRING) {
		Type *el = types_under(tu->elem);
		emit(fs, el->kind == K_INT32 ? OP_STR2RUNES : OP_STR2BYTES, dst, src, 0);
		return;
	}
	move_slots(fs, dst, src, (int)type_slots(to));
}

void expr_conv_into(FS *fs, Expr *e, Type *to, int dst)
{
	if (e->mode == MODE_CONSTANT) {
		Type *tu = to ? types_under(to) : NULL;
		if (tu &&
		    (tu->kind == K_SLICE || (types_is_string(tu) && e->cval->kind != CV_STRING))) {
			/* []byte("lit"), string(65): build the constant, then convert it */
			Op c = const_value(fs, e, e->type);
			convert_value(fs, e->type, c.slot, to, dst);
			op_release(fs, c);
			return;
		}
		if (tu && !types_is_interface(tu) && e->cval->kind != CV_STRING) {
			load_int(fs, dst, const_bits(e->cval, to));
			return;
		}
		Op c = const_value(fs, e, to);
		move_slots(fs, dst, c.slot, c.n);
		op_release(fs, c);
		return;
	}
	Type *from = e->type;
	if (from == to || !to) {
		expr_into(fs, e, dst);
		return;
	}
	Op v = expr(fs, e);
	convert_value(fs, from, v.slot, to, dst);
	op_release(fs, v);
}

/* ---------------------------------------------------------------- places */

void place_keep(Place *p, int slot, int n)
{
	p->tmp[p->ntmp] = slot;
	p->tmpn[p->ntmp] = n;
	p->ntmp++;
}

void place_release(FS *fs, Place *p)
{
	for (int i = 0; i < p->ntmp; i++)
		slots_free(fs, p->tmp[i], p->tmpn[i]);
	p->ntmp = 0;
}

/* Turns a PL_SLOTS place into a pointer (LEA) so memory operations can reach it. */
static void place_to_mem(FS *fs, Place *p)
{
	if (p->kind != PL_SLOTS)
		return;
	int ptr = slots_alloc_n(fs, 1, CLS_PTR);
	emit(fs, OP_LEA, ptr, p->slot, 0);
	p->kind = PL_MEM;
	p->slot = ptr;
	place_keep(p, ptr, 1);
}

static void place_add_off(FS *fs, Place *p)
{
	/* fold a large offset into the pointer so LOADM's 16-bit offset suffices */
	if (p->kind == PL_MEM && p->off > 0xffff) {
		if (p->nilchk) {
			emit(fs, OP_NILCHK, p->slot, 0, 0);
			p->nilchk = false;
		}
		int ptr = slots_alloc_n(fs, 1, CLS_PTR);
		emit(fs, OP_ADDPTR, ptr, p->slot, 0);
		emitk(fs, p->off);
		p->slot = ptr;
		p->off = 0;
		place_keep(p, ptr, 1);
	}
}

static bool slot_direct(Type *t, uint32_t off)
{
	if (off % 8)
		return false;
	int mk = mem_kind(t);
	return mk == MK_64 || (mk == MK_BLK && t->size % 8 == 0);
}

Op place_load(FS *fs, Place *p)
{
	Type *t = p->t;
	if (p->kind == PL_VAR)
		return load_var(fs, p->var);
	if (p->kind == PL_SLOTS) {
		if (slot_direct(t, p->off))
			return (Op){p->slot + (int)(p->off / 8), (int)type_slots(t), false};
		Op r = temp(fs, t);
		emit(fs, OP_FLOAD, r.slot, p->slot, 0);
		emitk(fs, mk_imm_off(t, p->off));
		return r;
	}
	place_add_off(fs, p);
	Op r = temp(fs, t);
	if (mem_kind(t) == MK_64)
		emit(fs, OP_LOAD64, r.slot, p->slot, p->off);
	else {
		emit(fs, OP_LOADM, r.slot, p->slot, p->off);
		emitk(fs, mk_imm(t));
	}
	return r;
}

void place_store(FS *fs, Place *p, int src)
{
	Type *t = p->t;
	switch (p->kind) {
	case PL_BLANK: return;
	case PL_VAR: store_var(fs, p->var, src); return;
	case PL_MAP:
		emit(fs, OP_MAPSET, p->slot, p->key, src);
		emitk(fs, (uint64_t)(uintptr_t)p->t);
		return;
	case PL_SLOTS:
		if (slot_direct(t, p->off))
			move_slots(fs, p->slot + (int)(p->off / 8), src, (int)type_slots(t));
		else {
			emit(fs, OP_FSTORE, p->slot, src, 0);
			emitk(fs, mk_imm_off(t, p->off));
		}
		return;
	case PL_MEM:
		place_add_off(fs, p);
		if (mem_kind(t) == MK_64)
			emit(fs, t->ptrdata ? OP_STOREP : OP_STORE64, p->slot, src, p->off);
		else {
			emit(fs, OP_STOREM, p->slot, src, p->off);
			emitk(fs, mk_imm(t));
		}
		return;
	}
}

/* Pointer to the place (for &x, method receivers, slicing arrays). */
Op place_addr(FS *fs, Place *p)
{
	if (p->kind == PL_VAR) {
		Object *o = p->var;
		int ptr = slots_alloc_n(fs, 1, CLS_PTR);
		if (o->storage == VAR_HEAP)
			emit(fs, OP_MOVE, ptr, var_slot(fs, o), 0);
		else if (o->storage == VAR_GLOBAL) {
			emit(fs, OP_GADDR, ptr, 0, 0);
			emitk(fs, (uint64_t)o->slot);
		} else
			emit(fs, OP_LEA, ptr, var_slot(fs, o), 0);
		return (Op){ptr, 1, true};
	}
	place_to_mem(fs, p);
	if (p->nilchk) {
		emit(fs, OP_NILCHK, p->slot, 0, 0);
		p->nilchk = false;
	}
	int ptr = slots_alloc_n(fs, 1, CLS_PTR);
	if (p->off) {
		emit(fs, OP_ADDPTR, ptr, p->slot, 0);
		emitk(fs, p->off);
	} else {
		emit(fs, OP_MOVE, ptr, p->slot, 0);
	}
	return (Op){ptr, 1, true};
}

/* Follows one field step of a selector path from place p. */
void place_field(FS *fs, Place *p, Type *st, SelStep step)
{
	if (step.deref) {
		/* the value at p is a pointer: load it and continue in memory */
		Type *pt = st;
		Op ptr;
		p->t = pt;
		ptr = place_load(fs, p);
		int keep = slots_alloc_n(fs, 1, CLS_PTR);
		emit(fs, OP_MOVE, keep, ptr.slot, 0);
		op_release(fs, ptr);
		place_release(fs, p);
		p->kind = PL_MEM;
		p->slot = keep;
		p->off = 0;
		p->nilchk = true;
		place_keep(p, keep, 1);
		st = types_under(pt)->elem;
	}
	Type *su = types_under(st);
	StructField *f = &su->fields[step.index];
	p->off += f->offset;
	p->t = f->type;
}

/* Places of variables: locals are PL_SLOTS; heap cells and globals PL_MEM. */
static Place var_place(FS *fs, Object *o)
{
	Place p = {0};
	p.t = o->type;
	if (o->storage == VAR_LOCAL) {
		p.kind = PL_SLOTS;
		p.slot = var_slot(fs, o);
	} else if (o->storage == VAR_HEAP) {
		p.kind = PL_MEM;
		p.slot = var_slot(fs, o);
	} else {
		p.kind = PL_MEM;
		p.slot = slots_alloc_n(fs, 1, CLS_PTR);
		emit(fs, OP_GADDR, p.slot, 0, 0);
		emitk(fs, (uint64_t)o->slot);
		place_keep(&p, p.slot, 1);
	}
	return p;
}

/* A value that is not addressable, held in temporaries, as a place (for x.f of a call result). */
static Place value_place(FS *fs, Expr *e)
{
	Place p = {0};
	Op v = expr(fs, e);
	p.kind = PL_SLOTS;
	p.slot = v.slot;
	p.t = e->type;
	if (v.temp)
		place_keep(&p, v.slot, v.n);
	return p;
}

static Op index_value(FS *fs, Expr *e);

/* The place of an operand of a field or array selection: m[k] is a value there, not a place. */
Place sub_place(FS *fs, Expr *x)
{
	Expr *in = x;
	while (in->kind == E_PAREN)
		in = in->u.paren.x;
	if (in->kind == E_INDEX && types_under(in->u.index.x->type)->kind == K_MAP)
		return value_place(fs, x);
	return place_of(fs, x);
}

Place place_of(FS *fs, Expr *e)
{
	Place p = {0};
	switch (e->kind) {
	case E_PAREN: return place_of(fs, e->u.paren.x);
	case E_IDENT: {
		Object *o = e->u.ident.obj;
		if (!o) {
			p.kind = PL_BLANK;
			p.t = e->type;
			return p;
		}
		if (o->kind == OBJ_VAR)
			return var_place(fs, o);
		return value_place(fs, e);
	}
	case E_SELECTOR:
		if (e->u.sel.kind == SEL_PKG) {
			Object *o = e->u.sel.obj;
			if (o->kind == OBJ_VAR)
				return var_place(fs, o);
			return value_place(fs, e);
		}
		if (e->u.sel.kind == SEL_FIELD) {
			Expr *x = e->u.sel.x;
			Type *xt = x->type;
			if (types_under(xt)->kind == K_POINTER) {
				/* p.f: the pointer is a value; the field lives in memory */
				Op ptr = expr(fs, x);
				p.kind = PL_MEM;
				p.slot = ptr.slot;
				if (ptr.temp)
					place_keep(&p, ptr.slot, ptr.n);
				/* loads and stores check for nil themselves */
				p.nilchk = true;
				xt = types_under(xt)->elem;
				p.t = xt;
				for (int i = 0; i < e->u.sel.npath; i++) {
					SelStep st = e->u.sel.path[i];
					if (i == 0)
						st.deref = false;
					place_field(fs, &p, p.t, st);
				}
				return p;
			}
			p = sub_place(fs, x);
			for (int i = 0; i < e->u.sel.npath; i++)
				place_field(fs, &p, p.t, e->u.sel.path[i]);
			return p;
		}
		return value_place(fs, e);
	case E_STAR: {
		Op ptr = expr(fs, e->u.star.x);
		int keep = slots_alloc_n(fs, 1, CLS_PTR);
		emit(fs, OP_MOVE, keep, ptr.slot, 0);
		op_release(fs, ptr);
		emit(fs, OP_NILCHK, keep, 0, 0);
		p.kind = PL_MEM;
		p.slot = keep;
		p.t = e->type;
		place_keep(&p, keep, 1);
		return p;
	}
	case E_INDEX: {
		Expr *x = e->u.index.x;
		Type *xu = types_under(x->type);
		if (xu->kind == K_MAP) {
			Op m = expr(fs, x);
			int ms = slots_alloc_n(fs, 1, CLS_PTR);
			move_slots(fs, ms, m.slot, 1);
			op_release(fs, m);
			int ks = slots_alloc(fs, xu->key);
			expr_conv_into(fs, e->u.index.index, xu->key, ks);
			p.kind = PL_MAP;
			p.slot = ms;
			p.key = ks;
			p.t = x->type;
			place_keep(&p, ms, 1);
			place_keep(&p, ks, (int)type_slots(xu->key));
			return p;
		}
		if (xu->kind == K_SLICE || xu->kind == K_POINTER) {
			Type *et = xu->kind == K_SLICE ? xu->elem : types_under(xu->elem)->elem;
			Op base = expr(fs, x);
			int keep;
			if (xu->kind == K_SLICE) {
				uint8_t cls[3] = {CLS_PTR, CLS_SCALAR, CLS_SCALAR};
				(void)cls;
				keep = slots_alloc(fs, x->type);
			} else {
				keep = slots_alloc_n(fs, 1, CLS_PTR);
			}
			move_slots(fs, keep, base.slot, xu->kind == K_SLICE ? 3 : 1);
			op_release(fs, base);
			Op idx = expr(fs, e->u.index.index);
			int ptr = slots_alloc_n(fs, 1, CLS_PTR);
			if (xu->kind == K_SLICE) {
				emit(fs, OP_SIDXADDR, ptr, keep, idx.slot);
				emitk(fs, et->size);
			} else {
				Type *at = types_under(xu->elem);
				emit(fs, OP_IDXADDR, ptr, keep, idx.slot);
				emitk(fs, (uint64_t)et->size | ((uint64_t)at->len << 32));
			}
			op_release(fs, idx);
			slots_free(fs, keep, xu->kind == K_SLICE ? 3 : 1);
			p.kind = PL_MEM;
			p.slot = ptr;
			p.t = et;
			place_keep(&p, ptr, 1);
			return p;
		}
		if (xu->kind == K_ARRAY) {
			p = sub_place(fs, x);
			Type *et = xu->elem;
			Expr *ix = e->u.index.index;
			if (ix->mode == MODE_CONSTANT) {
				p.off += (uint32_t)(et->size * (uint64_t)ix->cval->i);
				p.t = et;
				return p;
			}
			Op idx = expr(fs, ix);
			int isl = slots_alloc_n(fs, 1, CLS_SCALAR);
			move_slots(fs, isl, idx.slot, 1);
			op_release(fs, idx);
			place_to_mem(fs, &p);
			int ptr = slots_alloc_n(fs, 1, CLS_PTR);
			if (p.off) {
				emit(fs, OP_ADDPTR, ptr, p.slot, 0);
				emitk(fs, p.off);
				emit(fs, OP_IDXADDR, ptr, ptr, isl);
			} else {
				emit(fs, OP_IDXADDR, ptr, p.slot, isl);
			}
			emitk(fs, (uint64_t)et->size | ((uint64_t)xu->len << 32));
			slots_free(fs, isl, 1);
			place_release(fs, &p);
			p.kind = PL_MEM;
			p.slot = ptr;
			p.off = 0;
			p.t = et;
			place_keep(&p, ptr, 1);
			return p;
		}
		return value_place(fs, e);
	}
	case E_COMPOSITE:
	default: return value_place(fs, e);
	}
}

void expr_into(FS *fs, Expr *e, int dst)
{
	if (e->kind == E_BINARY && e->mode != MODE_CONSTANT && !is_comparison(e->u.op.op) &&
	    e->u.op.op != T_LAND && e->u.op.op != T_LOR) {
		binary_to(fs, e, dst);
		return;
	}
	if (e->kind == E_SELECTOR && e->u.sel.kind == SEL_FIELD && mem_kind(e->type) == MK_64) {
		/* p.f of a word-sized field: load straight into dst */
		Place p = place_of(fs, e);
		if (p.kind == PL_MEM) {
			place_add_off(fs, &p);
			emit(fs, OP_LOAD64, dst, p.slot, p.off);
			place_release(fs, &p);
			return;
		}
		Op v = place_load(fs, &p);
		move_slots(fs, dst, v.slot, 1);
		op_release(fs, v);
		place_release(fs, &p);
		return;
	}
	Op v = expr(fs, e);
	move_slots(fs, dst, v.slot, (int)type_slots(e->type));
	op_release(fs, v);
}

/* ---------------------------------------------------------------- operators */

static int int_binop(TokenKind op, bool uns)
{
	switch (op) {
	case T_ADD:
	case T_ADD_ASSIGN: return OP_ADD;
	case T_SUB:
	case T_SUB_ASSIGN: return OP_SUB;
	case T_MUL:
	case T_MUL_ASSIGN: return OP_MUL;
	case T_QUO:
	case T_QUO_ASSIGN: return uns ? OP_DIVU : OP_DIV;
	case T_REM:
	case T_REM_ASSIGN: return uns ? OP_REMU : OP_REM;
	case T_AND:
	case T_AND_ASSIGN: return OP_AND;
	case T_OR:
	case T_OR_ASSIGN: return OP_OR;
	case T_XOR:
	case T_XOR_ASSIGN: return OP_XOR;
	case T_AND_NOT:
	case T_AND_NOT_ASSIGN: return OP_ANDNOT;
	case T_SHL:
	case T_SHL_ASSIGN: return OP_SHL;
	case T_SHR:
	case T_SHR_ASSIGN: return uns ? OP_SHRU : OP_SHR;
	default: return -1;
	}
}

/* dst = a op b for arithmetic on type t (not comparisons). */
static void arith(FS *fs, TokenKind op, Type *t, int dst, int a, int b)
{
	Type *u = types_under(t);
	if (u->kind == K_STRING) {
		emit(fs, OP_CONCAT, dst, a, b);
		return;
	}
	if (types_is_float(u)) {
		int o;
		switch (op) {
		case T_ADD:
		case T_ADD_ASSIGN: o = OP_FADD; break;
		case T_SUB:
		case T_SUB_ASSIGN: o = OP_FSUB; break;
		case T_MUL:
		case T_MUL_ASSIGN: o = OP_FMUL; break;
		default: o = OP_FDIV; break;
		}
		emit(fs, o, dst, a, b);
		if (u->kind == K_FLOAT32)
			emit(fs, OP_F32R, dst, dst, 0);
		return;
	}
	emit(fs, int_binop(op, types_is_unsigned(u)), dst, a, b);
	normalize_int(fs, t, dst);
}

/* dst = (a == b) for values of type t. */
static void equality(FS *fs, Type *t, int dst, int a, int b)
{
	Type *u = types_under(t);
	switch (u->kind) {
	case K_STRING: emit(fs, OP_STREQ, dst, a, b); return;
	case K_FLOAT32:
	case K_FLOAT64: emit(fs, OP_FEQ, dst, a, b); return;
	case K_INTERFACE:
		emit(fs, OP_IFACEEQ, dst, a, b);
		emitk(fs, (uint64_t)(uintptr_t)t);
		return;
	case K_STRUCT:
	case K_ARRAY:
		emit(fs, OP_EQMEM, dst, a, b);
		emitk(fs, (uint64_t)(uintptr_t)t);
		return;
	default: emit(fs, OP_EQ, dst, a, b);
	}
}

static bool is_nil(Expr *e)
{
	return e->type && types_under(e->type)->kind == K_UNTYPED_NIL;
}

/* Comparison x op y into a bool slot. */
static void comparison(FS *fs, Expr *e, int dst)
{
	TokenKind op = e->u.op.op;
	Expr *x = e->u.op.x, *y = e->u.op.y;
	if (is_nil(x)) {
		Expr *t = x;
		x = y;
		y = t;
	}
	Type *xt = x->type;
	if (is_nil(y) || (y->mode == MODE_CONSTANT && false)) {
		/* x == nil: compare the first word (pointer, map, func, slice data, interface tab) */
		Op v = expr(fs, x);
		int z = slots_alloc_n(fs, 1, CLS_SCALAR);
		emit(fs, OP_LOADI, z, 0, 0);
		emit(fs, op == T_EQL ? OP_EQ : OP_NE, dst, v.slot, z);
		slots_free(fs, z, 1);
		op_release(fs, v);
		return;
	}
	Type *yt = y->type;
	/* mixed interface/concrete comparison: convert the concrete side */
	Type *ct = xt;
	if (types_is_interface(xt) != types_is_interface(yt))
		ct = types_is_interface(xt) ? xt : yt;
	Op a, b;
	if (x->mode == MODE_CONSTANT)
		a = const_value(fs, x, ct);
	else if (xt != ct) {
		a = temp(fs, ct);
		expr_conv_into(fs, x, ct, a.slot);
	} else
		a = expr(fs, x);
	if (y->mode == MODE_CONSTANT)
		b = const_value(fs, y, ct);
	else if (yt != ct) {
		b = temp(fs, ct);
		expr_conv_into(fs, y, ct, b.slot);
	} else
		b = expr(fs, y);
	Type *u = types_under(ct);
	if (op == T_EQL || op == T_NEQ) {
		equality(fs, ct, dst, a.slot, b.slot);
		if (op == T_NEQ)
			emit(fs, OP_NOT, dst, dst, 0);
	} else if (u->kind == K_STRING) {
		emit(fs, OP_STRCMP, dst, a.slot, b.slot);
		int z = slots_alloc_n(fs, 1, CLS_SCALAR);
		emit(fs, OP_LOADI, z, 0, 0);
		switch (op) {
		case T_LSS: emit(fs, OP_LT, dst, dst, z); break;
		case T_LEQ: emit(fs, OP_LE, dst, dst, z); break;
		case T_GTR: emit(fs, OP_LT, dst, z, dst); break;
		default: emit(fs, OP_LE, dst, z, dst); break;
		}
		slots_free(fs, z, 1);
	} else if (types_is_float(u)) {
		switch (op) {
		case T_LSS: emit(fs, OP_FLT, dst, a.slot, b.slot); break;
		case T_LEQ: emit(fs, OP_FLE, dst, a.slot, b.slot); break;
		case T_GTR: emit(fs, OP_FLT, dst, b.slot, a.slot); break;
		default: emit(fs, OP_FLE, dst, b.slot, a.slot); break;
		}
	} else {
		bool uns = types_is_unsigned(u);
		int lt = uns ? OP_LTU : OP_LT, le = uns ? OP_LEU : OP_LE;
		switch (op) {
		case T_LSS: emit(fs, lt, dst, a.slot, b.slot); break;
		case T_LEQ: emit(fs, le, dst, a.slot, b.slot); break;
		case T_GTR: emit(fs, lt, dst, b.slot, a.slot); break;
		default: emit(fs, le, dst, b.slot, a.slot); break;
		}
	}
	op_release(fs, b);
	op_release(fs, a);
}

static bool is_comparison(TokenKind op)
{
	return op == T_EQL || op == T_NEQ || op == T_LSS || op == T_LEQ || op == T_GTR ||
	       op == T_GEQ;
}

static void push_patch(int **p, int *n, int *cap, int pc)
{
	VEC_PUSH(*p, *n, *cap, pc);
}

void cond_jump(FS *fs, Expr *e, bool jump_if, int **patches, int *np, int *cap)
{
	while (e->kind == E_PAREN)
		e = e->u.paren.x;
	if (e->mode == MODE_CONSTANT && e->cval->kind == CV_BOOL) {
		if (e->cval->b == jump_if)
			push_patch(patches, np, cap, emit(fs, OP_JMP, 0, 0, 0));
		return;
	}
	if (e->kind == E_UNARY && e->u.op.op == T_NOT) {
		cond_jump(fs, e->u.op.x, !jump_if, patches, np, cap);
		return;
	}
	if (e->kind == E_BINARY && (e->u.op.op == T_LAND || e->u.op.op == T_LOR)) {
		bool is_and = e->u.op.op == T_LAND;
		if (is_and != jump_if) {
			/* (a && b) jump if false: either false jumps; (a || b) jump if true */
			cond_jump(fs, e->u.op.x, jump_if, patches, np, cap);
			cond_jump(fs, e->u.op.y, jump_if, patches, np, cap);
		} else {
			int *skip = NULL, ns = 0, cs = 0;
			cond_jump(fs, e->u.op.x, !jump_if, &skip, &ns, &cs);
			cond_jump(fs, e->u.op.y, jump_if, patches, np, cap);
			for (int i = 0; i < ns; i++)
				patch_jump(fs, skip[i], here(fs));
		}
		return;
	}
	/* x == nil, x != nil: the first word decides (pointer, map, func, slice data, itab) */
	if (e->kind == E_BINARY && (e->u.op.op == T_EQL || e->u.op.op == T_NEQ) &&
	    (is_nil(e->u.op.x) || is_nil(e->u.op.y))) {
		Expr *v = is_nil(e->u.op.x) ? e->u.op.y : e->u.op.x;
		Op o = expr(fs, v);
		bool jump_if_nonnil = (e->u.op.op == T_NEQ) == jump_if;
		push_patch(patches, np, cap,
		           emit(fs, jump_if_nonnil ? OP_JT : OP_JF, o.slot, 0, 0));
		op_release(fs, o);
		return;
	}
	/* fused compare-and-jump for signed integers */
	if (e->kind == E_BINARY && is_comparison(e->u.op.op) && !is_nil(e->u.op.x) &&
	    !is_nil(e->u.op.y)) {
		Type *t = types_under(e->u.op.x->type);
		if (types_is_untyped(t))
			t = types_under(e->u.op.y->type);
		if (types_is_integer(t) && !types_is_unsigned(t) && !types_is_untyped(t)) {
			TokenKind op = e->u.op.op;
			if (!jump_if) {
				switch (op) {
				case T_EQL: op = T_NEQ; break;
				case T_NEQ: op = T_EQL; break;
				case T_LSS: op = T_GEQ; break;
				case T_LEQ: op = T_GTR; break;
				case T_GTR: op = T_LEQ; break;
				default: op = T_LSS; break;
				}
			}
			Expr *y = e->u.op.y;
			if (y->mode == MODE_CONSTANT && (op == T_LSS || op == T_GEQ) &&
			    y->cval->i >= -32768 && y->cval->i <= 32767) {
				Op a = expr(fs, e->u.op.x);
				int pc = emit(fs, op == T_LSS ? OP_JLTI : OP_JGEI, a.slot,
				              (uint16_t)(int16_t)y->cval->i, 0);
				op_release(fs, a);
				push_patch(patches, np, cap, pc);
				return;
			}
			Op a = e->u.op.x->mode == MODE_CONSTANT ? const_value(fs, e->u.op.x, t)
			                                        : expr(fs, e->u.op.x);
			Op b = y->mode == MODE_CONSTANT ? const_value(fs, y, t) : expr(fs, y);
			int pc;
			switch (op) {
			case T_LSS: pc = emit(fs, OP_JLT, a.slot, b.slot, 0); break;
			case T_LEQ: pc = emit(fs, OP_JLE, a.slot, b.slot, 0); break;
			case T_GTR: pc = emit(fs, OP_JLT, b.slot, a.slot, 0); break;
			case T_GEQ: pc = emit(fs, OP_JLE, b.slot, a.slot, 0); break;
			case T_EQL: pc = emit(fs, OP_JEQ, a.slot, b.slot, 0); break;
			default: pc = emit(fs, OP_JNE, a.slot, b.slot, 0); break;
			}
			op_release(fs, b);
			op_release(fs, a);
			push_patch(patches, np, cap, pc);
			return;
		}
	}
	Op v = expr(fs, e);
	push_patch(patches, np, cap, emit(fs, jump_if ? OP_JT : OP_JF, v.slot, 0, 0));
	op_release(fs, v);
}

static Op binary_to(FS *fs, Expr *e, int dst);

static Op binary(FS *fs, Expr *e)
{
	return binary_to(fs, e, -1);
}

/* x op y; the result goes to dst when dst >= 0 (no temporary), else to a new temporary. */
static Op binary_to(FS *fs, Expr *e, int dst)
{
	TokenKind op = e->u.op.op;
	if (op == T_LAND || op == T_LOR) {
		Op r = temp(fs, t_bool);
		int *p = NULL, n = 0, cap = 0;
		cond_jump(fs, e, false, &p, &n, &cap);
		emit(fs, OP_LOADI, r.slot, 1, 0);
		int j = emit(fs, OP_JMP, 0, 0, 0);
		for (int i = 0; i < n; i++)
			patch_jump(fs, p[i], here(fs));
		emit(fs, OP_LOADI, r.slot, 0, 0);
		patch_jump(fs, j, here(fs));
		return r;
	}
	if (is_comparison(op)) {
		Op r = temp(fs, t_bool);
		comparison(fs, e, r.slot);
		return r;
	}
	Type *t = e->type;
	Expr *x = e->u.op.x, *y = e->u.op.y;
	Type *tu = types_under(t);
	if ((op == T_ADD || op == T_SUB) && types_is_integer(tu) && y->mode == MODE_CONSTANT &&
	    x->mode != MODE_CONSTANT && y->cval->kind == CV_INT && y->cval->i > -32768 &&
	    y->cval->i < 32768) {
		/* x + k, x - k: one ADDI */
		int64_t k = (int64_t)y->cval->i;
		if (op == T_SUB)
			k = -k;
		Op a = expr(fs, x);
		op_release(fs, a);
		Op r = dst >= 0 ? (Op){dst, 1, false} : temp(fs, t);
		emit(fs, OP_ADDI, r.slot, a.slot, (uint16_t)(int16_t)k);
		normalize_int(fs, t, r.slot);
		return r;
	}
	Type *yt = (op == T_SHL || op == T_SHR) ? t_uint : t;
	Op a, b;
	if (expr_has_call(y) && !expr_has_call(x) && x->mode != MODE_CONSTANT) {
		/* as Go's compiler: the call runs before x is read (x + f() sees f's effect on x);
		 * y's result is moved out of the call's block before x is loaded */
		Op b0 = y->mode == MODE_CONSTANT ? const_value(fs, y, yt) : expr(fs, y);
		b = temp(fs, y->mode == MODE_CONSTANT ? yt : y->type);
		move_slots(fs, b.slot, b0.slot, b.n);
		op_release(fs, b0);
		a = expr(fs, x);
	} else {
		a = x->mode == MODE_CONSTANT ? const_value(fs, x, t) : expr(fs, x);
		b = y->mode == MODE_CONSTANT ? const_value(fs, y, yt) : expr(fs, y);
	}
	op_release(fs, b);
	op_release(fs, a);
	/* a negative signed shift count panics in SHL/SHR themselves */
	Op r = dst >= 0 ? (Op){dst, (int)type_slots(t), false} : temp(fs, t);
	arith(fs, op, t, r.slot, a.slot, b.slot);
	return r;
}

static Op unary(FS *fs, Expr *e)
{
	TokenKind op = e->u.op.op;
	Expr *x = e->u.op.x;
	if (op == T_ARROW)
		return chan_recv(fs, e, false);
	if (op == T_AND) {
		Expr *in = x;
		while (in->kind == E_PAREN)
			in = in->u.paren.x;
		if (in->kind == E_COMPOSITE) {
			/* &T{...}: allocate and fill in place */
			Type *t = in->type;
			Op r;
			if (!stack_new(fs, in, t, &r)) {
				r = (Op){slots_alloc_n(fs, 1, CLS_PTR), 1, true};
				emit(fs, OP_NEW, r.slot, 0, 0);
				emitk(fs, (uint64_t)(uintptr_t)t);
			}
			Type *tu = types_under(t);
			if (tu->kind == K_STRUCT || tu->kind == K_ARRAY) {
				Place p = {0};
				p.kind = PL_MEM;
				p.slot = r.slot;
				p.t = t;
				p.zeroed = true;
				composite_into_place(fs, in, &p);
				return r;
			}
			Op v = expr(fs, in);
			emit(fs, OP_STOREM, r.slot, v.slot, 0);
			emitk(fs, mk_imm(t));
			op_release(fs, v);
			return r;
		}
		Place p = place_of(fs, in);
		Op a = place_addr(fs, &p);
		place_release(fs, &p);
		return a;
	}
	Op v = expr(fs, x);
	op_release(fs, v);
	Op r = temp(fs, e->type);
	Type *u = types_under(e->type);
	switch (op) {
	case T_SUB:
		if (types_is_float(u))
			emit(fs, OP_FNEG, r.slot, v.slot, 0);
		else {
			emit(fs, OP_NEG, r.slot, v.slot, 0);
			normalize_int(fs, e->type, r.slot);
		}
		break;
	case T_XOR:
		emit(fs, OP_BNOT, r.slot, v.slot, 0);
		normalize_int(fs, e->type, r.slot);
		break;
	case T_NOT: emit(fs, OP_NOT, r.slot, v.slot, 0); break;
	case T_ADD: move_slots(fs, r.slot, v.slot, r.n); break;
	default: fail(e->pos, "unsupported unary operator");
	}
	return r;
}

/* ---------------------------------------------------------------- index, slice, assert */

static Op index_value(FS *fs, Expr *e)
{
	Expr *x = e->u.index.x;
	Type *xu = types_under(x->type);
	if (xu->kind == K_STRING) {
		Op s = expr(fs, x);
		Op i = expr(fs, e->u.index.index);
		op_release(fs, i);
		op_release(fs, s);
		Op r = temp(fs, t_uint8);
		emit(fs, OP_STRIDX, r.slot, s.slot, i.slot);
		return r;
	}
	if (xu->kind == K_MAP) {
		Op m = expr(fs, x);
		int k = slots_alloc(fs, xu->key);
		expr_conv_into(fs, e->u.index.index, xu->key, k);
		Op r = temp(fs, xu->elem);
		emit(fs, OP_MAPGET, r.slot, m.slot, k);
		emitk(fs, (uint64_t)(uintptr_t)x->type);
		slots_free(fs, k, (int)type_slots(xu->key));
		op_release(fs, m);
		return r;
	}
	if (xu->kind == K_SLICE && mem_kind(xu->elem) == MK_64) {
		Op s = expr(fs, x);
		Op i = expr(fs, e->u.index.index);
		op_release(fs, i);
		op_release(fs, s);
		Op r = temp(fs, xu->elem);
		emit(fs, OP_SGET64, r.slot, s.slot, i.slot);
		return r;
	}
	Place p = place_of(fs, e);
	Op v = place_load(fs, &p);
	if (!v.temp) {
		Op r = temp(fs, e->type);
		move_slots(fs, r.slot, v.slot, r.n);
		v = r;
	}
	place_release(fs, &p);
	return v;
}

static Op slice_expr(FS *fs, Expr *e)
{
	Expr *x = e->u.slice.x;
	Type *xu = types_under(x->type);
	int mode; /* 0 slice, 1 string, 2 pointer to array */
	Op src;
	Type *et;
	int64_t alen = 0;
	if (xu->kind == K_STRING) {
		mode = 1;
		src = expr(fs, x);
		et = t_uint8;
	} else if (xu->kind == K_SLICE) {
		mode = 0;
		src = expr(fs, x);
		et = xu->elem;
	} else {
		mode = 2;
		Type *at = xu->kind == K_POINTER ? types_under(xu->elem) : xu;
		et = at->elem;
		alen = at->len;
		if (xu->kind == K_POINTER)
			src = expr(fs, x);
		else {
			Place p = place_of(fs, x);
			src = place_addr(fs, &p);
			place_release(fs, &p);
		}
	}
	int idx = slots_alloc_n(fs, 3, CLS_SCALAR);
	if (e->u.slice.lo)
		expr_conv_into(fs, e->u.slice.lo, t_int, idx);
	else
		emit(fs, OP_LOADI, idx, 0, 0);
	if (e->u.slice.hi)
		expr_conv_into(fs, e->u.slice.hi, t_int, idx + 1);
	if (e->u.slice.max)
		expr_conv_into(fs, e->u.slice.max, t_int, idx + 2);
	Op r = temp(fs, e->type);
	uint64_t k = (uint64_t)mode | (e->u.slice.hi ? 4u : 0u) | (e->u.slice.max ? 8u : 0u) |
	             ((uint64_t)et->size << 8);
	emit(fs, OP_SLICE, r.slot, src.slot, idx);
	emitk(fs, k);
	emitk(fs, (uint64_t)alen);
	slots_free(fs, idx, 3);
	op_release(fs, src);
	return r;
}

static Op type_assert(FS *fs, Expr *e, bool commaok)
{
	Expr *x = e->u.assert.x;
	bool empty = types_is_empty_interface(x->type);
	Type *t = e->u.assert.type->type;
	Op v = expr(fs, x);
	int n = (int)type_slots(t);
	uint8_t cls[n + 2];
	type_classes(t, cls);
	cls[n] = CLS_SCALAR;
	int r = commaok ? slots_alloc_block(fs, cls, n + 1) : slots_alloc(fs, t);
	if (types_is_interface(t))
		emit(fs, OP_ASSERTI, r, v.slot, (commaok ? 1 : 0) | (empty ? 2 : 0));
	else
		emit(fs, OP_ASSERT, r, v.slot, (commaok ? 1 : 0) | (empty ? 2 : 0));
	emitk(fs, (uint64_t)(uintptr_t)t);
	op_release(fs, v);
	return (Op){r, n + (commaok ? 1 : 0), true};
}

/* ---------------------------------------------------------------- expressions */

Op expr(FS *fs, Expr *e)
{
	if (e->mode == MODE_CONSTANT)
		return const_value(fs, e, e->type);
	switch (e->kind) {
	case E_BAD:
		/* a value already in slots (used by statement lowering) */
		return (Op){(int)(intptr_t)e->u.lit.text, (int)type_slots(e->type), false};
	case E_PAREN: return expr(fs, e->u.paren.x);
	case E_IDENT: {
		Object *o = e->u.ident.obj;
		if (!o || o->kind == OBJ_NIL || types_under(e->type)->kind == K_UNTYPED_NIL) {
			Op r = temp(fs, e->type && types_under(e->type)->kind != K_UNTYPED_NIL
			                        ? e->type
			                        : t_unsafeptr);
			zero_slots(fs, r.slot, r.n);
			return r;
		}
		if (o->kind == OBJ_FUNC)
			return static_func(fs, o);
		return load_var(fs, o);
	}
	case E_SELECTOR:
		switch (e->u.sel.kind) {
		case SEL_PKG: {
			Object *o = e->u.sel.obj;
			if (o->kind == OBJ_FUNC)
				return static_func(fs, o);
			return load_var(fs, o);
		}
		case SEL_FIELD: {
			Place p = place_of(fs, e);
			Op v = place_load(fs, &p);
			if (!v.temp && p.ntmp) {
				Op r = temp(fs, e->type);
				move_slots(fs, r.slot, v.slot, r.n);
				v = r;
			}
			place_release(fs, &p);
			return v;
		}
		case SEL_METHOD:
		case SEL_IMETHOD: return method_value(fs, e);
		default: break;
		}
		break;
	case E_INDEX: return index_value(fs, e);
	case E_SLICE: return slice_expr(fs, e);
	case E_TYPEASSERT: return type_assert(fs, e, false);
	case E_CALL: return call_expr(fs, e);
	case E_STAR: {
		Op p = expr(fs, e->u.star.x);
		op_release(fs, p);
		Op r = temp(fs, e->type);
		if (mem_kind(e->type) == MK_64)
			emit(fs, OP_LOAD64, r.slot, p.slot, 0);
		else {
			emit(fs, OP_LOADM, r.slot, p.slot, 0);
			emitk(fs, mk_imm(e->type));
		}
		return r;
	}
	case E_UNARY: return unary(fs, e);
	case E_BINARY: return binary(fs, e);
	case E_COMPOSITE: return composite(fs, e);
	case E_FUNCLIT: return funclit(fs, e);
	default: break;
	}
	fail(e->pos, "expression not supported yet");
	return (Op){0, 0, false};
}

/* ---------------------------------------------------------------- assignment */

Op commaok_value(FS *fs, Expr *e)
{
	while (e->kind == E_PAREN)
		e = e->u.paren.x;
	if (e->kind == E_TYPEASSERT)
		return type_assert(fs, e, true);
	if (e->kind == E_UNARY && e->u.op.op == T_ARROW)
		return chan_recv(fs, e, true);
	if (e->kind == E_BAD) /* a received value with its ok bool after it (select) */
		return (Op){(int)(intptr_t)e->u.lit.text, (int)type_slots(e->type) + 1, false};
	if (e->kind == E_INDEX) {
		Expr *x = e->u.index.x;
		Type *xu = types_under(x->type);
		Op m = expr(fs, x);
		int k = slots_alloc(fs, xu->key);
		expr_conv_into(fs, e->u.index.index, xu->key, k);
		int n = (int)type_slots(xu->elem);
		uint8_t cls[n + 1];
		type_classes(xu->elem, cls);
		cls[n] = CLS_SCALAR;
		int r = slots_alloc_block(fs, cls, n + 1);
		emit(fs, OP_MAPGET2, r, m.slot, k);
		emitk(fs, (uint64_t)(uintptr_t)x->type);
		slots_free(fs, k, (int)type_slots(xu->key));
		op_release(fs, m);
		return (Op){r, n + 1, true};
	}
	fail(e->pos, "comma-ok form not supported");
	return (Op){0, 0, false};
}

static Place lhs_place(FS *fs, Expr *l)
{
	while (l->kind == E_PAREN)
		l = l->u.paren.x;
	if (l->kind == E_IDENT && !l->u.ident.obj) {
		Place p = {0};
		p.kind = PL_BLANK;
		return p;
	}
	if (l->kind == E_IDENT && l->u.ident.obj->kind == OBJ_VAR) {
		Place p = {0};
		p.kind = PL_VAR;
		p.var = l->u.ident.obj;
		p.t = p.var->type;
		return p;
	}
	if (l->kind == E_SELECTOR && l->u.sel.kind == SEL_PKG) {
		Place p = {0};
		p.kind = PL_VAR;
		p.var = l->u.sel.obj;
		p.t = p.var->type;
		return p;
	}
	return place_of(fs, l);
}

static Type *place_value_type(Place *p)
{
	if (p->kind == PL_MAP)
		return types_under(p->t)->elem;
	return p->t;
}

void assign_stmt(FS *fs, Stmt *s)
{
	int nl = s->u.assign.nlhs, nr = s->u.assign.nrhs;
	Expr **lhs = s->u.assign.lhs, **rhs = s->u.assign.rhs;
	TokenKind op = s->u.assign.op;
	if (op == T_DEFINE) {
		/* new variables are defined; existing ones assigned */
		bool *isnew = s->u.assign.is_new;
		if (nl == nr) {
			int tmp[nl];
			Type *ts[nl];
			for (int i = 0; i < nl; i++) {
				Object *o = lhs[i]->u.ident.obj;
				ts[i] = o ? o->type : rhs[i]->type;
				tmp[i] = slots_alloc(fs, ts[i]);
				expr_conv_into(fs, rhs[i], ts[i], tmp[i]);
			}
			for (int i = 0; i < nl; i++) {
				Object *o = lhs[i]->u.ident.obj;
				if (o) {
					if (isnew && isnew[i])
						define_var(fs, o, tmp[i]);
					else
						store_var(fs, o, tmp[i]);
				}
				slots_free(fs, tmp[i], (int)type_slots(ts[i]));
			}
			return;
		}
		Op v = nl == 2 && rhs[0]->type->kind != K_TUPLE ? commaok_value(fs, rhs[0])
		                                                : expr(fs, rhs[0]);
		int src = v.slot;
		for (int i = 0; i < nl; i++) {
			Type *st = rhs[0]->type->kind == K_TUPLE ? rhs[0]->type->results[i]
			                                         : (i == 0 ? rhs[0]->type : t_bool);
			Object *o = lhs[i]->u.ident.obj;
			if (o) {
				int t = slots_alloc(fs, o->type);
				convert_value(fs, st, src, o->type, t);
				if (isnew && isnew[i])
					define_var(fs, o, t);
				else
					store_var(fs, o, t);
				slots_free(fs, t, (int)type_slots(o->type));
			}
			src += (int)type_slots(st);
		}
		op_release(fs, v);
		return;
	}
	if (op != T_ASSIGN) {
		/* x op= y */
		Place p = lhs_place(fs, lhs[0]);
		Type *t = place_value_type(&p);
		Op cur;
		if (p.kind == PL_MAP) {
			cur = temp(fs, t);
			emit(fs, OP_MAPGET, cur.slot, p.slot, p.key);
			emitk(fs, (uint64_t)(uintptr_t)p.t);
		} else {
			cur = place_load(fs, &p);
		}
		Op y = rhs[0]->mode == MODE_CONSTANT
		               ? const_value(fs, rhs[0],
		                             (op == T_SHL_ASSIGN || op == T_SHR_ASSIGN) ? t_uint
		                                                                        : t)
		               : expr(fs, rhs[0]);
		int r = slots_alloc(fs, t);
		arith(fs, op, t, r, cur.slot, y.slot);
		op_release(fs, y);
		op_release(fs, cur);
		place_store(fs, &p, r);
		slots_free(fs, r, (int)type_slots(t));
		place_release(fs, &p);
		return;
	}
	if (nl == 1 && nr == 1) {
		Place p = lhs_place(fs, lhs[0]);
		Type *t = place_value_type(&p);
		if (p.kind == PL_BLANK) {
			Op v = expr(fs, rhs[0]);
			op_release(fs, v);
			return;
		}
		int v = slots_alloc(fs, t);
		expr_conv_into(fs, rhs[0], t, v);
		place_store(fs, &p, v);
		slots_free(fs, v, (int)type_slots(t));
		place_release(fs, &p);
		return;
	}
	/* tuple assignment: places, then values, then stores */
	Place ps[nl];
	for (int i = 0; i < nl; i++)
		ps[i] = lhs_place(fs, lhs[i]);
	if (nl == nr) {
		int tmp[nl];
		Type *ts[nl];
		for (int i = 0; i < nl; i++) {
			ts[i] = ps[i].kind == PL_BLANK ? rhs[i]->type : place_value_type(&ps[i]);
			if (types_is_untyped(ts[i]))
				ts[i] = rhs[i]->type;
			tmp[i] = slots_alloc(fs, ts[i]);
		}
		for (int pass = 0; pass < 2; pass++)
			for (int i = 0; i < nl; i++)
				if (expr_has_call(rhs[i]) == (pass == 0))
					expr_conv_into(fs, rhs[i], ts[i], tmp[i]);
		for (int i = 0; i < nl; i++) {
			place_store(fs, &ps[i], tmp[i]);
			slots_free(fs, tmp[i], (int)type_slots(ts[i]));
		}
	} else {
		Op v = rhs[0]->type->kind != K_TUPLE ? commaok_value(fs, rhs[0]) : expr(fs, rhs[0]);
		int src = v.slot;
		for (int i = 0; i < nl; i++) {
			Type *st = rhs[0]->type->kind == K_TUPLE ? rhs[0]->type->results[i]
			                                         : (i == 0 ? rhs[0]->type : t_bool);
			if (ps[i].kind != PL_BLANK) {
				Type *dt = place_value_type(&ps[i]);
				int t = slots_alloc(fs, dt);
				convert_value(fs, st, src, dt, t);
				place_store(fs, &ps[i], t);
				slots_free(fs, t, (int)type_slots(dt));
			}
			src += (int)type_slots(st);
		}
		op_release(fs, v);
	}
	for (int i = nl - 1; i >= 0; i--)
		place_release(fs, &ps[i]);
}

void incdec_stmt(FS *fs, Stmt *s)
{
	Place p = lhs_place(fs, s->u.incdec.x);
	Type *t = place_value_type(&p);
	Op cur;
	if (p.kind == PL_MAP) {
		cur = temp(fs, t);
		emit(fs, OP_MAPGET, cur.slot, p.slot, p.key);
		emitk(fs, (uint64_t)(uintptr_t)p.t);
	} else {
		cur = place_load(fs, &p);
	}
	int r = slots_alloc(fs, t);
	Type *u = types_under(t);
	if (types_is_float(u)) {
		int one = slots_alloc_n(fs, 1, CLS_SCALAR);
		emit(fs, OP_LOADK, one, 0, 0);
		emitk(fs, f64_slot(1.0));
		emit(fs, s->u.incdec.op == T_INC ? OP_FADD : OP_FSUB, r, cur.slot, one);
		if (u->kind == K_FLOAT32)
			emit(fs, OP_F32R, r, r, 0);
		slots_free(fs, one, 1);
	} else {
		emit(fs, OP_ADDI, r, cur.slot, s->u.incdec.op == T_INC ? 1 : (uint16_t)-1);
		normalize_int(fs, t, r);
	}
	op_release(fs, cur);
	place_store(fs, &p, r);
	slots_free(fs, r, 1);
	place_release(fs, &p);
}
