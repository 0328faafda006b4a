"""The desk's pages under ``/admin/advertorial``: sponsors, contracts, partner accounts,
and the proof-of-publication report (which a sponsor's partners may open too)."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from cms.api import (
    Role,
    User,
    db,
    invalidate,
    make_slug,
    role_required,
    site_settings,
    unique_slug,
)
from plugins.advertorial import contracts
from plugins.advertorial.forms import ContractForm, PartnerLinkForm, SponsorForm
from plugins.advertorial.labels import sponsor_logo
from plugins.advertorial.models import AdvertorialArticle, Contract, PartnerUser, Sponsor
from plugins.advertorial.partners import may_see_sponsor
from plugins.advertorial.reports import build_report, report_csv
from plugins.articles.api import Article, ImageRejected, ImageTooLarge, Media, Status, save_upload

bp = Blueprint("advertorial_admin", __name__, url_prefix="/admin/advertorial")

#: The report's query parameters: first day, last day, contract.
REPORT_ARGS = ("dari", "sampai", "kontrak")


@bp.route("/")
@role_required(Role.EDITOR)
def index():
    sponsors = db.session.scalars(select(Sponsor).order_by(Sponsor.name)).all()
    counts = dict(db.session.execute(
        select(AdvertorialArticle.sponsor_id, func.count())
        .group_by(AdvertorialArticle.sponsor_id)).all())
    waiting = db.session.scalar(
        select(func.count()).select_from(AdvertorialArticle).join(Article)
        .where(Article.status == Status.REVIEW.value))
    return render_template("plugins/advertorial/admin/index.html", sponsors=sponsors,
                           counts=counts, waiting=waiting)


def _apply_sponsor(form: SponsorForm, sponsor: Sponsor) -> str | None:
    """Copy the form onto ``sponsor``; return a message when something is refused."""
    slug = make_slug(form.name.data)
    if not slug:
        return _("Nama sponsor harus berisi huruf atau angka.")
    logo_id = form.logo_id.data
    if form.logo_upload.data:
        try:
            logo_id = save_upload(form.logo_upload.data, current_user,
                                        alt=_("Logo %(name)s", name=form.name.data)).id
        except (ImageRejected, ImageTooLarge) as exc:
            return str(exc)
    elif logo_id is not None and db.session.get(Media, logo_id) is None:
        return _("Logo tidak ditemukan di pustaka media.")
    if not sponsor.slug:
        sponsor.slug = unique_slug(slug, lambda s: db.session.scalar(
            select(Sponsor.id).where(Sponsor.slug == s)) is not None)
    sponsor.name = " ".join(form.name.data.split())
    sponsor.kind = form.kind.data
    sponsor.website = (form.website.data or "").strip()
    sponsor.contact = (form.contact.data or "").strip()
    sponsor.disclosure = (form.disclosure.data or "").strip()
    sponsor.logo_id = logo_id
    return None


def _save_sponsor(form: SponsorForm, sponsor: Sponsor):
    refusal = _apply_sponsor(form, sponsor)
    if refusal:
        db.session.rollback()
        flash(refusal, "error")
        return None
    db.session.add(sponsor)
    db.session.commit()
    invalidate()  # names, logos and disclosures show on readers' pages
    flash(_("Sponsor %(name)s disimpan.", name=sponsor.name), "info")
    return redirect(url_for("advertorial_admin.sponsor", sponsor_id=sponsor.id))


@bp.route("/sponsor/baru", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def new_sponsor():
    form = SponsorForm()
    if form.validate_on_submit():
        saved = _save_sponsor(form, Sponsor(slug=""))
        if saved is not None:
            return saved
    status = 400 if request.method == "POST" else 200
    return render_template("plugins/advertorial/admin/sponsor_new.html", form=form), status


@bp.route("/sponsor/<int:sponsor_id>", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def sponsor(sponsor_id: int):
    found = db.get_or_404(Sponsor, sponsor_id)
    form = SponsorForm(obj=found)
    if form.validate_on_submit():
        saved = _save_sponsor(form, found)
        if saved is not None:
            return saved
    status = 400 if request.method == "POST" else 200
    return render_template(
        "plugins/advertorial/admin/sponsor.html", sponsor=found, form=form,
        usages=[contracts.usage(c) for c in found.contracts], logo=sponsor_logo(found),
        partners=db.session.scalars(select(PartnerUser).where(
            PartnerUser.sponsor_id == found.id)).all(),
        partner_form=PartnerLinkForm(formdata=None), articles=_sponsor_articles(found),
    ), status


def _sponsor_articles(sponsor: Sponsor) -> list[Article]:
    return db.session.scalars(
        select(Article).join(AdvertorialArticle)
        .where(AdvertorialArticle.sponsor_id == sponsor.id)
        .order_by(Article.updated_at.desc()).limit(50)).all()


@bp.route("/sponsor/<int:sponsor_id>/hapus", methods=["POST"])
@role_required(Role.EDITOR)
def delete_sponsor(sponsor_id: int):
    """Only a sponsor with no advertorial goes: proof of what ran must stay."""
    found = db.get_or_404(Sponsor, sponsor_id)
    if db.session.scalar(select(AdvertorialArticle.article_id)
                         .where(AdvertorialArticle.sponsor_id == found.id).limit(1)):
        flash(_("Sponsor ini masih punya advertorial, jadi tidak bisa dihapus."), "error")
        return redirect(url_for("advertorial_admin.sponsor", sponsor_id=found.id))
    for contract in found.contracts:
        db.session.delete(contract)
    for link in db.session.scalars(select(PartnerUser).where(PartnerUser.sponsor_id == found.id)):
        db.session.delete(link)
    db.session.delete(found)
    db.session.commit()
    flash(_("Sponsor %(name)s dihapus.", name=found.name), "info")
    return redirect(url_for("advertorial_admin.index"))


def _fill_contract(form: ContractForm, contract: Contract) -> None:
    contract.number = form.number.data.strip()
    contract.starts_on, contract.ends_on = form.starts_on.data, form.ends_on.data
    contract.quota = form.quota.data
    contract.price_note = (form.price_note.data or "").strip()


@bp.route("/sponsor/<int:sponsor_id>/kontrak/baru", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def new_contract(sponsor_id: int):
    found = db.get_or_404(Sponsor, sponsor_id)
    form = ContractForm()
    if form.validate_on_submit():
        contract = Contract(sponsor_id=found.id)
        _fill_contract(form, contract)
        db.session.add(contract)
        db.session.commit()
        flash(_("Kontrak %(number)s ditambahkan.", number=contract.number), "info")
        return redirect(url_for("advertorial_admin.contract", contract_id=contract.id))
    status = 400 if request.method == "POST" else 200
    return render_template("plugins/advertorial/admin/contract_new.html", sponsor=found,
                           form=form), status


@bp.route("/kontrak/<int:contract_id>", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def contract(contract_id: int):
    found = db.get_or_404(Contract, contract_id)
    form = ContractForm(obj=found)
    if form.validate_on_submit():
        _fill_contract(form, found)
        db.session.commit()
        flash(_("Kontrak %(number)s disimpan.", number=found.number), "info")
        return redirect(url_for("advertorial_admin.contract", contract_id=found.id))
    status = 400 if request.method == "POST" else 200
    return render_template("plugins/advertorial/admin/contract.html", contract=found,
                           form=form, usage=contracts.usage(found)), status


@bp.route("/kontrak/<int:contract_id>/hapus", methods=["POST"])
@role_required(Role.EDITOR)
def delete_contract(contract_id: int):
    """The articles stay advertorials of the sponsor, no longer tied to the contract."""
    found = db.get_or_404(Contract, contract_id)
    for row in db.session.scalars(select(AdvertorialArticle)
                                  .where(AdvertorialArticle.contract_id == found.id)):
        row.contract_id = None
    db.session.delete(found)
    db.session.commit()
    flash(_("Kontrak %(number)s dihapus.", number=found.number), "info")
    return redirect(url_for("advertorial_admin.sponsor", sponsor_id=found.sponsor_id))


@bp.route("/sponsor/<int:sponsor_id>/mitra", methods=["POST"])
@role_required(Role.EDITOR)
def link_partner(sponsor_id: int):
    """Link an existing account of role "partner"; admins create accounts on Pengguna."""
    found = db.get_or_404(Sponsor, sponsor_id)
    form = PartnerLinkForm()
    target = url_for("advertorial_admin.sponsor", sponsor_id=found.id)
    if not form.validate_on_submit():
        flash(_("Tulis email akun mitra."), "error")
        return redirect(target)
    user = db.session.scalar(select(User).where(
        func.lower(User.email) == form.email.data.strip().lower()))
    if user is None or user.role is not Role.PARTNER:
        flash(_("Tidak ada akun berperan partner dengan email itu. Admin membuatnya di "
                "halaman Pengguna dengan peran partner."), "error")
        return redirect(target)
    link = db.session.get(PartnerUser, user.id)
    if link is not None and link.sponsor_id != found.id:
        flash(_("Akun itu sudah terhubung ke sponsor lain."), "error")
        return redirect(target)
    db.session.merge(PartnerUser(user_id=user.id, sponsor_id=found.id))
    db.session.commit()
    flash(_("%(name)s kini bisa menulis advertorial untuk %(sponsor)s.", name=user.name,
            sponsor=found.name), "info")
    return redirect(target)


@bp.route("/sponsor/<int:sponsor_id>/mitra/<int:user_id>/hapus", methods=["POST"])
@role_required(Role.EDITOR)
def unlink_partner(sponsor_id: int, user_id: int):
    link = db.session.get(PartnerUser, user_id)
    if link is None or link.sponsor_id != sponsor_id:
        abort(404)
    db.session.delete(link)
    db.session.commit()
    flash(_("Akun mitra dilepas dari sponsor."), "info")
    return redirect(url_for("advertorial_admin.sponsor", sponsor_id=sponsor_id))


def _day(name: str) -> date | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        abort(400, _("Tanggal tidak valid: gunakan format TTTT-BB-HH."))


def _report_request(sponsor_id: int):
    found = db.get_or_404(Sponsor, sponsor_id)
    if not may_see_sponsor(current_user, found):
        abort(403)
    contract_id = request.args.get("kontrak", type=int)
    chosen = None
    if contract_id is not None:
        chosen = db.session.get(Contract, contract_id)
        if chosen is None or chosen.sponsor_id != found.id:
            abort(404)
    return build_report(found, chosen, _day("dari"), _day("sampai"))


@bp.route("/laporan/<int:sponsor_id>")
@role_required(Role.PARTNER)
def report(sponsor_id: int):
    """The printable proof of publication, with the site's masthead."""
    found = _report_request(sponsor_id)
    args = {key: request.args[key] for key in REPORT_ARGS if request.args.get(key)}
    return render_template("plugins/advertorial/report.html", report=found,
                           site=site_settings(), args=args)


@bp.route("/laporan/<int:sponsor_id>.csv")
@role_required(Role.PARTNER)
def report_download(sponsor_id: int) -> Response:
    found = _report_request(sponsor_id)
    name = f"bukti-tayang-{found.sponsor.slug}.csv"
    return Response(report_csv(found), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
