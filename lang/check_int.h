/*
 * check_int.h - what the parts of the type checker share: the Checker state, the per-function
 * state, and the functions one part calls in another. Only lang/check*.c include it.
 *
 * The checker is split by subject:
 *   check.c        program and package loading, declarations, type expressions, init order
 *   check_const.c  exact constant arithmetic, representability, operand and type spellings
 *   check_expr.c   expressions: operands, selectors, indexing, operators, composite literals
 *   check_call.c   calls, conversions and the builtin functions
 *   check_stmt.c   statements and function bodies
 *
 * Invariants (all parts keep them):
 *   - An expression whose mode is MODE_INVALID has type t_invalid and has been reported (or
 *     its operand was invalid): nothing reports a second error about it.
 *   - Untyped expressions stay untyped until the context that consumes them calls
 *     convert_untyped (or use_default); that pass writes the final type into the whole
 *     constant subtree (Go's updateExprType).
 */
#ifndef MINIRT_LANG_CHECK_INT_H
#define MINIRT_LANG_CHECK_INT_H

#include <stdbool.h>

#include "arena.h"
#include "check.h"
#include "diag.h"

/* Resolution state of a package-level object (go/types' object colours). */
typedef enum ResState {
	RES_TODO = 0, /* not looked at yet (white) */
	RES_BUSY,     /* its declaration is being checked (grey): meeting it again is a cycle */
	RES_DONE,     /* type (and value) known (black) */
} ResState;

/*
 * A package-level const, var, type or func of the package being checked: its declaration,
 * its resolution state, and the package-level objects its declaration refers to (for the
 * initialisation order).
 */
typedef struct DeclInfo {
	Object *obj;
	Decl *decl;
	int index; /* name index within decl (const and var specs) */
	int order; /* position in source order among the package's objects */
	ResState state;
	Object **deps; /* package-level vars, consts and funcs referred to (no duplicates) */
	int ndeps, capdeps;
	int mark;           /* scratch for the init-order walks */
	struct VarDeps *vd; /* init order: the variable's node (check.c) */
} DeclInfo;

/* A label of the function being checked. */
typedef struct Label {
	const char *name;
	Stmt *stmt; /* the S_LABELED statement */
	bool used;
} Label;

/* The innermost statements a break or continue may refer to. */
typedef struct Breakable {
	Stmt *stmt;        /* S_FOR, S_RANGE, S_SWITCH, S_TYPESWITCH, S_SELECT */
	const char *label; /* the label directly attached to it, or NULL */
	struct Breakable *outer;
} Breakable;

/* State of the function (declared or literal) whose body is being checked. */
typedef struct FuncState {
	FuncLitInfo *info;
	Type *sig;
	Expr **result_names; /* E_IDENT of named results, NULL entries when unnamed */
	bool named_results;
	struct FuncState *outer;
	Label *labels; /* every label of the body (labels have function scope) */
	int nlabels, caplabels;
	Breakable *breakables;
	int caplocals;   /* capacity of info->locals (VEC_PUSH) */
	int capcaptures; /* capacity of info->captures */
	int capcapture_pos; /* capacity of info->capture_pos */
} FuncState;

/* Pointer-keyed hash map from package-level objects to their DeclInfo. */
typedef struct DeclMap {
	Object **keys;
	DeclInfo **vals;
	int cap, n;
} DeclMap;

typedef struct Checker {
	Program *prog;
	Package *pkg;
	File *file;
	const char *filename; /* for messages */
	bool is_std;          /* a standard package: natives allowed */
	Scope *pkgscope;      /* package-level declarations */
	Scope *filescope;     /* imports; its parent is pkgscope */
	Scope *scope;         /* innermost scope at the current point */
	FuncState *fn;        /* function being checked, NULL at package level */
	DeclInfo *decl;       /* package-level declaration being checked: collects its deps */
	DeclMap declmap;
	DeclInfo **decls; /* every package-level object, source order */
	int ndecls, capdecls;
	bool in_const; /* checking a constant declaration: iota is valid */
	__int128 iota;
	struct MapKey {
		Type *key;
		Pos pos;
	} * mapkeys; /* map key types to check once every type is complete */
	int nmapkeys, capmapkeys;
} Checker;

/* ---------------------------------------------------------------- check.c */

