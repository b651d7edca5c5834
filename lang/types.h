/*
 * types.h - types, objects, scopes and constants: the type checker's model, and at the same time
 * the runtime type descriptors the VM and the collector read.
 *
 * One struct serves both roles so there is nothing to translate: the checker builds a Type for
 * every type in the program, computes its size, alignment and pointer mask as Go's compiler
 * does, and the compiled code points at the same Type when it allocates (mallocgc(type, ...)),
 * boxes a value into an interface or asserts one out of it.
 *
 * Type identity is pointer identity. Named types are distinct by construction; unnamed
 * (composite) types are hash-consed by their structure (types_slice(elem) returns the same Type
 * for the same elem, and so on), so two identical types are always the same pointer, at compile
 * time and at run time.
 *
 * Layout rules (Go's, for amd64):
 *   bool, int8, uint8: 1 byte; int16, uint16: 2; int32, uint32, float32: 4; int, uint,
 *   int64, uint64, uintptr, float64, pointers, maps, chans, funcs: 8 (align = size);
 *   string: 16 {ptr, len}; slice: 24 {ptr, len, cap}; interface: 16 {tab, data};
 *   array: len * elem size, elem align; struct: fields in order, each at the next multiple of
 *   its alignment, size rounded up to the struct's alignment (the largest field alignment);
 *   a struct whose last field is zero-sized gets one byte of padding (Go does this so &s.last
 *   never points past the object).
 * The pointer mask has one bit per 8-byte word of the first 'ptrdata' bytes: bit i is set when
 * word i holds a pointer the collector must follow. String and slice data pointers are pointers;
 * an interface's first word (type or itab) is not a heap pointer, its data word is.
 *
 * Invariants:
 *   - size is a multiple of align; ptrdata <= size and is a multiple of 8; the last word inside
 *     ptrdata has its bit set (ptrdata is the shortest prefix holding every pointer).
 *   - A type whose ptrdata is 0 is pointer-free ("noscan") and its objects are never scanned.
 */
#ifndef MINIRT_LANG_TYPES_H
#define MINIRT_LANG_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "ast.h"

typedef enum Kind {
	K_INVALID = 0,
	K_BOOL,
	K_INT,
	K_INT8,
	K_INT16,
	K_INT32,
	K_INT64,
	K_UINT,
	K_UINT8,
	K_UINT16,
	K_UINT32,
	K_UINT64,
	K_UINTPTR,
	K_FLOAT32,
	K_FLOAT64,
	K_STRING,
	K_UNSAFEPTR, /* internal only: a word the runtime uses as an untyped pointer */
	/* untyped constant kinds (never at run time) */
	K_UNTYPED_BOOL,
	K_UNTYPED_INT,
	K_UNTYPED_RUNE,
	K_UNTYPED_FLOAT,
	K_UNTYPED_STRING,
	K_UNTYPED_NIL,
	/* composite kinds */
	K_ARRAY,
	K_SLICE,
	K_STRUCT,
	K_POINTER,
	K_FUNC,
	K_INTERFACE,
	K_MAP,
	K_CHAN,
	K_TUPLE, /* the result list of a multi-valued call (checker only) */
	K_COUNT
} Kind;

typedef struct Method Method;
typedef struct StructField StructField;
typedef struct Package Package;

/* A struct field as the type (not the syntax) sees it. */
struct StructField {
	const char
	        *name; /* for an embedded field, the type's name without package ("T" for *pkg.T) */
	Type *type;
	uint32_t offset; /* bytes from the start of the struct */
	bool embedded;
	bool exported;
	Package *pkg; /* package of an unexported field name (identity of unexported names) */
};

/*
 * A method: a concrete method of a named type, or a method of an interface type.
 * For an interface the list is sorted by name; an interface method's index in that list is its
 * slot in an itab.
 */
struct Method {
	const char *name; /* interned */
	Type *sig;        /* K_FUNC type without the receiver */
	bool ptr_recv;    /* concrete methods: declared on *T */
	Object *obj;      /* concrete methods: the function object (obj->decl is the FuncDecl) */
	Package *pkg;     /* package of an unexported method name */
	void *code;       /* compiler: the compiled function (a Proto *), filled by the compiler */
};

