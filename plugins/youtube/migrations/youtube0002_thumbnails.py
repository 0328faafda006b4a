"""each video's thumbnail, kept in the media library

Revision ID: youtube0002
Revises: youtube0001
"""
import sqlalchemy as sa
from alembic import op

revision = "youtube0002"
down_revision = "youtube0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "youtube_thumbnail",
        sa.Column("video_id", sa.String(length=11), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["media_id"], ["articles_media.id"],
                                name=op.f("fk_youtube_thumbnail_media_id_articles_media"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("video_id", name=op.f("pk_youtube_thumbnail")),
    )


def downgrade():
    op.drop_table("youtube_thumbnail")
