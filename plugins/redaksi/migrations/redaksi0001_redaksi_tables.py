"""press-law records: corrections, verification notes, withdrawals, audit log

Revision ID: redaksi0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "redaksi0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "redaksi_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles_article.id"], name=op.f("fk_redaksi_correction_article_id_articles_article"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_redaksi_correction_user_id_user"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redaksi_correction")),
    )
    op.create_index(op.f("ix_redaksi_correction_article_id"), "redaksi_correction", ["article_id"])
    op.create_index(op.f("ix_redaksi_correction_created_at"), "redaksi_correction", ["created_at"])

    op.create_table(
        "redaksi_verification",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles_article.id"], name=op.f("fk_redaksi_verification_article_id_articles_article"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_redaksi_verification_user_id_user"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_redaksi_verification")),
    )

    op.create_table(
        "redaksi_withdrawal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles_article.id"], name=op.f("fk_redaksi_withdrawal_article_id_articles_article"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_redaksi_withdrawal_user_id_user"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redaksi_withdrawal")),
    )
    op.create_index(op.f("ix_redaksi_withdrawal_article_id"), "redaksi_withdrawal", ["article_id"])

    op.create_table(
        "redaksi_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_name", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("article_title", sa.String(length=300), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles_article.id"], name=op.f("fk_redaksi_audit_article_id_articles_article"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_redaksi_audit_user_id_user"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redaksi_audit")),
    )
    op.create_index(op.f("ix_redaksi_audit_article_id"), "redaksi_audit", ["article_id"])
    op.create_index(op.f("ix_redaksi_audit_created_at"), "redaksi_audit", ["created_at"])


def downgrade():
    op.drop_table("redaksi_audit")
    op.drop_table("redaksi_withdrawal")
    op.drop_table("redaksi_verification")
    op.drop_table("redaksi_correction")
