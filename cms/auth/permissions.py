"""Role checks for views: every newsroom and admin route declares the role it needs."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from cms.extensions import login_manager
from cms.models import Role

F = TypeVar("F", bound=Callable[..., Any])


def role_required(role: Role) -> Callable[[F], F]:
    """Refuse anonymous users (to the login page) and lower roles (403)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(role):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
