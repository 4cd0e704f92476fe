"""Pages checked with real tools: the Nu Html Checker (valid HTML5) and axe-core (WCAG 2.1 AA).

Both walk the pages a partner user and FIT staff use every day, on the demo data.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from conversations.models import Thread
from demo.load import load_demo
from evaluations.models import Action, Evaluation, ImprovementPoint, KPIReport
from partners.models import Agreement, CalendarFeed, ConsultationMoment, Contact
from portal.tests.html_checks import nu_errors
from surveys.models import Survey

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def partner_pages() -> list[str]:
    voka_moment = ConsultationMoment.objects.filter(invitations__partner__slug="voka").first()
    point = ImprovementPoint.objects.filter(partner__isnull=True).first()
    return [
        reverse("partners:home"),
        reverse("evaluations:report_list"),
        reverse("evaluations:report_edit", args=[2019]),
        reverse("partners:moment_list"),
        reverse("partners:moment_detail", args=[voka_moment.pk]),
        reverse("evaluations:improvement_list"),
        reverse("evaluations:improvement_detail", args=[point.pk]),
        reverse("evaluations:action_list"),
        reverse("evaluations:action_create"),
        # issue 15: the co-organisers of Voka's joint UK mission, with the invite form
        reverse(
            "evaluations:action_co_organisers", args=[Action.objects.get(title__startswith="Handelsmissie Ver").pk]
        ),
        reverse("partners:contact_list"),
        reverse("partners:contact_create"),
        reverse("partners:contact_edit", args=[Contact.objects.filter(partner__slug="voka").first().pk]),
        reverse("partners:calendar"),
        reverse("evaluations:partner_evaluation_list"),
        reverse("evaluations:programme_year", args=[2019]),
        reverse("password_change"),
        # conversations (issue 14)
        reverse("conversations:thread_list"),
        reverse("conversations:thread_list") + "?q=rapport",
        reverse("conversations:thread_detail", args=[Thread.objects.filter(partner__slug="voka").first().pk]),
        reverse("conversations:thread_create"),
        # issue 14: minutes to approve and comment on, surveys to answer
        reverse("partners:moment_detail", args=[_approval_moment().pk]),
        reverse("surveys:survey_list"),
        reverse("surveys:survey_answer", args=[Survey.objects.filter(status="sent").first().pk]),
        reverse("surveys:survey_answer", args=[Survey.objects.filter(status="closed").first().pk]),
        reverse("notifications:preferences"),  # notice preferences (issue 14)
        reverse("api:tokens"),  # personal API tokens (issue 17)
        *communication_partner_pages(),
        *network_partner_pages(),
    ]


def network_partner_pages() -> list[str]:
    """The partner network (issue 15): the directory with a bad filter, a profile, the own profile's form."""
    return [
        reverse("partners:directory"),
        reverse("partners:directory") + "?versnelling=ruimtevaart&country=China",
        reverse("partners:profile", args=["agoria"]),
        reverse("partners:profile_edit", args=["voka"]),
    ]


def communication_partner_pages() -> list[str]:
    """The library's and the announcements' pages (issue 14)."""
    from library.models import Document

    agreement = Document.objects.get(title="Getekende samenwerkingsovereenkomst 2017-2021")
    toolkit = Document.objects.get(title="Huisstijlgids Vlaanderen Versnelt")
    return [
        reverse("library:document_list"),
        reverse("library:document_list") + "?q=toolkit",
        reverse("library:document_detail", args=[toolkit.pk]),
        reverse("library:document_detail", args=[agreement.pk]),
        reverse("library:document_upload"),
        reverse("announcements:announcement_list"),
    ]


def communication_staff_pages() -> list[str]:
    from announcements.models import Announcement
    from library.models import Document

    toolkit = Document.objects.get(title="Huisstijlgids Vlaanderen Versnelt")
    return [
        reverse("library:staff_document_list"),
        reverse("library:staff_document_create"),
        reverse("library:staff_document_detail", args=[toolkit.pk]),
        reverse("library:staff_usage"),
        reverse("announcements:staff_announcement_list"),
        reverse("announcements:staff_announcement_create"),
        reverse("announcements:staff_announcement_detail", args=[Announcement.objects.published().first().pk]),
        reverse("announcements:staff_announcement_detail", args=[Announcement.objects.drafts().first().pk]),
        reverse("announcements:staff_announcement_edit", args=[Announcement.objects.drafts().first().pk]),
    ]


def _approval_moment():
    return ConsultationMoment.objects.filter(minutes_approval_due__isnull=False).first()


