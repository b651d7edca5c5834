/*
 * opcodes.h - the instruction set, defined once. Expanding OPCODES(X) gives the enum, the
 * disassembler's names and the VM's dispatch table, so they can never disagree.
 *
 * An instruction is 8 bytes: op, a, b, c (16 bits each). Operands name frame slots (R[x]) unless
 * the comment says otherwise. "K" means the instruction is followed by one extra 8-byte word
 * (an immediate: a constant, a Type *, a Proto *, an offset); such instructions are two words
 * long. "sbx" is a signed 32-bit jump offset made of b (low half) and c (high half), counted in
 * instruction words from the instruction after the jump. "jc" is c read as a signed 16-bit jump
 * offset, counted the same way.
 *
 * Slots hold values in canonical form (see runtime/value.h): integers sign- or zero-extended
 * to 64 bits, so one ADD serves all widths and the compiler follows a narrow-width result with
 * SEXT/ZEXT; float32 lives as a double rounded by F32R after each operation.
 *
 * Memory kinds (the MK_* values in vm.h) say how LOADM/STOREM convert between canonical slot
 * form and memory form: MK_I8 loads sign-extended, MK_U8 zero-extended, ..., MK_F32 widens a
 * float to double, MK_BLK copies K bytes (aggregates kept in memory layout).
 */
#ifndef MINIRT_LANG_OPCODES_H
#define MINIRT_LANG_OPCODES_H

