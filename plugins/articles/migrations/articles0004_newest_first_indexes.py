"""indexes that list newest first

Revision ID: articles0004
Revises: articles0003
"""
from alembic import op

revision = "articles0004"
down_revision = "articles0003"
branch_labels = None
depends_on = None

TABLE = "articles_article"
REPLACED = {
    "ix_articles_article_published_at": ["published_at"],
    "ix_articles_article_category_visible": ["category_id", "status", "published_at"],
    "ix_articles_article_author_visible": ["author_id", "status", "published_at"],
}
CREATED = {
    "ix_articles_article_published_at": (TABLE, ["published_at", "status"]),
    "ix_articles_article_category_newest": (TABLE, ["category_id", "published_at", "status"]),
    "ix_articles_article_author_newest": (TABLE, ["author_id", "published_at", "status"]),
    "ix_articles_view_count_day": ("articles_view_count", ["day", "article_id", "count"]),
}


def upgrade():
    for name in REPLACED:
        op.drop_index(name, table_name=TABLE)
    for name, (table, columns) in CREATED.items():
        op.create_index(name, table, columns)


def downgrade():
    for name, (table, _columns) in CREATED.items():
        op.drop_index(name, table_name=table)
    for name, columns in REPLACED.items():
        op.create_index(name, TABLE, columns)
