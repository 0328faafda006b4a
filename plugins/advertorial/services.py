"""The desk's rules for sponsors, contracts and partner accounts, apart from the pages.

Views parse the form, call one of these and show the result; tests call them directly. A
refusal is an :class:`AdvertorialError` whose message tells the editor why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from cms.api import Role, User, db, invalidate, make_slug, unique_slug
from plugins.advertorial.models import (
    AdvertorialArticle,
    Contract,
    OverQuota,
    PartnerUser,
    Sponsor,
)
from plugins.advertorial.partners import may_see_sponsor
from plugins.advertorial.reports import Report, build_report
from plugins.articles.api import Article, ImageRejected, Media, Status, save_upload

#: How many of a sponsor's articles its page lists, newest change first.
SPONSOR_ARTICLES = 50


class AdvertorialError(ValueError):
    """The desk's action was refused; the message tells the editor why."""


class NotAllowed(AdvertorialError):
    """The user may not see this; views answer 403, so the message is for the log."""


class NotFound(AdvertorialError):
    """What the address names is not there; views answer 404, so the message is for the
    log."""


@dataclass
class Overview:
    """The desk's front page: every sponsor, how many advertorials each has, and how many
    wait for review."""

    sponsors: list[Sponsor]
    counts: dict[int, int]
    waiting: int


def waiting_for_review() -> int:
    """How many advertorials a partner or journalist has sent to the editors."""
    return db.session.scalar(
        select(func.count()).select_from(AdvertorialArticle).join(Article)
        .where(Article.status == Status.REVIEW.value)) or 0


def overview() -> Overview:
    sponsors = db.session.scalars(select(Sponsor).order_by(Sponsor.name)).all()
    counts = dict(db.session.execute(
        select(AdvertorialArticle.sponsor_id, func.count())
        .group_by(AdvertorialArticle.sponsor_id)).all())
    return Overview(list(sponsors), counts, waiting_for_review())


@dataclass
class SponsorInput:
    """What the sponsor form submits; a new logo upload wins over a chosen library image."""

    name: str
    kind: str
    website: str = ""
    contact: str = ""
    disclosure: str = ""
    logo_id: int | None = None
    logo_upload: FileStorage | None = None


def _logo_id(data: SponsorInput, uploader: User) -> int | None:
    if data.logo_upload:
        try:
            return save_upload(data.logo_upload, uploader,
                               alt=_("Logo %(name)s", name=data.name)).id
        except ImageRejected as exc:  # ImageTooLarge included
            raise AdvertorialError(str(exc)) from None
    if data.logo_id is not None and db.session.get(Media, data.logo_id) is None:
        raise AdvertorialError(_("Logo tidak ditemukan di pustaka media."))
    return data.logo_id


def save_sponsor(sponsor: Sponsor, data: SponsorInput, uploader: User) -> Sponsor:
    """Store a new or changed sponsor; readers' pages show the change at once."""
    slug = make_slug(data.name)
    if not slug:
        raise AdvertorialError(_("Nama sponsor harus berisi huruf atau angka."))
    try:
        logo_id = _logo_id(data, uploader)
        if not sponsor.slug:
            sponsor.slug = unique_slug(slug, lambda s: db.session.scalar(
                select(Sponsor.id).where(Sponsor.slug == s)) is not None)
    except AdvertorialError:
        db.session.rollback()
        raise
    sponsor.name = " ".join(data.name.split())
    sponsor.kind = data.kind
    sponsor.website = data.website.strip()
    sponsor.contact = data.contact.strip()
    sponsor.disclosure = data.disclosure.strip()
    sponsor.logo_id = logo_id
    db.session.add(sponsor)
    db.session.commit()
    invalidate()  # names, logos and disclosures show on readers' pages
    return sponsor


def sponsor_articles(sponsor: Sponsor) -> list[Article]:
    """The sponsor's advertorials in any status, for its page on the desk."""
    return list(db.session.scalars(
        select(Article).join(AdvertorialArticle)
        .where(AdvertorialArticle.sponsor_id == sponsor.id)
        .order_by(Article.updated_at.desc()).limit(SPONSOR_ARTICLES)))


