"""PostgreSQL search: narrow rows (text out of line, head in the row), so counting a
common word's matches reads a few pages

Revision ID: search0004
Revises: search0003
Create Date: 2026-12-05 13:30:00.000000
"""
from alembic import op

revision = 'search0004'
down_revision = 'search0003'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    # The same settings as IndexedArticle's (plugins/search/models.py), which says why.
    op.execute("ALTER TABLE search_document SET (toast_tuple_target = 128)")
    op.execute("ALTER TABLE search_document ALTER COLUMN head SET STORAGE MAIN")
    # Rows are stored the new way as they are written. Rewriting them all here would
    # rewrite every GIN index entry too (minutes at 100,000 articles, during the
    # upgrade); `cms search reindex` does it when the site chooses.


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("ALTER TABLE search_document ALTER COLUMN head SET STORAGE EXTENDED")
    op.execute("ALTER TABLE search_document RESET (toast_tuple_target)")
