"""Static analysis of a backend tree: pure Python, no Sphinx or docutils import.

Nothing here imports or executes the analysed code; files are read and parsed with ``ast``.
"""
