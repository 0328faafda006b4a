"""WordPress import: jobs started from the admin page and run in the background

Revision ID: wordpress0002
Revises: wordpress0001
"""
import sqlalchemy as sa
from alembic import op

revision = "wordpress0002"
down_revision = "wordpress0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "wordpress_import_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("phase", sa.String(length=20), nullable=False),
        sa.Column("file", sa.String(length=100), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("skip_bad", sa.Boolean(), nullable=False),
        sa.Column("items_done", sa.Integer(), nullable=False),
        sa.Column("items_total", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("heartbeat", sa.DateTime(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"],
                                name=op.f("fk_wordpress_import_job_user_id_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wordpress_import_job")),
        sa.UniqueConstraint("slot", name=op.f("uq_wordpress_import_job_slot")),
    )


def downgrade():
    op.drop_table("wordpress_import_job")
