"""Newsroom logic: saving with revisions and optimistic locking, and the publishing workflow.

Views and the importer call these; every change happens in one transaction, so a failing
save leaves nothing half-written, and plugins hear about it only after the commit.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from cms.api import (
    User,
    call_hook,
    clean_html,
    db,
    make_slug,
    unique_slug,
    utcnow,
)
from plugins.articles import permissions
from plugins.articles.credits import CreditError, bare_credit, pairs_of, set_credits
from plugins.articles.dependencies import Shown, invalidate_article, shown_in
from plugins.articles.labels import forget_labels
from plugins.articles.models import (
    Article,
    Category,
    Media,
    Presence,
    Revision,
    SlugRedirect,
    Status,
    Tag,
)
from plugins.articles.queries import neighbours

#: Tags an article may carry.
MAX_TAGS = 20
#: Characters in one tag.
MAX_TAG_LENGTH = 60
PRESENCE_WINDOW = timedelta(seconds=90)


class ArticleError(ValueError):
    """The action was refused; the message tells the writer why."""


class PermissionDenied(ArticleError):
    """The user's role does not allow this action on this article."""


class EditConflict(ArticleError):
    """Someone saved the article after this editor opened it."""

    def __init__(self, article: Article) -> None:
        who = article.author.name if article.author else "?"
        last = db.session.scalar(
            select(Revision).where(Revision.article_id == article.id)
            .order_by(Revision.number.desc()).limit(1)
        )
        if last is not None and last.user is not None:
            who = last.user.name
        super().__init__(_(
            "Artikel ini sudah disimpan oleh %(who)s setelah Anda membukanya. Teks Anda tidak "
            "ditimpakan dan masih ada di editor: salin perubahan Anda, muat ulang, lalu "
            "gabungkan.", who=who))
        self.article = article


