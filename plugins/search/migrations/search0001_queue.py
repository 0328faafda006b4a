"""search queue

Revision ID: search0001
Revises:
Create Date: 2026-12-02 09:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = 'search0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_queue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('queued_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_queue'))
    )
    with op.batch_alter_table('search_queue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_queue_article_id'), ['article_id'], unique=False)


def downgrade():
    with op.batch_alter_table('search_queue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_queue_article_id'))

    op.drop_table('search_queue')
