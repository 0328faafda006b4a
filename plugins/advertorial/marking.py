"""Marking an article as an advertorial: the editor's fields, saving, publishing, import,
revisions.

A draft may be marked before its sponsor is known; publishing is what the press council's
guideline guards, so a marked article is published only with a sponsor and a label, and
a public advertorial cannot be saved without them either.
"""

from __future__ import annotations

from typing import Any

from flask import flash, has_request_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import BooleanField, SelectField
from wtforms.fields.choices import SelectChoice

from cms.api import Role, db, make_slug, unique_slug, utcnow
from plugins.advertorial import contracts
from plugins.advertorial.labels import forget_marking
from plugins.advertorial.models import (
    DEFAULT_LABEL,
    LABELS,
    AdvertorialArticle,
    Contract,
    Sponsor,
)
from plugins.advertorial.partners import current_partner
from plugins.articles.api import Article, Status

#: The byline code's suffix for paid content, as in the newsroom's "(bsr1/adv)".
BYLINE_SUFFIX = "adv"
BYLINE_LENGTH = 40
PUBLIC_STATUSES = (Status.PUBLISHED.value, Status.SCHEDULED.value)


def with_adv(byline: str) -> str:
    """``"bsr1"`` → ``"bsr1/adv"``; already marked codes stay as they are."""
    code = byline.strip()
    if code.split("/")[-1].lower() == BYLINE_SUFFIX:
        return code
    if not code:
        return BYLINE_SUFFIX
    return f"{code[:BYLINE_LENGTH - len(BYLINE_SUFFIX) - 1]}/{BYLINE_SUFFIX}"


def without_adv(byline: str) -> str:
    """``"bsr1/adv"`` → ``"bsr1"``, for an article that is no longer paid content."""
    parts = byline.strip().split("/")
    if parts[-1].lower() == BYLINE_SUFFIX:
        parts.pop()
    return "/".join(parts)


def _sponsor_choices() -> list[SelectChoice]:
    sponsors = db.session.scalars(select(Sponsor).order_by(Sponsor.name)).all()
    return [SelectChoice("", _l("— pilih sponsor —"))] + [
        SelectChoice(str(s.id), s.name) for s in sponsors]


def _contract_choices() -> list[SelectChoice]:
    rows = db.session.execute(
        select(Contract.id, Contract.number, Sponsor.name).join(Sponsor)
        .order_by(Sponsor.name, Contract.starts_on.desc())).all()
    return [SelectChoice("", _l("— tanpa kontrak —"))] + [
        SelectChoice(str(id_), f"{sponsor} · {number}") for id_, number, sponsor in rows]


def _label_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("— pilih label —"))] + [SelectChoice(w, w) for w in LABELS]


def form_fields() -> dict[str, Any]:
    """The editor's advertorial fields; they are checked on save, where a refusal keeps
    the writer's text."""
    return {
        "advertorial": BooleanField(
            _l("Advertorial (konten berbayar)"),
            description=_l("Diberi label di semua tampilan dan tidak masuk Google News.")),
        "advertorial_sponsor": SelectField(
            _l("Sponsor"), choices=_sponsor_choices, validate_choice=False,
            description=_l("Wajib sebelum advertorial diterbitkan.")),
        "advertorial_contract": SelectField(
            _l("Kontrak"), choices=_contract_choices, validate_choice=False),
        "advertorial_label": SelectField(
            _l("Label advertorial"), choices=_label_choices, default=DEFAULT_LABEL,
            validate_choice=False),
        "advertorial_quota_override": BooleanField(
            _l("Izinkan melebihi kuota kontrak"),
            description=_l("Hanya redaktur. Dicatat dengan nama Anda di riwayat revisi.")),
    }


def form_values(article: Article | None) -> dict[str, Any]:
    row = db.session.get(AdvertorialArticle, article.id) if article is not None else None
    if row is None:
        return {}
    return {
        "advertorial": True,
        "advertorial_sponsor": str(row.sponsor_id or ""),
        "advertorial_contract": str(row.contract_id or ""),
        "advertorial_label": row.label,
        "advertorial_quota_override": row.quota_override_by is not None,
    }


