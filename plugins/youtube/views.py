"""Routes: the public ``/video/`` page and the editor's URL check under ``/admin/youtube``."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request
from flask_babel import gettext as _

from cms.api import Role, db, page_number, role_required
from plugins.articles.api import public_articles
from plugins.youtube.blocks import block_html
from plugins.youtube.render import list_items
from plugins.youtube.urls import InvalidYouTubeURL, parse_youtube_url
from plugins.youtube.videos import has_video

PAGE_SIZE = 12

# Public: the listing, and the facade's script, stylesheet and placeholder.
bp = Blueprint("youtube", __name__, static_folder="static", static_url_path="/video/static")
admin = Blueprint("youtube_admin", __name__, url_prefix="/admin/youtube")


@bp.route("/video/")
def index():
    """Published articles with a video, newest first."""
    page = page_number()
    articles = db.paginate(public_articles().where(has_video()), page=page,
                           per_page=PAGE_SIZE, error_out=False)
    if page > 1 and not articles.items:
        abort(404)
    return render_template("plugins/youtube/video_list.html", articles=articles,
                           items=list_items(articles.items))


@admin.route("/parse", methods=["POST"])
@role_required(Role.JOURNALIST)
def parse():
    """Check a pasted URL for the editor button; answer with the block to insert."""
    payload = request.get_json(silent=True)
    url = payload.get("url") if isinstance(payload, dict) else None
    if not isinstance(url, str):
        return jsonify(error=_("Tempel alamat video YouTube.")), 400
    try:
        video = parse_youtube_url(url)
    except InvalidYouTubeURL as exc:
        return jsonify(error=str(exc)), 400
    return jsonify(video_id=video.video_id, start=video.start, playlist=video.playlist,
                   shorts=video.shorts, html=str(block_html(video)))
