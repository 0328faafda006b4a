"""Partners: a sponsor's press officer writes drafts for that sponsor and reads its reports.

A partner is a user of role ``partner`` linked to exactly one sponsor. Everything a
partner reaches is granted here; every other page stays closed (403) because the core
and the newsroom check for journalist rank or above.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, has_request_context
from flask_login import current_user

from cms.api import Role, User, db, role_required
from plugins.advertorial.models import PartnerUser, Sponsor

F = TypeVar("F", bound=Callable[..., Any])


def partner_link(user: User) -> PartnerUser | None:
    """The sponsor link of a logged-in partner; ``None`` for everyone else."""
    if not user.is_authenticated or user.role is not Role.PARTNER:
        return None
    return db.session.get(PartnerUser, user.id)


def current_partner() -> PartnerUser | None:
    """The partner behind this request, when there is a request and it is a partner's."""
    return partner_link(current_user) if has_request_context() else None


def may_see_sponsor(user: User, sponsor: Sponsor) -> bool:
    """Editors see every sponsor's reports; a partner only their own sponsor's."""
    if user.is_authenticated and user.has_role(Role.EDITOR):
        return True
    link = partner_link(user)
    return link is not None and link.sponsor_id == sponsor.id


def partner_required(view: F) -> F:
    """Admit only partners linked to a sponsor; anonymous users go to the login page.

    ``role_required`` at the lowest rank does the login part as every admin page does.
    """

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if partner_link(current_user) is None:
            abort(403)
        return view(*args, **kwargs)

    return role_required(Role.PARTNER)(wrapped)  # type: ignore[return-value]
