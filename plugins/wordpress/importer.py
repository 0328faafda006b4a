"""``cms import wordpress``: a WordPress export into articles, pages and old addresses.

Passes over the file, each a stream, so memory stays that of one batch. The first reads
everything once: a malformed export stops there, before anything is written, and the
attachments are learnt (for galleries). The second turns each post into the record
``cms import jsonl`` takes and checks it, so a bad item stops the import before any
write (unless ``--skip-bad``); a dry run ends there. Then the attachments are imported
from ``--uploads`` (a missing or broken file is reported, never fatal), and a last pass
does the posts again with their links to uploads rewritten and writes them through the
articles plugin's importer, in batches of one transaction each;
the WordPress id of what was written and the item's old addresses are stored by this
plugin's ``articles_import_fields`` inside that transaction (see ``__init__.py``), so a
batch is written whole or not at all. Items already imported are found by their WordPress
post id and guid: unchanged ones are left alone, edited ones updated.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from cms.api import User, call_hook, db, invalidate, is_plugin_loaded, make_slug, utcnow
from plugins.articles.api import (
    Article,
    ArticleImporter,
    Category,
    ImageRejected,
    ImportLineError,
    ImportRecord,
    Media,
    RubrikCycle,
    Tag,
    check_import_record,
    import_image,
    set_category_parent,
    url_for_media,
)
from plugins.wordpress import items
from plugins.wordpress.content import Converted, convert
from plugins.wordpress.fetch import FetchRefused, fetch_upload
from plugins.wordpress.media import attachment_of, local_file, upload_key
from plugins.wordpress.models import WordpressItem, WordpressRedirect
from plugins.wordpress.report import ItemError, WordpressReport
from plugins.wordpress.wxr import Node, WxrError, open_wxr

#: The record key that carries what this plugin stores alongside an imported article.
RECORD_KEY = "_wordpress"


@dataclass
class Options:
    skip_bad: bool = False
    dry_run: bool = False
    since: datetime | None = None
    sponsors: Mapping[str, str] = field(default_factory=dict)
    advertorial_names: tuple[str, ...] = items.DEFAULT_ADVERTORIAL_NAMES
    batch_size: int = 200
    uploads: Path | None = None
    fetch_from: str | None = None  # the old site's origin, see fetch.py
    progress: Callable[[int], None] | None = None  # told the items read so far in each pass

    @property
    def marks(self) -> frozenset[str]:
        return frozenset(make_slug(name) for name in self.advertorial_names)


class WordpressImport:
    def __init__(self, path: Path, zone: ZoneInfo, options: Options) -> None:
        self.path = path
        self.zone = zone
        self.options = options
        self.report = WordpressReport()
        self.site = items.Site()
        self.known = {row.wp_id: row for row in db.session.scalars(select(WordpressItem))}
        self.redirects = set(db.session.scalars(select(WordpressRedirect.path)))
        self.articles = ArticleImporter(zone)
        self.now = utcnow()
        self.slugs: dict[int, str] = {}  # WordPress id → the new article's slug, both passes
        self.writing = False
        self.media: dict[str, str] = {}  # upload key → the imported image's path
        self.media_ids: dict[int, int] = {}  # attachment id → the imported image's id
        self.attachment_keys: set[str] = set()
        self.unlinked: set[str] = set()  # uploads linked in bodies that no attachment names

    # -- pass one -------------------------------------------------------------------------
    def read_site(self) -> None:
        """Read the whole export once; raises :class:`WxrError` before anything is written."""
        for node in open_wxr(self.path):
            if node.tag == "item":
                if node.get("wp:post_type") == "attachment" and node.get("wp:post_id").isdigit():
                    found = attachment_of(node)
                    self.site.attachments[found.wp_id] = (
                        node.get("wp:attachment_url") or node.get("guid"))
                    self.attachment_keys.add(found.file)
            else:
                self.site.take(node)

    # -- the passes over the items ---------------------------------------------------------
    def items(self) -> Iterator[Node]:
        read = 0
        for node in open_wxr(self.path):
            if node.tag == "item":
                read += 1
                if self.options.progress is not None:
                    self.options.progress(read)
                yield node

    def import_media(self, node: Node) -> None:
        """One attachment into the media library (or counted, in a dry run)."""
        found = attachment_of(node)
        known = self.known.get(found.wp_id)
        media = db.session.get(Media, known.target_id) if known is not None else None
        if media is not None:
            self._learn(found.wp_id, found.file, media.id, media.path)
            self.report.unchanged["media"] += 1
            return
        if self.options.uploads is None and self.options.fetch_from is None:
            self.report.skipped.append((node.line, found.file, _("media: tanpa folder --uploads")))
            return
        path = local_file(self.options.uploads, found.file) if self.options.uploads else None
        if self.options.uploads is not None and path is None:
            self.report.missing_media.append(found.file or _("lampiran %(id)s", id=found.wp_id))
            return
        if not self.writing:  # a dry run fetches nothing
            self.report.created["media"] += 1
            return
        limit = current_app.config.get("ARTICLES_MAX_IMAGE_BYTES", 10 * 1024 * 1024)
        try:
            data = (_read_at_most(path, limit + 1) if path is not None
                    else fetch_upload(str(self.options.fetch_from), found.file, limit))
        except (OSError, FetchRefused) as exc:
            self.report.missing_media.append(f"{found.file} ({exc})")
            return
        try:
            media = import_image(io.BytesIO(data), caption=found.caption[:500],
                                 alt=found.alt[:300])
            media_id, media_path = media.id, media.path  # read before the commit expires them
            paths = [items.redirect_key(found.link), f"/?attachment_id={found.wp_id}"]
            remember(found.wp_id, found.guid, "media", media_id, found.file,
                     self._paths([p for p in paths if p != "/"]), known is None)
            db.session.commit()
        except (ImageRejected, SQLAlchemyError) as exc:
            db.session.rollback()
            self.report.skipped.append((node.line, found.file, _("media ditolak: %(error)s",
                                                                error=exc)))
            return
        self._learn(found.wp_id, found.file, media_id, media_path)
        self.report.created["media"] += 1

    def _paths(self, paths: list[str]) -> list[tuple[str, bool]]:
        """Each old address and whether the redirect table lacks it (see :func:`remember`)."""
        paths = list(dict.fromkeys(paths))
        marked = [(path, path not in self.redirects) for path in paths]
        if self.writing:
            self.redirects.update(paths)
        return marked

    def _learn(self, wp_id: int, file: str, media_id: int, media_path: str) -> None:
        self.media_ids[wp_id] = media_id
        if file:
            self.media[file] = media_path

    def _rewrite(self, url: str) -> str:
        key = upload_key(url)
        media_path = self.media.get(key)
        if media_path is not None:
            return url_for_media(media_path)
        if key and key not in self.attachment_keys and key not in self.unlinked:
            self.unlinked.add(key)
            self.report.missing_media.append(_("%(path)s (ditautkan di post, bukan lampiran)",
                                               path=key))
        return url

    def convert_body(self, node: Node) -> Converted:
        return convert(node.raw("content:encoded"), self.site.attachments, self._rewrite)

    def plan(self, node: Node) -> ImportRecord | None:
        """Decide about one item; the report learns of everything not written."""
        kind = node.get("wp:post_type") or "post"
        title = node.get("title")
        self.report.comments += len(node.findall("wp:comment"))
        status = node.get("wp:status")
        if kind == "attachment":
            return None
        if kind not in ("post", "page"):
            self.report.skipped.append((node.line, title, _("jenis post '%(kind)s'", kind=kind)))
            return None
        if items.STATUSES.get(status, ("", "")) is None:
            self.report.skipped.append((node.line, title, _("status '%(status)s'", status=status)))
            return None
        if self.options.since is not None:
            changed = items.modified_at(node)
            if changed is not None and changed < self.options.since:
                self.report.skipped.append((node.line, title, _("lebih lama dari --since")))
                return None
        if not node.get("wp:post_id").isdigit():
            self.report.errors.append(ItemError(node.line, "<wp:post_id> is missing"))
            return None
        if kind == "page":
            self._page(node)
            return None
        return self._post(node, status)

    def _post(self, node: Node, status: str) -> ImportRecord | None:
        wp_id = int(node.get("wp:post_id"))
        body = self.convert_body(node)
        self.report.unknown_shortcodes.update(body.unknown_shortcodes)
        record = items.article_record(node, self.site, body)
        thumbnail = items.meta(node).get("_thumbnail_id", "").strip()
        image = self.media_ids.get(int(thumbnail)) if thumbnail.isdigit() else None
        warta_status, note = items.STATUSES.get(status) or ("draft", "")
        if node.get("wp:post_password"):
            warta_status, note = "draft", "Diimpor dari WordPress: dilindungi kata sandi"
        record["status"] = warta_status
        terms = items.terms(node, "category") + items.terms(node, "post_tag")
        found = items.advertorial(node.get("title"), node.raw("content:encoded"), terms,
                                  self.options.marks, self.options.sponsors)
        if found is not None:
            if is_plugin_loaded("advertorial"):
                record.update(advertorial=True, sponsor=found.sponsor)
            else:
                record["status"] = "draft"
                note = "Diimpor dari WordPress: advertorial, tetapi plugin advertorial mati"
            self.report.advertorials.append((str(record["title"]), found.how, found.sponsor))
        fingerprint = items.checksum({**record, "note": note,
                                      "image": image})
        known = self.known.get(wp_id)
        guid = node.get("guid")[:500]
        if known is not None and known.guid and guid and known.guid != guid:
            self.report.errors.append(ItemError(node.line, _(
                "post %(id)s diimpor dari situs lain (guid-nya berbeda)", id=wp_id)))
            return None
        target = None
        if known is not None and db.session.get(Article, known.target_id) is not None:
            if known.checksum == fingerprint:
                self.report.unchanged["article"] += 1
                return None
            target = known.target_id
        else:
            record["slug"] = self._slug(wp_id, node, str(record["title"]))
        record[RECORD_KEY] = {"wp_id": wp_id, "guid": guid, "checksum": fingerprint,
                              "new": known is None,
                              "paths": self._paths(items.old_paths(node, "post")),
                              "image_id": image}
        try:
            checked = check_import_record(record, node.line, self.zone, self.now)
        except ImportLineError as exc:
            self.report.errors.append(ItemError(node.line, str(exc)))
            return None
        checked.article_id = target
        checked.note = note
        (self.report.updated if target else self.report.created)["article"] += 1
        if self.options.dry_run:
            self.report.planned.append(
                (_("perbarui artikel: %(title)s") if target else _("buat artikel: %(title)s"))
                % {"title": repr(record["title"])})
        return checked

    def _slug(self, wp_id: int, node: Node, title: str) -> str:
        """The new article's address: WordPress's post name when no article has it."""
        if wp_id not in self.slugs:
            wanted = items.clean_slug(node.get("wp:post_name")) or make_slug(title) or "berita"
            self.slugs[wp_id] = self.articles.free_slug(wanted)
            self.articles.slugs.add(self.slugs[wp_id])
        return self.slugs[wp_id]

    def _page(self, node: Node) -> None:
        if not is_plugin_loaded("pages"):
            self.report.skipped.append((node.line, node.get("title"), _("plugin pages mati")))
            return
        from plugins.pages.api import import_page

        wp_id = int(node.get("wp:post_id"))
        body = self.convert_body(node)
        self.report.unknown_shortcodes.update(body.unknown_shortcodes)
        title = " ".join(node.get("title").split()) or "Halaman"
        fingerprint = items.checksum({"title": title, "body": body.html})
        known = self.known.get(wp_id)
        if known is not None and known.checksum == fingerprint:
            self.report.unchanged["page"] += 1
            return
        (self.report.updated if known else self.report.created)["page"] += 1
        if self.options.dry_run:
            self.report.planned.append(
                (_("perbarui halaman: %(title)s") if known else _("buat halaman: %(title)s"))
                % {"title": repr(title)})
        if not self.writing:
            return
        try:
            page_id = import_page(title, body.html, items.clean_slug(node.get("wp:post_name")),
                                  known.target_id if known else None)
            remember(wp_id, node.get("guid"), "page", page_id, fingerprint,
                     self._paths(items.old_paths(node, "page")), known is None)
            db.session.commit()
        except (ValueError, SQLAlchemyError) as exc:
            db.session.rollback()
            self.report.errors.append(ItemError(node.line, str(exc).splitlines()[0][:300]))

    def write(self, batch: list[ImportRecord]) -> bool:
        """One batch in one transaction; False when it failed (and was rolled back)."""
        try:
            ids = self.articles.write(batch)
        except (ImportLineError, SQLAlchemyError) as exc:  # rolled back by write()
            reason = str(exc).splitlines()[0][:300]
            self.report.errors.append(ItemError(batch[0].line, _(
                "kelompok ini tidak diimpor: %(reason)s", reason=reason)))
            return False
        invalidate()
        call_hook("articles_bulk_changed", article_ids=ids, action="imported")
        return True

    def keep_rubrik_tree(self) -> None:
        """Put each imported rubrik under its WordPress parent, created if no post used it.

        A rubrik WordPress keeps at the top stays where an editor may have put it; a parent
        that would make a loop (the export's or an editor's) is left out and reported.
        """
        deepest_first = sorted(self.site.parents,
                               key=lambda n: -self.site.category_path(n).count("/"))
        for nicename in deepest_first:
            parent_nicename = self.site.parents[nicename]
            name = self.site.categories.get(nicename, "")
            parent_name = self.site.categories.get(parent_nicename, "")
            slug, parent_slug = make_slug(name), make_slug(parent_name)
            category = db.session.scalar(select(Category).where(Category.slug == slug))
            if category is None or not parent_slug:
                continue
            parent = db.session.scalar(select(Category).where(Category.slug == parent_slug))
            if parent is None:
                parent = Category(name=parent_name.strip()[:80], slug=parent_slug)
                db.session.add(parent)
            try:
                set_category_parent(category, parent)
            except RubrikCycle:
                self.report.notes.append(
                    _("rubrik %(name)s: tidak ditaruh di bawah %(parent)s, yang justru ada di "
                      "bawahnya", name=repr(name), parent=repr(parent_name)))

    def archive_redirects(self) -> None:
        """The rubrik (placed in their tree first), tag, author and feed addresses of the
        old site."""
        self.keep_rubrik_tree()
        for nicename, name in self.site.categories.items():
            category = db.session.scalar(select(Category).where(Category.slug == make_slug(name)))
            if category is None:
                continue
            paths = [f"/category/{self.site.category_path(nicename)}"]
            if nicename in self.site.category_ids:
                paths.append(f"/?cat={self.site.category_ids[nicename]}")
            for path in paths:
                db.session.merge(WordpressRedirect(path=path, kind="category",
                                                   target_id=category.id))
        for slug, name in self.site.tags.items():
            tag = db.session.scalar(select(Tag).where(Tag.slug == make_slug(name)))
            if tag is not None and slug != tag.slug:
                db.session.merge(WordpressRedirect(path=f"/tag/{slug.lower()}", kind="tag",
                                                   target_id=tag.id))
        for login, name in self.site.authors.items():
            user = db.session.scalar(select(User).where(User.name == name))
            if user is not None:
                db.session.merge(WordpressRedirect(path=f"/author/{login.lower()}",
                                                   kind="author", target_id=user.id))
        for path in ("/feed", "/rss", "/?feed=rss2", "/?feed=rss", "/feed/rss2"):
            db.session.merge(WordpressRedirect(path=path, kind="feed", target_id=0))
        db.session.commit()


def _read_at_most(path: Path, size: int) -> bytes:
    """A local upload, never more than ``size`` bytes (the library refuses what is larger)."""
    with path.open("rb") as handle:
        return handle.read(size)


def remember(wp_id: int, guid: str, kind: str, target_id: int, fingerprint: str,
             paths: list[tuple[str, bool]], new: bool) -> None:
    """Store what ``wp_id`` became and its old addresses (in the caller's transaction).

    :param paths: each old address, and whether it is new to the table (added without a
        look-up, which an import of thousands of posts feels) or replaces a row (merged).
    :param new: whether ``wp_id`` has no row yet.
    """
    item = WordpressItem(wp_id=wp_id, guid=guid[:500], kind=kind, target_id=target_id,
                         checksum=fingerprint, imported_at=utcnow())
    db.session.add(item) if new else db.session.merge(item)
    for path, fresh in paths:
        row = WordpressRedirect(path=path, kind=kind, target_id=target_id)
        db.session.add(row) if fresh else db.session.merge(row)


def import_fields(article: Any, record: dict[str, Any]) -> None:
    """``articles_import_fields``: the WordPress side of an article the import writes."""
    data = record.get(RECORD_KEY)
    if data is None:
        return
    remember(data["wp_id"], data["guid"], "article", article.id, data["checksum"],
             [tuple(pair) for pair in data["paths"]], data["new"])
    if data.get("image_id"):
        article.image_id = data["image_id"]


def import_wordpress(path: Path, zone: ZoneInfo, options: Options) -> WordpressReport:
    """Import the export at ``path``; see the module docstring for the rules."""
    run = WordpressImport(path, zone, options)
    try:
        run.read_site()
        _check(run)
        if options.dry_run or (run.report.errors and not options.skip_bad):
            return run.report
        _write(run)
    except WxrError as exc:  # the file changed between passes, or pass one was skipped
        db.session.rollback()
        run.report.errors.append(ItemError(exc.line, exc.reason))
    except OSError as exc:
        db.session.rollback()
        run.report.errors.append(ItemError(0, _("berkas tidak bisa dibaca: %(error)s",
                                                error=exc.strerror or exc)))
    return run.report


def _check(run: WordpressImport) -> None:
    """Every item decided and checked, nothing written: the dry run's report."""
    for node in run.items():
        if node.get("wp:post_type") == "attachment":
            run.import_media(node)
        else:
            run.plan(node)


def _write(run: WordpressImport) -> None:
    """Media first (posts link to them), then posts and pages in batches."""
    run.report = WordpressReport()
    run.unlinked.clear()
    run.writing = True
    for node in run.items():
        if node.get("wp:post_type") == "attachment":
            run.import_media(node)
    batch: list[ImportRecord] = []
    for node in run.items():
        record = run.plan(node)
        if record is not None:
            batch.append(record)
        if len(batch) >= run.options.batch_size:
            if not run.write(batch) and not run.options.skip_bad:
                return
            batch = []
    if batch and not run.write(batch) and not run.options.skip_bad:
        return
    run.archive_redirects()
    invalidate()
