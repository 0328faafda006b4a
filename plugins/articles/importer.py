"""Bulk import of articles from JSON lines, the shape real sites export and bench/ generates.

Two passes: every line is checked first (nothing is written when a line is bad, unless
``skip_bad``), then the file is read again and the valid lines are written in batches,
one transaction each, so a batch that fails is rolled back whole and memory holds one
batch, not the file. Fields that belong to other plugins (advertorial, sponsor,
youtube_*) are checked by them through ``articles_check_import`` with the core fields,
so a bad one is reported by line like any other, and reach them for writing through
``articles_import_batch`` (a whole batch) or ``articles_import_fields`` (per article).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select

from cms.api import (
    Role,
    User,
    call_hook,
    clean_html,
    db,
    hook_implementers,
    invalidate,
    make_slug,
    unique_slug,
    utcnow,
)
from plugins.articles.credits import import_credits
from plugins.articles.credits import parse_import as parse_import_credits
from plugins.articles.labels import forget_labels
from plugins.articles.models import Article, Category, Revision, Status, Tag
from plugins.articles.services import MAX_TAG_LENGTH, MAX_TAGS, snapshot

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
AUTHOR_DOMAIN = "penulis.invalid"  # import-made authors cannot log in or receive mail
MAX_LINE_BYTES = 8 * 1024 * 1024


@dataclass
class LineError:
    line: int
    reason: str


@dataclass
class ImportReport:
    imported: int = 0
    checked: int = 0
    errors: list[LineError] = field(default_factory=list)


@dataclass
class Record:
    """One checked import record; ``article_id`` set means "update that article" instead
    of creating one, and ``note`` is the note of the revision the write records."""

    line: int
    data: dict[str, Any]
    published_at: datetime
    status: Status
    article_id: int | None = None
    note: str = "Diimpor"


class ImportLineError(ValueError):
    """An import record Warta cannot take; the message names the field and the problem."""


def _text(data: dict[str, Any], key: str, limit: int, required: bool = False) -> str:
    value = data.get(key)
    if value is None:
        if required:
            raise ImportLineError(_("'%(key)s' tidak ada", key=key))
        return ""
    if not isinstance(value, str):
        raise ImportLineError(_("'%(key)s' harus berupa teks", key=key))
    value = value.strip()
    if required and not value:
        raise ImportLineError(_("'%(key)s' kosong", key=key))
    if len(value) > limit:
        raise ImportLineError(_("'%(key)s' lebih dari %(limit)d karakter", key=key, limit=limit))
    return value


def parse_published_at(value: Any, zone: ZoneInfo) -> datetime | None:
    """ISO 8601; a time without offset is the site's local time. Returns naive UTC."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ImportLineError(_("'published_at' harus teks ISO 8601 atau null"))
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ImportLineError(_("'published_at' bukan ISO 8601: %(value)s",
                                value=repr(value[:40]))) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC).replace(tzinfo=None)


def check_record(data: Any, line: int, zone: ZoneInfo, now: datetime) -> Record:
    """The line's core fields, then the plugins' fields; the first problem is raised."""
    if not isinstance(data, dict):
        raise ImportLineError(_("setiap baris harus berupa objek JSON"))
    _text(data, "title", 300, required=True)
    slug = _text(data, "slug", 200)
    if slug and not SLUG_PATTERN.match(slug):
        raise ImportLineError(_("'slug' harus kata-kata huruf kecil yang disambung '-': %(slug)s",
                                slug=repr(slug[:60])))
    for key, limit in (("dateline", 80), ("lead", 5000), ("author", 120), ("byline", 40),
                       ("seo_title", 200), ("seo_description", 300)):
        _text(data, key, limit)
    category = _text(data, "category", 80)
    if category and not make_slug(category):
        raise ImportLineError(_("'category' harus memuat huruf atau angka"))
    body = data.get("body_html", "")
    if not isinstance(body, str):
        raise ImportLineError(_("'body_html' harus berupa teks"))
    tags = data.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ImportLineError(_("'tags' harus daftar teks"))
    if len(tags) > MAX_TAGS or any(len(t) > MAX_TAG_LENGTH or not make_slug(t) for t in tags):
        raise ImportLineError(_("'tags' paling banyak %(num)d tag dari huruf atau angka",
                                num=MAX_TAGS))
    try:
        parse_import_credits(data.get("authors"))
    except ValueError as exc:
        raise ImportLineError(str(exc)) from None
    status = data.get("status", "published")
    if status not in ("draft", "published"):
        raise ImportLineError(_("'status' harus 'draft' atau 'published'"))
    published_at = parse_published_at(data.get("published_at"), zone) or now
    problems = call_hook("articles_check_import", record=data)
    if problems:
        raise ImportLineError("; ".join(problems))
    if status == "draft":
        final = Status.DRAFT
    else:
        final = Status.SCHEDULED if published_at > now else Status.PUBLISHED
    return Record(line, data, published_at, final)


