"""The plugin's tables: sponsors, their contracts, which articles are paid, and partners.

An advertorial is an ordinary article plus a row in ``advertorial_article``: the core
record stays the articles plugin's, and switching this plugin off leaves plain articles.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cms.api import User, db, utcnow
from plugins.articles.api import Article, Media

#: The words the press council's guideline for online media (Pedoman Pemberitaan Media
#: Siber, point 6) names for paid content; only these may label an advertorial.
LABELS = ("Advertorial", "Iklan", "Ads", "Sponsored")
DEFAULT_LABEL = "Advertorial"


def shown_label(label: str | None) -> str:
    """What readers see: never nothing, even for a row a draft left incomplete."""
    return label or DEFAULT_LABEL


class OverQuota(enum.StrEnum):
    """What a contract does with an article past its quota."""

    #: Publishing is refused unless an editor overrides it (recorded in the revisions).
    REFUSE = "refuse"
    #: Publishing goes ahead with a warning to the desk.
    WARN = "warn"

    @property
    def display_name(self) -> LazyString:
        return {
            OverQuota.REFUSE: _l("Tolak (redaktur bisa mengizinkan, tercatat)"),
            OverQuota.WARN: _l("Hanya peringatan"),
        }[self]


class SponsorKind(enum.StrEnum):
    GOVERNMENT = "government"
    COMPANY = "company"
    OTHER = "other"

    @property
    def display_name(self) -> LazyString:
        """The kind in the newsroom's words (translated when shown)."""
        return {
            SponsorKind.GOVERNMENT: _l("Instansi pemerintah"),
            SponsorKind.COMPANY: _l("Perusahaan"),
            SponsorKind.OTHER: _l("Lainnya"),
        }[self]


class Sponsor(db.Model):
    """Who pays: a regency's Diskominfo, a dinas, a company, a campaign."""

    __tablename__ = "advertorial_sponsor"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default=SponsorKind.OTHER.value)
    logo_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles_media.id", ondelete="SET NULL")
    )
    website: Mapped[str] = mapped_column(String(300), default="")
    contact: Mapped[str] = mapped_column(String(300), default="")
    disclosure: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    logo: Mapped[Media | None] = relationship()
    contracts: Mapped[list[Contract]] = relationship(
        back_populates="sponsor", order_by="Contract.starts_on.desc()"
    )

    @property
    def kind_title(self) -> LazyString | str:
        try:
            return SponsorKind(self.kind).display_name
        except ValueError:  # a value written behind the site's back is shown as it is
            return self.kind

    def __repr__(self) -> str:
        return f"<Sponsor {self.id} {self.slug!r}>"


class Contract(db.Model):
    """A contract (kontrak/SPK): how many advertorials a sponsor bought, for which period."""

    __tablename__ = "advertorial_contract"

    id: Mapped[int] = mapped_column(primary_key=True)
    sponsor_id: Mapped[int] = mapped_column(
        ForeignKey("advertorial_sponsor.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str] = mapped_column(String(80))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    quota: Mapped[int]
    price_note: Mapped[str] = mapped_column(String(300), default="")
    over_quota: Mapped[str] = mapped_column(String(10), default=OverQuota.REFUSE.value,
                                            server_default=OverQuota.REFUSE.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    sponsor: Mapped[Sponsor] = relationship(back_populates="contracts")

    @property
    def refuses_over_quota(self) -> bool:
        """Anything but an explicit "warn" refuses: the safe reading of an odd value."""
        return self.over_quota != OverQuota.WARN.value

    @property
    def over_quota_title(self) -> LazyString:
        return (OverQuota.REFUSE if self.refuses_over_quota else OverQuota.WARN).display_name

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class AdvertorialArticle(db.Model):
    """Marks an article as paid content. Sponsor and label may be missing on a draft only:
    publishing is refused until both are set."""

    __tablename__ = "advertorial_article"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles_article.id", ondelete="CASCADE"), primary_key=True
    )
    sponsor_id: Mapped[int | None] = mapped_column(
        ForeignKey("advertorial_sponsor.id"), index=True
    )
    contract_id: Mapped[int | None] = mapped_column(
        ForeignKey("advertorial_contract.id", ondelete="SET NULL"), index=True
    )
    label: Mapped[str] = mapped_column(String(20), default=DEFAULT_LABEL)
    #: The editor who let it run past a refusing contract's quota, and when.
    quota_override_by: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
    quota_override_at: Mapped[datetime | None]

    article: Mapped[Article] = relationship()
    sponsor: Mapped[Sponsor | None] = relationship()
    contract: Mapped[Contract | None] = relationship()
    override_user: Mapped[User | None] = relationship()

    @property
    def shown_label(self) -> str:
        return shown_label(self.label)


class PartnerUser(db.Model):
    """A sponsor's press officer: a user of role ``partner`` who writes for one sponsor."""

    __tablename__ = "advertorial_partner_user"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    sponsor_id: Mapped[int] = mapped_column(
        ForeignKey("advertorial_sponsor.id", ondelete="CASCADE"), index=True
    )

    user: Mapped[User] = relationship()
    sponsor: Mapped[Sponsor] = relationship()


MODELS = (Sponsor, Contract, AdvertorialArticle, PartnerUser)
