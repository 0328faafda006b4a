"""Backup and restore of a whole site: ``cms backup`` and ``cms restore``.

One archive (``warta-backup-<UTC time>.tar.gz``) holds everything a site cannot rebuild:
a portable dump of every table (:mod:`.dump`), the uploads, the instance's settings and
theme overrides and the folders plugins name (:mod:`.files`), and a manifest with the
plugin versions, migration heads and a SHA-256 per member (:mod:`.archive`).
:mod:`.service` puts them together; :mod:`.cli` is the command line. The search index
is not kept: it is rebuilt from the restored database.
"""