def read_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with path.open("rb") as handle:
        yield from enumerate(handle, start=1)


class Importer:
    """Write checked records, caching the categories, tags and authors it has seen."""

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self.categories: dict[str, Category] = {}
        self.tags: dict[str, Tag] = {}
        self.authors: dict[str, User] = {}
        self.slugs = set(db.session.scalars(select(Article.slug)))
        #: One moment for every line: what is "scheduled" must not change between passes.
        self.now = utcnow()
        #: Plugins that take a whole batch (``articles_import_batch``): not asked per article.
        self.batch_plugins = hook_implementers("articles_import_batch")

    def check(self, lines: Iterable[tuple[int, bytes]], report: ImportReport) -> list[int]:
        """Check every line; return the numbers of the good ones.

        Not the records: they are read again to be written (:meth:`record`), so an
        import holds one batch of articles in memory, however long its file.
        """
        good: list[int] = []
        seen: dict[str, int] = {}
        for number, raw in lines:
            if not raw.strip():
                continue
            report.checked += 1
            try:
                record = self.record(number, raw)
                slug = record.data.get("slug") or ""
                if slug in self.slugs:
                    raise ImportLineError(_("slug %(slug)s sudah dipakai artikel lain",
                                                  slug=repr(slug)))
                if slug and slug in seen:
                    raise ImportLineError(_("slug %(slug)s juga ada di baris %(line)d",
                                            slug=repr(slug), line=seen[slug]))
                if slug:
                    seen[slug] = number
            except (ImportLineError, json.JSONDecodeError) as exc:
                report.errors.append(LineError(number, _reason(exc)))
                continue
            good.append(number)
        self.slugs.update(seen)
        return good

    def record(self, number: int, raw: bytes) -> Record:
        """Line ``number`` as a checked record (its slug's uniqueness is :meth:`check`'s)."""
        if len(raw) > MAX_LINE_BYTES:
            raise ImportLineError(f"line is longer than {MAX_LINE_BYTES} bytes")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportLineError(_("bukan UTF-8 (bita ke-%(byte)d)",
                                    byte=exc.start + 1)) from None
        return check_record(json.loads(text), number, self.zone, self.now)

    def write(self, records: list[Record]) -> list[int]:
        """One transaction: all of ``records`` are written, or none (on any exception).

        Written a batch at a time, not an article at a time: the batch's rubrik, tags and
        authors are looked up in one query each, its articles inserted in one flush (one
        multi-row ``INSERT`` per table), the plugins that can take their fields for the
        whole batch (``articles_import_batch``) do so at once and hand back what the
        revisions keep, so nothing just written is read back article by article.
        """
        try:
            self._preload(records)
            with db.session.no_autoflush:
                articles = [self._fill(record) for record in records]
            db.session.flush()
            kept = self._plugin_fields(articles, records)
            db.session.flush()
            db.session.add_all(
                Revision(article_id=article.id, number=article.version, note=record.note,
                         data_json=json.dumps(snapshot(article, kept.get(article.id),
                                                       self.batch_plugins),
                                              ensure_ascii=False))
                for article, record in zip(articles, records, strict=True))
            ids = [article.id for article in articles]  # before the commit expires them
            db.session.commit()
        except Exception:
            db.session.rollback()
            self.categories.clear()
            self.tags.clear()
            self.authors.clear()
            raise
        return ids

    def _plugin_fields(self, articles: list[Article],
                       records: list[Record]) -> dict[int, dict[str, Any]]:
        """Co-authors, then the plugins' fields; returns the revision fields the bulk hook's
        plugins answered, by article id."""
        with db.session.no_autoflush:
            for article, record in zip(articles, records, strict=True):
                import_credits(article, record.data, self._author)
                try:
                    call_hook("articles_import_fields", critical=True,
                              skip_plugins=self.batch_plugins, article=article,
                              record=record.data)
                except ValueError as exc:
                    raise ImportLineError(f"line {record.line}: {exc}") from exc
            try:
                answers = call_hook("articles_import_batch", critical=True, articles=articles,
                                    records=[record.data for record in records])
            except ValueError as exc:
                raise ImportLineError(str(exc)) from exc
        kept: dict[int, dict[str, Any]] = {}
        for answer in answers:
            for article_id, fields in answer.items():
                kept.setdefault(article_id, {}).update(fields)
        return kept

    def _fill(self, record: Record) -> Article:
        """The article ``record`` creates or updates, with its core fields (not flushed)."""
        data = record.data
        try:
            body = clean_html(data.get("body_html") or "")
        except ValueError as exc:  # beyond the sanitizer's limits (HtmlTooLarge)
            raise ImportLineError(f"line {record.line}: {exc}") from exc
        article = db.session.get(Article, record.article_id) if record.article_id else None
        if article is None:
            slug = data.get("slug") or self.free_slug(make_slug(data["title"]))
            article = Article(slug=slug, created_at=record.published_at, version=1,
                              credits=[])
            db.session.add(article)
            self.slugs.add(slug)
        else:
            article.version += 1
        article.title = " ".join(data["title"].split())
        article.dateline = (data.get("dateline") or "").strip()
        article.lead = (data.get("lead") or "").strip()
        article.body = body
        article.byline = (data.get("byline") or "").strip()
        article.seo_title = (data.get("seo_title") or "").strip()
        article.seo_description = (data.get("seo_description") or "").strip()
        article.status = record.status.value
        article.published_at = article.updated_at = record.published_at
        article.category = self._category(data["category"]) if data.get("category") else None
        if data.get("author"):
            article.author = self._author(data["author"])
        tags = map(self._tag, data.get("tags") or [])
        article.tags = list({id(tag): tag for tag in tags}.values())  # "Banjir" = "banjir"
        return article

    def free_slug(self, base: str) -> str:
        """``base``, or ``base-2``…, whichever no article (nor this import) uses yet."""
        return unique_slug(base, self.slugs.__contains__)

    def _preload(self, records: list[Record]) -> None:
        """Find the batch's rubrik, tags and authors in one query each, not one per name."""
        categories = {make_slug(r.data["category"]) for r in records if r.data.get("category")}
        categories -= self.categories.keys()
        if categories:
            for category in db.session.scalars(
                    select(Category).where(Category.slug.in_(categories))):
                self.categories[category.slug] = category
        tags = {make_slug(name) for r in records for name in r.data.get("tags") or []}
        tags -= self.tags.keys()
        if tags:
            for tag in db.session.scalars(select(Tag).where(Tag.slug.in_(tags))):
                self.tags[tag.slug] = tag
        handles = [r.data["author"].strip() for r in records if r.data.get("author")]
        handles += [entry["name"] for r in records
                    for entry in parse_import_credits(r.data.get("authors"))]
        wanted = {handle: handle.lower() for handle in handles
                  if handle.lower() not in self.authors}
        if not wanted:
            return
        emails = {key: _author_email(key) for key in wanted.values()}
        by_email = {user.email: user for user in db.session.scalars(
            select(User).where(User.email.in_(set(emails.values()))))}
        by_name: dict[str, User] = {}
        for user in db.session.scalars(select(User).where(User.name.in_(set(wanted)))
                                       .order_by(User.id)):
            by_name.setdefault(user.name, user)
        for handle, key in wanted.items():
            found = by_email.get(emails[key]) or by_name.get(handle)
            if found is not None:
                self.authors.setdefault(key, found)

    def _category(self, name: str) -> Category:
        slug = make_slug(name)
        if slug not in self.categories:
            self.categories[slug] = Category(name=name.strip(), slug=slug)
        return self.categories[slug]

    def _tag(self, name: str) -> Tag:
        slug = make_slug(name)
        if slug not in self.tags:
            self.tags[slug] = Tag(name=" ".join(name.split()), slug=slug)
        return self.tags[slug]

    def _author(self, handle: str) -> User:
        """The user ``handle`` names (an e-mail or a name), made when the site has none.

        Looked up in the batch's preload, or here for a caller that skipped it
        (the WordPress import's authors)."""
        key = handle.strip().lower()
        if key not in self.authors:
            email = _author_email(key)
            found = db.session.scalar(select(User).where(User.email == email))
            if found is None:
                found = db.session.scalar(select(User).where(User.name == handle.strip())
                                          .order_by(User.id))
            self.authors[key] = found or User(email=email, name=handle.strip(),
                                              role_key=Role.JOURNALIST.key, password_hash=None)
        return self.authors[key]


