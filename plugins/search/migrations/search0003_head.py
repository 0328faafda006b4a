"""PostgreSQL search: the title and lead as a small tsvector of their own, for ranking;
indexes on the rubrik and year facets

Revision ID: search0003
Revises: search0002
Create Date: 2026-12-05 10:00:00.000000
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'search0003'
down_revision = 'search0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'head', postgresql.TSVECTOR().with_variant(sa.Text(), 'sqlite'),
            nullable=False, server_default=''))
    if op.get_bind().dialect.name == 'postgresql':
        # The title (A) and lead (B) lexemes are in content already, at the same positions.
        op.execute("UPDATE search_document SET head = ts_filter(content, '{a,b}')")
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.create_index('ix_search_document_head', ['head'], unique=False,
                              postgresql_using='gin',
                              postgresql_with={'gin_pending_list_limit': 256})
        batch_op.create_index(batch_op.f('ix_search_document_category'), ['category'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_search_document_year'), ['year'], unique=False)


def downgrade():
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_document_year'))
        batch_op.drop_index(batch_op.f('ix_search_document_category'))
        batch_op.drop_index('ix_search_document_head', postgresql_using='gin')
        batch_op.drop_column('head')
