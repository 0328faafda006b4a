"""co-authors of an article, each with a credit and a place in the byline

Revision ID: articles0007
Revises: articles0006
"""
import sqlalchemy as sa
from alembic import op

revision = "articles0007"
down_revision = "articles0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "articles_article_author",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles_article.id"], ondelete="CASCADE",
                                name=op.f("fk_articles_article_author_article_id_articles_article")),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE",
                                name=op.f("fk_articles_article_author_user_id_user")),
        sa.PrimaryKeyConstraint("article_id", "user_id", "role",
                                name=op.f("pk_articles_article_author")),
    )
    op.create_index("ix_articles_article_author_user", "articles_article_author",
                    ["user_id", "article_id"])


def downgrade():
    op.drop_index("ix_articles_article_author_user", table_name="articles_article_author")
    op.drop_table("articles_article_author")
