/*
 * ast.h - the syntax tree shared by the parser, the type checker, escape analysis and the
 * compiler.
 *
 * The parser builds it (lang/parser.c); the checker (lang/types.c) fills the fields marked
 * "checker" in place; the compiler (lang/compile.c) reads both. Nothing here is freed one by one:
 * every node lives in the compilation's arena (lang/arena.h) and dies with it.
 *
 * The shapes follow Go's go/ast closely, so a reader who knows go/ast knows this file:
 *   Expr  - expressions and type expressions (Go makes no syntactic difference between them)
 *   Stmt  - statements
 *   Decl  - top-level and local declarations (const, var, type, func)
 *   File  - one source file (a package here is exactly one file)
 *
 * Invariants:
 *   - Every node carries the position of its first token (1-based line and column, in bytes).
 *   - Lists are arrays with a count (NodeList-style vectors), never linked lists.
 *   - A field is NULL when the syntax is absent (an if without else, a for without a condition).
 */
#ifndef MINIRT_LANG_AST_H
#define MINIRT_LANG_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Pos {
	int line; /* 1-based */
	int col;  /* 1-based, in bytes */
} Pos;

typedef struct Expr Expr;
typedef struct Stmt Stmt;
typedef struct Decl Decl;
typedef struct Field Field;
typedef struct FuncLitInfo FuncLitInfo;

/* Defined in lang/types.h; the AST only points at them. */
typedef struct Type Type;
typedef struct Object Object;
typedef struct ConstVal ConstVal;
typedef struct Scope Scope;

/* Token kinds, shared by the lexer and the parser (operators appear in Expr.op). */
#define TOKEN_LIST(X)                        \
	X(T_EOF, "EOF")                      \
	X(T_IDENT, "identifier")             \
	X(T_INT, "integer literal")          \
	X(T_FLOAT, "floating-point literal") \
	X(T_IMAG, "imaginary literal")       \
	X(T_CHAR, "rune literal")            \
	X(T_STRING, "string literal")        \
	X(T_ADD, "+")                        \
	X(T_SUB, "-")                        \
	X(T_MUL, "*")                        \
	X(T_QUO, "/")                        \
	X(T_REM, "%")                        \
	X(T_AND, "&")                        \
	X(T_OR, "|")                         \
	X(T_XOR, "^")                        \
	X(T_SHL, "<<")                       \
	X(T_SHR, ">>")                       \
	X(T_AND_NOT, "&^")                   \
	X(T_ADD_ASSIGN, "+=")                \
	X(T_SUB_ASSIGN, "-=")                \
	X(T_MUL_ASSIGN, "*=")                \
	X(T_QUO_ASSIGN, "/=")                \
	X(T_REM_ASSIGN, "%=")                \
	X(T_AND_ASSIGN, "&=")                \
	X(T_OR_ASSIGN, "|=")                 \
	X(T_XOR_ASSIGN, "^=")                \
	X(T_SHL_ASSIGN, "<<=")               \
	X(T_SHR_ASSIGN, ">>=")               \
	X(T_AND_NOT_ASSIGN, "&^=")           \
	X(T_LAND, "&&")                      \
	X(T_LOR, "||")                       \
	X(T_ARROW, "<-")                     \
	X(T_INC, "++")                       \
	X(T_DEC, "--")                       \
	X(T_EQL, "==")                       \
	X(T_LSS, "<")                        \
	X(T_GTR, ">")                        \
	X(T_ASSIGN, "=")                     \
	X(T_NOT, "!")                        \
	X(T_NEQ, "!=")                       \
	X(T_LEQ, "<=")                       \
	X(T_GEQ, ">=")                       \
	X(T_DEFINE, ":=")                    \
	X(T_ELLIPSIS, "...")                 \
	X(T_LPAREN, "(")                     \
	X(T_LBRACK, "[")                     \
	X(T_LBRACE, "{")                     \
	X(T_COMMA, ",")                      \
	X(T_PERIOD, ".")                     \
	X(T_RPAREN, ")")                     \
	X(T_RBRACK, "]")                     \
	X(T_RBRACE, "}")                     \
	X(T_SEMICOLON, ";")                  \
	X(T_COLON, ":")                      \
	X(T_TILDE, "~")                      \
	X(T_BREAK, "break")                  \
	X(T_CASE, "case")                    \
	X(T_CHAN, "chan")                    \
	X(T_CONST, "const")                  \
	X(T_CONTINUE, "continue")            \
	X(T_DEFAULT, "default")              \
	X(T_DEFER, "defer")                  \
	X(T_ELSE, "else")                    \
	X(T_FALLTHROUGH, "fallthrough")      \
	X(T_FOR, "for")                      \
	X(T_FUNC, "func")                    \
	X(T_GO, "go")                        \
	X(T_GOTO, "goto")                    \
	X(T_IF, "if")                        \
	X(T_IMPORT, "import")                \
	X(T_INTERFACE, "interface")          \
	X(T_MAP, "map")                      \
	X(T_PACKAGE, "package")              \
	X(T_RANGE, "range")                  \
	X(T_RETURN, "return")                \
	X(T_SELECT, "select")                \
	X(T_STRUCT, "struct")                \
	X(T_SWITCH, "switch")                \
	X(T_TYPE, "type")                    \
	X(T_VAR, "var")

