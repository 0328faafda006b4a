"""media kept in the database (MEDIA_STORAGE=database)

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-05 09:40:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('media_blob',
    sa.Column('path', sa.String(length=255), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('path', name=op.f('pk_media_blob'))
    )
    if op.get_bind().dialect.name == 'postgresql':
        # JPEG, PNG, WebP and GIF are compressed already: store them out of line without
        # PostgreSQL trying (and failing) to compress them again on every write.
        op.execute('ALTER TABLE media_blob ALTER COLUMN data SET STORAGE EXTERNAL')


def downgrade():
    op.drop_table('media_blob')
