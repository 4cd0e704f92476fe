"""Isolation: a partner user never reaches another partner's objects, whatever URL they try.

The walk is generated from the URL conf: every pattern of the partner-facing apps must have an
entry below, so a new URL without one fails this test.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from evaluations.models import Evaluation
from evaluations.tests.factories import ActionFactory, ImprovementPointFactory, KPIResultFactory
from partners.tests.factories import AgreementFactory, ContactFactory, InvitationFactory

pytestmark = pytest.mark.django_db

NAMESPACES = ("partners", "evaluations")

# Pages with no partner-owned object in the URL: reachable by every partner user, scoped inside.
OWN_PAGES = {
    "partners:home",
    "partners:moment_list",
    "partners:calendar",
    "partners:calendar_renew",
    "partners:calendar_revoke",
    "partners:contact_list",
    "partners:contact_create",
    "evaluations:report_list",
    "evaluations:improvement_list",
    "evaluations:action_list",
    "evaluations:action_create",
    "evaluations:programme",
    "evaluations:programme_year",
    "evaluations:partner_evaluation_list",
}
# FIT's pages: a partner user gets 403 whatever the id.
STAFF_PAGES = {
    "evaluations:staff_home",
    "evaluations:report_review",
    "evaluations:proposals",
    "evaluations:action_decide",
    "evaluations:prepare_overview",
    "evaluations:prepare_agreement",
    "evaluations:agreement_renew",
    "evaluations:evaluation_list",
    "evaluations:evaluation_start",
    "evaluations:evaluation_edit",
    "evaluations:evaluation_step",
    "evaluations:follow_up",
    "evaluations:target_change",
}
# The calendar feed is a capability URL: its secret token is the credential (calendar apps have no
# session). Knowing another user's token is knowing their password; revoked tokens give 404
# (partners/tests/test_views.py).
CAPABILITY_URLS = {"partners:calendar_feed"}


def portal_url_names() -> set[str]:
    names = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in NAMESPACES:
            names |= {f"{entry.namespace}:{p.name}" for p in entry.url_patterns if isinstance(p, URLPattern)}
    return names


@pytest.fixture
def foreign(other_partner):
    """One object of each kind that belongs to the other partner (Agoria)."""
    agreement = AgreementFactory(partner=other_partner)
    result = KPIResultFactory(target__agreement=agreement, target__year=2018)
    result.evidence.save("x.pdf", ContentFile(b"%PDF-1.4 secret"), save=False)
    result.evidence_name = "secret.pdf"
    result.save()
    invitation = InvitationFactory(contact=ContactFactory(partner=other_partner))
    evaluation = Evaluation.objects.create(agreement=agreement, year=2018, status="shared")
    return {
        "agreement": agreement,
        "evaluation": evaluation,
        "result": result,
        "moment": invitation.moment,
        "contact": invitation.contact,
        "point": ImprovementPointFactory(partner=other_partner),
        "action": ActionFactory(partner=other_partner),
    }


def foreign_urls(foreign) -> dict[str, str]:
    return {
        "partners:moment_detail": reverse("partners:moment_detail", args=[foreign["moment"].pk]),
        "partners:moment_ics": reverse("partners:moment_ics", args=[foreign["moment"].pk]),
        "partners:contact_edit": reverse("partners:contact_edit", args=[foreign["contact"].pk]),
        "partners:contact_toggle": reverse("partners:contact_toggle", args=[foreign["contact"].pk]),
        "partners:contact_delete": reverse("partners:contact_delete", args=[foreign["contact"].pk]),
        "evaluations:report_edit": reverse("evaluations:report_edit", args=[2018]),
        "evaluations:evidence": reverse("evaluations:evidence", args=[foreign["result"].pk]),
        "evaluations:improvement_detail": reverse("evaluations:improvement_detail", args=[foreign["point"].pk]),
        "evaluations:action_edit": reverse("evaluations:action_edit", args=[foreign["action"].pk]),
        "evaluations:action_submit": reverse("evaluations:action_submit", args=[foreign["action"].pk]),
        "evaluations:action_delete": reverse("evaluations:action_delete", args=[foreign["action"].pk]),
        "evaluations:partner_evaluation": reverse("evaluations:partner_evaluation", args=[foreign["evaluation"].pk]),
    }


def staff_urls(foreign) -> dict[str, str]:
    agreement, evaluation = foreign["agreement"], foreign["evaluation"]
    return {
        "evaluations:staff_home": reverse("evaluations:staff_home"),
        "evaluations:report_review": reverse("evaluations:report_review", args=[foreign["result"].report_id]),
        "evaluations:proposals": reverse("evaluations:proposals"),
        "evaluations:action_decide": reverse("evaluations:action_decide", args=[foreign["action"].pk]),
        "evaluations:prepare_overview": reverse("evaluations:prepare_overview", args=[2019]),
        "evaluations:prepare_agreement": reverse("evaluations:prepare_agreement", args=[2019, agreement.pk]),
        "evaluations:agreement_renew": reverse("evaluations:agreement_renew", args=[agreement.pk]),
        "evaluations:evaluation_list": reverse("evaluations:evaluation_list"),
        "evaluations:evaluation_start": reverse("evaluations:evaluation_start") + "?year=2018",
        "evaluations:evaluation_edit": reverse("evaluations:evaluation_edit", args=[evaluation.pk]),
        "evaluations:evaluation_step": reverse("evaluations:evaluation_step", args=[evaluation.pk]),
        "evaluations:follow_up": reverse("evaluations:follow_up"),
        "evaluations:target_change": reverse("evaluations:target_change", args=[foreign["result"].target_id]),
    }


def test_every_portal_url_is_classified(foreign):
    assert set(staff_urls(foreign)) == STAFF_PAGES
    classified = OWN_PAGES | STAFF_PAGES | CAPABILITY_URLS | set(foreign_urls(foreign))
    assert portal_url_names() == classified


def test_partner_user_gets_404_for_every_object_of_another_partner(client, partner_user, foreign):
    client.force_login(partner_user)
    for name, url in foreign_urls(foreign).items():
        response = client.get(url)
        if response.status_code == 405:  # an action that only takes POST
            response = client.post(url)
        assert response.status_code == 404, f"{name} gave {response.status_code}"
    # ...and nothing changed.
    foreign["contact"].refresh_from_db()
    assert foreign["contact"].is_active
    assert foreign["action"].__class__.objects.filter(pk=foreign["action"].pk).exists()


def test_partner_user_gets_403_on_fit_pages(client, partner_user, foreign):
    client.force_login(partner_user)
    for name, url in staff_urls(foreign).items():
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url, {"agreement": foreign["agreement"].pk, "step": "share"})
        assert response.status_code == 403, f"{name} gave {response.status_code}"


def test_anonymous_users_are_sent_to_log_in(client, foreign):
    urls = [
        *foreign_urls(foreign).values(),
        reverse("partners:home"),
        reverse("evaluations:report_list"),
        reverse("evaluations:staff_home"),
        reverse("evaluations:programme"),
    ]
    for url in urls:
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_a_partner_user_sees_its_own_objects(client, partner_user):
    own = InvitationFactory(contact=partner_user.contact)
    client.force_login(partner_user)
    assert client.get(reverse("partners:moment_detail", args=[own.moment.pk])).status_code == 200
    assert client.get(reverse("partners:contact_edit", args=[partner_user.contact.pk])).status_code == 200


def test_a_deactivated_contact_loses_access(client, partner_user):
    partner_user.contact.is_active = False
    partner_user.contact.save()
    client.force_login(partner_user)
    assert client.get(reverse("partners:home")).status_code == 403