typedef enum TokenKind {
#define X(name, text) name,
	TOKEN_LIST(X)
#undef X
	        T_COUNT
} TokenKind;

/* The spelling of a token kind, for messages: "+", "identifier", "func". */
const char *token_text(TokenKind k);

/* ---------------------------------------------------------------- expressions */

typedef enum ExprKind {
	E_BAD,       /* placeholder after a syntax error */
	E_IDENT,     /* name; "_" is the blank identifier */
	E_BASICLIT,  /* lit.kind is T_INT, T_FLOAT, T_IMAG, T_CHAR or T_STRING */
	E_COMPOSITE, /* composite.type{elts}; type may be NULL when elided inside another literal */
	E_FUNCLIT,   /* func(params) results { body } */
	E_PAREN,     /* (x) */
	E_SELECTOR,  /* x.sel */
	E_INDEX,     /* x[index] (also a generic instantiation attempt, rejected by the checker) */
	E_SLICE,     /* x[lo:hi] or x[lo:hi:max] */
	E_TYPEASSERT, /* x.(type); type == NULL for x.(type) in a type switch guard */
	E_CALL,       /* fun(args) or fun(args...) */
	E_STAR,       /* *x: dereference or pointer type */
	E_UNARY,      /* op x: + - ! ^ & <- */
	E_BINARY,     /* x op y */
	E_KEYVALUE,   /* key: value inside a composite literal */
	/* type expressions */
	E_ARRAYTYPE, /* [len]elem, len == NULL for a slice type, len is E_ELLIPSISLEN for [...]T */
	E_ELLIPSISLEN,   /* the "..." in [...]T */
	E_STRUCTTYPE,    /* struct { fields } */
	E_FUNCTYPE,      /* func(params) results */
	E_INTERFACETYPE, /* interface { methods and embedded interfaces } */
	E_MAPTYPE,       /* map[key]value */
	E_CHANTYPE,      /* chan T, <-chan T, chan<- T */
	E_ELLIPSIS,      /* ...T as the type of a final variadic parameter */
} ExprKind;

typedef enum ChanDir {
	CHAN_BOTH = 3,
	CHAN_SEND = 1, /* chan<- T */
	CHAN_RECV = 2, /* <-chan T */
} ChanDir;

/*
 * What the checker found an expression to be. The compiler switches on this rather than on
 * the syntax where the two differ (a call that is really a conversion, a selector that is a
 * package member).
 */
typedef enum ExprMode {
	MODE_INVALID = 0, /* not checked, or erroneous */
	MODE_NOVALUE,     /* a call with no results */
	MODE_VALUE,       /* a computed value */
	MODE_VARIABLE, /* an addressable value (local, global, *p, a[i] of an addressable array, s[i]) */
	MODE_MAPINDEX, /* m[k]: assignable, not addressable, can be comma-ok */
	MODE_COMMAOK,  /* x.(T), <-ch: can be used in a comma-ok assignment */
	MODE_CONSTANT, /* a constant; Expr.cval holds its value */
	MODE_TYPE,     /* a type expression; Expr.type is the type */
	MODE_BUILTIN,  /* the name of a builtin function (only valid as a call's fun) */
	MODE_PACKAGE,  /* the name of an imported package (only valid left of a selector) */
} ExprMode;

/* How a selector x.sel was resolved (checker). */
typedef enum SelKind {
	SEL_NONE = 0,
	SEL_PKG,    /* pkg.Name: Expr.sel.obj is the package member */
	SEL_FIELD,  /* x.f: a (possibly promoted) struct field */
	SEL_METHOD, /* x.M: a (possibly promoted) concrete method, called or as a method value */
	SEL_IMETHOD, /* x.M where x is an interface: Expr.sel.index is the method's index in the interface */
} SelKind;

