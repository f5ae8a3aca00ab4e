import factory
from django.contrib.auth import get_user_model


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        """`UserFactory(role="finance_officer")`: the person with that role's group."""
        if extracted:
            from django.contrib.auth.models import Group

            from restrack.accounts.roles import GROUP_NAMES

            user.groups.set([Group.objects.get(name=GROUP_NAMES[extracted])])
            user.__dict__.pop("_restrack_role", None)
