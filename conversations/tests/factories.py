import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from partners.tests.factories import PartnerFactory

from ..models import Message, Thread


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    partner = factory.SubFactory(PartnerFactory)
    subject = factory.Sequence(lambda n: f"Vraag {n}")
    created_by = factory.SubFactory(UserFactory)
    created_at = factory.LazyFunction(timezone.now)
    last_message_at = factory.LazyFunction(timezone.now)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SelfAttribute("thread.created_by")
    body = "Hallo"
    created_at = factory.LazyFunction(timezone.now)