def sponsor_partners(sponsor: Sponsor) -> list[PartnerUser]:
    return list(db.session.scalars(
        select(PartnerUser).where(PartnerUser.sponsor_id == sponsor.id)))


def delete_sponsor(sponsor: Sponsor) -> None:
    """Only a sponsor with no advertorial goes: proof of what ran must stay."""
    if db.session.scalar(select(AdvertorialArticle.article_id)
                         .where(AdvertorialArticle.sponsor_id == sponsor.id).limit(1)):
        raise AdvertorialError(
            _("Sponsor ini masih punya advertorial, jadi tidak bisa dihapus."))
    for contract in sponsor.contracts:
        db.session.delete(contract)
    for link in sponsor_partners(sponsor):
        db.session.delete(link)
    db.session.delete(sponsor)
    db.session.commit()


@dataclass
class ContractInput:
    """What the contract form submits."""

    number: str
    starts_on: date
    ends_on: date
    quota: int
    price_note: str = ""
    over_quota: str = OverQuota.REFUSE.value


def save_contract(contract: Contract, data: ContractInput) -> Contract:
    """Store a new or changed contract (its sponsor set by the caller)."""
    contract.number = data.number.strip()
    contract.starts_on, contract.ends_on = data.starts_on, data.ends_on
    contract.quota = data.quota
    contract.price_note = data.price_note.strip()
    contract.over_quota = OverQuota(data.over_quota).value
    db.session.add(contract)
    db.session.commit()
    return contract


def delete_contract(contract: Contract) -> None:
    """The articles stay advertorials of the sponsor, no longer tied to the contract."""
    for row in db.session.scalars(select(AdvertorialArticle)
                                  .where(AdvertorialArticle.contract_id == contract.id)):
        row.contract_id = None
    db.session.delete(contract)
    db.session.commit()


def link_partner(sponsor: Sponsor, email: str) -> User:
    """Let the existing ``partner`` account with ``email`` write for ``sponsor``.

    Admins create the account on Pengguna; an account already linked to another sponsor
    stays with it.
    """
    user = db.session.scalar(select(User).where(
        func.lower(User.email) == email.strip().lower()))
    if user is None or user.role is not Role.PARTNER:
        raise AdvertorialError(_(
            "Tidak ada akun berperan partner dengan email itu. Admin membuatnya di "
            "halaman Pengguna dengan peran partner."))
    link = db.session.get(PartnerUser, user.id)
    if link is not None and link.sponsor_id != sponsor.id:
        raise AdvertorialError(_("Akun itu sudah terhubung ke sponsor lain."))
    db.session.merge(PartnerUser(user_id=user.id, sponsor_id=sponsor.id))
    db.session.commit()
    return user


def unlink_partner(sponsor_id: int, user_id: int) -> None:
    """End a partner's link to the sponsor; the account itself stays."""
    link = db.session.get(PartnerUser, user_id)
    if link is None or link.sponsor_id != sponsor_id:
        raise NotFound(f"user {user_id} is not a partner of sponsor {sponsor_id}")
    db.session.delete(link)
    db.session.commit()


def report_for(user: User, sponsor: Sponsor, contract_id: int | None = None,
               start: date | None = None, end: date | None = None) -> Report:
    """The proof of publication ``user`` asked for: editors see every sponsor's, a
    partner only their own sponsor's, and a contract must be the sponsor's."""
    if not may_see_sponsor(user, sponsor):
        raise NotAllowed(f"{user!r} may not see the reports of {sponsor!r}")
    contract = None
    if contract_id is not None:
        contract = db.session.get(Contract, contract_id)
        if contract is None or contract.sponsor_id != sponsor.id:
            raise NotFound(f"contract {contract_id} is not one of {sponsor!r}")
    return build_report(sponsor, contract, start, end)