struct Type {
	Kind kind;        /* the kind of the underlying type */
	uint32_t size;    /* bytes */
	uint32_t align;   /* bytes, a power of two, at most 8 */
	uint32_t ptrdata; /* bytes: the prefix of the value that can hold pointers */
	uint8_t *
	        ptrmask; /* one bit per word of ptrdata (bit i of byte i/8 = word i); NULL if ptrdata == 0 */
	const char *str;   /* the name as %T and panics print it: "int", "main.T", "[]string",
	                       "map[string]int", "*main.T", "func(int) string", "interface {}" */
	uint32_t hash;     /* a hash of 'str' and identity, for maps with interface keys */
	bool comparable;   /* == is defined (no slices, maps, funcs inside) */
	bool direct_iface; /* stored directly in an interface's data word (pointer-shaped) */

	/* Named types: Go's *types.Named. 'under' is the underlying type (self for unnamed ones). */
	const char *
	        name; /* "T" for a named type, NULL for unnamed types and basic types' own name is in str */
	Package *pkg; /* package that declared the named type; NULL for predeclared types */
	Object *obj;  /* the type name object; NULL for unnamed types */
	Type *under;
	Method *methods; /* named types: declared methods (value and pointer receivers), sorted by name */
	int nmethods;

	/* Composite parts, by kind. */
	Type *elem;          /* K_POINTER, K_SLICE, K_ARRAY, K_CHAN, K_MAP (value type) */
	Type *key;           /* K_MAP */
	int64_t len;         /* K_ARRAY */
	ChanDir dir;         /* K_CHAN */
	StructField *fields; /* K_STRUCT */
	int nfields;
	Type **params; /* K_FUNC: parameter types (the variadic one is a slice type) */
	int nparams;
	Type **results; /* K_FUNC: result types; K_TUPLE: the member types */
	int nresults;
	bool variadic; /* K_FUNC */
	Method *imethods; /* K_INTERFACE: the full method set (embedded interfaces flattened), sorted */
	int nimethods;

	Type *ptrto;   /* cache: the type *T, once made */
	void *rt;      /* runtime: per-type data the runtime attaches (itab cache, map helpers) */
	bool complete; /* checker: size, align and ptrmask are computed */
};

/* ---------------------------------------------------------------- objects */

typedef enum ObjKind {
	OBJ_BAD,
	OBJ_VAR, /* variable, parameter, result, struct field (as an object, for selectors) */
	OBJ_CONST,
	OBJ_TYPE,    /* type name */
	OBJ_FUNC,    /* function or method */
	OBJ_BUILTIN, /* len, append, ... */
	OBJ_PKG,     /* an imported package name in the file scope */
	OBJ_NIL,     /* the predeclared nil */
} ObjKind;

/* Where a variable lives; decided by the checker, refined by escape analysis later. */
typedef enum VarStorage {
	VAR_LOCAL = 0, /* a slot in its function's frame */
	VAR_HEAP,      /* a heap cell (address taken or captured by a closure): "moved to heap" */
	VAR_GLOBAL,    /* the globals area */
} VarStorage;

struct Object {
	ObjKind kind;
	const char *name; /* interned */
	Pos pos;
	Type *type;
	Package *pkg;  /* declaring package (NULL for universe objects) */
	Scope *parent; /* the scope it was declared in */
	bool exported;

	/* OBJ_VAR */
	VarStorage storage;
	bool is_param;      /* a parameter or receiver */
	bool is_result;     /* a named or unnamed result */
	bool addr_taken;    /* &x, x.M() with a pointer method, x[:] of an array, ... */
	bool captured;      /* referred to from a function literal other than its own function */
	bool assigned;      /* escape analysis: assigned somewhere other than its declaration */
	bool esc_loopvar;   /* escape analysis: a for or range variable (Go 1.22: one per iteration) */
	bool esc_frame;     /* escape analysis: address taken but kept in the frame (VAR_LOCAL) */
	bool used;          /* checker: for "declared and not used" */
	FuncLitInfo *owner; /* the function that declares it (NULL for package-level) */
	int slot;           /* compiler: frame slot or globals offset (bytes for globals) */

	/* OBJ_CONST */
	ConstVal *val;