def _author_email(key: str) -> str:
    """The e-mail an author handle stands for: itself, or an address that cannot log in."""
    return key if "@" in key else f"{make_slug(key) or 'penulis'}@{AUTHOR_DOMAIN}"


def import_jsonl(path: Path, zone: ZoneInfo, *, skip_bad: bool = False, dry_run: bool = False,
                 batch_size: int = 500,
                 progress: Callable[[int], None] | None = None) -> ImportReport:
    """Import ``path``; see the module docstring for the all-or-nothing rules."""
    report = ImportReport()
    importer = Importer(zone)
    try:
        good = importer.check(read_lines(path), report)
    except OSError as exc:
        report.errors.append(LineError(0, f"cannot read the file: {exc.strerror or exc}"))
        return report
    if dry_run or (report.errors and not skip_bad):
        return report
    try:
        for batch in _batches(importer, read_lines(path), set(good), batch_size):
            if not _write_batch(importer, batch, report, skip_bad):
                return report
            if progress is not None:
                progress(len(batch))
    except OSError as exc:
        report.errors.append(LineError(0, f"cannot read the file: {exc.strerror or exc}"))
    except _ChangedLine as changed:
        report.errors.append(changed.error)
    return report


class _ChangedLine(Exception):
    """A line that passed the check fails when read again: the file changed meanwhile."""

    def __init__(self, error: LineError) -> None:
        super().__init__(error.reason)
        self.error = error


def _batches(importer: Importer, lines: Iterable[tuple[int, bytes]], good: set[int],
             size: int) -> Iterator[list[Record]]:
    """The good lines read again, as records, ``size`` at a time."""
    batch: list[Record] = []
    for number, raw in lines:
        if number not in good:
            continue
        try:
            batch.append(importer.record(number, raw))
        except (ImportLineError, json.JSONDecodeError) as exc:
            raise _ChangedLine(LineError(number, _reason(exc))) from exc
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_batch(importer: Importer, batch: list[Record], report: ImportReport,
                 skip_bad: bool) -> bool:
    """Write one batch and tell the plugins; False when the import must stop."""
    try:
        ids = importer.write(batch)
    except ImportLineError as exc:
        report.errors.append(LineError(batch[0].line, f"batch not imported: {exc}"))
        return skip_bad
    report.imported += len(batch)
    invalidate()
    forget_labels()
    call_hook("articles_bulk_changed", article_ids=ids, action="imported")
    return True


def _reason(exc: Exception) -> str:
    """What a bad line's report says."""
    if isinstance(exc, ImportLineError):
        return str(exc)
    return _("bukan JSON: %(error)s", error=str(exc))
