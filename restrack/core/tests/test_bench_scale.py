"""The scale benchmark's data set builder (benchmarks/_scale_data.py) on a tiny scale, so that it
keeps up with the models it writes: the counts it promises, and pages that render from it."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from django.test import Client

from restrack.funding.models import AMOUNT_FIELDS, FundingRecord, ParagraphFunding, WindowAllocation
from restrack.reading.mandates import classify
from restrack.registry.models import Deliverable, GoalLink, Instrument, InstrumentLink, OperativeParagraph
from restrack.reporting.models import Commitment, ProgressUpdate, ReportingPeriod, UpdateEntry
from restrack.search.models import SearchEntry

pytestmark = pytest.mark.django_db

BUILDER = Path(__file__).resolve().parents[3] / "benchmarks" / "_scale_data.py"


def _builder():
    name = "restrack_bench_scale_data"
    if name not in sys.modules:  # benchmarks/ is not a package: load the file by its path, once
        spec = importlib.util.spec_from_file_location(name, BUILDER)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # its dataclasses look their module up there
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def built():
    builder = _builder()
    reference = Instrument.objects.count()
    lines = []
    counts = builder.build(
        builder.ScaleSpec(instruments=reference + 4, periods=2, paragraphs_per_update=2, pool=32),
        report=lines.append,
    )
    return builder, counts, lines, reference


def test_builds_what_it_promises(built):
    builder, counts, lines, reference = built
    instruments = reference + 4
    assert counts["instruments"] == instruments
    assert counts["periods"] == ReportingPeriod.objects.count() == 2
    assert counts["updates"] == instruments * 2
    assert counts["paragraphs"] == instruments * 2 * 2
    assert counts["funding records"] == instruments * 2
    assert counts["search entries"] > counts["paragraphs"]
    assert Commitment.objects.exists()
    assert set(ProgressUpdate.objects.values_list("workflow_state", flat=True)) == {"published"}
    synthetic = Instrument.objects.filter(title_en__startswith=builder.SYNTHETIC)
    assert synthetic.count() == 4
    assert all(period.introduction_en.startswith(builder.SYNTHETIC) for period in ReportingPeriod.objects.all())
    # Both languages, and the words the benchmark searches for.
    assert not UpdateEntry.objects.filter(text_zh_hans__isnull=True).exists()
    assert UpdateEntry.objects.filter(text_zh_hans__contains="住房").exists()
    assert UpdateEntry.objects.filter(text_en__contains="housing").exists()
    assert any(line.startswith("reporting: paragraphs") for line in lines)  # the build time per table
    for name in ("registry: deliverables", "registry: instrument links", "registry: goal links"):
        assert any(line.startswith(name) for line in lines), name
    assert any(line.startswith("funding: paragraph funding") for line in lines)
    assert any(line.startswith("registry: overlaps (restrack find-overlaps)") for line in lines)
    for name in ("mandates", "deliverables", "instrument links", "goal links", "paragraph funding records"):
        assert counts[name] > 0, name
    assert counts["window allocations to a paragraph"] > 0
    assert "paragraph overlaps" in counts


def test_operative_paragraphs_vary_and_are_classified_by_the_product(built):
    builder, counts, _lines, _reference = built
    paragraphs = list(OperativeParagraph.objects.filter(instrument__title_en__startswith=builder.SYNTHETIC))
    assert len({paragraph.text_en for paragraph in paragraphs}) > len(paragraphs) // 2  # varied, not one template
    assert counts["mandates"] == sum(paragraph.is_mandate for paragraph in OperativeParagraph.objects.all())
    for paragraph in paragraphs:
        assert paragraph.text_en.isascii() and paragraph.text_en.endswith(";"), paragraph.text_en
        assert re.fullmatch(r"[\u4e00-\u9fff0-9，；]+", paragraph.text_zh_hans), paragraph.text_zh_hans
        assert paragraph.text_zh_hans.endswith("；")
        result = classify(paragraph.text_en)
        # As the importer stores it, and as each opening is meant to read.
        assert (paragraph.action, paragraph.addressee) == (result.action, result.addressee)
        assert (paragraph.action, paragraph.addressee) == builder.intended_classification(paragraph.text_en)
        deliverable = Deliverable.objects.filter(paragraph=paragraph).first()
        assert (deliverable is not None) == (result.reporting is not None), paragraph.text_en
        if deliverable is not None:
            due = result.reporting
            assert paragraph.is_mandate
            assert deliverable.body.code == due.body  # the Assembly's and the Board's codes are the reader's names
            assert (deliverable.session_number, deliverable.session_year, deliverable.session_order) == (
                due.session,
                due.year,
                due.order,
            )
            assert deliverable.recurring == due.recurring
            assert deliverable.state == "pending"
            assert deliverable.session == deliverable.matching_session()
    assert any(paragraph.is_mandate for paragraph in paragraphs)
    assert any(not paragraph.is_mandate for paragraph in paragraphs)
    # Every other instrument ends with a reporting clause: a report due.
    assert Deliverable.objects.count() == counts["deliverables"] >= 1


def test_lineage_and_goals(built):
    builder, _counts, _lines, _reference = built
    synthetic = list(Instrument.objects.filter(title_en__startswith=builder.SYNTHETIC).order_by("pk"))
    links = list(InstrumentLink.objects.select_related("source", "target__body"))
    assert links
    for link in links:
        assert link.source.title_en.startswith(builder.SYNTHETIC)
        assert link.target is not None and link.target.pk < link.source.pk  # an earlier instrument
        target = link.target
        assert (link.target_body, link.target_kind, link.target_number) == (
            target.body.code,
            target.kind,
            target.number,
        )
        assert link.text.endswith(f"{target.kind} {target.number}")
        assert link.where.startswith("preamble ") or link.where.isdigit()
    per_source = defaultdict(int)
    for link in links:
        per_source[link.source_id] += 1
    assert set(per_source.values()) <= {1, 2}
    assert set(per_source) >= {instrument.pk for instrument in synthetic[1:]}  # all but the first of the body

    goal_links = list(GoalLink.objects.select_related("paragraph"))
    assert all(link.detected for link in goal_links)
    assert any(link.paragraph_id is None for link in goal_links)
    assert any(link.paragraph_id is not None for link in goal_links)
    assert all(link.paragraph.instrument_id == link.instrument_id for link in goal_links if link.paragraph_id)
    for instrument in synthetic:
        assert 1 <= len({link.goal_id for link in goal_links if link.instrument_id == instrument.pk}) <= 2


def test_money_per_mandate_adds_up_to_the_instruments(built):
    _builder, _counts, _lines, _reference = built
    rows = list(ParagraphFunding.objects.select_related("paragraph"))
    assert rows
    per_record = defaultdict(list)
    for row in rows:
        per_record[(row.paragraph.instrument_id, row.period_id)].append(row)
    latest = list(ReportingPeriod.objects.order_by("-start_date").values_list("pk", flat=True)[:2])
    for (instrument, period), paragraphs in per_record.items():
        assert period in latest
        record = FundingRecord.objects.get(instrument_id=instrument, period_id=period)
        assert {row.paragraph_id for row in paragraphs} == set(
            OperativeParagraph.objects.filter(instrument_id=instrument).values_list("pk", flat=True)
        )
        for name in AMOUNT_FIELDS:
            amounts = [getattr(row, name) for row in paragraphs]
            if getattr(record, name) is None:
                assert amounts == [None] * len(paragraphs), name
            else:
                assert sum(amounts) == getattr(record, name), name
    allocations = list(WindowAllocation.objects.select_related("paragraph"))
    with_paragraph = [allocation for allocation in allocations if allocation.paragraph_id]
    assert with_paragraph and len(with_paragraph) < len(allocations)
    assert all(allocation.paragraph.instrument_id == allocation.instrument_id for allocation in with_paragraph)


def test_pages_render_from_it(built):
    builder, _counts, _lines, _reference = built
    instrument = Instrument.objects.filter(title_en__startswith=builder.SYNTHETIC).first()
    prefix, sequence = instrument.number.split("/")
    client = Client()
    page = client.get(f"/en/{instrument.kind}s/{prefix}/{sequence}/")
    assert page.status_code == 200
    assert builder.SYNTHETIC in page.content.decode()
    assert client.get("/zh-hans/periods/2025-H2/").status_code == 200
    assert SearchEntry.objects.filter(language="zh-hans", original__contains="住房").exists()
    assert client.get("/zh-hans/search/", {"q": "住房"}).status_code == 200
    # The mandates' pages and lists the benchmark measures.
    for path in (
        "/en/mandates/",
        "/en/mandates/?reported=never",
        "/zh-hans/mandates/overlaps/",
        "/en/funding/mandates/",
        "/en/?goal=SDG-11",
        "/api/v1/instrument-links/",
        "/api/v1/paragraph-overlaps/",
        "/api/v1/funding/paragraphs/",
        f"/api/v1/instruments/{instrument.slug}/akn.xml",
    ):
        assert client.get(path).status_code == 200, path


def test_refuses_an_empty_data_set():
    with pytest.raises(ValueError, match="instruments must be at least 1"):
        _builder().ScaleSpec(instruments=0)
