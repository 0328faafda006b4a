"""The /agenda/ page, the sidebar and home blocks, and the editors' pages."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from markupsafe import Markup

from cms.api import Role, plugin_settings, role_required
from warta_agenda.forms import EventForm
from warta_agenda.models import past, upcoming
from warta_agenda.services import add_event

public = Blueprint("agenda", __name__)
admin = Blueprint("agenda_admin", __name__, url_prefix="/admin/agenda")


def _how_many() -> int:
    return int(plugin_settings("agenda")["upcoming"])


def sidebar_block() -> Markup:
    return Markup(render_template("plugins/agenda/block.html", events=upcoming(_how_many()),
                                  heading="Agenda"))


def home_block() -> Markup:
    return Markup(render_template("plugins/agenda/block.html", events=upcoming(_how_many()),
                                  heading="Agenda kegiatan"))


@public.route("/agenda/")
def index() -> str:
    return render_template("plugins/agenda/index.html", upcoming=upcoming(50), past=past())


@admin.route("/", endpoint="index", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def manage():
    form = EventForm()
    if form.validate_on_submit():
        add_event(title=form.title.data, starts_local=form.starts_at.data,
                  zone=current_app.config["BABEL_DEFAULT_TIMEZONE"], place=form.place.data,
                  organiser=form.organiser.data, description=form.description.data or "")
        flash("Agenda ditambahkan.", "info")
        return redirect(url_for("agenda_admin.index"))
    events = [*upcoming(100), *past(100)]
    return render_template("plugins/agenda/admin.html", form=form, events=events), (
        400 if form.errors else 200)
