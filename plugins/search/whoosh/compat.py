"""Module paths that indexes written before the move still name, mapped to today's.

Whoosh pickles class paths into an index: the codec into its table of contents with
each segment, :class:`~plugins.search.whoosh.postings.PackedPositions` into every
posting block of a rebuilt segment, and the analyzer into the schema. The analyzer's
classes never moved (:mod:`plugins.search.analysis`); the postings code moved from
``plugins/search/postings.py`` into this subpackage, so the old name is registered in
``sys.modules`` as an alias of the new module, and unpickling ``plugins.search.postings
.PackedCodec`` finds today's class. New indexes pickle the new path.

``tests/search/test_old_index.py`` opens an index written before the move; keep an
alias here for every module such an index names, for as long as sites may hold one
(``cms search reindex`` writes an index with today's names).
"""

from __future__ import annotations

import sys
from types import ModuleType

from plugins.search.whoosh import postings

#: Old dotted module name → the module that now holds its classes.
MOVED_MODULES: dict[str, ModuleType] = {"plugins.search.postings": postings}


def register() -> None:
    """Make every old module name importable (and so unpicklable) as its new module."""
    for old_name, module in MOVED_MODULES.items():
        sys.modules.setdefault(old_name, module)
