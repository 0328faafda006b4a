"""What other plugins may use of the api plugin: its declared, stable surface.

Plugins that add fields to the read API implement the hooks of
:mod:`plugins.api.hookspecs` (marked ``optionalhook=True``) and import from here only
inside those hooks, which run only when the api plugin does.

``iso_time()`` writes a stored time as every time in the API is written: ISO 8601 in the
site's zone with its offset, to the second.
"""

from __future__ import annotations

from plugins.api.serialize import iso as iso_time

__all__ = ["iso_time"]
