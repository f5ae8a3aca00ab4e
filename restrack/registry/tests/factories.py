"""Factories for registry objects. Tests that need the reference instruments use the ones the
migrations loaded (resolution 2/6 and friends); these build extra ones."""

import factory

from restrack.core.tests.factories import RecordFactory
from restrack.registry.choices import DocumentKind, InstrumentKind, PartnerKind
from restrack.registry.models import Document, GoverningBody, Instrument, Partner, Session


def assembly():
    return GoverningBody.objects.get(code=GoverningBody.ASSEMBLY)


def executive_board():
    return GoverningBody.objects.get(code=GoverningBody.EXECUTIVE_BOARD)


class AssemblySessionFactory(RecordFactory):
    class Meta:
        model = Session

    body = factory.LazyFunction(assembly)
    number = factory.Sequence(lambda n: n + 10)
    year = factory.Sequence(lambda n: 2030 + n)


class BoardSessionFactory(RecordFactory):
    class Meta:
        model = Session

    body = factory.LazyFunction(executive_board)
    year = 2024
    sequence_in_year = factory.Sequence(lambda n: n + 1)


class InstrumentFactory(RecordFactory):
    class Meta:
        model = Instrument

    session = factory.SubFactory(AssemblySessionFactory)
    body = factory.LazyAttribute(lambda instrument: instrument.session.body)
    kind = InstrumentKind.RESOLUTION
    # Instrument numbers have at most three digits after the slash (registry.numbering); a long
    # suite creates thousands, so the sequence wraps (each gets a session of its own by default).
    number = factory.Sequence(lambda n: f"{{prefix}}/{n % 999 + 1}")
    title_en = factory.Sequence(lambda n: f"Test resolution {n}")
    title_zh_hans = factory.Sequence(lambda n: f"测试决议 {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        session = kwargs["session"]
        prefix = session.number if session.number is not None else session.year
        kwargs["number"] = kwargs["number"].replace("{prefix}", str(prefix))
        kwargs["sequence"] = int(kwargs["number"].split("/")[1])
        return super()._create(model_class, *args, **kwargs)


class PartnerFactory(RecordFactory):
    class Meta:
        model = Partner

    code = factory.Sequence(lambda n: f"PARTNER{n}")
    kind = PartnerKind.OTHER
    name_en = factory.Sequence(lambda n: f"Partner organisation {n}")


class DocumentFactory(RecordFactory):
    class Meta:
        model = Document

    symbol = factory.Sequence(lambda n: f"HSP/EB.2024/{n + 100}")
    kind = DocumentKind.REPORT