	/* OBJ_FUNC */
	Decl *decl;         /* D_FUNC declaration (methods too) */
	Type *recv_type;    /* methods: the named type T of the receiver (not *T) */
	bool ptr_recv;      /* methods declared on *T */
	void *code;         /* compiler: the compiled function (a Proto *) */
	const char *native; /* functions without a body in a std package: "strings.Index" */

	/* OBJ_TYPE */
	Decl *tdecl;

	/* OBJ_BUILTIN */
	Builtin builtin;

	/* OBJ_PKG */
	Package *imported;

	/* package-level var/const/func: the declaration, for initialisation order */
	Decl *vdecl;
	int vindex; /* index of the name within vdecl */
};

/* ---------------------------------------------------------------- scopes */

struct Scope {
	Scope *parent;
	Object **objs; /* the objects, in insertion order (a vector; see types.c) */
	int nobjs, cap;
	bool is_func;      /* the outermost scope of a function body (params live here) */
	FuncLitInfo *func; /* function this scope belongs to, NULL at package level */
	/* objs[0..nobjs) is in insertion order (iterate it freely). 'index' is an open hash over
	 * the same objects, built once the scope holds more than a few; only types.c touches it. */
	Object **index;
	int index_cap;
};

Object *scope_lookup_local(Scope *s, const char *name);
Object *scope_lookup(Scope *s, const char *name); /* walks parents, then the universe */
/* A new empty scope; it inherits 'func' from its parent. */
Scope *scope_new(Scope *parent);
/* Inserts o (setting o->parent if unset) and returns NULL, or returns the object already
 * declared under that name and inserts nothing. "_" is never inserted (returns NULL). */
Object *scope_insert(Scope *s, Object *o);
/* The universe scope (predeclared types, constants, nil, builtins); valid after types_init. */
Scope *types_universe(void);

/* ---------------------------------------------------------------- constants */

typedef enum ConstKind {
	CV_BOOL,
	CV_INT, /* also runes */
	CV_FLOAT,
	CV_STRING,
} ConstKind;

/*
 * An exact constant. Integers are 128-bit (Go requires at least 256 bits; 128 covers every
 * program in the subset and overflow past it is reported as "constant overflow"). Floats are
 * long double (64-bit mantissa on amd64), rounded to the target type when the constant is used.
 */
struct ConstVal {
	ConstKind kind;
	bool b;
	__extension__ __int128 i;
	long double f;
	const char *s; /* bytes of a string constant; may contain NUL */
	int64_t slen;
};

/* ---------------------------------------------------------------- packages */

struct Package {
	const char *path; /* "main", "fmt", "unicode/utf8" */
	const char *name; /* "main", "fmt", "utf8" */
	Scope *scope;     /* package scope */
	File *file;       /* its source (std packages are embedded Go sources, see lang/std/) */
	Object **vars;    /* package-level variables in initialisation order (checker) */
	int nvars;
	Object **funcs; /* all functions and methods, including init functions */
	int nfuncs;
	Object **inits; /* func init() in source order */
	int ninits;
	Package **imports; /* packages this one imports */
	int nimports;
	bool checked;
};

/* ---------------------------------------------------------------- the predeclared types */

extern Type *t_bool, *t_int, *t_int8, *t_int16, *t_int32, *t_int64;
extern Type *t_uint, *t_uint8, *t_uint16, *t_uint32, *t_uint64, *t_uintptr;
extern Type *t_float32, *t_float64, *t_string, *t_unsafeptr;
extern Type *t_untyped_bool, *t_untyped_int, *t_untyped_rune, *t_untyped_float, *t_untyped_string,
        *t_untyped_nil;
extern Type *t_error; /* the predeclared interface { Error() string } */
extern Type *t_any;   /* interface {} */
extern Type *t_invalid;

/* Constructors (hash-consed: the same arguments give the same Type). */
void types_init(void);
Type *types_pointer(Type *elem);
Type *types_slice(Type *elem);
Type *types_array(Type *elem, int64_t len);
Type *types_map(Type *key, Type *value);
Type *types_chan(Type *elem, ChanDir dir);
Type *types_func(Type **params, int nparams, Type **results, int nresults, bool variadic);
Type *types_tuple(Type **types, int n);
/* 'fields' is copied; offsets are computed here. */
Type *types_struct(StructField *fields, int nfields);
/* 'methods' is copied and sorted; embedded interfaces must already be flattened by the caller. */
Type *types_interface(Method *methods, int nmethods);
/* A new named type; set its underlying type later with types_set_underlying (for recursion). */
Type *types_named(const char *name, Package *pkg, Object *obj);
void types_set_underlying(Type *named, Type *under);
/* Computes size, align, ptrdata and ptrmask (recursively); returns false for an invalid
 * recursive type (type T struct { x T }), for a named type whose underlying type is not set
 * yet, and for a type larger than 4 GiB. Constructors complete a type at once when they can,
 * so this matters for types built from named types that were incomplete at the time:
 * call it (and read size, comparable, ...) once every named type has its underlying type. */
