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

from cms.api import Role, db, role_required, site_settings
from plugins.advertorial import contracts, services
from plugins.advertorial.forms import ContractForm, PartnerLinkForm, SponsorForm
from plugins.advertorial.labels import sponsor_logo
from plugins.advertorial.models import Contract, Sponsor
from plugins.advertorial.reports import Report, report_csv

bp = Blueprint("advertorial_admin", __name__, url_prefix="/admin/advertorial")

#: The report's query parameters: first day, last day, contract.
REPORT_ARGS = ("dari", "sampai", "kontrak")


@bp.route("/")
@role_required(Role.EDITOR)
def index():
    found = services.overview()
    return render_template("plugins/advertorial/admin/index.html", sponsors=found.sponsors,
                           counts=found.counts, waiting=found.waiting)


def _sponsor_input(form: SponsorForm) -> services.SponsorInput:
    return services.SponsorInput(
        name=form.name.data, kind=form.kind.data, website=form.website.data or "",
        contact=form.contact.data or "", disclosure=form.disclosure.data or "",
        logo_id=form.logo_id.data, logo_upload=form.logo_upload.data or None)


def _save_sponsor(form: SponsorForm, sponsor: Sponsor):
    try:
        services.save_sponsor(sponsor, _sponsor_input(form), current_user)
    except services.AdvertorialError as exc:
        flash(str(exc), "error")
        return None
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
        partners=services.sponsor_partners(found), partner_form=PartnerLinkForm(formdata=None),
        articles=services.sponsor_articles(found),
    ), status


@bp.route("/sponsor/<int:sponsor_id>/hapus", methods=["POST"])
@role_required(Role.EDITOR)
def delete_sponsor(sponsor_id: int):
    found = db.get_or_404(Sponsor, sponsor_id)
    try:
        services.delete_sponsor(found)
    except services.AdvertorialError as exc:
        flash(str(exc), "error")
        return redirect(url_for("advertorial_admin.sponsor", sponsor_id=found.id))
    flash(_("Sponsor %(name)s dihapus.", name=found.name), "info")
    return redirect(url_for("advertorial_admin.index"))


def _contract_input(form: ContractForm) -> services.ContractInput:
    return services.ContractInput(
        number=form.number.data, starts_on=form.starts_on.data, ends_on=form.ends_on.data,
        quota=form.quota.data, price_note=form.price_note.data or "",
        over_quota=form.over_quota.data)


@bp.route("/sponsor/<int:sponsor_id>/kontrak/baru", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def new_contract(sponsor_id: int):
    found = db.get_or_404(Sponsor, sponsor_id)
    form = ContractForm()
    if form.validate_on_submit():
        contract = services.save_contract(Contract(sponsor_id=found.id), _contract_input(form))
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
        services.save_contract(found, _contract_input(form))
        flash(_("Kontrak %(number)s disimpan.", number=found.number), "info")
        return redirect(url_for("advertorial_admin.contract", contract_id=found.id))
    status = 400 if request.method == "POST" else 200
    return render_template("plugins/advertorial/admin/contract.html", contract=found,
                           form=form, usage=contracts.usage(found)), status


@bp.route("/kontrak/<int:contract_id>/hapus", methods=["POST"])
@role_required(Role.EDITOR)
def delete_contract(contract_id: int):
    found = db.get_or_404(Contract, contract_id)
    services.delete_contract(found)
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
    try:
        user = services.link_partner(found, form.email.data)
    except services.AdvertorialError as exc:
        flash(str(exc), "error")
        return redirect(target)
    flash(_("%(name)s kini bisa menulis advertorial untuk %(sponsor)s.", name=user.name,
            sponsor=found.name), "info")
    return redirect(target)


@bp.route("/sponsor/<int:sponsor_id>/mitra/<int:user_id>/hapus", methods=["POST"])
@role_required(Role.EDITOR)
def unlink_partner(sponsor_id: int, user_id: int):
    try:
        services.unlink_partner(sponsor_id, user_id)
    except services.NotFound:
        abort(404)
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


def _report_request(sponsor_id: int) -> Report:
    found = db.get_or_404(Sponsor, sponsor_id)
    try:
        return services.report_for(current_user, found, request.args.get("kontrak", type=int),
                                   _day("dari"), _day("sampai"))
    except services.NotAllowed:
        abort(403)
    except services.NotFound:
        abort(404)


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
