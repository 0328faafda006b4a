"""a rubrik may sit inside a parent rubrik

Revision ID: articles0005
Revises: articles0004
"""
import sqlalchemy as sa
from alembic import op

revision = "articles0005"
down_revision = "articles0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("articles_category", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_articles_category_parent_id_articles_category"),
            "articles_category", ["parent_id"], ["id"], ondelete="SET NULL")


def downgrade():
    with op.batch_alter_table("articles_category", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_articles_category_parent_id_articles_category"), type_="foreignkey")
        batch_op.drop_column("parent_id")
