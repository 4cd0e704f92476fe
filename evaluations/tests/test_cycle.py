"""The yearly cycle: prepare the next year, evaluate, sign off, share, respond, and close the loop."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from budgets.models import BudgetLine, BudgetYear
from budgets.tests.factories import BudgetLineFactory, BudgetYearFactory
from evaluations.models import (
    Direction,
    Evaluation,
    EvaluationTransition,
    ImprovementPoint,
    KPIReport,
    KPITarget,
    ReportStatus,
    TargetStatus,
)
from evaluations.services import (
    PointInput,
    ScoreInput,
    agreement_renew,
    evaluation_respond,
    evaluation_save,
    evaluation_send_back,
    evaluation_share,
    evaluation_sign_off,
    evaluation_start,
    evaluation_submit,
    kpi_report_validate,
    missed_kpis,
    provisional_kpis,
    target_change,
    text_for_year,
    year_comparison,
    year_confirm,
    year_prepare,
)
from evaluations.tests.factories import ImprovementPointFactory, KPIFactory, KPIResultFactory, KPITargetFactory
from notifications.models import Kind, OutboxMessage
from partners.tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(partner):
    return AgreementFactory(partner=partner)


@pytest.fixture
def targets_2019(agreement):
    return [
        KPITargetFactory(agreement=agreement, kpi=KPIFactory(code="KPI01"), year=2019, target_value=Decimal("100")),
        KPITargetFactory(agreement=agreement, kpi=KPIFactory(code="KPI02"), year=2019, target_value=Decimal("10")),
    ]


def test_preparing_copies_targets_and_lines_as_drafts(account_manager, agreement, targets_2019):
    BudgetLineFactory(
        budget_year=BudgetYearFactory(year=2019),
        partner=agreement.partner,
        agreement=agreement,
        description="Werking 2019",
        amount=Decimal("50000"),
    )
    summary = year_prepare(agreement=agreement, year=2020, user=account_manager)
    assert summary.targets_created == 2 and summary.lines_created == 1 and summary.budget_year_created
    drafts = KPITarget.objects.filter(agreement=agreement, year=2020)
    assert {t.status for t in drafts} == {TargetStatus.DRAFT}
    assert {t.target_value for t in drafts} == {Decimal("100"), Decimal("10")}
    line = BudgetLine.objects.get(budget_year__year=2020)
    assert line.is_draft and line.amount == Decimal("50000")
    assert BudgetYear.objects.with_totals().get(year=2020).committed == 0  # drafts are no commitments


def test_a_copied_line_and_target_note_name_the_new_year(account_manager, agreement, targets_2019):
    budget_2019 = BudgetYearFactory(year=2019)
    for description in ["Werking 2019", "Werkingsjaar 2018-2019 (overeenkomst 2017-2021)"]:
        BudgetLineFactory(
            budget_year=budget_2019, partner=agreement.partner, agreement=agreement, description=description
        )
    KPITarget.objects.filter(year=2019, kpi__code="KPI01").update(note="Doelstelling 2019, zoals afgesproken in 2018")
    year_prepare(agreement=agreement, year=2020, user=account_manager)
    descriptions = BudgetLine.objects.filter(budget_year__year=2020).values_list("description", flat=True)
    assert sorted(descriptions) == ["Werking 2020", "Werkingsjaar 2019-2020 (overeenkomst 2017-2021)"]
    note = KPITarget.objects.get(year=2020, kpi__code="KPI01").note
    assert note == "Doelstelling 2020, zoals afgesproken in 2018"

    again = year_prepare(agreement=agreement, year=2020, user=account_manager)
    assert again.lines_created == 0 and BudgetLine.objects.filter(budget_year__year=2020).count() == 2
    _targets, lines = year_comparison(agreement=agreement, year=2020)
    first = lines[0]
    assert (first.description, first.previous.description, first.current.description) == (
        "Werking 2020",
        "Werking 2019",
        "Werking 2020",
    )


def test_only_whole_word_years_follow_the_new_year():
    assert text_for_year("KPI2019 in 2019–2020, sinds 2017", source_year=2019, year=2020) == (
        "KPI2019 in 2020–2021, sinds 2017"
    )
    assert text_for_year("Werking 20190", source_year=2019, year=2020) == "Werking 20190"


def test_preparing_twice_creates_nothing_twice_and_overwrites_nothing(account_manager, agreement, targets_2019):
    year_prepare(agreement=agreement, year=2020, user=account_manager)
    KPITarget.objects.filter(agreement=agreement, year=2020, kpi__code="KPI01").update(target_value=Decimal("120"))
    again = year_prepare(agreement=agreement, year=2020, user=account_manager)
    assert again.targets_created == 0
    assert KPITarget.objects.filter(year=2020).count() == 2
    assert KPITarget.objects.get(year=2020, kpi__code="KPI01").target_value == Decimal("120")


def test_the_comparison_marks_changed_values(account_manager, agreement, targets_2019):
    year_prepare(agreement=agreement, year=2020, user=account_manager)
    KPITarget.objects.filter(year=2020, kpi__code="KPI02").update(target_value=Decimal("12"))
    rows, _ = year_comparison(agreement=agreement, year=2020)
    assert [(r.kpi.code, r.changed) for r in rows] == [("KPI01", False), ("KPI02", True)]


def test_confirming_applies_the_edits_and_respects_the_commitment_ceiling(account_manager, agreement, targets_2019):
    BudgetLineFactory(
        budget_year=BudgetYearFactory(year=2019, commitment_authorisation=Decimal("60000")),
        partner=agreement.partner,
        agreement=agreement,
        description="Werking",
        amount=Decimal("50000"),
    )
    year_prepare(agreement=agreement, year=2020, user=account_manager)
    target = KPITarget.objects.get(year=2020, kpi__code="KPI01")
    line = BudgetLine.objects.get(budget_year__year=2020)
    with pytest.raises(ValidationError, match="vastleggingsmachtiging"):
        year_confirm(
            agreement=agreement,
            year=2020,
            user=account_manager,
            target_values={target.pk: Decimal("130")},
            line_amounts={line.pk: Decimal("70000")},
        )
    target.refresh_from_db()
    assert target.is_draft and target.target_value == Decimal("100")  # nothing confirmed
    year_confirm(
        agreement=agreement,
        year=2020,
        user=account_manager,
        target_values={target.pk: Decimal("130")},
        line_amounts={line.pk: Decimal("55000")},
    )
    target.refresh_from_db()
    assert target.status == TargetStatus.CONFIRMED and target.target_value == Decimal("130")
    assert target.confirmed_by == account_manager


def test_another_account_manager_cannot_prepare(agreement, targets_2019):
    from partners.tests.factories import AccountManagerFactory

    with pytest.raises(PermissionDenied):
        year_prepare(agreement=agreement, year=2020, user=AccountManagerFactory().user)


def test_a_target_is_locked_once_its_year_started(account_manager, manager, targets_2019):
    target = targets_2019[0]
    assert target.is_locked(datetime.date(2019, 1, 1))
    assert not target.is_locked(datetime.date(2018, 12, 31))
    with pytest.raises(PermissionDenied):
        target_change(target=target, user=account_manager, value=Decimal("90"))
    with pytest.raises(ValidationError, match="reden"):
        target_change(target=target, user=manager, value=Decimal("90"))
    target_change(target=target, user=manager, value=Decimal("90"), reason="Fusie van twee kamers")
    assert target.history.first().history_change_reason == "Fusie van twee kamers"
    assert target.history.first().target_value == Decimal("90")


def test_a_draft_target_for_a_future_year_changes_freely(account_manager, partner):
    agreement = AgreementFactory(
        partner=partner, start_date=datetime.date(2022, 1, 1), end_date=datetime.date(2036, 12, 31)
    )
    target = KPITargetFactory(agreement=agreement, year=timezone.localdate().year + 1, status=TargetStatus.DRAFT)
    target_change(target=target, user=account_manager, value=Decimal("5"))
    assert target.target_value == Decimal("5")


def test_another_partners_account_manager_cannot_change_an_unlocked_target(partner):
    from partners.tests.factories import AccountManagerFactory

    agreement = AgreementFactory(
        partner=partner, start_date=datetime.date(2022, 1, 1), end_date=datetime.date(2036, 12, 31)
    )
    target = KPITargetFactory(agreement=agreement, year=timezone.localdate().year + 1, target_value=Decimal("7"))
    with pytest.raises(PermissionDenied):
        target_change(target=target, user=AccountManagerFactory().user, value=Decimal("5"))
    target.refresh_from_db()
    assert target.target_value == Decimal("7")


def test_a_new_period_takes_over_the_last_year_as_drafts(account_manager, agreement):
    agreement.title = "Structurele samenwerkingsovereenkomst 2017-2021"
    agreement.save()
    KPITargetFactory(agreement=agreement, kpi=KPIFactory(code="KPI01"), year=2021, target_value=Decimal("140"))
    new, summary = agreement_renew(
        agreement=agreement,
        user=account_manager,
        reference="SO-2022-VOKA",
        start_date=datetime.date(2022, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    assert (new.partner_share, new.fit_share) == (agreement.partner_share, agreement.fit_share)
    assert new.title == "Structurele samenwerkingsovereenkomst 2022-2026"
    assert summary.targets_created == 1
    assert new.kpi_targets.get(year=2022).target_value == Decimal("140")
    with pytest.raises(ValidationError, match="overlapt"):
        agreement_renew(
            agreement=agreement,
            user=account_manager,
            reference="SO-2024-X",
            start_date=datetime.date(2024, 1, 1),
            end_date=datetime.date(2025, 12, 31),
        )


def evaluated(agreement, user):
    evaluation = evaluation_start(agreement=agreement, year=2019, user=user)
    scores = [ScoreInput(s.kpi_id, 4, "") for s in evaluation.scores.all()]
    return evaluation_save(
        evaluation=evaluation,
        user=user,
        version=evaluation.version,
        score=4,
        conclusion="Goed jaar.",
        date=datetime.date(2020, 5, 1),
        scores=scores,
        new_points=[],
    )


def test_an_evaluation_moves_through_its_steps_each_recorded_and_told(
    account_manager, manager, partner_user, agreement, targets_2019
):
    evaluation = evaluated(agreement, account_manager)
    evaluation_submit(evaluation=evaluation, user=account_manager)
    evaluation_send_back(evaluation=evaluation, user=manager, comment="Conclusie te kort.")
    evaluation_submit(evaluation=evaluation, user=account_manager)
    evaluation_sign_off(evaluation=evaluation, user=manager)
    evaluation_share(evaluation=evaluation, user=account_manager)
    evaluation_respond(evaluation=evaluation, user=partner_user, text="Akkoord, we werken aan KPI02.")
    steps = list(EvaluationTransition.objects.filter(evaluation=evaluation).values_list("to_status", "by__username"))
    assert steps == [
        ("submitted", "an"),
        ("draft", "marc"),
        ("submitted", "an"),
        ("signed_off", "marc"),
        ("shared", "an"),
    ]
    told = OutboxMessage.objects.filter(kind=Kind.EVALUATION)
    assert told.filter(recipient_email=manager.email).count() == 2  # two submissions
    assert told.filter(recipient_email=partner_user.email).count() == 1  # shared
    assert told.filter(recipient_email=account_manager.email, offset__startswith="response").exists()


def test_the_managers_mail_about_a_submitted_evaluation_links_to_it(
    account_manager, manager, agreement, targets_2019, mailoutbox
):
    from notifications.services import deliver

    evaluation = evaluated(agreement, account_manager)
    evaluation_submit(evaluation=evaluation, user=account_manager)
    message = OutboxMessage.objects.get(kind=Kind.EVALUATION, recipient_email=manager.email)
    assert deliver(message.pk)
    (mail,) = mailoutbox
    assert reverse("evaluations:evaluation_edit", args=[evaluation.pk]) in mail.body


def test_submitting_needs_every_score_and_a_conclusion(account_manager, agreement, targets_2019):
    evaluation = evaluation_start(agreement=agreement, year=2019, user=account_manager)
    with pytest.raises(ValidationError) as error:
        evaluation_submit(evaluation=evaluation, user=account_manager)
    assert "KPI01" in str(error.value) and "conclusie" in str(error.value)


def test_only_managers_sign_off_and_only_submitted_evaluations(account_manager, manager, agreement, targets_2019):
    evaluation = evaluated(agreement, account_manager)
    with pytest.raises(PermissionDenied):
        evaluation_sign_off(evaluation=evaluation, user=manager)  # still a draft
    evaluation_submit(evaluation=evaluation, user=account_manager)
    with pytest.raises(PermissionDenied):
        evaluation_sign_off(evaluation=evaluation, user=account_manager)
    with pytest.raises(PermissionDenied):
        evaluation_share(evaluation=evaluation, user=account_manager)  # not signed off yet


def test_sign_off_waits_for_a_status_update_on_last_years_points(account_manager, manager, agreement, targets_2019):
    last_year = Evaluation.objects.create(agreement=agreement, year=2018, status="shared")
    point = ImprovementPointFactory(partner=agreement.partner, evaluation=last_year, title="Meer afstemming")
    evaluation = evaluated(agreement, account_manager)
    evaluation_submit(evaluation=evaluation, user=account_manager)
    with pytest.raises(ValidationError, match="Meer afstemming"):
        evaluation_sign_off(evaluation=evaluation, user=manager)
    point.status, point.status_changed_at = ImprovementPoint.Status.IN_PROGRESS, timezone.now()
    point.save()
    evaluation_sign_off(evaluation=evaluation, user=manager)
    assert evaluation.status == Evaluation.Status.SIGNED_OFF


def test_a_missed_kpi_becomes_an_improvement_point_on_the_evaluation_page(client, account_manager, agreement):
    hit = KPIResultFactory(
        target__agreement=agreement,
        target__year=2019,
        target__kpi=KPIFactory(code="KPI01"),
        target__target_value=Decimal("100"),
        actual_value=Decimal("120"),
    )
    missed = KPIResultFactory(
        target__agreement=agreement,
        target__year=2019,
        target__kpi=KPIFactory(code="KPI02"),
        target__target_value=Decimal("10"),
        actual_value=Decimal("6"),
    )
    hit.report.status = "validated"
    hit.report.save()
    evaluation = evaluation_start(agreement=agreement, year=2019, user=account_manager)
    client.force_login(account_manager)
    url = reverse("evaluations:evaluation_edit", args=[evaluation.pk])
    page = client.get(url)
    suggested = [target.kpi.code for target, _result, _form in page.context["suggestion_forms"]]
    assert suggested == ["KPI02"]
    data = {
        "version": evaluation.version,
        "score": "3",
        "conclusion": "KPI02 bleef achter.",
        "date": "2020-05-01",
        "action": "save",
        f"m{missed.target.kpi_id}-create": "on",
        f"m{missed.target.kpi_id}-title": "KPI02: meer startende exporteurs begeleiden",
    }
    for score in evaluation.scores.all():
        data[f"s{score.kpi_id}-score"] = "3"
    assert client.post(url, data).status_code == 302
    point = ImprovementPoint.objects.get()
    assert point.kpi.code == "KPI02" and point.partner == agreement.partner and point.evaluation == evaluation
    assert point.owner == account_manager and point.due_date == datetime.date(2020, 12, 31)


def test_a_point_for_a_kpi_that_was_achieved_is_refused(account_manager, agreement):
    hit = KPIResultFactory(
        target__agreement=agreement,
        target__year=2019,
        target__kpi=KPIFactory(code="KPI01"),
        target__target_value=Decimal("100"),
        actual_value=Decimal("120"),
    )
    hit.report.status = "validated"
    hit.report.save()
    evaluation = evaluation_start(agreement=agreement, year=2019, user=account_manager)
    with pytest.raises(ValidationError, match="niet gehaald"):
        evaluation_save(
            evaluation=evaluation,
            user=account_manager,
            version=evaluation.version,
            score=4,
            conclusion="Goed jaar.",
            date=datetime.date(2020, 5, 1),
            scores=[],
            new_points=[PointInput(title="KPI01 beter doen", kpi_id=hit.target.kpi_id)],
        )
    assert not ImprovementPoint.objects.exists()


def test_a_report_not_yet_validated_proposes_no_point_and_lists_its_results_as_provisional(
    client, account_manager, agreement
):
    above = KPIResultFactory(
        target__agreement=agreement,
        target__year=2019,
        target__kpi=KPIFactory(code="KPI01"),
        target__target_value=Decimal("108"),
        actual_value=Decimal("120"),
    )
    KPIResultFactory(
        target__agreement=agreement,
        target__year=2019,
        target__kpi=KPIFactory(code="KPI02"),
        target__target_value=Decimal("10"),
        actual_value=Decimal("6"),
    )
    report = above.report
    report.status = ReportStatus.SUBMITTED
    report.save()
    evaluation = evaluation_start(agreement=agreement, year=2019, user=account_manager)
    client.force_login(account_manager)
    url = reverse("evaluations:evaluation_edit", args=[evaluation.pk])

    page = client.get(url)
    assert page.context["suggestion_forms"] == []
    assert [target.kpi.code for target, _result in page.context["provisional"]] == ["KPI01", "KPI02"]
    assert "Voorlopig: deze resultaten zijn nog niet gevalideerd" in page.content.decode()

    kpi_report_validate(report=report, user=account_manager)
    page = client.get(url)
    assert [target.kpi.code for target, _result, _form in page.context["suggestion_forms"]] == ["KPI02"]
    assert page.context["provisional"] == []


def test_a_lower_is_better_kpi_misses_its_target_when_the_result_is_above_it(account_manager, agreement):
    lower = Direction.LOWER
    for code, actual in [("KPI07", "8"), ("KPI08", "12")]:
        KPIResultFactory(
            target__agreement=agreement,
            target__year=2019,
            target__kpi=KPIFactory(code=code, direction=lower),
            target__target_value=Decimal("10"),
            actual_value=Decimal(actual),
        )
    KPIReport.objects.update(status=ReportStatus.VALIDATED)
    evaluation = evaluation_start(agreement=agreement, year=2019, user=account_manager)
    assert [target.kpi.code for target, _result in missed_kpis(evaluation)] == ["KPI08"]
    assert provisional_kpis(evaluation) == []


def test_a_target_without_any_result_is_provisional_not_missed(account_manager, agreement, targets_2019):
    evaluation = evaluation_start(agreement=agreement, year=2019, user=account_manager)
    assert missed_kpis(evaluation) == []
    assert [(target.kpi.code, result) for target, result in provisional_kpis(evaluation)] == [
        ("KPI01", None),
        ("KPI02", None),
    ]


def test_partner_sees_its_evaluation_only_once_shared_and_never_another_partners(
    client, account_manager, manager, partner_user, other_partner, agreement, targets_2019
):
    evaluation = evaluated(agreement, account_manager)
    other = Evaluation.objects.create(agreement=AgreementFactory(partner=other_partner), year=2019, status="shared")
    client.force_login(partner_user)
    detail = reverse("evaluations:partner_evaluation", args=[evaluation.pk])
    assert client.get(detail).status_code == 404
    evaluation_submit(evaluation=evaluation, user=account_manager)
    evaluation_sign_off(evaluation=evaluation, user=manager)
    assert client.get(detail).status_code == 404
    evaluation_share(evaluation=evaluation, user=account_manager)
    assert client.get(detail).status_code == 200
    assert client.get(reverse("evaluations:partner_evaluation", args=[other.pk])).status_code == 404
    response = client.post(detail, {"text": "Bedankt voor de feedback."})
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.partner_response == "Bedankt voor de feedback."


def test_staff_pages_of_the_cycle_render(client, account_manager, manager, agreement, targets_2019):
    evaluation = evaluated(agreement, account_manager)
    ImprovementPointFactory(partner=agreement.partner, evaluation=evaluation)
    client.force_login(account_manager)
    for url in [
        reverse("evaluations:prepare_overview", args=[2020]),
        reverse("evaluations:prepare_agreement", args=[2020, agreement.pk]),
        reverse("evaluations:agreement_renew", args=[agreement.pk]),
        reverse("evaluations:evaluation_list") + "?year=2019",
        reverse("evaluations:evaluation_edit", args=[evaluation.pk]),
    ]:
        assert client.get(url).status_code == 200, url
    client.force_login(manager)
    assert "Verbeterpunt" in client.get(reverse("evaluations:follow_up")).content.decode()


def test_preparing_through_the_page(client, account_manager, agreement, targets_2019):
    client.force_login(account_manager)
    url = reverse("evaluations:prepare_agreement", args=[2020, agreement.pk])
    client.post(url, {"action": "prepare"})
    drafts = {t.kpi.code: t for t in KPITarget.objects.filter(year=2020).select_related("kpi")}
    page = client.get(url).content.decode()
    assert "gewijzigd" not in page
    client.post(url, {"action": "confirm", f"t{drafts['KPI01'].pk}": "110", f"t{drafts['KPI02'].pk}": "10"})
    assert set(KPITarget.objects.filter(year=2020).values_list("status", flat=True)) == {"confirmed"}
    assert KPITarget.objects.get(year=2020, kpi__code="KPI01").target_value == Decimal("110")
    assert "gewijzigd" in client.get(url).content.decode()


def test_an_improvement_point_shows_its_kpi_in_the_next_year_and_the_actions_taken(client, partner_user, agreement):
    from evaluations.tests.factories import ActionFactory

    evaluation = Evaluation.objects.create(agreement=agreement, year=2019, status="shared")
    kpi = KPIFactory(code="KPI02", name="Startende exporteurs")
    point = ImprovementPointFactory(partner=agreement.partner, evaluation=evaluation, kpi=kpi, title="Meer starters")
    KPIResultFactory(
        target__agreement=agreement,
        target__kpi=kpi,
        target__year=2020,
        target__target_value=Decimal("10"),
        actual_value=Decimal("12"),
    )
    point.actions.add(ActionFactory(partner=agreement.partner, year=2020, title="Startersdag export"))
    client.force_login(partner_user)
    html = client.get(reverse("evaluations:improvement_detail", args=[point.pk])).content.decode()
    assert "KPI02 in de jaren daarna" in html and "2020: 12" in html and "120 %" in html
    assert "Startersdag export" in html


def test_a_manager_changes_a_locked_target_in_the_portal_with_a_reason(client, account_manager, manager, targets_2019):
    target = targets_2019[0]
    url = reverse("evaluations:target_change", args=[target.pk])
    client.force_login(account_manager)
    assert client.get(url).status_code == 403  # the year has started: not for the account manager
    client.force_login(manager)
    response = client.post(url, {"value": "95", "reason": ""})
    assert "Geef een reden" in response.content.decode()
    response = client.post(url, {"value": "95", "reason": "Fusie van twee kamers"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.target_value == Decimal("95")
    assert target.history.first().history_change_reason == "Fusie van twee kamers"
    assert "Fusie van twee kamers" in client.get(url).content.decode()
