"""The Whoosh backend (``SEARCH_BACKEND = "whoosh"``, the default): an index on local disk.

- :mod:`~plugins.search.whoosh.backend`: :class:`WhooshSearch`, the reading side;
- :mod:`~plugins.search.whoosh.indexing`: the single writer (drains, rebuilds, checks),
  :mod:`~plugins.search.whoosh.building` fills a rebuild in several processes,
  :mod:`~plugins.search.whoosh.store` keeps the index folder's generations and lock;
- :mod:`~plugins.search.whoosh.index_reader`, :mod:`~plugins.search.whoosh.postings`,
  :mod:`~plugins.search.whoosh.segment_memo`, :mod:`~plugins.search.whoosh.reader_pool`:
  reading an index fast;
- :mod:`~plugins.search.whoosh.compat`: old module names that live indexes still pickle,
  and :mod:`~plugins.search.whoosh.mapped`: segments read from their mapping without a
  copy per worker; both registered when this package is imported, before any index can
  be opened.
"""

from __future__ import annotations

from plugins.search.whoosh import compat, mapped

compat.register()
mapped.register()
