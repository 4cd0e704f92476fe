"""Statuses look the same on every page: one tag, one tone per status value, the tones styled in portal.css."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.template import Context, Template

CSS = (Path(settings.BASE_DIR) / "static" / "css" / "portal.css").read_text()


def models_with_tones():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            tones = getattr(model, f"{getattr(field, 'name', '')}_tones", None)
            if isinstance(tones, dict):
                yield model, field, tones


def test_every_status_of_reports_actions_evaluations_points_moments_and_invitations_has_a_tone():
    named = {(model._meta.label, field.name) for model, field, _ in models_with_tones()}
    assert named >= {
        ("evaluations.KPIReport", "status"),
        ("evaluations.Action", "status"),
        ("evaluations.Evaluation", "status"),
        ("evaluations.ImprovementPoint", "status"),
        ("partners.ConsultationMoment", "status"),
        ("partners.Invitation", "rsvp"),
    }
    for model, field, tones in models_with_tones():
        assert set(tones) == {value for value, _label in field.choices}, model
        for tone in set(tones.values()):
            # Each tone sets a dark text colour on a light background in the portal's base CSS (every page has it).
            rule = re.search(r"\.status-" + tone + r"\b[^{]*\{([^}]*)\}", CSS)
            assert rule and "background-color" in rule.group(1) and "color" in rule.group(1), tone


@pytest.mark.django_db
def test_an_accepted_proposal_shows_a_coloured_badge_with_its_text():
    from evaluations.models import Action

    html = Template("{% load portal_tags %}{% status_badge action %}").render(
        Context({"action": Action(status=Action.Status.ACCEPTED)})
    )
    assert html == '<span class="badge status-badge status-success" data-status="accepted">aanvaard</span>'


@pytest.mark.django_db
def test_an_invitations_answer_is_a_badge_too():
    from partners.models import Invitation

    html = Template('{% load portal_tags %}{% status_badge invitation "rsvp" %}').render(
        Context({"invitation": Invitation(rsvp=Invitation.Rsvp.PENDING)})
    )
    assert "status-warning" in html and "nog niet geantwoord" in html
