"""Dashboard widgets: a partner's way in (they have no newsroom menu), and for the desk,
the advertorials waiting for review."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from cms.api import Role, User
from plugins.advertorial.partners import partner_link
from plugins.advertorial.services import waiting_for_review


def widget(user: User) -> Markup | None:
    link = partner_link(user)
    if link is not None:
        return Markup(render_template("plugins/advertorial/portal/widget.html",
                                      sponsor=link.sponsor))
    if not user.has_role(Role.EDITOR):
        return None
    return Markup(render_template("plugins/advertorial/admin/widget.html",
                                  waiting=waiting_for_review()))
