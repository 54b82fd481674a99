"""Stage 2, resolve: per-file facts in, names and values across the whole tree out.

Names resolved across modules and values evaluated statically (:mod:`.project`), imports
and reachability (:mod:`.imports`), the call graph, loop unrolling and the conditions a
statement runs under. Reads only ``parse`` (and the records).
"""
