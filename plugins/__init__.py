"""Warta's plugin folder: every sub-package with an ``__init__.py`` is a plugin.

Built-in plugins live here next to local ones a site drops in; pip-installed plugins
register under the ``cms.plugins`` entry-point group instead.
"""
