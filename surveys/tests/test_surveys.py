"""Surveys after a partner day or a formal consultation: FIT creates and sends one, the invited partners
answer once (and may change it until it closes), FIT reads the results and the year's satisfaction beside
KPI07 on the KPI report."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from evaluations.tests.factories import KPIResultFactory
from notifications.models import Kind, OutboxMessage
from partners.tests.factories import ContactFactory, InvitationFactory, PartnerUserFactory
from surveys.figures import satisfaction, survey_results
from surveys.models import Survey, SurveyAnswer, SurveyResponse
from surveys.services import survey_answer, survey_send
from surveys.tests.factories import HeldMomentFactory, SurveyFactory
from surveys.todo import surveys_todo

pytestmark = pytest.mark.django_db


@pytest.fixture
def moment(partner_user):
    """A partner day held three days ago; Voka (Lies) is invited, Agoria (Omar) not."""
    moment = HeldMomentFactory(title="Partnerdag")
    InvitationFactory(moment=moment, contact=partner_user.contact)
    return moment


@pytest.fixture
def survey(moment):
    return SurveyFactory(moment=moment, title="Bevraging partnerdag")


def invited_user(moment, username: str, partner_name: str):
    user = PartnerUserFactory(username=username, contact__partner__name=partner_name)
    InvitationFactory(moment=moment, contact=user.contact)
    return user


def answer(survey, user, score, *texts):
    open_questions = [q for q in survey.questions.all() if q.kind == "open"]
    return survey_answer(
        survey=survey,
        partner_id=user.contact.partner_id,
        user=user,
        score=score,
        texts={q.pk: t for q, t in zip(open_questions, texts, strict=False)},
    )


def todo_titles(user) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    return [item.title for item in surveys_todo(request)]


def test_a_new_survey_has_the_default_questions_prefilled_and_is_saved_as_a_draft(client, staff, moment):
    client.force_login(staff)
    page = client.get(reverse("surveys:staff_survey_create") + f"?moment={moment.pk}")
    form = page.context["form"]
    assert "Hoe tevreden bent u" in form.initial["score_text"]
    assert form.initial["open_questions"].splitlines() == ["Wat was het nuttigst?", "Wat moeten we anders doen?"]

    data = {
        "moment": moment.pk,
        "title": "Bevraging partnerdag",
        "opens_on": timezone.localdate().isoformat(),
        "closes_on": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
        "score_text": form.initial["score_text"],
        "open_questions": form.initial["open_questions"],
    }
    response = client.post(reverse("surveys:staff_survey_create"), data)

    survey = Survey.objects.get()
    assert response.status_code == 302 and survey.status == "draft"
    assert [(q.kind, q.order) for q in survey.questions.all()] == [("score", 0), ("open", 1), ("open", 2)]


def test_sending_tells_the_login_contacts_of_the_invited_partners_only_and_shows_it_to_them(
    client, staff, survey, partner_user, other_partner_user
):
    ContactFactory(partner=partner_user.contact.partner)  # no log-in
    assert todo_titles(partner_user) == []
    client.force_login(partner_user)
    assert client.get(reverse("surveys:survey_answer", args=[survey.pk])).status_code == 404  # a draft

    client.force_login(staff)
    client.post(reverse("surveys:staff_survey_send", args=[survey.pk]))

    survey.refresh_from_db()
    assert survey.status == "sent"
    rows = OutboxMessage.objects.filter(kind=Kind.SURVEY, subject_key=f"survey:{survey.pk}")
    assert [r.recipient_email for r in rows] == [partner_user.email]
    assert todo_titles(partner_user) == ["Een bevraging te beantwoorden"]
    assert todo_titles(other_partner_user) == []
    client.force_login(partner_user)
    assert "Bevraging partnerdag" in client.get(reverse("surveys:survey_list")).content.decode()


def test_a_partner_not_invited_gets_404_on_the_survey_and_does_not_see_it(client, survey, other_partner_user):
    survey_send(survey=survey)
    client.force_login(other_partner_user)
    assert client.get(reverse("surveys:survey_answer", args=[survey.pk])).status_code == 404
    assert client.post(reverse("surveys:survey_answer", args=[survey.pk]), {"score": "5"}).status_code == 404
    assert "Bevraging partnerdag" not in client.get(reverse("surveys:survey_list")).content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_partner_sees_its_own_answers_never_another_partners(client, survey, partner_user):
    survey_send(survey=survey)
    other = invited_user(survey.moment, "ward", "UNIZO")
    answer(survey, other, 2, "Niets nuttigs voor UNIZO.")
    client.force_login(partner_user)
    page = client.get(reverse("surveys:survey_answer", args=[survey.pk]))
    assert page.context["response"] is None
    assert "Niets nuttigs voor UNIZO." not in page.content.decode()


def test_a_score_outside_1_to_5_is_refused_with_a_dutch_message(client, survey, partner_user):
    survey_send(survey=survey)
    client.force_login(partner_user)
    for score in ("0", "6", "veel", ""):
        response = client.post(reverse("surveys:survey_answer", args=[survey.pk]), {"score": score})
        assert response.status_code == 400
        assert "Kies een score van 1 tot 5." in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_the_database_refuses_a_score_outside_1_to_5(survey, partner_user):
    survey_send(survey=survey)
    response = answer(survey, partner_user, 3)
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyAnswer.objects.filter(response=response).update(score=6)


def test_a_partner_answers_once_and_can_change_the_answers_until_the_survey_closes(client, survey, partner_user):
    survey_send(survey=survey)
    client.force_login(partner_user)
    url = reverse("surveys:survey_answer", args=[survey.pk])
    useful = next(q for q in survey.questions.all() if q.kind == "open")

    client.post(url, {"score": "3", f"q{useful.pk}": "De workshops."})
    client.post(url, {"score": "4", f"q{useful.pk}": "De workshops en de lunch."})

    response = SurveyResponse.objects.get()
    assert {(a.score, a.text) for a in response.answers.all()} == {(4, ""), (None, "De workshops en de lunch.")}
    assert todo_titles(partner_user) == []

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Survey.objects.filter(pk=survey.pk).update(opens_on=yesterday, closes_on=yesterday)
    page = client.post(url, {"score": "1"}, follow=True)
    assert (
        "Deze bevraging is gesloten: antwoorden kunnen niet meer gegeven of gewijzigd worden." in page.content.decode()
    )
    assert SurveyResponse.objects.get().answers.get(question__kind="score").score == 4


def test_after_fit_closes_the_survey_no_answer_is_accepted(client, staff, survey, partner_user):
    survey_send(survey=survey)
    client.force_login(staff)
    client.post(reverse("surveys:staff_survey_close", args=[survey.pk]))
    client.force_login(partner_user)
    page = client.get(reverse("surveys:survey_answer", args=[survey.pk]))
    assert page.status_code == 200 and "Deze bevraging is gesloten" in page.content.decode()
    client.post(reverse("surveys:survey_answer", args=[survey.pk]), {"score": "5"})
    assert not SurveyResponse.objects.exists()


def test_the_results_are_computed_from_the_answers(client, staff, survey, partner_user):
    survey_send(survey=survey)
    invited_user(survey.moment, "zoe", "VIL")  # invited, does not answer
    answer(survey, partner_user, 5, "De workshops.")
    answer(survey, invited_user(survey.moment, "ward", "UNIZO"), 4, "", "Minder presentaties.")
    answer(survey, invited_user(survey.moment, "mia", "Fevia"), 2)

    results = survey_results(survey)

    assert (results["response_count"], results["invited_count"]) == (3, 4)
    assert results["score"].average == Decimal("3.67")
    assert [(s, n) for s, n, _share in results["score"].distribution()] == [(1, 0), (2, 1), (3, 0), (4, 1), (5, 1)]
    useful, different = results["open_results"]
    assert [(a.partner.name, a.text) for a in useful.answers] == [("Voka", "De workshops.")]
    assert [(a.partner.name, a.text) for a in different.answers] == [("UNIZO", "Minder presentaties.")]
    client.force_login(staff)
    page = client.get(reverse("surveys:staff_survey_results", args=[survey.pk])).content.decode()
    assert "3 van de 4 uitgenodigde partners antwoordden" in page and "3,67 / 5" in page


def test_the_export_holds_a_row_per_partner_with_the_score_as_a_number(client, staff, survey, partner_user):
    survey_send(survey=survey)
    answer(survey, partner_user, 5, '=HYPERLINK("http://x")')
    client.force_login(staff)
    response = client.get(reverse("surveys:staff_survey_export", args=[survey.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("Partner", "Beantwoord door", "Beantwoord op")
    assert rows[1][0] == "Voka" and rows[1][3] == 5
    assert rows[1][4].startswith("'=")  # typed text never becomes a live formula


def test_the_satisfaction_of_a_year_per_partner_and_overall(survey, partner_user):
    survey_send(survey=survey)
    ward = invited_user(survey.moment, "ward", "UNIZO")
    answer(survey, partner_user, 5)
    answer(survey, ward, 2)
    # A second survey of the same year: Voka answers 4.
    second = SurveyFactory(moment=HeldMomentFactory(kind="formal"))
    InvitationFactory(moment=second.moment, contact=partner_user.contact)
    survey_send(survey=second)
    answer(second, partner_user, 4)
    SurveyFactory(moment=HeldMomentFactory())  # a draft counts for nothing

    year = timezone.localtime(survey.moment.starts_at).year
    figures = satisfaction(year)

    assert figures.surveys == 2
    assert (figures.overall.count, figures.overall.average) == (3, Decimal("3.67"))
    voka = figures.per_partner[partner_user.contact.partner_id]
    assert (voka.count, voka.average, voka.satisfied_share) == (2, Decimal("4.50"), Decimal("100.0"))
    assert figures.per_partner[ward.contact.partner_id].satisfied_share == Decimal("0.0")
    assert satisfaction(year - 1).overall.count == 0


def test_the_kpi07_review_page_shows_the_satisfaction_beside_the_reported_result(
    client, account_manager, partner, survey, partner_user
):
    year = timezone.localtime(survey.moment.starts_at).year
    result = KPIResultFactory(
        target__agreement__partner=partner, target__year=year, target__kpi__code="KPI07", actual_value=Decimal("80")
    )
    survey_send(survey=survey)
    answer(survey, partner_user, 4)
    client.force_login(account_manager)

    page = client.get(reverse("evaluations:report_review", args=[result.report_id])).content.decode()

    assert f"Tevredenheid van Voka in de bevragingen van FIT {year}" in page
    assert "gemiddeld 4 / 5, 100 % gaf 4 of 5" in page
    result.refresh_from_db()
    assert result.actual_value == Decimal("80")  # evidence only: the reported result stays


def test_staff_pages_list_and_results_take_a_constant_number_of_queries(
    client, staff, survey, partner_user, django_assert_max_num_queries
):
    survey_send(survey=survey)
    for n in range(5):
        answer(survey, invited_user(survey.moment, f"user{n}", f"Partner {n}"), 1 + n % 5, "Tekst")
    client.force_login(staff)
    with django_assert_max_num_queries(20):
        client.get(reverse("surveys:staff_survey_results", args=[survey.pk]))
    with django_assert_max_num_queries(20):
        client.get(reverse("surveys:staff_survey_list"))


def test_the_survey_and_approval_mails_go_out_in_dutch_with_their_links(mailoutbox, survey, partner_user):
    from notifications.services import sweep
    from partners.services import minutes_ask_approval

    moment = survey.moment
    moment.minutes, moment.minutes_published_at = "Verslag.", timezone.now()
    moment.save()
    survey_send(survey=survey)
    minutes_ask_approval(moment=moment, due=timezone.localdate() + datetime.timedelta(days=5))

    sweep()

    subjects = sorted(mail.subject for mail in mailoutbox)
    assert subjects == ["Bevraging: Bevraging partnerdag", f"Verslag ter goedkeuring: {moment.title}"]
    by_subject = {mail.subject: mail for mail in mailoutbox}
    assert reverse("surveys:survey_answer", args=[survey.pk]) in by_subject[subjects[0]].body
    assert reverse("partners:moment_detail", args=[moment.pk]) in by_subject[subjects[1]].body
    assert all(mail.to == [partner_user.email] for mail in mailoutbox)


def test_a_survey_message_not_sent_before_the_survey_closed_lapses(mailoutbox, survey, partner_user):
    from notifications.services import sweep
    from surveys.services import survey_close

    survey_send(survey=survey)
    survey_close(survey=survey)
    sweep()
    assert mailoutbox == []
    assert OutboxMessage.objects.get(kind=Kind.SURVEY).status == "cancelled"
