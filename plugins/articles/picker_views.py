"""JSON endpoints of the media picker: search, upload, and edit an image's words.

Every POST carries the CSRF token in ``X-CSRFToken`` (the core's CSRF protection checks
it before the view runs); every refusal is a 4xx with ``{"error": message}``.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from cms.api import Role, invalidate, role_required
from plugins.articles import media, picker
from plugins.articles.desk import refused_upload, save_posted_image, upload_limit

bp = Blueprint("articles_picker", __name__, url_prefix="/admin/media/picker")


def _refused(message: str, status: int = 400):
    return jsonify(error=message), status


@bp.route("/search")
@role_required(Role.JOURNALIST)
def search():
    """``?q=&credit=&uploader=&from=&to=&page=``: one page of the images the user may pick."""
    try:
        wanted = picker.parse_search(request.args)
    except picker.PickerInputError as exc:
        return _refused(str(exc))
    return jsonify(picker.search_page(current_user, wanted))


@bp.route("/upload", methods=["POST"])
@upload_limit
@role_required(Role.JOURNALIST)
def upload():
    """An upload from the picker, answered with the new image as the search lists it."""
    try:
        item = save_posted_image()
    except media.ImageRejected as exc:
        return refused_upload(exc)
    return jsonify(picker.item_json(item, current_user)), 201


@bp.route("/<int:number>", methods=["POST"])
@role_required(Role.JOURNALIST)
def details(number: int):
    """Change the alternative text, caption or credit of media number ``number`` (JSON)."""
    item = picker.visible_media(current_user, number)
    if item is None:
        return _refused(_("Gambar itu tidak ada di pustaka media Anda."), 404)
    if not picker.can_edit(current_user, item):
        return _refused(_("Hanya pengunggah gambar atau redaktur yang boleh mengubah "
                          "keterangannya."), 403)
    values = request.get_json(silent=True)
    if not isinstance(values, dict):
        return _refused(_("Kirim isian sebagai objek JSON: alt, caption, credit."))
    try:
        picker.update_details(item, values)
    except picker.PickerInputError as exc:
        return _refused(str(exc))
    invalidate()  # a featured image's alternative text shows on published pages
    return jsonify(picker.item_json(item, current_user))
