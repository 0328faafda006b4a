"""static pages

Revision ID: pages0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "pages0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pages_page",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("in_footer", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pages_page")),
        sa.UniqueConstraint("slug", name=op.f("uq_pages_page_slug")),
    )


def downgrade():
    op.drop_table("pages_page")
