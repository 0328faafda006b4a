"""indexes for listings

Revision ID: articles0003
Revises: articles0002
"""
from alembic import op

revision = "articles0003"
down_revision = "articles0002"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_articles_article_published_at": ("articles_article", ["published_at"]),
    "ix_articles_article_category_visible": ("articles_article",
                                             ["category_id", "status", "published_at"]),
    "ix_articles_article_author_visible": ("articles_article",
                                           ["author_id", "status", "published_at"]),
    "ix_articles_article_tag_tag_id": ("articles_article_tag", ["tag_id"]),
}


def upgrade():
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade():
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