def _id(value: Any) -> int | None:
    text = str(value or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(_("Pilihan tidak valid: %(value)s", value=text[:20]))
    return int(text)


def publish_refusal(sponsor_id: int | None, label: str) -> str | None:
    """The message refusing to publish an advertorial without a sponsor or a label."""
    if sponsor_id is not None and label:
        return None
    if sponsor_id is None and not label:
        missing = _("sponsor dan label")
    else:
        missing = _("sponsor") if sponsor_id is None else _("label")
    return _(
        "Advertorial belum bisa diterbitkan: pilih %(missing)s dulu. Pedoman Pemberitaan "
        "Media Siber (butir 6) mewajibkan setiap konten berbayar diberi label seperti "
        "Advertorial, Iklan, Ads atau Sponsored.", missing=missing)


def save_fields(article: Article, values: dict[str, Any]) -> None:
    """Store the marking; ``ValueError`` refuses the save with a message for the writer.

    Saves that do not come from the editor carry no fields and keep the marking as it is
    (a restored revision brings its marking back through :func:`restore_fields`). A
    partner's article is always their own sponsor's advertorial.
    """
    if "advertorial" not in values:
        return
    partner = current_partner()
    if partner is not None:
        values = {**values, "advertorial": True, "advertorial_sponsor": partner.sponsor_id}
    forget_marking(article.id)
    row = db.session.get(AdvertorialArticle, article.id)
    if not values["advertorial"]:
        if row is not None:
            db.session.delete(row)
            article.byline = without_adv(article.byline)
        return
    sponsor_id = _id(values.get("advertorial_sponsor"))
    if sponsor_id is not None and db.session.get(Sponsor, sponsor_id) is None:
        raise ValueError(_("Sponsor tidak ditemukan."))
    contract_id = _id(values.get("advertorial_contract"))
    if contract_id is not None:
        contract = db.session.get(Contract, contract_id)
        if contract is None or contract.sponsor_id != sponsor_id:
            raise ValueError(_("Kontrak itu bukan milik sponsor yang dipilih."))
    label = str(values.get("advertorial_label") or "").strip()
    if label and label not in LABELS:
        raise ValueError(_("Label harus salah satu dari: %(labels)s.", labels=", ".join(LABELS)))
    row = row or AdvertorialArticle(article_id=article.id)
    if "advertorial_quota_override" in values:
        _record_override(row, bool(values["advertorial_quota_override"]))
    if article.status in PUBLIC_STATUSES:
        refusal = publish_refusal(sponsor_id, label)
        if refusal:
            raise ValueError(refusal)
        if contract_id is not None and contract_id != row.contract_id:
            refusal = contracts.quota_refusal(article, contract, row.quota_override_by
                                              is not None)
            if refusal:
                raise ValueError(refusal)
    row.sponsor_id, row.contract_id, row.label = sponsor_id, contract_id, label
    db.session.add(row)
    article.byline = with_adv(article.byline)


def _record_override(row: AdvertorialArticle, wanted: bool) -> None:
    """An editor's explicit "let it run past the quota", with who and when.

    The revision the save takes keeps it (see :func:`revision_fields`): that is the audit
    trail, next to who published.
    """
    if not wanted:
        row.quota_override_by = row.quota_override_at = None
        return
    if row.quota_override_by is not None:
        return
    if not (current_user and current_user.is_authenticated
            and current_user.has_role(Role.EDITOR)):
        raise ValueError(_("Hanya redaktur yang boleh mengizinkan artikel melebihi kuota."))
    row.quota_override_by, row.quota_override_at = current_user.id, utcnow()


def check_publish(article: Article) -> str | None:
    """Refuse an advertorial without sponsor or label, or past a refusing contract's quota."""
    row = db.session.get(AdvertorialArticle, article.id)
    if row is None:
        return None
    refusal = publish_refusal(row.sponsor_id, row.label)
    if refusal is None and row.contract is not None:
        refusal = contracts.quota_refusal(article, row.contract,
                                          row.quota_override_by is not None)
    return refusal


def revision_fields(article: Article) -> dict[str, Any]:
    """The marking as a revision keeps it: ids, so a restore finds the same sponsor and
    contract, and ``marked: False`` for plain news, so a restore can remove a marking."""
    return _revision_fields_of(db.session.get(AdvertorialArticle, article.id))


def _revision_fields_of(row: AdvertorialArticle | None) -> dict[str, Any]:
    if row is None:
        return {"marked": False}
    return {"marked": True, "sponsor_id": row.sponsor_id, "contract_id": row.contract_id,
            "label": row.label, "quota_override": _override_record(row)}


def _override_record(row: AdvertorialArticle) -> str | None:
    """Who let the article run past its contract's quota, readable in a comparison."""
    if row.quota_override_by is None:
        return None
    who = row.override_user.name if row.override_user else str(row.quota_override_by)
    return f"{who} ({row.quota_override_at:%Y-%m-%d %H:%M:%S} UTC)"


def restore_fields(article: Article, kept: dict[str, Any] | None) -> None:
    """Bring back a revision's marking under the editor's rules: a public advertorial still
    needs a sponsor and a label. ``None`` (a revision older than this) keeps the marking.

    A contract deleted since is left out, as deleting a contract does to its articles;
    a sponsor deleted since leaves the sponsor to be chosen again.
    """
    if kept is None:
        return
    sponsor_id, contract_id = kept.get("sponsor_id"), kept.get("contract_id")
    if sponsor_id is not None and db.session.get(Sponsor, sponsor_id) is None:
        sponsor_id = None
    if contract_id is not None and db.session.get(Contract, contract_id) is None:
        contract_id = None
    save_fields(article, {
        "advertorial": bool(kept.get("marked")), "advertorial_sponsor": sponsor_id,
        "advertorial_contract": contract_id, "advertorial_label": kept.get("label") or "",
    })


def forget_article(article_id: int) -> None:
    """After an article is deleted (SQLite does not cascade without its pragma)."""
    forget_marking(article_id)
    row = db.session.get(AdvertorialArticle, article_id)
    if row is not None:
        db.session.delete(row)
        db.session.commit()


def warn_about_contract(article: Article) -> None:
    """After a save or publish: tell the desk when the article breaks its contract."""
    if not has_request_context():
        return
    row = db.session.get(AdvertorialArticle, article.id)
    if row is None or row.contract is None:
        return
    for message in contracts.warnings_for(article, row.contract):
        flash(message, "warning")


def sponsor_named(name: str) -> Sponsor:
    """The sponsor called ``name``, created when the site has none by that name yet."""
    slug = make_slug(name)
    if not slug:
        raise ValueError("'sponsor' must contain letters or digits")
    sponsor = db.session.scalar(select(Sponsor).where(Sponsor.slug == slug))
    if sponsor is None:
        sponsor = Sponsor(name=" ".join(name.split())[:150], slug=unique_slug(
            slug, lambda s: db.session.scalar(select(Sponsor.id).where(Sponsor.slug == s))
            is not None))
        db.session.add(sponsor)
        db.session.flush()
    return sponsor


def check_import(record: dict[str, Any]) -> str | None:
    """What is wrong with an import line's ``advertorial`` and ``sponsor``, or None.

    Asked while the importer checks every line, so a bad value is reported by its line
    before anything is written, in the site's language like the rest of the report.
    """
    flag = record.get("advertorial", False)
    if not isinstance(flag, bool):
        return _("'advertorial' harus true atau false")
    if not flag:
        return None
    name = record.get("sponsor")
    if not isinstance(name, str) or not name.strip():
        return _("advertorial perlu 'sponsor', nama pihak yang membayarnya")
    if len(name.strip()) > 150:
        return _("'sponsor' lebih dari 150 karakter")
    if not make_slug(name):
        return _("'sponsor' harus memuat huruf atau angka")
    return None


def import_batch(articles: list[Article],
                 records: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """``"advertorial": true`` with ``"sponsor": "Name"`` marks an imported article; returns
    each article's marking as its revision keeps it (:func:`revision_fields`).

    The lines were checked with :func:`check_import`; checking again costs nothing and
    keeps a bad value out of the tables whoever calls the hook. An import that updates an
    article it made before (``cms import wordpress`` run again) keeps its marking and label
    and takes the sponsor named now; a record no longer marked leaves the marking alone, as
    unmarking is an editor's decision. One query finds the markings the batch has already.
    """
    for record in records:
        problem = check_import(record)
        if problem:
            raise ValueError(problem)
    markings = {row.article_id: row for row in db.session.scalars(
        select(AdvertorialArticle).where(AdvertorialArticle.article_id.in_(
            [article.id for article in articles])))}
    sponsors: dict[str, Sponsor] = {}
    for article, record in zip(articles, records, strict=True):
        if not record.get("advertorial"):
            continue
        name = record["sponsor"]
        sponsor = sponsors.get(make_slug(name)) or sponsor_named(name)
        sponsors[make_slug(name)] = sponsor
        forget_marking(article.id)
        marking = markings.get(article.id)
        if marking is None:
            marking = markings[article.id] = AdvertorialArticle(
                article_id=article.id, sponsor_id=sponsor.id, label=DEFAULT_LABEL)
            db.session.add(marking)
        else:
            marking.sponsor_id = sponsor.id
        article.byline = with_adv(article.byline)
    return {article.id: _revision_fields_of(markings.get(article.id)) for article in articles}