void errorf(Checker *c, Pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
DeclInfo *decl_info(Checker *c, Object *o);
/* Makes sure a package-level object's type (and value) is known; records the dependency of
 * the declaration being checked on it. */
void use_object(Checker *c, Object *o);
/* Type expressions. */
Type *type_expr(Checker *c, Expr *e);
Type *func_type(Checker *c, Expr *ftype);
void check_map_key(Checker *c, Type *t, Pos pos);
/* Declares a variable in the current scope and its function's locals. */
Object *declare_var(Checker *c, Expr *name, Type *t);
/* Appends a variable to the locals of the function being checked (sets its owner). */
void add_local(Checker *c, Object *o);
void declare_object(Checker *c, Scope *s, Object *o, Pos pos);
void local_const_decl(Checker *c, Decl *d);
void local_type_decl(Checker *c, Decl *d);
void local_var_decl(Checker *c, Decl *d);
/* Checks a const spec's value i under the spec's iota; stores the result into obj. */
void const_spec_value(Checker *c, Decl *d, int i, Object *obj);
/* Fills types of 'var' spec objects from declared types and initial values. */
void var_spec(Checker *c, Decl *d, Object **objs);
void add_dep(Checker *c, Object *o);

/* ---------------------------------------------------------------- check_const.c */

ConstVal *cv_int(__int128 v);
ConstVal *cv_float(long double v);
ConstVal *cv_bool(bool b);
ConstVal *cv_string(const char *s, int64_t n);
/* The constant's value as Go's go/constant prints it (for messages). */
const char *cv_string_of(const ConstVal *v);
bool cv_is_zero(const ConstVal *v);
/* Representation of v in basic type t: *out receives the (rounded) value. Returns 0 when
 * representable, else REPR_OVERFLOW, REPR_TRUNCATED or REPR_INVALID. */
enum { REPR_OK = 0, REPR_OVERFLOW, REPR_TRUNCATED, REPR_INVALID };
int cv_represent(const ConstVal *v, Type *t, ConstVal **out);
/* Constant operations; they report "constant overflow" style errors themselves. */
ConstVal *cv_unary(Checker *c, TokenKind op, ConstVal *x, Type *t, Pos pos);
ConstVal *cv_binary(Checker *c, TokenKind op, ConstVal *x, ConstVal *y, bool intdiv, Pos pos);
ConstVal *cv_shift(Checker *c, TokenKind op, ConstVal *x, uint64_t n, Pos pos);
bool cv_compare(TokenKind op, const ConstVal *x, const ConstVal *y);
ConstVal *cv_to_int(const ConstVal *v); /* an integral float as an int, else NULL */
ConstVal *cv_to_float(const ConstVal *v);
bool cv_equal(const ConstVal *x, const ConstVal *y);
/* Spellings for messages, relative to the package being checked ("T" not "main.T"). */
const char *type_string(Checker *c, Type *t);
const char *expr_string(Expr *e);
const char *operand_string(Checker *c, Expr *e);

/* ---------------------------------------------------------------- check_expr.c */

/* Checks e; untyped results stay untyped. 'hint' is the type an elided composite literal
 * takes (NULL elsewhere). */
void check_raw(Checker *c, Expr *e, Type *hint);
/* A single value (errors for types, packages, builtins, no-value calls and tuples). */
void check_expr(Checker *c, Expr *e);
void check_expr_hint(Checker *c, Expr *e, Type *hint);
/* A single value or a multi-valued call (tuple type). */
void check_multi(Checker *c, Expr *e);
/* A value or a type. */
void check_expr_or_type(Checker *c, Expr *e);
/* An erroneous operand (already reported): callers stay silent about it. */
bool invalid(const Expr *e);
void set_invalid(Expr *e);
/* Gives an untyped expression its type from a context (or reports why it cannot). */
void convert_untyped(Checker *c, Expr *e, Type *target);
/* Gives an untyped expression its default type (nil is an error: "use of untyped nil in ctx"). */
void use_default(Checker *c, Expr *e, const char *context);
/* Writes type t into e and its untyped constant operands. */
void update_expr_type(Checker *c, Expr *e, Type *t);
/* Checks e (already checked) can be assigned to a variable of type t; reports
 * "cannot use e (...) as t value in <context>". */
bool assignment(Checker *c, Expr *e, Type *t, const char *context);
/* The variable a place expression ends in, when the place lives in that variable's own
 * storage (x, x.f, x[i] of an array, (x)): &e, x.M() with pointer methods, x[:] mark it. */
void mark_addr_taken(Expr *e);
/* Checks a comparison, also used by switch cases. */
void check_comparison(Checker *c, Expr *e, Expr *x, Expr *y, TokenKind op, Pos pos);
/* An index operand: integer, non-negative, below 'max' when max >= 0. Returns the constant
 * value, -1 for a valid non-constant index, -2 after an error. */
int64_t check_index(Checker *c, Expr *idx, int64_t max);
void check_funclit(Checker *c, Expr *e);
/* Checks 'x op y' into the scratch node (op-assignments: 'x op= y'). */
void check_binary_op(Checker *c, Expr *scratch, Expr *x, Expr *y, TokenKind op);
/* Identifiers on the left of '=': resolve without marking the variable used. */
void check_lhs(Checker *c, Expr *e);
bool is_blank(const Expr *e);
Type *tuple_empty(void);

/* ---------------------------------------------------------------- check_call.c */

void check_call(Checker *c, Expr *e, Type *hint);
void check_conversion(Checker *c, Expr *e, Type *t);

/* ---------------------------------------------------------------- check_stmt.c */

/* Checks a function body in the current scope (the function's outermost scope, params
 * already declared). */
void check_func_body(Checker *c, FuncState *fs, Stmt *body);
/* Declares parameters and results of a function in scope s; fills info->locals. */
void declare_params(Checker *c, FuncLitInfo *info, Field *recv, Type *recvtype, Expr *ftype,
                    Type *sig, Expr ***result_names, bool *named);
void report_unused(Checker *c, FuncLitInfo *info);

#endif
