/*
 * compile_int.h - the compiler's internal state, shared by compile.c (functions, statements,
 * declarations), compile_expr.c (expressions, assignments, calls) and compile_iface.c
 * (interfaces, itabs and method wrappers). Not used outside lang/compile*.c.
 *
 * Register allocation: every value occupies type_slots(T) consecutive slots. Each slot gets a
 * class the first time it is used (pointer or scalar, from the type's pointer mask) and keeps
 * it for the whole function, which is what makes one bitmap per frame exact. A temporary is
 * placed at the lowest run of free slots whose classes fit; an argument block is placed above
 * every live slot, so that the callee's frame, which starts at the block, overlaps only dead
 * slots of the caller.
 */
#ifndef MINIRT_LANG_COMPILE_INT_H
#define MINIRT_LANG_COMPILE_INT_H

#include "arena.h"
#include "compile.h"
#include "diag.h"
#include "opcodes.h"

enum { CLS_NONE = 0, CLS_SCALAR = 1, CLS_PTR = 2 };

typedef struct Loop {
	Stmt *stmt;  /* the for/range/switch/select statement */
	int *breaks; /* pcs of jumps to patch to the end */
	int nbreaks, capb;
	int *conts; /* pcs of jumps to patch to the continue point */
	int nconts, capc;
	bool is_loop; /* continue applies */
	struct Loop *outer;
} Loop;

/* A value's location: slots [slot, slot+n). temp: owned by the expression, to be released. */
typedef struct Op {
	int slot;
	int n;
	bool temp;
} Op;

/* A frame object's block taken ahead of its site (frame_reserve). */
typedef struct FrameBlock {
	Expr *site;
	bool array; /* a slice's backing array (the site of &[]T{...} also has the slice itself) */
	int blk;
} FrameBlock;

typedef struct FS {
	Proto *p;
	FuncLitInfo *info;
	Package *pkg;
	const char *file;
	Type *sig;
	Instr *code;
	int ncode, capcode;
	LineEntry *lines;
	int nlines, caplines;
	int line;      /* current source line */
	uint8_t *cls;  /* slot classes */
	uint8_t *busy; /* slot in use */
	uint8_t *dirty; /* pointer slot written since the last block end zeroed it (stmt_block) */
	int nslots, capslots;
	Loop *loop;
	int result_base; /* first result slot */
	int nresult_slots;
	bool heap_results; /* some result lives in a heap cell: copy at return */
	int nfunclits;     /* counter for naming closures f.func1, f.func2 */
	int ndeferwraps;   /* counter for naming defer thunks f.deferwrap1 */
	int ngowraps; /* go statement thunks made so far (names main.f.gowrap1, ...) */
	int stack_obj_slots; /* slots taken by frame objects (stack_new, stack_slice) so far */
	FrameBlock *reserved; /* frame object blocks taken ahead of their sites (frame_reserve) */
	int nreserved, capreserved;
	int argdepth; /* call argument blocks being filled (call_expr) */
	const char *name;
	int *fallthrough_patch; /* pending fallthrough jump, -1 when none */
	struct FS *parent;
} FS;

/* compile.c */
int emit(FS *fs, int op, int a, int b, int c);
void emitk(FS *fs, uint64_t k);
int emit_jump(FS *fs, int op, int a); /* returns pc to patch */
void patch_jump(FS *fs, int pc, int target);
int here(FS *fs);
void set_line(FS *fs, Pos pos);
int slots_alloc(FS *fs, Type *t);
int slots_alloc_block(FS *fs, const uint8_t *cls, int n);
bool stack_new(FS *fs, Expr *site, Type *t, Op *out);
void frame_reserve(FS *fs, Expr *site, Type *t, int64_t count, bool array);
bool stack_slice(FS *fs, Expr *site, Type *elem, int64_t len, bool len_unsigned, int64_t cap, Op r);
int stack_closure(FS *fs, Expr *site, Type *ct);
int slots_alloc_n(FS *fs, int n, int cls);
void slots_free(FS *fs, int slot, int n);
void op_release(FS *fs, Op o);
void type_classes(Type *t, uint8_t *out); /* per-slot classes of a value of type t */
void fail(Pos pos, const char *msg);
const char *fs_file(FS *fs);
Proto *proto_of(Object *fn);
Proto *compile_funclit(FS *fs, Expr *e);
void stmt_block(FS *fs, Stmt **stmts, int n);
void proto_set_zero_end(Proto *p);
extern CompiledProgram *cur_prog;

