"""The plugin's one table: an article's featured video, kept beside the core record."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from cms.api import db
from plugins.youtube.urls import YouTubeVideo


class FeaturedVideo(db.Model):
    """The video shown above an article's body; only validated parts are stored."""

    __tablename__ = "youtube_featured"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles_article.id", ondelete="CASCADE"), primary_key=True
    )
    video_id: Mapped[str] = mapped_column(String(11))
    start: Mapped[int | None]
    playlist: Mapped[str | None] = mapped_column(String(64))
    shorts: Mapped[bool] = mapped_column(default=False)

    @property
    def video(self) -> YouTubeVideo:
        """Re-validated on every read: a row edited behind the site's back cannot inject."""
        return YouTubeVideo(self.video_id, self.start, self.playlist, self.shorts)


MODELS = (FeaturedVideo,)
