import factory

from accounts.tests.factories import UserFactory
from notifications.models import Delivery, DigestSetting, NotificationPreference


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    user = factory.SubFactory(UserFactory)
    kind = "minutes"
    delivery = Delivery.DIGEST


class DigestSettingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DigestSetting
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    hour = 8
