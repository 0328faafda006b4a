"""What the cached search pages depend on, named as a tag (``cms.api.depends_on``).

A results page shows what the index holds, and the labels and visibility of its hits
from the database. It depends on :data:`INDEX_DEP`, which moves when a drain or a
rebuild has changed the index, and on the ``article:<id>`` of each hit, so a retitle,
a label or a withdrawal empties it at once, before the drain has caught up. A change
elsewhere that leaves the index as it was leaves the results pages cached.
"""

from __future__ import annotations

from cms.api import invalidate_tags

#: Moved whenever what the search index holds has changed.
INDEX_DEP = "search:index"


def index_changed() -> None:
    """After the index committed a change: forget the results pages that may miss it."""
    invalidate_tags(INDEX_DEP)
