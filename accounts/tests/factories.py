import factory
from django.apps import apps as django_apps
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import apply_role_permissions

PASSWORD = "correct horse battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_BE")
    last_name = factory.Faker("last_name", locale="nl_BE")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.be")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    roles = factory.PostGeneration(lambda user, create, extracted, **kwargs: UserFactory.add_roles(user, extracted))

    @staticmethod
    def add_roles(user, roles) -> None:
        if roles and not Group.objects.filter(name=roles[0].value).exists():
            # A transactional test before this one flushed the groups the migration made: make them again.
            apply_role_permissions(django_apps)
        for role in roles or []:
            user.groups.add(Group.objects.get(name=role.value))
        user.save()
