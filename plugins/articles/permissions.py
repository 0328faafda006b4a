"""Who may do what with an article: checked on every newsroom route and action."""

from __future__ import annotations

from cms.api import Role, User, call_hook
from plugins.articles.models import Article, Status


def is_editor(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.EDITOR)


def can_write(user: User) -> bool:
    """Journalists and up; plugins may admit others (``articles_can_write``)."""
    if not user.is_authenticated:
        return False
    return user.has_role(Role.JOURNALIST) or any(call_hook("articles_can_write", user=user))


def can_view(user: User, article: Article) -> bool:
    """Editors see every article; a journalist only those they wrote or are credited on
    (drafts of others stay private)."""
    return is_editor(user) or (can_write(user) and (
        article.author_id == user.id or any(c.user_id == user.id for c in article.credits)))


def can_edit(user: User, article: Article) -> bool:
    """Journalists edit their own drafts; once submitted, the desk takes over."""
    if is_editor(user):
        return True
    return can_view(user, article) and article.status == Status.DRAFT


def can_delete(user: User, article: Article) -> bool:
    """As :func:`can_edit`, but a co-author may not delete the main author's article."""
    return can_edit(user, article) and (is_editor(user) or article.author_id == user.id)


def can_publish(user: User) -> bool:
    return is_editor(user)
