/*
 * walk.h - a pre-order walk over the syntax tree (lang/walk.c) for the passes that look for
 * something everywhere (the call graph, the assigned variables, the frame objects of a call's
 * arguments) rather than interpret each construct.
 */
#ifndef MINIRT_LANG_WALK_H
#define MINIRT_LANG_WALK_H

#include <stdbool.h>

#include "ast.h"

typedef struct Walker Walker;
struct Walker {
	/* Called on each node before its children (either may be NULL); false skips the
	 * children. A function literal's children include its body. */
	bool (*expr)(Walker *w, Expr *e);
	bool (*stmt)(Walker *w, Stmt *s);
};

void walk_expr(Walker *w, Expr *e);
void walk_stmt(Walker *w, Stmt *s);

#endif
