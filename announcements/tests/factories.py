import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from announcements.models import Announcement
from library.audience import Audience


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    title = factory.Sequence(lambda n: f"Nieuws {n}")
    body = "Beste partners,\nDe toolkit staat klaar."
    audience = Audience.ALL
    created_by = factory.SubFactory(UserFactory)

    class Params:
        published = factory.Trait(
            published_at=factory.LazyFunction(timezone.now), published_by=factory.SelfAttribute("created_by")
        )
