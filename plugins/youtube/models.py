"""The plugin's tables: an article's featured video, kept beside the core record, and the
site's own copy of each video's thumbnail."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cms.api import db
from plugins.articles.api import Media
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


class VideoThumbnail(db.Model):
    """A video's thumbnail, fetched once and kept in the media library, so readers'
    browsers load it from this site and contact no Google host before they click."""

    __tablename__ = "youtube_thumbnail"

    video_id: Mapped[str] = mapped_column(String(11), primary_key=True)
    media_id: Mapped[int] = mapped_column(ForeignKey("articles_media.id", ondelete="CASCADE"))

    media: Mapped[Media] = relationship()


MODELS = (FeaturedVideo, VideoThumbnail)
