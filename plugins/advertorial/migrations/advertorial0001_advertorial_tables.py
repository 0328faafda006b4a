"""advertorial tables: sponsors, contracts, marked articles, partner accounts

Revision ID: advertorial0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "advertorial0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "advertorial_sponsor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=150), nullable=False),
        sa.Column("slug", sa.String(length=160), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("logo_id", sa.Integer(), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=False),
        sa.Column("contact", sa.String(length=300), nullable=False),
        sa.Column("disclosure", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["logo_id"], ["articles_media.id"],
                                name=op.f("fk_advertorial_sponsor_logo_id_articles_media"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advertorial_sponsor")),
        sa.UniqueConstraint("slug", name=op.f("uq_advertorial_sponsor_slug")),
    )
    op.create_table(
        "advertorial_contract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sponsor_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=80), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("quota", sa.Integer(), nullable=False),
        sa.Column("price_note", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["sponsor_id"], ["advertorial_sponsor.id"],
                                name=op.f("fk_advertorial_contract_sponsor_id_advertorial_sponsor"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advertorial_contract")),
    )
    op.create_index(op.f("ix_advertorial_contract_sponsor_id"), "advertorial_contract",
                    ["sponsor_id"], unique=False)
    op.create_table(
        "advertorial_article",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("sponsor_id", sa.Integer(), nullable=True),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles_article.id"],
                                name=op.f("fk_advertorial_article_article_id_articles_article"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["contract_id"], ["advertorial_contract.id"],
                                name=op.f("fk_advertorial_article_contract_id_advertorial_contract"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["sponsor_id"], ["advertorial_sponsor.id"],
                                name=op.f("fk_advertorial_article_sponsor_id_advertorial_sponsor")),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_advertorial_article")),
    )
    op.create_index(op.f("ix_advertorial_article_sponsor_id"), "advertorial_article",
                    ["sponsor_id"], unique=False)
    op.create_index(op.f("ix_advertorial_article_contract_id"), "advertorial_article",
                    ["contract_id"], unique=False)
    op.create_table(
        "advertorial_partner_user",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("sponsor_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["sponsor_id"], ["advertorial_sponsor.id"],
                                name=op.f("fk_advertorial_partner_user_sponsor_id_advertorial_sponsor"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"],
                                name=op.f("fk_advertorial_partner_user_user_id_user"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_advertorial_partner_user")),
    )
    op.create_index(op.f("ix_advertorial_partner_user_sponsor_id"), "advertorial_partner_user",
                    ["sponsor_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_advertorial_partner_user_sponsor_id"),
                  table_name="advertorial_partner_user")
    op.drop_table("advertorial_partner_user")
    op.drop_index(op.f("ix_advertorial_article_contract_id"), table_name="advertorial_article")
    op.drop_index(op.f("ix_advertorial_article_sponsor_id"), table_name="advertorial_article")
    op.drop_table("advertorial_article")
    op.drop_index(op.f("ix_advertorial_contract_sponsor_id"), table_name="advertorial_contract")
    op.drop_table("advertorial_contract")
    op.drop_table("advertorial_sponsor")