/*
 * One step of an embedded-field path: field number 'index' of the struct reached so far,
 * after dereferencing the value first when 'deref' is set (the value is a pointer to struct).
 * x.f with f promoted from x.A.B.f is the path [A, B, f].
 */
typedef struct SelStep {
	int index;  /* field number in the struct type reached so far */
	bool deref; /* the value reached so far is a pointer: follow it before selecting */
} SelStep;

/* Which builtin a MODE_BUILTIN identifier names (checker fills Expr.call.builtin for calls). */
typedef enum Builtin {
	BI_NONE = 0,
	BI_APPEND,
	BI_CAP,
	BI_CLEAR,
	BI_CLOSE,
	BI_COPY,
	BI_DELETE,
	BI_LEN,
	BI_MAKE,
	BI_MAX,
	BI_MIN,
	BI_NEW,
	BI_PANIC,
	BI_PRINT,
	BI_PRINTLN,
	BI_RECOVER,
} Builtin;

struct Expr {
	ExprKind kind;
	Pos pos;

	/* checker: the expression's type after checking (for an untyped constant, the type it
	 * finally takes from its context; an untyped constant with no context gets its default
	 * type). For MODE_TYPE, the denoted type. For a multi-valued call, a tuple type. */
	Type *type;
	ExprMode mode;  /* checker */
	ConstVal *cval; /* checker: value when mode == MODE_CONSTANT */
	bool esc_addr_site; /* escape analysis: a composite literal whose address is taken (&T{}) */

	union {
		struct {                  /* E_IDENT */
			const char *name; /* interned: equal names are equal pointers */
			Object *obj;      /* checker: what it resolves to (NULL for "_") */
		} ident;
		struct {                  /* E_BASICLIT */
			TokenKind kind;   /* T_INT, T_FLOAT, T_IMAG, T_CHAR, T_STRING */
			const char *text; /* the literal's source text, NUL-terminated */
		} lit;
		struct {             /* E_COMPOSITE */
			Expr *type;  /* NULL when elided (an element of an enclosing literal) */
			Expr **elts; /* elements; E_KEYVALUE for keyed elements */
			int nelts;
			Pos lbrace, rbrace;
		} composite;
		struct {                   /* E_FUNCLIT */
			Expr *type;        /* E_FUNCTYPE */
			Stmt *body;        /* S_BLOCK */
			FuncLitInfo *info; /* checker: captured variables */
		} funclit;
		struct { /* E_PAREN */
			Expr *x;
		} paren;
		struct { /* E_SELECTOR */
			Expr *x;
			const char *name; /* interned */
			Pos namepos;
			SelKind kind;  /* checker */
			Object *obj;   /* checker: SEL_PKG member, or the method's func object */
			SelStep *path; /* checker: SEL_FIELD and SEL_METHOD: embedded steps; for
			                     SEL_FIELD the last step is the field itself */
			int npath;
			int index;     /* checker: SEL_IMETHOD: index of the method in the
			                     interface's method list (sorted by name) */
			bool addr;     /* checker: SEL_METHOD: the receiver must be taken by
			                     address (&x) to call a pointer method */
			bool deref;    /* checker: SEL_METHOD: the receiver must be dereferenced
			                     (*x) to call a value method */
			bool is_value; /* checker: a method value (x.M not called) */
		} sel;
		struct { /* E_INDEX */
			Expr *x;
			Expr *index;
			Pos lbrack;
		} index;
		struct { /* E_SLICE */
			Expr *x;
			Expr *lo, *hi, *max; /* each may be NULL */
			bool three;          /* x[lo:hi:max] */
			Pos lbrack;
		} slice;
		struct { /* E_TYPEASSERT */
			Expr *x;
			Expr *type; /* NULL for x.(type) */
		} assert;
		struct { /* E_CALL */
			Expr *fun;
			Expr **args;
			int nargs;
			bool has_ellipsis; /* f(a, b...) */
			Pos lparen, rparen;
			Builtin builtin;    /* checker: set when fun is a builtin */
			bool conversion;    /* checker: T(x) */
			bool variadic_pack; /* checker: the call packs trailing args into a slice */
		} call;
		struct { /* E_STAR */
			Expr *x;
		} star;
		struct { /* E_UNARY and E_BINARY */
			TokenKind op;
			Expr *x;
			Expr *y; /* E_BINARY only */
			Pos oppos;
		} op;
		struct { /* E_KEYVALUE */
			Expr *key;
			Expr *value;
		} kv;
		struct {           /* E_ARRAYTYPE */
			Expr *len; /* NULL for slice types */
			Expr *elem;
		} array;
		struct { /* E_STRUCTTYPE */
			Field *fields;
			int nfields;
		} strct;
		struct { /* E_FUNCTYPE */
			Field *params;
			int nparams;
			Field *results;
			int nresults;
		} func;
		struct { /* E_INTERFACETYPE: names == NULL (nnames 0) in a Field means embedded */
			Field *methods;
			int nmethods;
		} iface;
		struct { /* E_MAPTYPE */
			Expr *key;
			Expr *value;
		} map;
		struct { /* E_CHANTYPE */
			ChanDir dir;
			Expr *elem;
		} chan;
		struct { /* E_ELLIPSIS */
			Expr *elem;
		} ellipsis;
	} u;
};

