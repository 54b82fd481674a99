"""Stage 1, parse: a source tree in, per-file facts out.

Finds the backend's files and names its modules (:mod:`.discovery`), parses each file once
and keeps what the later stages need without its syntax tree (:mod:`.extract`, :mod:`.facts`).
Imports nothing from the later stages. Empty on purpose: a run that parses nothing loads
only the modules it uses.
"""
