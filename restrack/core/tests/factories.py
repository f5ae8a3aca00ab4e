"""The base of every factory of a governed model: test data is set up directly, without the
actions (restrack.core.guard refuses such writes everywhere else)."""

import factory

from restrack.core.guard import writes_allowed


class RecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with writes_allowed():
            return super()._create(model_class, *args, **kwargs)

    @classmethod
    def _get_or_create(cls, model_class, *args, **kwargs):
        with writes_allowed():
            return super()._get_or_create(model_class, *args, **kwargs)
