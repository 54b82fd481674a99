"""Static analysis of a backend tree: pure Python, no Sphinx or docutils import.

Nothing here imports or executes the analysed code; files are read and parsed with ``ast``.
Use :func:`analyse` with :class:`AnalysisOptions`; the result is a :class:`Catalog`.
"""

from .catalog import Catalog
from .options import AnalysisOptions
from .parse.discovery import SourceRootError
from .pipeline import analyse

__all__ = ["AnalysisOptions", "Catalog", "SourceRootError", "analyse"]