@dataclass
class ArticleInput:
    """What a writer submits; everything else (status, author) is decided by the server."""

    title: str
    body: str = ""
    slug: str = ""
    dateline: str = ""
    lead: str = ""
    byline: str = ""
    category_id: int | None = None
    tags: list[str] = field(default_factory=list)
    image_id: int | None = None
    image_caption: str = ""
    image_credit: str = ""
    image_alt: str = ""
    seo_title: str = ""
    seo_description: str = ""
    #: Co-authors as ``(user id, role)`` pairs in byline order; None leaves them as they are.
    credits: list[tuple[int, str]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def parse_tags(text: str) -> list[str]:
    """``"banjir, Kediri ,banjir"`` → ``["banjir", "Kediri"]``; bad tags are refused."""
    names: list[str] = []
    for raw in (text or "").split(","):
        name = " ".join(raw.split())
        if not name:
            continue
        if len(name) > MAX_TAG_LENGTH or not make_slug(name):
            raise ArticleError(_("Tag tidak valid: %(tag)s", tag=name[:80]))
        if name.lower() not in (n.lower() for n in names):
            names.append(name)
    if len(names) > MAX_TAGS:
        raise ArticleError(ngettext("Paling banyak %(num)d tag.", "Paling banyak %(num)d tag.",
                                    MAX_TAGS))
    return names


def get_or_create_tag(name: str) -> Tag:
    slug = make_slug(name)
    tag = db.session.scalar(select(Tag).where(Tag.slug == slug))
    if tag is None:
        tag = Tag(name=name, slug=slug)
        db.session.add(tag)
    return tag


def get_or_create_category(name: str) -> Category:
    slug = make_slug(name)
    category = db.session.scalar(select(Category).where(Category.slug == slug))
    if category is None:
        category = Category(name=name.strip()[:80], slug=slug)
        db.session.add(category)
    return category


def snapshot(article: Article, known: dict[str, Any] | None = None,
             skip_plugins: Collection[str] = ()) -> dict[str, Any]:
    """What a revision keeps: the core fields, and each plugin's fields under its name
    (``"plugins"``), so restoring an old revision brings back its sponsor or video too.

    An import hands in what ``articles_import_batch`` answered for the article
    (``known``) and skips asking the plugins that gave it again.
    """
    plugins: dict[str, Any] = dict(known or {})
    for fields in call_hook("articles_revision_fields", article=article,
                            skip_plugins=skip_plugins):
        plugins.update(fields)
    return {
        "title": article.title, "slug": article.slug, "dateline": article.dateline,
        "lead": article.lead, "body": article.body, "byline": article.byline,
        "category_id": article.category_id, "tags": [t.name for t in article.tags],
        "image_id": article.image_id, "image_caption": article.image_caption,
        "image_credit": article.image_credit, "image_alt": article.image_alt,
        "seo_title": article.seo_title, "seo_description": article.seo_description,
        "credits": [list(pair) for pair in pairs_of(article)], "status": article.status,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "plugins": plugins,
    }


def _add_revision(article: Article, user: User | None, note: str) -> None:
    number = (db.session.scalar(
        select(func.max(Revision.number)).where(Revision.article_id == article.id)
    ) or 0) + 1
    db.session.add(Revision(article_id=article.id, number=number,
                            user_id=user.id if user else None, note=note,
                            data_json=json.dumps(snapshot(article), ensure_ascii=False)))


def _slug_taken(slug: str, article: Article | None) -> bool:
    owner = db.session.scalar(select(Article.id).where(Article.slug == slug))
    if owner is not None and (article is None or owner != article.id):
        return True
    redirect = db.session.get(SlugRedirect, slug)
    return redirect is not None and (article is None or redirect.article_id != article.id)


def _apply(article: Article, data: ArticleInput) -> None:
    title = " ".join((data.title or "").split())
    if not title:
        raise ArticleError(_("Judul wajib diisi."))
    if len(title) > 300:
        raise ArticleError(_("Judul paling panjang 300 karakter."))
    article.title = title
    article.dateline = " ".join(data.dateline.split())[:80]
    article.lead = data.lead.strip()
    article.body = clean_html(data.body or "")
    article.byline = data.byline.strip()[:40]
    article.image_caption = data.image_caption.strip()[:500]
    article.image_credit = bare_credit(data.image_credit)[:200]
    article.image_alt = data.image_alt.strip()[:300]
    article.seo_title = data.seo_title.strip()[:200]
    article.seo_description = data.seo_description.strip()[:300]
    if data.category_id is not None and db.session.get(Category, data.category_id) is None:
        raise ArticleError(_("Rubrik tidak ditemukan."))
    article.category_id = data.category_id
    if data.image_id is not None and db.session.get(Media, data.image_id) is None:
        raise ArticleError(_("Gambar tidak ditemukan di pustaka media."))
    article.image_id = data.image_id
    article.tags = [get_or_create_tag(name) for name in data.tags]
    if data.credits is not None:
        try:
            set_credits(article, data.credits)
        except CreditError as exc:
            raise ArticleError(str(exc)) from None
    _apply_slug(article, data.slug)


def _apply_slug(article: Article, requested: str) -> None:
    wanted = make_slug(requested) if requested.strip() else ""
    if not wanted:
        if article.slug:
            return
        wanted = make_slug(article.title)
    if wanted == article.slug:
        return
    new_slug = unique_slug(wanted, lambda s: _slug_taken(s, article))
    if article.slug and article.published_at is not None:
        # Readers and search engines know the old address: keep it answering with a 301.
        db.session.merge(SlugRedirect(old_slug=article.slug, article_id=article.id))
    article.slug = new_slug


def _commit(article: Article, action: str, before: Shown) -> Article:
    """Commit, then forget the cached pages that showed the article (``before``: its
    :func:`shown_in` ahead of the change) or show it now."""
    try:
        db.session.flush()
        call_hook("articles_changing", article=article, action=action)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        raise
    invalidate_article(article, before,
                       neighbours(article) if article.is_public else (None, None))
    forget_labels()
    call_hook("articles_changed", article=article, action=action)
    return article


def save_article(user: User, data: ArticleInput, article: Article | None = None,
                 expected_version: int | None = None, note: str = "", *,
                 restored_fields: dict[str, Any] | None = None) -> Article:
    """Create or update an article; refuse a save based on an outdated version.

    :param restored_fields: the plugins' fields of a revision being restored, handed to
        ``articles_restore_fields`` after the editor's fields and before the new revision
        is taken, so that revision records what was restored.
    """
    if article is None:
        if not permissions.can_write(user):
            raise PermissionDenied(_("Anda tidak boleh menulis artikel."))
        article = Article(author_id=user.id, status=Status.DRAFT.value, slug="", version=0)
    else:
        if not permissions.can_edit(user, article):
            raise PermissionDenied(_("Anda tidak boleh mengubah artikel ini."))
        if expected_version is not None and expected_version != article.version:
            raise EditConflict(article)
    before = shown_in(article)
    try:
        _apply(article, data)
        article.version += 1
        article.updated_at = utcnow()
        db.session.add(article)
        db.session.flush()
        try:
            call_hook("articles_save_fields", critical=True, article=article,
                      values=data.extra)
            if restored_fields is not None:
                call_hook("articles_restore_fields", critical=True, article=article,
                          fields=restored_fields)
        except ValueError as exc:
            raise ArticleError(str(exc)) from None
        _add_revision(article, user, note or _("Disimpan"))
    except Exception:
        db.session.rollback()
        raise
    return _commit(article, "saved", before)


def _transition(article: Article, user: User, status: Status, note: str,
                published_at: datetime | None = None) -> Shown:
    """Move the article to ``status``; returns what showed it before (see ``_commit``)."""
    before = shown_in(article)
    article.status = status.value
    if published_at is not None:
        article.published_at = published_at
    article.version += 1
    article.updated_at = utcnow()
    _add_revision(article, user, note)
    return before


def submit_for_review(user: User, article: Article) -> Article:
    """Send a draft to the editors; only its writer (or an editor) may."""
    if not permissions.can_edit(user, article) or article.status != Status.DRAFT:
        raise PermissionDenied(_("Hanya draf yang bisa diajukan ke redaktur."))
    before = _transition(article, user, Status.REVIEW, _("Diajukan ke redaktur"))
    return _commit(article, "saved", before)


def publish(user: User, article: Article, when: datetime | None = None) -> Article:
    """Publish now, or schedule when ``when`` is in the future (it appears on its own)."""
    if not permissions.can_publish(user):
        raise PermissionDenied(_("Hanya redaktur yang boleh menerbitkan."))
    refusals = call_hook("articles_check_publish", critical=True, article=article)
    if refusals:
        raise ArticleError(" ".join(refusals))
    now = utcnow()
    when = when or (article.published_at if article.status == Status.SCHEDULED else None) or now
    if when > now:
        before = _transition(article, user, Status.SCHEDULED, _("Dijadwalkan"), when)
    else:
        before = _transition(article, user, Status.PUBLISHED, _("Diterbitkan"), when)
    return _commit(article, "published", before)


def unpublish(user: User, article: Article) -> Article:
    if not permissions.can_publish(user):
        raise PermissionDenied(_("Hanya redaktur yang boleh menarik artikel."))
    before = _transition(article, user, Status.DRAFT, _("Ditarik dari situs"))
    return _commit(article, "unpublished", before)


def archive(user: User, article: Article) -> Article:
    if not permissions.can_publish(user):
        raise PermissionDenied(_("Hanya redaktur yang boleh mengarsipkan."))
    before = _transition(article, user, Status.ARCHIVED, _("Diarsipkan"))
    return _commit(article, "archived", before)


def withdraw(user: User, article: Article, note: str) -> Article:
    """Take a published story down; its text stays in the revisions for the newsroom."""
    if not permissions.can_publish(user):
        raise PermissionDenied(_("Hanya redaktur yang boleh mencabut berita."))
    before = _transition(article, user, Status.WITHDRAWN, note)
    return _commit(article, "withdrawn", before)


def record_update(user: User, article: Article, note: str) -> Article:
    """Mark a visible change that is not an edit of the text (a correction notice, a note):
    the article's "updated" time moves, a revision records who and why, caches follow."""
    if not permissions.can_publish(user):
        raise PermissionDenied(_("Hanya redaktur yang boleh melakukan ini."))
    before = shown_in(article)
    article.updated_at = utcnow()
    article.version += 1
    _add_revision(article, user, note)
    return _commit(article, "updated", before)


def delete_article(user: User, article: Article) -> None:
    if not permissions.can_delete(user, article):
        raise PermissionDenied(_("Anda tidak boleh menghapus artikel ini."))
    before = shown_in(article)
    db.session.delete(article)
    db.session.commit()
    invalidate_article(None, before)
    call_hook("articles_changed", article=article, action="deleted")


def input_from_snapshot(data: dict[str, Any]) -> ArticleInput:
    """The core fields of a snapshot; plugins' fields are restored through their hook."""
    fields = set(ArticleInput.__dataclass_fields__) - {"extra"}
    return ArticleInput(**{k: v for k, v in data.items() if k in fields})


def restore_revision(user: User, article: Article, revision: Revision) -> Article:
    """Bring back an older text as a new revision; history itself is never rewritten."""
    data = input_from_snapshot(revision.data)
    if data.credits is not None:  # a co-author whose account is gone is left out
        known = set(db.session.scalars(select(User.id).where(
            User.id.in_([user_id for user_id, _role in data.credits]))))
        data.credits = [(user_id, role) for user_id, role in data.credits if user_id in known]
    if data.category_id is not None and db.session.get(Category, data.category_id) is None:
        data.category_id = None
    if data.image_id is not None and db.session.get(Media, data.image_id) is None:
        data.image_id = None
    # A revision taken before plugins kept their fields has none: theirs stay as they are.
    return save_article(user, data, article,
                        note=_("Dipulihkan dari revisi #%(n)d", n=revision.number),
                        restored_fields=revision.data.get("plugins", {}))


def touch_presence(article: Article, user: User) -> list[User]:
    """Record that ``user`` has the article open; return the others who have it open too."""
    now = utcnow()
    row = db.session.get(Presence, (article.id, user.id))
    if row is None:
        db.session.add(Presence(article_id=article.id, user_id=user.id, seen_at=now))
    else:
        row.seen_at = now
    db.session.commit()
    others = db.session.scalars(
        select(Presence).where(Presence.article_id == article.id, Presence.user_id != user.id,
                               Presence.seen_at >= now - PRESENCE_WINDOW)
    ).all()
    return [p.user for p in others]


def as_dict(data: ArticleInput) -> dict[str, Any]:
    return asdict(data)
