"""a contract refuses or only warns past its quota; an editor's override is kept

Revision ID: advertorial0002
Revises: advertorial0001
"""
import sqlalchemy as sa
from alembic import op

revision = "advertorial0002"
down_revision = "advertorial0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("advertorial_contract", schema=None) as batch_op:
        batch_op.add_column(sa.Column("over_quota", sa.String(length=10), nullable=False,
                                      server_default="refuse"))
    with op.batch_alter_table("advertorial_article", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quota_override_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("quota_override_at", sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_advertorial_article_quota_override_by_user"),
            "user", ["quota_override_by"], ["id"], ondelete="SET NULL")


def downgrade():
    with op.batch_alter_table("advertorial_article", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_advertorial_article_quota_override_by_user"), type_="foreignkey")
        batch_op.drop_column("quota_override_at")
        batch_op.drop_column("quota_override_by")
    with op.batch_alter_table("advertorial_contract", schema=None) as batch_op:
        batch_op.drop_column("over_quota")
