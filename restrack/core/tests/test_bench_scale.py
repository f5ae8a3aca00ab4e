"""The scale benchmark's data set builder (benchmarks/_scale_data.py) on a tiny scale, so that it
keeps up with the models it writes: the counts it promises, and pages that render from it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from django.test import Client

from restrack.registry.models import Instrument
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


def test_refuses_an_empty_data_set():
    with pytest.raises(ValueError, match="instruments must be at least 1"):
        _builder().ScaleSpec(instruments=0)
