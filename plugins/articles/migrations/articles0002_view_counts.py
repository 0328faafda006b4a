"""view counts for most-read

Revision ID: articles0002
Revises: articles0001
"""
import sqlalchemy as sa
from alembic import op

revision = "articles0002"
down_revision = "articles0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "articles_view_count",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles_article.id"],
                                name=op.f("fk_articles_view_count_article_id_articles_article"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", "day", name=op.f("pk_articles_view_count")),
    )


def downgrade():
    op.drop_table("articles_view_count")
