"""PostgreSQL search index

Revision ID: search0002
Revises: search0001
Create Date: 2026-12-09 09:00:00.000000
"""
import logging

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'search0002'
down_revision = 'search0001'
branch_labels = None
depends_on = None

logger = logging.getLogger(__name__)


def upgrade():
    op.create_table('search_document',
    sa.Column('article_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('content', postgresql.TSVECTOR().with_variant(sa.Text(), 'sqlite'), nullable=False),
    sa.Column('spell', postgresql.ARRAY(sa.Text()).with_variant(sa.JSON(), 'sqlite'), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('lead', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('slug', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=False),
    sa.Column('category_name', sa.String(length=80), nullable=False),
    sa.Column('year', sa.String(length=4), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('video', sa.String(length=1), nullable=False),
    sa.Column('published', sa.DateTime(), nullable=False),
    sa.Column('stemmer', sa.String(length=20), nullable=False),
    sa.Column('fingerprint', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('article_id', name=op.f('pk_search_document'))
    )
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.create_index('ix_search_document_content', ['content'], unique=False, postgresql_using='gin', postgresql_with={'gin_pending_list_limit': 256})
        batch_op.create_index('ix_search_document_spell', ['spell'], unique=False, postgresql_using='gin', postgresql_with={'gin_pending_list_limit': 256})
        batch_op.create_index(batch_op.f('ix_search_document_published'), ['published'], unique=False)

    op.create_table('search_word',
    sa.Column('word', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('word', name=op.f('pk_search_word'))
    )
    with op.batch_alter_table('search_word', schema=None) as batch_op:
        batch_op.create_index('ix_search_word_pattern', ['word'], unique=False, postgresql_ops={'word': 'text_pattern_ops'})

    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        op.execute(sa.schema.CreateSequence(sa.Sequence('search_version')))
        # "Did you mean" measures edit distances in the database when fuzzystrmatch is
        # there, and in Python otherwise; a role without the right to create it is fine.
        try:
            with bind.begin_nested():
                bind.exec_driver_sql('CREATE EXTENSION IF NOT EXISTS fuzzystrmatch')
        except sa.exc.DBAPIError as exc:
            logger.warning('search: fuzzystrmatch not created (%s); suggestions will '
                           'measure edit distances in Python', exc.orig)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(sa.schema.DropSequence(sa.Sequence('search_version')))
    with op.batch_alter_table('search_word', schema=None) as batch_op:
        batch_op.drop_index('ix_search_word_pattern', postgresql_ops={'word': 'text_pattern_ops'})

    op.drop_table('search_word')
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_document_published'))
        batch_op.drop_index('ix_search_document_spell', postgresql_using='gin')
        batch_op.drop_index('ix_search_document_content', postgresql_using='gin')

    op.drop_table('search_document')