/*
 * A field list entry: struct fields, function parameters and results, interface methods.
 * 'a, b int' is one Field with two names. An embedded struct field or an embedded interface has
 * no names; an unnamed parameter has no names either.
 */
struct Field {
	Pos pos;
	Expr **names; /* E_IDENT nodes; NULL/0 when unnamed or embedded */
	int nnames;
	Expr *type;      /* for interface methods, an E_FUNCTYPE */
	const char *tag; /* struct tag text or NULL (ignored) */
};

/* ---------------------------------------------------------------- statements */

typedef enum StmtKind {
	S_BAD,
	S_DECL, /* a const, var or type declaration inside a function */
	S_EMPTY,
	S_LABELED, /* label: stmt */
	S_EXPR,    /* an expression used as a statement (calls, receives) */
	S_SEND,    /* ch <- v */
	S_INCDEC,  /* x++ / x-- */
	S_ASSIGN,  /* lhs op rhs: op is T_ASSIGN, T_DEFINE or an op-assign token */
	S_GO,
	S_DEFER,
	S_RETURN,
	S_BRANCH, /* break, continue, goto, fallthrough (with optional label) */
	S_BLOCK,
	S_IF,
	S_CASE,   /* a case clause of an expression or type switch */
	S_SWITCH, /* expression switch */
	S_TYPESWITCH,
	S_COMM, /* a case clause of a select */
	S_SELECT,
	S_FOR,
	S_RANGE,
} StmtKind;

struct Stmt {
	StmtKind kind;
	Pos pos;
	union {
		Decl *decl; /* S_DECL */
		struct {    /* S_LABELED */
			const char *label;
			Stmt *stmt;
			bool used; /* checker */
		} labeled;
		struct { /* S_EXPR */
			Expr *x;
		} expr;
		struct { /* S_SEND */
			Expr *chan;
			Expr *value;
			Pos arrow; /* the <- */
		} send;
		struct { /* S_INCDEC */
			Expr *x;
			TokenKind op; /* T_INC or T_DEC */
		} incdec;
		struct { /* S_ASSIGN */
			Expr **lhs;
			int nlhs;
			Expr **rhs;
			int nrhs;
			TokenKind op; /* T_ASSIGN, T_DEFINE, T_ADD_ASSIGN, ... */
			Pos oppos;    /* the = or := (plain assignments) */
			bool *is_new; /* checker: for T_DEFINE, which lhs names are newly declared */
		} assign;
		struct {            /* S_GO and S_DEFER */
			Expr *call; /* E_CALL */
		} call;
		struct { /* S_RETURN */
			Expr **results;
			int nresults;
		} ret;
		struct {                   /* S_BRANCH */
			TokenKind tok;     /* T_BREAK, T_CONTINUE, T_GOTO, T_FALLTHROUGH */
			const char *label; /* NULL when absent */
			Stmt *target;      /* checker: the statement broken out of / continued
			                     (S_FOR, S_RANGE, S_SWITCH, S_TYPESWITCH, S_SELECT) */
		} branch;
		struct { /* S_BLOCK */
			Stmt **stmts;
			int nstmts;
			Pos rbrace;
		} block;
		struct {            /* S_IF */
			Stmt *init; /* may be NULL */
			Expr *cond;
			Stmt *then; /* S_BLOCK */
			Stmt *els;  /* NULL, S_BLOCK or S_IF */
		} ifs;
		struct {             /* S_CASE */
			Expr **list; /* NULL/0 for default */
			int nlist;
			Stmt **body;
			int nbody;
			Object *tsvar; /* checker: type switch: the clause's own 'v' in 'switch v := x.(type)' */
		} clause;
		struct {                /* S_SWITCH */
			Stmt *init;     /* may be NULL */
			Expr *tag;      /* NULL for a tagless switch */
			Stmt **clauses; /* S_CASE */
			int nclauses;
		} swtch;
		struct {                /* S_TYPESWITCH */
			Stmt *init;     /* may be NULL */
			Expr *bindname; /* E_IDENT 'v' in 'v := x.(type)', or NULL */
			Expr *x;        /* the x in x.(type) */
			Stmt **clauses; /* S_CASE */
			int nclauses;
		} tswitch;
		struct { /* S_COMM */
			Stmt *comm; /* S_SEND, S_EXPR (<-ch), S_ASSIGN (v, ok := <-ch / v = <-ch); NULL for default */
			Stmt **body;
			int nbody;
		} comm;
		struct {                /* S_SELECT */
			Stmt **clauses; /* S_COMM */
			int nclauses;
		} select;
		struct {            /* S_FOR */
			Stmt *init; /* may be NULL */
			Expr *cond; /* may be NULL */
			Stmt *post; /* may be NULL */
			Stmt *body; /* S_BLOCK */
			Object **
			        loopvars; /* checker: variables declared by init (per-iteration copies, Go 1.22) */
			int nloopvars;
		} fors;
		struct
		{ /* S_RANGE: for key, value := range x / for key, value = range x / for range x */
			Expr *key;   /* may be NULL */
			Expr *value; /* may be NULL */
			bool define; /* := rather than = */
			Expr *x;
			Stmt *body; /* S_BLOCK */
		} range;
	} u;
};