def staff_pages() -> list[str]:
    voka = Agreement.objects.get(partner__slug="voka")
    report = KPIReport.objects.filter(agreement=voka, year=2019).first()
    evaluation = Evaluation.objects.filter(agreement=voka).first()
    planned = ConsultationMoment.objects.get(status=ConsultationMoment.Status.PLANNED, kind="formal")
    held = ConsultationMoment.objects.filter(status=ConsultationMoment.Status.HELD, kind="formal").first()
    return [
        reverse("partners:staff_moment_list"),
        reverse("partners:staff_moment_create"),
        reverse("partners:staff_moment_detail", args=[planned.pk]),
        reverse("partners:staff_moment_detail", args=[held.pk]),
        reverse("partners:staff_moment_edit", args=[planned.pk]),
        reverse("partners:staff_calendar"),
        reverse("partners:staff_partner_rhythm", args=[voka.partner_id]),
        reverse("evaluations:staff_report_list"),
        reverse("evaluations:staff_report_list") + "?show=all&year=2019&status=validated&q=vo",
        reverse("evaluations:staff_home"),
        reverse("evaluations:report_review", args=[report.pk]),
        reverse("evaluations:evaluation_list") + "?year=2018",
        reverse("evaluations:evaluation_edit", args=[evaluation.pk]),
        reverse("evaluations:prepare_overview", args=[2020]),
        reverse("evaluations:prepare_agreement", args=[2020, voka.pk]),
        reverse("evaluations:follow_up"),
        reverse("evaluations:proposals"),
        # issue 15: the proposals of 2019 with their overlaps (UNIZO's and Voka's trade missions to the UK)
        reverse("evaluations:proposals") + "?show=all&status=&year=2019",
        # conversations (issue 14): the Voka thread with an internal note
        reverse("conversations:staff_thread_list"),
        reverse("conversations:staff_thread_list") + "?show=all&unread=on&q=rapport",
        reverse("conversations:staff_thread_detail", args=[Thread.objects.filter(messages__internal=True).first().pk]),
        reverse("conversations:staff_thread_create"),
        # issue 14: the approval of the minutes (on the held moment's page above), surveys
        reverse("partners:staff_moment_detail", args=[_approval_moment().pk]),
        reverse("surveys:staff_survey_list"),
        reverse("surveys:staff_survey_create"),
        reverse("surveys:staff_survey_results", args=[Survey.objects.filter(status="closed").first().pk]),
        reverse("notifications:preferences"),  # notice preferences (issue 14)
        reverse("api:tokens"),  # personal API tokens (issue 17)
        *communication_staff_pages(),
    ]


def with_calendar_link() -> None:
    """The calendar page with a link shows its copy button and the steps per calendar app."""
    CalendarFeed.objects.create(user=User.objects.get(username="partner-voka"))


@pytest.mark.django_db
def test_every_page_is_valid_html5_by_the_nu_checker(client, tmp_path):
    load_demo()
    pages = {}
    client.get(reverse("login"))
    pages["login"] = client.get(reverse("login")).content
    with_calendar_link()
    client.force_login(User.objects.get(username="partner-voka"))
    for url in partner_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content
    # The KPI report after a failed save: the error summary and the fields marked invalid.
    report_url = reverse("evaluations:report_edit", args=[2020])
    page = client.get(report_url)
    data = {"version": page.context["report"].version, "save": "1"}
    data |= {f"{form.prefix}-actual_value": "veel" for form in page.context["forms"]}
    response = client.post(report_url, data)
    assert response.context["error_summary"], "the 2020 report should be editable in the demo"
    pages[f"{report_url} (failed save)"] = response.content
    # Issue 15: a new action that overlaps UNIZO's trade mission, kept without a reason: warning and error.
    action_url = reverse("evaluations:action_create")
    token = client.get(action_url).context["form"]["token"].value()
    data = {"token": token, "year": timezone.localdate().year + 1, "title": "Missie Londen", "type": "mission"}
    data |= {"start_date": "2019-05-10", "country": "Verenigd Koninkrijk", "keep": "submit", "overlap_reason": ""}
    response = client.post(action_url, data)
    assert response.context["overlaps"] and response.context["keep_form"].errors
    pages[f"{action_url} (overlaps)"] = response.content
    client.force_login(User.objects.get(username="accountmanager"))
    for url in staff_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content
    assert nu_errors(pages, tmp_path) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_page_passes_axe_for_wcag_21_aa(page, live_server):
    from axe_playwright_python.sync_playwright import Axe

    from portal.tests.test_browser_partner_pages import log_in  # as a demo user, and checks that it worked

    load_demo()
    with_calendar_link()
    axe = Axe()
    failures = []

    def check(url):
        page.goto(f"{live_server.url}{url}")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            failures.append(f"{url}: {violation['id']} ({violation['impact']}): {violation['help']} {targets}")

    page.set_content('<html lang="nl"><title>x</title><main><img src="x.png"></main></html>')
    assert axe.run(page).response["violations"], "axe found nothing wrong in a broken page"
    check(reverse("login"))
    log_in(page, live_server, "partner-voka")
    for url in partner_pages():
        check(url)
    page.context.clear_cookies()
    log_in(page, live_server, "accountmanager")
    for url in staff_pages():
        check(url)
    assert failures == []
