"""youtube featured video table

Revision ID: youtube0001
Revises:
Create Date: 2026-12-01 09:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = 'youtube0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('youtube_featured',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('video_id', sa.String(length=11), nullable=False),
    sa.Column('start', sa.Integer(), nullable=True),
    sa.Column('playlist', sa.String(length=64), nullable=True),
    sa.Column('shorts', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles_article.id'], name=op.f('fk_youtube_featured_article_id_articles_article'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', name=op.f('pk_youtube_featured'))
    )


def downgrade():
    op.drop_table('youtube_featured')