/* ---------------------------------------------------------------- declarations */

typedef enum DeclKind {
	D_BAD,
	D_IMPORT,
	D_CONST,
	D_VAR,
	D_TYPE,
	D_FUNC,
} DeclKind;

/*
 * One spec of a const/var/type/import declaration. A parenthesised group yields one Decl per
 * spec, all with the same 'group' number, so the checker can apply const's implicit repetition
 * and iota: a const spec with no type and no values repeats the previous spec's expressions
 * (the parser copies them into 'values' and sets 'implicit').
 */
struct Decl {
	DeclKind kind;
	Pos pos;
	int group; /* specs of one parenthesised declaration share a group number */
	union {
		struct {                  /* D_IMPORT */
			const char *name; /* explicit local name, or NULL */
			const char *path; /* unquoted path, e.g. "unicode/utf8" */
			Pos pathpos;
		} import;
		struct {              /* D_CONST and D_VAR */
			Expr **names; /* E_IDENT */
			int nnames;
			Expr *type; /* may be NULL */
			Expr **values;
			int nvalues;
			int iota;      /* D_CONST: index of the spec in its group */
			bool implicit; /* D_CONST: values repeated from an earlier spec */
			Object **objs; /* checker */
		} value;
		struct {            /* D_TYPE */
			Expr *name; /* E_IDENT */
			Expr *type;
			bool alias;     /* type A = B */
			Field *tparams; /* type parameters (rejected) or NULL */
			int ntparams;
			Object *obj; /* checker */
		} type;
		struct {             /* D_FUNC */
			Field *recv; /* NULL for functions */
			Expr *name;  /* E_IDENT */
			Expr *type;  /* E_FUNCTYPE */
			Stmt *body;  /* S_BLOCK, or NULL for a declaration without body (natives) */
			Field *tparams; /* type parameters (rejected) or NULL */
			int ntparams;
			Object *obj;       /* checker: the function or method object */
			FuncLitInfo *info; /* checker: locals, for the compiler */
		} func;
	} u;
};

/* checker: what a function (declared or literal) needs from the compiler's point of view. */
struct FuncLitInfo {
	Object **captures; /* variables of enclosing functions that this function refers to */
	Pos *capture_pos;  /* where each is first referred to (escape analysis explanations) */
	int ncaptures;
	Object **locals; /* every variable declared in this function (params and results first) */
	int nlocals;
	Type *sig;          /* the function's signature type */
	FuncLitInfo *outer; /* the enclosing function, NULL for top-level functions */
	bool has_defer;
	bool esc_nostack;        /* escape analysis: over its frame budget, keeps everything on the heap */
	long long esc_frame_bytes; /* escape analysis: what it would keep in its frame */
	bool has_recover_call; /* calls recover() directly */
};

typedef struct File {
	const char *filename; /* as given on the command line (used in messages) */
	const char *pkgname;
	Pos pkgpos;
	Decl **decls;
	int ndecls;
	Decl **imports; /* also present in decls */
	int nimports;
} File;

#endif
