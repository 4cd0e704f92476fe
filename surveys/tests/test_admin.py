"""The surveys in the admin: FIT staff may correct a draft's questions, never those of a sent survey, and
read the partners' answers without changing them."""

import pytest
from django.urls import reverse

from surveys.models import SurveyAnswer, SurveyResponse
from surveys.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db


def test_a_drafts_questions_can_be_corrected_and_a_sent_surveys_cannot(client, staff):
    draft = SurveyFactory()
    sent = SurveyFactory(status="sent")
    client.force_login(staff)
    assert 'name="questions-0-text"' in client.get(reverse("admin:surveys_survey_change", args=[draft.pk])).text
    page = client.get(reverse("admin:surveys_survey_change", args=[sent.pk])).text
    assert "Hoe tevreden bent u?" in page and 'name="questions-0-text"' not in page
    assert client.get(reverse("admin:surveys_survey_add")).status_code == 403  # made on staff/surveys/


def test_the_partners_answers_are_read_only(client, staff, partner, partner_user):
    survey = SurveyFactory(status="sent")
    response = SurveyResponse.objects.create(survey=survey, partner=partner, user=partner_user)
    SurveyAnswer.objects.create(response=response, question=survey.score_question, score=4)
    client.force_login(staff)
    url = reverse("admin:surveys_surveyresponse_change", args=[response.pk])
    page = client.get(url).text
    assert partner.name in page and 'name="answers-0-score"' not in page and 'name="_save"' not in page
    client.post(url, {"answers-TOTAL_FORMS": "1", "answers-INITIAL_FORMS": "1", "answers-0-score": "1"})
    assert SurveyAnswer.objects.get(response=response).score == 4
