"""the front page the editor controls: pinned stories per page and breaking news

Revision ID: articles0008
Revises: articles0007
"""
import sqlalchemy as sa
from alembic import op

revision = "articles0008"
down_revision = "articles0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "articles_placement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("page_key", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("placed_by", sa.Integer(), nullable=True),
        sa.Column("placed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles_article.id"], ondelete="CASCADE",
                                name=op.f("fk_articles_placement_article_id_articles_article")),
        sa.ForeignKeyConstraint(["placed_by"], ["user.id"], ondelete="SET NULL",
                                name=op.f("fk_articles_placement_placed_by_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles_placement")),
        sa.UniqueConstraint("page_key", "article_id",
                            name="uq_articles_placement_page_article"),
    )
    op.create_index("ix_articles_placement_article_id", "articles_placement", ["article_id"])
    op.create_index("ix_articles_placement_page_position", "articles_placement",
                    ["page_key", "position"])
    op.create_table(
        "articles_breaking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("placed_by", sa.Integer(), nullable=True),
        sa.Column("placed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles_article.id"], ondelete="CASCADE",
                                name=op.f("fk_articles_breaking_article_id_articles_article")),
        sa.ForeignKeyConstraint(["placed_by"], ["user.id"], ondelete="SET NULL",
                                name=op.f("fk_articles_breaking_placed_by_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles_breaking")),
        sa.UniqueConstraint("article_id", name=op.f("uq_articles_breaking_article_id")),
    )


def downgrade():
    op.drop_table("articles_breaking")
    op.drop_index("ix_articles_placement_page_position", table_name="articles_placement")
    op.drop_index("ix_articles_placement_article_id", table_name="articles_placement")
    op.drop_table("articles_placement")
