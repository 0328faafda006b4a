"""The newsroom dashboard widget: what waits for whom, and text a writer never saved."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup
from sqlalchemy import func, select

from cms.api import Role, User, db
from plugins.articles import autosave, permissions
from plugins.articles.models import Article, effective_status


def widget(user: User) -> Markup | None:
    if not user.has_role(Role.JOURNALIST):
        return None  # partners write through their own plugin's pages
    status = effective_status()
    query = select(status, func.count()).group_by(status)
    if not permissions.is_editor(user):
        query = query.where(Article.author_id == user.id)
    counts = dict(db.session.execute(query).all())
    return Markup(render_template("plugins/articles/admin/widget.html", counts=counts,
                                  drafts=autosave.unrecovered(user),
                                  draft_title=autosave.title_of))
