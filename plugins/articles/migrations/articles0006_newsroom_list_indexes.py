"""indexes for the newsroom's article list and its sorts

Revision ID: articles0006
Revises: articles0005
"""
from alembic import op

revision = "articles0006"
down_revision = "articles0005"
branch_labels = None
depends_on = None

TABLE = "articles_article"
CREATED = {
    "ix_articles_article_updated_at": ["updated_at"],
    "ix_articles_article_created_at": ["created_at"],
    "ix_articles_article_title": ["title"],
    "ix_articles_article_author_updated": ["author_id", "updated_at"],
}


def upgrade():
    for name, columns in CREATED.items():
        op.create_index(name, TABLE, columns)


def downgrade():
    for name in CREATED:
        op.drop_index(name, table_name=TABLE)
