"""The PostgreSQL backend (``SEARCH_BACKEND = "postgres"``): the index in the site's database.

- :mod:`~plugins.search.postgres.backend`: :class:`PostgresSearch`, the reading side;
- :mod:`~plugins.search.postgres.indexing`: applying the queue from any process, rebuilds
  and checks.

Its tables (``search_document``, ``search_word``) are declared with the plugin's others
in :mod:`plugins.search.models`, so every site has the same schema.
"""
