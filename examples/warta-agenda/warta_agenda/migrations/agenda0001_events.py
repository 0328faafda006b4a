"""agenda events

Revision ID: agenda0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "agenda0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "agenda_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("organiser", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_event")),
    )
    op.create_index("ix_agenda_event_starts_at", "agenda_event", ["starts_at"])


def downgrade():
    op.drop_index("ix_agenda_event_starts_at", table_name="agenda_event")
    op.drop_table("agenda_event")
