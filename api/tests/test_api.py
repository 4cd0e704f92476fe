"""The read-only API for FIT's reporting tools (issue 17), through real personal tokens: it shows what the portal
shows each user (a partner's token its own organisation only; another's row is a 404, budgets are FIT's), in
pages, throttled, and described by an OpenAPI schema that validates."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.tests.factories import UserFactory
from api.models import ApiToken
from budgets.tests.factories import BudgetLineFactory, PaymentFactory
from evaluations.tests.factories import KPIReportFactory, KPIResultFactory, KPITargetFactory
from partners.tests.factories import (
    AgreementFactory,
    InvitationFactory,
    MomentFactory,
    PartnerFactory,
    PartnerUserFactory,
)

pytestmark = pytest.mark.django_db


def bearer(user, name="Power BI") -> APIClient:
    _row, token = ApiToken.objects.issue(user=user, name=name)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def two_partners():
    voka = PartnerFactory(name="Voka", slug="voka")
    unizo = PartnerFactory(name="UNIZO", slug="unizo")
    return voka, unizo, PartnerUserFactory(contact__partner=voka), PartnerUserFactory(contact__partner=unizo)


@pytest.fixture
def fit_staff():
    return UserFactory(username="sofie", roles=[Role.FIT_STAFF])


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_a_partners_token_reads_only_its_own_organisation(two_partners):
    voka, unizo, lies, _jan = two_partners
    own, other = AgreementFactory(partner=voka), AgreementFactory(partner=unizo)
    own_target, other_target = KPITargetFactory(agreement=own), KPITargetFactory(agreement=other)
    invited = InvitationFactory(contact=lies.contact).moment
    not_invited = InvitationFactory(contact__partner=unizo).moment
    api = bearer(lies)

    assert ids(api.get(reverse("api:partner-list"))) == {voka.pk}
    assert ids(api.get(reverse("api:agreement-list"))) == {own.pk}
    assert ids(api.get(reverse("api:kpi-target-list"))) == {own_target.pk}
    assert ids(api.get(reverse("api:moment-list"))) == {invited.pk}
    for name, pk in [
        ("api:partner-detail", unizo.pk),
        ("api:agreement-detail", other.pk),
        ("api:kpi-target-detail", other_target.pk),
        ("api:moment-detail", not_invited.pk),
    ]:
        assert api.get(reverse(name, args=[pk])).status_code == 404, name
    # A filter cannot widen the scope.
    assert ids(api.get(reverse("api:agreement-list"), {"partner": unizo.pk})) == set()


def test_budgets_are_fits_own_and_fit_staff_read_everything(two_partners, fit_staff):
    voka, unizo, lies, _jan = two_partners
    line = BudgetLineFactory(partner=voka, amount=Decimal("905000.00"))
    PaymentFactory(line=line, amount=Decimal("452500.00"))
    PaymentFactory(line=line, amount=Decimal("0.01"), date=datetime.date(2020, 1, 15))
    partner_api = bearer(lies)
    assert partner_api.get(reverse("api:budget-line-list")).status_code == 403
    assert partner_api.get(reverse("api:payment-list")).status_code == 403

    fit = bearer(fit_staff)
    assert ids(fit.get(reverse("api:partner-list"))) == {voka.pk, unizo.pk}
    [row] = fit.get(reverse("api:budget-line-list")).json()["results"]
    assert (row["amount"], row["paid"], row["partner"]) == ("905000.00", "452500.01", voka.pk)
    payments_2019 = fit.get(reverse("api:payment-list"), {"year": 2019}).json()["results"]
    assert [p["amount"] for p in payments_2019] == ["452500.00"]


def test_a_target_shows_its_result_only_once_fit_validated_the_report(two_partners, fit_staff):
    voka = two_partners[0]
    agreement = AgreementFactory(partner=voka)
    validated = KPIResultFactory(
        target=KPITargetFactory(agreement=agreement, year=2019),
        report=KPIReportFactory(agreement=agreement, year=2019, status="validated"),
        actual_value=Decimal("130"),
    )
    submitted = KPIResultFactory(
        target=KPITargetFactory(agreement=agreement, year=2020),
        report=KPIReportFactory(agreement=agreement, year=2020, status="submitted"),
        actual_value=Decimal("90"),
    )
    rows = {r["id"]: r for r in bearer(fit_staff).get(reverse("api:kpi-target-list")).json()["results"]}
    assert rows[validated.target_id]["validated_result"] == "130.00"
    assert rows[submitted.target_id]["validated_result"] is None
    in_2020 = bearer(fit_staff).get(reverse("api:kpi-target-list"), {"year": 2020, "partner": voka.pk})
    assert ids(in_2020) == {submitted.target_id}


def test_moments_count_invitations_answers_and_attendance(fit_staff):
    moment = MomentFactory()
    InvitationFactory(moment=moment, rsvp="yes", attended=True)
    InvitationFactory(moment=moment, rsvp="yes", attended=False)
    InvitationFactory(moment=moment, rsvp="no")
    row = bearer(fit_staff).get(reverse("api:moment-detail", args=[moment.pk])).json()
    assert (row["invited"], row["attending"], row["attended"]) == (3, 2, 1)
    partner = moment.invitations.first().partner
    listed = bearer(fit_staff).get(reverse("api:moment-list"), {"partner": partner.pk}).json()["results"]
    assert [(r["id"], r["invited"]) for r in listed] == [(moment.pk, 3)]  # the filter does not shrink the counts


@pytest.mark.parametrize(
    ("query", "field"), [({"year": "twintig"}, "year"), ({"year": "1800"}, "year"), ({"partner": "-3"}, "partner")]
)
def test_a_bad_filter_is_a_400_naming_the_parameter(fit_staff, query, field):
    response = bearer(fit_staff).get(reverse("api:kpi-target-list"), query)
    assert response.status_code == 400
    assert field in response.json()


def test_lists_come_in_pages(fit_staff):
    for i in range(7):
        PartnerFactory(name=f"Partner {i}", slug=f"partner-{i}")
    api = bearer(fit_staff)
    first = api.get(reverse("api:partner-list"), {"page_size": 5}).json()
    assert (first["count"], len(first["results"])) == (7, 5)
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 2
    assert second["next"] is None


def test_a_list_costs_the_same_queries_for_3_or_30_partners(fit_staff, django_assert_max_num_queries):
    def make(n):
        for _ in range(n):
            agreement = AgreementFactory()
            KPITargetFactory(agreement=agreement)
            InvitationFactory(contact__partner=agreement.partner)

    make(3)
    api = bearer(fit_staff)
    counts = {}
    for name in ("api:partner-list", "api:agreement-list", "api:kpi-target-list", "api:moment-list"):
        with django_assert_max_num_queries(12) as captured:
            api.get(reverse(name))
        counts[name] = len(captured)
    make(27)
    for name, before in counts.items():
        with django_assert_max_num_queries(before):
            api.get(reverse(name))


def test_a_token_is_stored_as_a_fingerprint_and_stops_working_when_revoked(two_partners):
    lies = two_partners[2]
    row, token = ApiToken.objects.issue(user=lies, name="Excel")
    assert token.startswith("fitp_")
    assert token not in str(ApiToken.objects.filter(pk=row.pk).values().get())
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get(reverse("api:partner-list")).status_code == 200
    row.refresh_from_db()
    assert row.last_used_at is not None

    row.revoke()
    response = api.get(reverse("api:partner-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Bearer", "Bearer fitp_nonsense", "Bearer two words", "Token abc"])
def test_a_bad_or_unknown_token_is_refused(header):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=header)
    assert api.get(reverse("api:partner-list")).status_code == 401


def test_a_deactivated_users_token_no_longer_opens_the_api(two_partners):
    lies = two_partners[2]
    api = bearer(lies)
    lies.is_active = False
    lies.save()
    assert api.get(reverse("api:partner-list")).status_code == 401


def test_the_api_is_read_only(fit_staff):
    api = bearer(fit_staff)
    assert api.post(reverse("api:partner-list"), {"name": "Nieuw"}, format="json").status_code == 405
    partner = PartnerFactory()
    assert api.delete(reverse("api:partner-detail", args=[partner.pk])).status_code == 405


def test_each_user_has_a_rate(fit_staff, settings, fresh_cache):
    settings.API = {"RATE": "3/minute"}
    api = bearer(fit_staff)
    assert [api.get(reverse("api:partner-list")).status_code for _ in range(4)] == [200, 200, 200, 429]
    other = bearer(UserFactory(roles=[Role.MANAGER]))
    assert other.get(reverse("api:partner-list")).status_code == 200


def test_the_openapi_schema_is_served_and_valid(client):
    response = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)  # raises on a schema that breaks the OpenAPI 3 specification
    assert schema["openapi"].startswith("3.")
    for path in ("/api/v1/partners/", "/api/v1/kpi-targets/{id}/", "/api/v1/budget-lines/", "/api/v1/moments/"):
        assert path in schema["paths"], path
    assert "year" in {p["name"] for p in schema["paths"]["/api/v1/kpi-targets/"]["get"]["parameters"]}
    assert schema["components"]["securitySchemes"]["personalToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal token made on /api/tokens/ (`fitp_…`): it reads what its owner sees.",
    }
    assert {"personalToken": []} in schema["paths"]["/api/v1/partners/"]["get"]["security"]


# -- the tokens page --------------------------------------------------------------------------------------------


def test_a_person_makes_a_token_sees_it_once_and_revokes_it(client, two_partners):
    lies = two_partners[2]
    client.force_login(lies)
    response = client.post(reverse("api:tokens"), {"name": "Power BI"})
    assert response.status_code == 200
    token = response.context["new_token"]
    assert token in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert token not in client.get(reverse("api:tokens")).content.decode()  # shown once
    row = ApiToken.objects.get(user=lies)
    assert f"fitp_{row.hint}" in client.get(reverse("api:tokens")).content.decode()

    response = client.post(reverse("api:token_revoke", args=[row.pk]), follow=True)
    assert "is revoked" in response.content.decode() or "ingetrokken" in response.content.decode()
    row.refresh_from_db()
    assert row.revoked_at is not None


def test_nobody_revokes_another_persons_token(client, two_partners):
    lies, jan = two_partners[2], two_partners[3]
    row, _token = ApiToken.objects.issue(user=lies, name="Power BI")
    client.force_login(jan)
    assert client.post(reverse("api:token_revoke", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None


def test_a_token_needs_a_name(client, two_partners):
    client.force_login(two_partners[2])
    response = client.post(reverse("api:tokens"), {"name": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_a_token_left_unused_keeps_its_last_use_for_a_minute(two_partners):
    """A tool reading 50 pages writes the use once, not 50 times."""
    lies = two_partners[2]
    row, token = ApiToken.objects.issue(user=lies, name="Script")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    api.get(reverse("api:partner-list"))
    first = ApiToken.objects.get(pk=row.pk).last_used_at
    api.get(reverse("api:partner-list"))
    assert ApiToken.objects.get(pk=row.pk).last_used_at == first
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now() - datetime.timedelta(minutes=2))
    api.get(reverse("api:partner-list"))
    assert ApiToken.objects.get(pk=row.pk).last_used_at > timezone.now() - datetime.timedelta(seconds=30)


def test_the_tokens_page_speaks_dutch_first(client, two_partners):
    client.force_login(two_partners[2])
    page = client.get(reverse("api:tokens")).content.decode()
    assert "Met een persoonlijke sleutel leest een rapporteringstool" in page
    assert 'het <a href="/api/schema/">OpenAPI-schema</a>' in page
    assert "U hebt nog geen sleutels." in page


def test_the_programme_holds_only_published_years_and_their_public_fields(two_partners):
    from evaluations.models import ProgrammePublication
    from evaluations.tests.factories import ActionFactory

    voka, unizo, lies, _jan = two_partners
    mission = ActionFactory(
        partner=voka, year=2019, status="accepted", title="Missie Londen", description="Intern: budget 12.000"
    )
    ActionFactory(partner=unizo, year=2019, status="submitted", title="Voorstel UNIZO")
    ActionFactory(partner=voka, year=2020, status="accepted", title="Missie 2020")
    ProgrammePublication.objects.create(year=2019)
    response = bearer(lies).get(reverse("api:programme-list"))
    [row] = response.json()["results"]
    assert (row["id"], row["year"], row["title"], row["organisers"]) == (mission.pk, 2019, "Missie Londen", ["Voka"])
    assert "description" not in row and "status" not in row
    assert "Intern" not in response.content.decode()
    assert bearer(lies).get(reverse("api:programme-list"), {"year": 2020}).json()["results"] == []
