"""The desk's rules, called as the views call them: what is refused and why."""

from __future__ import annotations

import pytest

from cms.extensions import db
from cms.models import User
from plugins.advertorial import services
from plugins.advertorial.models import Contract, PartnerUser, Sponsor


def test_a_sponsor_gets_a_unique_address_and_a_tidy_name(app, editor, sponsor):
    with app.test_request_context():
        taken = db.session.get(Sponsor, sponsor)
        saved = services.save_sponsor(
            Sponsor(slug=""), services.SponsorInput(name=f"  {taken.name}  ", kind="company",
                                                    website=" https://contoh.id "),
            db.session.get(User, editor.id))
        assert saved.name == taken.name
        assert saved.slug.startswith(taken.slug) and saved.slug != taken.slug
        assert saved.website == "https://contoh.id"


def test_a_sponsor_name_without_letters_is_refused(app, editor):
    with app.test_request_context(), pytest.raises(services.AdvertorialError) as refused:
        services.save_sponsor(Sponsor(slug=""), services.SponsorInput(name="!!!", kind="other"),
                              db.session.get(User, editor.id))
    assert "huruf atau angka" in str(refused.value)


def test_a_sponsor_with_advertorials_stays(app, sponsor, make_advertorial):
    make_advertorial(sponsor)
    with app.test_request_context():
        with pytest.raises(services.AdvertorialError):
            services.delete_sponsor(db.session.get(Sponsor, sponsor))
        assert db.session.get(Sponsor, sponsor) is not None


def test_a_deleted_contract_leaves_its_articles_with_the_sponsor(app, sponsor, make_contract,
                                                                 make_advertorial):
    contract = make_contract(sponsor)
    make_advertorial(sponsor, contract_id=contract)
    with app.test_request_context():
        services.delete_contract(db.session.get(Contract, contract))
        assert services.sponsor_articles(db.session.get(Sponsor, sponsor))


def test_only_partner_accounts_are_linked_and_only_to_one_sponsor(app, sponsor, make_sponsor,
                                                                  make_user):
    partner = make_user(role="partner", email="humas@kedirikab.go.id")
    journalist = make_user(role="journalist", email="wartawan@example.com")
    other = make_sponsor("Bank Jatim")
    with app.test_request_context():
        with pytest.raises(services.AdvertorialError):
            services.link_partner(db.session.get(Sponsor, sponsor), journalist.email)
        services.link_partner(db.session.get(Sponsor, sponsor), " HUMAS@kedirikab.go.id ")
        with pytest.raises(services.AdvertorialError, match="sponsor lain"):
            services.link_partner(db.session.get(Sponsor, other), partner.email)
        assert db.session.get(PartnerUser, partner.id).sponsor_id == sponsor


def test_a_partner_reads_only_their_own_sponsors_report(app, sponsor, make_sponsor,
                                                        make_partner, make_contract):
    partner = make_partner(sponsor)
    other = make_sponsor("Bank Jatim")
    others_contract = make_contract(other)
    with app.test_request_context():
        user = db.session.get(User, partner.id)
        assert services.report_for(user, db.session.get(Sponsor, sponsor)).rows == []
        with pytest.raises(services.NotAllowed):
            services.report_for(user, db.session.get(Sponsor, other))
        with pytest.raises(services.NotFound):
            services.report_for(user, db.session.get(Sponsor, sponsor), others_contract)
