"""Press-law duties of an Indonesian newsroom (UU No. 40/1999 and the press council's
Pedoman Pemberitaan Media Siber): corrections and right of reply, verification notes,
withdrawals with a public reason, the masthead, and an audit log of all of them.

A built-in plugin on the same public API a partner uses.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from cms.api import CMS_VERSION, Plugin, Role, SetupContext, hookimpl
from plugins.redaksi.api_fields import ApiFields


class RedaksiPlugin(ApiFields, Plugin):
    name = "redaksi"
    version = CMS_VERSION
    title = "Hukum pers"
    description = ("Ralat, koreksi dan hak jawab, catatan verifikasi, pencabutan berita "
                   "dengan alasan, boks redaksi, dan log tindakan redaksi.")
    requires_cms = ">=0.1"
    requires_plugins = ("articles",)
    uses_plugins = ("pages",)  # links the masthead to the PPMS page the pages plugin creates

    def setup(self, ctx: SetupContext) -> None:
        from plugins.redaksi import admin, masthead, public, services
        from plugins.redaksi.forms import MastheadForm
        from plugins.redaksi.models import MODELS

        ctx.add_models(*MODELS)
        ctx.add_migrations()
        ctx.add_blueprint(public.bp)
        ctx.add_blueprint(admin.bp)
        ctx.add_admin_menu(_l("Ralat & pencabutan"), "redaksi_admin.index", Role.EDITOR)
        ctx.add_settings(MastheadForm, masthead.DEFAULTS)
        ctx.add_stylesheet("redaksi.static", "redaksi.css")
        ctx.add_slot("article.before_body", public.notices)
        ctx.add_slot("footer", masthead.footer)
        ctx.add_template_filter("redaksi_paragraphs", public.paragraphs)
        ctx.add_template_global("redaksi_kind_label", services.kind_label)
        ctx.add_template_global("redaksi_action_label", services.action_label)

    @hookimpl
    def articles_missing(self, slug: str, article: Any) -> Any:
        """A withdrawn story answers 410 with its public notice; anything else stays 404."""
        from plugins.redaksi.public import withdrawn_response

        return withdrawn_response(slug, article)

    @hookimpl(tryfirst=True)
    def articles_item_labels(self, articles: list[Any], surface: str) -> dict[int, str]:
        """Only the feed: a corrected story must not leave the Google News sitemap.

        ``tryfirst``: labels are merged in call order, so a label another plugin must show
        (an advertorial's) replaces ours rather than the other way round.
        """
        if surface != "feed":
            return {}
        from plugins.redaksi.public import feed_labels

        return feed_labels(articles)


plugin = RedaksiPlugin()