#define OPCODES(X)                                                                                                                                                                     \
	X(NOP) /* */                                                                                                                                                                   \
	/* moves and constants */                                                                                                                                                      \
	X(MOVE)    /* R[a] = R[b] */                                                                                                                                                   \
	X(MOVE2)   /* R[a..a+2) = R[b..b+2) */                                                                                                                                         \
	X(MOVE3)   /* R[a..a+3) = R[b..b+3) */                                                                                                                                         \
	X(MOVEN)   /* R[a..a+c) = R[b..b+c) (memmove) */                                                                                                                               \
	X(LOADI)   /* R[a] = sbx */                                                                                                                                                    \
	X(LOADK)   /* R[a] = K */                                                                                                                                                      \
	X(LOADSTR) /* R[a], R[a+1] = ((String *)K)->ptr, len */                                                                                                                        \
	X(ZERO)    /* R[a..a+b) = 0 */                                                                                                                                                 \
	/* integer arithmetic on 64-bit canonical values */                                                                                                                            \
	X(ADD)                                                                                                                                                                         \
	X(SUB) X(MUL) X(DIV) /* signed; panics on zero divisor; MinInt64 / -1 wraps */                                                                                                 \
	        X(REM) X(DIVU) X(REMU) X(AND) X(OR) X(XOR) X(ANDNOT) X(                                                                                                                \
	                SHL) /* R[a] = R[b] << R[c]; counts >= 64 give 0; a negative count panics */                                                                                   \
	        X(SHR)       /* arithmetic shift right */                                                                                                                              \
	        X(SHRU)      /* logical shift right */                                                                                                                                 \
	        X(ADDI)      /* R[a] = R[b] + (int16)c */                                                                                                                              \
	        X(NEG) X(BNOT) /* R[a] = -R[b]; R[a] = ^R[b] */                                                                                                                        \
	        X(NOT)         /* R[a] = !R[b] (bool) */                                                                                                                               \
	        X(SEXT8) X(SEXT16) X(SEXT32) X(ZEXT8) X(ZEXT16) X(ZEXT32) X(EQ) X(NE) X(LT) X(                                                                                         \
	                LE) X(LTU)                                                                                                                                                     \
	                X(LEU) /* R[a] = R[b] op R[c] (bool) */ /* floats (doubles; float32 rounded with F32R) */                                                                      \
	        X(FADD) X(FSUB) X(FMUL) X(FDIV) X(FNEG) X(FEQ) X(FNE) X(FLT) X(FLE)                                                                                                    \
	                X(F32R) /* R[a] = (double)(float)R[b] */                                                                                                                       \
	        X(I2F) X(U2F)   /* int64 / uint64 -> double */                                                                                                                         \
	        X(F2I) X(F2U) /* double -> int64 / uint64 (truncation) */ /* control flow */                                                                                           \
	        X(JMP)                                                    /* pc += sbx */                                                                                              \
	        X(JT) X(JF)                 /* if R[a] (is true / is false) pc += sbx */                                                                                               \
	        X(JLT) X(JLE) X(JEQ) X(JNE) /* if R[a] op R[b] (signed) pc += jc */                                                                                                    \
	        X(JLTI) X(JGEI) /* if R[a] < (int16)b / >= (int16)b  pc += jc */ /* strings */                                                                                         \
	        X(CONCAT) /* R[a..a+2) = R[b..b+2) + R[c..c+2) */                                                                                                                      \
	        X(STRCMP) /* R[a] = cmpstring(R[b..], R[c..]) (-1, 0, 1) */                                                                                                            \
	        X(STREQ)  /* R[a] = R[b..] == R[c..] */                                                                                                                                \
	        X(STRIDX) /* R[a] = byte R[b..][R[c]] (bounds checked) */ /* memory: through pointers, globals and frame addresses */                                                  \
	        X(LOAD64)  /* R[a] = *(u64 *)(R[b] + c); nil check */                                                                                                                  \
	        X(STORE64) /* *(u64 *)(R[a] + c) = R[b]; nil check (scalar word) */                                                                                                    \
	        X(STOREP)  /* *(void **)(R[a] + c) = R[b]; nil check (pointer word) */                                                                                                 \
	        X(LOADM)   /* R[a..] = load K.kind from (R[b] + c); nil check */                                                                                                       \
	        X(STOREM)  /* store R[b..] as K.kind at (R[a] + c); nil check */                                                                                                       \
	        X(GADDR)   /* R[a] = &globals[K] */                                                                                                                                    \
	        X(LEA)     /* R[a] = &R[b] (address of a frame slot) */                                                                                                                \
	        X(NILCHK)  /* panic if R[a] == nil */                                                                                                                                  \
	        X(FLOAD)   /* R[a..] = load K.kind from the frame bytes of R[b] at K.off */                                                                                            \
	        X(FSTORE)  /* store R[b..] as K.kind into the frame bytes of R[a] at K.off */                                                                                          \
	        X(ADDPTR) /* R[a] = R[b] + K (field address) */ /* indexing: bounds-checked element addresses and fast paths */                                                        \
	        X(IDXADDR) /* R[a] = R[b] + R[c] * K.esize, checking R[c] < K.len (arrays via ptr) */                                                                                  \
	        X(SIDXADDR) /* R[a] = R[b].ptr + R[c] * K.esize, checking R[c] < R[b].len */                                                                                           \
	        X(SGET64)   /* R[a] = ((u64 *)R[b].ptr)[R[c]] with bounds check */                                                                                                     \
	        X(SSET64)   /* ((u64 *)R[a].ptr)[R[b]] = R[c] with bounds check (scalar) */                                                                                            \
	        X(SLICE) /* R[a..] = slice expression; see vm.c slice_op; K = mode/esize */ /* allocation and builtins */                                                              \
	        X(NEW)       /* R[a] = mallocgc(K type, zeroed) */                                                                                                                     \
	        X(MAKESLICE) /* R[a..a+3) = make([]K, R[b], R[c]) */                                                                                                                   \
	        X(MAKEMAP)   /* R[a] = make(K maptype, R[b]) */                                                                                                                        \
	        X(APPEND) /* R[a..a+3) = append(R[a..a+3), c values at R[b..]) ; K = elem type */                                                                                      \
	        X(APPENDSL) /* R[a..a+3) = append(R[a..a+3), R[b..b+3)...) ; K = elem type */                                                                                          \
	        X(COPY)     /* R[a] = copy(R[b..b+3) dst, R[c..c+3) src) ; K = elem type */                                                                                            \
	        X(STR2BYTES) X(BYTES2STR) X(STR2RUNES) X(RUNES2STR)                                                                                                                    \
	                X(RUNE2STR) /* R[a..] = conv(R[b..]) */                                                                                                                        \
	        X(STRRUNE) /* range over string: R[a] = rune at byte R[c] of R[b..], R[a+1] = next index */ /* maps */                                                                 \
	        X(MAPGET)   /* R[a..] = m[k] or zero; b = map, c = key; K = maptype */                                                                                                 \
	        X(MAPGET2)  /* like MAPGET, plus the ok bool after the value */                                                                                                        \
	        X(MAPSET)   /* m[k] = v: a = map, b = key, c = value; K = maptype */                                                                                                   \
	        X(MAPADDR)  /* R[a] = &m[k] (inserting zero): b = map, c = key; K = maptype */                                                                                         \
	        X(MAPDEL)   /* delete(R[a], R[b..]); K = maptype */                                                                                                                    \
	        X(MAPLEN)   /* R[a] = len(R[b]) */                                                                                                                                     \
	        X(MAPCLEAR) /* clear(R[a]) */                                                                                                                                          \
	        X(MAPITER)  /* R[a..a+3) = iterator over map R[b] */                                                                                                                   \
	        X(MAPNEXT) /* advance iterator R[a..]: key to R[b..], value to R[c..]; K = maptype with */ /* the jump: next word is a second K (sbx taken at end) */ /* interfaces */ \
	        X(BOX) /* R[a..a+2) = iface of R[b..] ; K = Type * (empty) or Itab * */                                                                                                \
	        X(CONVI) /* R[a..a+2) = R[b..b+2) converted to interface K (Type *) ; c = 1 when the source is empty */                                                                \
	        X(ASSERT) /* R[a..] = R[b..b+2).(K type); c = flags (1 comma-ok, 2 source empty) */                                                                                    \
	        X(ASSERTI)   /* R[a..a+2) = R[b..b+2).(K interface); c = flags */                                                                                                      \
	        X(IFACEEQ)   /* R[a] = R[b..b+2) == R[c..c+2) (both the same interface kind) */                                                                                        \
	        X(EFACETYPE) /* R[a] = dynamic Type * of R[b..b+2); c = 1 when empty interface */                                                                                      \
	        X(EQMEM) /* R[a] = R[b..] == R[c..] compared as K type (structs, arrays) */ /* calls */                                                                                \
	        X(CALL)  /* call K (Proto *) with the argument block at R[a] */                                                                                                        \
	        X(CALLF) /* call the func value R[b] with the block at R[a] */                                                                                                         \
	        X(CALLI) /* call method c of the interface R[b..b+2) with the block at R[a] */                                                                                         \
	        X(RET)   /* return (results are already in their slots); runs pending defers */                                                                                        \
	        X(CLOSURE) /* R[a] = closure of K (Proto *) capturing the c cell pointers at R[b..] */                                                                                 \
	        X(BIND)     /* R[a] = method value: K (Proto *) bound to receiver R[b..b+c) */                                                                                         \
	        X(CAPLOAD)  /* R[a] = capture b of the running closure */                                                                                                              \
	        X(CAPDATA)  /* R[a..a+c) = bound receiver words of the running closure */                                                                                              \
	        X(DEFER)    /* push deferred call of func value R[a] */                                                                                                                \
	        X(GO)       /* start a goroutine running func value R[a] (no arguments) */                                                                                                                \
	        X(RECOVER)  /* R[a..a+2) = recover() */                                                                                                                                \
	        X(PANIC)    /* panic(R[a..a+2)) (empty interface) */                                                                                                                   \
	        X(PANICNIL) /* panic with a nil-dereference runtime error */                                                                                                           \
	        X(PANICIDX) /* index out of range: index R[a], length R[b] */                                                                                                          \
	        X(UNWIND)   /* internal: resume unwinding after a deferred call returns */                                                                                             \
	        X(HALT)     /* internal: end of a nested call from C */                                                                                                                \
	        X(PRINT) /* builtin print of R[a..] with static type K; c = 1: println spacing */                                                                                      \
	        X(PRINTNL) /* builtin println's newline */                                                                                                                             \
	        X(MINMAX)  /* R[a] = min/max(R[b], R[c]); K: kind (see vm.c) */                                                                                                        \
	        X(GOEXIT)  /* internal: the main goroutine finished */

typedef enum Opcode {
#define X(name) OP_##name,
	OPCODES(X)
#undef X
	        OP_COUNT
} Opcode;

#endif
