"""Fixtures the reading tests share."""

from __future__ import annotations

import pytest

from restrack.reading.tests.layouts.build import make_pdfs, soffice
from restrack.reading.tests.layouts.corpus import CORPUS


@pytest.fixture(scope="session")
def corpus_pdfs(tmp_path_factory):
    """The layout corpus's PDFs, made once per test session with LibreOffice."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: the corpus PDFs are made with it")
    return make_pdfs([doc for doc in CORPUS if "pdf" in doc.formats], tmp_path_factory.mktemp("layouts"))