bool types_complete(Type *t);

/* Queries. */
static inline Type *types_under(Type *t)
{
	return t->under ? t->under : t;
}
/* Declared types and, as in the spec, the predeclared basic types (their Type.obj is the
 * universe type name; 'name' stays NULL for them). Untyped kinds are not named. */
static inline bool types_is_named(const Type *t)
{
	return t->obj != 0;
}
bool types_is_integer(const Type *t); /* typed or untyped integer kinds, runes included */
bool types_is_unsigned(const Type *t);
bool types_is_float(const Type *t);
bool types_is_numeric(const Type *t);
bool types_is_string(const Type *t);
bool types_is_boolean(const Type *t);
bool types_is_untyped(const Type *t);
bool types_is_interface(const Type *t);
bool types_is_empty_interface(const Type *t);
bool types_has_pointers(const Type *t); /* ptrdata != 0 */
/*
 * Field and method lookup through embedded fields, as Go's selector rules (shallowest depth
 * wins; two at the same depth are ambiguous). 'from' is the package doing the lookup (for
 * unexported names). 'path' receives the embedded steps (SelStep in ast.h); for a field the last
 * step is the field itself. For a method, 'indirect' tells whether a pointer was followed on the
 * way, which matters for method sets.
 */
#define MAX_SELPATH 16
typedef struct Lookup {
	enum { LOOKUP_NONE, LOOKUP_FIELD, LOOKUP_METHOD, LOOKUP_AMBIGUOUS } kind;
	SelStep path[MAX_SELPATH];
	int npath;
	StructField *field; /* LOOKUP_FIELD */
	Type *field_owner;  /* the struct type that declares the field */
	Method *method;   /* LOOKUP_METHOD (concrete method of a named type, or interface method) */
	Type *recv_named; /* LOOKUP_METHOD: the named type declaring the method */
	int imethod_index; /* LOOKUP_METHOD on an interface: its index; -1 otherwise */
	bool indirect;     /* a pointer was dereferenced on the path (or t itself is a pointer) */
	Type *reached;     /* the type of the value the path reaches: for a field, the field's
	                       type; for a method, the receiver value found at the end of the path
	                       (recv_named or *recv_named; the interface type or a pointer to it) */
} Lookup;
Lookup types_lookup(Type *t, const char *name, Package *from);
/* True when type t (concrete) has every method of interface 'inter' in its method set;
 * otherwise *missing names the first missing method and *ptr_only is set when that method
 * exists only with a pointer receiver. */
bool types_implements(Type *t, Type *inter, const char **missing, bool *ptr_only);
/* Assignability, identity and conversion rules of the Go spec (for the checker and compiler). */
bool types_identical(Type *a, Type *b);
bool types_assignable(Type *value, Type *to);
bool types_convertible(Type *from, Type *to);
/* Go's %T spelling of a type. */
const char *types_string(Type *t);

/* Adds a method to a named type's list (kept sorted by name); false, adding nothing, when
 * the type already has a method of that name. */
bool types_add_method(Type *named, Method m);
/* The method 'name' declared on named type t (not promoted), or NULL; unexported names match
 * only from their own package. */
Method *types_find_method(Type *named, const char *name, Package *from);
/* Completes t and tells whether == is defined on it (false for an invalid recursive type). */
bool types_comparable(Type *t);
/* The default type of an untyped kind (untyped int -> int, untyped rune -> int32, untyped
 * float -> float64, ...); other types, and untyped nil, are returned unchanged. */
Type *types_default(Type *t);

/* Object constructor: zeroed apart from kind, name (interned here), pos, type and
 * 'exported' (from the name's first letter). */
Object *object_new(ObjKind kind, const char *name, Pos pos, Type *type);

#endif
