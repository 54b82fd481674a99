"""The kinds of statement in :attr:`.facts.FunctionFacts.stmts`, each ``(kind, line, ctx,
*payload)``: written by :mod:`.extract`, read by the facts, the filters and the passes.

In a module of their own so that :mod:`.filters` (the tests :mod:`.facts` applies) can
read statements without importing the module that applies it.
"""

EXPR = "expr"  # (EXPR, line, ctx, value)
ASSIGN = "assign"  # (ASSIGN, line, ctx, targets, value)
RETURN = "return"  # (RETURN, line, ctx, value | None)
RAISE = "raise"  # (RAISE, line, ctx, value | None)
IMPORT = "import"  # (IMPORT, line, ctx, index into ModuleFacts.imports)
DEF = "def"  # (DEF, line, ctx, qualname)  a nested function or class defined here
