import datetime

import factory
from django.utils import timezone

from partners.tests.factories import MomentFactory
from surveys.models import Survey, SurveyQuestion


class HeldMomentFactory(MomentFactory):
    kind = "partner_day"
    status = "held"
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=3))


class SurveyFactory(factory.django.DjangoModelFactory):
    """A draft survey after a held partner day, with the satisfaction question and two open ones."""

    class Meta:
        model = Survey
        skip_postgeneration_save = True

    moment = factory.SubFactory(HeldMomentFactory)
    title = factory.Sequence(lambda n: f"Bevraging {n}")
    opens_on = factory.LazyFunction(timezone.localdate)
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))

    @factory.post_generation
    def questions(self, create, extracted, **kwargs):
        if not create:
            return
        SurveyQuestion.objects.create(survey=self, text="Hoe tevreden bent u?", order=0, kind="score")
        SurveyQuestion.objects.create(survey=self, text="Wat was het nuttigst?", order=1, kind="open")
        SurveyQuestion.objects.create(survey=self, text="Wat moeten we anders doen?", order=2, kind="open")
