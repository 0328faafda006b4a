"""WordPress import: items imported and the old site's addresses

Revision ID: wordpress0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "wordpress0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "wordpress_item",
        sa.Column("wp_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("guid", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("wp_id", name=op.f("pk_wordpress_item")),
    )
    op.create_table(
        "wordpress_redirect",
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("path", name=op.f("pk_wordpress_redirect")),
    )


def downgrade():
    op.drop_table("wordpress_redirect")
    op.drop_table("wordpress_item")