/* compile_expr.c */
Op expr(FS *fs, Expr *e);
void expr_into(FS *fs, Expr *e, int dst);
void expr_conv_into(FS *fs, Expr *e, Type *to, int dst);
void convert_value(FS *fs, Type *from, int src, Type *to, int dst);
void cond_jump(FS *fs, Expr *e, bool jump_if, int **patches, int *np, int *cap);
void assign_stmt(FS *fs, Stmt *s);
void incdec_stmt(FS *fs, Stmt *s);
void define_var(FS *fs, Object *o,
                int src); /* allocates the variable and stores src (or zero if src<0) */
Op call_expr(FS *fs, Expr *e);
void move_slots(FS *fs, int dst, int src, int n);
void zero_slots(FS *fs, int dst, int n);
int var_slot(FS *fs, Object *o);
void store_var(FS *fs, Object *o, int src);
Op load_var(FS *fs, Object *o);
int mem_kind(Type *t);
uint64_t mk_imm(Type *t);
Op const_value(FS *fs, Expr *e, Type *t);
bool expr_has_call(Expr *e);

/* Places: where an addressable value lives (compile_expr.c explains them). */
typedef enum { PL_SLOTS, PL_MEM, PL_MAP, PL_BLANK, PL_VAR } PlaceKind;

typedef struct Place {
	PlaceKind kind;
	int slot; /* PL_SLOTS: first slot of the frame value; PL_MEM: pointer slot; PL_MAP: map */
	uint32_t off; /* byte offset */
	Type *t;      /* type of the value at the place */
	int key;      /* PL_MAP: key slot */
	Object *var;  /* PL_VAR: a variable (stored with store_var) */
	bool zeroed;  /* the destination is freshly zeroed memory: zero stores can be skipped */
	bool nilchk;  /* PL_MEM: the pointer was not checked yet; loads and stores check it
	                   themselves, taking the address must check first */
	int tmp[3];   /* temporaries to release */
	int tmpn[3];
	int ntmp;
} Place;

/* compile_expr.c and compile_call.c share these. */
Op temp(FS *fs, Type *t);
void load_int(FS *fs, int dst, uint64_t v);
void place_keep(Place *p, int slot, int n);
void place_release(FS *fs, Place *p);
Op place_load(FS *fs, Place *p);
void place_store(FS *fs, Place *p, int src);
Op place_addr(FS *fs, Place *p);
void place_field(FS *fs, Place *p, Type *st, SelStep step);
Place sub_place(FS *fs, Expr *x);
Place place_of(FS *fs, Expr *e);
void composite_into_place(FS *fs, Expr *e, Place *p);
Op composite(FS *fs, Expr *e);
Op funclit(FS *fs, Expr *e);
Op static_func(FS *fs, Object *fn);
Op method_value(FS *fs, Expr *e);

/* compile_call.c: channel operations (calls of lang/std/chan_natives.c's natives) */
Proto *chan_native(const char *name, uint32_t nparams, uint32_t nresults);
Op chan_recv(FS *fs, Expr *e, bool commaok); /* e is <-ch; commaok: the ok bool follows */
void chan_send(FS *fs, Stmt *s);
/* compile_expr.c: the value and ok bool of m[k], x.(T), <-ch (or a value in slots, E_BAD) */
Op commaok_value(FS *fs, Expr *e);

/* compile_iface.c */
void *box_tab(Type *from, Type *to); /* Type * for empty interfaces, Itab * otherwise */
Proto *method_value_wrapper(Method *m, Type *recv);
Proto *iface_method_code(Type *t, Lookup *lk);
Type *closure_type(const uint8_t *cls, int n);
void defer_stmt(FS *fs, Stmt *s);

#endif
