import factory
from django.contrib.auth.models import Group

from accounts.models import User

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
        for role in roles or []:
            user.groups.add(Group.objects.get(name=role.value))
        user.save()
